"""The message templates of PRODUCT.md §3, end to end on simulated time: each journey is created from its
template through the service, given its content and published; then the service clock moves on day by
day (a few hours apart where the time of day matters) and real arq workers run ``journeys_tick`` and
``relay_outbox`` in burst mode, delivering to a real HTTP gateway for SMS and WeChat.

Each scenario checks who got which rendered message on which local date (store time, Asia/Shanghai),
that nobody got one twice, who did not and why (the send's outcome and rule), re-entry, and the
journey's live metrics through GraphQL. The three templates that end in a guide task are not here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from api.accounts.models import Role
from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.core.config import get_settings
from api.core.viewer import ROLE_SCOPES, Viewer
from api.fatigue import policy
from api.fatigue.gate import redecide_until_idle
from api.journeys import engine, entries, services
from api.journeys.models import Enrollment, EnrollmentStatus, JourneyRun, JourneyVersion
from api.journeys.templates import TEMPLATES
from api.loyalty.models import CardKind, CardProduct, MemberCard
from api.members import services as members
from api.members.models import Member
from api.orders import services as orders
from api.orders.models import LineKind, OrderLine, Product
from api.templates.models import Template, TemplateChannel
from tests.channels.conftest import SECRET
from tests.channels.servers import Gateway
from tests.factories import channels_make_provider, make_card_product, make_guide, make_member, make_product, make_store
from tests.fatigue.test_journey_sends import run_job
from tests.helpers import gid

ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])
TZ = get_settings().tz


def test_the_store_time_zone_is_shanghai() -> None:
    # every local time below is Shanghai time (UTC+8, no daylight saving)
    assert str(TZ) == "Asia/Shanghai"


def local(text: str) -> datetime:
    """A store-local ``YYYY-MM-DD HH:MM`` as a UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ).astimezone(UTC)


def at_local(day: date, hhmm: str) -> datetime:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ).astimezone(UTC)


def local_text(at: datetime) -> str:
    return at.astimezone(TZ).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Delivery:
    """One request the gateway accepted, stamped with the simulated local time of the relay that made it."""

    at: str  # local "YYYY-MM-DD HH:MM"
    member_id: int
    channel: str
    to: str
    text: str
    key: str


@dataclass
class Simulation:
    """The service clock, moved step by step; after each step the real workers run once."""

    gateway: Gateway
    deliveries: list[Delivery] = field(default_factory=list)
    ticks: list[dict[str, int]] = field(default_factory=list)
    _seen: int = 0

    async def step(self) -> None:
        self.ticks.append(await run_job("journeys_tick"))
        await run_job("relay_outbox")
        requests = self.gateway.requests[self._seen:]
        self._seen += len(requests)
        for key, body in requests:
            self.deliveries.append(Delivery(local_text(clock.now()), int(body["memberId"]), body["channel"],
                                            body["to"], body["text"], key))

    async def days(self, first: str, last: str, times: Iterable[str] = ("00:10", "09:00", "10:00", "21:30"),
                   ) -> AsyncIterator[datetime]:
        """Each day from ``first`` to ``last`` (local dates), at each local time: set the clock, let the test
        act (the loop body), then run the workers."""
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        hours = sorted(times)
        while day <= end:
            for hhmm in hours:
                now = at_local(day, hhmm)
                assert now >= clock.now(), "simulated time only moves forward"
                clock.set_now(now)
                yield now
                await self.step()
            day += timedelta(days=1)

    def of(self, member: Member) -> list[tuple[str, str, str]]:
        """What the member got: (local time, channel, text), in order."""
        return [(d.at, d.channel, d.text) for d in self.deliveries if d.member_id == member.id]

    def assert_each_once(self) -> None:
        keys = self.gateway.keys()
        assert len(keys) == len(set(keys)) == len(self.deliveries), Counter(keys).most_common(3)
        assert self.gateway.bad_signatures == 0


async def setup_channels(gateway: Gateway) -> None:
    """SMS and WeChat (official-account template messages) both go to the HTTP gateway."""
    await channels_make_provider("SMS", gateway.url, SECRET)
    await channels_make_provider("WECHAT", gateway.url, SECRET)


async def from_template(key: str, text: str, *, edit: dict[str, Any] | None = None) -> tuple[int, int]:
    """Create the journey from the built-in template, pick its content (and apply an operator's edit of the
    entry), publish; returns (journey id, content template id)."""
    journey = await services.create_journey(ADMIN, "", template_key=key)
    assert journey.template_key == key and journey.draft == TEMPLATES[key].graph
    content = await Template.create(name=TEMPLATES[key].name[1], channel=TemplateChannel.ANY, text=text)
    draft = journey.draft
    for node in draft["nodes"]:
        if node["kind"] == "MESSAGE":
            node["config"]["templateId"] = content.id
        if node["kind"] == "ENTRY" and edit:
            node["config"].update(edit)
    await services.update_draft(ADMIN, journey.id, draft=draft, revision=journey.draft_revision)
    version = await services.publish(ADMIN, journey.id)
    assert version.number == 1
    return journey.id, content.id


