"""Member identity per retail company, and imports as jobs.

* ``member.company_id``: the owning company (the home store's, else the owning guide's store's,
  else null for HQ-only members), backfilled from store and guide.
* The unique constraint on ``member.phone`` (brand-wide) is replaced by the unique index
  ``uid_member_company_phone`` on ``(COALESCE(company_id, 0), phone)``: a phone identifies one
  member within a company, and checking it tells a caller nothing about other companies.
* ``member_import`` becomes the record of an import job (status, progress, the importer's reach);
  its row report moves from a JSON column to ``member_import_row`` (old reports are copied over).

The SQL is written by hand for each dialect (the state operations at the top keep Tortoise's model
state in step). SQLite cannot drop a column's UNIQUE constraint, so the member table is rebuilt as
SQLite's documented 12-step procedure says: foreign keys off (outside a transaction, hence
``atomic = False``), then in one transaction create the new table, copy, drop, rename, and re-create
the table's indexes and triggers (the change-log triggers of ``api.segments.changes`` included),
then check foreign keys and turn them back on. Tortoise's own AlterField rebuild would run
``DROP TABLE member`` with foreign keys on, and SQLite would cascade that delete to orders, cards
and every other table that references members.
"""

import re
from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from api.members.models import ImportStatus


class _StateOnly:
    """A Tortoise operation that changes the migration state only; the SQL is written by hand."""

    async def database_forward(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def database_backward(self, *args: Any, **kwargs: Any) -> None:
        return None


class AddFieldState(_StateOnly, ops.AddField):
    pass


class AlterFieldState(_StateOnly, ops.AlterField):
    pass


class RemoveFieldState(_StateOnly, ops.RemoveField):
    pass


def _is_postgres(schema_editor: Any) -> bool:
    return str(schema_editor.client.capabilities.dialect).startswith("postgres")


_BACKFILL = (
    "COALESCE((SELECT s.company_id FROM store s WHERE s.id = {m}.home_store_id), "
    "(SELECT s.company_id FROM guide g JOIN store s ON s.id = g.store_id WHERE g.id = {m}.guide_id))"
)
_COMPANY_INDEX = 'CREATE INDEX IF NOT EXISTS "idx_member_company_6be052" ON "member" ("company_id")'
_PHONE_INDEX = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_member_company_phone" ON "member" (COALESCE("company_id", 0), "phone")'
)


async def postgres_forward(apps: Any, schema_editor: Any) -> None:
    if not _is_postgres(schema_editor):
        return
    client = schema_editor.client
    await client.execute_script(
        'ALTER TABLE "member" ADD COLUMN IF NOT EXISTS "company_id" INT '
        'REFERENCES "retail_company" ("id") ON DELETE SET NULL'
    )
    await client.execute_script(f'UPDATE "member" SET "company_id" = {_BACKFILL.format(m="member")}')
    # The brand-wide unique constraint on phone, whatever its generated name.
    rows = await client.execute_query_dict(
        "SELECT c.conname AS name FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
        "WHERE c.conrelid = 'member'::regclass AND c.contype = 'u' AND a.attname = 'phone' "
        "AND array_length(c.conkey, 1) = 1"
    )
    for row in rows:
        await client.execute_script(f'ALTER TABLE "member" DROP CONSTRAINT "{row["name"]}"')
    # ... and a unique index on phone alone, if one was made as an index rather than a constraint.
    rows = await client.execute_query_dict(
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'member' "
        "AND indexdef ILIKE 'CREATE UNIQUE INDEX%' AND indexdef ~* '\\(\\s*\"?phone\"?\\s*\\)$'"
    )
    for row in rows:
        await client.execute_script(f'DROP INDEX IF EXISTS "{row["name"]}"')
    await client.execute_script(_COMPANY_INDEX)
    await client.execute_script(_PHONE_INDEX)

    await client.execute_script(
        'ALTER TABLE "member_import" '
        f"ADD COLUMN \"status\" VARCHAR(8) NOT NULL DEFAULT '{ImportStatus.DONE.value}', "
        'ADD COLUMN "rows_done" INT NOT NULL DEFAULT 0, '
        'ADD COLUMN "error" TEXT, '
        'ADD COLUMN "company_id" INT REFERENCES "retail_company" ("id") ON DELETE CASCADE, '
        'ADD COLUMN "created_by_user_id" INT, '
        'ADD COLUMN "created_by_token_id" INT, '
        "ADD COLUMN \"viewer\" JSONB NOT NULL DEFAULT '{}', "
        'ADD COLUMN "started_at" TIMESTAMPTZ, '
        'ADD COLUMN "finished_at" TIMESTAMPTZ'
    )
    await client.execute_script('UPDATE "member_import" SET "rows_done" = "total_rows"')
    await client.execute_script(
        'INSERT INTO "member_import_row" ("member_import_id", "row", "column", "message") '
        "SELECT i.id, COALESCE((e->>'row')::int, 0), LEFT(COALESCE(e->>'field', ''), 40), COALESCE(e->>'message', '') "
        'FROM "member_import" i, jsonb_array_elements(i.errors::jsonb) e'
    )
    await client.execute_script('ALTER TABLE "member_import" DROP COLUMN "errors"')


