"""Card conditions: stored-value balance, a card expiring soon, punch-card uses left.

Only unexpired cards count (no expiry, or expiring after now).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import UNEXPIRED_CARD, Compiler, Sql, marks
from api.segments.conditions.base import ANY_INT, INT4_MAX, MAX_DAYS, Admin, AdminField, Condition, Field, register
from api.segments.conditions.profile import draw_int
from api.segments.conditions.purchases import DAYS, days

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import CardFact, MemberFacts

_PRODUCTS = Field("ids", ref="CardProduct", description="Card products.")


def card_sql(c: Compiler, kind: str | None, v: dict[str, Any], extra: str = "",
             extra_params: list[Any] | None = None) -> Sql:
    """The member ids of unexpired cards (of ``kind``, of the value's card products) with ``extra``."""
    params: list[Any] = [c.ctx.now]
    text = ("SELECT c.member_id FROM member_card c JOIN card_product p ON p.id = c.product_id "
            f"WHERE {UNEXPIRED_CARD}")
    if kind:
        text += " AND p.kind = ?"
        params.append(kind)
    if v.get("cardProductIds"):
        text += f" AND c.product_id IN ({marks(v['cardProductIds'])})"
        params += v["cardProductIds"]
    return Sql(text + extra, params + (extra_params or []))


def card_facts(f: MemberFacts, ctx: RuleContext, kind: str | None, v: dict[str, Any]) -> list[CardFact]:
    products = set(v.get("cardProductIds") or ())
    return [
        c for c in f.cards
        if (c.expires_at is None or c.expires_at > ctx.now)
        and (kind is None or c.kind == kind)
        and (not products or c.product_id in products)
    ]


def card_rows(e: Evaluator, kind: str | None, v: dict[str, Any]) -> tuple[Any, np.ndarray]:
    import numpy as np

    from api.segments.audience_index import NULL, us

    t = e.s.tables["card"]
    rows = t.all_rows()
    exp = t.cols["expires_at"][rows]
    keep = (exp == NULL) | (exp > us(e.ctx.now))
    if kind:
        keep &= np.isin(t.cols["kind"][rows], e.codes("card_kind", [kind]))
    if v.get("cardProductIds"):
        keep &= np.isin(t.cols["product_id"][rows], np.array(v["cardProductIds"], dtype=np.int64))
    return t, rows[keep]


def _draw_cards(draw: Any, refs: dict[str, list[int]]) -> list[int] | None:
    from hypothesis import strategies as st

    out = draw(st.one_of(st.none(), st.lists(st.sampled_from(refs["card"]), min_size=1, max_size=2, unique=True)))
    return None if out is None else list(out)


def _opt(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


# -- stored value --------------------------------------------------------------------------------

def _sv_check(value: dict[str, Any], err: Any) -> None:
    if value.get("below") is None and value.get("above") is None:
        err([], "Give below, above or both.")


def _sv_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    having: list[str] = []
    params: list[Any] = []
    if "below" in v:
        having.append("SUM(c.balance_cents) < ?")
        params.append(v["below"])
    if "above" in v:
        having.append("SUM(c.balance_cents) > ?")
        params.append(v["above"])
    src = card_sql(c, "stored_value", v, " GROUP BY c.member_id HAVING " + " AND ".join(having), params)
    return c.member_set(src, unique=True)


def _sv_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    cards = card_facts(f, ctx, "stored_value", v)
    if not cards:
        return False
    total = sum(c.balance_cents for c in cards)
    return ("below" not in v or total < v["below"]) and ("above" not in v or total > v["above"])


def _sv_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    t, rows = card_rows(e, "stored_value", v)
    has = e.count(t, rows) > 0
    total = e.total(t, rows, "balance")
    if "below" in v:
        has &= total < v["below"]
    if "above" in v:
        has &= total > v["above"]
    return has


def _sv_strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    v = _opt({"below": draw(st.one_of(st.none(), st.integers(0, 50000))),
              "above": draw(st.one_of(st.none(), st.integers(0, 50000))), "cardProductIds": _draw_cards(draw, refs)})
    if "below" not in v and "above" not in v:
        v["below"] = 10000
    return v


register(Condition(
    key="storedValueBalance", family="cards", position=200, description="Stored-value balance.",
    input_name="StoredValueCondition",
    input_description="Holds unexpired stored-value cards (of the given card products, if any) whose "
    "total balance is below and/or above an amount. Members without such a card never match.",
    fields={"below": Field("int", lo=0, hi=ANY_INT, money=True,
                           description="Total balance strictly below this, cents."),
            "above": Field("int", lo=0, hi=ANY_INT, money=True,
                           description="Total balance strictly above this, cents."),
            "cardProductIds": _PRODUCTS},
    check=_sv_check, sql=_sv_sql, python=_sv_py, vector=_sv_vec, strategy=_sv_strategy,
    edges=[{"below": 0}, {"above": 0}, {"below": 1}, {"above": ANY_INT}],
    admin=Admin("card", "cond.storedValueBalance", [
        AdminField("below", "money", "field.below"), AdminField("above", "money", "field.above"),
        AdminField("cardProductIds", "multi", "field.cardProducts", source="storedValueCards")],
        defaults={"below": 100, "cardProductIds": []}, one_of=["below", "above"]),
))


# -- expiring ------------------------------------------------------------------------------------

def _exp_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL, us

    t, rows = card_rows(e, None, v)
    exp = t.cols["expires_at"][rows]
    return e.mark(t, rows[(exp != NULL) & (exp < us(e.ctx.end_of_day_in(v["withinDays"])))])


register(Condition(
    key="cardExpiring", family="cards", position=210, description="A card expires soon.",
    input_name="CardExpiringCondition",
    input_description="Holds a card (of the given card products, if any) that has not expired yet and "
    "expires by the end of day today+N.",
    fields={"withinDays": days(True, description=DAYS), "cardProductIds": _PRODUCTS},
    sql=lambda c, v: c.member_set(card_sql(c, None, v, " AND c.expires_at IS NOT NULL AND c.expires_at < ?",
                                           [c.ctx.end_of_day_in(v["withinDays"])])),
    python=lambda v, f, ctx: any(c.expires_at is not None and c.expires_at < ctx.end_of_day_in(v["withinDays"])
                                 for c in card_facts(f, ctx, None, v)),
    vector=_exp_vec,
    strategy=lambda draw, refs: _opt({"withinDays": draw_int(draw, 0, 400),
                                      "cardProductIds": _draw_cards(draw, refs)}),
    edges=[{"withinDays": 0}, {"withinDays": MAX_DAYS}],
    admin=Admin("card", "cond.cardExpiring", [
        AdminField("withinDays", "int", "field.withinDays", required=True, min=0, suffix="unit.days"),
        AdminField("cardProductIds", "multi", "field.cardProducts", source="cardProducts")],
        defaults={"withinDays": 30, "cardProductIds": []}),
))


# -- punch cards ---------------------------------------------------------------------------------

def _punch_check(value: dict[str, Any], err: Any) -> None:
    lo, hi = value.get("atLeast"), value.get("atMost")
    if lo is not None and hi is not None and lo > hi:
        err(["atLeast"], "atLeast must not be greater than atMost.")


def _punch_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    extra = " AND c.remaining_uses IS NOT NULL AND c.remaining_uses <= ?"
    params: list[Any] = [v["atMost"]]
    if "atLeast" in v:
        extra += " AND c.remaining_uses >= ?"
        params.append(v["atLeast"])
    return c.member_set(card_sql(c, "punch", v, extra, params))


def _punch_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    return any(
        c.remaining_uses is not None and c.remaining_uses <= v["atMost"]
        and ("atLeast" not in v or c.remaining_uses >= v["atLeast"])
        for c in card_facts(f, ctx, "punch", v)
    )


def _punch_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL

    t, rows = card_rows(e, "punch", v)
    rem = t.cols["remaining"][rows]
    keep = (rem != NULL) & (rem <= v["atMost"])
    if "atLeast" in v:
        keep &= rem >= v["atLeast"]
    return e.mark(t, rows[keep])


def _punch_strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    lo = draw(st.one_of(st.none(), st.integers(0, 3)))
    return _opt({"atMost": draw(st.integers(lo or 0, 6)), "atLeast": lo, "cardProductIds": _draw_cards(draw, refs)})


register(Condition(
    key="punchRemaining", family="cards", position=220, description="Punch-card uses left.",
    input_name="PunchRemainingCondition",
    input_description="Holds an unexpired punch card (of the given card products, if any) with at most "
    "(and at least) so many uses left.",
    fields={"atMost": Field("int", True, lo=0, hi=INT4_MAX, description="Remaining uses at most this."),
            "atLeast": Field("int", lo=0, hi=INT4_MAX, description="Remaining uses at least this."),
            "cardProductIds": _PRODUCTS},
    check=_punch_check, sql=_punch_sql, python=_punch_py, vector=_punch_vec, strategy=_punch_strategy,
    edges=[{"atMost": 0}, {"atMost": 0, "atLeast": 0}, {"atMost": INT4_MAX, "atLeast": 1}],
    admin=Admin("card", "cond.punchRemaining", [
        AdminField("atMost", "int", "field.atMostUses", required=True, min=0),
        AdminField("atLeast", "int", "field.atLeastUses", min=0),
        AdminField("cardProductIds", "multi", "field.cardProducts", source="punchCards")],
        defaults={"atMost": 2, "cardProductIds": []}, ranges=[("atLeast", "atMost")]),
))
