"""Content templates: reading and changing them within a viewer's reach, media, rendering, previews.

Who may do what (no template scopes exist yet, so the member scopes stand in):
- read (list, preview, poster): staff (admin, company admin, store manager, guide) with
  ``members:read``; HQ's templates and those of companies in reach. Partners see none.
- change (create, update, delete, upload media): admins and company admins with ``members:write``;
  HQ's templates by admins only (``Scope.may_change``).

The send gate calls ``render(template_id, member, channel)``; ``render_many`` does the same for a
batch of members with their facts loaded in bulk.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from api.accounts.models import Role
from api.audit import services as audit
from api.core import clock
from api.core.errors import DomainError, ErrorCollector, PermissionDenied
from api.core.scope import Scope
from api.core.viewer import Viewer
from api.members.models import Member
from api.templates import media as media_store
from api.templates.models import MediaKind, Template, TemplateChannel, TemplateMedia
from api.templates.parameters import MemberFacts, Token, facts_for, load_facts, tokenize
from api.templates.poster import poster_payload, render_poster
from api.templates.render import render_html, render_plain, render_subject, sms_count

MAX_NAME = 120
MAX_SUBJECT = 200
MAX_TEXT = 5000
READERS = (Role.ADMIN, Role.COMPANY_ADMIN, Role.STORE_MANAGER, Role.GUIDE)
WRITERS = (Role.ADMIN, Role.COMPANY_ADMIN)


# -- permissions and reading ----------------------------------------------------------------------

def may_read(viewer: Viewer) -> bool:
    return viewer.role in READERS and "members:read" in viewer.scopes


def _require_write(viewer: Viewer) -> None:
    if viewer.role not in WRITERS or "members:write" not in viewer.scopes:
        raise PermissionDenied("Only admins and company admins change templates.")


def visible_templates(viewer: Viewer) -> QuerySet[Template]:
    """HQ's templates and those of the companies in the viewer's reach; none for partners."""
    if not may_read(viewer):
        return Template.filter(id=-1)
    return Template.filter(Scope.of(viewer).owned_q(), deleted_at=None)


def list_templates(viewer: Viewer, channel: TemplateChannel | None = None, company_id: int | None = None,
                   hq_only: bool = False) -> QuerySet[Template]:
    """Visible templates by name, optionally of one channel (ANY templates included) or one owner."""
    qs = visible_templates(viewer)
    if channel is not None:
        qs = qs.filter(channel__in=[channel, TemplateChannel.ANY])
    if hq_only:
        qs = qs.filter(company_id=None)
    elif company_id is not None:
        qs = qs.filter(company_id=company_id)
    return qs.order_by("name", "id")


async def get_template(viewer: Viewer, template_id: int, field: Sequence[str] = ("id",), *,
                       change: bool = False) -> Template:
    """A visible template or NOT_FOUND; with ``change=True`` also one the viewer may change."""
    if change:
        _require_write(viewer)
    tpl = await visible_templates(viewer).get_or_none(id=template_id)
    if tpl is None:
        raise DomainError.single(list(field), f"No template with id {template_id}.", "NOT_FOUND")
    if change and not Scope.of(viewer).may_change(tpl.company_id):
        raise PermissionDenied("This template belongs to HQ or another company: you can read it but not change it.",
                               list(field))
    return tpl


async def template_media(tpl: Template) -> list[TemplateMedia]:
    """The template's media in its order (ids that no longer exist are skipped)."""
    ids = [int(i) for i in tpl.media_ids or []]
    rows = {m.id: m for m in await TemplateMedia.filter(id__in=ids)} if ids else {}
    return [rows[i] for i in ids if i in rows]


# -- writing --------------------------------------------------------------------------------------

@dataclass
class TemplateFields:
    """What create and update take; None leaves a field as it is (update) or empty (create)."""

    name: str | None = None
    channel: TemplateChannel | None = None
    subject: str | None = None
    text: str | None = None
    media_ids: list[int] | None = None
    poster_page: str | None = None
    poster_guide_param: str | None = None


