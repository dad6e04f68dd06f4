"""``journeyEstimate``: reach on every node and the send waterfall of each message node (thin resolver over
``api.journeys.estimate``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.core.errors import DomainError
from api.journeys import estimate as service
from schema.core.errors import user_errors
from schema.core.ids import decode_id
from schema.journeys.errors import JourneyErrorCode, JourneyUserError
from schema.journeys.types import JourneyNodeKind
from schema.segments.types import ReachChannel


@strawberry.type(description="One channel of a message node, in its fallback order.")
class JourneyChannelReach:
    channel: ReachChannel = strawberry.field(description="The channel.")
    has_address: int = strawberry.field(description="Arriving members with an address on it who no earlier channel "
                                        "of the node reaches.")
    sends: int = strawberry.field(description="Of those, the ones the send gate would send on it (marketing "
                                  "consent given).")


@strawberry.type(description="Why a message node reaches fewer members than arrive, step by step as the send gate "
                 "decides.")
class JourneyMessageEstimate:
    arriving: int = strawberry.field(description="Members expected at the node.")
    channels: list[JourneyChannelReach] = strawberry.field(description="Per channel, in fallback order.")
    reachable: int = strawberry.field(description="Arriving members with an address on at least one listed channel.")
    unreachable: int = strawberry.field(description="Arriving members with no address on any listed channel.")
    no_consent: int = strawberry.field(description="Members with an address but marketing consent on no listed "
                                       "channel.")
    quiet_skipped: int = strawberry.field(description="Sends lost to quiet hours at the send time (a SKIP node).")
    quiet_deferred: int = strawberry.field(description="Sends held until the quiet hours end (a DEFER node); still "
                                           "sent.")
    capped: int = strawberry.field(description="Members already at one of their fatigue caps for the channel at "
                                   "the send time.")
    held_out: int = strawberry.field(description="The sender's holdout (0 on journey nodes: a journey's control "
                                     "group is a random-split branch).")
    expected_sends: int = strawberry.field(description="Messages expected to be sent.")
    send_at: datetime | None = strawberry.field(description="When the node's sends would be decided (the next run "
                                                "of a scheduled entry); null when it depends on events or waits.")
    exact: bool = strawberry.field(description="True: exactly what the gate would decide if it ran at send_at "
                                   "with the data of now; false: an estimate.")


@strawberry.type(description="Reach of one node.")
class JourneyNodeEstimate:
    node_id: str = strawberry.field(description="The node's id.")
    kind: JourneyNodeKind = strawberry.field(description="The node's kind.")
    arriving: int = strawberry.field(description="Members expected to arrive (for behaviour triggers: those of the "
                                     "audience who would qualify today).")
    exact: bool = strawberry.field(description="False where the figure depends on future events, waits (members "
                                   "change meanwhile) or random shares.")
    message: JourneyMessageEstimate | None = strawberry.field(description="For a message node, its waterfall.")


@strawberry.type(description="journeyEstimate's answer.")
class JourneyEstimate:
    basis: str | None = strawberry.field(default=None, description='What was estimated: "draft" or "version N".')
    nodes: list[JourneyNodeEstimate] = strawberry.field(default_factory=list, description="Per node, in graph "
                                                        "order.")
    user_errors: list[JourneyUserError] = strawberry.field(default_factory=list, description="Why there is no "
                                                           "estimate: an unknown journey or version, or the draft's "
                                                           "problems as journeyPublish names them.")


def _message(m: service.MessageWaterfall) -> JourneyMessageEstimate:
    return JourneyMessageEstimate(
        arriving=m.arriving,
        channels=[JourneyChannelReach(channel=ReachChannel(c.channel), has_address=c.has_address, sends=c.sends)
                  for c in m.channels],
        reachable=m.reachable, unreachable=m.unreachable, no_consent=m.no_consent, quiet_skipped=m.quiet_skipped,
        quiet_deferred=m.quiet_deferred, capped=m.capped, held_out=m.held_out, expected_sends=m.expected_sends,
        send_at=m.send_at, exact=m.exact,
    )


@strawberry.type
class JourneyEstimateQueries:
    @strawberry.field(description="How many members each node of a journey can really reach, and why a message "
                      "node reaches fewer than arrive (address, consent, quiet hours, caps). The draft by default, or "
                      "a published version; counted within your reach, live.")
    async def journey_estimate(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the journey.")],
        version: Annotated[int | None, strawberry.argument(description="A published version's number; default the "
                                                             "draft.")] = None,
    ) -> JourneyEstimate:
        from api.journeys.services import READ

        viewer = info.context.require_viewer(READ)
        try:
            _, basis, nodes = await service.estimate_journey(viewer, decode_id(id, "Journey", "id"), version)
        except DomainError as exc:
            return JourneyEstimate(user_errors=user_errors(JourneyUserError, JourneyErrorCode, exc.errors))
        return JourneyEstimate(basis=basis, nodes=[
            JourneyNodeEstimate(node_id=n.node_id, kind=JourneyNodeKind(n.kind.value), arriving=n.arriving,
                                exact=n.exact, message=_message(n.message) if n.message else None)
            for n in nodes])
