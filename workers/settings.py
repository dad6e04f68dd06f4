"""arq worker settings: startup opens the database, shutdown closes it; jobs live in workers/jobs/."""

from __future__ import annotations

from typing import Any

from arq import cron

from api.core import clock
from api.core.config import get_settings
from api.core.db import close_db, init_db
from api.core.redis import arq_settings
from workers.jobs.journeys_tick import journeys_tick
from workers.jobs.member_import import run_member_import
from workers.jobs.outbox_relay import relay_outbox
from workers.jobs.recompute_totals import recompute_member_totals
from workers.jobs.segments_refresh import refresh_segments_nightly


async def startup(ctx: dict[str, Any]) -> None:
    await init_db()


async def shutdown(ctx: dict[str, Any]) -> None:
    await close_db()


async def job_start(ctx: dict[str, Any]) -> None:
    """Every job sees the service clock the API sees (the shared simulated clock, in development)."""
    await clock.sync_shared()


class WorkerSettings:
    """Run with ``rapport worker`` (or ``arq workers.settings.WorkerSettings``)."""

    functions = [recompute_member_totals, refresh_segments_nightly, run_member_import, journeys_tick, relay_outbox]
    cron_jobs = [
        # 00:30 store time: day-relative segment conditions change at midnight.
        cron(refresh_segments_nightly, hour={0}, minute={30}, run_at_startup=False),
        # 03:10 store time: a safety net that re-derives every member's totals.
        cron(recompute_member_totals, hour={3}, minute={10}, run_at_startup=False),
        # every 5 s: scheduled runs, behaviour triggers, due journey steps (all state in the database)
        cron(journeys_tick, second=set(range(0, 60, 5)), run_at_startup=True, unique=True, timeout=300),
        # Every 5 s: deliver the message outbox (unique: one run at a time per worker pool).
        cron(relay_outbox, second=set(range(0, 60, 5)), run_at_startup=True, unique=True, timeout=120),
    ]
    on_startup = startup
    on_shutdown = shutdown
    on_job_start = job_start
    redis_settings = arq_settings()
    timezone = get_settings().tz
    max_jobs = 10
