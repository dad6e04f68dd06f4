"""Authentication (tokens, login cookie) and role scoping, through GraphQL as a caller sees it."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from api.accounts.models import ApiToken, Role, Session
from api.accounts.services import create_token, create_user, revoke_token
from api.core import clock
from api.core.errors import DomainError
from api.members.models import Member, MemberTag
from api.orders.models import Order
from schema.accounts.schema import SESSION_COOKIE
from tests.factories import (
    GraphQLClient,
    dt,
    make_company,
    make_guide,
    make_member,
    make_product,
    make_store,
    make_token,
)
from tests.helpers import MEMBER_CREATE, MEMBER_TAG, MEMBER_UPDATE, MEMBERS_PAGE, ORDER_RECORD, errors_of, gid, names

NOW = dt("2024-06-01T04:00:00")
LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
             viewer { name role scopes } userErrors { field message code } } }"""
LOGOUT = "mutation { logout { ok userErrors { message } } }"
VIEWER = "{ viewer { name role scopes } }"


def _client(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    """A browser on the admin's own origin (browsers send Origin with every POST)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers={"Origin": "http://testserver"}
    )


async def _post(client: httpx.AsyncClient, query: str, variables: dict | None = None, **kw: object) -> dict:
    r = await client.post("/graphql", json={"query": query, "variables": variables or {}}, **kw)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    return r.json()


# --- no viewer, bad tokens -----------------------------------------------------------------------


async def test_anonymous_gets_no_data_but_a_null_viewer(anon_client) -> None:
    await make_member()
    body = await _post(anon_client, "{ members(first: 5) { totalCount } }")
    assert body["errors"]
    assert "Authentication required" in body["errors"][0]["message"]
    assert not body.get("data")

    body = await _post(anon_client, VIEWER)
    assert body.get("errors") is None
    assert body["data"]["viewer"] is None

    body = await _post(anon_client, MEMBER_CREATE, {"input": {"name": "x"}})
    assert body["errors"]
    assert await Member.all().count() == 1


async def test_token_authenticates_and_the_viewer_says_who(app) -> None:
    secret = await make_token(Role.ADMIN)
    async with GraphQLClient(app, secret) as client:
        viewer = (await client(VIEWER))["viewer"]
    assert viewer["role"] == "ADMIN"
    assert "members:read" in viewer["scopes"]
    assert (await ApiToken.get(prefix=secret[:12])).last_used_at is not None


async def test_bad_revoked_and_expired_tokens_are_unauthenticated(app) -> None:
    # given a valid member page query and three tokens that must not work
    clock.set_now(NOW)
    await make_member()
    revoked, revoked_row = await create_token("revoked", Role.ADMIN)
    await revoke_token(revoked_row.id)
    expiring, _ = await create_token("expiring", Role.ADMIN, expires_in_days=1)

    async def attempt(secret: str) -> dict:
        async with GraphQLClient(app, secret) as client:
            return await client.raw("{ members(first: 1) { totalCount } }")

    # when the expiring token is used within its day, it works
    assert (await attempt(expiring))["data"]["members"]["totalCount"] == 1

    # then a made-up, a revoked and an expired token are refused at the top level
    clock.set_now(NOW + timedelta(days=1, seconds=1))
    for secret in ("rpt_made-up", revoked, expiring, ""):
        body = await attempt(secret)
        assert body["errors"], secret
        assert "Authentication required" in body["errors"][0]["message"]
        async with GraphQLClient(app, secret) as client:
            assert (await client(VIEWER))["viewer"] is None


async def test_token_narrowed_to_read_cannot_write(app) -> None:
    secret, _ = await create_token("reader", Role.ADMIN, scopes=["members:read"])
    async with GraphQLClient(app, secret) as client:
        assert (await client("{ members { totalCount } }"))["members"]["totalCount"] == 0
        out = (await client(MEMBER_CREATE, {"input": {"name": "x"}}))["memberCreate"]
    assert errors_of(out) == [(None, "PERMISSION_DENIED")]
    assert await Member.all().count() == 0


# --- login, cookie, logout -----------------------------------------------------------------------


async def test_login_sets_an_http_only_cookie_that_authenticates_until_logout(app, redis) -> None:
    # given an admin user
    await create_user("boss", "correct-horse", Role.ADMIN, display_name="老板")
    await make_member()
    async with _client(app) as client:
        # when they log in
        r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "boss", "p": "correct-horse"}})
        body = r.json()

        # then the payload names the viewer and an HTTP-only session cookie is set
        assert body["data"]["login"]["userErrors"] == []
        assert body["data"]["login"]["viewer"]["name"] == "老板"
        assert body["data"]["login"]["viewer"]["role"] == "ADMIN"
        set_cookie = r.headers.get("set-cookie", "")
        assert set_cookie.startswith(f"{SESSION_COOKIE}=")
        assert "httponly" in set_cookie.lower()
        assert "samesite=lax" in set_cookie.lower()
        secret = r.cookies[SESSION_COOKIE]
        assert secret
        assert await Session.all().count() == 1

        # and the cookie alone (no token) authenticates the next request
        client.cookies.set(SESSION_COOKIE, secret)
        body = await _post(client, "{ viewer { name } members { totalCount } }")
        assert body["data"]["viewer"]["name"] == "老板"
        assert body["data"]["members"]["totalCount"] == 1

        # when they log out, the session is gone and the cookie is cleared
        r = await client.post("/graphql", json={"query": LOGOUT})
        assert r.json()["data"]["logout"]["ok"] is True
        assert SESSION_COOKIE in r.headers.get("set-cookie", "")
        assert await Session.all().count() == 0

        # then the old cookie no longer authenticates
        client.cookies.set(SESSION_COOKIE, secret)
        body = await _post(client, "{ members { totalCount } }")
        assert body["errors"]
        assert (await _post(client, VIEWER))["data"]["viewer"] is None


async def test_wrong_password_or_unknown_user_is_invalid_credentials(app, redis) -> None:
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _client(app) as client:
        for u, p in (("boss", "wrong-horse"), ("nobody", "correct-horse")):
            r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": u, "p": p}})
            out = r.json()["data"]["login"]
            assert out["viewer"] is None
            assert [e["code"] for e in out["userErrors"]] == ["INVALID_CREDENTIALS"]
            assert SESSION_COOKIE not in r.headers.get("set-cookie", "")
    assert await Session.all().count() == 0


async def test_expired_session_does_not_authenticate(app, redis) -> None:
    clock.set_now(NOW)
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _client(app) as client:
        r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "boss", "p": "correct-horse"}})
        client.cookies.set(SESSION_COOKIE, r.cookies[SESSION_COOKIE])
        assert (await _post(client, VIEWER))["data"]["viewer"] is not None
        clock.set_now(NOW + timedelta(days=400))
        assert (await _post(client, VIEWER))["data"]["viewer"] is None


# --- role scoping --------------------------------------------------------------------------------


async def _org() -> dict[str, object]:
    """Two companies; company A has stores A1 and A2, each with a guide; company B has store B1."""
    ca, cb = await make_company(), await make_company()
    a1, a2, b1 = await make_store(ca), await make_store(ca), await make_store(cb)
    ga1, ga2, gb1 = await make_guide(a1), await make_guide(a2), await make_guide(b1)
    m = {
        "ga1-own": await make_member(name="ga1-own", home_store=a1, guide=ga1),
        "a1-free": await make_member(name="a1-free", home_store=a1),
        "ga2-own": await make_member(name="ga2-own", home_store=a2, guide=ga2),
        "gb1-own": await make_member(name="gb1-own", home_store=b1, guide=gb1),
        "nowhere": await make_member(name="nowhere"),
    }
    return {"companies": (ca, cb), "stores": (a1, a2, b1), "guides": (ga1, ga2, gb1), "members": m}


async def _visible(client: GraphQLClient) -> list[str]:
    return sorted(names((await client(MEMBERS_PAGE, {"first": 100}))["members"]))


async def test_guide_sees_and_changes_only_their_own_members(gql) -> None:
    # given a guide of store A1 with one member, and other guides' members
    org = await _org()
    ga1 = org["guides"][0]  # type: ignore[index]
    members: dict[str, Member] = org["members"]  # type: ignore[assignment]
    own, other = members["ga1-own"], members["ga2-own"]
    token = await make_token(Role.GUIDE, guide_id=ga1.id)

    async with gql.as_token(token) as guide:
        # the list holds only their member, also when filtering for someone else's store
        assert await _visible(guide) == ["ga1-own"]
        page = (await guide(MEMBERS_PAGE, {"storeIds": [gid("Store", other.home_store_id)]}))["members"]
        assert page["totalCount"] == 0

        # member(id) and node(id) of another's member are null; their own is readable
        q = "query($id: ID!) { member(id: $id) { name } node(id: $id) { id } }"
        assert await guide(q, {"id": gid("Member", other.id)}) == {"member": None, "node": None}
        assert (await guide(q, {"id": gid("Member", own.id)}))["member"] == {"name": "ga1-own"}
        unowned = members["a1-free"]
        assert (await guide(q, {"id": gid("Member", unowned.id)}))["member"] is None

        # updating or tagging another's member is NOT_FOUND, and nothing changes
        out = (await guide(MEMBER_UPDATE, {"id": gid("Member", other.id), "input": {"name": "hacked"}}))["memberUpdate"]
        assert errors_of(out) == [(["id"], "NOT_FOUND")]
        out = (await guide(MEMBER_TAG, {"id": gid("Member", other.id), "input": {"add": ["x"]}}))["memberTag"]
        assert errors_of(out) == [(["id"], "NOT_FOUND")]
        assert (await Member.get(id=other.id)).name == "ga2-own"
        assert await MemberTag.all().count() == 0

        # recording an order for another's member is NOT_FOUND too
        product = await make_product()
        out = (
            await guide(
                ORDER_RECORD,
                {"input": {"memberId": gid("Member", other.id), "lines": [{"productId": gid("Product", product.id)}]}},
            )
        )["orderRecord"]
        assert errors_of(out) == [(["input", "memberId"], "NOT_FOUND")]
        assert await Order.all().count() == 0

        # and handing their own member to another guide is refused
        out = (
            await guide(
                MEMBER_UPDATE, {"id": gid("Member", own.id), "input": {"guideId": gid("Guide", other.guide_id)}}
            )
        )["memberUpdate"]
        assert out["member"] is None and out["userErrors"]
        assert {(tuple(f), c) for f, c in errors_of(out)} == {(("input", "guideId"), "PERMISSION_DENIED")}
        assert (await Member.get(id=own.id)).guide_id == ga1.id


async def test_guide_creating_a_member_becomes_its_owner(gql) -> None:
    # given a guide
    clock.set_now(NOW)
    guide = await make_guide()
    token = await make_token(Role.GUIDE, guide_id=guide.id)

    # when the guide creates a member without naming an owner
    async with gql.as_token(token) as as_guide:
        out = (await as_guide(MEMBER_CREATE, {"input": {"name": "新客", "phone": "13812345678"}}))["memberCreate"]

        # then the guide owns the member, is their friend from now, and sees them in the list
        assert out["userErrors"] == []
        assert out["member"]["guide"] == {"id": gid("Guide", guide.id)}
        assert await _visible(as_guide) == ["新客"]
    stored = await Member.get(phone="13812345678")
    assert stored.guide_id == guide.id
    assert stored.guide_friend_since == NOW


async def test_guide_cannot_create_a_member_for_another_guide(gql) -> None:
    guide, other = await make_guide(), await make_guide()
    async with gql.as_token(await make_token(Role.GUIDE, guide_id=guide.id)) as as_guide:
        out = (await as_guide(MEMBER_CREATE, {"input": {"name": "x", "guideId": gid("Guide", other.id)}}))[
            "memberCreate"
        ]
    assert errors_of(out) == [(["input", "guideId"], "PERMISSION_DENIED")]
    assert await Member.all().count() == 0


async def test_store_manager_sees_only_members_of_their_stores(gql) -> None:
    # given a manager of store A1 (a manager's stores belong to one company: B1 with A1 is refused)
    org = await _org()
    a1, _, b1 = org["stores"]  # type: ignore[misc]
    members: dict[str, Member] = org["members"]  # type: ignore[assignment]
    with pytest.raises(DomainError):
        await make_token(Role.STORE_MANAGER, store_ids=[a1.id, b1.id])
    token = await make_token(Role.STORE_MANAGER, store_ids=[a1.id])

    async with gql.as_token(token) as manager:
        # the list holds members of A1 only
        assert await _visible(manager) == ["a1-free", "ga1-own"]
        q = "query($id: ID!) { member(id: $id) { name } node(id: $id) { id } }"
        assert await manager(q, {"id": gid("Member", members["ga2-own"].id)}) == {"member": None, "node": None}
        assert await manager(q, {"id": gid("Member", members["nowhere"].id)}) == {"member": None, "node": None}

        # a member of another store cannot be changed
        out = (await manager(MEMBER_UPDATE, {"id": gid("Member", members["ga2-own"].id), "input": {"name": "x"}}))[
            "memberUpdate"
        ]
        assert errors_of(out) == [(["id"], "NOT_FOUND")]

        # their member cannot be moved to a store outside their reach
        a2 = org["stores"][1]  # type: ignore[index]
        out = (
            await manager(
                MEMBER_UPDATE,
                {"id": gid("Member", members["a1-free"].id), "input": {"homeStoreId": gid("Store", a2.id)}},
            )
        )["memberUpdate"]
        assert [f for f, _ in errors_of(out)] == [["input", "homeStoreId"]] * len(out["userErrors"])
        assert out["userErrors"]
        assert (await Member.get(id=members["a1-free"].id)).home_store_id == a1.id


async def test_single_store_manager_creating_a_member_puts_it_in_their_store(gql) -> None:
    store = await make_store()
    async with gql.as_token(await make_token(Role.STORE_MANAGER, store_ids=[store.id])) as manager:
        out = (await manager(MEMBER_CREATE, {"input": {"name": "店客"}}))["memberCreate"]
        assert out["userErrors"] == []
        assert out["member"]["homeStore"] == {"id": gid("Store", store.id)}
        assert await _visible(manager) == ["店客"]


async def test_company_admin_sees_only_their_company(gql) -> None:
    # given a company admin of company A
    org = await _org()
    ca, cb = org["companies"]  # type: ignore[misc]
    members: dict[str, Member] = org["members"]  # type: ignore[assignment]
    token = await make_token(Role.COMPANY_ADMIN, company_id=ca.id)

    async with gql.as_token(token) as admin:
        # the list holds company A's members only
        assert await _visible(admin) == ["a1-free", "ga1-own", "ga2-own"]
        q = "query($id: ID!) { member(id: $id) { name } }"
        assert (await admin(q, {"id": gid("Member", members["gb1-own"].id)}))["member"] is None

        # a member cannot be created in another company's store
        b1 = org["stores"][2]  # type: ignore[index]
        out = (await admin(MEMBER_CREATE, {"input": {"name": "x", "homeStoreId": gid("Store", b1.id)}}))["memberCreate"]
        assert errors_of(out) == [(["input", "homeStoreId"], "NOT_FOUND")]  # outside reach looks like missing
        assert not await Member.exists(name="x")

    # and the whole-platform admin sees everyone
    async with gql.as_token(await make_token(Role.ADMIN)) as platform:
        assert len(await _visible(platform)) == 5
    assert cb.id != ca.id


async def test_tags_are_counted_within_reach(gql) -> None:
    org = await _org()
    members: dict[str, Member] = org["members"]  # type: ignore[assignment]
    for name in ("ga1-own", "ga2-own", "gb1-own"):
        await MemberTag.create(member=members[name], tag="VIP")
    ga1 = org["guides"][0]  # type: ignore[index]
    async with gql.as_token(await make_token(Role.GUIDE, guide_id=ga1.id)) as guide:
        assert (await guide("{ tags { tag members } }"))["tags"] == [{"tag": "VIP", "members": 1}]
    assert (await gql("{ tags { tag members } }"))["tags"] == [{"tag": "VIP", "members": 3}]
