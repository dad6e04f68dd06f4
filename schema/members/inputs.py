"""GraphQL inputs of members."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from schema.members.types import Gender


@strawberry.input(description="Channel identities and consents; fields left out keep their value.")
class MemberChannelsInput:
    sms_consent: bool | None = strawberry.UNSET
    wechat_openid: str | None = strawberry.UNSET
    wechat_subscribed: bool | None = strawberry.UNSET
    wecom_external_id: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    email_consent: bool | None = strawberry.UNSET
    push_token: str | None = strawberry.UNSET
    push_consent: bool | None = strawberry.UNSET


@strawberry.input(description="A new member. Only the name is required.")
class MemberCreateInput:
    name: str = strawberry.field(description="Full name, 1–80 characters.")
    phone: str | None = strawberry.field(default=None, description="Mainland mobile number; +86 is accepted.")
    gender: Gender | None = strawberry.field(default=None, description="Gender.")
    birthday: date | None = strawberry.field(default=None, description="Birthday (not in the future).")
    registered_at: datetime | None = strawberry.field(default=None, description="Registration time; default now.")
    source: str | None = strawberry.field(default=None, description="Registration source; default 'store'.")
    home_store_id: strawberry.ID | None = strawberry.field(default=None, description="Store id.")
    guide_id: strawberry.ID | None = strawberry.field(default=None, description="Owning guide id.")
    guide_friend_since: datetime | None = strawberry.field(default=None, description="WeCom friend since.")
    tier_id: strawberry.ID | None = strawberry.field(default=None, description="Tier id.")
    tags: list[str] | None = strawberry.field(default=None, description="Tags (at most 50).")
    custom_attributes: JSON | None = strawberry.field(default=None, description="A JSON object.")
    channels: MemberChannelsInput | None = strawberry.field(default=None, description="Channels and consents.")


@strawberry.input(description="Changes to a member: only the fields given change; null clears a field.")
class MemberUpdateInput:
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    gender: Gender | None = strawberry.UNSET
    birthday: date | None = strawberry.UNSET
    source: str | None = strawberry.UNSET
    home_store_id: strawberry.ID | None = strawberry.UNSET
    guide_id: strawberry.ID | None = strawberry.UNSET
    guide_friend_since: datetime | None = strawberry.UNSET
    tier_id: strawberry.ID | None = strawberry.UNSET
    tags: list[str] | None = strawberry.field(default=strawberry.UNSET, description="Replaces all tags.")
    custom_attributes: JSON | None = strawberry.UNSET
    channels: MemberChannelsInput | None = strawberry.UNSET


@strawberry.input(description="Tags to add and to remove, in one step.")
class MemberTagInput:
    add: list[str] = strawberry.field(default_factory=list, description="Tags to add.")
    remove: list[str] = strawberry.field(default_factory=list, description="Tags to remove.")


@strawberry.enum(description="What to sort members by.")
class MemberSortField(Enum):
    NAME = "name"
    REGISTERED_AT = "registered_at"
    LAST_PURCHASE_AT = "last_purchase_at"
    TOTAL_SPEND = "total_spend_cents"
    ORDER_COUNT = "order_count"
    POINTS_BALANCE = "points_balance"


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Sort order of a member list.")
class MemberSort:
    field: MemberSortField = MemberSortField.REGISTERED_AT
    direction: SortDirection = SortDirection.DESC
