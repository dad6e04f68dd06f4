"""The service-completed condition: a service (of some products, or any) completed in the last N days."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql, marks
from api.segments.conditions.base import MAX_DAYS, Admin, AdminField, Condition, Field, register
from api.segments.conditions.purchases import days

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts


def _sql(c: Compiler, v: dict[str, Any]) -> Sql:
    params: list[Any] = [c.ctx.within_last(v["days"])]
    extra = ""
    if v.get("productIds"):
        extra = f" AND s.product_id IN ({marks(v['productIds'])})"
        params += v["productIds"]
    return c.member_set(Sql(f"SELECT s.member_id FROM service_completion s WHERE s.completed_at >= ?{extra}", params))


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    start = ctx.within_last(v["days"])
    products = set(v.get("productIds") or ())
    return any(at >= start and (not products or pid in products) for pid, at in f.services)


def _vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    from api.segments.audience_index import us

    t = e.s.tables["service"]
    rows = t.rows_from(us(e.ctx.within_last(v["days"])))
    if v.get("productIds"):
        rows = rows[np.isin(t.cols["product_id"][rows], np.array(v["productIds"], dtype=np.int64))]
    return e.mark(t, rows)


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    products = draw(st.one_of(st.none(), st.lists(st.sampled_from(refs["product"]), min_size=1, max_size=2,
                                                   unique=True)))
    v: dict[str, Any] = {"days": draw(st.integers(1, 400))}
    if products is not None:
        v["productIds"] = products
    return v


register(Condition(
    key="serviceCompleted", family="services", position=190, description="Service completed.",
    input_name="ServiceCompletedCondition",
    input_description="A service was completed in the last N days (today counting as one).",
    fields={"days": days(True, lo=1, description="N ≥ 1."),
            "productIds": Field("ids", ref="Product", description="Only these services; leave out for any.")},
    sql=_sql, python=_py, vector=_vec, strategy=_strategy,
    edges=[{"days": 1}, {"days": MAX_DAYS}],
    admin=Admin("purchase", "cond.serviceCompleted", [
        AdminField("days", "int", "field.lastDays", required=True, min=1, suffix="unit.days"),
        AdminField("productIds", "multi", "field.services", source="services")],
        defaults={"days": 30, "productIds": []}),
))
