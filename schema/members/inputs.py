"""GraphQL inputs of members."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from schema.members.types import Gender


@strawberry.input(description="Channel identities and consents; fields left out keep their value.")
class MemberChannelsInput:
    sms_consent: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Consents to marketing SMS (on the member's phone)."
    )
    wechat_openid: str | None = strawberry.field(
        default=strawberry.UNSET, description="WeChat official-account openid."
    )
    wechat_subscribed: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Follows the official account (can get template messages)."
    )
    wecom_external_id: str | None = strawberry.field(
        default=strawberry.UNSET, description="WeCom external contact id (friend of a guide)."
    )
    email: str | None = strawberry.field(default=strawberry.UNSET, description="Email address.")
    email_consent: bool | None = strawberry.field(default=strawberry.UNSET, description="Consents to marketing email.")
    push_token: str | None = strawberry.field(default=strawberry.UNSET, description="App push token.")
    push_consent: bool | None = strawberry.field(default=strawberry.UNSET, description="Consents to app push.")


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
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Full name, 1–80 characters.")
    phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="Mainland mobile number; null clears it."
    )
    gender: Gender | None = strawberry.field(default=strawberry.UNSET, description="Gender.")
    birthday: date | None = strawberry.field(default=strawberry.UNSET, description="Birthday; null clears it.")
    source: str | None = strawberry.field(default=strawberry.UNSET, description="Registration source.")
    home_store_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Home store id; null clears it."
    )
    guide_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Owning guide id; null: no guide."
    )
    guide_friend_since: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="WeCom friend of the guide since."
    )
    tier_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Tier id (a merchant may set any tier)."
    )
    tags: list[str] | None = strawberry.field(default=strawberry.UNSET, description="Replaces all tags.")
    custom_attributes: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the custom attributes (a JSON object)."
    )
    channels: MemberChannelsInput | None = strawberry.field(
        default=strawberry.UNSET, description="Channels and consents; fields left out keep their value."
    )


@strawberry.input(description="Tags to add and to remove, in one step.")
class MemberTagInput:
    add: list[str] = strawberry.field(default_factory=list, description="Tags to add.")
    remove: list[str] = strawberry.field(default_factory=list, description="Tags to remove.")


@strawberry.enum(description="What to sort members by.")
class MemberSortField(Enum):
    NAME = strawberry.enum_value("name", description="Name.")
    REGISTERED_AT = strawberry.enum_value("registered_at", description="Registration time.")
    LAST_PURCHASE_AT = strawberry.enum_value("last_purchase_at", description="Last purchase that still counts.")
    TOTAL_SPEND = strawberry.enum_value("total_spend_cents", description="Net spend.")
    ORDER_COUNT = strawberry.enum_value("order_count", description="Orders that still count.")
    POINTS_BALANCE = strawberry.enum_value("points_balance", description="Points available.")


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Smallest / oldest first.")
    DESC = strawberry.enum_value("desc", description="Largest / newest first.")


@strawberry.input(description="Sort order of a member list.")
class MemberSort:
    field: MemberSortField = strawberry.field(default=MemberSortField.REGISTERED_AT, description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.DESC, description="Which way.")
