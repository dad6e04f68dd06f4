from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('rapport', '0010_channel_providers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FatiguePolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description='owning retail company, null: HQ (the fallback for every company)', db_constraint=True, to_field='id', related_name='fatigue_policies', on_delete=OnDelete.CASCADE)),
                ('rules', fields.JSONField(null=True, description="caps [{channel|null, period, length, maxSends}], null: HQ's apply", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('quiet_hours', fields.JSONField(null=True, description="quiet windows [{channel|null, start, end}] as HH:MM store time, null: HQ's apply", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'fatigue_policy', 'app': 'rapport', 'unique_together': (('company_id',),), 'pk_attr': 'id', 'table_description': 'Fatigue caps and quiet hours of a company (NULL: HQ, the fallback).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='MessageSend',
            name='policy',
            field=fields.JSONField(default=dict, description="the sender's policies, to decide a deferred send again: capped, quiet, holdout", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        # unique_together (company_id) does not stop two HQ rows (NULLs differ): a partial index does.
        ops.RunSQL(
            ['CREATE UNIQUE INDEX IF NOT EXISTS "uid_fatigue_policy_hq" ON "fatigue_policy" ((COALESCE("company_id", 0))) '
             'WHERE "company_id" IS NULL'],
            ['DROP INDEX IF EXISTS "uid_fatigue_policy_hq"'],
        ),
    ]
