"""Channel provider settings (per channel and owner company, HQ as fallback) and delivery receipts.

Who manages provider settings: admins manage HQ's (company NULL) and every company's; a company
admin manages their own company's; nobody else. Every viewer who manages settings reads HQ's and
their own company's. The secret is write-only: stored encrypted (``api.channels.crypto``), reported
only as ``secret_set``. Every change is in the audit log (without the secret).

Receipts: ``apply_receipts`` verifies the signature with the provider's secret and the timestamp
against the service clock (``ReceiptRejected`` otherwise: nothing changes), then in one transaction
records each (provider, receipt id) once and marks the send DELIVERED or FAILED.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from api.accounts.models import Role
from api.audit.services import record
from api.channels import crypto
from api.channels.base import Channel, Provider, ProviderConfig, ProviderKind, Receipt, ReceiptRejected, ReceiptStatus
from api.channels.models import MessageSend, SendStatus
from api.channels.provider_models import ChannelProvider, ReceiptSeen
from api.channels.providers import build_provider
from api.core import clock
from api.core.errors import DomainError, ErrorCollector, PermissionDenied
from api.core.scope import Reach, Scope
from api.core.viewer import Viewer
from api.org.models import RetailCompany

MAX_SECRET = 1000
MAX_TIMEOUT = 60.0


# -- resolving a send's provider --------------------------------------------------------------------


def config_of(row: ChannelProvider) -> ProviderConfig:
    """The runtime configuration of a settings row (secret decrypted)."""
    return ProviderConfig(
        id=row.id, channel=Channel(row.channel), kind=ProviderKind(row.kind), url=row.url, host=row.host,
        port=row.port, username=row.username, sender=row.sender, secret=crypto.decrypt(row.secret_encrypted) or "",
        use_tls=row.use_tls, timeout_seconds=row.timeout_seconds,
    )


async def provider_row_for(channel: Channel, company_id: int | None) -> ChannelProvider | None:
    """The company's own provider for ``channel``, else HQ's, else None."""
    rows = await ChannelProvider.filter(
        Q(company_id=company_id) | Q(company_id__isnull=True), channel=channel
    ).order_by("id")
    own = [r for r in rows if company_id is not None and r.company_id == company_id]
    hq = [r for r in rows if r.company_id is None]
    chosen = own or hq
    return chosen[0] if chosen else None


async def provider_config_for(channel: Channel, company_id: int | None) -> ProviderConfig | None:
    """The configuration the relay uses for a send on ``channel`` to a member of ``company_id``."""
    row = await provider_row_for(channel, company_id)
    return config_of(row) if row else None


def make_provider(config: ProviderConfig) -> Provider:
    """The transport for ``config`` (one instance per relay pass, closed by the relay)."""
    return build_provider(config)


# -- managing provider settings ---------------------------------------------------------------------


def _scope(viewer: Viewer) -> Scope:
    """The management scope: admins everything, company admins their company, nobody else."""
    if viewer.role not in (Role.ADMIN, Role.COMPANY_ADMIN):
        raise PermissionDenied("Only admins and company admins manage channel providers.")
    scope = Scope.of(viewer)
    if scope.reach is Reach.NONE:
        raise PermissionDenied("This account is not attached to any company.")
    return scope


async def list_providers(viewer: Viewer) -> list[ChannelProvider]:
    """The provider settings the viewer may see: HQ's and those of the companies they manage."""
    if viewer.role not in (Role.ADMIN, Role.COMPANY_ADMIN):
        return []
    scope = Scope.of(viewer)
    if scope.reach is Reach.NONE:
        return []
    return await ChannelProvider.filter(scope.owned_q()).order_by("channel", "id")


async def get_provider(viewer: Viewer, provider_id: int) -> ChannelProvider | None:
    """One provider setting in the viewer's reach, else None."""
    if viewer.role not in (Role.ADMIN, Role.COMPANY_ADMIN):
        return None
    scope = Scope.of(viewer)
    if scope.reach is Reach.NONE:
        return None
    return await ChannelProvider.filter(scope.owned_q(), id=provider_id).first()


@dataclass(frozen=True)
class ProviderInput:
    """What ``set_provider`` accepts; ``secret`` None keeps the stored one, "" is refused."""

    channel: Channel
    kind: ProviderKind
    company_id: int | None = None
    url: str = ""
    host: str = ""
    port: int | None = None
    username: str = ""
    sender: str = ""
    secret: str | None = None
    use_tls: bool = False
    timeout_seconds: float = 10.0


