"""Restore the unique constraints SQLite lost, and make card uses and service completions idempotent.

1. ``event (source, external_id)``. The model and 0001 declare it, but 0002 altered ``event.member``
   and Tortoise's SQLite schema editor rebuilt the table without it (PostgreSQL kept it), so
   concurrent deliveries of one event could all be stored on SQLite.  Before the unique index is
   created, duplicates are removed: of each group of rows sharing (source, external_id) the row
   with the **lowest id** (the first delivery, the one callers were answered with first) is kept
   and the later copies are deleted.  Nothing refers to ``event`` rows, so nothing dangles.  The
   index is created with ``IF NOT EXISTS`` under the name Tortoise gives it, so on PostgreSQL (or
   a database already repaired) this step finds it in place and the dedupe finds nothing to do.
2. ``card_use`` and ``service_completion`` gain ``source`` (default ``'pos'``, as orders have) and a
   nullable ``external_id``, unique together: a POS retrying a call sends the same id and the
   card is punched once.  Several rows without an external id are allowed (NULLs are distinct in a
   unique index on both databases).  Adding columns does not rebuild tables on SQLite
   (``ALTER TABLE ... ADD COLUMN``), so no index is lost this time.

``tests/test_migrations.py`` checks every unique constraint the models declare against the migrated
database, on both databases.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint

EVENT_UNIQUE = 'CREATE UNIQUE INDEX IF NOT EXISTS "uid_event_source_fc3547" ON "event" ("source", "external_id")'


async def dedupe_events(apps: Any, schema_editor: Any) -> None:
    """Keep the lowest id of every (source, external_id) group of events, delete the rest."""
    client = schema_editor.client
    if str(client.capabilities.dialect).startswith("postgres"):
        # The unique index exists here (it never went away): probing it costs one index lookup a row.
        await client.execute_script(
            "DELETE FROM event e WHERE EXISTS (SELECT 1 FROM event d WHERE d.source = e.source "
            "AND d.external_id = e.external_id AND d.id < e.id)"
        )
    else:
        # No index on (source, external_id) yet: one grouped pass instead of a probe per row.
        await client.execute_script(
            "DELETE FROM event WHERE id NOT IN (SELECT MIN(id) FROM event GROUP BY source, external_id)"
        )


async def nothing(apps: Any, schema_editor: Any) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [("rapport", "0003_ensure_indexes")]

    initial = False

    operations = [
        ops.RunPython(dedupe_events, nothing),
        ops.RunSQL([EVENT_UNIQUE], ops.RunSQL.noop),
        ops.AddField(
            model_name="CardUse",
            name="source",
            field=fields.CharField(default="pos", db_default="pos", max_length=40),
        ),
        ops.AddField(
            model_name="CardUse",
            name="external_id",
            field=fields.CharField(null=True, max_length=80, description="the sender's id: a retry punches once"),
        ),
        ops.AddConstraint(model_name="CardUse", constraint=UniqueConstraint(fields=("source", "external_id"))),
        ops.AddField(
            model_name="ServiceCompletion",
            name="source",
            field=fields.CharField(default="pos", db_default="pos", max_length=40),
        ),
        ops.AddField(
            model_name="ServiceCompletion",
            name="external_id",
            field=fields.CharField(null=True, max_length=80, description="the sender's id: a retry is stored once"),
        ),
        ops.AddConstraint(
            model_name="ServiceCompletion", constraint=UniqueConstraint(fields=("source", "external_id"))
        ),
    ]
