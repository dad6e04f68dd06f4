"""A relay process for the SIGKILL test: ``python -m tests.channels.relay_child <lease s> <batch> <concurrency>``.

Runs relay passes until the outbox is empty and prints one JSON line per pass.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import timedelta


async def main(lease_seconds: float, batch: int, concurrency: int) -> None:
    from api.channels.outbox import relay_once
    from api.core.db import close_db, init_db

    await init_db()
    try:
        while True:
            stats = await relay_once(batch_size=batch, concurrency=concurrency, lease=timedelta(seconds=lease_seconds))
            print(json.dumps({"claimed": stats.claimed, "sent": stats.sent}), flush=True)
            if stats.claimed == 0:
                break
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
