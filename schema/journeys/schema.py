"""Journey queries and mutations: thin resolvers over ``api.journeys.services``."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.core.errors import DomainError
from api.core.keyset import Keyset
from api.journeys import services
from api.journeys.models import JourneyStatus as ModelStatus
from schema.core.errors import mutate
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.journeys.errors import JourneyErrorCode, JourneyUserError
from schema.journeys.inputs import (
    JourneyCreateInput,
    JourneyMigrateWaitingInput,
    JourneyTemplateKey,
    JourneyUpdateInput,
    graph_from_input,
)
from schema.journeys.types import (
    EnrollmentStatus,
    EnrollmentType,
    JourneyGraph,
    JourneyStatus,
    JourneyType,
    JourneyVersion,
)


@strawberry.type(description="A built-in plan template.")
class JourneyTemplate:
    key: JourneyTemplateKey = strawberry.field(description="Pass it as journeyCreate's fromTemplate.")
    name_en: str = strawberry.field(description="Name (English).")
    name_zh: str = strawberry.field(description="Name (Chinese).")
    description_en: str = strawberry.field(description="What it does (English).")
    description_zh: str = strawberry.field(description="What it does (Chinese).")
    graph: JourneyGraph = strawberry.field(description="The draft graph it starts from.")


@strawberry.type(description="Result of a journey mutation.")
class JourneyPayload:
    journey: JourneyType | None = strawberry.field(default=None, description="The journey after the change.")
    user_errors: list[JourneyUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of journeyPublish.")
class JourneyPublishPayload:
    journey: JourneyType | None = strawberry.field(default=None, description="The journey, now active.")
    version: JourneyVersion | None = strawberry.field(default=None, description="The version just published.")
    user_errors: list[JourneyUserError] = strawberry.field(default_factory=list, description="Problems; each names "
                                                           "the node (graph.nodes.<i>) and its field.")


@strawberry.type(description="Members moved from one node of the old version.")
class JourneyNodeMoved:
    from_node: str = strawberry.field(description="The old version's node.")
    to_node: str = strawberry.field(description="The current version's node.")
    moved: int = strawberry.field(description="Members moved.")


@strawberry.type(description="Result of journeyMigrateWaiting.")
class JourneyMigrateWaitingPayload:
    journey: JourneyType | None = strawberry.field(default=None, description="The journey.")
    moved: list[JourneyNodeMoved] = strawberry.field(default_factory=list, description="Per mapped node, the "
                                                     "members moved.")
    user_errors: list[JourneyUserError] = strawberry.field(default_factory=list, description="Problems; each names "
                                                           "the mapping pair (mapping.<i>.fromNode / toNode).")


def _pk(value: str) -> int:
    return decode_id(value, "Journey", "id")


@strawberry.type
class JourneyQueries:
    @strawberry.field(description="Journeys (plans and canvases) you can read, newest first.")
    async def journeys(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
        status: Annotated[JourneyStatus | None, strawberry.argument(description="Only this status.")] = None,
    ) -> Connection[JourneyType]:
        viewer = info.context.require_viewer(services.READ)
        qs = services.visible_journeys(viewer).order_by("-id")
        if status is not None:
            qs = qs.filter(status=ModelStatus(str(status.value)))
        return await paginate(qs, first, after, JourneyType.from_model, Keyset.from_queryset(qs, "journeys"), info)

    @strawberry.field(description="One journey by id; null when not found or not in your reach.")
    async def journey(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
    ) -> JourneyType | None:
        viewer = info.context.require_viewer(services.READ)
        try:
            return JourneyType.from_model(await services.get_journey(viewer, _pk(id)))
        except DomainError:
            return None

    @strawberry.field(description="The built-in plan templates: each a draft graph to start a journey from.")
    def journey_templates(self, info: strawberry.Info) -> list[JourneyTemplate]:
        from api.journeys.templates import TEMPLATES

        info.context.require_viewer(services.READ)
        return [JourneyTemplate(key=JourneyTemplateKey(t.key), name_en=t.name[0], name_zh=t.name[1],
                                description_en=t.description[0], description_zh=t.description[1],
                                graph=JourneyGraph.from_json(t.graph)) for t in TEMPLATES.values()]

    @strawberry.field(description="Members' runs through a journey (members in your reach), newest first.")
    async def enrollments(
        self,
        info: strawberry.Info,
        journey_id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
        status: Annotated[EnrollmentStatus | None, strawberry.argument(description="Only this status.")] = None,
        node_id: Annotated[str | None, strawberry.argument(description="Only runs at this node.")] = None,
    ) -> Connection[EnrollmentType]:
        from api.journeys.models import EnrollmentStatus as ModelEnrollmentStatus

        viewer = info.context.require_viewer(services.READ)
        try:
            pk = _pk(journey_id)
        except DomainError:
            pk = -1
        qs = services.visible_enrollments(viewer).filter(journey_id=pk).order_by("-id")
        if status is not None:
            qs = qs.filter(status=ModelEnrollmentStatus(str(status.value)))
        if node_id is not None:
            qs = qs.filter(node_id=node_id)
        qs = qs.prefetch_related("member", "version")
        return await paginate(qs, first, after, lambda e: EnrollmentType.from_model(e, e.version.number),
                              Keyset.from_queryset(qs, f"Journey:{pk}.enrollments"), info)


@strawberry.type
class JourneyMutations:
    @strawberry.mutation(description="Create a journey as a draft, owned by your company (HQ for admins).")
    async def journey_create(
        self,
        info: strawberry.Info,
        input: Annotated[JourneyCreateInput, strawberry.argument(description="The input; see its fields.")],
    ) -> JourneyPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            draft = graph_from_input(input.graph, ["input", "graph"]) if input.graph else None
            template = str(input.from_template.value) if input.from_template else None
            j = await services.create_journey(viewer, input.name, input.description or "", draft, template)
            return {"journey": JourneyType.from_model(j)}

        return await mutate(JourneyPayload, JourneyUserError, JourneyErrorCode, action)

    @strawberry.mutation(description="Save the draft (name, description, graph). The draft may be incomplete; "
                         "publishing checks it.")
    async def journey_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
        input: Annotated[JourneyUpdateInput, strawberry.argument(description="The changes; see its fields.")],
    ) -> JourneyPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            draft = graph_from_input(input.graph, ["input", "graph"]) if input.graph else None
            j = await services.update_draft(viewer, _pk(id), name=input.name, description=input.description,
                                            draft=draft, revision=input.revision)
            return {"journey": JourneyType.from_model(j)}

        return await mutate(JourneyPayload, JourneyUserError, JourneyErrorCode, action)

    @strawberry.mutation(description="Check the draft and publish it as the next version; new entries use it, "
                         "members already inside stay on theirs.")
    async def journey_publish(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
    ) -> JourneyPublishPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            version = await services.publish(viewer, _pk(id))
            j = await services.get_journey(viewer, version.journey_id)
            return {"journey": JourneyType.from_model(j), "version": JourneyVersion.from_model(version)}

        return await mutate(JourneyPublishPayload, JourneyUserError, JourneyErrorCode, action)

    @strawberry.mutation(description="Move members waiting at nodes of an older version onto the current version "
                         "(an explicit node mapping); they keep their due times. Everyone else stays on the version "
                         "they entered with.")
    async def journey_migrate_waiting(
        self, info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
        input: Annotated[JourneyMigrateWaitingInput, strawberry.argument(
            description="The older version and the node mapping.")],
    ) -> JourneyMigrateWaitingPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pairs = [(m.from_node, m.to_node) for m in input.mapping]
            moved = await services.migrate_waiting(viewer, _pk(id), input.from_version, pairs)
            j = await services.get_journey(viewer, _pk(id))
            return {"journey": JourneyType.from_model(j),
                    "moved": [JourneyNodeMoved(from_node=a, to_node=b, moved=moved[a]) for a, b in pairs]}

        return await mutate(JourneyMigrateWaitingPayload, JourneyUserError, JourneyErrorCode, action)

    @strawberry.mutation(description="Pause: members stay where they are and nobody enters until resumed.")
    async def journey_pause(
        self, info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
    ) -> JourneyPayload:
        return await _set_status(info, id, ModelStatus.PAUSED)

    @strawberry.mutation(description="Resume a paused journey.")
    async def journey_resume(
        self, info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
    ) -> JourneyPayload:
        return await _set_status(info, id, ModelStatus.ACTIVE)

    @strawberry.mutation(description="Stop for good: every live run exits with the reason \"the journey was stopped\".")
    async def journey_stop(
        self, info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
    ) -> JourneyPayload:
        return await _set_status(info, id, ModelStatus.STOPPED)


async def _set_status(info: strawberry.Info, id: str, status: ModelStatus) -> JourneyPayload:
    viewer = info.context.require_viewer()

    async def action() -> dict[str, Any]:
        return {"journey": JourneyType.from_model(await services.set_status(viewer, _pk(id), status))}

    return await mutate(JourneyPayload, JourneyUserError, JourneyErrorCode, action)
