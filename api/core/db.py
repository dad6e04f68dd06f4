"""Database configuration: one TORTOISE_ORM config for the app, workers, migrations and tests."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from api.core.config import Settings, get_settings

# Each Tortoise app has its own migrations package, so domains can evolve independently.
APPS: dict[str, dict[str, Any]] = {
    "rapport": {
        "models": [
            "api.org.models",
            "api.accounts.models",
            "api.members.models",
            "api.loyalty.models",
            "api.orders.models",
            "api.audit.models",
            "api.accounts.password_tokens",
            "api.channels.models",
            "api.journeys.models",
            "api.templates.models",
            "api.channels.provider_models",
            "api.fatigue.models",
            "api.guides.models",
        ],
        "migrations": "api.migrations",
    },
    "segments": {
        "models": ["api.segments.models"],
        "migrations": "api.segments.migrations",
    },
}


def tortoise_config(settings: Settings | None = None, db_url: str | None = None) -> dict[str, Any]:
    """The Tortoise configuration for ``settings`` (or the environment)."""
    settings = settings or get_settings()
    url = db_url or settings.database_url
    if url.startswith("sqlite://"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": url},
        "apps": {label: {**app, "default_connection": "default"} for label, app in APPS.items()},
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(settings: Settings | None = None, db_url: str | None = None) -> None:
    """Open the database connections (does not create or migrate tables).

    The context is also made the process-wide fallback: servers run their lifespan (where this is
    called) in another task than the requests, and Tortoise's context is task-local otherwise.
    """
    await Tortoise.init(config=tortoise_config(settings, db_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


async def migrate(settings: Settings | None = None) -> None:
    """Apply every pending migration of every app."""
    from tortoise import Tortoise
    from tortoise.migrations.api import migrate as tortoise_migrate

    try:
        await tortoise_migrate(config=tortoise_config(settings))
    finally:
        await Tortoise.close_connections()


def dialect() -> str:
    """``"sqlite"`` or ``"postgres"`` for the default connection."""
    from tortoise import connections

    name = connections.get("default").capabilities.dialect
    return "postgres" if name.startswith("postgres") else name


STATISTICS_EVERY = 50_000
"""At most this many rows a process adds to a fast-growing table between two refreshes of its planner
statistics."""
STATISTICS_MIN = 1_000
STATISTICS_SHARE = 1.0
"""Below the cap, statistics are refreshed once the rows added reach this share of the rows the last
statistics counted (at least ``STATISTICS_MIN``): a table growing from empty is re-planned at 1,000,
2,000, 4,000… rows (each time it has doubled), a few ANALYZEs in all."""
_added: dict[str, int] = {}
_due: dict[str, int] = {}


async def rows_added(table: str, count: int, *, now: bool = False) -> None:
    """Note ``count`` new rows of ``table``; on PostgreSQL, ``ANALYZE`` it once this process has added
    enough since the last time (``STATISTICS_*``). A journey run enters and decides a million rows in
    minutes, faster than autovacuum refreshes statistics (and a server may run without autovacuum):
    planned for the nearly empty table the statistics describe, the claim, matcher and counter queries
    would scan the whole table on every batch or row (prepared statements keep such a plan until the
    statistics change). ANALYZE reads a sample and runs inside the caller's transaction. ``now``: refresh
    whatever the count (a run's first chunk, before the big ones)."""
    if count <= 0 or dialect() != "postgres":
        return
    _added[table] = _added.get(table, 0) + count
    if not now and _added[table] < min(STATISTICS_EVERY, _due.get(table, STATISTICS_MIN)):
        return
    from tortoise import connections

    conn = connections.get("default")
    await conn.execute_script(f"ANALYZE {table}")
    rows = await conn.execute_query_dict("SELECT reltuples FROM pg_class WHERE oid = $1::regclass", [table])
    known = max(0.0, float(rows[0]["reltuples"])) if rows else 0.0
    _added[table] = 0
    _due[table] = max(STATISTICS_MIN, int(known * STATISTICS_SHARE))
