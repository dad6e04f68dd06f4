"""Signed values: ``value + "." + HMAC-SHA256`` keyed by ``RAPPORT_SECRET_KEY`` and a purpose.

The session cookie is signed with it (purpose ``"session"``), so a cookie not issued by this server
is ignored before any database lookup; poster and receipt tokens can use the same helpers with
their own purpose, so that a value signed for one use is never accepted for another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from api.core.config import get_settings


def _mac(value: str, purpose: str, key: str) -> str:
    digest = hmac.new(key.encode(), f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(value: str, purpose: str, key: str | None = None) -> str:
    """``value`` followed by ``.`` and its MAC for ``purpose`` (the key defaults to the settings')."""
    if "\x00" in purpose:
        raise ValueError("a purpose cannot contain NUL")
    return f"{value}.{_mac(value, purpose, key or get_settings().secret_key)}"


def unsign(signed: str, purpose: str, key: str | None = None) -> str | None:
    """The value if ``signed`` carries a valid MAC for ``purpose``, else ``None`` (never raises)."""
    value, dot, mac = signed.rpartition(".")
    if not dot or not value or not mac:
        return None
    expected = _mac(value, purpose, key or get_settings().secret_key)
    if not hmac.compare_digest(expected.encode(), mac.encode()):
        return None
    return value
