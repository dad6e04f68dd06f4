"""What a million-member run relies on, at test size: two workers sharing a run, the cursors a first
publish starts, the batch save of a claim, and planner statistics refreshed as tables grow."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from tortoise import connections

from api.core import clock
from api.core import db as core_db
from api.core.db import dialect
from api.journeys import engine, entries
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyRun, RunStatus, TriggerCursor
from api.orders.models import Event
from tests.factories import make_member
from tests.journeys.graphs import edge, node, publish


def _one_shot() -> dict[str, Any]:
    at = clock.local_now().replace(tzinfo=None, second=0, microsecond=0).isoformat(timespec="minutes")
    return {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=at), node("wait", "WAIT", duration={"days": 1})],
            "edges": [edge("entry", "wait")]}


async def test_two_workers_share_a_run_and_enter_each_member_once(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # given 23 members and a one-shot journey entered in chunks of 5 member ids
    members = [await make_member() for _ in range(23)]
    monkeypatch.setattr(entries, "CHUNK", 5)
    journey_id = await publish("one-shot", _one_shot())

    # when two workers start the run at the same time
    entered = await asyncio.gather(entries.run_entry(journey_id, "once"), entries.run_entry(journey_id, "once"))

    # then together they entered every member exactly once, and the run is done with its count
    rows = await Enrollment.filter(journey_id=journey_id).values_list("member_id", flat=True)
    assert sorted(rows) == sorted(m.id for m in members)
    assert sum(entered) == 23
    run = await JourneyRun.get(journey_id=journey_id, key="once")
    assert (run.status, run.entered) == (RunStatus.DONE, 23)
    # and a third start finds nothing to do
    assert await entries.run_entry(journey_id, "once") == 0


async def test_a_first_publish_starts_the_cursors_at_the_newest_facts(db: None) -> None:
    # given recorded history (an event) and no cursor yet
    member = await make_member()
    old = await Event.create(member_id=member.id, type="visit", occurred_at=clock.now(), source="pos",
                             external_id="e1")
    assert await TriggerCursor.all().count() == 0

    # when the first journey is published
    await publish("one-shot", _one_shot())

    # then every fact table's cursor starts at its newest row: history is not read through again
    cursors = dict(await TriggerCursor.all().values_list("source", "last_id"))
    assert set(cursors) == set(entries.SOURCES) == set(entries.SOURCE_TABLES)
    assert cursors["event"] == old.id and cursors["order"] == 0
    # and a later publish leaves them where the matcher has them
    await TriggerCursor.filter(source="event").update(last_id=old.id + 7)
    await publish("again", _one_shot())
    assert await TriggerCursor.get(source="event").values_list("last_id", flat=True) == old.id + 7


async def test_a_claim_saves_every_members_new_state(db: None) -> None:
    # given members entered into entry → wait 1 day → exit
    for _ in range(4):
        await make_member()
    journey_id = await publish("one-shot", _one_shot())
    assert await entries.run_entry(journey_id, "once") == 4

    # when the pump claims them (their entry is due now), then a day later
    assert await engine.pump() == 4
    waiting = await Enrollment.filter(journey_id=journey_id).order_by("id")
    # then each rests at the wait until tomorrow, with its step counted
    assert {(e.node_id, e.status, e.steps) for e in waiting} == {("wait", EnrollmentStatus.ACTIVE, 1)}
    assert all(e.due_at is not None and e.due_at > clock.now() for e in waiting)
    clock.set_now(clock.now() + timedelta(days=1, minutes=1))
    try:
        assert await engine.pump() == 4
    finally:
        clock.set_now(None)
    done = await Enrollment.filter(journey_id=journey_id)
    assert {(e.node_id, e.status, e.due_at, e.steps) for e in done} == {("wait", EnrollmentStatus.COMPLETED, None, 1)}
    assert all(e.ended_at is not None for e in done)


async def test_growing_tables_get_fresh_planner_statistics(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    if dialect() != "postgres":
        pytest.skip("planner statistics are PostgreSQL's")
    conn = connections.get("default")
    # given statistics that describe an empty enrollment table, refreshed every 3 rows added
    await conn.execute_script("ANALYZE enrollment")
    monkeypatch.setattr(core_db, "STATISTICS_EVERY", 3)
    monkeypatch.setattr(core_db, "_added", {})
    for _ in range(4):
        await make_member()
    journey_id = await publish("one-shot", _one_shot())

    # when a run enters 4 members
    await entries.run_entry(journey_id, "once")

    # then the planner knows the table holds them
    rows = await conn.execute_query_dict("SELECT reltuples FROM pg_class WHERE relname = 'enrollment'")
    assert rows[0]["reltuples"] == 4


async def test_a_run_enters_in_small_chunks_until_someone_is_in_then_the_planner_knows(
        db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # given 6 members, statistics describing an empty enrollment table and thresholds no small run reaches,
    # and runs entered in chunks of 4 member ids, of 2 while nobody is in yet
    conn = connections.get("default")
    for _ in range(6):
        await make_member()
    if dialect() == "postgres":
        await conn.execute_script("ANALYZE enrollment")
    monkeypatch.setattr(core_db, "_added", {})
    monkeypatch.setattr(core_db, "_due", {})
    monkeypatch.setattr(entries, "CHUNK", 4)
    monkeypatch.setattr(entries, "FIRST_CHUNK", 2)
    chunks: list[int] = []
    real_enter = entries._enter

    async def counting_enter(sql: Any) -> int:
        chunks.append(await real_enter(sql))
        return chunks[-1]

    monkeypatch.setattr(entries, "_enter", counting_enter)
    journey_id = await publish("one-shot", _one_shot())

    # when the run enters everyone
    assert await entries.run_entry(journey_id, "once") == 6

    # then the chunks are small (2 ids) until the first members are in, full size (4 ids) after
    entered = [c for c in chunks if c]
    assert entered[0] <= 2 and max(entered[1:]) > 2, chunks
    if dialect() == "postgres":
        # and the statistics were refreshed right after that first chunk, though no threshold was reached
        rows = await conn.execute_query_dict("SELECT reltuples FROM pg_class WHERE relname = 'enrollment'")
        assert rows[0]["reltuples"] == entered[0]


async def _visit_journey(member_id: int) -> int:
    """A published journey entered by every "visit" event (the type recorded once before, by ``member_id``)."""
    await Event.create(member_id=member_id, type="visit", occurred_at=clock.now() - timedelta(days=1), source="pos",
                       external_id="old")
    return await publish("on visit", {"nodes": [
        node("entry", "ENTRY", mode="TRIGGERED", trigger="EVENT", eventType="visit", reentry="EVERY_TIME"),
        node("wait", "WAIT", duration={"days": 1})], "edges": [edge("entry", "wait")]})


async def _other_connection() -> Any:
    """A second connection to the test database, as another API process or an import would hold."""
    import asyncpg

    from api.core.config import get_settings

    return await asyncpg.connect(get_settings().database_url.replace("postgres://", "postgresql://", 1))


async def test_a_fact_committed_after_a_later_one_is_not_skipped(db: None) -> None:
    if dialect() != "postgres":
        pytest.skip("SQLite has one writer: ids commit in order")
    # given a journey entered by a "visit" event (the type was recorded before)
    first, second = await make_member(), await make_member()
    journey_id = await _visit_journey(first.id)
    # and a POS request still writing its event: it holds the lower id, not committed yet
    other = await _other_connection()
    try:
        tx = other.transaction()
        await tx.start()
        await other.execute(
            "INSERT INTO event (member_id, type, occurred_at, payload, source, external_id, received_at) "
            "VALUES ($1, 'visit', now(), '{}', 'pos', 'slow', now())", first.id)
        # when a later event commits first and the matcher runs
        await Event.create(member_id=second.id, type="visit", occurred_at=clock.now(), source="pos", external_id="fast")
        await entries.match_triggers()
        # then the matcher waits for the writer: its cursor has not moved past the uncommitted id
        cursor = await TriggerCursor.get(source="event")
        assert cursor.pending_high is not None
        assert await Enrollment.filter(journey_id=journey_id).count() == 0
        # when the slow writer commits and the matcher runs again
        await tx.commit()
    finally:
        await other.close()
    await entries.match_triggers()

    # then both members are in: neither fact was skipped
    assert sorted(await Enrollment.filter(journey_id=journey_id).values_list("member_id", flat=True)) == sorted(
        [first.id, second.id])


async def test_a_long_transaction_writing_elsewhere_delays_no_fact(db: None) -> None:
    if dialect() != "postgres":
        pytest.skip("SQLite has one writer: ids commit in order")
    # given a journey entered by a "visit" event
    member = await make_member()
    journey_id = await _visit_journey(member.id)
    # and an import still writing members (another table) in a transaction that stays open
    other = await _other_connection()
    try:
        tx = other.transaction()
        await tx.start()
        await other.execute("UPDATE member SET name = name WHERE id = $1", member.id)
        # when a visit is recorded and the matcher runs
        await Event.create(member_id=member.id, type="visit", occurred_at=clock.now(), source="pos", external_id="new")
        await entries.match_triggers()

        # then the member is in, the import still open: only writers of the event table are waited for
        assert await Enrollment.filter(journey_id=journey_id).count() == 1
        await tx.rollback()
    finally:
        await other.close()


async def test_members_entered_by_triggers_refresh_statistics_as_the_table_doubles(
        db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    if dialect() != "postgres":
        pytest.skip("planner statistics are PostgreSQL's")
    conn = connections.get("default")
    # given statistics that describe an empty enrollment table, refreshed once 2 rows were added, then
    # each time the table has doubled (the cap far away)
    await conn.execute_script("ANALYZE enrollment")
    monkeypatch.setattr(core_db, "STATISTICS_MIN", 2)
    monkeypatch.setattr(core_db, "_added", {})
    monkeypatch.setattr(core_db, "_due", {})
    members = [await make_member() for _ in range(3)]
    await _visit_journey(members[0].id)

    async def reltuples() -> float:
        rows = await conn.execute_query_dict("SELECT reltuples FROM pg_class WHERE relname = 'enrollment'")
        return float(rows[0]["reltuples"])

    # when the matcher enters two members
    for i, m in enumerate(members[:2]):
        await Event.create(member_id=m.id, type="visit", occurred_at=clock.now(), source="pos", external_id=f"a{i}")
    await entries.match_triggers()
    # then the planner knows the table holds them
    assert await reltuples() == 2
    # and one more member does not refresh them yet (the table has not doubled)
    await Event.create(member_id=members[2].id, type="visit", occurred_at=clock.now(), source="pos", external_id="b")
    await entries.match_triggers()
    assert await Enrollment.all().count() == 3
    assert await reltuples() == 2


async def test_a_horizon_noted_before_migration_0015_is_derived_anew(db: None) -> None:
    if dialect() != "postgres":
        pytest.skip("the horizon is PostgreSQL's")
    # given a journey entered by a "visit" event, and a cursor that still holds a snapshot noted by the
    # matcher before it kept writers instead
    member = await make_member()
    journey_id = await _visit_journey(member.id)
    cursor = await TriggerCursor.get(source="event")
    await TriggerCursor.filter(source="event").update(pending_high=cursor.last_id + 1, pending_writers="740:745:741")

    # when a visit is recorded and the matcher runs
    await Event.create(member_id=member.id, type="visit", occurred_at=clock.now(), source="pos", external_id="new")
    await entries.match_triggers()

    # then the member is in and the old note is gone
    assert await Enrollment.filter(journey_id=journey_id).count() == 1
    assert (await TriggerCursor.get(source="event")).pending_writers is None
