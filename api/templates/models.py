"""Content templates and their media.

A template is owned by a retail company or by HQ (``company_id`` NULL) exactly as segments are: a
company admin changes their own company's, admins change HQ's, store managers and guides read them.
Media files are stored once by content address (sha256) under ``settings.data_dir / "media"``; a
template lists its media ids in order (at most 9).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.org.models import RetailCompany


class TemplateChannel(StrEnum):
    """The channel a template is written for, or ANY (rendered for whichever channel the send picks)."""

    ANY = "any"
    SMS = "sms"
    WECHAT = "wechat"
    WECOM = "wecom"
    EMAIL = "email"
    PUSH = "push"


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"


class Template(Model):
    """A content template: subject (email), text with parameters, ordered media, an optional poster."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120)
    channel = fields.CharEnumField(TemplateChannel, max_length=8, default=TemplateChannel.ANY)
    subject = fields.CharField(max_length=200, default="", description="email subject, may hold parameters")
    text = fields.TextField(default="")
    media_ids: Any = fields.JSONField(default=list, description="TemplateMedia ids in display order, at most 9")
    poster_page = fields.CharField(
        max_length=200, null=True, description="mini-program page path of the poster, null: no poster"
    )
    poster_guide_param = fields.CharField(
        max_length=40, null=True, description="query parameter name that carries the guide code"
    )
    company: fields.ForeignKeyNullableRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", null=True, on_delete=fields.RESTRICT, related_name="templates",
        description="owning retail company, null for HQ's templates, which everyone reads and only admins change",
    )
    company_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    deleted_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "content_template"


class TemplateMedia(Model):
    """One stored media file: the bytes live at ``data_dir/media/<sha256>``, checked by content on upload."""

    id = fields.IntField(primary_key=True)
    sha256 = fields.CharField(max_length=64, db_index=True, description="content address of the stored file")
    kind = fields.CharEnumField(MediaKind, max_length=8)
    content_type = fields.CharField(max_length=40)
    size = fields.IntField(description="bytes")
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    filename = fields.CharField(max_length=255, default="", description="the uploader's file name, informative only")
    company: fields.ForeignKeyNullableRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", null=True, on_delete=fields.RESTRICT, related_name="template_media",
        description="company of the uploader, null for HQ",
    )
    company_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "template_media"
