"""The viewer: who is asking, with which role and scopes (what they may do).

What they may *reach* (companies, stores, guides, members) is ``api.core.scope.Scope.of(viewer)``;
every service that reads or writes takes a Viewer and asks its scope, whatever the caller
(GraphQL, CLI, job).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    Role.STORE_MANAGER: frozenset({"members:read", "members:write", "orders:write", "events:write", "segments:read"}),
    Role.GUIDE: frozenset({"members:read", "members:write", "orders:write", "segments:read"}),
    # A partner pushes facts in and reads conversions; member data only when a token grants members:read.
    Role.PARTNER: frozenset({"events:write", "orders:write", "conversions:read"}),
}

# Scopes a token of each role may be given beyond its defaults (explicitly, at creation).
GRANTABLE_SCOPES: dict[Role, frozenset[str]] = {
    **ROLE_SCOPES,
    Role.PARTNER: ROLE_SCOPES[Role.PARTNER] | {"members:read"},
}

ALL_SCOPES: frozenset[str] = frozenset().union(*GRANTABLE_SCOPES.values())


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
