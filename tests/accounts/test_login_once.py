"""One ``login`` per document: aliases cannot turn one request into thirty password guesses."""

from __future__ import annotations

import httpx

from api.accounts.models import Role, Session, User
from api.accounts.services import create_user


def _browser(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers={"Origin": "http://testserver"}
    )


def _aliased(n: int, password: str = "guess") -> str:
    fields = " ".join(
        f'a{i}: login(input: {{username: "boss", password: "{password}{i}"}}) {{ userErrors {{ code }} }}'
        for i in range(n)
    )
    return f"mutation {{ {fields} }}"


async def _keys(redis) -> list[bytes]:  # type: ignore[no-untyped-def]
    return [k async for k in redis.scan_iter("login:*")]


async def test_thirty_aliased_logins_are_refused_before_anything_runs(app, redis) -> None:
    # given a user
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _browser(app) as client:
        # when one document holds 30 aliased login fields (the last with the right password)
        right = 'ok: login(input: {username: "boss", password: "correct-horse"}) { userErrors { code } }'
        query = _aliased(29)[:-2] + f" {right} }}"
        body = (await client.post("/graphql", json={"query": query})).json()

        # then the document is refused as a whole: no data, a validation error, nothing checked
        assert body.get("data") is None
        assert any("only once" in e["message"] for e in body["errors"])
        assert await Session.all().count() == 0
        assert (await User.get(username="boss")).last_login_at is None
        assert await _keys(redis) == []  # not even a failure was counted


async def test_two_logins_through_fragments_are_refused_and_one_is_fine(app, redis) -> None:
    await create_user("boss", "correct-horse", Role.ADMIN)
    twice = """
      mutation { ...A ...B }
      fragment A on Mutation { login(input: {username: "boss", password: "correct-horse"}) { userErrors { code } } }
      fragment B on Mutation { again: login(input: {username: "boss", password: "x"}) { userErrors { code } } }
    """
    once = """
      mutation { ...A ...A }
      fragment A on Mutation { login(input: {username: "boss", password: "correct-horse"}) { userErrors { code } } }
    """
    async with _browser(app) as client:
        # when login appears twice through fragments, the document is refused
        body = (await client.post("/graphql", json={"query": twice})).json()
        assert body.get("data") is None and body["errors"]
        assert await Session.all().count() == 0

        # when one fragment with one login is spread twice, it is one login and it runs once
        body = (await client.post("/graphql", json={"query": once})).json()
        assert body.get("errors") is None, body
        assert body["data"]["login"]["userErrors"] == []
        assert await Session.all().count() == 1


async def test_a_batch_of_logins_is_not_a_way_around(app, redis) -> None:
    # given a user; when a JSON array of two login operations is posted
    await create_user("boss", "correct-horse", Role.ADMIN)
    one = {"query": _aliased(1)}
    async with _browser(app) as client:
        r = await client.post("/graphql", json=[one, one])
    # then it is refused (batching is off) and no password was checked
    assert r.status_code == 400
    assert await _keys(redis) == []
