"""Field rules for member data, shared by create, update and CSV import."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from api.core import clock
from api.core.errors import ErrorCollector
from api.members.models import Gender

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
TAG_RE = re.compile(r"^[^\s,;][^,;]{0,39}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 80
MAX_TAGS = 50
# Serialised size of customAttributes, the same bound as an event payload (api/orders/events.py):
# the attributes travel with every member read and into the audience index, so they stay small.
MAX_CUSTOM_ATTRIBUTES_BYTES = 16_384
CHANNEL_FIELDS = (
    "sms_consent",
    "wechat_openid",
    "wechat_subscribed",
    "wecom_external_id",
    "email",
    "email_consent",
    "push_token",
    "push_consent",
)


def normalise_phone(raw: str) -> str:
    """Strip spaces, dashes and a +86/0086 prefix from a mainland mobile number."""
    phone = re.sub(r"[\s\-()]", "", raw)
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix) :]
    return phone


def clean_member_fields(
    data: dict[str, Any], errors: ErrorCollector, path: list[str], creating: bool
) -> dict[str, Any]:
    """Validate and normalise member fields; problems are added to ``errors`` under ``path``.

    Keys are model field names (``home_store_id``, ``guide_id``...) plus ``tags``. Existence and
    reach of the referenced store, guide and tier are checked by the service, which knows the viewer.
    """
    out: dict[str, Any] = {}
    if "name" in data or creating:
        name = (data.get("name") or "").strip()
        if not name:
            errors.add([*path, "name"], "Name is required.", "REQUIRED")
        elif len(name) > MAX_NAME:
            errors.add([*path, "name"], f"Name is longer than {MAX_NAME} characters.", "TOO_LONG")
        out["name"] = name
    if "phone" in data:
        raw = data["phone"]
        if raw in (None, ""):
            out["phone"] = None
        else:
            phone = normalise_phone(str(raw))
            if not PHONE_RE.match(phone):
                errors.add([*path, "phone"], f"'{raw}' is not a mainland mobile number (11 digits starting 13-19).")
            out["phone"] = phone
    if "gender" in data and data["gender"] is not None:
        g = data["gender"]
        try:
            out["gender"] = Gender(g.value if hasattr(g, "value") else str(g).lower())
        except ValueError:
            errors.add([*path, "gender"], f"Gender must be one of {', '.join(x.value for x in Gender)}.")
    if "birthday" in data:
        b = data["birthday"]
        if b is None:
            out["birthday"] = None
            out["birthday_md"] = None
        elif not isinstance(b, date) or isinstance(b, datetime):
            errors.add([*path, "birthday"], "Birthday must be a date (YYYY-MM-DD).")
        elif b > clock.today():
            errors.add([*path, "birthday"], "Birthday cannot be in the future.", "OUT_OF_RANGE")
        elif b.year < 1900:
            errors.add([*path, "birthday"], "Birthday is before 1900.", "OUT_OF_RANGE")
        else:
            out["birthday"] = b
            out["birthday_md"] = b.month * 100 + b.day
    if "registered_at" in data and data["registered_at"] is not None:
        r = data["registered_at"]
        if not isinstance(r, datetime):
            errors.add([*path, "registeredAt"], "Registration time must be a date-time.")
        else:
            r = clock.to_utc(r)
            if r > clock.now():
                errors.add([*path, "registeredAt"], "Registration time cannot be in the future.", "OUT_OF_RANGE")
            out["registered_at"] = r
    if "source" in data and data["source"] is not None:
        source = str(data["source"]).strip()
        if not source or len(source) > 40:
            errors.add([*path, "source"], "Source must be 1 to 40 characters.")
        out["source"] = source
    for key in ("home_store_id", "guide_id", "tier_id", "guide_friend_since"):
        # On create, null means "not given", so the viewer's defaults (a guide owns what they create,
        # a single-store manager's member is in their store) still apply.
        if key in data and not (creating and data[key] is None):
            out[key] = data[key]
    if out.get("guide_friend_since") is not None:
        out["guide_friend_since"] = clock.to_utc(out["guide_friend_since"])
        if out["guide_friend_since"] > clock.now():
            errors.add([*path, "guideFriendSince"], "Cannot be in the future.", "OUT_OF_RANGE")
    if "custom_attributes" in data and data["custom_attributes"] is not None:
        attrs = data["custom_attributes"]
        if not isinstance(attrs, dict):
            errors.add([*path, "customAttributes"], "Custom attributes must be a JSON object.")
        else:
            for k, v in attrs.items():
                if not isinstance(v, (str, int, float, bool)) and v is not None:
                    errors.add([*path, "customAttributes", k], "Values must be text, numbers or true/false.")
            size = len(json.dumps(attrs, ensure_ascii=False).encode())
            if size > MAX_CUSTOM_ATTRIBUTES_BYTES:
                errors.add(
                    [*path, "customAttributes"],
                    f"Custom attributes are {size} bytes of JSON; at most {MAX_CUSTOM_ATTRIBUTES_BYTES} are allowed.",
                    "OUT_OF_RANGE",
                )
            out["custom_attributes"] = attrs
    if "tags" in data and data["tags"] is not None:
        out["tags"] = clean_tags(data["tags"], errors, [*path, "tags"])
    for key in CHANNEL_FIELDS:
        if key in data and data[key] is not None:
            out[key] = data[key]
    if out.get("email"):
        email = str(out["email"]).strip()
        if not EMAIL_RE.match(email):
            errors.add([*path, "email"], f"'{email}' is not an email address.")
        out["email"] = email
    for key in ("wechat_openid", "wecom_external_id", "push_token", "email"):
        if key in out and out[key] == "":
            out[key] = None
    return out


def clean_tags(tags: list[str], errors: ErrorCollector, path: list[str]) -> list[str]:
    cleaned: list[str] = []
    for i, tag in enumerate(tags):
        t = str(tag).strip()
        if not TAG_RE.match(t):
            errors.add([*path, str(i)], f"Tag '{tag}' must be 1–40 characters without commas or semicolons.")
        elif t not in cleaned:
            cleaned.append(t)
    if len(cleaned) > MAX_TAGS:
        errors.add(path, f"A member can have at most {MAX_TAGS} tags.", "OUT_OF_RANGE")
    return cleaned
