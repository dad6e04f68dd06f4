"""Mutations of members: create, update, tag, CSV import (a job)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from api.core.errors import DomainError
from api.members import importer, services
from schema.core.errors import mutate
from schema.core.ids import decode_id
from schema.members.errors import MemberErrorCode, MemberUserError
from schema.members.imports import MemberImportType
from schema.members.inputs import MemberCreateInput, MemberTagInput, MemberUpdateInput
from schema.members.types import MemberType

_ID_FIELDS = {"home_store_id": "Store", "guide_id": "Guide", "tier_id": "Tier"}


def input_to_fields(data: Any) -> dict[str, Any]:
    """Provided input fields as model field names; global ids decoded (errors name the field)."""
    out: dict[str, Any] = {}
    for key, value in vars(data).items():
        if value is strawberry.UNSET:
            continue
        if key == "channels":
            if value is not None:
                out.update({k: v for k, v in vars(value).items() if v is not strawberry.UNSET})
            continue
        if key in _ID_FIELDS and value is not None:
            camel = "".join(w.capitalize() if i else w for i, w in enumerate(key.split("_")))
            value = decode_id(value, _ID_FIELDS[key], ["input", camel])
        out[key] = value
    return out


@strawberry.type(description="Result of memberCreate.")
class MemberCreatePayload:
    member: MemberType | None = strawberry.field(
        default=None, description="The member; null when userErrors is not empty."
    )
    user_errors: list[MemberUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of memberUpdate.")
class MemberUpdatePayload:
    member: MemberType | None = strawberry.field(
        default=None, description="The member; null when userErrors is not empty."
    )
    user_errors: list[MemberUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of memberTag.")
class MemberTagPayload:
    member: MemberType | None = strawberry.field(
        default=None, description="The member; null when userErrors is not empty."
    )
    user_errors: list[MemberUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.input(description="A members CSV: upload it as `file` (multipart) or paste it as `csv`.")
class MemberImportInput:
    file: Upload | None = strawberry.field(default=None, description="The CSV file (GraphQL multipart request).")
    csv: str | None = strawberry.field(default=None, description="The CSV text, if not uploaded.")
    filename: str | None = strawberry.field(default=None, description="Name to record for the import.")


@strawberry.type(description="Result of memberImport.")
class MemberImportPayload:
    member_import: MemberImportType | None = strawberry.field(
        default=None,
        description="The import record (QUEUED: a worker applies it; follow memberImportProgress or query "
        "memberImportRecord); null when the file itself was refused.",
    )
    user_errors: list[MemberUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.type
class MemberMutations:
    @strawberry.mutation(description="Create a member.")
    async def member_create(
        self,
        info: strawberry.Info,
        input: Annotated[MemberCreateInput, strawberry.argument(description="The input; see its fields.")],
    ) -> MemberCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            m = await services.create_member(viewer, input_to_fields(input))
            return {"member": MemberType.from_model(m)}

        return await mutate(MemberCreatePayload, MemberUserError, MemberErrorCode, action)

    @strawberry.mutation(description="Change a member's profile; fields left out keep their value.")
    async def member_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the member.")],
        input: Annotated[MemberUpdateInput, strawberry.argument(description="The changes; see its fields.")],
    ) -> MemberUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Member", "id")
            m = await services.update_member(viewer, pk, input_to_fields(input))
            return {"member": MemberType.from_model(m)}

        return await mutate(MemberUpdatePayload, MemberUserError, MemberErrorCode, action)

    @strawberry.mutation(description="Add and remove a member's tags.")
    async def member_tag(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the member.")],
        input: Annotated[MemberTagInput, strawberry.argument(description="The input; see its fields.")],
    ) -> MemberTagPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Member", "id")
            m = await services.tag_member(viewer, pk, input.add, input.remove)
            return {"member": MemberType.from_model(m)}

        return await mutate(MemberTagPayload, MemberUserError, MemberErrorCode, action)

    @strawberry.mutation(
        description="Import members from CSV, as a job: the file is checked (UTF-8, header, at most 100,000 rows), "
        "stored and queued, and the import record is returned at once. Rows match existing members on phone within "
        "the store's company, so importing a file twice creates no duplicates; bad rows are reported by row, column "
        "and reason; a repeated phone, a cell that looks like a spreadsheet formula, or a store or guide outside your "
        "reach refuses its row; consent comes only from the sms_consent / email_consent columns and is never turned "
        "on for an existing member."
    )
    async def member_import(
        self,
        info: strawberry.Info,
        input: Annotated[MemberImportInput, strawberry.argument(description="The input; see its fields.")],
    ) -> MemberImportPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            if (input.file is None) == (input.csv is None):
                raise DomainError.single(["input", "file"], "Send either a file or csv text.", "REQUIRED")
            content: bytes | str | AsyncIterator[bytes]
            if input.file is not None:
                content = _upload_chunks(input.file)
                name = input.filename or getattr(input.file, "filename", "") or ""
            else:
                content = input.csv or ""
                name = input.filename or ""
            field = ("input", "file" if input.file is not None else "csv")
            record = await importer.start_import(viewer, content, filename=name, file_field=field)
            record = await importer.enqueue_import(record)
            return {"member_import": MemberImportType.from_model(record)}

        return await mutate(MemberImportPayload, MemberUserError, MemberErrorCode, action)


async def _upload_chunks(upload: Any, size: int = 1 << 16) -> AsyncIterator[bytes]:
    """The uploaded file in blocks (starlette's UploadFile), never whole in memory."""
    while block := await upload.read(size):
        yield block
