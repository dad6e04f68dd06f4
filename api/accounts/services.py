"""Authentication: users with argon2-hashed passwords, login sessions and API tokens."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.expressions import Q

from api.accounts import throttle
from api.accounts.models import ApiToken, Role, Session, User
from api.audit import services as audit
from api.core import clock, signing
from api.core.config import get_settings
from api.core.errors import DomainError, ErrorCollector, FieldError
from api.core.viewer import ALL_SCOPES, GRANTABLE_SCOPES, ROLE_SCOPES, Viewer
from api.org.models import Guide, RetailCompany, Store

_hasher = PasswordHasher()
TOKEN_PREFIX = "rpt_"
MIN_PASSWORD = 8
SESSION_PURPOSE = "session"
SESSION_COOKIE = "rapport_session"


class LoginThrottled(DomainError):
    """Too many failed logins for this username or address: refused until ``retry_after`` has passed."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(
            [
                FieldError(
                    (),
                    f"Too many failed logins. Try again in {throttle.seconds_text(retry_after)}.",
                    "THROTTLED",
                )
            ]
        )


async def hash_password(password: str) -> str:
    """argon2-hash a password in a worker thread: argon2 is slow by design and must not stall the event loop."""
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its argon2 hash in a worker thread (tens of milliseconds of CPU)."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def _check_reach(
    errors: ErrorCollector, role: Role, company_id: int | None, store_ids: list[int], guide_id: int | None
) -> None:
    """Validate that a role comes with the organisation it is scoped to."""
    if role in (Role.COMPANY_ADMIN, Role.PARTNER):
        if company_id is None:
            errors.add(["companyId"], f"A {role.value.replace('_', ' ')} needs a company.", "REQUIRED")
        elif not await RetailCompany.exists(id=company_id):
            errors.add(["companyId"], f"No retail company with id {company_id}.", "NOT_FOUND")
    if role is Role.STORE_MANAGER:
        if not store_ids:
            errors.add(["storeIds"], "A store manager needs at least one store.", "REQUIRED")
        else:
            found = dict(await Store.filter(id__in=store_ids).values_list("id", "company_id"))
            for sid in store_ids:
                if sid not in found:
                    errors.add(["storeIds"], f"No store with id {sid}.", "NOT_FOUND")
            if len(set(found.values())) > 1:
                errors.add(["storeIds"], "A store manager's stores must belong to one company.", "INVALID")
    if role is Role.GUIDE:
        if guide_id is None:
            errors.add(["guideId"], "A guide account needs its guide.", "REQUIRED")
        elif not await Guide.exists(id=guide_id):
            errors.add(["guideId"], f"No guide with id {guide_id}.", "NOT_FOUND")


async def create_user(
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    company_id: int | None = None,
    store_ids: list[int] | None = None,
    guide_id: int | None = None,
) -> User:
    """Create an admin-console user; the password is stored as an argon2 hash only."""
    errors = ErrorCollector()
    username = username.strip()
    if not username:
        errors.add(["username"], "Username is required.", "REQUIRED")
    elif await User.exists(username=username):
        errors.add(["username"], f"Username '{username}' is taken.", "DUPLICATE")
    if len(password) < MIN_PASSWORD:
        errors.add(["password"], f"Password must be at least {MIN_PASSWORD} characters.", "INVALID")
    await _check_reach(errors, role, company_id, store_ids or [], guide_id)
    errors.raise_if_any()
    return await User.create(
        username=username,
        display_name=display_name or username,
        password_hash=await hash_password(password),
        role=role,
        company_id=company_id,
        store_ids=store_ids or [],
        guide_id=guide_id,
    )


async def set_password(user: User, password: str) -> None:
    """Replace a user's password (hashed off the event loop)."""
    if len(password) < MIN_PASSWORD:
        raise DomainError.single("password", f"Password must be at least {MIN_PASSWORD} characters.")
    user.password_hash = await hash_password(password)
    await user.save(update_fields=["password_hash"])


def _viewer_for_user(user: User) -> Viewer:
    return Viewer(
        role=user.role,
        name=user.display_name,
        scopes=ROLE_SCOPES[user.role],
        user_id=user.id,
        company_id=user.company_id,
        store_ids=tuple(user.store_ids or ()),
        guide_id=user.guide_id,
    )


