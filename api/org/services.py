"""The organisation as the viewer may see it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from api.accounts.models import Role
from api.audit.services import record, save_changes
from api.core.errors import DomainError, ErrorCollector, PermissionDenied
from api.core.scope import Reach, Scope
from api.core.viewer import Viewer
from api.org.models import Guide, RetailCompany, Store


async def list_companies(viewer: Viewer) -> list[RetailCompany]:
    """Retail companies within the viewer's reach."""
    return await RetailCompany.filter(Scope.of(viewer).companies_q()).distinct().order_by("code")


async def list_stores(viewer: Viewer) -> list[Store]:
    """Stores within the viewer's reach (a guide sees their own store)."""
    return await Store.filter(Scope.of(viewer).stores_q()).distinct().order_by("code")


async def list_guides(viewer: Viewer, store_ids: list[int] | None = None) -> list[Guide]:
    """Guides within the viewer's reach, optionally of some stores."""
    qs = Guide.filter(Scope.of(viewer).guides_q()).order_by("store_id", "code")
    if store_ids:
        qs = qs.filter(store_id__in=store_ids)
    return await qs


M = TypeVar("M", bound=Model)


async def _by_id(model: type[M], reach: object, ids: list[int]) -> list[M | None]:
    rows = {r.pk: r for r in await model.filter(reach, id__in=ids).distinct()}  # type: ignore[arg-type]
    return [rows.get(i) for i in ids]


async def companies_by_id(viewer: Viewer, ids: list[int]) -> list[RetailCompany | None]:
    """Companies by id, None where missing or outside the viewer's reach (``node``)."""
    return await _by_id(RetailCompany, Scope.of(viewer).companies_q(), ids)


async def stores_by_id(viewer: Viewer, ids: list[int]) -> list[Store | None]:
    """Stores by id, None where missing or outside the viewer's reach (``node``)."""
    return await _by_id(Store, Scope.of(viewer).stores_q(), ids)


async def guides_by_id(viewer: Viewer, ids: list[int]) -> list[Guide | None]:
    """Guides by id, None where missing or outside the viewer's reach (``node``)."""
    return await _by_id(Guide, Scope.of(viewer).guides_q(), ids)


# -- settings: creating and changing the organisation ----------------------------------------------
#
# Nothing here deletes: stores, guides and companies are referred to by members, orders and history,
# so a guide who leaves is deactivated and a store or company is renamed, never removed.

CODE_MAX = 40


def require_admin(viewer: Viewer, scope: str = "org:write") -> Scope:
    """Brand-wide settings (companies, catalogue, users, tokens): admins only, with ``scope``."""
    if not viewer.is_admin:
        raise PermissionDenied("Only admins may do this.")
    viewer.require(scope)
    return Scope.of(viewer)


def require_manager(viewer: Viewer, roles: tuple[Role, ...]) -> Scope:
    """Admins (with org:write), or people of ``roles`` acting for themselves within their reach.

    Below admin, settings are changed by people in the admin (a session), not by API tokens:
    a company-admin or store-manager token is an integration and may not reshape the organisation.
    """
    if viewer.is_admin:
        return require_admin(viewer)
    if viewer.role in roles and viewer.token_id is None and viewer.user_id is not None:
        scope = Scope.of(viewer)
        if scope.reach is not Reach.NONE:
            return scope
    raise PermissionDenied("You may not change this part of the organisation.")


def clean_text(
    errors: ErrorCollector,
    value: str | None,
    path: list[str],
    label: str,
    max_len: int,
    *,
    required: bool = True,
) -> str:
    """Stripped text; REQUIRED when empty (and required), TOO_LONG past ``max_len``."""
    text = (value or "").strip()
    if required and not text:
        errors.add(path, f"{label} is required.", "REQUIRED")
    elif len(text) > max_len:
        errors.add(path, f"{label} is at most {max_len} characters.", "TOO_LONG")
    return text


def clean_code(errors: ErrorCollector, value: str | None, path: list[str], label: str = "Code") -> str:
    """A short unique code (used by CSV imports): 1-40 characters without spaces or commas."""
    code = clean_text(errors, value, path, label, CODE_MAX)
    if code and any(c.isspace() or c in ",;\"'" for c in code):
        errors.add(path, f"{label} may not contain spaces, commas, semicolons or quotes.", "INVALID")
    return code


