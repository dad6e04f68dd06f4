"""Segments at 1,000,000 members (PostgreSQL): live estimates through GraphQL vs hand-written SQL, and refreshes.

(a) ``estimateAudience`` through the whole stack (HTTP via httpx.ASGITransport, token auth,
Strawberry, rule validation, compilation, one COUNT) for representative rules, against a
hand-written SQL ``COUNT`` of the same rule on the same database in the same run.  Both must give the
same number, or the comparison means nothing.  (b) The materialising refresh of 20 segments: the
first build (every member enters) and a steady-state refresh (nothing changed), total and slowest.

Run: ``.venv/bin/pytest tests/bench/bench_segments.py -s -p no:cacheprovider -o addopts=""``.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

import httpx
from tortoise import connections

from api.accounts.models import Role
from api.accounts.services import create_token
from api.app import create_app
from api.core import clock
from api.core.viewer import Viewer
from api.segments import audience_index, services
from api.segments.context import RuleContext
from api.segments.models import Segment, SegmentMembership, SegmentRefresh
from tests.bench.harness import Timing, measure, report

RUNS = int(os.environ.get("BENCH_RUNS") or 15)
PREFIX = "bench: "

ESTIMATE = """query E($rule: SegmentRuleInput!) {
  estimateAudience(rule: $rule) { total userErrors { field message } } }"""


def _ctx() -> RuleContext:
    return RuleContext(now=clock.now(), today=clock.today())


def _cases() -> list[tuple[str, dict[str, Any], str, list[Any]]]:
    """(name, rule, hand-written SQL, its parameters); boundaries are the documented day semantics."""
    ctx = _ctx()
    today = ctx.today
    month_lo, month_hi = today.month * 100 + 1, today.month * 100 + 31
    cases: list[tuple[str, dict[str, Any], str, list[Any]]] = [
        (
            "7 conditions (profile, reach, spend)",
            {"all": [
                {"gender": {"in": ["FEMALE"]}}, {"age": {"min": 20, "max": 45}}, {"reachable": {"channel": "SMS"}},
                {"lastPurchase": {"lessThanDaysAgo": 180}}, {"totalSpend": {"min": 100000}},
                {"source": {"in": ["门店", "小程序"]}}, {"tags": {"match": "NONE", "tags": ["学生"]}},
            ]},
            """SELECT COUNT(*) FROM member m
               WHERE m.gender = 'female' AND m.birthday <= $1 AND m.birthday > $2
                 AND m.phone IS NOT NULL AND m.phone <> '' AND m.sms_consent
                 AND m.last_purchase_at >= $3 AND m.total_spend_cents >= 100000
                 AND m.source IN ('门店', '小程序')
                 AND NOT EXISTS (SELECT 1 FROM member_tag t WHERE t.member_id = m.id AND t.tag = '学生')""",
            [ctx.age_cutoff(20), ctx.age_cutoff(46), ctx.within_last(180)],
        ),
        (
            "cards: punch ≤ 2 uses or stored value < 200",
            {"any": [{"punchRemaining": {"atMost": 2}}, {"storedValueBalance": {"below": 20000}}]},
            """SELECT COUNT(*) FROM member m
               WHERE EXISTS (SELECT 1 FROM member_card c JOIN card_product p ON p.id = c.product_id
                             WHERE c.member_id = m.id AND p.kind = 'punch' AND c.remaining_uses <= 2
                               AND (c.expires_at IS NULL OR c.expires_at > $1))
                  OR m.id IN (SELECT c.member_id FROM member_card c JOIN card_product p ON p.id = c.product_id
                              WHERE p.kind = 'stored_value' AND (c.expires_at IS NULL OR c.expires_at > $1)
                              GROUP BY c.member_id HAVING SUM(c.balance_cents) < 20000)""",
            [ctx.now],
        ),
        (
            "purchase window: ≥2 orders, ≥500 in 90 days",
            {"purchases": {"days": 90, "orderCount": {"min": 2}, "spend": {"min": 50000}}},
            """SELECT COUNT(*) FROM (SELECT o.member_id FROM "order" o
               WHERE o.ordered_at >= $1 AND o.status <> 'refunded' GROUP BY o.member_id
               HAVING COUNT(*) >= 2 AND SUM(o.total_cents - o.refunded_cents) >= 50000) x""",
            [ctx.within_last(90)],
        ),
        (
            "birthday this month, WeChat, has guide",
            {"all": [{"birthday": {"period": "THIS_MONTH"}}, {"reachable": {"channel": "WECHAT"}},
                     {"noGuide": False}]},
            """SELECT COUNT(*) FROM member m WHERE m.birthday_md BETWEEN $1 AND $2
                 AND m.wechat_openid IS NOT NULL AND m.wechat_openid <> '' AND m.wechat_subscribed
                 AND m.guide_id IS NOT NULL""",
            [month_lo, month_hi],
        ),
        (
            "bought 美睫 in 60 days, women",
            {"all": [{"bought": {"categories": ["美睫"], "days": 60}}, {"gender": {"in": ["FEMALE"]}}]},
            """SELECT COUNT(*) FROM member m WHERE m.gender = 'female' AND EXISTS (
                 SELECT 1 FROM "order" o JOIN order_line l ON l.order_id = o.id
                 WHERE o.member_id = m.id AND o.ordered_at >= $1 AND o.status <> 'refunded'
                   AND l.category = '美睫' AND l.amount_cents > l.refunded_cents)""",
            [ctx.within_last(60)],
        ),
        (
            "RFM: lost big spenders",
            {"rfm": {"recency": ["LOST"], "monetary": "HIGH"}},
            """SELECT COUNT(*) FROM member m WHERE m.last_purchase_at < $1 AND m.id IN (
                 SELECT o.member_id FROM "order" o WHERE o.ordered_at >= $2 AND o.status <> 'refunded'
                 GROUP BY o.member_id HAVING SUM(o.total_cents - o.refunded_cents) >= 100000)""",
            [ctx.more_than_ago(180), ctx.within_last(365)],
        ),
    ]
    return cases


REFRESH_RULES: list[dict[str, Any]] = [
    {"gender": {"in": ["MALE"]}},
    {"tags": {"match": "ANY", "tags": ["宝妈", "白领"]}},
    {"tags": {"match": "ALL", "tags": ["敏感肌", "护肤达人"]}},
    {"birthday": {"period": "THIS_WEEK"}},
    {"reachable": {"channel": "WECOM"}},
    {"lastPurchase": {"moreThanDaysAgo": 90}},
    {"neverPurchased": True},
    {"age": {"min": 30, "max": 40}},
    {"guideFriendDays": {"moreThan": 180}},
    {"pointsBalance": {"min": 1000}},
    {"cardExpiring": {"withinDays": 30}},
    {"serviceCompleted": {"days": 30}},
    {"registered": {"withinDays": 90}},
    {"firstVisit": {"withinDays": 30}},
]


async def _cleanup() -> None:
    ids = await Segment.filter(name__startswith=PREFIX).values_list("id", flat=True)
    if ids:
        await SegmentMembership.filter(segment_id__in=ids).delete()
        await SegmentRefresh.filter(segment_id__in=ids).delete()
        await Segment.filter(id__in=ids).delete()
    # The bench server runs with autovacuum off: without this, every run leaves the previous runs'
    # millions of dead membership rows (and stale statistics) for the next run's refreshes to wade through.
    await connections.get("default").execute_script("VACUUM ANALYZE segment_membership")


async def test_segment_estimates_and_refreshes(bench_db: None) -> None:
    await _cleanup()
    # The audience index is built when an API process starts; measure that build, then the estimates.
    index = audience_index.get_index()
    assert index is not None, "RAPPORT_AUDIENCE_INDEX is off"
    index.reset()
    started = time.perf_counter()
    await index.ready()
    build = time.perf_counter() - started
    assert index.snap is not None
    print(f"\naudience index: {index.snap.size:,} members loaded in {build:.1f}s")
    cases = _cases()
    app = create_app(manage_db=False)
    secret, _ = await create_token("bench segments", Role.ADMIN)
    conn = connections.get("default")
    lines: list[str] = []
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", headers={"Authorization": f"Bearer {secret}"}
    ) as client:
        for name, rule, sql, params in cases:

            async def graphql(rule: dict[str, Any] = rule) -> int:
                body = (await client.post("/graphql", json={"query": ESTIMATE, "variables": {"rule": rule}})).json()
                assert not body.get("errors"), body
                est = body["data"]["estimateAudience"]
                assert est["userErrors"] == [], est["userErrors"]
                return int(est["total"])

            async def raw(sql: str = sql, params: list[Any] = params) -> int:
                async with conn.acquire_connection() as con:
                    return int(await con.fetchval(sql, *params))

            got, expected = await graphql(), await raw()
            assert got == expected, (name, got, expected)
            base = await measure(f"hand SQL: {name}", raw, runs=RUNS)
            ours = await measure(f"GraphQL: {name}", graphql, runs=RUNS)
            print(f"\n{name}: {got:,} members")
            report([ours], base)
            lines.append(f"| {name} | {got:,} | {base.median * 1000:.0f} | {ours.median * 1000:.0f} | "
                         f"{ours.median / base.median:.2f} |")

    # (b) 20 segments: the six estimated rules and fourteen more; first build, then steady state
    viewer = Viewer.system()
    segs = []
    for i, rule in enumerate([c[1] for c in cases] + REFRESH_RULES):
        segs.append(await services.create_segment(viewer, f"{PREFIX}{i}", rule, refresh=False))
    rounds: dict[str, Timing] = {}
    for label in ("first build", "steady state"):
        samples = []
        counts = []
        for seg in segs:
            started = time.perf_counter()
            result = await services.refresh_segment(seg.id)
            samples.append(time.perf_counter() - started)
            counts.append(result.member_count)
        rounds[label] = Timing(label, samples)
        print(f"\nrefresh of {len(segs)} segments, {label}: total {sum(samples):.1f}s, slowest {max(samples):.2f}s "
              f"(segment sizes {min(counts):,}–{max(counts):,})")
    print("\n| rule | members | hand SQL median ms | GraphQL median ms | ratio |\n|---|---|---|---|---|")
    print("\n".join(lines))
    await _cleanup()


# -- the audience index under load: stalls, memory, writes, concurrency, tiny rules -------------------

HEALTH_BUDGET = 0.05


def _rss() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MiB."""
    values: dict[str, float] = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, kb = line.split(":")
                values[key] = int(kb.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


async def _healthz_while(client: httpx.AsyncClient, work: Any) -> tuple[list[float], float]:
    """Poll /healthz until ``work`` (a task) is done: the latencies, and the event loop's largest lag."""
    import asyncio

    latencies: list[float] = []
    lag = 0.0
    stop = False

    async def ticker() -> None:
        nonlocal lag
        while not stop:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            lag = max(lag, time.perf_counter() - started - 0.005)

    tick = asyncio.get_running_loop().create_task(ticker())
    while not work.done():
        started = time.perf_counter()
        assert (await client.get("/healthz")).status_code == 200
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0.01)
    stop = True
    await tick
    await work
    return latencies, lag


