from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from api.segments.models import RefreshTrigger, SegmentKind
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('rapport', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='RfmSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('category', fields.CharField(unique=True, description='product category, empty for the default', max_length=60)),
                ('active_days', fields.IntField(description='last purchase at most this many days ago: active')),
                ('sleeping_days', fields.IntField(description='at most this many days ago (and not active): sleeping, else lost')),
                ('window_days', fields.IntField(description='frequency and monetary are measured over this many days')),
                ('frequency_high', fields.IntField(description='orders in the window at or above this: high frequency')),
                ('monetary_high_cents', fields.BigIntField(description='net spend in the window at or above this: high monetary')),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'rfm_settings', 'app': 'segments', 'pk_attr': 'id', 'table_description': 'Merchant RFM thresholds, for all purchases (category "") or for one product category.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Segment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=120)),
                ('description', fields.TextField(default='', unique=False)),
                ('kind', fields.CharEnumField(default=SegmentKind.CUSTOM, description='CUSTOM: custom\nSMART: smart', enum_type=SegmentKind, max_length=8)),
                ('smart_key', fields.CharField(null=True, unique=True, description='ready-made RFM group key, null for custom segments', max_length=40)),
                ('rule', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('member_count', fields.IntField(default=0)),
                ('last_refreshed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_refresh_ms', fields.IntField(null=True)),
                ('refresh_slow', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'segment', 'app': 'segments', 'pk_attr': 'id', 'table_description': 'A segment: a rule tree plus the bookkeeping of its last materialisation.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SegmentMembership',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('segment', fields.ForeignKeyField('segments.Segment', source_field='segment_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('rapport.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='segment_memberships', on_delete=OnDelete.CASCADE)),
                ('entered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('exited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'segment_membership', 'app': 'segments', 'indexes': [Index(fields=['segment_id', 'exited_at', 'member_id']), Index(fields=['member_id', 'exited_at'])], 'pk_attr': 'id', 'table_description': 'One stay of a member in a segment: from ``entered_at`` until ``exited_at`` (null while inside).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SegmentRefresh',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('segment', fields.ForeignKeyField('segments.Segment', source_field='segment_id', db_constraint=True, to_field='id', related_name='refreshes', on_delete=OnDelete.CASCADE)),
                ('trigger', fields.CharEnumField(description='CREATE: create\nUPDATE: update\nMANUAL: manual\nNIGHTLY: nightly\nPLAN: plan', enum_type=RefreshTrigger, max_length=8)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('duration_ms', fields.IntField()),
                ('member_count', fields.IntField()),
                ('entered', fields.IntField()),
                ('exited', fields.IntField()),
                ('slow', fields.BooleanField(default=False)),
            ],
            options={'table': 'segment_refresh', 'app': 'segments', 'indexes': [Index(fields=['segment_id', 'started_at'])], 'pk_attr': 'id', 'table_description': 'One materialisation of a segment: the size history and how long each build took.'},
            bases=['Model'],
        ),
    ]
