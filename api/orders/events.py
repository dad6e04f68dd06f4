"""Behaviour events pushed by partners: stored once per (source, external id)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from api.core import clock
from api.core.errors import DomainError, ErrorCollector
from api.core.viewer import Viewer
from api.members.models import Member
from api.members.services import visible_members
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
        return existing, False

    member: Member | None = None
    if member_id is not None and member_phone:
        raise DomainError.single(["input", "memberPhone"], "Give memberId or memberPhone, not both.")
    if member_id is not None:
        member = await visible_members(viewer).get_or_none(id=member_id)
        if member is None:
            raise DomainError.single(["input", "memberId"], f"No member with id {member_id}.", "NOT_FOUND")
    elif member_phone:
        member = await visible_members(viewer).get_or_none(phone=normalise_phone(member_phone))
        if member is None:
            raise DomainError.single(["input", "memberPhone"], f"No member with phone {member_phone}.", "NOT_FOUND")
    try:
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
        return await Event.get(source=source, external_id=external_id), False
    return event, True
