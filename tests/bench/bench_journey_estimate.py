"""``journeyEstimate`` for a 10-node journey at 1,000,000 members (PostgreSQL + Redis), through the whole
stack (HTTP via httpx.ASGITransport, token auth, Strawberry), answered from the audience index.

The journey: a one-shot entry to members who spent at least 500 yuan → women? → yes: a 90/10 A/B split
→ an SMS-then-WeChat message, a 3-day wait, an order goal; the 10% control exits; → no: audience paths
(a tier, else) → a WeChat message. The bench asserts the entry's count equals a hand-written SQL COUNT.

Run: ``.venv/bin/pytest tests/bench/bench_journey_estimate.py -s -p no:cacheprovider -o addopts=""``
"""

from __future__ import annotations

import os
from typing import Any

import httpx
from tortoise import connections

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

from api.accounts.models import Role  # noqa: E402
from api.accounts.services import create_token  # noqa: E402
from api.app import create_app  # noqa: E402
from api.core import clock  # noqa: E402
from api.core.viewer import ROLE_SCOPES, Viewer  # noqa: E402
from api.fatigue.models import FatiguePolicy  # noqa: E402
from api.fatigue.policy import parse_caps  # noqa: E402
from api.journeys import services  # noqa: E402
from api.journeys.models import Journey  # noqa: E402
from api.segments import audience_index  # noqa: E402
from api.templates.models import Template  # noqa: E402
from tests.bench.harness import measure  # noqa: E402

ADMIN = Viewer(role=Role.ADMIN, name="bench", scopes=ROLE_SCOPES[Role.ADMIN])
NAME = "bench estimate"
QUERY = """query($id: ID!) { journeyEstimate(id: $id) { nodes { nodeId arriving exact
  message { arriving reachable noConsent capped expectedSends channels { channel hasAddress sends } } }
  userErrors { field message } } }"""


def _graph(template_id: int, tier_id: int) -> dict[str, Any]:
    at = (clock.local_now().replace(tzinfo=None, second=0, microsecond=0)).isoformat(timespec="minutes")

    def n(id_: str, kind: str, **config: Any) -> dict[str, Any]:
        return {"id": id_, "kind": kind, "config": config}

    def e(a: str, b: str, branch: str = "next") -> dict[str, str]:
        return {"from": a, "to": b, "branch": branch}

    return {"nodes": [
        n("entry", "ENTRY", mode="ONE_SHOT", at=at, audience={"rule": {"totalSpend": {"min": 50000}}}),
        n("women", "CONDITION", rule={"gender": {"in": ["FEMALE"]}}),
        n("ab", "RANDOM_SPLIT", shares=[{"key": "test", "percent": 90}, {"key": "control", "percent": 10}]),
        n("sms", "MESSAGE", templateId=template_id, channels=["SMS", "WECHAT"]),
        n("wait", "WAIT", duration={"days": 3}),
        n("goal", "GOAL", goal="ORDER", withinDays=7),
        n("control", "EXIT"),
        n("paths", "AUDIENCE_PATHS", paths=[{"key": "vip", "rule": {"tier": {"in": [tier_id]}}}]),
        n("wechat", "MESSAGE", templateId=template_id, channels=["WECHAT"]),
        n("done", "EXIT"),
    ], "edges": [
        e("entry", "women"), e("women", "ab", "yes"), e("women", "paths", "no"), e("ab", "sms", "test"),
        e("ab", "control", "control"), e("sms", "wait"), e("wait", "goal"), e("paths", "wechat", "vip"),
        e("paths", "done", "else"),
    ]}


async def _cleanup() -> None:
    await Journey.filter(name=NAME).delete()
    await Template.filter(name=NAME).delete()
    await FatiguePolicy.filter(company_id=None).delete()
    # the bench server runs without autovacuum: other benches' deleted sends would be scanned
    await connections.get("default").execute_script("VACUUM ANALYZE message_send")


async def test_journey_estimate_of_ten_nodes(bench_db: None) -> None:
    from api.loyalty.models import Tier

    await _cleanup()
    index = audience_index.get_index()
    assert index is not None, "RAPPORT_AUDIENCE_INDEX is off"
    await index.ready()
    tier = await Tier.all().order_by("level").first()
    assert tier is not None
    await FatiguePolicy.create(company_id=None, rules=[c.to_json() for c in parse_caps(
        [{"channel": "SMS", "period": "DAY", "maxSends": 1}])])
    tpl = await Template.create(name=NAME, text="{customer_name}，您好")
    journey = await services.create_journey(ADMIN, NAME, draft=_graph(tpl.id, tier.id))
    from strawberry.relay import to_base64

    app = create_app(manage_db=False)
    secret, _ = await create_token("bench estimate", Role.ADMIN)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                     headers={"Authorization": f"Bearer {secret}"}) as client:
            async def estimate() -> dict[str, Any]:
                body = (await client.post("/graphql", json={"query": QUERY, "variables": {
                    "id": to_base64("Journey", journey.id)}})).json()
                assert not body.get("errors"), body
                est = body["data"]["journeyEstimate"]
                assert est["userErrors"] == [], est["userErrors"]
                return est  # type: ignore[no-any-return]

            first = await estimate()
            rows = await connections.get("default").execute_query_dict(
                "SELECT COUNT(*) AS n FROM member m WHERE m.total_spend_cents >= 50000")
            assert first["nodes"][0]["arriving"] == int(rows[0]["n"])
            timing = await measure("journeyEstimate (10 nodes)", estimate, runs=15)
        print(f"\njourneyEstimate, 10 nodes, {index.snap.size if index.snap else 0:,} members: median "
              f"{timing.median * 1000:.0f} ms, p95 {timing.p95 * 1000:.0f} ms (bar 300 ms)")
        for node in first["nodes"]:
            print(f"  {node['nodeId']:8s} {node['arriving']:>9,} exact={node['exact']} {node['message'] or ''}")
    finally:
        await _cleanup()
