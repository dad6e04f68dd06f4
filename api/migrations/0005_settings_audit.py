"""Settings: the audit log and one-time set-password tokens (invitations and resets)."""

import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from api.accounts.password_tokens import PasswordTokenPurpose
from api.audit.models import ActorKind


class Migration(migrations.Migration):
    dependencies = [("rapport", "0004_unique_constraints")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("at", fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                (
                    "actor_kind",
                    fields.CharEnumField(
                        description="USER: user\nTOKEN: token\nSYSTEM: system\nANONYMOUS: anonymous",
                        enum_type=ActorKind,
                        max_length=12,
                    ),
                ),
                ("actor_user_id", fields.IntField(null=True, db_index=True, description="app_user.id when a person acted")),
                ("actor_token_id", fields.IntField(null=True, db_index=True, description="api_token.id when a token acted")),
                ("actor_name", fields.CharField(default="", max_length=80)),
                ("action", fields.CharField(db_index=True, max_length=60, description="e.g. user.invite, token.revoke")),
                ("target_type", fields.CharField(default="", max_length=40)),
                ("target_id", fields.BigIntField(null=True)),
                (
                    "details",
                    fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads),
                ),
                ("ip", fields.CharField(null=True, max_length=64)),
            ],
            options={
                "table": "audit_event",
                "app": "rapport",
                "pk_attr": "id",
                "table_description": "Who (a user, an API token, Rapport itself, or nobody yet) did what to which record.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PasswordToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "rapport.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="password_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "purpose",
                    fields.CharEnumField(
                        description="INVITE: invite\nRESET: reset", enum_type=PasswordTokenPurpose, max_length=10
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "password_token",
                "app": "rapport",
                "pk_attr": "id",
                "table_description": "A single-use, expiring token that lets a user set their password.",
            },
            bases=["Model"],
        ),
    ]
