"""memberImportProgress: the admin follows an import through Strawberry's subscription execution,
fed by the Redis pub/sub messages the job publishes after each committed chunk."""

from __future__ import annotations

import asyncio
from typing import Any

from api.core.viewer import Viewer
from api.members import importer
from schema import build_schema
from schema.core.context import Context
from schema.core.ids import to_global_id
from tests.factories import make_company, make_store, make_token

PROGRESS = """
subscription Progress($id: ID!) {
  memberImportProgress(id: $id) { status rowsDone totalRows created failed }
}
"""


async def _collect(viewer: Viewer, import_id: int, started: asyncio.Event) -> list[dict[str, Any]]:
    schema = build_schema()
    context = Context(request=None, response=None, viewer=viewer)  # type: ignore[arg-type]
    stream = await schema.subscribe(PROGRESS, {"id": to_global_id("MemberImport", import_id)}, context_value=context)
    seen: list[dict[str, Any]] = []
    async for result in stream:  # type: ignore[union-attr]
        assert not result.errors, result.errors
        assert result.data is not None
        seen.append(result.data["memberImportProgress"])
        started.set()
    return seen


async def test_progress_streams_the_record_until_done(db, redis) -> None:
    # given a queued import of 1,200 rows (three chunks)
    text = "name,phone\n" + "".join(f"会员{i},139{i:08d}\n" for i in range(1200))
    record = await importer.start_import(Viewer.system(), text, filename="big.csv")

    # when the admin subscribes and the job runs
    started = asyncio.Event()
    watcher = asyncio.create_task(_collect(Viewer.system(), record.id, started))
    await asyncio.wait_for(started.wait(), 10)
    await importer.run_import(record.id)
    seen = await asyncio.wait_for(watcher, 30)

    # then the first update is the queued record, progress only grows, and the stream ends at DONE
    assert seen[0]["status"] == "QUEUED" and seen[0]["rowsDone"] == 0
    assert seen[-1] == {"status": "DONE", "rowsDone": 1200, "totalRows": 1200, "created": 1200, "failed": 0}
    done = [s["rowsDone"] for s in seen]
    assert done == sorted(done)
    assert len(seen) >= 3  # queued, at least one in-between state, done


async def test_progress_of_a_finished_import_yields_it_once(db, redis) -> None:
    record = await importer.start_import(Viewer.system(), "name,phone\n张伟,13811112222\n")
    await importer.run_import(record.id)
    seen = await asyncio.wait_for(_collect(Viewer.system(), record.id, asyncio.Event()), 10)
    assert [s["status"] for s in seen] == ["DONE"]


async def test_progress_of_someone_elses_import_is_refused(db, redis) -> None:
    # given an import by HQ, and a company admin of A
    from api.accounts.models import Role
    from api.accounts.services import viewer_from_token

    record = await importer.start_import(Viewer.system(), "name,phone\n张伟,13811112222\n")
    company = await make_company()
    await make_store(company)
    viewer = await viewer_from_token(await make_token(Role.COMPANY_ADMIN, company_id=company.id))
    assert viewer is not None

    # when the company admin subscribes to it
    schema = build_schema()
    context = Context(request=None, response=None, viewer=viewer)  # type: ignore[arg-type]
    stream = await schema.subscribe(PROGRESS, {"id": to_global_id("MemberImport", record.id)}, context_value=context)
    results = [r async for r in stream]  # type: ignore[union-attr]

    # then the subscription ends with an error and no data
    assert len(results) == 1 and results[0].errors and results[0].data is None
    assert "No member import" in results[0].errors[0].message
