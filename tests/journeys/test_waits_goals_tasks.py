"""Members waiting for something: a wait-for-event leaves by `event` when it comes and by `timeout` when not;
a goal counts a conversion once (also one that came before the member reached it); guide tasks are made
once per step for the member's guide. On simulated time, with the engine's real matcher and pump."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.core import clock
from api.guides.models import GuideTask, TaskStatus
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyConversion
from api.members.models import MemberTag
from api.orders.models import Event
from tests.factories import make_guide, make_history_order, make_member, make_store, n
from tests.journeys.graphs import ADMIN, edge, node, publish, tick


async def event(member: Any, type: str, at: datetime | None = None) -> None:
    await Event.create(member=member, type=type, occurred_at=at or clock.now(), payload={}, source="app",
                       external_id=str(n()))


async def tags(tag: str) -> set[int]:
    return {t.member_id for t in await MemberTag.filter(tag=tag)}


async def test_wait_for_event_leaves_by_event_when_it_comes_and_by_timeout_when_not(db: None) -> None:
    # given a one-shot journey: wait up to 3 days for "coupon.use"; users are tagged, the others reminded
    clock.set_now(datetime(2026, 8, 3, 1, 0))
    early = await make_member()  # used a coupon before the journey: does not count
    await event(early, "coupon.use", clock.now() - timedelta(hours=1))
    jid = await publish("等待核券", {
        "nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                  node("wait", "WAIT_EVENT", eventType="coupon.use", timeoutDays=3),
                  node("used", "UPDATE_MEMBER", addTags=["used"]), node("nudge", "UPDATE_MEMBER", addTags=["nudge"])],
        "edges": [edge("entry", "wait"), edge("wait", "used", "event"), edge("wait", "nudge", "timeout")]})
    prompt, late, never = await make_member(), await make_member(), await make_member()
    await tick()
    assert await Enrollment.filter(journey_id=jid, node_id="wait", status=EnrollmentStatus.ACTIVE).count() == 4

    # when one uses a coupon on day 1, another an unrelated event, and one on day 4 (after the timeout)
    clock.advance(timedelta(days=1))
    await event(prompt, "coupon.use")
    await event(late, "page.view")
    await tick()
    assert await tags("used") == {prompt.id}
    assert await tags("nudge") == set()
    clock.advance(timedelta(days=2, hours=1))
    await tick()
    await event(late, "coupon.use")
    await tick()

    # then only the prompt member left by `event`; everyone else timed out after 3 days, once
    assert await tags("used") == {prompt.id}
    assert await tags("nudge") == {early.id, late.id, never.id}
    runs = await Enrollment.filter(journey_id=jid)
    assert {r.status for r in runs} == {EnrollmentStatus.COMPLETED} and all(r.woke_by is None for r in runs)
    clock.set_now(None)


async def test_a_goal_counts_each_conversion_once_within_its_window(db: None, gql: Any) -> None:
    # given a journey: enter, wait 2 days, then a goal of an order within 7 days of entry
    clock.set_now(datetime(2026, 9, 1, 1, 0))
    jid = await publish("下单目标", {
        "nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                  node("wait", "WAIT", duration={"days": 2}),
                  node("goal", "GOAL", goal="ORDER", withinDays=7)],
        "edges": [edge("entry", "wait"), edge("wait", "goal")]})
    before_wait, during_goal, too_late, never = [await make_member() for _ in range(4)]
    old = await make_member()
    await make_history_order(old, clock.now() - timedelta(days=3))  # before entry: not a conversion
    await tick()

    # when one orders on day 1 (before reaching the goal), one on day 4, one on day 9 (window closed)
    clock.advance(timedelta(days=1))
    await make_history_order(before_wait, clock.now())
    await tick()
    clock.advance(timedelta(days=1, hours=1))
    await tick()  # everyone reaches the goal: before_wait converts on arrival
    clock.advance(timedelta(days=2))
    await make_history_order(during_goal, clock.now())
    await make_history_order(during_goal, clock.now() + timedelta(minutes=5))  # a second order counts once
    await tick()
    await tick()
    clock.advance(timedelta(days=5))
    await tick()
    await make_history_order(too_late, clock.now())
    await tick()

    # then two conversions, each once, dated when they happened; every run completed
    conversions = await JourneyConversion.filter(journey_id=jid).order_by("converted_at")
    assert [c.member_id for c in conversions] == [before_wait.id, during_goal.id]
    assert [c.day.isoformat() for c in conversions] == ["2026-09-02", "2026-09-05"]
    assert {r.status for r in await Enrollment.filter(journey_id=jid)} == {EnrollmentStatus.COMPLETED}

    # and the journey's metrics show them per goal node and per day
    data = await gql('query($id: ID!) { journey(id: $id) { conversions nodeCounts { nodeId passed converted } '
                     'conversionDays(days: 30) { nodeId day converted } } }', {"id": _gid("Journey", jid)})
    j = data["journey"]
    assert j["conversions"] == 2
    assert {c["nodeId"]: c["converted"] for c in j["nodeCounts"]}["goal"] == 2
    assert j["conversionDays"] == [{"nodeId": "goal", "day": "2026-09-02", "converted": 1},
                                   {"nodeId": "goal", "day": "2026-09-05", "converted": 1}]
    clock.set_now(None)


async def test_guide_tasks_are_made_once_for_the_members_guide(db: None) -> None:
    # given a triggered journey that makes a task on "visit" events, members with and without a guide
    clock.set_now(datetime(2026, 10, 5, 2, 0))
    store = await make_store()
    guide = await make_guide(store)
    with_guide = await make_member(guide=guide, home_store=store)
    without = await make_member(home_store=store)
    await event(await make_member(), "visit", clock.now() - timedelta(days=3))  # a known event type
    jid = await publish("到店回访", {
        "nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="EVENT", eventType="visit", reentry="EVERY_TIME"),
                  node("task", "GUIDE_TASK", instructions="邀请顾客参加周末活动", dueDays=2)],
        "edges": [edge("entry", "task")]})

    # when both visit, and the engine runs twice (a retried round)
    await event(with_guide, "visit")
    await event(without, "visit")
    await tick()
    await tick()

    # then one open task each (none for the visit before the launch), due in 2 days, for the guide or (no
    # guide) for the home store
    tasks = {t.member_id: t for t in await GuideTask.filter(source_id=jid)}
    assert set(tasks) == {with_guide.id, without.id}
    assert tasks[with_guide.id].guide_id == guide.id and tasks[with_guide.id].store_id == store.id
    assert tasks[without.id].guide_id is None and tasks[without.id].store_id == store.id
    assert {t.status for t in tasks.values()} == {TaskStatus.OPEN}
    assert {t.due_on.isoformat() for t in tasks.values()} == {"2026-10-07"}
    assert tasks[with_guide.id].instructions == "邀请顾客参加周末活动" and tasks[with_guide.id].node_id == "task"
    clock.set_now(None)


def _gid(type_name: str, pk: int) -> str:
    from tests.helpers import gid

    return gid(type_name, pk)


async def test_the_order_that_let_a_member_in_is_not_its_conversion(db: None) -> None:
    # given a journey entered on an order of goods whose goal is another order within 30 days
    clock.set_now(datetime(2026, 11, 2, 2, 0))
    jid = await publish("复购", {
        "nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS", reentry="ONCE"),
                  node("goal", "GOAL", goal="ORDER", withinDays=30)],
        "edges": [edge("entry", "goal")]})
    from api.orders.models import LineKind
    from tests.factories import make_product

    product = await make_product(LineKind.GOODS)
    m = await make_member()

    async def buy() -> None:
        from api.orders import services as orders

        await orders.record_order(ADMIN, orders.OrderInput(member_id=m.id, ordered_at=clock.now(), external_id=str(n()),
                                                           lines=[orders.LineInput(product_id=product.id)]))

    # when the member orders (and enters), then orders again 5 days later
    await buy()
    await tick()
    assert await Enrollment.filter(journey_id=jid, node_id="goal", status=EnrollmentStatus.ACTIVE).count() == 1
    assert await JourneyConversion.filter(journey_id=jid).count() == 0
    clock.advance(timedelta(days=5))
    await buy()
    await tick()
    await tick()

    # then the second order is the conversion
    assert [c.converted_at for c in await JourneyConversion.filter(journey_id=jid)] == [clock.now()]
    clock.set_now(None)
