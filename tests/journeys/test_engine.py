"""The journey engine on simulated time with a real arq worker: entries, waits, splits, exactly once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from api.accounts.models import Role
from api.core import clock
from api.core.config import get_settings
from api.core.redis import redis_url
from api.core.viewer import ROLE_SCOPES, Viewer
from api.journeys import engine, entries, services
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyNodeDay
from api.members.models import Gender, MemberTag
from api.orders.models import Event, ServiceCompletion
from tests.factories import make_member, n

ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])


def node(id: str, kind: str, **config: Any) -> dict[str, Any]:
    return {"id": id, "kind": kind, "config": config}


def edge(a: str, b: str, branch: str = "next") -> dict[str, Any]:
    return {"from": a, "to": b, "branch": branch}


async def tick() -> dict[str, int]:
    """Enqueue one engine tick and let a real arq worker run it (burst mode)."""
    settings = RedisSettings.from_dsn(redis_url(get_settings()))
    pool = await create_pool(settings)
    job = await pool.enqueue_job("journeys_tick")
    from workers.jobs.journeys_tick import journeys_tick

    worker = Worker(functions=[journeys_tick], redis_settings=settings, burst=True, poll_delay=0.01)
    await worker.main()
    await worker.close()
    assert worker.jobs_failed == 0
    assert job is not None
    result: dict[str, int] = await job.result(timeout=5)
    await pool.aclose()
    return result


async def follow_up_journey() -> int:
    """Post-service follow-up: 14 days after a service, women get a tag; everyone else leaves."""
    graph = {
        "nodes": [
            node("entry", "ENTRY", mode="TRIGGERED", trigger="SERVICE_COMPLETED", reentry="EVERY_TIME"),
            node("wait", "WAIT", duration={"days": 14}),
            node("women", "CONDITION", rule={"gender": {"in": ["FEMALE"]}}),
            node("tag", "UPDATE_MEMBER", addTags=["回访"]),
            node("bye", "EXIT"),
        ],
        "edges": [edge("entry", "wait"), edge("wait", "women"), edge("women", "tag", "yes"),
                  edge("women", "bye", "no")],
    }
    journey = await services.create_journey(ADMIN, "术后回访", draft=graph)
    await services.publish(ADMIN, journey.id)
    return journey.id


async def test_post_service_follow_up_day_by_day(db: None, redis: object) -> None:
    # given the follow-up journey, and on day 0 a woman and a man each complete a service
    clock.set_now(datetime(2026, 3, 1, 2, 0))
    journey_id = await follow_up_journey()
    she, he = await make_member(gender=Gender.FEMALE), await make_member(gender=Gender.MALE)
    for m in (she, he):
        await ServiceCompletion.create(member=m, completed_at=clock.now(), source="pos", external_id=str(n()))

    # when the workers run every day for 20 days
    tagged_on: dict[int, int] = {}
    for day in range(21):
        await tick()
        for m in (she, he):
            if m.id not in tagged_on and await MemberTag.filter(member_id=m.id, tag="回访").exists():
                tagged_on[m.id] = day
        clock.advance(timedelta(days=1))

    # then she was tagged on day 14 exactly, he never was, and both runs are over with the reason
    assert tagged_on == {she.id: 14}
    runs = {r.member_id: r for r in await Enrollment.filter(journey_id=journey_id)}
    assert (runs[she.id].status, runs[she.id].node_id) == (EnrollmentStatus.COMPLETED, "tag")
    assert (runs[he.id].status, runs[he.id].exit_reason) == (EnrollmentStatus.EXITED, "exit node")
    # and the per-node counters add up: two entered, two waited, one tagged, one left
    passed = {r.node_id: r.passed for r in await JourneyNodeDay.filter(journey_id=journey_id)}
    assert passed == {"entry": 2, "wait": 2, "women": 2, "tag": 1, "bye": 1}
    clock.set_now(None)


async def test_a_fact_enters_a_member_once_and_reentry_rules_hold(db: None) -> None:
    # given a journey entered on every "coupon.claim" event, once per 30 days
    clock.set_now(datetime(2026, 4, 1, 2, 0))
    graph = {"nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="EVENT", eventType="coupon.claim",
                            reentry="EVERY_N_DAYS", reentryDays=30),
                       node("tag", "UPDATE_MEMBER", addTags=["领券"])],
             "edges": [edge("entry", "tag")]}
    journey = await services.create_journey(ADMIN, "领券", draft=graph)
    await Event.create(member=await make_member(), type="coupon.claim", occurred_at=clock.now() - timedelta(days=9),
                       payload={}, source="app", external_id=str(n()))  # the type is known (and history)
    await services.publish(ADMIN, journey.id)
    m = await make_member()

    async def claim(at: datetime) -> None:
        await Event.create(member=m, type="coupon.claim", occurred_at=at, payload={}, source="app",
                           external_id=str(n()))

    # when the member claims twice the same day, and the matcher runs twice
    await claim(clock.now())
    await claim(clock.now())
    await Event.create(member=m, type="page.view", occurred_at=clock.now(), payload={}, source="app",
                       external_id=str(n()))
    assert await entries.match_triggers() == 1
    assert await entries.match_triggers() == 0
    await engine.pump()
    # then one run; a claim 10 days later is refused by the re-entry rule; 31 days later lets them in again
    clock.advance(timedelta(days=10))
    await claim(clock.now())
    assert await entries.match_triggers() == 0
    clock.advance(timedelta(days=21))
    await claim(clock.now())
    assert await entries.match_triggers() == 1
    assert [r.occurrence for r in await Enrollment.filter(journey_id=journey.id).order_by("id")] == [1, 2]
    clock.set_now(None)


async def test_a_one_shot_run_enters_its_audience_once_in_chunks(db: None, monkeypatch: Any) -> None:
    # given 7 women and 3 men, and a one-shot journey for women at 09:00
    clock.set_now(datetime(2026, 5, 1, 0, 0))
    women = [await make_member(gender=Gender.FEMALE) for _ in range(7)]
    for _ in range(3):
        await make_member(gender=Gender.MALE)
    at = clock.local_midnight(clock.today()) + timedelta(hours=9)
    graph = {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=at.isoformat(),
                            audience={"rule": {"gender": {"in": ["FEMALE"]}}}),
                       node("split", "RANDOM_SPLIT", shares=[{"key": "a", "percent": 50},
                                                             {"key": "b", "percent": 50, "control": True}]),
                       node("tag", "UPDATE_MEMBER", addTags=["A"]), node("ctl", "EXIT")],
             "edges": [edge("entry", "split"), edge("split", "tag", "a"), edge("split", "ctl", "b")]}
    journey = await services.create_journey(ADMIN, "一次性", draft=graph)
    await services.publish(ADMIN, journey.id)
    monkeypatch.setattr(entries, "CHUNK", 3)  # several chunks even with a few members

    # when the scheduler runs before 09:00 nothing happens; after it, the women enter, once
    assert await entries.run_schedules() == 0
    clock.advance(timedelta(hours=9, minutes=1))
    assert await entries.run_schedules() == 7
    assert await entries.run_schedules() == 0
    assert await engine.pump() == 7

    # then every woman took one branch of the split, the same one if asked again
    runs = await Enrollment.filter(journey_id=journey.id)
    assert {r.member_id for r in runs} == {w.id for w in women}
    tagged = {t.member_id for t in await MemberTag.filter(tag="A")}
    assert {r.member_id for r in runs if r.node_id == "tag"} == tagged
    assert 0 < len(tagged) < 7 or len(women) < 4
    clock.set_now(None)


async def test_two_pumps_never_run_the_same_member_twice(db: None) -> None:
    # given 40 members due at an "add points" node
    clock.set_now(datetime(2026, 6, 1, 2, 0))
    graph = {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                       node("pts", "UPDATE_MEMBER", grantPoints=10)],
             "edges": [edge("entry", "pts")]}
    journey = await services.create_journey(ADMIN, "送积分", draft=graph)
    await services.publish(ADMIN, journey.id)
    members = [await make_member() for _ in range(40)]
    assert await entries.run_schedules() == 40

    # when two pumps race in small batches
    await asyncio.gather(engine.pump(batch=7), engine.pump(batch=7))

    # then each member got 10 points exactly once
    from api.loyalty.models import PointsEntry

    for m in members:
        assert await PointsEntry.filter(member_id=m.id, reason="journey").count() == 1
    clock.set_now(None)


async def test_one_members_failure_does_not_undo_the_others(db: None, monkeypatch: Any) -> None:
    # given 5 members due at a node that adds a tag then grants points, and a fault for one of them
    from api.journeys.graph import NodeKind
    from api.loyalty.models import PointsEntry

    clock.set_now(datetime(2026, 7, 1, 2, 0))
    graph = {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                       node("tag", "UPDATE_MEMBER", addTags=["x"]), node("pts", "UPDATE_MEMBER", grantPoints=5)],
             "edges": [edge("entry", "tag"), edge("tag", "pts")]}
    journey = await services.create_journey(ADMIN, "故障", draft=graph)
    await services.publish(ADMIN, journey.id)
    members = [await make_member() for _ in range(5)]
    await entries.run_schedules()
    unlucky = members[2].id
    real = engine.EXECUTORS[NodeKind.UPDATE_MEMBER]

    async def flaky(e: Any, n: Any, claim: Any) -> Any:
        if e.member_id == unlucky and n.id == "pts":
            raise RuntimeError("provider down")
        return await real(e, n, claim)

    monkeypatch.setitem(engine.EXECUTORS, NodeKind.UPDATE_MEMBER, flaky)
    # when the pump runs
    await engine.pump()
    # then the four others are done; the unlucky one kept nothing of the failed claim (not even the tag)
    # and waits at the entry to be tried again in 5 minutes
    done = {r.member_id: r for r in await Enrollment.filter(journey_id=journey.id)}
    assert {m for m, r in done.items() if r.status is EnrollmentStatus.COMPLETED} == {m.id for m in members} - {unlucky}
    assert (done[unlucky].node_id, done[unlucky].due_at) == ("entry", clock.now() + engine.RETRY_AFTER)
    assert not await MemberTag.filter(member_id=unlucky).exists()
    passed = {r.node_id: r.passed for r in await JourneyNodeDay.filter(journey_id=journey.id)}
    assert passed == {"entry": 4, "tag": 4, "pts": 4}
    # and once the fault is gone it completes, exactly once
    monkeypatch.setitem(engine.EXECUTORS, NodeKind.UPDATE_MEMBER, real)
    clock.advance(engine.RETRY_AFTER)
    assert await engine.pump() == 1
    assert await PointsEntry.filter(member_id=unlucky).count() == 1
    clock.set_now(None)


async def test_history_from_before_the_first_publish_triggers_nothing(db: None) -> None:
    # given a member who claimed a coupon yesterday, before the journey existed
    clock.set_now(datetime(2026, 4, 1, 2, 0))
    m = await make_member()
    await Event.create(member=m, type="coupon.claim", occurred_at=clock.now() - timedelta(days=1), payload={},
                       source="app", external_id=str(n()))
    graph = {"nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="EVENT", eventType="coupon.claim",
                            reentry="EVERY_TIME"), node("tag", "UPDATE_MEMBER", addTags=["领券"])],
             "edges": [edge("entry", "tag")]}
    journey = await services.create_journey(ADMIN, "领券", draft=graph)
    await services.publish(ADMIN, journey.id)

    # when the matcher first reads the events, and the member claims again after the launch
    assert await entries.match_triggers() == 0
    await Event.create(member=m, type="coupon.claim", occurred_at=clock.now(), payload={}, source="app",
                       external_id=str(n()))

    # then only the claim after the launch enters them
    assert await entries.match_triggers() == 1
    assert [r.entry_key.split(":")[0] for r in await Enrollment.filter(journey_id=journey.id)] == ["event"]
    clock.set_now(None)
