"""Managing people and API tokens: invite, change, disable and reset users; create and revoke tokens.

Who may manage whom (the choices are written down in the settings report and the schema):

- Admins (with ``org:write`` for users, ``tokens:write`` for tokens) manage every user and token.
- A company admin, signed in (not through a token), manages the users of their company: its company
  admins, the store managers of its stores and the guide accounts of its guides. They may grant those
  three roles within their company, never ``admin``. They also manage their company's *partner*
  tokens (role partner, company = theirs): a company connects its own POS or e-commerce system.
- Nobody else manages users or tokens.

Partners are systems, not people: they get API tokens, never user accounts. Nobody disables themself,
and the last active admin can be neither disabled nor demoted. Every change is in the audit log.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from api.accounts import services as accounts
from api.accounts.models import ApiToken, Role, Session, User
from api.accounts.password_tokens import PasswordToken, PasswordTokenPurpose
from api.audit.services import record, save_changes
from api.core import clock
from api.core.errors import DomainError, ErrorCollector, FieldError, PermissionDenied
from api.core.scope import Reach, Scope
from api.core.viewer import Viewer
from api.org.models import Store
from api.org.services import clean_text, unique_guard

INVITE_VALID = timedelta(days=7)
RESET_VALID = timedelta(hours=24)
PASSWORD_TOKEN_PREFIX = "rpw_"
MAX_PASSWORD = 256  # argon2 hashes anything, but a megabyte "password" is a denial of service
USERNAME_RE = re.compile(r"^[A-Za-z0-9._@+-]{2,80}$")
TOKEN_MAX_DAYS = 3650
USER_ROLES = (Role.ADMIN, Role.COMPANY_ADMIN, Role.STORE_MANAGER, Role.GUIDE)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _prefixed(exc: DomainError, *prefix: str) -> DomainError:
    """The same errors with their field paths under ``prefix`` (e.g. "input")."""
    return DomainError(FieldError((*prefix, *e.field), e.message, e.code) for e in exc.errors)


@dataclass(frozen=True)
class ReachInput:
    """The organisation a user or token is scoped to; which parts count depends on the role."""

    company_id: int | None = None
    store_ids: tuple[int, ...] = ()
    guide_id: int | None = None

    def for_role(self, role: Role) -> ReachInput:
        """Only what the role uses (an admin's reach is everything; a guide's is their guide)."""
        if role in (Role.COMPANY_ADMIN, Role.PARTNER):
            return ReachInput(company_id=self.company_id)
        if role is Role.STORE_MANAGER:
            return ReachInput(store_ids=tuple(dict.fromkeys(self.store_ids)))
        if role is Role.GUIDE:
            return ReachInput(guide_id=self.guide_id)
        return ReachInput()


# -- who manages whom ------------------------------------------------------------------------------


def _manager_scope(viewer: Viewer, admin_scope: str, what: str) -> Scope:
    """Admins holding ``admin_scope``, or a signed-in company admin (within their company); else refused."""
    if viewer.is_admin:
        viewer.require(admin_scope)
        return Scope.of(viewer)
    if viewer.role is Role.COMPANY_ADMIN and viewer.token_id is None and viewer.user_id is not None:
        scope = Scope.of(viewer)
        if scope.reach is Reach.COMPANY:
            return scope
    raise PermissionDenied(f"Only admins and company admins may manage {what}.")


def _user_manager_scope(viewer: Viewer) -> Scope:
    """Admins with org:write, or a signed-in company admin; everybody else is refused."""
    return _manager_scope(viewer, "org:write", "users")


async def users_q(scope: Scope) -> Q:
    """Users a manager of ``scope`` may see and change."""
    if scope.reach is Reach.ALL:
        return Q()
    company = scope.company_id
    company_stores = set(await Store.filter(company_id=company).values_list("id", flat=True))
    managers = [
        uid
        for uid, stores in await User.filter(role=Role.STORE_MANAGER).values_list("id", "store_ids")
        if stores and {int(s) for s in stores} <= company_stores
    ]
    return (
        Q(role=Role.COMPANY_ADMIN, company_id=company)
        | Q(role=Role.GUIDE, guide__store__company_id=company)
        | Q(id__in=managers or [-1])
    )


@dataclass(frozen=True)
class UserFilter:
    """What to look for among users; every part optional."""

    search: str | None = None
    role: Role | None = None
    active: bool | None = None


async def list_users(viewer: Viewer, flt: UserFilter) -> QuerySet[User]:
    """Users the viewer manages, by username: admins see all, a company admin their company's."""
    qs = User.filter(await users_q(_user_manager_scope(viewer)))
    if flt.search:
        qs = qs.filter(Q(username__icontains=flt.search) | Q(display_name__icontains=flt.search))
    if flt.role is not None:
        qs = qs.filter(role=flt.role)
    if flt.active is not None:
        qs = qs.filter(active=flt.active)
    return qs.order_by("username", "id")


