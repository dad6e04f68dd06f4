"""CSV import of members: every bad row reported with row, field and reason; good rows stored.

Rows are matched on phone, so importing the same file again changes nothing and creates no
duplicates. Each row is written in its own transaction: a bad row never half-writes a member.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from api.core.errors import DomainError, FieldError
from api.core.viewer import Viewer
from api.loyalty.models import Tier
from api.members.models import Member, MemberImport, MemberTag
from api.members.services import create_member, update_member
from api.members.validation import normalise_phone
from api.org.models import Guide, Store

COLUMNS = {
    "name": "Name (required)",
    "phone": "Mainland mobile number (required, the key that matches existing members)",
    "gender": "male / female / unknown (also 男 / 女)",
    "birthday": "YYYY-MM-DD",
    "registered_at": "YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], store time",
    "source": "registration source, e.g. 小程序, 门店, 大众点评",
    "store_code": "home store code",
    "guide_code": "owning guide's employee code",
    "tier": "tier name",
    "tags": "tags separated by | ",
    "email": "email address",
    "wechat_openid": "WeChat official account openid",
}
MAX_ROWS = 100_000
GENDER_WORDS = {"男": "male", "女": "female", "m": "male", "f": "female", "": "unknown"}


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportResult:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    record_id: int | None = None

    @property
    def failed(self) -> int:
        return len({e.row for e in self.errors})


def _parse_date(value: str) -> date:
    return date.fromisoformat(value.strip())


def _parse_datetime(value: str) -> datetime:
    v = value.strip()
    if len(v) == 10:
        return datetime.fromisoformat(v + "T00:00:00")
    return datetime.fromisoformat(v)


async def import_members(
    viewer: Viewer,
    content: bytes | str,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    file_field: tuple[str, ...] = ("file",),
) -> ImportResult:
    """Import members from CSV text (UTF-8, with or without BOM; header row required).

    Problems with the file as a whole are reported on ``file_field`` (the caller's name for it).
    """
    viewer.require("members:write")
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError(
                [FieldError(file_field, "The file is not UTF-8 text (save it as CSV UTF-8).", "INVALID")]
            ) from exc
    else:
        text = content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    result = ImportResult()
    if "name" not in headers or "phone" not in headers:
        raise DomainError(
            [FieldError(file_field, "The CSV needs a header row with at least 'name' and 'phone' columns.", "INVALID")]
        )
    unknown = [h for h in headers if h not in COLUMNS]
    if unknown:
        raise DomainError(
            [
                FieldError(
                    file_field, f"Unknown column(s): {', '.join(unknown)}. Known: {', '.join(COLUMNS)}.", "INVALID"
                )
            ]
        )
    rows = list(reader)
    if len(rows) > MAX_ROWS:
        raise DomainError([FieldError(file_field, f"At most {MAX_ROWS} rows per file.", "OUT_OF_RANGE")])
    result.total_rows = len(rows)
    stores = {s.code: s.id for s in await Store.all()}
    guides = {g.code: g.id for g in await Guide.all()}
    tiers = {t.name: t.id for t in await Tier.all()}

    for index, raw in enumerate(rows):
        row_no = index + 2  # the header is row 1, as a spreadsheet shows it
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        data, row_errors = _row_to_fields(row, row_no, stores, guides, tiers)
        if row_errors:
            result.errors.extend(row_errors)
            continue
        try:
            phone = normalise_phone(row["phone"]) if row.get("phone") else ""
            existing = await Member.get_or_none(phone=phone) if phone else None
            if existing is None:
                await create_member(viewer, data, path=["row", str(row_no)])
                result.created += 1
            else:
                changes = await _changes(existing, data)
                if not changes:
                    result.unchanged += 1
                else:
                    await update_member(viewer, existing.id, changes)
                    result.updated += 1
        except DomainError as exc:
            for e in exc.errors:
                fld = next((p for p in reversed(e.field) if not p.isdigit() and p not in ("row", "input")), "")
                result.errors.append(RowError(row_no, _to_column(fld), e.message))
        if progress and (index % 200 == 0 or index == len(rows) - 1):
            progress(index + 1, len(rows))

    record = await MemberImport.create(
        filename=filename,
        total_rows=result.total_rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        failed=result.failed,
        errors=[e.__dict__ for e in result.errors],
    )
    result.record_id = record.id
    return result


_FIELD_TO_COLUMN = {
    "homeStoreId": "store_code",
    "guideId": "guide_code",
    "tierId": "tier",
    "registeredAt": "registered_at",
    "wechatOpenid": "wechat_openid",
}


def _to_column(field_name: str) -> str:
    return _FIELD_TO_COLUMN.get(field_name, field_name)


def _row_to_fields(
    row: dict[str, str], row_no: int, stores: dict[str, int], guides: dict[str, int], tiers: dict[str, int]
) -> tuple[dict[str, Any], list[RowError]]:
    errs: list[RowError] = []
    data: dict[str, Any] = {"name": row.get("name", ""), "phone": row.get("phone", "")}
    if not row.get("phone"):
        errs.append(RowError(row_no, "phone", "Phone is required: it is how rows match existing members."))
    if row.get("gender"):
        # An empty cell keeps what is stored, as for every other column.
        g = row["gender"].lower()
        data["gender"] = GENDER_WORDS.get(g, g)
    if row.get("birthday"):
        try:
            data["birthday"] = _parse_date(row["birthday"])
        except ValueError:
            errs.append(RowError(row_no, "birthday", f"'{row['birthday']}' is not a date (YYYY-MM-DD)."))
    if row.get("registered_at"):
        try:
            data["registered_at"] = _parse_datetime(row["registered_at"])
        except ValueError:
            errs.append(RowError(row_no, "registered_at", f"'{row['registered_at']}' is not a date or date-time."))
    if row.get("source"):
        data["source"] = row["source"]
    if row.get("store_code"):
        if row["store_code"] not in stores:
            errs.append(RowError(row_no, "store_code", f"No store with code '{row['store_code']}'."))
        else:
            data["home_store_id"] = stores[row["store_code"]]
    if row.get("guide_code"):
        if row["guide_code"] not in guides:
            errs.append(RowError(row_no, "guide_code", f"No guide with code '{row['guide_code']}'."))
        else:
            data["guide_id"] = guides[row["guide_code"]]
    if row.get("tier"):
        if row["tier"] not in tiers:
            errs.append(RowError(row_no, "tier", f"No tier named '{row['tier']}'."))
        else:
            data["tier_id"] = tiers[row["tier"]]
    if row.get("tags"):
        data["tags"] = [t for t in (x.strip() for x in row["tags"].split("|")) if t]
    if row.get("email"):
        data["email"] = row["email"]
        data["email_consent"] = True
    if row.get("wechat_openid"):
        data["wechat_openid"] = row["wechat_openid"]
    return data, errs


async def _changes(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``data`` that differ from the stored member (so a re-import is a no-op)."""
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key == "phone":
            continue
        if key == "tags":
            current = set(await MemberTag.filter(member_id=member.id).values_list("tag", flat=True))
            if not set(value) <= current:
                changes["tags"] = sorted(current | set(value))
            continue
        if key == "registered_at":
            continue  # the first registration stands
        current_value = getattr(member, key)
        if hasattr(current_value, "value"):
            current_value = current_value.value
        if current_value != value:
            changes[key] = value
    if "name" in changes and not changes["name"]:
        changes.pop("name")
    return changes
