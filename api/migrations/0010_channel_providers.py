from tortoise import migrations
from tortoise.migrations import operations as ops
from api.channels.base import Channel, ProviderKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('rapport', '0009_templates')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChannelProvider',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('company', fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description='owning retail company, null: HQ (the fallback for every company)', db_constraint=True, to_field='id', related_name='channel_providers', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(description='SMS: SMS\nWECHAT: WECHAT\nWECOM: WECOM\nEMAIL: EMAIL\nPUSH: PUSH\nWEBHOOK: WEBHOOK', enum_type=Channel, max_length=16)),
                ('kind', fields.CharEnumField(description='SMTP: SMTP\nHTTP: HTTP', enum_type=ProviderKind, max_length=8)),
                ('url', fields.CharField(default='', description='HTTP: the gateway or webhook URL', max_length=500)),
                ('host', fields.CharField(default='', description='SMTP: server host', max_length=255)),
                ('port', fields.IntField(null=True, description='SMTP: server port')),
                ('username', fields.CharField(default='', description='SMTP: login user', max_length=255)),
                ('sender', fields.CharField(default='', description='from address or SMS sign name', max_length=255)),
                ('use_tls', fields.BooleanField(default=False, description='SMTP: implicit TLS')),
                ('timeout_seconds', fields.FloatField(default=10.0)),
                ('secret_encrypted', fields.TextField(null=True, description='Fernet token of the password or HMAC key (write-only in the API)', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'channel_provider', 'app': 'rapport', 'unique_together': (('company_id', 'channel'),), 'pk_attr': 'id', 'table_description': 'How one channel is delivered for one company (NULL: HQ, the fallback).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReceiptSeen',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.ForeignKeyField('rapport.ChannelProvider', source_field='provider_id', db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.CASCADE)),
                ('receipt_id', fields.CharField(max_length=128)),
                ('send_id', fields.BigIntField(description='the message_send the receipt reported on')),
                ('status', fields.CharField(description='delivered or failed', max_length=16)),
                ('received_at', fields.DatetimeField(description='service clock', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'channel_receipt_seen', 'app': 'rapport', 'unique_together': (('provider_id', 'receipt_id'),), 'pk_attr': 'id', 'table_description': 'A delivery receipt already applied: the same (provider, receipt id) is never applied twice.'},
            bases=['Model'],
        ),
        # unique_together (company_id, channel) does not stop two HQ rows (NULLs differ): a partial index does.
        ops.RunSQL(
            ['CREATE UNIQUE INDEX IF NOT EXISTS "uid_channel_provider_hq" ON "channel_provider" ("channel") '
             'WHERE "company_id" IS NULL'],
            ['DROP INDEX IF EXISTS "uid_channel_provider_hq"'],
        ),
    ]
