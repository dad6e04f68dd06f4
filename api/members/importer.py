"""CSV import of members, as a job: every bad row reported with row, column and reason; good rows stored.

``start_import`` (the ``memberImport`` mutation) checks the file as a stream (UTF-8, header, at most
``MAX_ROWS`` rows: it stops reading at the first row over), stores it under
``RAPPORT_DATA_DIR/imports/<id>.csv`` with an import record (QUEUED, who, with which reach) and
enqueues the job; ``run_import`` (the arq job ``run_member_import``, and ``rapport import members``
synchronously) applies it with the importer's reach.

How rows are applied
* A row is keyed on its phone **within a retail company** (member identity is per company): the
  company of its ``store_code``, else of its ``guide_code``; a row naming neither matches the phone
  among the members in the importer's reach (several matches: the row is refused, name a store),
  and a new member goes to the importer's own company (an admin's: HQ only).
* A phone repeated in the file: the later row is reported ("same phone as row N") and not applied.
* Consent comes only from the ``sms_consent`` / ``email_consent`` columns (yes/no/1/0/true/false):
  a new member gets what the row says (no column: no consent), and an import never turns an existing
  member's consent on; it may turn it off. An ``email`` column sets the address, never the consent.
* A cell a spreadsheet would run as a formula (see ``api.core.csvsafe``) refuses the row.
* Stores and guides outside the importer's reach are "not found"; so is a tier that does not exist.
* Tags are added (an import never removes a tag).
* Importing the same file again reports every row as unchanged.

How rows are written: chunks of ``CHUNK_ROWS`` rows, each one transaction holding one
``INSERT … ON CONFLICT (COALESCE(company_id, 0), phone) DO UPDATE`` for the chunk's new and changed
members (consent columns ``AND``-ed with the stored value, so not even a concurrent write can be
upgraded), one ``INSERT`` of new tags, one of the row report, and the record's counters. The
record therefore always says exactly what was committed; an error marks it FAILED with the reason
and the rows already committed, and a job run again resumes after them.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from api.accounts.models import Role
from api.audit import services as audit
from api.core import clock
from api.core.config import get_settings
from api.core.csvsafe import looks_like_formula, write_rows
from api.core.db import dialect
from api.core.errors import DomainError, ErrorCollector, FieldError, not_found
from api.core.scope import Reach, Scope
from api.core.viewer import Viewer
from api.loyalty.models import Tier
from api.members.models import (
    PHONE_IDENTITY_COLUMNS,
    ImportStatus,
    Member,
    MemberImport,
    MemberImportRow,
    MemberTag,
)
from api.members.services import reachable_members
from api.members.validation import MAX_TAGS, clean_member_fields, normalise_phone
from api.org.models import Guide, Store

log = logging.getLogger(__name__)

COLUMNS = {
    "name": "Name (required for a new member)",
    "phone": "Mainland mobile number (required: with the store's company, the key that matches existing members)",
    "gender": "male / female / unknown (also 男 / 女)",
    "birthday": "YYYY-MM-DD",
    "registered_at": "YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], store time (new members only)",
    "source": "registration source, e.g. 小程序, 门店, 大众点评",
    "store_code": "home store code (a store in your reach); decides the member's company",
    "guide_code": "owning guide's employee code (a guide in your reach)",
    "tier": "tier name",
    "tags": "tags separated by | (added; an import never removes a tag)",
    "email": "email address (does not give email consent)",
    "email_consent": "yes / no: consents to marketing email. An import never turns an existing member's consent on",
    "sms_consent": "yes / no: consents to marketing SMS. An import never turns an existing member's consent on",
    "wechat_openid": "WeChat official account openid",
}
MAX_ROWS = 100_000
CHUNK_ROWS = 500
JOB_NAME = "run_member_import"
GENDER_WORDS = {"男": "male", "女": "female", "m": "male", "f": "female", "": "unknown"}
YES = {"yes", "y", "1", "true", "是"}
NO = {"no", "n", "0", "false", "否"}
CONSENT_COLUMNS = ("sms_consent", "email_consent")
# Columns of ``member`` an import writes; the others keep their stored value (or default, when new).
_WRITTEN = (
    "name", "gender", "birthday", "birthday_md", "source", "home_store_id", "guide_id", "guide_friend_since",
    "tier_id", "email", "wechat_openid", "company_id",
)  # fmt: skip
_FIELD_TO_COLUMN = {
    "homeStoreId": "store_code",
    "guideId": "guide_code",
    "tierId": "tier",
    "registeredAt": "registered_at",
    "wechatOpenid": "wechat_openid",
    "channels": "wechat_openid",
}


def imports_dir() -> Path:
    return get_settings().data_dir / "imports"


def import_path(import_id: int) -> Path:
    return imports_dir() / f"{import_id}.csv"


def progress_channel(import_id: int) -> str:
    """The Redis pub/sub channel the job publishes to after each committed chunk."""
    return f"rapport:member-import:{import_id}"


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class _Refs:
    """What rows may refer to, within the importer's reach: code -> (id, company id)."""

    stores: dict[str, tuple[int, int]]
    guides: dict[str, tuple[int, int]]
    tiers: dict[str, int]


