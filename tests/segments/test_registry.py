"""The condition registry: every condition is complete, and each agrees with itself at its edges.

Generated from the registry, so a new condition is covered without touching this file:

* completeness: sql + python, descriptions, a strategy, and a vector or a proven SQL fallback;
* limits: each numeric field just inside and just outside its limits, required lists empty and too
  long, each with the error on the field's path;
* edges: each documented edge value (and its negation) picks the same members in SQL, in Python and
  in the audience index (when it has a vector), on a population whose dates sit on store-midnight
  boundaries, with Feb 29 birthdays, NULLs everywhere they can be, messages and events;
* random values from each condition's ``strategy`` on the same population.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.core.db import dialect
from api.core.errors import DomainError
from api.core.viewer import Viewer
from api.loyalty.models import CardKind
from api.members.models import Gender, Member
from api.orders.models import Event, LineKind
from api.segments import conditions, services
from api.segments.audience_index import AudienceIndex
from api.segments.compiler import Compiler
from api.segments.conditions.base import MAX_LIST
from api.segments.context import prepare
from api.segments.evaluator import evaluate, load_facts
from api.segments.models import Segment
from api.segments.rules import validate_rule
from tests.factories import make_card_product, make_guide, make_member, make_product, make_store, make_tier, n
from tests.segments.helpers import add_card, add_order, add_points, add_service, sql_ids, tag

ALL = conditions.all_conditions()
NOW = clock.local_midnight(date(2024, 2, 29))  # store midnight starting Feb 29 of a leap year


# -- completeness --------------------------------------------------------------------------------

@pytest.mark.parametrize("cond", ALL, ids=lambda c: c.key)
def test_every_condition_is_complete(cond: conditions.Condition) -> None:
    # given a registered condition, then it has every evaluation but possibly the vector, and its docs
    assert callable(cond.sql) and callable(cond.python), cond.key
    assert cond.vector is None or callable(cond.vector)
    assert cond.description and cond.admin.category and cond.admin.label
    assert cond.strategy is not None, f"{cond.key}: give a strategy so the agreement tests draw it"
    for name, spec in (cond.fields or {}).items():
        assert spec.description, f"{cond.key}.{name} needs a description"
        if spec.kind in ("id", "ids"):
            assert spec.ref, f"{cond.key}.{name}: say what the ids point at"


def test_the_registry_is_the_only_list() -> None:
    # given the registry, then its keys are unique, camelCase and never a group keyword
    keys = [c.key for c in ALL]
    assert len(keys) == len(set(keys))
    assert not {"all", "any", "not"} & set(keys)
    assert all(k[0].islower() and "_" not in k for k in keys)
    assert {"messageReceived", "eventCount", "gender", "rfm", "customAttribute"} <= set(keys)


# -- limits --------------------------------------------------------------------------------------

def _base(cond: conditions.Condition) -> dict[str, Any] | None:
    """A valid value to vary one field of (the first edge whose shape is an object)."""
    for edge in cond.edges:
        if isinstance(edge, dict):
            return dict(edge)
    return None


def _errors(rule: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    try:
        validate_rule(rule)
    except DomainError as exc:
        return [(e.field, e.code) for e in exc.errors]
    return []


LIMIT_CASES = [
    (c, name, spec)
    for c in ALL if c.fields
    for name, spec in c.fields.items()
    if (spec.kind == "int" and (spec.lo is not None or spec.hi is not None)) or spec.kind in ("ids", "strs", "enums")
]


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda c: f"{c[0].key}.{c[1]}")
def test_each_field_at_its_limits(case: tuple[conditions.Condition, str, Any]) -> None:
    cond, name, spec = case
    path = ("rule", cond.key, name)
    base = _base(cond) or {}
    if spec.kind == "int":
        # when the field is just outside its limits, then the error names it: OUT_OF_RANGE
        if spec.lo is not None:
            assert (path, "OUT_OF_RANGE") in _errors({cond.key: {**base, name: spec.lo - 1}})
            assert (path, "OUT_OF_RANGE") not in _errors({cond.key: {**base, name: spec.lo}})
        if spec.hi is not None:
            assert (path, "OUT_OF_RANGE") in _errors({cond.key: {**base, name: spec.hi + 1}})
            assert (path, "OUT_OF_RANGE") not in _errors({cond.key: {**base, name: spec.hi}})
        assert (path, "INVALID") in _errors({cond.key: {**base, name: "7"}})
        return
    # a list: too long is refused on its path; empty is refused when required
    item: Any = spec.choices[0] if spec.kind == "enums" else (1 if spec.kind == "ids" else "x")
    too_long = [f"v{i}" for i in range(MAX_LIST + 1)] if spec.kind == "strs" else (
        list(range(1, MAX_LIST + 2)) if spec.kind == "ids" else [item] * (MAX_LIST + 1))
    assert (path, "TOO_LONG") in _errors({cond.key: {**base, name: too_long}})
    if spec.required:
        assert (path, "REQUIRED") in _errors({cond.key: {**base, name: []}})
    assert (path, "INVALID") in _errors({cond.key: {**base, name: "not a list"}})


@pytest.mark.parametrize("cond", [c for c in ALL if c.fields], ids=lambda c: c.key)
def test_unknown_fields_and_wrong_shapes_are_refused(cond: conditions.Condition) -> None:
    # when a value has an unknown field or is not an object, then the error names it
    assert (("rule", cond.key, "shoeSize"), "INVALID") in _errors({cond.key: {**(_base(cond) or {}), "shoeSize": 1}})
    assert _errors({cond.key: 3}) == [(("rule", cond.key), "INVALID")]


# -- a population on the edges -------------------------------------------------------------------

def _at(days: int, offset: timedelta = timedelta(0)) -> datetime:
    return clock.local_midnight(clock.today() + timedelta(days=days)) + offset


EDGE_OFFSETS = [timedelta(0), timedelta(seconds=-1), timedelta(microseconds=1)]


async def _population() -> dict[str, list[int]]:
    """Members whose every date sits on or next to a store-midnight boundary, and a member of NULLs."""
    stores = [await make_store(), await make_store()]
    guides = [await make_guide(stores[0])]
    tiers = [await make_tier(1, 0)]
    products = [await make_product(category="护肤"), await make_product(kind=LineKind.SERVICE, category="彩妆")]
    cards = [await make_card_product(CardKind.STORED_VALUE), await make_card_product(CardKind.PUNCH)]
    await make_member(name="nulls", gender=Gender.UNKNOWN, registered_at=_at(0))  # nothing else set
    i = 0
    for days in (0, -1, -2, -7, -30, -366):
        for off in EDGE_OFFSETS:
            i += 1
            m = await make_member(
                gender=[Gender.FEMALE, Gender.MALE][i % 2],
                birthday=[date(2000, 2, 29), date(1996, 2, 28), date(1990, 3, 1), date(1999, 2, 29 - 1)][i % 4],
                registered_at=_at(days, off), source=["store", "小程序"][i % 2],
                home_store=stores[i % 2], guide=guides[0] if i % 3 else None,
                guide_friend_since=_at(days - 1, off) if i % 3 else None, tier=tiers[0] if i % 2 else None,
                last_purchase_at=_at(days, off), first_visit_at=_at(days - 10, off),
                total_spend_cents=[0, 1, 10_000][i % 3], points_balance=[0, 1, 500, -1][i % 4],
                phone=f"139{n():08d}" if i % 2 else None, sms_consent=bool(i % 3),
                custom_attributes={"skin": ["dry", ""][i % 2], "score": [3, 3.0, "3"][i % 3], "flag": bool(i % 2)},
            )
            await tag(m, *(["vip", "新客", "lapsed", "kol"][: i % 5]))
            await add_order(m, _at(days, off), [(products[0], 5000, 0)], total_cents=5000,
                            refunded_cents=[0, 5000][i % 2])
            await add_service(m, products[1], _at(days, off))
            await add_card(m, cards[i % 2], balance_cents=[0, 1, 100][i % 3], remaining_uses=[0, 2, None][i % 3],
                           expires_at=_at(-days, off))
            await add_points(m, 100, _at(days, off), _at(-days, off))
            for k in range(i % 3):
                await MessageSend.create(member=m, channel=["SMS", "WECHAT"][k % 2], dedupe_key=f"t:{n()}",
                                         sender_type=["journey", "plan"][i % 2], sender_id=1 + k % 2,
                                         status=[SendStatus.SENT, SendStatus.DELIVERED, SendStatus.FAILED][(i + k) % 3],
                                         sent_at=_at(days, off))
                await Event.create(member=m, type=["page.view", "coupon.claim"][k % 2], occurred_at=_at(days, off),
                                   payload={"page": ["home", "cart"][i % 2], "n": [3, "3", True][i % 3]},
                                   source="test", external_id=str(n()))
    await Event.create(member=None, type="page.view", occurred_at=_at(0), payload={}, source="test",
                       external_id=str(n()))
    inner = await Segment.create(name="inner", rule={"gender": {"in": ["FEMALE"]}})
    return {"homeStore": [s.id for s in stores], "guide": [g.id for g in guides], "tier": [t.id for t in tiers],
            "product": [p.id for p in products], "card": [c.id for c in cards], "segment": [inner.id]}


async def _agree(rule: dict[str, Any], index: AudienceIndex) -> set[int]:
    """Members of ``rule`` by SQL; Python and (when it can) the index must pick the same."""
    norm, _ = validate_rule(rule)
    ctx = await prepare(norm)
    by_sql = await sql_ids(Compiler(ctx, dialect()).predicate(norm))
    by_py = set()
    for mid in await Member.all().values_list("id", flat=True):
        facts = await load_facts(mid)
        assert facts is not None
        if evaluate(norm, facts, ctx):
            by_py.add(mid)
    assert by_sql == by_py, (rule, sorted(by_sql ^ by_py))
    got = await index.member_ids(norm, ctx)
    if got is not None:
        assert {int(x) for x in got} == by_sql, (rule, sorted({int(x) for x in got} ^ by_sql))
    return by_sql


async def test_every_condition_agrees_at_its_edges(db: None) -> None:
    # given a population on store-midnight boundaries, Feb 29 birthdays and NULLs, and the clock at midnight Feb 29
    clock.set_now(NOW)
    await _population()
    index = AudienceIndex()
    await index.build()
    everyone = set(await Member.all().values_list("id", flat=True))
    for cond in ALL:
        # (conditions on ids of the population have no fixed edges: the strategy test below draws them)
        refers = any(spec.ref for spec in (cond.fields or {}).values())
        assert cond.edges or refers, f"{cond.key}: document its edges"
        for value in cond.edges:
            # when the condition and its negation are evaluated three ways, then they agree and split everyone
            inside = await _agree({cond.key: value}, index)
            outside = await _agree({"not": {cond.key: value}}, index)
            assert inside | outside == everyone and not inside & outside, (cond.key, value)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=os.environ.get("CI") == "true")
@given(data=st.data())
async def test_random_values_from_each_strategy_agree(database: None, data: st.DataObject) -> None:
    # given the edge population (built once per example on a clean slate)
    from tests.segments.test_agreement import _wipe

    await _wipe_all(_wipe)
    clock.set_now(NOW + data.draw(st.sampled_from([timedelta(0), timedelta(hours=23, minutes=59, seconds=59)])))
    try:
        refs = await _population()
        index = AudienceIndex()
        await index.build()
        for _ in range(4):
            # when a random condition draws a random value from its own strategy
            cond = data.draw(st.sampled_from(ALL))
            assert cond.strategy is not None
            value = cond.strategy(data.draw, refs)
            if value is None:
                continue
            # then SQL, Python and the index agree on it
            await _agree({cond.key: value}, index)
    finally:
        clock.set_now(None)


async def _wipe_all(wipe: Any) -> None:
    from tortoise import connections

    conn = connections.get("default")
    await conn.execute_query("DELETE FROM message_send")
    await wipe()


# -- the index falls back to SQL for conditions without a vector ----------------------------------

@pytest.mark.parametrize("cond", [c for c in ALL if c.vector is None], ids=lambda c: c.key)
async def test_conditions_without_a_vector_are_estimated_by_sql(db: None, cond: conditions.Condition) -> None:
    # given the edge population and a built index
    clock.set_now(NOW)
    await _population()
    index = AudienceIndex()
    await index.build()
    viewer = Viewer.system()
    for value in cond.edges:
        rule, _ = validate_rule({"all": [{"gender": {"in": ["FEMALE", "MALE"]}}, {cond.key: value}]})
        ctx = await prepare(rule)
        # when the index is asked, then it declines (SQL answers), and the estimate is SQL's count
        assert await index.member_ids(rule, ctx) is None
        expected = len(await sql_ids(Compiler(ctx, dialect()).predicate(rule)))
        assert (await services.estimate_rule(viewer, rule)).total == expected
