"""The organisation as the viewer may see it."""

from __future__ import annotations

from api.accounts.models import Role
from api.core.viewer import Viewer
from api.org.models import Guide, Store


async def list_stores(viewer: Viewer) -> list[Store]:
    """Stores within the viewer's reach (a guide sees their own store)."""
    qs = Store.all().order_by("code")
    if viewer.role is Role.COMPANY_ADMIN:
        qs = qs.filter(company_id=viewer.company_id or -1)
    elif viewer.role is Role.STORE_MANAGER:
        qs = qs.filter(id__in=list(viewer.store_ids) or [-1])
    elif viewer.role is Role.GUIDE:
        qs = qs.filter(guides__id=viewer.guide_id or -1)
    return await qs


async def list_guides(viewer: Viewer, store_ids: list[int] | None = None) -> list[Guide]:
    """Guides within the viewer's reach, optionally of some stores."""
    qs = Guide.all().order_by("store_id", "code")
    if viewer.role is Role.COMPANY_ADMIN:
        qs = qs.filter(store__company_id=viewer.company_id or -1)
    elif viewer.role is Role.STORE_MANAGER:
        qs = qs.filter(store_id__in=list(viewer.store_ids) or [-1])
    elif viewer.role is Role.GUIDE:
        qs = qs.filter(id=viewer.guide_id or -1)
    if store_ids:
        qs = qs.filter(store_id__in=store_ids)
    return await qs
