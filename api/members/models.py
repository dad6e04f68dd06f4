"""Members (会员/客户): profile, ownership, tags, channel identities and the totals segments need."""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from api.loyalty.models import Tier
    from api.org.models import Guide, RetailCompany, Store

# The unique index that makes a phone number identify one member *within a retail company*
# (migration 0006). Tortoise cannot declare an expression index, so the model declares none.
PHONE_IDENTITY_INDEX = "uid_member_company_phone"
PHONE_IDENTITY_COLUMNS = 'COALESCE("company_id", 0), "phone"'


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Member(Model):
    """A member of the brand.

    Money is stored in integer cents (exact, and comparable in SQL on every database).  The totals
    block is derived from orders and refunds by ``api.orders.services.recompute_totals``.

    Identity is per retail company: ``company`` is the owning company (the home store's, else the
    owning guide's store's, else null for an HQ-only member) and the phone is unique within it,
    by the unique index ``PHONE_IDENTITY_INDEX`` on ``(COALESCE(company_id, 0), phone)``. The same
    person may be a member of two companies; nothing a caller does in one company reveals the
    other's members. The services keep ``company`` in step with the home store and the guide.
    """

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80, db_index=True)
    phone = fields.CharField(max_length=20, null=True)
    gender = fields.CharEnumField(Gender, max_length=8, default=Gender.UNKNOWN)
    birthday = fields.DateField(null=True)
    # month*100+day of the birthday: lets "birthday in the next X days" be an indexed range in SQL.
    birthday_md = fields.SmallIntField(null=True, db_index=True)
    registered_at = fields.DatetimeField(db_index=True)
    source = fields.CharField(max_length=40, default="store", db_index=True)
    home_store: fields.ForeignKeyNullableRelation["Store"] = fields.ForeignKeyField(
        "rapport.Store", null=True, related_name="members", on_delete=fields.SET_NULL
    )
    home_store_id: int | None
    guide: fields.ForeignKeyNullableRelation["Guide"] = fields.ForeignKeyField(
        "rapport.Guide", null=True, related_name="members", on_delete=fields.SET_NULL
    )
    guide_id: int | None
    guide_friend_since = fields.DatetimeField(null=True)
    company: fields.ForeignKeyNullableRelation["RetailCompany"] = fields.ForeignKeyField(
        "rapport.RetailCompany",
        null=True,
        db_index=True,
        related_name="members",
        on_delete=fields.SET_NULL,
        description="owning retail company (home store's, else the guide's store's); null: HQ only",
    )
    company_id: int | None
    tier: fields.ForeignKeyNullableRelation["Tier"] = fields.ForeignKeyField(
        "rapport.Tier", null=True, related_name="members", on_delete=fields.SET_NULL
    )
    tier_id: int | None
    custom_attributes: Any = fields.JSONField(default=dict)

    # channel identities and consents
    sms_consent = fields.BooleanField(default=True)
    wechat_openid = fields.CharField(max_length=64, null=True, unique=True)
    wechat_subscribed = fields.BooleanField(default=False)
    wecom_external_id = fields.CharField(max_length=64, null=True, unique=True)
    email = fields.CharField(max_length=254, null=True)
    email_consent = fields.BooleanField(default=False)
    push_token = fields.CharField(max_length=255, null=True)
    push_consent = fields.BooleanField(default=False)

    # totals, kept right after refunds
    first_visit_at = fields.DatetimeField(null=True)
    last_purchase_at = fields.DatetimeField(null=True, db_index=True)
    order_count = fields.IntField(default=0)
    total_spend_cents = fields.BigIntField(default=0)
    points_balance = fields.IntField(default=0)

    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    tags: fields.ReverseRelation["MemberTag"]

    class Meta:
        table = "member"


class MemberTag(Model):
    """A tag on a member (one row per tag, so "any / all / none of" compile to plain SQL)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "rapport.Member", related_name="tags", on_delete=fields.CASCADE
    )
    member_id: int
    tag = fields.CharField(max_length=40, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "member_tag"
        unique_together = (("member", "tag"),)


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class MemberImport(Model):
    """One CSV import: the stored file, who started it with which reach, and what was committed.

    The counters and the row report are written in the same transaction as each chunk of members,
    so the record always says exactly what is in the database, even when an import FAILED midway.
    """

    id = fields.IntField(primary_key=True)
    filename = fields.CharField(max_length=255, default="")
    status = fields.CharEnumField(ImportStatus, max_length=8, default=ImportStatus.QUEUED)
    total_rows = fields.IntField(default=0)
    rows_done = fields.IntField(default=0, description="data rows processed and committed so far")
    created = fields.IntField(default=0)
    updated = fields.IntField(default=0)
    unchanged = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    error = fields.TextField(null=True, description="why the import FAILED")
    company: fields.ForeignKeyNullableRelation["RetailCompany"] = fields.ForeignKeyField(
        "rapport.RetailCompany",
        null=True,
        related_name="member_imports",
        on_delete=fields.CASCADE,
        description="the company the importer acts for (null: HQ); its company admins see the import",
    )
    company_id: int | None
    created_by_user_id = fields.IntField(null=True)
    created_by_token_id = fields.IntField(null=True)
    viewer: Any = fields.JSONField(default=dict, description="the importer's role and reach, which the job runs with")
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    rows: fields.ReverseRelation["MemberImportRow"]

    class Meta:
        table = "member_import"


class MemberImportRow(Model):
    """One line of an import's row report: a row that was not applied, the column and why."""

    id = fields.IntField(primary_key=True)
    member_import: fields.ForeignKeyRelation[MemberImport] = fields.ForeignKeyField(
        "rapport.MemberImport", related_name="rows", on_delete=fields.CASCADE
    )
    member_import_id: int
    row = fields.IntField()
    column = fields.CharField(max_length=40)
    message = fields.TextField()

    class Meta:
        table = "member_import_row"
        indexes = (("member_import_id", "row"),)
