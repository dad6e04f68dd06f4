"""The due-work pump: claim due enrollments in batches and run them through their version's graph.

State lives in the database: an active enrollment rests at ``node_id`` until ``due_at`` (an entry
waiting for its delay, a wait, or a wait-for-event's timeout). ``advance_batch`` claims due rows
(PostgreSQL ``FOR UPDATE SKIP LOCKED``, so concurrent workers take disjoint rows; SQLite takes its
single write lock first with ``UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING``), then, in the
same transaction, leaves the resting node and runs every following node that needs no wait until a
member reaches a wait in the future or the end of a path. All side effects of a claim are database
writes in that transaction (outbox rows through the send gate, tags, points, counters), so a worker
killed mid-batch rolls back and the rows are simply claimed again: nothing is done twice. Each step
an enrollment takes is numbered (``steps``); a side effect's key is (enrollment, node, step), so even
an effect outside the transaction is recognised when retried.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from api.core import clock
from api.core.db import dialect
from api.journeys.graph import NEXT, Graph, Node, NodeKind, validate
from api.journeys.models import Enrollment, EnrollmentStatus, Journey, JourneyStatus, JourneyVersion

log = logging.getLogger(__name__)

BATCH = 1_000
"""Enrollments one claim transaction advances (their members stay locked by the send gate until it commits)."""
MAX_STEPS_PER_CLAIM = 100
"""Nodes one member runs through in one claim (a graph has no loop without a wait, so this is a guard)."""


@dataclass
class Claim:
    """What one claim transaction works with: the time, graphs by version, and per-node counters."""

    now: datetime
    graphs: dict[int, Graph] = field(default_factory=dict)
    journeys: dict[int, Journey] = field(default_factory=dict)
    pure: dict[int, bool] = field(default_factory=dict)
    """Versions whose nodes never touch the database (their members run without a savepoint)."""
    passed: dict[tuple[int, str], int] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)
    """What executors work out once per claim and node (a message node's sender, channels, card focus)."""
    sends: list[Any] = field(default_factory=list)
    """Candidate sends of the claim's message nodes, decided together by the send gate at the end of the
    claim (one batch: a member's higher-priority message takes their last slot under a cap)."""

    def count(self, journey_id: int, node_id: str) -> None:
        key = (journey_id, node_id)
        self.passed[key] = self.passed.get(key, 0) + 1


Executor = Callable[[Enrollment, Node, Claim], Awaitable[str | None]]
"""Runs a node for one member; returns the branch to leave by (None: stay, the node set ``due_at``)."""


def _share(enrollment: Enrollment, node: Node) -> int:
    """A stable number in [0, 100) for this member at this node: the same member always takes the same share."""
    digest = hashlib.sha256(f"{enrollment.journey_id}:{node.id}:{enrollment.member_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


async def _condition(e: Enrollment, node: Node, claim: Claim) -> str:
    from api.segments.services import member_matches

    journey = claim.journeys[e.journey_id]
    return "yes" if await member_matches(e.member_id, node.config["rule"], journey.company_id) else "no"


async def _paths(e: Enrollment, node: Node, claim: Claim) -> str:
    from api.segments.services import member_matches

    journey = claim.journeys[e.journey_id]
    for path in node.config["paths"]:
        if await member_matches(e.member_id, path["rule"], journey.company_id):
            return str(path["key"])
    return "else"


async def _split(e: Enrollment, node: Node, claim: Claim) -> str:
    share, acc = _share(e, node), 0
    for s in node.config["shares"]:
        acc += s["percent"]
        if share < acc:
            return str(s["key"])
    return str(node.config["shares"][-1]["key"])


def wake_time(node: Node, member: Any, now: datetime, card_expiry: date | None = None) -> datetime:
    """When a member who arrives at a wait node ``now`` moves on (never before ``now``)."""
    cfg = node.config
    if "duration" in cfg:
        return now + timedelta(minutes=cfg["duration"]["minutes"])
    if "until" in cfg:
        return max(now, clock.to_utc(datetime.fromisoformat(cfg["until"])))
    hh, mm = (int(x) for x in cfg.get("time", "09:00").split(":"))
    today = now.astimezone(clock.local_now().tzinfo).date()
    if "weekday" in cfg:
        for ahead in range(8):
            day = today + timedelta(days=ahead)
            at = clock.local_midnight(day) + timedelta(hours=hh, minutes=mm)
            if day.isoweekday() == cfg["weekday"] and at >= now:
                return at
    if "dateField" in cfg:
        target = card_expiry if cfg["dateField"] == "CARD_EXPIRES" else _member_date(member, cfg["dateField"], today)
        if target is not None:
            at = clock.local_midnight(target - timedelta(days=cfg["daysBefore"])) + timedelta(hours=hh, minutes=mm)
            return max(now, at)
    return now


async def _card_expiry(member_id: int, now: datetime) -> date | None:
    """The store date the member's next card expires (a card not yet expired with uses or value left)."""
    from tortoise.expressions import Q

    from api.loyalty.models import MemberCard

    card = await MemberCard.filter(
        Q(remaining_uses__gt=0) | Q(remaining_uses=None, balance_cents__gt=0),
        member_id=member_id, expires_at__gt=now,
    ).order_by("expires_at", "id").first()
    if card is None or card.expires_at is None:
        return None
    return clock.to_utc(card.expires_at).astimezone(clock.local_now().tzinfo).date()


def _member_date(member: Any, field_name: str, today: date) -> date | None:
    if field_name == "BIRTHDAY" and member is not None and member.birthday is not None:
        b = member.birthday
        for year in (today.year, today.year + 1):
            try:
                d = b.replace(year=year)
            except ValueError:  # 29 February in a common year: the 28th
                d = date(year, 2, 28)
            if d >= today:
                return d
    return None


async def _wait(e: Enrollment, node: Node, claim: Claim) -> str | None:
    from api.members.models import Member

    field_name = node.config.get("dateField")
    member = await Member.get_or_none(id=e.member_id) if field_name == "BIRTHDAY" else None
    expiry = await _card_expiry(e.member_id, claim.now) if field_name == "CARD_EXPIRES" else None
    wake = wake_time(node, member, claim.now, expiry)
    if wake <= claim.now:
        return NEXT
    e.due_at = wake
    return None


async def _wait_event(e: Enrollment, node: Node, claim: Claim) -> str | None:
    e.due_at = claim.now + timedelta(days=node.config["timeoutDays"])
    return None


async def _goal(e: Enrollment, node: Node, claim: Claim) -> str | None:
    """A conversion since entry counts at once; else rest until one comes (the matcher wakes the member) or
    the goal's window closes."""
    from api.journeys import waits

    hit = await waits.earlier_conversion(e, node, claim.now)
    if hit is not None:
        await waits.record_conversion(e, node, *hit)
        return NEXT
    deadline = waits.goal_deadline(e, node)
    if deadline <= claim.now:
        return NEXT
    e.due_at = deadline
    return None


async def _update_member(e: Enrollment, node: Node, claim: Claim) -> str:
    from api.loyalty.models import PointsEntry
    from api.members.models import Member, MemberTag

    cfg = node.config
    for tag in cfg.get("addTags", []):
        await MemberTag.get_or_create(member_id=e.member_id, tag=tag)
    if cfg.get("removeTags"):
        await MemberTag.filter(member_id=e.member_id, tag__in=cfg["removeTags"]).delete()
    if cfg.get("grantPoints"):
        from tortoise.expressions import F

        await PointsEntry.create(member_id=e.member_id, delta=cfg["grantPoints"], reason="journey",
                                 note=f"journey {e.journey_id} node {node.id} run {e.id}", occurred_at=claim.now)
        await Member.filter(id=e.member_id).update(points_balance=F("points_balance") + cfg["grantPoints"])
    return NEXT


async def _pass(e: Enrollment, node: Node, claim: Claim) -> str:
    return NEXT


EXECUTORS: dict[NodeKind, Executor] = {
    NodeKind.ENTRY: _pass,
    NodeKind.WAIT: _wait,
    NodeKind.WAIT_EVENT: _wait_event,
    NodeKind.CONDITION: _condition,
    NodeKind.AUDIENCE_PATHS: _paths,
    NodeKind.RANDOM_SPLIT: _split,
    NodeKind.UPDATE_MEMBER: _update_member,
    NodeKind.GOAL: _goal,
}
"""Node kinds the engine runs. MESSAGE (through the send gate) and GUIDE_TASK register themselves here
from their own modules (``api.journeys.actions``)."""


async def _leave(e: Enrollment, node: Node) -> str:
    """The branch a member resting at ``node`` leaves by when due: a wait-for-event by ``event`` when the
    matcher woke the member with it, else by ``timeout``; a goal woken by a fact records the conversion."""
    woke_by, e.woke_by = e.woke_by, None
    if node.kind is NodeKind.WAIT_EVENT:
        return "event" if woke_by else "timeout"
    if node.kind is NodeKind.GOAL and woke_by:
        from api.journeys import waits

        await waits.record_conversion(e, node, woke_by, e.due_at or clock.now())
    return NEXT


async def _run(e: Enrollment, claim: Claim) -> None:
    """Leave the resting node and run on until a future wait or the end of a path."""
    graph = claim.graphs[e.version_id]
    node = graph.nodes[e.node_id]
    branch: str | None = await _leave(e, node)
    claim.count(e.journey_id, node.id)
    for _ in range(MAX_STEPS_PER_CLAIM):
        assert branch is not None
        target = graph.next(node.id, branch)
        if target is None:
            e.status, e.ended_at, e.due_at = EnrollmentStatus.COMPLETED, claim.now, None
            return
        node = graph.nodes[target]
        e.node_id = node.id
        e.steps += 1
        if node.kind is NodeKind.EXIT:
            claim.count(e.journey_id, node.id)
            e.status, e.ended_at, e.due_at, e.exit_reason = EnrollmentStatus.EXITED, claim.now, None, "exit node"
            return
        executor = EXECUTORS.get(node.kind)
        if executor is None:
            raise RuntimeError(f"no executor for {node.kind} nodes")
        branch = await executor(e, node, claim)
        if branch is None:
            return  # resting at a wait: due_at was set
        claim.count(e.journey_id, node.id)
    raise RuntimeError(f"enrollment {e.id} ran {MAX_STEPS_PER_CLAIM} nodes in one claim")


RETRY_AFTER = timedelta(minutes=5)
SNAPSHOT = ("node_id", "due_at", "status", "ended_at", "exit_reason", "steps", "woke_by")


DATABASE_KINDS = frozenset({NodeKind.CONDITION, NodeKind.AUDIENCE_PATHS, NodeKind.UPDATE_MEMBER, NodeKind.GOAL,
                            NodeKind.GUIDE_TASK})
"""Node kinds that read or write the database while a member runs through them (a wait reads it when it
waits for a member's date)."""


def touches_database(graph: Graph) -> bool:
    return any(n.kind in DATABASE_KINDS or (n.kind is NodeKind.WAIT and "dateField" in n.config)
               for n in graph.nodes.values())


async def _run_one(e: Enrollment, claim: Claim) -> None:
    """Run one member inside a savepoint: a failure undoes only that member's effects, and the member is
    tried again later from where they were, instead of failing everyone else in the batch.

    A graph none of whose nodes touches the database (entries, waits for a duration, splits, messages —
    whose sends the gate decides after the members have run) runs without the savepoint: a failure there
    has written nothing, and the member's state is restored the same way."""
    before = {f: getattr(e, f) for f in SNAPSHOT}
    counts = dict(claim.passed)
    sends = len(claim.sends)
    try:
        if claim.pure.get(e.version_id, False):
            await _run(e, claim)
        else:
            async with in_transaction():
                await _run(e, claim)
    except Exception:
        log.exception("journey %s: enrollment %s failed at node %s; retrying later", e.journey_id, e.id, e.node_id)
        for f, v in before.items():
            setattr(e, f, v)
        claim.passed = counts
        del claim.sends[sends:]
        e.due_at = claim.now + RETRY_AFTER


async def _claim(now: datetime, batch: int) -> list[Enrollment]:
    """Lock up to ``batch`` due enrollments of active journeys (the earliest due first), in id order."""
    from tortoise import connections

    conn = connections.get("default")
    if dialect() == "postgres":
        # the rows come back with their locks: one statement, no second read by id
        rows = await conn.execute_query_dict(
            "SELECT e.* FROM enrollment e JOIN journey j ON j.id = e.journey_id "
            "WHERE e.status = 'active' AND e.due_at <= $1 AND j.status = 'active' "
            "ORDER BY e.due_at LIMIT $2 FOR UPDATE OF e SKIP LOCKED", [now, batch])
        return sorted((Enrollment._init_from_db(**r) for r in rows), key=lambda e: e.id)
    sql = (
        "UPDATE enrollment SET due_at = due_at WHERE id IN (SELECT e.id FROM enrollment e "
        "JOIN journey j ON j.id = e.journey_id WHERE e.status = 'active' AND e.due_at <= ? "
        "AND j.status = 'active' ORDER BY e.due_at LIMIT ?) RETURNING id"
    )
    _, rows = await conn.execute_query(sql, [now.isoformat(sep=" "), batch])
    ids = [int(r["id"]) for r in rows]
    return await Enrollment.filter(id__in=ids).order_by("id") if ids else []


async def advance_batch(batch: int = BATCH) -> int:
    """Claim up to ``batch`` due enrollments and advance each; returns how many were claimed."""
    claim = Claim(now=clock.now())
    async with in_transaction():
        rows = await _claim(claim.now, batch)
        if not rows:
            return 0
        for v in await JourneyVersion.filter(id__in={r.version_id for r in rows}):
            claim.graphs[v.id] = validate(v.graph, ())
            claim.pure[v.id] = not touches_database(claim.graphs[v.id])
        for j in await Journey.filter(id__in={r.journey_id for r in rows}):
            claim.journeys[j.id] = j
        for e in rows:
            await _run_one(e, claim)
        if claim.sends:
            from api.fatigue.gate import decide

            await decide(claim.sends, claim.now)
        await _save(rows)
        await _add_counts(claim)
    return len(rows)


async def _save(rows: list[Enrollment]) -> None:
    """Write the claimed members' new state: on PostgreSQL one update joined to the new states (arrays,
    ``unnest``), planned as a lookup by primary key per row — the planner is kept off sequential scans and
    hash or merge joins, which the statistics of a table that has just grown by a million rows can make
    look cheap."""
    from tortoise import connections

    if dialect() != "postgres":
        for e in rows:
            await e.save(update_fields=list(SNAPSHOT))
        return
    conn = connections.get("default")
    await conn.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; "
                              "SET LOCAL enable_mergejoin = off")
    await conn.execute_query(
        "UPDATE enrollment e SET node_id = u.node_id, due_at = u.due_at, status = u.status, ended_at = u.ended_at, "
        "exit_reason = u.exit_reason, steps = u.steps, woke_by = u.woke_by FROM unnest($1::bigint[], $2::text[], "
        "$3::timestamptz[], $4::text[], $5::timestamptz[], $6::text[], $7::int[], $8::text[]) "
        "AS u(id, node_id, due_at, status, ended_at, exit_reason, steps, woke_by) WHERE e.id = u.id",
        [[e.id for e in rows], [e.node_id for e in rows], [e.due_at for e in rows],
         [EnrollmentStatus(e.status).value for e in rows], [e.ended_at for e in rows],
         [e.exit_reason for e in rows], [e.steps for e in rows], [e.woke_by for e in rows]],
    )
    await conn.execute_script("RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin")


async def _add_counts(claim: Claim) -> None:
    """Add this claim's passes to the per-day node counters (an upsert, so concurrent claims add up)."""
    from tortoise import connections

    if not claim.passed:
        return
    day = clock.today()
    conn = connections.get("default")
    ph = (lambda i: f"${i}") if dialect() == "postgres" else (lambda i: "?")
    values, params = [], []
    for k, ((journey_id, node_id), n) in enumerate(sorted(claim.passed.items())):
        values.append(f"({ph(4 * k + 1)}, {ph(4 * k + 2)}, {ph(4 * k + 3)}, {ph(4 * k + 4)})")
        params += [journey_id, node_id, day if dialect() == "postgres" else day.isoformat(), n]
    await conn.execute_query(
        "INSERT INTO journey_node_day (journey_id, node_id, day, passed) VALUES " + ", ".join(values)
        + " ON CONFLICT (journey_id, node_id, day) DO UPDATE SET passed = journey_node_day.passed + excluded.passed",
        params,
    )


async def pump(batch: int = BATCH, max_batches: int = 1_000) -> int:
    """Advance every due enrollment (batch after batch); returns how many were advanced."""
    total = 0
    for _ in range(max_batches):
        n = await advance_batch(batch)
        total += n
        if n < batch:
            break
    return total


async def is_active(journey_id: int) -> bool:
    return await Journey.filter(id=journey_id, status=JourneyStatus.ACTIVE).exists()


def _register_actions() -> None:
    from api.journeys import actions

    actions.register()


_register_actions()
