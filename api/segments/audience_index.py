"""The audience index: an in-memory columnar copy of what rules read, kept in step with the database.

Estimates are what an operator watches while editing a rule or a journey, so they must be exact and
immediate.  At a million members a rule with a purchase window or RFM makes PostgreSQL aggregate
millions of order rows per estimate (0.2-2.5 s on the 2-core bench, hand-written SQL included).
This index holds the same facts as numpy columns and evaluates a rule as vectorised masks over all
members: member columns are compared in place, related rows (orders, lines, cards, tags, points,
services) are filtered and folded per member with ``bincount``; order-like tables are sorted by
time so a window is a binary search.

Exact, not approximate:

* the index is loaded in one ``REPEATABLE READ`` transaction (PostgreSQL; one transaction on SQLite),
  so it is the state of one snapshot;
* before answering, it catches up: the change log (``api.segments.changes``, written by triggers in
  the writers' own transactions) names the members whose data changed since that snapshot; their
  rows are reloaded, in one new snapshot, and patched in (old rows marked dead, new rows appended),
  so the index is then exactly the state of the new snapshot;
* the semantics of every condition are those of the SQL compiler and the Python evaluator (same
  ``RuleContext`` day boundaries; text and NULL handling computed in SQL at load time), and the
  property test requires all three to agree.

Each condition's vectorised evaluation is its ``vector`` in ``api.segments.conditions`` (this
module walks ``all`` / ``any`` / ``not`` and offers the column helpers); rules with a condition whose
``vector`` is None (custom attributes, message sends, events) and any failure fall back to the
compiled SQL.  Each API process keeps its own index (about 0.5 GiB per million members with their
orders: columns narrowed to the smallest exact dtype, see ``narrow``); it is built in the background
at start-up or first use, and until it is ready estimates use SQL.  ``RAPPORT_AUDIENCE_INDEX=off``
disables it.

Nothing here runs on the event loop for long: PostgreSQL's binary COPY is decoded chunk by chunk as
it arrives, SQLite is read through its own connection in a worker thread, and decoding, sorting,
patching and evaluating are whole-array numpy in worker threads (which release the GIL).
Evaluations share the arrays under a readers/writer lock; a patch takes it alone.  While on, a
background catch-up every ``FOLLOW_EVERY`` seconds patches writes in as they arrive.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from api.core.db import dialect
from api.core.scope import Reach, Scope
from api.segments import conditions
from api.segments.changes import RETENTION
from api.segments.compiler import CHANNEL_SQL, GENDER_VALUES, IDENTITY_SQL
from api.segments.context import RuleContext

log = logging.getLogger(__name__)

NULL = -(2**62)
"""Stands for SQL NULL in every int64 column (below any real value, so ``x >= bound`` is false)."""
UNKNOWN_TEXT = -1
"""Code of a text value not yet in its dictionary (catching up reads again after extending it)."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STALE_AFTER = RETENTION / 2
COMPACT_FRACTION = 0.1
FOLLOW_EVERY = 0.2
"""Seconds between background catch-ups (``RAPPORT_AUDIENCE_INDEX=on``; 0 disables them)."""
PARALLEL_FROM = 50
"""A PostgreSQL catch-up of at least this many members reads its tables over several connections."""
CATCH_UP_CONNECTIONS = 2
"""Connections a parallel catch-up uses at once (the pool keeps others for requests)."""
REBUILD_CHANGED = 50_000
"""Catching up on more changed members than this (and more than 5% of all) rebuilds in the background
instead (e.g. after the nightly totals job rewrote every member): SQL answers until it is ready."""


class Unsupported(Exception):
    """The rule uses a condition the index does not hold; the caller falls back to SQL."""


class TooManyChanges(Exception):
    """So many members changed that a rebuild is cheaper than catching up."""