async def sqlite_forward(apps: Any, schema_editor: Any) -> None:
    if _is_postgres(schema_editor):
        return
    client = schema_editor.client
    rows = await client.execute_query_dict("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'member'")
    table_sql = str(rows[0]["sql"])
    new_sql, n = re.subn(r'("phone"\s+VARCHAR\(20\))\s+UNIQUE', r"\1", table_sql, count=1)
    if n != 1:
        raise RuntimeError("member.phone: the UNIQUE column constraint to remove was not found")
    new_sql = re.sub(r'CREATE TABLE\s+(IF NOT EXISTS\s+)?"?member"?', 'CREATE TABLE "new__member"', new_sql, count=1)
    close = new_sql.rstrip().rfind(")")
    new_sql = (
        new_sql[:close].rstrip()
        + ',\n    "company_id" INT REFERENCES "retail_company" ("id") ON DELETE SET NULL\n'
        + new_sql[close:]
    )
    columns = [str(r["name"]) for r in await client.execute_query_dict('PRAGMA table_info("member")')]
    column_list = ", ".join(f'"{c}"' for c in columns)
    dependants = await client.execute_query_dict(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'member' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
    )
    script = [
        "BEGIN",
        new_sql,
        f'INSERT INTO "new__member" ({column_list}, "company_id") '
        f'SELECT {column_list}, {_BACKFILL.format(m="member")} FROM "member"',
        'DROP TABLE "member"',
        'ALTER TABLE "new__member" RENAME TO "member"',
        *[str(r["sql"]) for r in dependants],
        _COMPANY_INDEX,
        _PHONE_INDEX,
        f'ALTER TABLE "member_import" ADD COLUMN "status" VARCHAR(8) NOT NULL DEFAULT \'{ImportStatus.DONE.value}\'',
        'ALTER TABLE "member_import" ADD COLUMN "rows_done" INT NOT NULL DEFAULT 0',
        'ALTER TABLE "member_import" ADD COLUMN "error" TEXT',
        'ALTER TABLE "member_import" ADD COLUMN "company_id" INT REFERENCES "retail_company" ("id") ON DELETE CASCADE',
        'ALTER TABLE "member_import" ADD COLUMN "created_by_user_id" INT',
        'ALTER TABLE "member_import" ADD COLUMN "created_by_token_id" INT',
        'ALTER TABLE "member_import" ADD COLUMN "viewer" JSON NOT NULL DEFAULT \'{}\'',
        'ALTER TABLE "member_import" ADD COLUMN "started_at" TIMESTAMP',
        'ALTER TABLE "member_import" ADD COLUMN "finished_at" TIMESTAMP',
        'UPDATE "member_import" SET "rows_done" = "total_rows"',
        'INSERT INTO "member_import_row" ("member_import_id", "row", "column", "message") '
        "SELECT i.id, COALESCE(json_extract(e.value, '$.row'), 0), substr(COALESCE(json_extract(e.value, '$.field'), ''), 1, 40), "
        "COALESCE(json_extract(e.value, '$.message'), '') FROM \"member_import\" i, json_each(i.errors) e",
        'ALTER TABLE "member_import" DROP COLUMN "errors"',
        "COMMIT",
    ]
    await client.execute_script("PRAGMA foreign_keys = OFF")
    try:
        try:
            await client.execute_script(";\n".join(script) + ";")
        except Exception:
            await client.execute_script("ROLLBACK")
            raise
        problems = await client.execute_query_dict("PRAGMA foreign_key_check")
        if problems:
            raise RuntimeError(f"foreign key problems after rebuilding member: {problems[:5]}")
    finally:
        await client.execute_script("PRAGMA foreign_keys = ON")


