"""GraphQL types of segments: the segment, its size history, audience estimates, RFM thresholds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from api.core.keyset import Keyset
from api.segments import models, services
from api.segments.context import RfmThresholds
from schema.core.pagination import Connection, paginate
from schema.segments.errors import SegmentUserError
from schema.segments.estimates import estimate_once

if TYPE_CHECKING:
    from schema.members.types import MemberType
    from schema.org.types import RetailCompanyType


@strawberry.enum(description="Which days a birthday condition looks at (store time zone).")
class BirthdayPeriod(Enum):
    TODAY = strawberry.enum_value("TODAY", description="Birthday is today.")
    IN_DAYS = strawberry.enum_value("IN_DAYS", description="Birthday is exactly `days` days from today.")
    WITHIN_DAYS = strawberry.enum_value("WITHIN_DAYS", description="Birthday is today or in the next `days` days.")
    THIS_WEEK = strawberry.enum_value("THIS_WEEK", description="Birthday is in this week, Monday to Sunday.")
    THIS_MONTH = strawberry.enum_value("THIS_MONTH", description="Birthday is in this calendar month.")


@strawberry.enum(description="How a list of tags must match.")
class TagMatch(Enum):
    ANY = strawberry.enum_value("ANY", description="Carries at least one of the tags.")
    ALL = strawberry.enum_value("ALL", description="Carries every tag.")
    NONE = strawberry.enum_value("NONE", description="Carries none of the tags.")


@strawberry.enum(description="A channel members can be reached on.")
class ReachChannel(Enum):
    SMS = strawberry.enum_value("SMS", description="Has a phone and consents to SMS.")
    WECHAT = strawberry.enum_value("WECHAT", description="Has an official-account openid and follows the account.")
    WECOM = strawberry.enum_value("WECOM", description="Is a WeCom external contact (friend of a guide).")
    EMAIL = strawberry.enum_value("EMAIL", description="Has an email address and consents to email.")
    PUSH = strawberry.enum_value("PUSH", description="Has an app push token and consents to push.")


@strawberry.enum(description="RFM recency label.")
class RfmLabel(Enum):
    ACTIVE = strawberry.enum_value("ACTIVE", description="Last purchase within the active threshold (活跃).")
    SLEEPING = strawberry.enum_value("SLEEPING", description="Beyond active, within the sleeping threshold (沉睡).")
    LOST = strawberry.enum_value("LOST", description="Beyond the sleeping threshold (流失).")


@strawberry.enum(description="RFM frequency / monetary level against the merchant's threshold.")
class RfmLevel(Enum):
    HIGH = strawberry.enum_value("HIGH", description="At or above the threshold.")
    LOW = strawberry.enum_value("LOW", description="Below the threshold (including none).")


@strawberry.enum(description="Custom segments are built by operators; smart ones are the ready-made RFM groups.")
class SegmentKind(Enum):
    CUSTOM = strawberry.enum_value("custom", description="Custom segment (自定义分群): an operator's rule.")
    SMART = strawberry.enum_value("smart", description="Smart segment (智能分群): a ready-made RFM group.")


@strawberry.enum(description="What started a refresh.")
class RefreshTrigger(Enum):
    CREATE = strawberry.enum_value("create", description="The segment was created.")
    UPDATE = strawberry.enum_value("update", description="Its rule changed.")
    MANUAL = strawberry.enum_value("manual", description="segmentRefresh.")
    NIGHTLY = strawberry.enum_value("nightly", description="The nightly refresh (00:30 store time).")
    PLAN = strawberry.enum_value("plan", description="Just before a plan ran.")


@strawberry.type(description="How many members of an audience a channel can reach.")
class ChannelReach:
    channel: ReachChannel = strawberry.field(description="The channel.")
    count: int = strawberry.field(description="Members of the audience reachable on it (identity + consent).")


@strawberry.type(description="An exact audience count, computed now, within your reach.")
class AudienceEstimate:
    total: int | None = strawberry.field(description="Members who match now; null when the rule is invalid.")
    reachable: list[ChannelReach] = strawberry.field(description="Per requested channel, how many can be reached.")
    user_errors: list[SegmentUserError] = strawberry.field(description="Why the rule was refused, with its path.")


@strawberry.type(description="One refresh of a segment: a point of its size history.")
class SegmentRefreshPoint:
    at: datetime = strawberry.field(description="When the refresh ran.")
    trigger: RefreshTrigger = strawberry.field(description="What started it.")
    member_count: int = strawberry.field(description="Members in the segment after it (all members, unscoped).")
    entered: int = strawberry.field(description="Members who entered.")
    exited: int = strawberry.field(description="Members who left.")
    duration_ms: int = strawberry.field(description="How long it took, in milliseconds.")
    slow: bool = strawberry.field(description="It took longer than the slow threshold (10 s).")

    @classmethod
    def from_model(cls, r: models.SegmentRefresh) -> SegmentRefreshPoint:
        return cls(
            at=r.started_at,
            trigger=RefreshTrigger(r.trigger.value),
            member_count=r.member_count,
            entered=r.entered,
            exited=r.exited,
            duration_ms=r.duration_ms,
            slow=r.slow,
        )


@strawberry.type(description="A member's stay in a segment.")
class SegmentStay:
    entered_at: datetime = strawberry.field(description="When the member entered (at a refresh).")
    exited_at: datetime | None = strawberry.field(description="When the member left; null while inside.")


@strawberry.type(name="RfmThresholds", description="Merchant RFM thresholds for all purchases or one category.")
class RfmThresholdsType:
    category: str | None = strawberry.field(description="Product category; null for the default thresholds.")
    active_days: int = strawberry.field(description="Last purchase at most this many days ago: ACTIVE.")
    sleeping_days: int = strawberry.field(description="At most this many days ago: SLEEPING; longer: LOST.")
    window_days: int = strawberry.field(description="Frequency and monetary are measured over this many days.")
    frequency_high: int = strawberry.field(description="Orders in the window at or above this: HIGH.")
    monetary_high_cents: int = strawberry.field(description="Net spend in the window (cents) at or above this: HIGH.")

    @classmethod
    def from_thresholds(cls, t: RfmThresholds) -> RfmThresholdsType:
        return cls(
            category=t.category or None,
            active_days=t.active_days,
            sleeping_days=t.sleeping_days,
            window_days=t.window_days,
            frequency_high=t.frequency_high,
            monetary_high_cents=t.monetary_high_cents,
        )


def estimate_to_type(est: services.Estimate) -> AudienceEstimate:
    return AudienceEstimate(
        total=est.total,
        reachable=[ChannelReach(channel=ReachChannel[c], count=n) for c, n in est.reachable.items()],
        user_errors=[],
    )


@strawberry.type(name="Segment", description="A segment (分群): who matches a rule, materialised with history.")
class SegmentType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    description: str = strawberry.field(description="What it is for.")
    kind: SegmentKind = strawberry.field(description="Custom or smart (ready-made RFM group).")
    rule: JSON = strawberry.field(description="The rule, in the shape of SegmentRuleInput (ids are global ids).")
    last_refreshed_at: datetime | None = strawberry.field(description="When membership was last materialised.")
    last_refresh_ms: int | None = strawberry.field(description="How long the last refresh took (ms).")
    refresh_slow: bool = strawberry.field(description="The last refresh took longer than 10 s.")
    created_at: datetime = strawberry.field(description="Created.")
    updated_at: datetime = strawberry.field(description="Last changed.")
    model: strawberry.Private[models.Segment]

    @classmethod
    def from_model(cls, s: models.Segment) -> SegmentType:
        from schema.segments.inputs import rule_to_output

        return cls(
            id=s.id,
            name=s.name,
            description=s.description,
            kind=SegmentKind(s.kind.value),
            rule=rule_to_output(s.rule),
            last_refreshed_at=s.last_refreshed_at,
            last_refresh_ms=s.last_refresh_ms,
            refresh_slow=s.refresh_slow,
            created_at=s.created_at,
            updated_at=s.updated_at,
            model=s,
        )

    @strawberry.field(description="The retail company that owns the segment; null for HQ's segments, which every "
                      "company reads and only admins change.")
    async def company(
        self, info: strawberry.Info
    ) -> Annotated[RetailCompanyType, strawberry.lazy("schema.org.types")] | None:
        from schema.org.types import RetailCompanyType

        if self.model.company_id is None:
            return None
        c = await info.context.loaders.get("company").load(self.model.company_id)
        return RetailCompanyType.from_model(c) if c else None

    @strawberry.field(description="Whether you may change, refresh or delete this segment.")
    def viewer_can_change(self, info: strawberry.Info) -> bool:
        from api.core.scope import Scope

        viewer = info.context.require_viewer("segments:read")
        return "segments:write" in viewer.scopes and Scope.of(viewer).may_change(self.model.company_id)

    @strawberry.field(description="Members in the segment as of the last refresh, within your reach.")
    async def member_count(self, info: strawberry.Info) -> int:
        viewer = info.context.require_viewer("segments:read")
        return await info.context.loaders.get("member_count_by_segment", viewer).load(self.model)

    @strawberry.field(description="Members as of the last refresh, within your reach, by id (Relay connection).")
    async def members(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[Annotated[MemberType, strawberry.lazy("schema.members.types")]]:
        from schema.members.loaders import prefetch_member_fields
        from schema.members.types import MemberType

        viewer = info.context.require_viewer("segments:read")
        qs = services.segment_members(viewer, self.model.id)
        keyset = Keyset.from_queryset(qs, f"Segment:{self.model.id}.members")
        page = await paginate(qs, first, after, MemberType.from_model, keyset, info)
        await prefetch_member_fields(info, [e.node.model for e in page.edges])
        return page

    @strawberry.field(description="Size history: the latest refreshes, oldest first.")
    async def size_history(
        self,
        info: strawberry.Info,
        last: Annotated[
            int, strawberry.argument(description="How many refreshes, 1 to 365 (default 30); others are refused.")
        ] = 30,
    ) -> list[SegmentRefreshPoint]:
        info.context.require_viewer("segments:read")
        # 1..365 is enforced before execution (schema.core.arguments): never clamped silently here.
        rows = await services.size_history(self.model.id, last)
        return [SegmentRefreshPoint.from_model(r) for r in rows]

    @strawberry.field(
        description="Exact live estimate of this segment's rule now, within your reach, with "
        "reach per channel (may differ from memberCount, which is as of the last refresh)."
    )
    async def estimate(
        self,
        info: strawberry.Info,
        channels: Annotated[
            list[ReachChannel] | None, strawberry.argument(description="Channels to count reach on.")
        ] = None,
    ) -> AudienceEstimate:
        viewer = info.context.require_viewer("segments:read")
        est = await estimate_once(info, viewer, self.model.rule, [str(c.value) for c in channels or []], self.model)
        return estimate_to_type(est)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        viewer = info.context.require_viewer()
        ids = [int(i) for i in node_ids]
        if "segments:read" not in viewer.scopes:
            return [None for _ in ids]
        rows = {s.id: s for s in await services.visible_segments(viewer).filter(id__in=ids)}
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]


async def member_segments(member_id: int, info: strawberry.Info) -> list[SegmentType]:
    """``Member.segments``: the segments a member is in as of the last refresh (batched per request)."""
    info.context.require_viewer("segments:read")
    ids = await info.context.loaders.get("segment_ids_by_member").load(member_id)
    segments = await info.context.loaders.get("segment").load_many(ids)
    return [SegmentType.from_model(s) for s in segments if s is not None and s.deleted_at is None]
