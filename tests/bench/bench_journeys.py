"""The journey engine at 1,000,000 members (PostgreSQL + Redis), as the workers run it.

(a) **One-shot plan to everyone**: a journey ``entry (one-shot, now) → SMS`` published for the whole
    base; measured from the start of the run until every member's send is decided in the outbox. Two
    worker processes run the engine's tick (``run_schedules``, ``match_triggers``, ``pump``) in a loop
    as arq's crons do; the run's chunks are entered set-based (one ``INSERT … SELECT`` per 50,000
    member ids) while the pumps claim the entered members with ``FOR UPDATE SKIP LOCKED`` and decide
    their sends through the send gate (caps on: ≤ 1 SMS a day, ≤ 3 a week).
(b) **Behaviour triggers**: 20 live journeys, each triggered by its own event type; events already
    recorded are matched, entered, advanced and decided by ONE worker (matcher → journey → gate →
    outbox); events per second.
(c) **100,000 enrollments due in the same minute** (waiting at a wait node, then an SMS), advanced by
    two worker processes until none is due.

Each bench creates its own journeys, templates and caps and deletes them (and their enrollments and
sends) afterwards. Redis: ``REDIS_URL`` or ``redis://127.0.0.1:6379/5`` (flushed).

Run: ``.venv/bin/pytest tests/bench/bench_journeys.py -s -p no:cacheprovider -o addopts=""``
(``BENCH_TRIGGER_EVENTS``, default 20,000, and ``BENCH_DUE``, default 100,000, size (b) and (c)).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

from api.accounts.models import Role  # noqa: E402
from api.core import clock  # noqa: E402
from api.core.viewer import ROLE_SCOPES, Viewer  # noqa: E402
from api.fatigue import caps as counters  # noqa: E402
from api.fatigue.models import FatiguePolicy  # noqa: E402
from api.fatigue.policy import parse_caps  # noqa: E402
from api.journeys import engine, entries, services  # noqa: E402
from api.journeys.models import Journey  # noqa: E402
from api.templates.models import Template  # noqa: E402

ADMIN = Viewer(role=Role.ADMIN, name="bench", scopes=ROLE_SCOPES[Role.ADMIN])
NAME = "bench journeys"
EVENTS = int(os.environ.get("BENCH_TRIGGER_EVENTS") or 20_000)
DUE = int(os.environ.get("BENCH_DUE") or 100_000)
JOURNEYS = 20


async def _cleanup() -> None:
    conn = connections.get("default")
    ids = [j.id for j in await Journey.filter(name__startswith=NAME)]
    if ids:
        marks = ", ".join(str(i) for i in ids)
        await conn.execute_query(f"DELETE FROM message_send WHERE sender_type = 'journey' AND sender_id IN ({marks})")
        for table in ("enrollment", "journey_run", "journey_node_day", "journey_conversion", "journey_version"):
            await conn.execute_query(f"DELETE FROM {table} WHERE journey_id IN ({marks})")
        await conn.execute_query(f"DELETE FROM journey WHERE id IN ({marks})")
    await conn.execute_query("DELETE FROM event WHERE source = 'bench'")
    await FatiguePolicy.filter(company_id=None).delete()
    await Template.filter(name=NAME).delete()
    await counters.client().flushdb()
    # the bench server runs without autovacuum: a run's million deleted rows would slow the next run
    await conn.execute_script("VACUUM ANALYZE enrollment, message_send")


async def _setup_caps() -> int:
    await FatiguePolicy.create(company_id=None, rules=[c.to_json() for c in parse_caps(
        [{"channel": "SMS", "period": "DAY", "maxSends": 1}, {"channel": "SMS", "period": "WEEK", "maxSends": 3}])])
    tpl = await Template.create(name=NAME, text="{customer_name}，您好：本周会员日全场九折。")
    return int(tpl.id)


def _sms(template_id: int) -> dict[str, Any]:
    return {"id": "sms", "kind": "MESSAGE", "config": {"templateId": template_id, "channels": ["SMS"]}}


async def _publish(name: str, nodes: list[dict[str, Any]]) -> int:
    edges = [{"from": a["id"], "to": b["id"], "branch": "next"} for a, b in zip(nodes, nodes[1:], strict=False)]
    journey = await services.create_journey(ADMIN, name, draft={"nodes": nodes, "edges": edges})
    await services.publish(ADMIN, journey.id)
    return int(journey.id)


async def _count(sql: str, params: list[Any] | None = None) -> int:
    rows = await connections.get("default").execute_query_dict(sql, params or [])
    return int(rows[0]["n"])


async def _workers(mode: str, n: int, *args: str) -> float:
    """Run ``n`` worker processes of ``mode`` until they finish; returns the seconds they took, from the
    moment all had started up (imported, connected: a worker is a long-running process) and were told to
    go."""
    procs = [await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.bench.bench_journeys", mode,
                                                  str(w), *args, env={**os.environ}, stdin=asyncio.subprocess.PIPE,
                                                  stdout=asyncio.subprocess.PIPE) for w in range(n)]
    for p in procs:
        assert p.stdout is not None
        while (line := await p.stdout.readline()).strip() != b"ready":
            assert line, "a worker exited before it was ready"
    started = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(b"go\n")
        await p.stdin.drain()
    for p in procs:
        await p.communicate()  # whatever else it printed is dropped; waits for it to exit
    codes = [p.returncode for p in procs]
    elapsed = time.perf_counter() - started
    assert codes == [0] * n, codes
    return elapsed


async def test_a_one_shot_plan_to_every_member(bench_db: None) -> None:
    await _cleanup()
    try:
        members = await _count("SELECT COUNT(*) AS n FROM member")
        tpl = await _setup_caps()
        now = clock.now().replace(microsecond=0)
        jid = await _publish(f"{NAME} one-shot", [
            {"id": "entry", "kind": "ENTRY", "config": {"mode": "ONE_SHOT", "at": (now - timedelta(minutes=1))
                                                        .astimezone(clock.local_now().tzinfo).replace(tzinfo=None)
                                                        .isoformat(timespec="minutes")}},
            _sms(tpl)])
        elapsed = await _workers("tick", 2, str(jid), "", "run")
        decided = await _count("SELECT COUNT(*) AS n FROM message_send WHERE sender_type = 'journey' "
                               "AND sender_id = $1", [jid])
        rows = await connections.get("default").execute_query_dict(
            "SELECT status, COUNT(*) AS n FROM message_send WHERE sender_type = 'journey' AND sender_id = $1 "
            "GROUP BY status", [jid])
        assert decided == members, (decided, members)
        assert await _count("SELECT COUNT(*) AS n FROM enrollment WHERE journey_id = $1 AND status = 'active'",
                            [jid]) == 0
        print(f"\n(a) one-shot plan: {members:,} members entered and their sends decided in {elapsed:.1f} s "
              f"= {members / elapsed:,.0f}/s (2 worker processes); outcomes "
              f"{ {r['status']: int(r['n']) for r in rows} }")
    finally:
        await _cleanup()


async def test_b_behaviour_triggers_per_second(bench_db: None) -> None:
    await _cleanup()
    conn = connections.get("default")
    try:
        tpl = await _setup_caps()
        now = clock.now().replace(microsecond=0)
        # each journey's event type has been recorded once before (publishing refuses unknown types)
        await conn.execute_query(
            "INSERT INTO event (member_id, type, occurred_at, payload, source, external_id, received_at) "
            "SELECT 1, 'bench_ev_' || g, $1, '{}', 'bench', 'seen-' || g, $1 FROM generate_series(0, $2) g",
            [now - timedelta(days=1), JOURNEYS - 1])
        ids = [await _publish(f"{NAME} trigger {k}", [
            {"id": "entry", "kind": "ENTRY", "config": {"mode": "TRIGGERED", "trigger": "EVENT",
                                                        "eventType": f"bench_ev_{k}", "reentry": "EVERY_TIME"}},
            _sms(tpl)]) for k in range(JOURNEYS)]
        await entries.match_triggers()  # the cursors are current
        members = await _count("SELECT COUNT(*) AS n FROM member")
        # the events happen after the last journey was published (earlier facts trigger nothing)
        at = clock.now().replace(microsecond=0) + timedelta(seconds=1)
        await conn.execute_query(
            "INSERT INTO event (member_id, type, occurred_at, payload, source, external_id, received_at) "
            "SELECT 1 + (g * 7919) % $3, 'bench_ev_' || (g % $4), $1, '{}', 'bench', 'e-' || g, $1 "
            "FROM generate_series(1, $2) g", [at, EVENTS, members, JOURNEYS])
        clock.set_now(at + timedelta(seconds=1))
        elapsed = await _workers("tick", 1, str(ids[0]), (at + timedelta(seconds=1)).isoformat(), "")
        marks = ", ".join(str(i) for i in ids)
        decided = await _count(f"SELECT COUNT(*) AS n FROM message_send WHERE sender_type = 'journey' "
                               f"AND sender_id IN ({marks})")
        assert decided == EVENTS, (decided, EVENTS)
        print(f"\n(b) behaviour triggers: {EVENTS:,} events matched, entered and decided in {elapsed:.1f} s "
              f"= {EVENTS / elapsed:,.0f} events/s (1 worker, {JOURNEYS} live journeys)")
    finally:
        clock.set_now(None)
        await _cleanup()


async def test_c_100k_enrollments_due_in_the_same_minute(bench_db: None) -> None:
    await _cleanup()
    conn = connections.get("default")
    try:
        tpl = await _setup_caps()
        now = clock.now().replace(microsecond=0)
        jid = await _publish(f"{NAME} due", [
            {"id": "entry", "kind": "ENTRY", "config": {"mode": "TRIGGERED", "trigger": "CARD_USED",
                                                        "reentry": "EVERY_TIME"}},
            {"id": "wait", "kind": "WAIT", "config": {"duration": {"days": 1}}},
            _sms(tpl)])
        version = await _count("SELECT id AS n FROM journey_version WHERE journey_id = $1", [jid])
        # DUE members waiting at the wait node, all due within the same minute (set-based, not measured)
        await conn.execute_query(
            "INSERT INTO enrollment (journey_id, version_id, member_id, occurrence, entry_key, node_id, due_at, "
            "status, entered_at, exit_reason, steps) SELECT $1, $2, id, 1, 'bench:' || id, 'wait', "
            "$3::timestamptz + (id % 60) * interval '1 second', 'active', $4, '', 1 FROM member ORDER BY id LIMIT $5",
            [jid, version, now - timedelta(minutes=1), now - timedelta(days=1), DUE])
        await conn.execute_script("ANALYZE enrollment")  # the statistics autovacuum keeps as members enter
        elapsed = await _workers("tick", 2, str(jid), "", "")
        assert await _count("SELECT COUNT(*) AS n FROM enrollment WHERE journey_id = $1 AND status = 'active'",
                            [jid]) == 0
        decided = await _count("SELECT COUNT(*) AS n FROM message_send WHERE sender_type = 'journey' "
                               "AND sender_id = $1", [jid])
        assert decided == DUE, (decided, DUE)
        print(f"\n(c) {DUE:,} enrollments due in the same minute advanced (wait → SMS decided) in {elapsed:.1f} s "
              f"= {DUE / elapsed:,.0f}/s (2 worker processes)")
    finally:
        await _cleanup()


async def _tick_worker(index: int, journey_id: int, now_iso: str, need_run: bool) -> None:
    """One worker process: the engine's tick in a loop (as arq's cron runs it) until the journey's run is
    done (``need_run``), no bench event is left unmatched and no bench enrollment is due."""
    from tortoise import Tortoise

    from tests.bench.harness import prepare

    await prepare()
    if now_iso:
        clock.set_now(datetime.fromisoformat(now_iso))
    conn = connections.get("default")
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)  # go
    while True:
        await entries.run_schedules()
        await entries.match_triggers()
        await engine.pump()
        runs = await conn.execute_query_dict(
            "SELECT COUNT(*) FILTER (WHERE status <> 'done') + CASE WHEN $2 AND COUNT(*) = 0 THEN 1 ELSE 0 END "
            "AS n FROM journey_run WHERE journey_id = $1", [journey_id, need_run])
        due = await conn.execute_query_dict(
            "SELECT COUNT(*) AS n FROM enrollment WHERE journey_id = ANY(SELECT id FROM journey "
            "WHERE name LIKE $1) AND status = 'active' AND due_at <= $2", [f"{NAME}%", clock.now()])
        pending = await conn.execute_query_dict(
            "SELECT (SELECT COUNT(*) FROM event WHERE source = 'bench' AND id > (SELECT last_id FROM "
            "journey_trigger_cursor WHERE source = 'event')) AS n")
        if int(runs[0]["n"]) == 0 and int(due[0]["n"]) == 0 and int(pending[0]["n"]) == 0:
            break
        if index:
            await asyncio.sleep(0.05)
    await Tortoise.close_connections()


if __name__ == "__main__":
    mode, worker = sys.argv[1], int(sys.argv[2])
    assert mode == "tick"
    asyncio.run(_tick_worker(worker, int(sys.argv[3]), sys.argv[4], sys.argv[5] == "run"))
