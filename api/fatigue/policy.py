"""Fatigue caps and quiet hours: validation, who manages them, and the windows a cap covers.

A cap is ``{channel, period, length, maxSends}``: at most ``maxSends`` marketing sends on ``channel``
(None: on every channel together) within the period — the calendar day, week (Monday to Sunday) or
month in the store time zone, or the last ``length`` hours / days (rolling). Several caps apply at
once (≤ 1 SMS a day, ≤ 3 a week, ≤ 6 a month, ≤ 10 messages of any channel a month); a send takes
the slot only if every cap it falls under has room.

Quiet hours are ``{channel, start, end}`` in store time (HH:MM, the window may wrap past midnight);
``channel`` None covers every channel.

Owners: HQ (company None) and each retail company. A member's company's own caps apply when it has
set some, else HQ's; the same for quiet hours, independently. Admins manage HQ's and every
company's; a company admin their own company's; nobody else reads or changes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from api.accounts.models import Role
from api.audit.services import record
from api.channels.base import Channel
from api.core import clock
from api.core.errors import DomainError, ErrorCollector, PermissionDenied
from api.core.scope import Reach, Scope
from api.core.viewer import Viewer
from api.fatigue.models import FatiguePolicy

MAX_RULES = 20
MAX_QUIET = 10
MAX_SENDS = 1000
MAX_ROLLING_HOURS = 24 * 31
MAX_ROLLING_DAYS = 92
HORIZON = timedelta(days=MAX_ROLLING_DAYS + 1)
"""How far back a cap can look (the longest rolling window; a calendar month is shorter)."""


class Period(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    ROLLING_HOURS = "ROLLING_HOURS"
    ROLLING_DAYS = "ROLLING_DAYS"


CALENDAR = (Period.DAY, Period.WEEK, Period.MONTH)


@dataclass(frozen=True)
class Cap:
    """One cap: at most ``max_sends`` on ``channel`` (None: all channels) per period."""

    channel: Channel | None
    period: Period
    length: int
    max_sends: int

    def to_json(self) -> dict[str, Any]:
        return {"channel": self.channel.value if self.channel else None, "period": self.period.value,
                "length": self.length, "maxSends": self.max_sends}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Cap:
        return cls(Channel(d["channel"]) if d.get("channel") else None, Period(d["period"]), int(d["length"]),
                   int(d["maxSends"]))

    def applies_to(self, channel: str) -> bool:
        return self.channel is None or self.channel.value == channel

    def describe(self) -> str:
        """``At most 1 SMS a day``, ``At most 10 messages in 7 days`` …"""
        what = f"{self.channel.value} message" if self.channel else "message"
        what += "" if self.max_sends == 1 else "s"
        per = {
            Period.DAY: "a day", Period.WEEK: "a week (Monday to Sunday)", Period.MONTH: "a calendar month",
            Period.ROLLING_HOURS: f"in any {self.length} hour{'s' if self.length != 1 else ''}",
            Period.ROLLING_DAYS: f"in any {self.length} day{'s' if self.length != 1 else ''}",
        }[self.period]
        return f"At most {self.max_sends} {what} {per}"


@dataclass(frozen=True)
class Window:
    """Where a cap's period starts at a given instant, and (calendar periods) when the next one starts."""

    cap: Cap
    start: datetime
    next_start: datetime | None  # None for rolling windows: room frees up as old sends age out


def _local_midnight(day: date) -> datetime:
    return clock.local_midnight(day)


def windows(caps: Sequence[Cap], channel: str, now: datetime) -> list[Window]:
    """The windows, at ``now``, of every cap that covers a send on ``channel``."""
    today = now.astimezone(clock.local_now().tzinfo).date()
    out: list[Window] = []
    for cap in caps:
        if not cap.applies_to(channel):
            continue
        if cap.period is Period.DAY:
            out.append(Window(cap, _local_midnight(today), _local_midnight(today + timedelta(days=1))))
        elif cap.period is Period.WEEK:
            monday = today - timedelta(days=today.weekday())
            out.append(Window(cap, _local_midnight(monday), _local_midnight(monday + timedelta(days=7))))
        elif cap.period is Period.MONTH:
            first = today.replace(day=1)
            nxt = (first + timedelta(days=32)).replace(day=1)
            out.append(Window(cap, _local_midnight(first), _local_midnight(nxt)))
        elif cap.period is Period.ROLLING_HOURS:
            out.append(Window(cap, now - timedelta(hours=cap.length), None))
        else:
            out.append(Window(cap, now - timedelta(days=cap.length), None))
    return out


