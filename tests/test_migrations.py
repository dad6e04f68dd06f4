"""The migrated database has every table, column and index the models declare."""

from tortoise import Tortoise, connections

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
