"""The outbox relay: deliver QUEUED message sends exactly once, with retries and a lease.

A relay pass (``relay_once``):

1. **Claims** up to ``batch_size`` due rows (status QUEUED, ``due_at`` passed, no live lease) in one
   statement and commits: PostgreSQL uses a CTE with ``FOR UPDATE SKIP LOCKED`` (like procrastinate's
   ``fetch_job``), so concurrent relays skip each other's rows; SQLite uses ``UPDATE … WHERE id IN
   (SELECT … LIMIT n) RETURNING``, which takes SQLite's single write lock before reading. The claim
   sets ``leased_until`` and increments ``attempts``; the incremented ``attempts`` is the claim's
   token, so a relay whose lease ran out and was re-claimed cannot overwrite the new claim.
2. **Calls the providers outside any transaction**, at most ``concurrency`` at a time, with the
   send id as idempotency key.
3. **Records** the answer: SENT (``sent_at``, ``provider_message_id``), a retry with exponential
   backoff (``due_at``, ``last_error``) or FAILED with the reason after ``max_attempts`` or on a
   permanent error; a FAILED send releases its fatigue-cap slot (``_release_cap``).

Exactly once: SENT is only written over QUEUED, and a SENT row is never claimed again. A relay killed
between the provider call and the SENT write leaves the row QUEUED with a lease; when the lease
expires another relay sends it again with the SAME idempotency key, which the receiver deduplicates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from api.channels.base import Channel, OutgoingMessage, Provider, ProviderConfig, ProviderResult
from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.core.db import dialect

log = logging.getLogger("rapport.outbox")

BATCH_SIZE = 100
CONCURRENCY = 10
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)

# Where the member's address for a channel lives when the gate did not store one on the send.
ADDRESS_FIELDS = {
    Channel.SMS: "phone",
    Channel.WECHAT: "wechat_openid",
    Channel.WECOM: "wecom_external_id",
    Channel.EMAIL: "email",
    Channel.PUSH: "push_token",
}


@dataclass
class RelayStats:
    """What one relay pass did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0  # results not recorded: the row was re-claimed or decided by someone else meanwhile
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min, … capped at an hour."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def _db_time(value: datetime) -> Any:
    """``value`` as the driver stores it in message_send (SQLite keeps text, so formats must match)."""
    return MessageSend._meta.fields_map["due_at"].to_db_value(value, MessageSend)


async def claim(batch_size: int = BATCH_SIZE, lease: timedelta = LEASE) -> list[int]:
    """Lease up to ``batch_size`` due QUEUED rows and commit; return their ids (in due order)."""
    now = clock.now()
    until = now + lease
    conn = connections.get("default")
    if dialect() == "postgres":
        sql = """
            WITH due AS (
                SELECT id FROM message_send
                WHERE status = 'queued' AND (due_at IS NULL OR due_at <= $1)
                  AND (leased_until IS NULL OR leased_until <= $1)
                ORDER BY due_at NULLS FIRST, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE message_send AS m SET leased_until = $3, attempts = m.attempts + 1
            FROM due WHERE m.id = due.id
            RETURNING m.id
        """
        rows = await conn.execute_query_dict(sql, [now, batch_size, until])
    else:
        sql = """
            UPDATE message_send SET leased_until = ?, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM message_send
                WHERE status = 'queued' AND (due_at IS NULL OR due_at <= ?)
                  AND (leased_until IS NULL OR leased_until <= ?)
                ORDER BY due_at IS NOT NULL, due_at, id
                LIMIT ?
            )
            RETURNING id
        """
        t = _db_time(now)
        rows = await conn.execute_query_dict(sql, [_db_time(until), t, t, batch_size])
    return sorted(int(r["id"]) for r in rows)


ProviderResolver = Callable[[MessageSend], Any]


