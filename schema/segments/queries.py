"""Queries of segments: the list, one segment, live audience estimates, RFM thresholds."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.core.errors import DomainError
from api.core.keyset import Keyset
from api.segments import services
from schema.core.errors import user_errors
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.segments.errors import SegmentErrorCode, SegmentUserError
from schema.segments.estimates import estimate_once
from schema.segments.inputs import SegmentRuleInput, rule_from_input
from schema.segments.types import (
    AudienceEstimate,
    ReachChannel,
    RfmThresholdsType,
    SegmentKind,
    SegmentType,
    estimate_to_type,
)


@strawberry.type
class SegmentQueries:
    @strawberry.field(description="Segments (custom and the ready-made RFM groups), by kind then name.")
    async def segments(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
        kind: Annotated[SegmentKind | None, strawberry.argument(description="Only this kind.")] = None,
        search: Annotated[str | None, strawberry.argument(description="Name contains.")] = None,
    ) -> Connection[SegmentType]:
        viewer = info.context.require_viewer("segments:read")
        await services.ensure_smart_segments()
        from api.segments.models import SegmentKind as ModelKind

        qs = services.list_segments(viewer, ModelKind(str(kind.value)) if kind else None, search)
        return await paginate(qs, first, after, SegmentType.from_model, Keyset.from_queryset(qs, "segments"), info)

    @strawberry.field(description="One segment by id; null when not found or deleted.")
    async def segment(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the segment.")],
    ) -> SegmentType | None:
        viewer = info.context.require_viewer("segments:read")
        try:
            pk = decode_id(id, "Segment", "id")
            return SegmentType.from_model(await services.get_segment(viewer, pk))
        except DomainError:
            return None

    @strawberry.field(
        description="Exact audience of a rule (or of a saved segment's rule) right now, within your reach, with "
        "how many members each requested channel can reach. Give exactly one of rule and segmentId. An invalid "
        'rule returns total null and userErrors with the path to the bad node (e.g. ["rule","all","2",...]).'
    )
    async def estimate_audience(
        self,
        info: strawberry.Info,
        rule: Annotated[SegmentRuleInput | None, strawberry.argument(description="The rule to count.")] = None,
        segment_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Or a saved segment to count live.")
        ] = None,
        channels: Annotated[
            list[ReachChannel] | None, strawberry.argument(description="Channels to count reach on.")
        ] = None,
    ) -> AudienceEstimate:
        viewer = info.context.require_viewer("segments:read")
        chans = [str(c.value) for c in channels or []]
        try:
            if (rule is None) == (segment_id is None):
                raise DomainError.single(["rule"], "Give exactly one of rule and segmentId.", "REQUIRED")
            if segment_id is not None:
                pk = decode_id(segment_id, "Segment", "segmentId")
                try:
                    seg = await services.get_segment(viewer, pk)
                except DomainError as exc:
                    raise DomainError.single(["segmentId"], exc.errors[0].message, exc.errors[0].code) from exc
                est = await estimate_once(info, viewer, seg.rule, chans, seg)
            else:
                norm = await services.check_rule(rule_from_input(rule, ["rule"]), ["rule"], viewer=viewer)
                est = await estimate_once(info, viewer, norm, chans)
        except DomainError as exc:
            return AudienceEstimate(
                total=None, reachable=[], user_errors=user_errors(SegmentUserError, SegmentErrorCode, exc.errors)
            )
        return estimate_to_type(est)

    @strawberry.field(
        description="RFM thresholds in force: the default first (category null), then per category. A company's "
        "own thresholds override the brand's for its segments and estimates."
    )
    async def rfm_thresholds(
        self,
        info: strawberry.Info,
        company_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Whose thresholds: default your own company's (the brand's for admins)."),
        ] = None,
    ) -> list[RfmThresholdsType]:
        viewer = info.context.require_viewer("segments:read")
        company = _company_pk(company_id)
        return [RfmThresholdsType.from_thresholds(t) for t in await services.rfm_settings(viewer, company)]


def _company_pk(value: strawberry.ID | None) -> int | None:
    from api.core.errors import ArgumentError, DomainError
    from schema.core.ids import decode_id

    if value is None:
        return None
    try:
        return decode_id(value, "RetailCompany", "companyId")
    except DomainError as exc:
        raise ArgumentError(f"Argument 'companyId': {exc.errors[0].message}") from exc
