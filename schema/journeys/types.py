"""GraphQL types of journeys: the journey, its graph, versions, node counts and enrollments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from api.journeys import models, services
from schema.core.ids import to_global_id
from schema.core.loaders import Loaders

if TYPE_CHECKING:
    from schema.members.types import MemberType
    from schema.messages.types import MessageOutcome
    from schema.org.types import RetailCompanyType


def _per_journey(fetch: Callable[[list[int]], Awaitable[dict[int, Any]]]) -> Callable[[], DataLoader[int, Any]]:
    """A loader factory for a per-journey figure that ``fetch`` computes for many journeys in one go."""
    def factory() -> DataLoader[int, Any]:
        async def load(keys: Sequence[int]) -> list[Any]:
            found = await fetch(list(keys))
            return [found[k] for k in keys]

        return DataLoader(load_fn=load)

    return factory


Loaders.register("journey_node_counts", _per_journey(services.node_counts))
Loaders.register("journey_conversions", _per_journey(services.conversions))
Loaders.register("journey_message_outcomes", _per_journey(services.message_outcomes))


@strawberry.enum(description="Where a journey is in its life.")
class JourneyStatus(Enum):
    DRAFT = strawberry.enum_value("draft", description="Never published: nobody enters.")
    ACTIVE = strawberry.enum_value("active", description="Admits members and moves them on.")
    PAUSED = strawberry.enum_value("paused", description="Holds everyone where they are; admits nobody.")
    STOPPED = strawberry.enum_value("stopped", description="Ended: every live run exited.")


@strawberry.enum(description="A node's kind.")
class JourneyNodeKind(Enum):
    ENTRY = strawberry.enum_value("ENTRY", description="How members get in (exactly one).")
    WAIT = strawberry.enum_value("WAIT", description="Wait for a time.")
    WAIT_EVENT = strawberry.enum_value("WAIT_EVENT", description="Wait for an event, with a timeout.")
    CONDITION = strawberry.enum_value("CONDITION", description="Split on a rule: yes / no.")
    AUDIENCE_PATHS = strawberry.enum_value("AUDIENCE_PATHS", description="First matching of ranked rules.")
    RANDOM_SPLIT = strawberry.enum_value("RANDOM_SPLIT", description="Random split / A/B test with control.")
    MESSAGE = strawberry.enum_value("MESSAGE", description="Send a message through the send gate.")
    GUIDE_TASK = strawberry.enum_value("GUIDE_TASK", description="A task for the member's guide.")
    UPDATE_MEMBER = strawberry.enum_value("UPDATE_MEMBER", description="Tags and points.")
    GOAL = strawberry.enum_value("GOAL", description="A conversion goal.")
    EXIT = strawberry.enum_value("EXIT", description="Leave the journey.")


@strawberry.enum(description="Where a member's run is.")
class EnrollmentStatus(Enum):
    ACTIVE = strawberry.enum_value("active", description="Waiting at a node.")
    COMPLETED = strawberry.enum_value("completed", description="Reached the end of a path.")
    EXITED = strawberry.enum_value("exited", description="Left early (exit node, journey stopped); see exitReason.")


def config_to_output(config: Any, key: str = "") -> Any:
    """A stored node configuration with global ids, in the shape of the node's config input."""
    from schema.segments.inputs import rule_to_output

    if key == "rule":
        return rule_to_output(config)
    if key in ("segmentIds",) and isinstance(config, list):
        return [to_global_id("Segment", int(v)) for v in config]
    if key == "segmentId" and isinstance(config, int):
        return to_global_id("Segment", config)
    if key == "templateId" and isinstance(config, int):
        return to_global_id("Template", config)
    if isinstance(config, dict):
        return {k: config_to_output(v, k) for k, v in config.items()}
    if isinstance(config, list):
        return [config_to_output(v, key) for v in config]
    return config


@strawberry.type(description="Where the canvas draws a node.")
class CanvasPosition:
    x: float = strawberry.field(description="Horizontal position.")
    y: float = strawberry.field(description="Vertical position.")