async def outcomes(journey_id: int, member: Member) -> list[tuple[str, str, str]]:
    """The journey's sends to the member: (local decision time, outcome, reason), in order."""
    rows = await MessageSend.filter(sender_type="journey", sender_id=journey_id, member_id=member.id).order_by("id")
    return [(local_text(r.decided_at or r.created_at), r.status.value, r.reason) for r in rows]


async def metrics(gql: Any, journey_id: int, days: int) -> dict[str, Any]:
    data = await gql("""query($id: ID!, $days: Int!) { journey(id: $id) { status
        nodeCounts { nodeId waiting passed messages { outcome count } }
        nodeDays(days: $days) { nodeId day passed } } }""", {"id": gid("Journey", journey_id), "days": days})
    journey = data["journey"]
    return {
        "status": journey["status"],
        "counts": {n["nodeId"]: (n["waiting"], n["passed"], {m["outcome"]: m["count"] for m in n["messages"]})
                   for n in journey["nodeCounts"]},
        "days": [(d["nodeId"], d["day"], d["passed"]) for d in journey["nodeDays"]],
    }


async def one_shot_sms(name: str, at: str, tag: str, text: str) -> int:
    """Another plan: one SMS at a local time to the members carrying ``tag`` (it takes their slot under a cap)."""
    content = await Template.create(name=name, text=text)
    journey = await services.create_journey(ADMIN, name, draft={
        "nodes": [{"id": "entry", "kind": "ENTRY", "config": {
                      "mode": "ONE_SHOT", "at": at, "audience": {"rule": {"tags": {"match": "ANY", "tags": [tag]}}}}},
                  {"id": "sms", "kind": "MESSAGE", "config": {"templateId": content.id, "channels": ["SMS"]}}],
        "edges": [{"from": "entry", "to": "sms", "branch": "next"}]})
    await services.publish(ADMIN, journey.id)
    return journey.id


# -- member day ---------------------------------------------------------------------------------------

MEMBER_DAY_TEXT = "{customer_name}，明天是{store_name}会员日，全场积分翻倍，恭候光临"


