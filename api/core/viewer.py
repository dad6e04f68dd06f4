"""The viewer: who is asking, with which role, scopes and reach over the data.

Every service that reads or writes members takes a Viewer and applies ``member_scope`` itself, so a
guide or store manager can never see outside their reach whatever the caller (GraphQL, CLI, job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q

from api.accounts.models import Role
from api.core.errors import PermissionDenied

# What each role may do when a token does not narrow it further.
ROLE_SCOPES: dict[Role, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            "members:read",
            "members:write",
            "orders:write",
            "events:write",
            "segments:read",
            "segments:write",
            "org:write",
            "tokens:write",
        }
    ),
    Role.COMPANY_ADMIN: frozenset(
        {"members:read", "members:write", "orders:write", "events:write", "segments:read", "segments:write"}
    ),
    Role.STORE_MANAGER: frozenset(
        {"members:read", "members:write", "orders:write", "events:write", "segments:read", "segments:write"}
    ),
    Role.GUIDE: frozenset({"members:read", "members:write", "orders:write", "segments:read"}),
    Role.PARTNER: frozenset({"members:read", "events:write", "orders:write"}),
}

ALL_SCOPES: frozenset[str] = frozenset().union(*ROLE_SCOPES.values())


@dataclass(frozen=True)
class Viewer:
    """An authenticated caller."""

    role: Role
    name: str
    scopes: frozenset[str]
    user_id: int | None = None
    token_id: int | None = None
    company_id: int | None = None
    store_ids: tuple[int, ...] = field(default_factory=tuple)
    guide_id: int | None = None

    @classmethod
    def system(cls) -> Viewer:
        """The viewer for work Rapport does itself (CLI, seed, jobs)."""
        return cls(role=Role.ADMIN, name="system", scopes=ROLE_SCOPES[Role.ADMIN])

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            raise PermissionDenied(f"This action needs the '{scope}' scope.")

    def member_scope(self, prefix: str = "") -> Q:
        """A filter restricting members (through ``prefix``, e.g. ``"member__"``) to this viewer."""
        if self.role in (Role.ADMIN, Role.PARTNER):
            return Q()
        where: dict[str, Any]
        if self.role is Role.COMPANY_ADMIN:
            where = {f"{prefix}home_store__company_id": self.company_id or -1}
        elif self.role is Role.STORE_MANAGER:
            where = {f"{prefix}home_store_id__in": list(self.store_ids) or [-1]}
        elif self.role is Role.GUIDE:
            where = {f"{prefix}guide_id": self.guide_id or -1}
        else:
            where = {f"{prefix}id": -1}
        return Q(**where)

    def member_scope_sql(self, alias: str = "m") -> tuple[str, list[object]]:
        """The same restriction as raw SQL for compiled queries: ``(sql, params)``."""
        if self.role in (Role.ADMIN, Role.PARTNER):
            return "1=1", []
        if self.role is Role.COMPANY_ADMIN:
            return (
                f"{alias}.home_store_id IN (SELECT id FROM store WHERE company_id = ?)",
                [self.company_id or -1],
            )
        if self.role is Role.STORE_MANAGER:
            ids: list[object] = list(self.store_ids) or [-1]
            return f"{alias}.home_store_id IN ({','.join('?' * len(ids))})", ids
        if self.role is Role.GUIDE:
            return f"{alias}.guide_id = ?", [self.guide_id or -1]
        return "1=0", []

    def can_reach_store(self, store_id: int | None, company_id: int | None) -> bool:
        """Whether a record tied to this store is inside the viewer's reach."""
        if self.role in (Role.ADMIN, Role.PARTNER):
            return True
        if self.role is Role.COMPANY_ADMIN:
            return company_id is not None and company_id == self.company_id
        if self.role is Role.STORE_MANAGER:
            return store_id is not None and store_id in self.store_ids
        return False
