"""Job: relay the message outbox (QUEUED sends) to the channel providers.

First the send gate decides again the DEFERRED sends whose time has come (quiet hours over, a cap's
window rolled on), so those that now pass go out in the same run.

Runs from cron every few seconds and can be enqueued right after a batch of decisions. Each run
claims batches until the outbox has no more due rows (bounded), so one slow provider delays only its
own messages; overlapping runs are safe (claims skip each other's rows, see ``api.channels.outbox``).
"""

from __future__ import annotations

from typing import Any

from api.channels.outbox import relay_until_idle
from api.fatigue.gate import redecide_until_idle


async def relay_outbox(ctx: dict[str, Any], max_batches: int = 20) -> dict[str, int]:
    """Decide due deferred sends again, deliver due outbox rows; returns the counts."""
    redecided = await redecide_until_idle(max_batches=max_batches)
    stats = await relay_until_idle(max_batches=max_batches)
    return {"redecided": redecided, "claimed": stats.claimed, "sent": stats.sent, "retried": stats.retried,
            "failed": stats.failed, "lost": stats.lost}
