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
from api.members.services import check_store_guide, get_member
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
    """The store and guide a fact is credited to must be in the viewer's reach."""
    await check_store_guide(viewer, store_id, guide_id, errors, ["input"], "storeId", "guideId")


async def record_order(viewer: Viewer, data: OrderInput) -> tuple[Order, bool]:
    """Record a purchase; returns (order, created).

    Idempotent on (source, external_id): sending the same order again returns the stored one.
    Card lines issue the member a card. Totals and tier are recomputed in the same transaction.
    """
    viewer.require("orders:write")
    member = await get_member(viewer, data.member_id, ["input", "memberId"], write=True)
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
            errors.add([*p, "unitPrice"], f"Unit price must be between 0 and {MAX_CENTS // 100} yuan.", "OUT_OF_RANGE")
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
    await get_member(viewer, order.member_id, ["input", "orderId"], write=True)
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
    source: str = "pos",
    external_id: str | None = None,
) -> tuple[ServiceCompletion, bool]:
    """Record that a service was delivered (e.g. for post-service follow-up plans); returns (completion, created).

    Idempotent on (source, external_id), as orders are: a POS retrying a call gets the stored completion
    back instead of a second one; the same id for another member is a ``DUPLICATE``.
    """
    viewer.require("orders:write")
    external_id = _check_pos_id(source, external_id)
    member = await get_member(viewer, member_id, ["input", "memberId"], write=True)
    if external_id:
        existing = await _stored_completion(source, external_id, member.id)
        if existing is not None:
            return existing, False
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
    try:
        # A savepoint: inside the caller's transaction a refused insert must not abort it (PostgreSQL).
        async with in_transaction():
            completion = await ServiceCompletion.create(
                member_id=member.id,
                order_line_id=order_line_id,
                product_id=product_id,
                completed_at=when,
                store_id=store_id or member.home_store_id,
                guide_id=guide_id or member.guide_id,
                source=source,
                external_id=external_id,
            )
    except IntegrityError:
        # A concurrent delivery of the same call was stored first: answer with it.
        existing = await _stored_completion(source, external_id, member.id) if external_id else None
        if existing is None:
            raise
        return existing, False
    return completion, True


def _check_pos_id(source: str, external_id: str | None) -> str | None:
    """Check a POS call's (source, external id); returns the external id, None when not given."""
    errors = ErrorCollector()
    if not source or len(source) > MAX_SOURCE:
        errors.add(["input", "source"], f"Source must be 1 to {MAX_SOURCE} characters.")
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
        errors.add(["input", "externalId"], f"External id is at most {MAX_EXTERNAL_ID} characters.")
    errors.raise_if_any()
    return external_id or None


async def _stored_completion(source: str, external_id: str, member_id: int) -> ServiceCompletion | None:
    """The completion already stored under this POS id; a ``DUPLICATE`` if it is another member's."""
    existing = await ServiceCompletion.get_or_none(source=source, external_id=external_id)
    if existing is not None and existing.member_id != member_id:
        raise DomainError.single(
            ["input", "externalId"], "This external id is already used by another member's service.", "DUPLICATE"
        )
    return existing


async def _stored_use(source: str, external_id: str, card_id: int) -> CardUse | None:
    """The card use already stored under this POS id; a ``DUPLICATE`` if it is another card's."""
    existing = await CardUse.get_or_none(source=source, external_id=external_id)
    if existing is not None and existing.card_id != card_id:
        raise DomainError.single(
            ["input", "externalId"], "This external id is already used by a use of another card.", "DUPLICATE"
        )
    return existing


