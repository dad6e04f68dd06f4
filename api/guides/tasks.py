"""Making guide tasks: the one place a task for a member's guide is created (journeys' GUIDE_TASK nodes now,
guide operations later)."""

from __future__ import annotations

from datetime import datetime, timedelta

from api.core import clock
from api.guides.models import GuideTask


async def create_task(*, key: str, member_id: int, source_type: str, source_id: int | None, node_id: str,
                      instructions: str, template_id: int | None, due_days: int, now: datetime) -> GuideTask:
    """The task for the member's guide (or, with no guide, for the member's home store), once per ``key``:
    a retried step returns the task it already made."""
    from api.members.models import Member
    from api.org.models import Guide

    existing = await GuideTask.get_or_none(key=key)
    if existing is not None:
        return existing
    member = await Member.get(id=member_id).only("id", "guide_id", "home_store_id", "company_id")
    store_id = member.home_store_id
    if member.guide_id is not None:
        guide = await Guide.get_or_none(id=member.guide_id).only("id", "store_id")
        store_id = guide.store_id if guide else store_id
    due_on = now.astimezone(clock.local_now().tzinfo).date() + timedelta(days=due_days)
    return await GuideTask.create(  # type: ignore[no-any-return]
        key=key, company_id=member.company_id, store_id=store_id, guide_id=member.guide_id, member_id=member_id,
        source_type=source_type, source_id=source_id, node_id=node_id, instructions=instructions,
        template_id=template_id, due_on=due_on, created_at=now)
