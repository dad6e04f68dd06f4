"""The RFM condition: recency label, frequency and monetary level against the merchant's thresholds.

For all purchases or one category (that category's thresholds if set, else the default ones); the
thresholds are loaded by ``prepare`` into ``RuleContext.rfm``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from api.segments.compiler import LIVE_LINE, LIVE_ORDER, Compiler, Sql, join
from api.segments.conditions.base import Admin, AdminField, Condition, EnumSpec, Field, register
from api.segments.context import RfmThresholds, RuleContext

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.evaluator import MemberFacts

LABEL = EnumSpec("RfmLabel", "RFM recency label.", (
    ("ACTIVE", "Last purchase within the active threshold (活跃)."),
    ("SLEEPING", "Beyond active, within the sleeping threshold (沉睡)."),
    ("LOST", "Beyond the sleeping threshold (流失)."),
))
LEVEL = EnumSpec("RfmLevel", "RFM frequency / monetary level against the merchant's threshold.", (
    ("HIGH", "At or above the threshold."), ("LOW", "Below the threshold (including none).")))
CATEGORIES = ["护肤", "彩妆"]


def _check(value: dict[str, Any], err: Any) -> None:
    if not value.get("recency") and value.get("frequency") is None and value.get("monetary") is None:
        err([], "Give recency, frequency, monetary or a combination.")


# -- SQL ------------------------------------------------------------------------------------------

def _recency_range(c: Compiler, th: RfmThresholds, label: str) -> tuple[str, list[Any]]:
    active_from = c.ctx.more_than_ago(th.active_days)
    sleeping_from = c.ctx.more_than_ago(th.sleeping_days)
    if label == "ACTIVE":
        return "X >= ?", [active_from]
    if label == "SLEEPING":
        return "(X >= ? AND X < ?)", [sleeping_from, active_from]
    return "X < ?", [sleeping_from]


def _sql(c: Compiler, v: dict[str, Any]) -> Sql:
    th = c.ctx.thresholds(v.get("category"))
    cat = v.get("category")
    parts: list[Sql] = []
    if v.get("recency"):
        ranges = [_recency_range(c, th, label) for label in v["recency"]]
        if cat is None:
            ors = " OR ".join(r for r, _ in ranges)
            parts.append(Sql(f"m.last_purchase_at IS NOT NULL AND ({ors.replace('X', 'm.last_purchase_at')})",
                             [p for _, ps in ranges for p in ps]))
        else:
            ors = " OR ".join(r.replace("X", "MAX(o.ordered_at)") for r, _ in ranges)
            parts.append(c.member_set(Sql(
                f'SELECT o.member_id FROM order_line l JOIN "order" o ON o.id = l.order_id '
                f"WHERE {LIVE_LINE} AND l.category = ? GROUP BY o.member_id HAVING {ors}",
                [cat, *[p for _, ps in ranges for p in ps]],
            ), unique=True))
    start = c.ctx.within_last(th.window_days)
    if cat is None:
        source = Sql(f'SELECT o.member_id FROM "order" o WHERE o.ordered_at >= ? AND {LIVE_ORDER} '
                     "GROUP BY o.member_id", [start])
        count, money = "COUNT(*)", "SUM(o.total_cents - o.refunded_cents)"
    else:
        source = Sql(f'SELECT o.member_id FROM order_line l JOIN "order" o ON o.id = l.order_id '
                     f"WHERE {LIVE_LINE} AND l.category = ? AND o.ordered_at >= ? GROUP BY o.member_id",
                     [cat, start])
        count, money = "COUNT(DISTINCT o.id)", "SUM(l.amount_cents - l.refunded_cents)"
    if v.get("frequency"):
        op = ">=" if v["frequency"] == "HIGH" else "<"
        parts.append(c.grouped(source, [(count, op, th.frequency_high)], {count: 0}))
    if v.get("monetary"):
        op = ">=" if v["monetary"] == "HIGH" else "<"
        parts.append(c.grouped(source, [(money, op, th.monetary_high_cents)], {money: 0}))
    return parts[0] if len(parts) == 1 else join(parts, " AND ")


# -- Python ---------------------------------------------------------------------------------------

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


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    th = ctx.thresholds(v.get("category"))
    label, freq, money = rfm_values(f, ctx, v.get("category"))
    if v.get("recency") and label not in v["recency"]:
        return False
    if v.get("frequency") and (freq >= th.frequency_high) != (v["frequency"] == "HIGH"):
        return False
    return not (v.get("monetary") and (money >= th.monetary_high_cents) != (v["monetary"] == "HIGH"))


# -- vector ---------------------------------------------------------------------------------------

def _label(e: Evaluator, last: np.ndarray, th: RfmThresholds, labels: list[str]) -> np.ndarray:
    import numpy as np

    from api.segments.audience_index import NULL, us

    active_from = us(e.ctx.more_than_ago(th.active_days))
    sleeping_from = us(e.ctx.more_than_ago(th.sleeping_days))
    out = np.zeros(e.n, dtype=bool)
    has = last != NULL
    for label in labels:
        if label == "ACTIVE":
            out |= has & (last >= active_from)
        elif label == "SLEEPING":
            out |= has & (last >= sleeping_from) & (last < active_from)
        else:
            out |= has & (last < sleeping_from)
    return out


def _vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    from api.segments.audience_index import NULL, us

    cat = v.get("category")
    th = e.ctx.thresholds(cat)
    out = np.ones(e.n, dtype=bool)
    if cat is None:
        if v.get("recency"):
            out &= _label(e, e.col("last_purchase_at"), th, v["recency"])
        if not (v.get("frequency") or v.get("monetary")):
            return out
        freq, money = e.order_window(th.window_days)
    else:
        t = e.s.tables["line"]
        rows = t.all_rows()
        rows = rows[(t.cols["live"][rows] == 1) & np.isin(t.cols["category"][rows], e.codes("category", [cat]))]
        if v.get("recency"):
            last = np.full(e.n, NULL, dtype=np.int64)
            np.maximum.at(last, t.cols["m"][rows], t.cols["at"][rows])
            out &= _label(e, last, th, v["recency"])
        if not (v.get("frequency") or v.get("monetary")):
            return out
        win = rows[t.cols["at"][rows] >= us(e.ctx.within_last(th.window_days))]
        _, first = np.unique(t.cols["order_id"][win], return_index=True)
        freq = np.bincount(t.cols["m"][win][first], minlength=e.n)
        money = e.total(t, win, "net")
    if v.get("frequency"):
        out &= (freq >= th.frequency_high) == (v["frequency"] == "HIGH")
    if v.get("monetary"):
        out &= (money >= th.monetary_high_cents) == (v["monetary"] == "HIGH")
    return out


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    rfm = {k: x for k, x in {
        "category": draw(st.one_of(st.none(), st.sampled_from(CATEGORIES))),
        "recency": draw(st.one_of(st.none(), st.lists(st.sampled_from(list(LABEL.choices)), min_size=1, max_size=2,
                                                      unique=True))),
        "frequency": draw(st.one_of(st.none(), st.sampled_from(list(LEVEL.choices)))),
        "monetary": draw(st.one_of(st.none(), st.sampled_from(list(LEVEL.choices))))}.items() if x is not None}
    if not {"recency", "frequency", "monetary"} & set(rfm):
        rfm["recency"] = ["ACTIVE"]
    return rfm


register(Condition(
    key="rfm", family="rfm", position=270, description="RFM smart condition.",
    input_name="RfmCondition",
    input_description="RFM (recency, frequency, monetary) against the merchant's thresholds, for all "
    "purchases or one category (its thresholds if set, else the default ones). Every given part must "
    "hold. Members who never purchased have no recency label.",
    fields={"category": Field("str", description="Product category; leave out for all."),
            "recency": Field("enums", enum=LABEL, description="Recency label is one of these."),
            "frequency": Field("enum", enum=LEVEL, description="Orders in the window high or low."),
            "monetary": Field("enum", enum=LEVEL, description="Net spend in the window high or low.")},
    check=_check, sql=_sql, python=_py, vector=_vec, strategy=_strategy,
    prepare=lambda v: {"rfm": {v.get("category", "")}},
    edges=[{"recency": list(LABEL.choices)}, {"frequency": "LOW"}, {"monetary": "LOW"},
           {"category": "no such category", "frequency": "LOW"}, {"category": "护肤", "recency": ["LOST"]}],
    admin=Admin("other", "cond.rfm", [
        AdminField("recency", "multi", "field.rfmLabels", options=tuple((x, f"rfm.{x}") for x in LABEL.choices)),
        AdminField("frequency", "single", "field.frequency",
                   options=tuple((x, f"rfmLevel.{x}") for x in LEVEL.choices)),
        AdminField("monetary", "single", "field.monetary", options=tuple((x, f"rfmLevel.{x}") for x in LEVEL.choices)),
        AdminField("category", "text", "field.rfmCategory")],
        defaults={"recency": ["ACTIVE"]}, one_of=["recency", "frequency", "monetary"]),
))
