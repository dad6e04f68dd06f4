"""eventRecord through GraphQL: stored once per (source, externalId), members by id or phone, bad input."""

from __future__ import annotations

from datetime import datetime, timedelta

from api.accounts.models import Role
from api.core import clock
from api.orders.models import Event
from tests.factories import dt, make_guide, make_member, make_token
from tests.helpers import EVENT_RECORD, errors_of, gid

NOW = dt("2024-06-01T04:00:00")


async def _record(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(EVENT_RECORD, {"input": input}))["eventRecord"]


async def test_same_source_and_external_id_is_stored_once(gql) -> None:
    # given a member
    clock.set_now(NOW)
    member = await make_member()
    event = {
        "type": "coupon.redeemed",
        "source": "crm-bi",
        "externalId": "evt-1",
        "memberId": gid("Member", member.id),
        "occurredAt": (NOW - timedelta(hours=1)).isoformat(),
        "payload": {"coupon": "SPRING50", "amount": 50},
    }

    # when the partner sends the same event twice
    first = await _record(gql, event)
    second = await _record(gql, event)

    # then it is stored once; the second answer says so and returns the same event
    assert first["userErrors"] == [] and second["userErrors"] == []
    assert first["created"] is True
    assert second["created"] is False
    assert second["event"]["id"] == first["event"]["id"]
    assert first["event"]["payload"] == {"coupon": "SPRING50", "amount": 50}
    assert datetime.fromisoformat(first["event"]["occurredAt"]) == NOW - timedelta(hours=1)
    assert await Event.all().count() == 1

    # and the same external id from another source is another event
    other = await _record(gql, {**event, "source": "youzan"})
    assert other["created"] is True and other["event"]["id"] != first["event"]["id"]
    assert await Event.all().count() == 2


async def test_member_found_by_phone_in_any_common_spelling(gql) -> None:
    # given a member with a phone
    member = await make_member(phone="13912345678")

    # when an event names the member by phone with +86 and spaces
    out = await _record(
        gql, {"type": "page.view", "source": "app", "externalId": "p-1", "memberPhone": "+86 139 1234 5678"}
    )

    # then it is that member's event
    assert out["userErrors"] == []
    stored = await Event.get(id=int(out["event"]["id"]))
    assert stored.member_id == member.id


async def test_event_without_member_is_stored_without_one(gql) -> None:
    out = await _record(gql, {"type": "store.visit", "source": "wifi", "externalId": "v-1"})
    assert out["userErrors"] == [] and out["created"] is True
    assert (await Event.get(id=int(out["event"]["id"]))).member_id is None
    assert out["event"]["payload"] == {}


async def test_unknown_member_by_id_or_phone_is_refused(gql) -> None:
    base = {"type": "page.view", "source": "app"}
    out = await _record(gql, {**base, "externalId": "a", "memberId": gid("Member", 999)})
    assert errors_of(out) == [(["input", "memberId"], "NOT_FOUND")]
    out = await _record(gql, {**base, "externalId": "b", "memberPhone": "13800000000"})
    assert errors_of(out) == [(["input", "memberPhone"], "NOT_FOUND")]
    out = await _record(gql, {**base, "externalId": "c", "memberId": "???"})
    assert errors_of(out) == [(["input", "memberId"], "INVALID")]
    member = await make_member()
    out = await _record(
        gql, {**base, "externalId": "d", "memberId": gid("Member", member.id), "memberPhone": member.phone}
    )
    assert [f for f, _ in errors_of(out)] == [["input", "memberPhone"]]
    assert await Event.all().count() == 0


async def test_bad_type_source_external_id_time_and_payload_each_name_the_field(gql) -> None:
    # given the service clock
    clock.set_now(NOW)
    good = {"type": "coupon.redeemed", "source": "crm", "externalId": "x-1"}
    cases = [
        ({"type": "Coupon Redeemed"}, ["input", "type"], "INVALID"),
        ({"type": ""}, ["input", "type"], "INVALID"),
        ({"source": "crm bi!"}, ["input", "source"], "INVALID"),
        ({"source": "s" * 41}, ["input", "source"], "INVALID"),
        ({"externalId": ""}, ["input", "externalId"], "REQUIRED"),
        ({"externalId": "e" * 121}, ["input", "externalId"], "OUT_OF_RANGE"),
        ({"occurredAt": (NOW + timedelta(hours=1)).isoformat()}, ["input", "occurredAt"], "OUT_OF_RANGE"),
        ({"payload": {"blob": "x" * 17_000}}, ["input", "payload"], "OUT_OF_RANGE"),
        ({"payload": [1, 2, 3]}, ["input", "payload"], "INVALID"),
    ]
    # when each bad event is sent, then exactly that field is named and nothing is stored
    for change, field, code in cases:
        out = await _record(gql, {**good, **change})
        assert out["event"] is None, change
        assert out["created"] is False
        assert errors_of(out) == [(field, code)], change
    assert await Event.all().count() == 0

    # and an event a minute ahead (clock skew) is accepted
    ok = await _record(gql, {**good, "occurredAt": (NOW + timedelta(minutes=1)).isoformat()})
    assert ok["userErrors"] == []


async def test_member_events_lists_them_newest_first(gql) -> None:
    # given three events of a member at different times and one of another member
    clock.set_now(NOW)
    member, other = await make_member(), await make_member()
    for i, hours in enumerate((5, 1, 3)):
        out = await _record(
            gql,
            {
                "type": f"step.{i}",
                "source": "app",
                "externalId": f"e{i}",
                "memberId": gid("Member", member.id),
                "occurredAt": (NOW - timedelta(hours=hours)).isoformat(),
            },
        )
        assert out["userErrors"] == []
    await _record(gql, {"type": "x", "source": "app", "externalId": "o", "memberId": gid("Member", other.id)})

    # when the member's events are read two at a time
    q = """query($id: ID!, $after: String) { member(id: $id) {
             events(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { type } } } }"""
    page1 = (await gql(q, {"id": gid("Member", member.id)}))["member"]["events"]
    page2 = (await gql(q, {"id": gid("Member", member.id), "after": page1["pageInfo"]["endCursor"]}))["member"][
        "events"
    ]

    # then they come newest first, three in all
    assert page1["totalCount"] == 3
    assert [n["type"] for n in page1["nodes"]] == ["step.1", "step.2"]
    assert page1["pageInfo"]["hasNextPage"] is True
    assert [n["type"] for n in page2["nodes"]] == ["step.0"]
    assert page2["pageInfo"]["hasNextPage"] is False


async def test_guide_cannot_record_events_and_partner_can(gql) -> None:
    # given a guide token (no events:write) and a partner token
    member = await make_member()
    guide = await make_guide()
    event = {"type": "x", "source": "app", "externalId": "g-1", "memberId": gid("Member", member.id)}

    async with gql.as_token(await make_token(Role.GUIDE, guide_id=guide.id)) as as_guide:
        out = (await as_guide(EVENT_RECORD, {"input": event}))["eventRecord"]
    assert errors_of(out) == [(None, "PERMISSION_DENIED")]
    assert await Event.all().count() == 0

    async with gql.as_token(await make_token(Role.PARTNER)) as as_partner:
        out = (await as_partner(EVENT_RECORD, {"input": event}))["eventRecord"]
    assert out["userErrors"] == [] and out["created"] is True
