"""Keyset ("seek") pagination over Tortoise querysets: a list's total order, its cursors and filters.

A list is ordered by its sort keys and then by its primary key, which makes the order total: every
row has exactly one place.  A cursor records the sort-key values and the id of a row, so the page
after it is ``WHERE (key, id) > (k, i) ORDER BY key, id LIMIT n + 1`` (``<`` for descending keys):
the database seeks straight to the page through the index instead of counting past ``OFFSET`` rows,
and rows added or removed before the cursor do not shift the page.  ``n + 1`` rows tell whether
another page follows without a ``COUNT``.

NULL sort keys (``last_purchase_at`` of a member who never bought) sort **last in both directions**
on both databases (SQLite and PostgreSQL disagree by default): members without a purchase come after
every member with one, whether the list is newest or oldest first, as Shopify's customer list does.
The order is written as ``CASE WHEN key IS NULL THEN 1 ELSE 0 END, key, id`` and the filter agrees.

Cursors are opaque to clients: URL-safe base64 of ``["k1", <list tag>, [values], id]``; ``k1`` is
the format's version and the tag names the list and its order (``members|-registered_at,-id``), so a
cursor from another list or another sort order is refused with an ``ArgumentError`` naming the
argument instead of silently paging something else.

Nested lists (a member's orders) load the first ``n + 1`` rows of many parents in one statement with
``ROW_NUMBER() OVER (PARTITION BY parent ORDER BY key, id)`` (SQLite ≥ 3.25, PostgreSQL).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Generic, TypeVar

from tortoise import fields
from tortoise.expressions import Case, Q, RawSQL, When
from tortoise.models import Model
from tortoise.queryset import QuerySet

from api.core.errors import ArgumentError

CURSOR_VERSION = "k1"
MAX_PAGE = 100
DEFAULT_PAGE = 20

M = TypeVar("M", bound=Model)


def page_size(first: int | None, argument: str = "first") -> int:
    """``first`` checked against 0..MAX_PAGE (DEFAULT_PAGE when left out)."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise ArgumentError(f"Argument '{argument}' must be between 0 and {MAX_PAGE} (got {size}).")
    return size


def unpack_cursor(cursor: str, argument: str = "after") -> tuple[Any, Any, Any, Any]:
    """``(version, tag, values, id)`` of any cursor this module wrote; an ``ArgumentError`` naming
    ``argument`` if ``cursor`` is not one, or one of an older format. Needs no list: the argument
    checker runs it on every ``after``/``before`` before execution, so a garbled cursor anywhere in a
    document refuses the whole document and no mutation runs."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        version, tag, values, pk = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise ArgumentError(f"Argument '{argument}' is not a cursor: pass an endCursor or edge cursor.") from exc
    if version != CURSOR_VERSION:
        raise ArgumentError(f"Argument '{argument}' is a cursor of an older format: start again from the first page.")
    return version, tag, values, pk


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order. ``nullable`` keys put their NULLs last in either direction."""

    field: str
    descending: bool = False
    nullable: bool = False

    @property
    def spec(self) -> str:
        return f"-{self.field}" if self.descending else self.field


