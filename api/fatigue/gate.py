"""The send gate: the only way anything is sent. Candidates in, outbox rows out, every outcome explained.

``decide(candidates)`` runs in the caller's transaction (a journey's claim, a guide task, a receipt):
for each candidate, in this order —

1. **reachable**: the first channel the sender listed on which the member has an identity and (for
   marketing) consent; none → ``NO_CONSENT`` if some listed channel had the identity, else ``UNREACHABLE``;
2. **quiet hours** (marketing): inside the store-time window of the chosen channel → ``DEFERRED`` to
   its end, or ``QUIET_SKIPPED`` (the sender's policy);
3. **fatigue caps** (marketing): every cap covering the channel must have room, checked and reserved
   atomically in Redis (``api.fatigue.caps``) → else ``CAPPED`` or ``DEFERRED`` to when room frees up
   (the sender's policy; at most ``MAX_DEFER`` after the first decision, then ``CAPPED``);
4. **holdout**: a stable share of members per sender → ``HELD_OUT`` (no slot taken);
5. otherwise ``QUEUED``: rendered for the member and left for the relay.

Transactional sends (a card-use receipt) need an identity only: no consent, quiet hours, caps or
holdout, and they do not count against caps.

Each candidate has a dedupe key (sender, step, occurrence, member) — the row's unique key and the
slot's key in Redis — so deciding the same candidate twice returns the first decision and a retry
never counts twice. Candidates for the same member decided together are taken by priority (higher
first), so the higher-priority sender gets the member's last slot.

Concurrency: on PostgreSQL the members' rows are locked (``FOR NO KEY UPDATE``, in id order) for the
transaction, so two workers deciding for one member take turns, and a member whose counters Redis lost
is reloaded from committed sends with none in flight. SQLite has a single writer: the gate takes the
write lock first.

``redecide_due()`` takes DEFERRED rows whose time has come and decides them again (same row, same key).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from api.channels.models import MessageSend, SendKind, SendStatus
from api.core import clock
from api.core.db import dialect, rows_added
from api.fatigue import caps as counters
from api.fatigue.policy import HORIZON, Effective, Window, effective_for, quiet_end, windows
from api.segments.conditions.reach import IDENTITY

log = logging.getLogger("rapport.gate")

MAX_DEFER = timedelta(days=7)
"""A deferred send is decided again at most this long after its first decision; then it is dropped."""
REDECIDE_BATCH = 500


class CappedPolicy(StrEnum):
    SKIP = "SKIP"
    DEFER = "DEFER"


class QuietPolicy(StrEnum):
    DEFER = "DEFER"
    SKIP = "SKIP"


@dataclass(frozen=True)
class Sender:
    """Who wants to send: a journey (plans are journeys), a guide task, or the system."""

    type: str
    id: int | None = None
    priority: int = 0
    capped: CappedPolicy = CappedPolicy.SKIP
    quiet: QuietPolicy = QuietPolicy.DEFER
    holdout_percent: int = 0


@dataclass(frozen=True)
class Candidate:
    """One message a sender wants to send to one member at one step, on one occasion."""

    member_id: int
    sender: Sender
    step: str
    occurrence: str
    channels: tuple[str, ...]
    kind: SendKind = SendKind.MARKETING
    template_id: int | None = None
    content: dict[str, Any] | None = None  # pre-rendered content (no template)
    card_focus: dict[str, Any] | None = None
    """Which of the member's cards the ``card_*`` parameters name (``api.templates.parameters.focus_card``):
    the card a reminder is about, not the member's soonest-expiring one."""

    @property
    def key(self) -> str:
        s = self.sender
        return f"{s.type}:{s.id or 0}:{self.step}:{self.occurrence}:{self.member_id}"[:200]


@dataclass
class Decision:
    """What the gate decided for one candidate (``send_id`` of the row that records it)."""

    key: str
    member_id: int
    status: SendStatus
    reason: str = ""
    channel: str = ""
    due_at: datetime | None = None
    send_id: int | None = None
    existing: bool = False


# -- channel identity and consent -------------------------------------------------------------------

