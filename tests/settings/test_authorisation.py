"""Every new settings root field, per role, against data in companies A and B.

Outcomes: ``allowed`` (the object comes back, no userErrors), ``denied`` (a PERMISSION_DENIED
userError for mutations; null plus a PERMISSION_DENIED error for queries), ``unauthenticated`` (a
top-level error, no data), and for reach: ``not_found`` (B's record, asked by someone of A).
The ``EXPECTED`` table is what the schema-wide authorisation matrix gets for these fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.accounts.models import ApiToken, Role, User
from api.accounts.services import create_token
from api.loyalty.models import CardProduct, Tier
from api.orders.models import Product
from api.org.models import Guide, RetailCompany, Store
from tests.factories import make_card_product, make_product, make_tier
from tests.helpers import gid
from tests.settings.conftest import ROLES, World

A, D, U = "allowed", "denied", "unauthenticated"
ADMIN_ONLY = {"admin": A, "company_admin": D, "store_manager": D, "guide": D, "partner": D, "anonymous": U}
COMPANY = {"admin": A, "company_admin": A, "store_manager": D, "guide": D, "partner": D, "anonymous": U}
STORES = {"admin": A, "company_admin": A, "store_manager": A, "guide": D, "partner": D, "anonymous": U}

EXPECTED: dict[str, dict[str, str]] = {
    "retailCompanyCreate": ADMIN_ONLY,
    "retailCompanyUpdate": ADMIN_ONLY,
    "storeCreate": COMPANY,  # company admin: in their company (else not_found)
    "storeUpdate": COMPANY,  # company admin: their company's stores (else not_found)
    "guideCreate": STORES,  # company admin: their company; store manager: their stores (else not_found)
    "guideUpdate": STORES,
    "tierCreate": ADMIN_ONLY,
    "tierUpdate": ADMIN_ONLY,
    "productCreate": ADMIN_ONLY,
    "productUpdate": ADMIN_ONLY,
    "cardProductCreate": ADMIN_ONLY,
    "cardProductUpdate": ADMIN_ONLY,
    "userInvite": COMPANY,  # company admin: company admin / store manager / guide within A
    "userUpdate": COMPANY,  # company admin: A's users (else not_found)
    "userDisable": COMPANY,
    "userEnable": COMPANY,
    "userPasswordReset": COMPANY,
    "userPasswordSet": {r: "open" for r in ROLES},  # anyone with a valid token, signed in or not
    "apiTokenCreate": COMPANY,  # company admin: partner tokens of A only
    "apiTokenRevoke": COMPANY,  # company admin: A's partner tokens (else not_found)
    # queries
    "retailCompanies": {r: ("scoped" if r != "admin" else A) for r in ROLES} | {"anonymous": U},
    "users": {**COMPANY, "company_admin": "scoped"},
    "apiTokens": {**COMPANY, "company_admin": "scoped"},
    "auditLog": ADMIN_ONLY,
}

ERRS = "userErrors { field code }"


def _doc(field: str, args: str, returns: str, arg_types: str) -> str:
    return f"mutation({arg_types}) {{ r: {field}({args}) {{ {returns} {ERRS} }} }}"


# field -> (document, variables for a role given the world, the payload's object field)
Case = tuple[str, Callable[[World, str], dict[str, Any]], str]


def _in(**kw: Any) -> Callable[[World, str], dict[str, Any]]:
    """Variables whose string values are formatted with the world and the role."""

    def make(w: World, role: str) -> dict[str, Any]:
        return {k: (v(w, role) if callable(v) else v) for k, v in kw.items()}

    return make


CASES: dict[str, Case] = {
    "retailCompanyCreate": (
        _doc("retailCompanyCreate", "input: $input", "retailCompany { id }", "$input: RetailCompanyCreateInput!"),
        _in(input=lambda w, r: {"name": f"New {r}", "code": f"N-{r}"}),
        "retailCompany",
    ),
    "retailCompanyUpdate": (
        _doc(
            "retailCompanyUpdate",
            "id: $id, input: $input",
            "retailCompany { id }",
            "$id: ID!, $input: RetailCompanyUpdateInput!",
        ),
        _in(id=lambda w, r: gid("RetailCompany", w.a.id), input=lambda w, r: {"name": f"A by {r}"}),
        "retailCompany",
    ),
    "storeCreate": (
        _doc("storeCreate", "input: $input", "store { id }", "$input: StoreCreateInput!"),
        _in(input=lambda w, r: {"companyId": gid("RetailCompany", w.a.id), "name": "S", "code": f"S-{r}"}),
        "store",
    ),
    "storeUpdate": (
        _doc("storeUpdate", "id: $id, input: $input", "store { id }", "$id: ID!, $input: StoreUpdateInput!"),
        _in(id=lambda w, r: gid("Store", w.store_a.id), input={"city": "杭州"}),
        "store",
    ),
    "guideCreate": (
        _doc("guideCreate", "input: $input", "guide { id }", "$input: GuideCreateInput!"),
        _in(input=lambda w, r: {"storeId": gid("Store", w.store_a.id), "name": "新导购", "code": f"G-{r}"}),
        "guide",
    ),
    "guideUpdate": (
        _doc("guideUpdate", "id: $id, input: $input", "guide { id }", "$id: ID!, $input: GuideUpdateInput!"),
        _in(id=lambda w, r: gid("Guide", w.guide_a.id), input={"phone": "13800000000"}),
        "guide",
    ),
    "tierCreate": (
        _doc("tierCreate", "input: $input", "tier { id }", "$input: TierCreateInput!"),
        _in(
            input=lambda w, r: {
                "name": f"T-{r}",
                "level": 10 + ROLES.index(r),
                "threshold": 1000 * (1 + ROLES.index(r)),
            }
        ),
        "tier",
    ),
    "tierUpdate": (
        _doc("tierUpdate", "id: $id, input: $input", "tier { id }", "$id: ID!, $input: TierUpdateInput!"),
        _in(id=lambda w, r: gid("Tier", w.extra["tier"]), input=lambda w, r: {"name": f"Gold {r}"}),
        "tier",
    ),
    "productCreate": (
        _doc("productCreate", "input: $input", "product { id }", "$input: ProductCreateInput!"),
        _in(input=lambda w, r: {"sku": f"P-{r}", "name": "P", "kind": "GOODS", "category": "护肤", "price": "9.90"}),
        "product",
    ),
    "productUpdate": (
        _doc("productUpdate", "id: $id, input: $input", "product { id }", "$id: ID!, $input: ProductUpdateInput!"),
        _in(id=lambda w, r: gid("Product", w.extra["product"]), input={"price": "12.00"}),
        "product",
    ),
    "cardProductCreate": (
        _doc("cardProductCreate", "input: $input", "cardProduct { id }", "$input: CardProductCreateInput!"),
        _in(input={"name": "10次卡", "kind": "PUNCH", "price": "500", "totalUses": 10}),
        "cardProduct",
    ),
    "cardProductUpdate": (
        _doc(
            "cardProductUpdate",
            "id: $id, input: $input",
            "cardProduct { id }",
            "$id: ID!, $input: CardProductUpdateInput!",
        ),
        _in(id=lambda w, r: gid("CardProduct", w.extra["card_product"]), input={"validityDays": 30}),
        "cardProduct",
    ),
    "userInvite": (
        _doc("userInvite", "input: $input", "user { id }", "$input: UserInviteInput!"),
        _in(
            input=lambda w, r: {
                "username": f"new-{r}",
                "role": "STORE_MANAGER",
                "storeIds": [gid("Store", w.store_a.id)],
            }
        ),
        "user",
    ),
    "userUpdate": (
        _doc("userUpdate", "id: $id, input: $input", "user { id }", "$id: ID!, $input: UserUpdateInput!"),
        _in(id=lambda w, r: gid("User", w.users["store_manager"]), input=lambda w, r: {"displayName": f"by {r}"}),
        "user",
    ),
    "userDisable": (
        _doc("userDisable", "id: $id", "user { id }", "$id: ID!"),
        _in(id=lambda w, r: gid("User", w.extra["spare_user"])),
        "user",
    ),
    "userEnable": (
        _doc("userEnable", "id: $id", "user { id }", "$id: ID!"),
        _in(id=lambda w, r: gid("User", w.extra["spare_user"])),
        "user",
    ),
    "userPasswordReset": (
        _doc("userPasswordReset", "id: $id", "user { id }", "$id: ID!"),
        _in(id=lambda w, r: gid("User", w.extra["spare_user"])),
        "user",
    ),
    "apiTokenCreate": (
        _doc("apiTokenCreate", "input: $input", "apiToken { id }", "$input: ApiTokenCreateInput!"),
        _in(input=lambda w, r: {"name": f"POS {r}", "role": "PARTNER", "companyId": gid("RetailCompany", w.a.id)}),
        "apiToken",
    ),
    "apiTokenRevoke": (
        _doc("apiTokenRevoke", "id: $id", "apiToken { id }", "$id: ID!"),
        _in(id=lambda w, r: gid("ApiToken", w.extra["partner_token"])),
        "apiToken",
    ),
}


async def _extras(w: World) -> None:
    """Records the update/revoke cases act on: a tier, a product, a card, a spare user, a partner token."""
    from api.accounts.services import create_user

    w.extra = {
        "tier": (await make_tier(1, 0, "Gold")).id,
        "product": (await make_product()).id,
        "card_product": (await make_card_product()).id,
        "spare_user": (await create_user("spare", "whatever-123", Role.GUIDE, guide_id=w.guide_a.id)).id,
        "partner_token": (await create_token("POS A", Role.PARTNER, company_id=w.a.id))[1].id,
    }


async def _outcome(caller: Any, doc: str, variables: dict[str, Any]) -> str:
    body = await caller.raw(doc, variables)
    if body.get("errors"):
        assert body.get("data") is None, body
        assert "Authentication required" in body["errors"][0]["message"], body
        return U
    payload = body["data"]["r"]
    codes = {e["code"] for e in payload["userErrors"]}
    if not codes:
        assert payload[list(payload)[0]] is not None, payload
        return A
    if codes == {"PERMISSION_DENIED"}:
        return D
    if codes == {"NOT_FOUND"}:
        return "not_found"
    return "error:" + ",".join(sorted(codes))


async def test_mutations_per_role(world: World) -> None:
    # given companies A and B, a caller of every role, and the records the mutations act on
    await _extras(world)
    got: dict[str, dict[str, str]] = {}
    for field in sorted(CASES):
        doc, variables, _ = CASES[field]
        # when each role calls each mutation on A's data
        got[field] = {role: await _outcome(world.as_(role), doc, variables(world, role)) for role in ROLES}
    # then each gets what the table says
    assert got == {f: EXPECTED[f] for f in CASES}


# Reach: someone of company A asking for B's records gets NOT_FOUND, and nothing changes.
REACH_CASES: list[tuple[str, str, Callable[[World], dict[str, Any]]]] = [
    (
        "storeCreate",
        "company_admin",
        lambda w: {"input": {"companyId": gid("RetailCompany", w.b.id), "name": "x", "code": "X1"}},
    ),
    ("storeUpdate", "company_admin", lambda w: {"id": gid("Store", w.store_b.id), "input": {"name": "x"}}),
    (
        "guideCreate",
        "company_admin",
        lambda w: {"input": {"storeId": gid("Store", w.store_b.id), "name": "x", "code": "X2"}},
    ),
    (
        "guideCreate",
        "store_manager",
        lambda w: {"input": {"storeId": gid("Store", w.store_a2.id), "name": "x", "code": "X3"}},
    ),
    ("guideUpdate", "company_admin", lambda w: {"id": gid("Guide", w.guide_b.id), "input": {"name": "x"}}),
    ("guideUpdate", "store_manager", lambda w: {"id": gid("Guide", w.guide_b.id), "input": {"name": "x"}}),
    (
        "guideUpdate",
        "store_manager",
        lambda w: {"id": gid("Guide", w.guide_a.id), "input": {"storeId": gid("Store", w.store_b.id)}},
    ),
    (
        "userInvite",
        "company_admin",
        lambda w: {"input": {"username": "x1", "role": "GUIDE", "guideId": gid("Guide", w.guide_b.id)}},
    ),
    (
        "userInvite",
        "company_admin",
        lambda w: {"input": {"username": "x2", "role": "COMPANY_ADMIN", "companyId": gid("RetailCompany", w.b.id)}},
    ),
    ("userUpdate", "company_admin", lambda w: {"id": gid("User", w.users["guide_b"]), "input": {"displayName": "x"}}),
    ("userUpdate", "company_admin", lambda w: {"id": gid("User", w.users["admin"]), "input": {"displayName": "x"}}),
    ("userDisable", "company_admin", lambda w: {"id": gid("User", w.users["store_manager_b"])}),
    ("userPasswordReset", "company_admin", lambda w: {"id": gid("User", w.users["company_admin_b"])}),
    (
        "apiTokenCreate",
        "company_admin",
        lambda w: {"input": {"name": "x", "role": "PARTNER", "companyId": gid("RetailCompany", w.b.id)}},
    ),
    ("apiTokenRevoke", "company_admin", lambda w: {"id": gid("ApiToken", w.extra["partner_token_b"])}),
    ("apiTokenRevoke", "company_admin", lambda w: {"id": gid("ApiToken", w.extra["admin_token"])}),
]


async def test_outside_reach_is_not_found_and_writes_nothing(world: World) -> None:
    # given records in company B (and HQ's admin token)
    await _extras(world)
    world.extra["partner_token_b"] = (await create_token("POS B", Role.PARTNER, company_id=world.b.id))[1].id
    world.extra["admin_token"] = (await create_token("HQ", Role.ADMIN))[1].id
    for field, role, variables in REACH_CASES:
        before = await _snapshot()
        # when someone of company A acts on them
        outcome = await _outcome(world.as_(role), CASES[field][0], variables(world))
        # then they are not found, and nothing changed
        assert (field, role, outcome) == (field, role, "not_found")
        assert await _snapshot() == before, (field, role)


async def _snapshot() -> list[Any]:
    return [
        await RetailCompany.all().order_by("id").values(),
        await Store.all().order_by("id").values(),
        await Guide.all().order_by("id").values(),
        await User.all().order_by("id").values("id", "display_name", "role", "active", "password_hash", "company_id"),
        await ApiToken.all().order_by("id").values("id", "revoked_at"),
        await Tier.all().count(),
        await Product.all().count(),
        await CardProduct.all().count(),
    ]


async def test_company_admin_may_grant_only_roles_below_admin_and_tokens_only_to_partners(world: World) -> None:
    # given a company admin of A
    ca = world.as_("company_admin")
    # when they try to invite an admin, and to create a company-admin token
    invite = await ca.raw(CASES["userInvite"][0], {"input": {"username": "boss", "role": "ADMIN"}})
    token = await ca.raw(CASES["apiTokenCreate"][0], {"input": {"name": "x", "role": "COMPANY_ADMIN"}})
    # then both are refused on the role field
    assert invite["data"]["r"]["userErrors"] == [{"field": ["input", "role"], "code": "PERMISSION_DENIED"}]
    assert token["data"]["r"]["userErrors"] == [{"field": ["input", "role"], "code": "PERMISSION_DENIED"}]
    assert not await User.filter(username="boss").exists()


async def test_a_company_admin_token_may_not_manage_settings(world: World, app: Any) -> None:
    # given a token with the company-admin role (an integration, not a person)
    from tests.factories import GraphQLClient

    secret, _ = await create_token("CA integration", Role.COMPANY_ADMIN, company_id=world.a.id)
    async with GraphQLClient(app, secret) as client:
        # when it tries to create a store and a partner token in its own company
        store = await client.raw(CASES["storeCreate"][0], CASES["storeCreate"][1](world, "company_admin"))
        token = await client.raw(CASES["apiTokenCreate"][0], CASES["apiTokenCreate"][1](world, "company_admin"))
    # then both are refused
    assert store["data"]["r"]["userErrors"][0]["code"] == "PERMISSION_DENIED"
    assert token["data"]["r"]["userErrors"][0]["code"] == "PERMISSION_DENIED"


# -- queries ---------------------------------------------------------------------------------------


async def test_retail_companies_per_role(world: World) -> None:
    # given companies A and B
    doc = "{ retailCompanies { code } }"
    # when each role lists companies
    seen = {}
    for role in ROLES:
        body = await world.as_(role).raw(doc)
        seen[role] = None if body.get("errors") else [c["code"] for c in body["data"]["retailCompanies"]]
    # then admins see both, everybody of A only A, anonymous nothing
    assert seen == {
        "admin": ["A", "B"],
        "company_admin": ["A"],
        "store_manager": ["A"],
        "guide": ["A"],
        "partner": ["A"],
        "anonymous": None,
    }


async def _list(caller: Any, field: str, nodes: str) -> list[Any] | str:
    body = await caller.raw(f"{{ {field}(first: 100) {{ totalCount nodes {{ {nodes} }} }} }}")
    if body.get("errors"):
        message = body["errors"][0]["message"]
        if "Authentication required" in message:
            return U
        assert body["data"] == {field: None}, body
        return D
    return sorted(str(n[nodes]) for n in body["data"][field]["nodes"])


async def test_users_per_role(world: World) -> None:
    # given users of A and B
    got = {role: await _list(world.as_(role), "users", "username") for role in ROLES}
    # then admins see all, the company admin of A the users of A, others are refused
    assert got == {
        "admin": sorted(world.users),
        "company_admin": ["company_admin", "guide", "store_manager"],
        "store_manager": D,
        "guide": D,
        "partner": D,
        "anonymous": U,
    }


async def test_api_tokens_per_role(world: World) -> None:
    # given partner tokens of A and B and an admin token (besides the callers' own)
    await create_token("POS A", Role.PARTNER, company_id=world.a.id)
    await create_token("POS B", Role.PARTNER, company_id=world.b.id)
    got = {role: await _list(world.as_(role), "apiTokens", "name") for role in ROLES}
    # then admins see every token, the company admin A's partner tokens, others are refused
    all_names = sorted(await ApiToken.all().values_list("name", flat=True))
    partner_a = sorted(await ApiToken.filter(role=Role.PARTNER, company_id=world.a.id).values_list("name", flat=True))
    assert got == {
        "admin": all_names,
        "company_admin": partner_a,
        "store_manager": D,
        "guide": D,
        "partner": D,
        "anonymous": U,
    }
    assert "POS B" not in partner_a and "POS A" in partner_a


async def test_audit_log_per_role(world: World) -> None:
    # given something in the log
    await world.as_("admin")(CASES["storeUpdate"][0], CASES["storeUpdate"][1](world, "admin"))
    got = {role: await _list(world.as_(role), "auditLog", "action") for role in ROLES}
    # then only admins read it (the world's sign-ins are in it too)
    assert sorted(got.pop("admin")) == ["login.success"] * 4 + ["store.update"]
    assert got == {
        "company_admin": D,
        "store_manager": D,
        "guide": D,
        "partner": D,
        "anonymous": U,
    }


async def test_user_and_token_nodes_are_scoped(world: World) -> None:
    # given a user and a partner token of B, and of A
    _, token_b = await create_token("POS B", Role.PARTNER, company_id=world.b.id)
    _, token_a = await create_token("POS A", Role.PARTNER, company_id=world.a.id)
    ids = {
        "user_a": gid("User", world.users["guide"]),
        "user_b": gid("User", world.users["guide_b"]),
        "token_a": gid("ApiToken", token_a.id),
        "token_b": gid("ApiToken", token_b.id),
    }
    doc = "query($id: ID!) { node(id: $id) { id } }"
    got: dict[str, dict[str, bool]] = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        got[role] = {k: (await world.as_(role)(doc, {"id": v}))["node"] is not None for k, v in ids.items()}
    # then admins see all, the company admin of A only A's, everybody else nothing
    nothing = dict.fromkeys(ids, False)
    assert got == {
        "admin": dict.fromkeys(ids, True),
        "company_admin": {"user_a": True, "user_b": False, "token_a": True, "token_b": False},
        "store_manager": nothing,
        "guide": nothing,
        "partner": nothing,
    }
