"""Small relational descriptions from which a condition's SQL, Python and vector evaluations are derived.

Most conditions are one of a few shapes; describing the shape once gives all three evaluations,
written (and NULL-handled) the same way every time:

* ``member_in(column)``: a nullable member column is one of the given values (``{"in": [...]}``);
* ``member_range(column)``: a member column between ``min`` and ``max`` (inclusive);
* ``member_null(column)``: a bare Boolean, true when the member column is NULL;
* ``windowed_count(...)``: rows of a related table in the last N days (store-midnight boundaries of
  ``RuleContext``), optionally filtered by equality on some columns, counted per member and compared
  with ``atLeast`` / ``atMost``. A member with no rows has 0 (so "at most 2" includes them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql, marks

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts


def in_range(x: int | float, r: Mapping[str, Any] | None) -> bool:
    """``min <= x <= max`` for the bounds present in ``r`` (no bounds: true)."""
    if not r:
        return True
    return ("min" not in r or x >= r["min"]) and ("max" not in r or x <= r["max"])


def range_sql(column: str, v: Mapping[str, Any]) -> Sql:
    parts: list[str] = []
    params: list[Any] = []
    if "min" in v:
        parts.append(f"{column} >= ?")
        params.append(v["min"])
    if "max" in v:
        parts.append(f"{column} <= ?")
        params.append(v["max"])
    return Sql(" AND ".join(parts), params)


@dataclass(frozen=True)
class Evaluations:
    """The three evaluations of a condition, as ``Condition`` takes them."""

    sql: Callable[[Compiler, Any], Sql]
    python: Callable[[Any, MemberFacts, RuleContext], bool]
    vector: Callable[[Evaluator, Any], np.ndarray] | None


def member_in(column: str, field: str = "in") -> Evaluations:
    """``m.<column>`` is one of ``value[field]`` (a NULL column never matches)."""

    def sql(c: Compiler, v: dict[str, Any]) -> Sql:
        ids = list(v[field])
        return Sql(f"m.{column} IS NOT NULL AND m.{column} IN ({marks(ids)})", ids)

    def python(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
        return getattr(f.member, column) in v[field]

    def vector(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
        return e.nonnull_in(column, v[field])

    return Evaluations(sql, python, vector)


def member_range(column: str) -> Evaluations:
    """``min <= m.<column> <= max`` (the column is NOT NULL)."""

    def sql(c: Compiler, v: dict[str, Any]) -> Sql:
        return range_sql(f"m.{column}", v)

    def python(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
        return in_range(getattr(f.member, column), v)

    def vector(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
        return e.in_range(e.col(column), v)

    return Evaluations(sql, python, vector)


def member_null(column: str) -> Evaluations:
    """A bare Boolean: true matches members whose ``m.<column>`` is NULL, false those whose is not."""

    def sql(c: Compiler, v: bool) -> Sql:
        return Sql(f"m.{column} IS NULL" if v else f"m.{column} IS NOT NULL")

    def python(v: bool, f: MemberFacts, ctx: RuleContext) -> bool:
        return (getattr(f.member, column) is None) == v

    def vector(e: Evaluator, v: bool) -> np.ndarray:
        from api.segments.audience_index import NULL

        return (e.col(column) == NULL) == bool(v)

    return Evaluations(sql, python, vector)


@dataclass(frozen=True)
class Row:
    """One related row as the Python evaluation sees it: its time and its filterable columns."""

    at: datetime
    values: dict[str, Any]


ExtraSql = Callable[[Compiler, Any], tuple[str, list[Any]] | None]
ExtraPython = Callable[[Any, "Row"], bool]


def windowed_count(table: str, at: str, filters: Mapping[str, str], facts: str, extra_where: str = "",
                   extra_sql: ExtraSql | None = None, extra_python: ExtraPython | None = None) -> Evaluations:
    """Members with between ``atLeast`` and ``atMost`` rows of ``table`` in the last ``days`` days.

    ``filters`` maps a value field to the column it must equal when given (e.g. ``channel`` ->
    ``channel``); ``facts`` names the member's rows in ``MemberFacts.extra`` (``Row`` objects whose
    ``values`` hold those columns). Rows whose ``at`` is NULL never count. ``extra_where`` is a fixed
    filter of the rows (the facts loader applies the same); ``extra_sql`` / ``extra_python`` a further
    filter that depends on the value (SQL text over ``t`` and its parameters, or None for none; the
    same test on one ``Row``). No vector: the audience
    index does not hold these tables, so rules using it are answered by SQL.
    """

    def where(c: Compiler, v: dict[str, Any]) -> tuple[str, list[Any]]:
        parts = [f"t.{at} >= ?"]
        params: list[Any] = [c.ctx.within_last(v["days"])]
        for fname, col in filters.items():
            if v.get(fname) is not None:
                parts.append(f"t.{col} = ?")
                params.append(v[fname])
        if extra_where:
            parts.append(extra_where)
        more = extra_sql(c, v) if extra_sql is not None else None
        if more is not None:
            parts.append(more[0])
            params += more[1]
        return " AND ".join(parts), params

    def sql(c: Compiler, v: dict[str, Any]) -> Sql:
        cond, params = where(c, v)
        source = Sql(f"SELECT t.member_id FROM {table} t WHERE t.member_id IS NOT NULL AND {cond} "
                     "GROUP BY t.member_id", params)
        having: list[tuple[str, str, Any]] = []
        if "atLeast" in v:
            having.append(("COUNT(*)", ">=", v["atLeast"]))
        if "atMost" in v:
            having.append(("COUNT(*)", "<=", v["atMost"]))
        return c.grouped(source, having, {"COUNT(*)": 0})

    def python(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
        start = ctx.within_last(v["days"])
        rows: list[Row] = f.extra.get(facts, [])
        n = sum(
            1 for r in rows
            if r.at is not None and r.at >= start
            and all(v.get(fname) is None or r.values.get(col) == v[fname] for fname, col in filters.items())
            and (extra_python is None or extra_python(v, r))
        )
        return ("atLeast" not in v or n >= v["atLeast"]) and ("atMost" not in v or n <= v["atMost"])

    return Evaluations(sql, python, None)


def at_least_at_most(value: dict[str, Any], err: Callable[[list[str], str], None]) -> None:
    """Cross-field check: ``atLeast`` and/or ``atMost`` given, and ``atLeast <= atMost``."""
    lo, hi = value.get("atLeast"), value.get("atMost")
    if lo is None and hi is None:
        err([], "Give atLeast, atMost or both.")
    elif lo is not None and hi is not None and lo > hi:
        err(["atLeast"], "atLeast must not be greater than atMost.")
