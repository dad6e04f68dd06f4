"""A worker killed mid-run (SIGKILL, no clean-up) while entering a one-shot audience and again while
advancing it: a restarted engine finishes the run with every member entered once, sent one message
once, and granted points once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from api.accounts.models import Role
from api.channels.models import MessageSend
from api.core import clock
from api.core.config import get_settings
from api.core.redis import redis_url
from api.core.viewer import ROLE_SCOPES, Viewer
from api.journeys import engine, entries, services
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyRun
from api.loyalty.models import PointsEntry
from api.members.models import Member
from api.templates.models import Template

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])
MEMBERS = 600


async def _kill_when(proc: asyncio.subprocess.Process, ready: Any) -> None:
    for _ in range(3000):
        if proc.returncode is not None or await ready():
            break
        await asyncio.sleep(0.01)
    assert proc.returncode is None, "the engine process finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    await asyncio.wait_for(proc.wait(), 10)


async def _engine_process() -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.journeys.engine_child", "50", "40", "0.05", cwd=ROOT,
        env={**os.environ, "REDIS_URL": redis_url(get_settings())},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def test_a_worker_killed_while_entering_and_while_advancing_repeats_nothing(db: None, redis: Any) -> None:
    # given 600 members and a one-shot journey due now: an SMS, then 10 points
    from api.seed import seed

    await seed(MEMBERS)
    tpl = await Template.create(name="hi", text="{customer_name}，您好")
    journey = await services.create_journey(ADMIN, "全员", draft={
        "nodes": [{"id": "entry", "kind": "ENTRY", "config": {"mode": "ONE_SHOT", "at": clock.now().isoformat()}},
                  {"id": "sms", "kind": "MESSAGE", "config": {"templateId": tpl.id, "channels": ["SMS", "WECHAT"]}},
                  {"id": "pts", "kind": "UPDATE_MEMBER", "config": {"grantPoints": 10}}],
        "edges": [{"from": "entry", "to": "sms"}, {"from": "sms", "to": "pts"}]})
    await services.publish(ADMIN, journey.id)
    jid = journey.id

    async def entered() -> int:
        return await Enrollment.filter(journey_id=jid).count()

    async def entering() -> bool:
        return 0 < await entered() < MEMBERS // 2

    async def advancing() -> bool:
        return 0 < await MessageSend.filter(sender_id=jid).count() < MEMBERS // 2

    # when an engine process is killed while it enters the audience in chunks
    await _kill_when(await _engine_process(), entering)
    assert 0 < await entered() < MEMBERS
    # and another is killed while it advances the members it entered
    await _kill_when(await _engine_process(), advancing)
    assert 0 < await MessageSend.filter(sender_id=jid).count() < MEMBERS
    # and a third engine (here) finishes the work
    await entries.run_schedules()
    await engine.pump()

    # then everyone was entered once, decided once, granted points once, and the run is done
    members = await Member.all().count()
    runs = await Enrollment.filter(journey_id=jid)
    assert len(runs) == members == MEMBERS
    assert {r.status for r in runs} == {EnrollmentStatus.COMPLETED}
    sends = Counter(s.member_id for s in await MessageSend.filter(sender_id=jid, sender_type="journey"))
    assert len(sends) == MEMBERS and set(sends.values()) == {1}
    points = Counter(p.member_id for p in await PointsEntry.filter(reason="journey"))
    assert len(points) == MEMBERS and set(points.values()) == {1}
    run = await JourneyRun.get(journey_id=jid)
    assert run.entered == MEMBERS and run.status.value == "done"


async def test_a_database_failure_at_commit_time_loses_and_repeats_nothing(db: None, redis: Any,
                                                                           monkeypatch: Any) -> None:
    # given 30 members due at an SMS then 10 points, and a database that drops the connection at the end
    # of the first claim (after the gate decided and the points were written, before the commit)
    from tests.factories import make_member

    for _ in range(30):
        await make_member()
    tpl = await Template.create(name="hi", text="您好")
    journey = await services.create_journey(ADMIN, "断线", draft={
        "nodes": [{"id": "entry", "kind": "ENTRY", "config": {"mode": "ONE_SHOT", "at": clock.now().isoformat()}},
                  {"id": "sms", "kind": "MESSAGE", "config": {"templateId": tpl.id, "channels": ["SMS"]}},
                  {"id": "pts", "kind": "UPDATE_MEMBER", "config": {"grantPoints": 10}}],
        "edges": [{"from": "entry", "to": "sms"}, {"from": "sms", "to": "pts"}]})
    await services.publish(ADMIN, journey.id)
    await entries.run_schedules()
    real = engine._add_counts
    failures = [ConnectionResetError("server closed the connection unexpectedly")]

    async def flaky(claim: Any) -> None:
        await real(claim)
        if failures:
            raise failures.pop()

    monkeypatch.setattr(engine, "_add_counts", flaky)

    # when the first pump fails that way and the next tick runs again
    try:
        await engine.pump(batch=50)
    except ConnectionResetError:
        pass
    assert await MessageSend.filter(sender_id=journey.id).count() == 0  # the claim rolled back whole
    assert await PointsEntry.filter(reason="journey").count() == 0
    await engine.pump(batch=50)

    # then every member got one decision and one grant
    assert Counter(s.member_id for s in await MessageSend.filter(sender_id=journey.id)).most_common(1)[0][1] == 1
    assert await MessageSend.filter(sender_id=journey.id).count() == 30
    assert await PointsEntry.filter(reason="journey").count() == 30
    assert {r.status for r in await Enrollment.filter(journey_id=journey.id)} == {EnrollmentStatus.COMPLETED}
