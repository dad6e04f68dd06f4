"""The authorisation matrix: every root field and every Node type × every role, against two companies.

The schema is walked (as ``test_descriptions.py`` does): a root query, mutation or subscription field,
or a Node type, without a row in ``MATRIX`` fails ``test_every_entry_point_has_a_row``, and a row for
something the schema no longer has fails too. Each row is then run for each role through the real
app (``httpx.ASGITransport``) against the same world: company A (stores A1, A2; guide GA1 in A1;
member MA owned by GA1 in A1) and company B (store B1, guide GB1, member MB), with HQ's, A's and B's
segments. Everything of company B carries the marker ``ZZB`` in its names, so a response that leaks
B's data to a viewer of A is caught by looking for the marker anywhere in it, error messages included.

Outcomes:
- ``OK``: answered without a top-level error or userErrors (admins may see ``ZZB``);
- ``SCOPED``: as ``OK`` and nothing of company B in the response;
- ``DENIED``: a refusal — a top-level error, a ``PERMISSION_DENIED`` / ``NOT_FOUND`` userError, or
  null / an empty list — and nothing of company B in the response, and nothing written;
- ``UNAUTH``: a top-level "Authentication required" error (anonymous callers).
A ``key:variant`` row tests the same field on other data (``:B`` = company B's object, ``:HQ`` = HQ's).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from graphql import GraphQLObjectType

from api.accounts.models import Role, Session, User
from api.accounts.services import (
    SESSION_COOKIE,
    create_token,
    hash_password,
    session_cookie_value,
    session_secret_from_cookie,
    viewer_from_session,
    viewer_from_token,
)
from api.audit import services as audit
from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.core.viewer import Viewer
from api.journeys import services as journey_services
from api.journeys.models import Enrollment, Journey, JourneyStatus, JourneyVersion
from api.loyalty.models import CardKind, MemberCard
from api.members import importer
from api.members.models import Member, MemberTag
from api.orders.models import LineKind, Order
from api.segments.models import Segment, SegmentKind
from api.templates.models import Template
from schema import build_schema
from schema.core.context import Context
from tests.factories import (
    make_card_product,
    make_company,
    make_guide,
    make_member,
    make_product,
    make_store,
    make_tier,
    make_token,
)
from tests.helpers import gid

OK, SCOPED, DENIED, UNAUTH = "ok", "scoped", "denied", "unauth"
# Admins last: a write they are allowed to make must not hide a refusal of the others.
ROLES = ("anonymous", "company_admin", "store_manager", "guide", "partner", "admin")
MARK_B = "ZZB"
RULE = {"gender": {"in": ["FEMALE"]}}


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def g(self, type_name: str, key: str) -> str:
        return gid(type_name, self.ids[key])


_HASH: list[str] = []


async def _password_hash() -> str:
    """argon2 is slow on purpose: hash the login row's password once per run."""
    if not _HASH:
        _HASH.append(await hash_password("matrix-password"))
    return _HASH[0]


async def build_world() -> World:
    w = World()
    ca, cb = await make_company(name="Company A"), await make_company(name=f"{MARK_B} Company")
    a1, a2, b1 = await make_store(ca, name="Store A1"), await make_store(ca), await make_store(cb, name=f"{MARK_B} B1")
    ga1, gb1 = await make_guide(a1, name="Guide A1"), await make_guide(b1, name=f"{MARK_B} guide")
    tier = await make_tier(1, 0)
    product = await make_product(LineKind.SERVICE)
    punch = await make_card_product(CardKind.PUNCH)
    ma = await make_member(name="Member A", home_store=a1, guide=ga1)
    mb = await make_member(name=f"{MARK_B} member", home_store=b1, guide=gb1)
    for m, tag in ((ma, "tag-a"), (mb, f"{MARK_B}-tag")):
        await MemberTag.create(member=m, tag=tag)
    cards = {}
    orders = {}
    for key, m, s in (("a", ma, a1), ("b", mb, b1)):
        cards[key] = await MemberCard.create(member=m, product=punch, remaining_uses=10, issued_at=m.registered_at)
        orders[key] = await Order.create(member=m, store=s, source="pos", external_id=f"o-{key}",
                                         total_cents=10000, ordered_at=m.registered_at)
    hq = await Segment.create(name="HQ segment", rule=RULE, kind=SegmentKind.CUSTOM)
    seg_a = await Segment.create(name="A segment", rule=RULE, company=ca)
    seg_b = await Segment.create(name=f"{MARK_B} segment", rule=RULE, company=cb)
    w.ids.update(ca=ca.id, cb=cb.id, a1=a1.id, a2=a2.id, b1=b1.id, ga1=ga1.id, gb1=gb1.id, tier=tier.id,
                 product=product.id, punch=punch.id, ma=ma.id, mb=mb.id, card_a=cards["a"].id,
                 card_b=cards["b"].id, order_a=orders["a"].id, order_b=orders["b"].id, hq=hq.id,
                 seg_a=seg_a.id, seg_b=seg_b.id)
    for key, company, name in (("tpl_hq", None, "HQ template"), ("tpl_a", ca, "A template"),
                               ("tpl_b", cb, f"{MARK_B} template")):
        tpl = await Template.create(name=name, text="Hi {customer_name} from {store_name}", company=company,
                                    poster_page="pages/index", poster_guide_param="guide")
        w.ids[key] = tpl.id
    # admins and partners call with API tokens; staff sign in to the admin (session cookies)
    w.tokens = {
        "admin": await make_token(Role.ADMIN),
        "partner": await make_token(Role.PARTNER, company_id=ca.id),
    }
    staff = {
        "company_admin": {"role": Role.COMPANY_ADMIN, "company_id": ca.id},
        "store_manager": {"role": Role.STORE_MANAGER, "store_ids": [a1.id]},
        "guide": {"role": Role.GUIDE, "guide_id": ga1.id},
    }
    for role, reach in staff.items():
        user = await User.create(username=f"matrix-{role}", display_name=f"A {role}", password_hash="!", **reach)
        w.ids[f"user_{role}"] = user.id
        secret = secrets.token_urlsafe(16)
        await Session.create(session_hash=hashlib.sha256(secret.encode()).hexdigest(), user=user,
                             expires_at=clock.now() + timedelta(days=1))
        w.cookies[role] = session_cookie_value(secret)
    user_b = await User.create(username=f"{MARK_B}-admin", display_name=f"{MARK_B} admin", password_hash="!",
                               role=Role.COMPANY_ADMIN, company_id=cb.id)
    w.ids["user_b"] = user_b.id
    for key, company in (("token_a", ca), ("token_b", cb)):
        _, token = await create_token(f"{MARK_B} partner" if key == "token_b" else "A partner", Role.PARTNER,
                                      company_id=company.id)
        w.ids[key] = token.id
    await User.create(username="matrix-user", display_name="Matrix", password_hash=await _password_hash(),
                      role=Role.ADMIN)
    await audit.record(Viewer.system(), "store.update", target_type="Store", target_id=b1.id,
                       details={"name": f"{MARK_B} B1"})
    for key, company in (("import_a", ca), ("import_b", cb)):
        viewer = await viewer_from_token(await make_token(Role.COMPANY_ADMIN, company_id=company.id))
        assert viewer is not None
        name = "a.csv" if key == "import_a" else f"{MARK_B}.csv"
        record = await importer.start_import(viewer, "name,phone\n张伟,13811112222\n", filename=name)
        w.ids[key] = record.id
    for key, company, member in (("journey_a", ca, ma), ("journey_b", cb, mb), ("journey_hq", None, ma)):
        journey = await _journey(f"{MARK_B} journey" if key == "journey_b" else f"{key}", company and company.id)
        version = await JourneyVersion.get(journey_id=journey.id)
        enrollment = await Enrollment.create(journey_id=journey.id, version_id=version.id, member_id=member.id,
                                             node_id="wait", due_at=clock.now() + timedelta(days=3),
                                             entered_at=clock.now(), entry_key="matrix")
        w.ids[key], w.ids[f"enrollment_{key[8:]}"] = journey.id, enrollment.id
    for key, member, journey_key in (("message_a", ma, "journey_a"), ("message_b", mb, "journey_b")):
        send = await MessageSend.create(
            member=member, dedupe_key=f"matrix:{key}", sender_type="journey", sender_id=w.ids[journey_key],
            step="msg", occurrence="1", channel="SMS", channels=["SMS"], status=SendStatus.CAPPED,
            reason=f"cap: At most 1 SMS message a day{' ' + MARK_B if key == 'message_b' else ''}",
            decided_at=clock.now())
        w.ids[key] = send.id
    return w


