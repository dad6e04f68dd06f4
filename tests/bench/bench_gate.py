"""The send gate and outbox at 1,000,000 members (PostgreSQL + Redis): one marketing SMS decided for every
member, caps on (≤ 1 SMS a day, ≤ 3 a week), a third of the members already at today's cap.

Measured: the whole run, from the first decision to the last outbox row written — each chunk of members
is one ``decide`` call in its own transaction, as a journey claim does it: lock the members' rows, look
up earlier decisions, reachability and consent, quiet hours, one Lua call per member in Redis
(pipelined; counters start cold, so every member's counters are first rebuilt from the database), the
template rendered per member, one multi-row ``INSERT … ON CONFLICT DO NOTHING`` per 500 rows. Then the
single-member trigger path (one candidate per call), in decisions per second.

The bench writes its sends under sender ``bench`` and deletes them afterwards. Redis: ``REDIS_URL`` or
``redis://127.0.0.1:6379/5`` (flushed).

Run: ``.venv/bin/pytest tests/bench/bench_gate.py -s -p no:cacheprovider -o addopts=""``
(``BENCH_GATE_MEMBERS`` limits how many members are decided, default all).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import timedelta

from tortoise import connections

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

from api.channels.models import SendStatus  # noqa: E402
from api.core import clock  # noqa: E402
from api.fatigue import caps as counters  # noqa: E402
from api.fatigue.gate import Candidate, Sender, decide  # noqa: E402
from api.fatigue.models import FatiguePolicy  # noqa: E402
from api.fatigue.policy import parse_caps  # noqa: E402
from api.templates.models import Template  # noqa: E402

CHUNK = int(os.environ.get("BENCH_GATE_CHUNK") or 5000)
WORKERS = int(os.environ.get("BENCH_GATE_WORKERS") or 2)
SINGLE = int(os.environ.get("BENCH_GATE_SINGLE") or 2000)


async def _cleanup() -> None:
    conn = connections.get("default")
    await conn.execute_query("DELETE FROM message_send WHERE sender_type IN ('bench', 'bench-prior')")
    await FatiguePolicy.filter(company_id=None).delete()
    await Template.filter(name="bench gate").delete()
    await counters.client().flushdb()


async def test_gate_one_send_per_member(bench_db: None) -> None:
    await _cleanup()
    conn = connections.get("default")
    now = clock.now().replace(microsecond=0)
    limit = int(os.environ.get("BENCH_GATE_MEMBERS") or 0)
    await FatiguePolicy.create(company_id=None, rules=[c.to_json() for c in parse_caps(
        [{"channel": "SMS", "period": "DAY", "maxSends": 1}, {"channel": "SMS", "period": "WEEK", "maxSends": 3}])])
    tpl = await Template.create(name="bench gate", text="{customer_name}，您好：本周会员日全场九折。")
    ids = [r["id"] for r in await conn.execute_query_dict(
        "SELECT id FROM member ORDER BY id" + (f" LIMIT {limit}" if limit else ""))]
    # a third of the members were sent an SMS an hour ago (set-based setup, not measured)
    await conn.execute_query(
        "INSERT INTO message_send (member_id, dedupe_key, sender_type, sender_id, step, occurrence, kind, priority, "
        "channel, channels, content, status, reason, attempts, policy, decided_at, sent_at, created_at) "
        "SELECT id, 'bench-prior:' || id, 'bench-prior', 1, 's', '1', 'marketing', 0, 'SMS', '[\"SMS\"]', '{}', "
        "'sent', '', 1, '{}', $1, $1, $1 FROM member WHERE id % 3 = 0 AND id <= $2",
        [now - timedelta(hours=1), ids[-1]])
    try:
        # WORKERS processes (like arq workers), each deciding its share of the chunks
        started = time.perf_counter()
        procs = [await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.bench.bench_gate", str(w), str(WORKERS), str(tpl.id), now.isoformat(),
            str(ids[-1]), env={**os.environ}) for w in range(WORKERS)]
        codes = [await p.wait() for p in procs]
        elapsed = time.perf_counter() - started
        assert codes == [0] * WORKERS, codes
        rows = await conn.execute_query_dict(
            "SELECT status, COUNT(*) AS n FROM message_send WHERE sender_type = 'bench' GROUP BY status")
        counts = {r["status"]: int(r["n"]) for r in rows}
        assert sum(counts.values()) == len(ids)
        # exactly the reachable, consenting members of the third already sent to are capped
        at_cap = await conn.execute_query_dict(
            "SELECT COUNT(*) AS n FROM member WHERE id % 3 = 0 AND id <= $1 AND phone IS NOT NULL AND sms_consent",
            [ids[-1]])
        assert counts.get(SendStatus.CAPPED.value, 0) == int(at_cap[0]["n"])
        over = await conn.execute_query_dict(
            "SELECT COUNT(*) AS n FROM (SELECT member_id FROM message_send WHERE status IN ('queued', 'sent') "
            "AND decided_at >= $1 GROUP BY member_id HAVING COUNT(*) > 1) o", [now - timedelta(hours=2)])
        assert int(over[0]["n"]) == 0
        print(f"\nsend gate: {len(ids):,} decisions in {elapsed:.1f} s = {len(ids) / elapsed:,.0f}/s "
              f"({WORKERS} worker processes, chunks of {CHUNK:,}); outcomes {counts}")

        # the single-member trigger path: one candidate per call, each its own transaction
        tpl_id = tpl.id
        single = Sender("bench", 2, priority=1)
        started = time.perf_counter()
        for m in ids[1:SINGLE * 3:3]:
            await decide([Candidate(m, single, "one", "1", ("SMS",), template_id=tpl_id)], now=now)
        one = time.perf_counter() - started
        print(f"send gate, one member per call: {SINGLE:,} decisions in {one:.1f} s = {SINGLE / one:,.0f}/s")
    finally:
        await _cleanup()


async def _worker(index: int, workers: int, template_id: int, now_iso: str, last_id: int) -> None:
    """One worker process: the chunks ``index``, ``index + workers``, … of the members up to ``last_id``."""
    from datetime import datetime

    from tests.bench.harness import prepare

    await prepare()
    now = datetime.fromisoformat(now_iso)
    conn = connections.get("default")
    ids = [r["id"] for r in await conn.execute_query_dict("SELECT id FROM member WHERE id <= $1 ORDER BY id",
                                                          [last_id])]
    sender = Sender("bench", 1, priority=5)
    for start in range(index * CHUNK, len(ids), workers * CHUNK):
        await decide([Candidate(m, sender, "sms", "1", ("SMS",), template_id=template_id)
                      for m in ids[start:start + CHUNK]], now=now)
    from tortoise import Tortoise

    await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(_worker(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])))
