"""The ASGI application: /graphql (HTTP + WebSocket), /healthz and the built admin SPA at /."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from api.accounts import csrf
from api.accounts import services as accounts
from api.core import clock
from api.core.bodylimit import BodyLimitMiddleware
from api.core.config import get_settings
from api.core.db import close_db, init_db
from api.segments import audience_index
from api.templates.routes import media as template_media
from schema.core.context import Context

SPA_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


@dataclass
class SocketContext(Context):
    """The context of a WebSocket connection: Strawberry stores the ``connection_init`` payload here."""

    connection_params: dict[str, Any] | None = None


class RapportGraphQL(GraphQL):  # type: ignore[type-arg]
    """Strawberry's ASGI app with Rapport's context: the viewer from a bearer token or the cookie.

    Over WebSocket the bearer token travels in the ``connection_init`` payload
    (``{"authorization": "Bearer …"}``), never in the URL, where proxies and uvicorn would log it.
    """

    async def get_context(  # type: ignore[override]  # strawberry types the context as None
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Any:
        viewer = None
        session_secret = accounts.session_secret_from_cookie(request.cookies.get(accounts.SESSION_COOKIE))
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            viewer = await accounts.viewer_from_token(auth[7:].strip())
        elif session_secret:
            viewer = await accounts.viewer_from_session(session_secret)
        if isinstance(request, WebSocket):
            return SocketContext(request=request, response=response, viewer=viewer, session_secret=session_secret)
        return Context(request=request, response=response, viewer=viewer, session_secret=session_secret)

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        """Authenticate a WebSocket from its ``connection_init`` payload; a bad token closes it."""
        params = getattr(context, "connection_params", None) or {}
        auth = params.get("authorization", params.get("Authorization"))
        if auth is None:
            return UNSET  # the session cookie of the handshake (checked for its Origin) or anonymous
        if not isinstance(auth, str) or not auth.lower().startswith("bearer "):
            raise ConnectionRejectionError({"message": "connection_init 'authorization' must be 'Bearer <token>'."})
        viewer = await accounts.viewer_from_token(auth[7:].strip())
        if viewer is None:
            raise ConnectionRejectionError({"message": "The token is not valid (unknown, revoked or expired)."})
        context.viewer = viewer
        return UNSET


class OriginGuard:
    """Refuse cookie-authenticated POSTs and WebSocket handshakes from origins we do not trust (see ``csrf``)."""

    def __init__(self, app: ASGIApp, allowed_origins: list[str]):
        self.app = app
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        reason = csrf.refusal(
            state_changing=scope["type"] == "websocket" or scope.get("method") == "POST",
            headers=conn.headers,
            has_session_cookie=accounts.SESSION_COOKIE in conn.cookies,
            request_origin=csrf.own_origin(conn.url.scheme, conn.headers.get("host", conn.url.netloc)),
            allowed_origins=self.allowed_origins,
        )
        if reason is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": reason[:120]})
        else:
            await JSONResponse({"error": "forbidden_origin", "message": reason}, status_code=403)(scope, receive, send)


async def healthz(request: Request) -> Response:
    from tortoise import connections

    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - health reports any failure
        return JSONResponse({"status": "error", "database": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok"})


async def receipts_hook(request: Request) -> Response:
    """Delivery receipts from a provider, signed with its secret (see ``api.channels.services``)."""
    from api.channels.base import ReceiptRejected
    from api.channels.services import apply_receipts

    body = await request.body()
    try:
        outcome = await apply_receipts(int(request.path_params["provider_id"]), dict(request.headers), body)
    except ReceiptRejected as exc:
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=exc.status)
    return JSONResponse(
        {"status": "ok", "applied": outcome.applied, "duplicates": outcome.duplicates, "unknown": outcome.unknown}
    )


async def spa(request: Request) -> Response:
    """Serve the admin: a built file if it exists, else index.html for client-side routes."""
    if not (SPA_DIST / "index.html").exists():
        return PlainTextResponse(
            "The admin is not built. Run `make demo` (it builds frontend/) or `npm --prefix frontend run build`.",
            status_code=503,
        )
    path = request.path_params.get("path", "")
    candidate = (SPA_DIST / path).resolve()
    if path and candidate.is_file() and SPA_DIST in candidate.parents:
        return FileResponse(candidate)
    return FileResponse(SPA_DIST / "index.html", headers={"Cache-Control": "no-cache"})


def create_app(manage_db: bool = True) -> Starlette:
    """Build the app. ``manage_db=False`` when the caller (tests, CLI) already opened the database."""
    from schema import build_schema

    settings = get_settings()
    settings.check_startup()
    graphql = RapportGraphQL(
        build_schema(),
        graphql_ide="graphiql" if not settings.production else None,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL],
        multipart_uploads_enabled=True,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        index = audience_index.get_index() if manage_db else None
        if manage_db:
            await init_db()
            # The start-up heap (schema, models, modules) leaves the collector's generations: a full
            # collection stops the event loop, and then walks only what was allocated since.
            gc.collect()
            gc.freeze()
            if index is not None:
                index.start()  # estimates use SQL until the in-memory audience index is loaded
        try:
            yield
        finally:
            if index is not None:
                await index.stop()
            if manage_db:
                await close_db()

    routes: list[Any] = [
        Route("/healthz", healthz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/hooks/receipts/{provider_id:int}", receipts_hook, methods=["POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/media/{sha}", template_media),
    ]
    if clock.shared_enabled():  # development: the sandbox gateway the demo's channel providers post to
        from api.channels.sandbox import PATH, sandbox_gateway

        routes.append(Route(PATH, sandbox_gateway, methods=["POST"]))
    if (SPA_DIST / "assets").is_dir():
        routes.append(Mount("/assets", StaticFiles(directory=SPA_DIST / "assets"), name="assets"))
    routes += [Route("/", spa), Route("/{path:path}", spa)]
    middleware = [Middleware(BodyLimitMiddleware), Middleware(OriginGuard, allowed_origins=settings.cors_origins)]
    if clock.shared_enabled():  # development: every request sees the shared simulated clock (clockAdvance)
        middleware.append(Middleware(SharedClockMiddleware))
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        # The body limit first: an oversized upload is refused before anything reads it.
        middleware=middleware,
    )


class SharedClockMiddleware:
    """Development only: take the shared clock offset before each request (``api.core.clock``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            await clock.sync_shared()
        await self.app(scope, receive, send)
