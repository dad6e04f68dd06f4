"""The member change log and its triggers (see ``api.segments.changes``): what keeps the in-memory
audience index exact.  Not a model: the table is written by triggers and read with raw SQL."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

from api.segments import changes


def _is_postgres(schema_editor: Any) -> bool:
    return str(schema_editor.client.capabilities.dialect).startswith("postgres")


async def install(apps: Any, schema_editor: Any) -> None:
    await changes.install(schema_editor.client, _is_postgres(schema_editor))


async def uninstall(apps: Any, schema_editor: Any) -> None:
    await changes.uninstall(schema_editor.client, _is_postgres(schema_editor))


class Migration(migrations.Migration):
    dependencies = [("segments", "0002_estimate_indexes")]

    initial = False

    operations = [ops.RunPython(install, uninstall)]
