"""Indexes on the decision time of sends: the fatigue counters of a member are rebuilt from their sends
decided in the last 93 days (``member_id, decided_at``), and ``journeyEstimate`` asks which members'
sends already fill a cap window (``decided_at``)."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("rapport", "0012_journey_engine")]

    initial = False

    operations = [
        ops.AddIndex(model_name="MessageSend", index=Index(fields=["member_id", "decided_at"])),
        ops.AddIndex(model_name="MessageSend", index=Index(fields=["decided_at"])),
    ]
