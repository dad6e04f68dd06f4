"""The journey engine's heartbeat (every few seconds): start due scheduled runs, match new behaviour
facts to triggered journeys, then advance every due enrollment.

All three read their work from the database (runs, fact cursors, ``enrollment.due_at``) and commit
their progress with their effects, so a tick that dies is simply done again by the next one, on any
worker; nothing about a journey waits in Redis.
"""

from __future__ import annotations

from typing import Any

from api.journeys import engine, entries


async def journeys_tick(ctx: dict[str, Any]) -> dict[str, int]:
    """One round of the engine; returns what it did, for the worker log."""
    scheduled = await entries.run_schedules()
    triggered = await entries.match_triggers()
    advanced = await engine.pump()
    return {"scheduled": scheduled, "triggered": triggered, "advanced": advanced}
