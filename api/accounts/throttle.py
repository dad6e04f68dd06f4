"""Login throttling: failed logins counted in Redis per username and per client IP, with backoff.

After ``limit`` failures for one username (5) or one IP (20), each less than ``window`` (15 minutes)
after the previous failure or lock, every further attempt is refused for 1 s, then 2 s, 4 s …
(doubling with each failure after the limit) up to 15 minutes, before the password is even looked
at: the right password is refused too while a lock lasts. The count starts again only after a
whole window with no failure and no lock, so a patient guesser stays at one guess per lock. A
successful login clears its username's failures; the IP's count only ages out, so one good account
does not launder a password-spraying address.

Counters live in Redis (the app's own, ``api.core.redis``) so that every API process shares them.
"Now" comes from ``api.core.clock`` and is passed to Redis, never read from Redis ``TIME``, so that
simulated time works in tests; Redis TTLs only collect garbage. One hash per subject, so each script
touches one key (Redis Cluster-safe).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from redis.asyncio import Redis

from api.core import clock
from api.core.redis import redis_url


@dataclass(frozen=True)
class Rule:
    """How many failures ``limit`` inside ``window`` seconds start a lock of ``base`` doubling to ``cap``."""

    kind: str
    limit: int
    window: float = 15 * 60
    base: float = 1.0
    cap: float = 15 * 60


USER_RULE = Rule("user", limit=5)
IP_RULE = Rule("ip", limit=20)

# KEYS[1]: the subject's hash {count, last failure, lock end}. ARGV: now, window, limit, base, cap, TTL.
# The count starts again once a whole window has passed with no failure and no lock.
_RECORD_FAILURE = """
local now = tonumber(ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'count', 'last', 'until')
local count = tonumber(h[1] or '0')
local last = tonumber(h[2] or '0')
local till = tonumber(h[3] or '0')
if now - math.max(last, till) > tonumber(ARGV[2]) then count = 0 end
count = count + 1
local lock = 0
if count >= tonumber(ARGV[3]) then
  lock = math.min(tonumber(ARGV[4]) * 2 ^ (count - tonumber(ARGV[3])), tonumber(ARGV[5]))
end
redis.call('HSET', KEYS[1], 'count', count, 'last', string.format('%.6f', now),
           'until', string.format('%.6f', math.max(till, now + lock)))
redis.call('EXPIRE', KEYS[1], ARGV[6])
return string.format('%.6f', lock)
"""


@dataclass(frozen=True)
class Subject:
    """One thing whose failures are counted: a username or a client address."""

    rule: Rule
    ident: str

    @property
    def _tag(self) -> str:
        digest = hashlib.sha256(self.ident.encode()).hexdigest()[:32]
        return f"login:{{{self.rule.kind}:{digest}}}"

    @property
    def key(self) -> str:
        return f"{self._tag}:failures"


def subjects(username: str, client_ip: str | None) -> list[Subject]:
    """The counters a login attempt is charged to (usernames compare case-insensitively here)."""
    out = [Subject(USER_RULE, username.strip().casefold())]
    if client_ip:
        out.append(Subject(IP_RULE, client_ip))
    return out


def _client() -> Redis:
    # A client per call: login is rare and slow (argon2), and a client must not outlive its event loop.
    return Redis.from_url(redis_url())


async def retry_after(subs: list[Subject]) -> float:
    """Seconds until every lock on these subjects has ended; 0 when none is locked now."""
    now = clock.now().timestamp()
    async with _client() as r, r.pipeline(transaction=False) as pipe:
        for s in subs:
            pipe.hget(s.key, "until")
        values = await pipe.execute()
    ends = [float(v) for v in values if v is not None]
    return max([0.0, *(end - now for end in ends)])


async def record_failure(subs: list[Subject]) -> float:
    """Count a failed login against each subject; return the lock (seconds) it starts, 0 for none."""
    now = clock.now().timestamp()
    longest = 0.0
    async with _client() as r:
        script = r.register_script(_RECORD_FAILURE)
        for s in subs:
            rule = s.rule
            ttl = int(rule.window + rule.cap) + 60
            lock = await script(keys=[s.key], args=[f"{now:.6f}", rule.window, rule.limit, rule.base, rule.cap, ttl])
            longest = max(longest, float(lock))
    return longest


async def reset(sub: Subject) -> None:
    """Forget a subject's failures and lock (after a successful login)."""
    async with _client() as r:
        await r.delete(sub.key)


def seconds_text(seconds: float) -> str:
    """A retry-after for people: whole seconds, rounded up."""
    return f"{max(1, math.ceil(seconds))} s"