async def users_by_id(viewer: Viewer, ids: list[int]) -> list[User | None]:
    """Users by id, None where missing or not managed by the viewer (``node``); never raises."""
    try:
        scope = _user_manager_scope(viewer)
    except DomainError:
        return [None for _ in ids]
    rows = {u.id: u for u in await User.filter(await users_q(scope), id__in=ids)}
    return [rows.get(i) for i in ids]


async def _managed_user(viewer: Viewer, user_id: int) -> tuple[Scope, User]:
    scope = _user_manager_scope(viewer)
    user = await User.filter(await users_q(scope), id=user_id).first()
    if user is None:
        raise DomainError.single(["id"], f"No user with id {user_id}.", "NOT_FOUND")
    return scope, user


async def _check_grant(errors: ErrorCollector, scope: Scope, role: Role, reach: ReachInput, *, tokens: bool) -> None:
    """The role and reach must exist (``_check_reach``) and lie within the granting viewer's reach."""
    allowed = (Role.PARTNER,) if tokens and scope.reach is not Reach.ALL else None
    if not tokens and role is Role.PARTNER:
        errors.add(["input", "role"], "Partners are systems: create an API token for them instead.", "INVALID")
        return
    if scope.reach is not Reach.ALL:
        ok = allowed if allowed is not None else (Role.COMPANY_ADMIN, Role.STORE_MANAGER, Role.GUIDE)
        if role not in ok:
            errors.add(["input", "role"], f"You may not grant the role {role.value}.", "PERMISSION_DENIED")
            return
    inner = ErrorCollector()
    await accounts._check_reach(inner, role, reach.company_id, list(reach.store_ids), reach.guide_id)
    for e in inner.errors:
        errors.add(["input", *e.field], e.message, e.code)
    if inner or scope.reach is Reach.ALL:
        return
    if reach.company_id is not None and not await scope.reaches_company(reach.company_id):
        errors.add(["input", "companyId"], f"No retail company with id {reach.company_id}.", "NOT_FOUND")
    for sid in reach.store_ids:
        if not await scope.reaches_store(sid):
            errors.add(["input", "storeIds"], f"No store with id {sid}.", "NOT_FOUND")
    if reach.guide_id is not None and not await scope.reaches_guide(reach.guide_id):
        errors.add(["input", "guideId"], f"No guide with id {reach.guide_id}.", "NOT_FOUND")


def _default_company(scope: Scope, role: Role, reach: ReachInput) -> ReachInput:
    """A company admin granting a company-wide role need not name their own company."""
    if role in (Role.COMPANY_ADMIN, Role.PARTNER) and reach.company_id is None and scope.reach is Reach.COMPANY:
        return ReachInput(company_id=scope.company_id)
    return reach


async def _check_last_admin(errors: ErrorCollector, user: User, path: list[str], verb: str) -> None:
    """The last active admin may not lose admin rights (nobody could manage Rapport any more).

    Takes row locks on the active admins (PostgreSQL) so that two admins demoting each other at the
    same moment cannot both succeed; SQLite runs one writing transaction at a time anyway."""
    if user.role is not Role.ADMIN or not user.active:
        return
    admins = await User.filter(role=Role.ADMIN, active=True).select_for_update().values_list("id", flat=True)
    if set(admins) <= {user.id}:
        errors.add(path, f"{user.username} is the last active admin and cannot be {verb}.", "INVALID")


