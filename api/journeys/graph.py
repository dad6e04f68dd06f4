"""A journey's graph: node kinds, their typed configuration, and the checks a graph passes to be published.

A plan and a drawn canvas are the same thing: a graph of nodes with stable ids joined by edges, each
edge leaving one named *branch* of its source node. The graph is stored as JSON on drafts and on
immutable published versions::

    {"nodes": [{"id": "entry", "kind": "ENTRY", "config": {...}}, ...],
     "edges": [{"from": "entry", "to": "wait1", "branch": "next"}, ...]}

``check_config`` normalises one node's configuration (errors name the field); ``validate`` checks a
whole graph for publishing: one entry, unique ids, known branches, every node reachable from the
entry, every branch of a split connected, and no cycle that does not pass through a wait (a member
could otherwise loop forever within one claim). Every error names the node id and its field path
(``["input", "graph", "nodes", "3", "config", "duration", "days"]``), so the canvas can put it on the
node. Whether referenced rows (templates, segments) exist and are in the owner's reach is checked by
the service, which has the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from api.core.errors import DomainError, FieldError

MAX_NODES = 200
MAX_WAIT_DAYS = 366
NODE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
EVENT_TYPE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
CHANNELS = ("SMS", "WECHAT", "WECOM", "EMAIL", "PUSH")


class NodeKind(StrEnum):
    ENTRY = "ENTRY"
    WAIT = "WAIT"
    WAIT_EVENT = "WAIT_EVENT"
    CONDITION = "CONDITION"
    AUDIENCE_PATHS = "AUDIENCE_PATHS"
    RANDOM_SPLIT = "RANDOM_SPLIT"
    MESSAGE = "MESSAGE"
    GUIDE_TASK = "GUIDE_TASK"
    UPDATE_MEMBER = "UPDATE_MEMBER"
    GOAL = "GOAL"
    EXIT = "EXIT"


WAITS = frozenset({NodeKind.WAIT, NodeKind.WAIT_EVENT})
"""Nodes that hold a member until later: a cycle must pass through one."""

NEXT = "next"


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    config: dict[str, Any]
    index: int
    position: dict[str, float] | None = None
    """Where the canvas draws it (x, y): kept with the version, ignored by the engine."""


@dataclass(frozen=True)
class Graph:
    """A validated graph: nodes by id and, for each node, its branches' targets."""

    nodes: dict[str, Node]
    edges: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def entry(self) -> Node:
        return next(n for n in self.nodes.values() if n.kind is NodeKind.ENTRY)

    def next(self, node_id: str, branch: str = NEXT) -> str | None:
        """The node a member goes to from ``node_id`` along ``branch`` (None: the journey ends there)."""
        return self.edges.get(node_id, {}).get(branch)

    def as_json(self) -> dict[str, Any]:
        nodes = sorted(self.nodes.values(), key=lambda n: n.index)
        return {
            "nodes": [{"id": n.id, "kind": n.kind.value, "config": n.config,
                       **({"position": n.position} if n.position else {})} for n in nodes],
            "edges": [{"from": n.id, "to": t, "branch": b} for n in nodes for b, t in self.edges.get(n.id, {}).items()],
        }


class _Errors:
    def __init__(self, base: Sequence[str]):
        self.base = tuple(base)
        self.items: list[FieldError] = []

    def add(self, path: Sequence[str | int], message: str, code: str = "INVALID") -> None:
        self.items.append(FieldError(self.base + tuple(str(p) for p in path), message, code))

    def raise_any(self) -> None:
        if self.items:
            raise DomainError(self.items)


# -- node configuration -------------------------------------------------------------------------------

Err = Callable[[Sequence[str | int], str], None]
Checker = Callable[[dict[str, Any], Err], dict[str, Any]]


def _under(err: Err, *prefix: str | int) -> Err:
    """``err`` for the fields under ``prefix``."""

    def sub(path: Sequence[str | int], message: str) -> None:
        err([*prefix, *path], message)

    return sub