@dataclass
class _Row:
    row: int
    phone: str
    data: dict[str, Any]
    tags: list[str]
    consent: dict[str, bool]
    company: int | None  # from store_code / guide_code; None: not named
    named_company: bool


@dataclass
class _ChunkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len({e.row for e in self.errors})


# -- viewer on the record --------------------------------------------------------------------------


def viewer_to_json(viewer: Viewer) -> dict[str, Any]:
    return {
        "role": viewer.role.value,
        "name": viewer.name,
        "scopes": sorted(viewer.scopes),
        "user_id": viewer.user_id,
        "token_id": viewer.token_id,
        "company_id": viewer.company_id,
        "store_ids": list(viewer.store_ids),
        "guide_id": viewer.guide_id,
    }


def viewer_from_json(data: dict[str, Any]) -> Viewer:
    return Viewer(
        role=Role(data["role"]),
        name=str(data.get("name", "")),
        scopes=frozenset(data.get("scopes", [])),
        user_id=data.get("user_id"),
        token_id=data.get("token_id"),
        company_id=data.get("company_id"),
        store_ids=tuple(int(s) for s in data.get("store_ids", [])),
        guide_id=data.get("guide_id"),
    )


# -- reading the file ------------------------------------------------------------------------------


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) of every non-blank record after the header."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        row_no = 1
        for cells in reader:
            row_no += 1
            if not any(c.strip() for c in cells):
                continue
            yield row_no, cells


def _header(path: Path, file_field: tuple[str, ...]) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except UnicodeDecodeError as exc:
        raise DomainError(
            [FieldError(file_field, "The file is not UTF-8 text (save it as CSV UTF-8).", "INVALID")]
        ) from exc
    headers = [h.strip() for h in (header or [])]
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
    return headers


def _count_rows(path: Path, file_field: tuple[str, ...], max_rows: int) -> int:
    """Data rows in the file, reading it as a stream and stopping at the first row over ``max_rows``."""
    count = 0
    try:
        for _ in _records(path):
            count += 1
            if count > max_rows:
                raise DomainError([FieldError(file_field, f"At most {max_rows} rows per file.", "OUT_OF_RANGE")])
    except UnicodeDecodeError as exc:
        raise DomainError(
            [FieldError(file_field, "The file is not UTF-8 text (save it as CSV UTF-8).", "INVALID")]
        ) from exc
    except csv.Error as exc:
        raise DomainError([FieldError(file_field, f"The file is not valid CSV: {exc}.", "INVALID")]) from exc
    return count


# -- starting an import ----------------------------------------------------------------------------