async def relay_once(
    batch_size: int = BATCH_SIZE,
    concurrency: int = CONCURRENCY,
    lease: timedelta = LEASE,
    max_attempts: int = MAX_ATTEMPTS,
) -> RelayStats:
    """Claim one batch, deliver it, record every answer. Returns what happened."""
    from api.channels import services

    stats = RelayStats()
    ids = await claim(batch_size, lease)
    stats.claimed = len(ids)
    if not ids:
        return stats
    sends = await MessageSend.filter(id__in=ids).select_related("member").order_by("id")
    providers: dict[int, Provider] = {}
    configs: dict[tuple[str, int | None], ProviderConfig | None] = {}
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def deliver(send: MessageSend) -> None:
        channel_name = (send.channel or "").upper()
        try:
            channel = Channel(channel_name)
        except ValueError:
            await _record(send, ProviderResult.fail(f"unknown channel {send.channel!r}", False), max_attempts, stats)
            return
        company_id = send.member.company_id
        key = (channel.value, company_id)
        if key not in configs:
            configs[key] = await services.provider_config_for(channel, company_id)
        config = configs[key]
        if config is None:
            await _record(send, ProviderResult.fail(f"no provider for {channel.value}", False), max_attempts, stats)
            return
        address = send.address or _member_address(send, channel)
        if not address:
            await _record(send, ProviderResult.fail(f"no address for {channel.value}", False), max_attempts, stats)
            return
        if config.id not in providers:
            providers[config.id] = services.make_provider(config)
        content = send.content if isinstance(send.content, dict) else {}
        message = OutgoingMessage(
            send_id=send.id, channel=channel, to=address,
            subject=str(content.get("subject") or ""), text=str(content.get("text") or ""),
            media=list(content.get("media") or []), member_id=send.member_id,
            extra={"templateId": send.template_id, "guideId": send.member.guide_id},
        )
        async with semaphore:
            try:
                result = await providers[config.id].send(message)
            except Exception as exc:  # noqa: BLE001 - a provider bug must not lose the batch
                log.exception("provider %s raised for send %s", config.id, send.id)
                result = ProviderResult.fail(f"provider error: {type(exc).__name__}: {exc}", True)
        await _record(send, result, max_attempts, stats)

    try:
        outcomes = await asyncio.gather(*(deliver(s) for s in sends), return_exceptions=True)
        for send, outcome in zip(sends, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                # Recording failed (the database went away): the lease runs out and the row is sent
                # again later with the same idempotency key.
                log.error("relaying send %s failed: %r", send.id, outcome)
                stats.errors.append(f"{send.id}: {outcome!r}"[:300])
    finally:
        for provider in providers.values():
            await provider.aclose()
    return stats


def _member_address(send: MessageSend, channel: Channel) -> str | None:
    attr = ADDRESS_FIELDS.get(channel)
    return getattr(send.member, attr, None) if attr else None


async def _record(send: MessageSend, result: ProviderResult, max_attempts: int, stats: RelayStats) -> None:
    """Write the provider's answer, guarded by the claim token (status QUEUED and our ``attempts``)."""
    now = clock.now()
    mine = MessageSend.filter(id=send.id, status=SendStatus.QUEUED)
    if result.accepted:
        # The send happened: SENT wins over any later claim of the same row (it is still QUEUED).
        n = await mine.update(
            status=SendStatus.SENT, sent_at=now, provider_message_id=result.provider_message_id,
            leased_until=None, last_error=None,
        )
        if n:
            stats.sent += 1
        else:
            stats.lost += 1
        return
    error = result.error or "provider error"
    if result.retryable and send.attempts < max_attempts:
        n = await mine.filter(attempts=send.attempts).update(
            due_at=now + backoff(send.attempts), leased_until=None, last_error=error
        )
        if n:
            stats.retried += 1
        else:
            stats.lost += 1
        return
    reason = error if not result.retryable else f"gave up after {send.attempts} attempts: {error}"
    async with in_transaction():
        n = await mine.filter(attempts=send.attempts).update(
            status=SendStatus.FAILED, reason=reason[:200], last_error=error, leased_until=None
        )
    if not n:
        stats.lost += 1
        return
    stats.failed += 1
    stats.errors.append(f"{send.id}: {reason[:200]}")
    await _release_cap(send)


async def _release_cap(send: MessageSend) -> bool:
    """Free the fatigue-cap slot the gate reserved for ``send`` (it was never delivered)."""
    from api.fatigue import gate

    try:
        await gate.release(send)
    except Exception:  # noqa: BLE001 - a Redis hiccup must not undo the FAILED record
        # the slot stays until it ages out, or until the counters are rebuilt from the database
        log.exception("releasing the cap slot of send %s failed", send.id)
        return False
    return True


async def relay_until_idle(max_batches: int = 50, **kw: Any) -> RelayStats:
    """Run passes until a pass claims less than a full batch (or ``max_batches``); sum the stats."""
    total = RelayStats()
    batch_size = int(kw.get("batch_size", BATCH_SIZE))
    for _ in range(max_batches):
        stats = await relay_once(**kw)
        for name in ("claimed", "sent", "retried", "failed", "lost"):
            setattr(total, name, getattr(total, name) + getattr(stats, name))
        total.errors.extend(stats.errors)
        if stats.claimed < batch_size:
            break
    return total