MIGRATE = ("mutation($id: ID!) { journeyMigrateWaiting(id: $id, input: {fromVersion: 1, mapping: "
           '[{fromNode: "wait", toNode: "wait"}]}) { moved { moved } userErrors { field code message } } }')
JOURNEY_GRAPH = {
    "nodes": [{"id": "entry", "kind": "ENTRY", "config": {"mode": "TRIGGERED", "trigger": "CARD_USED"}},
              {"id": "wait", "kind": "WAIT", "config": {"duration": {"days": 3}}},
              {"id": "tag", "kind": "UPDATE_MEMBER", "config": {"addTags": ["matrix"]}}],
    "edges": [{"from": "entry", "to": "wait"}, {"from": "wait", "to": "tag"}],
}


async def _journey(name: str, company_id: int | None, publish: bool = True) -> Journey:
    """A journey owned by ``company_id`` (HQ when None), published unless asked not to."""
    journey = await Journey.create(name=name, company_id=company_id, draft=JOURNEY_GRAPH)
    if publish:
        await journey_services.publish(Viewer.system(), journey.id)
        await journey.refresh_from_db()
    return journey


def _fresh_journey(status: str = "active", company: str = "ca") -> Vars:
    """A journey of company A (or ``company``) for each role to act on (draft, active or paused)."""

    async def vars_(w: World, role: str) -> dict[str, Any]:
        name = f"{MARK_B} for {role}" if company == "cb" else f"for {role}"
        journey = await _journey(name, w.ids[company], publish=status != "draft")
        if status == "paused":
            await Journey.filter(id=journey.id).update(status=JourneyStatus.PAUSED)
        return {"id": gid("Journey", journey.id)}

    return vars_


def _two_versions(company: str = "ca") -> Vars:
    """A journey of ``company`` published twice, a member waiting at `wait` of version 1: what to migrate."""

    async def vars_(w: World, role: str) -> dict[str, Any]:
        name = f"{MARK_B} two versions {role}" if company == "cb" else f"two versions {role}"
        journey = await _journey(name, w.ids[company])
        v1 = await JourneyVersion.get(journey_id=journey.id, number=1)
        await Enrollment.create(journey_id=journey.id, version_id=v1.id, member_id=w.ids["ma" if company == "ca"
                                                                                          else "mb"],
                                entry_key=f"matrix:{role}", node_id="wait", entered_at=clock.now(),
                                due_at=clock.now() + timedelta(days=1))
        await journey_services.publish(Viewer.system(), journey.id)
        return {"id": gid("Journey", journey.id)}

    return vars_


Vars = Callable[[World, str], Awaitable[dict[str, Any]]]


def const(make: Callable[[World], dict[str, Any]]) -> Vars:
    async def vars_(w: World, role: str) -> dict[str, Any]:
        return make(w)

    return vars_


@dataclass(frozen=True)
class Case:
    doc: str
    vars: Vars
    expect: dict[str, str]
    subscription: bool = False
    upload: bytes | None = None  # sent as a GraphQL multipart request with this file as variables.file


def roles(admin: str, company_admin: str, store_manager: str, guide: str, partner: str,
          anonymous: str = UNAUTH) -> dict[str, str]:
    return {"anonymous": anonymous, "admin": admin, "company_admin": company_admin,
            "store_manager": store_manager, "guide": guide, "partner": partner}


STAFF_SCOPED = roles(OK, SCOPED, SCOPED, SCOPED, DENIED)
ALL_SCOPED = roles(OK, SCOPED, SCOPED, SCOPED, SCOPED)
EVERYONE = roles(OK, OK, OK, OK, OK)
ONLY_ADMIN = roles(OK, DENIED, DENIED, DENIED, DENIED)
STAFF_OF_A = roles(OK, OK, OK, OK, DENIED)
WRITERS_OF_A = roles(OK, OK, OK, OK, OK)

UE = "userErrors { field message code }"
NO_VARS = const(lambda w: {})


def _node(type_name: str, key: str, fields: str = "id") -> Case:
    return Case(f'query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ {fields} }} }} }}',
                const(lambda w: {"id": w.g(type_name, key)}), {})


def per_role(make: Callable[[World, str], dict[str, Any]]) -> Vars:
    """Variables that differ per role (a unique code for each create)."""

    async def vars_(w: World, role: str) -> dict[str, Any]:
        return make(w, role)

    return vars_


def _fresh_user(active: bool) -> Vars:
    """A guide account of company A for each role to act on (enabled, or disabled for userEnable)."""

    async def vars_(w: World, role: str) -> dict[str, Any]:
        user = await User.create(username=f"target-{role}-{active}", display_name="target", password_hash="!",
                                 role=Role.GUIDE, guide_id=w.ids["ga1"], active=active)
        return {"id": gid("User", user.id)}

    return vars_


async def _set_password_token(w: World, role: str) -> dict[str, Any]:
    from api.accounts.admin import reset_password

    user = await User.create(username=f"reset-{role}", display_name="reset", password_hash="!", role=Role.GUIDE,
                             guide_id=w.ids["ga1"])
    _, secret, _ = await reset_password(Viewer.system(), user.id)
    return {"t": secret}


async def _fresh_partner_token(w: World, role: str) -> dict[str, Any]:
    _, token = await create_token(f"revocable by {role}", Role.PARTNER, company_id=w.ids["ca"])
    return {"id": gid("ApiToken", token.id)}


async def _fresh_template(w: World, role: str) -> dict[str, Any]:
    tpl = await Template.create(name=f"to delete by {role}", text="x", company_id=w.ids["ca"])
    return {"id": gid("Template", tpl.id)}


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buf, format="PNG")
    return buf.getvalue()


async def _fresh_segment(w: World, role: str) -> dict[str, Any]:
    seg = await Segment.create(name=f"to delete by {role}", rule=RULE, company_id=w.ids["ca"])
    return {"id": gid("Segment", seg.id)}


async def _channels_providers(w: World, role: str) -> dict[str, Any]:
    """HQ's, A's and B's email providers (B's sender carries the marker), created once."""
    from api.channels.provider_models import ChannelProvider
    from tests.factories import channels_make_provider

    for key, sender in ((None, "hq@rapport.example"), ("ca", "a@rapport.example"), ("cb", f"{MARK_B}@b.example")):
        company_id = w.ids[key] if key else None
        if not await ChannelProvider.filter(company_id=company_id, channel="EMAIL").exists():
            await channels_make_provider("EMAIL", "https://mail.example/send", company_id=company_id, sender=sender)
    return {}


