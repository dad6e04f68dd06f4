"""Member counts of many segments at once, within a viewer's reach (one query for a whole page)."""

from __future__ import annotations

from tortoise.expressions import Subquery
from tortoise.functions import Count

from api.core.scope import Scope
from api.core.viewer import Viewer
from api.members.services import visible_members
from api.segments.models import Segment, SegmentMembership


async def segment_member_counts(viewer: Viewer, segments: list[Segment]) -> dict[int, int]:
    """Materialised member counts by segment id.

    An unscoped viewer gets the stored count of the last refresh (no query). A scoped viewer (guide,
    store manager, company admin) gets the members of each segment in their reach, counted in one
    GROUP BY over the memberships of all the segments asked for.
    """
    viewer.require("segments:read")
    if Scope.of(viewer).is_unrestricted:
        return {s.id: s.member_count for s in segments}
    ids = [s.id for s in segments]
    rows = (
        await SegmentMembership.filter(
            segment_id__in=ids,
            exited_at=None,
            member_id__in=Subquery(visible_members(viewer).values("id")),
        )
        .annotate(n=Count("id"))
        .group_by("segment_id")
        .values_list("segment_id", "n")
    )
    counts = {int(sid): int(n) for sid, n in rows}
    return {sid: counts.get(sid, 0) for sid in ids}
