"""Mutations of segments: create, update, delete, refresh; RFM thresholds."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.segments import services
from api.segments.context import RfmThresholds
from schema.core.errors import mutate
from schema.core.ids import decode_id
from schema.segments.errors import SegmentErrorCode, SegmentUserError
from schema.segments.inputs import RfmThresholdsInput, SegmentCreateInput, SegmentUpdateInput, rule_from_input
from schema.segments.types import RfmThresholdsType, SegmentRefreshPoint, SegmentType


@strawberry.type(description="Result of segmentCreate.")
class SegmentCreatePayload:
    segment: SegmentType | None = strawberry.field(default=None, description="The new segment, materialised.")
    user_errors: list[SegmentUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of segmentUpdate.")
class SegmentUpdatePayload:
    segment: SegmentType | None = strawberry.field(default=None, description="The segment after the change.")
    user_errors: list[SegmentUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of segmentDelete.")
class SegmentDeletePayload:
    deleted_segment_id: strawberry.ID | None = strawberry.field(default=None, description="Id of the deleted one.")
    user_errors: list[SegmentUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of segmentRefresh.")
class SegmentRefreshPayload:
    segment: SegmentType | None = strawberry.field(default=None, description="The segment after the refresh.")
    refresh: SegmentRefreshPoint | None = strawberry.field(default=None, description="What the refresh did.")
    user_errors: list[SegmentUserError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of rfmThresholdsSet.")
class RfmThresholdsSetPayload:
    thresholds: RfmThresholdsType | None = strawberry.field(default=None, description="The saved thresholds.")
    user_errors: list[SegmentUserError] = strawberry.field(default_factory=list, description="Problems.")


def _segment_pk(value: str) -> int:
    return decode_id(value, "Segment", "id")


@strawberry.type
class SegmentMutations:
    @strawberry.mutation(description="Create a custom segment; it is materialised at once.")
    async def segment_create(
        self,
        info: strawberry.Info,
        input: Annotated[SegmentCreateInput, strawberry.argument(description="The input; see its fields.")],
    ) -> SegmentCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            rule = rule_from_input(input.rule, ["input", "rule"])
            seg = await services.create_segment(viewer, input.name, rule, input.description or "")
            return {"segment": SegmentType.from_model(seg)}

        return await mutate(SegmentCreatePayload, SegmentUserError, SegmentErrorCode, action)

    @strawberry.mutation(description="Change a segment's name, description or rule (a new rule is re-materialised).")
    async def segment_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the segment.")],
        input: Annotated[SegmentUpdateInput, strawberry.argument(description="The changes; see its fields.")],
    ) -> SegmentUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = _segment_pk(id)
            rule = rule_from_input(input.rule, ["input", "rule"]) if input.rule is not None else None
            seg = await services.update_segment(viewer, pk, name=input.name, rule=rule, description=input.description)
            return {"segment": SegmentType.from_model(seg)}

        return await mutate(SegmentUpdatePayload, SegmentUserError, SegmentErrorCode, action)

    @strawberry.mutation(description="Delete a segment (its history is kept); refused while others refer to it.")
    async def segment_delete(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the segment.")],
    ) -> SegmentDeletePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            await services.delete_segment(viewer, _segment_pk(id))
            return {"deleted_segment_id": id}

        return await mutate(SegmentDeletePayload, SegmentUserError, SegmentErrorCode, action)

    @strawberry.mutation(description="Materialise a segment now: members who entered or left are recorded.")
    async def segment_refresh(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the segment.")],
    ) -> SegmentRefreshPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = _segment_pk(id)
            await services.refresh_segment_for(viewer, pk)
            seg = await services.get_segment(viewer, pk)
            latest = (await services.size_history(pk, 1))[-1]
            return {"segment": SegmentType.from_model(seg), "refresh": SegmentRefreshPoint.from_model(latest)}

        return await mutate(SegmentRefreshPayload, SegmentUserError, SegmentErrorCode, action)

    @strawberry.mutation(
        description="Set RFM thresholds for all purchases or one category: a company admin for their company, "
        "an admin for the brand or a named company."
    )
    async def rfm_thresholds_set(
        self,
        info: strawberry.Info,
        input: Annotated[RfmThresholdsInput, strawberry.argument(description="The input; see its fields.")],
    ) -> RfmThresholdsSetPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            th = RfmThresholds(
                category=(input.category or "").strip(),
                active_days=input.active_days,
                sleeping_days=input.sleeping_days,
                window_days=input.window_days,
                frequency_high=input.frequency_high,
                monetary_high_cents=input.monetary_high_cents,
            )
            company = decode_id(input.company_id, "RetailCompany", ["input", "companyId"]) if input.company_id else None
            await services.set_rfm_settings(viewer, th, company)
            await services.ensure_smart_segments()
            return {"thresholds": RfmThresholdsType.from_thresholds(th)}

        return await mutate(RfmThresholdsSetPayload, SegmentUserError, SegmentErrorCode, action)