def _channels_fresh_provider(company_key: str | None) -> Vars:
    """A WEBHOOK provider of the company (HQ when None) for each role to delete."""

    async def vars_(w: World, role: str) -> dict[str, Any]:
        from api.channels.provider_models import ChannelProvider
        from tests.factories import channels_make_provider

        company_id = w.ids[company_key] if company_key else None
        await ChannelProvider.filter(company_id=company_id, channel="WEBHOOK").delete()
        row = await channels_make_provider("WEBHOOK", "https://hook.example/", company_id=company_id,
                                           sender=f"{MARK_B} hook" if company_key == "cb" else "hook")
        return {"id": gid("ChannelProvider", row.id)}

    return vars_


MATRIX: dict[str, Case] = {
    # -- queries ----------------------------------------------------------------------------------
    "viewer": Case("{ viewer { name role scopes } }", NO_VARS, roles(OK, OK, OK, OK, OK, anonymous=DENIED)),
    "members": Case("{ members(first: 50) { totalCount nodes { id name phone } } }", NO_VARS, STAFF_SCOPED),
    "member": Case("query($id: ID!) { member(id: $id) { id name } }",
                   const(lambda w: {"id": w.g("Member", "ma")}), STAFF_OF_A),
    "member:B": Case("query($id: ID!) { member(id: $id) { id name } }",
                     const(lambda w: {"id": w.g("Member", "mb")}), ONLY_ADMIN),
    "stores": Case("{ stores { id name company { name } } }", NO_VARS, ALL_SCOPED),
    "guides": Case("{ guides { id name store { name } } }", NO_VARS, ALL_SCOPED),
    "tiers": Case("{ tiers { id name } }", NO_VARS, EVERYONE),
    "products": Case("{ products { id name } }", NO_VARS, EVERYONE),
    "cardProducts": Case("{ cardProducts { id name } }", NO_VARS, EVERYONE),
    "tags": Case("{ tags { tag members } }", NO_VARS, STAFF_SCOPED),
    "segments": Case("{ segments(first: 50) { nodes { id name memberCount company { name } } } }", NO_VARS,
                     STAFF_SCOPED),
    "segment": Case("query($id: ID!) { segment(id: $id) { id name } }",
                    const(lambda w: {"id": w.g("Segment", "seg_a")}), STAFF_OF_A),
    "segment:B": Case("query($id: ID!) { segment(id: $id) { id name } }",
                      const(lambda w: {"id": w.g("Segment", "seg_b")}), ONLY_ADMIN),
    "estimateAudience": Case(
        "{ estimateAudience(rule: {gender: {in: [FEMALE]}}) { total userErrors { field message } } }",
        NO_VARS, STAFF_OF_A),
    "rfmThresholds": Case("{ rfmThresholds { category activeDays } }", NO_VARS, STAFF_OF_A),
    "rfmThresholds:B": Case("query($c: ID) { rfmThresholds(companyId: $c) { category } }",
                            const(lambda w: {"c": w.g("RetailCompany", "cb")}), ONLY_ADMIN),
    "templates": Case("{ templates(first: 50) { nodes { id name company { name } } } }", NO_VARS, STAFF_SCOPED),
    "template": Case("query($id: ID!) { template(id: $id) { id name smsLength media { id } } }",
                     const(lambda w: {"id": w.g("Template", "tpl_a")}), STAFF_OF_A),
    "template:B": Case("query($id: ID!) { template(id: $id) { id name } }",
                       const(lambda w: {"id": w.g("Template", "tpl_b")}), ONLY_ADMIN),
    "templateParameters": Case("{ templateParameters { name description example } }", NO_VARS, EVERYONE),
    "templatePreview": Case("query($t: ID!, $m: ID!) { templatePreview(templateId: $t, memberId: $m) { text } }",
                            const(lambda w: {"t": w.g("Template", "tpl_a"), "m": w.g("Member", "ma")}), STAFF_OF_A),
    "templatePreview:B": Case("query($t: ID!, $m: ID!) { templatePreview(templateId: $t, memberId: $m) { text } }",
                              const(lambda w: {"t": w.g("Template", "tpl_a"), "m": w.g("Member", "mb")}), ONLY_ADMIN),
    "templatePreview:HQ": Case("query($t: ID!, $m: ID!) { templatePreview(templateId: $t, memberId: $m) { text } }",
                               const(lambda w: {"t": w.g("Template", "tpl_hq"), "m": w.g("Member", "ma")}),
                               STAFF_OF_A),
    "templatePoster": Case("query($t: ID!, $m: ID!) { templatePoster(templateId: $t, memberId: $m) }",
                           const(lambda w: {"t": w.g("Template", "tpl_a"), "m": w.g("Member", "ma")}), STAFF_OF_A),
    "templatePoster:B": Case("query($t: ID!, $m: ID!) { templatePoster(templateId: $t, memberId: $m) }",
                             const(lambda w: {"t": w.g("Template", "tpl_b"), "m": w.g("Member", "mb")}), ONLY_ADMIN),
    # -- node, per Node type: A's object, then B's ---------------------------------------------------
    "node:Member": _node("Member", "ma", "id name"),
    "node:Member:B": _node("Member", "mb", "id name"),
    "node:Order": _node("Order", "order_a"),
    "node:Order:B": _node("Order", "order_b", "id source externalId"),
    "node:MemberCard": _node("MemberCard", "card_a"),
    "node:MemberCard:B": _node("MemberCard", "card_b"),
    "node:RetailCompany": _node("RetailCompany", "ca", "id name"),
    "node:RetailCompany:B": _node("RetailCompany", "cb", "id name"),
    "node:Store": _node("Store", "a1", "id name"),
    "node:Store:B": _node("Store", "b1", "id name"),
    "node:Guide": _node("Guide", "ga1", "id name"),
    "node:Guide:B": _node("Guide", "gb1", "id name"),
    "node:Segment": _node("Segment", "seg_a", "id name"),
    "node:Segment:B": _node("Segment", "seg_b", "id name"),
    "node:Tier": _node("Tier", "tier", "id name"),
    "node:Product": _node("Product", "product", "id name"),
    "node:CardProduct": _node("CardProduct", "punch", "id name"),
    "node:Template": _node("Template", "tpl_a", "id name"),
    "node:Template:B": _node("Template", "tpl_b", "id name"),
    # -- mutations --------------------------------------------------------------------------------
    "login": Case(f'mutation {{ login(input: {{username: "matrix-user", password: "matrix-password"}}) '
                  f"{{ viewer {{ name }} {UE} }} }}", NO_VARS, roles(OK, OK, OK, OK, OK, anonymous=OK)),
    "logout": Case(f"mutation {{ logout {{ ok {UE} }} }}", NO_VARS, roles(OK, OK, OK, OK, OK, anonymous=OK)),
    "memberCreate": Case(f"mutation($s: ID) {{ memberCreate(input: {{name: \"new\", homeStoreId: $s}}) "
                         f"{{ member {{ id }} {UE} }} }}", const(lambda w: {"s": w.g("Store", "a1")}), STAFF_OF_A),
    "memberCreate:B": Case(f"mutation($s: ID) {{ memberCreate(input: {{name: \"new\", homeStoreId: $s}}) "
                           f"{{ member {{ id }} {UE} }} }}", const(lambda w: {"s": w.g("Store", "b1")}), ONLY_ADMIN),
    "memberUpdate": Case(f'mutation($id: ID!) {{ memberUpdate(id: $id, input: {{source: "门店"}}) '
                         f"{{ member {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Member", "ma")}), STAFF_OF_A),
    "memberUpdate:B": Case(f'mutation($id: ID!) {{ memberUpdate(id: $id, input: {{source: "门店"}}) '
                           f"{{ member {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Member", "mb")}),
                           ONLY_ADMIN),
    "memberTag": Case(f'mutation($id: ID!) {{ memberTag(id: $id, input: {{add: ["vip"], remove: []}}) '
                      f"{{ member {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Member", "ma")}), STAFF_OF_A),
    "memberTag:B": Case(f'mutation($id: ID!) {{ memberTag(id: $id, input: {{add: ["vip"], remove: []}}) '
                        f"{{ member {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Member", "mb")}), ONLY_ADMIN),
    "memberImport": Case(f'mutation {{ memberImport(input: {{csv: "name,phone\\nImported,13700000001\\n"}}) '
                         f"{{ memberImport {{ id status }} {UE} }} }}", NO_VARS, roles(OK, OK, OK, OK, DENIED)),
    "memberImportRecord": Case("query($id: ID!) { memberImportRecord(id: $id) { id filename status } }",
                               const(lambda w: {"id": gid("MemberImport", w.ids["import_a"])}),
                               roles(OK, OK, DENIED, DENIED, DENIED)),
    "memberImportRecord:B": Case("query($id: ID!) { memberImportRecord(id: $id) { id filename status } }",
                                 const(lambda w: {"id": gid("MemberImport", w.ids["import_b"])}), ONLY_ADMIN),
    "memberImports": Case("{ memberImports(first: 20) { nodes { id filename } } }", NO_VARS,
                          roles(OK, SCOPED, DENIED, DENIED, DENIED)),
    "memberImportProgress": Case("subscription($id: ID!) { memberImportProgress(id: $id) { status filename } }",
                                 const(lambda w: {"id": gid("MemberImport", w.ids["import_a"])}),
                                 roles(OK, OK, DENIED, DENIED, DENIED), subscription=True),
    "memberImportProgress:B": Case("subscription($id: ID!) { memberImportProgress(id: $id) { status filename } }",
                                   const(lambda w: {"id": gid("MemberImport", w.ids["import_b"])}), ONLY_ADMIN,
                                   subscription=True),
    "orderRecord": Case(
        f"mutation($m: ID!, $p: ID!) {{ orderRecord(input: {{memberId: $m, lines: [{{productId: $p}}]}}) "
        f"{{ order {{ id }} {UE} }} }}",
        const(lambda w: {"m": w.g("Member", "ma"), "p": w.g("Product", "product")}), WRITERS_OF_A),
    "orderRecord:B": Case(
        f"mutation($m: ID!, $p: ID!) {{ orderRecord(input: {{memberId: $m, lines: [{{productId: $p}}]}}) "
        f"{{ order {{ id }} {UE} }} }}",
        const(lambda w: {"m": w.g("Member", "mb"), "p": w.g("Product", "product")}), ONLY_ADMIN),
    "orderRecord:B-store": Case(
        f"mutation($m: ID!, $p: ID!, $s: ID) {{ orderRecord(input: {{memberId: $m, storeId: $s, "
        f"lines: [{{productId: $p}}]}}) {{ order {{ id }} {UE} }} }}",
        const(lambda w: {"m": w.g("Member", "ma"), "p": w.g("Product", "product"), "s": w.g("Store", "b1")}),
        ONLY_ADMIN),
    "refundRecord": Case(f'mutation($o: ID!) {{ refundRecord(input: {{orderId: $o, amount: "1.00"}}) '
                         f"{{ refund {{ id }} {UE} }} }}", const(lambda w: {"o": w.g("Order", "order_a")}),
                         WRITERS_OF_A),
    "refundRecord:B": Case(f'mutation($o: ID!) {{ refundRecord(input: {{orderId: $o, amount: "1.00"}}) '
                           f"{{ refund {{ id }} {UE} }} }}", const(lambda w: {"o": w.g("Order", "order_b")}),
                           ONLY_ADMIN),
    "serviceComplete": Case(f"mutation($m: ID!, $p: ID) {{ serviceComplete(input: {{memberId: $m, productId: $p}}) "
                            f"{{ completion {{ id }} {UE} }} }}",
                            const(lambda w: {"m": w.g("Member", "ma"), "p": w.g("Product", "product")}),
                            WRITERS_OF_A),
    "serviceComplete:B": Case(f"mutation($m: ID!, $p: ID) {{ serviceComplete(input: {{memberId: $m, "
                              f"productId: $p}}) {{ completion {{ id }} {UE} }} }}",
                              const(lambda w: {"m": w.g("Member", "mb"), "p": w.g("Product", "product")}),
                              ONLY_ADMIN),
    "cardUse": Case(f"mutation($c: ID!) {{ cardUse(input: {{cardId: $c, uses: 1}}) {{ cardUse {{ id }} {UE} }} }}",
                    const(lambda w: {"c": w.g("MemberCard", "card_a")}), WRITERS_OF_A),
    "cardUse:B": Case(f"mutation($c: ID!) {{ cardUse(input: {{cardId: $c, uses: 1}}) {{ cardUse {{ id }} {UE} }} }}",
                      const(lambda w: {"c": w.g("MemberCard", "card_b")}), ONLY_ADMIN),
    "eventRecord": Case(f'mutation($m: ID) {{ eventRecord(input: {{type: "coupon.redeemed", source: "app", '
                        f'externalId: "e-1", memberId: $m}}) {{ event {{ id }} {UE} }} }}',
                        const(lambda w: {"m": w.g("Member", "ma")}), roles(OK, OK, OK, DENIED, OK)),
    "eventRecord:B": Case(f'mutation($m: ID) {{ eventRecord(input: {{type: "coupon.redeemed", source: "app", '
                          f'externalId: "e-2", memberId: $m}}) {{ event {{ id }} {UE} }} }}',
                          const(lambda w: {"m": w.g("Member", "mb")}), ONLY_ADMIN),
    "segmentCreate": Case(f'mutation {{ segmentCreate(input: {{name: "mine", rule: {{gender: {{in: [FEMALE]}}}}}}) '
                          f"{{ segment {{ id }} {UE} }} }}", NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED)),
    "segmentUpdate": Case(f'mutation($id: ID!) {{ segmentUpdate(id: $id, input: {{name: "renamed"}}) '
                          f"{{ segment {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Segment", "seg_a")}),
                          roles(OK, OK, DENIED, DENIED, DENIED)),
    "segmentUpdate:HQ": Case(f'mutation($id: ID!) {{ segmentUpdate(id: $id, input: {{name: "renamed"}}) '
                             f"{{ segment {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Segment", "hq")}),
                             ONLY_ADMIN),
    "segmentUpdate:B": Case(f'mutation($id: ID!) {{ segmentUpdate(id: $id, input: {{name: "renamed"}}) '
                            f"{{ segment {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Segment", "seg_b")}),
                            ONLY_ADMIN),
    "templateCreate": Case(f'mutation {{ templateCreate(input: {{name: "mine", text: "Hi {{customer_name}}"}}) '
                           f"{{ template {{ id }} {UE} }} }}", NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED)),
    "templateUpdate": Case(f'mutation($id: ID!) {{ templateUpdate(id: $id, input: {{name: "renamed"}}) '
                           f"{{ template {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Template", "tpl_a")}),
                           roles(OK, OK, DENIED, DENIED, DENIED)),
    "templateUpdate:HQ": Case(f'mutation($id: ID!) {{ templateUpdate(id: $id, input: {{name: "renamed"}}) '
                              f"{{ template {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Template", "tpl_hq")}),
                              ONLY_ADMIN),
    "templateUpdate:B": Case(f'mutation($id: ID!) {{ templateUpdate(id: $id, input: {{name: "renamed"}}) '
                             f"{{ template {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Template", "tpl_b")}),
                             ONLY_ADMIN),
    "templateDelete": Case(f"mutation($id: ID!) {{ templateDelete(id: $id) {{ deletedTemplateId {UE} }} }}",
                           _fresh_template, roles(OK, OK, DENIED, DENIED, DENIED)),
    "templateDelete:HQ": Case(f"mutation($id: ID!) {{ templateDelete(id: $id) {{ deletedTemplateId {UE} }} }}",
                              const(lambda w: {"id": w.g("Template", "tpl_hq")}), ONLY_ADMIN),
    "templateMediaUpload": Case(f"mutation($file: Upload!) {{ templateMediaUpload(file: $file) "
                                f"{{ media {{ id kind }} {UE} }} }}", NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED),
                                upload=_png()),
    "templateMediaUpload:B": Case(f"mutation($file: Upload!, $t: ID) {{ templateMediaUpload(file: $file, "
                                  f"templateId: $t) {{ media {{ id kind }} {UE} }} }}",
                                  const(lambda w: {"t": w.g("Template", "tpl_b")}), ONLY_ADMIN, upload=_png()),
    "segmentDelete": Case(f"mutation($id: ID!) {{ segmentDelete(id: $id) {{ deletedSegmentId {UE} }} }}",
                          _fresh_segment, roles(OK, OK, DENIED, DENIED, DENIED)),
    "segmentDelete:HQ": Case(f"mutation($id: ID!) {{ segmentDelete(id: $id) {{ deletedSegmentId {UE} }} }}",
                             const(lambda w: {"id": w.g("Segment", "hq")}), ONLY_ADMIN),
    "segmentRefresh": Case(f"mutation($id: ID!) {{ segmentRefresh(id: $id) {{ segment {{ id }} {UE} }} }}",
                           const(lambda w: {"id": w.g("Segment", "seg_a")}), roles(OK, OK, DENIED, DENIED, DENIED)),
    "segmentRefresh:B": Case(f"mutation($id: ID!) {{ segmentRefresh(id: $id) {{ segment {{ id }} {UE} }} }}",
                             const(lambda w: {"id": w.g("Segment", "seg_b")}), ONLY_ADMIN),
    "segmentDelete:B": Case(f"mutation($id: ID!) {{ segmentDelete(id: $id) {{ deletedSegmentId {UE} }} }}",
                            const(lambda w: {"id": w.g("Segment", "seg_b")}), ONLY_ADMIN),
    "segmentRefresh:HQ": Case(f"mutation($id: ID!) {{ segmentRefresh(id: $id) {{ segment {{ id }} {UE} }} }}",
                              const(lambda w: {"id": w.g("Segment", "hq")}), ONLY_ADMIN),
    "rfmThresholdsSet": Case(
        "mutation { rfmThresholdsSet(input: {activeDays: 30, sleepingDays: 90, windowDays: 365, frequencyHigh: 3, "
        f"monetaryHighCents: 100000}}) {{ thresholds {{ activeDays }} {UE} }} }}",
        NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED)),
    "rfmThresholdsSet:B": Case(
        "mutation($c: ID) { rfmThresholdsSet(input: {activeDays: 30, sleepingDays: 90, windowDays: 365, "
        f"frequencyHigh: 3, monetaryHighCents: 100000, companyId: $c}}) {{ thresholds {{ activeDays }} {UE} }} }}",
        const(lambda w: {"c": w.g("RetailCompany", "cb")}), ONLY_ADMIN),
    # -- settings: organisation, catalogue, users, tokens, audit --------------------------------------
    "retailCompanies": Case("{ retailCompanies { id name } }", NO_VARS, ALL_SCOPED),
    "retailCompanyCreate": Case(f"mutation($c: String!) {{ retailCompanyCreate(input: {{name: \"New\", code: $c}}) "
                                f"{{ retailCompany {{ id }} {UE} }} }}", per_role(lambda w, r: {"c": f"C-{r}"}),
                                ONLY_ADMIN),
    "retailCompanyUpdate": Case(f"mutation($id: ID!) {{ retailCompanyUpdate(id: $id, input: {{name: \"Renamed A\"}}) "
                                f"{{ retailCompany {{ id }} {UE} }} }}",
                                const(lambda w: {"id": w.g("RetailCompany", "ca")}), ONLY_ADMIN),
    "storeCreate": Case(f"mutation($c: ID, $code: String!) {{ storeCreate(input: {{companyId: $c, name: \"New\", "
                        f"code: $code}}) {{ store {{ id }} {UE} }} }}",
                        per_role(lambda w, r: {"c": w.g("RetailCompany", "ca"), "code": f"S-{r}"}),
                        roles(OK, OK, DENIED, DENIED, DENIED)),
    "storeCreate:B": Case(f"mutation($c: ID, $code: String!) {{ storeCreate(input: {{companyId: $c, name: \"New\", "
                          f"code: $code}}) {{ store {{ id }} {UE} }} }}",
                          per_role(lambda w, r: {"c": w.g("RetailCompany", "cb"), "code": f"SB-{r}"}), ONLY_ADMIN),
    "storeUpdate": Case(f"mutation($id: ID!) {{ storeUpdate(id: $id, input: {{city: \"杭州\"}}) {{ store {{ id }} {UE} }} }}",
                        const(lambda w: {"id": w.g("Store", "a2")}), roles(OK, OK, DENIED, DENIED, DENIED)),
    "storeUpdate:B": Case(f"mutation($id: ID!) {{ storeUpdate(id: $id, input: {{city: \"杭州\"}}) "
                          f"{{ store {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Store", "b1")}), ONLY_ADMIN),
    "guideCreate": Case(f"mutation($s: ID!, $code: String!) {{ guideCreate(input: {{storeId: $s, name: \"New\", "
                        f"code: $code}}) {{ guide {{ id }} {UE} }} }}",
                        per_role(lambda w, r: {"s": w.g("Store", "a1"), "code": f"G-{r}"}),
                        roles(OK, OK, OK, DENIED, DENIED)),
    "guideCreate:B": Case(f"mutation($s: ID!, $code: String!) {{ guideCreate(input: {{storeId: $s, name: \"New\", "
                          f"code: $code}}) {{ guide {{ id }} {UE} }} }}",
                          per_role(lambda w, r: {"s": w.g("Store", "b1"), "code": f"GB-{r}"}), ONLY_ADMIN),
    "guideUpdate": Case(f"mutation($id: ID!) {{ guideUpdate(id: $id, input: {{phone: \"13900000000\"}}) "
                        f"{{ guide {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Guide", "ga1")}),
                        roles(OK, OK, OK, DENIED, DENIED)),
    "guideUpdate:B": Case(f"mutation($id: ID!) {{ guideUpdate(id: $id, input: {{phone: \"13900000000\"}}) "
                          f"{{ guide {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Guide", "gb1")}), ONLY_ADMIN),
    "tierCreate": Case(f"mutation($l: Int!, $n: String!) {{ tierCreate(input: {{name: $n, level: $l, "
                       f"threshold: \"99999\"}}) {{ tier {{ id }} {UE} }} }}",
                       per_role(lambda w, r: {"l": 10 + ROLES.index(r), "n": f"T-{r}"}), ONLY_ADMIN),
    "tierUpdate": Case(f"mutation($id: ID!) {{ tierUpdate(id: $id, input: {{name: \"Renamed\"}}) {{ tier {{ id }} {UE} }} }}",
                       const(lambda w: {"id": w.g("Tier", "tier")}), ONLY_ADMIN),
    "productCreate": Case(f"mutation($sku: String!) {{ productCreate(input: {{sku: $sku, name: \"New\", kind: GOODS, "
                          f"category: \"护肤\", price: \"10.00\"}}) {{ product {{ id }} {UE} }} }}",
                          per_role(lambda w, r: {"sku": f"SKU-{r}"}), ONLY_ADMIN),
    "productUpdate": Case(f"mutation($id: ID!) {{ productUpdate(id: $id, input: {{name: \"Renamed\"}}) "
                          f"{{ product {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Product", "product")}),
                          ONLY_ADMIN),
    "cardProductCreate": Case(f"mutation($n: String!) {{ cardProductCreate(input: {{name: $n, kind: PUNCH, "
                              f"price: \"100.00\", totalUses: 10, validityDays: 365}}) {{ cardProduct {{ id }} {UE} }} }}",
                              per_role(lambda w, r: {"n": f"Card {r}"}), ONLY_ADMIN),
    "cardProductUpdate": Case(f"mutation($id: ID!) {{ cardProductUpdate(id: $id, input: {{name: \"Renamed\"}}) "
                              f"{{ cardProduct {{ id }} {UE} }} }}",
                              const(lambda w: {"id": w.g("CardProduct", "punch")}), ONLY_ADMIN),
    "users": Case("{ users(first: 50) { nodes { id username displayName } } }", NO_VARS,
                  roles(OK, SCOPED, DENIED, DENIED, DENIED)),
    "userInvite": Case(f"mutation($u: String!, $g: ID) {{ userInvite(input: {{username: $u, role: GUIDE, guideId: $g}}) "
                       f"{{ user {{ id }} setPasswordToken {UE} }} }}",
                       per_role(lambda w, r: {"u": f"invited-{r}", "g": w.g("Guide", "ga1")}),
                       roles(OK, OK, DENIED, DENIED, DENIED)),
    "userInvite:B": Case(f"mutation($u: String!, $g: ID) {{ userInvite(input: {{username: $u, role: GUIDE, "
                         f"guideId: $g}}) {{ user {{ id }} setPasswordToken {UE} }} }}",
                         per_role(lambda w, r: {"u": f"invited-b-{r}", "g": w.g("Guide", "gb1")}), ONLY_ADMIN),
    "userUpdate": Case(f"mutation($id: ID!) {{ userUpdate(id: $id, input: {{displayName: \"Renamed\"}}) "
                       f"{{ user {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("User", "user_guide")}),
                       roles(OK, OK, DENIED, DENIED, DENIED)),
    "userUpdate:B": Case(f"mutation($id: ID!) {{ userUpdate(id: $id, input: {{displayName: \"Renamed\"}}) "
                         f"{{ user {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("User", "user_b")}), ONLY_ADMIN),
    "userDisable": Case(f"mutation($id: ID!) {{ userDisable(id: $id) {{ user {{ id }} {UE} }} }}", _fresh_user(True),
                        roles(OK, OK, DENIED, DENIED, DENIED)),
    "userDisable:B": Case(f"mutation($id: ID!) {{ userDisable(id: $id) {{ user {{ id }} {UE} }} }}",
                          const(lambda w: {"id": w.g("User", "user_b")}), ONLY_ADMIN),
    "userEnable": Case(f"mutation($id: ID!) {{ userEnable(id: $id) {{ user {{ id }} {UE} }} }}", _fresh_user(False),
                       roles(OK, OK, DENIED, DENIED, DENIED)),
    "userEnable:B": Case(f"mutation($id: ID!) {{ userEnable(id: $id) {{ user {{ id }} {UE} }} }}",
                         const(lambda w: {"id": w.g("User", "user_b")}), ONLY_ADMIN),
    "userPasswordReset": Case(f"mutation($id: ID!) {{ userPasswordReset(id: $id) {{ user {{ id }} {UE} }} }}",
                              _fresh_user(True), roles(OK, OK, DENIED, DENIED, DENIED)),
    "userPasswordReset:B": Case(f"mutation($id: ID!) {{ userPasswordReset(id: $id) {{ user {{ id }} {UE} }} }}",
                                const(lambda w: {"id": w.g("User", "user_b")}), ONLY_ADMIN),
    "userPasswordSet": Case(f"mutation($t: String!) {{ userPasswordSet(input: {{token: $t, password: \"a-new-password\"}}) "
                            f"{{ username {UE} }} }}", _set_password_token, roles(OK, OK, OK, OK, OK, anonymous=OK)),
    "apiTokens": Case("{ apiTokens(first: 50) { nodes { id name role } } }", NO_VARS,
                      roles(OK, SCOPED, DENIED, DENIED, DENIED)),
    "apiTokenCreate": Case(f"mutation($c: ID) {{ apiTokenCreate(input: {{name: \"pos\", role: PARTNER, companyId: $c}}) "
                           f"{{ secret {UE} }} }}", const(lambda w: {"c": w.g("RetailCompany", "ca")}),
                           roles(OK, OK, DENIED, DENIED, DENIED)),
    "apiTokenCreate:B": Case(f"mutation($c: ID) {{ apiTokenCreate(input: {{name: \"pos\", role: PARTNER, "
                             f"companyId: $c}}) {{ secret {UE} }} }}", const(lambda w: {"c": w.g("RetailCompany", "cb")}),
                             ONLY_ADMIN),
    "apiTokenRevoke": Case(f"mutation($id: ID!) {{ apiTokenRevoke(id: $id) {{ apiToken {{ id }} {UE} }} }}",
                           _fresh_partner_token, roles(OK, OK, DENIED, DENIED, DENIED)),
    "apiTokenRevoke:B": Case(f"mutation($id: ID!) {{ apiTokenRevoke(id: $id) {{ apiToken {{ id }} {UE} }} }}",
                             const(lambda w: {"id": w.g("ApiToken", "token_b")}), ONLY_ADMIN),
    "auditLog": Case("{ auditLog(first: 20) { nodes { action } } }", NO_VARS, ONLY_ADMIN),
    "node:User": _node("User", "user_guide", "id username"),
    "node:User:B": _node("User", "user_b", "id username"),
    "node:ApiToken": _node("ApiToken", "token_a", "id name"),
    "node:ApiToken:B": _node("ApiToken", "token_b", "id name"),
    # -- journeys -----------------------------------------------------------------------------------------
    "journeys": Case("{ journeys(first: 50) { nodes { id name company { name } } } }", NO_VARS, STAFF_SCOPED),
    "journey": Case("query($id: ID!) { journey(id: $id) { id name draft { nodes { id } } } }",
                    const(lambda w: {"id": w.g("Journey", "journey_a")}), STAFF_OF_A),
    "journey:B": Case("query($id: ID!) { journey(id: $id) { id name } }",
                      const(lambda w: {"id": w.g("Journey", "journey_b")}), ONLY_ADMIN),
    "journeyEstimate": Case("query($id: ID!) { journeyEstimate(id: $id) { nodes { nodeId arriving } "
                            f"{UE} }} }}", const(lambda w: {"id": w.g("Journey", "journey_a")}), STAFF_OF_A),
    "journeyEstimate:B": Case("query($id: ID!) { journeyEstimate(id: $id) { nodes { nodeId arriving } "
                              f"{UE} }} }}", const(lambda w: {"id": w.g("Journey", "journey_b")}), ONLY_ADMIN),
    "enrollments": Case("query($id: ID!) { enrollments(journeyId: $id, first: 50) { nodes { id member { name } } } }",
                        const(lambda w: {"id": w.g("Journey", "journey_a")}), STAFF_SCOPED),
    "enrollments:B": Case("query($id: ID!) { enrollments(journeyId: $id) { nodes { id member { name } } } }",
                          const(lambda w: {"id": w.g("Journey", "journey_b")}), ONLY_ADMIN),
    "journeyTemplates": Case("{ journeyTemplates { key nameZh graph { nodes { id kind } } } }", NO_VARS,
                             roles(OK, OK, OK, OK, DENIED)),
    "journeyCreate": Case(f'mutation {{ journeyCreate(input: {{name: "new"}}) {{ journey {{ id }} {UE} }} }}',
                          NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyUpdate": Case(f'mutation($id: ID!) {{ journeyUpdate(id: $id, input: {{name: "renamed"}}) '
                          f"{{ journey {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Journey", "journey_a")}),
                          roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyUpdate:HQ": Case(f'mutation($id: ID!) {{ journeyUpdate(id: $id, input: {{name: "renamed"}}) '
                             f"{{ journey {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Journey", "journey_hq")}),
                             ONLY_ADMIN),
    "journeyUpdate:B": Case(f'mutation($id: ID!) {{ journeyUpdate(id: $id, input: {{name: "renamed"}}) '
                            f"{{ journey {{ id }} {UE} }} }}", const(lambda w: {"id": w.g("Journey", "journey_b")}),
                            ONLY_ADMIN),
    "journeyPublish": Case(f"mutation($id: ID!) {{ journeyPublish(id: $id) {{ version {{ number }} {UE} }} }}",
                           _fresh_journey("draft"), roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyPublish:B": Case(f"mutation($id: ID!) {{ journeyPublish(id: $id) {{ version {{ number }} {UE} }} }}",
                             const(lambda w: {"id": w.g("Journey", "journey_b")}), ONLY_ADMIN),
    "journeyPause": Case(f"mutation($id: ID!) {{ journeyPause(id: $id) {{ journey {{ status }} {UE} }} }}",
                         _fresh_journey("active"), roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyResume": Case(f"mutation($id: ID!) {{ journeyResume(id: $id) {{ journey {{ status }} {UE} }} }}",
                          _fresh_journey("paused"), roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyPublish:HQ": Case(f"mutation($id: ID!) {{ journeyPublish(id: $id) {{ version {{ number }} {UE} }} }}",
                              const(lambda w: {"id": w.g("Journey", "journey_hq")}), ONLY_ADMIN),
    "journeyPause:B": Case(f"mutation($id: ID!) {{ journeyPause(id: $id) {{ journey {{ status }} {UE} }} }}",
                           const(lambda w: {"id": w.g("Journey", "journey_b")}), ONLY_ADMIN),
    "journeyResume:B": Case(f"mutation($id: ID!) {{ journeyResume(id: $id) {{ journey {{ status }} {UE} }} }}",
                            _fresh_journey("paused", "cb"), ONLY_ADMIN),
    "journeyMigrateWaiting": Case(MIGRATE, _two_versions("ca"), roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyMigrateWaiting:B": Case(MIGRATE, _two_versions("cb"), ONLY_ADMIN),
    # development only: refused here (RAPPORT_ENV=test) for everyone; tests/core/test_simulated_clock.py
    # runs it in development, where only HQ admins may move the clock
    "clockAdvance": Case(f"mutation {{ clockAdvance(days: 1) {{ now {UE} }} }}", NO_VARS,
                         roles(DENIED, DENIED, DENIED, DENIED, DENIED)),
    "journeyStop": Case(f"mutation($id: ID!) {{ journeyStop(id: $id) {{ journey {{ status }} {UE} }} }}",
                        _fresh_journey("active"), roles(OK, OK, DENIED, DENIED, DENIED)),
    "journeyStop:B": Case(f"mutation($id: ID!) {{ journeyStop(id: $id) {{ journey {{ status }} {UE} }} }}",
                          const(lambda w: {"id": w.g("Journey", "journey_b")}), ONLY_ADMIN),
    "node:Journey": _node("Journey", "journey_a", "id name"),
    "node:Journey:B": _node("Journey", "journey_b", "id name"),
    "node:Enrollment": _node("Enrollment", "enrollment_a", "id nodeId member { name }"),
    "node:Enrollment:B": _node("Enrollment", "enrollment_b", "id nodeId member { name }"),
    # -- channels (relay) -------------------------------------------------------------------------
    "channelProviders": Case("{ channelProviders { id channel sender companyName secretSet } }",
                             _channels_providers, roles(OK, SCOPED, DENIED, DENIED, DENIED)),
    "channelProviderSet": Case(f"mutation($c: ID) {{ channelProviderSet(input: {{channel: SMS, kind: HTTP, "
                               f"companyId: $c, url: \"https://sms.a.example/send\", secret: \"k\"}}) "
                               f"{{ channelProvider {{ id secretSet }} {UE} }} }}",
                               const(lambda w: {"c": w.g("RetailCompany", "ca")}),
                               roles(OK, OK, DENIED, DENIED, DENIED)),
    "channelProviderSet:HQ": Case(f"mutation {{ channelProviderSet(input: {{channel: PUSH, kind: HTTP, "
                                  f"url: \"https://push.example/send\", secret: \"k\"}}) "
                                  f"{{ channelProvider {{ id }} {UE} }} }}", NO_VARS, ONLY_ADMIN),
    "channelProviderSet:B": Case(f"mutation($c: ID) {{ channelProviderSet(input: {{channel: SMS, kind: HTTP, "
                                 f"companyId: $c, url: \"https://sms.b.example/send\", secret: \"k\"}}) "
                                 f"{{ channelProvider {{ id }} {UE} }} }}",
                                 const(lambda w: {"c": w.g("RetailCompany", "cb")}), ONLY_ADMIN),
    "channelProviderDelete": Case(f"mutation($id: ID!) {{ channelProviderDelete(id: $id) {{ deletedId {UE} }} }}",
                                  _channels_fresh_provider("ca"), roles(OK, OK, DENIED, DENIED, DENIED)),
    "channelProviderDelete:B": Case(f"mutation($id: ID!) {{ channelProviderDelete(id: $id) {{ deletedId {UE} }} }}",
                                    _channels_fresh_provider("cb"), ONLY_ADMIN),
    "channelProviderDelete:HQ": Case(f"mutation($id: ID!) {{ channelProviderDelete(id: $id) {{ deletedId {UE} }} }}",
                                     _channels_fresh_provider(None), ONLY_ADMIN),
    # -- send gate: fatigue caps, quiet hours, the message log ---------------------------------------
    "fatiguePolicy": Case("{ fatiguePolicy { inherited rules { description } quietHours { start } company { name } } }",
                          NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED)),
    "fatiguePolicy:B": Case("query($c: ID) { fatiguePolicy(companyId: $c) { inherited company { name } } }",
                            const(lambda w: {"c": w.g("RetailCompany", "cb")}), ONLY_ADMIN),
    "fatigueRulesSet": Case(f"mutation($c: ID) {{ fatigueRulesSet(input: {{companyId: $c, rules: [{{channel: SMS, "
                            f"period: DAY, maxSends: 1}}]}}) {{ policy {{ rules {{ description }} }} {UE} }} }}",
                            const(lambda w: {"c": w.g("RetailCompany", "ca")}), roles(OK, OK, DENIED, DENIED, DENIED)),
    "fatigueRulesSet:HQ": Case(f"mutation {{ fatigueRulesSet(input: {{rules: [{{period: WEEK, maxSends: 5}}]}}) "
                               f"{{ policy {{ inherited }} {UE} }} }}", NO_VARS, roles(OK, OK, DENIED, DENIED, DENIED)),
    "fatigueRulesSet:B": Case(f"mutation($c: ID) {{ fatigueRulesSet(input: {{companyId: $c, rules: []}}) "
                              f"{{ policy {{ inherited }} {UE} }} }}",
                              const(lambda w: {"c": w.g("RetailCompany", "cb")}), ONLY_ADMIN),
    "quietHoursSet": Case(f"mutation($c: ID) {{ quietHoursSet(input: {{companyId: $c, windows: [{{start: \"21:00\", "
                          f"end: \"08:00\"}}]}}) {{ policy {{ quietHours {{ start end }} }} {UE} }} }}",
                          const(lambda w: {"c": w.g("RetailCompany", "ca")}), roles(OK, OK, DENIED, DENIED, DENIED)),
    "quietHoursSet:B": Case(f"mutation($c: ID) {{ quietHoursSet(input: {{companyId: $c, windows: []}}) "
                            f"{{ policy {{ inherited }} {UE} }} }}",
                            const(lambda w: {"c": w.g("RetailCompany", "cb")}), ONLY_ADMIN),
    "messages": Case("{ messages(first: 50) { nodes { id reason outcome senderName member { name } } } }",
                     NO_VARS, STAFF_SCOPED),
    "messages:B": Case("query($m: ID) { messages(filter: {memberId: $m}) { nodes { id reason } } }",
                       const(lambda w: {"m": w.g("Member", "mb")}), ONLY_ADMIN),
    "messageOutcomeCounts": Case("{ messageOutcomeCounts { senderType senderId senderName outcome count } }",
                                 NO_VARS, STAFF_SCOPED),
    "node:Message": _node("Message", "message_a", "id reason member { name }"),
    "node:Message:B": _node("Message", "message_b", "id reason member { name }"),
}


