"""Reading the message log: every candidate send the gate decided, with its outcome and the rule behind it.

Messages are member data: reading them needs ``members:read`` and a message is visible exactly when its
member is in the viewer's reach (the one scope object). Filters by member, sender, channel, outcome and
decision time; counts per sender and outcome for the same filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from api.channels.models import MessageSend, SendStatus
from api.core.errors import DomainError
from api.core.scope import Scope
from api.core.viewer import Viewer

MAX_OUTCOME_ROWS = 500


@dataclass(frozen=True)
class MessageFilter:
    member_id: int | None = None
    sender_type: str | None = None
    sender_id: int | None = None
    channel: str | None = None
    outcomes: Sequence[SendStatus] = ()
    since: datetime | None = None
    until: datetime | None = None


def visible_messages(viewer: Viewer) -> QuerySet[MessageSend]:
    """Every message of a member in the viewer's reach (needs ``members:read``)."""
    viewer.require("members:read")
    return MessageSend.filter(Scope.of(viewer).members_q("member__"))


def filtered(viewer: Viewer, f: MessageFilter) -> QuerySet[MessageSend]:
    if f.since is not None and f.until is not None and f.since > f.until:
        raise DomainError.single(["filter", "until"], "until is before since.", "INVALID")
    qs = visible_messages(viewer)
    if f.member_id is not None:
        qs = qs.filter(member_id=f.member_id)
    if f.sender_type:
        qs = qs.filter(sender_type=f.sender_type)
    if f.sender_id is not None:
        qs = qs.filter(sender_id=f.sender_id)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.outcomes:
        qs = qs.filter(status__in=list(f.outcomes))
    if f.since is not None:
        qs = qs.filter(created_at__gte=f.since)
    if f.until is not None:
        qs = qs.filter(created_at__lt=f.until)
    return qs


@dataclass(frozen=True)
class OutcomeCount:
    sender_type: str
    sender_id: int | None
    outcome: SendStatus
    count: int


async def outcome_counts(viewer: Viewer, f: MessageFilter) -> list[OutcomeCount]:
    """How many messages each sender has per outcome, for the same filters (one ``GROUP BY``)."""
    rows: list[dict[str, Any]] = await (
        filtered(viewer, f).annotate(n=Count("id")).group_by("sender_type", "sender_id", "status")
        .order_by("sender_type", "sender_id", "status").limit(MAX_OUTCOME_ROWS)
        .values("sender_type", "sender_id", "status", "n")
    )
    return [OutcomeCount(r["sender_type"], r["sender_id"], SendStatus(r["status"]), int(r["n"])) for r in rows]


async def sender_names(keys: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], str]:
    """Display names of senders: journeys (plans are journeys) by their name; the system as such."""
    from api.journeys.models import Journey

    out: dict[tuple[str, int | None], str] = {}
    journey_ids = [i for t, i in keys if t == "journey" and i is not None]
    if journey_ids:
        for j in await Journey.filter(id__in=journey_ids).only("id", "name"):
            out[("journey", j.id)] = j.name
    return out
