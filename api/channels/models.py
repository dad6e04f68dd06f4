"""Message sends: the send gate's record of every candidate, and the outbox the relay delivers from.

One row per candidate send (a sender wanting to reach a member at a step, on one occasion). The gate
decides its outcome in the same transaction as the business write that caused it; a row decided
``QUEUED`` is an outbox entry that the relay delivers with the row's id as the provider's idempotency
key. ``dedupe_key`` (sender, step, occurrence, member) is unique, so deciding the same candidate twice
returns the first row and nothing is sent twice. Segment conditions (``messageReceived``) read who was
sent what, on which channel, by whom and when (``status`` sent or delivered, ``sent_at``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.members.models import Member


class SendStatus(StrEnum):
    """What became of a candidate send: the gate's decision, then the provider's answer."""

    QUEUED = "queued"  # passed the gate; in the outbox until the relay hands it to the provider
    SENT = "sent"  # the provider accepted it
    DELIVERED = "delivered"  # a delivery receipt confirmed it
    FAILED = "failed"  # the provider refused it, retries ran out, or the channel has no provider
    CAPPED = "capped"  # a fatigue cap was full (policy skip)
    DEFERRED = "deferred"  # quiet hours or a full cap with policy defer: decided again at due_at
    QUIET_SKIPPED = "quiet_skipped"  # inside quiet hours with policy skip
    UNREACHABLE = "unreachable"  # no identity on any channel the sender listed
    NO_CONSENT = "no_consent"  # reachable, but no marketing consent on the channel
    HELD_OUT = "held_out"  # in the sender's control group: deliberately not sent


class SendKind(StrEnum):
    """Marketing sends pass consent, quiet hours and caps; transactional ones (a receipt) bypass caps."""

    MARKETING = "marketing"
    TRANSACTIONAL = "transactional"


class MessageSend(Model):
    """One candidate message to one member from a sender (a plan, a journey, a guide task, the system)."""

    id = fields.BigIntField(primary_key=True)
    # no database foreign key (migration 0016): the gate writes a row only for a member it has just read
    # and locked, and a one-shot run writes a million rows, each of which would re-check its member
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "rapport.Member", related_name="message_sends", on_delete=fields.CASCADE, db_constraint=False
    )
    member_id: int
    dedupe_key = fields.CharField(
        max_length=200, unique=True,
        description="sender type, sender id, step, occurrence and member: deciding it again returns this row",
    )
    sender_type = fields.CharField(max_length=20, description="plan, journey, guide, system")
    sender_id = fields.IntField(null=True, description="id of the plan / journey / guide template that sent it")
    step = fields.CharField(max_length=64, default="", description="the sender's step (a journey node id)")
    occurrence = fields.CharField(
        max_length=64, default="", description="which run of the step (a date, an enrollment)"
    )
    kind = fields.CharEnumField(SendKind, max_length=16, default=SendKind.MARKETING)
    priority = fields.SmallIntField(default=0, description="higher wins a member's last slot under a cap")
    channel = fields.CharField(max_length=20, description="the channel chosen (the first listed if none was reachable)")
    channels: Any = fields.JSONField(default=list, description="the channels the sender listed, in fallback order")
    template_id = fields.IntField(null=True, description="the content template, if any")
    content: Any = fields.JSONField(default=dict, description="what was rendered for this member: subject, text, media")
    address = fields.CharField(max_length=255, null=True, description="phone, openid, email, push token or URL used")
    status = fields.CharEnumField(SendStatus, max_length=20, default=SendStatus.QUEUED)
    reason = fields.CharField(max_length=200, default="", description="the rule that decided the outcome")
    due_at = fields.DatetimeField(null=True, description="QUEUED: relay after it, DEFERRED: decide again at it")
    attempts = fields.SmallIntField(default=0, description="provider attempts so far")
    leased_until = fields.DatetimeField(null=True, description="a relay holds the row until then")
    policy: Any = fields.JSONField(
        default=dict, description="the sender's policies, to decide a deferred send again: capped, quiet, holdout"
    )
    last_error = fields.TextField(null=True)
    provider_message_id = fields.CharField(max_length=128, null=True)
    decided_at = fields.DatetimeField(null=True, description="when the gate decided (service clock)")
    sent_at = fields.DatetimeField(null=True, description="when the provider accepted it (NULL: not sent)")
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message_send"
        # decided_at: the cap counters are rebuilt, and journeyEstimate finds who is at a cap, by decision time
        indexes = (("member_id", "sent_at"), ("status", "due_at"), ("sender_type", "sender_id", "status"),
                   ("member_id", "decided_at"), ("decided_at",))
