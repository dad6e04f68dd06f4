"""One-time set-password links: the invitation of a new user and an admin's password reset."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.accounts.models import User


class PasswordTokenPurpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class PasswordToken(Model):
    """A single-use, expiring token that lets a user set their password. Only its SHA-256 is stored."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "rapport.User", related_name="password_tokens", on_delete=fields.CASCADE
    )
    user_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    purpose = fields.CharEnumField(PasswordTokenPurpose, max_length=10)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_token"
