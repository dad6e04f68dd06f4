"""Users (invite, set password, disable, reset, last admin) and API tokens (shown once, hashed,
listed with lastUsedAt to the minute, revoked), with their audit entries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.accounts.models import ApiToken, Session, User
from api.accounts.password_tokens import PasswordToken
from api.audit import services as audit
from api.audit.models import AuditEvent
from api.core import clock
from api.core.viewer import Viewer
from tests.factories import GraphQLClient
from tests.helpers import errors_of, gid
from tests.settings.conftest import SessionClient, World

INVITE = """mutation($input: UserInviteInput!) { userInvite(input: $input) {
  user { id username role active passwordSet stores { code } }
  setPasswordToken setPasswordTokenExpiresAt userErrors { field message code } } }"""
PASSWORD_SET = """mutation($input: UserPasswordSetInput!) { userPasswordSet(input: $input) {
  username userErrors { field message code } } }"""
DISABLE = "mutation($id: ID!) { userDisable(id: $id) { user { id active } userErrors { field message code } } }"
ENABLE = "mutation($id: ID!) { userEnable(id: $id) { user { id active } userErrors { field message code } } }"
RESET = """mutation($id: ID!) { userPasswordReset(id: $id) { user { id passwordSet } setPasswordToken
  userErrors { field message code } } }"""
UPDATE = """mutation($id: ID!, $input: UserUpdateInput!) { userUpdate(id: $id, input: $input) {
  user { id role displayName company { code } stores { code } guide { code } } userErrors { field message code } } }"""
TOKEN_CREATE = """mutation($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) {
  apiToken { id name prefix role scopes active expiresAt company { code } } secret
  userErrors { field message code } } }"""
TOKEN_REVOKE = """mutation($id: ID!) { apiTokenRevoke(id: $id) { apiToken { id active revokedAt }
  userErrors { field code } } }"""
ME = "{ viewer { name role } }"


async def test_invite_then_set_password_once_then_sign_in(world: World, app: Any) -> None:
    # given an admin
    admin = world.as_("admin")
    # when they invite a store manager of store A
    data = await admin(
        INVITE, {"input": {"username": "li.na", "role": "STORE_MANAGER", "storeIds": [gid("Store", world.store_a.id)]}}
    )
    invite = data["userInvite"]
    # then the user exists without a password, and the token is shown (only its hash is stored)
    assert invite["user"]["passwordSet"] is False and invite["user"]["stores"] == [{"code": "SA"}]
    token = invite["setPasswordToken"]
    assert not await PasswordToken.filter(token_hash=token).exists()
    # and nobody can sign in yet
    newcomer = SessionClient(app)
    assert (await newcomer.login("li.na", "anything-at-all"))["data"]["login"]["viewer"] is None
    # when the invitee sets a password with the token (anonymous)
    anon = world.as_("anonymous")
    short = await anon(PASSWORD_SET, {"input": {"token": token, "password": "short"}})
    done = await anon(PASSWORD_SET, {"input": {"token": token, "password": "a good password"}})
    again = await anon(PASSWORD_SET, {"input": {"token": token, "password": "another password"}})
    # then a short password is refused (token still good), the first good one works, the second use is refused
    assert errors_of(short["userPasswordSet"]) == [(["input", "password"], "INVALID")]
    assert done["userPasswordSet"] == {"username": "li.na", "userErrors": []}
    assert errors_of(again["userPasswordSet"]) == [(["input", "token"], "INVALID")]
    # and the invitee signs in with their password, as a store manager
    assert (await newcomer.login("li.na", "a good password"))["data"]["login"]["viewer"]["role"] == "STORE_MANAGER"
    await newcomer.aclose()
    actions = await AuditEvent.all().order_by("id").values_list("action", "actor_kind")
    assert ("user.invite", "user") in actions and ("user.password_set", "anonymous") in actions
    assert all("token" not in str(d) for d in await AuditEvent.all().values_list("details", flat=True))


async def test_set_password_token_expires(world: World) -> None:
    # given an invitation
    data = await world.as_("admin")(INVITE, {"input": {"username": "late", "role": "ADMIN"}})
    token = data["userInvite"]["setPasswordToken"]
    # when it is used 8 days later
    clock.set_now(clock.now() + timedelta(days=8))
    late = await world.as_("anonymous")(PASSWORD_SET, {"input": {"token": token, "password": "a good password"}})
    # then it no longer works
    assert errors_of(late["userPasswordSet"]) == [(["input", "token"], "INVALID")]


async def test_invite_validation(world: World) -> None:
    # given an existing user "guide"
    admin = world.as_("admin")
    # when invites reuse a username (other case), use spaces, give a partner user, or miss the reach
    taken = await admin(INVITE, {"input": {"username": "GUIDE", "role": "ADMIN"}})
    spaces = await admin(INVITE, {"input": {"username": "two words", "role": "ADMIN"}})
    partner = await admin(INVITE, {"input": {"username": "pos", "role": "PARTNER"}})
    no_store = await admin(INVITE, {"input": {"username": "sm", "role": "STORE_MANAGER"}})
    # then each is refused with its path
    assert errors_of(taken["userInvite"]) == [(["input", "username"], "DUPLICATE")]
    assert errors_of(spaces["userInvite"]) == [(["input", "username"], "INVALID")]
    assert errors_of(partner["userInvite"]) == [(["input", "role"], "INVALID")]
    assert errors_of(no_store["userInvite"]) == [(["input", "storeIds"], "REQUIRED")]
    assert not await User.filter(username__in=["two words", "pos", "sm"]).exists()


async def test_company_admin_invites_within_their_company(world: World) -> None:
    # given the company admin of A
    ca = world.as_("company_admin")
    # when they invite a company admin without naming the company, and a guide account for A's guide
    boss = await ca(INVITE, {"input": {"username": "a.boss", "role": "COMPANY_ADMIN"}})
    guide = await ca(
        INVITE, {"input": {"username": "a.guide", "role": "GUIDE", "guideId": gid("Guide", world.guide_a.id)}}
    )
    # then both are created in company A
    assert boss["userInvite"]["userErrors"] == [] and guide["userInvite"]["userErrors"] == []
    assert (await User.get(username="a.boss")).company_id == world.a.id
    assert (await User.get(username="a.guide")).guide_id == world.guide_a.id


async def test_disable_ends_sessions_at_once_and_enable_restores_sign_in(world: World, app: Any) -> None:
    # given the store manager, signed in
    sm = world.as_("store_manager")
    assert (await sm(ME))["viewer"]["role"] == "STORE_MANAGER"
    # when the admin disables them
    data = await world.as_("admin")(DISABLE, {"id": gid("User", world.users["store_manager"])})
    # then their very next request is anonymous, their sessions are gone and they cannot sign in
    assert data["userDisable"]["user"]["active"] is False
    assert (await sm(ME))["viewer"] is None
    assert not await Session.filter(user_id=world.users["store_manager"]).exists()
    assert (await sm.login("store_manager"))["data"]["login"]["viewer"] is None
    # when they are enabled again, they can sign in
    await world.as_("admin")(ENABLE, {"id": gid("User", world.users["store_manager"])})
    assert (await sm.login("store_manager"))["data"]["login"]["viewer"]["role"] == "STORE_MANAGER"
    assert await AuditEvent.filter(action__in=["user.disable", "user.enable"]).count() == 2


async def test_admin_cannot_disable_themself_nor_remove_the_last_admin(world: World) -> None:
    # given a single admin
    admin = world.as_("admin")
    me = gid("User", world.users["admin"])
    # when they disable themself, or demote themself (the last admin)
    self_disable = await admin(DISABLE, {"id": me})
    demote = await admin(
        UPDATE, {"id": me, "input": {"role": "COMPANY_ADMIN", "companyId": gid("RetailCompany", world.a.id)}}
    )
    # then both are refused, and they are still an active admin
    assert errors_of(self_disable["userDisable"]) == [(["id"], "INVALID")]
    assert errors_of(demote["userUpdate"]) == [(["input", "role"], "INVALID")]
    user = await User.get(id=world.users["admin"])
    assert user.active and user.role == "admin"
    # when a second admin exists, the first may be demoted by the second
    second = await User.create(username="admin2", display_name="admin2", password_hash="!x", role="admin")
    demoted = await admin(
        UPDATE, {"id": gid("User", second.id), "input": {"role": "GUIDE", "guideId": gid("Guide", world.guide_a.id)}}
    )
    assert demoted["userUpdate"]["user"]["role"] == "GUIDE" and demoted["userUpdate"]["user"]["guide"]["code"] == "GA"


async def test_password_reset_ends_sessions_and_the_old_password(world: World, app: Any) -> None:
    # given the guide, signed in
    guide = world.as_("guide")
    # when the admin resets their password
    data = await world.as_("admin")(RESET, {"id": gid("User", world.users["guide"])})
    token = data["userPasswordReset"]["setPasswordToken"]
    # then the session ends, the old password stops working, and the token sets a new one
    assert data["userPasswordReset"]["user"]["passwordSet"] is False
    assert (await guide(ME))["viewer"] is None
    assert (await guide.login("guide"))["data"]["login"]["viewer"] is None
    await world.as_("anonymous")(PASSWORD_SET, {"input": {"token": token, "password": "brand new password"}})
    assert (await guide.login("guide", "brand new password"))["data"]["login"]["viewer"]["role"] == "GUIDE"


async def test_token_is_shown_once_works_and_stops_when_revoked(world: World, app: Any) -> None:
    # given an admin
    admin = world.as_("admin")
    # when they create a partner token for A with members:read, expiring in 30 days
    data = await admin(
        TOKEN_CREATE,
        {"input": {"name": "POS", "role": "PARTNER", "companyId": gid("RetailCompany", world.a.id),
                   "scopes": ["events:write", "members:read"], "expiresInDays": 30}},
    )  # fmt: skip
    created = data["apiTokenCreate"]
    secret = created["secret"]
    # then the secret is answered, only its hash is stored, and the token works with those scopes
    assert created["apiToken"]["scopes"] == ["events:write", "members:read"]
    assert created["apiToken"]["company"] == {"code": "A"} and secret.startswith(created["apiToken"]["prefix"])
    row = await ApiToken.get(name="POS")
    assert secret not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    async with GraphQLClient(app, secret) as pos:
        assert (await pos(ME))["viewer"]["role"] == "PARTNER"
        # and the list shows when it was last used, to the minute
        listed = await admin("{ apiTokens(first: 10) { nodes { name lastUsedAt } } }")
        used = {n["name"]: n["lastUsedAt"] for n in listed["apiTokens"]["nodes"]}["POS"]
        assert used is not None and used.endswith(":00+00:00")
        # when it is revoked
        revoked = await admin(TOKEN_REVOKE, {"id": created["apiToken"]["id"]})
        # then it stops working at once
        assert revoked["apiTokenRevoke"]["apiToken"]["active"] is False
        assert (await pos(ME))["viewer"] is None
    actions = await AuditEvent.exclude(action__startswith="login.").order_by("id").values_list("action", flat=True)
    assert actions == ["token.create", "token.revoke"]
    assert secret not in str(await AuditEvent.all().values_list("details", flat=True))


async def test_token_scopes_and_expiry_are_validated(world: World) -> None:
    # when a partner token asks for segments:write and an unknown scope, and expires in 0 days
    data = await world.as_("admin")(
        TOKEN_CREATE,
        {"input": {"name": "x", "role": "PARTNER", "companyId": gid("RetailCompany", world.a.id),
                   "scopes": ["segments:write", "nope"], "expiresInDays": 0}},
    )  # fmt: skip
    # then each is named
    assert errors_of(data["apiTokenCreate"]) == [(["input", "expiresInDays"], "OUT_OF_RANGE")]
    data = await world.as_("admin")(
        TOKEN_CREATE,
        {"input": {"name": "x", "role": "PARTNER", "companyId": gid("RetailCompany", world.a.id),
                   "scopes": ["segments:write", "nope"]}},
    )  # fmt: skip
    assert errors_of(data["apiTokenCreate"]) == [
        (["input", "scopes", "0"], "INVALID"),
        (["input", "scopes", "1"], "INVALID"),
    ]
    assert not await ApiToken.filter(name="x").exists()


async def test_company_admin_creates_partner_tokens_for_their_company(world: World) -> None:
    # when the company admin of A creates a partner token without naming the company
    data = await world.as_("company_admin")(TOKEN_CREATE, {"input": {"name": "A POS", "role": "PARTNER"}})
    # then it is A's partner token
    assert data["apiTokenCreate"]["apiToken"]["company"] == {"code": "A"}
    assert data["apiTokenCreate"]["apiToken"]["role"] == "PARTNER"


async def test_audit_log_filters_newest_first(db: None, gql: Any) -> None:
    # given events by a user, a token, the system and nobody, over three days
    start = clock.now()
    user = Viewer(role="admin", name="Ann", scopes=frozenset(), user_id=7)  # type: ignore[arg-type]
    token = Viewer(role="partner", name="POS", scopes=frozenset(), token_id=9)  # type: ignore[arg-type]
    for day, (viewer, action) in enumerate(
        [(user, "user.invite"), (token, "member.import"), (Viewer.system(), "member.export"), (None, "login.failure")]
    ):
        clock.set_now(start + timedelta(days=day))
        await audit.record(
            viewer, action, target_type="User", target_id=day + 1,
            details={"password": "hunter2", "api_token": "rpt_x", "username": "ann", "nested": {"secret": 1, "ok": 2}},
            ip="10.0.0.1",
        )  # fmt: skip
    clock.set_now(None)
    # when the log is read whole, by prefix, by actor and by time
    q = """query($p: String, $u: ID, $t: ID, $s: DateTime, $e: DateTime) {
      auditLog(actionPrefix: $p, actorUserId: $u, actorTokenId: $t, since: $s, until: $e) {
        totalCount nodes { action actorKind actorName details ip targetId } } }"""
    whole = (await gql(q))["auditLog"]
    prefixed = (await gql(q, {"p": "member."}))["auditLog"]
    by_user = (await gql(q, {"u": gid("User", 7)}))["auditLog"]
    by_token = (await gql(q, {"t": gid("ApiToken", 9)}))["auditLog"]
    window = await gql(q, {"s": (start + timedelta(days=1)).isoformat(), "e": (start + timedelta(days=3)).isoformat()})
    # then newest first, filtered, with secrets dropped from details
    assert [n["action"] for n in whole["nodes"]] == ["login.failure", "member.export", "member.import", "user.invite"]
    assert [n["actorKind"] for n in whole["nodes"]] == ["ANONYMOUS", "SYSTEM", "TOKEN", "USER"]
    assert whole["nodes"][3]["details"] == {"username": "ann", "nested": {"ok": 2}}
    assert whole["nodes"][3]["targetId"] == gid("User", 1) and whole["nodes"][3]["ip"] == "10.0.0.1"
    assert [n["action"] for n in prefixed["nodes"]] == ["member.export", "member.import"]
    assert [n["actorName"] for n in by_user["nodes"]] == ["Ann"]
    assert [n["actorName"] for n in by_token["nodes"]] == ["POS"]
    assert [n["action"] for n in window["auditLog"]["nodes"]] == ["member.export", "member.import"]
