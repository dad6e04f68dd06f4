"""Provider secrets encrypted at rest: Fernet (AES-128-CBC + HMAC-SHA256) keyed from the server secret.

The key is derived with HKDF-SHA256 from ``settings.secret_key`` and a fixed purpose, so rotating the
server secret makes stored provider secrets unreadable (they must be set again): ``decrypt`` then
answers ``None`` and the relay reports the provider as misconfigured rather than sending unsigned.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.core.config import get_settings

_PURPOSE = b"rapport/channel-provider-secret/v1"


def _fernet(secret_key: str | None = None) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        (secret_key or get_settings().secret_key).encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str) -> str:
    """The Fernet token of ``plain`` (ASCII, safe to store in a text column)."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str | None) -> str | None:
    """The plain secret, or ``None`` when there is none or it was encrypted under another key."""
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None
