"""Simulated time for demos and browser tests: move the service clock of the API and every worker forward
(development only), then let the engine catch up at once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from api.core import clock
from api.core.errors import DomainError, FieldError, PermissionDenied
from api.core.viewer import Viewer

log = logging.getLogger(__name__)

MAX_DAYS = 366


async def advance_clock(viewer: Viewer, *, days: int = 0, hours: int = 0, minutes: int = 0) -> datetime:
    """Move the shared clock forward; HQ admins only, in development only. Returns the new now."""
    if not clock.shared_enabled():
        raise PermissionDenied("clockAdvance works only in development (RAPPORT_ENV=development).")
    if not viewer.is_admin:
        raise PermissionDenied("Only HQ admins move the clock: it is every company's clock.")
    errors = [FieldError((name,), f"{name} is 0-{hi}.", "OUT_OF_RANGE")
              for name, value, hi in (("days", days, MAX_DAYS), ("hours", hours, 23), ("minutes", minutes, 59))
              if not 0 <= value <= hi]
    if errors:
        raise DomainError(errors)
    delta = timedelta(days=days, hours=hours, minutes=minutes)
    if delta <= timedelta(0):
        raise DomainError([FieldError((), "Move the clock forward by at least a minute.", "INVALID")])
    now = await clock.advance_shared(delta)
    await _kick_workers()
    return now


async def _kick_workers() -> None:
    """Run the engine and the outbox now rather than at their next cron second (best effort)."""
    from arq import create_pool

    from api.core.redis import arq_settings

    try:
        pool = await create_pool(arq_settings())
        try:
            for job in ("journeys_tick", "relay_outbox"):
                await pool.enqueue_job(job)
        finally:
            await pool.aclose()
    except Exception:  # noqa: BLE001 - the crons run them within seconds anyway
        log.exception("could not enqueue the engine after moving the clock")
