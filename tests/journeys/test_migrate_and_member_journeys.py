"""A version published while members wait: journeyMigrateWaiting moves them explicitly (nobody else), and
Member.journeys says where a member is in each journey and why."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.core import clock
from api.journeys import services
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyVersion
from api.members.models import MemberTag
from tests.factories import make_member
from tests.helpers import gid
from tests.journeys.graphs import ADMIN, edge, node, tick

MIGRATE = """mutation($id: ID!, $input: JourneyMigrateWaitingInput!) {
  journeyMigrateWaiting(id: $id, input: $input) { moved { fromNode toNode moved } userErrors { field code message } }
}"""


async def test_members_waiting_on_an_old_version_move_only_when_mapped(db: None, gql: Any) -> None:
    # given version 1: enter, wait 3 days, tag "v1"; three members waiting
    clock.set_now(datetime(2026, 3, 2, 1, 0))
    v1 = {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                    node("wait", "WAIT", duration={"days": 3}), node("tag", "UPDATE_MEMBER", addTags=["v1"])],
          "edges": [edge("entry", "wait"), edge("wait", "tag")]}
    journey = await services.create_journey(ADMIN, "改版", draft=v1)
    await services.publish(ADMIN, journey.id)
    members = [await make_member() for _ in range(3)]
    await tick()
    assert await Enrollment.filter(journey_id=journey.id, node_id="wait").count() == 3

    # and version 2 published a day later: a longer wait, then tag "v2"
    clock.advance(timedelta(days=1))
    v2 = {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                    node("wait2", "WAIT", duration={"days": 5}), node("tag2", "UPDATE_MEMBER", addTags=["v2"])],
          "edges": [edge("entry", "wait2"), edge("wait2", "tag2")]}
    await services.update_draft(ADMIN, journey.id, draft=v2)
    await services.publish(ADMIN, journey.id)
    jid = gid("Journey", journey.id)

    # when the mapping is wrong it is refused, naming the pair, and nobody moves
    bad = await gql(MIGRATE, {"id": jid, "input": {"fromVersion": 1, "mapping": [
        {"fromNode": "wait", "toNode": "tag2"}, {"fromNode": "tag", "toNode": "wait2"},
        {"fromNode": "nope", "toNode": "gone"}]}})
    errors = bad["journeyMigrateWaiting"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["mapping", "0", "toNode"], "INVALID"), (["mapping", "1", "fromNode"], "INVALID"),
        (["mapping", "2", "fromNode"], "NOT_FOUND"), (["mapping", "2", "toNode"], "NOT_FOUND")]
    same = await gql(MIGRATE, {"id": jid, "input": {"fromVersion": 2, "mapping": [
        {"fromNode": "wait2", "toNode": "wait2"}]}})
    assert [e["field"] for e in same["journeyMigrateWaiting"]["userErrors"]] == [["fromVersion"]]
    old = await JourneyVersion.get(journey_id=journey.id, number=1)
    assert await Enrollment.filter(journey_id=journey.id, version_id=old.id).count() == 3

    # when the waiting members are mapped wait → wait2
    ok = await gql(MIGRATE, {"id": jid, "input": {"fromVersion": 1, "mapping": [
        {"fromNode": "wait", "toNode": "wait2"}]}})
    assert ok["journeyMigrateWaiting"] == {"moved": [{"fromNode": "wait", "toNode": "wait2", "moved": 3}],
                                           "userErrors": []}

    # then they keep their due time (day 3 of the old wait) and leave by the new version's path, once
    clock.advance(timedelta(days=2, hours=1))
    await tick()
    await tick()
    assert {t.member_id for t in await MemberTag.filter(tag="v2")} == {m.id for m in members}
    assert await MemberTag.filter(tag="v1").count() == 0
    assert {r.status for r in await Enrollment.filter(journey_id=journey.id)} == {EnrollmentStatus.COMPLETED}
    clock.set_now(None)


async def test_member_journeys_says_where_and_why(db: None, gql: Any) -> None:
    # given a member waiting in one journey and stopped out of another
    clock.set_now(datetime(2026, 3, 2, 1, 0))  # 09:00 in Shanghai
    m = await make_member(name="王芳")
    waiting = await services.create_journey(ADMIN, "等待中", draft={
        "nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                  node("wait", "WAIT", duration={"days": 3}), node("tag", "UPDATE_MEMBER", addTags=["x"])],
        "edges": [edge("entry", "wait"), edge("wait", "tag")]})
    await services.publish(ADMIN, waiting.id)
    stopped = await services.create_journey(ADMIN, "已停止", draft={
        "nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                  node("goal", "GOAL", goal="ORDER", withinDays=7)],
        "edges": [edge("entry", "goal")]})
    await services.publish(ADMIN, stopped.id)
    await tick()
    clock.advance(timedelta(hours=1))
    from api.journeys.models import JourneyStatus

    await services.set_status(ADMIN, stopped.id, JourneyStatus.STOPPED)

    # when a frontend asks for the member's journeys
    data = await gql("query($id: ID!) { member(id: $id) { journeys { journey { name } "
                     "enrollment { nodeId status versionNumber } why } } }", {"id": gid("Member", m.id)})

    # then each journey's latest run says where it is and why
    runs = {j["journey"]["name"]: j for j in data["member"]["journeys"]}
    assert runs["等待中"]["enrollment"] == {"nodeId": "wait", "status": "ACTIVE", "versionNumber": 1}
    assert runs["等待中"]["why"] == "Waiting at wait until 2026-03-05 09:00."
    assert runs["已停止"]["enrollment"]["status"] == "EXITED"
    assert runs["已停止"]["why"] == "Left at goal on 2026-03-02 10:00: the journey was stopped."
    clock.set_now(None)
