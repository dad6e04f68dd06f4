"""Drawn canvases end to end on simulated time: waits, condition splits, A/B splits with a control share,
wait-for-event with a timeout, goals, re-entry and versions published while members wait.

Each canvas is built with the graph helpers and published through the service; the service clock then
moves on a few times a day, members act through the real services (orders at the POS, events, tags),
and real arq workers run ``journeys_tick`` and ``relay_outbox`` in burst mode after each step,
delivering to a real HTTP gateway for SMS and WeChat (``Simulation`` of the template scenarios). Each
scenario checks who got which message on which store-local day and time, who did not, and the live
metrics through GraphQL.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.journeys import engine, services
from api.journeys.graph import validate
from api.journeys.models import Enrollment, EnrollmentStatus, Journey, JourneyConversion, JourneyVersion
from api.members import services as members
from api.members.models import Member
from api.orders import events
from api.orders import services as orders
from api.orders.models import LineKind, Order, Product
from api.templates.models import Template
from tests.channels.servers import Gateway
from tests.factories import make_member, make_product, n
from tests.helpers import gid
from tests.journeys.graphs import edge, node, publish
from tests.journeys.test_migrate_and_member_journeys import MIGRATE
from tests.journeys.test_template_scenarios import (
    ADMIN,
    Simulation,
    buy,
    local,
    local_text,
    metrics,
    setup_channels,
)


async def content(text: str) -> int:
    return (await Template.create(name=text[:20], text=text)).id


def reachable(name: str, **kw: Any) -> Any:
    """A member with a phone and a followed official account (SMS and WeChat both reach her)."""
    i = n()
    return make_member(name=name, wechat_openid=f"o-{i}", wechat_subscribed=True, **kw)


async def order_ids(member: Member) -> list[int]:
    return list(await Order.filter(member_id=member.id).order_by("id").values_list("id", flat=True))


async def version_of(e: Enrollment) -> int:
    return (await JourneyVersion.get(id=e.version_id)).number


# -- (a) wait, condition split, messages, goal ----------------------------------------------------------

async def test_wait_then_a_condition_on_the_member_now_then_sms_or_wechat_then_an_order_goal(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given the gateway, goods and a service, and a canvas: a goods order lets a member in (once); 2 days
    # later VIPs (tagged then) get an SMS and the others a WeChat message; the goal is an order within 7
    # days of entry
    clock.set_now(local("2027-03-01 09:00"))
    await setup_channels(gateway)
    serum = await make_product(LineKind.GOODS, 29900, name="精华")
    facial = await make_product(LineKind.SERVICE, 39900, name="护理")
    vip, rest = await content("{customer_name}，VIP专享回购礼已到账"), await content("{customer_name}，回购享九折")
    journey_id = await publish("回购画布", {
        "nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS", reentry="ONCE"),
                  node("wait", "WAIT", duration={"days": 2}),
                  node("vip", "CONDITION", rule={"tags": {"match": "ANY", "tags": ["VIP"]}}),
                  node("sms", "MESSAGE", templateId=vip, channels=["SMS"]),
                  node("wechat", "MESSAGE", templateId=rest, channels=["WECHAT"]),
                  node("goal", "GOAL", goal="ORDER", withinDays=7)],
        "edges": [edge("entry", "wait"), edge("wait", "vip"), edge("vip", "sms", "yes"), edge("vip", "wechat", "no"),
                  edge("sms", "goal"), edge("wechat", "goal")]})
    wang = await reachable("王芳")  # VIP all along; orders again after her message
    await members.tag_member(ADMIN, wang.id, ["VIP"], [])
    li = await reachable("李娜")  # orders again the next day, before she reaches the goal
    zhou = await reachable("周敏")  # tagged VIP the day after entering; orders twice on one day
    zhang = await reachable("张伟")  # a VIP who loses the tag before the split; orders again too late
    await members.tag_member(ADMIN, zhang.id, ["VIP"], [])
    chen = await reachable("陈静")  # never orders again
    he = await reachable("何军")  # a service only: not a goods order
    qian = await reachable("钱多")  # her POS clock runs 3 minutes ahead

    # when the members act as below and the workers run three times a day from 1 to 14 March
    acts: dict[str, list[tuple[Member, Product]]] = {
        "2027-03-02 10:00": [(wang, serum), (chen, serum), (he, facial)],
        "2027-03-02 14:00": [(li, serum)], "2027-03-03 10:00": [(li, serum), (zhou, serum), (zhang, serum)],
        "2027-03-06 14:00": [(wang, serum)], "2027-03-07 10:00": [(zhou, serum)],
        "2027-03-07 14:00": [(zhou, serum)], "2027-03-11 10:00": [(zhang, serum)],
    }
    sim = Simulation(gateway)
    async for now in sim.days("2027-03-01", "2027-03-14", times=("10:00", "14:00", "21:30")):
        for m, product in acts.get(local_text(now), []):
            await buy(m, product)
        if now == local("2027-03-04 10:00"):
            await members.tag_member(ADMIN, zhou.id, ["VIP"], [])
            await members.tag_member(ADMIN, zhang.id, [], ["VIP"])
        if now == local("2027-03-02 21:30"):
            await orders.record_order(ADMIN, orders.OrderInput(
                member_id=qian.id, ordered_at=local("2027-03-02 21:33"), lines=[orders.LineInput(product_id=serum.id)]))

    # then each got one message 2 days after entering, on the channel the tag said then
    def got(m: Member, at: str, vip_now: bool) -> list[tuple[str, str, str]]:
        return [(at, "SMS", f"{m.name}，VIP专享回购礼已到账")] if vip_now else [(at, "WECHAT", f"{m.name}，回购享九折")]

    assert sim.of(wang) == got(wang, "2027-03-04 10:00", True)
    assert sim.of(chen) == got(chen, "2027-03-04 10:00", False)
    assert sim.of(li) == got(li, "2027-03-04 14:00", False)
    assert sim.of(zhou) == got(zhou, "2027-03-05 10:00", True)
    assert sim.of(zhang) == got(zhang, "2027-03-05 10:00", False)
    # (her order is stamped 21:33: she rests at the entry until then, and the workers next run at 10:00)
    assert sim.of(qian) == got(qian, "2027-03-05 10:00", False)
    assert sim.of(he) == []
    sim.assert_each_once()
    assert len(sim.deliveries) == 6

    # and the goal counted each converting member once, at the order after entry that converted them (li's
    # order before she reached the goal included); not the order that let anyone in, not zhou's second
    # order, not zhang's order 8 days after entry
    conversions = await JourneyConversion.filter(journey_id=journey_id).order_by("converted_at", "id")
    names = {m.id: m.name for m in (wang, li, zhou, zhang, chen, qian)}
    assert [(names[c.member_id], local_text(c.converted_at), c.day.isoformat(), c.node_id) for c in conversions] == [
        ("李娜", "2027-03-03 10:00", "2027-03-03", "goal"), ("王芳", "2027-03-06 14:00", "2027-03-06", "goal"),
        ("周敏", "2027-03-07 10:00", "2027-03-07", "goal")]
    assert [c.fact for c in conversions] == [f"order:{(await order_ids(m))[1]}" for m in (li, wang, zhou)]

    # and everyone entered once (their later orders let nobody in again) and has left by now
    runs = await Enrollment.filter(journey_id=journey_id).order_by("id")
    assert [(names[r.member_id], local_text(r.entered_at), r.occurrence) for r in runs] == [
        ("王芳", "2027-03-02 10:00", 1), ("陈静", "2027-03-02 10:00", 1), ("李娜", "2027-03-02 14:00", 1),
        ("钱多", "2027-03-02 21:30", 1), ("周敏", "2027-03-03 10:00", 1), ("张伟", "2027-03-03 10:00", 1)]
    assert [(names[r.member_id], local_text(r.ended_at)) for r in runs] == [  # converted, else the window closed
        ("王芳", "2027-03-06 14:00"), ("陈静", "2027-03-09 10:00"), ("李娜", "2027-03-04 14:00"),
        ("钱多", "2027-03-09 21:30"), ("周敏", "2027-03-07 10:00"), ("张伟", "2027-03-10 10:00")]
    assert {r.status for r in runs} == {EnrollmentStatus.COMPLETED}

    # and the live metrics: conversions per goal node, message outcomes per message node
    data = await gql("""query($id: ID!) { journey(id: $id) { conversions
        nodeCounts { nodeId waiting passed converted messages { outcome count } }
        conversionDays(days: 30) { nodeId day converted } } }""", {"id": gid("Journey", journey_id)})
    j = data["journey"]
    assert j["conversions"] == 3
    assert {c["nodeId"]: (c["waiting"], c["passed"], c["converted"], {m["outcome"]: m["count"] for m in c["messages"]})
            for c in j["nodeCounts"]} == {
        "entry": (0, 6, 0, {}), "wait": (0, 6, 0, {}), "vip": (0, 6, 0, {}),
        "sms": (0, 2, 0, {"SENT": 2}), "wechat": (0, 4, 0, {"SENT": 4}), "goal": (0, 6, 3, {})}
    assert j["conversionDays"] == [{"nodeId": "goal", "day": d, "converted": 1}
                                   for d in ("2027-03-03", "2027-03-06", "2027-03-07")]


async def test_orders_a_pos_uploads_at_night_count_from_the_order_that_let_the_member_in(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given a canvas: a goods order lets a member in (once); the goal is another order within 2 days
    clock.set_now(local("2027-03-01 09:00"))
    serum = await make_product(LineKind.GOODS, 29900, name="精华")
    journey_id = await publish("复购目标", {
        "nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS", reentry="ONCE"),
                  node("goal", "GOAL", goal="ORDER", withinDays=2)],
        "edges": [edge("entry", "goal")]})
    wang, li, zhou = await make_member(name="王芳"), await make_member(name="李娜"), await make_member(name="周敏")

    async def upload(m: Member, at: str) -> None:
        await orders.record_order(ADMIN, orders.OrderInput(member_id=m.id, ordered_at=local(at),
                                                           lines=[orders.LineInput(product_id=serum.id)]))

    # when the store's POS uploads the day's orders at 21:30: all three bought at 10:00, wang again at
    # 15:00; li orders again 47 hours after her first order, zhou 52 hours after hers (recorded live)
    sim = Simulation(gateway)
    async for now in sim.days("2027-03-01", "2027-03-06", times=("09:00", "10:00", "14:00", "21:30")):
        if now == local("2027-03-02 21:30"):
            for m in (wang, li, zhou):
                await upload(m, "2027-03-02 10:00")
            await upload(wang, "2027-03-02 15:00")
        if now == local("2027-03-04 09:00"):
            await buy(li, serum)
        if now == local("2027-03-04 14:00"):
            await buy(zhou, serum)

    # then the members entered on the order that let them in, when it was made, and the goal's 2 days
    # run from then: wang's afternoon order converts her, li's converts her, zhou's comes too late
    runs = {r.member_id: r for r in await Enrollment.filter(journey_id=journey_id)}
    assert {m.name: (local_text(runs[m.id].entered_at), local_text(runs[m.id].ended_at)) for m in (wang, li, zhou)} == {
        "王芳": ("2027-03-02 10:00", "2027-03-02 21:30"), "李娜": ("2027-03-02 10:00", "2027-03-04 09:00"),
        "周敏": ("2027-03-02 10:00", "2027-03-04 10:00")}
    conversions = await JourneyConversion.filter(journey_id=journey_id).order_by("converted_at")
    assert [(c.member_id, local_text(c.converted_at), c.fact) for c in conversions] == [
        (wang.id, "2027-03-02 15:00", f"order:{(await order_ids(wang))[1]}"),
        (li.id, "2027-03-04 09:00", f"order:{(await order_ids(li))[1]}")]
    assert (await gql("query($id: ID!) { journey(id: $id) { conversions } }",
                      {"id": gid("Journey", journey_id)}))["journey"]["conversions"] == 2


# -- (b) A/B split with a control share ---------------------------------------------------------------

async def test_a_random_split_is_stable_per_member_matches_its_shares_and_the_control_gets_nothing(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given 200 members (some without SMS consent, some without WeChat) and a daily canvas: everyone, every
    # day at 10:00, split 45% SMS / 45% WeChat / 10% control (who leave by an exit)
    clock.set_now(local("2027-05-01 09:00"))
    await setup_channels(gateway)
    people = []
    for i in range(200):
        kw: dict[str, Any] = {"sms_consent": i % 25 != 7}
        if i % 40 != 3:
            kw.update(wechat_openid=f"o-{i}", wechat_subscribed=True)
        people.append(await make_member(name=f"会员{i:03d}", **kw))
    a, b = await content("{customer_name}，A方案：满300减50"), await content("{customer_name}，B方案：第二件半价")
    journey_id = await publish("A/B测试", {
        "nodes": [node("entry", "ENTRY", mode="RECURRING", every="DAILY", time="10:00", reentry="EVERY_TIME"),
                  node("ab", "RANDOM_SPLIT", shares=[{"key": "a", "percent": 45}, {"key": "b", "percent": 45},
                                                     {"key": "control", "percent": 10, "control": True}]),
                  node("sms", "MESSAGE", templateId=a, channels=["SMS"]),
                  node("wechat", "MESSAGE", templateId=b, channels=["WECHAT"]),
                  node("exit", "EXIT")],
        "edges": [edge("entry", "ab"), edge("ab", "sms", "a"), edge("ab", "wechat", "b"),
                  edge("ab", "exit", "control")]})

    # when the workers run for three days
    sim = Simulation(gateway)
    async for _ in sim.days("2027-05-01", "2027-05-03", times=("09:00", "10:00", "21:30")):
        pass

    # then the engine's own split function decides each member's path, and over three runs a member
    # always took the same one
    version = await JourneyVersion.get(journey_id=journey_id, number=1)
    ab = validate(version.graph, ()).nodes["ab"]
    claim = engine.Claim(now=clock.now())
    expected = {m.id: await engine._split(Enrollment(journey_id=journey_id, member_id=m.id), ab, claim)
                for m in people}
    target = {"a": "sms", "b": "wechat", "control": "exit"}
    paths: dict[int, set[str]] = {}
    runs = await Enrollment.filter(journey_id=journey_id)
    assert len(runs) == 600 and {r.status for r in runs} == {EnrollmentStatus.COMPLETED, EnrollmentStatus.EXITED}
    for r in runs:
        paths.setdefault(r.member_id, set()).add(r.node_id)
    assert paths == {m.id: {target[expected[m.id]]} for m in people}
    assert {r.exit_reason for r in runs if r.status is EnrollmentStatus.EXITED} == {"exit node"}
    assert all(r.node_id == "exit" for r in runs if r.status is EnrollmentStatus.EXITED)

    # and the shares are what was asked for, within what 200 draws allow (about 3 standard deviations)
    share = Counter(expected.values())
    assert abs(share["a"] - 90) <= 21 and abs(share["b"] - 90) <= 21 and abs(share["control"] - 20) <= 13
    assert sum(share.values()) == 200

    # and the control members got nothing, not even a held-out send; each other member got their
    # path's message once a day, unless unreachable or without consent on that channel
    by_path = {k: [m for m in people if expected[m.id] == k] for k in ("a", "b", "control")}
    for m in by_path["control"]:
        assert sim.of(m) == []
    assert not await MessageSend.filter(member_id__in=[m.id for m in by_path["control"]]).exists()
    days = ["2027-05-01 10:00", "2027-05-02 10:00", "2027-05-03 10:00"]
    for i, m in enumerate(people):
        if expected[m.id] == "a":
            assert sim.of(m) == ([(d, "SMS", f"{m.name}，A方案：满300减50") for d in days]
                                 if i % 25 != 7 else [])
        elif expected[m.id] == "b":
            assert sim.of(m) == ([(d, "WECHAT", f"{m.name}，B方案：第二件半价") for d in days]
                                 if i % 40 != 3 else [])
    sim.assert_each_once()

    # and the outcome counts per message node through GraphQL equal the sends recorded and delivered
    no_consent = sum(1 for i, m in enumerate(people) if expected[m.id] == "a" and i % 25 == 7)
    unreachable = sum(1 for i, m in enumerate(people) if expected[m.id] == "b" and i % 40 == 3)
    assert no_consent > 0 and unreachable > 0  # the mix of members exercises both
    recorded = Counter((s.step, s.status.value.upper())
                       for s in await MessageSend.filter(sender_type="journey", sender_id=journey_id))
    live = await metrics(gql, journey_id, days=5)
    assert live["counts"] == {
        "entry": (0, 600, {}), "ab": (0, 600, {}),
        "sms": (0, 3 * share["a"], {"SENT": 3 * (share["a"] - no_consent), "NO_CONSENT": 3 * no_consent}),
        "wechat": (0, 3 * share["b"], {"SENT": 3 * (share["b"] - unreachable), "UNREACHABLE": 3 * unreachable}),
        "exit": (0, 3 * share["control"], {}),
    }
    for step in ("sms", "wechat"):
        assert live["counts"][step][2] == {o: c for (s, o), c in recorded.items() if s == step}
    assert Counter(d.channel for d in sim.deliveries) == {
        "SMS": live["counts"]["sms"][2]["SENT"], "WECHAT": live["counts"]["wechat"][2]["SENT"]}
    assert await MessageSend.filter(sender_id=journey_id, status=SendStatus.SENT).count() == len(sim.deliveries)


# -- (c) wait for an event, with a timeout ------------------------------------------------------------

async def redeem(member: Member, at: str | None = None) -> None:
    await events.record_event(ADMIN, "coupon.redeemed", "app", f"ev-{n()}", member_id=member.id,
                              occurred_at=local(at) if at else None)


async def test_wait_for_event_leaves_by_the_event_the_day_it_comes_else_by_timeout_at_the_timeout(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given a canvas: a goods order lets a member in, who then waits up to 3 days for a coupon to be
    # redeemed; who redeems is thanked, the others reminded when the 3 days are up
    clock.set_now(local("2027-06-01 08:00"))
    await setup_channels(gateway)
    await redeem(await make_member(name="样例"))  # the event type is known before the canvas may use it
    serum = await make_product(LineKind.GOODS, 29900, name="精华")
    thanks = await content("{customer_name}，券已核销，感谢光临")
    remind = await content("{customer_name}，您的券3天内有效，别忘了使用")
    journey_id = await publish("核券画布", {
        "nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS", reentry="EVERY_TIME"),
                  node("wait", "WAIT_EVENT", eventType="coupon.redeemed", timeoutDays=3),
                  node("thanks", "MESSAGE", templateId=thanks, channels=["SMS"]),
                  node("remind", "MESSAGE", templateId=remind, channels=["SMS"])],
        "edges": [edge("entry", "wait"), edge("wait", "thanks", "event"), edge("wait", "remind", "timeout")]})
    prompt = await make_member(name="王芳")  # redeems the next afternoon
    last_hour = await make_member(name="李娜")  # redeems an hour before the timeout
    late = await make_member(name="周敏")  # redeems a day after the timeout
    never = await make_member(name="张伟")  # enters in the afternoon and never redeems
    early = await make_member(name="陈静")  # redeemed before ordering: that does not count
    other = await make_member(name="孙丽")  # does something else
    everyone = (prompt, last_hour, late, never, early, other)

    # when they act as below and the workers run four times a day from 1 to 9 June
    sim = Simulation(gateway)
    async for now in sim.days("2027-06-01", "2027-06-09", times=("09:00", "10:00", "14:00", "21:30")):
        at = local_text(now)
        if at == "2027-06-01 14:00":
            await redeem(early)
        if at == "2027-06-02 10:00":
            for m in (prompt, last_hour, late, early, other):
                await buy(m, serum)
        if at == "2027-06-02 14:00":
            await buy(never, serum)
        if at == "2027-06-03 14:00":
            await redeem(prompt)
            await events.record_event(ADMIN, "page.view", "app", f"ev-{n()}", member_id=other.id)
        if at == "2027-06-05 09:00":
            await redeem(last_hour)
        if at == "2027-06-06 10:00":
            await redeem(late)

    # then who redeemed while waiting left by the event branch the moment the redemption was recorded;
    # everyone else by the timeout, exactly 3 days after entering
    def thanked(m: Member, at: str) -> list[tuple[str, str, str]]:
        return [(at, "SMS", f"{m.name}，券已核销，感谢光临")]

    def reminded(m: Member, at: str) -> list[tuple[str, str, str]]:
        return [(at, "SMS", f"{m.name}，您的券3天内有效，别忘了使用")]

    assert sim.of(prompt) == thanked(prompt, "2027-06-03 14:00")
    assert sim.of(last_hour) == thanked(last_hour, "2027-06-05 09:00")
    assert sim.of(late) == reminded(late, "2027-06-05 10:00")
    assert sim.of(early) == reminded(early, "2027-06-05 10:00")
    assert sim.of(other) == reminded(other, "2027-06-05 10:00")
    assert sim.of(never) == reminded(never, "2027-06-05 14:00")
    sim.assert_each_once()
    assert len(sim.deliveries) == 6

    runs = {r.member_id: r for r in await Enrollment.filter(journey_id=journey_id)}
    assert set(runs) == {m.id for m in everyone}
    assert {(r.node_id, r.status, r.woke_by) for r in runs.values()} <= {
        ("thanks", EnrollmentStatus.COMPLETED, None), ("remind", EnrollmentStatus.COMPLETED, None)}
    assert {m.name: local_text(runs[m.id].ended_at) for m in everyone} == {
        "王芳": "2027-06-03 14:00", "李娜": "2027-06-05 09:00", "周敏": "2027-06-05 10:00",
        "张伟": "2027-06-05 14:00", "陈静": "2027-06-05 10:00", "孙丽": "2027-06-05 10:00"}

    live = await metrics(gql, journey_id, days=10)
    assert live["counts"] == {"entry": (0, 6, {}), "wait": (0, 6, {}), "thanks": (0, 2, {"SENT": 2}),
                              "remind": (0, 4, {"SENT": 4})}
    assert [d for d in live["days"] if d[0] == "wait"] == [
        ("wait", "2027-06-03", 1), ("wait", "2027-06-05", 5)]


# -- (d) re-entry: every time vs once -----------------------------------------------------------------

async def test_two_triggering_orders_reenter_an_every_time_canvas_but_not_a_once_canvas(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given two canvases on goods orders, alike but for their re-entry rule: a day after the order, an SMS
    clock.set_now(local("2027-07-01 08:00"))
    await setup_channels(gateway)
    serum = await make_product(LineKind.GOODS, 29900, name="精华")

    async def canvas(name: str, reentry: str, text: str) -> int:
        return await publish(name, {
            "nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS", reentry=reentry),
                      node("wait", "WAIT", duration={"days": 1}),
                      node("sms", "MESSAGE", templateId=await content(text), channels=["SMS"])],
            "edges": [edge("entry", "wait"), edge("wait", "sms")]})

    every = await canvas("每次", "EVERY_TIME", "{customer_name}，感谢您的每一次购买")
    once = await canvas("仅一次", "ONCE", "{customer_name}，欢迎首购")
    wang = await make_member(name="王芳")  # orders on the 2nd and the 6th
    li = await make_member(name="李娜")  # orders twice on the 2nd (the second while her run waits), then the 6th

    # when they order and the workers run three times a day from 1 to 9 July
    orders_at = {"2027-07-02 10:00": [wang, li], "2027-07-02 14:00": [li], "2027-07-06 10:00": [wang],
                 "2027-07-06 14:00": [li]}
    sim = Simulation(gateway)
    async for now in sim.days("2027-07-01", "2027-07-09", times=("10:00", "14:00", "21:30")):
        for m in orders_at.get(local_text(now), []):
            await buy(m, serum)

    # then the every-time canvas thanked them a day after each order that found no run of theirs still
    # live (li's order while she waited started none); the once canvas welcomed each once
    def thanks(m: Member, *at: str) -> list[tuple[str, str, str]]:
        return [(t, "SMS", f"{m.name}，感谢您的每一次购买") for t in at]

    welcome = "{}，欢迎首购".format
    assert sorted(sim.of(wang)) == sorted([("2027-07-03 10:00", "SMS", welcome("王芳")),
                                           *thanks(wang, "2027-07-03 10:00", "2027-07-07 10:00")])
    assert sorted(sim.of(li)) == sorted([("2027-07-03 10:00", "SMS", welcome("李娜")),
                                         *thanks(li, "2027-07-03 10:00", "2027-07-07 14:00")])
    sim.assert_each_once()
    assert len(sim.deliveries) == 6

    for journey_id, expected in ((every, {wang.id: [0, 1], li.id: [0, 2]}), (once, {wang.id: [0], li.id: [0]})):
        runs = await Enrollment.filter(journey_id=journey_id).order_by("id")
        for m in (wang, li):
            ids = await order_ids(m)
            mine = [r for r in runs if r.member_id == m.id]
            assert [(r.occurrence, r.entry_key) for r in mine] == [
                (k + 1, f"order:{ids[i]}") for k, i in enumerate(expected[m.id])]
            assert {r.status for r in mine} == {EnrollmentStatus.COMPLETED}
    assert (await metrics(gql, every, days=10))["counts"]["sms"] == (0, 4, {"SENT": 4})
    assert (await metrics(gql, once, days=10))["counts"]["sms"] == (0, 2, {"SENT": 2})


# -- (e) a new version while members wait -------------------------------------------------------------

async def test_a_new_version_leaves_waiting_members_pinned_until_migrated_with_their_due_times(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given version 1 of a canvas: a goods order, a 5-day wait, an SMS
    clock.set_now(local("2027-08-01 09:00"))
    await setup_channels(gateway)
    serum = await make_product(LineKind.GOODS, 29900, name="精华")

    def graph(wait: str, days: int, sms: str, text_id: int) -> dict[str, Any]:
        return {"nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_GOODS", reentry="EVERY_TIME"),
                          node(wait, "WAIT", duration={"days": days}),
                          node(sms, "MESSAGE", templateId=text_id, channels=["SMS"])],
                "edges": [edge("entry", wait), edge(wait, sms)]}

    journey_id = await publish("改版画布", graph("wait", 5, "sms", await content("{customer_name}，第一版：护理提醒")))
    first = await make_member(name="王芳")  # enters version 1 and leaves it before anyone is moved
    a, b = await make_member(name="李娜"), await make_member(name="周敏")  # wait on version 1, then are moved
    c, d = await make_member(name="张伟"), await make_member(name="陈静")  # enter after version 2 is out
    names = {m.id: m.name for m in (first, a, b, c, d)}
    v2_text = await content("{customer_name}，第二版：护理提醒")
    moved: dict[str, Any] = {}

    async def where() -> dict[str, tuple[int, str, str, EnrollmentStatus]]:
        return {names[r.member_id]: (await version_of(r), r.node_id, local_text(r.due_at) if r.due_at else "",
                                     r.status) for r in await Enrollment.filter(journey_id=journey_id)}

    # when they order as below, version 2 (a 3-day wait, new content) is published on the 3rd, and the
    # waiting members of version 1 are moved to version 2's wait on the 6th at 14:00
    sim = Simulation(gateway)
    async for now in sim.days("2027-08-01", "2027-08-10", times=("10:00", "14:00", "21:30")):
        at = local_text(now)
        if at == "2027-08-01 10:00":
            await buy(first, serum)
        if at == "2027-08-02 10:00":
            await buy(a, serum)
            await buy(b, serum)
        if at == "2027-08-03 10:00":
            journey = await Journey.get(id=journey_id)
            await services.update_draft(ADMIN, journey_id, draft=graph("wait2", 3, "sms2", v2_text),
                                        revision=journey.draft_revision)
            assert (await services.publish(ADMIN, journey_id)).number == 2
            await buy(c, serum)
        if at == "2027-08-04 14:00":
            await buy(d, serum)
        if at == "2027-08-05 10:00":
            # members wait on the version they entered with
            assert await where() == {
                "王芳": (1, "wait", "2027-08-06 10:00", EnrollmentStatus.ACTIVE),
                "李娜": (1, "wait", "2027-08-07 10:00", EnrollmentStatus.ACTIVE),
                "周敏": (1, "wait", "2027-08-07 10:00", EnrollmentStatus.ACTIVE),
                "张伟": (2, "wait2", "2027-08-06 10:00", EnrollmentStatus.ACTIVE),
                "陈静": (2, "wait2", "2027-08-07 14:00", EnrollmentStatus.ACTIVE)}
        if at == "2027-08-06 14:00":
            moved = (await gql(MIGRATE, {"id": gid("Journey", journey_id), "input": {
                "fromVersion": 1, "mapping": [{"fromNode": "wait", "toNode": "wait2"}]}}))["journeyMigrateWaiting"]
            assert (await where())["李娜"] == (2, "wait2", "2027-08-07 10:00", EnrollmentStatus.ACTIVE)

    # then the member who left before the move got version 1's message; those entering after version 2,
    # and the moved members, version 2's, when their own waits (kept, not restarted) were up
    assert moved == {"moved": [{"fromNode": "wait", "toNode": "wait2", "moved": 2}], "userErrors": []}

    def got(m: Member, at: str, version: str) -> list[tuple[str, str, str]]:
        return [(at, "SMS", f"{m.name}，{version}：护理提醒")]

    assert sim.of(first) == got(first, "2027-08-06 10:00", "第一版")
    assert sim.of(c) == got(c, "2027-08-06 10:00", "第二版")
    assert sim.of(a) == got(a, "2027-08-07 10:00", "第二版")
    assert sim.of(b) == got(b, "2027-08-07 10:00", "第二版")
    assert sim.of(d) == got(d, "2027-08-07 14:00", "第二版")
    sim.assert_each_once()
    assert await where() == {
        "王芳": (1, "sms", "", EnrollmentStatus.COMPLETED), "李娜": (2, "sms2", "", EnrollmentStatus.COMPLETED),
        "周敏": (2, "sms2", "", EnrollmentStatus.COMPLETED), "张伟": (2, "sms2", "", EnrollmentStatus.COMPLETED),
        "陈静": (2, "sms2", "", EnrollmentStatus.COMPLETED)}

    live = await metrics(gql, journey_id, days=12)
    assert live["counts"] == {"entry": (0, 5, {}), "wait": (0, 1, {}), "sms": (0, 1, {"SENT": 1}),
                              "wait2": (0, 4, {}), "sms2": (0, 4, {"SENT": 4})}