async def _end_sessions(user_id: int) -> int:
    """Log a user out everywhere, at once."""
    return await Session.filter(user_id=user_id).delete()


async def _new_password_token(user: User, purpose: PasswordTokenPurpose) -> tuple[str, datetime]:
    """A fresh one-time link for ``user``; any earlier unused link stops working."""
    now = clock.now()
    await PasswordToken.filter(user_id=user.id, used_at__isnull=True).update(used_at=now)
    secret = PASSWORD_TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + (INVITE_VALID if purpose is PasswordTokenPurpose.INVITE else RESET_VALID)
    await PasswordToken.create(user_id=user.id, token_hash=_sha256(secret), purpose=purpose, expires_at=expires)
    return secret, expires


def _unusable_password() -> str:
    """A stored value no password verifies against (argon2 refuses it as a hash)."""
    return "!" + secrets.token_hex(16)


def has_password(user: User) -> bool:
    """Whether the user has set a password (an invitee or a reset user has not, yet)."""
    return not user.password_hash.startswith("!")


# -- users -----------------------------------------------------------------------------------------


async def invite_user(
    viewer: Viewer,
    username: str,
    display_name: str | None,
    role: Role,
    reach: ReachInput,
    *,
    ip: str | None = None,
) -> tuple[User, str, datetime]:
    """Create a user without a password and a one-time set-password token (shown once, valid 7 days).

    Returns (user, token secret, expiry). The invitee opens the link and calls ``set_password_with_token``.
    """
    scope = _user_manager_scope(viewer)
    errors = ErrorCollector()
    username = clean_text(errors, username, ["input", "username"], "Username", 80)
    if username and not USERNAME_RE.match(username):
        errors.add(["input", "username"], "Usernames are 2 to 80 letters, digits or . _ @ + - (no spaces).", "INVALID")
    elif username and await User.filter(username__iexact=username).exists():
        errors.add(["input", "username"], f"Username '{username}' is taken.", "DUPLICATE")
    name = clean_text(errors, display_name, ["input", "displayName"], "Display name", 80, required=False) or username
    reach = _default_company(scope, role, reach).for_role(role)
    await _check_grant(errors, scope, role, reach, tokens=False)
    errors.raise_if_any()
    async with unique_guard(["input", "username"], "Username"):
        user = await User.create(
            username=username,
            display_name=name,
            password_hash=_unusable_password(),
            role=role,
            company_id=reach.company_id,
            store_ids=list(reach.store_ids),
            guide_id=reach.guide_id,
        )
        secret, expires = await _new_password_token(user, PasswordTokenPurpose.INVITE)
        await record(
            viewer,
            "user.invite",
            target_type="User",
            target_id=user.id,
            details={"username": username, "role": role, **_reach_details(reach)},
            ip=ip,
        )
    return user, secret, expires


def _reach_details(reach: ReachInput) -> dict[str, Any]:
    return {"company_id": reach.company_id, "store_ids": list(reach.store_ids), "guide_id": reach.guide_id}


async def update_user(viewer: Viewer, user_id: int, changes: dict[str, Any], *, ip: str | None = None) -> User:
    """Change a user's display name, role or reach; ``changes`` holds the fields given (display_name,
    role, company_id, store_ids, guide_id). The new rights apply from the user's next request."""
    scope, user = await _managed_user(viewer, user_id)
    errors = ErrorCollector()
    new: dict[str, Any] = {}
    if "display_name" in changes:
        new["display_name"] = clean_text(errors, changes["display_name"], ["input", "displayName"], "Display name", 80)
    role = changes.get("role") or user.role
    if any(k in changes for k in ("role", "company_id", "store_ids", "guide_id")):
        given = ReachInput(
            company_id=changes.get("company_id", user.company_id),
            store_ids=tuple(changes.get("store_ids", user.store_ids or ()) or ()),
            guide_id=changes.get("guide_id", user.guide_id),
        )
        reach = _default_company(scope, role, given).for_role(role)
        await _check_grant(errors, scope, role, reach, tokens=False)
        if role is not Role.ADMIN:
            await _check_last_admin(errors, user, ["input", "role"], "demoted")
        new.update(role=role, company_id=reach.company_id, store_ids=list(reach.store_ids), guide_id=reach.guide_id)
    errors.raise_if_any()
    async with in_transaction():
        await save_changes(viewer, user, new, "user.update", ip=ip)
    return user


