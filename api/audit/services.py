"""Recording and reading the audit log.

``record`` is the one function every part of Rapport calls when something worth answering "who did
that?" happens (settings and catalogue changes, users, tokens, logins, imports, exports). It writes
in the caller's transaction when there is one, so a change and its audit row commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from api.audit.models import ActorKind, AuditEvent
from api.core import clock
from api.core.errors import PermissionDenied
from api.core.viewer import Viewer

# Keys whose values are never written to the log, whatever the caller passes.
_SECRET_MARKERS = ("password", "secret", "token", "hash", "cookie", "authorization")
_MAX_TEXT = 500


def _is_secret_key(key: str) -> bool:
    k = key.lower()
    if k in ("token_id", "tokenid", "token_name", "tokenname", "token_prefix", "prefix"):
        return False
    return any(marker in k for marker in _SECRET_MARKERS)


def _clean(value: Any, depth: int = 0) -> Any:
    """JSON-safe details with secret-looking keys dropped and long text cut."""
    if depth > 4:
        return "…"
    if isinstance(value, dict):
        return {str(k): _clean(v, depth + 1) for k, v in value.items() if not _is_secret_key(str(k))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        return [_clean(v, depth + 1) for v in items[:100]]
    if isinstance(value, str):
        return value if len(value) <= _MAX_TEXT else value[:_MAX_TEXT] + "…"
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)[:_MAX_TEXT]


async def record(
    viewer: Viewer | None,
    action: str,
    *,
    target_type: str = "",
    target_id: int | None = None,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    """Append one event to the audit log.

    ``viewer`` None is an anonymous caller (a failed login, a set-password link); a viewer with
    neither user nor token is Rapport itself ("system"). ``details`` must not carry secrets; keys
    that look like one (password, token, secret, hash…) are dropped anyway.
    """
    if viewer is None:
        kind, user_id, token_id, name = ActorKind.ANONYMOUS, None, None, ""
    elif viewer.token_id is not None:
        kind, user_id, token_id, name = ActorKind.TOKEN, viewer.user_id, viewer.token_id, viewer.name
    elif viewer.user_id is not None:
        kind, user_id, token_id, name = ActorKind.USER, viewer.user_id, None, viewer.name
    else:
        kind, user_id, token_id, name = ActorKind.SYSTEM, None, None, viewer.name or "system"
    await AuditEvent.create(
        at=clock.now(),
        actor_kind=kind,
        actor_user_id=user_id,
        actor_token_id=token_id,
        actor_name=name[:80],
        action=action[:60],
        target_type=target_type[:40],
        target_id=target_id,
        details=_clean(details or {}),
        ip=ip[:64] if ip else None,
    )


@dataclass(frozen=True)
class AuditFilter:
    """What to look for in the log; every part optional."""

    action_prefix: str | None = None
    actor_user_id: int | None = None
    actor_token_id: int | None = None
    target_type: str | None = None
    target_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_events(viewer: Viewer, flt: AuditFilter) -> QuerySet[AuditEvent]:
    """The audit log, newest first, for admins only (it spans every company and every account).

    ``action_prefix`` "user." matches user.invite, user.disable…; the time range is ``since`` inclusive
    to ``until`` exclusive.
    """
    if not viewer.is_admin or "org:write" not in viewer.scopes:
        raise PermissionDenied("Only admins may read the audit log.")
    q = Q()
    if flt.action_prefix:
        q &= Q(action__startswith=flt.action_prefix)
    if flt.actor_user_id is not None:
        q &= Q(actor_user_id=flt.actor_user_id)
    if flt.actor_token_id is not None:
        q &= Q(actor_token_id=flt.actor_token_id)
    if flt.target_type:
        q &= Q(target_type=flt.target_type)
    if flt.target_id is not None:
        q &= Q(target_id=flt.target_id)
    if flt.since is not None:
        q &= Q(at__gte=clock.to_utc(flt.since))
    if flt.until is not None:
        q &= Q(at__lt=clock.to_utc(flt.until))
    return AuditEvent.filter(q).order_by("-at", "-id")


async def save_changes(
    viewer: Viewer | None,
    obj: Any,
    changes: dict[str, Any],
    action: str | Callable[[dict[str, list[Any]]], str],
    *,
    ip: str | None = None,
) -> dict[str, list[Any]]:
    """Apply ``changes`` to a model instance, save only the fields that really changed and record one
    ``*.update`` audit event (target: the model's name and id) with ``{field: [before, after]}``.

    ``action`` may depend on what changed (a guide whose only change is ``active`` is "deactivated").
    Nothing is written, and nothing recorded, when nothing changed. Returns the changes.
    """
    diff = apply_changes(obj, changes)
    if diff:
        await obj.save(update_fields=list(diff))
        name = action(diff) if callable(action) else action
        await record(viewer, name, target_type=type(obj).__name__, target_id=obj.pk, details={"changes": diff}, ip=ip)
    return diff


def apply_changes(obj: Any, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``changes`` on a model instance; return ``{field: [before, after]}`` of what really changed
    (the details of an ``*.update`` audit event)."""
    diff: dict[str, list[Any]] = {}
    for key, value in changes.items():
        before = getattr(obj, key)
        if before != value:
            diff[key] = [before, value]
            setattr(obj, key, value)
    return diff
