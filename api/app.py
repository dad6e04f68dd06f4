"""The ASGI application: /graphql (HTTP + WebSocket), /healthz and the built admin SPA at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL

from api.accounts import services as accounts
from api.core.config import get_settings
from api.core.db import close_db, init_db
from api.segments import audience_index

SPA_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


class RapportGraphQL(GraphQL):  # type: ignore[type-arg]
    """Strawberry's ASGI app with Rapport's context: the viewer from a bearer token or the cookie."""

    async def get_context(  # type: ignore[override]  # strawberry types the context as None
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Any:
        from schema.accounts.schema import SESSION_COOKIE
        from schema.core.context import Context

        viewer = None
        session_secret = request.cookies.get(SESSION_COOKIE)
        auth = request.headers.get("authorization", "")
        if isinstance(request, WebSocket) and not auth:
            auth = str(request.query_params.get("token", "") and "Bearer " + request.query_params["token"])
        if auth.lower().startswith("bearer "):
            viewer = await accounts.viewer_from_token(auth[7:].strip())
        elif session_secret:
            viewer = await accounts.viewer_from_session(session_secret)
        return Context(request=request, response=response, viewer=viewer, session_secret=session_secret)


async def healthz(request: Request) -> Response:
    from tortoise import connections

    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - health reports any failure
        return JSONResponse({"status": "error", "database": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok"})


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
    graphql = RapportGraphQL(
        build_schema(production=settings.production),
        graphql_ide="graphiql" if not settings.production else None,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL],
        multipart_uploads_enabled=True,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        index = audience_index.get_index() if manage_db else None
        if manage_db:
            await init_db()
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
        WebSocketRoute("/graphql", graphql),
    ]
    if (SPA_DIST / "assets").is_dir():
        routes.append(Mount("/assets", StaticFiles(directory=SPA_DIST / "assets"), name="assets"))
    routes += [Route("/", spa), Route("/{path:path}", spa)]
    return Starlette(routes=routes, lifespan=lifespan)
