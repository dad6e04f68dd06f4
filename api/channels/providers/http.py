"""The HTTP transport: POST a signed JSON body to a gateway (SMS, WeChat, WeCom, push) or a webhook.

Body: ``{sendId, channel, to, subject, text, media, sender, memberId, templateId, guideId}`` (the
guide is the sender of a WeCom 1:1 message; the template id names a WeChat template message). Headers:
``X-Rapport-Timestamp`` (Unix seconds, service clock), ``X-Rapport-Signature:
sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`` and ``Idempotency-Key: <send id>`` (the same
on every retry, so the gateway drops duplicates). 2xx accepts (the message id is taken from the
answer's ``messageId`` or ``id``, else the send id); 5xx, 408, 429, timeouts and connection errors
are retryable; any other 4xx is permanent.
"""

from __future__ import annotations

import json

import httpx

from api.channels.base import (
    IDEMPOTENCY_HEADER,
    OutgoingMessage,
    Provider,
    ProviderConfig,
    ProviderResult,
    signed_headers,
)
from api.core import clock

_RETRYABLE_4XX = {408, 425, 429}
_RESERVED = {"sendId", "channel", "to", "subject", "text", "media", "sender", "memberId"}


class HttpProvider(Provider):
    """Signed JSON POSTs with httpx; one connection pool per provider instance."""

    def __init__(self, config: ProviderConfig, client: httpx.AsyncClient | None = None):
        super().__init__(config)
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(config.timeout_seconds))

    def body(self, message: OutgoingMessage) -> bytes:
        """The exact bytes that are signed and sent."""
        payload = {
            "sendId": str(message.send_id),
            "channel": message.channel.value,
            "to": message.to,
            "subject": message.subject,
            "text": message.text,
            "media": message.media,
            "sender": self.config.sender,
            "memberId": message.member_id,
            **{k: v for k, v in message.extra.items() if k not in _RESERVED},
        }
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()

    async def send(self, message: OutgoingMessage) -> ProviderResult:
        body = self.body(message)
        timestamp = str(int(clock.now().timestamp()))
        headers = {
            "Content-Type": "application/json",
            IDEMPOTENCY_HEADER: message.idempotency_key,
            **signed_headers(self.config.secret, timestamp, body),
        }
        try:
            response = await self._client.post(self.config.url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            return ProviderResult.fail(f"timeout after {self.config.timeout_seconds:g} s ({type(exc).__name__})", True)
        except httpx.HTTPError as exc:
            return ProviderResult.fail(f"connection error: {type(exc).__name__}: {exc}", True)
        status = response.status_code
        if 200 <= status < 300:
            return ProviderResult.ok(_message_id(response) or message.idempotency_key)
        text = response.text[:300]
        retryable = status >= 500 or status in _RETRYABLE_4XX
        return ProviderResult.fail(f"HTTP {status}: {text}", retryable)

    async def aclose(self) -> None:
        await self._client.aclose()


def _message_id(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    if isinstance(data, dict):
        value = data.get("messageId", data.get("id"))
        if value is not None:
            return str(value)[:128]
    return None
