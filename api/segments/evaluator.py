"""The Python evaluator: does one member satisfy a rule?  Used at trigger time.

When a behaviour-triggered plan fires for one member, compiling and running a query per event
would be wasteful; instead the member's facts are loaded once (``load_facts``: the member row, tags,
orders and lines, services, cards, points) and the rule is evaluated in memory.  It must agree with
the SQL compiler on every rule and member: both use the day boundaries of ``RuleContext``, and
hypothesis tests check that they agree on random rules and members on both databases.

Each condition's evaluation is its ``python`` in ``api.segments.conditions``; this module walks
``all`` / ``any`` / ``not`` and loads the facts (plus what conditions declare in ``facts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from api.segments import conditions
from api.segments.context import RuleContext


@dataclass
class OrderFact:
    id: int
    ordered_at: datetime
    live: bool  # not fully refunded
    net_cents: int


@dataclass
class LineFact:
    order: OrderFact
    product_id: int | None
    category: str
    live: bool  # line not fully refunded and order not fully refunded
    net_cents: int


@dataclass
class CardFact:
    product_id: int
    kind: str
    balance_cents: int
    remaining_uses: int | None
    expires_at: datetime | None


@dataclass
class MemberFacts:
    """Everything a rule can look at for one member."""

    member: Any  # api.members.models.Member
    tags: set[str] = field(default_factory=set)
    orders: list[OrderFact] = field(default_factory=list)
    lines: list[LineFact] = field(default_factory=list)
    services: list[tuple[int | None, datetime]] = field(default_factory=list)
    cards: list[CardFact] = field(default_factory=list)
    points: list[tuple[int, datetime | None]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Facts that conditions load themselves (``Condition.facts``), by name."""


async def load_facts(member_id: int) -> MemberFacts | None:
    """Load one member's facts in a handful of queries; None if the member does not exist."""
    from api.loyalty.models import MemberCard, PointsEntry
    from api.members.models import Member, MemberTag
    from api.orders.models import Order, OrderLine, OrderStatus, ServiceCompletion

    member = await Member.get_or_none(id=member_id)
    if member is None:
        return None
    facts = MemberFacts(member=member)
    facts.tags = {str(t) for t in await MemberTag.filter(member_id=member_id).values_list("tag", flat=True)}
    orders: dict[int, OrderFact] = {}
    for o in await Order.filter(member_id=member_id):
        orders[o.id] = OrderFact(o.id, o.ordered_at, o.status != OrderStatus.REFUNDED, o.total_cents - o.refunded_cents)
    facts.orders = list(orders.values())
    for line in await OrderLine.filter(order_id__in=list(orders)) if orders else []:
        order = orders[line.order_id]
        facts.lines.append(LineFact(order, line.product_id, line.category,
                                    order.live and line.amount_cents > line.refunded_cents,
                                    line.amount_cents - line.refunded_cents))
    facts.services = [(s.product_id, s.completed_at) for s in await ServiceCompletion.filter(member_id=member_id)]
    for c in await MemberCard.filter(member_id=member_id).prefetch_related("product"):
        facts.cards.append(CardFact(c.product_id, str(c.product.kind.value), c.balance_cents, c.remaining_uses,
                                    c.expires_at))
    facts.points = [(p.delta, p.expires_at) for p in await PointsEntry.filter(member_id=member_id)]
    for cond in conditions.all_conditions():
        for name, load in cond.facts.items():
            if name not in facts.extra:
                facts.extra[name] = await load(member_id)
    return facts


def evaluate(rule: dict[str, Any], facts: MemberFacts, ctx: RuleContext) -> bool:
    """Whether the member described by ``facts`` satisfies the (valid, prepared) ``rule``."""
    (key, value), = rule.items()
    if key == "all":
        return all(evaluate(c, facts, ctx) for c in value)
    if key == "any":
        return any(evaluate(c, facts, ctx) for c in value)
    if key == "not":
        return not evaluate(value, facts, ctx)
    cond = conditions.get(key)
    if cond is None:
        raise AssertionError(f"unknown condition {key!r} (rules are validated before evaluating)")
    return bool(cond.python(value, facts, ctx))
