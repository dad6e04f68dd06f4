"""Journeys as records: drafts, immutable versions, ownership and stop (the service layer)."""

from __future__ import annotations

from typing import Any

import pytest

from api.accounts.models import Role
from api.core import clock
from api.core.errors import DomainError
from api.core.viewer import ROLE_SCOPES, Viewer
from api.journeys import services
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyStatus, JourneyVersion
from api.segments.models import Segment
from tests.factories import make_company, make_member, make_store


def viewer(role: Role, **kw: Any) -> Viewer:
    return Viewer(role=role, name=role.value, scopes=ROLE_SCOPES[role], **kw)


TEMPLATE_ID = 0


async def template(company_id: int | None = None) -> int:
    """An SMS template the journeys' message nodes send."""
    from api.templates.models import Template, TemplateChannel

    global TEMPLATE_ID
    TEMPLATE_ID = (await Template.create(name="回访", channel=TemplateChannel.SMS, text="亲爱的{customer_name}",
                                         company_id=company_id)).id
    return TEMPLATE_ID


def canvas(days: int = 7, segment_ids: list[int] | None = None) -> dict[str, Any]:
    return {
        "nodes": [
            {"id": "entry", "kind": "ENTRY", "config": {"mode": "TRIGGERED", "trigger": "ORDER_SERVICES",
                                                         "audience": {"segmentIds": segment_ids or []}}},
            {"id": "wait", "kind": "WAIT", "config": {"duration": {"days": days}}},
            {"id": "msg", "kind": "MESSAGE", "config": {"templateId": TEMPLATE_ID, "channels": ["SMS"]}},
        ],
        "edges": [{"from": "entry", "to": "wait"}, {"from": "wait", "to": "msg"}],
    }


async def test_published_versions_are_immutable_and_numbered(db: None) -> None:
    # given a company admin's draft journey
    company = await make_company()
    admin_a = viewer(Role.COMPANY_ADMIN, company_id=company.id)
    await template(company.id)
    journey = await services.create_journey(admin_a, "术后回访", draft=canvas(14))
    assert (journey.company_id, journey.status) == (company.id, JourneyStatus.DRAFT)

    # when it is published, edited and published again
    v1 = await services.publish(admin_a, journey.id)
    await services.update_draft(admin_a, journey.id, draft=canvas(21), revision=journey.draft_revision)
    v2 = await services.publish(admin_a, journey.id)

    # then version 1 still holds the graph members entered with, and new entries get version 2
    assert (v1.number, v2.number) == (1, 2)
    stored = {v.number: v.graph for v in await JourneyVersion.filter(journey_id=journey.id)}
    assert stored[1]["nodes"][1]["config"] == {"duration": {"minutes": 14 * 1440}}
    assert stored[2]["nodes"][1]["config"] == {"duration": {"minutes": 21 * 1440}}
    await journey.refresh_from_db()
    assert (journey.current_version, journey.status) == (2, JourneyStatus.ACTIVE)


async def test_a_stale_draft_save_is_refused(db: None) -> None:
    admin = viewer(Role.ADMIN)
    journey = await services.create_journey(admin, "会员日")
    await services.update_draft(admin, journey.id, draft=canvas(), revision=0)
    with pytest.raises(DomainError) as e:
        await services.update_draft(admin, journey.id, draft=canvas(3), revision=0)
    assert [(fe.field, fe.code) for fe in e.value.errors] == [(("input", "revision"), "CONFLICT")]


async def test_an_invalid_draft_is_saved_but_not_published(db: None) -> None:
    admin = viewer(Role.ADMIN)
    journey = await services.create_journey(admin, "草稿", draft=canvas(0))
    with pytest.raises(DomainError) as e:
        await services.publish(admin, journey.id)
    assert e.value.errors[0].field == ("graph", "nodes", "1", "config", "duration")
    assert await JourneyVersion.filter(journey_id=journey.id).count() == 0


async def test_another_companys_segment_is_not_found_on_its_node(db: None) -> None:
    # given company A's admin and a segment of company B
    ca, cb = await make_company(), await make_company()
    b_segment = await Segment.create(name="B 的分群", rule={"gender": {"in": ["FEMALE"]}}, company_id=cb.id)
    admin_a = viewer(Role.COMPANY_ADMIN, company_id=ca.id)
    await template(cb.id)  # B's template: not usable by A either
    journey = await services.create_journey(admin_a, "越界", draft=canvas(segment_ids=[b_segment.id]))
    # when A publishes a journey whose audience is B's segment
    with pytest.raises(DomainError) as e:
        await services.publish(admin_a, journey.id)
    # then the errors are on the entry node's segment and the message node's template; nothing is published
    assert [(f.field[-1], f.code) for f in e.value.errors] == [("0", "NOT_FOUND"), ("templateId", "NOT_FOUND")]
    assert "Node msg: no template" in e.value.errors[1].message
    fe = e.value.errors[0]
    assert fe.field == ("graph", "nodes", "0", "config", "audience", "segmentIds", "0")
    assert fe.code == "NOT_FOUND"
    assert "Node entry" in fe.message