class Migration(migrations.Migration):
    dependencies = [("rapport", "0005_settings_audit")]

    initial = False
    atomic = False  # SQLite's foreign_keys pragma is a no-op inside a transaction; see the docstring

    operations = [
        ops.CreateModel(
            name="MemberImportRow",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("row", fields.IntField()),
                ("column", fields.CharField(max_length=40)),
                ("message", fields.TextField()),
                (
                    "member_import",
                    fields.ForeignKeyField(
                        "rapport.MemberImport",
                        source_field="member_import_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "member_import_row",
                "app": "rapport",
                "indexes": [Index(fields=["member_import_id", "row"])],
                "pk_attr": "id",
                "table_description": "One line of an import's row report: a row that was not applied, the column and why.",
            },
            bases=["Model"],
        ),
        AddFieldState(
            model_name="Member",
            name="company",
            field=fields.ForeignKeyField(
                "rapport.RetailCompany",
                source_field="company_id",
                null=True,
                db_index=True,
                db_constraint=True,
                to_field="id",
                related_name="members",
                on_delete=OnDelete.SET_NULL,
                description="owning retail company (home store's, else the guide's store's); null: HQ only",
            ),
        ),
        AlterFieldState(model_name="Member", name="phone", field=fields.CharField(max_length=20, null=True)),
        RemoveFieldState(model_name="MemberImport", name="errors"),
        AddFieldState(
            model_name="MemberImport",
            name="status",
            field=fields.CharEnumField(
                description="QUEUED: queued\nRUNNING: running\nDONE: done\nFAILED: failed",
                enum_type=ImportStatus,
                max_length=8,
                default=ImportStatus.QUEUED,
            ),
        ),
        AddFieldState(
            model_name="MemberImport",
            name="rows_done",
            field=fields.IntField(default=0, description="data rows processed and committed so far"),
        ),
        AddFieldState(
            model_name="MemberImport",
            name="error",
            field=fields.TextField(null=True, description="why the import FAILED"),
        ),
        AddFieldState(
            model_name="MemberImport",
            name="company",
            field=fields.ForeignKeyField(
                "rapport.RetailCompany",
                source_field="company_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="member_imports",
                on_delete=OnDelete.CASCADE,
                description="the company the importer acts for (null: HQ); its company admins see the import",
            ),
        ),
        AddFieldState(model_name="MemberImport", name="created_by_user_id", field=fields.IntField(null=True)),
        AddFieldState(model_name="MemberImport", name="created_by_token_id", field=fields.IntField(null=True)),
        AddFieldState(
            model_name="MemberImport",
            name="viewer",
            field=fields.JSONField(default=dict, description="the importer's role and reach, which the job runs with"),
        ),
        AddFieldState(model_name="MemberImport", name="started_at", field=fields.DatetimeField(null=True)),
        AddFieldState(model_name="MemberImport", name="finished_at", field=fields.DatetimeField(null=True)),
        ops.RunPython(postgres_forward, atomic=True),
        ops.RunPython(sqlite_forward, atomic=False),
    ]
