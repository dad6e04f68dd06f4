"""Job: relay the message outbox (QUEUED sends) to the channel providers.

Runs from cron every few seconds and can be enqueued right after a batch of decisions. Each run
claims batches until the outbox has no more due rows (bounded), so one slow provider delays only its
own messages; overlapping runs are safe (claims skip each other's rows, see ``api.channels.outbox``).
"""

from __future__ import annotations

from typing import Any

from api.channels.outbox import relay_until_idle


async def relay_outbox(ctx: dict[str, Any], max_batches: int = 20) -> dict[str, int]:
    """Deliver due outbox rows; returns the counts (claimed, sent, retried, failed, lost)."""
    stats = await relay_until_idle(max_batches=max_batches)
    return {"claimed": stats.claimed, "sent": stats.sent, "retried": stats.retried,
            "failed": stats.failed, "lost": stats.lost}