CONSENT = {"SMS": "sms_consent", "WECHAT": "wechat_subscribed", "EMAIL": "email_consent", "PUSH": "push_consent"}
"""WeCom needs no consent of its own: being the guide's external contact is the member's consent."""
WHAT = {"SMS": "phone", "WECHAT": "official-account openid", "WECOM": "WeCom contact", "EMAIL": "email address",
        "PUSH": "push token"}


def _address(member: Any, channel: str) -> str | None:
    attr = IDENTITY.get(channel)
    value = getattr(member, attr, None) if attr else None
    return str(value) if value else None


def _consents(member: Any, channel: str) -> bool:
    attr = CONSENT.get(channel)
    return True if attr is None else bool(getattr(member, attr, False))


def choose_channel(member: Any, channels: Sequence[str], kind: SendKind) -> tuple[str | None, SendStatus, str]:
    """The first listed channel that reaches the member: ``(channel, QUEUED, "")``, or why none does."""
    identity: list[str] = []
    for ch in channels:
        if ch == "WEBHOOK":
            continue
        if _address(member, ch) is None:
            continue
        identity.append(ch)
        if kind is SendKind.TRANSACTIONAL or _consents(member, ch):
            return ch, SendStatus.QUEUED, ""
    if identity:
        return None, SendStatus.NO_CONSENT, "no marketing consent on " + ", ".join(identity)
    return None, SendStatus.UNREACHABLE, "no " + ", no ".join(f"{WHAT.get(c, c)} for {c}" for c in channels)


