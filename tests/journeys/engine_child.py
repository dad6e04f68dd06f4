"""An engine process for the SIGKILL test: ``python -m tests.journeys.engine_child <chunk> <batch> <pause s>``.

Enters due runs in chunks of ``chunk`` members and pumps due enrollments in batches of ``batch``, pausing
``pause`` seconds after each statement of the entry and each batch (so a test can kill it mid-way),
until nothing is left; prints one line per step.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any


async def main(chunk: int, batch: int, pause: float) -> None:
    from api.core.db import close_db, init_db
    from api.journeys import engine, entries

    entries.CHUNK = chunk
    real_enter = entries._enter

    async def slow_enter(sql: Any) -> Any:
        out = await real_enter(sql)
        print("chunk", flush=True)
        await asyncio.sleep(pause)
        return out

    entries._enter = slow_enter  # type: ignore[assignment]
    await init_db()
    try:
        await entries.run_schedules()
        while await engine.advance_batch(batch):
            print("batch", flush=True)
            await asyncio.sleep(pause)
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