async def use_card(
    viewer: Viewer,
    card_id: int,
    uses: int = 0,
    amount_cents: int = 0,
    used_at: datetime | None = None,
    store_id: int | None = None,
    source: str = "pos",
    external_id: str | None = None,
) -> tuple[CardUse, bool]:
    """Use a card (划卡/耗卡): punches off uses, or spends stored value; returns (use, created).

    Refused when expired or short.  Idempotent on (source, external_id): a POS retrying a call (even
    concurrently, even after the card ran out) gets the stored use back and the card is punched once;
    the same id for another card is a ``DUPLICATE``.
    """
    viewer.require("orders:write")
    external_id = _check_pos_id(source, external_id)
    card = await MemberCard.get_or_none(id=card_id).prefetch_related("product")
    if card is None:
        raise not_found(["input", "cardId"], f"No card with id {card_id}.")
    await get_member(viewer, card.member_id, ["input", "cardId"], write=True)
    if external_id:
        existing = await _stored_use(source, external_id, card.id)
        if existing is not None:
            return existing, False
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
    try:
        return await _punch(card.id, uses, amount_cents, when, store_id, source, external_id)
    except IntegrityError:
        # A concurrent delivery of the same call was stored first: answer with it.
        existing = await _stored_use(source, external_id, card.id) if external_id else None
        if existing is None:
            raise
        return existing, False


async def _punch(
    card_id: int,
    uses: int,
    amount_cents: int,
    when: datetime,
    store_id: int | None,
    source: str,
    external_id: str | None,
) -> tuple[CardUse, bool]:
    """Take the uses or the amount off the card and store the use, in one transaction with the card locked."""
    async with in_transaction():
        card = await MemberCard.select_for_update().get(id=card_id)
        if external_id:
            # A concurrent delivery may have committed while this one waited for the card's lock.
            same = await _stored_use(source, external_id, card.id)
            if same is not None:
                return same, False
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
        use = await CardUse.create(
            card_id=card.id,
            member_id=card.member_id,
            uses=uses,
            amount_cents=amount_cents,
            store_id=store_id,
            used_at=when,
            source=source,
            external_id=external_id,
        )
    return use, True


async def recompute_totals(member_ids: list[int] | None = None) -> int:
    """Recompute totals (and tier upgrades) in SQL for these members, or all when None.

    Fully refunded orders are ignored; partially refunded orders count at their net amount.
    Tiers only ever move up automatically. Returns the number of members whose totals changed.

    Only rows whose stored totals differ from the recomputed ones are written: every write to
    ``member`` is logged in the segment change log (``member_change``) and makes every API process's
    audience index catch up, so the nightly run over all members must not rewrite members whose
    totals are already right (that is almost all of them, since each write keeps totals in step).
    """
    from api.core.db import dialect

    conn = connections.get("default")
    pg = dialect() == "postgres"
    live = "o.member_id = m.id AND o.status <> 'refunded'"
    where = ""
    params: list[Any] = []
    if member_ids is not None:
        if not member_ids:
            return 0
        where = f" WHERE m.id IN ({_placeholders(len(member_ids))})"
        params = list(member_ids)
    differs = "IS DISTINCT FROM" if pg else "IS NOT"  # NULL-safe "not equal" (first/last purchase may be NULL)
    sql = (
        "UPDATE member SET order_count = t.order_count, total_spend_cents = t.total_spend_cents, "
        "last_purchase_at = t.last_purchase_at, first_visit_at = t.first_visit_at, points_balance = t.points_balance "
        "FROM (SELECT m.id, "
        f'(SELECT COUNT(*) FROM "order" o WHERE {live}) AS order_count, '
        "(SELECT COALESCE(SUM(o.total_cents - o.refunded_cents), 0) "
        f'FROM "order" o WHERE {live}) AS total_spend_cents, '
        f'(SELECT MAX(o.ordered_at) FROM "order" o WHERE {live}) AS last_purchase_at, '
        f'(SELECT MIN(o.ordered_at) FROM "order" o WHERE {live}) AS first_visit_at, '
        "(SELECT COALESCE(SUM(p.delta), 0) FROM points_entry p WHERE p.member_id = m.id) AS points_balance "
        f"FROM member m{where}) t "
        "WHERE member.id = t.id AND ("
        f"member.order_count {differs} t.order_count OR member.total_spend_cents {differs} t.total_spend_cents "
        f"OR member.points_balance {differs} t.points_balance "
        f"OR member.last_purchase_at {differs} t.last_purchase_at OR member.first_visit_at {differs} t.first_visit_at"
        ") RETURNING member.id"
    )
    updated = await conn.execute_query_dict(sql, params)
    tier_sql = (
        "UPDATE member SET tier_id = (SELECT t.id FROM tier t WHERE t.threshold_cents <= member.total_spend_cents "
        "ORDER BY t.level DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM tier t WHERE t.threshold_cents <= member.total_spend_cents "
        "AND t.level > COALESCE((SELECT c.level FROM tier c WHERE c.id = member.tier_id), -2147483648))"
        + (f" AND id IN ({_placeholders(len(params), start=1)})" if params else "")
    )
    await conn.execute_query(tier_sql, params)
    return len(updated)


