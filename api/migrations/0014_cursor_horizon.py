"""The trigger matcher's visibility horizon on PostgreSQL: the newest id seen while other transactions
were writing, and the snapshot it was seen in (``api.journeys.entries.readable_upto``)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("rapport", "0013_send_decided_at")]

    initial = False

    operations = [
        ops.AddField(model_name="TriggerCursor", name="pending_high", field=fields.BigIntField(null=True)),
        ops.AddField(model_name="TriggerCursor", name="pending_snapshot", field=fields.TextField(null=True)),
    ]
