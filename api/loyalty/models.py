"""Tiers, card products, members' cards and the points ledger."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.members.models import Member
    from api.orders.models import Order, OrderLine


class Tier(Model):
    """A member tier (会员等级): ordered by ``level``, reached at a cumulative spend."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=40, unique=True)
    level = fields.IntField(unique=True)
    threshold_cents = fields.BigIntField(default=0)

    class Meta:
        table = "tier"
        ordering = ["level"]


class CardKind(StrEnum):
    STORED_VALUE = "stored_value"
    PUNCH = "punch"


class CardProduct(Model):
    """A card that can be sold: stored value (充值卡) or punch card (次卡, N uses)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80)
    kind = fields.CharEnumField(CardKind, max_length=16)
    price_cents = fields.BigIntField(default=0)
    face_value_cents = fields.BigIntField(default=0, description="stored value credited on purchase")
    total_uses = fields.IntField(null=True, description="punch cards: uses granted on purchase")
    validity_days = fields.IntField(null=True)
    grants_tier: fields.ForeignKeyNullableRelation["Tier"] = fields.ForeignKeyField(
        "rapport.Tier", null=True, on_delete=fields.SET_NULL
    )
    grants_tier_id: int | None

    class Meta:
        table = "card_product"


class MemberCard(Model):
    """A card a member holds."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", related_name="cards", on_delete=fields.CASCADE, db_index=True
    )
    member_id: int
    product: fields.ForeignKeyRelation["CardProduct"] = fields.ForeignKeyField(
        "rapport.CardProduct", related_name="cards", on_delete=fields.RESTRICT
    )
    product_id: int
    balance_cents = fields.BigIntField(default=0)
    remaining_uses = fields.IntField(null=True)
    issued_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True, db_index=True)
    order_line: fields.ForeignKeyNullableRelation["OrderLine"] = fields.ForeignKeyField(
        "rapport.OrderLine", null=True, on_delete=fields.SET_NULL
    )
    order_line_id: int | None

    class Meta:
        table = "member_card"


class PointsEntry(Model):
    """One movement of points. The balance is the sum, and ``Member.points_balance`` caches it."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", related_name="points_entries", on_delete=fields.CASCADE, db_index=True
    )
    member_id: int
    delta = fields.IntField()
    reason = fields.CharField(max_length=40)
    note = fields.CharField(max_length=255, default="")
    occurred_at = fields.DatetimeField(db_index=True)
    expires_at = fields.DatetimeField(null=True, db_index=True)
    order: fields.ForeignKeyNullableRelation["Order"] = fields.ForeignKeyField(
        "rapport.Order", null=True, on_delete=fields.SET_NULL
    )
    order_id: int | None

    class Meta:
        table = "points_entry"
