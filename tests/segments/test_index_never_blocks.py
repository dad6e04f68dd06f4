"""The audience index never blocks the API: loading, catching up and evaluating run off the event loop.

Given enough members that a load takes clearly longer than the budget, a ticker coroutine measures
how late the event loop wakes it (its lag) and ``/healthz`` is called through the ASGI app, while the
index loads, while it catches up after writes and while estimates run concurrently.  Neither may
wait more than ``BUDGET``.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

import httpx
from tortoise import connections

from api.app import create_app
from api.core.db import dialect
from api.core.viewer import Viewer
from api.segments import audience_index, services
from tests.factories import make_product

BUDGET = 0.05
MEMBERS_SQLITE = 40_000
MEMBERS_POSTGRES = 100_000
"""PostgreSQL loads faster (binary COPY): it needs more members for a load to last well beyond the budget."""
ORDERS_EACH = 2
RULES: list[dict[str, Any]] = [
    {"all": [{"gender": {"in": ["FEMALE"]}}, {"totalSpend": {"min": 5000}}, {"reachable": {"channel": "SMS"}}]},
    {"purchases": {"days": 90, "orderCount": {"min": 2}}},
    {"bought": {"categories": ["护肤"], "days": 60}},
    {"rfm": {"recency": ["ACTIVE"], "monetary": "HIGH"}},
]


def _members() -> int:
    return MEMBERS_POSTGRES if dialect() == "postgres" else MEMBERS_SQLITE


async def _seed() -> None:
    """Members (``_members()``) with ORDERS_EACH orders of one line each, written in a few set-based statements."""
    conn = connections.get("default")
    product = await make_product()
    pg = dialect() == "postgres"
    members = _members()
    ago = ("now() - make_interval(mins => s.i)" if pg
           else "strftime('%Y-%m-%d %H:%M:%S', 'now', '-' || s.i || ' minutes') || '+00:00'")
    now = "now()" if pg else "strftime('%Y-%m-%d %H:%M:%S', 'now') || '+00:00'"
    series = f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {members}) "
    if pg:
        series = f"WITH s(i) AS (SELECT generate_series(1, {members})) "
    statements = [
        f"{series}INSERT INTO member (name, phone, gender, registered_at, source, custom_attributes, sms_consent, "
        "wechat_subscribed, email_consent, push_consent, order_count, total_spend_cents, points_balance, "
        f"created_at, updated_at, last_purchase_at) SELECT 'm' || s.i, '139' || s.i, "
        "CASE WHEN s.i % 2 = 0 THEN 'female' ELSE 'male' END, "
        f"{ago}, 'store', '{{}}', {'true' if pg else '1'}, {'false' if pg else '0'}, {'false' if pg else '0'}, "
        f"{'false' if pg else '0'}, {ORDERS_EACH}, (s.i % 100) * 100, 0, {now}, {now}, {ago} FROM s",
        'INSERT INTO "order" (source, ordered_at, total_cents, refunded_cents, status, created_at, member_id) '
        "SELECT 'store', m.registered_at, 10000 + k.k, 0, 'paid', m.registered_at, m.id FROM member m "
        "CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2) k",
        "INSERT INTO order_line (order_id, kind, product_id, name, category, unit_price_cents, amount_cents, "
        f"refunded_cents, quantity) SELECT o.id, 'goods', {product.id}, 'p', '护肤', o.total_cents, "
        'o.total_cents, 0, 1 FROM "order" o',
    ]
    if pg:  # like the seed into an empty database: no change log (the index is built after this anyway)
        await conn.execute_script("BEGIN; SET LOCAL rapport.bulk_load = 'on'; " + "; ".join(statements) + "; COMMIT")
    else:
        for statement in statements:
            await conn.execute_script(statement)


class Watch:
    """The event loop's largest lag (a ticker) and the slowest ``/healthz`` while running."""

    def __init__(self, client: httpx.AsyncClient):
        self.client = client
        self.lag = 0.0
        self.health = 0.0
        self.calls = 0
        self._stop = False

    async def _tick(self) -> None:
        while not self._stop:
            started = time.perf_counter()
            await asyncio.sleep(0.002)
            self.lag = max(self.lag, time.perf_counter() - started - 0.002)

    async def _poll(self) -> None:
        while not self._stop:
            started = time.perf_counter()
            assert (await self.client.get("/healthz")).status_code == 200
            self.health = max(self.health, time.perf_counter() - started)
            self.calls += 1
            await asyncio.sleep(0.005)

    async def during(self, work: Any) -> Any:
        self._stop = False
        loop = asyncio.get_running_loop()
        watchers = [loop.create_task(self._tick()), loop.create_task(self._poll())]
        await asyncio.sleep(0.01)  # both running before the work starts
        try:
            return await work
        finally:
            self._stop = True
            await asyncio.gather(*watchers)


async def test_loading_catching_up_and_estimating_never_block_the_event_loop(db: None) -> None:
    # given enough members and orders that loading the index takes clearly longer than the budget
    await _seed()
    # as `rapport serve` does once started: the start-up heap leaves the collector's generations, so a full
    # collection (which stops the event loop) walks only what was allocated since
    gc.collect()
    gc.freeze()
    try:
        await _watch_the_index()
    finally:
        gc.unfreeze()


async def _watch_the_index() -> None:
    viewer = Viewer.system()
    app = create_app(manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        watch = Watch(client)
        audience_index.reset()
        index = audience_index.get_index()
        assert index is not None
        # when the index loads while /healthz is polled
        started = time.perf_counter()
        await watch.during(index.ready())
        took = time.perf_counter() - started
        assert index.snap is not None and index.snap.size == _members()
        # then the load was long enough to matter, and neither the loop nor /healthz waited on it
        assert took > 3 * BUDGET, f"the load took {took * 1000:.0f} ms: seed more members"
        assert watch.lag < BUDGET, f"event loop lag {watch.lag * 1000:.0f} ms while loading"
        assert watch.health < BUDGET, f"/healthz took {watch.health * 1000:.0f} ms while loading"
        assert watch.calls >= 3

        # when members change and eight estimates run at once (the first catches up)
        conn = connections.get("default")
        await conn.execute_script(
            f"UPDATE member SET total_spend_cents = total_spend_cents + 1 WHERE id <= {_members() // 50}")
        watch.lag = watch.health = 0.0

        async def estimates() -> list[int]:
            results = await asyncio.gather(*[services.estimate(viewer, RULES[i % len(RULES)]) for i in range(8)])
            return [r.total for r in results]

        totals = await watch.during(estimates())
        # then neither waited either, and the answers are the SQL's
        assert watch.lag < BUDGET, f"event loop lag {watch.lag * 1000:.0f} ms while estimating"
        assert watch.health < BUDGET, f"/healthz took {watch.health * 1000:.0f} ms while estimating"
        index_answers = totals[: len(RULES)]
        audience_index.reset()
        saved = audience_index.mode
        audience_index.mode = lambda: "off"  # type: ignore[assignment]
        try:
            sql_answers = [(await services.estimate(viewer, rule)).total for rule in RULES]
        finally:
            audience_index.mode = saved  # type: ignore[assignment]
        assert index_answers == sql_answers
