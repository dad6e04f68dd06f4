from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from api.channels.models import SendKind, SendStatus
from json import dumps, loads
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
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('rapport.Member', source_field='member_id', db_constraint=True, to_field='id', related_name='message_sends', on_delete=OnDelete.CASCADE)),
                ('dedupe_key', fields.CharField(unique=True, description='sender type, sender id, step, occurrence and member: deciding it again returns this row', max_length=200)),
                ('sender_type', fields.CharField(description='plan, journey, guide, system', max_length=20)),
                ('sender_id', fields.IntField(null=True, description='id of the plan / journey / guide template that sent it')),
                ('step', fields.CharField(default='', description="the sender's step (a journey node id)", max_length=64)),
                ('occurrence', fields.CharField(default='', description='which run of the step (a date, an enrollment)', max_length=64)),
                ('kind', fields.CharEnumField(default=SendKind.MARKETING, description='MARKETING: marketing\nTRANSACTIONAL: transactional', enum_type=SendKind, max_length=16)),
                ('priority', fields.SmallIntField(default=0, description="higher wins a member's last slot under a cap")),
                ('channel', fields.CharField(description='the channel chosen (the first listed if none was reachable)', max_length=20)),
                ('channels', fields.JSONField(default=list, description='the channels the sender listed, in fallback order', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('template_id', fields.IntField(null=True, description='the content template, if any')),
                ('content', fields.JSONField(default=dict, description='what was rendered for this member: subject, text, media', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('address', fields.CharField(null=True, description='phone, openid, email, push token or URL used', max_length=255)),
                ('status', fields.CharEnumField(default=SendStatus.QUEUED, description='QUEUED: queued\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nCAPPED: capped\nDEFERRED: deferred\nQUIET_SKIPPED: quiet_skipped\nUNREACHABLE: unreachable\nNO_CONSENT: no_consent\nHELD_OUT: held_out', enum_type=SendStatus, max_length=20)),
                ('reason', fields.CharField(default='', description='the rule that decided the outcome', max_length=200)),
                ('due_at', fields.DatetimeField(null=True, description='QUEUED: relay after it, DEFERRED: decide again at it', auto_now=False, auto_now_add=False)),
                ('attempts', fields.SmallIntField(default=0, description='provider attempts so far')),
                ('leased_until', fields.DatetimeField(null=True, description='a relay holds the row until then', auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(null=True, unique=False)),
                ('provider_message_id', fields.CharField(null=True, max_length=128)),
                ('decided_at', fields.DatetimeField(null=True, description='when the gate decided (service clock)', auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, description='when the provider accepted it (NULL: not sent)', auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'message_send', 'app': 'rapport', 'indexes': [Index(fields=['member_id', 'sent_at']), Index(fields=['status', 'due_at']), Index(fields=['sender_type', 'sender_id', 'status'])], 'pk_attr': 'id', 'table_description': 'One candidate message to one member from a sender (a plan, a journey, a guide task, the system).'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='MemberImport',
            options={'table': 'member_import', 'app': 'rapport', 'pk_attr': 'id', 'table_description': 'One CSV import: the stored file, who started it with which reach, and what was committed.'},
        ),
        ops.AlterModelOptions(
            name='PasswordToken',
            options={'table': 'password_token', 'app': 'rapport', 'pk_attr': 'id', 'table_description': 'A single-use, expiring token that lets a user set their password. Only its SHA-256 is stored.'},
        ),
    ]
