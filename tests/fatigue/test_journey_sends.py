"""Two daily plans competing for the same members under caps, on simulated days with real arq workers, a
real HTTP gateway as the SMS provider, and a Redis flush in the middle: who got what when, and why not."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from api.accounts.models import Role
from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.core.config import get_settings
from api.core.redis import redis_url
from api.core.viewer import ROLE_SCOPES, Viewer
from api.fatigue import caps as counters
from api.fatigue import policy
from api.journeys import services
from api.templates.models import Template
from tests.channels.conftest import SECRET
from tests.channels.servers import Gateway
from tests.factories import channels_make_provider, dt, make_member
from tests.helpers import gid

ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])


async def run_job(name: str) -> Any:
    """Enqueue one job and let a real arq worker run it (burst mode)."""
    from workers.settings import WorkerSettings

    settings = RedisSettings.from_dsn(redis_url(get_settings()))
    pool = await create_pool(settings)
    job = await pool.enqueue_job(name)
    worker = Worker(functions=WorkerSettings.functions, redis_settings=settings, burst=True, poll_delay=0.01)
    await worker.main()
    await worker.close()
    assert worker.jobs_failed == 0
    assert job is not None
    result = await job.result(timeout=5)
    await pool.aclose()
    return result


async def daily_plan(name: str, priority: int, template_id: int) -> int:
    graph = {
        "nodes": [
            {"id": "entry", "kind": "ENTRY", "config": {"mode": "RECURRING", "every": "DAILY", "time": "09:00",
                                                       "reentry": "EVERY_TIME"}},
            {"id": "sms", "kind": "MESSAGE", "config": {"templateId": template_id, "channels": ["SMS"],
                                                       "priority": priority}},
        ],
        "edges": [{"from": "entry", "to": "sms", "branch": "next"}],
    }
    journey = await services.create_journey(ADMIN, name, draft=graph)
    await services.publish(ADMIN, journey.id)
    return journey.id


async def test_two_daily_plans_under_caps_day_by_day(db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given ≤ 1 SMS a day and ≤ 3 a week, an SMS gateway, and two daily 09:00 plans to everyone
    monday = dt("2026-12-07T00:30:00")  # Monday 08:30 in Shanghai
    clock.set_now(monday)
    await policy.set_caps(ADMIN, None, [{"channel": "SMS", "period": "DAY", "maxSends": 1},
                                        {"channel": "SMS", "period": "WEEK", "maxSends": 3}])
    await channels_make_provider("SMS", gateway.url, SECRET)
    tpl = await Template.create(name="hi", text="{customer_name}，本周新品到店")
    low = await daily_plan("日常推送", 1, tpl.id)
    high = await daily_plan("会员日", 9, tpl.id)
    members = [await make_member(name=f"顾客{i}") for i in range(3)]
    opted_out = await make_member(sms_consent=False)

    # when the workers run every few hours for eight days (Redis loses everything on day 1)
    for hour in range(0, 8 * 24, 4):
        clock.set_now(monday + timedelta(hours=hour))
        if hour == 28:
            await counters.client().flushdb()
        await run_job("journeys_tick")
        await run_job("relay_outbox")

    # then each member got exactly one SMS on Monday, Tuesday, Wednesday and the next Monday, all from
    # the higher-priority plan, once each at the gateway
    assert len(gateway.keys()) == len(set(gateway.keys())) == 3 * 4
    for m in members:
        sent = await MessageSend.filter(member_id=m.id, status=SendStatus.SENT).order_by("decided_at")
        days = [clock.to_utc(s.decided_at).astimezone(get_settings().tz).date().isoformat() for s in sent]
        assert days == ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-14"]
        assert {s.sender_id for s in sent} == {high}
        assert sent[0].content["text"] == f"{m.name}，本周新品到店"
        why = Counter(s.reason for s in await MessageSend.filter(member_id=m.id, status=SendStatus.CAPPED))
        assert why["cap: At most 1 SMS message a day"] == 4  # the low plan, on the four days with a send
        assert why["cap: At most 3 SMS messages a week (Monday to Sunday)"] == 8  # Thursday to Sunday, both plans
    assert await MessageSend.filter(member_id=opted_out.id, status=SendStatus.NO_CONSENT).count() == 16
    assert await MessageSend.filter(sender_id=low, status=SendStatus.SENT).count() == 0

    # and the journey's live metrics say the same: per node by outcome, per day
    metrics = (await gql("""query($id: ID!) { journey(id: $id) {
        nodeCounts { nodeId passed messages { outcome count } } nodeDays(days: 10) { nodeId day passed } } }""",
                         {"id": gid("Journey", high)}))["journey"]
    sms = next(n for n in metrics["nodeCounts"] if n["nodeId"] == "sms")
    assert sms["passed"] == 4 * 8
    assert {m["outcome"]: m["count"] for m in sms["messages"]} == {"SENT": 12, "CAPPED": 12, "NO_CONSENT": 8}
    days = [d for d in metrics["nodeDays"] if d["nodeId"] == "sms"]
    assert [d["passed"] for d in days] == [4] * 8 and days[0]["day"] == "2026-12-07"
