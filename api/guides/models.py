"""Guide tasks (1:1 导购任务): a task for a member's shopping guide to reach that member personally.

Journeys create them (a GUIDE_TASK node); guide operations (task lists, completion, touch and conversion
metrics) build on the same rows. A task is created once per (journey, node, run, step): its ``key`` is
unique, so a claim that runs again after a crash finds the task it already made.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.members.models import Member
    from api.org.models import Guide, RetailCompany, Store


class TaskStatus(StrEnum):
    OPEN = "open"  # waiting for the guide
    DONE = "done"  # the guide reached the member
    EXPIRED = "expired"  # past its due date, not done
    CANCELLED = "cancelled"  # the member or the journey went away


class GuideTask(Model):
    """One task for one guide about one member."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=120, unique=True, description="what made it: a retry finds this row again")
    company: fields.ForeignKeyNullableRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", related_name="guide_tasks", null=True, on_delete=fields.CASCADE,
        description="the member's company when the task was made"
    )
    company_id: int | None
    store: fields.ForeignKeyNullableRelation[Store] = fields.ForeignKeyField(
        "rapport.Store", related_name="guide_tasks", null=True, on_delete=fields.SET_NULL,
        description="the guide's store (else the member's home store): who sees an unassigned task"
    )
    store_id: int | None
    guide: fields.ForeignKeyNullableRelation[Guide] = fields.ForeignKeyField(
        "rapport.Guide", related_name="tasks", null=True, on_delete=fields.SET_NULL,
        description="the member's guide (null: the member has none, the store assigns one)"
    )
    guide_id: int | None
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "rapport.Member", related_name="guide_tasks", on_delete=fields.CASCADE
    )
    member_id: int
    source_type = fields.CharField(max_length=20, description="journey, or guide (made by hand)")
    source_id = fields.IntField(null=True, description="the journey's id")
    node_id = fields.CharField(max_length=64, default="", description="the journey node that made it")
    instructions = fields.TextField()
    template_id = fields.IntField(null=True, description="suggested message content for the guide to send")
    due_on = fields.DateField(description="the local date it should be done by")
    status = fields.CharEnumField(TaskStatus, max_length=10, default=TaskStatus.OPEN)
    created_at = fields.DatetimeField()
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "guide_task"
        indexes = (("guide_id", "status", "due_on"), ("member_id", "created_at"), ("source_id", "node_id"))
