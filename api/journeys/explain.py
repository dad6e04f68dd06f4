"""Where a member is in each journey, and why: the member's latest run per journey, with a sentence an
operator can read ("waiting at wait-3d until 12-09 09:00", "left: the journey was stopped")."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from tortoise.expressions import Subquery

from api.core import clock
from api.core.scope import Scope
from api.core.viewer import Viewer
from api.journeys import graph as graphs
from api.journeys.models import Enrollment, EnrollmentStatus, Journey, JourneyConversion, JourneyStatus, JourneyVersion
from api.journeys.services import READ

MAX_RUNS = 50
"""The latest runs shown per member (one per journey)."""


async def latest_runs(viewer: Viewer, member_ids: list[int]) -> dict[int, list[Enrollment]]:
    """Per member, the latest run in each journey the viewer may read, newest first (batched)."""
    viewer.require(READ)
    viewer.require("members:read")
    scope = Scope.of(viewer)
    rows = await Enrollment.filter(
        scope.members_q("member__"), member_id__in=member_ids,
        journey_id__in=Subquery(Journey.filter(scope.owned_q()).values("id")),
    ).order_by("member_id", "-entered_at", "-id").prefetch_related("version", "journey")
    out: dict[int, list[Enrollment]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for e in rows:
        if (e.member_id, e.journey_id) in seen or len(out[e.member_id]) >= MAX_RUNS:
            continue
        seen.add((e.member_id, e.journey_id))
        out[e.member_id].append(e)
    return out


def _at(when: datetime | None) -> str:
    if when is None:
        return "?"
    return clock.to_utc(when).astimezone(clock.local_now().tzinfo).strftime("%Y-%m-%d %H:%M")


def _goal(cfg: dict[str, Any]) -> str:
    if cfg.get("goal") == "ORDER":
        return "an order"
    if cfg.get("goal") == "EVENT":
        return f"the event {cfg.get('eventType')}"
    return f"entering segment {cfg.get('segmentId')}"


def explain(e: Enrollment, version: JourneyVersion, journey: Journey, converted: list[str]) -> str:
    """One sentence: where the run is and why (or how it ended)."""
    graph = graphs.validate(version.graph, ())
    node = graph.nodes.get(e.node_id)
    kind = node.kind if node else None
    done = f" Converted at {', '.join(converted)}." if converted else ""
    if e.status is EnrollmentStatus.COMPLETED:
        return f"Completed at {e.node_id} on {_at(e.ended_at)}.{done}"
    if e.status is EnrollmentStatus.EXITED:
        return f"Left at {e.node_id} on {_at(e.ended_at)}: {e.exit_reason or 'exited'}.{done}"
    paused = (" The journey is paused: nobody moves until it is resumed."
              if journey.status is JourneyStatus.PAUSED else "")
    due = _at(e.due_at)
    if node is None:
        return f"At {e.node_id}.{paused}{done}"
    if e.due_at is not None and e.due_at <= clock.now() and not paused:
        what = "moves on at the next engine round"
        if e.woke_by:
            what = f"woken by {e.woke_by}: {what}"
        return f"At {e.node_id}: {what}.{done}"
    if kind is graphs.NodeKind.ENTRY:
        text = f"Entered ({e.entry_key}); starts at {due}."
    elif kind is graphs.NodeKind.WAIT:
        text = f"Waiting at {e.node_id} until {due}."
    elif kind is graphs.NodeKind.WAIT_EVENT:
        text = (f"Waiting at {e.node_id} for the event {node.config.get('eventType')} until {due} "
                "(then the timeout branch).")
    elif kind is graphs.NodeKind.GOAL:
        text = f"Waiting at goal {e.node_id} for {_goal(node.config)} until {due}."
    else:
        text = f"At {e.node_id}, due {due}."
    return f"{text}{paused}{done}"


async def conversions_of(enrollment_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for eid, node_id in await JourneyConversion.filter(enrollment_id__in=enrollment_ids).order_by(
            "converted_at").values_list("enrollment_id", "node_id"):
        out[eid].append(node_id)
    return out