async def start_import(
    viewer: Viewer,
    content: bytes | str | AsyncIterator[bytes],
    filename: str = "",
    file_field: tuple[str, ...] = ("file",),
    max_rows: int | None = None,
) -> MemberImport:
    """Check and store a CSV file and its import record (QUEUED); nothing is applied yet.

    The file is copied to disk as it arrives and then read as a stream: a file that is not UTF-8,
    lacks the header, has unknown columns or more than ``max_rows`` (``MAX_ROWS``) rows is refused on
    ``file_field`` and nothing is kept. Call ``enqueue_import`` (or ``run_import``) next.
    """
    viewer.require("members:write")
    company_id = await Scope.of(viewer).own_company_id()
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"upload-{uuid.uuid4().hex}.part"
    try:
        with tmp.open("wb") as out:
            if isinstance(content, str):
                out.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                out.write(content)
            else:
                async for chunk in content:
                    out.write(chunk)
        if tmp.stat().st_size == 0:
            raise DomainError([FieldError(file_field, "The file is empty.", "INVALID")])
        _check_utf8(tmp, file_field)
        _header(tmp, file_field)
        total = _count_rows(tmp, file_field, MAX_ROWS if max_rows is None else max_rows)
        record = await MemberImport.create(
            filename=filename[:255],
            status=ImportStatus.QUEUED,
            total_rows=total,
            company_id=company_id,
            created_by_user_id=viewer.user_id,
            created_by_token_id=viewer.token_id,
            viewer=viewer_to_json(viewer),
        )
        try:
            shutil.move(str(tmp), import_path(record.id))
        except OSError:
            await record.delete()
            raise
        await audit.record(viewer, "member.import", target_type="MemberImport", target_id=record.id,
                           details={"filename": record.filename, "rows": total})
        return record
    finally:
        tmp.unlink(missing_ok=True)


def _check_utf8(path: Path, file_field: tuple[str, ...]) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while block := fh.read(1 << 16):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise DomainError(
            [FieldError(file_field, "The file is not UTF-8 text (save it as CSV UTF-8).", "INVALID")]
        ) from exc


async def enqueue_import(record: MemberImport) -> MemberImport:
    """Queue the job that applies the import; if the queue cannot be reached the record says so (FAILED)."""
    from arq import create_pool

    from api.core.redis import arq_settings

    try:
        pool = await create_pool(arq_settings())
        try:
            await pool.enqueue_job(JOB_NAME, record.id, _job_id=f"member-import:{record.id}")
        finally:
            await pool.aclose()
    except Exception as exc:  # noqa: BLE001 - any queue failure is recorded on the import
        log.exception("could not enqueue member import %s", record.id)
        record.status = ImportStatus.FAILED
        record.error = f"The import could not be queued: {exc}"
        record.finished_at = clock.now()
        await record.save(update_fields=["status", "error", "finished_at"])
    return record


async def import_members(
    viewer: Viewer,
    content: bytes | str | AsyncIterator[bytes],
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    file_field: tuple[str, ...] = ("file",),
) -> MemberImport:
    """Start and run an import in this process (the CLI): the same service the job runs."""
    record = await start_import(viewer, content, filename=filename, file_field=file_field)
    return await run_import(record.id, progress=progress)


# -- running an import -----------------------------------------------------------------------------


async def _publish(import_id: int, redis: Any) -> None:
    if redis is None:
        return
    try:
        await redis.publish(progress_channel(import_id), "1")
    except Exception:  # noqa: BLE001 - progress messages are a convenience; the record is the truth
        log.warning("could not publish progress of member import %s", import_id, exc_info=True)


async def _redis_client() -> Any:
    try:
        from redis.asyncio import Redis

        from api.core.redis import redis_url

        return Redis.from_url(redis_url())
    except Exception:  # noqa: BLE001
        log.warning("no Redis for member import progress", exc_info=True)
        return None


async def run_import(import_id: int, progress: Callable[[int, int], None] | None = None) -> MemberImport:
    """Apply a stored import with its importer's reach, chunk by chunk (see the module docstring).

    A record that is DONE or FAILED is returned as it is; one that was RUNNING (a worker died)
    resumes after the rows it had committed.
    """
    record = await MemberImport.get(id=import_id)
    if record.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return record
    redis = await _redis_client()
    try:
        await MemberImport.filter(id=import_id).update(status=ImportStatus.RUNNING, started_at=clock.now())
        await _publish(import_id, redis)
        try:
            await _apply_file(record, redis, progress)
        except Exception as exc:  # noqa: BLE001 - any failure ends the import, recorded with its reason
            log.exception("member import %s failed", import_id)
            reason = exc.errors[0].message if isinstance(exc, DomainError) and exc.errors else str(exc)
            await MemberImport.filter(id=import_id).update(
                status=ImportStatus.FAILED, error=(reason or type(exc).__name__)[:2000], finished_at=clock.now()
            )
        else:
            await MemberImport.filter(id=import_id).update(status=ImportStatus.DONE, finished_at=clock.now())
        await _publish(import_id, redis)
    finally:
        if redis is not None:
            await redis.aclose()
    return await MemberImport.get(id=import_id)


