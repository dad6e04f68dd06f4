"""journeyEstimate: reach on every node and the send waterfall, compared with what the engine then sends."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from api.channels.models import MessageSend, SendKind, SendStatus
from api.core import clock
from api.core.config import get_settings
from api.fatigue.models import FatiguePolicy
from api.fatigue.policy import parse_caps, parse_quiet
from api.journeys import engine, entries
from api.journeys.estimate import estimate_journey
from api.members.models import Gender, Member
from api.templates.models import Template
from tests.factories import make_company, make_member, make_store
from tests.helpers import gid
from tests.journeys.graphs import ADMIN, edge, node, publish

TZ = get_settings().tz
DAY = datetime(2026, 12, 8, tzinfo=TZ)  # a store day


def local(hh: int, mm: int = 0) -> datetime:
    return (DAY + timedelta(hours=hh, minutes=mm)).astimezone(UTC)


async def _people() -> dict[str, Member]:
    """Six women the gate treats six ways, and a man the split sends elsewhere."""
    return {
        "sms": await make_member(),  # phone, SMS consent
        "wechat": await make_member(sms_consent=False, wechat_openid="o-2", wechat_subscribed=True),
        "no_consent": await make_member(sms_consent=False),  # a phone, but no consent anywhere
        "wechat_no_consent": await make_member(phone=None, wechat_openid="o-4", wechat_subscribed=False),
        "nothing": await make_member(phone=None),
        "at_cap": await make_member(),
        "man": await make_member(gender=Gender.MALE),
    }


def _graph(template_id: int, at: str, quiet: str = "DEFER", split: bool = False) -> dict[str, Any]:
    nodes = [node("entry", "ENTRY", mode="ONE_SHOT", at=at),
             node("women", "CONDITION", rule={"gender": {"in": ["FEMALE"]}}),
             node("msg", "MESSAGE", templateId=template_id, channels=["SMS", "WECHAT"], quiet=quiet),
             node("bye", "EXIT")]
    edges = [edge("entry", "women"), edge("women", "msg", "yes"), edge("women", "bye", "no")]
    if split:
        nodes.insert(1, node("ab", "RANDOM_SPLIT", shares=[{"key": "a", "percent": 70}, {"key": "b", "percent": 30}]))
        edges = [edge("entry", "ab"), edge("ab", "women", "a"), edge("ab", "bye", "b"), *edges[1:]]
    return {"nodes": nodes, "edges": edges}


async def _sent(journey_id: int) -> Counter[str]:
    rows = await MessageSend.filter(sender_type="journey", sender_id=journey_id).values_list("status", "channel")
    return Counter(f"{SendStatus(s).value}:{c}" for s, c in rows)


async def test_the_waterfall_is_what_the_gate_then_decides(db: None, redis: object) -> None:
    # given six women reached six ways, a man, and a cap of 1 SMS a day that one woman used this morning
    people = await _people()
    await FatiguePolicy.create(company_id=None, rules=[c.to_json() for c in parse_caps(
        [{"channel": "SMS", "period": "DAY", "maxSends": 1}])])
    clock.set_now(local(9))
    await MessageSend.create(member=people["at_cap"], dedupe_key="earlier", sender_type="plan", sender_id=1,
                             step="s", occurrence="1", kind=SendKind.MARKETING, channel="SMS", channels=["SMS"],
                             status=SendStatus.QUEUED, decided_at=local(8), content={"text": "x"})
    tpl = await Template.create(name="t", text="{customer_name}，您好")
    # and a one-shot journey at 10:00: women get an SMS, else WeChat
    journey_id = await publish("estimate", _graph(tpl.id, "2026-12-08T10:00"))

    # when it is estimated
    _, basis, nodes = await estimate_journey(ADMIN, journey_id)

    # then every node's arrivals are exact, and the message node's waterfall says who is lost where
    by = {n.node_id: n for n in nodes}
    assert basis == "draft"
    assert [(n.node_id, n.arriving, n.exact) for n in nodes] == [
        ("entry", 7, True), ("women", 7, True), ("msg", 6, True), ("bye", 1, True)]
    m = by["msg"].message
    assert m is not None
    assert [(c.channel, c.has_address, c.sends) for c in m.channels] == [("SMS", 4, 2), ("WECHAT", 2, 1)]
    assert (m.arriving, m.reachable, m.unreachable, m.no_consent) == (6, 5, 1, 2)
    assert (m.quiet_skipped, m.quiet_deferred, m.capped, m.held_out, m.expected_sends) == (0, 0, 1, 0, 2)
    assert m.exact and m.send_at == local(10)

    # when the journey runs at 10:00 with the real engine
    clock.set_now(local(10, 1))
    await entries.run_schedules()
    await engine.pump()

    # then the gate decided exactly that
    assert await _sent(journey_id) == Counter({
        "queued:SMS": 1, "queued:WECHAT": 1, "capped:SMS": 1, "no_consent:SMS": 2, "unreachable:SMS": 1})
    queued = sum(n for k, n in (await _sent(journey_id)).items() if k.startswith("queued"))
    assert queued == m.expected_sends


async def test_quiet_hours_skip_is_counted_at_the_send_time(db: None, redis: object) -> None:
    # given SMS quiet hours 21:00-09:00 and a SKIP node at 22:00
    people = await _people()
    await FatiguePolicy.create(company_id=None, quiet_hours=[q.to_json() for q in parse_quiet(
        [{"channel": "SMS", "start": "21:00", "end": "09:00"}])])
    clock.set_now(local(20))
    tpl = await Template.create(name="t", text="hi")
    journey_id = await publish("quiet", _graph(tpl.id, "2026-12-08T22:00", quiet="SKIP"))

    # when estimated
    _, _, nodes = await estimate_journey(ADMIN, journey_id)
    m = next(n for n in nodes if n.node_id == "msg").message
    assert m is not None

    # then the SMS sends are lost to the quiet hours; WeChat's are not
    assert (m.quiet_skipped, m.capped, m.expected_sends) == (2, 0, 1)
    clock.set_now(local(22, 1))
    await entries.run_schedules()
    await engine.pump()
    sent = await _sent(journey_id)
    assert sent["quiet_skipped:SMS"] == 2 and sent["queued:WECHAT"] == 1
    assert sum(n for k, n in sent.items() if k.startswith("queued")) == m.expected_sends
    assert people["sms"].id in await MessageSend.filter(status=SendStatus.QUIET_SKIPPED).values_list(
        "member_id", flat=True)


async def test_random_shares_and_behaviour_triggers_are_labelled_estimates(db: None) -> None:
    # given 10 members and a journey with a 70/30 split
    for _ in range(10):
        await make_member()
    tpl = await Template.create(name="t", text="hi")
    clock.set_now(local(9))
    journey_id = await publish("ab", _graph(tpl.id, "2026-12-08T10:00", split=True))

    # when estimated
    _, _, nodes = await estimate_journey(ADMIN, journey_id)

    # then the split's shares are applied and labelled as estimates
    assert [(n.node_id, n.arriving, n.exact) for n in nodes] == [
        ("entry", 10, True), ("ab", 10, True), ("women", 7, False), ("msg", 7, False), ("bye", 3, False)]

    # and a behaviour trigger counts the audience that would qualify today, as an estimate
    triggered = await publish("on order", {"nodes": [
        node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS",
             audience={"rule": {"gender": {"in": ["MALE"]}}}),
        node("msg", "MESSAGE", templateId=tpl.id, channels=["SMS"])], "edges": [edge("entry", "msg")]})
    _, _, nodes = await estimate_journey(ADMIN, triggered)
    assert [(n.node_id, n.arriving, n.exact) for n in nodes] == [("entry", 0, False), ("msg", 0, False)]
    assert nodes[1].message is not None and nodes[1].message.send_at is None


ESTIMATE = """query($id: ID!, $v: Int) { journeyEstimate(id: $id, version: $v) { basis
  nodes { nodeId kind arriving exact message { arriving reachable unreachable noConsent quietSkipped capped heldOut
    expectedSends exact channels { channel hasAddress sends } } }
  userErrors { field message code } } }"""


async def test_journey_estimate_through_graphql_within_reach(db: None, gql: Any) -> None:
    # given members in companies A and B and an HQ journey to everyone
    a, b = await make_company(), await make_company()
    store_a, store_b = await make_store(a), await make_store(b)
    for _ in range(3):
        await make_member(home_store=store_a)
    await make_member(home_store=store_b)
    tpl = await Template.create(name="t", text="hi")
    clock.set_now(local(9))
    journey_id = await publish("all", {"nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at="2026-12-08T10:00"),
                                                 node("msg", "MESSAGE", templateId=tpl.id, channels=["SMS"])],
                                       "edges": [edge("entry", "msg")]})

    # when an admin asks for the draft's and version 1's estimate, and for a version that does not exist
    data = await gql(ESTIMATE, {"id": gid("Journey", journey_id)})
    v1 = await gql(ESTIMATE, {"id": gid("Journey", journey_id), "v": 1})
    missing = await gql(ESTIMATE, {"id": gid("Journey", journey_id), "v": 9})

    # then the admin counts everyone
    est = data["journeyEstimate"]
    assert est["basis"] == "draft" and est["userErrors"] == []
    assert [(n["nodeId"], n["kind"], n["arriving"]) for n in est["nodes"]] == [
        ("entry", "ENTRY", 4), ("msg", "MESSAGE", 4)]
    msg = est["nodes"][1]["message"]
    assert msg["channels"] == [{"channel": "SMS", "hasAddress": 4, "sends": 4}] and msg["expectedSends"] == 4
    assert v1["journeyEstimate"]["basis"] == "version 1"
    assert v1["journeyEstimate"]["nodes"] == est["nodes"]
    assert missing["journeyEstimate"]["userErrors"] == [
        {"field": ["version"], "message": f"Journey {journey_id} has no version 9.", "code": "NOT_FOUND"}]


async def test_an_invalid_draft_gets_the_errors_publish_would_give(db: None, gql: Any) -> None:
    from api.journeys import services

    # given a journey whose draft's message node has no template
    journey = await services.create_journey(ADMIN, "broken", draft={"nodes": [
        node("entry", "ENTRY", mode="ONE_SHOT", at="2026-12-08T10:00"), node("msg", "MESSAGE", channels=["SMS"])],
        "edges": [edge("entry", "msg")]})

    # when it is estimated
    data = await gql(ESTIMATE, {"id": gid("Journey", journey.id)})

    # then the userErrors name the node and field, and there are no figures
    errors = data["journeyEstimate"]["userErrors"]
    assert data["journeyEstimate"]["nodes"] == [] and data["journeyEstimate"]["basis"] is None
    assert errors and errors[0]["field"] == ["graph", "nodes", "1", "config", "templateId"]
