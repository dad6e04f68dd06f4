"""Held-out probes of issue 8's holes, per role, on paths the matrix does not walk row by row.

The matrix (``test_authorisation_matrix.py``) runs every root field and Node type once per role; these
probes go where a leak would hide instead: a partner token that *does* hold ``members:read`` (its reach
is still company A only), member data reached through nested fields and search, and writes whose
references (store, guide, home store) point into company B while the target member is company A's.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from api.accounts.models import Role
from api.members.models import Member
from api.orders.models import CardUse, Event, Order, ServiceCompletion
from tests.factories import make_token
from tests.schema.test_authorisation_matrix import MARK_B, World, _call, build_world

UE = "userErrors { field message code }"


async def _as(app: Any, w: World, role: str, doc: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return await _call(app, w.tokens.get(role), w.cookies.get(role), doc, variables or {})


def _clean(body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False)
    assert MARK_B not in text, text[:800]
    return text


def _refused(body: dict[str, Any]) -> None:
    """A top-level error or a PERMISSION_DENIED / NOT_FOUND userError, and nothing of B."""
    _clean(body)
    if body.get("errors"):
        return
    errors = [e for p in (body.get("data") or {}).values() if isinstance(p, dict) for e in p.get("userErrors") or []]
    assert errors, body
    assert {e["code"] for e in errors} & {"PERMISSION_DENIED", "NOT_FOUND"}, body


async def test_partner_with_members_read_sees_only_company_a(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given a partner token of company A that was granted members:read
    w = await build_world()
    w.tokens["reader"] = await make_token(Role.PARTNER, company_id=w.ids["ca"], scopes=["members:read"])
    phone_b = (await Member.get(id=w.ids["mb"])).phone
    # when it lists, searches, counts tags and asks node for B's member, order and card
    body = await _as(app, w, "reader", "{ members(first: 100) { totalCount nodes { id name } } }")
    assert not body.get("errors"), body
    names = {n["name"] for n in body["data"]["members"]["nodes"]}
    assert names == {"Member A"}, body
    _clean(await _as(app, w, "reader", "{ tags { tag members } }"))
    body = await _as(app, w, "reader", "query($s: String) { members(search: $s) { nodes { id } } }", {"s": phone_b})
    _clean(body)
    assert not (body.get("data") or {}).get("members", {}).get("nodes"), body
    for type_name, key in (("Member", "mb"), ("Order", "order_b"), ("MemberCard", "card_b"), ("Guide", "gb1"),
                           ("Store", "b1"), ("RetailCompany", "cb"), ("Enrollment", "enrollment_b")):
        body = await _as(app, w, "reader", "query($id: ID!) { node(id: $id) { id } }", {"id": w.g(type_name, key)})
        _clean(body)
        assert not (body.get("data") or {}).get("node"), (type_name, body)
    # nested: A's member's orders and cards only; B's journey's enrollments refused
    body = await _as(app, w, "reader", "{ members(first: 10) { nodes { name cards { id } orders(first: 10) "
                                       "{ totalCount nodes { id externalId } } } } }")
    _clean(body)
    # then its reach is still company A's: it may not punch B's card
    body = await _as(app, w, "reader", f"mutation($c: ID!) {{ cardUse(input: {{cardId: $c, uses: 1}}) "
                                       f"{{ cardUse {{ id }} {UE} }} }}", {"c": w.g("MemberCard", "card_b")})
    _refused(body)
    assert not await CardUse.filter(card_id=w.ids["card_b"]).exists()


async def test_partner_without_members_read_reads_no_member_anywhere(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given company A's partner with the default partner scopes (no members:read)
    w = await build_world()
    ma = await Member.get(id=w.ids["ma"])
    # when it reaches for A's member through every door
    docs: list[tuple[str, dict[str, Any]]] = [
        ("{ members(first: 5) { nodes { id } } }", {}),
        ("query($id: ID!) { member(id: $id) { id name } }", {"id": w.g("Member", "ma")}),
        ("query($id: ID!) { node(id: $id) { ... on Member { name } } }", {"id": w.g("Member", "ma")}),
        ("query($id: ID!) { node(id: $id) { ... on Order { id } } }", {"id": w.g("Order", "order_a")}),
        ("query($id: ID!) { node(id: $id) { ... on MemberCard { id } } }", {"id": w.g("MemberCard", "card_a")}),
        ("query($id: ID!) { node(id: $id) { ... on Enrollment { member { name } } } }",
         {"id": w.g("Enrollment", "enrollment_a")}),
        ("query($s: String) { members(search: $s) { nodes { id } } }", {"s": ma.phone}),
        ("{ tags { tag members } }", {}),
        ("query($id: ID!) { segment(id: $id) { members(first: 5) { nodes { name } } } }",
         {"id": w.g("Segment", "seg_a")}),
    ]
    for doc, variables in docs:
        body = await _as(app, w, "partner", doc, variables)
        # then nothing of the member comes back
        text = _clean(body)
        assert "Member A" not in text and (ma.phone or "@@") not in text, (doc, text)
        data = body.get("data") or {}
        assert all(not v or v == {"nodes": []} or v == [] for v in data.values()), (doc, body)


async def test_staff_of_a_cannot_point_writes_into_company_b(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given company A's store manager (store A1) and guide (GA1), with A's member MA
    w = await build_world()
    m, p, c = w.g("Member", "ma"), w.g("Product", "product"), w.g("MemberCard", "card_a")
    b1, gb1, a2 = w.g("Store", "b1"), w.g("Guide", "gb1"), w.g("Store", "a2")
    writes = [
        (f"mutation($m: ID!, $p: ID!, $g: ID) {{ orderRecord(input: {{memberId: $m, guideId: $g, "
         f"lines: [{{productId: $p}}]}}) {{ order {{ id }} {UE} }} }}", {"m": m, "p": p, "g": gb1}),
        (f"mutation($m: ID!, $p: ID, $s: ID) {{ serviceComplete(input: {{memberId: $m, productId: $p, storeId: $s}}) "
         f"{{ completion {{ id }} {UE} }} }}", {"m": m, "p": p, "s": b1}),
        (f"mutation($m: ID!, $p: ID, $g: ID) {{ serviceComplete(input: {{memberId: $m, productId: $p, guideId: $g}}) "
         f"{{ completion {{ id }} {UE} }} }}", {"m": m, "p": p, "g": gb1}),
        (f"mutation($c: ID!, $s: ID) {{ cardUse(input: {{cardId: $c, uses: 1, storeId: $s}}) "
         f"{{ cardUse {{ id }} {UE} }} }}", {"c": c, "s": b1}),
        (f"mutation($id: ID!, $s: ID) {{ memberUpdate(id: $id, input: {{homeStoreId: $s}}) "
         f"{{ member {{ id }} {UE} }} }}",
         {"id": m, "s": b1}),
        (f"mutation($id: ID!, $g: ID) {{ memberUpdate(id: $id, input: {{guideId: $g}}) {{ member {{ id }} {UE} }} }}",
         {"id": m, "g": gb1}),
        (f"mutation($s: ID, $g: ID) {{ memberCreate(input: {{name: \"x\", homeStoreId: $s, guideId: $g}}) "
         f"{{ member {{ id }} {UE} }} }}", {"s": w.g("Store", "a1"), "g": gb1}),
    ]
    for role in ("company_admin", "store_manager", "guide", "partner"):
        for doc, variables in writes:
            before = (await Order.all().count(), await ServiceCompletion.all().count(), await CardUse.all().count(),
                      await Member.all().count())
            body = await _as(app, w, role, doc, variables)
            # then each is refused and nothing is written
            _refused(body)
            after = (await Order.all().count(), await ServiceCompletion.all().count(), await CardUse.all().count(),
                     await Member.all().count())
            assert before == after, (role, doc, body)
            ma = await Member.get(id=w.ids["ma"])
            assert (ma.home_store_id, ma.guide_id) == (w.ids["a1"], w.ids["ga1"]), (role, doc)
    # a store manager of A1 does not reach A2; a guide may home a customer in any store of the guide's company
    body = await _as(app, w, "store_manager", f"mutation($s: ID) {{ memberCreate(input: {{name: \"x\", "
                                              f"homeStoreId: $s}}) {{ member {{ id }} {UE} }} }}", {"s": a2})
    _clean(body)
    assert body["data"]["memberCreate"]["member"] is None and body["data"]["memberCreate"]["userErrors"], body


async def test_duplicate_phone_of_company_b_is_not_disclosed(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given B's member's phone
    w = await build_world()
    phone_b = (await Member.get(id=w.ids["mb"])).phone
    unused = "13999990000"
    answers = {}
    for phone in (phone_b, unused):
        body = await _as(app, w, "company_admin", f"mutation($p: String) {{ memberCreate(input: {{name: \"dup\", "
                                                  f"phone: $p, homeStoreId: \"{w.g('Store', 'a1')}\"}}) "
                                                  f"{{ member {{ id }} {UE} }} }}", {"p": phone})
        _clean(body)
        answers[phone] = body
    # then a phone taken in B is free in A (identity is per company): both answers are the same success
    for body in answers.values():
        assert body["data"]["memberCreate"]["member"] and not body["data"]["memberCreate"]["userErrors"], body


async def test_event_replay_of_another_store_returns_nothing(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given an event B's partner recorded
    w = await build_world()
    tb = await make_token(Role.PARTNER, company_id=w.ids["cb"])
    doc = (f"mutation($m: ID) {{ eventRecord(input: {{type: \"visit\", source: \"app\", externalId: \"e-1\", "
           f"memberId: $m, payload: {{secret: \"{MARK_B}-payload\"}}}}) {{ event {{ id payload }} {UE} }} }}")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver",
                                 headers={"Authorization": f"Bearer {tb}"}) as client:
        r = await client.post("/graphql", json={"query": doc, "variables": {"m": w.g("Member", "mb")}})
        assert MARK_B in r.text and not r.json().get("errors"), r.text
    # when every role of A replays the same (source, externalId)
    for role in ("company_admin", "store_manager", "guide", "partner"):
        body = await _as(app, w, role, doc, {"m": w.g("Member", "ma")})
        # then nothing of B's event comes back
        _clean(body)
    assert await Event.filter(source="app", external_id="e-1").count() == 1


async def test_references_and_owned_records_of_company_b_are_out_of_reach(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given company A's staff, and B's segment, B's journey and HQ's journey
    from api.journeys.models import Journey
    from api.segments.models import Segment

    w = await build_world()
    seg_b, j_b, j_hq = w.g("Segment", "seg_b"), w.g("Journey", "journey_b"), w.g("Journey", "journey_hq")
    status = {k: (await Journey.get(id=w.ids[k])).status for k in ("journey_b", "journey_hq")}
    segments = await Segment.all().count()
    docs = [
        (f'mutation($s: ID!) {{ segmentCreate(input: {{name: "ref", rule: {{inSegment: {{segmentId: $s}}}}}}) '
         f"{{ segment {{ id memberCount }} {UE} }} }}", {"s": seg_b}),
        (f"mutation($id: ID!, $s: ID!) {{ segmentUpdate(id: $id, input: {{rule: {{inSegment: {{segmentId: $s}}}}}}) "
         f"{{ segment {{ id }} {UE} }} }}", {"id": w.g("Segment", "seg_a"), "s": seg_b}),
        (f"mutation($id: ID!) {{ segmentRefresh(id: $id) {{ segment {{ id }} {UE} }} }}", {"id": seg_b}),
        (f"mutation($id: ID!) {{ segmentDelete(id: $id) {{ deletedId {UE} }} }}", {"id": seg_b}),
        ("query($s: ID) { estimateAudience(segmentId: $s) { total userErrors { field message code } } }", {"s": seg_b}),
        ("query($s: ID!) { estimateAudience(rule: {inSegment: {segmentId: $s}}) "
         "{ total userErrors { field message code } } }", {"s": seg_b}),
    ]
    for journey in (j_b, j_hq):
        for verb in ("journeyPause", "journeyResume", "journeyStop"):
            docs.append((f"mutation($id: ID!) {{ {verb}(id: $id) {{ journey {{ status }} {UE} }} }}", {"id": journey}))
    for role in ("company_admin", "store_manager", "guide", "partner"):
        for doc, variables in docs:
            body = await _as(app, w, role, doc, variables)
            # then each is refused, nothing of B is shown, and nothing changes
            _clean(body)
            data = body.get("data") or {}
            payload = next(iter(data.values()), None) if data else None
            if not body.get("errors"):
                assert payload and payload.get("userErrors"), (role, doc, body)
                assert payload.get("total") is None, (role, doc, body)
    assert await Segment.all().count() == segments
    assert await Segment.filter(id=w.ids["seg_b"]).exists()
    assert {k: (await Journey.get(id=w.ids[k])).status for k in status} == status
