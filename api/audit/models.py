"""The audit log: one row per action worth answering "who did that?" for."""

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ActorKind(StrEnum):
    USER = "user"
    TOKEN = "token"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


class AuditEvent(Model):
    """Who (a user, an API token, Rapport itself, or nobody yet) did what to which record.

    The actor's display name is copied so the log still reads well after a rename; ``details``
    never holds secrets (``api.audit.services.record`` drops secret-looking keys).
    """

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(db_index=True)
    actor_kind = fields.CharEnumField(ActorKind, max_length=12)
    actor_user_id = fields.IntField(null=True, db_index=True, description="app_user.id when a person acted")
    actor_token_id = fields.IntField(null=True, db_index=True, description="api_token.id when a token acted")
    actor_name = fields.CharField(max_length=80, default="")
    action = fields.CharField(max_length=60, db_index=True, description="e.g. user.invite, token.revoke")
    target_type = fields.CharField(max_length=40, default="")
    target_id = fields.BigIntField(null=True)
    details: Any = fields.JSONField(default=dict)
    ip = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "audit_event"
