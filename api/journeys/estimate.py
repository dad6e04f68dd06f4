"""Reach on every node of a journey, and why it shrinks (``journeyEstimate``).

The graph is walked from its entry; each path carries the rules that let a member along it — the
entry's audience (its segments and rule), then ``yes``/``no`` of each condition split, the first
matching rule of audience paths — and the share of each random split. A node's arrivals are counted
with the segment engine's own estimate (the audience index, caught up with the change log; SQL when
the index cannot answer), within the viewer's reach of the journey owner's members, for every path
that reaches it (paths out of one split are disjoint, so they add up).

A message node's waterfall mirrors the send gate, step by step, for the members arriving:

1. by channel in the node's fallback order: members with an address on it not taken by an earlier
   channel (``hasAddress``), and of those the ones it decides to send on (address and marketing
   consent: ``sends``);
2. ``unreachable``: no address on any listed channel; ``noConsent``: an address, but consent on none;
3. quiet hours at the send time (known when the message follows a one-shot or recurring entry with no
   wait): a ``SKIP`` node loses the channel's sends there (``quietSkipped``), a ``DEFER`` node sends
   them when the quiet hours end (``quietDeferred``, still sent);
4. ``capped``: members already at one of their fatigue caps for the channel at the send time (from the
   sends the database has recorded, the counters' source of truth);
5. ``heldOut``: the sender's holdout (a journey's control group is a random-split branch instead, so
   0 on journey nodes);
6. ``expectedSends``.

``exact`` says whether the figure is what would happen if the journey ran now: true for scheduled
entries until a wait (members change while they wait), an event or a random share comes in; behaviour
triggers depend on who will act, so their figures count the audience that would qualify today.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections

from api.core import clock
from api.core.db import dialect
from api.core.scope import Scope
from api.core.viewer import Viewer
from api.journeys.graph import Graph, Node, NodeKind
from api.journeys.models import Journey

MAX_PATHS = 200
"""Paths walked per journey (a graph with many splits in a row multiplies them)."""


@dataclass(frozen=True)
class _Flow:
    """Members on one path to a node: the rules they meet, their share, and what is known of them."""

    parts: tuple[str, ...]  # JSON of each rule ANDed (hashable, for the count cache)
    share: float = 1.0
    exact: bool = True
    send_at: datetime | None = None  # when a message here would be decided (None: depends on events)


@dataclass
class ChannelReach:
    channel: str
    has_address: int
    sends: int


@dataclass
class MessageWaterfall:
    arriving: int
    channels: list[ChannelReach]
    reachable: int
    unreachable: int
    no_consent: int
    quiet_skipped: int
    quiet_deferred: int
    capped: int
    held_out: int
    expected_sends: int
    send_at: datetime | None
    exact: bool


@dataclass
class NodeEstimate:
    node_id: str
    kind: NodeKind
    arriving: int
    exact: bool
    message: MessageWaterfall | None = None
    flows: list[_Flow] = field(default_factory=list, repr=False)


def _everyone() -> dict[str, Any]:
    """A rule every member meets (the segment engine counts rules, so "everyone" is one too)."""
    sms = {"reachable": {"channel": "SMS"}}
    return {"any": [sms, {"not": sms}]}


def _rule(parts: tuple[str, ...]) -> dict[str, Any]:
    rules = [json.loads(p) for p in parts]
    if not rules:
        return _everyone()
    return rules[0] if len(rules) == 1 else {"all": rules}


def _part(rule: dict[str, Any]) -> str:
    return json.dumps(rule, sort_keys=True, ensure_ascii=False)


def _not(rule: dict[str, Any]) -> dict[str, Any]:
    return {"not": rule}


def _next_run(entry: dict[str, Any], now: datetime) -> datetime | None:
    """When a scheduled entry next lets its members in (store time), or None for behaviour triggers."""
    if entry["mode"] == "ONE_SHOT":
        return max(now, clock.to_utc(datetime.fromisoformat(entry["at"])))
    if entry["mode"] != "RECURRING":
        return None
    hh, mm = (int(x) for x in entry["time"].split(":"))
    tz = clock.local_now().tzinfo
    today = now.astimezone(tz).date()
    for ahead in range(0, 62):
        day = today + timedelta(days=ahead)
        last = calendar.monthrange(day.year, day.month)[1]
        every = entry["every"]
        due = (every == "DAILY" or (every == "WEEKLY" and day.isoweekday() == entry["weekday"])
               or (every == "MONTHLY" and day.day == min(entry["day"], last))
               or (every == "MONTH_LAST_DAY" and day.day == last))
        at = clock.local_midnight(day) + timedelta(hours=hh, minutes=mm)
        if due and at >= now:
            return at
    return None


class _Counter:
    """Counts of rules for one journey and viewer, each rule counted once. A first, recording pass collects
    every rule the estimate needs; ``prefetch`` then counts them together in the audience index (one
    catch-up, one pass), and what it cannot count is counted one by one by the segment engine (SQL)."""

    def __init__(self, viewer: Viewer, journey: Journey):
        self.viewer, self.journey = viewer, journey
        self.cache: dict[tuple[str, ...], int] = {}
        self.recording: set[tuple[str, ...]] | None = None

    async def count(self, parts: tuple[str, ...]) -> int:
        key = tuple(sorted(parts))
        if self.recording is not None:
            self.recording.add(key)
            return self.cache.get(key, 0)
        if key not in self.cache:
            from api.segments.services import estimate_rule

            est = await estimate_rule(self.viewer, _rule(key), saved=True, company_id=self.journey.company_id)
            self.cache[key] = est.total
        return self.cache[key]

    async def prefetch(self, keys: set[tuple[str, ...]]) -> None:
        from api.segments import audience_index
        from api.segments.context import prepare

        wanted = sorted(k for k in keys if k not in self.cache)
        index = audience_index.get_index()
        if not wanted or index is None:
            return
        self.viewer.require("segments:read")
        scope = Scope.of(self.viewer)
        if scope.is_unrestricted:  # the journey owner's members, as its runs enter them
            scope = Scope.of_company(self.journey.company_id)
        rules = [(_rule(k), await prepare(_rule(k), company_id=self.journey.company_id)) for k in wanted]
        try:
            totals = await index.count_many(scope, rules)
        except Exception:  # noqa: BLE001 - the index accelerates; counting one by one still answers
            totals = None
        if totals is not None:
            self.cache.update(zip(wanted, totals, strict=True))


async def _audience_parts(audience: dict[str, Any]) -> tuple[str, ...]:
    parts: list[str] = []
    if audience.get("segmentIds"):
        parts.append(_part({"any": [{"inSegment": {"segmentId": s, "isMember": True}}
                                    for s in audience["segmentIds"]]}
                           if len(audience["segmentIds"]) > 1
                           else {"inSegment": {"segmentId": audience["segmentIds"][0], "isMember": True}}))
    if audience.get("rule"):
        parts.append(_part(audience["rule"]))
    return tuple(parts)


def _out(graph: Graph, node: Node, flow: _Flow) -> list[tuple[str, _Flow]]:
    """The flows leaving ``node`` by each of its branches."""
    cfg, kind = node.config, node.kind
    edges = list(graph.edges.get(node.id, {}).items())
    if kind is NodeKind.CONDITION:
        rule = cfg["rule"]
        split = {"yes": replace(flow, parts=(*flow.parts, _part(rule))),
                 "no": replace(flow, parts=(*flow.parts, _part(_not(rule))))}
        return [(to, split[b]) for b, to in edges if b in split]
    if kind is NodeKind.AUDIENCE_PATHS:
        by: dict[str, _Flow] = {}
        earlier: list[str] = []
        for path in cfg["paths"]:
            by[str(path["key"])] = replace(flow, parts=(*flow.parts, *earlier, _part(path["rule"])))
            earlier.append(_part(_not(path["rule"])))
        by["else"] = replace(flow, parts=(*flow.parts, *earlier))
        return [(to, by[b]) for b, to in edges if b in by]
    if kind is NodeKind.RANDOM_SPLIT:
        shares = {str(s["key"]): s["percent"] / 100 for s in cfg["shares"]}
        return [(to, replace(flow, share=flow.share * shares.get(b, 0), exact=False)) for b, to in edges]
    if kind in (NodeKind.WAIT, NodeKind.WAIT_EVENT, NodeKind.GOAL):
        # members change while they wait, and who does the event is not known in advance
        return [(to, replace(flow, exact=False, send_at=None)) for _, to in edges]
    return [(to, flow) for _, to in edges]


async def estimate_graph(viewer: Viewer, journey: Journey, graph: Graph) -> list[NodeEstimate]:
    """Per node (in graph order) the members expected to arrive; for message nodes the waterfall."""
    entry = graph.entry
    now = clock.now()
    scheduled = entry.config["mode"] in ("ONE_SHOT", "RECURRING")
    start = _Flow(parts=await _audience_parts(entry.config.get("audience") or {}), exact=scheduled,
                  send_at=_next_run(entry.config, now) if scheduled else None)
    flows: dict[str, list[_Flow]] = {n: [] for n in graph.nodes}
    stack: list[tuple[str, _Flow, frozenset[str]]] = [(entry.id, start, frozenset())]
    walked = 0
    while stack and walked < MAX_PATHS * len(graph.nodes):
        node_id, flow, seen = stack.pop()
        walked += 1
        flows[node_id].append(flow)
        node = graph.nodes[node_id]
        for to, nxt in reversed(_out(graph, node, flow)):
            if to in seen or to == node_id:
                flows[to].append(replace(nxt, exact=False))  # a loop (through a wait): counted once
                continue
            stack.append((to, nxt, seen | {node_id}))
    counter = _Counter(viewer, journey)
    counter.recording = set()
    await _nodes(counter, journey, graph, flows)
    keys, counter.recording = counter.recording, None
    await counter.prefetch(keys)
    return await _nodes(counter, journey, graph, flows)


async def _nodes(counter: _Counter, journey: Journey, graph: Graph,
                 flows: dict[str, list[_Flow]]) -> list[NodeEstimate]:
    result: list[NodeEstimate] = []
    for node in sorted(graph.nodes.values(), key=lambda n: n.index):
        fs = flows[node.id]
        arriving = round(sum([await counter.count(f.parts) * f.share for f in fs]))
        est = NodeEstimate(node.id, node.kind, arriving, bool(fs) and all(f.exact for f in fs), flows=fs)
        if node.kind is NodeKind.MESSAGE:
            est.message = await _waterfall(counter, journey, node, fs, arriving)
        result.append(est)
    return result


async def _waterfall(counter: _Counter, journey: Journey, node: Node, flows: list[_Flow],
                     arriving: int) -> MessageWaterfall:
    from api.fatigue.gate import QuietPolicy
    from api.fatigue.policy import effective_for, quiet_end, windows

    channels: list[str] = list(node.config["channels"])
    policy = (await effective_for({journey.company_id}))[journey.company_id]
    quiet = QuietPolicy(node.config.get("quiet", "DEFER"))
    rows = {c: ChannelReach(c, 0, 0) for c in channels}
    reachable = skipped = deferred = capped = 0
    for f in flows:
        earlier: list[str] = []
        any_address = _part({"any": [{"channelIdentity": {"channel": c}} for c in channels]})
        reachable += round(await counter.count((*f.parts, any_address)) * f.share)
        for c in channels:
            address = round(await counter.count((*f.parts, *earlier, _part({"channelIdentity": {"channel": c}})))
                            * f.share)
            sends_parts = (*f.parts, *earlier, _part({"reachable": {"channel": c}}))
            sends = round(await counter.count(sends_parts) * f.share)
            rows[c].has_address += address
            rows[c].sends += sends
            earlier.append(_part(_not({"reachable": {"channel": c}})))
            at = f.send_at or clock.now()
            if f.send_at is not None and quiet_end(policy.quiet, c, at) is not None:
                if quiet is QuietPolicy.SKIP:
                    skipped += sends
                    continue
                deferred += sends
                at = quiet_end(policy.quiet, c, at) or at
            if sends and policy.caps and counter.recording is None:
                capped += round(await _at_cap(counter, sends_parts, windows(policy.caps, c, at)) * f.share)
    sends_total = sum(r.sends for r in rows.values())
    expected = max(0, sends_total - skipped - capped)
    exact = bool(flows) and all(f.exact and f.send_at is not None for f in flows)
    return MessageWaterfall(
        arriving=arriving, channels=list(rows.values()), reachable=reachable,
        unreachable=max(0, arriving - reachable), no_consent=max(0, reachable - sends_total),
        quiet_skipped=skipped, quiet_deferred=deferred, capped=capped, held_out=0, expected_sends=expected,
        send_at=flows[0].send_at if flows and len({f.send_at for f in flows}) == 1 else None, exact=exact,
    )


async def _at_cap(counter: _Counter, parts: tuple[str, ...], wins: list[Any]) -> int:
    """Members meeting ``parts`` whose recorded marketing sends already fill one of the cap windows."""
    from api.segments.services import compile_rule

    if not wins:
        return 0
    pg = dialect() == "postgres"
    full: list[str] = []
    params: list[Any] = []
    for w in wins:
        channel = "" if w.cap.channel is None else "AND s.channel = ? "
        full.append("SELECT s.member_id FROM message_send s WHERE s.kind = 'marketing' "
                    "AND s.status IN ('queued', 'sent', 'delivered') AND s.decided_at >= ? " + channel
                    + "GROUP BY s.member_id HAVING COUNT(*) >= ?")
        params += [w.start if pg else w.start.isoformat(sep=" ")]
        if w.cap.channel is not None:
            params.append(w.cap.channel.value)
        params.append(w.cap.max_sends)
    # nobody at a cap: nothing to intersect with the audience
    probe = connections.get("default")
    from api.segments.compiler import Sql

    union = Sql(" UNION ".join(full), params)
    text, values = Sql(f"SELECT 1 AS x FROM ({union.text}) f LIMIT 1", union.params).render(dialect())
    if not await probe.execute_query_dict(text, values):
        return 0
    pred = await compile_rule(_rule(tuple(sorted(parts))), company_id=counter.journey.company_id)
    scope = Scope.of(counter.viewer)
    scope_sql, scope_params = scope.members_sql("m")
    stmt = Sql(f"SELECT COUNT(*) AS n FROM member m WHERE m.id IN ({union.text}) AND ({pred.text}) AND {scope_sql}",
               [*union.params, *pred.params, *scope_params])
    text, values = stmt.render(dialect())
    rows = await probe.execute_query_dict(text, values)
    return int(rows[0]["n"] or 0)


async def estimate_journey(viewer: Viewer, journey_id: int, version: int | None = None) -> tuple[Journey, str,
                                                                                                list[NodeEstimate]]:
    """The estimate of a journey's draft (default) or of one of its published versions; returns the journey,
    what was estimated ("draft" or "version N") and the nodes. An invalid draft raises the userErrors
    publishing would (naming the node and field)."""
    from api.core.errors import DomainError
    from api.journeys import graph as graphs
    from api.journeys.models import JourneyVersion
    from api.journeys.services import _check_references, get_journey

    journey = await get_journey(viewer, journey_id)
    viewer.require("segments:read")
    if version is None:
        base = ("graph",)
        graph = graphs.validate(journey.draft, base)
        await _check_references(journey, graph, base)
        basis = "draft"
    else:
        row = await JourneyVersion.get_or_none(journey_id=journey.id, number=version)
        if row is None:
            raise DomainError.single(["version"], f"Journey {journey.id} has no version {version}.", "NOT_FOUND")
        graph = graphs.validate(row.graph, ("version",))
        basis = f"version {version}"
    return journey, basis, await estimate_graph(viewer, journey, graph)
