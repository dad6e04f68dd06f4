"""Queries and mutations of content templates."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from api.core.errors import DomainError
from api.core.keyset import Keyset
from api.templates import media as media_store
from api.templates import services
from api.templates.models import TemplateChannel as ModelChannel
from schema.core.errors import mutate
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.templates.errors import TemplateErrorCode, TemplateUserError
from schema.templates.types import (
    TemplateChannel,
    TemplateMediaType,
    TemplateParameter,
    TemplatePreview,
    TemplateType,
    template_parameters,
)


@strawberry.input(description="A new template. Parameters are checked on save: an unknown one is refused at its "
                  "offset.")
class TemplateCreateInput:
    name: str = strawberry.field(description="Name (at most 120 characters).")
    channel: TemplateChannel = strawberry.field(default=TemplateChannel.ANY, description="Channel, or ANY.")
    subject: str | None = strawberry.field(default=None, description="Email subject; may hold {parameters}.")
    text: str = strawberry.field(default="", description="Text with {parameters}; {{ and }} are literal braces.")
    media_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="TemplateMedia ids in display order, at most 9."
    )
    poster_page: str | None = strawberry.field(default=None, description="Mini-program page path of a poster.")
    poster_guide_param: str | None = strawberry.field(
        default=None, description="Query parameter for the guide's code (default 'guide')."
    )


@strawberry.input(description="Changes to a template; a field left out stays as it is.")
class TemplateUpdateInput:
    name: str | None = strawberry.field(default=None, description="Name.")
    channel: TemplateChannel | None = strawberry.field(default=None, description="Channel, or ANY.")
    subject: str | None = strawberry.field(default=None, description="Email subject.")
    text: str | None = strawberry.field(default=None, description="Text with {parameters}.")
    media_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The whole media list in order (at most 9); [] removes all."
    )
    poster_page: str | None = strawberry.field(default=None, description="Poster page path; empty removes it.")
    poster_guide_param: str | None = strawberry.field(default=None, description="Guide code parameter.")


@strawberry.type(description="Result of templateCreate.")
class TemplateCreatePayload:
    template: TemplateType | None = strawberry.field(default=None, description="The new template.")
    user_errors: list[TemplateUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of templateUpdate.")
class TemplateUpdatePayload:
    template: TemplateType | None = strawberry.field(default=None, description="The template after the change.")
    user_errors: list[TemplateUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of templateDelete.")
class TemplateDeletePayload:
    deleted_template_id: strawberry.ID | None = strawberry.field(default=None, description="Id of the deleted one.")
    user_errors: list[TemplateUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of templateMediaUpload.")
class TemplateMediaUploadPayload:
    media: TemplateMediaType | None = strawberry.field(default=None, description="The stored media.")
    template: TemplateType | None = strawberry.field(
        default=None, description="The template it was appended to, when templateId was given."
    )
    user_errors: list[TemplateUserError] = strawberry.field(default_factory=list, description="Problems.")


def _media_ids(values: list[strawberry.ID] | None) -> list[int] | None:
    if values is None:
        return None
    return [decode_id(v, "TemplateMedia", ["input", "mediaIds", str(i)]) for i, v in enumerate(values)]


def _fields(input: TemplateCreateInput | TemplateUpdateInput) -> services.TemplateFields:
    return services.TemplateFields(
        name=input.name, channel=ModelChannel(str(input.channel.value)) if input.channel else None,
        subject=input.subject, text=input.text, media_ids=_media_ids(input.media_ids),
        poster_page=input.poster_page, poster_guide_param=input.poster_guide_param,
    )


async def _read_upload(upload: Any) -> bytes:
    """The upload's bytes, reading at most one byte past the largest allowed file."""
    limit = media_store.MAX_VIDEO_BYTES + 1
    chunks: list[bytes] = []
    total = 0
    while total < limit and (block := await upload.read(min(1 << 16, limit - total))):
        chunks.append(block)
        total += len(block)
    return b"".join(chunks)


def _pk(value: str | None, type_name: str) -> int | None:
    try:
        return decode_id(value, type_name, "id") if value else None
    except DomainError:
        return None