@dataclass(frozen=True)
class Quiet:
    """Quiet hours on ``channel`` (None: every channel), ``start``/``end`` in minutes after local midnight."""

    channel: Channel | None
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"channel": self.channel.value if self.channel else None, "start": _hhmm(self.start),
                "end": _hhmm(self.end)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Quiet:
        return cls(Channel(d["channel"]) if d.get("channel") else None, _minutes(d["start"]), _minutes(d["end"]))

    def ends_after(self, channel: str, now: datetime) -> datetime | None:
        """If ``now`` is inside these quiet hours for ``channel``: the instant they end; else None."""
        if self.channel is not None and self.channel.value != channel:
            return None
        local = now.astimezone(clock.local_now().tzinfo)
        m = local.hour * 60 + local.minute
        inside = self.start <= m < self.end if self.start < self.end else (m >= self.start or m < self.end)
        if not inside:
            return None
        day = local.date() if m < self.end else local.date() + timedelta(days=1)
        return _local_midnight(day) + timedelta(minutes=self.end)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> int:
    hh, mm = text.split(":")
    return int(hh) * 60 + int(mm)


def quiet_end(quiet: Sequence[Quiet], channel: str, now: datetime) -> datetime | None:
    """When the quiet hours that cover ``channel`` at ``now`` end (the latest, if several overlap)."""
    ends = [e for q in quiet if (e := q.ends_after(channel, now)) is not None]
    if not ends:
        return None
    # overlapping windows: keep going until no window covers the instant
    end = max(ends)
    for _ in range(MAX_QUIET):
        more = [e for q in quiet if (e := q.ends_after(channel, end)) is not None]
        if not more or max(more) <= end:
            break
        end = max(more)
    return end


# -- validation -------------------------------------------------------------------------------------

def parse_caps(raw: Sequence[dict[str, Any]], path: Sequence[str] = ("input", "rules")) -> list[Cap]:
    """Caps from input dicts ``{channel, period, length, maxSends}``; every problem named by its path."""
    errors = ErrorCollector()
    if len(raw) > MAX_RULES:
        errors.add(list(path), f"At most {MAX_RULES} caps.", "OUT_OF_RANGE")
        errors.raise_if_any()
    caps: list[Cap] = []
    seen: set[tuple[Any, ...]] = set()
    for i, r in enumerate(raw):
        p = [*path, str(i)]
        period = Period(r["period"])
        length = r.get("length")
        length = 1 if length is None else int(length)
        max_sends = int(r["maxSends"])
        if period in CALENDAR:
            if length != 1:
                errors.add([*p, "length"], f"A {period.value} cap covers one calendar {period.value.lower()}: "
                           "length must be 1 (use a rolling period for longer spans).", "INVALID")
        else:
            hi = MAX_ROLLING_HOURS if period is Period.ROLLING_HOURS else MAX_ROLLING_DAYS
            if not 1 <= length <= hi:
                errors.add([*p, "length"], f"A rolling period is 1 to {hi} "
                           f"{'hours' if period is Period.ROLLING_HOURS else 'days'} long, not {length}.",
                           "OUT_OF_RANGE")
        if not 0 <= max_sends <= MAX_SENDS:
            errors.add([*p, "maxSends"], f"maxSends is 0 to {MAX_SENDS}, not {max_sends}.", "OUT_OF_RANGE")
        channel = Channel(r["channel"]) if r.get("channel") else None
        key = (channel, period, length)
        if key in seen:
            errors.add(p, "The same channel and period is capped twice.", "DUPLICATE")
        seen.add(key)
        caps.append(Cap(channel, period, length, max_sends))
    errors.raise_if_any()
    return caps


def parse_quiet(raw: Sequence[dict[str, Any]], path: Sequence[str] = ("input", "windows")) -> list[Quiet]:
    """Quiet hours from input dicts ``{channel, start, end}`` (HH:MM)."""
    import re

    errors = ErrorCollector()
    if len(raw) > MAX_QUIET:
        errors.add(list(path), f"At most {MAX_QUIET} quiet-hour windows.", "OUT_OF_RANGE")
        errors.raise_if_any()
    out: list[Quiet] = []
    for i, r in enumerate(raw):
        p = [*path, str(i)]
        ok = True
        for key in ("start", "end"):
            value = str(r.get(key) or "")
            m = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", value)
            if not m:
                errors.add([*p, key], f"{key} is a time of day as HH:MM (00:00 to 23:59), not {value!r}.", "INVALID")
                ok = False
        if not ok:
            continue
        q = Quiet(Channel(r["channel"]) if r.get("channel") else None, _minutes(r["start"]), _minutes(r["end"]))
        if q.start == q.end:
            errors.add([*p, "end"], "Quiet hours end when they start: they would last no time or all day.", "INVALID")
        out.append(q)
    errors.raise_if_any()
    return out


# -- reading the policy that applies ------------------------------------------------------------------

@dataclass(frozen=True)
class Effective:
    """The caps and quiet hours that apply to the members of one company (or HQ's own)."""

    caps: tuple[Cap, ...]
    quiet: tuple[Quiet, ...]