async def check_unique(
    errors: ErrorCollector, model: type[Model], column: str, value: Any, path: list[str], label: str, own_id: int | None
) -> None:
    """DUPLICATE when another row of ``model`` already has ``value`` in ``column``."""
    if value is None or value == "":
        return
    field = model._meta.fields_map.get(column)
    if isinstance(value, str) and getattr(field, "max_length", None) and len(value) > field.max_length:  # type: ignore[union-attr]
        return  # too long to be stored, so stored nowhere: the length check reports it
    qs = model.filter(**{column: value})
    if own_id is not None:
        qs = qs.exclude(id=own_id)
    if await qs.exists():
        errors.add(path, f"{label} '{value}' is already used.", "DUPLICATE")


@asynccontextmanager
async def unique_guard(path: list[str], label: str) -> AsyncIterator[None]:
    """A transaction in which a unique-constraint race (two creates at once) is a DUPLICATE userError."""
    try:
        async with in_transaction():
            yield
    except IntegrityError as exc:
        raise DomainError.single(path, f"{label} is already used.", "DUPLICATE") from exc


async def create_company(viewer: Viewer, name: str, code: str, *, ip: str | None = None) -> RetailCompany:
    """A new retail company (admins: the company list is the brand's)."""
    require_admin(viewer)
    errors = ErrorCollector()
    name = clean_text(errors, name, ["input", "name"], "Name", 120)
    code = clean_code(errors, code, ["input", "code"])
    await check_unique(errors, RetailCompany, "code", code, ["input", "code"], "Code", None)
    errors.raise_if_any()
    async with unique_guard(["input", "code"], "Code"):
        company = await RetailCompany.create(name=name, code=code)
        await record(
            viewer,
            "company.create",
            target_type="RetailCompany",
            target_id=company.id,
            details={"name": name, "code": code},
            ip=ip,
        )
    return company


async def update_company(
    viewer: Viewer, company_id: int, changes: dict[str, Any], *, ip: str | None = None
) -> RetailCompany:
    """Rename a company or change its code (admins). ``changes`` holds only the fields given."""
    require_admin(viewer)
    company = await RetailCompany.get_or_none(id=company_id)
    if company is None:
        raise DomainError.single(["id"], f"No retail company with id {company_id}.", "NOT_FOUND")
    errors = ErrorCollector()
    new: dict[str, Any] = {}
    if "name" in changes:
        new["name"] = clean_text(errors, changes["name"], ["input", "name"], "Name", 120)
    if "code" in changes:
        new["code"] = clean_code(errors, changes["code"], ["input", "code"])
        await check_unique(errors, RetailCompany, "code", new["code"], ["input", "code"], "Code", company.id)
    errors.raise_if_any()
    async with unique_guard(["input", "code"], "Code"):
        await save_changes(viewer, company, new, "company.update", ip=ip)
    return company


async def create_store(
    viewer: Viewer, company_id: int | None, name: str, code: str, city: str = "", *, ip: str | None = None
) -> Store:
    """A new store: admins for any company, a company admin for their own (``company_id`` may then be
    left out). A company outside the viewer's reach is NOT_FOUND."""
    scope = require_manager(viewer, (Role.COMPANY_ADMIN,))
    errors = ErrorCollector()
    if company_id is None:
        if scope.reach is Reach.COMPANY:
            company_id = scope.company_id
        else:
            errors.add(["input", "companyId"], "Choose the company the store belongs to.", "REQUIRED")
    if company_id is not None and not await scope.reaches_company(company_id):
        errors.add(["input", "companyId"], f"No retail company with id {company_id}.", "NOT_FOUND")
    name = clean_text(errors, name, ["input", "name"], "Name", 120)
    code = clean_code(errors, code, ["input", "code"])
    city = clean_text(errors, city, ["input", "city"], "City", 60, required=False)
    await check_unique(errors, Store, "code", code, ["input", "code"], "Code", None)
    errors.raise_if_any()
    async with unique_guard(["input", "code"], "Code"):
        store = await Store.create(company_id=company_id, name=name, code=code, city=city)
        await record(
            viewer,
            "store.create",
            target_type="Store",
            target_id=store.id,
            details={"name": name, "code": code, "city": city, "company_id": company_id},
            ip=ip,
        )
    return store


