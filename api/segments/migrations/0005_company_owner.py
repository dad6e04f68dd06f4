"""Segments and RFM thresholds get an owning retail company (null = HQ / the brand's defaults).

RFM thresholds become one row per (company, category): the unique index is on
(COALESCE(company_id, 0), category) so that the brand's own rows (no company) are unique too.
Tortoise's SQLite editor rebuilds the tables it alters and drops their indexes: they are restored
idempotently at the end (tests/test_migrations.py checks every declared index exists).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('rapport', '0001_initial'), ('rapport', '0002_fk_indexes'), ('rapport', '0003_ensure_indexes'), ('segments', '0004_membership_without_fk')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='RfmSettings',
            name='category',
            field=fields.CharField(description='product category, empty for the default', max_length=60),
        ),
        ops.AddField(
            model_name='RfmSettings',
            name='company',
            field=fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description="the company these thresholds apply to, null for the brand's defaults", db_constraint=True, to_field='id', related_name='rfm_settings', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Segment',
            name='company',
            field=fields.ForeignKeyField('rapport.RetailCompany', source_field='company_id', null=True, description="owning retail company, null for HQ's segments, which everyone reads and only admins change", db_constraint=True, to_field='id', related_name='segments', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunSQL(
            [
                'CREATE UNIQUE INDEX IF NOT EXISTS "uid_rfm_settings_company_category" '
                'ON "rfm_settings" (COALESCE("company_id", 0), "category")',
                'CREATE INDEX IF NOT EXISTS "idx_segment_deleted_0e58d1" ON "segment" ("deleted_at")',
            ]
        ),
    ]
