"""The Python evaluator: does one member satisfy a rule?  Used at trigger time.

When a behaviour-triggered plan fires for one member, compiling and running a query per event
would be wasteful; instead the member's facts are loaded once (``load_facts``: the member row, tags,
orders and lines, services, cards, points) and the rule is evaluated in memory.  It must agree with
the SQL compiler on every rule and member: both use the day boundaries of ``RuleContext``, and
hypothesis tests check that they agree on random rules and members on both databases.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from api.segments.compiler import GENDER_VALUES, parse_number
from api.segments.context import RfmThresholds, RuleContext


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
    return bool(_CONDITIONS[key](value, facts, ctx))


def _m(f: MemberFacts) -> Any:
    return f.member


def _gender(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    g = f.member.gender
    return (g.value if hasattr(g, "value") else g) in {GENDER_VALUES[x] for x in v["in"]}


def _age(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    b: date | None = f.member.birthday
    if b is None:
        return False
    if "min" in v and not b <= ctx.age_cutoff(v["min"]):
        return False
    return not ("max" in v and not b > ctx.age_cutoff(v["max"] + 1))


def _birthday(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    md = f.member.birthday_md
    return md is not None and md in ctx.birthday_mds(v["period"], v.get("days"))


def _registered(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    from api.core import clock

    at: datetime = f.member.registered_at
    if "before" in v and not at < clock.local_midnight(date.fromisoformat(v["before"])):
        return False
    if "after" in v:
        day_after = date.fromordinal(date.fromisoformat(v["after"]).toordinal() + 1)
        if not at >= clock.local_midnight(day_after):
            return False
    return not ("withinDays" in v and not at >= ctx.within_last(v["withinDays"]))


def _custom_attribute(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    attrs = f.member.custom_attributes
    if isinstance(attrs, str):
        attrs = json.loads(attrs)
    if not isinstance(attrs, dict) or v["key"] not in attrs:
        return False
    a = attrs[v["key"]]
    if "equals" in v:
        text = v["equals"]
        if isinstance(a, str):
            return a == text
        if isinstance(a, bool):
            return ("true" if a else "false") == text
        if isinstance(a, (int, float)):
            n = parse_number(text)
            return n is not None and float(a) == n
        return False
    if "contains" in v:
        return isinstance(a, str) and v["contains"] in a
    if isinstance(a, bool) or not isinstance(a, (int, float)) or not math.isfinite(float(a)):
        return False
    x = float(a)
    return ("min" not in v or x >= float(v["min"])) and ("max" not in v or x <= float(v["max"]))


def _last_purchase(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    at = f.member.last_purchase_at
    if at is None:
        return False
    if "moreThanDaysAgo" in v and not at < ctx.more_than_ago(v["moreThanDaysAgo"]):
        return False
    return not ("lessThanDaysAgo" in v and not at >= ctx.within_last(v["lessThanDaysAgo"]))


def _in_range(x: int, r: dict[str, int] | None) -> bool:
    if not r:
        return True
    return ("min" not in r or x >= r["min"]) and ("max" not in r or x <= r["max"])


def _purchases(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    start = ctx.within_last(v["days"])
    live = [o for o in f.orders if o.live and o.ordered_at >= start]
    return _in_range(len(live), v.get("orderCount")) and _in_range(sum(o.net_cents for o in live), v.get("spend"))


def _bought(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    start = ctx.within_last(v["days"]) if "days" in v else None
    products, cats = set(v.get("productIds") or ()), set(v.get("categories") or ())
    return any(
        line.live
        and (line.product_id in products or line.category in cats)
        and (start is None or line.order.ordered_at >= start)
        for line in f.lines
    )


def _service_completed(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    start = ctx.within_last(v["days"])
    products = set(v.get("productIds") or ())
    return any(at >= start and (not products or pid in products) for pid, at in f.services)


def _cards(f: MemberFacts, ctx: RuleContext, kind: str | None, v: dict[str, Any]) -> list[CardFact]:
    products = set(v.get("cardProductIds") or ())
    return [
        c for c in f.cards
        if (c.expires_at is None or c.expires_at > ctx.now)
        and (kind is None or c.kind == kind)
        and (not products or c.product_id in products)
    ]


def _stored_value(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    cards = _cards(f, ctx, "stored_value", v)
    if not cards:
        return False
    total = sum(c.balance_cents for c in cards)
    return ("below" not in v or total < v["below"]) and ("above" not in v or total > v["above"])


def _card_expiring(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    end = ctx.end_of_day_in(v["withinDays"])
    return any(c.expires_at is not None and c.expires_at < end for c in _cards(f, ctx, None, v))


def _punch(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    return any(
        c.remaining_uses is not None and c.remaining_uses <= v["atMost"]
        and ("atLeast" not in v or c.remaining_uses >= v["atLeast"])
        for c in _cards(f, ctx, "punch", v)
    )


def _points_expiring(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    end = ctx.end_of_day_in(v["withinDays"])
    expiring = sum(d for d, exp in f.points if d > 0 and exp is not None and ctx.now < exp < end)
    return f.member.points_balance >= v["atLeast"] and expiring >= v["atLeast"]


def reachable(member: Any, channel: str) -> bool:
    """Whether ``member`` can be reached on ``channel`` (identity present and consent given)."""
    if channel == "SMS":
        return bool(member.phone) and bool(member.sms_consent)
    if channel == "WECHAT":
        return bool(member.wechat_openid) and bool(member.wechat_subscribed)
    if channel == "WECOM":
        return bool(member.wecom_external_id)
    if channel == "EMAIL":
        return bool(member.email) and bool(member.email_consent)
    if channel == "PUSH":
        return bool(member.push_token) and bool(member.push_consent)
    raise AssertionError(channel)


def _in_segment(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    inside = evaluate(ctx.segment_rules[v["segmentId"]], f, ctx)
    return inside if v.get("isMember", True) else not inside


def rfm_label(last: datetime | None, th: RfmThresholds, ctx: RuleContext) -> str | None:
    """ACTIVE / SLEEPING / LOST from the last purchase; None for members who never purchased."""
    if last is None:
        return None
    if last >= ctx.more_than_ago(th.active_days):
        return "ACTIVE"
    if last >= ctx.more_than_ago(th.sleeping_days):
        return "SLEEPING"
    return "LOST"


def rfm_values(f: MemberFacts, ctx: RuleContext, category: str | None) -> tuple[str | None, int, int]:
    """(recency label, orders in the window, net spend in the window) for one member."""
    th = ctx.thresholds(category)
    start = ctx.within_last(th.window_days)
    if category is None:
        label = rfm_label(f.member.last_purchase_at, th, ctx)
        live = [o for o in f.orders if o.live and o.ordered_at >= start]
        return label, len(live), sum(o.net_cents for o in live)
    lines = [ln for ln in f.lines if ln.live and ln.category == category]
    last = max((ln.order.ordered_at for ln in lines), default=None)
    window = [ln for ln in lines if ln.order.ordered_at >= start]
    return rfm_label(last, th, ctx), len({ln.order.id for ln in window}), sum(ln.net_cents for ln in window)


def _rfm(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    th = ctx.thresholds(v.get("category"))
    label, freq, money = rfm_values(f, ctx, v.get("category"))
    if v.get("recency") and label not in v["recency"]:
        return False
    if v.get("frequency") and (freq >= th.frequency_high) != (v["frequency"] == "HIGH"):
        return False
    return not (v.get("monetary") and (money >= th.monetary_high_cents) != (v["monetary"] == "HIGH"))


_CONDITIONS: dict[str, Any] = {
    "gender": _gender,
    "age": _age,
    "birthday": _birthday,
    "registered": _registered,
    "source": lambda v, f, ctx: f.member.source in v["in"],
    "homeStore": lambda v, f, ctx: f.member.home_store_id in v["in"],
    "tier": lambda v, f, ctx: f.member.tier_id in v["in"],
    "tags": lambda v, f, ctx: {
        "ANY": lambda: bool(f.tags & set(v["tags"])),
        "ALL": lambda: set(v["tags"]) <= f.tags,
        "NONE": lambda: not (f.tags & set(v["tags"])),
    }[v["match"]](),
    "customAttribute": _custom_attribute,
    "guide": lambda v, f, ctx: f.member.guide_id in v["in"],
    "guideFriendDays": lambda v, f, ctx: f.member.guide_id is not None
    and f.member.guide_friend_since is not None
    and f.member.guide_friend_since < ctx.more_than_ago(v["moreThan"]),
    "noGuide": lambda v, f, ctx: (f.member.guide_id is None) == v,
    "lastPurchase": _last_purchase,
    "neverPurchased": lambda v, f, ctx: (f.member.last_purchase_at is None) == v,
    "firstVisit": lambda v, f, ctx: f.member.first_visit_at is not None
    and f.member.first_visit_at >= ctx.within_last(v["withinDays"]),
    "purchases": _purchases,
    "totalSpend": lambda v, f, ctx: _in_range(f.member.total_spend_cents, v),
    "bought": _bought,
    "serviceCompleted": _service_completed,
    "storedValueBalance": _stored_value,
    "cardExpiring": _card_expiring,
    "punchRemaining": _punch,
    "pointsBalance": lambda v, f, ctx: _in_range(f.member.points_balance, v),
    "pointsExpiring": _points_expiring,
    "reachable": lambda v, f, ctx: reachable(f.member, v["channel"]),
    "inSegment": _in_segment,
    "rfm": _rfm,
}
