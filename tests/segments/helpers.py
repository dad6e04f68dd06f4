"""Segment-test factories: orders, cards, points and services written as plain rows.

The segment compiler reads these tables directly, so tests build exactly the state they need
(including partial and full refunds) without going through the order services' side effects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise import connections

from api.core.db import dialect
from api.loyalty.models import CardProduct, MemberCard, PointsEntry
from api.members.models import Member, MemberTag
from api.orders.models import LineKind, Order, OrderLine, OrderStatus, Product, ServiceCompletion
from api.segments.compiler import Sql


async def add_order(
    member: Member,
    at: datetime,
    lines: list[tuple[Product | None, int, int]] | None = None,
    total_cents: int | None = None,
    refunded_cents: int = 0,
) -> Order:
    """An order with ``lines`` as (product, amount_cents, refunded_cents); status follows the refund."""
    lines = lines or []
    total = total_cents if total_cents is not None else sum(a for _, a, _ in lines) or 10000
    status = (
        OrderStatus.PAID if refunded_cents == 0
        else OrderStatus.REFUNDED if refunded_cents >= total else OrderStatus.PARTIALLY_REFUNDED
    )
    order = await Order.create(member=member, ordered_at=at, total_cents=total, refunded_cents=refunded_cents,
                               status=status)
    for product, amount, refunded in lines:
        await OrderLine.create(
            order=order, kind=product.kind if product else LineKind.GOODS, product=product,
            name=product.name if product else "misc", category=product.category if product else "",
            unit_price_cents=amount, amount_cents=amount, refunded_cents=refunded,
        )
    return order


async def add_card(member: Member, product: CardProduct, *, balance_cents: int = 0, remaining_uses: int | None = None,
                   expires_at: datetime | None = None, issued_at: datetime | None = None) -> MemberCard:
    return await MemberCard.create(member=member, product=product, balance_cents=balance_cents,
                                   remaining_uses=remaining_uses, expires_at=expires_at,
                                   issued_at=issued_at or datetime(2020, 1, 1))


async def add_points(member: Member, delta: int, at: datetime, expires_at: datetime | None = None) -> PointsEntry:
    return await PointsEntry.create(member=member, delta=delta, reason="test", occurred_at=at, expires_at=expires_at)


async def add_service(member: Member, product: Product | None, at: datetime) -> ServiceCompletion:
    return await ServiceCompletion.create(member=member, product=product, completed_at=at)


async def tag(member: Member, *tags: str) -> None:
    for t in tags:
        await MemberTag.create(member=member, tag=t)


async def sql_ids(pred: Sql) -> set[int]:
    """Ids of members matching a compiled predicate, on the current database."""
    text, params = Sql(f"SELECT m.id AS id FROM member m WHERE {pred.text}", pred.params).render(dialect())
    rows = await connections.get("default").execute_query_dict(text, params)
    return {int(r["id"]) for r in rows}


def one(**kw: Any) -> dict[str, Any]:
    """A rule of one condition: ``one(gender={"in": ["FEMALE"]})``."""
    assert len(kw) == 1
    return dict(kw)