def _int(cfg: dict[str, Any], key: str, err: Err, *, lo: int, hi: int,
         required: bool = True) -> int | None:
    value = cfg.get(key)
    if value is None:
        if required:
            err([key], f"{key} is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        err([key], f"{key} must be a whole number.")
        return None
    if not lo <= value <= hi:
        err([key], f"{key} must be between {lo} and {hi}.")
        return None
    return value


def _choice(cfg: dict[str, Any], key: str, choices: Sequence[str], err: Err,
            *, default: str | None = None) -> str | None:
    value = cfg.get(key, default)
    if value not in choices:
        err([key], f"{key} must be one of {', '.join(choices)}.")
        return None
    return str(value)


def _time(value: Any, key: str, err: Err) -> str | None:
    try:
        return time.fromisoformat(str(value)).strftime("%H:%M")
    except ValueError:
        err([key], f"{key} must be a time of day like 09:30.")
        return None


def _rule(cfg: dict[str, Any], key: str, err: Err) -> dict[str, Any] | None:
    from api.segments.rules import validate_rule

    if cfg.get(key) is None:
        err([key], f"{key} is required.")
        return None
    try:
        rule, _info = validate_rule(cfg[key], [key])
    except DomainError as e:
        for fe in e.errors:
            err(list(fe.field), fe.message)
        return None
    return rule


def _audience(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    """Everyone, members of any of some segments, and / or a rule (ANDed with the trigger)."""
    audience = cfg.get("audience") or {}
    out: dict[str, Any] = {}
    seg_ids = audience.get("segmentIds") or []
    if not isinstance(seg_ids, list) or not all(isinstance(s, int) and not isinstance(s, bool) for s in seg_ids):
        err(["audience", "segmentIds"], "segmentIds must be a list of segment ids.")
    elif seg_ids:
        out["segmentIds"] = sorted(set(seg_ids))
    if audience.get("rule") is not None:
        rule = _rule(audience, "rule", _under(err, "audience"))
        if rule is not None:
            out["rule"] = rule
    return out


TRIGGERS = ("ORDER_GOODS", "ORDER_SERVICES", "ORDER_CARDS", "SERVICE_COMPLETED", "CARD_USED", "EVENT",
            "SEGMENT_ENTERED", "CARD_EXPIRES", "BIRTHDAY")
SCHEDULES = ("DAILY", "WEEKLY", "MONTHLY", "MONTH_LAST_DAY")
REENTRY = ("ONCE", "EVERY_N_DAYS", "EVERY_TIME")


def _entry(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    out: dict[str, Any] = {"audience": _audience(cfg, err)}
    mode = _choice(cfg, "mode", ("ONE_SHOT", "RECURRING", "TRIGGERED"), err)
    out["mode"] = mode
    if mode == "ONE_SHOT":
        try:
            at = datetime.fromisoformat(str(cfg.get("at")))
            out["at"] = at.isoformat()
        except ValueError:
            err(["at"], "at must be a date and time (ISO 8601) for a one-shot entry.")
    elif mode == "RECURRING":
        every = _choice(cfg, "every", SCHEDULES, err)
        out["every"] = every
        out["time"] = _time(cfg.get("time", "09:00"), "time", err)
        if every == "WEEKLY":
            out["weekday"] = _int(cfg, "weekday", err, lo=1, hi=7)
        elif every == "MONTHLY":
            out["day"] = _int(cfg, "day", err, lo=1, hi=31)
    elif mode == "TRIGGERED":
        trigger = _choice(cfg, "trigger", TRIGGERS, err)
        out["trigger"] = trigger
        out["delayDays"] = _int(cfg, "delayDays", err, lo=0, hi=MAX_WAIT_DAYS, required=False) or 0
        if trigger == "EVENT":
            event_type = cfg.get("eventType")
            if not isinstance(event_type, str) or not EVENT_TYPE.match(event_type):
                err(["eventType"], "eventType must be an event type name (letters, digits, . _ : -, at most 64).")
            out["eventType"] = event_type
        elif trigger == "SEGMENT_ENTERED":
            out["segmentId"] = _int(cfg, "segmentId", err, lo=1, hi=2**31 - 1)
        elif trigger in ("CARD_EXPIRES", "BIRTHDAY"):
            out["daysBefore"] = _int(cfg, "daysBefore", err, lo=0, hi=MAX_WAIT_DAYS, required=False) or 0
            if cfg.get("time") is not None:  # the day's scan waits for this store time (else: just after midnight)
                out["time"] = _time(cfg["time"], "time", err)
    reentry = _choice(cfg, "reentry", REENTRY, err, default="ONCE")
    out["reentry"] = reentry
    if reentry == "EVERY_N_DAYS":
        out["reentryDays"] = _int(cfg, "reentryDays", err, lo=1, hi=MAX_WAIT_DAYS * 5)
    return out


DATE_FIELDS = ("BIRTHDAY", "CARD_EXPIRES")


def _wait(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    """A duration; until a date and time; until a weekday at a time; or until a member date minus N days."""
    kinds = [k for k in ("duration", "until", "weekday", "dateField") if cfg.get(k) is not None]
    if len(kinds) != 1:
        err([], "A wait has exactly one of duration, until, weekday (with time) or dateField.")
        return {}
    kind = kinds[0]
    if kind == "duration":
        d = cfg["duration"] if isinstance(cfg["duration"], dict) else {}
        parts = {k: d.get(k, 0) for k in ("days", "hours", "minutes")}
        bad = [k for k, v in parts.items() if isinstance(v, bool) or not isinstance(v, int) or v < 0]
        if bad or not d:
            err(["duration", *(bad[:1] or [])], "A duration is whole, non-negative days, hours and minutes.")
            return {}
        total = parts["days"] * 1440 + parts["hours"] * 60 + parts["minutes"]
        if total <= 0:
            err(["duration"], "A wait must last longer than zero.")
            return {}
        if total > MAX_WAIT_DAYS * 1440:
            err(["duration"], f"A wait lasts at most {MAX_WAIT_DAYS} days.")
            return {}
        return {"duration": {"minutes": total}}
    if kind == "until":
        try:
            return {"until": datetime.fromisoformat(str(cfg["until"])).isoformat()}
        except ValueError:
            err(["until"], "until must be a date and time (ISO 8601).")
            return {}
    if kind == "weekday":
        return {"weekday": _int(cfg, "weekday", err, lo=1, hi=7), "time": _time(cfg.get("time", "09:00"), "time", err)}
    return {"dateField": _choice(cfg, "dateField", DATE_FIELDS, err),
            "daysBefore": _int(cfg, "daysBefore", err, lo=0, hi=MAX_WAIT_DAYS, required=False) or 0,
            "time": _time(cfg.get("time", "09:00"), "time", err)}


def _wait_event(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    event_type = cfg.get("eventType")
    if not isinstance(event_type, str) or not EVENT_TYPE.match(event_type):
        err(["eventType"], "eventType must be an event type name (letters, digits, . _ : -, at most 64).")
    return {"eventType": event_type, "timeoutDays": _int(cfg, "timeoutDays", err, lo=1, hi=MAX_WAIT_DAYS)}


def _condition(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    return {"rule": _rule(cfg, "rule", err)}


def _paths(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    paths = cfg.get("paths")
    if not isinstance(paths, list) or not 1 <= len(paths) <= 10:
        err(["paths"], "Audience paths need 1 to 10 ranked paths.")
        return {"paths": []}
    out = []
    for i, p in enumerate(paths):
        p = p if isinstance(p, dict) else {}
        key = p.get("key")
        if not isinstance(key, str) or not NODE_ID.match(key) or key == "else":
            err(["paths", i, "key"], "A path key is 1-64 letters, digits, _ or - (not 'else').")
        out.append({"key": key, "rule": _rule(p, "rule", _under(err, "paths", i))})
    keys = [p["key"] for p in out]
    if len(set(keys)) != len(keys):
        err(["paths"], "Path keys must be different.")
    return {"paths": out}


def _split(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    shares = cfg.get("shares")
    if not isinstance(shares, list) or not 2 <= len(shares) <= 10:
        err(["shares"], "A random split has 2 to 10 shares.")
        return {"shares": []}
    out = []
    for i, s in enumerate(shares):
        s = s if isinstance(s, dict) else {}
        key = s.get("key")
        if not isinstance(key, str) or not NODE_ID.match(key):
            err(["shares", i, "key"], "A share key is 1-64 letters, digits, _ or -.")
        percent = _int(s, "percent", _under(err, "shares", i), lo=1, hi=99)
        out.append({"key": key, "percent": percent, "control": bool(s.get("control", False))})
    percents = [s["percent"] for s in out if isinstance(s["percent"], int)]
    if len(percents) == len(out) and sum(percents) != 100:
        err(["shares"], f"Shares must add up to 100 (they add up to {sum(percents)}).")
    if len({s["key"] for s in out}) != len(out):
        err(["shares"], "Share keys must be different.")
    if sum(1 for s in out if s["control"]) > 1:
        err(["shares"], "At most one share is the control group.")
    return {"shares": out}


def _message(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    template_id = _int(cfg, "templateId", lambda p, m: err(p, "A message node needs a template."), lo=1, hi=2**31 - 1)
    channels = cfg.get("channels")
    if not isinstance(channels, list) or not channels or not all(c in CHANNELS for c in channels):
        err(["channels"], f"channels is a non-empty list of {', '.join(CHANNELS)}, in fallback order.")
        channels = []
    elif len(set(channels)) != len(channels):
        err(["channels"], "A channel is listed twice.")
    return {
        "templateId": template_id,
        "channels": list(channels),
        "priority": _int(cfg, "priority", err, lo=0, hi=100, required=False) or 0,
        "capped": _choice(cfg, "capped", ("SKIP", "DEFER"), err, default="SKIP"),
        "quiet": _choice(cfg, "quiet", ("DEFER", "SKIP"), err, default="DEFER"),
    }


def _guide_task(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    instructions = cfg.get("instructions")
    if not isinstance(instructions, str) or not instructions.strip() or len(instructions) > 2000:
        err(["instructions"], "A guide task needs instructions (at most 2,000 characters).")
    return {"instructions": instructions,
            "templateId": _int(cfg, "templateId", err, lo=1, hi=2**31 - 1, required=False),
            "dueDays": _int(cfg, "dueDays", err, lo=1, hi=90, required=False) or 3}


def _update(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("addTags", "removeTags"):
        tags = cfg.get(key) or []
        if not isinstance(tags, list) or not all(isinstance(t, str) and 0 < len(t) <= 40 for t in tags):
            err([key], f"{key} is a list of tags of 1-40 characters.")
            tags = []
        out[key] = tags
    out["grantPoints"] = _int(cfg, "grantPoints", err, lo=0, hi=1_000_000, required=False) or 0
    if not (out["addTags"] or out["removeTags"] or out["grantPoints"]):
        err([], "An update node adds or removes a tag or grants points.")
    return out


def _goal(cfg: dict[str, Any], err: Err) -> dict[str, Any]:
    goal = _choice(cfg, "goal", ("ORDER", "EVENT", "SEGMENT"), err)
    out: dict[str, Any] = {"goal": goal, "withinDays": _int(cfg, "withinDays", err, lo=1, hi=MAX_WAIT_DAYS)}
    if goal == "EVENT":
        event_type = cfg.get("eventType")
        if not isinstance(event_type, str) or not EVENT_TYPE.match(event_type):
            err(["eventType"], "eventType must be an event type name.")
        out["eventType"] = event_type
    elif goal == "SEGMENT":
        out["segmentId"] = _int(cfg, "segmentId", err, lo=1, hi=2**31 - 1)
    return out


CHECKERS: dict[NodeKind, Checker] = {
    NodeKind.ENTRY: _entry,
    NodeKind.WAIT: _wait,
    NodeKind.WAIT_EVENT: _wait_event,
    NodeKind.CONDITION: _condition,
    NodeKind.AUDIENCE_PATHS: _paths,
    NodeKind.RANDOM_SPLIT: _split,
    NodeKind.MESSAGE: _message,
    NodeKind.GUIDE_TASK: _guide_task,
    NodeKind.UPDATE_MEMBER: _update,
    NodeKind.GOAL: _goal,
    NodeKind.EXIT: lambda cfg, err: {},
}


def branches(kind: NodeKind, config: dict[str, Any]) -> tuple[str, ...]:
    """The named ways out of a node (an EXIT has none)."""
    if kind is NodeKind.EXIT:
        return ()
    if kind is NodeKind.WAIT_EVENT:
        return ("event", "timeout")
    if kind is NodeKind.CONDITION:
        return ("yes", "no")
    if kind is NodeKind.AUDIENCE_PATHS:
        return (*(p["key"] for p in config.get("paths", []) if p.get("key")), "else")
    if kind is NodeKind.RANDOM_SPLIT:
        return tuple(s["key"] for s in config.get("shares", []) if s.get("key"))
    return (NEXT,)


SPLITS = frozenset({NodeKind.WAIT_EVENT, NodeKind.CONDITION, NodeKind.AUDIENCE_PATHS, NodeKind.RANDOM_SPLIT})
"""Nodes whose every branch must lead somewhere (a member must know where to go on each)."""


def _node_err(errors: _Errors, index: int, node_id: str) -> Err:
    def add(path: Sequence[str | int], message: str) -> None:
        errors.add(["nodes", index, "config", *path], f"Node {node_id}: {message}")

    return add


def validate(graph: Any, base: Sequence[str] = ("input", "graph")) -> Graph:
    """Check a graph for publishing and return it normalised; raise every problem at once, each naming its node."""
    errors = _Errors(base)
    if not isinstance(graph, dict):
        errors.add([], "The graph is an object with nodes and edges.")
        errors.raise_any()
    raw_nodes, raw_edges = graph.get("nodes"), graph.get("edges", [])
    if not isinstance(raw_nodes, list) or not raw_nodes:
        errors.add(["nodes"], "The graph has no nodes.")
        errors.raise_any()
    if len(raw_nodes) > MAX_NODES:
        errors.add(["nodes"], f"A journey has at most {MAX_NODES} nodes.")
        errors.raise_any()
    if not isinstance(raw_edges, list):
        errors.add(["edges"], "edges is a list.")
        errors.raise_any()

    nodes: dict[str, Node] = {}
    for i, raw in enumerate(raw_nodes):
        raw = raw if isinstance(raw, dict) else {}
        node_id, kind_name = raw.get("id"), raw.get("kind")
        if not isinstance(node_id, str) or not NODE_ID.match(node_id):
            errors.add(["nodes", i, "id"], "A node id is 1-64 letters, digits, _ or -.")
            continue
        if node_id in nodes:
            errors.add(["nodes", i, "id"], f"Node {node_id}: the id is used twice.")
            continue
        try:
            kind = NodeKind(str(kind_name))
        except ValueError:
            errors.add(["nodes", i, "kind"], f"Node {node_id}: unknown kind {kind_name!r}.")
            continue
        config = raw.get("config") or {}
        if not isinstance(config, dict):
            errors.add(["nodes", i, "config"], f"Node {node_id}: config is an object.")
            continue
        normal = CHECKERS[kind](config, _node_err(errors, i, node_id)) or {}
        pos = raw.get("position")
        position = ({"x": float(pos["x"]), "y": float(pos["y"])}
                    if isinstance(pos, dict) and all(isinstance(pos.get(k), int | float) for k in "xy") else None)
        nodes[node_id] = Node(node_id, kind, normal, i, position)

    entries = [n for n in nodes.values() if n.kind is NodeKind.ENTRY]
    if len(entries) != 1:
        errors.add(["nodes"], f"A journey has exactly one entry node (this one has {len(entries)}).")

    edges: dict[str, dict[str, str]] = {}
    for j, raw in enumerate(raw_edges):
        raw = raw if isinstance(raw, dict) else {}
        src, dst, branch = raw.get("from"), raw.get("to"), raw.get("branch") or NEXT
        if src not in nodes:
            errors.add(["edges", j, "from"], f"Edge {j}: no node {src!r}.")
            continue
        if dst not in nodes:
            errors.add(["edges", j, "to"], f"Edge {j} from node {src}: no node {dst!r}.")
            continue
        node = nodes[src]
        if branch not in branches(node.kind, node.config):
            known = ", ".join(branches(node.kind, node.config)) or "none"
            errors.add(["edges", j, "branch"], f"Node {src} has no branch {branch!r} (its branches: {known}).")
            continue
        if branch in edges.get(src, {}):
            errors.add(["edges", j, "branch"], f"Node {src}: branch {branch!r} already leads to {edges[src][branch]}.")
            continue
        if nodes[dst].kind is NodeKind.ENTRY:
            errors.add(["edges", j, "to"], f"Edge {j} from node {src}: nothing may lead back to the entry.")
            continue
        edges.setdefault(src, {})[branch] = dst
    errors.raise_any()

    for node in nodes.values():
        if node.kind in SPLITS or node.kind is NodeKind.ENTRY:
            for b in branches(node.kind, node.config):
                if b not in edges.get(node.id, {}):
                    errors.add(["nodes", node.index], f"Node {node.id}: branch {b!r} leads nowhere.")

    entry = entries[0]
    seen = {entry.id}
    todo = [entry.id]
    while todo:
        for t in edges.get(todo.pop(), {}).values():
            if t not in seen:
                seen.add(t)
                todo.append(t)
    for node in nodes.values():
        if node.id not in seen:
            errors.add(["nodes", node.index], f"Node {node.id} cannot be reached from the entry.")

    for cycle in _cycles_without_wait(nodes, edges):
        first = nodes[cycle[0]]
        errors.add(["nodes", first.index],
                   f"Nodes {' → '.join(cycle)} form a loop without a wait: add a wait to it.")
    errors.raise_any()
    return Graph(nodes, edges)


def _cycles_without_wait(nodes: dict[str, Node], edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan) of the graph without its wait nodes that contain a cycle."""
    succ = {n: [t for t in edges.get(n, {}).values() if nodes[t].kind not in WAITS]
            for n in nodes if nodes[n].kind not in WAITS}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in succ[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in succ[v]:
                out.append(sorted(comp, key=lambda n: nodes[n].index))

    for v in sorted(succ, key=lambda n: nodes[n].index):
        if v not in index:
            strong(v)
    return out