async def _apply(viewer: Viewer, tpl: Template, f: TemplateFields, company_id: int | None) -> None:
    """Validate every field (all problems at once) and set them on ``tpl``."""
    errors = ErrorCollector()
    if f.name is not None:
        name = f.name.strip()
        if not name:
            errors.add(["input", "name"], "A template needs a name.", "REQUIRED")
        elif len(name) > MAX_NAME:
            errors.add(["input", "name"], f"At most {MAX_NAME} characters.", "TOO_LONG")
        tpl.name = name
    if f.channel is not None:
        tpl.channel = f.channel
    for key, value, limit in (("subject", f.subject, MAX_SUBJECT), ("text", f.text, MAX_TEXT)):
        if value is None:
            continue
        if len(value) > limit:
            errors.add(["input", key], f"At most {limit} characters.", "TOO_LONG")
            continue
        try:
            tokenize(value, ("input", key))
        except DomainError as exc:
            errors.errors.extend(exc.errors)
        setattr(tpl, key, value)
    if f.media_ids is not None:
        ids = list(dict.fromkeys(f.media_ids))
        if len(ids) > media_store.MAX_MEDIA:
            errors.add(["input", "mediaIds"], f"At most {media_store.MAX_MEDIA} media per template; "
                       f"{len(ids)} given.", "TOO_LONG")
        else:
            reach = Scope.of(viewer).owned_q()
            found = set(await TemplateMedia.filter(reach, id__in=ids).values_list("id", flat=True)) if ids else set()
            for i, mid in enumerate(ids):
                if mid not in found:
                    errors.add(["input", "mediaIds", str(i)], f"No media with id {mid}.", "NOT_FOUND")
            tpl.media_ids = ids
    if f.poster_page is not None:
        page = f.poster_page.strip()
        if page and (len(page) > 200 or any(c.isspace() for c in page)):
            errors.add(["input", "posterPage"], "A mini-program page path: at most 200 characters, no spaces.")
        tpl.poster_page = page or None
    if f.poster_guide_param is not None:
        param = f.poster_guide_param.strip()
        if param and (len(param) > 40 or not param.replace("_", "").isalnum() or not param.isascii()):
            errors.add(["input", "posterGuideParam"], "Letters, digits and _ only, at most 40.")
        tpl.poster_guide_param = param or None
    if tpl.poster_page and not tpl.poster_guide_param:
        tpl.poster_guide_param = "guide"
    errors.raise_if_any()
    tpl.company_id = company_id


def _summary(tpl: Template) -> dict[str, Any]:
    return {"name": tpl.name, "channel": str(tpl.channel), "media": list(tpl.media_ids or []),
            "poster": tpl.poster_page}


async def create_template(viewer: Viewer, f: TemplateFields) -> Template:
    """Create a template owned by the viewer's company (HQ for an admin), validated on save."""
    _require_write(viewer)
    company_id = await Scope.of(viewer).own_company_id()
    tpl = Template(name="", text="", subject="", media_ids=[])
    if f.name is None:
        f.name = ""
    await _apply(viewer, tpl, f, company_id)
    await tpl.save()
    await audit.record(viewer, "template.create", target_type="Template", target_id=tpl.id, details=_summary(tpl))
    return tpl


async def update_template(viewer: Viewer, template_id: int, f: TemplateFields) -> Template:
    """Change a template's fields; parameters and media are validated as on create."""
    tpl = await get_template(viewer, template_id, change=True)
    await _apply(viewer, tpl, f, tpl.company_id)
    await tpl.save()
    await audit.record(viewer, "template.update", target_type="Template", target_id=tpl.id, details=_summary(tpl))
    return tpl


async def delete_template(viewer: Viewer, template_id: int) -> int:
    """Delete a template (a tombstone: sends already rendered from it keep their content)."""
    tpl = await get_template(viewer, template_id, change=True)
    tpl.deleted_at = clock.now()
    await tpl.save()
    await audit.record(viewer, "template.delete", target_type="Template", target_id=tpl.id, details=_summary(tpl))
    return template_id


async def upload_media(viewer: Viewer, data: bytes, filename: str = "", template_id: int | None = None,
                       field: Sequence[str] = ("file",)) -> TemplateMedia:
    """Store an uploaded image or video after checking it by content; optionally append it to a template.

    With ``template_id`` the template must be one the viewer may change and hold fewer than 9 media.
    """
    _require_write(viewer)
    tpl = None
    if template_id is not None:
        tpl = await get_template(viewer, template_id, ("templateId",), change=True)
        if len(tpl.media_ids or []) >= media_store.MAX_MEDIA:
            raise DomainError.single(["templateId"], f"A template holds at most {media_store.MAX_MEDIA} media; "
                                     "remove one first.", "TOO_LONG")
    info = media_store.check(data, tuple(field))
    sha = media_store.store(data)
    row = await TemplateMedia.create(sha256=sha, kind=info.kind, content_type=info.content_type, size=len(data),
                                     width=info.width, height=info.height, filename=filename[:255],
                                     company_id=await Scope.of(viewer).own_company_id())
    if tpl is not None:
        tpl.media_ids = [*(tpl.media_ids or []), row.id]
        await tpl.save()
        await audit.record(viewer, "template.update", target_type="Template", target_id=tpl.id,
                           details=_summary(tpl))
    return row


async def media_readable(viewer: Viewer, sha: str) -> TemplateMedia | None:
    """The stored media row for ``sha`` if the viewer may read it (uploaded by HQ or a company in reach)."""
    if not may_read(viewer):
        return None
    return await TemplateMedia.filter(Scope.of(viewer).owned_q(), sha256=sha).first()


# -- rendering ------------------------------------------------------------------------------------

def _channel(channel: str | TemplateChannel | None, tpl: Template) -> TemplateChannel:
    if channel is None or str(channel).lower() == "any":
        return TemplateChannel(tpl.channel) if tpl.channel != TemplateChannel.ANY else TemplateChannel.SMS
    return TemplateChannel(str(channel).lower())


