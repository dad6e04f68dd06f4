"""Queries of members and of the lists their filters need."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.loyalty import services as loyalty_services
from api.members import services
from api.orders import services as order_services
from api.org import services as org_services
from schema.core.ids import decode_id, decode_ids
from schema.core.pagination import Connection, paginate
from schema.loyalty.types import CardProductType, TierType
from schema.members.inputs import MemberSort, SortDirection
from schema.members.loaders import prefetch_member_fields
from schema.members.types import MemberType, TagCount
from schema.orders.types import ProductType
from schema.org.types import GuideType, StoreType


def _ids_or_error(values: list[strawberry.ID] | None, kind: str, arg: str) -> list[int] | None:
    from api.core.errors import ArgumentError, DomainError

    try:
        return decode_ids(values, kind, arg)
    except DomainError as exc:
        raise ArgumentError(exc.errors[0].message + f" (argument '{arg}')") from exc


@strawberry.type
class MemberQueries:
    @strawberry.field(description="Members in your reach, searched, filtered and sorted (Relay connection).")
    async def members(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Name contains, or phone starts/ends with.")
        ] = None,
        store_ids: Annotated[list[strawberry.ID] | None, strawberry.argument(description="Home store in.")] = None,
        guide_ids: Annotated[list[strawberry.ID] | None, strawberry.argument(description="Owning guide in.")] = None,
        tier_ids: Annotated[list[strawberry.ID] | None, strawberry.argument(description="Tier in.")] = None,
        tags: Annotated[list[str] | None, strawberry.argument(description="Carries any of these tags.")] = None,
        sort: Annotated[MemberSort | None, strawberry.argument(description="Sort order; default newest first.")] = None,
    ) -> Connection[MemberType]:
        viewer = info.context.require_viewer()
        sort = sort or MemberSort()
        flt = services.MemberFilter(
            search=search,
            store_ids=_ids_or_error(store_ids, "Store", "storeIds"),
            guide_ids=_ids_or_error(guide_ids, "Guide", "guideIds"),
            tier_ids=_ids_or_error(tier_ids, "Tier", "tierIds"),
            tags=tags,
            sort=services.MemberSortField(str(sort.field.value)),
            descending=sort.direction is SortDirection.DESC,
        )
        qs = services.list_members(viewer, flt)
        page = await paginate(qs, first, after, MemberType.from_model, services.member_keyset(flt), info)
        await prefetch_member_fields(info, [e.node.model for e in page.edges])
        return page

    @strawberry.field(description="One member by id; null when not found or outside your reach.")
    async def member(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the member.")],
    ) -> MemberType | None:
        from api.core.errors import DomainError

        viewer = info.context.require_viewer()
        try:
            pk = decode_id(id, "Member", "id")
        except DomainError:
            return None
        m = await services.visible_members(viewer).get_or_none(id=pk)
        return MemberType.from_model(m) if m else None

    @strawberry.field(description="Stores in your reach.")
    async def stores(self, info: strawberry.Info) -> list[StoreType]:
        viewer = info.context.require_viewer()
        return [StoreType.from_model(s) for s in await org_services.list_stores(viewer)]

    @strawberry.field(description="Guides in your reach, optionally of some stores.")
    async def guides(
        self,
        info: strawberry.Info,
        store_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only guides of these stores.")
        ] = None,
    ) -> list[GuideType]:
        viewer = info.context.require_viewer()
        ids = _ids_or_error(store_ids, "Store", "storeIds")
        return [GuideType.from_model(g) for g in await org_services.list_guides(viewer, ids)]

    @strawberry.field(description="All tiers, lowest first.")
    async def tiers(self, info: strawberry.Info) -> list[TierType]:
        viewer = info.context.require_viewer()
        return [TierType.from_model(t) for t in await loyalty_services.list_tiers(viewer)]

    @strawberry.field(description="Goods and services for sale, by category then name.")
    async def products(self, info: strawberry.Info) -> list[ProductType]:
        viewer = info.context.require_viewer()
        return [ProductType.from_model(p) for p in await order_services.list_products(viewer)]

    @strawberry.field(description="Card products (stored value and punch cards), by name.")
    async def card_products(self, info: strawberry.Info) -> list[CardProductType]:
        viewer = info.context.require_viewer()
        return [CardProductType.from_model(c) for c in await loyalty_services.list_card_products(viewer)]

    @strawberry.field(description="Tags in use among members in your reach, with counts.")
    async def tags(self, info: strawberry.Info) -> list[TagCount]:
        viewer = info.context.require_viewer("members:read")
        return [TagCount(tag=t, members=n) for t, n in await services.all_tags(viewer)]
