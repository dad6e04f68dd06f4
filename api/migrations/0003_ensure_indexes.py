"""Make sure every index the models declare exists.

Tortoise's SQLite schema editor rebuilds a table to add or alter a foreign key, and the rebuild drops
that table's indexes. These idempotent statements restore them (on PostgreSQL they find the indexes
already there). tests/test_migrations.py checks the migrated schema against the models.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("rapport", "0002_fk_indexes")]

    initial = False

    operations = [
        ops.RunSQL(
            [
                'CREATE INDEX IF NOT EXISTS "idx_member_name_4e85c5" ON "member" ("name")',
                'CREATE INDEX IF NOT EXISTS "idx_member_birthda_afdd4c" ON "member" ("birthday_md")',
                'CREATE INDEX IF NOT EXISTS "idx_member_registe_5d6d44" ON "member" ("registered_at")',
                'CREATE INDEX IF NOT EXISTS "idx_member_source_bb9cf4" ON "member" ("source")',
                'CREATE INDEX IF NOT EXISTS "idx_member_last_pu_17929e" ON "member" ("last_purchase_at")',
                'CREATE INDEX IF NOT EXISTS "idx_member_tag_tag_f05e44" ON "member_tag" ("tag")',
                'CREATE INDEX IF NOT EXISTS "idx_event_type_c79bef" ON "event" ("type")',
                'CREATE INDEX IF NOT EXISTS "idx_event_occurre_ac5023" ON "event" ("occurred_at")',
                'CREATE INDEX IF NOT EXISTS "idx_event_member__0b5004" ON "event" ("member_id")',
                'CREATE INDEX IF NOT EXISTS "idx_order_ordered_520421" ON "order" ("ordered_at")',
                'CREATE INDEX IF NOT EXISTS "idx_order_member__a784e4" ON "order" ("member_id", "ordered_at")',
                'CREATE INDEX IF NOT EXISTS "idx_points_entr_occurre_a922ce" ON "points_entry" ("occurred_at")',
                'CREATE INDEX IF NOT EXISTS "idx_points_entr_expires_36b6c2" ON "points_entry" ("expires_at")',
                'CREATE INDEX IF NOT EXISTS "idx_points_entr_member__c57ad2" ON "points_entry" ("member_id")',
                'CREATE INDEX IF NOT EXISTS "idx_product_categor_5402db" ON "product" ("category")',
                'CREATE INDEX IF NOT EXISTS "idx_order_line_categor_322e45" ON "order_line" ("category")',
                'CREATE INDEX IF NOT EXISTS "idx_order_line_order_i_b67cd5" ON "order_line" ("order_id")',
                'CREATE INDEX IF NOT EXISTS "idx_member_card_expires_36b2fa" ON "member_card" ("expires_at")',
                'CREATE INDEX IF NOT EXISTS "idx_member_card_member__f9d0a2" ON "member_card" ("member_id")',
                'CREATE INDEX IF NOT EXISTS "idx_card_use_used_at_1a5505" ON "card_use" ("used_at")',
                'CREATE INDEX IF NOT EXISTS "idx_card_use_card_id_b37457" ON "card_use" ("card_id")',
                'CREATE INDEX IF NOT EXISTS "idx_card_use_member__569609" ON "card_use" ("member_id")',
                'CREATE INDEX IF NOT EXISTS "idx_refund_order_i_ab8f81" ON "refund" ("order_id")',
                'CREATE INDEX IF NOT EXISTS "idx_service_com_complet_20719c" ON "service_completion" ("completed_at")',
                'CREATE INDEX IF NOT EXISTS "idx_service_com_member__961b4f" ON "service_completion" ("member_id")',
            ]
        ),
    ]
