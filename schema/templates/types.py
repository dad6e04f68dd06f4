"""GraphQL types of content templates: Template (a Node), TemplateMedia, parameters, previews."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from api.templates import media as media_store
from api.templates import models, services
from api.templates.parameters import PARAMETERS, substitute, tokenize
from api.templates.render import sms_count
from schema.core.ids import to_global_id

if TYPE_CHECKING:
    from schema.org.types import RetailCompanyType


@strawberry.enum(description="The channel a template is written for.")
class TemplateChannel(Enum):
    ANY = strawberry.enum_value("any", description="Any channel: rendered for the one a send picks.")
    SMS = strawberry.enum_value("sms", description="SMS: plain text, counted in segments.")
    WECHAT = strawberry.enum_value("wechat", description="WeChat official-account template message.")
    WECOM = strawberry.enum_value("wecom", description="WeCom 1:1 message from the guide.")
    EMAIL = strawberry.enum_value("email", description="Email: subject, HTML and plain-text parts.")
    PUSH = strawberry.enum_value("push", description="App push notification.")


@strawberry.enum(description="What a media file is.")
class TemplateMediaKind(Enum):
    IMAGE = strawberry.enum_value("image", description="A JPEG, PNG or GIF image (at most 2 MB).")
    VIDEO = strawberry.enum_value("video", description="An MP4 video (at most 10 MB).")


@strawberry.type(name="TemplateMedia", description="An image or video stored for templates (checked by content).")
class TemplateMediaType:
    id: strawberry.ID = strawberry.field(description="Global id of the media.")
    kind: TemplateMediaKind = strawberry.field(description="IMAGE or VIDEO, told by the file's content.")
    content_type: str = strawberry.field(description="MIME type told by the content, e.g. image/png.")
    size: int = strawberry.field(description="Size in bytes.")
    width: int | None = strawberry.field(description="Width in pixels (images).")
    height: int | None = strawberry.field(description="Height in pixels (images).")
    filename: str = strawberry.field(description="The uploaded file's name (informative only).")
    url: str = strawberry.field(description="Where signed-in staff fetch it: /media/<sha256>.")
    sha256: str = strawberry.field(description="Content address (SHA-256 of the bytes).")

    @classmethod
    def from_model(cls, m: models.TemplateMedia) -> TemplateMediaType:
        return cls(id=strawberry.ID(to_global_id("TemplateMedia", m.id)), kind=TemplateMediaKind(str(m.kind)),
                   content_type=m.content_type, size=m.size, width=m.width, height=m.height, filename=m.filename,
                   url=media_store.url(m.sha256), sha256=m.sha256)


@strawberry.type(description="A parameter a template's text may hold as {name}.")
class TemplateParameter:
    name: str = strawberry.field(description="The name, written {name} in a template.")
    description: str = strawberry.field(description="What it stands for (English).")
    description_zh: str = strawberry.field(description="What it stands for (Chinese).")
    example: str = strawberry.field(description="An example value.")


def template_parameters() -> list[TemplateParameter]:
    return [TemplateParameter(name=p.name, description=p.description, description_zh=p.description_zh,
                              example=p.example) for p in PARAMETERS.values()]


def _example_text(text: str) -> str:
    try:
        return substitute(tokenize(text), lambda name: PARAMETERS[name].example)
    except Exception:
        return text


@strawberry.type(name="Template", description="A content template (模板): text with {parameters}, media, a poster.")
class TemplateType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    channel: TemplateChannel = strawberry.field(description="The channel it is written for, or ANY.")
    subject: str = strawberry.field(description="Email subject (may hold parameters).")
    text: str = strawberry.field(description="The text with {parameters}; {{ and }} are literal braces.")
    poster_page: str | None = strawberry.field(description="Mini-program page path of the poster; null: none.")
    poster_guide_param: str | None = strawberry.field(
        description="Query parameter of the poster's page that carries the member's guide code."
    )
    created_at: datetime = strawberry.field(description="Created.")
    updated_at: datetime = strawberry.field(description="Last changed.")
    model: strawberry.Private[models.Template]

    @classmethod
    def from_model(cls, t: models.Template) -> TemplateType:
        return cls(id=t.id, name=t.name, channel=TemplateChannel(str(t.channel)), subject=t.subject, text=t.text,
                   poster_page=t.poster_page, poster_guide_param=t.poster_guide_param, created_at=t.created_at,
                   updated_at=t.updated_at, model=t)

    @strawberry.field(description="Media in display order (at most 9).")
    async def media(self, info: strawberry.Info) -> list[TemplateMediaType]:
        ids = [int(i) for i in self.model.media_ids or []]
        rows = await info.context.loaders.get("template_media").load_many(ids)
        return [TemplateMediaType.from_model(m) for m in rows if m is not None]

    @strawberry.field(description="SMS length of the text with example values (GSM-7 or UCS-2 units).")
    def sms_length(self) -> int:
        return sms_count(_example_text(self.text)).length

    @strawberry.field(description="SMS parts the text needs with example values (160/153 GSM-7, 70/67 UCS-2).")
    def sms_segments(self) -> int:
        return sms_count(_example_text(self.text)).segments

    @strawberry.field(description="The retail company that owns the template; null for HQ's.")
    async def company(
        self, info: strawberry.Info
    ) -> Annotated[RetailCompanyType, strawberry.lazy("schema.org.types")] | None:
        from schema.org.types import RetailCompanyType

        if self.model.company_id is None:
            return None
        c = await info.context.loaders.get("company").load(self.model.company_id)
        return RetailCompanyType.from_model(c) if c else None

    @strawberry.field(description="Whether you may change or delete this template.")
    def viewer_can_change(self, info: strawberry.Info) -> bool:
        from api.core.scope import Scope

        viewer = info.context.require_viewer()
        return viewer.role in services.WRITERS and "members:write" in viewer.scopes and \
            Scope.of(viewer).may_change(self.model.company_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        viewer = info.context.require_viewer()
        ids = [int(i) for i in node_ids]
        rows = {t.id: t for t in await services.visible_templates(viewer).filter(id__in=ids)}
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]


@strawberry.type(description="A mini-program poster rendered for one member.")
class TemplatePosterType:
    page: str = strawberry.field(description="What the QR code encodes: the page with guide code and member id.")
    url: str = strawberry.field(description="The PNG as a data URL.")


@strawberry.type(description="Exactly what one member would get from a template on a channel.")
class TemplatePreview:
    channel: TemplateChannel = strawberry.field(description="The channel rendered for.")
    subject: str | None = strawberry.field(description="Email subject; null on other channels.")
    text: str = strawberry.field(description="The plain text (values escaped for the channel).")
    html: str | None = strawberry.field(description="Email HTML part (values HTML-escaped); null otherwise.")
    sms_length: int | None = strawberry.field(description="SMS length in encoding units; null unless SMS.")
    sms_segments: int | None = strawberry.field(description="SMS parts needed; null unless SMS.")
    sms_encoding: str | None = strawberry.field(description="GSM-7 or UCS-2; null unless SMS.")
    media: list[TemplateMediaType] = strawberry.field(description="Media sent with it (none on SMS).")
    poster_url: str | None = strawberry.field(description="The member's poster as a PNG data URL; null without.")
    poster: TemplatePosterType | None = strawberry.field(description="The member's poster; null without.")

    @classmethod
    def from_render(cls, out: dict[str, Any], media: list[models.TemplateMedia]) -> TemplatePreview:
        by_id = {m.id: m for m in media}
        poster = out.get("poster")
        return cls(
            channel=TemplateChannel(out["channel"].lower()), subject=out.get("subject"), text=out["text"],
            html=out.get("html"), sms_length=out.get("smsLength"), sms_segments=out.get("smsSegments"),
            sms_encoding=out.get("smsEncoding"),
            media=[TemplateMediaType.from_model(by_id[m["id"]]) for m in out["media"] if m["id"] in by_id],
            poster_url=poster["url"] if poster else None,
            poster=TemplatePosterType(page=poster["page"], url=poster["url"]) if poster else None,
        )
