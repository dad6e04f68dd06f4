"""The service clock.

All business code asks this module for "now" so that tests and simulations can run on simulated
time.  Times are stored in UTC; "today", "this week" and birthdays are computed in the store time
zone (``RAPPORT_TZ``).

In development (``RAPPORT_ENV=development``, for demos and browser tests) the clock can be moved
forward for every process at once: ``advance_shared`` adds to an offset kept in Redis, and the API
(before each request) and the workers (before each job) read it with ``sync_shared``. Outside
development the shared offset is neither written nor read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from api.core.config import get_settings

_frozen: datetime | None = None
_offset: timedelta = timedelta(0)


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC) + _offset


def set_now(when: datetime | None) -> None:
    """Freeze the clock at ``when`` (aware or naive-UTC); ``None`` unfreezes it."""
    global _frozen
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    _frozen = when.astimezone(UTC) if when is not None else None


def advance(delta: timedelta) -> None:
    """Move simulated time forward (frozen or running)."""
    global _frozen, _offset
    if _frozen is not None:
        _frozen = _frozen + delta
    else:
        _offset += delta


def local_now() -> datetime:
    """Now in the store time zone."""
    return now().astimezone(get_settings().tz)


def today() -> date:
    """Today's date in the store time zone."""
    return local_now().date()


def to_utc(value: datetime) -> datetime:
    """Interpret a naive datetime as store-local time; convert anything to UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=get_settings().tz)
    return value.astimezone(UTC)


def local_midnight(day: date) -> datetime:
    """The UTC instant at which ``day`` starts in the store time zone."""
    return datetime(day.year, day.month, day.day, tzinfo=get_settings().tz).astimezone(UTC)


SHARED_KEY = "rapport:clock:offset"
"""Seconds the shared service clock runs ahead of real time (development only)."""


def shared_enabled() -> bool:
    return get_settings().env == "development"


async def sync_shared() -> None:
    """Take the shared offset (development only; a frozen clock stays frozen)."""
    global _offset
    if not shared_enabled() or _frozen is not None:
        return
    from api.core.redis import client

    value = await client().get(SHARED_KEY)
    _offset = timedelta(seconds=float(value)) if value is not None else timedelta(0)


async def advance_shared(delta: timedelta) -> datetime:
    """Move the clock of the API and every worker forward by ``delta`` (development only); returns now."""
    if not shared_enabled():
        raise RuntimeError("the shared clock moves only in development")
    if delta < timedelta(0):
        raise ValueError("the clock only moves forward")
    from api.core.redis import client

    await client().incrbyfloat(SHARED_KEY, delta.total_seconds())
    await sync_shared()
    return now()