async def _load_refs(viewer: Viewer) -> _Refs:
    """Stores, guides and tiers rows may name, limited to the viewer's reach.

    A guide may name any store of their own company (as memberCreate allows) and only themself.
    """
    scope = Scope.of(viewer)
    if scope.reach is Reach.GUIDE:
        me = await Guide.filter(id=viewer.guide_id or -1).values_list("store__company_id", flat=True)
        stores_qs = Store.filter(company_id=me[0] if me else -1)
    else:
        stores_qs = Store.filter(scope.stores_q())
    stores = {str(c): (int(i), int(co)) for i, c, co in await stores_qs.values_list("id", "code", "company_id")}
    guides = {
        str(c): (int(i), int(co))
        for i, c, co in await Guide.filter(scope.guides_q()).values_list("id", "code", "store__company_id")
    }
    tiers = {str(n): int(i) for i, n in await Tier.all().values_list("id", "name")}
    return _Refs(stores, guides, tiers)


async def _apply_file(record: MemberImport, redis: Any, progress: Callable[[int, int], None] | None) -> None:
    viewer = viewer_from_json(record.viewer)
    viewer.require("members:write")
    path = import_path(record.id)
    if not path.exists():
        raise FileNotFoundError(f"The stored file of import {record.id} is missing.")
    headers = _header(path, ("file",))
    refs = await _load_refs(viewer)
    own_company = await Scope.of(viewer).own_company_id()
    seen_phones: dict[str, int] = {}
    seen_openids: dict[str, int] = {}
    skip = record.rows_done  # a job run again resumes after what was committed
    done = record.rows_done
    chunk: list[tuple[int, dict[str, str]]] = []
    if progress:
        progress(done, record.total_rows)
    for index, (row_no, cells) in enumerate(_records(path)):
        raw = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
        if index < skip:
            # Rows committed before a restart still claim their phone and openid.
            phone = normalise_phone(raw.get("phone", "").strip())
            seen_phones.setdefault(phone, row_no)
            if raw.get("wechat_openid", "").strip():
                seen_openids.setdefault(raw["wechat_openid"].strip(), row_no)
            continue
        chunk.append((row_no, raw))
        if len(chunk) >= CHUNK_ROWS:
            done += len(chunk)
            await _apply_chunk(record.id, viewer, refs, own_company, chunk, seen_phones, seen_openids, done)
            chunk = []
            await _publish(record.id, redis)
            if progress:
                progress(done, record.total_rows)
    if chunk:
        done += len(chunk)
        await _apply_chunk(record.id, viewer, refs, own_company, chunk, seen_phones, seen_openids, done)
        await _publish(record.id, redis)
    if progress:
        progress(done, record.total_rows)


def _bool_cell(value: str) -> bool | None:
    v = value.strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    return None


def _parse_datetime(value: str) -> datetime:
    v = value.strip()
    dt = datetime.fromisoformat(v + "T00:00:00" if len(v) == 10 else v)
    return dt if dt.tzinfo else dt.replace(tzinfo=get_settings().tz)


def _column_of(path: tuple[str, ...]) -> str:
    name = next((p for p in reversed(path) if not p.isdigit() and p not in ("row", "input")), "")
    return _FIELD_TO_COLUMN.get(name, name)


