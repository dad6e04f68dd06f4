"""Segments (分群): saved rule trees, their materialised membership with history, RFM settings.

A segment's rule is stored as JSON in the same shape as the GraphQL ``SegmentRuleInput`` (see
``api.segments.rules``).  Membership rows are never deleted when a member leaves: ``exited_at`` is
set, and a member who qualifies again gets a new row, so conversion and "moved to another group"
can be measured on the history.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.members.models import Member
    from api.org.models import RetailCompany


class SegmentKind(StrEnum):
    CUSTOM = "custom"
    SMART = "smart"


class RefreshTrigger(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    MANUAL = "manual"
    NIGHTLY = "nightly"
    PLAN = "plan"


class Segment(Model):
    """A segment: a rule tree plus the bookkeeping of its last materialisation."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    kind = fields.CharEnumField(SegmentKind, max_length=8, default=SegmentKind.CUSTOM)
    smart_key = fields.CharField(
        max_length=40, null=True, unique=True, description="ready-made RFM group key, null for custom segments"
    )
    rule: Any = fields.JSONField(default=dict)
    company: fields.ForeignKeyNullableRelation["RetailCompany"] = fields.ForeignKeyField(
        "rapport.RetailCompany", null=True, on_delete=fields.RESTRICT, related_name="segments",
        description="owning retail company, null for HQ's segments, which everyone reads and only admins change",
    )
    company_id: int | None
    member_count = fields.IntField(default=0)
    last_refreshed_at = fields.DatetimeField(null=True)
    last_refresh_ms = fields.IntField(null=True)
    refresh_slow = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    deleted_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "segment"


class SegmentMembership(Model):
    """One stay of a member in a segment: from ``entered_at`` until ``exited_at`` (null while inside).

    Derived data, written only by the refresh (``api.segments.services.refresh_segment``), which
    selects the member ids from ``member`` in the same statement while holding the segment row
    locked.  The two references are therefore not database foreign keys: per-row FK checks (and
    the row lock each one takes on the member) were three quarters of a first build (220k rows:
    6.9 s with both, 1.8 s without, on the 1M bench).  Neither side is ever hard-deleted (segments
    are tombstoned, members are not deleted), and whatever erases a member must delete their
    memberships with them.
    """

    id = fields.BigIntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "segments.Segment", related_name="memberships", on_delete=fields.CASCADE, db_constraint=False
    )
    segment_id: int
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "rapport.Member", related_name="segment_memberships", on_delete=fields.CASCADE, db_constraint=False
    )
    member_id: int
    entered_at = fields.DatetimeField()
    exited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "segment_membership"
        indexes = (("segment_id", "exited_at", "member_id"), ("member_id", "exited_at"))


class SegmentRefresh(Model):
    """One materialisation of a segment: the size history and how long each build took."""

    id = fields.BigIntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "segments.Segment", related_name="refreshes", on_delete=fields.CASCADE
    )
    segment_id: int
    trigger = fields.CharEnumField(RefreshTrigger, max_length=8)
    started_at = fields.DatetimeField()
    duration_ms = fields.IntField()
    member_count = fields.IntField()
    entered = fields.IntField()
    exited = fields.IntField()
    slow = fields.BooleanField(default=False)

    class Meta:
        table = "segment_refresh"
        indexes = (("segment_id", "started_at"),)


class RfmSettings(Model):
    """Merchant RFM thresholds, for all purchases (category "") or for one product category.

    HQ's rows (no company) are the brand's defaults; a company's rows override them for that
    company's segments and estimates. One row per (company, category): a unique index on
    (COALESCE(company_id, 0), category), made by migration segments/0005.
    """

    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyNullableRelation["RetailCompany"] = fields.ForeignKeyField(
        "rapport.RetailCompany", null=True, on_delete=fields.CASCADE, related_name="rfm_settings",
        description="the company these thresholds apply to, null for the brand's defaults",
    )
    company_id: int | None
    category = fields.CharField(max_length=60, description="product category, empty for the default")
    active_days = fields.IntField(description="last purchase at most this many days ago: active")
    sleeping_days = fields.IntField(description="at most this many days ago (and not active): sleeping, else lost")
    window_days = fields.IntField(description="frequency and monetary are measured over this many days")
    frequency_high = fields.IntField(description="orders in the window at or above this: high frequency")
    monetary_high_cents = fields.BigIntField(description="net spend in the window at or above this: high monetary")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "rfm_settings"
