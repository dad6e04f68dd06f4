"""`make demo`'s journeys: made by the real engine over replayed days, so a newcomer sees enrollments, sends
by outcome, guide tasks and conversions through GraphQL at once; the sends really travel to a signed
HTTP gateway."""

from __future__ import annotations

import time
from typing import Any

import httpx

from api.channels.base import IDEMPOTENCY_HEADER, signed_headers
from api.channels.models import MessageSend, SendStatus
from api.channels.outbox import relay_until_idle
from api.channels.sandbox import PATH, SANDBOX_SECRET
from api.guides.models import GuideTask
from api.journeys.demo import TEMPLATE_JOURNEYS, seed_demo_journeys
from api.journeys.models import Journey
from api.seed import seed
from tests.channels.servers import Gateway


async def test_the_demo_journeys_have_a_history_made_by_the_engine(db: None, redis: Any, gql: Any) -> None:
    # given 300 seeded members and a signed gateway like the sandbox
    await seed(300)
    gateway = Gateway(secret=SANDBOX_SECRET).start()
    try:
        # when the demo journeys are made and their days replayed, and the outbox is relayed
        made = await seed_demo_journeys(gateway.url, days=21)
        assert made == {"journeys": len(TEMPLATE_JOURNEYS) + 1}
        assert await seed_demo_journeys(gateway.url, days=21) == {}  # a second start changes nothing
        await relay_until_idle()
    finally:
        gateway.stop()

    # then every journey is published with members in it, the canvas converted some, guides got tasks
    data = await gql("""{ journeys(first: 20) { nodes { name status conversions
        nodeCounts { nodeId passed waiting converted messages { outcome count } } } } }""")
    journeys = {j["name"]: j for j in data["journeys"]["nodes"]}
    assert len(journeys) == 6 and {j["status"] for j in journeys.values()} == {"ACTIVE"}
    drawn = journeys["秋冬新品体验（A/B）"]
    counts = {c["nodeId"]: c for c in drawn["nodeCounts"]}
    assert counts["entry"]["passed"] > 50
    assert counts["sms"]["passed"] + counts["wechat"]["passed"] < counts["ab"]["passed"]  # the control group
    outcomes = {o["outcome"] for c in drawn["nodeCounts"] for o in c["messages"]}
    assert "SENT" in outcomes and outcomes & {"CAPPED", "NO_CONSENT", "UNREACHABLE"}
    assert drawn["conversions"] == counts["goal"]["converted"] > 0
    follow_up = journeys["服务后回访"]
    assert sum(o["count"] for c in follow_up["nodeCounts"] for o in c["messages"]) > 0
    assert await GuideTask.filter(source_id__in=await Journey.filter(template_key="PUNCH_CARD_LOW")
                                  .values_list("id", flat=True)).count() > 0
    # and each passed send reached the gateway once, signed
    sent = await MessageSend.filter(status=SendStatus.SENT).count()
    assert sent > 0 and len(gateway.keys()) == len(set(gateway.keys())) == sent
    assert gateway.bad_signatures == 0


async def test_the_sandbox_gateway_checks_the_signature(app: Any, monkeypatch: Any) -> None:
    import dataclasses

    from api.app import create_app
    from api.core import config

    monkeypatch.setattr(config, "_settings", dataclasses.replace(config.get_settings(), env="development"))
    dev = create_app(manage_db=False)
    body = b'{"sendId":"1","text":"hi"}'
    ts = str(int(time.time()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=dev), base_url="http://testserver") as client:
        ok = await client.post(PATH, content=body, headers={**signed_headers(SANDBOX_SECRET, ts, body),
                                                             IDEMPOTENCY_HEADER: "k1"})
        forged = await client.post(PATH, content=body, headers={**signed_headers("wrong", ts, body),
                                                                 IDEMPOTENCY_HEADER: "k1"})
    assert ok.status_code == 200 and ok.json() == {"messageId": "sandbox-k1"}
    assert forged.status_code == 401
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        assert (await client.post(PATH, content=body)).status_code in (404, 405)  # not outside development
