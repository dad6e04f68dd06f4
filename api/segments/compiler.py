"""The one compiler: a rule tree becomes one parameterised SQL predicate over ``member m``.

The same predicate serves estimates (``SELECT COUNT(*)``), member lists and the materialising
refresh (``INSERT ... SELECT`` / ``UPDATE ... WHERE NOT EXISTS``), on SQLite and PostgreSQL.
Values are always parameters, never spliced into the text; placeholders are written as ``?`` and
numbered ``$1, $2, ...`` for PostgreSQL at the end (``render``), where datetimes also stay
datetimes.  On SQLite Tortoise stores datetimes as UTC text (``2024-01-01 19:04:05[.ffffff]+00:00``)
which sorts in time order, so instants are passed in exactly that format.

Every leaf is written to be TRUE or FALSE, never NULL (a missing birthday is FALSE, not unknown), so
``not`` means exactly what the Python evaluator means by it.  Sets of related rows (tags, orders,
cards, points) are tested with ``m.id IN (SELECT member_id ... GROUP BY ... HAVING ...)``; when a
member with no rows would pass the test (e.g. "at most 1 order in 30 days"), the complement is
taken instead: ``m.id NOT IN (... HAVING NOT ...)``.

Shapes chosen for the PostgreSQL planner (EXPLAIN on the 1M-member bench database):

* a complement in a top-level conjunct (reached from the root only through ``all``) is written
  ``NOT EXISTS (SELECT 1 FROM (set) x WHERE x.member_id = m.id)``, which PostgreSQL turns into a
  (parallel) hash anti-join; ``NOT IN`` stays a hashed sub-plan that every parallel worker builds
  again (tags "none of 学生": 1.7 s → 0.4 s).  Under ``any`` / ``not`` the ``IN`` forms stay: there a
  hashed sub-plan is the right plan and a correlated ``EXISTS`` would run once per member;
* the sets of an ``any`` are merged into one ``m.id IN (a UNION ALL b)``: one semi-join (or one
  hashed sub-plan) instead of one per alternative, so a rule of only set tests never scans ``member``;
* every set keeps its sub-query (``Sql.members``) so the estimate can count a rule that is nothing
  but one set directly (every ``member_id`` is a foreign key to ``member``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from api.segments import conditions
from api.segments.context import RuleContext

CHANNEL_SQL: dict[str, str] = {
    "SMS": "(m.phone IS NOT NULL AND m.phone <> '' AND m.sms_consent)",
    "WECHAT": "(m.wechat_openid IS NOT NULL AND m.wechat_openid <> '' AND m.wechat_subscribed)",
    "WECOM": "(m.wecom_external_id IS NOT NULL AND m.wecom_external_id <> '')",
    "EMAIL": "(m.email IS NOT NULL AND m.email <> '' AND m.email_consent)",
    "PUSH": "(m.push_token IS NOT NULL AND m.push_token <> '' AND m.push_consent)",
}

IDENTITY_SQL: dict[str, str] = {
    "SMS": "(m.phone IS NOT NULL AND m.phone <> '')",
    "WECHAT": "(m.wechat_openid IS NOT NULL AND m.wechat_openid <> '')",
    "WECOM": "(m.wecom_external_id IS NOT NULL AND m.wecom_external_id <> '')",
    "EMAIL": "(m.email IS NOT NULL AND m.email <> '')",
    "PUSH": "(m.push_token IS NOT NULL AND m.push_token <> '')",
}
"""An address on the channel, whatever the consent (``CHANNEL_SQL`` adds the consent)."""

GENDER_VALUES = {"MALE": "male", "FEMALE": "female", "UNKNOWN": "unknown"}

LIVE_ORDER = "o.status <> 'refunded'"
LIVE_LINE = "l.amount_cents > l.refunded_cents AND o.status <> 'refunded'"
UNEXPIRED_CARD = "(c.expires_at IS NULL OR c.expires_at > ?)"


@dataclass
class Sql:
    """A SQL fragment with ``?`` placeholders and its parameters, in text order."""

    text: str
    params: list[Any] = field(default_factory=list)
    members: Sql | None = None
    """For a set test, the sub-query selecting the ``member_id`` of the set (else ``None``)."""
    anti: bool = False
    """The set test is a complement: members NOT in ``members`` pass."""
    unique: bool = False
    """``members`` yields each member at most once (it is grouped by member)."""

    def wrapped(self) -> Sql:
        """The same test in parentheses, keeping what it knows about its set."""
        return Sql(f"({self.text})", self.params, self.members, self.anti, self.unique)

    def render(self, dialect: str) -> tuple[str, list[Any]]:
        """The final statement for ``dialect``: ``$n`` placeholders and typed values for PostgreSQL."""
        if dialect == "postgres":
            parts = self.text.split("?")
            assert len(parts) == len(self.params) + 1, "placeholder/parameter mismatch"
            text = parts[0] + "".join(f"${i + 1}{p}" for i, p in enumerate(parts[1:]))
            return text, list(self.params)
        return self.text, [_sqlite_value(v) for v in self.params]


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return str(v.astimezone(UTC))
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def join(parts: list[Sql], sep: str) -> Sql:
    return Sql(sep.join(p.text for p in parts), [x for p in parts for x in p.params])


def marks(values: list[Any]) -> str:
    return ",".join("?" * len(values))


class Compiler:
    """Compiles valid rules (``api.segments.rules.validate_rule``) against one ``RuleContext``."""

    def __init__(self, ctx: RuleContext, dialect: str):
        self.ctx = ctx
        self.dialect = dialect
        self._conj = True  # the leaf being compiled is a top-level conjunct (only ``all`` above it)

    # -- statements ------------------------------------------------------------------------------
    def predicate(self, rule: dict[str, Any]) -> Sql:
        return self.node(rule)

    def channel(self, channel: str) -> Sql:
        return Sql(CHANNEL_SQL[channel])

    # -- tree ------------------------------------------------------------------------------------
    def node(self, rule: dict[str, Any], conj: bool = True) -> Sql:
        """Compile ``rule``; ``conj`` says it is a top-level conjunct (only ``all`` nodes above it)."""
        (key, value), = rule.items()
        if key == "all":
            parts = [self.node(c, conj) for c in value]
            if len(parts) == 1:
                return parts[0].wrapped()
            joined = join(parts, " AND ")
            return Sql(f"({joined.text})", joined.params)
        if key == "any":
            return self._any([self.node(c, conj and len(value) == 1) for c in value])
        if key == "not":
            inner = self.node(value, False)
            return Sql(f"(NOT {inner.text})", inner.params)
        cond = conditions.get(key)
        if cond is None:
            raise AssertionError(f"unknown condition {key!r} (rules are validated before compiling)")
        outer, self._conj = self._conj, conj
        try:
            out: Sql = cond.sql(self, value)
        finally:
            self._conj = outer
        return out.wrapped()

    def _any(self, parts: list[Sql]) -> Sql:
        """``OR`` of ``parts``, with all the plain set tests merged into one ``m.id IN (a UNION ALL b)``."""
        sets = [p for p in parts if p.members is not None and not p.anti]
        if len(sets) < 2:
            if len(parts) == 1:
                return parts[0].wrapped()
            joined = join(parts, " OR ")
            return Sql(f"({joined.text})", joined.params)
        union = join([s.members for s in sets if s.members is not None], " UNION ALL ")
        merged = self.member_set(union)
        rest = [p for p in parts if not (p.members is not None and not p.anti)]
        joined = join([merged, *rest], " OR ")
        if not rest:
            return merged.wrapped()
        return Sql(f"({joined.text})", joined.params)

    @property
    def conj(self) -> bool:
        """Whether the leaf being compiled is a top-level conjunct (only ``all`` nodes above it)."""
        return self._conj

    def member_set(self, sub: Sql, negate: bool = False, unique: bool = False) -> Sql:
        """The test "member is (not) in the set ``sub`` selects" (``sub`` selects ``member_id``)."""
        if negate and self._conj and self.dialect == "postgres":
            text = f"NOT EXISTS (SELECT 1 FROM ({sub.text}) x WHERE x.member_id = m.id)"
        else:
            text = f"m.id {'NOT IN' if negate else 'IN'} ({sub.text})"
        return Sql(text, sub.params, sub, negate, unique)

    def grouped(self, source: Sql, having: list[tuple[str, str, Any]], zero: dict[str, int]) -> Sql:
        """``m.id [NOT] IN (source HAVING ...)``; ``having`` is (aggregate, op, value), ``source`` ends
        with its ``GROUP BY member_id``; ``zero`` is each aggregate's value for a member with no rows.

        When a member with no rows passes (e.g. "at most 1 order"), the complement is taken."""
        cond = " AND ".join(f"{agg} {op} ?" for agg, op, _ in having)
        params = [v for _, _, v in having]
        passes_with_no_rows = all(_cmp(zero[agg], op, val) for agg, op, val in having)
        if passes_with_no_rows:
            return self.member_set(Sql(f"{source.text} HAVING NOT ({cond})", [*source.params, *params]),
                                   negate=True, unique=True)
        return self.member_set(Sql(f"{source.text} HAVING {cond}", [*source.params, *params]), unique=True)

def local_day_start(d: date) -> datetime:
    """UTC instant at which calendar day ``d`` starts in the store time zone."""
    from api.core import clock

    return clock.local_midnight(d)


def _cmp(a: int, op: str, b: int) -> bool:
    return {">=": a >= b, "<=": a <= b, "<": a < b, ">": a > b, "=": a == b}[op]


def range_having(agg: str, r: dict[str, int] | None) -> list[tuple[str, str, Any]]:
    """HAVING terms (aggregate, op, value) for an inclusive ``{"min", "max"}`` range of ``agg``."""
    if not r:
        return []
    out: list[tuple[str, str, Any]] = []
    if "min" in r:
        out.append((agg, ">=", r["min"]))
    if "max" in r:
        out.append((agg, "<=", r["max"]))
    return out


def parse_number(text: str) -> float | None:
    """The number a custom-attribute ``equals`` text stands for, if it is one."""
    import math

    try:
        n = float(text.strip())
    except ValueError:
        return None
    return n if math.isfinite(n) else None