async def update_store(viewer: Viewer, store_id: int, changes: dict[str, Any], *, ip: str | None = None) -> Store:
    """Rename a store, change its code or city: admins, or a company admin for their company's stores.
    A store never moves to another company (its members and history would change hands)."""
    scope = require_manager(viewer, (Role.COMPANY_ADMIN,))
    store = await Store.filter(scope.stores_q(), id=store_id).first()
    if store is None:
        raise DomainError.single(["id"], f"No store with id {store_id}.", "NOT_FOUND")
    errors = ErrorCollector()
    new: dict[str, Any] = {}
    if "name" in changes:
        new["name"] = clean_text(errors, changes["name"], ["input", "name"], "Name", 120)
    if "code" in changes:
        new["code"] = clean_code(errors, changes["code"], ["input", "code"])
        await check_unique(errors, Store, "code", new["code"], ["input", "code"], "Code", store.id)
    if "city" in changes:
        new["city"] = clean_text(errors, changes["city"], ["input", "city"], "City", 60, required=False)
    errors.raise_if_any()
    async with unique_guard(["input", "code"], "Code"):
        await save_changes(viewer, store, new, "store.update", ip=ip)
    return store


_GUIDE_ROLES = (Role.COMPANY_ADMIN, Role.STORE_MANAGER)


def _guide_action(diff: dict[str, list[Any]]) -> str:
    """A change of ``active`` alone is a (de)activation in the audit log; anything else an update."""
    if list(diff) == ["active"]:
        return "guide.activate" if diff["active"][1] else "guide.deactivate"
    return "guide.update"


async def _guide_fields(errors: ErrorCollector, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = clean_text(errors, values["name"], ["input", "name"], "Name", 60)
    if "code" in values:
        out["code"] = clean_code(errors, values["code"], ["input", "code"], "Employee code")
        await check_unique(errors, Guide, "code", out["code"], ["input", "code"], "Employee code", own_id)
    if "phone" in values:
        out["phone"] = clean_text(errors, values["phone"], ["input", "phone"], "Phone", 20, required=False)
    if "wecom_user_id" in values:
        wecom = clean_text(
            errors, values["wecom_user_id"], ["input", "wecomUserId"], "WeCom user id", 64, required=False
        )
        out["wecom_user_id"] = wecom or None
        await check_unique(
            errors, Guide, "wecom_user_id", out["wecom_user_id"], ["input", "wecomUserId"], "WeCom user id", own_id
        )
    if "active" in values:
        if values["active"] is None:
            errors.add(["input", "active"], "Active is true or false.", "REQUIRED")
        else:
            out["active"] = bool(values["active"])
    return out


async def create_guide(viewer: Viewer, store_id: int, values: dict[str, Any], *, ip: str | None = None) -> Guide:
    """A new shopping guide in a store in reach: admins, company admins (their company's stores) and
    store managers (their stores). ``values``: name, code, phone, wecom_user_id."""
    scope = require_manager(viewer, _GUIDE_ROLES)
    errors = ErrorCollector()
    if not await scope.reaches_store(store_id):
        errors.add(["input", "storeId"], f"No store with id {store_id}.", "NOT_FOUND")
    fields = await _guide_fields(errors, {"name": "", "code": "", **values}, None)
    errors.raise_if_any()
    async with unique_guard(["input", "code"], "Employee code"):
        guide = await Guide.create(store_id=store_id, **fields)
        await record(
            viewer,
            "guide.create",
            target_type="Guide",
            target_id=guide.id,
            details={**fields, "store_id": store_id},
            ip=ip,
        )
    return guide


async def update_guide(viewer: Viewer, guide_id: int, changes: dict[str, Any], *, ip: str | None = None) -> Guide:
    """Change a guide (also move them to another store in reach, or deactivate them when they leave:
    guides are never deleted, their members and history keep them). Same reach as ``create_guide``."""
    scope = require_manager(viewer, _GUIDE_ROLES)
    guide = await Guide.filter(scope.guides_q(), id=guide_id).first()
    if guide is None:
        raise DomainError.single(["id"], f"No guide with id {guide_id}.", "NOT_FOUND")
    errors = ErrorCollector()
    new = await _guide_fields(errors, {k: v for k, v in changes.items() if k != "store_id"}, guide.id)
    if changes.get("store_id") is not None:
        if await scope.reaches_store(changes["store_id"]):
            new["store_id"] = changes["store_id"]
        else:
            errors.add(["input", "storeId"], f"No store with id {changes['store_id']}.", "NOT_FOUND")
    errors.raise_if_any()
    async with unique_guard(["input", "code"], "Employee code"):
        await save_changes(viewer, guide, new, _guide_action, ip=ip)
    return guide
