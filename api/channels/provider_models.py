"""Provider settings per channel and owner company, and the delivery receipts already applied.

``ChannelProvider``: company NULL is HQ's setting, the fallback for a company without its own. The
secret (SMTP password or HMAC key) is stored encrypted (``api.channels.crypto``) and never returned.
``ReceiptSeen``: (provider, receipt id) is unique, so a receipt delivered twice changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from api.channels.base import Channel, ProviderKind

if TYPE_CHECKING:
    from api.org.models import RetailCompany


class ChannelProvider(Model):
    """How one channel is delivered for one company (NULL: HQ, the fallback)."""

    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyNullableRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", related_name="channel_providers", null=True, on_delete=fields.CASCADE,
        description="owning retail company, null: HQ (the fallback for every company)",
    )
    company_id: int | None
    channel = fields.CharEnumField(Channel, max_length=16)
    kind = fields.CharEnumField(ProviderKind, max_length=8)
    url = fields.CharField(max_length=500, default="", description="HTTP: the gateway or webhook URL")
    host = fields.CharField(max_length=255, default="", description="SMTP: server host")
    port = fields.IntField(null=True, description="SMTP: server port")
    username = fields.CharField(max_length=255, default="", description="SMTP: login user")
    sender = fields.CharField(max_length=255, default="", description="from address or SMS sign name")
    use_tls = fields.BooleanField(default=False, description="SMTP: implicit TLS")
    timeout_seconds = fields.FloatField(default=10.0)
    secret_encrypted = fields.TextField(
        null=True, description="Fernet token of the password or HMAC key (write-only in the API)"
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "channel_provider"
        unique_together = (("company_id", "channel"),)


class ReceiptSeen(Model):
    """A delivery receipt already applied: the same (provider, receipt id) is never applied twice."""

    id = fields.BigIntField(primary_key=True)
    provider: fields.ForeignKeyRelation[ChannelProvider] = fields.ForeignKeyField(
        "rapport.ChannelProvider", related_name="receipts", on_delete=fields.CASCADE
    )
    provider_id: int
    receipt_id = fields.CharField(max_length=128)
    send_id = fields.BigIntField(description="the message_send the receipt reported on")
    status = fields.CharField(max_length=16, description="delivered or failed")
    received_at = fields.DatetimeField(description="service clock")

    class Meta:
        table = "channel_receipt_seen"
        unique_together = (("provider_id", "receipt_id"),)
