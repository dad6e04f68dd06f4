"""Mutations of orders, refunds, service completions, card uses and events."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.core.errors import DomainError, FieldError
from api.loyalty.models import MemberCard
from api.orders import events, services
from api.orders.models import LineKind as ModelLineKind
from schema.core.errors import UserError, mutate
from schema.core.ids import decode_id
from schema.core.scalars import cents_to_money, money_to_cents
from schema.loyalty.types import MemberCardType
from schema.orders.types import CardUseType, EventType, LineKind, OrderType, RefundType, ServiceCompletionType


@strawberry.enum(description="Why an order, refund, service, card or event mutation refused its input.")
class OrderErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="A value is missing.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="An id names nothing you can see.")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="Already exists (or already used by another record).")
    PERMISSION_DENIED = strawberry.enum_value("PERMISSION_DENIED", description="Not allowed for you.")
    OUT_OF_RANGE = strawberry.enum_value(
        "OUT_OF_RANGE", description="A number, amount or time is outside its allowed range."
    )
    EXPIRED = strawberry.enum_value("EXPIRED", description="The card has expired.")
    INSUFFICIENT = strawberry.enum_value("INSUFFICIENT", description="Not enough uses or balance left.")


@strawberry.type(description="A problem with the input of an order, refund, card or event mutation.")
class OrderUserError(UserError):
    code: OrderErrorCode = strawberry.field(description="Machine-readable reason.")


@strawberry.input(description="One order line: a product, a card product, or a free line with kind, name and price.")
class OrderLineInput:
    product_id: strawberry.ID | None = strawberry.field(default=None, description="A Product id.")
    card_product_id: strawberry.ID | None = strawberry.field(
        default=None, description="A CardProduct id: issues the card."
    )
    kind: LineKind | None = strawberry.field(default=None, description="Needed for a free line.")
    name: str | None = strawberry.field(default=None, description="Defaults to the product's name.")
    category: str | None = strawberry.field(default=None, description="Defaults to the product's category.")
    quantity: int = strawberry.field(default=1, description="1 to 10000.")
    unit_price: Decimal | None = strawberry.field(default=None, description="Yuan; defaults to the list price.")


@strawberry.input(description="A purchase. With source + externalId it is idempotent.")
class OrderRecordInput:
    member_id: strawberry.ID = strawberry.field(description="The member who bought.")
    lines: list[OrderLineInput] = strawberry.field(description="At least one line.")
    ordered_at: datetime | None = strawberry.field(default=None, description="Default now.")
    store_id: strawberry.ID | None = strawberry.field(default=None, description="Default the member's home store.")
    guide_id: strawberry.ID | None = strawberry.field(default=None, description="Default the member's guide.")
    source: str = strawberry.field(default="pos", description="Sending system.")
    external_id: str | None = strawberry.field(default=None, description="The sender's order id.")


@strawberry.type(description="Result of orderRecord.")
class OrderRecordPayload:
    order: OrderType | None = strawberry.field(
        default=None, description="The order; null when userErrors is not empty."
    )
    created: bool = strawberry.field(default=False, description="False when this order was already recorded.")
    user_errors: list[OrderUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.input(description="A refund of part or all of an order, or of one of its lines.")
class RefundRecordInput:
    order_id: strawberry.ID = strawberry.field(description="The order.")
    amount: Decimal = strawberry.field(description="Yuan, more than 0 and at most what is left to refund.")
    line_id: strawberry.ID | None = strawberry.field(default=None, description="Numeric id of a line, to refund it.")
    reason: str = strawberry.field(default="", description="Why.")
    refunded_at: datetime | None = strawberry.field(default=None, description="Default now.")
    external_id: str | None = strawberry.field(default=None, description="The sender's refund id (idempotent).")


@strawberry.type(description="Result of refundRecord.")
class RefundRecordPayload:
    refund: RefundType | None = strawberry.field(
        default=None, description="The refund; null when userErrors is not empty."
    )
    order: OrderType | None = strawberry.field(
        default=None, description="The order; null when userErrors is not empty."
    )
    user_errors: list[OrderUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.input(description="A service was delivered. With source + externalId it is idempotent.")
class ServiceCompleteInput:
    member_id: strawberry.ID = strawberry.field(description="The member served.")
    order_line_id: strawberry.ID | None = strawberry.field(default=None, description="Numeric id of the service line.")
    product_id: strawberry.ID | None = strawberry.field(default=None, description="The service Product.")
    completed_at: datetime | None = strawberry.field(default=None, description="Default now.")
    store_id: strawberry.ID | None = strawberry.field(default=None, description="Where.")
    guide_id: strawberry.ID | None = strawberry.field(default=None, description="By whom.")
    source: str = strawberry.field(default="pos", description="Sending system (1-40 characters).")
    external_id: str | None = strawberry.field(
        default=None,
        description="The sender's id for this completion (at most 80 characters): a retry with the same source "
        "and externalId returns the stored completion instead of recording a second one.",
    )


@strawberry.type(description="Result of serviceComplete.")
class ServiceCompletePayload:
    completion: ServiceCompletionType | None = strawberry.field(
        default=None, description="The recorded completion; null when userErrors is not empty."
    )
    created: bool = strawberry.field(
        default=False, description="False when this completion (source, externalId) was already recorded."
    )
    user_errors: list[OrderUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.input(
    description="Use a card: `uses` for a punch card, `amount` for stored value. With source + externalId it is "
    "idempotent: a retried call punches the card once."
)
class CardUseInput:
    card_id: strawberry.ID = strawberry.field(description="The MemberCard.")
    uses: int = strawberry.field(default=0, description="Punch-card uses to take.")
    amount: Decimal = strawberry.field(default=Decimal(0), description="Stored value to spend (yuan).")
    used_at: datetime | None = strawberry.field(default=None, description="Default now.")
    store_id: strawberry.ID | None = strawberry.field(default=None, description="Where.")
    source: str = strawberry.field(default="pos", description="Sending system (1-40 characters).")
    external_id: str | None = strawberry.field(
        default=None,
        description="The sender's id for this use (at most 80 characters): a retry with the same source and "
        "externalId returns the stored use and takes nothing more off the card.",
    )


@strawberry.type(description="Result of cardUse.")
class CardUsePayload:
    card_use: CardUseType | None = strawberry.field(
        default=None, description="The card use; null when userErrors is not empty."
    )
    card: MemberCardType | None = strawberry.field(
        default=None, description="The card after the use; null when userErrors is not empty."
    )
    created: bool = strawberry.field(
        default=False, description="False when this use (source, externalId) was already recorded."
    )
    user_errors: list[OrderUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.input(description="A behaviour event from a partner. (source, externalId) makes it idempotent.")
class EventRecordInput:
    type: str = strawberry.field(description="Lower-case type, e.g. 'coupon.redeemed'.")
    source: str = strawberry.field(description="Who sends it, e.g. 'crm-bi'.")
    external_id: str = strawberry.field(description="The sender's unique id for this event.")
    occurred_at: datetime | None = strawberry.field(default=None, description="Default now.")
    member_id: strawberry.ID | None = strawberry.field(default=None, description="The member, by id...")
    member_phone: str | None = strawberry.field(default=None, description="...or by phone.")
    payload: JSON | None = strawberry.field(default=None, description="Any JSON object, at most 16 KB.")


@strawberry.type(description="Result of eventRecord.")
class EventRecordPayload:
    event: EventType | None = strawberry.field(
        default=None, description="The stored event (the first one, for a repeat); null when userErrors is not empty."
    )
    created: bool = strawberry.field(default=False, description="False when this event had been stored already.")
    user_errors: list[OrderUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


def _opt_id(value: strawberry.ID | None, kind: str, field: list[str]) -> int | None:
    return decode_id(value, kind, field) if value is not None else None


def _numeric(value: strawberry.ID | None, field: list[str]) -> int | None:
    from api.core.errors import DomainError

    if value is None:
        return None
    if not str(value).isdigit():
        raise DomainError.single(field, f"'{value}' is not a numeric id.")
    return int(value)


@strawberry.type
class OrderMutations:
    @strawberry.mutation(description="Record a purchase (goods, services, cards). Recomputes the member's totals.")
    async def order_record(
        self,
        info: strawberry.Info,
        input: Annotated[OrderRecordInput, strawberry.argument(description="The input; see its fields.")],
    ) -> OrderRecordPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            lines = []
            parse_errors: list[FieldError] = []
            for i, ln in enumerate(input.lines):
                p = ["input", "lines", str(i)]
                try:  # every line's problems at once, not just the first line's
                    lines.append(
                        services.LineInput(
                            kind=ModelLineKind(str(ln.kind.value)) if ln.kind else None,
                            product_id=_opt_id(ln.product_id, "Product", [*p, "productId"]),
                            card_product_id=_opt_id(ln.card_product_id, "CardProduct", [*p, "cardProductId"]),
                            name=ln.name,
                            category=ln.category,
                            quantity=ln.quantity,
                            unit_price_cents=money_to_cents(ln.unit_price, [*p, "unitPrice"])
                            if ln.unit_price is not None
                            else None,
                        )
                    )
                except DomainError as exc:
                    parse_errors.extend(exc.errors)
            if parse_errors:
                raise DomainError(parse_errors)
            order, created = await services.record_order(
                viewer,
                services.OrderInput(
                    member_id=decode_id(input.member_id, "Member", ["input", "memberId"]),
                    lines=lines,
                    ordered_at=input.ordered_at,
                    store_id=_opt_id(input.store_id, "Store", ["input", "storeId"]),
                    guide_id=_opt_id(input.guide_id, "Guide", ["input", "guideId"]),
                    source=input.source,
                    external_id=input.external_id,
                ),
            )
            return {"order": OrderType.from_model(order), "created": created}

        return await mutate(OrderRecordPayload, OrderUserError, OrderErrorCode, action)

    @strawberry.mutation(description="Refund part or all of an order. Totals are recomputed at once.")
    async def refund_record(
        self,
        info: strawberry.Info,
        input: Annotated[RefundRecordInput, strawberry.argument(description="The input; see its fields.")],
    ) -> RefundRecordPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            from api.orders.models import Order

            refund = await services.record_refund(
                viewer,
                order_id=decode_id(input.order_id, "Order", ["input", "orderId"]),
                amount_cents=money_to_cents(input.amount, ["input", "amount"]),
                line_id=_numeric(input.line_id, ["input", "lineId"]),
                reason=input.reason,
                refunded_at=input.refunded_at,
                external_id=input.external_id,
            )
            order = await Order.get(id=refund.order_id)
            return {"refund": RefundType.from_model(refund), "order": OrderType.from_model(order)}

        return await mutate(RefundRecordPayload, OrderUserError, OrderErrorCode, action)

    @strawberry.mutation(description="Record that a service was delivered to a member.")
    async def service_complete(
        self,
        info: strawberry.Info,
        input: Annotated[ServiceCompleteInput, strawberry.argument(description="The input; see its fields.")],
    ) -> ServiceCompletePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            c, created = await services.complete_service(
                viewer,
                member_id=decode_id(input.member_id, "Member", ["input", "memberId"]),
                order_line_id=_numeric(input.order_line_id, ["input", "orderLineId"]),
                product_id=_opt_id(input.product_id, "Product", ["input", "productId"]),
                completed_at=input.completed_at,
                store_id=_opt_id(input.store_id, "Store", ["input", "storeId"]),
                guide_id=_opt_id(input.guide_id, "Guide", ["input", "guideId"]),
                source=input.source,
                external_id=input.external_id,
            )
            return {"completion": ServiceCompletionType.from_model(c), "created": created}

        return await mutate(ServiceCompletePayload, OrderUserError, OrderErrorCode, action)

    @strawberry.mutation(description="Use a card (划卡/耗卡). Refused when the card expired or is short.")
    async def card_use(
        self,
        info: strawberry.Info,
        input: Annotated[CardUseInput, strawberry.argument(description="The input; see its fields.")],
    ) -> CardUsePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            use, created = await services.use_card(
                viewer,
                card_id=decode_id(input.card_id, "MemberCard", ["input", "cardId"]),
                uses=input.uses,
                amount_cents=money_to_cents(input.amount, ["input", "amount"]),
                used_at=input.used_at,
                store_id=_opt_id(input.store_id, "Store", ["input", "storeId"]),
                source=input.source,
                external_id=input.external_id,
            )
            card = await MemberCard.get(id=use.card_id)
            return {
                "card_use": CardUseType(
                    id=strawberry.ID(str(use.id)),
                    uses=use.uses,
                    amount=cents_to_money(use.amount_cents),
                    used_at=use.used_at,
                    remaining_uses=card.remaining_uses,
                    balance=cents_to_money(card.balance_cents),
                ),
                "card": MemberCardType.from_model(card),
                "created": created,
            }

        return await mutate(CardUsePayload, OrderUserError, OrderErrorCode, action)

    @strawberry.mutation(
        description="Record a behaviour event. Idempotent: the same (source, externalId) is stored once and "
        "the second call answers created: false with the stored event, if the caller can see it (its member is "
        "in the caller's reach; an event without a member: admins only); otherwise a DUPLICATE userError on "
        "externalId, without the event."
    )
    async def event_record(
        self,
        info: strawberry.Info,
        input: Annotated[EventRecordInput, strawberry.argument(description="The input; see its fields.")],
    ) -> EventRecordPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            event, created = await events.record_event(
                viewer,
                type=input.type,
                source=input.source,
                external_id=input.external_id,
                occurred_at=input.occurred_at,
                member_id=_opt_id(input.member_id, "Member", ["input", "memberId"]),
                member_phone=input.member_phone,
                payload=input.payload,  # type: ignore[arg-type]  # the service checks it is an object
            )
            return {"event": EventType.from_model(event), "created": created}

        return await mutate(EventRecordPayload, OrderUserError, OrderErrorCode, action)
