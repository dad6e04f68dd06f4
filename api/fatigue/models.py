"""Fatigue policy: caps and quiet hours per owner (a retail company, or HQ when ``company`` is NULL).

One row per owner. ``rules`` and ``quiet_hours`` are JSON lists validated by ``api.fatigue.policy``
on save; NULL means "none of my own: HQ's apply" (a company's row may inherit one and set the other).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.org.models import RetailCompany


class FatiguePolicy(Model):
    """Caps and quiet hours of one owner (NULL company: HQ's, which apply wherever a company has none)."""

    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyNullableRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", related_name="fatigue_policies", null=True, on_delete=fields.CASCADE,
        description="owning retail company, null: HQ (the fallback for every company)",
    )
    company_id: int | None
    rules: Any = fields.JSONField(
        null=True, description="caps [{channel|null, period, length, maxSends}], null: HQ's apply"
    )
    quiet_hours: Any = fields.JSONField(
        null=True, description="quiet windows [{channel|null, start, end}] as HH:MM store time, null: HQ's apply"
    )
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "fatigue_policy"
        unique_together = (("company_id",),)
        table_description = "Fatigue caps and quiet hours of a company (NULL: HQ, the fallback)."
