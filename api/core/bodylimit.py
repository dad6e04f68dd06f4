"""A request-body size limit for ``/graphql``: 413 before a large upload is read into the server.

Starlette reads a multipart upload to the end (into a spooled temporary file) before the resolver
runs, so the limit must sit in front of it. A declared ``Content-Length`` over the limit is refused
at once without reading the body; a chunked body is counted as it streams and refused as soon as it
passes the limit. The limit is ``RAPPORT_MAX_BODY_MB`` (default 25 MB: a 100,000-row member CSV is
about 10 MB).
"""

from __future__ import annotations

import json
import os

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY_MB = 25.0


def max_body_bytes() -> int:
    """The limit in bytes, from ``RAPPORT_MAX_BODY_MB`` (read per app, so tests may change it)."""
    return int(float(os.environ.get("RAPPORT_MAX_BODY_MB", DEFAULT_MAX_BODY_MB)) * 1024 * 1024)


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Answer 413 to HTTP requests under ``path_prefix`` whose body is larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int | None = None, path_prefix: str = "/graphql") -> None:
        self.app = app
        self.limit = limit if limit is not None else max_body_bytes()
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._refuse(send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        mb = self.limit / (1024 * 1024)
        body = json.dumps(
            {"errors": [{"message": f"The request body is larger than {mb:g} MB (RAPPORT_MAX_BODY_MB)."}]}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
