"""The member change log: which members' rule-relevant data changed, written by the database itself.

The in-memory audience index (``api.segments.audience_index``) answers estimates from a snapshot of
the data; to stay exact it must learn of every write that can change a rule's answer for a member.
Rather than trusting every code path (services, imports, the seed, a hand-written SQL fix) to report
its writes, triggers on the tables rules read append the member's id to ``member_change`` in the
same transaction as the write:

``member``, ``member_tag``, ``member_card``, ``points_entry``, ``"order"``, ``order_line`` (through
its order) and ``service_completion``.

* PostgreSQL: statement-level triggers with transition tables (one row per member per statement,
  so a bulk ``COPY`` costs one ``INSERT ... SELECT DISTINCT``), each row stamped with the writing
  transaction's id (``xid8``).  A reader that loaded its data under snapshot S finds exactly the
  changes it has not seen with ``NOT pg_visible_in_snapshot(xid, S)``: a transaction that started
  before S and committed after it is still found, which a sequence number alone would miss.
  A session that sets ``rapport.bulk_load = on`` (the seed, writing into an empty database) skips
  the log.
* SQLite: row-level triggers; writers are serialised, so the autoincrement id orders the changes
  by commit and "changes after id N" is exact.

The log is pruned by the nightly job (``prune``); an index that has not caught up for longer than
the retention rebuilds itself from scratch instead of trusting a log with holes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

RETENTION = timedelta(days=2)
"""How long change rows are kept; audience indexes older than half of it rebuild from scratch."""

# table -> SQL selecting the member id(s) of the rows in transition table ``t``
_MEMBER_OF: dict[str, str] = {
    "member": "SELECT t.id FROM {t} t",
    "member_tag": "SELECT t.member_id FROM {t} t",
    "member_card": "SELECT t.member_id FROM {t} t",
    "points_entry": "SELECT t.member_id FROM {t} t",
    "order": "SELECT t.member_id FROM {t} t",
    "service_completion": "SELECT t.member_id FROM {t} t",
    "order_line": 'SELECT o.member_id FROM {t} t JOIN "order" o ON o.id = t.order_id',
}

TABLES = list(_MEMBER_OF)


def _pg_function(table: str) -> str:
    name = f"rapport_mc_{table}"
    sel_new, sel_old = _MEMBER_OF[table].format(t="new_rows"), _MEMBER_OF[table].format(t="old_rows")
    insert = "INSERT INTO member_change (member_id, xid) SELECT DISTINCT x.m, pg_current_xact_id() FROM ({}) x(m)"
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('rapport.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    {insert.format(sel_new)};
  ELSIF TG_OP = 'UPDATE' THEN
    {insert.format(sel_new + " UNION " + sel_old)};
  ELSE
    {insert.format(sel_old)};
  END IF;
  RETURN NULL;
END
$fn$"""


def _pg_triggers(table: str) -> list[str]:
    fn = f"rapport_mc_{table}"
    q = f'"{table}"'
    return [
        f"DROP TRIGGER IF EXISTS {fn}_ins ON {q}",
        f"DROP TRIGGER IF EXISTS {fn}_upd ON {q}",
        f"DROP TRIGGER IF EXISTS {fn}_del ON {q}",
        f"CREATE TRIGGER {fn}_ins AFTER INSERT ON {q} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER {fn}_upd AFTER UPDATE ON {q} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER {fn}_del AFTER DELETE ON {q} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
    ]


def _sqlite_member(table: str, row: str) -> str:
    if table == "member":
        return f"{row}.id"
    if table == "order_line":
        return f'(SELECT o.member_id FROM "order" o WHERE o.id = {row}.order_id)'
    return f"{row}.member_id"


def _sqlite_triggers(table: str) -> list[str]:
    q = f'"{table}"'
    out = []
    for op, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
        name = f"rapport_mc_{table}_{op.lower()[:3]}"
        inserts = " ".join(
            f"INSERT INTO member_change (member_id) SELECT {_sqlite_member(table, r)} "
            f"WHERE {_sqlite_member(table, r)} IS NOT NULL;"
            for r in rows
        )
        out.append(f"DROP TRIGGER IF EXISTS {name}")
        out.append(f"CREATE TRIGGER {name} AFTER {op} ON {q} BEGIN {inserts} END")
    return out


async def install(client: Any, postgres: bool) -> None:
    """Create the log table and its triggers (idempotent)."""
    if postgres:
        await client.execute_script(
            "CREATE TABLE IF NOT EXISTS member_change (id BIGSERIAL PRIMARY KEY, member_id INT NOT NULL, "
            "xid XID8 NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        await client.execute_script("CREATE INDEX IF NOT EXISTS member_change_xid ON member_change (xid)")
        await client.execute_script("CREATE INDEX IF NOT EXISTS member_change_at ON member_change (at)")
        for table in TABLES:
            await client.execute_script(_pg_function(table))
            for stmt in _pg_triggers(table):
                await client.execute_script(stmt)
    else:
        await client.execute_script(
            "CREATE TABLE IF NOT EXISTS member_change (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "member_id INT NOT NULL, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        await client.execute_script("CREATE INDEX IF NOT EXISTS member_change_at ON member_change (at)")
        for table in TABLES:
            for stmt in _sqlite_triggers(table):
                await client.execute_script(stmt)


async def uninstall(client: Any, postgres: bool) -> None:
    for table in TABLES:
        if postgres:
            for op in ("ins", "upd", "del"):
                await client.execute_script(f'DROP TRIGGER IF EXISTS rapport_mc_{table}_{op} ON "{table}"')
            await client.execute_script(f"DROP FUNCTION IF EXISTS rapport_mc_{table}()")
        else:
            for op in ("ins", "upd", "del"):
                await client.execute_script(f"DROP TRIGGER IF EXISTS rapport_mc_{table}_{op}")
    await client.execute_script("DROP TABLE IF EXISTS member_change")


async def prune(retention: timedelta = RETENTION) -> int:
    """Delete change rows older than ``retention`` by the database's own clock (the nightly job)."""
    from tortoise import connections

    from api.core.db import dialect

    conn = connections.get("default")
    seconds = int(retention.total_seconds())
    if dialect() == "postgres":
        rows = await conn.execute_query_dict(
            "WITH d AS (DELETE FROM member_change WHERE at < now() - make_interval(secs => $1) RETURNING 1) "
            "SELECT COUNT(*) AS n FROM d", [seconds]
        )
        return int(rows[0]["n"])
    count, _ = await conn.execute_query(
        "DELETE FROM member_change WHERE at < datetime('now', ?)", [f"{-seconds} seconds"]
    )
    return int(count)
