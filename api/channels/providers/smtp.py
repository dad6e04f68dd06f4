"""The SMTP transport for email (aiosmtplib).

The Message-ID is derived from the send id (``<rapport-send-<id>@<sender domain>>``) and the send id
travels in ``X-Rapport-Send-Id``, so a retry after a crash is the same message to the receiving
server and to anyone deduplicating. SMTP 4xx answers, timeouts and connection errors are
retryable; 5xx answers (unknown mailbox, refused sender) are permanent.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from api.channels.base import OutgoingMessage, Provider, ProviderResult
from api.core import clock


def message_id_for(send_id: int, sender: str) -> str:
    """The Message-ID every attempt of ``send_id`` carries."""
    domain = sender.rpartition("@")[2] or "rapport.local"
    return f"<rapport-send-{send_id}@{domain}>"


class SmtpProvider(Provider):
    """One SMTP connection per message (providers batch poorly and it keeps failure per message)."""

    def build(self, message: OutgoingMessage) -> EmailMessage:
        """The email for ``message``."""
        email = EmailMessage()
        email["From"] = self.config.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = message_id_for(message.send_id, self.config.sender)
        email["Date"] = formatdate(clock.now().timestamp(), usegmt=True)
        email["X-Rapport-Send-Id"] = message.idempotency_key
        email.set_content(message.text)
        return email

    async def send(self, message: OutgoingMessage) -> ProviderResult:
        email = self.build(message)
        try:
            await aiosmtplib.send(
                email,
                hostname=self.config.host,
                port=self.config.port or 25,
                username=self.config.username or None,
                password=(self.config.secret or None) if self.config.username else None,
                use_tls=self.config.use_tls,
                start_tls=False if self.config.use_tls else None,  # STARTTLS when the server offers it
                timeout=self.config.timeout_seconds,
            )
        except aiosmtplib.SMTPResponseException as exc:
            retryable = 400 <= exc.code < 500
            return ProviderResult.fail(f"SMTP {exc.code}: {exc.message}", retryable)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [e.code for e in exc.recipients]
            retryable = all(400 <= c < 500 for c in codes)
            return ProviderResult.fail(f"SMTP recipients refused: {exc}", retryable)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return ProviderResult.fail(f"SMTP connection error: {type(exc).__name__}: {exc}", True)
        return ProviderResult.ok(email["Message-ID"])