@strawberry.type(name="JourneyGraphNode", description="A node of a journey graph.")
class JourneyNode:
    id: str = strawberry.field(description="Stable id.")
    kind: JourneyNodeKind = strawberry.field(description="Kind.")
    config: JSON = strawberry.field(description="Configuration, in the shape of the kind's field of "
                                    "JourneyNodeConfigInput (ids are global ids).")
    position: CanvasPosition | None = strawberry.field(description="Canvas position, if drawn.")


@strawberry.type(name="JourneyGraphEdge", description="An edge of a journey graph.")
class JourneyEdge:
    from_: str = strawberry.field(name="from", description="Source node id.")
    to: str = strawberry.field(description="Target node id.")
    branch: str = strawberry.field(description="The source's branch.")


@strawberry.type(description="A journey graph (a draft, or a published version's).")
class JourneyGraph:
    nodes: list[JourneyNode] = strawberry.field(description="Nodes.")
    edges: list[JourneyEdge] = strawberry.field(description="Edges.")

    @classmethod
    def from_json(cls, graph: Any) -> JourneyGraph:
        graph = graph if isinstance(graph, dict) else {}
        nodes = []
        for n in graph.get("nodes", []) or []:
            if not isinstance(n, dict):
                continue
            try:
                kind = JourneyNodeKind(n.get("kind"))
            except ValueError:
                continue
            pos = n.get("position")
            position = CanvasPosition(x=pos["x"], y=pos["y"]) if isinstance(pos, dict) else None
            nodes.append(JourneyNode(id=str(n.get("id", "")), kind=kind,
                                     config=config_to_output(n.get("config") or {}), position=position))
        edges = [JourneyEdge(from_=str(e.get("from")), to=str(e.get("to")), branch=str(e.get("branch") or "next"))
                 for e in graph.get("edges", []) or [] if isinstance(e, dict)]
        return cls(nodes=nodes, edges=edges)


@strawberry.type(description="A published, immutable version of a journey.")
class JourneyVersion:
    number: int = strawberry.field(description="1, 2, 3 …")
    published_at: datetime = strawberry.field(description="When it was published.")
    graph: JourneyGraph = strawberry.field(description="Its graph.")

    @classmethod
    def from_model(cls, v: models.JourneyVersion) -> JourneyVersion:
        return cls(number=v.number, published_at=v.published_at, graph=JourneyGraph.from_json(v.graph))


@strawberry.type(description="How members moved through one node.")
class JourneyNodeCount:
    node_id: str = strawberry.field(description="The node.")
    waiting: int = strawberry.field(description="Members resting at it now.")
    passed: int = strawberry.field(description="Members who passed it (ever).")
    messages: list[JourneyMessageOutcomeCount] = strawberry.field(
        description="Message nodes: the sends decided there, by outcome (sent, capped, no consent …)."
    )
    converted: int = strawberry.field(description="Goal nodes: members who converted there (each run once).")


