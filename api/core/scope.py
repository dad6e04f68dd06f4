"""The one answer to "what may this viewer reach": companies, stores, guides and members.

A ``Scope`` is built from a ``Viewer`` (no database access; reach is declared, not resolved) and
renders the same reach in every form the code needs:

- ``members_q(prefix)`` / ``stores_q()`` / ``guides_q()`` / ``companies_q()``: Tortoise filters;
- ``members_sql(alias)``: a parameterised SQL predicate for compiled statements (segments, refreshes);
- ``member_mask(...)``: a boolean mask over the audience index's member columns;
- ``reaches_store`` / ``reaches_guide`` / ``reaches_company``: reference checks for writes.

A hypothesis test (``tests/core/test_scope.py``) checks that the Q, SQL and mask forms pick the same
members for random viewers. Nothing else in Rapport decides reach: services, loaders, ``node``
resolvers, reference checks and the audience index all come here, and nothing compares SQL text.

Reach by role:

| role | companies | stores | guides | members |
| --- | --- | --- | --- | --- |
| admin | all | all | all | all |
| company admin of C | C | C's | C's | home store in C |
| partner of C | C | C's | C's | home store in C (reading member data also needs ``members:read``) |
| store manager of S… | those of S… | S… | S…'s | home store in S… |
| guide G | G's store's | G's store | G | owned by G |
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise.expressions import Q

from api.accounts.models import Role
from api.core.viewer import Viewer

if TYPE_CHECKING:
    import numpy as np


class Reach(StrEnum):
    ALL = "all"
    COMPANY = "company"
    STORES = "stores"
    GUIDE = "guide"
    NONE = "none"


@dataclass(frozen=True)
class Scope:
    """What one viewer may reach. Build with ``Scope.of(viewer)``."""

    reach: Reach
    company_id: int | None = None
    store_ids: tuple[int, ...] = ()
    guide_id: int | None = None

    @classmethod
    def of(cls, viewer: Viewer) -> Scope:
        role = viewer.role
        if role is Role.ADMIN:
            return cls(Reach.ALL)
        if role in (Role.COMPANY_ADMIN, Role.PARTNER):
            return cls(Reach.COMPANY, company_id=viewer.company_id) if viewer.company_id else cls(Reach.NONE)
        if role is Role.STORE_MANAGER:
            ids = tuple(sorted({int(s) for s in viewer.store_ids}))
            return cls(Reach.STORES, store_ids=ids) if ids else cls(Reach.NONE)
        if role is Role.GUIDE:
            return cls(Reach.GUIDE, guide_id=viewer.guide_id) if viewer.guide_id else cls(Reach.NONE)
        return cls(Reach.NONE)

    @classmethod
    def of_company(cls, company_id: int | None) -> Scope:
        """The reach of what a company owns (its segments, its journeys): None is HQ, which reaches all."""
        return cls(Reach.ALL) if company_id is None else cls(Reach.COMPANY, company_id=company_id)

    @property
    def is_unrestricted(self) -> bool:
        """Everything is in reach (an admin): callers may skip filtering altogether."""
        return self.reach is Reach.ALL

    # -- members --------------------------------------------------------------------------------
    def members_q(self, prefix: str = "") -> Q:
        """Members in reach, through ``prefix`` (e.g. ``"member__"`` from a related table)."""
        if self.reach is Reach.ALL:
            return Q()
        if self.reach is Reach.COMPANY:
            return _q(f"{prefix}home_store__company_id", self.company_id)
        if self.reach is Reach.STORES:
            return _q(f"{prefix}home_store_id__in", list(self.store_ids))
        if self.reach is Reach.GUIDE:
            return _q(f"{prefix}guide_id", self.guide_id)
        return _q(f"{prefix}id", -1)

    def members_sql(self, alias: str = "m") -> tuple[str, list[Any]]:
        """The same reach as a SQL predicate over ``member`` aliased ``alias``: ``(sql, params)``."""
        if self.reach is Reach.ALL:
            return "1=1", []
        if self.reach is Reach.COMPANY:
            return f"{alias}.home_store_id IN (SELECT id FROM store WHERE company_id = ?)", [self.company_id]
        if self.reach is Reach.STORES:
            return f"{alias}.home_store_id IN ({','.join('?' * len(self.store_ids))})", list(self.store_ids)
        if self.reach is Reach.GUIDE:
            return f"{alias}.guide_id = ?", [self.guide_id]
        return "1=0", []

    def member_mask(self, home_store_id: np.ndarray, guide_id: np.ndarray, store_company: dict[int, int]) -> np.ndarray:
        """The same reach over index columns (``store_company`` maps every store id to its company)."""
        import numpy as np

        if self.reach is Reach.ALL:
            return np.ones(len(home_store_id), dtype=bool)
        if self.reach is Reach.COMPANY:
            stores = [s for s, c in store_company.items() if c == self.company_id]
            return np.isin(home_store_id, np.array(stores, dtype=home_store_id.dtype))
        if self.reach is Reach.STORES:
            return np.isin(home_store_id, np.array(self.store_ids, dtype=home_store_id.dtype))
        if self.reach is Reach.GUIDE:
            return np.asarray(guide_id == self.guide_id)
        return np.zeros(len(home_store_id), dtype=bool)

    # -- organisation ---------------------------------------------------------------------------
    def companies_q(self) -> Q:
        """Retail companies in reach."""
        if self.reach is Reach.ALL:
            return Q()
        if self.reach is Reach.COMPANY:
            return Q(id=self.company_id)
        if self.reach is Reach.STORES:
            return Q(stores__id__in=list(self.store_ids))
        if self.reach is Reach.GUIDE:
            return Q(stores__guides__id=self.guide_id)
        return Q(id=-1)

    def stores_q(self, prefix: str = "") -> Q:
        """Stores in reach (a guide reaches their own store), through ``prefix`` from another table."""
        if self.reach is Reach.ALL:
            return Q()
        if self.reach is Reach.COMPANY:
            return _q(f"{prefix}company_id", self.company_id)
        if self.reach is Reach.STORES:
            return _q(f"{prefix}id__in", list(self.store_ids))
        if self.reach is Reach.GUIDE:
            return _q(f"{prefix}guides__id", self.guide_id)
        return _q(f"{prefix}id", -1)

    def guides_q(self) -> Q:
        """Guides in reach (a guide reaches themself)."""
        if self.reach is Reach.ALL:
            return Q()
        if self.reach is Reach.COMPANY:
            return Q(store__company_id=self.company_id)
        if self.reach is Reach.STORES:
            return Q(store_id__in=list(self.store_ids))
        if self.reach is Reach.GUIDE:
            return Q(id=self.guide_id)
        return Q(id=-1)

    def owned_q(self, prefix: str = "") -> Q:
        """Records owned by HQ (no company) or by a company in reach: what the viewer may read."""
        from tortoise.expressions import Subquery

        from api.org.models import RetailCompany

        if self.reach is Reach.ALL:
            return Q()
        if self.reach is Reach.COMPANY:
            return _q(f"{prefix}company_id__isnull", True) | _q(f"{prefix}company_id", self.company_id)
        reach = Subquery(RetailCompany.filter(self.companies_q()).values("id"))
        return _q(f"{prefix}company_id__isnull", True) | _q(f"{prefix}company_id__in", reach)

    def may_change(self, owner_company_id: int | None) -> bool:
        """Whether a record owned by ``owner_company_id`` (None = HQ) may be changed by this viewer,
        given the write scope: HQ's records by admins only, a company's by its company-wide viewers."""
        if self.reach is Reach.ALL:
            return True
        return self.reach is Reach.COMPANY and owner_company_id is not None and owner_company_id == self.company_id

    def work_q(self, viewer: Viewer) -> Q:
        """Work records with a ``company_id`` and a creator (imports, exports) this viewer may read: all for
        admins, their company's for company-wide viewers, otherwise only the ones they started themselves."""
        if self.reach is Reach.ALL:
            return Q()
        if self.reach is Reach.COMPANY:
            return _q("company_id", self.company_id)
        if viewer.user_id is not None:
            return _q("created_by_user_id", viewer.user_id)
        if viewer.token_id is not None:
            return _q("created_by_token_id", viewer.token_id)
        return _q("id", -1)

    async def reaches_store(self, store_id: int) -> bool:
        """The store exists and is in reach (the reference checks of writes)."""
        from api.org.models import Store

        return await Store.filter(self.stores_q(), id=store_id).exists()

    async def reaches_guide(self, guide_id: int) -> bool:
        from api.org.models import Guide

        return await Guide.filter(self.guides_q(), id=guide_id).exists()

    async def reaches_company(self, company_id: int) -> bool:
        from api.org.models import RetailCompany

        return await RetailCompany.filter(self.companies_q(), id=company_id).exists()

    async def own_company_id(self) -> int | None:
        """The company this viewer acts for (owner of what they create); None for HQ (an admin)."""
        from api.core.errors import PermissionDenied
        from api.org.models import Guide, Store

        if self.reach is Reach.NONE:
            raise PermissionDenied("This account is not attached to any company.")
        if self.reach is Reach.COMPANY:
            return self.company_id
        if self.reach is Reach.STORES:
            row = await Store.filter(id__in=list(self.store_ids)).order_by("id").first()
            return row.company_id if row else None
        if self.reach is Reach.GUIDE:
            guide = await Guide.get_or_none(id=self.guide_id).prefetch_related("store")
            return guide.store.company_id if guide else None
        return None  # Reach.ALL: HQ


def _q(field: str, value: Any) -> Q:
    """``Q(field=value)`` for a field name built at run time."""
    kwargs: dict[str, Any] = {field: value}
    return Q(**kwargs)


def scope_of(viewer: Viewer) -> Scope:
    """The viewer's scope (cheap: built from the viewer alone)."""
    return Scope.of(viewer)
