"""eventRecord through GraphQL: stored once per (source, externalId), members by id or phone, bad input."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from api.accounts.models import Role
from api.core import clock
from api.orders.models import Event
from api.org.models import Store
from tests.factories import dt, make_guide, make_member, make_store, make_token
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
    # given a guide token (no events:write) and a token of a partner of the member's company
    store = await make_store()
    member = await make_member(home_store=store)
    guide = await make_guide(store)
    event = {"type": "x", "source": "app", "externalId": "g-1", "memberId": gid("Member", member.id)}

    async with gql.as_token(await make_token(Role.GUIDE, guide_id=guide.id)) as as_guide:
        out = (await as_guide(EVENT_RECORD, {"input": event}))["eventRecord"]
    assert errors_of(out) == [(None, "PERMISSION_DENIED")]
    assert await Event.all().count() == 0

    async with gql.as_token(await make_token(Role.PARTNER, company_id=store.company_id)) as as_partner:
        out = (await as_partner(EVENT_RECORD, {"input": event}))["eventRecord"]
    assert out["userErrors"] == [] and out["created"] is True


async def test_twenty_concurrent_deliveries_of_one_event_store_one_row(gql) -> None:
    # given a freshly migrated database and a member
    member = await make_member()
    event = {"type": "coupon.redeemed", "source": "crm-bi", "externalId": "race-1"}
    event["memberId"] = gid("Member", member.id)

    # when 20 identical deliveries arrive at once
    outs = await asyncio.gather(*(_record(gql, event) for _ in range(20)))

    # then exactly one row is stored, one answer created it and every answer names it
    assert all(o["userErrors"] == [] for o in outs), [o["userErrors"] for o in outs]
    assert await Event.filter(source="crm-bi", external_id="race-1").count() == 1
    assert sum(o["created"] for o in outs) == 1
    assert len({o["event"]["id"] for o in outs}) == 1


async def _stored_elsewhere(gql) -> tuple[dict, dict, Store, Store]:  # type: ignore[no-untyped-def]
    """Company A with store a, company B with store b; the admin stored an event of a member of b."""
    from tests.factories import make_company

    company_a, company_b = await make_company(), await make_company()
    store_a, store_b = await make_store(company_a), await make_store(company_b)
    member_b = await make_member(home_store=store_b)
    event = {
        "type": "coupon.redeemed",
        "source": "crm-bi",
        "externalId": "b-1",
        "memberId": gid("Member", member_b.id),
        "payload": {"secret": "member-b-coupon"},
    }
    stored = await _record(gql, event)
    assert stored["created"] is True
    return event, stored, store_a, store_b


async def _replay_as(gql, token: str, event: dict) -> dict:  # type: ignore[no-untyped-def]
    async with gql.as_token(token) as caller:
        body = await caller.raw(EVENT_RECORD, {"input": event})
    assert not body.get("errors"), body
    assert "member-b-coupon" not in str(body)
    return body["data"]["eventRecord"]


async def test_replaying_another_stores_event_is_a_duplicate_without_the_event(gql) -> None:
    # given an event of a member of company B, recorded by the admin
    event, _, store_a, _ = await _stored_elsewhere(gql)
    manager_a = await make_token(Role.STORE_MANAGER, store_ids=[store_a.id])
    company_admin_a = await make_token(Role.COMPANY_ADMIN, company_id=store_a.company_id)

    # when a store manager and a company admin of company A replay its (source, externalId),
    # with the member or without one
    for token in (manager_a, company_admin_a):
        for replay in (event, {k: v for k, v in event.items() if k != "memberId"}):
            out = await _replay_as(gql, token, replay)

            # then they are told the id is taken, and get neither the event nor its payload
            assert out["event"] is None and out["created"] is False
            assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]
    assert await Event.all().count() == 1


async def test_partner_replaying_an_event_it_cannot_see_gets_a_duplicate(gql) -> None:
    # given an event of a member, and a partner that may write events but read no members
    event, _, store_a, _ = await _stored_elsewhere(gql)
    partner = await make_token(Role.PARTNER, scopes=["events:write"], company_id=store_a.company_id)

    # when the partner replays the event's (source, externalId)
    out = await _replay_as(gql, partner, {k: v for k, v in event.items() if k != "memberId"})

    # then it is a duplicate, without the event
    assert out["event"] is None
    assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]

    # and an event without a member is only handed back to an admin
    anon = {"type": "store.visit", "source": "wifi", "externalId": "v-9", "payload": {"secret": "member-b-coupon"}}
    assert (await _record(gql, anon))["created"] is True
    out = await _replay_as(gql, partner, anon)
    assert out["event"] is None
    assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]
    again = await _record(gql, anon)
    assert again["created"] is False and again["event"]["payload"] == {"secret": "member-b-coupon"}


async def test_replay_by_a_caller_who_sees_the_member_returns_the_stored_event(gql) -> None:
    # given an event of a member of store b
    event, stored, _, store_b = await _stored_elsewhere(gql)

    # when store b's manager replays it
    async with gql.as_token(await make_token(Role.STORE_MANAGER, store_ids=[store_b.id])) as manager_b:
        out = (await manager_b(EVENT_RECORD, {"input": event}))["eventRecord"]

    # then it is the stored event, not a new one
    assert out["userErrors"] == [] and out["created"] is False
    assert out["event"]["id"] == stored["event"]["id"]
    assert out["event"]["payload"] == {"secret": "member-b-coupon"}