def _parse_row(row_no: int, raw: dict[str, str], refs: _Refs, viewer: Viewer, errors: list[RowError]) -> _Row | None:
    """Validate one row without touching the database; None (and ``errors``) when it is refused."""
    before = len(errors)
    for column, value in raw.items():
        if looks_like_formula(value):
            errors.append(
                RowError(
                    row_no,
                    column,
                    "The cell looks like a spreadsheet formula (it starts with =, +, -, @, "
                    "a tab or a line break); the row was not imported.",
                )
            )
    if len(errors) > before:
        return None
    cell = {k: v.strip() for k, v in raw.items()}
    data: dict[str, Any] = {}
    if cell.get("name"):
        data["name"] = cell["name"]
    if not cell.get("phone"):
        errors.append(RowError(row_no, "phone", "Phone is required: it is how rows match existing members."))
    else:
        data["phone"] = cell["phone"]
    if cell.get("gender"):
        g = cell["gender"].lower()
        data["gender"] = GENDER_WORDS.get(g, g)
    if cell.get("birthday"):
        try:
            data["birthday"] = date.fromisoformat(cell["birthday"])
        except ValueError:
            errors.append(RowError(row_no, "birthday", f"'{cell['birthday']}' is not a date (YYYY-MM-DD)."))
    if cell.get("registered_at"):
        try:
            data["registered_at"] = _parse_datetime(cell["registered_at"])
        except ValueError:
            errors.append(RowError(row_no, "registered_at", f"'{cell['registered_at']}' is not a date or date-time."))
    if cell.get("source"):
        data["source"] = cell["source"]
    if cell.get("email"):
        data["email"] = cell["email"]
    if cell.get("wechat_openid"):
        data["wechat_openid"] = cell["wechat_openid"]
    company: int | None = None
    named = False
    if cell.get("store_code"):
        store = refs.stores.get(cell["store_code"])
        if store is None:
            errors.append(RowError(row_no, "store_code", f"No store with code '{cell['store_code']}' in your reach."))
        else:
            data["home_store_id"], company, named = store[0], store[1], True
    if cell.get("guide_code"):
        guide = refs.guides.get(cell["guide_code"])
        if guide is None:
            errors.append(RowError(row_no, "guide_code", f"No guide with code '{cell['guide_code']}' in your reach."))
        elif named and company != guide[1]:
            errors.append(RowError(row_no, "guide_code", "This guide works for another company than the home store."))
        else:
            data["guide_id"], company, named = guide[0], guide[1], True
    if cell.get("tier"):
        if cell["tier"] not in refs.tiers:
            errors.append(RowError(row_no, "tier", f"No tier named '{cell['tier']}'."))
        else:
            data["tier_id"] = refs.tiers[cell["tier"]]
    consent: dict[str, bool] = {}
    for column in CONSENT_COLUMNS:
        if cell.get(column):
            answer = _bool_cell(cell[column])
            if answer is None:
                errors.append(RowError(row_no, column, f"'{cell[column]}' is not yes/no (also 1/0, true/false)."))
            else:
                consent[column] = answer
    tags = [t for t in (x.strip() for x in cell.get("tags", "").split("|")) if t]
    if tags:
        data["tags"] = tags
    collector = ErrorCollector()
    cleaned = clean_member_fields(data, collector, ["row", str(row_no)], creating=False)
    for e in collector.errors:
        errors.append(RowError(row_no, _column_of(e.field), e.message))
    if len(errors) > before:
        return None
    return _Row(
        row=row_no,
        phone=str(cleaned.pop("phone")),
        data=cleaned,
        tags=list(cleaned.pop("tags", [])),
        consent=consent,
        company=company,
        named_company=named,
    )


