from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from api.journeys.models import EnrollmentStatus, JourneyStatus, RunStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('rapport', '0007_message_send')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Journey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='journeys', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=120)),
                ('description', fields.TextField(default='', unique=False)),
                ('template_key', fields.CharField(null=True, description='the built-in template it was created from', max_length=40)),
                ('status', fields.CharEnumField(default=JourneyStatus.DRAFT, description='DRAFT: draft\nACTIVE: active\nPAUSED: paused\nSTOPPED: stopped', enum_type=JourneyStatus, max_length=10)),
                ('draft', fields.JSONField(default=dict, description='the graph being edited (nodes, edges)', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('draft_revision', fields.IntField(default=0, description='bumped by every draft save, for optimistic concurrency')),
                ('current_version', fields.IntField(null=True, description='number of the version new members enter')),
                ('created_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'journey', 'app': 'rapport', 'pk_attr': 'id', 'table_description': 'A plan or a drawn canvas, owned by a company or by HQ (company NULL).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JourneyNodeDay',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('journey', fields.ForeignKeyField('rapport.Journey', source_field='journey_id', db_constraint=True, to_field='id', related_name='node_days', on_delete=OnDelete.CASCADE)),
                ('node_id', fields.CharField(max_length=64)),
                ('day', fields.DateField()),
                ('passed', fields.IntField(default=0)),
            ],
            options={'table': 'journey_node_day', 'app': 'rapport', 'unique_together': (('journey_id', 'node_id', 'day'),), 'pk_attr': 'id', 'table_description': 'Members who passed a node of a journey on a day (store time zone), summed in the claim transaction.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JourneyRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('journey', fields.ForeignKeyField('rapport.Journey', source_field='journey_id', db_constraint=True, to_field='id', related_name='runs', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(description='once, or the local date of a recurring run', max_length=40)),
                ('status', fields.CharEnumField(default=RunStatus.RUNNING, description='RUNNING: running\nDONE: done', enum_type=RunStatus, max_length=10)),
                ('last_member_id', fields.IntField(default=0)),
                ('entered', fields.IntField(default=0)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'journey_run', 'app': 'rapport', 'unique_together': (('journey_id', 'key'),), 'pk_attr': 'id', 'table_description': 'One scheduled entry of a one-shot or recurring journey (or a day of a date trigger): the audience is'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JourneyVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('journey', fields.ForeignKeyField('rapport.Journey', source_field='journey_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField(description='1, 2, 3 ... per journey')),
                ('graph', fields.JSONField(description='the validated graph, normalised', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('published_by_user_id', fields.IntField(null=True)),
            ],
            options={'table': 'journey_version', 'app': 'rapport', 'unique_together': (('journey_id', 'number'),), 'pk_attr': 'id', 'table_description': 'One published, immutable graph of a journey.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Enrollment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('journey', fields.ForeignKeyField('rapport.Journey', source_field='journey_id', db_constraint=True, to_field='id', related_name='enrollments', on_delete=OnDelete.CASCADE)),
                ('version', fields.ForeignKeyField('rapport.JourneyVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='enrollments', on_delete=OnDelete.RESTRICT)),
                ('member', fields.ForeignKeyField('rapport.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='enrollments', on_delete=OnDelete.CASCADE)),
                ('occurrence', fields.IntField(default=1, description="the member's n-th entry into this journey")),
                ('entry_key', fields.CharField(description='what let the member in (a run, an order, an event): it lets them in once', max_length=80)),
                ('node_id', fields.CharField(description='where the member is (or ended)', max_length=64)),
                ('due_at', fields.DatetimeField(null=True, description='when the member moves on (NULL: waiting for an event)', auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=EnrollmentStatus.ACTIVE, description='ACTIVE: active\nCOMPLETED: completed\nEXITED: exited', enum_type=EnrollmentStatus, max_length=10)),
                ('entered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('exit_reason', fields.CharField(default='', max_length=200)),
                ('steps', fields.IntField(default=0, description='nodes run so far: with the node id, the key of each side effect')),
            ],
            options={'table': 'enrollment', 'app': 'rapport', 'unique_together': (('journey_id', 'member_id', 'occurrence'), ('journey_id', 'member_id', 'entry_key')), 'indexes': [Index(fields=['status', 'due_at']), Index(fields=['member_id', 'journey_id'])], 'pk_attr': 'id', 'table_description': "One member's run through one version of a journey."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TriggerCursor',
            fields=[
                ('source', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('last_id', fields.BigIntField(default=0)),
            ],
            options={'table': 'journey_trigger_cursor', 'app': 'rapport', 'pk_attr': 'source', 'table_description': 'How far the trigger matcher has read each fact table (by id): facts are matched in batches, once.'},
            bases=['Model'],
        ),
        # at most one live run per member per journey (both dialects take this partial index)
        ops.RunSQL(
            ["CREATE UNIQUE INDEX uid_enrollment_live ON enrollment (journey_id, member_id) WHERE status = 'active'"],
            ["DROP INDEX uid_enrollment_live"],
        ),
    ]
