"""Queries and mutations of the send gate: fatigue caps, quiet hours, the message log. Thin: parse, call
``api.fatigue.policy`` and ``api.channels.messages``."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.channels import messages
from api.channels.models import SendStatus
from api.core.keyset import Keyset
from api.fatigue import policy
from schema.channels.types import ChannelEnum
from schema.core.errors import mutate
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.messages.types import (
    FatigueErrorCode,
    FatiguePeriod,
    FatiguePolicy,
    FatigueUserError,
    MessageFilter,
    MessageOutcome,
    MessageType,
    SenderOutcomeCount,
)

_ERR = "What was wrong with the input; empty on success."


def _ip(info: strawberry.Info) -> str | None:
    client = getattr(info.context.request, "client", None)
    return client.host if client else None


def _company(value: strawberry.ID | None, field: list[str]) -> int | None:
    return decode_id(value, "RetailCompany", field) if value else None


@strawberry.input(description="One fatigue cap.")
class FatigueRuleInput:
    channel: ChannelEnum | None = strawberry.field(default=None, description="The channel; null: all channels.")
    period: FatiguePeriod = strawberry.field(description="Calendar DAY/WEEK/MONTH (store time zone) or rolling.")
    length: int = strawberry.field(default=1, description="Rolling: hours (1-744) or days (1-92); calendar: 1.")
    max_sends: int = strawberry.field(description="At most this many marketing messages in the period (0-1000).")


@strawberry.input(description="Replace the caps of HQ or of one company.")
class FatigueRulesSetInput:
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="The company; null: HQ's (admins) or your own company's (company admins)."
    )
    rules: list[FatigueRuleInput] = strawberry.field(
        description="At most 20 caps. For a company, an empty list means: no caps of its own, HQ's apply."
    )


@strawberry.input(description="One quiet-hour window.")
class QuietWindowInput:
    channel: ChannelEnum | None = strawberry.field(default=None, description="The channel; null: every channel.")
    start: str = strawberry.field(description="HH:MM store time.")
    end: str = strawberry.field(description="HH:MM store time; before start wraps past midnight (21:00-08:00).")


@strawberry.input(description="Replace the quiet hours of HQ or of one company.")
class QuietHoursSetInput:
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="The company; null: HQ's (admins) or your own company's (company admins)."
    )
    windows: list[QuietWindowInput] = strawberry.field(
        description="At most 10 windows. For a company, an empty list means HQ's apply."
    )


@strawberry.type(description="Result of fatigueRulesSet and quietHoursSet.")
class FatiguePolicyPayload:
    policy: FatiguePolicy | None = strawberry.field(default=None, description="The settings now in force.")
    user_errors: list[FatigueUserError] = strawberry.field(default_factory=list, description=_ERR)


def _filter(f: MessageFilter | None) -> messages.MessageFilter:
    if f is None:
        return messages.MessageFilter()
    return messages.MessageFilter(
        member_id=decode_id(f.member_id, "Member", ["filter", "memberId"]) if f.member_id else None,
        sender_type=f.sender_type, sender_id=f.sender_id, channel=f.channel.name if f.channel else None,
        outcomes=[SendStatus[o.name] for o in (f.outcomes or [])], since=f.since, until=f.until,
    )


@strawberry.type
class MessageQueries:
    @strawberry.field(description="The fatigue caps and quiet hours in force for HQ or a company you manage "
                      "(admins: any; company admins: their own).")
    async def fatigue_policy(
        self, info: strawberry.Info,
        company_id: Annotated[strawberry.ID | None, strawberry.argument(
            description="The company; null: HQ's (admins) or your own company's.")] = None,
    ) -> FatiguePolicy:
        viewer = info.context.require_viewer()
        return FatiguePolicy.from_view(await policy.view(viewer, _company(company_id, ["companyId"])))

    @strawberry.field(description="The message log: every candidate message to members in your reach, newest "
                      "first, with its outcome and the rule that decided it.")
    async def messages(
        self, info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
        filter: Annotated[MessageFilter | None, strawberry.argument(description="Which messages.")] = None,
    ) -> Connection[MessageType]:
        viewer = info.context.require_viewer("members:read")
        qs = messages.filtered(viewer, _filter(filter)).order_by("-id")
        return await paginate(qs, first, after, MessageType.from_model, Keyset.from_queryset(qs, "messages"), info)

    @strawberry.field(description="How many messages each sender has per outcome, for the same filters.")
    async def message_outcome_counts(
        self, info: strawberry.Info,
        filter: Annotated[MessageFilter | None, strawberry.argument(description="Which messages.")] = None,
    ) -> list[SenderOutcomeCount]:
        viewer = info.context.require_viewer("members:read")
        rows = await messages.outcome_counts(viewer, _filter(filter))
        names = await messages.sender_names({(r.sender_type, r.sender_id) for r in rows})
        return [SenderOutcomeCount(sender_type=r.sender_type, sender_id=r.sender_id,
                                   sender_name=names.get((r.sender_type, r.sender_id)),
                                   outcome=MessageOutcome(r.outcome.value), count=r.count) for r in rows]


@strawberry.type
class MessageMutations:
    @strawberry.mutation(description="Replace the fatigue caps of HQ or of a company (admins: any; company admins: "
                         "their own). Applies to the next decision.")
    async def fatigue_rules_set(
        self, info: strawberry.Info,
        input: Annotated[FatigueRulesSetInput, strawberry.argument(description="The caps.")],
    ) -> FatiguePolicyPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            raw = [{"channel": r.channel.name if r.channel else None, "period": r.period.name, "length": r.length,
                    "maxSends": r.max_sends} for r in input.rules]
            view = await policy.set_caps(viewer, _company(input.company_id, ["input", "companyId"]), raw, ip=_ip(info))
            return {"policy": FatiguePolicy.from_view(view)}

        return await mutate(FatiguePolicyPayload, FatigueUserError, FatigueErrorCode, action)

    @strawberry.mutation(description="Replace the quiet hours of HQ or of a company (admins: any; company admins: "
                         "their own).")
    async def quiet_hours_set(
        self, info: strawberry.Info,
        input: Annotated[QuietHoursSetInput, strawberry.argument(description="The windows.")],
    ) -> FatiguePolicyPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            raw = [{"channel": w.channel.name if w.channel else None, "start": w.start, "end": w.end}
                   for w in input.windows]
            view = await policy.set_quiet(viewer, _company(input.company_id, ["input", "companyId"]), raw,
                                          ip=_ip(info))
            return {"policy": FatiguePolicy.from_view(view)}

        return await mutate(FatiguePolicyPayload, FatigueUserError, FatigueErrorCode, action)
