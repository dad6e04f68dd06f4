"""Templates through GraphQL: save-time validation, media by content, posters, previews and reach."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image

from api.accounts.models import Role
from api.audit.models import AuditEvent
from api.core import clock
from api.loyalty.models import CardKind, MemberCard
from api.templates.models import Template, TemplateMedia
from tests.factories import (
    GraphQLClient,
    dt,
    make_card_product,
    make_company,
    make_guide,
    make_member,
    make_store,
    make_token,
)
from tests.helpers import errors_of, gid

UE = "userErrors { field message code }"
CREATE = f"""mutation($input: TemplateCreateInput!) {{ templateCreate(input: $input) {{
  template {{ id name channel text smsLength smsSegments media {{ id kind }} posterPage }} {UE} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: TemplateUpdateInput!) {{ templateUpdate(id: $id, input: $input) {{
  template {{ id text media {{ id }} }} {UE} }} }}"""
PREVIEW = """query($t: ID!, $m: ID!, $c: TemplateChannel) { templatePreview(templateId: $t, memberId: $m, channel: $c) {
  channel subject text html smsLength smsSegments smsEncoding media { id kind url } posterUrl poster { page url } } }"""
UPLOAD = f"""mutation($file: Upload!, $t: ID) {{ templateMediaUpload(file: $file, templateId: $t) {{
  media {{ id kind contentType size width height url sha256 }} template {{ id media {{ id }} }} {UE} }} }}"""


def png(w: int = 4, h: int = 3, color: str = "red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, format="PNG")
    return buf.getvalue()


def mp4(size: int = 64) -> bytes:
    return (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * size)[:max(size, 24)]


async def upload(app: Any, token: str, content: bytes, filename: str, template_id: str | None = None
                 ) -> dict[str, Any]:
    operations = {"query": UPLOAD, "variables": {"file": None, "t": template_id}}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        r = await client.post("/graphql", headers={"Authorization": f"Bearer {token}"},
                              data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
                              files={"0": (filename, content, "application/octet-stream")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]["templateMediaUpload"]


async def test_create_checks_parameters_at_their_offset_and_writes_nothing(gql) -> None:
    out = (await gql(CREATE, {"input": {"name": "Bad", "text": "Hi {customer_name}, {coupon}"}}))["templateCreate"]
    assert out["template"] is None
    [err] = out["userErrors"]
    assert err["field"] == ["input", "text"] and "coupon" in err["message"] and "offset 20" in err["message"]
    assert await Template.all().count() == 0 and await AuditEvent.filter(action="template.create").count() == 0


async def test_create_update_delete_are_audited_and_sms_length_shown(gql) -> None:
    out = (await gql(CREATE, {"input": {"name": "Hello", "channel": "SMS", "text": "您好{customer_name}" + "中" * 67}}))
    tpl = out["templateCreate"]["template"]
    assert out["templateCreate"]["userErrors"] == []
    assert (tpl["channel"], tpl["smsLength"], tpl["smsSegments"]) == ("SMS", 71, 2)  # example name 张伟: 2 + 2 + 67
    upd = (await gql(UPDATE, {"id": tpl["id"], "input": {"text": "Hi {{literal}}"}}))["templateUpdate"]
    assert upd["userErrors"] == [] and upd["template"]["text"] == "Hi {{literal}}"
    deleted = await gql(f'mutation($id: ID!) {{ templateDelete(id: $id) {{ deletedTemplateId {UE} }} }}',
                        {"id": tpl["id"]})
    assert deleted["templateDelete"]["deletedTemplateId"] == tpl["id"]
    assert await gql("query($id: ID!) { template(id: $id) { id } }", {"id": tpl["id"]}) == {"template": None}
    actions = await AuditEvent.filter(target_type="Template").order_by("id").values_list("action", flat=True)
    assert actions == ["template.create", "template.update", "template.delete"]


async def test_template_parameters_are_exported(gql) -> None:
    params = (await gql("{ templateParameters { name description descriptionZh example } }"))["templateParameters"]
    names = [p["name"] for p in params]
    assert {"customer_name", "points_expiring", "card_expires_on"} <= set(names)
    assert all(p["description"] and p["descriptionZh"] and p["example"] for p in params)


async def test_media_is_typed_by_content_not_by_name(app, gql) -> None:
    token = await make_token()
    image = await upload(app, token, png(5, 7), "photo.mp4")
    assert image["userErrors"] == []
    assert (image["media"]["kind"], image["media"]["contentType"]) == ("IMAGE", "image/png")
    assert (image["media"]["width"], image["media"]["height"]) == (5, 7)
    video = await upload(app, token, mp4(), "clip.jpg")
    assert (video["media"]["kind"], video["media"]["contentType"]) == ("VIDEO", "video/mp4")
    text = await upload(app, token, b"just some text, not a picture", "evil.jpg")
    assert text["media"] is None and errors_of(text) == [(["file"], "INVALID")]
    broken = await upload(app, token, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "broken.png")
    assert broken["media"] is None and "decode" in broken["userErrors"][0]["message"]
    assert await TemplateMedia.all().count() == 2


async def test_size_limits_name_the_field_and_the_limit(app) -> None:
    token = await make_token()
    big_image = png() + b"\x00" * (2 * 1024 * 1024 + 1 - len(png()))
    assert len(big_image) == 2 * 1024 * 1024 + 1
    out = await upload(app, token, big_image, "big.png")
    assert errors_of(out) == [(["file"], "TOO_LONG")] and "2 MB" in out["userErrors"][0]["message"]
    out = await upload(app, token, mp4(10 * 1024 * 1024 + 1), "big.mp4")
    assert errors_of(out) == [(["file"], "TOO_LONG")] and "10 MB" in out["userErrors"][0]["message"]
    ok = await upload(app, token, mp4(10 * 1024 * 1024), "max.mp4")
    assert ok["userErrors"] == []


async def test_a_tenth_media_file_is_refused(app, gql) -> None:
    token = await make_token()
    tpl = (await gql(CREATE, {"input": {"name": "Gallery", "text": "x"}}))["templateCreate"]["template"]
    for i in range(9):
        out = await upload(app, token, png(2, 2 + i), f"{i}.png", tpl["id"])
        assert out["userErrors"] == [] and len(out["template"]["media"]) == i + 1
    tenth = await upload(app, token, png(3, 3), "10.png", tpl["id"])
    assert tenth["media"] is None and errors_of(tenth) == [(["templateId"], "TOO_LONG")]
    assert "9" in tenth["userErrors"][0]["message"]
    ids = [gid("TemplateMedia", m.id) for m in await TemplateMedia.all()]
    assert len(ids) == 9
    extra = (await upload(app, token, png(3, 3), "x.png"))["media"]["id"]
    upd = (await gql(UPDATE, {"id": tpl["id"], "input": {"mediaIds": [*ids, extra]}}))["templateUpdate"]
    assert errors_of(upd) == [(["input", "mediaIds"], "TOO_LONG")]


async def test_media_is_served_only_to_signed_in_viewers_in_reach(app) -> None:
    ca, cb = await make_company(), await make_company()
    token_a = await make_token(Role.COMPANY_ADMIN, company_id=ca.id)
    token_b = await make_token(Role.COMPANY_ADMIN, company_id=cb.id)
    content = png(6, 6, "blue")
    out = await upload(app, token_a, content, "a.png")
    url = out["media"]["url"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        mine = await client.get(url, headers={"Authorization": f"Bearer {token_a}"})
        assert mine.status_code == 200 and mine.content == content
        assert mine.headers["content-type"] == "image/png"
        assert (await client.get(url, headers={"Authorization": f"Bearer {token_b}"})).status_code == 404
        assert (await client.get(url)).status_code == 404
        for bad in ("/media/rapport.sqlite3", "/media/" + "A" * 64, "/media/..%2F..%2Fetc%2Fpasswd"):
            r = await client.get(bad, headers={"Authorization": f"Bearer {token_a}"})
            # refused, or (a path the media route does not match) the admin's index.html when it is built
            assert r.content != content and not r.headers.get("content-type", "").startswith("image/")


async def _world() -> dict[str, Any]:
    clock.set_now(dt("2026-06-01T04:00:00"))
    ca, cb = await make_company(), await make_company()
    sa, sb = await make_store(ca, name="静安店"), await make_store(cb)
    guide = await make_guide(sa, name="李娜", code="GA7")
    with_card = await make_member(name='<script>alert(1)</script> "Bob"', home_store=sa, guide=guide)
    punch = await make_card_product(CardKind.PUNCH, name="护理次卡")
    await MemberCard.create(member=with_card, product=punch, remaining_uses=4, issued_at=clock.now(),
                            expires_at=dt("2026-09-30T00:00:00"))
    no_card = await make_member(name="王芳", home_store=sa)
    other = await make_member(name="ZZB member", home_store=sb)
    return {"ca": ca, "cb": cb, "with_card": with_card, "no_card": no_card, "other": other}


TEXT = "亲爱的{customer_name}，您的{card_name}还剩{card_remaining_uses}次，{card_expires_on}到期。"


async def test_preview_with_and_without_a_card_and_escaping_per_channel(app, gql) -> None:
    w = await _world()
    tpl = (await gql(CREATE, {"input": {"name": "Card", "channel": "EMAIL", "subject": "致{customer_name}",
                                        "text": TEXT}}))["templateCreate"]["template"]
    m1, m2 = gid("Member", w["with_card"].id), gid("Member", w["no_card"].id)
    email = (await gql(PREVIEW, {"t": tpl["id"], "m": m1}))["templatePreview"]
    assert email["channel"] == "EMAIL" and email["subject"] == '致<script>alert(1)</script> "Bob"'
    assert "<script>" not in email["html"] and "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Bob&quot;" in email["html"]
    assert email["text"] == '亲爱的<script>alert(1)</script> "Bob"，您的护理次卡还剩4次，2026-09-30到期。'
    assert email["smsLength"] is None and email["posterUrl"] is None
    sms = (await gql(PREVIEW, {"t": tpl["id"], "m": m2, "c": "SMS"}))["templatePreview"]
    assert sms["text"] == "亲爱的王芳，您的还剩次，到期。" and sms["subject"] is None and sms["html"] is None
    assert (sms["smsLength"], sms["smsSegments"], sms["smsEncoding"]) == (len(sms["text"]), 1, "UCS-2")
    wechat = (await gql(PREVIEW, {"t": tpl["id"], "m": m1, "c": "WECHAT"}))["templatePreview"]
    assert json.loads(json.dumps(wechat["text"])) == email["text"]


async def test_preview_is_null_outside_reach(app) -> None:
    w = await _world()
    token_a = await make_token(Role.COMPANY_ADMIN, company_id=w["ca"].id)
    async with GraphQLClient(app, token_a) as client:
        tpl = (await client(CREATE, {"input": {"name": "A", "text": "Hi {customer_name}"}}))["templateCreate"]
        t = tpl["template"]["id"]
        mine = await client(PREVIEW, {"t": t, "m": gid("Member", w["no_card"].id)})
        assert mine["templatePreview"]["text"] == "Hi 王芳"
        theirs = await client(PREVIEW, {"t": t, "m": gid("Member", w["other"].id)})
        assert theirs == {"templatePreview": None}
    token_b = await make_token(Role.COMPANY_ADMIN, company_id=w["cb"].id)
    async with GraphQLClient(app, token_b) as client:
        assert await client(PREVIEW, {"t": t, "m": gid("Member", w["other"].id)}) == {"templatePreview": None}
        assert await client("query($id: ID!) { node(id: $id) { id } }", {"id": t}) == {"node": None}


async def test_poster_png_decodes_and_its_qr_reads_back(app, gql) -> None:
    w = await _world()
    tpl = (await gql(CREATE, {"input": {"name": "Poster", "text": "扫码", "posterPage": "pages/shop/index",
                                        "posterGuideParam": "gd"}}))["templateCreate"]["template"]
    m = w["with_card"]
    query = "query($t: ID!, $m: ID!) { templatePoster(templateId: $t, memberId: $m) }"
    url = (await gql(query, {"t": tpl["id"], "m": gid("Member", m.id)}))["templatePoster"]
    again = (await gql(query, {"t": tpl["id"], "m": gid("Member", m.id)}))["templatePoster"]
    assert url == again and url.startswith("data:image/png;base64,")  # deterministic
    data = base64.b64decode(url.split(",", 1)[1])
    img = Image.open(io.BytesIO(data))
    img.load()
    assert img.format == "PNG" and img.size == (600, 800)
    zxingcpp = pytest.importorskip("zxingcpp")
    [code] = zxingcpp.read_barcodes(img)
    assert code.text == f"pages/shop/index?gd=GA7&member={m.id}"
    preview = (await gql(PREVIEW, {"t": tpl["id"], "m": gid("Member", m.id)}))["templatePreview"]
    assert preview["posterUrl"] == url and preview["poster"]["page"] == code.text
