"""GraphQL types of orders, refunds, service completions, card uses and events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from api.orders import models
from schema.core.scalars import cents_to_money


@strawberry.enum(description="What an order line sold.")
class LineKind(Enum):
    GOODS = strawberry.enum_value("goods", description="Goods (商品).")
    SERVICE = strawberry.enum_value("service", description="A service (服务), e.g. eyelash extensions.")
    CARD = strawberry.enum_value("card", description="A stored-value or punch card.")


@strawberry.enum(description="Refund state of an order.")
class OrderStatus(Enum):
    PAID = strawberry.enum_value("paid", description="Paid, nothing refunded.")
    PARTIALLY_REFUNDED = strawberry.enum_value("partially_refunded", description="Part of it refunded.")
    REFUNDED = strawberry.enum_value("refunded", description="Fully refunded: it no longer counts in totals.")


@strawberry.type(name="Product", description="A sellable good or service.")
class ProductType(relay.Node):
    id: relay.NodeID[int]
    sku: str = strawberry.field(description="Stock-keeping unit, unique.")
    name: str = strawberry.field(description="Product name.")
    kind: LineKind = strawberry.field(description="Goods or service.")
    category: str = strawberry.field(description="Category segments can filter on.")
    price: Decimal = strawberry.field(description="List price (yuan).")

    @classmethod
    def from_model(cls, m: models.Product) -> ProductType:
        return cls(
            id=m.id,
            sku=m.sku,
            name=m.name,
            kind=LineKind(m.kind.value),
            category=m.category,
            price=cents_to_money(m.price_cents),
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        info.context.require_viewer()
        rows = {p.id: p for p in await models.Product.filter(id__in=[int(i) for i in node_ids])}
        return [cls.from_model(rows[int(i)]) if int(i) in rows else None for i in node_ids]


@strawberry.type(name="OrderLine", description="One line of an order.")
class OrderLineType:
    id: strawberry.ID = strawberry.field(description="Line id (numeric, unique).")
    kind: LineKind = strawberry.field(description="Goods, service or card.")
    name: str = strawberry.field(description="What was sold.")
    category: str = strawberry.field(description="Category at the time of sale.")
    quantity: int = strawberry.field(description="How many.")
    unit_price: Decimal = strawberry.field(description="Price of one (yuan).")
    amount: Decimal = strawberry.field(description="quantity × unit price (yuan).")
    refunded: Decimal = strawberry.field(description="Refunded against this line (yuan).")

    @classmethod
    def from_model(cls, m: models.OrderLine) -> OrderLineType:
        return cls(
            id=strawberry.ID(str(m.id)),
            kind=LineKind(m.kind.value),
            name=m.name,
            category=m.category,
            quantity=m.quantity,
            unit_price=cents_to_money(m.unit_price_cents),
            amount=cents_to_money(m.amount_cents),
            refunded=cents_to_money(m.refunded_cents),
        )


@strawberry.type(name="Refund", description="A (partial) refund, booked at its own time.")
class RefundType:
    id: strawberry.ID = strawberry.field(description="Refund id.")
    amount: Decimal = strawberry.field(description="Amount refunded (yuan).")
    refunded_at: datetime = strawberry.field(description="When the refund happened.")
    reason: str = strawberry.field(description="Why.")
    line_id: strawberry.ID | None = strawberry.field(description="The line refunded, if one was named.")
    order_id: strawberry.ID = strawberry.field(description="Global id of the order.")

    @classmethod
    def from_model(cls, m: models.Refund) -> RefundType:
        from schema.core.ids import to_global_id

        return cls(
            id=strawberry.ID(str(m.id)),
            amount=cents_to_money(m.amount_cents),
            refunded_at=m.refunded_at,
            reason=m.reason,
            line_id=strawberry.ID(str(m.line_id)) if m.line_id else None,
            order_id=strawberry.ID(to_global_id("Order", m.order_id)),
        )


@strawberry.type(name="Order", description="A purchase by a member.")
class OrderType(relay.Node):
    id: relay.NodeID[int]
    ordered_at: datetime = strawberry.field(description="When the purchase happened.")
    total: Decimal = strawberry.field(description="Order total before refunds (yuan).")
    refunded: Decimal = strawberry.field(description="Refunded so far (yuan).")
    net: Decimal = strawberry.field(description="total − refunded: what counts towards the member's spend.")
    status: OrderStatus = strawberry.field(description="Refund state.")
    source: str = strawberry.field(description="Where the order came from (pos, mini-program, a partner...).")
    external_id: str | None = strawberry.field(description="The source system's order id.")
    model: strawberry.Private[models.Order]

    @classmethod
    def from_model(cls, m: models.Order) -> OrderType:
        return cls(
            id=m.id,
            ordered_at=m.ordered_at,
            total=cents_to_money(m.total_cents),
            refunded=cents_to_money(m.refunded_cents),
            net=cents_to_money(m.total_cents - m.refunded_cents),
            status=OrderStatus(m.status.value),
            source=m.source,
            external_id=m.external_id,
            model=m,
        )

    @strawberry.field(description="The lines of the order.")
    async def lines(self, info: strawberry.Info) -> list[OrderLineType]:
        rows = await info.context.loaders.get("lines_by_order").load(self.model.id)
        return [OrderLineType.from_model(r) for r in rows]

    @strawberry.field(description="Refunds against the order, oldest first.")
    async def refunds(self, info: strawberry.Info) -> list[RefundType]:
        rows = await info.context.loaders.get("refunds_by_order").load(self.model.id)
        return [RefundType.from_model(r) for r in rows]

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        from api.members.services import rows_of_visible_members

        ids = [int(i) for i in node_ids]
        rows = await rows_of_visible_members(info.context.require_viewer(), models.Order, ids)
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]


@strawberry.type(name="ServiceCompletion", description="A service delivered to a member.")
class ServiceCompletionType:
    id: strawberry.ID = strawberry.field(description="Completion id.")
    completed_at: datetime = strawberry.field(description="When the service was delivered.")
    product_id: strawberry.ID | None = strawberry.field(description="Global id of the service product.")

    @classmethod
    def from_model(cls, m: models.ServiceCompletion) -> ServiceCompletionType:
        from schema.core.ids import to_global_id

        return cls(
            id=strawberry.ID(str(m.id)),
            completed_at=m.completed_at,
            product_id=strawberry.ID(to_global_id("Product", m.product_id)) if m.product_id else None,
        )


@strawberry.type(name="CardUse", description="A card use (划卡/耗卡).")
class CardUseType:
    id: strawberry.ID = strawberry.field(description="Card use id.")
    uses: int = strawberry.field(description="Punch-card uses taken.")
    amount: Decimal = strawberry.field(description="Stored value spent (yuan).")
    used_at: datetime = strawberry.field(description="When.")
    remaining_uses: int | None = strawberry.field(description="Uses left on the card after this use.")
    balance: Decimal = strawberry.field(description="Balance left on the card after this use (yuan).")


@strawberry.type(name="Event", description="A behaviour event pushed by a partner or recorded by Rapport.")
class EventType:
    id: strawberry.ID = strawberry.field(description="Event id.")
    type: str = strawberry.field(description="Event type, e.g. coupon.redeemed.")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    source: str = strawberry.field(description="Who sent it.")
    external_id: str = strawberry.field(description="The sender's id: the same (source, externalId) is stored once.")
    payload: JSON = strawberry.field(description="The event's data as sent.")

    @classmethod
    def from_model(cls, m: models.Event) -> EventType:
        return cls(
            id=strawberry.ID(str(m.id)),
            type=m.type,
            occurred_at=m.occurred_at,
            source=m.source,
            external_id=m.external_id,
            payload=m.payload,
        )
