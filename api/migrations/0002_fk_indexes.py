from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('rapport', '0001_initial')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='CardUse',
            name='card',
            field=fields.ForeignKeyField('rapport.MemberCard', source_field='card_id', db_index=True, db_constraint=True, to_field='id', related_name='uses', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='CardUse',
            name='member',
            field=fields.ForeignKeyField('rapport.Member', source_field='member_id', db_index=True, db_constraint=True, to_field='id', related_name='card_uses', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='Event',
            name='member',
            field=fields.ForeignKeyField('rapport.Member', source_field='member_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='MemberCard',
            name='member',
            field=fields.ForeignKeyField('rapport.Member', source_field='member_id', db_index=True, db_constraint=True, to_field='id', related_name='cards', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='OrderLine',
            name='order',
            field=fields.ForeignKeyField('rapport.Order', source_field='order_id', db_index=True, db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='PointsEntry',
            name='member',
            field=fields.ForeignKeyField('rapport.Member', source_field='member_id', db_index=True, db_constraint=True, to_field='id', related_name='points_entries', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='Refund',
            name='order',
            field=fields.ForeignKeyField('rapport.Order', source_field='order_id', db_index=True, db_constraint=True, to_field='id', related_name='refunds', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='ServiceCompletion',
            name='member',
            field=fields.ForeignKeyField('rapport.Member', source_field='member_id', db_index=True, db_constraint=True, to_field='id', related_name='service_completions', on_delete=OnDelete.CASCADE),
        ),
    ]
