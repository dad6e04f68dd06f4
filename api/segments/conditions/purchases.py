"""Purchase conditions: last purchase, never purchased, first visit, orders / spend in a window, total spend.

Fully refunded orders never count; spend is totals minus refunds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import LIVE_ORDER, Compiler, Sql, range_having
from api.segments.conditions.base import ANY_INT, MAX_DAYS, Admin, AdminField, Condition, Field, register
from api.segments.conditions.profile import draw_int, draw_range
from api.segments.conditions.relational import in_range, member_null, member_range

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

DAYS = f"Days, 0–{MAX_DAYS}."


def days(required: bool = False, lo: int = 0, description: str = "") -> Field:
    """A day-count field (0 or 1 up to ``MAX_DAYS``)."""
    return Field("int", required, lo=lo, hi=MAX_DAYS, description=description)


# -- last purchase --------------------------------------------------------------------------------

def _last_check(value: dict[str, Any], err: Any) -> None:
    if value.get("moreThanDaysAgo") is None and value.get("lessThanDaysAgo") is None:
        err([], "Give moreThanDaysAgo, lessThanDaysAgo or both.")


def _last_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    parts = ["m.last_purchase_at IS NOT NULL"]
    params: list[Any] = []
    if "moreThanDaysAgo" in v:
        parts.append("m.last_purchase_at < ?")
        params.append(c.ctx.more_than_ago(v["moreThanDaysAgo"]))
    if "lessThanDaysAgo" in v:
        parts.append("m.last_purchase_at >= ?")
        params.append(c.ctx.within_last(v["lessThanDaysAgo"]))
    return Sql(" AND ".join(parts), params)


def _last_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    at = f.member.last_purchase_at
    if at is None:
        return False
    if "moreThanDaysAgo" in v and not at < ctx.more_than_ago(v["moreThanDaysAgo"]):
        return False
    return not ("lessThanDaysAgo" in v and not at >= ctx.within_last(v["lessThanDaysAgo"]))


def _last_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL, us

    at = e.col("last_purchase_at")
    out = at != NULL
    if "moreThanDaysAgo" in v:
        out &= at < us(e.ctx.more_than_ago(v["moreThanDaysAgo"]))
    if "lessThanDaysAgo" in v:
        out &= at >= us(e.ctx.within_last(v["lessThanDaysAgo"]))
    return out


def _last_strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    v = {k: x for k, x in {"moreThanDaysAgo": draw(st.one_of(st.none(), st.integers(0, 400))),
                           "lessThanDaysAgo": draw(st.one_of(st.none(), st.integers(1, 400)))}.items()
         if x is not None}
    return v or {"moreThanDaysAgo": 10}


register(Condition(
    key="lastPurchase", family="purchases", position=130, description="Last purchase age.",
    input_name="LastPurchaseCondition",
    input_description="Last purchase (fully refunded orders do not count). Members who never purchased "
    "never match: use neverPurchased for them.",
    fields={"moreThanDaysAgo": days(description="Last purchase before the start of day today−N. " + DAYS),
            "lessThanDaysAgo": days(lo=1, description="Last purchase within the last N days, today counting as one "
                                    "(N ≥ 1).")},
    check=_last_check, sql=_last_sql, python=_last_py, vector=_last_vec, strategy=_last_strategy,
    edges=[{"moreThanDaysAgo": 0}, {"lessThanDaysAgo": 1}, {"moreThanDaysAgo": MAX_DAYS},
           {"moreThanDaysAgo": 1, "lessThanDaysAgo": 3}],
    admin=Admin("purchase", "cond.lastPurchase", [
        AdminField("moreThanDaysAgo", "int", "field.moreThanDaysAgo", min=0, suffix="unit.days"),
        AdminField("lessThanDaysAgo", "int", "field.lessThanDaysAgo", min=1, suffix="unit.days")],
        defaults={"moreThanDaysAgo": 90}, one_of=["moreThanDaysAgo", "lessThanDaysAgo"]),
))

_never = member_null("last_purchase_at")
register(Condition(
    key="neverPurchased", family="purchases", position=140,
    description="true: no counted purchase ever. false: at least one.",
    fields=None, sql=_never.sql, python=_never.python, vector=_never.vector,
    strategy=lambda draw, refs: draw_int(draw, 0, 1) == 1, edges=[True, False],
    admin=Admin("purchase", "cond.neverPurchased", []),
))


# -- first visit ----------------------------------------------------------------------------------

def _first_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL, us

    at = e.col("first_visit_at")
    return (at != NULL) & (at >= us(e.ctx.within_last(v["withinDays"])))


register(Condition(
    key="firstVisit", family="purchases", position=150, description="First visit recently.",
    input_name="FirstVisitCondition",
    input_description="First visit (first counted order) within the last N days, today counting as one.",
    fields={"withinDays": days(True, lo=1, description="N ≥ 1.")},
    sql=lambda c, v: Sql("m.first_visit_at IS NOT NULL AND m.first_visit_at >= ?",
                         [c.ctx.within_last(v["withinDays"])]),
    python=lambda v, f, ctx: f.member.first_visit_at is not None
    and f.member.first_visit_at >= ctx.within_last(v["withinDays"]),
    vector=_first_vec,
    strategy=lambda draw, refs: {"withinDays": draw_int(draw, 1, 400)},
    edges=[{"withinDays": 1}, {"withinDays": MAX_DAYS}],
    admin=Admin("purchase", "cond.firstVisit", [
        AdminField("withinDays", "int", "field.withinDays", required=True, min=1, suffix="unit.days")],
        defaults={"withinDays": 30}),
))


# -- orders and spend in a window ------------------------------------------------------------------

def _purchases_check(value: dict[str, Any], err: Any) -> None:
    if value.get("orderCount") is None and value.get("spend") is None:
        err([], "Give orderCount, spend or both.")


def _purchases_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    source = Sql(f'SELECT o.member_id FROM "order" o WHERE o.ordered_at >= ? AND {LIVE_ORDER} '
                 "GROUP BY o.member_id", [c.ctx.within_last(v["days"])])
    count, spend = "COUNT(*)", "SUM(o.total_cents - o.refunded_cents)"
    return c.grouped(source, range_having(count, v.get("orderCount")) + range_having(spend, v.get("spend")),
                     {count: 0, spend: 0})


def _purchases_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    start = ctx.within_last(v["days"])
    live = [o for o in f.orders if o.live and o.ordered_at >= start]
    return in_range(len(live), v.get("orderCount")) and in_range(sum(o.net_cents for o in live), v.get("spend"))


def _purchases_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    count, spend = e.order_window(v["days"])
    return e.in_range(count, v.get("orderCount")) & e.in_range(spend, v.get("spend"))


def _purchases_strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    v: dict[str, Any] = {"days": draw_int(draw, 1, 400)}
    if draw(st.booleans()):
        v["orderCount"] = draw_range(draw, 0, 3)
    if draw(st.booleans()):
        v["spend"] = draw_range(draw, 0, 30000)
    if "orderCount" not in v and "spend" not in v:
        v["orderCount"] = {"max": 0}
    return v


register(Condition(
    key="purchases", family="purchases", position=160, description="Orders / spend in a window.",
    input_name="PurchasesCondition",
    input_description="Orders and net spend in the last N days (today counting as one). Fully refunded "
    "orders do not count; spend is totals minus refunds. Members with no orders have 0 and 0.",
    fields={"days": days(True, lo=1, description="Window in days, N ≥ 1."),
            "orderCount": Field("range", lo=0, hi=ANY_INT, description="Orders in the window."),
            "spend": Field("range", lo=0, hi=ANY_INT, money=True, description="Net spend in the window, cents.")},
    check=_purchases_check, sql=_purchases_sql, python=_purchases_py, vector=_purchases_vec,
    strategy=_purchases_strategy,
    edges=[{"days": 1, "orderCount": {"max": 0}}, {"days": 1, "orderCount": {"min": 1}},
           {"days": MAX_DAYS, "spend": {"min": 0}}, {"days": 30, "orderCount": {"min": 0, "max": 0}},
           {"days": 30, "spend": {"max": 0}, "orderCount": {"min": 1}}],
    admin=Admin("purchase", "cond.purchases", [
        AdminField("days", "int", "field.lastDays", required=True, min=1, suffix="unit.days"),
        AdminField("orderCount.min", "int", "field.ordersMin", min=0),
        AdminField("orderCount.max", "int", "field.ordersMax", min=0),
        AdminField("spend.min", "money", "field.minAmount"), AdminField("spend.max", "money", "field.maxAmount")],
        defaults={"days": 365, "orderCount.min": 2},
        one_of=["orderCount.min", "orderCount.max", "spend.min", "spend.max"],
        ranges=[("orderCount.min", "orderCount.max"), ("spend.min", "spend.max")]),
))


# -- lifetime spend --------------------------------------------------------------------------------

def min_le_max(value: dict[str, Any], err: Any) -> None:
    lo, hi = value.get("min"), value.get("max")
    if lo is None and hi is None:
        err([], "Give min, max or both.")
    elif lo is not None and hi is not None and lo > hi:
        err(["min"], "min must not be greater than max.")


_spend = member_range("total_spend_cents")
register(Condition(
    key="totalSpend", family="purchases", position=170, description="Lifetime net spend, cents.",
    input_name="CentsRangeInput",
    fields={"min": Field("int", lo=0, hi=ANY_INT, money=True, description="Lowest amount in cents (inclusive)."),
            "max": Field("int", lo=0, hi=ANY_INT, money=True, description="Highest amount in cents (inclusive).")},
    check=min_le_max, sql=_spend.sql, python=_spend.python, vector=_spend.vector,
    strategy=lambda draw, refs: draw_range(draw, 0, 30000),
    edges=[{"min": 0}, {"max": 0}, {"min": ANY_INT}],
    admin=Admin("purchase", "cond.totalSpend", [AdminField("min", "money", "field.minAmount"),
                                                AdminField("max", "money", "field.maxAmount")],
                defaults={"min": 5000}, one_of=["min", "max"], ranges=[("min", "max")]),
))
