"""The bought condition: bought a product or a product of a category (a line not fully refunded)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import LIVE_LINE, Compiler, Sql, marks
from api.segments.conditions.base import MAX_DAYS, Admin, AdminField, Condition, Field, register
from api.segments.conditions.purchases import days

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

CATEGORIES = ["护肤", "彩妆"]


def _check(value: dict[str, Any], err: Any) -> None:
    if not value.get("productIds") and not value.get("categories"):
        err([], "Give productIds, categories or both.")


def _sql(c: Compiler, v: dict[str, Any]) -> Sql:
    what: list[str] = []
    params: list[Any] = []
    if v.get("productIds"):
        what.append(f"l.product_id IN ({marks(v['productIds'])})")
        params += v["productIds"]
    if v.get("categories"):
        what.append(f"l.category IN ({marks(v['categories'])})")
        params += v["categories"]
    window = ""
    if "days" in v:
        window = " AND o.ordered_at >= ?"
        params.append(c.ctx.within_last(v["days"]))
    return c.member_set(Sql(f'SELECT o.member_id FROM order_line l JOIN "order" o ON o.id = l.order_id '
                            f"WHERE {LIVE_LINE} AND ({' OR '.join(what)}){window}", params))


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    start = ctx.within_last(v["days"]) if "days" in v else None
    products, cats = set(v.get("productIds") or ()), set(v.get("categories") or ())
    return any(
        line.live
        and (line.product_id in products or line.category in cats)
        and (start is None or line.order.ordered_at >= start)
        for line in f.lines
    )


def _vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    from api.segments.audience_index import us

    t = e.s.tables["line"]
    rows = t.rows_from(us(e.ctx.within_last(v["days"]))) if "days" in v else t.all_rows()
    rows = rows[t.cols["live"][rows] == 1]
    hit = np.zeros(len(rows), dtype=bool)
    if v.get("productIds"):
        hit |= np.isin(t.cols["product_id"][rows], np.array(v["productIds"], dtype=np.int64))
    if v.get("categories"):
        hit |= np.isin(t.cols["category"][rows], e.codes("category", list(v["categories"])))
    return e.mark(t, rows[hit])


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    v = {k: x for k, x in {
        "productIds": draw(st.one_of(st.none(), st.lists(st.sampled_from(refs["product"]), min_size=1, max_size=2,
                                                         unique=True))),
        "categories": draw(st.one_of(st.none(), st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2,
                                                         unique=True))),
        "days": draw(st.one_of(st.none(), st.integers(1, 400)))}.items() if x is not None}
    if "productIds" not in v and "categories" not in v:
        v["categories"] = ["护肤"]
    return v


register(Condition(
    key="bought", family="products", position=180, description="Bought a product or category.",
    input_name="BoughtCondition",
    input_description="Bought a product or a product of a category (a line not fully refunded).",
    fields={"productIds": Field("ids", ref="Product", description="Any of these products."),
            "categories": Field("strs", description="Or any product of these categories."),
            "days": days(lo=1, description="Only in the last N days (today counting as one); leave out for ever.")},
    check=_check, sql=_sql, python=_py, vector=_vec, strategy=_strategy,
    edges=[{"categories": ["护肤"], "days": 1}, {"categories": ["护肤", "彩妆"], "days": MAX_DAYS},
           {"categories": ["no such category"]}],
    admin=Admin("purchase", "cond.bought", [
        AdminField("productIds", "multi", "field.products", source="products"),
        AdminField("categories", "freeMulti", "field.categories", source="categories"),
        AdminField("days", "int", "field.lastDays", min=1, suffix="unit.days")],
        defaults={"days": 90, "productIds": [], "categories": []}, one_of=["productIds", "categories"]),
))