def _new_member_values(
    row: _Row, viewer: Viewer, own_company: int | None, errors: list[RowError]
) -> dict[str, Any] | None:
    """Every column of a new member, with the viewer's defaults (as memberCreate applies them)."""
    data = dict(row.data)
    if not data.get("name"):
        errors.append(RowError(row.row, "name", "Name is required for a new member."))
        return None
    if viewer.role is Role.GUIDE:
        data.setdefault("guide_id", viewer.guide_id)
        if data.get("guide_friend_since") is None:
            data["guide_friend_since"] = clock.now()
    if viewer.role is Role.STORE_MANAGER and data.get("home_store_id") is None:
        if len(viewer.store_ids) == 1:
            data["home_store_id"] = viewer.store_ids[0]
        else:
            errors.append(RowError(row.row, "store_code", "Choose one of your stores as the home store."))
            return None
    if viewer.role is Role.COMPANY_ADMIN and data.get("home_store_id") is None:
        errors.append(RowError(row.row, "store_code", "Choose a home store of your company."))
        return None
    now = clock.now()
    return {
        "name": data["name"],
        "phone": row.phone,
        "gender": str(getattr(data.get("gender"), "value", data.get("gender") or "unknown")),
        "birthday": data.get("birthday"),
        "birthday_md": data.get("birthday_md"),
        "registered_at": data.get("registered_at") or now,
        "source": data.get("source", "store"),
        "home_store_id": data.get("home_store_id"),
        "guide_id": data.get("guide_id"),
        "guide_friend_since": data.get("guide_friend_since"),
        "tier_id": data.get("tier_id"),
        "custom_attributes": "{}",
        "sms_consent": row.consent.get("sms_consent", False),
        "wechat_openid": data.get("wechat_openid"),
        "wechat_subscribed": False,
        "wecom_external_id": None,
        "email": data.get("email"),
        "email_consent": row.consent.get("email_consent", False),
        "push_token": None,
        "push_consent": False,
        "first_visit_at": None,
        "last_purchase_at": None,
        "order_count": 0,
        "total_spend_cents": 0,
        "points_balance": 0,
        "created_at": now,
        "updated_at": now,
        "company_id": row.company if row.named_company else own_company,
    }


_ALL_COLUMNS = (
    "name", "phone", "gender", "birthday", "birthday_md", "registered_at", "source", "home_store_id", "guide_id",
    "guide_friend_since", "tier_id", "custom_attributes", "sms_consent", "wechat_openid", "wechat_subscribed",
    "wecom_external_id", "email", "email_consent", "push_token", "push_consent", "first_visit_at",
    "last_purchase_at", "order_count", "total_spend_cents", "points_balance", "created_at", "updated_at",
    "company_id",
)  # fmt: skip


def _changes(existing: dict[str, Any], row: _Row) -> dict[str, Any]:
    """The columns the row changes on a stored member (consent only ever turned off)."""
    changes: dict[str, Any] = {}
    for key, value in row.data.items():
        if key in ("registered_at", "phone"):
            continue  # the first registration stands; the phone is the key
        current = existing.get(key)
        current = getattr(current, "value", current)
        if current != value:
            changes[key] = value
    if "guide_id" in changes and "guide_friend_since" not in changes:
        changes["guide_friend_since"] = None  # a new owning guide: not (yet) their WeCom friend
    for column, value in row.consent.items():
        if value is False and existing[column]:
            changes[column] = False
    return changes


def _sql(text: str, params: list[Any]) -> tuple[str, list[Any]]:
    """``?`` placeholders as the dialect wants them."""
    if dialect() != "postgres":
        return text, params
    parts = text.split("?")
    out = parts[0]
    for i, part in enumerate(parts[1:], start=1):
        out += f"${i}{part}"
    return out, params


