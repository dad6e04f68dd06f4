"""clockAdvance (development only): one simulated clock for the API and every worker process; refused
outside development and to everyone but HQ admins."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker, func

from api.accounts.models import Role
from api.core import clock
from api.core import config as config_module
from api.core.config import get_settings
from api.core.redis import redis_url
from tests.factories import GraphQLClient, make_company, make_token

ADVANCE = "mutation($d: Int!, $h: Int!) { clockAdvance(days: $d, hours: $h) { now userErrors { field code message } } }"


@pytest.fixture
def development(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(config_module, "_settings", dataclasses.replace(get_settings(), env="development"))
    yield
    clock._offset = timedelta(0)


def _now_of(body: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(body["data"]["clockAdvance"]["now"])


async def test_the_api_and_a_separate_worker_process_share_the_advanced_clock(db: None, redis: Any,
                                                                              development: None) -> None:
    # given the app in development and an HQ admin
    from api.app import create_app

    app = create_app(manage_db=False)
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as gql:
        # when the admin moves the clock 3 days and 5 hours forward
        before = datetime.now(UTC)
        body = await gql.raw(ADVANCE, {"d": 3, "h": 5})
        assert body["data"]["clockAdvance"]["userErrors"] == []
        moved = _now_of(body)
        assert timedelta(days=3, hours=5) <= moved - before < timedelta(days=3, hours=5, minutes=1)

    # then a worker job in this process (whose clock forgot the offset) sees it once the job starts
    clock._offset = timedelta(0)

    async def what_time(ctx: dict[str, Any]) -> str:
        return clock.now().isoformat()

    from workers.settings import WorkerSettings

    settings = RedisSettings.from_dsn(redis_url(get_settings()))
    pool = await create_pool(settings)
    job = await pool.enqueue_job("what_time")
    worker = Worker(functions=[func(what_time, name="what_time")], redis_settings=settings, burst=True,
                    poll_delay=0.01, on_job_start=WorkerSettings.on_job_start)
    await worker.main()
    await worker.close()
    assert job is not None
    seen = datetime.fromisoformat(await job.result(timeout=5))
    assert timedelta(days=3, hours=5) <= seen - before < timedelta(days=3, hours=5, minutes=1)
    await pool.aclose()

    # and so does another process altogether
    code = ("import asyncio; from api.core import clock; asyncio.run(clock.sync_shared()); "
            "print(clock.now().isoformat())")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "RAPPORT_ENV": "development", "REDIS_URL": redis_url(get_settings())})
    stdout, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 0
    other = datetime.fromisoformat(stdout.decode().strip())
    assert timedelta(days=3, hours=5) <= other - before < timedelta(days=3, hours=5, minutes=2)
    await redis.delete(clock.SHARED_KEY)


async def test_only_hq_admins_move_it_and_bad_amounts_name_the_argument(db: None, redis: Any,
                                                                        development: None) -> None:
    from api.app import create_app

    app = create_app(manage_db=False)
    company = await make_company()
    async with GraphQLClient(app, await make_token(Role.COMPANY_ADMIN, company_id=company.id)) as gql:
        body = await gql.raw(ADVANCE, {"d": 1, "h": 0})
        assert [e["code"] for e in body["data"]["clockAdvance"]["userErrors"]] == ["PERMISSION_DENIED"]
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as gql:
        body = await gql.raw(ADVANCE, {"d": 400, "h": 24})
        assert [(e["field"], e["code"]) for e in body["data"]["clockAdvance"]["userErrors"]] == [
            (["days"], "OUT_OF_RANGE"), (["hours"], "OUT_OF_RANGE")]
        body = await gql.raw(ADVANCE, {"d": 0, "h": 0})
        assert [e["code"] for e in body["data"]["clockAdvance"]["userErrors"]] == ["INVALID"]
    assert await redis.get(clock.SHARED_KEY) is None
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)


async def test_refused_outside_development(db: None, redis: Any, app: Any) -> None:
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as gql:
        body = await gql.raw(ADVANCE, {"d": 1, "h": 0})
    errors = body["data"]["clockAdvance"]["userErrors"]
    assert [e["code"] for e in errors] == ["PERMISSION_DENIED"] and "only in development" in errors[0]["message"]
    assert await redis.get(clock.SHARED_KEY) is None
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)
