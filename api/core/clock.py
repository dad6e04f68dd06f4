"""The service clock.

All business code asks this module for "now" so that tests and simulations can run on simulated
time.  Times are stored in UTC; "today", "this week" and birthdays are computed in the store time
zone (``RAPPORT_TZ``).
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