async def set_user_active(viewer: Viewer, user_id: int, active: bool, *, ip: str | None = None) -> User:
    """Disable a user (their sessions end at once, their unused set-password links and any token tied
    to them stop working) or enable them again. Nobody disables themself; the last active admin stays."""
    _, user = await _managed_user(viewer, user_id)
    if user.active == active:
        return user
    details: dict[str, Any] = {"username": user.username}
    async with in_transaction():
        if not active:
            errors = ErrorCollector()
            if user.id == viewer.user_id:
                errors.add(["id"], "You cannot disable yourself.", "INVALID")
            else:
                await _check_last_admin(errors, user, ["id"], "disabled")
            errors.raise_if_any()
            details["sessions_ended"] = await _end_sessions(user.id)
            now = clock.now()
            await PasswordToken.filter(user_id=user.id, used_at__isnull=True).update(used_at=now)
            details["tokens_revoked"] = await ApiToken.filter(user_id=user.id, revoked_at__isnull=True).update(
                revoked_at=now
            )
        user.active = active
        await user.save(update_fields=["active"])
        await record(
            viewer,
            "user.enable" if active else "user.disable",
            target_type="User",
            target_id=user.id,
            details=details,
            ip=ip,
        )
    return user


async def reset_password(viewer: Viewer, user_id: int, *, ip: str | None = None) -> tuple[User, str, datetime]:
    """Issue a new one-time set-password token (valid 24 hours). The old password stops working and
    the user's sessions end at once: a reset is what an admin does when an account may be compromised."""
    _, user = await _managed_user(viewer, user_id)
    if not user.active:
        raise DomainError.single(["id"], "Enable the user before resetting their password.", "INVALID")
    async with in_transaction():
        user.password_hash = _unusable_password()
        await user.save(update_fields=["password_hash"])
        ended = await _end_sessions(user.id)
        secret, expires = await _new_password_token(user, PasswordTokenPurpose.RESET)
        await record(
            viewer,
            "user.password_reset",
            target_type="User",
            target_id=user.id,
            details={"username": user.username, "sessions_ended": ended},
            ip=ip,
        )
    return user, secret, expires


async def set_password_with_token(secret: str, password: str, *, ip: str | None = None) -> User:
    """Set a password with a one-time token from an invitation or a reset (no login needed).

    The token works once and until it expires; an unknown, used or expired token, or one of a
    disabled user, is the same INVALID error (nothing tells which). Other sessions of the user end.
    """
    errors = ErrorCollector()
    if len(password) < accounts.MIN_PASSWORD:
        errors.add(["input", "password"], f"Password must be at least {accounts.MIN_PASSWORD} characters.", "INVALID")
    elif len(password) > MAX_PASSWORD:
        errors.add(["input", "password"], f"Password is at most {MAX_PASSWORD} characters.", "TOO_LONG")
    now = clock.now()
    row = await PasswordToken.get_or_none(token_hash=_sha256(secret.strip())).prefetch_related("user")
    valid = row is not None and row.used_at is None and row.expires_at > now and row.user.active
    if not valid:
        errors.add(["input", "token"], "This link is invalid, already used or expired. Ask for a new one.", "INVALID")
    errors.raise_if_any()
    assert row is not None
    user = row.user
    async with in_transaction():
        # Claim the token first: of two concurrent uses, only one updates the row.
        claimed = await PasswordToken.filter(id=row.id, used_at__isnull=True).update(used_at=now)
        if not claimed:
            raise DomainError.single(
                ["input", "token"], "This link is invalid, already used or expired. Ask for a new one.", "INVALID"
            )
        await accounts.set_password(user, password)
        await _end_sessions(user.id)
        await record(
            None,
            "user.password_set",
            target_type="User",
            target_id=user.id,
            details={"username": user.username, "purpose": row.purpose},
            ip=ip,
        )
    return user


