"""GraphQL types of settings: users, API tokens and audit events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from api.accounts import admin
from api.accounts.models import ApiToken, User
from api.audit.models import AuditEvent
from schema.accounts.schema import Role
from schema.core.ids import to_global_id
from schema.org.types import GuideType, RetailCompanyType, StoreType


async def _company(info: strawberry.Info, company_id: int | None) -> RetailCompanyType | None:
    if company_id is None:
        return None
    c = await info.context.loaders.get("company").load(company_id)
    return RetailCompanyType.from_model(c) if c else None


async def _stores(info: strawberry.Info, store_ids: Any) -> list[StoreType]:
    rows = await info.context.loaders.get("store").load_many([int(s) for s in store_ids or ()])
    return [StoreType.from_model(s) for s in rows if s is not None]


async def _guide(info: strawberry.Info, guide_id: int | None) -> GuideType | None:
    if guide_id is None:
        return None
    g = await info.context.loaders.get("guide").load(guide_id)
    return GuideType.from_model(g) if g else None


@strawberry.type(
    name="User",
    description="A person who signs in to the admin. Users are never deleted (the audit log names "
    "them): disable them instead.",
)
class UserType(relay.Node):
    id: relay.NodeID[int]
    username: str = strawberry.field(description="Sign-in name, unique.")
    display_name: str = strawberry.field(description="Name shown in the admin and the audit log.")
    role: Role = strawberry.field(description="What the user may do; their reach is company/stores/guide.")
    active: bool = strawberry.field(description="False when disabled: the user cannot sign in.")
    password_set: bool = strawberry.field(
        description="False while an invitation or a password reset is pending (no password works yet)."
    )
    created_at: datetime = strawberry.field(description="When the user was created (invited).")
    last_login_at: datetime | None = strawberry.field(description="Last successful sign-in; null: never.")
    model: strawberry.Private[User]

    @classmethod
    def from_model(cls, m: User) -> UserType:
        return cls(
            id=m.id,
            username=m.username,
            display_name=m.display_name,
            role=Role(m.role.value),
            active=m.active,
            password_set=admin.has_password(m),
            created_at=m.created_at,
            last_login_at=m.last_login_at,
            model=m,
        )

    @strawberry.field(description="Company admins: their retail company. Null for other roles.")
    async def company(self, info: strawberry.Info) -> RetailCompanyType | None:
        return await _company(info, self.model.company_id)

    @strawberry.field(description="Store managers: the stores they manage. Empty for other roles.")
    async def stores(self, info: strawberry.Info) -> list[StoreType]:
        return await _stores(info, self.model.store_ids)

    @strawberry.field(description="Guide accounts: the guide they are. Null for other roles.")
    async def guide(self, info: strawberry.Info) -> GuideType | None:
        return await _guide(info, self.model.guide_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        rows = await admin.users_by_id(info.context.require_viewer(), [int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]


def _minute(value: datetime | None) -> datetime | None:
    return value.replace(second=0, microsecond=0) if value else None


@strawberry.type(
    name="ApiToken",
    description="A bearer token for a system (a POS, an e-commerce site, a partner). Its secret was shown "
    "once, at creation; only its prefix is kept to recognise it. Revoke it rather than delete it.",
)
class ApiTokenType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="What the token is for, e.g. 'POS Shanghai'.")
    prefix: str = strawberry.field(description="First characters of the secret, to recognise it.")
    role: Role = strawberry.field(description="The role the token acts with.")
    scopes: list[str] = strawberry.field(description="What the token may do, e.g. events:write.")
    created_at: datetime = strawberry.field(description="When the token was created.")
    expires_at: datetime | None = strawberry.field(description="When it stops working; null: never.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked; null: not revoked.")
    last_used_at: datetime | None = strawberry.field(
        description="Last request made with it, to the minute (seconds are zero); null: never used."
    )
    model: strawberry.Private[ApiToken]

    @classmethod
    def from_model(cls, m: ApiToken) -> ApiTokenType:
        return cls(
            id=m.id,
            name=m.name,
            prefix=m.prefix,
            role=Role(m.role.value),
            scopes=sorted(m.scopes or ()),
            created_at=m.created_at,
            expires_at=m.expires_at,
            revoked_at=m.revoked_at,
            last_used_at=_minute(m.last_used_at),
            model=m,
        )

    @strawberry.field(description="Whether the token works now (neither revoked nor expired).")
    def active(self) -> bool:
        from api.core import clock

        expired = self.model.expires_at is not None and self.model.expires_at <= clock.now()
        return self.model.revoked_at is None and not expired

    @strawberry.field(description="Company-wide roles (partner, company admin): the company it is scoped to.")
    async def company(self, info: strawberry.Info) -> RetailCompanyType | None:
        return await _company(info, self.model.company_id)

    @strawberry.field(description="Store-manager tokens: the stores it is scoped to.")
    async def stores(self, info: strawberry.Info) -> list[StoreType]:
        return await _stores(info, self.model.store_ids)

    @strawberry.field(description="Guide tokens: the guide it acts as.")
    async def guide(self, info: strawberry.Info) -> GuideType | None:
        return await _guide(info, self.model.guide_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        rows = await admin.tokens_by_id(info.context.require_viewer(), [int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]


@strawberry.enum(description="Who acted.")
class AuditActorKind(Enum):
    USER = strawberry.enum_value("user", description="A person signed in to the admin.")
    TOKEN = strawberry.enum_value("token", description="An API token.")
    SYSTEM = strawberry.enum_value("system", description="Rapport itself (a job, the command line).")
    ANONYMOUS = strawberry.enum_value(
        "anonymous", description="Nobody signed in (a failed login, a set-password link)."
    )


# Audit target types that are Relay nodes: their target ids are given as global ids.
_NODE_TYPES = {"User", "ApiToken", "RetailCompany", "Store", "Guide", "Tier", "Product", "CardProduct", "Member"}


@strawberry.type(name="AuditEvent", description="One entry of the audit log: who did what to which record.")
class AuditEventType:
    id: strawberry.ID = strawberry.field(description="Entry id (numeric, increasing).")
    at: datetime = strawberry.field(description="When it happened.")
    actor_kind: AuditActorKind = strawberry.field(description="A user, a token, the system or nobody.")
    actor_name: str = strawberry.field(
        description="The actor's display name at the time (a user's or a token's name); empty when anonymous."
    )
    actor_user_id: strawberry.ID | None = strawberry.field(description="Global id of the User who acted, if any.")
    actor_token_id: strawberry.ID | None = strawberry.field(description="Global id of the ApiToken that acted, if any.")
    action: str = strawberry.field(
        description="What was done, as `<object>.<verb>`: user.invite, token.create, token.revoke, store.update, "
        "member.import, member.export, login.success, login.failure…"
    )
    target_type: str = strawberry.field(description="Type of the record acted on (e.g. User, Store); may be empty.")
    target_id: strawberry.ID | None = strawberry.field(
        description="The record acted on: a global id for node types, else its numeric id; null if none."
    )
    details: JSON = strawberry.field(
        description="What changed (for updates `changes: {field: [before, after]}`); never secrets."
    )
    ip: str | None = strawberry.field(description="The client's IP address, when the action came over HTTP.")

    @classmethod
    def from_model(cls, m: AuditEvent) -> AuditEventType:
        target: str | None = None
        if m.target_id is not None:
            target = to_global_id(m.target_type, m.target_id) if m.target_type in _NODE_TYPES else str(m.target_id)
        return cls(
            id=strawberry.ID(str(m.id)),
            at=m.at,
            actor_kind=AuditActorKind(m.actor_kind.value),
            actor_name=m.actor_name,
            actor_user_id=strawberry.ID(to_global_id("User", m.actor_user_id)) if m.actor_user_id else None,
            actor_token_id=strawberry.ID(to_global_id("ApiToken", m.actor_token_id)) if m.actor_token_id else None,
            action=m.action,
            target_type=m.target_type,
            target_id=strawberry.ID(target) if target else None,
            details=m.details,
            ip=m.ip,
        )