def held_out(sender: Sender, member_id: int) -> bool:
    """A stable share of each sender's members gets nothing (the control group)."""
    if sender.holdout_percent <= 0:
        return False
    digest = hashlib.sha256(f"holdout:{sender.type}:{sender.id}:{member_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < sender.holdout_percent


# -- deciding ---------------------------------------------------------------------------------------

@dataclass
class _Pending:
    cand: Candidate
    member: Any
    existing: MessageSend | None = None  # a DEFERRED row decided again
    status: SendStatus = SendStatus.QUEUED
    reason: str = ""
    channel: str = ""
    due_at: datetime | None = None
    windows: list[Window] = field(default_factory=list)
    first_decided: datetime | None = None


async def decide(candidates: Sequence[Candidate], now: datetime | None = None) -> list[Decision]:
    """Decide every candidate and record each outcome (an outbox row) in the caller's transaction.

    A candidate decided before (same key) is not decided again: its recorded decision is returned."""
    now = now or clock.now()
    unique: dict[str, Candidate] = {}
    for c in candidates:
        unique.setdefault(c.key, c)
    if not unique:
        return []
    async with in_transaction():
        members = await _lock_members(sorted({c.member_id for c in unique.values()}))
        known = {r.dedupe_key: r for r in await _sends_by_key(list(unique))}
        out = [Decision(r.dedupe_key, r.member_id, SendStatus(r.status), r.reason, r.channel, r.due_at, r.id, True)
               for r in known.values()]
        fresh = [c for k, c in unique.items() if k not in known]
        if fresh:
            out += await _decide_pending(_pending(fresh, {}, members), now)
    return out


async def redecide_due(now: datetime | None = None, batch: int = REDECIDE_BATCH) -> int:
    """Decide DEFERRED sends whose time has come again; returns how many were decided."""
    now = now or clock.now()
    async with in_transaction():
        if dialect() != "postgres":
            await _lock_members([])  # SQLite: the write lock before the first read
        ids = await _claim_deferred(now, batch)
        if not ids:
            return 0
        rows = await MessageSend.filter(id__in=ids).order_by("id")
        members = await _lock_members(sorted({r.member_id for r in rows}))
        cands: list[Candidate] = []
        existing: dict[str, MessageSend] = {}
        for r in rows:
            policy = r.policy if isinstance(r.policy, dict) else {}
            sender = Sender(r.sender_type, r.sender_id, r.priority, CappedPolicy(policy.get("capped", "SKIP")),
                            QuietPolicy(policy.get("quiet", "DEFER")), int(policy.get("holdout", 0)))
            c = Candidate(r.member_id, sender, r.step, r.occurrence, tuple(r.channels or [r.channel]),
                          SendKind(r.kind), r.template_id, policy.get("content"), policy.get("card"))
            cands.append(c)
            existing[c.key] = r
        await _decide_pending(_pending(cands, existing, members), now)
    return len(ids)


async def redecide_until_idle(max_batches: int = 20, now: datetime | None = None) -> int:
    """``redecide_due`` in batches until no deferred send is due (bounded); returns how many."""
    total = 0
    for _ in range(max_batches):
        n = await redecide_due(now)
        total += n
        if n < REDECIDE_BATCH:
            break
    return total


def _pending(cands: Sequence[Candidate], existing: dict[str, MessageSend], members: dict[int, Any]) -> list[_Pending]:
    out: list[_Pending] = []
    for c in cands:
        m = members.get(c.member_id)
        if m is None:
            log.warning("send gate: member %s of %s does not exist; candidate dropped", c.member_id, c.key)
            continue
        row = existing.get(c.key)
        out.append(_Pending(c, m, row, first_decided=row.created_at if row else None))
    # a member's candidates by priority (higher first), then by key: the same order on every worker
    out.sort(key=lambda p: (p.cand.member_id, -p.cand.sender.priority, p.cand.key))
    return out


async def _decide_pending(pending: list[_Pending], now: datetime) -> list[Decision]:
    policies = await effective_for({p.member.company_id for p in pending})
    ops: dict[int, list[counters.Op]] = defaultdict(list)
    asked: list[tuple[_Pending, int]] = []  # (candidate, index of its op in the member's list)
    for p in pending:
        _pre_caps(p, policies[p.member.company_id], now)
        if p.status is SendStatus.QUEUED and p.cand.kind is SendKind.MARKETING and p.windows:
            mode = counters.CHECK if held_out(p.cand.sender, p.member.id) else counters.RESERVE
            ops[p.member.id].append(counters.Op(mode, p.cand.key, p.channel, p.windows))
            asked.append((p, len(ops[p.member.id]) - 1))
    if ops:
        answers = await counters.apply(ops, now, lambda ids: _counted_sends(ids, now))
        for p, i in asked:
            a = answers[p.member.id][i]
            if not a.ok:
                _capped(p, a, now)
    for p in pending:
        if p.status is SendStatus.QUEUED and held_out(p.cand.sender, p.member.id) \
                and p.cand.kind is SendKind.MARKETING:
            p.status, p.reason = SendStatus.HELD_OUT, f"holdout: {p.cand.sender.holdout_percent}% control group"
    contents = await _render([p for p in pending if p.status is SendStatus.QUEUED], now)
    return await _record(pending, contents, now)


def _pre_caps(p: _Pending, policy: Effective, now: datetime) -> None:
    """Reachability, consent and quiet hours; for sends that get past them, the cap windows to check."""
    c = p.cand
    if c.channels == ("WEBHOOK",):
        p.channel = "WEBHOOK"
        return
    channel, status, reason = choose_channel(p.member, c.channels, c.kind)
    p.channel = channel or (c.channels[0] if c.channels else "")
    p.status, p.reason = status, reason
    if status is not SendStatus.QUEUED or c.kind is SendKind.TRANSACTIONAL:
        return
    assert channel is not None
    end = quiet_end(policy.quiet, channel, now)
    if end is not None:
        span = next(f"{q.to_json()['start']}-{q.to_json()['end']}" for q in policy.quiet
                    if q.ends_after(channel, now) is not None)
        if c.sender.quiet is QuietPolicy.SKIP:
            p.status, p.reason = SendStatus.QUIET_SKIPPED, f"quiet hours {span} on {channel}"
        elif _too_late(p, end, now):
            p.status, p.reason = SendStatus.QUIET_SKIPPED, f"quiet hours {span} on {channel}: deferred too long"
        else:
            p.status, p.reason, p.due_at = SendStatus.DEFERRED, f"quiet hours {span} on {channel}", end
        return
    p.windows = _windows(policy.caps, channel, now)


_WINDOWS: dict[tuple[tuple[Any, ...], str, datetime], list[Window]] = {}


def _windows(caps: tuple[Any, ...], channel: str, now: datetime) -> list[Window]:
    """``windows`` memoised for the instant: a batch's candidates share a few (caps, channel) pairs."""
    key = (caps, channel, now)
    found = _WINDOWS.get(key)
    if found is None:
        if len(_WINDOWS) > 256:
            _WINDOWS.clear()
        found = _WINDOWS[key] = windows(caps, channel, now)
    return found


def _too_late(p: _Pending, until: datetime | None, now: datetime) -> bool:
    first = p.first_decided or now
    return until is None or until - first > MAX_DEFER


def _capped(p: _Pending, a: counters.Answer, now: datetime) -> None:
    assert a.window is not None
    rule = p.windows[a.window].cap.describe()
    if p.cand.sender.capped is CappedPolicy.DEFER and not _too_late(p, a.free_at, now):
        p.status, p.reason, p.due_at = SendStatus.DEFERRED, f"cap: {rule}", a.free_at
    else:
        late = " (deferred too long)" if p.cand.sender.capped is CappedPolicy.DEFER else ""
        p.status, p.reason = SendStatus.CAPPED, f"cap: {rule}{late}"


async def _render(pending: list[_Pending], now: datetime) -> dict[str, dict[str, Any]]:
    """Rendered content per candidate key: each template parsed once, the facts its parameters read
    loaded in bulk (none beyond the member row for a message that names only the member)."""
    from api.core.errors import DomainError
    from api.templates import services as templates
    from api.templates.parameters import focus_card, load_facts

    out: dict[str, dict[str, Any]] = {}
    groups: dict[tuple[int, str, str], list[_Pending]] = defaultdict(list)
    for p in pending:
        if p.cand.template_id is None:
            out[p.cand.key] = dict(p.cand.content or {})
        else:
            focus = json.dumps(p.cand.card_focus, sort_keys=True) if p.cand.card_focus else ""
            groups[(p.cand.template_id, p.channel, focus)].append(p)
    if not groups:
        return out
    compiled: dict[int, Any] = {}
    failed: dict[int, str] = {}
    for template_id in sorted({g[0] for g in groups}):
        try:
            compiled[template_id] = await templates.compile_live(template_id)
        except DomainError as exc:
            failed[template_id] = f"template {template_id}: {exc.errors[0].message}"[:200]
    needs = set().union(*(c.needs for c in compiled.values()))
    facts = await load_facts([p.member for (tid, _, _), ps in groups.items() if tid in compiled for p in ps], now,
                             needs)
    for (template_id, channel, focus), ps in groups.items():
        if template_id in failed:
            for p in ps:
                p.status, p.reason = SendStatus.FAILED, failed[template_id]
            continue
        tpl = compiled[template_id]
        group_facts = await focus_card(facts, [p.member.id for p in ps], json.loads(focus), now) \
            if focus and "card" in tpl.needs else facts
        rendered = templates.render_all(tpl, [p.member for p in ps], channel, group_facts)
        for p in ps:
            out[p.cand.key] = rendered[p.member.id]
    return out


async def _record(pending: list[_Pending], contents: dict[str, dict[str, Any]], now: datetime) -> list[Decision]:
    """Insert new rows (skipping any a concurrent decision already wrote) and update re-decided ones."""
    out: list[Decision] = []
    new: list[dict[str, Any]] = []
    for p in pending:
        c = p.cand
        queued = p.status is SendStatus.QUEUED
        due: datetime | None = now if queued else p.due_at
        values: dict[str, Any] = {
            "status": p.status, "reason": p.reason[:200], "channel": p.channel,
            "due_at": due, "decided_at": now,
            "content": contents.get(c.key, {}) if queued else {},
            "address": _address(p.member, p.channel) if queued and p.channel != "WEBHOOK" else None,
        }
        if queued and p.channel == "WEBHOOK":
            values["address"] = (c.content or {}).get("url")
        if p.existing is not None:
            await MessageSend.filter(id=p.existing.id, status=SendStatus.DEFERRED).update(**values)
            out.append(Decision(c.key, c.member_id, p.status, p.reason, p.channel, due, p.existing.id))
            continue
        policy: dict[str, Any] = {"capped": c.sender.capped.value, "quiet": c.sender.quiet.value,
                                  "holdout": c.sender.holdout_percent}
        if c.content is not None:
            policy["content"] = c.content
        if c.card_focus is not None:
            policy["card"] = c.card_focus
        new.append({
            **values, "member_id": c.member_id, "dedupe_key": c.key, "sender_type": c.sender.type,
            "sender_id": c.sender.id, "step": c.step[:64], "occurrence": c.occurrence[:64], "kind": c.kind,
            "priority": c.sender.priority, "channels": list(c.channels), "template_id": c.template_id,
            "policy": policy,
        })
        out.append(Decision(c.key, c.member_id, p.status, p.reason, p.channel, due))
    if new:
        ids = await _insert(new, now)
        for d in out:
            if d.send_id is None:
                d.send_id = ids.get(d.key)
    return out


COLUMNS = ("member_id", "dedupe_key", "sender_type", "sender_id", "step", "occurrence", "kind", "priority",
           "channel", "channels", "template_id", "content", "address", "status", "reason", "due_at",
           "decided_at", "policy")
JSON_COLUMNS = {"channels", "content", "policy"}
INSERT_ROWS = 1500
"""Rows per INSERT: 20 parameters each, under PostgreSQL's 32,767 per statement."""


async def _insert(rows: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    """One multi-row ``INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING`` per ``INSERT_ROWS``."""
    conn = connections.get("default")
    out: dict[str, int] = {}
    pg = dialect() == "postgres"
    cols = [*COLUMNS, "attempts", "created_at"]
    if pg:
        return await _insert_pg(rows, now)
    for start in range(0, len(rows), INSERT_ROWS):
        chunk = rows[start:start + INSERT_ROWS]
        params: list[Any] = []
        values: list[str] = []
        for r in chunk:
            row = [_db(r[c], c, pg) for c in COLUMNS] + [0, _db(now, "created_at", pg)]
            base = len(params)
            if pg:
                values.append("(" + ", ".join(
                    f"${base + i + 1}" + ("::jsonb" if c in JSON_COLUMNS else "") for i, c in enumerate(cols)
                ) + ")")
            else:
                values.append("(" + ", ".join("?" for _ in cols) + ")")
            params += row
        sql = (f"INSERT INTO message_send ({', '.join(cols)}) VALUES {', '.join(values)} "
               "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key")
        for rec in await conn.execute_query_dict(sql, params):
            out[rec["dedupe_key"]] = int(rec["id"])
    return out


PG_TYPES = {"member_id": "bigint", "sender_id": "int", "priority": "int", "template_id": "int", "due_at": "timestamptz",
            "decided_at": "timestamptz", "attempts": "int", "created_at": "timestamptz"}


async def _insert_pg(rows: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    """PostgreSQL: one ``INSERT … SELECT FROM unnest(<one array per column>)`` per 10,000 rows (20
    parameters whatever the number of rows; asyncpg encodes the arrays)."""
    conn = connections.get("default")
    cols = [*COLUMNS, "attempts", "created_at"]
    types = [PG_TYPES.get(c, "text") for c in cols]
    select = ", ".join(f"c{i}::jsonb" if c in JSON_COLUMNS else f"c{i}" for i, c in enumerate(cols))
    sql = (f"INSERT INTO message_send ({', '.join(cols)}) SELECT {select} FROM unnest("
           + ", ".join(f"${i + 1}::{t}[]" for i, t in enumerate(types))
           + f") AS t({', '.join(f'c{i}' for i in range(len(cols)))}) "
           "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key")
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    out: dict[str, int] = {}
    for start in range(0, len(rows), 10_000):
        chunk = rows[start:start + 10_000]
        arrays: list[list[Any]] = []
        for c in COLUMNS:
            values = [r[c] for r in chunk]
            if c in JSON_COLUMNS:
                values = [dumps(v) for v in values]
            elif c in ("kind", "status"):
                values = [str(v.value) if isinstance(v, StrEnum) else v for v in values]
            arrays.append(values)
        arrays += [[0] * len(chunk), [now] * len(chunk)]
        for rec in await conn.execute_query_dict(sql, arrays):
            out[rec["dedupe_key"]] = int(rec["id"])
    await rows_added("message_send", len(out))  # the counters' and relay's queries stay on their indexes
    return out


def _db(value: Any, column: str, pg: bool) -> Any:
    if column in JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value if pg else MessageSend._meta.fields_map["decided_at"].to_db_value(value, MessageSend)
    return value


async def _lock_members(member_ids: list[int]) -> dict[int, Any]:
    """Serialise decisions per member for the rest of the transaction (see the module docstring); the
    members, by id (on PostgreSQL read by the statement that locks them)."""
    from api.members.models import Member

    conn = connections.get("default")
    if dialect() != "postgres":
        # SQLite: a write statement takes the database's single write lock (nothing is changed)
        await conn.execute_query("UPDATE message_send SET id = id WHERE 0")
        return {m.id: m for m in await Member.filter(id__in=member_ids)} if member_ids else {}
    out: dict[int, Any] = {}
    for start in range(0, len(member_ids), 5000):
        for row in await conn.execute_query_dict(
            "SELECT * FROM member WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE",
            [member_ids[start:start + 5000]],
        ):
            out[row["id"]] = Member._init_from_db(**row)
    return out


async def _sends_by_key(keys: list[str]) -> list[MessageSend]:
    """The sends already recorded under these dedupe keys (a retry's, a concurrent decision's)."""
    if dialect() != "postgres":
        return await MessageSend.filter(dedupe_key__in=keys)
    rows = await connections.get("default").execute_query_dict(
        "SELECT * FROM message_send WHERE dedupe_key = ANY($1::text[])", [keys])
    return [MessageSend._init_from_db(**r) for r in rows]


async def _counted_sends(member_ids: list[int], now: datetime) -> counters.Seeds:
    """The database's counted sends of these members: what their counters in Redis are rebuilt from."""
    counted = [SendStatus.QUEUED, SendStatus.SENT, SendStatus.DELIVERED]
    rows: Sequence[Sequence[Any]]
    if dialect() == "postgres":
        rows = [tuple(r.values()) for r in await connections.get("default").execute_query_dict(
            "SELECT member_id, dedupe_key, decided_at, channel FROM message_send WHERE member_id = ANY($1::bigint[]) "
            "AND kind = $2 AND decided_at >= $3 AND status = ANY($4::text[])",
            [member_ids, SendKind.MARKETING.value, now - HORIZON, [s.value for s in counted]])]
    else:
        rows = await MessageSend.filter(
            member_id__in=member_ids, kind=SendKind.MARKETING, decided_at__gte=now - HORIZON, status__in=counted,
        ).values_list("member_id", "dedupe_key", "decided_at", "channel")
    out: counters.Seeds = defaultdict(list)
    for member_id, key, at, channel in rows:
        out[member_id].append((key, at, channel))
    return out


async def _claim_deferred(now: datetime, batch: int) -> list[int]:
    conn = connections.get("default")
    if dialect() == "postgres":
        rows = await conn.execute_query_dict(
            "SELECT id FROM message_send WHERE status = 'deferred' AND due_at <= $1 ORDER BY due_at, id "
            "LIMIT $2 FOR UPDATE SKIP LOCKED", [now, batch])
    else:
        rows = await conn.execute_query_dict(
            "SELECT id FROM message_send WHERE status = 'deferred' AND due_at <= ? ORDER BY due_at, id LIMIT ?",
            [MessageSend._meta.fields_map["due_at"].to_db_value(now, MessageSend), batch])
    return [int(r["id"]) for r in rows]


async def release(send: MessageSend) -> None:
    """Give back the cap slot of a send the provider refused for good (the relay's call)."""
    if send.kind == SendKind.MARKETING:
        await counters.release(send.member_id, send.dedupe_key)
