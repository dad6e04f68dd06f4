"""Two companies (A and B) with a store and a guide each, and a caller for every role.

People sign in through the real ``login`` mutation (a session cookie, as in the admin); partners
and the "admin token" caller use bearer tokens.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from api.accounts.models import Role, User
from api.org.models import Guide, RetailCompany, Store
from tests.factories import GraphQLClient, make_company, make_guide, make_store, make_token

PASSWORD = "correct horse battery"
ROLES = ["admin", "company_admin", "store_manager", "guide", "partner", "anonymous"]


@functools.cache
def _password_hash() -> str:
    """PASSWORD hashed once per run: argon2 is slow on purpose, and every world has seven people."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(PASSWORD)


class SessionClient:
    """A signed-in person: logs in with ``login`` and keeps the cookie, like the admin SPA."""

    def __init__(self, app: Any) -> None:
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers={"Origin": "http://testserver", "X-Rapport-Client": "admin"},
        )

    async def login(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        return await self.raw(
            "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) "
            "{ viewer { name role } userErrors { field code } } }",
            {"u": username, "p": password},
        )

    async def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        r = await self.client.post("/graphql", json={"query": query, "variables": variables or {}})
        return r.json()

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self.raw(query, variables)
        assert not body.get("errors"), body.get("errors")
        return body["data"]

    async def aclose(self) -> None:
        await self.client.aclose()


@dataclass
class World:
    a: RetailCompany
    b: RetailCompany
    store_a: Store
    store_a2: Store
    store_b: Store
    guide_a: Guide
    guide_b: Guide
    users: dict[str, int] = field(default_factory=dict)
    callers: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)

    def as_(self, role: str) -> Any:
        return self.callers[role]


async def signed_in(app: Any, username: str) -> SessionClient:
    client = SessionClient(app)
    body = await client.login(username)
    assert body["data"]["login"]["viewer"], body
    return client


@pytest.fixture
async def world(app: Any) -> AsyncIterator[World]:
    a, b = await make_company(name="A", code="A"), await make_company(name="B", code="B")
    store_a, store_a2, store_b = (
        await make_store(a, code="SA"),
        await make_store(a, code="SA2"),
        await make_store(b, code="SB"),
    )
    guide_a, guide_b = await make_guide(store_a, code="GA"), await make_guide(store_b, code="GB")
    w = World(a, b, store_a, store_a2, store_b, guide_a, guide_b)
    people = {
        "admin": dict(role=Role.ADMIN),
        "company_admin": dict(role=Role.COMPANY_ADMIN, company_id=a.id),
        "store_manager": dict(role=Role.STORE_MANAGER, store_ids=[store_a.id]),
        "guide": dict(role=Role.GUIDE, guide_id=guide_a.id),
        "company_admin_b": dict(role=Role.COMPANY_ADMIN, company_id=b.id),
        "store_manager_b": dict(role=Role.STORE_MANAGER, store_ids=[store_b.id]),
        "guide_b": dict(role=Role.GUIDE, guide_id=guide_b.id),
    }
    for username, kw in people.items():
        user = await User.create(username=username, display_name=username, password_hash=_password_hash(), **kw)
        w.users[username] = user.id
    for role in ("admin", "company_admin", "store_manager", "guide"):
        w.callers[role] = await signed_in(app, role)
    w.callers["partner"] = await GraphQLClient(app, await make_token(Role.PARTNER, company_id=a.id)).__aenter__()
    w.callers["admin_token"] = await GraphQLClient(app, await make_token()).__aenter__()
    w.callers["anonymous"] = await GraphQLClient(app).__aenter__()
    yield w
    for caller in w.callers.values():
        if isinstance(caller, SessionClient):
            await caller.aclose()
        else:
            await caller.__aexit__(None, None, None)
