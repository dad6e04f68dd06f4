"""Members (会员/客户): profile, ownership, tags, channel identities and the totals segments need."""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.loyalty.models import Tier
    from api.org.models import Guide, Store


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Member(Model):
    """A member of the brand.

    Money is stored in integer cents (exact, and comparable in SQL on every database).  The totals
    block is derived from orders and refunds by ``api.orders.services.recompute_totals``.
    """

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80, db_index=True)
    phone = fields.CharField(max_length=20, null=True, unique=True)
    gender = fields.CharEnumField(Gender, max_length=8, default=Gender.UNKNOWN)
    birthday = fields.DateField(null=True)
    # month*100+day of the birthday: lets "birthday in the next X days" be an indexed range in SQL.
    birthday_md = fields.SmallIntField(null=True, db_index=True)
    registered_at = fields.DatetimeField(db_index=True)
    source = fields.CharField(max_length=40, default="store", db_index=True)
    home_store: fields.ForeignKeyNullableRelation["Store"] = fields.ForeignKeyField(
        "rapport.Store", null=True, related_name="members", on_delete=fields.SET_NULL
    )
    home_store_id: int | None
    guide: fields.ForeignKeyNullableRelation["Guide"] = fields.ForeignKeyField(
        "rapport.Guide", null=True, related_name="members", on_delete=fields.SET_NULL
    )
    guide_id: int | None
    guide_friend_since = fields.DatetimeField(null=True)
    tier: fields.ForeignKeyNullableRelation["Tier"] = fields.ForeignKeyField(
        "rapport.Tier", null=True, related_name="members", on_delete=fields.SET_NULL
    )
    tier_id: int | None
    custom_attributes: Any = fields.JSONField(default=dict)

    # channel identities and consents
    sms_consent = fields.BooleanField(default=True)
    wechat_openid = fields.CharField(max_length=64, null=True, unique=True)
    wechat_subscribed = fields.BooleanField(default=False)
    wecom_external_id = fields.CharField(max_length=64, null=True, unique=True)
    email = fields.CharField(max_length=254, null=True)
    email_consent = fields.BooleanField(default=False)
    push_token = fields.CharField(max_length=255, null=True)
    push_consent = fields.BooleanField(default=False)

    # totals, kept right after refunds
    first_visit_at = fields.DatetimeField(null=True)
    last_purchase_at = fields.DatetimeField(null=True, db_index=True)
    order_count = fields.IntField(default=0)
    total_spend_cents = fields.BigIntField(default=0)
    points_balance = fields.IntField(default=0)

    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    tags: fields.ReverseRelation["MemberTag"]

    class Meta:
        table = "member"


class MemberTag(Model):
    """A tag on a member (one row per tag, so "any / all / none of" compile to plain SQL)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "rapport.Member", related_name="tags", on_delete=fields.CASCADE
    )
    member_id: int
    tag = fields.CharField(max_length=40, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "member_tag"
        unique_together = (("member", "tag"),)


class MemberImport(Model):
    """One CSV import run: what was stored and which rows were refused, for the record."""

    id = fields.IntField(primary_key=True)
    filename = fields.CharField(max_length=255, default="")
    total_rows = fields.IntField(default=0)
    created = fields.IntField(default=0)
    updated = fields.IntField(default=0)
    unchanged = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    errors: Any = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "member_import"
