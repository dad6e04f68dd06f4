"""The trigger matcher's horizon waits only for the transactions writing to the source table (found by
their table lock), not for every transaction on the server: the pending horizon keeps those writers'
virtual transaction ids (``api.journeys.entries.readable_upto``)."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("rapport", "0014_cursor_horizon")]

    initial = False

    operations = [
        ops.RenameField(model_name="TriggerCursor", old_name="pending_snapshot", new_name="pending_writers"),
    ]
