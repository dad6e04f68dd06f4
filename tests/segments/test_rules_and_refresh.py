"""Rule validation (paths and reasons), materialisation bookkeeping, the nightly job, member segments."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from api.core import clock
from api.core.errors import DomainError
from api.core.viewer import Viewer
from api.members.models import Gender
from api.segments import services
from api.segments.models import RefreshTrigger, Segment, SegmentMembership, SegmentRefresh
from api.segments.rules import MAX_DEPTH, validate_rule
from tests.factories import make_member
from workers.jobs.segments_refresh import refresh_segments_nightly

NOW = datetime(2025, 6, 15, 4, 0)


def errors_of(rule: Any) -> list[tuple[tuple[str, ...], str]]:
    with pytest.raises(DomainError) as exc:
        validate_rule(rule)
    return [(e.field, e.code) for e in exc.value.errors]


def test_shape_errors_name_the_bad_node() -> None:
    assert errors_of({"all": [{"gender": {"in": ["FEMALE"]}}, {"shoeSize": {"min": 1}}]}) == [
        (("rule", "all", "1", "shoeSize"), "INVALID")]
    assert errors_of({"any": [{"age": {"min": "ten"}}]}) == [(("rule", "any", "0", "age", "min"), "INVALID")]
    assert errors_of({"lastPurchase": {"moreThanDaysAgo": -1}}) == [
        (("rule", "lastPurchase", "moreThanDaysAgo"), "OUT_OF_RANGE")]
    assert errors_of({"all": []}) == [(("rule", "all"), "REQUIRED")]
    assert errors_of({"gender": {"in": ["FEMALE"]}, "age": {"min": 1}})[0][1] == "INVALID"
    assert errors_of({"birthday": {"period": "IN_DAYS"}}) == [(("rule", "birthday", "days"), "INVALID")]
    assert errors_of({"noGuide": "yes"}) == [(("rule", "noGuide"), "INVALID")]
    assert errors_of({"purchases": {"days": 30, "orderCount": {"min": 3, "max": 1}}}) == [
        (("rule", "purchases", "orderCount", "min"), "OUT_OF_RANGE")]
    deep: dict[str, Any] = {"noGuide": True}
    for _ in range(MAX_DEPTH):
        deep = {"not": deep}
    validate_rule(deep)  # exactly at the limit
    assert errors_of({"not": deep})[0][1] == "TOO_LONG"


async def test_unknown_ids_and_self_reference(db: None) -> None:
    with pytest.raises(DomainError) as exc:
        await services.check_rule({"any": [{"bought": {"productIds": [424242]}},
                                           {"punchRemaining": {"atMost": 1, "cardProductIds": [7]}}]}, ["rule"])
    assert [(e.field, e.code) for e in exc.value.errors] == [
        (("rule", "any", "0", "bought", "productIds", "0"), "NOT_FOUND"),
        (("rule", "any", "1", "punchRemaining", "cardProductIds", "0"), "NOT_FOUND")]
    viewer = Viewer.system()
    a = await services.create_segment(viewer, "a", {"noGuide": True})
    with pytest.raises(DomainError) as exc:
        await services.update_segment(viewer, a.id, rule={"not": {"inSegment": {"segmentId": a.id}}})
    assert exc.value.errors[0].field == ("input", "rule", "not", "inSegment", "segmentId")
    await services.delete_segment(viewer, a.id)
    with pytest.raises(DomainError) as exc:
        await services.refresh_segment_for(viewer, a.id)
    assert exc.value.errors[0].code == "NOT_FOUND"
    with pytest.raises(DomainError):
        await services.check_rule({"inSegment": {"segmentId": a.id}}, ["rule"])


async def test_refresh_touches_only_changes_and_records_stays(db: None) -> None:
    clock.set_now(NOW)
    viewer = Viewer.system()
    a = await make_member(name="a", gender=Gender.FEMALE)
    b = await make_member(name="b", gender=Gender.MALE)
    seg = await services.create_segment(viewer, "women", {"gender": {"in": ["FEMALE"]}})
    first = await SegmentMembership.get(segment_id=seg.id, member_id=a.id)
    # nothing changed: nothing touched
    clock.set_now(NOW + timedelta(hours=1))
    r = await services.refresh_segment(seg.id)
    assert (r.entered, r.exited, r.member_count) == (0, 0, 1)
    assert (await SegmentMembership.get(id=first.id)).entered_at == first.entered_at
    # b changes, a leaves and comes back later: a has two stays
    b.gender = Gender.FEMALE
    await b.save()
    a.gender = Gender.MALE
    await a.save()
    clock.set_now(NOW + timedelta(days=1))
    r = await services.refresh_segment(seg.id)
    assert (r.entered, r.exited, r.member_count) == (1, 1, 1)
    a.gender = Gender.FEMALE
    await a.save()
    clock.set_now(NOW + timedelta(days=2))
    await services.refresh_before_plan([seg.id])
    stays = await services.membership_history(seg.id, a.id)
    assert [(s.entered_at, s.exited_at) for s in stays] == [
        (NOW.replace(tzinfo=stays[0].entered_at.tzinfo), NOW.replace(tzinfo=stays[0].entered_at.tzinfo)
         + timedelta(days=1)),
        (clock.now(), None)]
    seg = await Segment.get(id=seg.id)
    assert seg.member_count == 2 and seg.last_refreshed_at == clock.now() and seg.refresh_slow is False
    assert [r.trigger for r in await services.size_history(seg.id)] == [
        RefreshTrigger.CREATE, RefreshTrigger.MANUAL, RefreshTrigger.MANUAL, RefreshTrigger.PLAN]
    # member segments (what Member.segments shows)
    assert (await services.member_segment_ids([a.id, b.id])) == {a.id: [seg.id], b.id: [seg.id]}


async def test_nightly_job_refreshes_everything(db: None) -> None:
    clock.set_now(NOW)
    await make_member(name="a", gender=Gender.FEMALE)
    await services.create_segment(Viewer.system(), "women", {"gender": {"in": ["FEMALE"]}}, refresh=False)
    out = await refresh_segments_nightly({})
    assert out["segments"] == 7  # the custom one and the six ready-made RFM groups
    assert out["entered"] == 1
    assert await SegmentRefresh.filter(trigger=RefreshTrigger.NIGHTLY).count() == 7


SEGMENT_CREATE = """
mutation($input: SegmentCreateInput!) {
  segmentCreate(input: $input) { segment { id memberCount } userErrors { field message code } }
}"""


async def test_segment_create_is_one_transaction_with_its_first_refresh(gql, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # given two women, and a first refresh that does all its work and then fails (a lost connection)
    for _ in range(2):
        await make_member(gender=Gender.FEMALE)
    real_refresh = services.refresh_segment

    async def refresh_then_fail(segment_id: int, trigger: RefreshTrigger = RefreshTrigger.MANUAL) -> Any:
        await real_refresh(segment_id, trigger)
        raise ConnectionResetError("connection lost after the refresh")

    monkeypatch.setattr(services, "refresh_segment", refresh_then_fail)
    create = {"input": {"name": "Women", "rule": {"gender": {"in": ["FEMALE"]}}}}

    # when the segment is created through the API, and through the service
    body = await gql.raw(SEGMENT_CREATE, create)
    with pytest.raises(ConnectionResetError):
        await services.create_segment(Viewer.system(), "Women", {"gender": {"in": ["FEMALE"]}})

    # then neither left a segment, a membership or a refresh behind
    assert body["data"] is None or body["data"]["segmentCreate"]["segment"] is None
    assert await Segment.all().count() == 0
    assert await SegmentMembership.all().count() == 0
    assert await SegmentRefresh.all().count() == 0

    # and a retry once the refresh works creates exactly one segment, materialised
    monkeypatch.setattr(services, "refresh_segment", real_refresh)
    out = (await gql(SEGMENT_CREATE, create))["segmentCreate"]
    assert out["userErrors"] == [] and out["segment"]["memberCount"] == 2
    assert await Segment.all().count() == 1
    assert await SegmentMembership.all().count() == 2