async def _apply_chunk(
    import_id: int,
    viewer: Viewer,
    refs: _Refs,
    own_company: int | None,
    raw_rows: list[tuple[int, dict[str, str]]],
    seen_phones: dict[str, int],
    seen_openids: dict[str, int],
    rows_done: int,
) -> None:
    """Validate, match and write one chunk, with its counters and row report, in one transaction."""
    result = _ChunkResult()
    rows: list[_Row] = []
    for row_no, raw in raw_rows:
        parsed = _parse_row(row_no, raw, refs, viewer, result.errors)
        if parsed is None:
            continue
        first = seen_phones.get(parsed.phone)
        if first is not None:
            result.errors.append(RowError(row_no, "phone", f"Same phone as row {first}: this row was not applied."))
            continue
        seen_phones[parsed.phone] = row_no
        rows.append(parsed)

    phones = [r.phone for r in rows]
    async with in_transaction() as conn:
        candidates: list[dict[str, Any]] = []
        reachable: set[int] = set()
        if phones:
            candidates = await Member.filter(phone__in=phones).using_db(conn).values()
            in_reach = reachable_members(viewer).filter(phone__in=phones).using_db(conn)
            reachable = {int(i) for i in await in_reach.values_list("id", flat=True)}  # type: ignore[call-overload]
        by_key = {(c["company_id"], c["phone"]): c for c in candidates}
        by_phone_in_reach: dict[str, list[dict[str, Any]]] = {}
        for c in candidates:
            if c["id"] in reachable:
                by_phone_in_reach.setdefault(c["phone"], []).append(c)
        openids = [str(r.data["wechat_openid"]) for r in rows if r.data.get("wechat_openid")]
        openid_owner: dict[str, int] = {}
        if openids:
            openid_owner = {
                str(o): int(i)
                for o, i in await Member.filter(wechat_openid__in=openids)
                .using_db(conn)
                .values_list("wechat_openid", "id")
            }

        # match every row to a stored member or a new one
        plan: list[tuple[_Row, dict[str, Any] | None, dict[str, Any]]] = []  # (row, existing, values)
        for row in rows:
            existing: dict[str, Any] | None
            if row.named_company:
                existing = by_key.get((row.company, row.phone))
                if existing is not None and existing["id"] not in reachable:
                    result.errors.append(
                        RowError(row.row, "phone", f"Another member of this company already has phone {row.phone}.")
                    )
                    continue
            else:
                matches = by_phone_in_reach.get(row.phone, [])
                if len(matches) > 1:
                    result.errors.append(
                        RowError(
                            row.row,
                            "phone",
                            f"Phone {row.phone} matches members of several companies: "
                            "name the home store (store_code).",
                        )
                    )
                    continue
                existing = matches[0] if matches else None
            openid = row.data.get("wechat_openid")
            if openid:
                owner = openid_owner.get(str(openid))
                first = seen_openids.get(str(openid))
                if (owner is not None and (existing is None or owner != existing["id"])) or (
                    first is not None and first != row.row
                ):
                    result.errors.append(
                        RowError(row.row, "wechat_openid", "Another member already has this identity.")
                    )
                    continue
            if existing is None:
                values = _new_member_values(row, viewer, own_company, result.errors)
                if values is None:
                    continue
                if (values["company_id"], row.phone) in by_key:
                    result.errors.append(
                        RowError(row.row, "phone", f"Another member of this company already has phone {row.phone}.")
                    )
                    continue
                if len(row.tags) > MAX_TAGS:
                    result.errors.append(RowError(row.row, "tags", f"A member can have at most {MAX_TAGS} tags."))
                    continue
                plan.append((row, None, values))
            else:
                plan.append((row, existing, _changes(existing, row)))
            if openid:
                seen_openids[str(openid)] = row.row

        # tags of the stored members the chunk touches
        matched_ids = [e["id"] for _, e, _ in plan if e is not None]
        current_tags: dict[int, set[str]] = {}
        if matched_ids and any(r.tags for r, _, _ in plan):
            for mid, tag in (
                await MemberTag.filter(member_id__in=matched_ids).using_db(conn).values_list("member_id", "tag")
            ):
                current_tags.setdefault(int(mid), set()).add(str(tag))

        writes: list[dict[str, Any]] = []
        new_tags: list[tuple[tuple[int | None, str], str]] = []  # ((company, phone), tag)
        now = clock.now()
        for row, existing, values in plan:
            if existing is None:
                writes.append(values)
                result.created += 1
                new_tags += [((values["company_id"], row.phone), t) for t in row.tags]
                continue
            have = current_tags.get(existing["id"], set())
            missing = [t for t in row.tags if t not in have]
            if len(have) + len(missing) > MAX_TAGS:
                result.errors.append(RowError(row.row, "tags", f"A member can have at most {MAX_TAGS} tags."))
                continue
            if not values and not missing:
                result.unchanged += 1
                continue
            merged = {c: existing.get(c) for c in _ALL_COLUMNS}
            merged.update(values)
            merged["custom_attributes"] = json.dumps(merged["custom_attributes"] or {}, ensure_ascii=False)
            merged["gender"] = getattr(merged["gender"], "value", merged["gender"])
            merged["updated_at"] = now
            writes.append(merged)
            result.updated += 1
            new_tags += [((existing["company_id"], row.phone), t) for t in missing]

        ids: dict[tuple[int | None, str], int] = {}
        if writes:
            ids = await _upsert(conn, writes)
        tag_rows = [(ids[key], tag) for key, tag in new_tags if key in ids]
        if tag_rows:
            text = (
                'INSERT INTO "member_tag" ("member_id", "tag", "created_at") VALUES '
                + ", ".join("(?, ?, ?)" for _ in tag_rows)
                + ' ON CONFLICT ("member_id", "tag") DO NOTHING'
            )
            params = [v for mid, tag in tag_rows for v in (mid, tag, now)]
            await conn.execute_query(*_sql(text, params))
        if result.errors:
            await MemberImportRow.bulk_create(
                [
                    MemberImportRow(member_import_id=import_id, row=e.row, column=e.field[:40], message=e.message)
                    for e in sorted(result.errors, key=lambda e: e.row)
                ],
                using_db=conn,
            )
        await (
            MemberImport.filter(id=import_id)
            .using_db(conn)
            .update(
                rows_done=rows_done,
                created=F("created") + result.created,
                updated=F("updated") + result.updated,
                unchanged=F("unchanged") + result.unchanged,
                failed=F("failed") + result.failed,
            )
        )


