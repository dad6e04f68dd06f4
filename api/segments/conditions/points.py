"""Points conditions: the balance, and points expiring soon."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql
from api.segments.conditions.base import INT4_MAX, MAX_DAYS, Admin, AdminField, Condition, Field, register
from api.segments.conditions.profile import draw_int, draw_range
from api.segments.conditions.purchases import DAYS, days, min_le_max
from api.segments.conditions.relational import member_range

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

_balance = member_range("points_balance")
register(Condition(
    key="pointsBalance", family="points", position=230, description="Points balance.",
    input_name="IntRangeInput",
    fields={"min": Field("int", lo=-INT4_MAX, hi=INT4_MAX, description="Lowest value that matches (inclusive)."),
            "max": Field("int", lo=-INT4_MAX, hi=INT4_MAX, description="Highest value that matches (inclusive).")},
    check=min_le_max, sql=_balance.sql, python=_balance.python, vector=_balance.vector,
    strategy=lambda draw, refs: draw_range(draw, 0, 500),
    edges=[{"min": 0}, {"max": 0}, {"max": -1}, {"min": -INT4_MAX, "max": INT4_MAX}],
    admin=Admin("points", "cond.pointsBalance", [AdminField("min", "int", "field.min", min=0),
                                                 AdminField("max", "int", "field.max", min=0)],
                defaults={"min": 1000}, one_of=["min", "max"], ranges=[("min", "max")]),
))


def _expiring_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    return Sql(
        "m.points_balance >= ? AND m.id IN (SELECT e.member_id FROM points_entry e WHERE e.delta > 0 "
        "AND e.expires_at IS NOT NULL AND e.expires_at > ? AND e.expires_at < ? "
        "GROUP BY e.member_id HAVING SUM(e.delta) >= ?)",
        [v["atLeast"], c.ctx.now, c.ctx.end_of_day_in(v["withinDays"]), v["atLeast"]],
    )


def _expiring_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    end = ctx.end_of_day_in(v["withinDays"])
    expiring = sum(d for d, exp in f.points if d > 0 and exp is not None and ctx.now < exp < end)
    return bool(f.member.points_balance >= v["atLeast"] and expiring >= v["atLeast"])


def _expiring_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import us

    t = e.s.tables["points"]
    rows = t.all_rows()
    exp = t.cols["expires_at"][rows]
    rows = rows[(exp > us(e.ctx.now)) & (exp < us(e.ctx.end_of_day_in(v["withinDays"])))]
    return (e.col("points_balance") >= v["atLeast"]) & (e.total(t, rows, "delta") >= v["atLeast"])


register(Condition(
    key="pointsExpiring", family="points", position=240, description="Points expiring soon.",
    input_name="PointsExpiringCondition",
    input_description="Points expiring by the end of day today+N add up to at least Y (earned entries "
    "with an expiry in that window), and the balance is at least Y (spent points cannot expire).",
    fields={"withinDays": days(True, description=DAYS),
            "atLeast": Field("int", True, lo=1, hi=INT4_MAX, description="Y ≥ 1 points.")},
    sql=_expiring_sql, python=_expiring_py, vector=_expiring_vec,
    strategy=lambda draw, refs: {"withinDays": draw_int(draw, 0, 400), "atLeast": draw_int(draw, 1, 300)},
    edges=[{"withinDays": 0, "atLeast": 1}, {"withinDays": MAX_DAYS, "atLeast": INT4_MAX}],
    admin=Admin("points", "cond.pointsExpiring", [
        AdminField("withinDays", "int", "field.withinDays", required=True, min=0, suffix="unit.days"),
        AdminField("atLeast", "int", "field.atLeastPoints", required=True, min=1)],
        defaults={"withinDays": 30, "atLeast": 100}),
))