@strawberry.type
class TemplateQueries:
    @strawberry.field(description="Templates you may read (HQ's and your company's), by name (Relay connection).")
    async def templates(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
        channel: Annotated[
            TemplateChannel | None, strawberry.argument(description="Only templates usable on this channel.")
        ] = None,
        company_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this company's templates.")
        ] = None,
        hq_only: Annotated[bool, strawberry.argument(description="Only HQ's templates.")] = False,
    ) -> Connection[TemplateType]:
        viewer = info.context.require_viewer()
        company = decode_id(company_id, "RetailCompany", "companyId") if company_id else None
        chan = ModelChannel(str(channel.value)) if channel and channel is not TemplateChannel.ANY else None
        qs = services.list_templates(viewer, chan, company, hq_only)
        return await paginate(qs, first, after, TemplateType.from_model, Keyset.from_queryset(qs, "templates"), info)

    @strawberry.field(description="One template by id; null when not found, deleted or out of reach.")
    async def template(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the template.")],
    ) -> TemplateType | None:
        viewer = info.context.require_viewer()
        pk = _pk(id, "Template")
        tpl = await services.visible_templates(viewer).get_or_none(id=pk) if pk else None
        return TemplateType.from_model(tpl) if tpl else None

    @strawberry.field(description="The parameters a template may use, with descriptions and examples.")
    def template_parameters(self, info: strawberry.Info) -> list[TemplateParameter]:
        info.context.require_viewer()
        return template_parameters()

    @strawberry.field(
        description="Exactly what a member would get from a template (on its channel, or the one given); null when "
        "the template or the member is out of your reach."
    )
    async def template_preview(
        self,
        info: strawberry.Info,
        template_id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the template.")],
        member_id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the member.")],
        channel: Annotated[
            TemplateChannel | None,
            strawberry.argument(description="Render for this channel (an ANY template defaults to SMS)."),
        ] = None,
    ) -> TemplatePreview | None:
        viewer = info.context.require_viewer()
        tpk, mpk = _pk(template_id, "Template"), _pk(member_id, "Member")
        if tpk is None or mpk is None:
            return None
        chan = ModelChannel(str(channel.value)) if channel else None
        out = await services.preview(viewer, tpk, mpk, chan)
        if out is None:
            return None
        media = await services.media_by_ids([m["id"] for m in out["media"]])
        return TemplatePreview.from_render(out, media)

    @strawberry.field(
        description="A member's mini-program poster as a PNG data URL; null when out of reach or without a poster."
    )
    async def template_poster(
        self,
        info: strawberry.Info,
        template_id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the template.")],
        member_id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the member.")],
    ) -> str | None:
        viewer = info.context.require_viewer()
        tpk, mpk = _pk(template_id, "Template"), _pk(member_id, "Member")
        if tpk is None or mpk is None:
            return None
        return await services.poster(viewer, tpk, mpk)


@strawberry.type
class TemplateMutations:
    @strawberry.mutation(description="Create a template owned by your company (HQ's for an admin).")
    async def template_create(
        self,
        info: strawberry.Info,
        input: Annotated[TemplateCreateInput, strawberry.argument(description="The input; see its fields.")],
    ) -> TemplateCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            tpl = await services.create_template(viewer, _fields(input))
            return {"template": TemplateType.from_model(tpl)}

        return await mutate(TemplateCreatePayload, TemplateUserError, TemplateErrorCode, action)

    @strawberry.mutation(description="Change a template; parameters and media are checked as on create.")
    async def template_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the template.")],
        input: Annotated[TemplateUpdateInput, strawberry.argument(description="The changes; see its fields.")],
    ) -> TemplateUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Template", "id")
            tpl = await services.update_template(viewer, pk, _fields(input))
            return {"template": TemplateType.from_model(tpl)}

        return await mutate(TemplateUpdatePayload, TemplateUserError, TemplateErrorCode, action)

    @strawberry.mutation(description="Delete a template (sends already rendered from it keep their content).")
    async def template_delete(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the template.")],
    ) -> TemplateDeletePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            await services.delete_template(viewer, decode_id(id, "Template", "id"))
            return {"deleted_template_id": id}

        return await mutate(TemplateDeletePayload, TemplateUserError, TemplateErrorCode, action)

    @strawberry.mutation(
        description="Upload an image (JPEG/PNG/GIF, at most 2 MB) or an MP4 video (at most 10 MB) as a GraphQL "
        "multipart request; the type is told by content, not by file name. With templateId it is appended to "
        "that template (at most 9 media)."
    )
    async def template_media_upload(
        self,
        info: strawberry.Info,
        file: Annotated[Upload, strawberry.argument(description="The file (GraphQL multipart request).")],
        template_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Append it to this template.")
        ] = None,
    ) -> TemplateMediaUploadPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            tpk = decode_id(template_id, "Template", "templateId") if template_id else None
            data = await _read_upload(file)
            name = str(getattr(file, "filename", "") or "")
            row = await services.upload_media(viewer, data, name, tpk)
            tpl = await services.get_template(viewer, tpk) if tpk else None
            return {"media": TemplateMediaType.from_model(row),
                    "template": TemplateType.from_model(tpl) if tpl else None}

        return await mutate(TemplateMediaUploadPayload, TemplateUserError, TemplateErrorCode, action)
