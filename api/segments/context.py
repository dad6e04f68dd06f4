"""What a rule needs besides itself, gathered once before it is compiled or evaluated.

Both evaluators (SQL and Python) take the same ``RuleContext``: the instant and the store-local
"today" the relative dates are computed from, the rules of referenced segments (inlined, so a
reference is always as fresh as the data) and the merchant's RFM thresholds.  All day boundaries
are computed here, once, so the two evaluators cannot disagree on what "30 days ago" means.

Day semantics (store time zone, from the service clock):

* "within the last N days" / "less than N days ago": from the start of day ``today - (N - 1)``, so
  N = 1 is today only;
* "more than N days ago": before the start of day ``today - N``;
* "expiring within N days": after now and before the end of day ``today + N``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from api.core import clock
from api.core.errors import DomainError
from api.segments.rules import MAX_SEGMENT_REFERENCE_DEPTH, walk_conditions


@dataclass(frozen=True)
class RfmThresholds:
    """The merchant's RFM thresholds for one category ("" = all purchases)."""

    category: str
    active_days: int = 90
    sleeping_days: int = 180
    window_days: int = 365
    frequency_high: int = 2
    monetary_high_cents: int = 100_000


DEFAULT_RFM = RfmThresholds(category="")


@dataclass
class RuleContext:
    now: datetime
    today: date
    segment_rules: dict[int, dict[str, Any]] = field(default_factory=dict)
    rfm: dict[str, RfmThresholds] = field(default_factory=dict)

    # -- day boundaries --------------------------------------------------------------------------
    def day_start(self, offset_days: int) -> datetime:
        """UTC instant at which day ``today + offset_days`` starts in the store time zone."""
        return clock.local_midnight(self.today + timedelta(days=offset_days))

    def within_last(self, days: int) -> datetime:
        """Lower bound (inclusive) of "within the last ``days`` days" (today counts as one)."""
        return self.day_start(-(days - 1))

    def more_than_ago(self, days: int) -> datetime:
        """Upper bound (exclusive) of "more than ``days`` days ago"."""
        return self.day_start(-days)

    def end_of_day_in(self, days: int) -> datetime:
        """Upper bound (exclusive) of "within the next ``days`` days" (the end of day today+days)."""
        return self.day_start(days + 1)

    def thresholds(self, category: str | None) -> RfmThresholds:
        cat = category or ""
        return self.rfm.get(cat) or self.rfm.get("") or DEFAULT_RFM

    # -- birthdays and ages ----------------------------------------------------------------------
    def birthday_dates(self, period: str, days: int | None) -> list[date]:
        """The calendar days a birthday condition looks at."""
        t = self.today
        if period == "TODAY":
            return [t]
        if period == "IN_DAYS":
            return [t + timedelta(days=days or 0)]
        if period == "WITHIN_DAYS":
            return [t + timedelta(days=i) for i in range((days or 0) + 1)]
        if period == "THIS_WEEK":
            monday = t - timedelta(days=t.weekday())
            return [monday + timedelta(days=i) for i in range(7)]
        if period == "THIS_MONTH":
            last = calendar.monthrange(t.year, t.month)[1]
            return [date(t.year, t.month, d) for d in range(1, last + 1)]
        raise AssertionError(period)

    def birthday_mds(self, period: str, days: int | None) -> set[int]:
        """month*100+day values whose birthday falls on one of ``birthday_dates``.

        A Feb 29 birthday is celebrated on Feb 28 in years without a Feb 29.
        """
        out: set[int] = set()
        for d in self.birthday_dates(period, days):
            out.add(d.month * 100 + d.day)
            if d.month == 2 and d.day == 28 and not calendar.isleap(d.year):
                out.add(229)
        return out

    def age_cutoff(self, years: int) -> date:
        """Latest birth date of someone who is at least ``years`` old today (Feb 29 → Feb 28)."""
        t = self.today
        y = t.year - years
        if t.month == 2 and t.day == 29 and not calendar.isleap(y):
            return date(y, 2, 28)
        if t.month == 2 and t.day == 28 and not calendar.isleap(t.year) and calendar.isleap(y):
            return date(y, 2, 29)
        return date(y, t.month, t.day)


def md_ranges(mds: set[int]) -> list[tuple[int, int]]:
    """Compress month*100+day values into inclusive ranges of consecutive days within a month."""
    out: list[tuple[int, int]] = []
    for md in sorted(mds):
        if out and md == out[-1][1] + 1:
            out[-1] = (out[-1][0], md)
        else:
            out.append((md, md))
    return out


def needs_of(cond: str, value: Any) -> dict[str, set[Any]]:
    """What condition ``cond`` with ``value`` needs loaded: {"segments": ids, "rfm": categories}."""
    from api.segments import conditions

    definition = conditions.get(cond)
    if definition is None or definition.prepare is None:
        return {}
    return definition.prepare(value)


async def prepare(rule: dict[str, Any], *, segment_id: int | None = None,
                  company_id: int | None = None) -> RuleContext:
    """Load what ``rule`` needs: referenced segments' rules (transitively) and RFM thresholds.

    ``segment_id`` is the segment the rule belongs to, if any: a reference back to it, directly
    or through other segments, is refused. ``company_id`` is the company the rule is evaluated for
    (its RFM thresholds override the brand's); None evaluates with the brand's (HQ's).
    """
    from api.segments.models import Segment

    now = clock.now()
    ctx = RuleContext(now=now, today=clock.local_now().date())
    categories: set[str] = set()
    pending: list[tuple[dict[str, Any], tuple[int, ...]]] = [(rule, (segment_id,) if segment_id else ())]
    while pending:
        current, chain = pending.pop()
        for cond, value in walk_conditions(current):
            needs = needs_of(cond, value)
            categories |= needs.get("rfm", set())
            for ref in sorted(needs.get("segments", set())):
                if ref in chain:
                    raise DomainError.single(["rule"], "A segment cannot refer to itself, directly or through others.",
                                             "INVALID")
                if len(chain) >= MAX_SEGMENT_REFERENCE_DEPTH + 1:
                    raise DomainError.single(["rule"], "Segments refer to each other too deeply.", "TOO_LONG")
                if ref not in ctx.segment_rules:
                    seg = await Segment.get_or_none(id=ref, deleted_at=None)
                    if seg is None:
                        raise DomainError.single(["rule"], f"Segment {ref} does not exist.", "NOT_FOUND")
                    ctx.segment_rules[ref] = seg.rule
                pending.append((ctx.segment_rules[ref], (*chain, ref)))
    if categories:
        ctx.rfm = await rfm_thresholds(company_id, categories | {""})
    return ctx


async def rfm_thresholds(company_id: int | None, categories: set[str] | None = None) -> dict[str, RfmThresholds]:
    """The RFM thresholds in force for a company (None: the brand's), by category.

    A company's own row for a category wins over the brand's row for it.
    """
    from tortoise.expressions import Q

    from api.segments.models import RfmSettings

    owners = Q(company_id__isnull=True) | Q(company_id=company_id) if company_id is not None else Q(
        company_id__isnull=True)
    qs = RfmSettings.filter(owners)
    if categories is not None:
        qs = qs.filter(category__in=list(categories))
    out: dict[str, RfmThresholds] = {}
    for r in sorted(await qs, key=lambda r: r.company_id is not None):  # brand's first, company's override
        out[r.category] = RfmThresholds(r.category, r.active_days, r.sleeping_days, r.window_days,
                                        r.frequency_high, r.monetary_high_cents)
    return out