async def effective_for(company_ids: set[int | None]) -> dict[int | None, Effective]:
    """The policy in force for each company (its own where it set one, else HQ's), in one query."""
    wanted = [c for c in company_ids if c is not None]
    rows = await FatiguePolicy.filter(company_id__in=wanted) if wanted else []
    hq = await FatiguePolicy.get_or_none(company_id=None)
    hq_caps = tuple(Cap.from_json(r) for r in (hq.rules or [])) if hq else ()
    hq_quiet = tuple(Quiet.from_json(q) for q in (hq.quiet_hours or [])) if hq else ()
    own = {r.company_id: r for r in rows}
    out: dict[int | None, Effective] = {}
    for c in company_ids:
        row = own.get(c) if c is not None else None
        caps = tuple(Cap.from_json(r) for r in row.rules) if row and row.rules is not None else hq_caps
        quiet = tuple(Quiet.from_json(q) for q in row.quiet_hours) if row and row.quiet_hours is not None \
            else hq_quiet
        out[c] = Effective(caps, quiet)
    return out


# -- managing ---------------------------------------------------------------------------------------

def _manage_scope(viewer: Viewer) -> Scope:
    if viewer.role not in (Role.ADMIN, Role.COMPANY_ADMIN):
        raise PermissionDenied("Only admins and company admins manage fatigue caps and quiet hours.")
    scope = Scope.of(viewer)
    if scope.reach is Reach.NONE:
        raise PermissionDenied("This account is not attached to any company.")
    return scope


async def _owner(viewer: Viewer, company_id: int | None) -> int | None:
    """The owner the viewer manages: ``company_id``, or their own company when they omit it."""
    scope = _manage_scope(viewer)
    if company_id is None:
        return None if scope.reach is Reach.ALL else scope.company_id
    if not scope.may_change(company_id) or not await scope.reaches_company(company_id):
        raise DomainError.single(["companyId"], "No retail company with that id that you manage.", "NOT_FOUND")
    return company_id


@dataclass(frozen=True)
class PolicyView:
    """What ``fatiguePolicy`` shows: the owner's settings, or HQ's where the company has none."""

    company_id: int | None
    rules_inherited: bool
    quiet_inherited: bool
    caps: tuple[Cap, ...]
    quiet: tuple[Quiet, ...]


async def view(viewer: Viewer, company_id: int | None) -> PolicyView:
    owner = await _owner(viewer, company_id)
    row = await FatiguePolicy.get_or_none(company_id=owner)
    hq = row if owner is None else await FatiguePolicy.get_or_none(company_id=None)
    own_rules = row.rules if row and row.rules is not None else None
    own_quiet = row.quiet_hours if row and row.quiet_hours is not None else None
    rules = own_rules if own_rules is not None else ((hq.rules or []) if hq else [])
    quiet = own_quiet if own_quiet is not None else ((hq.quiet_hours or []) if hq else [])
    return PolicyView(
        owner, owner is not None and own_rules is None, owner is not None and own_quiet is None,
        tuple(Cap.from_json(r) for r in rules), tuple(Quiet.from_json(q) for q in quiet),
    )


async def set_caps(viewer: Viewer, company_id: int | None, raw: Sequence[dict[str, Any]], *,
                   ip: str | None = None) -> PolicyView:
    """Replace the owner's caps. For a company an empty list means "none of our own": HQ's apply."""
    owner = await _owner(viewer, company_id)
    caps = parse_caps(raw)
    value = [c.to_json() for c in caps] if (caps or owner is None) else None
    await _store(owner, rules=value)
    await record(viewer, "fatigue.caps_set", target_type="RetailCompany" if owner else "HQ", target_id=owner,
                 details={"rules": value}, ip=ip)
    return await view(viewer, owner)


async def set_quiet(viewer: Viewer, company_id: int | None, raw: Sequence[dict[str, Any]], *,
                    ip: str | None = None) -> PolicyView:
    """Replace the owner's quiet hours. For a company an empty list means HQ's apply."""
    owner = await _owner(viewer, company_id)
    quiet = parse_quiet(raw)
    value = [q.to_json() for q in quiet] if (quiet or owner is None) else None
    await _store(owner, quiet_hours=value)
    await record(viewer, "fatigue.quiet_hours_set", target_type="RetailCompany" if owner else "HQ",
                 target_id=owner, details={"windows": value}, ip=ip)
    return await view(viewer, owner)


async def _store(owner: int | None, **values: Any) -> None:
    """Update the owner's row or create it (a concurrent first save loses with a DUPLICATE userError)."""
    row = await FatiguePolicy.get_or_none(company_id=owner)
    if row is not None:
        await FatiguePolicy.filter(id=row.id).update(**values)
    else:
        await FatiguePolicy.create(company_id=owner, **values)