async def test_member_day_every_month_on_the_17th_at_10_store_time(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given the gateway for SMS and WeChat, quiet hours 21:00-08:00 and at most one marketing message a day
    clock.set_now(local("2027-01-14 20:00"))
    await setup_channels(gateway)
    await policy.set_caps(ADMIN, None, [{"channel": None, "period": "DAY", "maxSends": 1}])
    await policy.set_quiet(ADMIN, None, [{"channel": None, "start": "21:00", "end": "08:00"}])
    # and the member-day template with its content, published; and a flash sale at 09:00 on the 17th
    # to members tagged 闪购, by SMS (another plan that uses up their message of the day)
    journey_id, _ = await from_template("MEMBER_DAY", MEMBER_DAY_TEXT)
    await one_shot_sms("限时闪购", "2027-01-17T09:00:00", "闪购", "{customer_name}，限时闪购今早开抢")
    # and members of the 静安店 store
    store = await make_store(name="静安店")
    wang = await make_member(name="王芳", home_store=store, wechat_openid="o-wang", wechat_subscribed=True)
    li = await make_member(name="李娜", home_store=store)  # no WeChat: SMS
    zhang = await make_member(name="张伟", home_store=store, wechat_openid="o-zhang")  # unfollowed: SMS
    liu = await make_member(name="刘洋", home_store=store, sms_consent=False)  # opts in on 1 February
    chen = await make_member(name="陈静", home_store=store, phone=None)  # neither phone nor openid
    zhao = await make_member(name="赵磊", home_store=store)
    await members.tag_member(ADMIN, zhao.id, ["闪购"], [])
    late: Member | None = None

    # when the workers run four times a day from 15 January to 18 February
    sim = Simulation(gateway)
    async for now in sim.days("2027-01-15", "2027-02-18"):
        if now == local("2027-01-17 21:30"):
            late = await make_member(name="周敏", home_store=store)  # registers after January's run
        if now == local("2027-02-01 10:00"):
            await members.update_member(ADMIN, liu.id, {"sms_consent": True})
    assert late is not None

    # then on the 17th at 10:00 (not at 09:00, not on UTC's clock) the reachable members got it, on
    # WeChat where they follow the official account, else by SMS; in February the newcomer, the member
    # who opted in and the member capped in January too
    def got(m: Member, *at: str) -> list[tuple[str, str, str]]:
        channel = "WECHAT" if m is wang else "SMS"
        return [(t, channel, f"{m.name}，明天是静安店会员日，全场积分翻倍，恭候光临") for t in at]

    jan, feb = "2027-01-17 10:00", "2027-02-17 10:00"
    assert sim.of(wang) == got(wang, jan, feb)
    assert sim.of(li) == got(li, jan, feb)
    assert sim.of(zhang) == got(zhang, jan, feb)
    assert sim.of(liu) == got(liu, feb)
    assert sim.of(late) == got(late, feb)
    assert sim.of(zhao) == [("2027-01-17 09:00", "SMS", "赵磊，限时闪购今早开抢"), *got(zhao, feb)]
    assert sim.of(chen) == []
    assert {d.to for d in sim.deliveries if d.member_id == wang.id} == {"o-wang"}
    assert {d.to for d in sim.deliveries if d.member_id == zhang.id} == {zhang.phone}
    sim.assert_each_once()
    assert len(sim.deliveries) == 1 + 3 + 6

    # and who did not get it, and why: recorded on the send at the moment it was decided
    assert await outcomes(journey_id, liu) == [
        (jan, "no_consent", "no marketing consent on SMS"), (feb, "sent", "")]
    assert await outcomes(journey_id, chen) == [
        (jan, "unreachable", "no official-account openid for WECHAT, no phone for SMS"),
        (feb, "unreachable", "no official-account openid for WECHAT, no phone for SMS")]
    assert await outcomes(journey_id, zhao) == [(jan, "capped", "cap: At most 1 message a day"), (feb, "sent", "")]
    assert await outcomes(journey_id, late) == [(feb, "sent", "")]

    # and each member entered once a month (a run per local date, re-entry every time)
    runs = await JourneyRun.filter(journey_id=journey_id).order_by("key").values_list("key", "entered")
    assert runs == [("2027-01-17", 6), ("2027-02-17", 7)]
    for m in (wang, li, zhang, liu, chen, zhao):
        rows = await Enrollment.filter(journey_id=journey_id, member_id=m.id).order_by("occurrence")
        assert [(r.occurrence, r.entry_key, r.status) for r in rows] == [
            (1, "run:2027-01-17", EnrollmentStatus.COMPLETED), (2, "run:2027-02-17", EnrollmentStatus.COMPLETED)]
    assert await Enrollment.filter(journey_id=journey_id, member_id=late.id).values_list("entry_key", flat=True) == [
        "run:2027-02-17"]
    assert sum(t["scheduled"] for t in sim.ticks) == 13 + 1  # the flash sale entered its one member once

    # and the live metrics say the same, per node by outcome and per local day
    live = await metrics(gql, journey_id, days=40)
    assert live["status"] == "ACTIVE"
    assert live["counts"] == {
        "entry": (0, 13, {}),
        "message": (0, 13, {"SENT": 9, "NO_CONSENT": 1, "UNREACHABLE": 2, "CAPPED": 1}),
    }
    assert live["days"] == [("entry", "2027-01-17", 6), ("message", "2027-01-17", 6),
                            ("entry", "2027-02-17", 7), ("message", "2027-02-17", 7)]


async def test_member_day_moved_to_the_31st_runs_on_the_last_day_of_shorter_months(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given the member-day template, edited by the operator to the 31st at 20:00 (12:00 UTC)
    clock.set_now(local("2027-02-25 20:00"))
    await setup_channels(gateway)
    journey_id, _ = await from_template("MEMBER_DAY", "{customer_name}，月末会员日今晚开启",
                                        edit={"day": 31, "time": "20:00"})
    wang = await make_member(name="王芳", wechat_openid="o-wang", wechat_subscribed=True)
    li = await make_member(name="李娜")

    # when the workers run at 07:00 and 20:30 every day from 26 February to 1 May
    sim = Simulation(gateway)
    async for _ in sim.days("2027-02-26", "2027-05-01", times=("07:00", "20:30")):
        pass

    # then it ran on 28 February, 31 March and 30 April at 20:30 store time, once each: not on 1 March
    # or 1 May at 07:00, when UTC's clock still shows the last day of the month after 20:00
    days = ["2027-02-28 20:30", "2027-03-31 20:30", "2027-04-30 20:30"]
    assert sim.of(wang) == [(d, "WECHAT", "王芳，月末会员日今晚开启") for d in days]
    assert sim.of(li) == [(d, "SMS", "李娜，月末会员日今晚开启") for d in days]
    sim.assert_each_once()
    runs = await JourneyRun.filter(journey_id=journey_id).order_by("key").values_list("key", "entered")
    assert runs == [("2027-02-28", 2), ("2027-03-31", 2), ("2027-04-30", 2)]
    live = await metrics(gql, journey_id, days=70)
    assert live["counts"]["message"] == (0, 6, {"SENT": 6})
    assert [d for d in live["days"] if d[0] == "message"] == [("message", d[:10], 2) for d in days]


# -- post-service follow-up ---------------------------------------------------------------------------

FOLLOW_UP_TEXT = "{customer_name}，睫毛嫁接两周了，效果还满意吗？{guide_name}提醒您下次护理"


FOLLOW_UP_TEXT_V2 = "{customer_name}，两周回访：{guide_name}随时为您预约补睫"


async def publish_new_text(journey_id: int, text: str) -> None:
    """The operator gives the message node new content and publishes the next version."""
    journey = await services.get_journey(ADMIN, journey_id)
    content = await Template.create(name="回访 v2", text=text)
    draft = journey.draft
    next(n for n in draft["nodes"] if n["kind"] == "MESSAGE")["config"]["templateId"] = content.id
    await services.update_draft(ADMIN, journey_id, draft=draft, revision=journey.draft_revision)
    assert (await services.publish(ADMIN, journey_id)).number == 2


async def buy(member: Member, *products: Product) -> list[int]:
    """An order at the member's home store (the POS's call); returns its line ids."""
    order, _ = await orders.record_order(ADMIN, orders.OrderInput(
        member_id=member.id, lines=[orders.LineInput(product_id=p.id) for p in products]))
    return [line.id for line in await OrderLine.filter(order_id=order.id).order_by("id")]


async def serve(member: Member, lash: Product) -> None:
    """The member buys the service and the salon records it completed, now."""
    [line] = await buy(member, lash)
    await orders.complete_service(ADMIN, member.id, order_line_id=line)


async def test_post_service_follow_up_14_days_after_each_service(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given a lash salon with its guide, a service and goods, and a member served in February
    clock.set_now(local("2027-02-10 14:00"))
    store = await make_store(name="美睫店")
    guide = await make_guide(store, name="小美")
    lash = await make_product(LineKind.SERVICE, 29900, name="睫毛嫁接", category="美睫")
    mascara = await make_product(LineKind.GOODS, 8900, name="睫毛膏", category="彩妆")

    def member(name: str, **kw: Any) -> Any:
        return make_member(name=name, home_store=store, guide=guide, **kw)

    wu = await member("吴倩")  # served before the follow-up plan existed
    await serve(wu, lash)
    # and, from 28 February, the gateway, quiet hours 21:00-08:00, at most one marketing message a day,
    # the follow-up template with its content, and a new-arrivals SMS at 08:00 on 18 March to members
    # tagged 新品
    clock.set_now(local("2027-02-28 20:00"))
    await setup_channels(gateway)
    await policy.set_caps(ADMIN, None, [{"channel": None, "period": "DAY", "maxSends": 1}])
    await policy.set_quiet(ADMIN, None, [{"channel": None, "start": "21:00", "end": "08:00"}])
    journey_id, _ = await from_template("POST_SERVICE_FOLLOW_UP", FOLLOW_UP_TEXT)
    await one_shot_sms("新品上市", "2027-03-18T08:00:00", "新品", "{customer_name}，春季新品到店")
    wang = await member("王芳", wechat_openid="o-wang", wechat_subscribed=True)  # two services, weeks apart
    li = await member("李娜")  # a refill four days after her first service, while its follow-up waits
    zhou = await member("周敏")  # served late in the evening: the follow-up falls in quiet hours
    zhang = await member("张伟", wechat_openid="o-zhang")  # follows no official account: SMS
    liu = await member("刘洋", sms_consent=False)
    chen = await member("陈静", phone=None)
    zhao = await member("赵磊")  # gets the new-arrivals SMS the morning his follow-up is due
    await members.tag_member(ADMIN, zhao.id, ["新品"], [])
    sun = await member("孙丽")  # buys goods only
    he = await member("何军")  # served near the end: still waiting when the simulation stops
    services_at = {
        "2027-03-01 14:00": [wang], "2027-03-02 11:00": [li], "2027-03-02 14:00": [liu, chen],
        "2027-03-03 23:00": [zhou], "2027-03-04 14:00": [zhao], "2027-03-05 14:00": [zhang],
        "2027-03-06 11:00": [li], "2027-03-20 14:00": [wang], "2027-03-30 11:00": [he],
    }

    # when the salon records services as they happen and the workers run six times a day for five weeks
    sim = Simulation(gateway)
    async for now in sim.days("2027-03-01", "2027-04-04", times=("02:00", "08:00", "11:00", "14:00", "20:00", "23:00")):
        for m in services_at.get(local_text(now), []):
            await serve(m, lash)
        if now == local("2027-03-01 11:00"):
            await buy(sun, mascara)
        if now == local("2027-03-10 11:00"):
            # the operator rewrites the message: version 2 is for members entering from now on
            await publish_new_text(journey_id, FOLLOW_UP_TEXT_V2)
        if now == local("2027-03-18 02:00"):
            # the evening follow-up was decided at 23:00 inside quiet hours: deferred to 08:00
            [send] = await MessageSend.filter(sender_id=journey_id, member_id=zhou.id)
            assert (send.status, send.reason) == (SendStatus.DEFERRED, "quiet hours 21:00-08:00 on SMS")
            assert send.due_at == local("2027-03-18 08:00")

    # then each got the follow-up 14 days after the service, at the time of day it was recorded (the
    # late one the next morning, when quiet hours end); the member served twice got it twice
    def got(m: Member, *at: str) -> list[tuple[str, str, str]]:
        channel = "WECHAT" if m is wang else "SMS"
        return [(t, channel, f"{m.name}，睫毛嫁接两周了，效果还满意吗？小美提醒您下次护理") for t in at]

    # (those who entered before version 2 keep version 1's message; wang's second service is on version 2)
    assert sim.of(wang) == [*got(wang, "2027-03-15 14:00"),
                            ("2027-04-03 14:00", "WECHAT", "王芳，两周回访：小美随时为您预约补睫")]
    assert sim.of(li) == got(li, "2027-03-16 11:00")
    assert sim.of(zhou) == got(zhou, "2027-03-18 08:00")
    assert sim.of(zhang) == got(zhang, "2027-03-19 14:00")
    assert sim.of(zhao) == [("2027-03-18 08:00", "SMS", "赵磊，春季新品到店")]
    assert sim.of(liu) == sim.of(chen) == sim.of(sun) == sim.of(he) == sim.of(wu) == []
    sim.assert_each_once()
    assert len(sim.deliveries) == 6

    # and who did not, and why
    assert await outcomes(journey_id, liu) == [("2027-03-16 14:00", "no_consent", "no marketing consent on SMS")]
    assert await outcomes(journey_id, chen) == [
        ("2027-03-16 14:00", "unreachable", "no official-account openid for WECHAT, no phone for SMS")]
    assert await outcomes(journey_id, zhao) == [("2027-03-18 14:00", "capped", "cap: At most 1 message a day")]
    assert await outcomes(journey_id, zhou) == [("2027-03-18 08:00", "sent", "")]
    [late] = await MessageSend.filter(sender_id=journey_id, member_id=zhou.id)
    assert local_text(late.created_at) == "2027-03-17 23:00"  # first decided then, inside quiet hours
    # the goods buyer and the member served before the plan was published never entered; the refill
    # during a live run did not start a second one (one live run per member per journey); the last
    # member waits for 13 April
    assert not await Enrollment.filter(journey_id=journey_id, member_id__in=[sun.id, wu.id]).exists()
    runs = await Enrollment.filter(journey_id=journey_id).order_by("id")
    assert [(r.member_id, r.occurrence, r.status) for r in runs if r.member_id in (wang.id, li.id)] == [
        (wang.id, 1, EnrollmentStatus.COMPLETED), (li.id, 1, EnrollmentStatus.COMPLETED),
        (wang.id, 2, EnrollmentStatus.COMPLETED)]
    versions = dict(await JourneyVersion.filter(journey_id=journey_id).values_list("id", "number"))
    assert [versions[r.version_id] for r in runs] == [1] * 7 + [2, 2]  # entered from 10 March: version 2
    [waiting] = [r for r in runs if r.status is EnrollmentStatus.ACTIVE]
    assert (waiting.member_id, waiting.node_id, waiting.due_at) == (he.id, "wait", local("2027-04-13 11:00"))
    assert len(runs) == 9

    # and the live metrics: nine entries, eight past the wait, one waiting; per local day
    live = await metrics(gql, journey_id, days=40)
    assert live["counts"] == {
        "entry": (0, 9, {}),
        "wait": (1, 8, {}),
        "message": (0, 8, {"SENT": 5, "NO_CONSENT": 1, "UNREACHABLE": 1, "CAPPED": 1}),
    }
    entered = [("2027-03-01", 1), ("2027-03-02", 3), ("2027-03-03", 1), ("2027-03-04", 1), ("2027-03-05", 1),
               ("2027-03-20", 1), ("2027-03-30", 1)]
    followed = [("2027-03-15", 1), ("2027-03-16", 3), ("2027-03-17", 1), ("2027-03-18", 1), ("2027-03-19", 1),
                ("2027-04-03", 1)]
    assert sorted(live["days"], key=lambda d: (d[1], d[0])) == sorted(
        [("entry", d, n) for d, n in entered] + [(k, d, n) for d, n in followed for k in ("message", "wait")],
        key=lambda d: (d[1], d[0]))


# -- periodic card-use reminder -----------------------------------------------------------------------

CARD_USE_TEXT = "{customer_name}，您的{card_name}还剩{card_remaining_uses}次，有效期至{card_expires_on}，记得来店使用"


async def buy_card(member: Member, product: CardProduct, bought: str) -> MemberCard:
    """The member buys a card at a local time (the POS reports it then or later); returns the card issued."""
    order, _ = await orders.record_order(ADMIN, orders.OrderInput(
        member_id=member.id, ordered_at=local(bought), lines=[orders.LineInput(card_product_id=product.id)]))
    return await MemberCard.get(order_line__order_id=order.id)


async def punch(card: MemberCard, uses: int = 1) -> None:
    await orders.use_card(ADMIN, card.id, uses=uses)


async def test_card_use_reminder_on_the_1st_while_a_punch_card_has_uses_left(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given the gateway, at most one marketing message a day, the card-use reminder with its content and
    # a members-only SMS at 09:00 on 1 May to members tagged 专享
    clock.set_now(local("2027-04-28 20:00"))
    await setup_channels(gateway)
    await policy.set_caps(ADMIN, None, [{"channel": None, "period": "DAY", "maxSends": 1}])
    journey_id, _ = await from_template("CARD_USE_REMINDER", CARD_USE_TEXT)
    await one_shot_sms("会员专享", "2027-05-01T09:00:00", "专享", "{customer_name}，会员专享价今日开启")
    # and punch cards of 10 uses for a year, of 5 uses for 60 days, and a stored-value card
    nails = await make_card_product(name="美甲10次卡", total_uses=10, validity_days=365)
    care = await make_card_product(name="护理5次卡", total_uses=5, validity_days=60)
    value = await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=365)
    store = await make_store(name="静安店")

    def member(name: str, **kw: Any) -> Any:
        return make_member(name=name, home_store=store, **kw)

    wang = await member("王芳", wechat_openid="o-wang", wechat_subscribed=True)
    wang_card = await buy_card(wang, nails, "2027-01-10 15:00")  # 10 left; uses 2 on 10 May
    li = await member("李娜")
    li_card = await buy_card(li, nails, "2026-12-01 12:00")
    await punch(li_card, 9)  # 1 left on 1 May; uses it on 20 May
    zhou = await member("周敏")
    zhou_card = await buy_card(zhou, care, "2027-03-16 14:00")  # expires 15 May with 3 left
    await punch(zhou_card, 2)
    zhang = await member("张伟")
    await buy_card(zhang, care, "2027-02-19 14:00")  # expired on 20 April, all 5 uses left
    liu = await member("刘洋")
    await buy_card(liu, value, "2027-02-01 12:00")  # stored value only
    chen = await member("陈静", sms_consent=False)
    await buy_card(chen, nails, "2027-04-01 12:00")
    zhao = await member("赵磊")
    await buy_card(zhao, nails, "2027-04-02 12:00")
    await members.tag_member(ADMIN, zhao.id, ["专享"], [])
    sun = await member("孙丽")  # buys a card on 12 May
    qian = await member("钱多")  # her stored-value card expires before her punch card
    await buy_card(qian, value, "2026-06-01 12:00")
    await buy_card(qian, nails, "2027-04-03 12:00")

    # when the workers run four times a day from 29 April to 2 June
    sim = Simulation(gateway)
    async for now in sim.days("2027-04-29", "2027-06-02"):
        if now == local("2027-05-10 10:00"):
            await punch(wang_card, 2)
        if now == local("2027-05-12 21:30"):
            await buy_card(sun, nails, "2027-05-12 21:30")
        if now == local("2027-05-20 10:00"):
            await punch(li_card)

    # then on the 1st at 10:00 the members with uses left on a live punch card were reminded, with the
    # card's uses and expiry as they were that day
    def got(m: Member, at: str, card: str, uses: int, expires: str) -> tuple[str, str, str]:
        return (at, "WECHAT" if m is wang else "SMS",
                f"{m.name}，您的{card}还剩{uses}次，有效期至{expires}，记得来店使用")

    may, june = "2027-05-01 10:00", "2027-06-01 10:00"
    assert sim.of(wang) == [got(wang, may, "美甲10次卡", 10, "2028-01-10"),
                            got(wang, june, "美甲10次卡", 8, "2028-01-10")]
    assert sim.of(li) == [got(li, may, "美甲10次卡", 1, "2027-12-01")]  # none left in June
    assert sim.of(zhou) == [got(zhou, may, "护理5次卡", 3, "2027-05-15")]  # expired in June
    assert sim.of(sun) == [got(sun, june, "美甲10次卡", 10, "2028-05-11")]
    assert sim.of(qian) == [got(qian, may, "美甲10次卡", 10, "2028-04-02"),  # not her stored-value card
                            got(qian, june, "美甲10次卡", 10, "2028-04-02")]
    assert sim.of(zhao) == [("2027-05-01 09:00", "SMS", "赵磊，会员专享价今日开启"),
                            got(zhao, june, "美甲10次卡", 10, "2028-04-01")]
    assert sim.of(zhang) == sim.of(liu) == sim.of(chen) == []
    sim.assert_each_once()
    assert len(sim.deliveries) == 1 + 4 + 4

    # and who did not, and why: outside the audience (no enrollment at all), no consent, capped
    for m in (zhang, liu):
        assert not await Enrollment.filter(journey_id=journey_id, member_id=m.id).exists()
    assert await outcomes(journey_id, chen) == [(may, "no_consent", "no marketing consent on SMS"),
                                                (june, "no_consent", "no marketing consent on SMS")]
    assert await outcomes(journey_id, zhao) == [(may, "capped", "cap: At most 1 message a day"), (june, "sent", "")]
    runs = await JourneyRun.filter(journey_id=journey_id).order_by("key").values_list("key", "entered")
    assert runs == [("2027-05-01", 6), ("2027-06-01", 5)]
    entered = await Enrollment.filter(journey_id=journey_id).order_by("entry_key", "member_id").values_list(
        "entry_key", "member_id", "occurrence")
    assert entered == [("run:2027-05-01", m.id, 1) for m in (wang, li, zhou, chen, zhao, qian)] + [
        ("run:2027-06-01", wang.id, 2), ("run:2027-06-01", chen.id, 2), ("run:2027-06-01", zhao.id, 2),
        ("run:2027-06-01", sun.id, 1), ("run:2027-06-01", qian.id, 2)]

    live = await metrics(gql, journey_id, days=40)
    assert live["counts"] == {"entry": (0, 11, {}), "message": (0, 11, {"SENT": 8, "NO_CONSENT": 2, "CAPPED": 1})}
    assert live["days"] == [("entry", "2027-05-01", 6), ("message", "2027-05-01", 6),
                            ("entry", "2027-06-01", 5), ("message", "2027-06-01", 5)]


# -- card expiry reminder -----------------------------------------------------------------------------

CARD_EXPIRY_TEXT = "{customer_name}，您的{card_name}将于{card_expires_on}到期，请尽快使用"


async def test_card_expiry_reminder_30_store_days_before_each_card_expires(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given the gateway, quiet hours 21:00-08:00, at most one marketing message a day, the card expiry
    # reminder with its content, and a members-only SMS at 08:00 on 26 January to members tagged 专享
    clock.set_now(local("2027-01-09 20:00"))
    await setup_channels(gateway)
    await policy.set_caps(ADMIN, None, [{"channel": None, "period": "DAY", "maxSends": 1}])
    await policy.set_quiet(ADMIN, None, [{"channel": None, "start": "21:00", "end": "08:00"}])
    journey_id, _ = await from_template("CARD_EXPIRY_REMINDER", CARD_EXPIRY_TEXT)
    await one_shot_sms("会员专享", "2027-01-26T08:00:00", "专享", "{customer_name}，会员专享价今日开启")
    year = await make_card_product(name="美甲10次卡", total_uses=10, validity_days=365)
    trial = await make_card_product(name="体验3次卡", total_uses=3, validity_days=20)
    value = await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=365)
    store = await make_store(name="静安店")

    def member(name: str, **kw: Any) -> Any:
        return make_member(name=name, home_store=store, **kw)

    # a card bought online just after midnight a year ago expires at 00:30 on 1 March store time, still
    # 28 February in UTC: its reminder is due 30 store days before 1 March, on 30 January
    wang = await member("王芳", wechat_openid="o-wang", wechat_subscribed=True)
    await buy_card(wang, year, "2026-03-01 00:30")
    li = await member("李娜")
    await buy_card(li, year, "2026-02-28 23:30")  # expires late on 28 February: reminded on 29 January
    zhou = await member("周敏")  # two cards, two reminders
    await buy_card(zhou, value, "2026-02-10 12:00")
    await buy_card(zhou, year, "2026-03-05 12:00")
    liu = await member("刘洋", sms_consent=False)
    await buy_card(liu, year, "2026-02-20 12:00")
    zhao = await member("赵磊")
    await buy_card(zhao, year, "2026-02-25 12:00")
    await members.tag_member(ADMIN, zhao.id, ["专享"], [])
    zhang = await member("张伟")  # used his card up: nothing left to remind him of
    zhang_card = await buy_card(zhang, year, "2026-02-15 12:00")
    await punch(zhang_card, 10)
    chen = await member("陈静")  # buys a 20-day card on 20 January: its reminder day is already past
    sun = await member("孙丽")
    await buy_card(sun, year, "2026-04-01 12:00")  # expires after the simulation's reminders

    # when the workers run four times a day from 10 January to 5 February
    sim = Simulation(gateway)
    async for now in sim.days("2027-01-10", "2027-02-05", times=("00:10", "08:00", "12:00", "21:30")):
        if now == local("2027-01-20 12:00"):
            await buy_card(chen, trial, "2027-01-20 12:00")

    # then each card's holder was reminded once, at 08:00 (the scan runs after store midnight, inside
    # quiet hours) of the store date 30 days before the card's expiry date, naming that card
    def got(m: Member, day: str, card: str, expires: str) -> tuple[str, str, str]:
        return (f"{day} 08:00", "WECHAT" if m is wang else "SMS", f"{m.name}，您的{card}将于{expires}到期，请尽快使用")

    assert sim.of(wang) == [got(wang, "2027-01-30", "美甲10次卡", "2027-03-01")]
    assert sim.of(li) == [got(li, "2027-01-29", "美甲10次卡", "2027-02-28")]
    assert sim.of(zhou) == [got(zhou, "2027-01-11", "储值卡", "2027-02-10"),
                            got(zhou, "2027-02-03", "美甲10次卡", "2027-03-05")]
    assert sim.of(zhao) == [("2027-01-26 08:00", "SMS", "赵磊，会员专享价今日开启")]
    assert sim.of(liu) == sim.of(zhang) == sim.of(chen) == sim.of(sun) == []
    sim.assert_each_once()
    assert len(sim.deliveries) == 5

    # and who did not, and why
    assert await outcomes(journey_id, liu) == [("2027-01-21 00:10", "no_consent", "no marketing consent on SMS")]
    assert await outcomes(journey_id, zhao) == [("2027-01-26 08:00", "capped", "cap: At most 1 message a day")]
    assert not await Enrollment.filter(journey_id=journey_id, member_id__in=[zhang.id, chen.id, sun.id]).exists()
    sends = await MessageSend.filter(sender_id=journey_id, status=SendStatus.SENT).order_by("id")
    assert [local_text(s.created_at) for s in sends] == [  # first decided at the scan, deferred to 08:00
        "2027-01-11 00:10", "2027-01-29 00:10", "2027-01-30 00:10", "2027-02-03 00:10"]
    runs = await Enrollment.filter(journey_id=journey_id).order_by("id")
    assert [(r.member_id, r.entry_key, r.occurrence) for r in runs] == [
        (zhou.id, "run:2027-01-11", 1), (liu.id, "run:2027-01-21", 1), (zhao.id, "run:2027-01-26", 1),
        (li.id, "run:2027-01-29", 1), (wang.id, "run:2027-01-30", 1), (zhou.id, "run:2027-02-03", 2)]
    assert {r.status for r in runs} == {EnrollmentStatus.COMPLETED}
    # one scan per store day, even on days nobody's card is due: the 27 simulated days and the launch
    # day (published at 20:00 on 9 January with no engine round after it), caught up on the 10th
    assert await JourneyRun.filter(journey_id=journey_id).count() == 28

    live = await metrics(gql, journey_id, days=40)
    assert live["counts"] == {"entry": (0, 6, {}), "message": (0, 6, {"SENT": 4, "NO_CONSENT": 1, "CAPPED": 1})}
    assert live["days"] == [(k, d, 1) for d in ("2027-01-11", "2027-01-21", "2027-01-26", "2027-01-29",
                                                "2027-01-30", "2027-02-03") for k in ("entry", "message")]


async def test_an_expiry_scan_reminds_only_of_cards_with_something_left(db: None) -> None:
    # given four cards expiring on 10 March: punch cards with uses left and used up, stored-value cards
    # with a balance and spent
    clock.set_now(local("2026-03-10 12:00"))
    journey_id, _ = await from_template("CARD_EXPIRY_REMINDER", CARD_EXPIRY_TEXT)
    punch_card = await make_card_product(name="次卡", total_uses=5, validity_days=365)
    value_card = await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=365)
    uses_left, used_up, balance, spent = [await make_member() for _ in range(4)]
    for m, product in ((uses_left, punch_card), (used_up, punch_card), (balance, value_card), (spent, value_card)):
        await buy_card(m, product, "2026-03-10 12:00")
    await punch(await MemberCard.get(member_id=used_up.id), 5)
    await orders.use_card(ADMIN, (await MemberCard.get(member_id=spent.id)).id, amount_cents=120000)

    # when the daily scan runs 30 days before
    clock.set_now(local("2027-02-08 00:05"))
    await entries.run_schedules()

    # then only the holders of cards with uses or value left are entered
    entered = await Enrollment.filter(journey_id=journey_id).values_list("member_id", flat=True)
    assert sorted(entered) == sorted([uses_left.id, balance.id])


async def test_an_expiry_reminder_names_the_card_that_expires_not_a_sooner_one(db: None, redis: object) -> None:
    # given quiet hours until 08:00, and a member whose stored-value card expires on 10 February and
    # whose punch card expires on 5 March
    clock.set_now(local("2026-02-01 12:00"))
    await policy.set_quiet(ADMIN, None, [{"channel": None, "start": "21:00", "end": "08:00"}])
    journey_id, _ = await from_template("CARD_EXPIRY_REMINDER", CARD_EXPIRY_TEXT)
    member = await make_member(name="周敏")
    await buy_card(member, await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=374),
                   "2026-02-01 12:00")
    await buy_card(member, await make_card_product(name="美甲10次卡", total_uses=10, validity_days=397),
                   "2026-02-01 12:00")

    # when the scan of 3 February (30 days before 5 March) runs after midnight, inside quiet hours,
    # and the send is decided again when they end
    clock.set_now(local("2027-02-03 00:05"))
    await entries.run_schedules()
    await engine.pump()
    [send] = await MessageSend.filter(sender_id=journey_id)
    assert (send.status, send.policy["card"]) == (SendStatus.DEFERRED, {"expiresOn": "2027-03-05"})
    clock.set_now(local("2027-02-03 08:00"))
    assert await redecide_until_idle() == 1

    # then the reminder names the card expiring on 5 March, although the other one expires sooner
    await send.refresh_from_db()
    assert send.status is SendStatus.QUEUED
    assert send.content["text"] == "周敏，您的美甲10次卡将于2027-03-05到期，请尽快使用"


async def test_a_punch_card_reminder_names_the_card_its_audience_asks_for(db: None, redis: object) -> None:
    # given a one-shot plan to members with a punch card down to 1-2 uses, whose content names the card,
    # and a member with a stored-value card and a full punch card that expire sooner than her low one
    clock.set_now(local("2026-05-01 12:00"))
    content = await Template.create(name="续卡", text="{customer_name}，您的{card_name}只剩{card_remaining_uses}次")
    journey = await services.create_journey(ADMIN, "续卡提醒", draft={
        "nodes": [{"id": "entry", "kind": "ENTRY", "config": {
                      "mode": "ONE_SHOT", "at": "2026-05-01T12:00:00",
                      "audience": {"rule": {"all": [{"gender": {"in": ["FEMALE"]}},
                                                    {"punchRemaining": {"atLeast": 1, "atMost": 2}}]}}}},
                  {"id": "sms", "kind": "MESSAGE", "config": {"templateId": content.id, "channels": ["SMS"]}}],
        "edges": [{"from": "entry", "to": "sms", "branch": "next"}]})
    await services.publish(ADMIN, journey.id)
    member = await make_member(name="钱多")
    await buy_card(member, await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=30),
                   "2026-05-01 12:00")
    await buy_card(member, await make_card_product(name="美甲10次卡", total_uses=10, validity_days=60),
                   "2026-05-01 12:00")
    low = await buy_card(member, await make_card_product(name="护理5次卡", total_uses=5, validity_days=365),
                         "2026-05-01 12:00")
    await punch(low, 4)

    # when the plan runs
    await entries.run_schedules()
    await engine.pump()

    # then the message names the card with 1-2 uses left, not a card expiring sooner
    [send] = await MessageSend.filter(sender_id=journey.id)
    assert send.policy["card"] == {"punchRemaining": {"atLeast": 1, "atMost": 2}}
    assert send.content["text"] == "钱多，您的护理5次卡只剩1次"
