"""One adapter interface for every channel: send a message, parse a delivery receipt.

A ``Provider`` is built from a channel's provider settings (``ProviderConfig``). ``send`` hands one
message to the provider and answers a ``ProviderResult``: accepted with the provider's message id,
or an error that is retryable (5xx, timeout, connection refused) or permanent (4xx, bad address).
The send id is the idempotency key of every attempt, so a retry after a crash is recognisable by the
receiver. ``parse_receipt`` verifies a delivery receipt's signature and freshness and returns what
it reports; a forged or stale receipt raises ``ReceiptRejected`` and changes nothing.
"""

from __future__ import annotations

import abc
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    """The channels a message can go out on (the reach conditions use the same names)."""

    SMS = "SMS"
    WECHAT = "WECHAT"  # official-account template message
    WECOM = "WECOM"  # a guide's 1:1 message to an external contact
    EMAIL = "EMAIL"
    PUSH = "PUSH"
    WEBHOOK = "WEBHOOK"


class ProviderKind(StrEnum):
    """The transport a provider setting uses."""

    SMTP = "SMTP"
    HTTP = "HTTP"


TIMESTAMP_HEADER = "X-Rapport-Timestamp"
SIGNATURE_HEADER = "X-Rapport-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAY_WINDOW_SECONDS = 300


@dataclass(frozen=True)
class ProviderConfig:
    """A channel's provider settings with the secret decrypted (never leaves the process)."""

    id: int
    channel: Channel
    kind: ProviderKind
    url: str = ""
    host: str = ""
    port: int | None = None
    username: str = ""
    sender: str = ""
    secret: str = ""
    use_tls: bool = False
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class OutgoingMessage:
    """What the relay hands to a provider: one rendered message to one address."""

    send_id: int
    channel: Channel
    to: str
    subject: str = ""
    text: str = ""
    media: list[Any] = field(default_factory=list)
    member_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # channel specifics: templateId, guideId (WeCom)

    @property
    def idempotency_key(self) -> str:
        """The send id: the same for every attempt of the same send."""
        return str(self.send_id)


@dataclass(frozen=True)
class ProviderResult:
    """The provider's answer to one attempt."""

    accepted: bool
    provider_message_id: str | None = None
    error: str | None = None
    retryable: bool = False

    @classmethod
    def ok(cls, provider_message_id: str | None) -> ProviderResult:
        return cls(True, provider_message_id=provider_message_id)

    @classmethod
    def fail(cls, error: str, retryable: bool) -> ProviderResult:
        return cls(False, error=error[:1000], retryable=retryable)


class ReceiptStatus(StrEnum):
    """What a delivery receipt reports."""

    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Receipt:
    """One delivery receipt: which send (by send id), delivered or failed, and the receipt's own id."""

    receipt_id: str
    send_id: int
    status: ReceiptStatus
    error: str = ""


class ReceiptRejected(Exception):
    """A receipt that is not accepted: ``status`` 401 (bad signature), 409 (replayed/stale), 400 (malformed)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>``: the header value both ways use."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


def signed_headers(secret: str, timestamp: str, body: bytes) -> dict[str, str]:
    """The timestamp and signature headers for ``body``."""
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature(secret, timestamp, body)}


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def verify_signed(
    secret: str, headers: Mapping[str, str], body: bytes, now: datetime, window_seconds: int = REPLAY_WINDOW_SECONDS
) -> None:
    """Raise ``ReceiptRejected`` unless ``body`` carries a valid signature and a fresh timestamp.

    The signature is checked first (a forged request learns nothing about the window), then the
    timestamp must lie within ``window_seconds`` of the service clock either way.
    """
    if not secret:
        raise ReceiptRejected(401, "NO_SECRET", "This provider has no secret: receipts cannot be verified.")
    timestamp = _header(headers, TIMESTAMP_HEADER)
    given = _header(headers, SIGNATURE_HEADER)
    if not timestamp or not given:
        raise ReceiptRejected(401, "UNSIGNED", f"{TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are required.")
    if not hmac.compare_digest(signature(secret, timestamp, body).encode(), given.strip().encode()):
        raise ReceiptRejected(401, "BAD_SIGNATURE", "The signature does not match the body and timestamp.")
    try:
        ts = int(timestamp)
    except ValueError as exc:
        raise ReceiptRejected(401, "BAD_TIMESTAMP", "The timestamp must be Unix seconds.") from exc
    if abs(now.timestamp() - ts) > window_seconds:
        raise ReceiptRejected(
            409, "STALE", f"The timestamp is outside the {window_seconds} s replay window of the service clock."
        )


def parse_signed_json_receipts(
    secret: str, headers: Mapping[str, str], body: bytes, now: datetime
) -> list[Receipt]:
    """Verify and parse ``{"receipts": [{"id", "sendId", "status": "delivered"|"failed", "error"}]}``.

    A single receipt object (without the ``receipts`` list) is accepted too.
    """
    verify_signed(secret, headers, body, now)
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ReceiptRejected(400, "MALFORMED", "The body is not JSON.") from exc
    items = data.get("receipts", [data]) if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ReceiptRejected(400, "MALFORMED", "Expected {\"receipts\": [...]} or one receipt object.")
    receipts: list[Receipt] = []
    for item in items:
        if not isinstance(item, dict):
            raise ReceiptRejected(400, "MALFORMED", "Each receipt must be an object.")
        try:
            receipt_id = str(item["id"])
            send_id = int(item["sendId"])
            status = ReceiptStatus(str(item["status"]).lower())
        except (KeyError, ValueError, TypeError) as exc:
            raise ReceiptRejected(
                400, "MALFORMED", "Each receipt needs id, sendId and status (delivered or failed)."
            ) from exc
        if not receipt_id or len(receipt_id) > 128:
            raise ReceiptRejected(400, "MALFORMED", "A receipt id must be 1 to 128 characters.")
        receipts.append(Receipt(receipt_id, send_id, status, str(item.get("error") or "")[:200]))
    return receipts


class Provider(abc.ABC):
    """A channel's transport: send one message (idempotent on the send id), parse receipts."""

    def __init__(self, config: ProviderConfig):
        self.config = config

    @abc.abstractmethod
    async def send(self, message: OutgoingMessage) -> ProviderResult:
        """Hand ``message`` to the provider; never raises for provider errors (they are results)."""

    def parse_receipt(self, headers: Mapping[str, str], body: bytes, now: datetime) -> list[Receipt]:
        """Verify the receipt's signature (with this provider's secret) and freshness, and parse it."""
        return parse_signed_json_receipts(self.config.secret, headers, body, now)

    async def aclose(self) -> None:
        """Release connections (HTTP client pools); nothing to release by default."""
        return None
