"""GraphQL over WebSocket: the token travels in the connection_init payload, never in the URL."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from httpx_ws import WebSocketDisconnect, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport

from api.accounts import services as accounts
from api.accounts.models import Role
from api.accounts.services import create_token, create_user, revoke_token

VIEWER = "{ viewer { name role } }"


@asynccontextmanager
async def _socket(app: Any, url: str = "/graphql", protocol: str = "graphql-transport-ws", **headers: str):  # type: ignore[no-untyped-def]
    async with (
        ASGIWebSocketTransport(app=app, initial_receive_timeout=20) as transport,
        httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as client,
        aconnect_ws(url, client, subprotocols=[protocol]) as ws,
    ):
        yield ws


async def _init(ws: Any, payload: dict[str, Any] | None) -> dict[str, Any]:
    await ws.send_json({"type": "connection_init", **({"payload": payload} if payload is not None else {})})
    return await ws.receive_json(timeout=20)


async def _ask(ws: Any, query: str) -> dict[str, Any]:
    await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
    message = await ws.receive_json(timeout=20)
    assert message["type"] == "next", message
    return message["payload"]


def _disconnect(exc: BaseException) -> WebSocketDisconnect:
    """The WebSocketDisconnect inside ``exc`` (the transport's task group may wrap it)."""
    if isinstance(exc, WebSocketDisconnect):
        return exc
    assert isinstance(exc, BaseExceptionGroup), exc
    return _disconnect(exc.exceptions[0])


async def test_token_in_connection_init_authenticates_the_socket(app) -> None:
    # given a partner token
    secret, _ = await create_token("pos", Role.ADMIN)

    # when a socket sends it in the connection_init payload
    async with _socket(app) as ws:
        assert (await _init(ws, {"authorization": f"Bearer {secret}"}))["type"] == "connection_ack"
        # then operations on the socket run as that token
        assert (await _ask(ws, VIEWER))["data"]["viewer"] == {"name": "pos", "role": "ADMIN"}


async def test_token_in_the_url_is_ignored(app) -> None:
    # given a valid token put in the URL, as clients used to
    secret, _ = await create_token("pos", Role.ADMIN)
    async with _socket(app, url=f"/graphql?token={secret}") as ws:
        assert (await _init(ws, {}))["type"] == "connection_ack"
        # then the socket is anonymous
        assert (await _ask(ws, VIEWER))["data"]["viewer"] is None


async def test_a_bad_token_in_connection_init_closes_the_socket(app) -> None:
    # given a revoked token
    secret, token = await create_token("old", Role.ADMIN)
    await revoke_token(token.id)
    for payload in ({"authorization": f"Bearer {secret}"}, {"authorization": "Basic abc"}):
        async with _socket(app) as ws:
            # when it is sent in connection_init, then the server closes with 4403 Forbidden
            with pytest.raises(WebSocketDisconnect) as closed:
                await _init(ws, payload)
            assert closed.value.code == 4403


async def test_legacy_graphql_ws_protocol_takes_the_token_from_connection_init(app) -> None:
    # given a valid and a revoked token, over the legacy graphql-ws protocol (subscriptions only)
    good, _ = await create_token("legacy", Role.ADMIN)
    bad, token = await create_token("old", Role.ADMIN)
    await revoke_token(token.id)
    # then the valid one is acknowledged and the revoked one refused
    async with _socket(app, protocol="graphql-ws") as ws:
        assert (await _init(ws, {"authorization": f"Bearer {good}"}))["type"] == "connection_ack"
    async with _socket(app, protocol="graphql-ws") as ws:
        assert (await _init(ws, {"authorization": f"Bearer {bad}"}))["type"] == "connection_error"


async def test_cookie_socket_from_another_origin_is_refused(app, redis) -> None:
    # given a logged-in admin's cookie
    await create_user("boss", "correct-horse", Role.ADMIN)
    secret, _ = await accounts.login("boss", "correct-horse")
    cookie = f"{accounts.SESSION_COOKIE}={accounts.session_cookie_value(secret)}"

    # when another site opens a socket with it, the handshake is refused
    with pytest.raises((WebSocketDisconnect, BaseExceptionGroup)) as refused:
        async with _socket(app, Origin="https://evil.example", Cookie=cookie) as ws:
            await _init(ws, {})
    closed = _disconnect(refused.value)
    assert closed.code == 1008  # policy violation, before the handshake is accepted
    assert "Origin" in (closed.reason or "")

    # and the admin's own page opens one that runs as the cookie's user
    async with _socket(app, Origin="http://testserver", Cookie=cookie) as ws:
        assert (await _init(ws, {}))["type"] == "connection_ack"
        assert (await _ask(ws, VIEWER))["data"]["viewer"] == {"name": "boss", "role": "ADMIN"}
