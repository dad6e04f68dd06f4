"""Member imports: the record type, queries over it and the admin's progress subscription."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from api.core.errors import DomainError
from api.core.keyset import Keyset
from api.members import importer
from api.members.models import ImportStatus, MemberImport, MemberImportRow
from schema.core.ids import decode_id, to_global_id
from schema.core.pagination import Connection, paginate

POLL_SECONDS = 5.0  # a safety net: progress arrives by Redis pub/sub, this catches a lost message


@strawberry.enum(description="Where a member import is.")
class MemberImportStatus(Enum):
    QUEUED = strawberry.enum_value("queued", description="Stored and waiting for a worker.")
    RUNNING = strawberry.enum_value("running", description="A worker is applying it; see rowsDone.")
    DONE = strawberry.enum_value("done", description="Every row was applied or reported.")
    FAILED = strawberry.enum_value(
        "failed", description="Stopped by an error (see error); the counters say what was committed before it."
    )


@strawberry.type(description="A row of a CSV import that was not applied.")
class MemberImportRowError:
    row: int = strawberry.field(description="Row number as a spreadsheet shows it (the header is row 1).")
    field: str = strawberry.field(description="The column at fault.")
    message: str = strawberry.field(description="Why.")

    @classmethod
    def from_model(cls, row: MemberImportRow) -> MemberImportRowError:
        return cls(row=row.row, field=row.column, message=row.message)


@strawberry.type(name="MemberImport", description="A CSV import of members: its status, progress and row report.")
class MemberImportType:
    id: strawberry.ID = strawberry.field(description="Global id of the import.")
    filename: str = strawberry.field(description="Name of the uploaded file.")
    status: MemberImportStatus = strawberry.field(description="QUEUED, RUNNING, DONE or FAILED.")
    total_rows: int = strawberry.field(description="Data rows in the file.")
    rows_done: int = strawberry.field(
        description="Rows processed and committed so far (progress: rowsDone / totalRows)."
    )
    created: int = strawberry.field(description="New members.")
    updated: int = strawberry.field(description="Existing members (matched on phone within a company) that changed.")
    unchanged: int = strawberry.field(description="Existing members the row did not change.")
    failed: int = strawberry.field(description="Rows not applied: see rowReport.")
    error: str | None = strawberry.field(description="Why the import FAILED; null otherwise.")
    created_at: datetime = strawberry.field(description="When the file was uploaded.")
    started_at: datetime | None = strawberry.field(description="When a worker started applying it.")
    finished_at: datetime | None = strawberry.field(description="When it ended (DONE or FAILED).")
    pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, m: MemberImport) -> MemberImportType:
        return cls(
            id=strawberry.ID(to_global_id("MemberImport", m.id)),
            filename=m.filename,
            status=MemberImportStatus(ImportStatus(m.status).value),
            total_rows=m.total_rows,
            rows_done=m.rows_done,
            created=m.created,
            updated=m.updated,
            unchanged=m.unchanged,
            failed=m.failed,
            error=m.error,
            created_at=m.created_at,
            started_at=m.started_at,
            finished_at=m.finished_at,
            pk=m.id,
        )

    @strawberry.field(
        description="Rows that were not applied, in row order, with column and reason (Relay connection)."
    )
    async def row_report(
        self,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[MemberImportRowError]:
        qs = importer.row_report(self.pk)
        return await paginate(qs, first, after, MemberImportRowError.from_model,
                              Keyset.from_queryset(qs, f"MemberImport:{self.pk}.rowReport"))

    @strawberry.field(
        description="The whole row report as CSV (row, column, message) to download; cells a spreadsheet would "
        "run as a formula are prefixed with an apostrophe."
    )
    async def row_report_csv(self, info: strawberry.Info) -> str:
        return await importer.row_report_csv(self.pk, info.context.require_viewer())


def _import_id(value: strawberry.ID, arg: str = "id") -> int:
    try:
        return decode_id(value, "MemberImport", arg)
    except DomainError as exc:
        raise ValueError(exc.errors[0].message + f" (argument '{arg}')") from exc


@strawberry.type
class MemberImportQueries:
    @strawberry.field(
        description="One member import you may see (yours; your company's for a company admin); null if none."
    )
    async def member_import_record(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the import.")],
    ) -> MemberImportType | None:
        viewer = info.context.require_viewer()
        pk = _import_id(id)
        record = await importer.visible_imports(viewer).get_or_none(id=pk)
        return MemberImportType.from_model(record) if record else None

    @strawberry.field(description="Member imports you may see, newest first (Relay connection).")
    async def member_imports(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[MemberImportType]:
        viewer = info.context.require_viewer()
        qs = importer.visible_imports(viewer).order_by("-created_at", "-id")
        return await paginate(qs, first, after, MemberImportType.from_model)


async def _wait_for_message(pubsub: Any, seconds: float) -> None:
    """Return when a message arrives on the subscribed channel, or after ``seconds``."""
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(pubsub.get_message(ignore_subscribe_messages=True, timeout=seconds), seconds + 1)


@strawberry.type
class MemberImportSubscriptions:
    @strawberry.subscription(
        description="An import as it progresses: the record now, then after every committed chunk, "
        "until DONE or FAILED."
    )
    async def member_import_progress(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the import.")],
    ) -> AsyncGenerator[MemberImportType, None]:
        from redis.asyncio import Redis

        from api.core.redis import redis_url

        viewer = info.context.require_viewer()
        pk = _import_id(id)
        record = await importer.get_import(viewer, pk)
        client = Redis.from_url(redis_url())
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(importer.progress_channel(pk))  # before reading: no change is missed
            last: tuple[Any, ...] | None = None
            while True:
                record = await MemberImport.get(id=pk)
                state = (record.status, record.rows_done, record.failed, record.error)
                if state != last:
                    last = state
                    yield MemberImportType.from_model(record)
                if record.status in (ImportStatus.DONE, ImportStatus.FAILED):
                    return
                await _wait_for_message(pubsub, POLL_SECONDS)
        finally:
            await pubsub.aclose()
            await client.aclose()
