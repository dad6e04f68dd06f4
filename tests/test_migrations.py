"""The migrated database has every table, column and index the models declare."""

from tortoise import Tortoise, connections

from api.core import clock
from api.core.db import dialect


async def _indexes() -> set[str]:
    conn = connections.get("default")
    if dialect() == "postgres":
        rows = await conn.execute_query_dict("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'")
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {r["name"] for r in rows}


async def _columns(table: str) -> set[str]:
    conn = connections.get("default")
    if dialect() == "postgres":
        rows = await conn.execute_query_dict(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1", [table]
        )
    else:
        rows = await conn.execute_query_dict(f'PRAGMA table_info("{table}")')
    return {r["name"] for r in rows}


async def test_migrations_create_every_declared_index_and_column(db) -> None:
    from tortoise.utils import get_schema_sql

    # given the schema Tortoise would generate from the models
    declared = {
        line.split('"')[1]
        for line in get_schema_sql(connections.get("default"), safe=True).splitlines()
        if line.startswith("CREATE INDEX")
    }
    # then the migrated database has all those indexes
    missing = declared - await _indexes()
    assert not missing, f"indexes declared by models but not created by migrations: {sorted(missing)}"
    # and every model column
    for app in Tortoise.apps.values():
        for model in app.values():
            wanted = {f.source_field or name for name, f in model._meta.fields_map.items() if f.has_db_field}
            have = await _columns(model._meta.db_table)
            assert wanted <= have, (model.__name__, sorted(wanted - have))


def _declared_unique_sets() -> dict[str, set[frozenset[str]]]:
    """Every unique column set the models declare (unique fields and ``unique_together``), per table."""
    declared: dict[str, set[frozenset[str]]] = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            meta = model._meta
            sets = declared.setdefault(meta.db_table, set())
            for name, f in meta.fields_map.items():
                if f.has_db_field and f.unique and not f.pk:
                    sets.add(frozenset({f.source_field or name}))
            for group in meta.unique_together or ():
                sets.add(frozenset(meta.fields_map[name].source_field or name for name in group))
    return declared


async def _unique_sets(table: str) -> set[frozenset[str]]:
    """The column sets of the table's full (not partial) unique indexes and constraints."""
    conn = connections.get("default")
    if dialect() == "postgres":
        rows = await conn.execute_query_dict(
            "SELECT i.indexrelid AS idx, a.attname AS col FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey) "
            "WHERE t.relname = $1 AND i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL",
            [table],
        )
        cols: dict[int, set[str]] = {}
        for r in rows:
            cols.setdefault(r["idx"], set()).add(r["col"])
        return {frozenset(c) for c in cols.values()}
    found: set[frozenset[str]] = set()
    for index in await conn.execute_query_dict(f'PRAGMA index_list("{table}")'):
        if index["unique"] and not index["partial"] and index["origin"] != "pk":
            info = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
            found.add(frozenset(r["name"] for r in info))
    return found


async def test_migrations_create_every_declared_unique_constraint(db) -> None:
    # given every unique field and unique_together the models declare
    declared = _declared_unique_sets()
    assert frozenset({"source", "external_id"}) in declared["event"]  # the one SQLite used to lose

    # then the migrated database enforces each of them, with exactly those columns
    missing = []
    for table, wanted in sorted(declared.items()):
        have = await _unique_sets(table)
        missing += [(table, sorted(cols)) for cols in wanted - have]
    assert not missing, f"unique constraints declared by models but missing from the database: {missing}"


async def test_unique_constraints_migration_keeps_the_first_of_each_duplicate_event(db) -> None:
    import importlib
    from types import SimpleNamespace

    from api.orders.models import Event

    m0004 = importlib.import_module("api.migrations.0004_unique_constraints")
    conn = connections.get("default")
    # given a database that lost the unique index on event (source, external_id), as SQLite did,
    # and three deliveries of one event, two of another and one single event
    if dialect() == "postgres":
        await conn.execute_script('ALTER TABLE "event" DROP CONSTRAINT "uid_event_source_fc3547"')
    else:
        await conn.execute_script('DROP INDEX "uid_event_source_fc3547"')
    try:
        ids = []
        for source, ext in [("pos", "a"), ("pos", "a"), ("crm", "b"), ("pos", "a"), ("crm", "b"), ("crm", "a")]:
            e = await Event.create(type="x", source=source, external_id=ext, occurred_at=clock.now())
            ids.append(e.id)

        # when the migration's dedupe and index steps run
        await m0004.dedupe_events(None, SimpleNamespace(client=conn))
    finally:
        await conn.execute_script(m0004.EVENT_UNIQUE)

    # then the lowest id of each group is kept, the later copies are gone
    assert sorted(await Event.all().values_list("id", flat=True)) == [ids[0], ids[2], ids[5]]
    # and the unique index is back
    assert frozenset({"source", "external_id"}) in await _unique_sets("event")
