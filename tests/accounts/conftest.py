"""Login throttling keeps counters in Redis: leave none behind for the tests that follow."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest


@pytest.fixture(autouse=True)
async def _forget_login_failures(redis) -> AsyncIterator[None]:  # type: ignore[no-untyped-def]
    yield
    await redis.flushdb()
