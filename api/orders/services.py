"""Orders, refunds, service completions, card uses and member totals.

Every write happens in one transaction and recomputes the member's totals inside it, so totals
that segments read (first visit, last purchase, order count, spend) are never out of step.
A fully refunded order no longer counts: not as an order, not as spend, not as a visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.core import clock
from api.core.errors import DomainError, ErrorCollector, not_found
from api.core.viewer import Viewer
from api.loyalty.models import CardKind, CardProduct, MemberCard, Tier
from api.members.models import Member
from api.members.services import get_member
from api.orders.models import (
    CardUse,
    LineKind,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    Refund,
    ServiceCompletion,
)
from api.org.models import Guide, Store

MAX_LINES = 200
MAX_CENTS = 10**12
MAX_SOURCE = 40  # Order.source
MAX_EXTERNAL_ID = 80  # Order.external_id, Refund.external_id


@dataclass
class LineInput:
    kind: LineKind | None = None
    product_id: int | None = None
    card_product_id: int | None = None
    name: str | None = None
    category: str | None = None
    quantity: int = 1
    unit_price_cents: int | None = None


@dataclass
class OrderInput:
    member_id: int
    lines: list[LineInput]
    ordered_at: datetime | None = None
    store_id: int | None = None
    guide_id: int | None = None
    source: str = "pos"
    external_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


async def list_products(viewer: Viewer) -> list[Product]:
    """The catalogue of goods and services, by category then name."""
    return await Product.all().order_by("category", "name")


async def _check_store_guide(
    viewer: Viewer, store_id: int | None, guide_id: int | None, errors: ErrorCollector
) -> None:
    if store_id is not None:
        store = await Store.get_or_none(id=store_id)
        if store is None:
            errors.add(["input", "storeId"], f"No store with id {store_id}.", "NOT_FOUND")
    if guide_id is not None and not await Guide.exists(id=guide_id):
        errors.add(["input", "guideId"], f"No guide with id {guide_id}.", "NOT_FOUND")


async def record_order(viewer: Viewer, data: OrderInput) -> tuple[Order, bool]:
    """Record a purchase; returns (order, created).

    Idempotent on (source, external_id): sending the same order again returns the stored one.
    Card lines issue the member a card. Totals and tier are recomputed in the same transaction.
    """
    viewer.require("orders:write")
    member = await get_member(viewer, data.member_id, ["input", "memberId"])
    ids = ErrorCollector()
    if not data.source or len(data.source) > MAX_SOURCE:
        ids.add(["input", "source"], f"Source must be 1 to {MAX_SOURCE} characters.")
    if data.external_id is not None and len(data.external_id) > MAX_EXTERNAL_ID:
        ids.add(["input", "externalId"], f"External id is at most {MAX_EXTERNAL_ID} characters.")
    ids.raise_if_any()
    if data.external_id:
        existing = await Order.get_or_none(source=data.source, external_id=data.external_id)
        if existing is not None:
            if existing.member_id != member.id:
                raise DomainError.single(
                    ["input", "externalId"], "This external id is already used by another member's order.", "DUPLICATE"
                )
            return existing, False
    errors = ErrorCollector()
    ordered_at = clock.to_utc(data.ordered_at) if data.ordered_at else clock.now()
    if ordered_at > clock.now() + timedelta(minutes=5):
        errors.add(["input", "orderedAt"], "An order cannot be in the future.", "OUT_OF_RANGE")
    if not data.lines:
        errors.add(["input", "lines"], "An order needs at least one line.", "REQUIRED")
    if len(data.lines) > MAX_LINES:
        errors.add(["input", "lines"], f"An order has at most {MAX_LINES} lines.", "OUT_OF_RANGE")
    await _check_store_guide(viewer, data.store_id, data.guide_id, errors)

    product_ids = {ln.product_id for ln in data.lines if ln.product_id is not None}
    card_ids = {ln.card_product_id for ln in data.lines if ln.card_product_id is not None}
    products = {p.id: p for p in await Product.filter(id__in=list(product_ids))}
    cards = {c.id: c for c in await CardProduct.filter(id__in=list(card_ids))}
    lines: list[OrderLine] = []
    for i, ln in enumerate(data.lines):
        p = ["input", "lines", str(i)]
        product = products.get(ln.product_id) if ln.product_id is not None else None
        card = cards.get(ln.card_product_id) if ln.card_product_id is not None else None
        if ln.product_id is not None and product is None:
            errors.add([*p, "productId"], f"No product with id {ln.product_id}.", "NOT_FOUND")
            continue
        if ln.card_product_id is not None and card is None:
            errors.add([*p, "cardProductId"], f"No card product with id {ln.card_product_id}.", "NOT_FOUND")
            continue
        if product is not None and card is not None:
            errors.add(p, "A line is either a product or a card, not both.")
            continue
        kind = LineKind.CARD if card else (product.kind if product else ln.kind)
        if kind is None:
            errors.add([*p, "kind"], "Give a productId, a cardProductId or a kind.", "REQUIRED")
            continue
        if ln.kind is not None and ln.kind != kind:
            errors.add([*p, "kind"], f"The product is a {kind.value}, not a {ln.kind.value}.")
            continue
        if kind is LineKind.CARD and card is None:
            errors.add([*p, "cardProductId"], "A card line must name its card product.", "REQUIRED")
            continue
        name = ln.name or (product.name if product else card.name if card else "")
        if not name:
            errors.add([*p, "name"], "A line without a product needs a name.", "REQUIRED")
            continue
        if ln.quantity < 1 or ln.quantity > 10_000:
            errors.add([*p, "quantity"], "Quantity must be between 1 and 10000.", "OUT_OF_RANGE")
            continue
        unit = ln.unit_price_cents
        if unit is None:
            unit = product.price_cents if product else card.price_cents if card else None
        if unit is None:
            errors.add([*p, "unitPrice"], "A line without a product needs a unit price.", "REQUIRED")
            continue
        if unit < 0 or unit > MAX_CENTS:
            errors.add([*p, "unitPrice"], "Unit price must be zero or more.", "OUT_OF_RANGE")
            continue
        lines.append(
            OrderLine(
                kind=kind,
                product_id=product.id if product else None,
                card_product_id=card.id if card else None,
                name=name,
                category=ln.category or (product.category if product else "card" if card else ""),
                quantity=ln.quantity,
                unit_price_cents=unit,
                amount_cents=unit * ln.quantity,
            )
        )
    errors.raise_if_any()
    try:
        async with in_transaction():
            order = await Order.create(
                member_id=member.id,
                store_id=data.store_id or member.home_store_id,
                guide_id=data.guide_id or member.guide_id,
                source=data.source,
                external_id=data.external_id,
                ordered_at=ordered_at,
                total_cents=sum(line.amount_cents for line in lines),
            )
            for line in lines:
                line.order_id = order.id
                await line.save()
                if line.kind is LineKind.CARD and line.card_product_id is not None:
                    await _issue_cards(member, cards[line.card_product_id], line, ordered_at)
            await recompute_totals([member.id])
    except IntegrityError:
        # A concurrent request stored the same (source, external_id) first.
        existing = await Order.get_or_none(source=data.source, external_id=data.external_id)
        if existing is None:
            raise
        return existing, False
    return order, True


async def _issue_cards(member: Member, product: CardProduct, line: OrderLine, at: datetime) -> None:
    expires = at + timedelta(days=product.validity_days) if product.validity_days else None
    for _ in range(line.quantity):
        await MemberCard.create(
            member_id=member.id,
            product_id=product.id,
            balance_cents=product.face_value_cents if product.kind is CardKind.STORED_VALUE else 0,
            remaining_uses=product.total_uses if product.kind is CardKind.PUNCH else None,
            issued_at=at,
            expires_at=expires,
            order_line_id=line.id,
        )
    if product.grants_tier_id is not None:
        # "Stored value makes you a member": a card can grant a tier, never lowering one.
        await _raise_tier(member.id, product.grants_tier_id)


async def _raise_tier(member_id: int, tier_id: int) -> None:
    member = await Member.get(id=member_id)
    new = await Tier.get(id=tier_id)
    if member.tier_id is None:
        await Member.filter(id=member_id).update(tier_id=tier_id)
        return
    current = await Tier.get(id=member.tier_id)
    if new.level > current.level:
        await Member.filter(id=member_id).update(tier_id=tier_id)


async def record_refund(
    viewer: Viewer,
    order_id: int,
    amount_cents: int,
    line_id: int | None = None,
    reason: str = "",
    refunded_at: datetime | None = None,
    external_id: str | None = None,
) -> Refund:
    """Refund part or all of an order (or of one line). A refund never exceeds what is left."""
    viewer.require("orders:write")
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
        raise DomainError.single(["input", "externalId"], f"External id is at most {MAX_EXTERNAL_ID} characters.")
    order = await Order.get_or_none(id=order_id)
    if order is None:
        raise not_found(["input", "orderId"], f"No order with id {order_id}.")
    await get_member(viewer, order.member_id, ["input", "orderId"])
    if external_id:
        existing = await Refund.get_or_none(external_id=external_id)
        if existing is not None:
            if existing.order_id != order.id:
                raise DomainError.single(
                    ["input", "externalId"],
                    "This external id is already used by a refund of another order.",
                    "DUPLICATE",
                )
            return existing
    errors = ErrorCollector()
    when = clock.to_utc(refunded_at) if refunded_at else clock.now()
    if when < order.ordered_at:
        errors.add(["input", "refundedAt"], "A refund cannot precede its order.", "OUT_OF_RANGE")
    if when > clock.now() + timedelta(minutes=5):
        errors.add(["input", "refundedAt"], "A refund cannot be in the future.", "OUT_OF_RANGE")
    if amount_cents <= 0:
        errors.add(["input", "amount"], "The refund amount must be more than zero.", "OUT_OF_RANGE")
    line: OrderLine | None = None
    if line_id is not None:
        line = await OrderLine.get_or_none(id=line_id, order_id=order.id)
        if line is None:
            errors.add(["input", "lineId"], f"Order {order_id} has no line {line_id}.", "NOT_FOUND")
    errors.raise_if_any()
    async with in_transaction():
        # Re-read under the transaction (row lock on PostgreSQL) so two refunds cannot both pass.
        order = await Order.select_for_update().get(id=order.id)
        if external_id:
            # A concurrent delivery of the same refund may have committed while we waited for the lock.
            same = await Refund.get_or_none(external_id=external_id, order_id=order.id)
            if same is not None:
                return same
        left = order.total_cents - order.refunded_cents
        if amount_cents > left:
            raise DomainError.single(
                ["input", "amount"],
                f"Refund of {amount_cents / 100:.2f} is more than the {left / 100:.2f} left on the order.",
                "OUT_OF_RANGE",
            )
        if line is not None:
            line = await OrderLine.select_for_update().get(id=line.id)
            line_left = line.amount_cents - line.refunded_cents
            if amount_cents > line_left:
                raise DomainError.single(
                    ["input", "amount"],
                    f"Refund of {amount_cents / 100:.2f} is more than the {line_left / 100:.2f} left on the line.",
                    "OUT_OF_RANGE",
                )
            line.refunded_cents += amount_cents
            await line.save(update_fields=["refunded_cents"])
        refund = await Refund.create(
            order_id=order.id,
            line_id=line.id if line else None,
            amount_cents=amount_cents,
            refunded_at=when,
            reason=reason[:255],
            external_id=external_id,
        )
        order.refunded_cents += amount_cents
        order.status = (
            OrderStatus.REFUNDED if order.refunded_cents >= order.total_cents else OrderStatus.PARTIALLY_REFUNDED
        )
        await order.save(update_fields=["refunded_cents", "status"])
        await recompute_totals([order.member_id])
    return refund


async def complete_service(
    viewer: Viewer,
    member_id: int,
    order_line_id: int | None = None,
    product_id: int | None = None,
    completed_at: datetime | None = None,
    store_id: int | None = None,
    guide_id: int | None = None,
) -> ServiceCompletion:
    """Record that a service was delivered (e.g. for post-service follow-up plans)."""
    viewer.require("orders:write")
    member = await get_member(viewer, member_id, ["input", "memberId"])
    errors = ErrorCollector()
    when = clock.to_utc(completed_at) if completed_at else clock.now()
    if when > clock.now() + timedelta(minutes=5):
        errors.add(["input", "completedAt"], "A completion cannot be in the future.", "OUT_OF_RANGE")
    if order_line_id is None and product_id is None:
        errors.add(["input", "productId"], "Name the service: an order line or a product.", "REQUIRED")
    if order_line_id is not None:
        line = await OrderLine.get_or_none(id=order_line_id).prefetch_related("order")
        if line is None:
            errors.add(["input", "orderLineId"], f"No order line with id {order_line_id}.", "NOT_FOUND")
        elif line.order.member_id != member.id:
            errors.add(["input", "orderLineId"], "That order line belongs to another member.")
        elif line.kind is not LineKind.SERVICE:
            errors.add(["input", "orderLineId"], "That order line is not a service.")
        else:
            product_id = product_id or line.product_id
    if product_id is not None:
        product = await Product.get_or_none(id=product_id)
        if product is None:
            errors.add(["input", "productId"], f"No product with id {product_id}.", "NOT_FOUND")
        elif product.kind is not LineKind.SERVICE:
            errors.add(["input", "productId"], f"'{product.name}' is not a service.")
    await _check_store_guide(viewer, store_id, guide_id, errors)
    errors.raise_if_any()
    return await ServiceCompletion.create(
        member_id=member.id,
        order_line_id=order_line_id,
        product_id=product_id,
        completed_at=when,
        store_id=store_id or member.home_store_id,
        guide_id=guide_id or member.guide_id,
    )


async def use_card(
    viewer: Viewer,
    card_id: int,
    uses: int = 0,
    amount_cents: int = 0,
    used_at: datetime | None = None,
    store_id: int | None = None,
) -> CardUse:
    """Use a card (划卡/耗卡): punches off uses, or spends stored value. Refused when expired or short."""
    viewer.require("orders:write")
    card = await MemberCard.get_or_none(id=card_id).prefetch_related("product")
    if card is None:
        raise not_found(["input", "cardId"], f"No card with id {card_id}.")
    await get_member(viewer, card.member_id, ["input", "cardId"])
    when = clock.to_utc(used_at) if used_at else clock.now()
    errors = ErrorCollector()
    if when > clock.now() + timedelta(minutes=5):
        errors.add(["input", "usedAt"], "A card use cannot be in the future.", "OUT_OF_RANGE")
    if card.expires_at is not None and card.expires_at <= when:
        errors.add(["input", "cardId"], f"The card expired on {card.expires_at.date().isoformat()}.", "EXPIRED")
    if card.product.kind is CardKind.PUNCH:
        if amount_cents:
            errors.add(["input", "amount"], "A punch card is used by uses, not by amount.")
        if uses < 1:
            errors.add(["input", "uses"], "Use at least one.", "OUT_OF_RANGE")
    else:
        if uses:
            errors.add(["input", "uses"], "A stored-value card is used by amount, not by uses.")
        if amount_cents <= 0:
            errors.add(["input", "amount"], "The amount must be more than zero.", "OUT_OF_RANGE")
    await _check_store_guide(viewer, store_id, None, errors)
    errors.raise_if_any()
    async with in_transaction():
        card = await MemberCard.select_for_update().get(id=card.id)
        if card.remaining_uses is not None and uses > card.remaining_uses:
            raise DomainError.single(
                ["input", "uses"], f"Only {card.remaining_uses} use(s) left on this card.", "INSUFFICIENT"
            )
        if amount_cents > card.balance_cents:
            raise DomainError.single(
                ["input", "amount"], f"Only {card.balance_cents / 100:.2f} left on this card.", "INSUFFICIENT"
            )
        if card.remaining_uses is not None:
            card.remaining_uses -= uses
        card.balance_cents -= amount_cents
        await card.save(update_fields=["remaining_uses", "balance_cents"])
        return await CardUse.create(
            card_id=card.id,
            member_id=card.member_id,
            uses=uses,
            amount_cents=amount_cents,
            store_id=store_id,
            used_at=when,
        )


async def recompute_totals(member_ids: list[int] | None = None) -> int:
    """Recompute totals (and tier upgrades) in SQL for these members, or all when None.

    Fully refunded orders are ignored; partially refunded orders count at their net amount.
    Tiers only ever move up automatically. Returns the number of members updated.
    """
    conn = connections.get("default")
    live = "o.member_id = member.id AND o.status <> 'refunded'"
    where = ""
    params: list[Any] = []
    if member_ids is not None:
        if not member_ids:
            return 0
        ph = _placeholders(len(member_ids))
        where = f" WHERE id IN ({ph})"
        params = list(member_ids)
    sql = (
        "UPDATE member SET "
        f'order_count = (SELECT COUNT(*) FROM "order" o WHERE {live}), '
        f'total_spend_cents = (SELECT COALESCE(SUM(o.total_cents - o.refunded_cents), 0) FROM "order" o WHERE {live}), '
        f'last_purchase_at = (SELECT MAX(o.ordered_at) FROM "order" o WHERE {live}), '
        f'first_visit_at = (SELECT MIN(o.ordered_at) FROM "order" o WHERE {live}), '
        "points_balance = (SELECT COALESCE(SUM(p.delta), 0) FROM points_entry p WHERE p.member_id = member.id)"
        f"{where}"
    )
    updated = await conn.execute_query(sql, params)
    tier_sql = (
        "UPDATE member SET tier_id = (SELECT t.id FROM tier t WHERE t.threshold_cents <= member.total_spend_cents "
        "ORDER BY t.level DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM tier t WHERE t.threshold_cents <= member.total_spend_cents "
        "AND t.level > COALESCE((SELECT c.level FROM tier c WHERE c.id = member.tier_id), -2147483648))"
        + (f" AND id IN ({_placeholders(len(params), start=1)})" if params else "")
    )
    await conn.execute_query(tier_sql, params)
    return int(updated[0]) if isinstance(updated, tuple) else len(member_ids or [])


def _placeholders(n: int, start: int = 1) -> str:
    from api.core.db import dialect

    if dialect() == "postgres":
        return ", ".join(f"${i}" for i in range(start, start + n))
    return ", ".join("?" for _ in range(n))