async def test_reach_and_rights(db: None) -> None:
    # given a journey of company A
    ca, cb = await make_company(), await make_company()
    sa = await make_store(ca)
    journey = await services.create_journey(viewer(Role.COMPANY_ADMIN, company_id=ca.id), "A 的计划")
    # then B's admin does not find it, A's store manager reads it but may not change it
    with pytest.raises(DomainError) as e:
        await services.get_journey(viewer(Role.COMPANY_ADMIN, company_id=cb.id), journey.id)
    assert e.value.errors[0].code == "NOT_FOUND"
    manager = viewer(Role.STORE_MANAGER, store_ids=(sa.id,))
    assert (await services.get_journey(manager, journey.id)).id == journey.id
    with pytest.raises(DomainError):
        await services.update_draft(manager, journey.id, name="改名")
    # and HQ's journeys are read-only below admin
    hq = await services.create_journey(viewer(Role.ADMIN), "总部计划")
    with pytest.raises(DomainError) as e:
        await services.publish(viewer(Role.COMPANY_ADMIN, company_id=ca.id), hq.id)
    assert e.value.errors[0].code == "PERMISSION_DENIED"
    # and a partner reads no journeys at all
    with pytest.raises(DomainError):
        services.visible_journeys(viewer(Role.PARTNER, company_id=ca.id))


async def test_stop_exits_every_live_run_with_a_reason(db: None) -> None:
    admin = viewer(Role.ADMIN)
    await template()
    journey = await services.create_journey(admin, "停止", draft=canvas())
    version = await services.publish(admin, journey.id)
    members = [await make_member() for _ in range(3)]
    for m in members:
        await Enrollment.create(journey_id=journey.id, version_id=version.id, member_id=m.id, node_id="wait",
                                due_at=clock.now(), entered_at=clock.now(), entry_key="test")
    await services.set_status(admin, journey.id, JourneyStatus.STOPPED)
    runs = await Enrollment.filter(journey_id=journey.id)
    assert {(r.status, r.exit_reason, r.due_at) for r in runs} == {
        (EnrollmentStatus.EXITED, "the journey was stopped", None)}
    with pytest.raises(DomainError):
        await services.set_status(admin, journey.id, JourneyStatus.ACTIVE)


async def test_one_live_run_per_member_per_journey(db: None) -> None:
    from tortoise.exceptions import IntegrityError

    admin = viewer(Role.ADMIN)
    await template()
    journey = await services.create_journey(admin, "唯一", draft=canvas())
    version = await services.publish(admin, journey.id)
    m = await make_member()
    await Enrollment.create(journey_id=journey.id, version_id=version.id, member_id=m.id, node_id="wait",
                            entered_at=clock.now(), occurrence=1, entry_key="a")
    with pytest.raises(IntegrityError):
        await Enrollment.create(journey_id=journey.id, version_id=version.id, member_id=m.id, node_id="wait",
                                entered_at=clock.now(), occurrence=2, entry_key="b")
    # a finished run does not block the next one
    await Enrollment.filter(member_id=m.id).update(status=EnrollmentStatus.COMPLETED)
    await Enrollment.create(journey_id=journey.id, version_id=version.id, member_id=m.id, node_id="wait",
                            entered_at=clock.now(), occurrence=2, entry_key="b")


async def test_an_event_type_never_recorded_is_refused_on_its_node(db: None) -> None:
    # given a journey waiting for "coupon.used" while only "coupon.use" was ever recorded
    from datetime import timedelta

    from api.orders.models import Event

    await Event.create(member=await make_member(), type="coupon.use", occurred_at=clock.now() - timedelta(days=1),
                       payload={}, source="app", external_id="e-1")
    graph = {"nodes": [{"id": "entry", "kind": "ENTRY", "config": {"mode": "ONE_SHOT",
                                                                  "at": clock.now().isoformat()}},
                       {"id": "wait", "kind": "WAIT_EVENT", "config": {"eventType": "coupon.used", "timeoutDays": 3}},
                       {"id": "goal", "kind": "GOAL", "config": {"goal": "EVENT", "eventType": "coupon.use",
                                                                 "withinDays": 7}}],
             "edges": [{"from": "entry", "to": "wait"}, {"from": "wait", "to": "goal", "branch": "event"},
                       {"from": "wait", "to": "goal", "branch": "timeout"}]}
    journey = await services.create_journey(viewer(Role.ADMIN), "拼错", draft=graph)

    # when it is published, the misspelt node is named; the known one is not
    with pytest.raises(DomainError) as e:
        await services.publish(viewer(Role.ADMIN), journey.id)
    assert [(fe.field, fe.code) for fe in e.value.errors] == [
        (("graph", "nodes", "1", "config", "eventType"), "NOT_FOUND")]
    assert "coupon.used" in e.value.errors[0].message