def _entry(key: str) -> str:
    """The entry point a row tests: ``member:B`` → ``member``, ``node:Store:B`` → ``node:Store``."""
    parts = key.split(":")
    return f"node:{parts[1]}" if parts[0] == "node" else parts[0]


def _entry_points() -> set[str]:
    schema = build_schema()._schema
    names: set[str] = set()
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is not None:
            names |= {n for n in root.fields if n != "node"}
    node = schema.type_map.get("Node")
    for t in schema.type_map.values():
        if isinstance(t, GraphQLObjectType) and node is not None and node in t.interfaces:
            names.add(f"node:{t.name}")
    return names


def test_every_entry_point_has_a_row() -> None:
    """A new root field or Node type without a row fails here; so does a row for something gone."""
    wanted = _entry_points()
    have = {_entry(key) for key in MATRIX}
    assert not wanted - have, f"no authorisation-matrix row for: {sorted(wanted - have)}"
    assert not have - wanted, f"rows for entry points the schema no longer has: {sorted(have - wanted)}"
    for key, case in MATRIX.items():
        missing = set(ROLES) - set(case.expect) if not key.startswith("node:") else set()
        assert not missing, f"{key}: no outcome for {sorted(missing)}"


NODE_OUTCOMES: dict[str, dict[str, str]] = {
    # A's object: visible to whoever reaches it; B's: to admins only. Member data needs members:read.
    "Member": STAFF_OF_A,
    "Order": STAFF_OF_A,
    "MemberCard": STAFF_OF_A,
    "RetailCompany": roles(OK, OK, OK, OK, OK),
    "Store": roles(OK, OK, OK, OK, OK),
    "Guide": roles(OK, OK, OK, OK, OK),
    "Segment": STAFF_OF_A,
    "Template": STAFF_OF_A,
    "Tier": EVERYONE,
    "Product": EVERYONE,
    "CardProduct": EVERYONE,
    "User": roles(OK, OK, DENIED, DENIED, DENIED),
    "ApiToken": roles(OK, OK, DENIED, DENIED, DENIED),
    "Journey": STAFF_OF_A,
    "Enrollment": STAFF_OF_A,
    "Message": STAFF_OF_A,
}


