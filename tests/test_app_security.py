"""The app's defences: production by default, a secret key that signs the session cookie, cookie
POSTs only from trusted origins, GET never mutating, and errors masked by an allow-list."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from typer.testing import CliRunner

from api.accounts import services as accounts
from api.accounts.models import Role, Session
from api.accounts.services import create_token, create_user
from api.cli import app as cli_app
from api.core import signing
from api.core.config import DEV_SECRET_KEY, ConfigError, Settings, reset_settings
from api.members.models import Member
from tests.factories import GraphQLClient, make_token

KEY = "k" * 24 + "-production-secret-key-for-tests"
CREATE = 'mutation { memberCreate(input: {name: "伪造"}) { member { id } userErrors { code } } }'
LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
             viewer { name } userErrors { code } } }"""


def _client(app, **headers: str) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=headers)


async def _session_cookie() -> str:
    """A logged-in admin's cookie value (signed with the current key)."""
    await create_user("boss", "correct-horse", Role.ADMIN)
    secret, _ = await accounts.login("boss", "correct-horse")
    return accounts.session_cookie_value(secret)


def _multipart(query: str) -> dict[str, tuple[None, str]]:
    """A GraphQL multipart request, as an HTML form can send one without a CORS preflight."""
    return {"operations": (None, json.dumps({"query": query, "variables": {}})), "map": (None, "{}")}


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Production mode with a proper secret key, for one test."""
    monkeypatch.setenv("RAPPORT_ENV", "production")
    monkeypatch.setenv("RAPPORT_SECRET_KEY", KEY)
    reset_settings()
    yield
    monkeypatch.undo()
    reset_settings()


# --- cross-site requests with the cookie ----------------------------------------------------------


async def test_cross_origin_multipart_post_with_the_cookie_is_refused_and_creates_nothing(app, redis) -> None:
    # given a logged-in admin's cookie
    cookie = await _session_cookie()

    # when another site's form posts a memberCreate with it (multipart, the cookie attached)
    async with _client(app, Origin="https://evil.example") as evil:
        evil.cookies.set(accounts.SESSION_COOKIE, cookie)
        r = await evil.post("/graphql", files=_multipart(CREATE))

    # then it is refused with a JSON reason, and no member exists
    assert r.status_code == 403
    assert r.json()["error"] == "forbidden_origin"
    assert "Origin" in r.json()["message"]
    assert await Member.all().count() == 0

    # when the admin's own page sends the same request, it works
    async with _client(app, Origin="http://testserver") as own:
        own.cookies.set(accounts.SESSION_COOKIE, cookie)
        r = await own.post("/graphql", files=_multipart(CREATE))
    assert r.status_code == 200, r.text
    assert r.json()["data"]["memberCreate"]["userErrors"] == []
    assert await Member.all().count() == 1


async def test_cookie_post_without_origin_needs_the_client_header(app, redis) -> None:
    cookie = await _session_cookie()
    body = {"query": "{ viewer { name } }"}
    # given no Origin header: refused without X-Rapport-Client, accepted with it
    async with _client(app) as bare:
        bare.cookies.set(accounts.SESSION_COOKIE, cookie)
        assert (await bare.post("/graphql", json=body)).status_code == 403
    async with _client(app, **{"X-Rapport-Client": "admin"}) as spa:
        spa.cookies.set(accounts.SESSION_COOKIE, cookie)
        r = await spa.post("/graphql", json=body)
    assert r.json()["data"]["viewer"] == {"name": "boss"}


async def test_bearer_requests_and_listed_origins_are_not_affected(app, redis, monkeypatch) -> None:
    # given a token: a foreign Origin does not matter to bearer-authenticated requests
    secret = await make_token()
    async with _client(app, Origin="https://partner.example", Authorization=f"Bearer {secret}") as partner:
        r = await partner.post("/graphql", json={"query": CREATE})
    assert r.json()["data"]["memberCreate"]["userErrors"] == []

    # and an origin listed in RAPPORT_CORS_ORIGINS may send the cookie
    cookie = await _session_cookie()
    monkeypatch.setenv("RAPPORT_CORS_ORIGINS", "https://admin.example.com, https://other.example")
    reset_settings()
    try:
        from api.app import create_app

        listed_app = create_app(manage_db=False)
    finally:
        monkeypatch.delenv("RAPPORT_CORS_ORIGINS")
        reset_settings()
    cases = (("https://admin.example.com", 200), ("https://admin.example.com:443", 200), ("https://x.example", 403))
    for origin, status in cases:
        async with _client(listed_app, Origin=origin) as client:
            client.cookies.set(accounts.SESSION_COOKIE, cookie)
            assert (await client.post("/graphql", json={"query": "{ viewer { name } }"})).status_code == status, origin


async def test_a_foreign_origin_cannot_log_a_browser_in(app, redis) -> None:
    # given a user; when another site posts a login form (no cookie yet: login CSRF)
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _client(app, Origin="https://evil.example") as evil:
        r = await evil.post("/graphql", json={"query": LOGIN, "variables": {"u": "boss", "p": "correct-horse"}})
    # then it is refused and no session exists
    assert r.status_code == 403
    assert await Session.all().count() == 0


# --- GET never mutates ----------------------------------------------------------------------------


async def test_get_never_runs_a_mutation(app, redis) -> None:
    # given a token and a cookie that may create members
    secret = await make_token()
    cookie = await _session_cookie()
    async with _client(app, Authorization=f"Bearer {secret}") as token_client:
        r_token = await token_client.get("/graphql", params={"query": CREATE})
    async with _client(app, Origin="http://testserver") as cookie_client:
        cookie_client.cookies.set(accounts.SESSION_COOKIE, cookie)
        r_cookie = await cookie_client.get("/graphql", params={"query": CREATE})
        # a query over GET still works
        r_query = await cookie_client.get("/graphql", params={"query": "{ viewer { name } }"})

    # then both mutations are refused and nothing was created
    for r in (r_token, r_cookie):
        assert r.status_code in (400, 405), r.text
        assert "not allowed" in r.text
    assert await Member.all().count() == 0
    assert r_query.json()["data"]["viewer"] == {"name": "boss"}


# --- the secret key and the session cookie --------------------------------------------------------


async def test_session_cookie_is_signed_and_a_bad_signature_is_ignored(app, redis) -> None:
    # given a session; its cookie is the secret, a dot and the HMAC
    await create_user("boss", "correct-horse", Role.ADMIN)
    secret, _ = await accounts.login("boss", "correct-horse")
    good = accounts.session_cookie_value(secret)
    assert good.startswith(secret + ".")
    forged = [
        secret,  # the bare secret
        secret + ".AAAA",  # a made-up signature
        signing.sign(secret, "session", key="another-key-" + "x" * 32),  # signed with another key
        signing.sign(secret, "receipt"),  # signed for another purpose
    ]

    # then only the signed cookie authenticates
    async with _client(app, Origin="http://testserver") as client:
        for value, expected in [(good, {"name": "boss"}), *[(f, None) for f in forged]]:
            client.cookies.set(accounts.SESSION_COOKIE, value)
            r = await client.post("/graphql", json={"query": "{ viewer { name } }"})
            assert r.json()["data"]["viewer"] == expected, value


def test_signing_round_trip_with_purposes() -> None:
    signed = signing.sign("poster-42", "poster")
    assert signing.unsign(signed, "poster") == "poster-42"
    assert signing.unsign(signed, "receipt") is None
    assert signing.unsign(signed[:-1] + ("A" if signed[-1] != "A" else "B"), "poster") is None
    assert signing.unsign("no-dot", "poster") is None
    assert signing.unsign("", "poster") is None


def test_production_is_the_default_and_refuses_a_missing_or_weak_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # given no RAPPORT_ENV and no key: production, and start-up is refused with a clear message
    monkeypatch.delenv("RAPPORT_ENV", raising=False)
    monkeypatch.delenv("RAPPORT_SECRET_KEY", raising=False)
    settings = Settings.from_env()
    assert settings.production
    with pytest.raises(ConfigError, match="RAPPORT_SECRET_KEY is not set"):
        settings.check_startup()

    # a short key or the development default is refused too; a long one is accepted
    for key, message in (("short", "only 5 characters"), (DEV_SECRET_KEY, "not set")):
        monkeypatch.setenv("RAPPORT_SECRET_KEY", key)
        with pytest.raises(ConfigError, match=message):
            Settings.from_env().check_startup()
    monkeypatch.setenv("RAPPORT_SECRET_KEY", KEY)
    Settings.from_env().check_startup()

    # and development and test need no key; anything else is production
    monkeypatch.delenv("RAPPORT_SECRET_KEY")
    for env, production in (("development", False), ("test", False), ("staging", True), ("Production", True)):
        monkeypatch.setenv("RAPPORT_ENV", env)
        assert Settings.from_env().production is production, env
    monkeypatch.setenv("RAPPORT_ENV", "development")
    Settings.from_env().check_startup()


def test_create_app_and_rapport_serve_refuse_to_start_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.app import create_app

    # given the environment of a fresh machine: nothing set
    monkeypatch.delenv("RAPPORT_ENV", raising=False)
    monkeypatch.delenv("RAPPORT_SECRET_KEY", raising=False)
    reset_settings()
    try:
        # when the app is built or the server started, they refuse with the reason
        with pytest.raises(ConfigError, match="RAPPORT_SECRET_KEY"):
            create_app(manage_db=False)
        result = CliRunner().invoke(cli_app, ["serve"])
    finally:
        monkeypatch.undo()
        reset_settings()
    assert result.exit_code == 2
    assert "RAPPORT_SECRET_KEY" in result.output
    assert "will not start" in result.output


async def test_production_cookie_is_secure_and_graphiql_is_off(production: None, db: None, redis) -> None:
    from api.app import create_app

    # given the app in production
    prod_app = create_app(manage_db=False)
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _client(prod_app, Origin="http://testserver", Accept="text/html") as client:
        # when a user logs in, the session cookie is Secure and HTTP-only
        r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "boss", "p": "correct-horse"}})
        set_cookie = r.headers["set-cookie"].lower()
        assert "secure" in set_cookie and "httponly" in set_cookie

        # and there is no GraphiQL page
        page = await client.get("/graphql")
        assert "graphiql" not in page.text.lower()


async def test_graphiql_is_served_outside_production(app) -> None:
    async with _client(app, Accept="text/html") as dev:
        assert "graphiql" in (await dev.get("/graphql")).text.lower()


# --- error masking --------------------------------------------------------------------------------


async def test_production_masks_unexpected_errors_but_not_rapports_own(
    production: None, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.app import create_app
    from api.members import services as member_services

    prod_app = create_app(manage_db=False)
    admin = await make_token(Role.ADMIN)
    reader, _ = await create_token("no-members", Role.ADMIN, scopes=["segments:read"])

    async with GraphQLClient(prod_app, admin) as client:
        # an ArgumentError names the argument
        body = await client.raw('{ members(storeIds: ["not-an-id"]) { totalCount } }')
        assert "storeIds" in body["errors"][0]["message"]

        # a validation error is shown as it is
        body = await client.raw("{ members { noSuchField } }")
        assert "noSuchField" in body["errors"][0]["message"]

    # a DomainError (missing scope) and Unauthenticated are shown
    async with GraphQLClient(prod_app, reader) as client:
        body = await client.raw("{ members { totalCount } }")
        assert "members:read" in body["errors"][0]["message"]
    async with GraphQLClient(prod_app, None) as anonymous:
        body = await anonymous.raw("{ members { totalCount } }")
        assert "Authentication required" in body["errors"][0]["message"]

    # an unexpected exception (here a ValueError, once let through) is masked
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("could not connect to 10.1.2.3:5432 as rapport_admin")

    monkeypatch.setattr(member_services, "list_members", broken)
    async with GraphQLClient(prod_app, admin) as client:
        body = await client.raw("{ members { totalCount } }")
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "10.1.2.3" not in json.dumps(body)
