"""Members waiting for something to happen: a wait-for-event node (its event, else its timeout) and a goal
node (a conversion within N days of entry, else the window closes).

Both rest with ``due_at`` at their deadline. The trigger matcher reads every new fact once, in batches
(``api.journeys.entries.match_triggers``), and ``wake`` makes the members the fact was waited for due at
once, recording the fact on the enrollment (``woke_by``) in the matcher's transaction: the pump then
leaves a wait-for-event by its ``event`` branch, and a goal records the conversion. A fact that happened
before a member reached the goal still counts: the goal looks back to the member's entry on arrival.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from api.core import clock
from api.journeys.graph import Graph, Node, NodeKind, validate
from api.journeys.models import (
    Enrollment,
    EnrollmentStatus,
    JourneyConversion,
    JourneyStatus,
    JourneyVersion,
)

if TYPE_CHECKING:
    from api.journeys.entries import Fact


def goal_deadline(e: Enrollment, node: Node) -> datetime:
    return e.entered_at + timedelta(days=node.config["withinDays"])


def fact_meets(node: Node, fact: Fact) -> bool:
    """Whether ``fact`` is what ``node`` (a wait-for-event or a goal) waits for."""
    cfg = node.config
    if node.kind is NodeKind.WAIT_EVENT:
        return "EVENT" in fact.triggers and fact.event_type == cfg["eventType"]
    if node.kind is NodeKind.GOAL:
        goal = cfg["goal"]
        if goal == "ORDER":
            return fact.key.startswith("order:")
        if goal == "EVENT":
            return "EVENT" in fact.triggers and fact.event_type == cfg["eventType"]
        return "SEGMENT_ENTERED" in fact.triggers and fact.segment_id == cfg["segmentId"]
    return False


async def earlier_conversion(e: Enrollment, node: Node, now: datetime) -> tuple[str, datetime] | None:
    """The first fact after the member entered that meets this goal (a member may convert before arriving;
    the fact that let the member in does not count)."""
    from api.orders.models import Event, Order
    from api.segments.models import SegmentMembership

    cfg, since, until = node.config, e.entered_at, min(now, goal_deadline(e, node))
    if cfg["goal"] == "ORDER":
        orders = Order.filter(member_id=e.member_id, ordered_at__gt=since, ordered_at__lte=until)
        o = await _not_entry(orders, e, "order:").order_by("ordered_at", "id").first()
        return (f"order:{o.id}", o.ordered_at) if o else None
    if cfg["goal"] == "EVENT":
        events = Event.filter(member_id=e.member_id, type=cfg["eventType"], occurred_at__gt=since,
                              occurred_at__lte=until)
        ev = await _not_entry(events, e, "event:").order_by("occurred_at", "id").first()
        return (f"event:{ev.id}", ev.occurred_at) if ev else None
    entered = SegmentMembership.filter(member_id=e.member_id, segment_id=cfg["segmentId"], entered_at__gt=since,
                                       entered_at__lte=until)
    s = await _not_entry(entered, e, "segment:").order_by("entered_at", "id").first()
    return (f"segment:{s.id}", s.entered_at) if s else None


def _not_entry(facts: Any, e: Enrollment, prefix: str) -> Any:
    """``facts`` without the one that let the member in: a fact stamped a little after the matcher entered
    the member (a POS clock a few minutes ahead, which orders and events allow) is not its own conversion."""
    key = e.entry_key or ""
    fact_id = key.removeprefix(prefix)
    return facts.exclude(id=int(fact_id)) if key.startswith(prefix) and fact_id.isdigit() else facts


async def record_conversion(e: Enrollment, node: Node, fact: str, at: datetime) -> None:
    """Count the member converted at this goal, once per run (a retried claim finds the row)."""
    from tortoise.exceptions import IntegrityError

    if await JourneyConversion.exists(enrollment_id=e.id, node_id=node.id):
        return
    try:
        await JourneyConversion.create(journey_id=e.journey_id, enrollment_id=e.id, member_id=e.member_id,
                                       node_id=node.id, fact=fact, converted_at=at,
                                       day=at.astimezone(clock.local_now().tzinfo).date())
    except IntegrityError:  # a concurrent claim of the same run recorded it first
        return


@dataclass(frozen=True)
class _Waiting:
    version_id: int
    node: Node


async def _waiting_nodes() -> list[_Waiting]:
    """Wait-for-event and goal nodes of every version members may still be at (live journeys)."""
    versions = await JourneyVersion.filter(journey__status__in=[JourneyStatus.ACTIVE, JourneyStatus.PAUSED])
    out: list[_Waiting] = []
    graphs: dict[int, Graph] = {}
    for v in versions:
        if not any(n.get("kind") in ("WAIT_EVENT", "GOAL") for n in v.graph.get("nodes", [])):
            continue
        graphs[v.id] = validate(v.graph, ())
        out += [_Waiting(v.id, n) for n in graphs[v.id].nodes.values()
                if n.kind in (NodeKind.WAIT_EVENT, NodeKind.GOAL)]
    return out


class Waker:
    """Loaded once per matcher run: the nodes facts can wake members at."""

    def __init__(self, nodes: list[_Waiting]) -> None:
        self.nodes = nodes

    @classmethod
    async def load(cls) -> Waker:
        return cls(await _waiting_nodes())

    async def wake(self, facts: list[Fact]) -> int:
        """Make due the members these facts were waited for (one read, one update per member woken)."""
        if not self.nodes or not facts:
            return 0
        wanted: dict[tuple[int, str], Node] = {}
        by_member: dict[int, list[tuple[_Waiting, Fact]]] = defaultdict(list)
        for w in self.nodes:
            for f in facts:
                if fact_meets(w.node, f):
                    wanted[(w.version_id, w.node.id)] = w.node
                    by_member[f.member_id].append((w, f))
        if not by_member:
            return 0
        rows = await Enrollment.filter(
            status=EnrollmentStatus.ACTIVE, woke_by=None, member_id__in=list(by_member),
            version_id__in=list({v for v, _ in wanted}), node_id__in=list({n for _, n in wanted}),
        ).only("id", "member_id", "version_id", "node_id", "due_at", "entered_at")
        woken = 0
        for e in rows:
            node = wanted.get((e.version_id, e.node_id))
            if node is None or e.due_at is None:
                continue
            arrived_by = _arrived_by(e, node)
            hits = sorted(((f.at, f.key) for w, f in by_member[e.member_id]
                           if w.version_id == e.version_id and w.node.id == e.node_id
                           and arrived_by(f.at) and f.at < e.due_at), key=lambda t: t)
            if not hits:
                continue
            at, key = hits[0]
            n = await Enrollment.filter(id=e.id, status=EnrollmentStatus.ACTIVE, woke_by=None,
                                        node_id=e.node_id).update(woke_by=key, due_at=min(at, clock.now()))
            woken += n
        return woken


def _arrived_by(e: Enrollment, node: Node) -> Any:
    """Whether a fact at a time came after the member started waiting at ``node``."""
    if node.kind is NodeKind.WAIT_EVENT:
        timeout = timedelta(days=node.config["timeoutDays"])
        assert e.due_at is not None
        started = e.due_at - timeout
        return lambda at: at > started
    return lambda at: at > e.entered_at  # a goal counts anything after entry (not what let the member in)
