from tortoise import migrations
from tortoise.migrations import operations as ops
from api.channels.models import SendStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('rapport', '0006_member_company')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MessageSend',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('rapport.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='message_sends', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(description='SMS, WECHAT, WECOM, EMAIL or PUSH', max_length=20)),
                ('sender_type', fields.CharField(description='plan, journey, guide, system', max_length=20)),
                ('sender_id', fields.IntField(null=True, description='id of the plan / journey / guide that sent it')),
                ('status', fields.CharEnumField(default=SendStatus.QUEUED, description='QUEUED: queued\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nCAPPED: capped\nDEFERRED: deferred\nUNREACHABLE: unreachable', enum_type=SendStatus, max_length=20)),
                ('sent_at', fields.DatetimeField(null=True, description='when the provider accepted it (NULL: not sent)', auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'message_send', 'app': 'rapport', 'indexes': [Index(fields=['member_id', 'sent_at'])], 'pk_attr': 'id', 'table_description': 'One message to one member on one channel, from a sender (a plan, a journey, a guide).'},
            bases=['Model'],
        ),
    ]