async def test_audience_index_under_load(bench_db: None) -> None:
    import asyncio
    import gc
    import random

    saved_mode = os.environ.get("RAPPORT_AUDIENCE_INDEX", "on")
    index = audience_index.get_index()
    assert index is not None, "RAPPORT_AUDIENCE_INDEX is off"
    app = create_app(manage_db=False)
    secret, _ = await create_token("bench index", Role.ADMIN)
    gc.collect()
    gc.freeze()  # as the served app does after start-up (api.app's lifespan)
    conn = connections.get("default")
    cases = _cases()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", headers={"Authorization": f"Bearer {secret}"}
    ) as client:

        async def estimate(rule: dict[str, Any]) -> int:
            body = (await client.post("/graphql", json={"query": ESTIMATE, "variables": {"rule": rule}})).json()
            assert not body.get("errors"), body
            return int(body["data"]["estimateAudience"]["total"])

        async def raw(sql: str, params: list[Any]) -> int:
            async with conn.acquire_connection() as con:
                return int(await con.fetchval(sql, *params))

        # (1) /healthz while the index loads, and memory
        index.reset()
        gc.collect()
        before_rss, _ = _rss()
        _reset_peak()
        started = time.perf_counter()
        build = asyncio.get_running_loop().create_task(index.ready())
        latencies, lag = await _healthz_while(client, build)
        took = time.perf_counter() - started
        gc.collect()
        rss, peak = _rss()
        assert index.snap is not None
        print(f"\nindex load {took:.1f}s for {index.snap.size:,} members; /healthz during it: "
              f"{len(latencies)} calls, median {statistics.median(latencies) * 1000:.1f} ms, "
              f"max {max(latencies) * 1000:.0f} ms; event loop max lag {lag * 1000:.0f} ms")
        print(f"RSS before load {before_rss:.0f} MiB, after {rss:.0f} MiB (index ≈ {rss - before_rss:.0f} MiB), "
              f"peak during load {peak:.0f} MiB")

        # (2) steady estimates (equal to hand SQL first)
        steady: dict[str, float] = {}
        for name, rule, sql, params in cases:
            assert await estimate(rule) == await raw(sql, params), name
            t = await measure(f"GraphQL: {name}", lambda rule=rule: estimate(rule), runs=RUNS)
            steady[name] = t.median
            print(f"steady {name}: median {t.median * 1000:.1f} ms, p95 {t.p95 * 1000:.1f} ms")
        first_name, first_rule, first_sql, first_params = cases[0]

        # (3) writes, then the first estimate
        sample = "SELECT id FROM member ORDER BY random() LIMIT 1000"
        ids = [int(r["id"]) for r in await conn.execute_query_dict(sample)]
        random.shuffle(ids)
        for writes in (200, 1000):
            async with conn.acquire_connection() as con:
                for mid in ids[:writes]:
                    await con.execute("INSERT INTO member_tag (member_id, tag, created_at) VALUES ($1, '学生', now()) "
                                      "ON CONFLICT DO NOTHING",
                                      mid)
            started = time.perf_counter()
            got = await estimate(first_rule)
            first = time.perf_counter() - started
            assert got == await raw(first_sql, first_params)
            print(f"after {writes} writes: first estimate {first * 1000:.0f} ms "
                  f"= {first / steady[first_name]:.1f}× steady ({steady[first_name] * 1000:.1f} ms)")
            async with conn.acquire_connection() as con:
                await con.execute("DELETE FROM member_tag WHERE tag = '学生' AND member_id = ANY($1::int[]) "
                                  "AND created_at > now() - interval '1 hour'", ids[:writes])
            assert await estimate(first_rule) == await raw(first_sql, first_params)

        # (4) rules whose SQL is trivially cheap
        tiny = [
            ("tag nobody has", {"tags": {"match": "ANY", "tags": ["no such tag"]}},
             "SELECT COUNT(DISTINCT member_id) FROM member_tag WHERE tag = 'no such tag'", []),
            ("source nobody has", {"source": {"in": ["no such source"]}},
             "SELECT COUNT(*) FROM member WHERE source = 'no such source'", []),
        ]
        for name, rule, sql, params in tiny:
            assert await estimate(rule) == await raw(sql, params), name
            base = await measure(f"hand SQL: {name}", lambda sql=sql, params=params: raw(sql, params), runs=RUNS)
            ours = await measure(f"GraphQL (index): {name}", lambda rule=rule: estimate(rule), runs=RUNS)
            os.environ["RAPPORT_AUDIENCE_INDEX"] = "off"
            try:
                plain = await measure(f"GraphQL (SQL): {name}", lambda rule=rule: estimate(rule), runs=RUNS)
            finally:
                os.environ["RAPPORT_AUDIENCE_INDEX"] = saved_mode
            report([ours, plain], base)

        # (5) 1 vs 8 concurrent clients, and /healthz meanwhile
        rules = [c[1] for c in cases]
        total = 48

        async def clients(n: int) -> float:
            queue = list(range(total))

            async def one() -> None:
                while queue:
                    i = queue.pop()
                    await estimate(rules[i % len(rules)])

            started = time.perf_counter()
            await asyncio.gather(*[one() for _ in range(n)])
            return total / (time.perf_counter() - started)

        single = await clients(1)
        work = asyncio.get_running_loop().create_task(clients(8))
        latencies, lag = await _healthz_while(client, work)
        eight = work.result()
        print(f"estimates/s: 1 client {single:.1f}, 8 clients {eight:.1f} ({eight / single:.2f}×); /healthz during "
              f"8 clients: max {max(latencies) * 1000:.0f} ms, event loop max lag {lag * 1000:.0f} ms")
        rss, peak = _rss()
        print(f"RSS after the run {rss:.0f} MiB, peak {peak:.0f} MiB")
