"""argon2 runs in worker threads: a login being verified does not stall other requests."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from api.accounts import services
from api.accounts.models import Role, User
from api.accounts.services import create_user, set_password

LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
             viewer { name } userErrors { code } } }"""


class _GatedHasher(PasswordHasher):
    """The real argon2 hasher, which records the thread of each call and holds ``verify`` at a gate.

    The gate lets the test act *while* a password is being verified; if verification ran on the
    event loop, the loop would be frozen at the gate and nothing else could be answered meanwhile.
    """

    def __init__(self) -> None:
        super().__init__()
        self.verifying = threading.Event()
        self.release = threading.Event()
        self.threads: list[tuple[str, int]] = []

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.threads.append(("hash", threading.get_ident()))
        return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.threads.append(("verify", threading.get_ident()))
        self.verifying.set()
        self.release.wait(timeout=20)
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> _GatedHasher:
    gated = _GatedHasher()
    monkeypatch.setattr(services, "_hasher", gated)
    return gated


async def test_healthz_is_answered_while_a_login_is_being_verified(app, redis, hasher: _GatedHasher) -> None:
    # given a user
    hasher.release.set()
    await create_user("boss", "correct-horse", Role.ADMIN)
    hasher.release.clear()
    finished: list[str] = []

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers={"Origin": "http://testserver"}
    ) as client:

        async def login() -> dict[str, Any]:
            r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "boss", "p": "correct-horse"}})
            finished.append("login")
            return r.json()

        async def healthz() -> int:
            # wait (off the loop) until the login is inside argon2, then ask for /healthz
            assert await asyncio.to_thread(hasher.verifying.wait, 20)
            r = await client.get("/healthz")
            finished.append("healthz")
            hasher.release.set()
            return r.status_code

        # when both run concurrently
        login_body, health = await asyncio.gather(login(), healthz())

    # then /healthz was answered while the password was still being verified, and the login worked
    assert health == 200
    assert finished == ["healthz", "login"]
    assert login_body["data"]["login"] == {"viewer": {"name": "boss"}, "userErrors": []}


async def test_hashing_and_verifying_run_off_the_event_loop_thread(app, redis, hasher: _GatedHasher) -> None:
    # given the gate open: only the threads are of interest here
    hasher.release.set()
    loop_thread = threading.get_ident()

    # when a user is created, logs in (right and wrong password) and changes their password
    user = await create_user("boss", "correct-horse", Role.ADMIN)
    assert (await services.login("boss", "correct-horse"))[1].id == user.id
    with pytest.raises(services.DomainError):
        await services.login("boss", "wrong-horse")
    with pytest.raises(services.DomainError):
        await services.login("nobody", "correct-horse")
    await set_password(user, "battery-staple")

    # then every argon2 call ran in a worker thread, and the new password works
    kinds = [kind for kind, _ in hasher.threads]
    assert kinds == ["hash", "verify", "verify", "verify", "hash"]
    assert all(thread != loop_thread for _, thread in hasher.threads)
    assert (await services.login("boss", "battery-staple"))[1].id == user.id
    assert (await User.get(id=user.id)).password_hash.startswith("$argon2")