def _placeholders(n: int, start: int = 1) -> str:
    from api.core.db import dialect

    if dialect() == "postgres":
        return ", ".join(f"${i}" for i in range(start, start + n))
    return ", ".join("?" for _ in range(n))


# -- settings: the brand-wide product catalogue (admins) -------------------------------------------
#
# Products are never deleted: order lines refer to them. A price change applies to future orders;
# lines keep the price they were sold at. Imports stay local to keep this section self-contained.

PRODUCT_SKU_MAX = 64
PRODUCT_NAME_MAX = 120
PRODUCT_CATEGORY_MAX = 60


async def _product_fields(errors: ErrorCollector, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    from api.org.services import check_unique, clean_code, clean_text

    out: dict[str, Any] = {}
    if "sku" in values:
        out["sku"] = clean_code(errors, values["sku"], ["input", "sku"], "SKU")
        if len(out["sku"]) > PRODUCT_SKU_MAX:
            errors.add(["input", "sku"], f"SKU is at most {PRODUCT_SKU_MAX} characters.", "TOO_LONG")
        await check_unique(errors, Product, "sku", out["sku"], ["input", "sku"], "SKU", own_id)
    if "name" in values:
        out["name"] = clean_text(errors, values["name"], ["input", "name"], "Name", PRODUCT_NAME_MAX)
    if "category" in values:
        out["category"] = clean_text(
            errors, values["category"], ["input", "category"], "Category", PRODUCT_CATEGORY_MAX
        )
    if values.get("kind") is not None:
        if values["kind"] is LineKind.CARD:
            errors.add(["input", "kind"], "Cards are sold as card products, not products.", "INVALID")
        out["kind"] = values["kind"]
    if values.get("price_cents") is not None:
        if not 0 <= values["price_cents"] <= MAX_CENTS:
            errors.add(["input", "price"], f"Price must be between 0 and {MAX_CENTS // 100} yuan.", "OUT_OF_RANGE")
        out["price_cents"] = values["price_cents"]
    return out


async def create_product(viewer: Viewer, values: dict[str, Any], *, ip: str | None = None) -> Product:
    """A new good or service in the catalogue (admins): ``values`` sku, name, kind, category,
    price_cents. SKUs are unique (DUPLICATE); prices are at least 0."""
    from api.audit.services import record
    from api.org.services import require_admin, unique_guard

    require_admin(viewer)
    errors = ErrorCollector()
    fields = await _product_fields(errors, {"sku": "", "name": "", "category": "", "price_cents": 0, **values}, None)
    if "kind" not in fields:
        errors.add(["input", "kind"], "Goods or service?", "REQUIRED")
    errors.raise_if_any()
    async with unique_guard(["input", "sku"], "SKU"):
        product = await Product.create(**fields)
        await record(viewer, "product.create", target_type="Product", target_id=product.id, details=fields, ip=ip)
    return product


async def update_product(viewer: Viewer, product_id: int, changes: dict[str, Any], *, ip: str | None = None) -> Product:
    """Change a product (admins); ``changes`` holds only the fields given."""
    from api.audit.services import save_changes
    from api.org.services import require_admin, unique_guard

    require_admin(viewer)
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise DomainError.single(["id"], f"No product with id {product_id}.", "NOT_FOUND")
    errors = ErrorCollector()
    new = await _product_fields(errors, changes, product.id)
    errors.raise_if_any()
    async with unique_guard(["input", "sku"], "SKU"):
        await save_changes(viewer, product, new, "product.update", ip=ip)
    return product
