"""GraphQL types of members."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from api.members import models
from schema.core.pagination import Connection, child_connection
from schema.core.prefetch import now_or_later
from schema.core.scalars import cents_to_money
from schema.loyalty.types import MemberCardType, PointsEntryType, TierType
from schema.members.loaders import MEMBER_EVENTS, MEMBER_MESSAGES, MEMBER_ORDERS, MEMBER_POINTS
from schema.orders.types import EventType, OrderType
from schema.org.types import GuideType, StoreType

if TYPE_CHECKING:
    from schema.journeys.types import MemberJourney
    from schema.messages.types import MessageType
    from schema.segments.types import SegmentType


@strawberry.enum(description="Member gender.")
class Gender(Enum):
    MALE = strawberry.enum_value("male", description="Male (男).")
    FEMALE = strawberry.enum_value("female", description="Female (女).")
    UNKNOWN = strawberry.enum_value("unknown", description="Not known.")


@strawberry.type(description="How a member can be reached on each channel (identity and consent).")
class MemberChannels:
    sms: bool = strawberry.field(description="Has a phone and consents to SMS.")
    wechat_openid: str | None = strawberry.field(description="WeChat official-account openid.")
    wechat_subscribed: bool = strawberry.field(description="Follows the official account (can get template messages).")
    wecom_external_id: str | None = strawberry.field(description="WeCom external contact id (friend of a guide).")
    email: str | None = strawberry.field(description="Email address.")
    email_consent: bool = strawberry.field(description="Consents to marketing email.")
    push: bool = strawberry.field(description="Has an app push token and consents to push.")


@strawberry.type(name="MemberTag", description="A tag with how many members (in your reach) carry it.")
class TagCount:
    tag: str = strawberry.field(description="The tag.")
    members: int = strawberry.field(description="Members in your reach carrying it.")


def _store(s: Any) -> StoreType | None:
    return StoreType.from_model(s) if s else None


def _guide(g: Any) -> GuideType | None:
    return GuideType.from_model(g) if g else None


def _tier(t: Any) -> TierType | None:
    return TierType.from_model(t) if t else None


def _tags(rows: list[models.MemberTag]) -> list[str]:
    return sorted(r.tag for r in rows)


def _cards(rows: list[Any]) -> list[MemberCardType]:
    return [MemberCardType.from_model(r) for r in rows]


# The related fields below are plain resolvers: after a page prefetched them (``prefetch_member_fields``)
# they answer at once, without the asyncio task graphql-core makes for every awaitable.
@strawberry.type(name="Member", description="A member (会员) with profile, ownership, totals and history.")
class MemberType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Full name.")
    phone: str | None = strawberry.field(description="Mainland mobile number.")
    gender: Gender = strawberry.field(description="Gender.")
    birthday: date | None = strawberry.field(description="Birthday.")
    registered_at: datetime = strawberry.field(description="When the member registered.")
    source: str = strawberry.field(description="Registration source, e.g. 小程序, 门店, 大众点评.")
    guide_friend_since: datetime | None = strawberry.field(
        description="Since when the member is the owning guide's WeCom friend."
    )
    custom_attributes: JSON = strawberry.field(description="Merchant-defined attributes (a JSON object).")
    first_visit_at: datetime | None = strawberry.field(
        description="Earliest order that still counts (fully refunded orders do not)."
    )
    last_purchase_at: datetime | None = strawberry.field(
        description="Latest order that still counts (fully refunded orders do not)."
    )
    order_count: int = strawberry.field(description="Orders that still count: all but fully refunded ones.")
    total_spend: Decimal = strawberry.field(description="Net spend in yuan: order totals minus refunds.")
    points_balance: int = strawberry.field(description="Points available: the sum of the points ledger.")
    model: strawberry.Private[models.Member]

    @classmethod
    def from_model(cls, m: models.Member) -> MemberType:
        return cls(
            id=m.id,
            name=m.name,
            phone=m.phone,
            gender=Gender(m.gender.value),
            birthday=m.birthday,
            registered_at=m.registered_at,
            source=m.source,
            guide_friend_since=m.guide_friend_since,
            custom_attributes=m.custom_attributes,
            first_visit_at=m.first_visit_at,
            last_purchase_at=m.last_purchase_at,
            order_count=m.order_count,
            total_spend=cents_to_money(m.total_spend_cents),
            points_balance=m.points_balance,
            model=m,
        )

    @strawberry.field(description="Home store.")
    def home_store(self, info: strawberry.Info) -> StoreType | None:
        if self.model.home_store_id is None:
            return None
        return now_or_later(info.context.loaders.get("store"), self.model.home_store_id, _store)  # type: ignore[return-value]

    @strawberry.field(description="Owning shopping guide.")
    def guide(self, info: strawberry.Info) -> GuideType | None:
        if self.model.guide_id is None:
            return None
        return now_or_later(info.context.loaders.get("guide"), self.model.guide_id, _guide)  # type: ignore[return-value]

    @strawberry.field(description="Current tier.")
    def tier(self, info: strawberry.Info) -> TierType | None:
        if self.model.tier_id is None:
            return None
        return now_or_later(info.context.loaders.get("tier"), self.model.tier_id, _tier)  # type: ignore[return-value]

    @strawberry.field(description="Tags, alphabetically.")
    def tags(self, info: strawberry.Info) -> list[str]:
        return now_or_later(info.context.loaders.get("tags_by_member"), self.model.id, _tags)  # type: ignore[return-value]

    @strawberry.field(description="Channel identities and consents.")
    def channels(self) -> MemberChannels:
        m = self.model
        return MemberChannels(
            sms=bool(m.phone) and m.sms_consent,
            wechat_openid=m.wechat_openid,
            wechat_subscribed=m.wechat_subscribed,
            wecom_external_id=m.wecom_external_id,
            email=m.email,
            email_consent=m.email_consent,
            push=bool(m.push_token) and m.push_consent,
        )

    @strawberry.field(description="Cards the member holds, oldest first.")
    def cards(self, info: strawberry.Info) -> list[MemberCardType]:
        return now_or_later(info.context.loaders.get("cards_by_member"), self.model.id, _cards)  # type: ignore[return-value]

    @strawberry.field(description="Orders, newest first.")
    async def orders(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[OrderType]:
        return await child_connection(info, MEMBER_ORDERS, self.model.id, first, after, OrderType.from_model)

    @strawberry.field(description="Points ledger, newest first.")
    async def points(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[PointsEntryType]:
        return await child_connection(info, MEMBER_POINTS, self.model.id, first, after, PointsEntryType.from_model)

    @strawberry.field(description="Behaviour events, newest first.")
    async def events(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[EventType]:
        return await child_connection(info, MEMBER_EVENTS, self.model.id, first, after, EventType.from_model)

    @strawberry.field(description="Messages to this member, newest first: every candidate the send gate decided, "
                      "with its outcome and the rule behind it.")
    async def messages(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[Annotated[MessageType, strawberry.lazy("schema.messages.types")]]:
        from schema.messages.types import MessageType

        return await child_connection(info, MEMBER_MESSAGES, self.model.id, first, after, MessageType.from_model)

    @strawberry.field(description="Journeys the member has entered: the latest run of each (newest first, at most "
                      "50), where it is and why.")
    async def journeys(
        self, info: strawberry.Info
    ) -> list[Annotated[MemberJourney, strawberry.lazy("schema.journeys.types")]]:
        from schema.journeys.types import member_journeys

        return await member_journeys(self.model.id, info)

    @strawberry.field(description="Segments the member is in, as of each segment's last refresh.")
    async def segments(
        self, info: strawberry.Info
    ) -> list[Annotated[SegmentType, strawberry.lazy("schema.segments.types")]]:
        from schema.segments.types import member_segments

        return await member_segments(self.model.id, info)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        from api.members.services import visible_members

        viewer = info.context.require_viewer()
        ids = [int(i) for i in node_ids]
        if "members:read" not in viewer.scopes:
            return [None for _ in ids]
        rows = {m.id: m for m in await visible_members(viewer).filter(id__in=ids)}
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]
