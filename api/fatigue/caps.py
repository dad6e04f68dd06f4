"""Fatigue-cap counters in Redis: a Lua script checks every window of a member and reserves the slot.

One script call decides ``MEMBERS_PER_CALL`` members (their calls pipelined): a one-shot run decides a
million members, and a call per member cost more in the client than in Redis. The keys of one call
span members, so the counters need a single Redis (not a Cluster; each member's keys are still
hash-tagged together). Per member two keys:

- ``fat:{m<id>}:z`` — a sorted set of the member's counted marketing sends, member ``<CHANNEL>|<key>``,
  score the decision time (epoch seconds);
- ``fat:{m<id>}:h`` — a hash ``<key> → <CHANNEL>`` for idempotency and release, and the field ``~``
  that says the counters were loaded from the database.

``<key>`` is the send's dedupe key (sender, step, occurrence, member): the same candidate decided again —
a retry after a crash, a second worker — finds its own reservation and never counts twice.

The database's sends are the truth. A member whose hash has no ``~`` (never seen, expired, or Redis
lost its data) is rebuilt from the member's counted sends (QUEUED, SENT or DELIVERED marketing sends
decided within ``HORIZON``), read from the database after locking the member's row, so no other
decision for the member is in flight: ``apply`` asks Redis which members it has (``HEXISTS`` in one script) and passes
the others' sends as the seed of the same script call; a member whose keys vanish in between answers
``LOAD`` and is called again with its seed. Keys expire after
``HORIZON`` without use. A send that fails at the provider releases its slot (``release``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis

from api.core.redis import client
from api.fatigue.policy import HORIZON, Window

LUA = r"""
-- the windows of a spec: "<channel or *> <start> <max> <next start or 0> <rolling length>;…", parsed once
-- per call (a call's members share a few specs)
local parsed = {}
local function windows(spec)
  local wins = parsed[spec]
  if wins == nil then
    wins = {}
    for a, b, c, d, e in string.gmatch(spec, '([^ ;]+) ([^ ;]+) ([^ ;]+) ([^ ;]+) ([^ ;]+)') do
      wins[#wins + 1] = {a, b, tonumber(c), tonumber(d), tonumber(e)}
    end
    parsed[spec] = wins
  end
  return wins
end

-- one member's counters: KEYS z (sorted set) and h (hash) at ARGV[i ..]; returns its answers and the next i
local function member(z, h, now, trim, ttl, i)
  local nseed = tonumber(ARGV[i]); i = i + 1
  -- a member seeded with no sends has empty counters until a reservation: nothing to trim or count
  local empty = false
  if redis.call('HEXISTS', h, '~') == 0 then
    if nseed < 0 then
      local nops = tonumber(ARGV[i])
      return {'LOAD'}, i + 1 + 4 * nops
    end
    redis.call('DEL', z, h)
    for s = 1, nseed do
      redis.call('ZADD', z, ARGV[i + 1], ARGV[i + 2] .. '|' .. ARGV[i])
      redis.call('HSET', h, ARGV[i], ARGV[i + 2])
      i = i + 3
    end
    redis.call('HSET', h, '~', '1')
    empty = nseed == 0
  elseif nseed > 0 then
    i = i + 3 * nseed
  end
  if not empty then
    local old = redis.call('ZRANGEBYSCORE', z, '-inf', '(' .. trim)
    for j = 1, #old do
      local bar = string.find(old[j], '|', 1, true)
      redis.call('HDEL', h, string.sub(old[j], bar + 1))
    end
    if #old > 0 then redis.call('ZREMRANGEBYSCORE', z, '-inf', '(' .. trim) end
  end
  local out = {}
  local nops = tonumber(ARGV[i]); i = i + 1
  for o = 1, nops do
    local mode, key, ch, spec = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    i = i + 4
    local wins = windows(spec)
    local nwin = #wins
    local held = false
    if not empty then held = redis.call('HGET', h, key) end
    local res = 'OK'
    if mode == 'X' then
      if held then
        redis.call('ZREM', z, held .. '|' .. key)
        redis.call('HDEL', h, key)
      end
    elseif mode == 'R' and held then
      res = 'OK'
    else
      local blocked, free = 0, 0
      for w = 1, nwin do
        local wch, start, max, nxt, len = wins[w][1], wins[w][2], wins[w][3], wins[w][4], wins[w][5]
        -- a calendar period includes its first instant; a rolling one has aged out a send exactly len old
        local lo = start
        if nxt == 0 then lo = '(' .. start end
        local rows = {}
        if not empty then rows = redis.call('ZRANGEBYSCORE', z, lo, '+inf', 'WITHSCORES') end
        local times = {}
        local prefix = wch .. '|'
        for j = 1, #rows, 2 do
          if wch == '*' or string.sub(rows[j], 1, #prefix) == prefix then
            if rows[j] ~= (held or '') .. '|' .. key then times[#times + 1] = tonumber(rows[j + 1]) end
          end
        end
        if #times >= max then
          if blocked == 0 then blocked = w end
          local f
          if max == 0 then f = -1 elseif nxt > 0 then f = nxt else f = times[#times - max + 1] + len end
          if f < 0 or free < 0 then free = -1 elseif f > free then free = f end
        end
      end
      if blocked > 0 then
        res = 'CAP:' .. blocked .. ':' .. string.format('%.6f', free)
        if mode == 'C' and held then
          redis.call('ZREM', z, held .. '|' .. key)
          redis.call('HDEL', h, key)
        end
      elseif mode == 'R' then
        redis.call('ZADD', z, now, ch .. '|' .. key)
        redis.call('HSET', h, key, ch)
        empty = false
      elseif held then
        redis.call('ZREM', z, held .. '|' .. key)
        redis.call('HDEL', h, key)
      end
    end
    out[#out + 1] = res
  end
  redis.call('EXPIRE', z, ttl)
  redis.call('EXPIRE', h, ttl)
  return out, i
end

-- KEYS: z, h of each member in turn; ARGV: now, trim, ttl, then each member's seed and ops
local now, trim, ttl = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local i = 4
local answers = {}
for m = 1, #KEYS, 2 do
  local out
  out, i = member(KEYS[m], KEYS[m + 1], now, trim, ttl, i)
  answers[#answers + 1] = out
end
return answers
"""

LOADED = r"""
-- which of these members' counters Redis has (KEYS: their hashes): 1 or 0 each
local out = {}
for m = 1, #KEYS do out[m] = redis.call('HEXISTS', KEYS[m], '~') end
return out
"""

MEMBERS_PER_CALL = 200
"""Members one script call decides (a call blocks Redis while it runs: ~200 members take a few ms)."""

RESERVE, CHECK, RELEASE = "R", "C", "X"


@dataclass(frozen=True)
class Op:
    """One candidate's question to the member's counters.

    ``RESERVE``: take a slot if every window has room (a slot already held under ``key`` is kept);
    ``CHECK``: would it have room (a held-out send takes no slot); ``RELEASE``: give ``key``'s slot back.
    """

    mode: str
    key: str
    channel: str
    windows: Sequence[Window] = ()


@dataclass(frozen=True)
class Answer:
    """``ok``: reserved (or would fit); else ``window`` (index into the op's windows) is the first full
    one and ``free_at`` when every full window has room again (None: never, a cap of 0)."""

    ok: bool
    window: int | None = None
    free_at: datetime | None = None


def _keys(member_id: int) -> list[str]:
    return [f"fat:{{m{member_id}}}:z", f"fat:{{m{member_id}}}:h"]


def _ts(value: datetime) -> float:
    return value.timestamp()


def _head(now: datetime) -> list[Any]:
    return [f"{_ts(now):.6f}", f"{_ts(now - HORIZON):.6f}", int(HORIZON.total_seconds())]


def _member_args(seed: Sequence[tuple[str, datetime, str]] | None, ops: Sequence[Op]) -> list[Any]:
    """One member's part of a call: its seed (-1: none given) and its ops."""
    args: list[Any] = []
    if seed is None:
        args.append(-1)
    else:
        args.append(len(seed))
        for key, at, channel in seed:
            args += [key, f"{_ts(at):.6f}", channel]
    args.append(len(ops))
    for op in ops:
        args += [op.mode, op.key, op.channel, _spec(tuple(op.windows))]
    return args


@functools.lru_cache(maxsize=256)
def _spec(windows: tuple[Window, ...]) -> str:
    """The windows as the script reads them (one argument: a batch's members share a few specs)."""
    parts = []
    for w in windows:
        nxt = f"{_ts(w.next_start):.6f}" if w.next_start else "0"
        length = 0 if w.next_start else (3600 * w.cap.length if w.cap.period.value == "ROLLING_HOURS"
                                         else 86400 * w.cap.length)
        parts.append(f"{w.cap.channel.value if w.cap.channel else '*'} {_ts(w.start):.6f} {w.cap.max_sends} "
                     f"{nxt} {length}")
    return ";".join(parts)


def _answer(raw: bytes | str) -> Answer:
    text = raw.decode() if isinstance(raw, bytes) else raw
    if text == "OK":
        return Answer(True)
    _, window, free = text.split(":")
    at = float(free)
    return Answer(False, int(window) - 1, None if at < 0 else datetime.fromtimestamp(at, UTC))


Seeds = dict[int, list[tuple[str, datetime, str]]]


async def apply(ops: dict[int, list[Op]], now: datetime, load: Any) -> dict[int, list[Answer]]:
    """Run every member's ops (``MEMBERS_PER_CALL`` members per script call, the calls pipelined);
    ``load(member_ids)`` returns the database's counted sends of members whose counters Redis does not
    have. Answers in op order."""
    r = client()
    members = [m for m, o in ops.items() if o]
    out: dict[int, list[Answer]] = {}
    # which members' counters Redis has (one cheap script call per chunk), so the cold ones are seeded
    # in the first call instead of answering LOAD and costing a second round
    loaded: list[Any] = []
    has = r.register_script(LOADED)
    async with r.pipeline(transaction=False) as pipe:
        for start in range(0, len(members), MEMBERS_PER_CALL):
            await has(keys=[_keys(m)[1] for m in members[start:start + MEMBERS_PER_CALL]], client=pipe)
        for chunk in await pipe.execute():
            loaded += chunk
    cold = [m for m, ok in zip(members, loaded, strict=True) if not int(ok)]
    seeded: Seeds = await load(cold) if cold else {}
    cold_set = set(cold)
    results = await _run(r, [(m, seeded.get(m, []) if m in cold_set else None, ops[m]) for m in members], now)
    missing = [m for m, res in zip(members, results, strict=True) if _is_load(res)]
    for m, res in zip(members, results, strict=True):
        if not _is_load(res):
            out[m] = [_answer(x) for x in res]
    if missing:
        seeds: Seeds = await load(missing)
        again = await _run(r, [(m, seeds.get(m, []), ops[m]) for m in missing], now)
        for m, res in zip(missing, again, strict=True):
            out[m] = [_answer(x) for x in res]
    return out


def _is_load(res: Any) -> bool:
    return len(res) == 1 and (res[0] in (b"LOAD", "LOAD"))


async def _run(r: Redis, calls: list[tuple[int, Any, list[Op]]], now: datetime) -> list[Any]:
    """The script over ``calls`` (member, seed or None, ops), in chunks, pipelined; one result per member."""
    if not calls:
        return []
    script = r.register_script(LUA)
    head = _head(now)
    async with r.pipeline(transaction=False) as pipe:
        for start in range(0, len(calls), MEMBERS_PER_CALL):
            keys: list[str] = []
            args = list(head)
            for member_id, seed, member_ops in calls[start:start + MEMBERS_PER_CALL]:
                keys += _keys(member_id)
                args += _member_args(seed, member_ops)
            await script(keys=keys, args=args, client=pipe)
        return [res for chunk in await pipe.execute() for res in chunk]


async def release(member_id: int, key: str) -> None:
    """Give back the slot reserved under ``key`` (the provider refused the send for good)."""
    from api.core import clock

    # a member whose counters are not in Redis has nothing to release: they reload from the database,
    # where the send is FAILED and so not counted
    await _run(client(), [(member_id, None, [Op(RELEASE, key, "")])], clock.now())


async def forget(member_ids: Sequence[int]) -> None:
    """Drop members' counters (they reload from the database at their next decision)."""
    if member_ids:
        await client().delete(*[k for m in member_ids for k in _keys(m)])
