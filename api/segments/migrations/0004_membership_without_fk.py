"""segment_membership keeps its references but drops their database foreign keys (see the model's
docstring for why).  Tortoise's SQLite schema editor rebuilds the table for this and drops its indexes,
so they are restored idempotently (on PostgreSQL they are already there)."""

from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


DROP_PG_FKS = """
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'segment_membership'::regclass AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE segment_membership DROP CONSTRAINT %I', c.conname);
  END LOOP;
END
$$"""


async def drop_pg_foreign_keys(apps: Any, schema_editor: Any) -> None:
    # Tortoise's PostgreSQL editor leaves the constraints in place when db_constraint changes.
    if str(schema_editor.client.capabilities.dialect).startswith("postgres"):
        await schema_editor.client.execute_script(DROP_PG_FKS)


async def nothing(apps: Any, schema_editor: Any) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [
        ("rapport", "0001_initial"),
        ("rapport", "0002_fk_indexes"),
        ("rapport", "0003_ensure_indexes"),
        ("segments", "0003_member_change"),
    ]

    initial = False

    operations = [
        ops.AlterField(
            model_name="SegmentMembership",
            name="member",
            field=fields.ForeignKeyField(
                "rapport.Member", source_field="member_id", db_constraint=False, to_field="id",
                related_name="segment_memberships", on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.AlterField(
            model_name="SegmentMembership",
            name="segment",
            field=fields.ForeignKeyField(
                "segments.Segment", source_field="segment_id", db_constraint=False, to_field="id",
                related_name="memberships", on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.RunPython(drop_pg_foreign_keys, nothing),
        ops.RunSQL(
            [
                'CREATE INDEX IF NOT EXISTS "idx_segment_mem_segment_16d408" ON "segment_membership" '
                '("segment_id", "exited_at", "member_id")',
                'CREATE INDEX IF NOT EXISTS "idx_segment_mem_member__d4f327" ON "segment_membership" '
                '("member_id", "exited_at")',
            ]
        ),
    ]
