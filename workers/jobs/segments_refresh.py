"""Nightly segment refresh (00:30 store time): materialise every live segment.

Why nightly after midnight: day-relative conditions ("birthday today", "last purchase more than 30
days ago") change at midnight in the store time zone, so the morning's plans, guide task lists and
conversion checks start from memberships that match the new day.  Each segment is one transaction
(an UPDATE for leavers, an INSERT ... SELECT for newcomers), so a failure leaves the others done and
the failed one as it was; the job reports what happened for the worker log.  It also prunes the
member change log (rows older than its retention; see ``api.segments.changes``).
"""

from __future__ import annotations

from typing import Any

from api.segments import changes
from api.segments.models import RefreshTrigger
from api.segments.services import refresh_all


async def refresh_segments_nightly(ctx: dict[str, Any]) -> dict[str, Any]:
    """Refresh all segments; return totals and the slowest refresh for the job result."""
    results = await refresh_all(RefreshTrigger.NIGHTLY)
    slowest = max(results, key=lambda r: r.duration_ms, default=None)
    pruned = await changes.prune()
    return {
        "segments": len(results),
        "entered": sum(r.entered for r in results),
        "exited": sum(r.exited for r in results),
        "total_ms": sum(r.duration_ms for r in results),
        "slowest_segment_id": slowest.segment_id if slowest else None,
        "slowest_ms": slowest.duration_ms if slowest else 0,
        "slow": [r.segment_id for r in results if r.slow],
        "change_rows_pruned": pruned,
    }
