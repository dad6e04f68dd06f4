from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from api.templates.models import MediaKind, TemplateChannel
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('rapport', '0008_journeys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Template',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=120)),
                ('channel', fields.CharEnumField(default=TemplateChannel.ANY, description='ANY: any\nSMS: sms\nWECHAT: wechat\nWECOM: wecom\nEMAIL: email\nPUSH: push', enum_type=TemplateChannel, max_length=8)),
                ('subject', fields.CharField(default='', description='email subject, may hold parameters', max_length=200)),
                ('text', fields.TextField(default='', unique=False)),
                ('media_ids', fields.JSONField(default=list, description='TemplateMedia ids in display order, at most 9', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('poster_page', fields.CharField(null=True, description='mini-program page path of the poster, null: no poster', max_length=200)),
                ('poster_guide_param', fields.CharField(null=True, description='query parameter name that carries the guide code', max_length=40)),
                ('company', fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description="owning retail company, null for HQ's templates, which everyone reads and only admins change", db_constraint=True, to_field='id', related_name='templates', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'content_template', 'app': 'rapport', 'pk_attr': 'id', 'table_description': 'A content template: subject (email), text with parameters, ordered media, an optional poster.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TemplateMedia',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sha256', fields.CharField(db_index=True, description='content address of the stored file', max_length=64)),
                ('kind', fields.CharEnumField(description='IMAGE: image\nVIDEO: video', enum_type=MediaKind, max_length=8)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField(description='bytes')),
                ('width', fields.IntField(null=True)),
                ('height', fields.IntField(null=True)),
                ('filename', fields.CharField(default='', description="the uploader's file name, informative only", max_length=255)),
                ('company', fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description='company of the uploader, null for HQ', db_constraint=True, to_field='id', related_name='template_media', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'template_media', 'app': 'rapport', 'pk_attr': 'id', 'table_description': 'One stored media file: the bytes live at ``data_dir/media/<sha256>``, checked by content on upload.'},
            bases=['Model'],
        ),
    ]
