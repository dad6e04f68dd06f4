"""Behaviour events pushed by partners: stored once per (source, external id)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.core import clock
from api.core.errors import DomainError, ErrorCollector
from api.core.viewer import Viewer
from api.members.models import Member
from api.members.services import reachable_members
from api.members.validation import normalise_phone
from api.orders.models import Event

TYPE_RE = re.compile(r"^[a-z][a-z0-9_.]{0,59}$")
SOURCE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
MAX_PAYLOAD_BYTES = 16_384


async def record_event(
    viewer: Viewer,
    type: str,
    source: str,
    external_id: str,
    occurred_at: datetime | None = None,
    member_id: int | None = None,
    member_phone: str | None = None,
    payload: dict[str, Any] | None = None,
) -> tuple[Event, bool]:
    """Store a behaviour event; returns (event, created). The same event twice is stored once."""
    viewer.require("events:write")
    errors = ErrorCollector()
    if not TYPE_RE.match(type or ""):
        errors.add(
            ["input", "type"], "Event type must be lower-case letters, digits, '_' or '.', e.g. 'coupon.redeemed'."
        )
    if not SOURCE_RE.match(source or ""):
        errors.add(["input", "source"], "Source must be 1–40 letters, digits, '_', '-' or '.'.")
    if not external_id:
        errors.add(["input", "externalId"], "External id is required.", "REQUIRED")
    elif len(external_id) > 120:
        errors.add(["input", "externalId"], "External id is at most 120 characters.", "OUT_OF_RANGE")
    when = clock.to_utc(occurred_at) if occurred_at else clock.now()
    if when > clock.now() + timedelta(minutes=5):
        errors.add(["input", "occurredAt"], "An event cannot be in the future.", "OUT_OF_RANGE")
    payload = payload or {}
    if not isinstance(payload, dict):
        errors.add(["input", "payload"], "Payload must be a JSON object.")
    elif len(json.dumps(payload, ensure_ascii=False).encode()) > MAX_PAYLOAD_BYTES:
        errors.add(["input", "payload"], f"Payload is larger than {MAX_PAYLOAD_BYTES} bytes.", "OUT_OF_RANGE")
    errors.raise_if_any()

    existing = await Event.get_or_none(source=source, external_id=external_id)
    if existing is not None:
        return await _replayed(viewer, existing), False

    member: Member | None = None
    if member_id is not None and member_phone:
        raise DomainError.single(["input", "memberPhone"], "Give memberId or memberPhone, not both.")
    if member_id is not None:
        member = await reachable_members(viewer).get_or_none(id=member_id)
        if member is None:
            raise DomainError.single(["input", "memberId"], f"No member with id {member_id}.", "NOT_FOUND")
    elif member_phone:
        # A phone is unique within a company: a brand-wide caller may find one member per company.
        found = await reachable_members(viewer).filter(phone=normalise_phone(member_phone)).limit(2)
        if not found:
            raise DomainError.single(["input", "memberPhone"], f"No member with phone {member_phone}.", "NOT_FOUND")
        if len(found) > 1:
            raise DomainError.single(["input", "memberPhone"],
                                     "Members of several companies have this phone: give memberId instead.")
        member = found[0]
    try:
        async with in_transaction():  # a savepoint: a lost race must not abort the caller's transaction
            event = await Event.create(
                member_id=member.id if member else None,
                type=type,
                occurred_at=when,
                payload=payload,
                source=source,
                external_id=external_id,
            )
    except IntegrityError:
        # Lost a race with an identical delivery: the first one stands.
        return await _replayed(viewer, await Event.get(source=source, external_id=external_id)), False
    return event, True


async def _replayed(viewer: Viewer, existing: Event) -> Event:
    """The stored event for a repeated (source, external id), if the viewer may see it.

    Who recorded an event is not stored, so reach decides: the event's member must be visible to
    the viewer, and an event without a member is handed back to admins only.  Anyone else learns
    that the id is taken (they must not reuse it) but gets neither the event nor its payload.
    """
    if await _may_see(viewer, existing):
        return existing
    raise DomainError.single(
        ["input", "externalId"],
        f"External id '{existing.external_id}' is already used by another event from source '{existing.source}'.",
        "DUPLICATE",
    )


async def _may_see(viewer: Viewer, event: Event) -> bool:
    """A replay returns the stored event to a caller who could have recorded it: one whose reach holds
    the event's member (a partner retrying its own delivery included). An event without a member goes
    back to admins only."""
    if event.member_id is None:
        return viewer.is_admin
    return await reachable_members(viewer).filter(id=event.member_id).exists()