async def _upsert(conn: Any, writes: list[dict[str, Any]]) -> dict[tuple[int | None, str], int]:
    """One ``INSERT … ON CONFLICT`` for the chunk's new and changed members; their ids by (company, phone)."""
    cols = ", ".join(f'"{c}"' for c in _ALL_COLUMNS)
    marks = "(" + ", ".join("?" for _ in _ALL_COLUMNS) + ")"
    sets = [f'"{c}" = excluded."{c}"' for c in _WRITTEN]
    sets += [f'"{c}" = ("member"."{c}" AND excluded."{c}")' for c in CONSENT_COLUMNS]
    sets.append('"updated_at" = excluded."updated_at"')
    text = (
        f'INSERT INTO "member" ({cols}) VALUES {", ".join(marks for _ in writes)} '
        f"ON CONFLICT ({PHONE_IDENTITY_COLUMNS}) DO UPDATE SET {', '.join(sets)} "
        'RETURNING "id", "company_id", "phone"'
    )
    params = [w[c] for w in writes for c in _ALL_COLUMNS]
    rows = await conn.execute_query_dict(*_sql(text, params))
    return {(r["company_id"], str(r["phone"])): int(r["id"]) for r in rows}


# -- reading imports -------------------------------------------------------------------------------


def visible_imports(viewer: Viewer) -> Any:
    """Imports the viewer may read (``Scope.work_q``): all for admins, their company's for a company
    admin, else the ones they started."""
    viewer.require("members:write")
    return MemberImport.filter(Scope.of(viewer).work_q(viewer))


async def get_import(viewer: Viewer, import_id: int, field: str | list[str] = "id") -> MemberImport:
    record = await visible_imports(viewer).get_or_none(id=import_id)
    if record is None:
        raise not_found(field, f"No member import with id {import_id}.")
    return record  # type: ignore[no-any-return]


def row_report(import_id: int) -> Any:
    """An import's row report in row order (a queryset, for paging); the caller has checked the import is visible."""
    return MemberImportRow.filter(member_import_id=import_id).order_by("row", "id")


async def row_report_csv(import_id: int, viewer: Viewer | None = None) -> str:
    """The row report as CSV (row, column, message), every cell neutralised by ``api.core.csvsafe``.

    Exports are audited (``member.export``) when a viewer asks for one."""
    if viewer is not None:
        await audit.record(viewer, "member.export", target_type="MemberImport", target_id=import_id,
                           details={"what": "import row report"})
    rows = await row_report(import_id).values_list("row", "column", "message")
    return write_rows(["row", "column", "message"], rows)
