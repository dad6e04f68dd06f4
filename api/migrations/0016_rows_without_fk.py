"""Enrollments and message sends keep their references but drop their database foreign keys: a one-shot
run inserts a million enrollments and then a million sends, and each row's reference checks (a lock on the
member, the journey and the version) cost as much as the row. The statements that write them read the
rows they reference (see the models). Only PostgreSQL's constraints are dropped: Tortoise's SQLite schema
editor would rebuild both tables (losing their indexes), and the embedded database never sees such runs,
so the fields change in the migration state only and SQLite keeps its references."""

from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

DROP_PG_FKS = """
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conrelid::regclass::text AS tbl, conname FROM pg_constraint
           WHERE conrelid IN ('enrollment'::regclass, 'message_send'::regclass) AND contype = 'f'
             AND confrelid IN ('member'::regclass, 'journey'::regclass, 'journey_version'::regclass) LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', c.tbl, c.conname);
  END LOOP;
END
$$"""


async def drop_pg_foreign_keys(apps: Any, schema_editor: Any) -> None:
    # Tortoise's PostgreSQL editor leaves the constraints in place when db_constraint changes.
    if str(schema_editor.client.capabilities.dialect).startswith("postgres"):
        await schema_editor.client.execute_script(DROP_PG_FKS)


# the references, once: (model, field, table, column, referenced model, referenced table, related name, on delete)
REFERENCES = (
    ("Enrollment", "journey", "enrollment", "journey_id", "rapport.Journey", "journey", "enrollments",
     OnDelete.CASCADE),
    ("Enrollment", "version", "enrollment", "version_id", "rapport.JourneyVersion", "journey_version", "enrollments",
     OnDelete.RESTRICT),
    ("Enrollment", "member", "enrollment", "member_id", "rapport.Member", "member", "enrollments", OnDelete.CASCADE),
    ("MessageSend", "member", "message_send", "member_id", "rapport.Member", "member", "message_sends",
     OnDelete.CASCADE),
)

ADD_PG_FKS = "\n".join(
    f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fkey FOREIGN KEY ({column}) "
    f"REFERENCES {target} (id) ON DELETE {on_delete.value};"
    for _, _, table, column, _, target, _, on_delete in REFERENCES
)


async def add_pg_foreign_keys(apps: Any, schema_editor: Any) -> None:
    if str(schema_editor.client.capabilities.dialect).startswith("postgres"):
        await schema_editor.client.execute_script(ADD_PG_FKS)


class AlterFieldState(ops.AlterField):
    """The field changes in the migration state; the database is left to ``drop_pg_foreign_keys``."""

    async def database_forward(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def database_backward(self, *args: Any, **kwargs: Any) -> None:
        return None


class Migration(migrations.Migration):
    dependencies = [("rapport", "0015_cursor_writers")]

    initial = False

    operations = [
        *(AlterFieldState(model_name=model, name=name, field=fields.ForeignKeyField(
            to, source_field=column, db_constraint=False, to_field="id", related_name=related, on_delete=on_delete))
          for model, name, _, column, to, _, related, on_delete in REFERENCES),
        ops.RunPython(drop_pg_foreign_keys, add_pg_foreign_keys),
    ]