def _check_url(errors: ErrorCollector, url: str) -> str:
    url = url.strip()
    path = ["input", "url"]
    if not url:
        errors.add(path, "An HTTP provider needs a URL.", "REQUIRED")
        return url
    if len(url) > 500:
        errors.add(path, "The URL is longer than 500 characters.", "TOO_LONG")
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        errors.add(path, "The URL must start with https:// (or http:// for a local gateway).", "INVALID")
        return url
    if not parts.hostname:
        errors.add(path, "The URL has no host.", "INVALID")
        return url
    if parts.scheme == "http" and not _is_local(parts.hostname):
        errors.add(path, "Plain http:// is only allowed for localhost or a private address: use https://.", "INVALID")
    return url


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private


async def set_provider(viewer: Viewer, data: ProviderInput, *, ip: str | None = None) -> ChannelProvider:
    """Create or replace the provider for (company, channel). Raises ``DomainError`` on bad input."""
    scope = _scope(viewer)
    if not scope.may_change(data.company_id):
        if data.company_id is None:
            raise PermissionDenied("Only admins change HQ's channel providers.", field=["input", "companyId"])
        raise DomainError.single(["input", "companyId"], "No such company.", "NOT_FOUND")
    if data.company_id is not None and not await RetailCompany.filter(id=data.company_id).exists():
        raise DomainError.single(["input", "companyId"], "No such company.", "NOT_FOUND")
    errors = ErrorCollector()
    values: dict[str, Any] = {"kind": data.kind, "use_tls": data.use_tls, "url": "", "host": "", "port": None}
    if data.channel == Channel.EMAIL and data.kind != ProviderKind.SMTP and data.kind != ProviderKind.HTTP:
        errors.add(["input", "kind"], "Email goes over SMTP or an HTTP gateway.")
    if data.kind == ProviderKind.SMTP:
        if data.channel != Channel.EMAIL:
            errors.add(["input", "kind"], "Only email can use SMTP.")
        host = data.host.strip()
        if not host:
            errors.add(["input", "host"], "An SMTP provider needs a host.", "REQUIRED")
        elif len(host) > 255 or any(c.isspace() for c in host):
            errors.add(["input", "host"], "The host is not a valid host name.")
        port = data.port if data.port is not None else 25
        if not 1 <= port <= 65535:
            errors.add(["input", "port"], "The port must be between 1 and 65535.", "OUT_OF_RANGE")
        values.update(host=host, port=port)
    else:
        if data.port is not None:
            errors.add(["input", "port"], "Only SMTP providers have a port (put it in the URL).")
        values["url"] = _check_url(errors, data.url)
    sender = data.sender.strip()
    if data.channel == Channel.EMAIL and "@" not in sender:
        errors.add(["input", "sender"], "Email needs a from address.", "REQUIRED")
    if len(sender) > 255:
        errors.add(["input", "sender"], "The sender is longer than 255 characters.", "TOO_LONG")
    username = data.username.strip()
    if len(username) > 255:
        errors.add(["input", "username"], "The username is longer than 255 characters.", "TOO_LONG")
    if not 0.5 <= data.timeout_seconds <= MAX_TIMEOUT:
        errors.add(
            ["input", "timeoutSeconds"], f"The timeout must be between 0.5 and {MAX_TIMEOUT:g} s.", "OUT_OF_RANGE"
        )
    existing = await ChannelProvider.filter(company_id=data.company_id, channel=data.channel).first()
    if data.secret is not None:
        if not data.secret:
            errors.add(["input", "secret"], "The secret cannot be empty (omit it to keep the stored one).", "REQUIRED")
        elif len(data.secret) > MAX_SECRET:
            errors.add(["input", "secret"], f"The secret is longer than {MAX_SECRET} characters.", "TOO_LONG")
    needs_secret = data.kind == ProviderKind.HTTP or bool(username)
    has_secret = data.secret is not None or bool(existing and existing.secret_encrypted)
    if needs_secret and not has_secret:
        what = "an HMAC key to sign requests" if data.kind == ProviderKind.HTTP else "a password for the username"
        errors.add(["input", "secret"], f"A secret is required: {what}.", "REQUIRED")
    errors.raise_if_any()
    values.update(sender=sender, username=username, timeout_seconds=float(data.timeout_seconds))
    if data.secret:
        values["secret_encrypted"] = crypto.encrypt(data.secret)
    async with in_transaction():
        if existing is None:
            row = await ChannelProvider.create(company_id=data.company_id, channel=data.channel, **values)
            action = "channel_provider.create"
        else:
            await existing.update_from_dict(values).save()
            row = existing
            action = "channel_provider.update"
        details = {k: v for k, v in values.items() if k != "secret_encrypted"}
        details.update(channel=data.channel.value, company_id=data.company_id, secret_changed=bool(data.secret))
        await record(viewer, action, target_type="ChannelProvider", target_id=row.id, details=details, ip=ip)
    return row


