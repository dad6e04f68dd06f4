"""Journeys (plans and canvases are one engine): drafts, immutable published versions, enrollments.

A journey owns a draft graph that operators edit freely. Publishing validates the draft and inserts
a new ``JourneyVersion`` row that is never changed again; each member's run (``Enrollment``) is
pinned to the version it entered with, so an edit never changes what happens to members already in
flight. Time is a row: an active enrollment waits at ``node_id`` until ``due_at`` (NULL while it
waits for an event), and the due-work pump claims due rows in batches.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.members.models import Member
    from api.org.models import RetailCompany


class JourneyStatus(StrEnum):
    """DRAFT until first published; ACTIVE admits and advances members; PAUSED holds everyone where they
    are and admits nobody; STOPPED has ended every run (terminal)."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"  # waiting at node_id (until due_at, or for an event)
    COMPLETED = "completed"  # reached the end of a path
    EXITED = "exited"  # left early: the journey was stopped, an exit node, or a member change


class Journey(Model):
    """A plan or a drawn canvas, owned by a company or by HQ (company NULL)."""

    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyNullableRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", related_name="journeys", null=True, on_delete=fields.RESTRICT
    )
    company_id: int | None
    name = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    template_key = fields.CharField(max_length=40, null=True, description="the built-in template it was created from")
    status = fields.CharEnumField(JourneyStatus, max_length=10, default=JourneyStatus.DRAFT)
    draft: Any = fields.JSONField(default=dict, description="the graph being edited (nodes, edges)")
    draft_revision = fields.IntField(default=0, description="bumped by every draft save, for optimistic concurrency")
    current_version = fields.IntField(null=True, description="number of the version new members enter")
    created_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "journey"


class JourneyVersion(Model):
    """One published, immutable graph of a journey."""

    id = fields.IntField(primary_key=True)
    journey: fields.ForeignKeyRelation[Journey] = fields.ForeignKeyField(
        "rapport.Journey", related_name="versions", on_delete=fields.CASCADE
    )
    journey_id: int
    number = fields.IntField(description="1, 2, 3 ... per journey")
    graph: Any = fields.JSONField(description="the validated graph, normalised")
    published_at = fields.DatetimeField()
    published_by_user_id = fields.IntField(null=True)

    class Meta:
        table = "journey_version"
        unique_together = (("journey_id", "number"),)


class Enrollment(Model):
    """One member's run through one version of a journey."""

    id = fields.BigIntField(primary_key=True)
    # no database foreign keys (migration 0016): enrollments are inserted by statements that select the
    # member, the journey and its version themselves (a run enters a million rows, each of which would
    # re-check three references), and members, journeys and versions are never deleted
    journey: fields.ForeignKeyRelation[Journey] = fields.ForeignKeyField(
        "rapport.Journey", related_name="enrollments", on_delete=fields.CASCADE, db_constraint=False
    )
    journey_id: int
    version: fields.ForeignKeyRelation[JourneyVersion] = fields.ForeignKeyField(
        "rapport.JourneyVersion", related_name="enrollments", on_delete=fields.RESTRICT, db_constraint=False
    )
    version_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "rapport.Member", related_name="enrollments", on_delete=fields.CASCADE, db_constraint=False
    )
    member_id: int
    occurrence = fields.IntField(default=1, description="the member's n-th entry into this journey")
    entry_key = fields.CharField(
        max_length=80, description="what let the member in (a run, an order, an event): it lets them in once"
    )
    node_id = fields.CharField(max_length=64, description="where the member is (or ended)")
    due_at = fields.DatetimeField(null=True, description="when the member moves on (NULL: waiting for an event)")
    status = fields.CharEnumField(EnrollmentStatus, max_length=10, default=EnrollmentStatus.ACTIVE)
    entered_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)
    exit_reason = fields.CharField(max_length=200, default="")
    steps = fields.IntField(default=0, description="nodes run so far: with the node id, the key of each side effect")
    woke_by = fields.CharField(
        max_length=80, null=True,
        description="the fact (event, order, segment entry) that woke a member waiting at a wait-for-event or goal",
    )

    class Meta:
        table = "enrollment"
        unique_together = (("journey_id", "member_id", "occurrence"), ("journey_id", "member_id", "entry_key"))
        indexes = (("status", "due_at"), ("member_id", "journey_id"))


class JourneyNodeDay(Model):
    """Members who passed a node of a journey on a day (store time zone), summed in the claim transaction."""

    id = fields.BigIntField(primary_key=True)
    journey: fields.ForeignKeyRelation[Journey] = fields.ForeignKeyField(
        "rapport.Journey", related_name="node_days", on_delete=fields.CASCADE
    )
    journey_id: int
    node_id = fields.CharField(max_length=64)
    day = fields.DateField()
    passed = fields.IntField(default=0)

    class Meta:
        table = "journey_node_day"
        unique_together = (("journey_id", "node_id", "day"),)


class JourneyConversion(Model):
    """A member who reached a journey's goal: once per run and goal node, with the fact that counted."""

    id = fields.BigIntField(primary_key=True)
    journey: fields.ForeignKeyRelation[Journey] = fields.ForeignKeyField(
        "rapport.Journey", related_name="conversions", on_delete=fields.CASCADE
    )
    journey_id: int
    enrollment: fields.ForeignKeyRelation[Enrollment] = fields.ForeignKeyField(
        "rapport.Enrollment", related_name="conversions", on_delete=fields.CASCADE
    )
    enrollment_id: int
    member_id = fields.IntField()
    node_id = fields.CharField(max_length=64, description="the goal node")
    fact = fields.CharField(max_length=80, description="what counted: order:<id>, event:<id>, segment:<id>")
    converted_at = fields.DatetimeField(description="when the fact happened")
    day = fields.DateField(description="the local date of converted_at, for the per-day series")

    class Meta:
        table = "journey_conversion"
        unique_together = (("enrollment_id", "node_id"),)
        indexes = (("journey_id", "node_id", "day"),)


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"


class JourneyRun(Model):
    """One scheduled entry of a one-shot or recurring journey (or a day of a date trigger): the audience is
    entered in chunks of member ids, and ``last_member_id`` lets a killed run resume where it stopped."""

    id = fields.IntField(primary_key=True)
    journey: fields.ForeignKeyRelation[Journey] = fields.ForeignKeyField(
        "rapport.Journey", related_name="runs", on_delete=fields.CASCADE
    )
    journey_id: int
    key = fields.CharField(max_length=40, description="once, or the local date of a recurring run")
    status = fields.CharEnumField(RunStatus, max_length=10, default=RunStatus.RUNNING)
    last_member_id = fields.IntField(default=0)
    entered = fields.IntField(default=0)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "journey_run"
        unique_together = (("journey_id", "key"),)


class TriggerCursor(Model):
    """How far the trigger matcher has read each fact table (by id): facts are matched in batches, once."""

    source = fields.CharField(max_length=40, primary_key=True)
    last_id = fields.BigIntField(default=0)
    # PostgreSQL: the newest id seen while other transactions were writing to the table, and those
    # writers (a JSON list of virtual transaction ids); read up to it once they have all ended
    # (api.journeys.entries.readable_upto)
    pending_high = fields.BigIntField(null=True)
    pending_writers: Any = fields.TextField(null=True)  # str | None

    class Meta:
        table = "journey_trigger_cursor"
