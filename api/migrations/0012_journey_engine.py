from tortoise import migrations
from tortoise.migrations import operations as ops
from api.guides.models import TaskStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('rapport', '0011_fatigue')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GuideTask',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, description='what made it: a retry finds this row again', max_length=120)),
                ('company', fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description="the member's company when the task was made", db_constraint=True, to_field='id', related_name='guide_tasks', on_delete=OnDelete.CASCADE)),
                ('store', fields.ForeignKeyField('rapport.Store', source_field='store_id', null=True, description="the guide's store (else the member's home store): who sees an unassigned task", db_constraint=True, to_field='id', related_name='guide_tasks', on_delete=OnDelete.SET_NULL)),
                ('guide', fields.ForeignKeyField('rapport.Guide', source_field='guide_id', null=True, description="the member's guide (null: the member has none, the store assigns one)", db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.SET_NULL)),
                ('member', fields.ForeignKeyField('rapport.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='guide_tasks', on_delete=OnDelete.CASCADE)),
                ('source_type', fields.CharField(description='journey, or guide (made by hand)', max_length=20)),
                ('source_id', fields.IntField(null=True, description="the journey's id")),
                ('node_id', fields.CharField(default='', description='the journey node that made it', max_length=64)),
                ('instructions', fields.TextField(unique=False)),
                ('template_id', fields.IntField(null=True, description='suggested message content for the guide to send')),
                ('due_on', fields.DateField(description='the local date it should be done by')),
                ('status', fields.CharEnumField(default=TaskStatus.OPEN, description='OPEN: open\nDONE: done\nEXPIRED: expired\nCANCELLED: cancelled', enum_type=TaskStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'guide_task', 'app': 'rapport', 'indexes': [Index(fields=['guide_id', 'status', 'due_on']), Index(fields=['member_id', 'created_at']), Index(fields=['source_id', 'node_id'])], 'pk_attr': 'id', 'table_description': 'One task for one guide about one member.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JourneyConversion',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('journey', fields.ForeignKeyField('rapport.Journey', source_field='journey_id', db_constraint=True, to_field='id', related_name='conversions', on_delete=OnDelete.CASCADE)),
                ('enrollment', fields.ForeignKeyField('rapport.Enrollment', source_field='enrollment_id', db_constraint=True, to_field='id', related_name='conversions', on_delete=OnDelete.CASCADE)),
                ('member_id', fields.IntField()),
                ('node_id', fields.CharField(description='the goal node', max_length=64)),
                ('fact', fields.CharField(description='what counted: order:<id>, event:<id>, segment:<id>', max_length=80)),
                ('converted_at', fields.DatetimeField(description='when the fact happened', auto_now=False, auto_now_add=False)),
                ('day', fields.DateField(description='the local date of converted_at, for the per-day series')),
            ],
            options={'table': 'journey_conversion', 'app': 'rapport', 'unique_together': (('enrollment_id', 'node_id'),), 'indexes': [Index(fields=['journey_id', 'node_id', 'day'])], 'pk_attr': 'id', 'table_description': "A member who reached a journey's goal: once per run and goal node, with the fact that counted."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Enrollment',
            name='woke_by',
            field=fields.CharField(null=True, description='the fact (event, order, segment entry) that woke a member waiting at a wait-for-event or goal', max_length=80),
        ),
    ]
