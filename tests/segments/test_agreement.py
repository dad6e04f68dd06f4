"""Property: the SQL compiler, the Python evaluator and the audience index agree on random rules and members.

Given a random "now" (often near midnight, month ends and Feb 28/29) and a random population whose
dates sit on or next to the day boundaries the conditions use, when random rules (all / any / not
over every condition, including references to other segments and RFM) are compiled to SQL and run
on this test run's database (SQLite or PostgreSQL) and also evaluated in Python per member, then
both pick exactly the same members, and so does the in-memory audience index: one built before any of
the data existed (so every member arrived through the change log) and one built after it; then some
members' orders, tags, cards and profile change and the first index, caught up, still agrees.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise import connections

from api.core import clock
from api.core.db import dialect
from api.loyalty.models import CardKind, MemberCard
from api.members.models import Gender, Member, MemberTag
from api.orders.models import LineKind
from api.segments.audience_index import AudienceIndex
from api.segments.compiler import Compiler
from api.segments.context import prepare
from api.segments.evaluator import evaluate, load_facts
from api.segments.models import RfmSettings, Segment
from api.segments.rules import validate_rule
from tests.factories import make_card_product, make_guide, make_member, make_product, make_store, make_tier, n
from tests.segments.helpers import add_card, add_order, add_points, add_service, sql_ids, tag

BASE_DAYS = [date(2024, 2, 28), date(2024, 2, 29), date(2023, 2, 28), date(2025, 3, 1), date(2024, 12, 31),
             date(2025, 6, 15), date(2024, 1, 1)]
TAGS = ["vip", "新客", "lapsed", "kol"]
SOURCES = ["store", "小程序", "大众点评"]
CATEGORIES = ["护肤", "彩妆"]
ATTR_VALUES = st.one_of(st.sampled_from(["dry", "oily", "3", "1.5", "true", "混合肌", ""]),
                        st.integers(-3, 5), st.sampled_from([1.5, 2.0, -0.5]), st.booleans())

TABLES = ["segment_refresh", "segment_membership", "segment", "rfm_settings", "points_entry", "card_use",
          "member_card", "service_completion", "refund", "order_line", '"order"', "member_tag", "event", "member",
          "card_product", "product", "guide", "tier", "store", "retail_company"]


async def _wipe() -> None:
    """Empty every table (whatever earlier tests left behind, e.g. rows referring to members)."""
    from api.core.db import dialect
    from tests.conftest import _table_names

    conn = connections.get("default")
    tables = set(await _table_names()) | {t.strip('"') for t in TABLES}
    if dialect() == "postgres":
        await conn.execute_script("TRUNCATE " + ", ".join(f'"{t}"' for t in sorted(tables)) + " CASCADE")
        return
    await conn.execute_script("PRAGMA foreign_keys=OFF")
    for t in sorted(tables):
        await conn.execute_query(f'DELETE FROM "{t}"')
    await conn.execute_script("PRAGMA foreign_keys=ON")


def _moment(draw: Any, today: date, lo: int, hi: int) -> datetime:
    """A time on a random day near today, often exactly on or next to local midnight."""
    day = today + timedelta(days=draw(st.integers(lo, hi)))
    start = clock.local_midnight(day)
    offset = draw(st.sampled_from([timedelta(0), timedelta(seconds=-1), timedelta(seconds=1),
                                   timedelta(hours=12), timedelta(microseconds=500)]))
    return start + offset


def _range(draw: Any, lo: int, hi: int) -> dict[str, int]:
    a, b = draw(st.one_of(st.none(), st.integers(lo, hi))), draw(st.one_of(st.none(), st.integers(lo, hi)))
    if a is None and b is None:
        a = draw(st.integers(lo, hi))
    out = {}
    if a is not None:
        out["min"] = a
    if b is not None:
        out["max"] = b
    if "min" in out and "max" in out and out["min"] > out["max"]:
        out["min"], out["max"] = out["max"], out["min"]
    return out


def _some(draw: Any, values: list[Any], min_size: int = 1) -> list[Any]:
    return draw(st.lists(st.sampled_from(values), min_size=min_size, max_size=3, unique=True))


def _condition(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    days = st.integers(0, 400)
    pdays = st.integers(1, 400)
    kind = draw(st.sampled_from([
        "gender", "age", "birthday", "registered", "source", "homeStore", "tier", "tags", "customAttribute",
        "guide", "guideFriendDays", "noGuide", "lastPurchase", "neverPurchased", "firstVisit", "purchases",
        "totalSpend", "bought", "serviceCompleted", "storedValueBalance", "cardExpiring", "punchRemaining",
        "pointsBalance", "pointsExpiring", "reachable", "inSegment", "rfm",
    ]))
    cards = st.one_of(st.none(), st.lists(st.sampled_from(refs["card"]), min_size=1, max_size=2, unique=True))

    def opt(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v is not None}

    if kind == "gender":
        return {kind: {"in": _some(draw, ["MALE", "FEMALE", "UNKNOWN"])}}
    if kind == "age":
        return {kind: _range(draw, 0, 60)}
    if kind == "birthday":
        period = draw(st.sampled_from(["TODAY", "IN_DAYS", "WITHIN_DAYS", "THIS_WEEK", "THIS_MONTH"]))
        return {kind: opt({"period": period, "days": draw(st.integers(0, 40)) if "DAYS" in period else None})}
    if kind == "registered":
        v = opt({"before": draw(st.one_of(st.none(), st.dates(date(2022, 1, 1), date(2026, 1, 1)))),
                 "after": draw(st.one_of(st.none(), st.dates(date(2022, 1, 1), date(2026, 1, 1)))),
                 "withinDays": draw(st.one_of(st.none(), pdays))})
        return {kind: v or {"withinDays": 30}}
    if kind == "source":
        return {kind: {"in": _some(draw, SOURCES)}}
    if kind in ("homeStore", "tier", "guide"):
        return {kind: {"in": _some(draw, refs[kind])}}
    if kind == "tags":
        return {kind: {"match": draw(st.sampled_from(["ANY", "ALL", "NONE"])), "tags": _some(draw, TAGS)}}
    if kind == "customAttribute":
        key = draw(st.sampled_from(["skin", "score", "flag"]))
        op = draw(st.sampled_from(["equals", "contains", "range"]))
        if op == "equals":
            return {kind: {"key": key, "equals": draw(st.sampled_from(["dry", "3", "1.5", "true", "false", "-0.5"]))}}
        if op == "contains":
            return {kind: {"key": key, "contains": draw(st.sampled_from(["r", "混合", "1"]))}}
        return {kind: {"key": key, **_range(draw, -2, 4)}}
    if kind == "guideFriendDays":
        return {kind: {"moreThan": draw(days)}}
    if kind in ("noGuide", "neverPurchased"):
        return {kind: draw(st.booleans())}
    if kind == "lastPurchase":
        v = opt({"moreThanDaysAgo": draw(st.one_of(st.none(), days)),
                 "lessThanDaysAgo": draw(st.one_of(st.none(), pdays))})
        return {kind: v or {"moreThanDaysAgo": 10}}
    if kind == "firstVisit":
        return {kind: {"withinDays": draw(pdays)}}
    if kind == "purchases":
        v = opt({"days": draw(pdays), "orderCount": draw(st.one_of(st.none(), st.just(None).map(
            lambda _: _range(draw, 0, 3)))), "spend": draw(st.one_of(st.none(), st.just(None).map(
                lambda _: _range(draw, 0, 30000))))})
        if "orderCount" not in v and "spend" not in v:
            v["orderCount"] = {"max": 0}
        return {kind: v}
    if kind in ("totalSpend", "pointsBalance"):
        return {kind: _range(draw, 0, 30000 if kind == "totalSpend" else 500)}
    if kind == "bought":
        v = opt({"productIds": draw(st.one_of(st.none(), st.lists(st.sampled_from(refs["product"]), min_size=1,
                                                                   max_size=2, unique=True))),
                 "categories": draw(st.one_of(st.none(), st.lists(st.sampled_from(CATEGORIES), min_size=1,
                                                                   max_size=2, unique=True))),
                 "days": draw(st.one_of(st.none(), pdays))})
        if "productIds" not in v and "categories" not in v:
            v["categories"] = ["护肤"]
        return {kind: v}
    if kind == "serviceCompleted":
        return {kind: opt({"days": draw(pdays), "productIds": draw(st.one_of(st.none(), st.lists(
            st.sampled_from(refs["product"]), min_size=1, max_size=2, unique=True)))})}
    if kind == "storedValueBalance":
        v = opt({"below": draw(st.one_of(st.none(), st.integers(0, 50000))),
                 "above": draw(st.one_of(st.none(), st.integers(0, 50000))), "cardProductIds": draw(cards)})
        if "below" not in v and "above" not in v:
            v["below"] = 10000
        return {kind: v}
    if kind == "cardExpiring":
        return {kind: opt({"withinDays": draw(days), "cardProductIds": draw(cards)})}
    if kind == "punchRemaining":
        lo = draw(st.one_of(st.none(), st.integers(0, 3)))
        return {kind: opt({"atMost": draw(st.integers(lo or 0, 6)), "atLeast": lo, "cardProductIds": draw(cards)})}
    if kind == "pointsExpiring":
        return {kind: {"withinDays": draw(days), "atLeast": draw(st.integers(1, 300))}}
    if kind == "reachable":
        return {kind: {"channel": draw(st.sampled_from(["SMS", "WECHAT", "WECOM", "EMAIL", "PUSH"]))}}
    if kind == "inSegment" and not refs["segment"]:
        return {"noGuide": draw(st.booleans())}
    if kind == "inSegment":
        return {kind: {"segmentId": draw(st.sampled_from(refs["segment"])), "isMember": draw(st.booleans())}}
    rfm = opt({"category": draw(st.one_of(st.none(), st.sampled_from(CATEGORIES))),
               "recency": draw(st.one_of(st.none(), st.lists(st.sampled_from(["ACTIVE", "SLEEPING", "LOST"]),
                                                              min_size=1, max_size=2, unique=True))),
               "frequency": draw(st.one_of(st.none(), st.sampled_from(["HIGH", "LOW"]))),
               "monetary": draw(st.one_of(st.none(), st.sampled_from(["HIGH", "LOW"])))})
    if not {"recency", "frequency", "monetary"} & set(rfm):
        rfm["recency"] = ["ACTIVE"]
    return {kind: rfm}


def _rule(draw: Any, refs: dict[str, list[int]], depth: int = 0) -> dict[str, Any]:
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return _condition(draw, refs)
    op = draw(st.sampled_from(["all", "any", "not"]))
    if op == "not":
        return {"not": _rule(draw, refs, depth + 1)}
    return {op: [_rule(draw, refs, depth + 1) for _ in range(draw(st.integers(1, 3)))]}


async def _population(draw: Any, today: date) -> dict[str, list[int]]:
    stores = [await make_store(), await make_store()]
    guides = [await make_guide(stores[0]), await make_guide(stores[1])]
    tiers = [await make_tier(1, 0), await make_tier(2, 100000)]
    products = [await make_product(category="护肤"), await make_product(category="彩妆"),
                await make_product(kind=LineKind.SERVICE, category="护肤")]
    cards = [await make_card_product(CardKind.STORED_VALUE), await make_card_product(CardKind.STORED_VALUE),
             await make_card_product(CardKind.PUNCH), await make_card_product(CardKind.PUNCH)]
    for _ in range(draw(st.integers(4, 9))):
        birthday = draw(st.one_of(st.none(), st.sampled_from([date(2000, 2, 29), date(1996, 2, 28),
                                                             date(1990, 3, 1)]),
                                  st.dates(date(1960, 1, 1), date(2020, 12, 31))))
        last = draw(st.one_of(st.none(), st.just(1)))
        m = await make_member(
            gender=draw(st.sampled_from(list(Gender))),
            birthday=birthday,
            registered_at=_moment(draw, today, -900, 0),
            source=draw(st.sampled_from(SOURCES)),
            home_store=draw(st.sampled_from([None, *stores])),
            guide=draw(st.sampled_from([None, *guides])),
            guide_friend_since=draw(st.one_of(st.none(), st.just(1))) and _moment(draw, today, -400, 0),
            tier=draw(st.sampled_from([None, *tiers])),
            custom_attributes=draw(st.dictionaries(st.sampled_from(["skin", "score", "flag"]), ATTR_VALUES,
                                                   max_size=3)),
            phone=draw(st.sampled_from([None, f"139{n():08d}"])),
            sms_consent=draw(st.booleans()),
            wechat_openid=draw(st.sampled_from([None, f"o{n()}"])),
            wechat_subscribed=draw(st.booleans()),
            wecom_external_id=draw(st.sampled_from([None, f"wm{n()}"])),
            email=draw(st.sampled_from([None, "", "a@b.cn"])), email_consent=draw(st.booleans()),
            push_token=draw(st.sampled_from([None, "", "tok"])), push_consent=draw(st.booleans()),
            first_visit_at=last and _moment(draw, today, -800, 0),
            last_purchase_at=last and _moment(draw, today, -800, 0),
            order_count=draw(st.integers(0, 5)),
            total_spend_cents=draw(st.integers(0, 40000)),
            points_balance=draw(st.integers(-10, 600)),
        )
        await tag(m, *draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)))
        for _ in range(draw(st.integers(0, 3))):
            lines = [(draw(st.sampled_from([None, *products])), draw(st.integers(1, 20000)), 0)
                     for _ in range(draw(st.integers(0, 2)))]
            lines = [(p, a, draw(st.sampled_from([0, a, a // 2]))) for p, a, _ in lines]
            total = sum(a for _, a, _ in lines) or draw(st.integers(1, 20000))
            await add_order(m, _moment(draw, today, -500, 0), lines, total_cents=total,
                            refunded_cents=draw(st.sampled_from([0, total, total // 3])))
        for _ in range(draw(st.integers(0, 2))):
            await add_service(m, draw(st.sampled_from([None, *products])), _moment(draw, today, -200, 0))
        for _ in range(draw(st.integers(0, 3))):
            product = draw(st.sampled_from(cards))
            await add_card(m, product, balance_cents=draw(st.integers(0, 40000)),
                           remaining_uses=draw(st.one_of(st.none(), st.integers(0, 8))),
                           expires_at=draw(st.one_of(st.none(), st.just(1))) and _moment(draw, today, -30, 120))
        for _ in range(draw(st.integers(0, 3))):
            await add_points(m, draw(st.integers(-50, 300)), _moment(draw, today, -300, 0),
                             draw(st.one_of(st.none(), st.just(1))) and _moment(draw, today, -30, 120))
    if draw(st.booleans()):
        await RfmSettings.create(category="", active_days=draw(st.integers(1, 60)), sleeping_days=200,
                                 window_days=draw(st.integers(30, 400)), frequency_high=draw(st.integers(1, 3)),
                                 monetary_high_cents=draw(st.integers(1, 30000)))
    if draw(st.booleans()):
        await RfmSettings.create(category="护肤", active_days=30, sleeping_days=draw(st.integers(31, 300)),
                                 window_days=draw(st.integers(30, 400)), frequency_high=1,
                                 monetary_high_cents=draw(st.integers(1, 30000)))
    refs = {"homeStore": [s.id for s in stores], "guide": [g.id for g in guides], "tier": [t.id for t in tiers],
            "product": [p.id for p in products], "card": [c.id for c in cards], "segment": []}
    inner = await Segment.create(name="inner", rule=validate_rule(_condition(draw, refs))[0])
    refs["segment"] = [inner.id]
    outer = await Segment.create(name="outer", rule=validate_rule(_rule(draw, refs, 2))[0])
    refs["segment"] = [inner.id, outer.id]
    return refs


# Locally each run explores new random rules; in CI the examples are fixed so a landing never depends
# on luck (a disagreement found locally is then pinned with @example).
@settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=os.environ.get("CI") == "true"
)
@given(data=st.data())
async def test_sql_and_python_agree(database: None, data: st.DataObject) -> None:
    draw = data.draw
    await _wipe()
    base = draw(st.sampled_from(BASE_DAYS))
    clock.set_now(clock.local_midnight(base) + draw(st.sampled_from(
        [timedelta(0), timedelta(seconds=1), timedelta(hours=12), timedelta(hours=23, minutes=59, seconds=59)])))
    try:
        early = AudienceIndex()
        await early.build()
        refs = await _population(draw, clock.today())
        late = AudienceIndex()
        await late.build()
        for round_ in range(2):
            if round_ == 1:
                await _mutate(draw, refs)
            member_ids = [r["id"] for r in await connections.get("default").execute_query_dict("SELECT id FROM member")]
            facts = {mid: await load_facts(mid) for mid in member_ids}
            for _ in range(3):
                rule, _info = validate_rule(_rule(draw, refs))
                ctx = await prepare(rule)
                got_sql = await sql_ids(Compiler(ctx, dialect()).predicate(rule))
                got_py = {mid for mid, f in facts.items() if f is not None and evaluate(rule, f, ctx)}
                when = clock.now().astimezone(UTC)
                assert got_sql == got_py, (rule, sorted(got_sql ^ got_py), when)
                for name, index in (("early", early), ("late", late)):
                    got_index = await index.member_ids(rule, ctx)
                    if got_index is not None:  # None: a custom attribute, answered by SQL
                        got = {int(x) for x in got_index}
                        assert got == got_sql, (name, rule, sorted(got ^ got_sql), when)
    finally:
        clock.set_now(None)


async def _mutate(draw: Any, refs: dict[str, list[int]]) -> None:
    """Change some members after the indexes were built: the indexes must catch up through the change log."""
    members = list(await Member.all().order_by("id"))
    today = clock.today()
    for m in draw(st.lists(st.sampled_from(members), min_size=1, max_size=3, unique_by=lambda x: x.id)):
        change = draw(st.sampled_from(["order", "untag", "tag", "profile", "card", "refund"]))
        if change == "order":
            await add_order(m, _moment(draw, today, -100, 0), [(None, draw(st.integers(1, 20000)), 0)])
        elif change == "untag":
            await MemberTag.filter(member_id=m.id).delete()
        elif change == "tag":
            await tag(m, *[t for t in TAGS if not await MemberTag.exists(member_id=m.id, tag=t)][:1])
        elif change == "profile":
            await Member.filter(id=m.id).update(gender=draw(st.sampled_from(list(Gender))),
                                                last_purchase_at=_moment(draw, today, -300, 0),
                                                guide_id=None, total_spend_cents=draw(st.integers(0, 40000)))
        elif change == "card":
            await MemberCard.filter(member_id=m.id).update(balance_cents=draw(st.integers(0, 40000)))
        else:
            from api.orders.models import Order, OrderLine, OrderStatus

            orders = list(await Order.filter(member_id=m.id))
            if orders:
                o = orders[0]
                await Order.filter(id=o.id).update(refunded_cents=o.total_cents, status=OrderStatus.REFUNDED)
                await OrderLine.filter(order_id=o.id).update(refunded_cents=1)
    await make_member(gender=Gender.FEMALE, last_purchase_at=_moment(draw, today, -50, 0))
