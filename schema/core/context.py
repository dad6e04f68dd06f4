"""The per-request GraphQL context: the viewer, the DataLoaders and the response (for cookies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from api.core.errors import Unauthenticated
from api.core.viewer import Viewer
from schema.core.loaders import Loaders


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    viewer: Viewer | None
    session_secret: str | None = None
    loaders: Loaders = field(default_factory=Loaders)
    extra: dict[str, Any] = field(default_factory=dict)

    def require_viewer(self, scope: str | None = None) -> Viewer:
        """The viewer, or a top-level error: there is no data without one."""
        if self.viewer is None:
            raise Unauthenticated("Authentication required: send 'Authorization: Bearer <token>' or log in.")
        if scope is not None:
            self.viewer.require(scope)
        return self.viewer