async def delete_provider(viewer: Viewer, provider_id: int, *, ip: str | None = None) -> int:
    """Delete a provider setting; its channel falls back to HQ's (or has none). Returns the id."""
    scope = _scope(viewer)
    row = await ChannelProvider.filter(scope.owned_q(), id=provider_id).first()
    if row is None:
        raise DomainError.single(["id"], "No such channel provider.", "NOT_FOUND")
    if not scope.may_change(row.company_id):
        raise PermissionDenied("Only admins change HQ's channel providers.", field=["id"])
    async with in_transaction():
        await row.delete()
        await record(viewer, "channel_provider.delete", target_type="ChannelProvider", target_id=provider_id,
                     details={"channel": row.channel, "company_id": row.company_id}, ip=ip)
    return provider_id


# -- delivery receipts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptOutcome:
    """What a receipt request did: receipts applied, duplicates ignored, unknown sends ignored."""

    applied: int
    duplicates: int
    unknown: int


async def apply_receipts(provider_id: int, headers: Mapping[str, str], body: bytes) -> ReceiptOutcome:
    """Verify and apply a provider's delivery receipts (see the module docstring)."""
    row = await ChannelProvider.get_or_none(id=provider_id)
    if row is None:
        raise ReceiptRejected(404, "NOT_FOUND", "No such provider.")
    now = clock.now()
    receipts = make_provider(config_of(row)).parse_receipt(headers, body, now)
    applied = duplicates = unknown = 0
    for receipt in receipts:
        outcome = await _apply_one(row, receipt)
        if outcome == "applied":
            applied += 1
        elif outcome == "duplicate":
            duplicates += 1
        else:
            unknown += 1
    return ReceiptOutcome(applied, duplicates, unknown)


async def _apply_one(provider: ChannelProvider, receipt: Receipt) -> str:
    now = clock.now()
    try:
        async with in_transaction():
            await ReceiptSeen.create(
                provider_id=provider.id, receipt_id=receipt.receipt_id, send_id=receipt.send_id,
                status=receipt.status.value, received_at=now,
            )
            send = await MessageSend.filter(id=receipt.send_id).select_related("member").first()
            if send is None or (send.channel or "").upper() != provider.channel.upper() or not await _same_owner(
                provider, send
            ):
                raise _Unknown()
            # A receipt can overtake the relay's SENT write (it crashed after the provider accepted).
            open_states = [SendStatus.QUEUED, SendStatus.SENT]
            if receipt.status is ReceiptStatus.DELIVERED:
                await MessageSend.filter(id=send.id, status__in=open_states).update(
                    status=SendStatus.DELIVERED, delivered_at=now, sent_at=send.sent_at or now, leased_until=None
                )
            else:
                await MessageSend.filter(id=send.id, status__in=open_states).update(
                    status=SendStatus.FAILED, reason=f"receipt: {receipt.error or 'not delivered'}"[:200],
                    sent_at=send.sent_at or now, leased_until=None,
                )
    except IntegrityError:
        return "duplicate"
    except _Unknown:
        return "unknown"
    return "applied"


class _Unknown(Exception):
    """The receipt names a send this provider did not deliver: ignored (and not remembered)."""


async def _same_owner(provider: ChannelProvider, send: MessageSend) -> bool:
    """Whether ``provider`` is the one the relay would have used for ``send``."""
    chosen = await provider_row_for(Channel(provider.channel), send.member.company_id)
    return chosen is not None and chosen.id == provider.id
