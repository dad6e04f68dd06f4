"""Who may use Rapport: admin users (password + session cookie) and API tokens."""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.org.models import Guide, RetailCompany


class Role(StrEnum):
    ADMIN = "admin"
    COMPANY_ADMIN = "company_admin"
    STORE_MANAGER = "store_manager"
    GUIDE = "guide"
    PARTNER = "partner"


class User(Model):
    """A person who logs in to the admin."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=80, unique=True)
    display_name = fields.CharField(max_length=80)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=20)
    company: fields.ForeignKeyNullableRelation["RetailCompany"] = fields.ForeignKeyField(
        "rapport.RetailCompany", null=True, on_delete=fields.SET_NULL
    )
    company_id: int | None
    guide: fields.ForeignKeyNullableRelation["Guide"] = fields.ForeignKeyField(
        "rapport.Guide", null=True, on_delete=fields.SET_NULL
    )
    guide_id: int | None
    store_ids: Any = fields.JSONField(default=list, description="stores a store manager manages")
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "app_user"


class ApiToken(Model):
    """A bearer token. Only its SHA-256 is stored, the secret is shown once at creation."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80)
    token_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=16)
    role = fields.CharEnumField(Role, max_length=20)
    scopes: Any = fields.JSONField(default=list)
    user: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "rapport.User", null=True, on_delete=fields.CASCADE
    )
    user_id: int | None
    company: fields.ForeignKeyNullableRelation["RetailCompany"] = fields.ForeignKeyField(
        "rapport.RetailCompany", null=True, on_delete=fields.CASCADE, related_name="tokens"
    )
    company_id: int | None
    guide: fields.ForeignKeyNullableRelation["Guide"] = fields.ForeignKeyField(
        "rapport.Guide", null=True, on_delete=fields.CASCADE, related_name="tokens"
    )
    guide_id: int | None
    store_ids: Any = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class Session(Model):
    """An admin login session: the cookie holds the secret, the row its SHA-256."""

    id = fields.IntField(primary_key=True)
    session_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "rapport.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "app_session"
