"""Messages sent to members, one row per send (the minimal table the segment conditions read).

The messages issue extends this table (templates, provider ids, delivery and open times, the outbox
lease); segment conditions (``messageReceived``) read who was sent what, on which channel, by whom
and when.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.members.models import Member


class SendStatus(StrEnum):
    """What became of a send (the send gate's outcome, then the provider's)."""

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    CAPPED = "capped"
    DEFERRED = "deferred"
    UNREACHABLE = "unreachable"


class MessageSend(Model):
    """One message to one member on one channel, from a sender (a plan, a journey, a guide)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "rapport.Member", related_name="message_sends", on_delete=fields.CASCADE
    )
    member_id: int
    channel = fields.CharField(max_length=20, description="SMS, WECHAT, WECOM, EMAIL or PUSH")
    sender_type = fields.CharField(max_length=20, description="plan, journey, guide, system")
    sender_id = fields.IntField(null=True, description="id of the plan / journey / guide that sent it")
    status = fields.CharEnumField(SendStatus, max_length=20, default=SendStatus.QUEUED)
    sent_at = fields.DatetimeField(null=True, description="when the provider accepted it (NULL: not sent)")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message_send"
        indexes = (("member_id", "sent_at"),)
