"""Member profiles: read within the viewer's reach, create, update, tag."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from api.accounts.models import Role
from api.core import clock
from api.core.errors import DomainError, ErrorCollector, not_found
from api.core.keyset import Keyset
from api.core.scope import Scope
from api.core.viewer import Viewer
from api.loyalty.models import Tier
from api.members.models import Member, MemberTag
from api.members.validation import MAX_TAGS, clean_member_fields, clean_tags
from api.org.models import Guide, Store

M = TypeVar("M", bound=Model)


class MemberSortField(StrEnum):
    NAME = "name"
    REGISTERED_AT = "registered_at"
    LAST_PURCHASE_AT = "last_purchase_at"
    TOTAL_SPEND = "total_spend_cents"
    ORDER_COUNT = "order_count"
    POINTS_BALANCE = "points_balance"


@dataclass(frozen=True)
class MemberFilter:
    search: str | None = None
    store_ids: list[int] | None = None
    guide_ids: list[int] | None = None
    tier_ids: list[int] | None = None
    tags: list[str] | None = None
    sort: MemberSortField = MemberSortField.REGISTERED_AT
    descending: bool = True


def visible_members(viewer: Viewer) -> QuerySet[Member]:
    """Every member the viewer may see (needs ``members:read``). All member reads start here."""
    viewer.require("members:read")
    return Member.filter(Scope.of(viewer).members_q())


def reachable_members(viewer: Viewer) -> QuerySet[Member]:
    """Members the viewer may act on (record an order, an event, a card use) without reading them.

    The caller has checked its own write scope; a partner without ``members:read`` can still
    record facts about the members of its company.
    """
    return Member.filter(Scope.of(viewer).members_q())


def list_members(viewer: Viewer, flt: MemberFilter) -> QuerySet[Member]:
    """Members in reach, searched (name prefix/contains or phone), filtered and sorted by
    ``member_keyset(flt)`` (page it with that keyset's cursors)."""
    qs = visible_members(viewer)
    if flt.search:
        term = flt.search.strip()
        digits = term.replace(" ", "")
        if digits.isdigit():
            qs = qs.filter(Q(phone__startswith=digits) | Q(phone__endswith=digits) | Q(name__icontains=term))
        else:
            qs = qs.filter(name__icontains=term)
    if flt.store_ids:
        qs = qs.filter(home_store_id__in=flt.store_ids)
    if flt.guide_ids:
        qs = qs.filter(guide_id__in=flt.guide_ids)
    if flt.tier_ids:
        qs = qs.filter(tier_id__in=flt.tier_ids)
    if flt.tags:
        # a member carrying any of the tags
        qs = qs.filter(id__in=Subquery(MemberTag.filter(tag__in=flt.tags).values_list("member_id", flat=True)))
    return member_keyset(flt).order(qs)


def member_keyset(flt: MemberFilter) -> Keyset[Member]:
    """The total order of a member list: the sort field, then the id the same way.

    Members with no value for the sort field (``last_purchase_at`` of a member who never bought)
    come last in either direction, as in Shopify's customer list."""
    field = flt.sort.value
    return Keyset.of(Member, "members", f"-{field}" if flt.descending else field)


async def rows_of_visible_members(viewer: Viewer, model: type[M], ids: list[int]) -> dict[int, M]:
    """Rows of ``model`` (which has a ``member_id``) with these ids, kept only when the member is visible.

    A viewer without ``members:read`` (a partner) sees none: ``node`` answers null, as for a missing row.
    """
    if "members:read" not in viewer.scopes:
        return {}
    rows = await model.filter(id__in=ids, member_id__in=Subquery(visible_members(viewer).values_list("id", flat=True)))
    return {row.pk: row for row in rows}


async def get_member(viewer: Viewer, member_id: int, field: str | list[str] = "id", *, write: bool = False) -> Member:
    """One member in reach, or NOT_FOUND (a member outside the reach is indistinguishable).

    ``write=True`` for write paths whose scope the caller has checked (no ``members:read`` needed).
    """
    member = await (reachable_members(viewer) if write else visible_members(viewer)).get_or_none(id=member_id)
    if member is None:
        raise not_found(field, f"No member with id {member_id}.")
    return member


async def check_store_guide(
    viewer: Viewer, store_id: int | None, guide_id: int | None, errors: ErrorCollector, path: list[str],
    store_key: str = "homeStoreId", guide_key: str = "guideId",
) -> None:
    """A referenced store and guide must exist and be in the viewer's reach (outside reach = not found).

    A guide may only name themself; a store and a guide given together must belong together.
    """
    scope = Scope.of(viewer)
    if store_id is not None and not await scope.reaches_store(store_id):
        errors.add([*path, store_key], f"No store with id {store_id} in your reach.", "NOT_FOUND")
    if guide_id is not None:
        if viewer.role is Role.GUIDE and guide_id != viewer.guide_id:
            errors.add([*path, guide_key], "A guide can only name themself.", "PERMISSION_DENIED")
        elif not await scope.reaches_guide(guide_id):
            errors.add([*path, guide_key], f"No guide with id {guide_id} in your reach.", "NOT_FOUND")


async def owning_company_id(home_store_id: int | None, guide_id: int | None) -> int | None:
    """The company a member belongs to: its home store's, else its guide's store's, else None (HQ only).

    Member identity (the phone) is unique per company, so every write that sets the home store or
    the guide stores this alongside (``Member.company_id``).
    """
    if home_store_id is not None:
        companies = await Store.filter(id=home_store_id).values_list("company_id", flat=True)
        if companies:
            return int(companies[0])  # type: ignore[call-overload]
    if guide_id is not None:
        companies = await Guide.filter(id=guide_id).values_list("store__company_id", flat=True)
        if companies:
            return int(companies[0])  # type: ignore[call-overload]
    return None


async def _check_references(
    viewer: Viewer, fields: dict[str, Any], errors: ErrorCollector, path: list[str], company_id: int | None
) -> None:
    """Store, guide and tier must exist, and the store/guide must be in the viewer's reach; the phone
    must be free within ``company_id`` (the member's company) and the channel identities brand-wide."""
    store_id = fields.get("home_store_id")
    if store_id is not None and viewer.role is Role.GUIDE:
        # A guide's customers live in the stores of the guide's own company.
        guide = await Guide.get_or_none(id=viewer.guide_id or -1).prefetch_related("store")
        store = await Store.get_or_none(id=store_id)
        if store is None or guide is None or store.company_id != guide.store.company_id:
            errors.add([*path, "homeStoreId"], f"No store with id {store_id} in your reach.", "NOT_FOUND")
        store_id = None  # checked here
    await check_store_guide(viewer, store_id, fields.get("guide_id"), errors, path)
    if fields.get("tier_id") is not None and not await Tier.exists(id=fields["tier_id"]):
        errors.add([*path, "tierId"], f"No tier with id {fields['tier_id']}.", "NOT_FOUND")
    if fields.get("phone"):
        # A phone identifies a member within one company: look nowhere else, so that the answer
        # tells the caller nothing about other companies' members.
        clash = Member.filter(phone=fields["phone"], company_id=company_id)
        if fields.get("_id"):
            clash = clash.exclude(id=fields["_id"])
        if await clash.exists():
            message = f"Another member of this company already has phone {fields['phone']}."
            errors.add([*path, "phone"], message, "DUPLICATE")
    for key, label in (("wechat_openid", "wechatOpenid"), ("wecom_external_id", "wecomExternalId")):
        if fields.get(key):
            clash = Member.filter(**{key: fields[key]})
            if fields.get("_id"):
                clash = clash.exclude(id=fields["_id"])
            if await clash.exists():
                errors.add([*path, "channels", label], "Another member already has this identity.", "DUPLICATE")


def _apply_viewer_defaults(viewer: Viewer, fields: dict[str, Any]) -> None:
    """A guide's new member is theirs; a single-store manager's new member is in their store."""
    if viewer.role is Role.GUIDE:
        fields.setdefault("guide_id", viewer.guide_id)
        if fields.get("guide_friend_since") is None:
            fields["guide_friend_since"] = clock.now()
    if viewer.role is Role.STORE_MANAGER and len(viewer.store_ids) == 1:
        fields.setdefault("home_store_id", viewer.store_ids[0])


async def _set_tags(member: Member, tags: list[str]) -> None:
    existing = set(await MemberTag.filter(member_id=member.id).values_list("tag", flat=True))
    wanted = set(tags)
    if existing - wanted:
        await MemberTag.filter(member_id=member.id, tag__in=list(existing - wanted)).delete()
    if wanted - existing:
        await MemberTag.bulk_create([MemberTag(member_id=member.id, tag=t) for t in sorted(wanted - existing)])


async def create_member(viewer: Viewer, data: dict[str, Any], path: list[str] | None = None) -> Member:
    """Create a member; every problem is reported at once and nothing is written on error.

    The member's company follows from its home store or guide (``owning_company_id``); its phone
    must be free within that company only.
    """
    viewer.require("members:write")
    path = path if path is not None else ["input"]
    errors = ErrorCollector()
    fields = clean_member_fields(data, errors, path, creating=True)
    _apply_viewer_defaults(viewer, fields)
    fields["company_id"] = await owning_company_id(fields.get("home_store_id"), fields.get("guide_id"))
    await _check_references(viewer, fields, errors, path, fields["company_id"])
    if viewer.role is Role.STORE_MANAGER and fields.get("home_store_id") not in viewer.store_ids:
        errors.add([*path, "homeStoreId"], "Choose one of your stores as the home store.", "REQUIRED")
    if viewer.role is Role.COMPANY_ADMIN and fields.get("home_store_id") is None:
        errors.add([*path, "homeStoreId"], "Choose a home store of your company.", "REQUIRED")
    errors.raise_if_any()
    tags = fields.pop("tags", [])
    fields.setdefault("registered_at", clock.now())
    async with in_transaction():
        member = await Member.create(**fields)
        if tags:
            await _set_tags(member, tags)
    return member


async def update_member(viewer: Viewer, member_id: int, data: dict[str, Any]) -> Member:
    """Change the given fields only; fields left out keep their value.

    A new home store or guide may move the member to another company: ``company_id`` follows, and
    the phone must then be free in the new company.
    """
    viewer.require("members:write")
    member = await get_member(viewer, member_id)
    errors = ErrorCollector()
    fields = clean_member_fields(data, errors, ["input"], creating=False)
    fields["_id"] = member.id
    company_id = member.company_id
    if "home_store_id" in fields or "guide_id" in fields:
        company_id = await owning_company_id(
            fields.get("home_store_id", member.home_store_id), fields.get("guide_id", member.guide_id)
        )
        if company_id != member.company_id:
            fields["company_id"] = company_id
    if "phone" not in fields and company_id != member.company_id and member.phone:
        fields["phone"] = member.phone  # moving to another company: the phone must be free there too
    await _check_references(viewer, fields, errors, ["input"], company_id)
    fields.pop("_id")
    if (
        viewer.role is Role.STORE_MANAGER
        and "home_store_id" in fields
        and fields["home_store_id"] not in viewer.store_ids
    ):
        errors.add(["input", "homeStoreId"], "The home store must be one of your stores.", "PERMISSION_DENIED")
    errors.raise_if_any()
    tags = fields.pop("tags", None)
    if "guide_id" in fields and fields["guide_id"] != member.guide_id and "guide_friend_since" not in fields:
        fields["guide_friend_since"] = None
    async with in_transaction():
        if fields:
            member.update_from_dict(fields)
            await member.save()
        if tags is not None:
            await _set_tags(member, tags)
    return member


async def tag_member(viewer: Viewer, member_id: int, add: list[str], remove: list[str]) -> Member:
    """Add and remove tags in one step; adding a tag twice or removing a missing one is harmless."""
    viewer.require("members:write")
    member = await get_member(viewer, member_id, field="id")
    errors = ErrorCollector()
    add_clean = clean_tags(add, errors, ["input", "add"])
    remove_clean = clean_tags(remove, errors, ["input", "remove"])
    both = set(add_clean) & set(remove_clean)
    if both:
        errors.add(["input", "remove"], f"Tag(s) {', '.join(sorted(both))} are both added and removed.")
    errors.raise_if_any()
    current = [str(t) for t in await MemberTag.filter(member_id=member.id).values_list("tag", flat=True)]
    wanted = [t for t in current if t not in remove_clean] + [t for t in add_clean if t not in current]
    if len(wanted) > MAX_TAGS:
        raise DomainError.single(["input", "add"], f"A member can have at most {MAX_TAGS} tags.", "OUT_OF_RANGE")
    async with in_transaction():
        await _set_tags(member, wanted)
    return member


async def all_tags(viewer: Viewer) -> list[tuple[str, int]]:
    """Tags in use among the viewer's members, with how many members carry each."""
    from tortoise.functions import Count

    viewer.require("members:read")
    rows = (
        await MemberTag.filter(Scope.of(viewer).members_q("member__"))
        .annotate(n=Count("id"))
        .group_by("tag")
        .order_by("tag")
        .values_list("tag", "n")
    )
    return [(str(t), int(n)) for t, n in rows]