def us(at: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (the unit of every time column)."""
    return (at - EPOCH) // timedelta(microseconds=1)


def _pg_ts(col: str) -> str:
    return f"COALESCE((EXTRACT(EPOCH FROM {col}) * 1000000)::int8, {NULL})"


def _lite_ts(col: str) -> str:
    # Tortoise stores UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]+00:00'; strftime would round the fraction.
    return (f"COALESCE(CAST(strftime('%s', substr({col}, 1, 19)) AS INTEGER) * 1000000 + "
            f"CASE WHEN substr({col}, 20, 1) = '.' THEN CAST(substr({col}, 21, 6) AS INTEGER) ELSE 0 END, {NULL})")


def _pg_date(col: str) -> str:
    return f"COALESCE(({col} - DATE '0001-01-01') + 1, {NULL})"


def _lite_date(col: str) -> str:
    return f"COALESCE(CAST(julianday({col}) - 1721424.5 AS INTEGER), {NULL})"


def _int(col: str) -> str:
    return f"COALESCE({col}, {NULL})"


def _flag(expr: str) -> str:
    return f"CASE WHEN {expr} THEN 1 ELSE 0 END"


@dataclass(frozen=True)
class Spec:
    """One table of the index: columns as SQL expressions (all int64), the source and its member key."""

    name: str
    columns: list[tuple[str, str]]  # (name, kind); kind: int | ts | date | text:<dict> | flag:<sql> | raw:<sql>
    source: str  # FROM ... [WHERE ...] (no trailing WHERE keyword handling: ``filter`` adds with AND)
    member: str  # SQL expression of the member id, for the dirty filter
    has_where: bool = False
    sort: str | None = None


SPECS: list[Spec] = [
    Spec("member", [
        ("member_id", "int:m.id"), ("gender", "text:gender:m.gender"), ("birthday", "date:m.birthday"),
        ("birthday_md", "int:m.birthday_md"), ("registered_at", "ts:m.registered_at"),
        ("source", "text:source:m.source"), ("home_store_id", "int:m.home_store_id"),
        ("guide_id", "int:m.guide_id"), ("guide_friend_since", "ts:m.guide_friend_since"),
        ("tier_id", "int:m.tier_id"), ("last_purchase_at", "ts:m.last_purchase_at"),
        ("first_visit_at", "ts:m.first_visit_at"), ("total_spend_cents", "int:m.total_spend_cents"),
        ("points_balance", "int:m.points_balance"),
        *[(f"r_{c.lower()}", f"flag:{sql}") for c, sql in CHANNEL_SQL.items()],
        *[(f"a_{c.lower()}", f"flag:{sql}") for c, sql in IDENTITY_SQL.items()],
    ], "member m", "m.id"),
    Spec("tag", [("member_id", "int:t.member_id"), ("tag", "text:tag:t.tag")], "member_tag t", "t.member_id"),
    Spec("order", [
        ("member_id", "int:o.member_id"), ("at", "ts:o.ordered_at"),
        ("live", "flag:o.status <> 'refunded'"), ("net", "int:o.total_cents - o.refunded_cents"),
    ], '"order" o', "o.member_id", sort="at"),
    Spec("line", [
        ("member_id", "int:o.member_id"), ("order_id", "int:l.order_id"), ("at", "ts:o.ordered_at"),
        ("product_id", "int:l.product_id"), ("category", "text:category:l.category"),
        ("live", "flag:l.amount_cents > l.refunded_cents AND o.status <> 'refunded'"),
        ("net", "int:l.amount_cents - l.refunded_cents"),
    ], 'order_line l JOIN "order" o ON o.id = l.order_id', "o.member_id", sort="at"),
    Spec("service", [("member_id", "int:s.member_id"), ("product_id", "int:s.product_id"),
                     ("at", "ts:s.completed_at")], "service_completion s", "s.member_id", sort="at"),
    Spec("card", [
        ("member_id", "int:c.member_id"), ("product_id", "int:c.product_id"), ("kind", "text:card_kind:p.kind"),
        ("balance", "int:c.balance_cents"), ("remaining", "int:c.remaining_uses"), ("expires_at", "ts:c.expires_at"),
    ], "member_card c JOIN card_product p ON p.id = c.product_id", "c.member_id"),
    Spec("points", [("member_id", "int:e.member_id"), ("delta", "int:e.delta"), ("expires_at", "ts:e.expires_at")],
         "points_entry e WHERE e.delta > 0 AND e.expires_at IS NOT NULL", "e.member_id", has_where=True),
]


# -- columns ------------------------------------------------------------------------------------

_NARROW = (np.dtype(np.uint8), np.dtype(np.int16), np.dtype(np.int32))


def narrow(arr: np.ndarray) -> np.ndarray:
    """The same integers in the smallest of uint8 / int16 / int32 / int64 that holds them exactly.

    A column holding NULL stays int64, so every condition's ``x != NULL`` keeps its meaning: a
    narrower column has no NULL (numpy compares it with the out-of-range ``NULL`` exactly: never equal).
    """
    if arr.dtype != np.int64 or not len(arr):
        return arr
    lo, hi = int(arr.min()), int(arr.max())
    if lo == NULL:
        return arr
    for dt in _NARROW:
        info = np.iinfo(dt)
        if info.min <= lo and hi <= info.max:
            return arr.astype(dt)
    return arr


def _fits(dtype: np.dtype, values: np.ndarray) -> np.dtype:
    """The dtype that holds both ``dtype``'s column and ``values`` (values already narrowed)."""
    return np.result_type(dtype, values.dtype)


def spare(n: int) -> int:
    """Spare rows kept at the end of a table, so catching up appends without copying the table."""
    return max(1024, n // 50)


class Table:
    """Columns with spare capacity; rows ``[0, sorted_n)`` are sorted by ``sort``, the tail is not.

    Columns are narrowed (``narrow``); appending values that do not fit widens that column.  Related
    tables hold ``m`` (the member's position, int32) instead of the member id.
    """

    def __init__(self, spec: Spec, cols: dict[str, np.ndarray]):
        self.spec = spec
        self.n = len(next(iter(cols.values()))) if cols else 0
        order = np.argsort(cols[spec.sort], kind="stable") if spec.sort and self.n else None
        cap = self.n + spare(self.n)
        out: dict[str, np.ndarray] = {}
        for name in list(cols):
            arr = narrow(cols.pop(name))  # one column at a time: the peak is the table plus one column
            grown = np.empty(cap, dtype=arr.dtype)
            if order is not None:
                np.take(arr, order, out=grown[: self.n])
            else:
                grown[: self.n] = arr
            del arr
            out[name] = grown
        self.cols = out
        self.alive = np.zeros(cap, dtype=bool)
        self.alive[: self.n] = True
        self.sorted_n = self.n
        self.dead = 0

    def col(self, name: str) -> np.ndarray:
        return self.cols[name][: self.n]

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.cols.values()) + self.alive.nbytes

    def append(self, cols: dict[str, np.ndarray]) -> None:
        k = len(next(iter(cols.values())))
        if not k:
            return
        need = self.n + k
        cap = len(self.alive)
        new_cap = max(need, int(cap * 1.25) + 1024) if need > cap else cap
        for name, arr in cols.items():
            arr = narrow(arr)
            have = self.cols[name]
            dtype = _fits(have.dtype, arr)
            if new_cap != cap or dtype != have.dtype:
                grown = np.empty(new_cap, dtype=dtype)
                grown[: self.n] = have[: self.n]
                self.cols[name] = grown
            self.cols[name][self.n: need] = arr
        if new_cap != cap:
            alive = np.zeros(new_cap, dtype=bool)
            alive[: self.n] = self.alive[: self.n]
            self.alive = alive
        self.alive[self.n: need] = True
        self.n = need

    def kill(self, member_mask: np.ndarray, pos: np.ndarray) -> None:
        """Mark dead the rows of the members flagged in ``member_mask`` (rows' member positions ``pos``)."""
        hit = member_mask[pos[: self.n]]
        hit &= self.alive[: self.n]
        self.dead += int(np.count_nonzero(hit))
        self.alive[: self.n] &= ~hit

    def needs_compaction(self) -> bool:
        return (self.n - self.sorted_n + self.dead) > COMPACT_FRACTION * max(self.sorted_n, 10_000)

    def rows_from(self, lo: int) -> np.ndarray:
        """Indices of live rows whose sort column is ``>= lo``."""
        key = self.cols[self.spec.sort or ""]
        start = int(np.searchsorted(key[: self.sorted_n], lo, side="left"))
        idx = np.arange(start, self.sorted_n)
        if self.n > self.sorted_n:
            idx = np.concatenate([idx, self.sorted_n + np.nonzero(key[self.sorted_n: self.n] >= lo)[0]])
        if self.dead:
            idx = idx[self.alive[idx]]
        return idx

    def all_rows(self) -> np.ndarray:
        if not self.dead:
            return np.arange(self.n)
        return np.nonzero(self.alive[: self.n])[0]


@dataclass
class Snapshot:
    members: Table
    tables: dict[str, Table]
    pos: dict[str, np.ndarray]  # unused; kept for callers of older versions
    dicts: dict[str, dict[str, int]]
    token: str  # PostgreSQL snapshot text, or the last member_change id on SQLite
    caught_up_at: float = field(default_factory=time.monotonic)
    extra_ids: dict[int, int] = field(default_factory=dict)  # ids appended out of order -> position

    @property
    def size(self) -> int:
        return self.members.n

    @property
    def nbytes(self) -> int:
        """Bytes held by the columns (capacity included)."""
        return self.members.nbytes + sum(t.nbytes for t in self.tables.values())


# -- loading ------------------------------------------------------------------------------------
# The database work is I/O (awaited on the event loop for PostgreSQL, in a worker thread with its own
# connection for SQLite); everything that touches every row (decoding, narrowing, sorting, patching)
# runs in a worker thread as whole-array numpy, which releases the GIL: the event loop never waits.

def _expr(kind: str, pg: bool, dicts: dict[str, dict[str, int]], params: list[Any]) -> str:
    tag, _, rest = kind.partition(":")
    if tag == "int":
        return _int(rest)
    if tag == "ts":
        return _pg_ts(rest) if pg else _lite_ts(rest)
    if tag == "date":
        return _pg_date(rest) if pg else _lite_date(rest)
    if tag == "flag":
        return _flag(rest)
    if tag == "text":
        dname, _, col = rest.partition(":")
        values = list(dicts.setdefault(dname, {}))
        unknown = f"CASE WHEN {col} IS NULL THEN 0 ELSE {UNKNOWN_TEXT} END"  # a value not in the dictionary yet
        if pg:
            params.append(values)
            return f"COALESCE(array_position(${len(params)}::text[], {col}::text), {unknown})::int8"
        if not values:
            return unknown
        whens = " ".join(f"WHEN {_lite_quote(v)} THEN {i + 1}" for i, v in enumerate(values))
        return f"CASE {col} {whens} ELSE {unknown} END"
    raise AssertionError(kind)


def _lite_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _where(spec: Spec, dirty_sql: str | None) -> str:
    if dirty_sql is None:
        return spec.source
    return f"{spec.source} {'AND' if spec.has_where else 'WHERE'} {spec.member} IN ({dirty_sql})"


COPY_HEADER = b"PGCOPY\n\xff\r\n\x00"
CHUNK_BYTES = 4 << 20


def _copy_dtype(ncols: int) -> np.dtype:
    return np.dtype([("n", ">i2")] + [x for i in range(ncols) for x in ((f"l{i}", ">i4"), (f"v{i}", ">i8"))])


def _decode_rows(body: bytes | bytearray | memoryview, ncols: int) -> list[np.ndarray]:
    """Whole rows of a binary COPY body (all columns non-null int8) as one narrowed array per column."""
    rows = np.frombuffer(body, dtype=_copy_dtype(ncols))
    return [narrow(rows[f"v{i}"].astype(np.int64)) for i in range(ncols)]


def _parse_binary_copy(data: bytes, ncols: int) -> np.ndarray:
    """Rows of a ``COPY ... (FORMAT binary)`` whose columns are all non-null int8, as an (n, ncols) array."""
    if not data.startswith(COPY_HEADER):
        raise ValueError("not a binary COPY stream")
    ext = int.from_bytes(data[15:19], "big")
    body = data[19 + ext: -2]
    cols = _decode_rows(body, ncols)
    out = np.empty((len(cols[0]) if cols else 0, ncols), dtype=np.int64)
    for i, c in enumerate(cols):
        out[:, i] = c
    return out


class _CopySink:
    """Receives a binary COPY stream chunk by chunk and decodes whole rows as they arrive, so the
    raw stream is never held whole (it is ~3× the size of the narrowed columns)."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.row = _copy_dtype(ncols).itemsize
        self.buf = bytearray()
        self.header_done = False
        self.parts: list[list[np.ndarray]] = []

    async def __call__(self, chunk: bytes) -> None:
        self.buf += chunk
        if len(self.buf) >= CHUNK_BYTES:
            await self._drain(final=False)

    async def _drain(self, final: bool) -> None:
        if not self.header_done:
            if len(self.buf) < 19:
                return
            if not self.buf.startswith(COPY_HEADER):
                raise ValueError("not a binary COPY stream")
            ext = int.from_bytes(self.buf[15:19], "big")
            del self.buf[: 19 + ext]
            self.header_done = True
        if final:
            del self.buf[-2:]  # the trailer (-1 as int16)
        whole = len(self.buf) // self.row * self.row
        if whole:
            body = bytes(self.buf[:whole])
            del self.buf[:whole]
            self.parts.append(await asyncio.to_thread(_decode_rows, body, self.ncols))

    async def columns(self) -> list[np.ndarray]:
        await self._drain(final=True)
        if self.buf:
            raise ValueError("truncated binary COPY stream")
        parts, self.parts = self.parts, []
        if not parts:
            return [np.empty(0, dtype=np.int64) for _ in range(self.ncols)]
        return await asyncio.to_thread(_concat_parts, parts, self.ncols)


def _concat_parts(parts: list[list[np.ndarray]], ncols: int) -> list[np.ndarray]:
    out = []
    for i in range(ncols):
        out.append(np.concatenate([p[i] for p in parts]))
        for p in parts:
            p[i] = np.empty(0, dtype=np.uint8)  # free each part's column as soon as it is copied
    return out


class _Sqlite:
    """A read transaction on its own connection to the SQLite file (WAL: writers are not blocked),
    used from worker threads one call at a time: the app's single connection stays free."""

    def __init__(self, filename: str):
        import sqlite3

        self.conn = sqlite3.connect(filename, check_same_thread=False, isolation_level=None)
        self.conn.execute("BEGIN")

    def fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.conn.execute(sql, params).fetchall()]

    def columns(self, sql: str, params: list[Any], ncols: int) -> list[np.ndarray]:
        cur = self.conn.execute(sql, params)
        parts: list[list[np.ndarray]] = []
        while rows := cur.fetchmany(2_000):
            arr = np.array(rows, dtype=np.int64).reshape(len(rows), ncols)
            parts.append([narrow(np.ascontiguousarray(arr[:, i])) for i in range(ncols)])
        if not parts:
            return [np.empty(0, dtype=np.int64) for _ in range(ncols)]
        return _concat_parts(parts, ncols)

    def close(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        finally:
            self.conn.close()


class Loader:
    """Reads tables (whole, or only some members' rows) inside one snapshot of the database."""

    def __init__(self, conn: Any, pg: bool, dicts: dict[str, dict[str, int]]):
        self.conn = conn
        self.pg = pg
        self.dicts = dicts

    async def _extend_dicts(self, spec: Spec, dirty_sql: str | None, dirty_params: list[Any]) -> None:
        for _, kind in spec.columns:
            tag, _, rest = kind.partition(":")
            if tag != "text":
                continue
            dname, _, col = rest.partition(":")
            sql = f"SELECT DISTINCT {col} AS v FROM {_where(spec, dirty_sql)}"
            for row in await self.fetch(sql, dirty_params):
                v = row[0]
                if v is not None:
                    d = self.dicts.setdefault(dname, {})
                    d.setdefault(str(v), len(d) + 1)

    async def fetch(self, sql: str, params: list[Any]) -> list[Any]:
        if self.pg:
            return list(await self.conn.fetch(sql, *params))
        return await asyncio.to_thread(self.conn.fetch, sql, params)

    async def load(self, spec: Spec, dirty_sql: str | None = None, dirty_params: list[Any] | None = None
                   ) -> dict[str, np.ndarray]:
        texts = [n for n, kind in spec.columns if kind.startswith("text:")]
        if dirty_sql is None:
            await self._extend_dicts(spec, dirty_sql, list(dirty_params or []))
        else:
            # Catching up: values are almost always in the dictionaries already; only a new one
            # (coded UNKNOWN_TEXT) costs a second read, with the dictionaries extended first.
            cols = await self._load(spec, dirty_sql, dirty_params)
            if not any(len(cols[n]) and int(cols[n].min()) == UNKNOWN_TEXT for n in texts):
                return cols
            await self._extend_dicts(spec, dirty_sql, list(dirty_params or []))
        return await self._load(spec, dirty_sql, dirty_params)

    async def _load(self, spec: Spec, dirty_sql: str | None, dirty_params: list[Any] | None
                    ) -> dict[str, np.ndarray]:
        params = list(dirty_params or [])
        exprs = [_expr(kind, self.pg, self.dicts, params) for _, kind in spec.columns]
        if self.pg:
            exprs = [f"CAST({e} AS int8)" for e in exprs]  # the binary decoder expects int8 everywhere
        sql = f"SELECT {', '.join(exprs)} FROM {_where(spec, dirty_sql)}"
        names = [n for n, _ in spec.columns]
        if self.pg:
            sink = _CopySink(len(names))
            await self.conn.copy_from_query(sql, *params, output=sink, format="binary")
            cols = await sink.columns()
        else:
            cols = await asyncio.to_thread(self.conn.columns, sql, params, len(names))
        return dict(zip(names, cols, strict=True))


# -- the index ----------------------------------------------------------------------------------

class _ReadWrite:
    """Many readers (evaluations in worker threads) or one writer (a patch, a compaction); writers first."""

    def __init__(self) -> None:
        self._cond = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @asynccontextmanager
    async def read(self) -> AsyncIterator[None]:
        async with self._cond:
            await self._cond.wait_for(lambda: not self._writing and not self._waiting_writers)
            self._readers += 1
        try:
            yield
        finally:
            async with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[None]:
        async with self._cond:
            self._waiting_writers += 1
            try:
                await self._cond.wait_for(lambda: not self._writing and not self._readers)
            finally:
                self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            async with self._cond:
                self._writing = False
                self._cond.notify_all()


class AudienceIndex:
    def __init__(self) -> None:
        self.snap: Snapshot | None = None
        self._lock = asyncio.Lock()  # one catch-up at a time
        self._rw = _ReadWrite()  # evaluations share the arrays; patching them is exclusive
        self._started = 0  # catch-ups started (each reads a snapshot taken after it started)
        self._finished = 0  # number of the last catch-up that completed
        self._build_task: asyncio.Task[None] | None = None
        self._follow_task: asyncio.Task[None] | None = None
        self._generation = 0  # bumped by reset(): a build started before it must not install its result
        self.build_seconds: float | None = None

    # building --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start building in the background (no-op when built or building)."""
        if self.snap is None and (self._build_task is None or self._build_task.done()):
            self._build_task = asyncio.get_running_loop().create_task(self._build_logged())

    async def _build_logged(self) -> None:
        try:
            await self.build()
        except Exception:  # noqa: BLE001 - estimates keep working on SQL; the next estimate retries
            log.exception("building the audience index failed")

    def _follow(self, generation: int) -> None:
        """Catch up in the background every ``FOLLOW_EVERY`` seconds, so writes are patched in as they
        arrive and an estimate finds little or nothing left to read (one snapshot's index at a time)."""
        async def follow() -> None:
            while True:
                await asyncio.sleep(FOLLOW_EVERY)
                if generation != self._generation or self.snap is None:
                    return
                try:
                    await self.current()
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 - the next estimate catches up (or rebuilds) itself
                    log.exception("catching the audience index up failed")

        self._follow_task = asyncio.get_running_loop().create_task(follow())

    async def stop(self) -> None:
        """Cancel a running build and the background catch-up (shutdown)."""
        for task in (self._build_task, self._follow_task):
            if task is not None and not task.done():
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass

    async def ready(self) -> None:
        """Build now (or wait for the running build)."""
        if self._build_task is not None and not self._build_task.done():
            await self._build_task
        if self.snap is None:
            await self.build()

    def reset(self) -> None:
        self.snap = None
        self._build_task = None
        self._generation += 1  # a background catch-up of the old snapshot ends by itself (never cancelled
        # mid-patch: that would release the writer's lock while its thread still writes)

    async def build(self) -> None:
        started = time.perf_counter()
        generation = self._generation
        pg = dialect() == "postgres"
        snap = await _in_snapshot(pg, lambda conn: _build(conn, pg))
        if generation != self._generation:
            return
        async with self._lock:
            self.snap = snap
        self.build_seconds = time.perf_counter() - started
        if mode() == "on" and FOLLOW_EVERY > 0:
            self._follow(generation)
        log.info("audience index built: %s members in %.1fs (%.0f MiB of columns)", f"{snap.size:,}",
                 self.build_seconds, snap.nbytes / 2**20)

    # catching up -------------------------------------------------------------------------------
    async def current(self) -> Snapshot | None:
        """The snapshot brought up to date with the database, or None while it is not built."""
        arrived = self._started
        snap = self.snap
        if snap is not None and time.monotonic() - snap.caught_up_at > STALE_AFTER.total_seconds():
            # The change log may have been pruned past this snapshot: rebuild rather than trust it.
            self.reset()
            snap = None
        if snap is None:
            if mode() == "eager":
                await self.ready()
                return self.snap
            self.start()
            return None
        async with self._lock:
            if self.snap is not snap:  # rebuilt or reset while waiting for the lock
                return await self.current()
            if self._finished > arrived:
                # A catch-up that started after this call arrived has completed: it saw every write
                # committed before then (concurrent estimates share one catch-up).
                return snap
            self._started += 1
            number = self._started
            pg = dialect() == "postgres"
            try:
                await _in_snapshot(pg, lambda conn: _catch_up(conn, pg, snap, self._rw))
            except TooManyChanges:
                self.reset()
            else:
                if _needs_compaction(snap):
                    async with self._rw.write():
                        await asyncio.to_thread(_compact, snap)
                self._finished = number
                return snap
        return await self.current()

    async def count(self, scope: Scope, rule: dict[str, Any], ctx: RuleContext,
                    channels: list[str]) -> tuple[int, dict[str, int]] | None:
        """(total, reachable per channel) of ``rule`` within ``scope``, or None (use SQL)."""
        if not _supported(rule, ctx):
            return None
        store_company = await _store_companies(scope)
        snap = await self.current()
        if snap is None:
            return None
        async with self._rw.read():  # a concurrent catch-up cannot change the arrays under the evaluation
            return await asyncio.to_thread(_count, snap, scope, rule, ctx, channels, store_company)

    async def count_many(self, scope: Scope, rules: list[tuple[dict[str, Any], RuleContext]]) -> list[int] | None:
        """The totals of several rules within ``scope``, from one caught-up snapshot in one pass off the event
        loop (a journey's estimate counts a dozen rules); None when any of them needs SQL."""
        if not all(_supported(rule, ctx) for rule, ctx in rules):
            return None
        store_company = await _store_companies(scope)
        snap = await self.current()
        if snap is None:
            return None

        def run() -> list[int]:
            return [_count(snap, scope, rule, ctx, [], store_company)[0] for rule, ctx in rules]

        async with self._rw.read():
            return await asyncio.to_thread(run)

    async def member_ids(self, rule: dict[str, Any], ctx: RuleContext) -> np.ndarray | None:
        """Ids of every member matching ``rule`` (no scope), or None (use SQL).  For tests and tools."""
        if not _supported(rule, ctx):
            return None
        snap = await self.current()
        if snap is None:
            return None
        async with self._rw.read():
            return await asyncio.to_thread(_member_ids, snap, rule, ctx)


def _count(snap: Snapshot, scope: Scope, rule: dict[str, Any], ctx: RuleContext, channels: list[str],
           store_company: dict[int, int]) -> tuple[int, dict[str, int]]:
    mask = Evaluator(snap, ctx).eval(rule)
    m = snap.members
    if mask.any():
        if not scope.is_unrestricted:
            mask &= scope.member_mask(m.col("home_store_id"), m.col("guide_id"), store_company)
        mask &= m.alive[: snap.size]
    total = int(np.count_nonzero(mask))
    if not total:
        return 0, {c: 0 for c in channels}
    reach = {c: int(np.count_nonzero(mask & (m.col(f"r_{c.lower()}") == 1))) for c in channels}
    return total, reach


def _member_ids(snap: Snapshot, rule: dict[str, Any], ctx: RuleContext) -> np.ndarray:
    mask = Evaluator(snap, ctx).eval(rule) & snap.members.alive[: snap.size]
    return np.sort(snap.members.col("member_id")[mask].astype(np.int64))


async def _in_snapshot(pg: bool, work: Any) -> Any:
    from tortoise import connections

    client = connections.get("default")
    if pg:
        async with client.acquire_connection() as conn:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                return await work(conn)
    filename = getattr(client, "filename", ":memory:")
    if filename == ":memory:" or filename.startswith("file:"):
        raise Unsupported("the audience index reads SQLite through its own connection: a database file is needed")
    lite = await asyncio.to_thread(_Sqlite, filename)
    try:
        return await work(lite)
    finally:
        await asyncio.to_thread(lite.close)


async def _token(conn: Any, pg: bool) -> str:
    if pg:
        return str(await conn.fetchval("SELECT pg_current_snapshot()::text"))
    rows = await asyncio.to_thread(conn.fetch, "SELECT COALESCE(MAX(id), 0) FROM member_change", [])
    return str(rows[0][0])


async def _build(conn: Any, pg: bool) -> Snapshot:
    token = await _token(conn, pg)  # first statement: fixes the snapshot everything below reads
    dicts: dict[str, dict[str, int]] = {"gender": {v: i + 1 for i, v in enumerate(GENDER_VALUES.values())}}
    loader = Loader(conn, pg, dicts)
    member_cols = await loader.load(SPECS[0])
    members = await asyncio.to_thread(_member_table, member_cols)
    snap = Snapshot(members, {}, {}, dicts, token)
    for spec in SPECS[1:]:
        cols = await loader.load(spec)  # one table at a time: the peak is the index plus one table
        snap.tables[spec.name] = await asyncio.to_thread(_related_table, snap, spec, cols)
    return snap


def _member_table(cols: dict[str, np.ndarray]) -> Table:
    ids = cols["member_id"]
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        order = np.argsort(ids, kind="stable")
        cols = {k: v[order] for k, v in cols.items()}
    return Table(SPECS[0], cols)


def _related_table(snap: Snapshot, spec: Spec, cols: dict[str, np.ndarray]) -> Table:
    cols["m"] = _positions(snap, cols.pop("member_id"))
    return Table(spec, cols)


def _lookup(snap: Snapshot, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position, found) of each member id: binary search on the sorted ids, then the out-of-order tail."""
    m = snap.members
    sorted_ids = m.cols["member_id"][: m.sorted_n]
    if m.sorted_n:
        pos = np.minimum(np.searchsorted(sorted_ids, ids), m.sorted_n - 1)
        found = sorted_ids[pos] == ids
    else:
        pos, found = np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
    if snap.extra_ids:
        for i in np.nonzero(~found)[0]:
            extra = snap.extra_ids.get(int(ids[i]))
            if extra is not None:
                pos[i], found[i] = extra, True
    return pos.astype(np.int32 if m.n < 2**31 else np.int64), found


def _positions(snap: Snapshot, ids: np.ndarray) -> np.ndarray:
    """Member positions of member ids (every id must be in the index)."""
    pos, found = _lookup(snap, ids)
    if not found.all():
        raise KeyError(f"members not in the audience index: {ids[~found][:5].tolist()}")
    return pos


async def _catch_up(conn: Any, pg: bool, snap: Snapshot, rw: _ReadWrite) -> None:
    new_token = await _token(conn, pg)
    loader = Loader(conn, pg, snap.dicts)
    if pg:
        dirty_sql = ("SELECT DISTINCT c.member_id FROM member_change c "
                     "WHERE c.xid >= pg_snapshot_xmin($1::text::pg_snapshot) "
                     "AND NOT pg_visible_in_snapshot(c.xid, $1::text::pg_snapshot)")
        ids = [r[0] for r in await loader.fetch(dirty_sql, [snap.token])]
    else:
        dirty_sql = "SELECT DISTINCT c.member_id FROM member_change c WHERE c.id > ? AND c.id <= ?"
        ids = [r[0] for r in await loader.fetch(dirty_sql, [int(snap.token), int(new_token)])]
    if len(ids) > max(REBUILD_CHANGED, snap.size // 20):
        raise TooManyChanges(len(ids))
    snap.caught_up_at = time.monotonic()
    if not ids:
        snap.token = new_token
        return
    # Load the dirty members' current rows (same snapshot as new_token), then patch them in.
    if pg:
        filt, params = "SELECT unnest($1::int[])", [ids]
    else:
        filt, params = ",".join(str(int(i)) for i in ids), []
    if pg and len(ids) >= PARALLEL_FROM:
        loaded = await _load_in_parallel(conn, snap.dicts, filt, params)
    else:
        loaded = {spec.name: await loader.load(spec, filt, params) for spec in SPECS}
    async with rw.write():
        await asyncio.to_thread(_patch, snap, np.array(ids, dtype=np.int64), loaded)
        snap.token = new_token


async def _load_in_parallel(conn: Any, dicts: dict[str, dict[str, int]], filt: str, params: list[Any]
                            ) -> dict[str, dict[str, np.ndarray]]:
    """The dirty members' rows of every table, read over a few connections that import this
    transaction's snapshot (``SET TRANSACTION SNAPSHOT``): the same state, fetched side by side.

    Each table's text columns use their own dictionaries, so the loads never touch the same one."""
    from tortoise import connections

    exported = str(await conn.fetchval("SELECT pg_export_snapshot()"))
    client = connections.get("default")
    gate = asyncio.Semaphore(CATCH_UP_CONNECTIONS)

    async def one(spec: Spec) -> tuple[str, dict[str, np.ndarray]]:
        async with gate, client.acquire_connection() as other:
            async with other.transaction(isolation="repeatable_read", readonly=True):
                await other.execute(f"SET TRANSACTION SNAPSHOT '{exported}'")
                return spec.name, await Loader(other, True, dicts).load(spec, filt, params)

    return dict(await asyncio.gather(*[one(spec) for spec in SPECS]))


def _patch(snap: Snapshot, ids: np.ndarray, loaded: dict[str, dict[str, np.ndarray]]) -> None:
    m = snap.members
    # members: update known rows in place, append new ones, mark vanished ones dead
    pos_ids, known = _lookup(snap, ids)
    pos_known = pos_ids[known]
    fresh = loaded["member"]
    fresh_ids = fresh["member_id"].astype(np.int64)
    if len(pos_known):
        m.alive[pos_known[~np.isin(ids[known], fresh_ids)]] = False
    if len(fresh_ids):
        fpos, upd = _lookup(snap, fresh_ids)
        if upd.any():
            ppos = fpos[upd]
            for name, arr in fresh.items():
                vals = narrow(arr[upd])
                have = m.cols[name]
                dtype = _fits(have.dtype, vals)
                if dtype != have.dtype:
                    m.cols[name] = have = have.astype(dtype)
                have[ppos] = vals
            m.alive[ppos] = True
        new = ~upd
        if new.any():
            new_ids = fresh_ids[new]
            base = m.n
            in_order = m.sorted_n == m.n and (m.n == 0 or new_ids.min() > int(m.cols["member_id"][m.n - 1]))
            srt = np.argsort(new_ids)
            m.append({name: arr[new][srt] for name, arr in fresh.items()})
            if in_order:
                m.sorted_n = m.n
            else:
                for k, mid in enumerate(new_ids[srt]):
                    snap.extra_ids[int(mid)] = base + k
    # related tables: kill the dirty members' rows, append their current rows
    dirty_mask = np.zeros(m.n, dtype=bool)
    dirty_mask[pos_known] = True
    for name, table in snap.tables.items():
        if len(pos_known):
            table.kill(dirty_mask, table.cols["m"])
        cols = dict(loaded[name])
        member_ids = cols.pop("member_id")
        if len(member_ids):
            cols["m"] = _positions(snap, member_ids.astype(np.int64))
            table.append(cols)


def _known(snap: Snapshot, ids: np.ndarray) -> np.ndarray:
    return _lookup(snap, ids)[1]


def _needs_compaction(snap: Snapshot) -> bool:
    return any(t.needs_compaction() for t in snap.tables.values())


def _compact(snap: Snapshot) -> None:
    """Drop dead rows and re-sort the appended tails (member positions are stable, so only related tables)."""
    for name, table in list(snap.tables.items()):
        if not table.needs_compaction():
            continue
        keep = table.all_rows()
        cols = {k: v[keep] for k, v in table.cols.items()}
        snap.tables[name] = Table(table.spec, cols)


async def _store_companies(scope: Scope) -> dict[int, int]:
    """Store → company, as ``Scope.member_mask`` needs it for a company-wide reach (else empty)."""
    if scope.reach is not Reach.COMPANY:
        return {}
    from api.org.models import Store

    rows: list[Any] = await Store.filter(company_id=scope.company_id).values_list("id", "company_id")
    return {int(s): int(c) for s, c in rows}


def _supported(rule: dict[str, Any], ctx: RuleContext) -> bool:
    from api.segments.rules import walk_conditions

    pending = [rule]
    while pending:
        for cond, value in walk_conditions(pending.pop()):
            definition = conditions.get(cond)
            if definition is None or definition.vector is None:
                return False
            if definition.prepare is not None:
                pending.extend(ctx.segment_rules[s] for s in definition.prepare(value).get("segments", ()))
    return True


# -- evaluation ---------------------------------------------------------------------------------

class Evaluator:
    """Evaluates a (valid, prepared) rule over every member of a snapshot: one boolean per member."""

    def __init__(self, snap: Snapshot, ctx: RuleContext):
        self.s = snap
        self.ctx = ctx
        self.n = snap.size
        self.m = snap.members

    def eval(self, rule: dict[str, Any]) -> np.ndarray:
        (key, value), = rule.items()
        if key == "all":
            out = np.ones(self.n, dtype=bool)
            for c in value:
                out &= self.eval(c)
                if not out.any():  # nobody left: the remaining conditions cannot add anyone
                    break
            return out
        if key == "any":
            out = np.zeros(self.n, dtype=bool)
            for c in value:
                out |= self.eval(c)
                if out.all():
                    break
            return out
        if key == "not":
            return ~self.eval(value)
        cond = conditions.get(key)
        if cond is None or cond.vector is None:
            raise Unsupported(key)
        result: np.ndarray = cond.vector(self, value)
        return result

    # helpers -----------------------------------------------------------------------------------
    def col(self, name: str) -> np.ndarray:
        return self.m.col(name)

    def codes(self, dname: str, values: list[str]) -> np.ndarray:
        d = self.s.dicts.get(dname, {})
        return np.array([d[v] for v in values if v in d], dtype=np.int64)

    def mark(self, table: Table, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        out[table.cols["m"][rows]] = True
        return out

    def count(self, table: Table, rows: np.ndarray) -> np.ndarray:
        return np.bincount(table.cols["m"][rows], minlength=self.n)

    def total(self, table: Table, rows: np.ndarray, column: str) -> np.ndarray:
        # float64 sums of integer cents are exact below 2**53 (90 trillion yuan per member)
        return np.bincount(table.cols["m"][rows], weights=table.cols[column][rows], minlength=self.n)

    def nonnull_in(self, name: str, ids: list[int]) -> np.ndarray:
        c = self.col(name)
        return (c != NULL) & np.isin(c, np.array(ids, dtype=np.int64))

    @staticmethod
    def in_range(x: np.ndarray, r: dict[str, int] | None) -> np.ndarray:
        out = np.ones(len(x), dtype=bool)
        if r:
            if "min" in r:
                out &= x >= r["min"]
            if "max" in r:
                out &= x <= r["max"]
        return out

    def order_window(self, days: int) -> tuple[np.ndarray, np.ndarray]:
        """(live orders, net spend) per member in the last ``days`` days."""
        o = self.s.tables["order"]
        rows = o.rows_from(us(self.ctx.within_last(days)))
        rows = rows[o.cols["live"][rows] == 1]
        return self.count(o, rows), self.total(o, rows, "net")


# -- the process-wide index ---------------------------------------------------------------------

_INDEX: AudienceIndex | None = None


def mode() -> str:
    """``RAPPORT_AUDIENCE_INDEX``: ``on`` (default: built in the background, SQL until ready),
    ``eager`` (the first estimate waits for the build: tests, tools) or ``off``."""
    value = os.environ.get("RAPPORT_AUDIENCE_INDEX", "on").strip().lower()
    if value in ("off", "0", "false", "no"):
        return "off"
    return "eager" if value == "eager" else "on"


def enabled() -> bool:
    return mode() != "off"


def get_index() -> AudienceIndex | None:
    """This process's index, or None when disabled."""
    global _INDEX
    if not enabled():
        return None
    if _INDEX is None:
        _INDEX = AudienceIndex()
    return _INDEX


def reset() -> None:
    """Forget the index (tests that empty tables with TRUNCATE, which fires no triggers)."""
    if _INDEX is not None:
        _INDEX.reset()
