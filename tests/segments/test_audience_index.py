"""The in-memory audience index: used for estimates, exact after writes, scoped, and safe with SQL.

The random-rule agreement with SQL and Python is in ``test_agreement.py``; these tests follow the
paths a user takes: estimate, write through the services (orders, refunds, tags), estimate again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tortoise import connections

from api.core import clock
from api.core.db import dialect
from api.core.scope import Scope
from api.core.viewer import ROLE_SCOPES, Role, Viewer
from api.members.models import Gender, Member
from api.members.services import tag_member
from api.orders.services import LineInput, OrderInput, record_order, record_refund
from api.segments import audience_index, changes, services
from api.segments.context import prepare
from tests.factories import make_member, make_product, make_store
from tests.segments.helpers import add_order

ADMIN = Viewer.system()
BIG_SPENDERS = {"purchases": {"days": 30, "spend": {"min": 50000}}}


async def _estimate(rule: dict[str, Any], viewer: Viewer = ADMIN, channels: list[str] | None = None) -> Any:
    return await services.estimate(viewer, rule, channels)


async def _sql_total(rule: dict[str, Any], viewer: Viewer = ADMIN) -> int:
    """The same estimate with the index switched off (the compiled SQL)."""
    index = audience_index._INDEX
    audience_index._INDEX = None
    saved = audience_index.mode
    audience_index.mode = lambda: "off"  # type: ignore[assignment]
    try:
        return (await services.estimate(viewer, rule)).total
    finally:
        audience_index.mode = saved  # type: ignore[assignment]
        audience_index._INDEX = index


async def test_estimates_come_from_the_index_and_follow_writes(db: None) -> None:
    # given two women and a man, and a product
    women = [await make_member(gender=Gender.FEMALE) for _ in range(2)]
    await make_member(gender=Gender.MALE)
    product = await make_product(price_cents=60000)
    # when an admin estimates big spenders of the last 30 days
    assert (await _estimate(BIG_SPENDERS)).total == 0
    # then the index was built and answered
    index = audience_index.get_index()
    assert index is not None and index.snap is not None and index.snap.size == 3
    # when one woman buys for 600 yuan through the order service
    order, _ = await record_order(ADMIN, OrderInput(member_id=women[0].id, lines=[LineInput(product_id=product.id)]))
    # then she counts at once, and the same as SQL
    assert (await _estimate(BIG_SPENDERS)).total == 1 == await _sql_total(BIG_SPENDERS)
    # when the order is refunded in full
    await record_refund(ADMIN, order.id, 60000)
    # then she no longer counts
    assert (await _estimate(BIG_SPENDERS)).total == 0 == await _sql_total(BIG_SPENDERS)
    # and tags and new members are followed too
    await tag_member(ADMIN, women[1].id, ["vip"], [])
    vip = {"tags": {"match": "ANY", "tags": ["vip"]}}
    assert (await _estimate(vip)).total == 1
    await tag_member(ADMIN, women[1].id, [], ["vip"])
    assert (await _estimate(vip)).total == 0
    newcomer = await make_member(gender=Gender.FEMALE, phone="13900000001", sms_consent=True)
    est = await _estimate({"gender": {"in": ["FEMALE"]}}, channels=["SMS"])
    assert est.total == 3 and est.reachable["SMS"] == (await _sql_reachable_sms())
    # and the index never rebuilt: it caught up through the change log
    assert index.snap is not None and newcomer.id in set(index.snap.members.col("member_id").tolist())


async def _sql_reachable_sms() -> int:
    rows = await connections.get("default").execute_query_dict(
        "SELECT COUNT(*) AS n FROM member WHERE gender = 'female' AND phone IS NOT NULL AND phone <> '' AND sms_consent"
    )
    return int(rows[0]["n"])


async def test_scoped_estimates_from_the_index(db: None) -> None:
    # given women in two stores of two companies and a guide's customers
    s1, s2 = await make_store(), await make_store()
    for store, count in ((s1, 2), (s2, 3)):
        for _ in range(count):
            await make_member(gender=Gender.FEMALE, home_store=store)
    await make_member(gender=Gender.FEMALE)  # no home store
    women = {"gender": {"in": ["FEMALE"]}}
    manager = Viewer(role=Role.STORE_MANAGER, name="m", scopes=ROLE_SCOPES[Role.STORE_MANAGER], store_ids=(s1.id,))
    company = Viewer(role=Role.COMPANY_ADMIN, name="c", scopes=ROLE_SCOPES[Role.COMPANY_ADMIN],
                     company_id=s2.company_id)
    # then each viewer counts their reach only, exactly as the SQL path does
    assert (await _estimate(women, manager)).total == 2 == await _sql_total(women, manager)
    assert (await _estimate(women, company)).total == 3 == await _sql_total(women, company)
    assert (await _estimate(women)).total == 6 == await _sql_total(women)


async def test_custom_attribute_rules_are_answered_by_sql(db: None) -> None:
    await make_member(custom_attributes={"skin": "dry"})
    await make_member(custom_attributes={"skin": "oily"})
    rule = {"all": [{"customAttribute": {"key": "skin", "equals": "dry"}}, {"noGuide": True}]}
    index = audience_index.get_index()
    assert index is not None
    assert await index.count(Scope.of(ADMIN), rule, await prepare(rule), []) is None
    assert (await _estimate(rule)).total == 1


async def test_a_write_in_flight_while_the_index_loads_is_not_missed(db: None) -> None:
    """A transaction that began before the index's snapshot and commits after it is still caught up
    (PostgreSQL: the change rows carry transaction ids, not just an order)."""
    if dialect() != "postgres":
        pytest.skip("concurrent writers: PostgreSQL only (SQLite serialises writers)")
    member = await make_member(gender=Gender.MALE)
    client = connections.get("default")
    async with client.acquire_connection() as writer:
        tx = writer.transaction()
        await tx.start()
        await writer.execute("INSERT INTO member_tag (member_id, tag, created_at) VALUES ($1, 'late', now())",
                             member.id)
        index = audience_index.AudienceIndex()
        await index.build()  # its snapshot does not see the uncommitted tag
        await tx.commit()
    late = {"tags": {"match": "ANY", "tags": ["late"]}}
    ids = await index.member_ids(late, await prepare(late))
    assert ids is not None and list(ids) == [member.id]


async def test_change_log_is_written_by_triggers_and_pruned(db: None) -> None:
    # given a member whose order is written with plain SQL-level ORM calls (no service involved)
    member = await make_member()
    await add_order(member, clock.now() - timedelta(days=1))
    conn = connections.get("default")
    rows = await conn.execute_query_dict("SELECT DISTINCT member_id FROM member_change")
    assert [r["member_id"] for r in rows] == [member.id]
    # when pruning with no retention, everything older than now goes
    await Member.filter(id=member.id).update(name="renamed")
    removed = await changes.prune(timedelta(seconds=-5))
    assert removed >= 2
    assert (await conn.execute_query_dict("SELECT COUNT(*) AS n FROM member_change"))[0]["n"] == 0
    # and with the default retention nothing recent goes
    await Member.filter(id=member.id).update(name="again")
    assert await changes.prune() == 0


async def test_every_table_rules_read_has_its_change_triggers(db: None) -> None:
    """A later migration that rebuilds one of these tables (Tortoise does on SQLite) must reinstall them."""
    conn = connections.get("default")
    if dialect() == "postgres":
        rows = await conn.execute_query_dict("SELECT tgname AS name FROM pg_trigger WHERE tgname LIKE 'rapport_mc_%'")
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    names = {r["name"] for r in rows}
    for table in changes.TABLES:
        for op in ("ins", "upd", "del"):
            assert f"rapport_mc_{table}_{op}" in names, (table, op)


async def test_a_flood_of_changes_rebuilds_instead_of_catching_up(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # given an index built over one woman
    await make_member(gender=Gender.FEMALE)
    women = {"gender": {"in": ["FEMALE"]}}
    assert (await _estimate(women)).total == 1
    index = audience_index.get_index()
    assert index is not None
    first = index.snap
    # when more members change than a catch-up should take on (the nightly totals job rewrites them all)
    monkeypatch.setattr(audience_index, "REBUILD_CHANGED", 1)
    for _ in range(2):
        await make_member(gender=Gender.FEMALE)
    # then the index is rebuilt rather than patched, and the count is still exact
    assert (await _estimate(women)).total == 3
    assert index.snap is not None and index.snap is not first
