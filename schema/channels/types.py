"""Channel provider types. The secret never leaves the server: only ``secretSet`` says whether there is one."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from api.channels import base
from api.channels.provider_models import ChannelProvider
from schema.core.errors import UserError
from schema.core.ids import to_global_id


@strawberry.enum(name="Channel", description="A channel messages go out on.")
class ChannelEnum(Enum):
    SMS = strawberry.enum_value(base.Channel.SMS.value, description="Text message through an SMS gateway.")
    WECHAT = strawberry.enum_value(base.Channel.WECHAT.value, description="WeChat official-account template message.")
    WECOM = strawberry.enum_value(base.Channel.WECOM.value, description="WeCom 1:1 message from a guide.")
    EMAIL = strawberry.enum_value(base.Channel.EMAIL.value, description="Email over SMTP or an HTTP gateway.")
    PUSH = strawberry.enum_value(base.Channel.PUSH.value, description="App push through a push gateway.")
    WEBHOOK = strawberry.enum_value(base.Channel.WEBHOOK.value, description="A signed HTTPS webhook.")


@strawberry.enum(name="ChannelProviderKind", description="The transport of a channel provider.")
class ProviderKindEnum(Enum):
    SMTP = strawberry.enum_value(base.ProviderKind.SMTP.value, description="An SMTP server (email only).")
    HTTP = strawberry.enum_value(
        base.ProviderKind.HTTP.value, description="A signed JSON POST (X-Rapport-Signature, Idempotency-Key)."
    )


@strawberry.type(name="ChannelProvider", description="How one channel is delivered for one company (or HQ).")
class ChannelProviderType:
    id: strawberry.ID = strawberry.field(description="Global id (type ChannelProvider).")
    channel: ChannelEnum = strawberry.field(description="The channel.")
    kind: ProviderKindEnum = strawberry.field(description="The transport.")
    company_id: strawberry.ID | None = strawberry.field(
        description="The owning retail company; null: HQ's, the fallback for companies without their own."
    )
    company_name: str | None = strawberry.field(description="The owning company's name; null for HQ.")
    url: str = strawberry.field(description="HTTP: the gateway or webhook URL.")
    host: str = strawberry.field(description="SMTP: the server host.")
    port: int | None = strawberry.field(description="SMTP: the server port.")
    username: str = strawberry.field(description="SMTP: the login user (empty: no login).")
    sender: str = strawberry.field(description="From address (email) or sign name (SMS).")
    use_tls: bool = strawberry.field(description="SMTP: implicit TLS.")
    timeout_seconds: float = strawberry.field(description="How long one attempt may take.")
    secret_set: bool = strawberry.field(
        description="Whether a secret (HMAC key or SMTP password) is stored. The secret itself is write-only."
    )
    receipt_path: str = strawberry.field(
        description="Where this provider posts signed delivery receipts (relative to the API's address)."
    )
    updated_at: datetime = strawberry.field(description="Last change.")

    @classmethod
    def from_model(cls, m: ChannelProvider, company_name: str | None = None) -> ChannelProviderType:
        return cls(
            id=strawberry.ID(to_global_id("ChannelProvider", m.id)), channel=ChannelEnum(m.channel),
            kind=ProviderKindEnum(m.kind),
            company_id=strawberry.ID(to_global_id("RetailCompany", m.company_id)) if m.company_id else None,
            company_name=company_name, url=m.url, host=m.host, port=m.port, username=m.username, sender=m.sender,
            use_tls=m.use_tls, timeout_seconds=m.timeout_seconds, secret_set=bool(m.secret_encrypted),
            receipt_path=f"/hooks/receipts/{m.id}", updated_at=m.updated_at,
        )


@strawberry.enum(description="Why a channel mutation refused its input.")
class ChannelErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="A value is missing (a URL, a host, a secret).")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="An id names nothing you can see (or manage).")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="The company already has a provider for the channel.")
    PERMISSION_DENIED = strawberry.enum_value("PERMISSION_DENIED", description="Not allowed for you.")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="Too long.")
    OUT_OF_RANGE = strawberry.enum_value("OUT_OF_RANGE", description="A port or timeout outside its range.")


@strawberry.type(description="A problem with the input of a channel mutation.")
class ChannelUserError(UserError):
    code: ChannelErrorCode = strawberry.field(description="Machine-readable reason.")
