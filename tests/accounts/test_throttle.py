"""Login throttling: failed logins are counted in Redis per username and per client address."""

from __future__ import annotations

from datetime import timedelta

import httpx

from api.accounts.models import Role, Session, User
from api.accounts.services import create_user
from api.core import clock
from tests.factories import dt

NOW = dt("2024-06-01T04:00:00")
LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
             viewer { name } userErrors { field message code } } }"""


def _browser(app, ip: str = "203.0.113.7") -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    """A browser on the admin's own origin, calling from ``ip``."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(ip, 40000)),
        base_url="http://testserver",
        headers={"Origin": "http://testserver"},
    )


async def _login(client: httpx.AsyncClient, username: str, password: str) -> tuple[dict, httpx.Response]:
    r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": password}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body.get("errors"), body
    return body["data"]["login"], r


def _code(out: dict) -> str | None:
    return out["userErrors"][0]["code"] if out["userErrors"] else None


async def test_thirty_wrong_passwords_lock_the_user_and_the_right_one_waits_for_the_lock(app, redis) -> None:
    # given a user and a frozen clock
    clock.set_now(NOW)
    await create_user("boss", "correct-horse", Role.ADMIN)

    async with _browser(app) as client:
        # when 30 wrong passwords are tried at once
        codes = [_code((await _login(client, "boss", f"guess-{i}"))[0]) for i in range(30)]

        # then the first five are checked and every later one is refused as THROTTLED
        assert codes[:5] == ["INVALID_CREDENTIALS"] * 5
        assert codes[5:] == ["THROTTLED"] * 25

        # and the right password is refused too while the lock lasts, with the wait in the message
        out, r = await _login(client, "boss", "correct-horse")
        assert _code(out) == "THROTTLED"
        assert out["viewer"] is None
        assert "1 s" in out["userErrors"][0]["message"]
        assert r.headers["retry-after"] == "1"
        assert await Session.all().count() == 0

        # when the clock moves past the lock, the right password works
        clock.advance(timedelta(seconds=1, milliseconds=1))
        out, r = await _login(client, "boss", "correct-horse")
        assert out["userErrors"] == []
        assert out["viewer"]["name"] == "boss"
        assert await Session.all().count() == 1

        # and the success reset the user's counter: four more failures start no lock
        codes = [_code((await _login(client, "boss", f"again-{i}"))[0]) for i in range(4)]
        assert codes == ["INVALID_CREDENTIALS"] * 4
        assert _code((await _login(client, "boss", "correct-horse"))[0]) is None


async def test_backoff_doubles_with_each_failure_after_the_limit_up_to_fifteen_minutes(app, redis) -> None:
    # given a user with five failures: locked for 1 s
    clock.set_now(NOW)
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _browser(app) as client:
        for i in range(5):
            await _login(client, "boss", f"guess-{i}")

        # when each lock is waited out and one more wrong password is tried, the lock doubles
        waits = []
        for i in range(12):
            out, r = await _login(client, "boss", "still-wrong")
            assert _code(out) == "THROTTLED"
            waits.append(int(r.headers["retry-after"]))
            clock.advance(timedelta(seconds=waits[-1]))
            assert _code((await _login(client, "boss", f"guess-after-{i}"))[0]) == "INVALID_CREDENTIALS"

        # then the waits were 1, 2, 4 … seconds, capped at 15 minutes
        assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]

    # and failures older than 15 minutes no longer count
    clock.advance(timedelta(minutes=31))
    async with _browser(app) as client:
        assert _code((await _login(client, "boss", "correct-horse"))[0]) is None


async def test_an_address_spraying_many_usernames_is_throttled_but_others_are_not(app, redis) -> None:
    # given real users and an address trying 20 different unknown usernames
    clock.set_now(NOW)
    await create_user("alice", "correct-horse", Role.ADMIN)
    async with _browser(app, ip="198.51.100.9") as sprayer:
        codes = [_code((await _login(sprayer, f"user{i}", "password1"))[0]) for i in range(20)]
        assert codes == ["INVALID_CREDENTIALS"] * 20

        # when it tries once more, even with a real user's right password, it is refused
        out, _ = await _login(sprayer, "alice", "correct-horse")
        assert _code(out) == "THROTTLED"

    # then a user at another address logs in normally
    async with _browser(app, ip="192.0.2.44") as office:
        out, _ = await _login(office, "alice", "correct-horse")
        assert out["userErrors"] == []
    assert (await User.get(username="alice")).last_login_at == NOW


async def test_usernames_are_throttled_whatever_their_case_or_spaces(app, redis) -> None:
    # given five failures spread over spellings of one username
    clock.set_now(NOW)
    await create_user("boss", "correct-horse", Role.ADMIN)
    async with _browser(app) as client:
        for name in ("boss", "BOSS", " Boss", "boss ", "bOsS"):
            await _login(client, name, "wrong-password")
        # then the username is locked
        assert _code((await _login(client, "boss", "correct-horse"))[0]) == "THROTTLED"