def _expected(key: str, case: Case, role: str) -> str:
    if not key.startswith("node:"):
        return case.expect[role]
    if role == "anonymous":
        return UNAUTH
    parts = key.split(":")
    if len(parts) == 3:  # company B's object
        return OK if role == "admin" else DENIED
    return NODE_OUTCOMES[parts[1]][role]


def _payloads(data: Any) -> list[dict[str, Any]]:
    return [v for v in (data or {}).values() if isinstance(v, dict)]


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, list):
        return not value
    if isinstance(value, dict):
        if "nodes" in value:
            return not value["nodes"]
        return all(_is_empty(v) for k, v in value.items() if k not in ("userErrors", "totalCount"))
    return False


def check(outcome: str, body: dict[str, Any], role: str, key: str) -> None:
    text = json.dumps(body, ensure_ascii=False)
    errors = body.get("errors") or []
    data = body.get("data")
    user_errors = [e for p in _payloads(data) for e in (p.get("userErrors") or [])]
    where = f"{key} as {role}: {text[:600]}"
    if outcome == UNAUTH:
        assert errors and "Authentication required" in errors[0]["message"], where
        assert MARK_B not in text, where
        return
    if outcome in (OK, SCOPED):
        assert not errors, where
        assert not user_errors, where
        assert not _is_empty(data), where
        if outcome == SCOPED:
            assert MARK_B not in text, where
        return
    assert outcome == DENIED
    assert MARK_B not in text, where
    if errors:
        return
    if user_errors:
        assert {e["code"] for e in user_errors} & {"PERMISSION_DENIED", "NOT_FOUND"}, where
        return
    assert _is_empty(data), where