@strawberry.type(description="How many sends of a message node ended with one outcome.")
class JourneyMessageOutcomeCount:
    outcome: Annotated[MessageOutcome, strawberry.lazy("schema.messages.types")] = strawberry.field(
        description="The outcome.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="Members who passed one node on one day (store time zone).")
class JourneyNodeDayCount:
    node_id: str = strawberry.field(description="The node.")
    day: date = strawberry.field(description="The day.")
    passed: int = strawberry.field(description="Members who passed it that day.")


@strawberry.type(description="Members who converted at one goal node on one day (store time zone).")
class JourneyConversionDayCount:
    node_id: str = strawberry.field(description="The goal node.")
    day: date = strawberry.field(description="The day the conversion happened.")
    converted: int = strawberry.field(description="Members who converted that day.")


@strawberry.type(name="Journey", description="A plan or a marketing canvas: one engine. Edit the draft, publish "
                 "versions; each member's run stays on the version it entered with.")
class JourneyType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    description: str = strawberry.field(description="What it is for.")
    status: JourneyStatus = strawberry.field(description="Draft, active, paused or stopped.")
    current_version: int | None = strawberry.field(description="The version new members enter (null: a draft).")
    draft_revision: int = strawberry.field(description="Send it back with journeyUpdate to avoid overwriting.")
    draft: JourneyGraph = strawberry.field(description="The draft graph (may be incomplete).")
    created_at: datetime = strawberry.field(description="Created.")
    updated_at: datetime = strawberry.field(description="Last changed.")
    model: strawberry.Private[models.Journey]

    @classmethod
    def from_model(cls, j: models.Journey) -> JourneyType:
        return cls(id=j.id, name=j.name, description=j.description, status=JourneyStatus(j.status.value),
                   current_version=j.current_version, draft_revision=j.draft_revision,
                   draft=JourneyGraph.from_json(j.draft), created_at=j.created_at, updated_at=j.updated_at, model=j)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        viewer = info.context.require_viewer()
        ids = [int(i) for i in node_ids]
        if services.READ not in viewer.scopes:
            return [None for _ in ids]
        rows = {j.id: j for j in await services.visible_journeys(viewer).filter(id__in=ids)}
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]

    @strawberry.field(description="The retail company that owns it; null for HQ's.")
    async def company(
        self, info: strawberry.Info
    ) -> Annotated[RetailCompanyType, strawberry.lazy("schema.org.types")] | None:
        from schema.org.types import RetailCompanyType

        if self.model.company_id is None:
            return None
        c = await info.context.loaders.get("company").load(self.model.company_id)
        return RetailCompanyType.from_model(c) if c else None

    @strawberry.field(description="Whether you may edit, publish, pause or stop it.")
    def viewer_can_change(self, info: strawberry.Info) -> bool:
        from api.core.scope import Scope

        viewer = info.context.require_viewer(services.READ)
        return services.WRITE in viewer.scopes and Scope.of(viewer).may_change(self.model.company_id)

    @strawberry.field(description="Published versions, newest first.")
    async def versions(self, info: strawberry.Info) -> list[JourneyVersion]:
        info.context.require_viewer(services.READ)
        rows = await models.JourneyVersion.filter(journey_id=self.model.id).order_by("-number")
        return [JourneyVersion.from_model(v) for v in rows]

    @strawberry.field(description="Per node of any version: members waiting there now and members who passed it.")
    async def node_counts(self, info: strawberry.Info) -> list[JourneyNodeCount]:
        info.context.require_viewer(services.READ)
        from schema.messages.types import MessageOutcome

        counts = await info.context.loaders.get("journey_node_counts").load(self.model.id)
        outcomes = await info.context.loaders.get("journey_message_outcomes").load(self.model.id)
        converted = await info.context.loaders.get("journey_conversions").load(self.model.id)
        return [JourneyNodeCount(node_id=k, waiting=w, passed=p, converted=converted.get(k, 0), messages=[
            JourneyMessageOutcomeCount(outcome=MessageOutcome(o), count=n)
            for o, n in sorted(outcomes.get(k, {}).items())]) for k, (w, p) in sorted(counts.items())]

    @strawberry.field(description="Members who reached a goal of the journey (each run counts once per goal).")
    async def conversions(self, info: strawberry.Info) -> int:
        info.context.require_viewer(services.READ)
        return sum((await info.context.loaders.get("journey_conversions").load(self.model.id)).values())

    @strawberry.field(description="Conversions per goal node per day over the last `days` days (1-366).")
    async def conversion_days(
        self, info: strawberry.Info,
        days: Annotated[int, strawberry.argument(description="How many days back, today included (1-366).")] = 30,
    ) -> list[JourneyConversionDayCount]:
        info.context.require_viewer(services.READ)  # days: checked before execution (schema.core.arguments)
        return [JourneyConversionDayCount(node_id=n, day=d, converted=c)
                for n, d, c in await services.conversion_days(self.model.id, days)]

    @strawberry.field(description="Members passing each node per day over the last `days` days (1-366).")
    async def node_days(
        self, info: strawberry.Info,
        days: Annotated[int, strawberry.argument(description="How many days back, today included (1-366).")] = 30,
    ) -> list[JourneyNodeDayCount]:
        info.context.require_viewer(services.READ)  # days: checked before execution (schema.core.arguments)
        return [JourneyNodeDayCount(node_id=n, day=d, passed=p) for n, d, p in await services.node_days(
            self.model.id, days)]