async def login(username: str, password: str, client_ip: str | None = None) -> tuple[str, User]:
    """Check a password; return a new session secret (for the cookie) and the user.

    Failed attempts are counted per username and per client address (``throttle``); while either is
    locked the attempt is refused with ``THROTTLED`` before the password is checked, so guessing
    gets exponentially slower and a locked account cannot be probed. Success clears the username's
    failures. Unknown usernames cost the same argon2 check as known ones, so they cannot be told
    apart by timing.
    """
    subjects = throttle.subjects(username, client_ip)
    wait = await throttle.retry_after(subjects)
    if wait > 0:
        await audit.record(None, "login.throttled", details={"username": username[:80]}, ip=client_ip)
        raise LoginThrottled(wait)
    user = await User.get_or_none(username=username.strip(), active=True)
    if user is not None:
        ok = await _verify_password(user.password_hash, password)
    else:
        await _verify_password(_DUMMY_HASH, password)
        ok = False
    if not ok or user is None:
        await throttle.record_failure(subjects)
        await audit.record(None, "login.failure", details={"username": username[:80]}, ip=client_ip)
        raise DomainError([FieldError(("password",), "Wrong username or password.", "INVALID_CREDENTIALS")])
    await throttle.reset(subjects[0])
    if _hasher.check_needs_rehash(user.password_hash):
        await set_password(user, password)
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    await Session.create(
        session_hash=_sha256(secret), user=user, expires_at=now + timedelta(days=get_settings().session_days)
    )
    user.last_login_at = now
    await user.save(update_fields=["last_login_at"])
    await audit.record(_viewer_for_user(user), "login.success", target_type="User", target_id=user.id, ip=client_ip)
    return secret, user


def session_cookie_value(session_secret: str) -> str:
    """What the session cookie holds: the secret signed with ``RAPPORT_SECRET_KEY``."""
    return signing.sign(session_secret, SESSION_PURPOSE)


def session_secret_from_cookie(cookie: str | None) -> str | None:
    """The session secret in a cookie, or ``None`` when the cookie is missing or its signature is wrong."""
    if not cookie:
        return None
    return signing.unsign(cookie, SESSION_PURPOSE)


_DUMMY_HASH = _hasher.hash("not-a-real-password")


async def logout(session_secret: str) -> None:
    await Session.filter(session_hash=_sha256(session_secret)).delete()


async def viewer_from_session(session_secret: str) -> Viewer | None:
    session = await Session.get_or_none(session_hash=_sha256(session_secret)).prefetch_related("user")
    if session is None or session.expires_at <= clock.now() or not session.user.active:
        return None
    return _viewer_for_user(session.user)


async def create_token(
    name: str,
    role: Role,
    scopes: list[str] | None = None,
    company_id: int | None = None,
    store_ids: list[int] | None = None,
    guide_id: int | None = None,
    user_id: int | None = None,
    expires_in_days: int | None = None,
) -> tuple[str, ApiToken]:
    """Create an API token; return the secret (shown once) and its record.

    ``scopes`` narrows the role's scopes; a scope the role does not have is refused.
    """
    errors = ErrorCollector()
    if scopes:
        for i, scope in enumerate(scopes):
            if scope not in ALL_SCOPES:
                errors.add(["scopes", i], f"Unknown scope '{scope}'. Known: {', '.join(sorted(ALL_SCOPES))}.")
            elif scope not in GRANTABLE_SCOPES[role]:
                errors.add(["scopes", i], f"Role {role.value} cannot have scope '{scope}'.")
    if expires_in_days is not None and expires_in_days <= 0:
        errors.add(["expiresInDays"], "Must be a positive number of days.")
    await _check_reach(errors, role, company_id, store_ids or [], guide_id)
    errors.raise_if_any()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = await ApiToken.create(
        name=name,
        token_hash=_sha256(secret),
        prefix=secret[:12],
        role=role,
        scopes=sorted(scopes) if scopes else sorted(ROLE_SCOPES[role]),
        company_id=company_id,
        store_ids=store_ids or [],
        guide_id=guide_id,
        user_id=user_id,
        expires_at=clock.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return secret, token


async def viewer_from_token(secret: str) -> Viewer | None:
    """The viewer of a live bearer token, or ``None``.

    ``last_used_at`` has minute precision and is written at most once a minute per token (only
    when the stored minute is older), so busy partner tokens do not take a row lock per request.
    """
    token = await ApiToken.get_or_none(token_hash=_sha256(secret))
    now = clock.now()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    minute = now.replace(second=0, microsecond=0)
    if token.last_used_at is None or token.last_used_at < minute:
        await ApiToken.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=minute), id=token.id).update(
            last_used_at=minute
        )
    return Viewer(
        role=token.role,
        name=token.name,
        scopes=frozenset(token.scopes),
        token_id=token.id,
        user_id=token.user_id,
        company_id=token.company_id,
        store_ids=tuple(token.store_ids or ()),
        guide_id=token.guide_id,
    )


async def revoke_token(token_id: int) -> None:
    await ApiToken.filter(id=token_id).update(revoked_at=clock.now())
