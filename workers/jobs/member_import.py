"""Job: apply a stored member CSV import (queued by the ``memberImport`` mutation).

The work is ``api.members.importer.run_import``: chunked writes, each chunk committed with the
import record's counters and row report, progress published to Redis after each commit. The job is
keyed by the import id, so it is queued once; run again (a worker died), it resumes after the rows
already committed, and a finished import is left as it is.
"""

from __future__ import annotations

from typing import Any

from api.members.importer import run_import


async def run_member_import(ctx: dict[str, Any], import_id: int) -> dict[str, Any]:
    """Apply import ``import_id``; return its outcome for the job result."""
    record = await run_import(import_id)
    return {
        "import_id": record.id,
        "status": record.status.value,
        "rows_done": record.rows_done,
        "created": record.created,
        "updated": record.updated,
        "unchanged": record.unchanged,
        "failed": record.failed,
    }
