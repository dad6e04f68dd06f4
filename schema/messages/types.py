"""GraphQL types of the send gate: fatigue caps and quiet hours, the message log (Message nodes) and
per-sender outcome counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from api.channels.models import MessageSend, SendStatus
from api.fatigue import policy
from schema.channels.types import ChannelEnum
from schema.core.errors import UserError
from schema.org.types import RetailCompanyType

if TYPE_CHECKING:
    from schema.members.types import MemberType


@strawberry.enum(description="What became of a candidate message: the send gate's decision, then the provider's.")
class MessageOutcome(Enum):
    QUEUED = strawberry.enum_value(SendStatus.QUEUED.value, description="Passed the gate; waiting for the relay.")
    SENT = strawberry.enum_value(SendStatus.SENT.value, description="The provider accepted it.")
    DELIVERED = strawberry.enum_value(SendStatus.DELIVERED.value, description="A delivery receipt confirmed it.")
    FAILED = strawberry.enum_value(SendStatus.FAILED.value, description="The provider refused it or retries ran out.")
    CAPPED = strawberry.enum_value(SendStatus.CAPPED.value, description="A fatigue cap was full (see reason).")
    DEFERRED = strawberry.enum_value(
        SendStatus.DEFERRED.value, description="Quiet hours or a full cap: decided again at dueAt."
    )
    QUIET_SKIPPED = strawberry.enum_value(SendStatus.QUIET_SKIPPED.value,
                                          description="Inside quiet hours, and the sender skips rather than waits.")
    UNREACHABLE = strawberry.enum_value(SendStatus.UNREACHABLE.value,
                                        description="No identity on any channel the sender listed.")
    NO_CONSENT = strawberry.enum_value(SendStatus.NO_CONSENT.value,
                                       description="Reachable, but without marketing consent on the channel.")
    HELD_OUT = strawberry.enum_value(SendStatus.HELD_OUT.value,
                                     description="In the sender's control group: deliberately not sent.")


@strawberry.enum(description="The span a fatigue cap counts over.")
class FatiguePeriod(Enum):
    DAY = strawberry.enum_value("DAY", description="The calendar day in the store time zone.")
    WEEK = strawberry.enum_value("WEEK", description="The calendar week, Monday to Sunday, store time zone.")
    MONTH = strawberry.enum_value("MONTH", description="The calendar month in the store time zone.")
    ROLLING_HOURS = strawberry.enum_value("ROLLING_HOURS", description="The last `length` hours (1-744).")
    ROLLING_DAYS = strawberry.enum_value("ROLLING_DAYS", description="The last `length` days (1-92).")


@strawberry.enum(description="Why a fatigue setting was refused.")
class FatigueErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    OUT_OF_RANGE = strawberry.enum_value("OUT_OF_RANGE", description="A number outside its documented range.")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="The same channel and period is capped twice.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="No company with that id that you manage.")
    PERMISSION_DENIED = strawberry.enum_value("PERMISSION_DENIED", description="Not allowed for you.")


@strawberry.type(description="A problem with the input of a fatigue mutation.")
class FatigueUserError(UserError):
    code: FatigueErrorCode = strawberry.field(description="Machine-readable reason.")


def _channel(c: Any) -> ChannelEnum | None:
    return ChannelEnum(c.value) if c is not None else None


@strawberry.type(description="A fatigue cap: at most maxSends marketing messages per period (on one channel or all).")
class FatigueRule:
    channel: ChannelEnum | None = strawberry.field(description="The channel; null: every channel together.")
    period: FatiguePeriod = strawberry.field(description="What it counts over.")
    length: int = strawberry.field(description="Hours or days of a rolling period; 1 for calendar periods.")
    max_sends: int = strawberry.field(description="How many marketing messages fit (0: none).")
    description: str = strawberry.field(description="The rule in words, as a capped message's reason names it.")

    @classmethod
    def from_cap(cls, c: policy.Cap) -> FatigueRule:
        return cls(channel=_channel(c.channel), period=FatiguePeriod(c.period.value), length=c.length,
                   max_sends=c.max_sends, description=c.describe())


@strawberry.type(description="Quiet hours: no marketing message starts inside them (store time zone).")
class QuietWindow:
    channel: ChannelEnum | None = strawberry.field(description="The channel; null: every channel.")
    start: str = strawberry.field(description="HH:MM local time the window starts.")
    end: str = strawberry.field(description="HH:MM local time it ends (before start: it wraps past midnight).")

    @classmethod
    def from_quiet(cls, q: policy.Quiet) -> QuietWindow:
        j = q.to_json()
        return cls(channel=_channel(q.channel), start=j["start"], end=j["end"])


@strawberry.type(description="The caps and quiet hours of HQ or of one company (a company without its own uses HQ's).")
class FatiguePolicy:
    company_id: strawberry.Private[int | None]
    inherited: bool = strawberry.field(
        description="The company has no caps of its own: these are HQ's (always false for HQ)."
    )
    quiet_hours_inherited: bool = strawberry.field(
        description="The company has no quiet hours of its own: these are HQ's (always false for HQ)."
    )
    rules: list[FatigueRule] = strawberry.field(description="The caps in force; a send must fit every one.")
    quiet_hours: list[QuietWindow] = strawberry.field(description="The quiet-hour windows in force.")

    @classmethod
    def from_view(cls, v: policy.PolicyView) -> FatiguePolicy:
        return cls(company_id=v.company_id, inherited=v.rules_inherited, quiet_hours_inherited=v.quiet_inherited,
                   rules=[FatigueRule.from_cap(c) for c in v.caps],
                   quiet_hours=[QuietWindow.from_quiet(q) for q in v.quiet])

    @strawberry.field(description="The company these settings belong to; null: HQ (brand-wide).")
    async def company(self, info: strawberry.Info) -> RetailCompanyType | None:
        if self.company_id is None:
            return None
        c = await info.context.loaders.get("company").load(self.company_id)
        return RetailCompanyType.from_model(c) if c else None


@strawberry.type(name="Message", description="One candidate message to one member: what the send gate decided and why.")
class MessageType(relay.Node):
    id: relay.NodeID[int]
    sender_type: str = strawberry.field(description="Who wanted to send: journey (plans are journeys), guide, system.")
    sender_id: int | None = strawberry.field(description="The sender's id (a journey id).")
    step: str = strawberry.field(description="The sender's step: a journey node id.")
    channel: ChannelEnum = strawberry.field(description="The channel chosen (the first listed if none reached).")
    channels: list[ChannelEnum] = strawberry.field(description="The channels the sender listed, in fallback order.")
    kind: str = strawberry.field(description="marketing or transactional (transactional bypasses caps).")
    priority: int = strawberry.field(description="The sender's priority: higher takes a member's last slot.")
    outcome: MessageOutcome = strawberry.field(description="What became of it.")
    reason: str = strawberry.field(description="The rule that decided the outcome, e.g. the cap that was full.")
    subject: str | None = strawberry.field(description="The rendered subject (email), if sent.")
    text: str | None = strawberry.field(description="The rendered text, if it passed the gate.")
    decided_at: datetime | None = strawberry.field(description="When the gate decided (service clock).")
    due_at: datetime | None = strawberry.field(description="Queued: relay after; deferred: decided again at.")
    sent_at: datetime | None = strawberry.field(description="When the provider accepted it.")
    delivered_at: datetime | None = strawberry.field(description="When a receipt confirmed delivery.")
    attempts: int = strawberry.field(description="Provider attempts so far.")
    last_error: str | None = strawberry.field(description="The provider's last error, if any.")
    model: strawberry.Private[MessageSend]

    @classmethod
    def from_model(cls, m: MessageSend) -> MessageType:
        content = m.content if isinstance(m.content, dict) else {}
        return cls(
            id=m.id, sender_type=m.sender_type, sender_id=m.sender_id, step=m.step, channel=ChannelEnum(m.channel),
            channels=[ChannelEnum(c) for c in (m.channels or [])], kind=str(m.kind.value if hasattr(m.kind, "value")
                                                                               else m.kind),
            priority=m.priority, outcome=MessageOutcome(SendStatus(m.status).value), reason=m.reason,
            subject=content.get("subject") or None, text=content.get("text"), decided_at=m.decided_at,
            due_at=m.due_at, sent_at=m.sent_at, delivered_at=m.delivered_at, attempts=m.attempts,
            last_error=m.last_error, model=m,
        )

    @strawberry.field(description="The sender's name (the journey's), when it has one.")
    async def sender_name(self, info: strawberry.Info) -> str | None:
        from api.channels.messages import sender_names

        names = await sender_names({(self.sender_type, self.sender_id)})
        return names.get((self.sender_type, self.sender_id))

    @strawberry.field(description="The member.")
    async def member(self, info: strawberry.Info) -> Annotated[MemberType, strawberry.lazy("schema.members.types")]:
        from api.members.models import Member
        from schema.members.types import MemberType

        # a message is visible only when its member is (api.channels.messages.visible_messages)
        return MemberType.from_model(await Member.get(id=self.model.member_id))

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        from api.channels.messages import visible_messages

        viewer = info.context.require_viewer()
        ids = [int(i) for i in node_ids]
        if "members:read" not in viewer.scopes:
            return [None for _ in ids]
        rows = {m.id: m for m in await visible_messages(viewer).filter(id__in=ids)}
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]


@strawberry.type(description="How many messages one sender has with one outcome.")
class SenderOutcomeCount:
    sender_type: str = strawberry.field(description="journey, guide, system.")
    sender_id: int | None = strawberry.field(description="The sender's id.")
    sender_name: str | None = strawberry.field(description="The sender's name, when it has one.")
    outcome: MessageOutcome = strawberry.field(description="The outcome.")
    count: int = strawberry.field(description="How many.")


@strawberry.input(description="Which messages: every filter given must hold.")
class MessageFilter:
    member_id: strawberry.ID | None = strawberry.field(default=None, description="Only this member's (global id).")
    sender_type: str | None = strawberry.field(default=None, description="Only this kind of sender (journey …).")
    sender_id: int | None = strawberry.field(default=None, description="Only this sender's (a journey id).")
    channel: ChannelEnum | None = strawberry.field(default=None, description="Only on this channel.")
    outcomes: list[MessageOutcome] | None = strawberry.field(default=None, description="Only these outcomes.")
    since: datetime | None = strawberry.field(default=None, description="Decided at or after.")
    until: datetime | None = strawberry.field(default=None, description="Decided before.")
