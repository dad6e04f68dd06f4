"""The SQL shapes chosen for speed keep every rule's meaning.

Set tests (tags, orders, cards) are written differently by position: ``NOT EXISTS`` anti-joins in
top-level conjuncts, ``IN`` sub-plans under ``any`` / ``not``, several sets of one ``any`` merged
into one ``UNION ALL``; an estimate of a rule that is one set counts the set directly; a refresh
evaluates the rule once into a temporary table (PostgreSQL).  Whatever the shape, SQL and the
Python evaluator pick the same members and the estimate counts exactly them.

Clock: 2025-06-15 12:00 in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from api.accounts.models import Role
from api.core import clock
from api.core.db import dialect
from api.core.viewer import ROLE_SCOPES, Viewer
from api.loyalty.models import CardKind
from api.members.models import Member
from api.segments import services
from api.segments.compiler import Compiler
from api.segments.context import prepare
from api.segments.evaluator import evaluate, load_facts
from api.segments.models import SegmentMembership
from api.segments.rules import validate_rule
from tests.factories import make_card_product, make_member, make_product, make_store
from tests.segments.helpers import add_card, add_order, sql_ids, tag

NOW = datetime(2025, 6, 15, 4, 0)


def local(y: int, mo: int, d: int) -> datetime:
    return clock.local_midnight(date(y, mo, d))


async def matches(rule: dict[str, Any]) -> set[str]:
    """Names of the members matching ``rule``; SQL and Python must agree."""
    norm, _ = validate_rule(rule)
    ctx = await prepare(norm)
    by_sql = await sql_ids(Compiler(ctx, dialect()).predicate(norm))
    names = {m.id: m.name for m in await Member.all()}
    by_py = set()
    for mid in names:
        facts = await load_facts(mid)
        assert facts is not None
        if evaluate(norm, facts, ctx):
            by_py.add(mid)
    assert by_sql == by_py, rule
    return {names[i] for i in by_sql}


async def _population() -> dict[str, Member]:
    """a: vip, two lipstick orders; b: kol, one card; c: vip + kol, nothing bought; d: nothing at all."""
    store = await make_store()
    lipstick = await make_product(category="彩妆")
    punch = await make_card_product(CardKind.PUNCH)
    a = await make_member(name="a", home_store=store, last_purchase_at=local(2025, 6, 10), sms_consent=True)
    b = await make_member(name="b", sms_consent=True)
    c = await make_member(name="c", home_store=store, sms_consent=True)
    d = await make_member(name="d", sms_consent=True)
    await tag(a, "vip")
    await tag(b, "kol")
    await tag(c, "vip", "kol")
    await add_order(a, local(2025, 6, 1), [(lipstick, 30000, 0)])
    await add_order(a, local(2025, 6, 10), [(lipstick, 30000, 0)])
    await add_card(b, punch, remaining_uses=1)
    return {"a": a, "b": b, "c": c, "d": d}


VIP = {"tags": {"match": "ANY", "tags": ["vip"]}}
NOT_KOL = {"tags": {"match": "NONE", "tags": ["kol"]}}
TWO_ORDERS = {"purchases": {"days": 30, "orderCount": {"min": 2}}}
AT_MOST_ONE_ORDER = {"purchases": {"days": 30, "orderCount": {"max": 1}}}  # a complement: no orders pass
BOUGHT = {"bought": {"categories": ["彩妆"], "days": 30}}
PUNCH = {"punchRemaining": {"atMost": 2}}


async def test_set_tests_mean_the_same_in_every_position(db: None) -> None:
    clock.set_now(NOW)
    await _population()
    # top level: complements become anti-joins, sets semi-joins
    assert await matches(NOT_KOL) == {"a", "d"}
    assert await matches(AT_MOST_ONE_ORDER) == {"b", "c", "d"}
    assert await matches({"all": [NOT_KOL, AT_MOST_ONE_ORDER]}) == {"d"}
    assert await matches({"all": [VIP, {"all": [NOT_KOL, BOUGHT]}]}) == {"a"}
    # under any / not the same tests stay sub-plans; sets of one any are merged into one UNION ALL
    assert await matches({"any": [TWO_ORDERS, PUNCH]}) == {"a", "b"}
    assert await matches({"any": [BOUGHT, PUNCH, VIP]}) == {"a", "b", "c"}
    assert await matches({"any": [PUNCH, NOT_KOL, {"gender": {"in": ["MALE"]}}]}) == {"a", "b", "d"}
    assert await matches({"not": {"any": [TWO_ORDERS, PUNCH]}}) == {"c", "d"}
    assert await matches({"not": NOT_KOL}) == {"b", "c"}
    assert await matches({"any": [{"all": [NOT_KOL, VIP]}, AT_MOST_ONE_ORDER]}) == {"a", "b", "c", "d"}
    assert await matches({"any": [{"any": [PUNCH, BOUGHT]}, {"not": VIP}]}) == {"a", "b", "d"}
    assert await matches({"all": [{"any": [PUNCH, BOUGHT]}, NOT_KOL]}) == {"a"}


async def test_estimates_of_one_set_count_each_member_once(db: None) -> None:
    clock.set_now(NOW)
    people = await _population()
    admin = Viewer.system()
    store_id = people["a"].home_store_id  # type: ignore[attr-defined]
    assert store_id is not None
    manager = Viewer(role=Role.STORE_MANAGER, name="manager", scopes=ROLE_SCOPES[Role.STORE_MANAGER],
                     store_ids=(store_id,))
    # a bought twice and is in both sets of the any: still one member
    cases: list[tuple[dict[str, Any], int, int]] = [
        (BOUGHT, 1, 1), (TWO_ORDERS, 1, 1), ({"any": [BOUGHT, PUNCH, VIP]}, 3, 2), (NOT_KOL, 2, 1),
        ({"any": [TWO_ORDERS, PUNCH]}, 2, 1),
    ]
    for rule, everyone, in_store in cases:
        assert (await services.estimate_rule(admin, rule)).total == everyone, rule
        assert (await services.estimate_rule(manager, rule)).total == in_store, rule
        reach = await services.estimate_rule(admin, rule, ["SMS"])
        assert (reach.total, reach.reachable["SMS"]) == (everyone, everyone), rule


async def test_refreshes_of_several_segments_in_one_transaction(db: None) -> None:
    clock.set_now(NOW)
    people = await _population()
    viewer = Viewer.system()
    buyers = await services.create_segment(viewer, "buyers", {"any": [BOUGHT, PUNCH]})
    quiet = await services.create_segment(viewer, "quiet", AT_MOST_ONE_ORDER)
    assert (buyers.member_count, quiet.member_count) == (2, 3)
    # d buys twice: enters buyers, leaves quiet; both refreshed in one outer transaction (a plan run)
    lipstick = await make_product(category="彩妆")
    await add_order(people["d"], local(2025, 6, 12), [(lipstick, 100, 0)])
    await add_order(people["d"], local(2025, 6, 13), [(lipstick, 100, 0)])
    clock.set_now(NOW + timedelta(hours=1))
    async with in_transaction("default"):
        done = await services.refresh_before_plan([buyers.id, quiet.id])
    assert (done[buyers.id].entered, done[buyers.id].exited, done[buyers.id].member_count) == (1, 0, 3)
    assert (done[quiet.id].entered, done[quiet.id].exited, done[quiet.id].member_count) == (0, 1, 2)
    open_rows = await SegmentMembership.filter(segment_id=quiet.id, exited_at=None).values_list("member_id", flat=True)
    assert sorted(open_rows) == sorted([people["b"].id, people["c"].id])
