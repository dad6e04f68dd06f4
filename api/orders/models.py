"""Orders and what follows them: refunds, service completions, card uses, behaviour events."""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.loyalty.models import CardProduct, MemberCard
    from api.members.models import Member
    from api.org.models import Guide, Store


class LineKind(StrEnum):
    GOODS = "goods"
    SERVICE = "service"
    CARD = "card"


class OrderStatus(StrEnum):
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class Product(Model):
    """A sellable good or service, with the category segments filter on."""

    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=120)
    kind = fields.CharEnumField(LineKind, max_length=8)
    category = fields.CharField(max_length=60, db_index=True)
    price_cents = fields.BigIntField(default=0)

    class Meta:
        table = "product"


class Order(Model):
    """A purchase. ``refunded_cents`` accumulates partial refunds, the net is what counts."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", related_name="orders", on_delete=fields.CASCADE
    )
    member_id: int
    store: fields.ForeignKeyNullableRelation["Store"] = fields.ForeignKeyField(
        "rapport.Store", null=True, on_delete=fields.SET_NULL
    )
    store_id: int | None
    guide: fields.ForeignKeyNullableRelation["Guide"] = fields.ForeignKeyField(
        "rapport.Guide", null=True, on_delete=fields.SET_NULL
    )
    guide_id: int | None
    source = fields.CharField(max_length=40, default="pos")
    external_id = fields.CharField(max_length=80, null=True)
    ordered_at = fields.DatetimeField(db_index=True)
    total_cents = fields.BigIntField()
    refunded_cents = fields.BigIntField(default=0)
    status = fields.CharEnumField(OrderStatus, max_length=20, default=OrderStatus.PAID)
    created_at = fields.DatetimeField(auto_now_add=True)

    lines: fields.ReverseRelation["OrderLine"]

    class Meta:
        table = "order"
        unique_together = (("source", "external_id"),)
        indexes = (("member_id", "ordered_at"),)


class OrderLine(Model):
    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation["Order"] = fields.ForeignKeyField(
        "rapport.Order", related_name="lines", on_delete=fields.CASCADE, db_index=True
    )
    order_id: int
    kind = fields.CharEnumField(LineKind, max_length=8)
    product: fields.ForeignKeyNullableRelation["Product"] = fields.ForeignKeyField(
        "rapport.Product", null=True, on_delete=fields.SET_NULL
    )
    product_id: int | None
    card_product: fields.ForeignKeyNullableRelation["CardProduct"] = fields.ForeignKeyField(
        "rapport.CardProduct", null=True, on_delete=fields.SET_NULL
    )
    card_product_id: int | None
    name = fields.CharField(max_length=120)
    category = fields.CharField(max_length=60, default="", db_index=True)
    quantity = fields.IntField(default=1)
    unit_price_cents = fields.BigIntField()
    amount_cents = fields.BigIntField()
    refunded_cents = fields.BigIntField(default=0)

    class Meta:
        table = "order_line"


class Refund(Model):
    """A (partial) refund, booked at its own time: commission and totals use the refund's date."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation["Order"] = fields.ForeignKeyField(
        "rapport.Order", related_name="refunds", on_delete=fields.CASCADE, db_index=True
    )
    order_id: int
    line: fields.ForeignKeyNullableRelation["OrderLine"] = fields.ForeignKeyField(
        "rapport.OrderLine", null=True, related_name="refunds", on_delete=fields.CASCADE
    )
    line_id: int | None
    amount_cents = fields.BigIntField()
    refunded_at = fields.DatetimeField()
    reason = fields.CharField(max_length=255, default="")
    external_id = fields.CharField(max_length=80, null=True, unique=True)

    class Meta:
        table = "refund"


class ServiceCompletion(Model):
    """A service (e.g. eyelash extensions) was delivered to the member."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", related_name="service_completions", on_delete=fields.CASCADE, db_index=True
    )
    member_id: int
    order_line: fields.ForeignKeyNullableRelation["OrderLine"] = fields.ForeignKeyField(
        "rapport.OrderLine", null=True, on_delete=fields.SET_NULL
    )
    order_line_id: int | None
    product: fields.ForeignKeyNullableRelation["Product"] = fields.ForeignKeyField(
        "rapport.Product", null=True, on_delete=fields.SET_NULL
    )
    product_id: int | None
    store: fields.ForeignKeyNullableRelation["Store"] = fields.ForeignKeyField(
        "rapport.Store", null=True, on_delete=fields.SET_NULL
    )
    store_id: int | None
    guide: fields.ForeignKeyNullableRelation["Guide"] = fields.ForeignKeyField(
        "rapport.Guide", null=True, on_delete=fields.SET_NULL
    )
    guide_id: int | None
    completed_at = fields.DatetimeField(db_index=True)
    source = fields.CharField(max_length=40, default="pos", db_default="pos")
    external_id = fields.CharField(max_length=80, null=True, description="the sender's id: a retry is stored once")

    class Meta:
        table = "service_completion"
        unique_together = (("source", "external_id"),)


class CardUse(Model):
    """A card use (划卡/耗卡): punch uses or stored value spent."""

    id = fields.IntField(primary_key=True)
    card: fields.ForeignKeyRelation["MemberCard"] = fields.ForeignKeyField(
        "rapport.MemberCard", related_name="uses", on_delete=fields.CASCADE, db_index=True
    )
    card_id: int
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", related_name="card_uses", on_delete=fields.CASCADE, db_index=True
    )
    member_id: int
    uses = fields.IntField(default=0)
    amount_cents = fields.BigIntField(default=0)
    store: fields.ForeignKeyNullableRelation["Store"] = fields.ForeignKeyField(
        "rapport.Store", null=True, on_delete=fields.SET_NULL
    )
    store_id: int | None
    used_at = fields.DatetimeField(db_index=True)
    source = fields.CharField(max_length=40, default="pos", db_default="pos")
    external_id = fields.CharField(max_length=80, null=True, description="the sender's id: a retry punches once")

    class Meta:
        table = "card_use"
        unique_together = (("source", "external_id"),)


class Event(Model):
    """A behaviour event, stored once per (source, external_id)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyNullableRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", null=True, related_name="events", on_delete=fields.CASCADE, db_index=True
    )
    member_id: int | None
    type = fields.CharField(max_length=60, db_index=True)
    occurred_at = fields.DatetimeField(db_index=True)
    payload: Any = fields.JSONField(default=dict)
    source = fields.CharField(max_length=40)
    external_id = fields.CharField(max_length=120)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event"
        unique_together = (("source", "external_id"),)