@strawberry.type(name="Enrollment", description="One member's run through a journey.")
class EnrollmentType(relay.Node):
    id: relay.NodeID[int]
    version_number: int = strawberry.field(description="The version the member entered with.")
    node_id: str = strawberry.field(description="Where the member is, or ended.")
    status: EnrollmentStatus = strawberry.field(description="Active, completed or exited.")
    due_at: datetime | None = strawberry.field(description="When the member moves on (null: waiting for an event).")
    entered_at: datetime = strawberry.field(description="When the member entered.")
    ended_at: datetime | None = strawberry.field(description="When the run ended.")
    exit_reason: str = strawberry.field(description="Why the run ended early, if it did.")
    occurrence: int = strawberry.field(description="The member's n-th run of this journey.")
    model: strawberry.Private[models.Enrollment]

    @classmethod
    def from_model(cls, e: models.Enrollment, version_number: int) -> EnrollmentType:
        return cls(id=e.id, version_number=version_number, node_id=e.node_id, status=EnrollmentStatus(e.status.value),
                   due_at=e.due_at, entered_at=e.entered_at, ended_at=e.ended_at, exit_reason=e.exit_reason,
                   occurrence=e.occurrence, model=e)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        viewer = info.context.require_viewer()
        ids = [int(i) for i in node_ids]
        if services.READ not in viewer.scopes or "members:read" not in viewer.scopes:
            return [None for _ in ids]
        rows = {e.id: e for e in await services.visible_enrollments(viewer).filter(id__in=ids)
                .prefetch_related("version")}
        return [cls.from_model(rows[i], rows[i].version.number) if i in rows else None for i in ids]

    @strawberry.field(description="The journey.")
    async def journey(self, info: strawberry.Info) -> JourneyType | None:
        viewer = info.context.require_viewer(services.READ)
        row = await services.visible_journeys(viewer).get_or_none(id=self.model.journey_id)
        return JourneyType.from_model(row) if row else None

    @strawberry.field(description="The member.")
    async def member(
        self, info: strawberry.Info
    ) -> Annotated[MemberType, strawberry.lazy("schema.members.types")] | None:
        from schema.members.types import MemberType

        # an enrollment is visible only when its member is in reach (services.visible_enrollments), and the
        # lists prefetch the member with it
        info.context.require_viewer("members:read")
        return MemberType.from_model(await self.model.member)


def _member_journeys_loader(viewer: Any) -> DataLoader[int, list[MemberJourney]]:
    async def load(keys: Sequence[int]) -> list[list[MemberJourney]]:
        from api.journeys import explain

        runs = await explain.latest_runs(viewer, list(set(keys)))
        conversions = await explain.conversions_of([e.id for rs in runs.values() for e in rs])
        return [[MemberJourney(journey=JourneyType.from_model(e.journey),
                               enrollment=EnrollmentType.from_model(e, e.version.number),
                               why=explain.explain(e, e.version, e.journey, conversions.get(e.id, [])))
                 for e in runs.get(k, [])] for k in keys]

    return DataLoader(load_fn=load)


Loaders.register("member_journeys", _member_journeys_loader)


@strawberry.type(description="Where a member is in one journey, and why: the member's latest run of it.")
class MemberJourney:
    journey: JourneyType = strawberry.field(description="The journey.")
    enrollment: EnrollmentType = strawberry.field(description="The member's latest run of it.")
    why: str = strawberry.field(description="Where the run is and why, or how it ended, in a sentence.")


async def member_journeys(member_id: int, info: strawberry.Info) -> list[MemberJourney]:
    """``Member.journeys``, batched per request."""
    viewer = info.context.require_viewer(services.READ)
    return await info.context.loaders.get("member_journeys", viewer).load(member_id)  # type: ignore[no-any-return]
