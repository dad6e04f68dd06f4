"""Shared helpers of the journey tests: graph nodes and edges, an engine round, a published journey."""

from __future__ import annotations

from typing import Any

from api.accounts.models import Role
from api.core.viewer import ROLE_SCOPES, Viewer
from api.journeys import engine, entries, services

ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])


def node(id: str, kind: str, **config: Any) -> dict[str, Any]:
    return {"id": id, "kind": kind, "config": config}


def edge(a: str, b: str, branch: str = "next") -> dict[str, Any]:
    return {"from": a, "to": b, "branch": branch}


async def tick() -> None:
    """One engine round in this process: scheduled runs, trigger matching, due steps."""
    await entries.run_schedules()
    await entries.match_triggers()
    await engine.pump()


async def publish(name: str, graph: dict[str, Any]) -> int:
    journey = await services.create_journey(ADMIN, name, draft=graph)
    await services.publish(ADMIN, journey.id)
    return journey.id