@dataclass(frozen=True)
class Keyset(Generic[M]):
    """The total order of one list: ``keys`` always end with the primary key."""

    model: type[M]
    list_name: str
    keys: tuple[SortKey, ...]

    @classmethod
    def of(cls, model: type[M], list_name: str, *orderings: str) -> Keyset[M]:
        """``Keyset.of(Member, "members", "-registered_at")``: the id is appended in the last key's direction.

        Nullability is read from the model, so the order and the filter treat NULLs alike."""
        pk = model._meta.pk_attr
        keys: list[SortKey] = []
        for spec in orderings:
            name = spec.lstrip("-")
            field = model._meta.fields_map.get(name)
            if field is None or "__" in name:
                raise TypeError(f"{model.__name__} cannot be keyset-paged by {spec!r}")
            keys.append(SortKey(name, spec.startswith("-"), bool(field.null) and name != pk))
        if not keys or keys[-1].field != pk:
            keys = [k for k in keys if k.field != pk]
            keys.append(SortKey(pk, keys[-1].descending if keys else False))
        return cls(model, list_name, tuple(keys))

    @classmethod
    def from_queryset(cls, queryset: QuerySet[M], list_name: str | None = None) -> Keyset[M]:
        """The keyset of a queryset's own ``order_by`` (the id appended when missing)."""
        specs = [f"-{name}" if str(order).upper().endswith("DESC") else name for name, order in queryset._orderings]
        return cls.of(queryset.model, list_name or queryset.model.__name__, *specs)

    @property
    def tag(self) -> str:
        """The list and its order, written into each cursor."""
        return f"{self.list_name}|{','.join(k.spec for k in self.keys)}"

    # --- cursors -------------------------------------------------------------------------------

    def values_of(self, row: Any) -> tuple[Any, ...]:
        return tuple(getattr(row, k.field) for k in self.keys)

    def cursor(self, row: Any) -> str:
        """The opaque cursor of ``row`` in this list."""
        return self.encode(self.values_of(row))

    def encode(self, values: Sequence[Any]) -> str:
        payload = [CURSOR_VERSION, self.tag, [_jsonable(v) for v in values[:-1]], values[-1]]
        raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, cursor: str, argument: str = "after") -> tuple[Any, ...]:
        """The sort-key values and id in ``cursor``; an ``ArgumentError`` naming ``argument`` if it is
        not a cursor of this list in this order."""
        version, tag, values, pk = unpack_cursor(cursor, argument)
        if tag != self.tag:
            raise ArgumentError(
                f"Argument '{argument}' is a cursor of another list or sort order: "
                "use a cursor from this list, with the same sort."
            )
        if not isinstance(values, list) or len(values) != len(self.keys) - 1:
            raise ArgumentError(f"Argument '{argument}' is not a cursor of this list.")
        try:
            out = [self._parse(k, v) for k, v in zip(self.keys[:-1], values, strict=True)]
            out.append(self._parse(self.keys[-1], pk))
        except (ValueError, TypeError, InvalidOperation) as exc:
            raise ArgumentError(f"Argument '{argument}' is not a cursor of this list.") from exc
        return tuple(out)

    def _parse(self, key: SortKey, value: Any) -> Any:
        if value is None:
            if not key.nullable:
                raise ValueError("null value for a non-null key")
            return None
        field = self.model._meta.fields_map[key.field]
        if isinstance(field, fields.DatetimeField):
            parsed = datetime.fromisoformat(str(value))
            if parsed.tzinfo is None:
                raise ValueError("naive datetime")
            return parsed
        if isinstance(field, fields.DateField):
            return date.fromisoformat(str(value))
        if isinstance(field, fields.DecimalField):
            return Decimal(str(value))
        enum_type = getattr(field, "enum_type", None)
        if enum_type is not None:
            return enum_type(value)
        if isinstance(field, (fields.IntField, fields.BigIntField, fields.SmallIntField)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError("not an integer")
            return value
        if isinstance(field, (fields.CharField, fields.TextField)):
            if not isinstance(value, str):
                raise TypeError("not a string")
            return value
        return value

    # --- SQL -----------------------------------------------------------------------------------

    def order(self, queryset: QuerySet[M]) -> QuerySet[M]:
        """``queryset`` in this list's order (NULL keys last)."""
        specs: list[str] = []
        for i, key in enumerate(self.keys):
            if key.nullable:
                name = f"keyset_null_{i}"
                queryset = queryset.annotate(
                    **{name: Case(When(**{f"{key.field}__isnull": True}, then="1"), default="0")}  # type: ignore[arg-type]
                )
                specs.append(name)
            specs.append(key.spec)
        return queryset.order_by(*specs)

    def after(self, values: Sequence[Any]) -> Q:
        """Rows strictly after the row with these key values and id: a lexicographic comparison."""
        terms: list[Q] = []
        equal: list[Q] = []
        for key, value in zip(self.keys, values, strict=True):
            op = "lt" if key.descending else "gt"
            if value is None:
                strict: Q | None = None  # nothing sorts after NULL in a NULLS LAST key
                same = _q(f"{key.field}__isnull", True)
            else:
                strict = Q(**{f"{key.field}__{op}": value})
                if key.nullable:
                    strict = strict | _q(f"{key.field}__isnull", True)
                same = Q(**{key.field: value})
            if strict is not None:
                terms.append(Q(*equal, strict) if equal else strict)
            equal.append(same)
        where = terms[0]
        for term in terms[1:]:
            where = where | term
        first, value = self.keys[0], values[0]
        if len(self.keys) > 1 and value is not None and not first.nullable:
            # A redundant bound on the leading key gives the planner an index range to seek into.
            where = Q(Q(**{f"{first.field}__{'lte' if first.descending else 'gte'}": value}), where)
        return where

    def page_query(self, queryset: QuerySet[M], after: Sequence[Any] | None, limit: int) -> QuerySet[M]:
        """The ``limit`` rows after the cursor values ``after`` (or from the start), in order."""
        if after is not None:
            queryset = queryset.filter(self.after(after))
        return self.order(queryset).limit(limit)

    async def fetch_page(self, queryset: QuerySet[M], after: Sequence[Any] | None, limit: int) -> list[M]:
        """The ``limit`` rows after ``after``, read so that an index on the leading key can serve them.

        A leading nullable key (members by ``last_purchase_at``) is read in two ranges instead of
        one ``ORDER BY CASE WHEN key IS NULL ...``, which no index matches (a full sort of every member
        in reach): first the rows with a value (``key IS NOT NULL ORDER BY key, id``), then, only when
        the page is not full yet, the rows without one (``key IS NULL ORDER BY id``)."""
        lead, rest = self.keys[0], Keyset(self.model, self.list_name, self.keys[1:])
        if not lead.nullable or any(k.nullable for k in rest.keys):
            return list(await self.page_query(queryset, after, limit))
        rows: list[M] = []
        if after is None or after[0] is not None:
            valued = Keyset(self.model, self.list_name, (SortKey(lead.field, lead.descending), *rest.keys))
            with_value = queryset.filter(_q(f"{lead.field}__isnull", False))
            rows = list(await valued.page_query(with_value, after, limit))
        if len(rows) < limit:
            without = queryset.filter(_q(f"{lead.field}__isnull", True))
            resume = after[1:] if after is not None and after[0] is None else None
            rows += list(await rest.page_query(without, resume, limit - len(rows)))
        return rows

    def window_order_sql(self, table: str) -> str:
        """``ORDER BY`` text of the window of ``first_per_parent`` (columns of ``table``)."""
        parts: list[str] = []
        for key in self.keys:
            column = f'"{table}"."{self.model._meta.fields_map[key.field].source_field or key.field}"'
            if key.nullable:
                parts.append(f"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END")
            parts.append(f"{column} {'DESC' if key.descending else 'ASC'}")
        return ", ".join(parts)


async def first_per_parent(
    keyset: Keyset[M],
    queryset: QuerySet[M],
    parent_field: str,
    parent_ids: Iterable[int],
    limit: int,
    after: Sequence[Any] | None = None,
) -> dict[int, list[M]]:
    """The first ``limit`` rows (after the cursor values ``after``) of each parent, in one statement.

    ``SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY parent ORDER BY keys) AS rn
    FROM t WHERE parent IN (...) [AND after]) w WHERE rn <= limit``: one round trip whatever the
    number of parents, each reading only its own first rows through the (parent, key) index."""
    ids = sorted(set(parent_ids))
    out: dict[int, list[M]] = defaultdict(list)
    if not ids or limit <= 0:
        return out
    meta = keyset.model._meta
    table = meta.db_table
    column = meta.fields_map[parent_field].source_field or parent_field
    inner = queryset.filter(**{f"{parent_field}__in": ids})
    if after is not None:
        inner = inner.filter(keyset.after(after))
    inner = inner.annotate(
        keyset_rn=RawSQL(
            f'ROW_NUMBER() OVER (PARTITION BY "{table}"."{column}" ORDER BY {keyset.window_order_sql(table)})'
        )
    )
    inner._choose_db_if_not_chosen()
    inner._make_query()
    sql, params = inner.query.get_parameterized_sql()
    db = inner._db
    rows = await db.execute_query_dict(
        f'SELECT * FROM ({sql}) AS "keyset_w" WHERE "keyset_w"."keyset_rn" <= {int(limit)} '
        f'ORDER BY "keyset_w"."{column}", "keyset_w"."keyset_rn"',
        params,
    )
    for row in rows:
        instance = keyset.model._init_from_db(**row)
        out[row[column]].append(instance)
    return out


async def count_per_parent(queryset: QuerySet[M], parent_field: str, parent_ids: Iterable[int]) -> dict[int, int]:
    """How many rows of ``queryset`` each parent has, in one ``GROUP BY`` statement."""
    from tortoise.functions import Count

    ids = sorted(set(parent_ids))
    if not ids:
        return {}
    rows = (
        await queryset.filter(**{f"{parent_field}__in": ids})
        .annotate(keyset_n=Count("id"))
        .group_by(parent_field)
        .values_list(parent_field, "keyset_n")
    )
    return {int(p): int(n) for p, n in rows}


def _q(lookup: str, value: Any) -> Q:
    where: dict[str, Any] = {lookup: value}
    return Q(**where)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
