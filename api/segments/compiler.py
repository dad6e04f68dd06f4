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

from api.segments.context import RuleContext, md_ranges

CHANNEL_SQL: dict[str, str] = {
    "SMS": "(m.phone IS NOT NULL AND m.phone <> '' AND m.sms_consent)",
    "WECHAT": "(m.wechat_openid IS NOT NULL AND m.wechat_openid <> '' AND m.wechat_subscribed)",
    "WECOM": "(m.wecom_external_id IS NOT NULL AND m.wecom_external_id <> '')",
    "EMAIL": "(m.email IS NOT NULL AND m.email <> '' AND m.email_consent)",
    "PUSH": "(m.push_token IS NOT NULL AND m.push_token <> '' AND m.push_consent)",
}

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
        method = getattr(self, f"c_{key}")
        outer, self._conj = self._conj, conj
        try:
            out: Sql = method(value)
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
        merged = self._member_set(union)
        rest = [p for p in parts if not (p.members is not None and not p.anti)]
        joined = join([merged, *rest], " OR ")
        if not rest:
            return merged.wrapped()
        return Sql(f"({joined.text})", joined.params)

    def _member_set(self, sub: Sql, negate: bool = False, unique: bool = False) -> Sql:
        """The test "member is (not) in the set ``sub`` selects" (``sub`` selects ``member_id``)."""
        if negate and self._conj and self.dialect == "postgres":
            text = f"NOT EXISTS (SELECT 1 FROM ({sub.text}) x WHERE x.member_id = m.id)"
        else:
            text = f"m.id {'NOT IN' if negate else 'IN'} ({sub.text})"
        return Sql(text, sub.params, sub, negate, unique)

    # -- profile ---------------------------------------------------------------------------------
    def c_gender(self, v: dict[str, Any]) -> Sql:
        vals = [GENDER_VALUES[g] for g in v["in"]]
        return Sql(f"m.gender IN ({marks(vals)})", vals)

    def c_age(self, v: dict[str, Any]) -> Sql:
        parts = ["m.birthday IS NOT NULL"]
        params: list[Any] = []
        if "min" in v:
            parts.append("m.birthday <= ?")
            params.append(self.ctx.age_cutoff(v["min"]))
        if "max" in v:
            parts.append("m.birthday > ?")
            params.append(self.ctx.age_cutoff(v["max"] + 1))
        return Sql(" AND ".join(parts), params)

    def c_birthday(self, v: dict[str, Any]) -> Sql:
        ranges = md_ranges(self.ctx.birthday_mds(v["period"], v.get("days")))
        ors = " OR ".join("m.birthday_md BETWEEN ? AND ?" for _ in ranges)
        return Sql(f"m.birthday_md IS NOT NULL AND ({ors})", [x for r in ranges for x in r])

    def c_registered(self, v: dict[str, Any]) -> Sql:
        parts: list[str] = []
        params: list[Any] = []
        if "before" in v:
            parts.append("m.registered_at < ?")
            params.append(_local_day_start(date.fromisoformat(v["before"])))
        if "after" in v:
            parts.append("m.registered_at >= ?")
            params.append(_local_day_start(date.fromordinal(date.fromisoformat(v["after"]).toordinal() + 1)))
        if "withinDays" in v:
            parts.append("m.registered_at >= ?")
            params.append(self.ctx.within_last(v["withinDays"]))
        return Sql(" AND ".join(parts), params)

    def c_source(self, v: dict[str, Any]) -> Sql:
        return Sql(f"m.source IN ({marks(v['in'])})", list(v["in"]))

    def _fk_in(self, column: str, ids: list[int]) -> Sql:
        return Sql(f"m.{column} IS NOT NULL AND m.{column} IN ({marks(ids)})", list(ids))

    def c_homeStore(self, v: dict[str, Any]) -> Sql:  # noqa: N802 - named after the rule key
        return self._fk_in("home_store_id", v["in"])

    def c_tier(self, v: dict[str, Any]) -> Sql:
        return self._fk_in("tier_id", v["in"])

    def c_tags(self, v: dict[str, Any]) -> Sql:
        tags = list(v["tags"])
        sub = f"SELECT t.member_id FROM member_tag t WHERE t.tag IN ({marks(tags)})"
        if v["match"] == "ANY":
            return self._member_set(Sql(sub, tags), unique=len(tags) == 1)
        if v["match"] == "NONE":
            return self._member_set(Sql(sub, tags), negate=True)
        return self._member_set(Sql(f"{sub} GROUP BY t.member_id HAVING COUNT(DISTINCT t.tag) = ?", [*tags, len(tags)]),
                                unique=True)

    def c_customAttribute(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        key = v["key"]
        pg = self.dialect == "postgres"
        if pg:
            typ, txt = "jsonb_typeof(m.custom_attributes -> ?::text)", "(m.custom_attributes ->> ?::text)"
            s_type, num = "'string'", "(m.custom_attributes ->> ?::text)::double precision"
            path = key
        else:
            typ, txt = "json_type(m.custom_attributes, ?)", "json_extract(m.custom_attributes, ?)"
            s_type, num = "'text'", "json_extract(m.custom_attributes, ?)"
            path = f'$."{key}"'
        if "equals" in v:
            text = v["equals"]
            number = parse_number(text)
            if pg:
                sql = (f"CASE {typ} WHEN 'string' THEN {txt} = ? WHEN 'boolean' THEN {txt} = ? "
                       + (f"WHEN 'number' THEN {num} = ? " if number is not None else "")
                       + "ELSE FALSE END")
                params: list[Any] = [path, path, text, path, text]
                if number is not None:
                    params += [path, number]
            else:
                sql = (f"CASE {typ} WHEN 'text' THEN {txt} = ? WHEN 'true' THEN ? = 'true' "
                       "WHEN 'false' THEN ? = 'false' "
                       + (f"WHEN 'integer' THEN {num} = ? WHEN 'real' THEN {num} = ? " if number is not None else "")
                       + "ELSE 0 END")
                params = [path, path, text, text, text]
                if number is not None:
                    params += [path, number, path, number]
            return Sql(sql, params)
        if "contains" in v:
            fn = "strpos" if pg else "instr"
            return Sql(f"CASE {typ} WHEN {s_type} THEN {fn}({txt}, ?) > 0 ELSE FALSE END",
                       [path, path, v["contains"]])
        conds: list[str] = []
        params = [path]
        if "min" in v:
            conds.append(f"{num} >= ?")
            params += [path, float(v["min"])]
        if "max" in v:
            conds.append(f"{num} <= ?")
            params += [path, float(v["max"])]
        if pg:
            return Sql(f"CASE {typ} WHEN 'number' THEN {' AND '.join(conds)} ELSE FALSE END", params)
        return Sql(f"CASE WHEN {typ} IN ('integer','real') THEN {' AND '.join(conds)} ELSE 0 END", params)

    # -- guide -----------------------------------------------------------------------------------
    def c_guide(self, v: dict[str, Any]) -> Sql:
        return self._fk_in("guide_id", v["in"])

    def c_guideFriendDays(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        return Sql("m.guide_id IS NOT NULL AND m.guide_friend_since IS NOT NULL AND m.guide_friend_since < ?",
                   [self.ctx.more_than_ago(v["moreThan"])])

    def c_noGuide(self, v: bool) -> Sql:  # noqa: N802
        return Sql("m.guide_id IS NULL" if v else "m.guide_id IS NOT NULL")

    # -- purchases -------------------------------------------------------------------------------
    def c_lastPurchase(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        parts = ["m.last_purchase_at IS NOT NULL"]
        params: list[Any] = []
        if "moreThanDaysAgo" in v:
            parts.append("m.last_purchase_at < ?")
            params.append(self.ctx.more_than_ago(v["moreThanDaysAgo"]))
        if "lessThanDaysAgo" in v:
            parts.append("m.last_purchase_at >= ?")
            params.append(self.ctx.within_last(v["lessThanDaysAgo"]))
        return Sql(" AND ".join(parts), params)

    def c_neverPurchased(self, v: bool) -> Sql:  # noqa: N802
        return Sql("m.last_purchase_at IS NULL" if v else "m.last_purchase_at IS NOT NULL")

    def c_firstVisit(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        return Sql("m.first_visit_at IS NOT NULL AND m.first_visit_at >= ?", [self.ctx.within_last(v["withinDays"])])

    def _grouped(self, source: Sql, having: list[tuple[str, str, Any]], zero: dict[str, int]) -> Sql:
        """``m.id [NOT] IN (source GROUP BY HAVING ...)``; ``having`` is (aggregate, op, value)."""
        cond = " AND ".join(f"{agg} {op} ?" for agg, op, _ in having)
        params = [v for _, _, v in having]
        passes_with_no_rows = all(_cmp(zero[agg], op, val) for agg, op, val in having)
        if passes_with_no_rows:
            return self._member_set(Sql(f"{source.text} HAVING NOT ({cond})", [*source.params, *params]),
                                    negate=True, unique=True)
        return self._member_set(Sql(f"{source.text} HAVING {cond}", [*source.params, *params]), unique=True)

    def c_purchases(self, v: dict[str, Any]) -> Sql:
        source = Sql(f'SELECT o.member_id FROM "order" o WHERE o.ordered_at >= ? AND {LIVE_ORDER} '
                     "GROUP BY o.member_id", [self.ctx.within_last(v["days"])])
        count, spend = "COUNT(*)", "SUM(o.total_cents - o.refunded_cents)"
        return self._grouped(source, _range_having(count, v.get("orderCount")) + _range_having(spend, v.get("spend")),
                             {count: 0, spend: 0})

    def c_totalSpend(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        return _range("m.total_spend_cents", v)

    def c_bought(self, v: dict[str, Any]) -> Sql:
        what: list[str] = []
        params: list[Any] = []
        if v.get("productIds"):
            what.append(f"l.product_id IN ({marks(v['productIds'])})")
            params += v["productIds"]
        if v.get("categories"):
            what.append(f"l.category IN ({marks(v['categories'])})")
            params += v["categories"]
        window = ""
        if "days" in v:
            window = " AND o.ordered_at >= ?"
            params.append(self.ctx.within_last(v["days"]))
        return self._member_set(Sql(f'SELECT o.member_id FROM order_line l JOIN "order" o ON o.id = l.order_id '
                                    f"WHERE {LIVE_LINE} AND ({' OR '.join(what)}){window}", params))

    def c_serviceCompleted(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        params: list[Any] = [self.ctx.within_last(v["days"])]
        extra = ""
        if v.get("productIds"):
            extra = f" AND s.product_id IN ({marks(v['productIds'])})"
            params += v["productIds"]
        return self._member_set(Sql(f"SELECT s.member_id FROM service_completion s WHERE s.completed_at >= ?{extra}",
                                    params))

    # -- cards -----------------------------------------------------------------------------------
    def _cards(
        self, kind: str | None, v: dict[str, Any], extra: str = "", extra_params: list[Any] | None = None
    ) -> Sql:
        params: list[Any] = [self.ctx.now]
        text = ("SELECT c.member_id FROM member_card c JOIN card_product p ON p.id = c.product_id "
                f"WHERE {UNEXPIRED_CARD}")
        if kind:
            text += " AND p.kind = ?"
            params.append(kind)
        if v.get("cardProductIds"):
            text += f" AND c.product_id IN ({marks(v['cardProductIds'])})"
            params += v["cardProductIds"]
        return Sql(text + extra, params + (extra_params or []))

    def c_storedValueBalance(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        having: list[str] = []
        params: list[Any] = []
        if "below" in v:
            having.append("SUM(c.balance_cents) < ?")
            params.append(v["below"])
        if "above" in v:
            having.append("SUM(c.balance_cents) > ?")
            params.append(v["above"])
        src = self._cards("stored_value", v, " GROUP BY c.member_id HAVING " + " AND ".join(having), params)
        return self._member_set(src, unique=True)

    def c_cardExpiring(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        src = self._cards(None, v, " AND c.expires_at IS NOT NULL AND c.expires_at < ?",
                          [self.ctx.end_of_day_in(v["withinDays"])])
        return self._member_set(src)

    def c_punchRemaining(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        extra = " AND c.remaining_uses IS NOT NULL AND c.remaining_uses <= ?"
        params: list[Any] = [v["atMost"]]
        if "atLeast" in v:
            extra += " AND c.remaining_uses >= ?"
            params.append(v["atLeast"])
        return self._member_set(self._cards("punch", v, extra, params))

    # -- points ----------------------------------------------------------------------------------
    def c_pointsBalance(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        return _range("m.points_balance", v)

    def c_pointsExpiring(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        return Sql(
            "m.points_balance >= ? AND m.id IN (SELECT e.member_id FROM points_entry e WHERE e.delta > 0 "
            "AND e.expires_at IS NOT NULL AND e.expires_at > ? AND e.expires_at < ? "
            "GROUP BY e.member_id HAVING SUM(e.delta) >= ?)",
            [v["atLeast"], self.ctx.now, self.ctx.end_of_day_in(v["withinDays"]), v["atLeast"]],
        )

    # -- reach, segments, RFM --------------------------------------------------------------------
    def c_reachable(self, v: dict[str, Any]) -> Sql:
        return Sql(CHANNEL_SQL[v["channel"]])

    def c_inSegment(self, v: dict[str, Any]) -> Sql:  # noqa: N802
        if v.get("isMember", True):
            return self.node(self.ctx.segment_rules[v["segmentId"]], self._conj)
        inner = self.node(self.ctx.segment_rules[v["segmentId"]], False)
        return Sql(f"NOT {inner.text}", inner.params)

    def c_rfm(self, v: dict[str, Any]) -> Sql:
        th = self.ctx.thresholds(v.get("category"))
        cat = v.get("category")
        parts: list[Sql] = []
        if v.get("recency"):
            ranges = [self._recency_range(th, label) for label in v["recency"]]
            if cat is None:
                ors = " OR ".join(r for r, _ in ranges)
                parts.append(Sql(f"m.last_purchase_at IS NOT NULL AND ({ors.replace('X', 'm.last_purchase_at')})",
                                 [p for _, ps in ranges for p in ps]))
            else:
                ors = " OR ".join(r.replace("X", "MAX(o.ordered_at)") for r, _ in ranges)
                parts.append(self._member_set(Sql(
                    f'SELECT o.member_id FROM order_line l JOIN "order" o ON o.id = l.order_id '
                    f"WHERE {LIVE_LINE} AND l.category = ? GROUP BY o.member_id HAVING {ors}",
                    [cat, *[p for _, ps in ranges for p in ps]],
                ), unique=True))
        start = self.ctx.within_last(th.window_days)
        if cat is None:
            source = Sql(f'SELECT o.member_id FROM "order" o WHERE o.ordered_at >= ? AND {LIVE_ORDER} '
                         "GROUP BY o.member_id", [start])
            count, money = "COUNT(*)", "SUM(o.total_cents - o.refunded_cents)"
        else:
            source = Sql(f'SELECT o.member_id FROM order_line l JOIN "order" o ON o.id = l.order_id '
                         f"WHERE {LIVE_LINE} AND l.category = ? AND o.ordered_at >= ? GROUP BY o.member_id",
                         [cat, start])
            count, money = "COUNT(DISTINCT o.id)", "SUM(l.amount_cents - l.refunded_cents)"
        if v.get("frequency"):
            op = ">=" if v["frequency"] == "HIGH" else "<"
            parts.append(self._grouped(source, [(count, op, th.frequency_high)], {count: 0}))
        if v.get("monetary"):
            op = ">=" if v["monetary"] == "HIGH" else "<"
            parts.append(self._grouped(source, [(money, op, th.monetary_high_cents)], {money: 0}))
        return parts[0] if len(parts) == 1 else join(parts, " AND ")

    def _recency_range(self, th: Any, label: str) -> tuple[str, list[Any]]:
        active_from = self.ctx.more_than_ago(th.active_days)
        sleeping_from = self.ctx.more_than_ago(th.sleeping_days)
        if label == "ACTIVE":
            return "X >= ?", [active_from]
        if label == "SLEEPING":
            return "(X >= ? AND X < ?)", [sleeping_from, active_from]
        return "X < ?", [sleeping_from]


def _local_day_start(d: date) -> datetime:
    from api.core import clock

    return clock.local_midnight(d)


def _cmp(a: int, op: str, b: int) -> bool:
    return {">=": a >= b, "<=": a <= b, "<": a < b, ">": a > b, "=": a == b}[op]


def _range_having(agg: str, r: dict[str, int] | None) -> list[tuple[str, str, Any]]:
    if not r:
        return []
    out: list[tuple[str, str, Any]] = []
    if "min" in r:
        out.append((agg, ">=", r["min"]))
    if "max" in r:
        out.append((agg, "<=", r["max"]))
    return out


def _range(column: str, v: dict[str, Any]) -> Sql:
    parts: list[str] = []
    params: list[Any] = []
    if "min" in v:
        parts.append(f"{column} >= ?")
        params.append(v["min"])
    if "max" in v:
        parts.append(f"{column} <= ?")
        params.append(v["max"])
    return Sql(" AND ".join(parts), params)


def parse_number(text: str) -> float | None:
    """The number a custom-attribute ``equals`` text stands for, if it is one."""
    import math

    try:
        n = float(text.strip())
    except ValueError:
        return None
    return n if math.isfinite(n) else None