async def _call(app: Any, token: str | None, cookie: str | None, doc: str, variables: dict[str, Any],
                upload: bytes | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if cookie:
        headers |= {"Cookie": f"{SESSION_COOKIE}={cookie}", "Origin": "http://testserver"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver",
                                 headers=headers) as client:
        if upload is not None:
            operations = {"query": doc, "variables": {**variables, "file": None}}
            r = await client.post("/graphql", data={"operations": json.dumps(operations),
                                                    "map": json.dumps({"0": ["variables.file"]})},
                                  files={"0": ("file.bin", upload, "application/octet-stream")})
        else:
            r = await client.post("/graphql", json={"query": doc, "variables": variables})
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


async def _subscribe(token: str | None, cookie: str | None, doc: str, variables: dict[str, Any]) -> dict[str, Any]:
    """A subscription's first result, as the WebSocket transport would deliver it to this viewer."""
    viewer = await viewer_from_token(token) if token else None
    if cookie:
        viewer = await viewer_from_session(session_secret_from_cookie(cookie) or "")
    context = Context(request=None, response=None, viewer=viewer)  # type: ignore[arg-type]
    stream = await build_schema().subscribe(doc, variables, context_value=context)
    if not hasattr(stream, "__aiter__"):
        result = stream
    else:
        try:
            result = await asyncio.wait_for(anext(stream), 10)  # type: ignore[arg-type]
        finally:
            await stream.aclose()  # type: ignore[union-attr]
    body: dict[str, Any] = {"data": result.data}  # type: ignore[union-attr]
    if result.errors:  # type: ignore[union-attr]
        body["errors"] = [{"message": e.message} for e in result.errors]  # type: ignore[union-attr]
    return body


@pytest.mark.parametrize("key", sorted(MATRIX))
async def test_matrix_row(app, redis, key: str) -> None:  # type: ignore[no-untyped-def]
    # given the two companies and a token per role
    world = await build_world()
    case = MATRIX[key]
    for role in ROLES:
        # when the role calls the entry point
        before = await Member.all().count()
        variables = await case.vars(world, role)
        token, cookie = world.tokens.get(role), world.cookies.get(role)
        body = await (_subscribe(token, cookie, case.doc, variables) if case.subscription
                      else _call(app, token, cookie, case.doc, variables, case.upload))
        # then it gets what the matrix declares, and a refusal writes no member
        outcome = _expected(key, case, role)
        check(outcome, body, role, key)
        if outcome in (DENIED, UNAUTH):
            assert await Member.all().count() == before, f"{key} as {role} wrote a member"