@dataclass
class Compiled:
    """A template parsed once for a batch: tokens, media descriptors."""

    template: Template
    subject: list[Token]
    text: list[Token]
    media: list[dict[str, Any]]

    @property
    def needs(self) -> set[str]:
        """The groups of member facts rendering it reads (``load_facts``'s ``needs``): its parameters',
        and the guide's for a poster (its QR code names the guide)."""
        out = facts_for(t.param for t in (*self.subject, *self.text) if t.param)
        return out | {"guide"} if self.template.poster_page else out


async def compile_template(tpl: Template) -> Compiled:
    media = [
        {"id": m.id, "kind": str(MediaKind(m.kind).name), "url": media_store.url(m.sha256),
         "contentType": m.content_type, "size": m.size}
        for m in await template_media(tpl)
    ]
    return Compiled(tpl, tokenize(tpl.subject or "", ("subject",)), tokenize(tpl.text or "", ("text",)), media)


def render_compiled(c: Compiled, facts: MemberFacts, channel: TemplateChannel, *, store_poster: bool = True
                    ) -> dict[str, Any]:
    """What one member gets from a compiled template on ``channel``.

    Keys: ``subject`` (EMAIL only, else None), ``text`` (plain), ``html`` (EMAIL only), ``smsLength``
    and ``smsSegments`` (SMS only), ``media`` (none on SMS), ``poster`` (when the template has one:
    ``page`` as the QR encodes it, and ``url``: a stored PNG, or a data URL with store_poster=False).
    """
    out: dict[str, Any] = {"channel": channel.name, "subject": None, "text": render_plain(c.text, facts),
                           "media": [] if channel is TemplateChannel.SMS else list(c.media)}
    if channel is TemplateChannel.EMAIL:
        out["subject"] = render_subject(c.subject, facts)
        out["html"] = render_html(c.text, facts)
    if channel is TemplateChannel.SMS:
        count = sms_count(out["text"])
        out["smsLength"], out["smsSegments"], out["smsEncoding"] = count.length, count.segments, count.encoding
    tpl = c.template
    if tpl.poster_page:
        payload = poster_payload(tpl.poster_page, tpl.poster_guide_param or "guide", facts.guide_code,
                                 facts.member.id)
        png = render_poster(payload, tpl.name)
        if store_poster:
            url = media_store.url(media_store.store(png))
        else:
            url = "data:image/png;base64," + base64.b64encode(png).decode()
        out["poster"] = {"page": payload, "url": url, "contentType": "image/png", "size": len(png)}
    return out


async def _live_template(template_id: int) -> Template:
    tpl = await Template.get_or_none(id=template_id, deleted_at=None)
    if tpl is None:
        raise DomainError.single(["templateId"], f"No template with id {template_id}.", "NOT_FOUND")
    return tpl


async def render(template_id: int, member: Member, channel: str | TemplateChannel) -> dict[str, Any]:
    """What ``member`` gets from the template on ``channel`` (the send gate's call; no viewer check)."""
    return (await render_many(template_id, [member], channel))[member.id]


async def render_many(template_id: int, members: Sequence[Member], channel: str | TemplateChannel,
                      facts: dict[int, MemberFacts] | None = None) -> dict[int, dict[str, Any]]:
    """``render`` for a batch: the template is parsed once and the members' facts load in bulk
    (pass ``facts`` from ``load_facts`` to reuse them across templates)."""
    compiled = await compile_live(template_id)
    facts = facts if facts is not None else await load_facts(members, needs=compiled.needs)
    return render_all(compiled, members, channel, facts)


async def compile_live(template_id: int) -> Compiled:
    """The template (not deleted) parsed; a DomainError naming ``templateId`` when there is none."""
    return await compile_template(await _live_template(template_id))


def render_all(compiled: Compiled, members: Sequence[Member], channel: str | TemplateChannel,
               facts: dict[int, MemberFacts]) -> dict[int, dict[str, Any]]:
    chan = _channel(channel, compiled.template)
    return {m.id: render_compiled(compiled, facts[m.id], chan) for m in members}


async def _reachable_member(viewer: Viewer, member_id: int) -> Member | None:
    return await Member.filter(Scope.of(viewer).members_q(), id=member_id).first()


async def preview(viewer: Viewer, template_id: int, member_id: int,
                  channel: TemplateChannel | None = None) -> dict[str, Any] | None:
    """Exactly what a member in the viewer's reach would get; None when either is out of reach."""
    tpl = await visible_templates(viewer).get_or_none(id=template_id)
    member = await _reachable_member(viewer, member_id) if tpl else None
    if tpl is None or member is None:
        return None
    compiled = await compile_template(tpl)
    facts = await load_facts([member], needs=compiled.needs)
    return render_compiled(compiled, facts[member.id], _channel(channel, tpl), store_poster=False)


async def poster(viewer: Viewer, template_id: int, member_id: int) -> str | None:
    """The member's poster as a PNG data URL; None when out of reach or the template has no poster."""
    out = await preview(viewer, template_id, member_id)
    return out["poster"]["url"] if out and "poster" in out else None


async def media_by_ids(ids: Sequence[int]) -> list[TemplateMedia]:
    """Media rows by id (for mapping a rendered message's media back to their records)."""
    return list(await TemplateMedia.filter(id__in=list(ids))) if ids else []
