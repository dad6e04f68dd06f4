"""Queries of settings: companies, users, API tokens and the audit log.

The lists only admins (and company admins) may read answer null with a PERMISSION_DENIED error to
everybody else, rather than an empty list that would look like "nobody".
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.accounts import admin
from api.accounts.models import Role as ModelRole
from api.audit import services as audit
from api.core.errors import ArgumentError, DomainError
from api.core.keyset import Keyset
from api.org import services as org
from schema.accounts.schema import Role
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.org.types import RetailCompanyType
from schema.settings.types import ApiTokenType, AuditEventType, UserType

_FIRST = "Page size, at most 100 (default 20)."
_AFTER = "Cursor of the item before the page."


def _arg_id(value: strawberry.ID | None, kind: str, arg: str) -> int | None:
    if value is None:
        return None
    try:
        return decode_id(value, kind, arg)
    except DomainError as exc:
        raise ArgumentError(f"{exc.errors[0].message} (argument '{arg}')") from exc


@strawberry.type
class SettingsQueries:
    @strawberry.field(description="Retail companies in your reach, by code (a guide or store manager: their own).")
    async def retail_companies(self, info: strawberry.Info) -> list[RetailCompanyType]:
        viewer = info.context.require_viewer()
        return [RetailCompanyType.from_model(c) for c in await org.list_companies(viewer)]

    @strawberry.field(
        description="People who sign in to the admin, by username: admins see all, a company admin the users "
        "of their company (its company admins, its store managers, its guides). Null with a "
        "PERMISSION_DENIED error for everybody else."
    )
    async def users(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=_AFTER)] = None,
        search: Annotated[str | None, strawberry.argument(description="Username or display name contains.")] = None,
        role: Annotated[Role | None, strawberry.argument(description="Only users of this role.")] = None,
        active: Annotated[
            bool | None, strawberry.argument(description="True: only enabled users; false: only disabled.")
        ] = None,
    ) -> Connection[UserType] | None:
        viewer = info.context.require_viewer()
        flt = admin.UserFilter(search=search, role=ModelRole(str(role.value)) if role else None, active=active)
        qs = await admin.list_users(viewer, flt)
        return await paginate(qs, first, after, UserType.from_model, Keyset.from_queryset(qs, "users"))

    @strawberry.field(
        description="API tokens, newest first: admins see all, a company admin their company's partner tokens. "
        "Null with a PERMISSION_DENIED error for everybody else."
    )
    async def api_tokens(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=_AFTER)] = None,
        include_revoked: Annotated[
            bool, strawberry.argument(description="Also list revoked tokens (default true).")
        ] = True,
    ) -> Connection[ApiTokenType] | None:
        viewer = info.context.require_viewer()
        qs = admin.list_tokens(viewer, include_revoked)
        return await paginate(qs, first, after, ApiTokenType.from_model, Keyset.from_queryset(qs, "apiTokens"))

    @strawberry.field(
        description="The audit log, newest first (admins only; null with a PERMISSION_DENIED error for others)."
    )
    async def audit_log(
        self,
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=_AFTER)] = None,
        action_prefix: Annotated[
            str | None,
            strawberry.argument(description="Actions starting with this, e.g. 'user.' or 'token.revoke'."),
        ] = None,
        actor_user_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only what this User did (global id).")
        ] = None,
        actor_token_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only what this ApiToken did (global id).")
        ] = None,
        since: Annotated[datetime | None, strawberry.argument(description="At or after this time.")] = None,
        until: Annotated[datetime | None, strawberry.argument(description="Before this time.")] = None,
    ) -> Connection[AuditEventType] | None:
        viewer = info.context.require_viewer()
        flt = audit.AuditFilter(
            action_prefix=action_prefix,
            actor_user_id=_arg_id(actor_user_id, "User", "actorUserId"),
            actor_token_id=_arg_id(actor_token_id, "ApiToken", "actorTokenId"),
            since=since,
            until=until,
        )
        qs = audit.list_events(viewer, flt)
        return await paginate(qs, first, after, AuditEventType.from_model, Keyset.from_queryset(qs, "auditLog"))
