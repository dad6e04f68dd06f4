"""Queries and mutations of channel provider settings. Thin: parse, call ``api.channels.services``."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.channels import services
from api.channels.base import Channel, ProviderKind
from api.org.models import RetailCompany
from schema.channels.types import ChannelEnum, ChannelErrorCode, ChannelProviderType, ChannelUserError, ProviderKindEnum
from schema.core.errors import mutate
from schema.core.ids import decode_id

_ERR = "What was wrong with the input; empty on success."


async def _names(company_ids: set[int]) -> dict[int, str]:
    if not company_ids:
        return {}
    return {c.id: c.name for c in await RetailCompany.filter(id__in=list(company_ids))}


def _ip(info: strawberry.Info) -> str | None:
    client = getattr(info.context.request, "client", None)
    return client.host if client else None


@strawberry.input(description="A channel provider setting: created, or replaced for the same company and channel.")
class ChannelProviderSetInput:
    channel: ChannelEnum = strawberry.field(description="The channel.")
    kind: ProviderKindEnum = strawberry.field(description="The transport (SMTP for email only).")
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="The owning company; null: HQ's (admins only), the fallback for every company."
    )
    url: str = strawberry.field(default="", description="HTTP: https:// URL (http:// only for localhost/private).")
    host: str = strawberry.field(default="", description="SMTP: server host.")
    port: int | None = strawberry.field(default=None, description="SMTP: server port, 1-65535 (default 25).")
    username: str = strawberry.field(default="", description="SMTP: login user; empty for no login.")
    sender: str = strawberry.field(default="", description="From address (email, required) or SMS sign name.")
    secret: str | None = strawberry.field(
        default=None,
        description="HMAC key (HTTP) or SMTP password. Write-only: required on create for HTTP, omit to keep "
        "the stored one.",
    )
    use_tls: bool = strawberry.field(default=False, description="SMTP: implicit TLS.")
    timeout_seconds: float = strawberry.field(default=10.0, description="Seconds one attempt may take (0.5-60).")


@strawberry.type(description="Result of channelProviderSet.")
class ChannelProviderSetPayload:
    channel_provider: ChannelProviderType | None = strawberry.field(
        default=None, description="The setting; null when userErrors is not empty."
    )
    user_errors: list[ChannelUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of channelProviderDelete.")
class ChannelProviderDeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="The id of the deleted setting; null when userErrors is not empty."
    )
    user_errors: list[ChannelUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type
class ChannelQueries:
    @strawberry.field(
        description="Channel provider settings you manage: HQ's and your company's (admins: all). Empty for "
        "roles that do not manage them."
    )
    async def channel_providers(self, info: strawberry.Info) -> list[ChannelProviderType]:
        viewer = info.context.require_viewer()
        rows = await services.list_providers(viewer)
        names = await _names({r.company_id for r in rows if r.company_id})
        return [ChannelProviderType.from_model(r, names.get(r.company_id or 0)) for r in rows]


@strawberry.type
class ChannelMutations:
    @strawberry.mutation(
        description="Create or replace the provider of a channel for a company (or HQ). Admins: any; company "
        "admins: their company's."
    )
    async def channel_provider_set(
        self, info: strawberry.Info,
        input: Annotated[ChannelProviderSetInput, strawberry.argument(description="The setting.")],
    ) -> ChannelProviderSetPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            company_id = (
                decode_id(input.company_id, "RetailCompany", ["input", "companyId"]) if input.company_id else None
            )
            data = services.ProviderInput(
                channel=Channel(input.channel.name), kind=ProviderKind(input.kind.name), company_id=company_id,
                url=input.url, host=input.host, port=input.port, username=input.username, sender=input.sender,
                secret=input.secret, use_tls=input.use_tls, timeout_seconds=input.timeout_seconds,
            )
            row = await services.set_provider(viewer, data, ip=_ip(info))
            names = await _names({company_id} if company_id else set())
            return {"channel_provider": ChannelProviderType.from_model(row, names.get(company_id or 0))}

        return await mutate(ChannelProviderSetPayload, ChannelUserError, ChannelErrorCode, action)

    @strawberry.mutation(description="Delete a provider setting; the channel falls back to HQ's provider, if any.")
    async def channel_provider_delete(
        self, info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The ChannelProvider id.")],
    ) -> ChannelProviderDeletePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "ChannelProvider", ["id"])
            await services.delete_provider(viewer, pk, ip=_ip(info))
            return {"deleted_id": id}

        return await mutate(ChannelProviderDeletePayload, ChannelUserError, ChannelErrorCode, action)