# -- API tokens ------------------------------------------------------------------------------------


def _token_manager_scope(viewer: Viewer) -> Scope:
    """Admins with tokens:write, or a signed-in company admin (for their company's partner tokens)."""
    return _manager_scope(viewer, "tokens:write", "API tokens")


def tokens_q(scope: Scope) -> Q:
    """Tokens a manager of ``scope`` may see and revoke."""
    if scope.reach is Reach.ALL:
        return Q()
    return Q(role=Role.PARTNER, company_id=scope.company_id)


def list_tokens(viewer: Viewer, include_revoked: bool = True) -> QuerySet[ApiToken]:
    """API tokens the viewer manages, newest first (the secret is never kept; only its prefix)."""
    qs = ApiToken.filter(tokens_q(_token_manager_scope(viewer)))
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("-created_at", "-id")


async def tokens_by_id(viewer: Viewer, ids: list[int]) -> list[ApiToken | None]:
    """Tokens by id, None where missing or not managed by the viewer (``node``); never raises."""
    try:
        scope = _token_manager_scope(viewer)
    except DomainError:
        return [None for _ in ids]
    rows = {t.id: t for t in await ApiToken.filter(tokens_q(scope), id__in=ids)}
    return [rows.get(i) for i in ids]


async def create_api_token(
    viewer: Viewer,
    name: str,
    role: Role,
    scopes: list[str] | None,
    reach: ReachInput,
    expires_in_days: int | None,
    *,
    ip: str | None = None,
) -> tuple[str, ApiToken]:
    """Create an API token; return its secret (shown once: only the SHA-256 is stored) and the record.

    ``scopes`` narrows the role's scopes (or grants a grantable extra, e.g. members:read to a partner);
    left out, the token has the role's default scopes.
    """
    scope = _token_manager_scope(viewer)
    errors = ErrorCollector()
    name = clean_text(errors, name, ["input", "name"], "Name", 80)
    if expires_in_days is not None and not 1 <= expires_in_days <= TOKEN_MAX_DAYS:
        errors.add(["input", "expiresInDays"], f"Between 1 and {TOKEN_MAX_DAYS} days (or none).", "OUT_OF_RANGE")
    reach = _default_company(scope, role, reach).for_role(role)
    await _check_grant(errors, scope, role, reach, tokens=True)
    errors.raise_if_any()
    async with in_transaction():
        try:
            secret, token = await accounts.create_token(
                name,
                role,
                scopes=list(dict.fromkeys(scopes)) if scopes is not None else None,
                company_id=reach.company_id,
                store_ids=list(reach.store_ids),
                guide_id=reach.guide_id,
                expires_in_days=expires_in_days,
            )
        except DomainError as exc:
            raise _prefixed(exc, "input") from exc
        await record(
            viewer,
            "token.create",
            target_type="ApiToken",
            target_id=token.id,
            details={
                "name": name,
                "prefix": token.prefix,
                "role": role,
                "scopes": token.scopes,
                "expires_at": token.expires_at,
                **_reach_details(reach),
            },
            ip=ip,
        )
    return secret, token


async def revoke_api_token(viewer: Viewer, token_id: int, *, ip: str | None = None) -> ApiToken:
    """Revoke a token at once (its next request is unauthenticated). Revoking twice changes nothing."""
    scope = _token_manager_scope(viewer)
    token = await ApiToken.filter(tokens_q(scope), id=token_id).first()
    if token is None:
        raise DomainError.single(["id"], f"No API token with id {token_id}.", "NOT_FOUND")
    if token.revoked_at is not None:
        return token
    async with in_transaction():
        token.revoked_at = clock.now()
        await ApiToken.filter(id=token.id).update(revoked_at=token.revoked_at)
        await record(
            viewer,
            "token.revoke",
            target_type="ApiToken",
            target_id=token.id,
            details={"name": token.name, "prefix": token.prefix},
            ip=ip,
        )
    return token
