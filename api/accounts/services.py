"""Authentication: users with argon2-hashed passwords, login sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.accounts.models import ApiToken, Role, Session, User
from api.core import clock
from api.core.config import get_settings
from api.core.errors import DomainError, ErrorCollector, FieldError
from api.core.viewer import ALL_SCOPES, ROLE_SCOPES, Viewer
from api.org.models import Guide, RetailCompany, Store

_hasher = PasswordHasher()
TOKEN_PREFIX = "rpt_"
MIN_PASSWORD = 8


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def _check_reach(
    errors: ErrorCollector, role: Role, company_id: int | None, store_ids: list[int], guide_id: int | None
) -> None:
    """Validate that a role comes with the organisation it is scoped to."""
    if role is Role.COMPANY_ADMIN:
        if company_id is None:
            errors.add(["companyId"], "A company admin needs a company.", "REQUIRED")
        elif not await RetailCompany.exists(id=company_id):
            errors.add(["companyId"], f"No retail company with id {company_id}.", "NOT_FOUND")
    if role is Role.STORE_MANAGER:
        if not store_ids:
            errors.add(["storeIds"], "A store manager needs at least one store.", "REQUIRED")
        else:
            found = set(await Store.filter(id__in=store_ids).values_list("id", flat=True))
            for sid in store_ids:
                if sid not in found:
                    errors.add(["storeIds"], f"No store with id {sid}.", "NOT_FOUND")
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
        password_hash=_hasher.hash(password),
        role=role,
        company_id=company_id,
        store_ids=store_ids or [],
        guide_id=guide_id,
    )


async def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError.single("password", f"Password must be at least {MIN_PASSWORD} characters.")
    user.password_hash = _hasher.hash(password)
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


async def login(username: str, password: str) -> tuple[str, User]:
    """Check a password; return a new session secret (for the cookie) and the user."""
    user = await User.get_or_none(username=username.strip(), active=True)
    ok = False
    if user is not None:
        try:
            ok = _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time as a real check so usernames cannot be probed by timing.
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
    if not ok or user is None:
        raise DomainError([FieldError(("password",), "Wrong username or password.", "INVALID_CREDENTIALS")])
    if _hasher.check_needs_rehash(user.password_hash):
        await set_password(user, password)
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    await Session.create(
        session_hash=_sha256(secret), user=user, expires_at=now + timedelta(days=get_settings().session_days)
    )
    user.last_login_at = now
    await user.save(update_fields=["last_login_at"])
    return secret, user


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
            elif scope not in ROLE_SCOPES[role]:
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
    token = await ApiToken.get_or_none(token_hash=_sha256(secret))
    now = clock.now()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    await ApiToken.filter(id=token.id).update(last_used_at=now)
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
