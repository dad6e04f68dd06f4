"""Loyalty reference data: tiers and card products."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from api.audit.services import record, save_changes
from api.core.errors import DomainError, ErrorCollector
from api.core.viewer import Viewer
from api.loyalty.models import CardKind, CardProduct, Tier
from api.org.services import check_unique, clean_text, require_admin, unique_guard


async def list_tiers(viewer: Viewer) -> list[Tier]:
    """All tiers, lowest first (the same for every viewer)."""
    return await Tier.all().order_by("level")


async def list_card_products(viewer: Viewer) -> list[CardProduct]:
    """All card products, by name."""
    return await CardProduct.all().order_by("name")


# -- settings: the brand-wide loyalty catalogue (admins) -------------------------------------------
#
# Tiers and card products are never deleted: members hold tiers and cards refer to their product.
# Changing a card product changes future sales only; cards already issued keep their balance, uses
# and expiry. Changing a tier's threshold moves members when their totals are next recomputed.

TIER_NAME_MAX = 40
CARD_NAME_MAX = 80
MAX_CENTS = 10**13  # 100 billion yuan: a typo guard, well inside BIGINT
MAX_USES = 10_000
MAX_VALIDITY_DAYS = 36_500


def _check_cents(errors: ErrorCollector, cents: int | None, path: list[str], label: str) -> None:
    if cents is not None and not 0 <= cents <= MAX_CENTS:
        errors.add(path, f"{label} must be between 0 and {MAX_CENTS // 100} yuan.", "OUT_OF_RANGE")


async def _check_tier_order(errors: ErrorCollector, level: int, threshold_cents: int, own_id: int | None) -> None:
    """Levels and thresholds rise together: a higher level needs a higher spend than every lower one."""
    others = Tier.all() if own_id is None else Tier.exclude(id=own_id)
    for other in await others:
        if other.level == level:
            errors.add(["input", "level"], f"Level {level} is already used by tier '{other.name}'.", "DUPLICATE")
        elif other.level < level and other.threshold_cents >= threshold_cents:
            errors.add(
                ["input", "threshold"],
                f"Tier '{other.name}' (level {other.level}) needs {other.threshold_cents / 100:.2f}; "
                "a higher level needs a higher threshold.",
                "OUT_OF_RANGE",
            )
        elif other.level > level and other.threshold_cents <= threshold_cents:
            errors.add(
                ["input", "threshold"],
                f"Tier '{other.name}' (level {other.level}) needs {other.threshold_cents / 100:.2f}; "
                "a lower level needs a lower threshold.",
                "OUT_OF_RANGE",
            )


async def create_tier(viewer: Viewer, name: str, level: int, threshold_cents: int, *, ip: str | None = None) -> Tier:
    """A new member tier (admins). Unique name and level; thresholds ordered like levels."""
    require_admin(viewer)
    errors = ErrorCollector()
    name = clean_text(errors, name, ["input", "name"], "Name", TIER_NAME_MAX)
    await check_unique(errors, Tier, "name", name, ["input", "name"], "Name", None)
    if level < 0 or level > 1000:
        errors.add(["input", "level"], "Level must be between 0 and 1000.", "OUT_OF_RANGE")
    _check_cents(errors, threshold_cents, ["input", "threshold"], "Threshold")
    if not errors:
        await _check_tier_order(errors, level, threshold_cents, None)
    errors.raise_if_any()
    async with unique_guard(["input", "name"], "Name or level"):
        tier = await Tier.create(name=name, level=level, threshold_cents=threshold_cents)
        await record(
            viewer,
            "tier.create",
            target_type="Tier",
            target_id=tier.id,
            details={"name": name, "level": level, "threshold_cents": threshold_cents},
            ip=ip,
        )
    return tier


async def update_tier(viewer: Viewer, tier_id: int, changes: dict[str, Any], *, ip: str | None = None) -> Tier:
    """Rename a tier or change its level or threshold (admins); ``changes`` holds the fields given
    (``name``, ``level``, ``threshold_cents``)."""
    require_admin(viewer)
    tier = await Tier.get_or_none(id=tier_id)
    if tier is None:
        raise DomainError.single(["id"], f"No tier with id {tier_id}.", "NOT_FOUND")
    errors = ErrorCollector()
    new: dict[str, Any] = {}
    if "name" in changes:
        new["name"] = clean_text(errors, changes["name"], ["input", "name"], "Name", TIER_NAME_MAX)
        await check_unique(errors, Tier, "name", new["name"], ["input", "name"], "Name", tier.id)
    if changes.get("level") is not None:
        new["level"] = changes["level"]
        if not 0 <= new["level"] <= 1000:
            errors.add(["input", "level"], "Level must be between 0 and 1000.", "OUT_OF_RANGE")
    if changes.get("threshold_cents") is not None:
        new["threshold_cents"] = changes["threshold_cents"]
        _check_cents(errors, new["threshold_cents"], ["input", "threshold"], "Threshold")
    if not errors:
        await _check_tier_order(
            errors, new.get("level", tier.level), new.get("threshold_cents", tier.threshold_cents), tier.id
        )
    errors.raise_if_any()
    async with unique_guard(["input", "name"], "Name or level"):
        await save_changes(viewer, tier, new, "tier.update", ip=ip)
    return tier


async def _card_product_fields(errors: ErrorCollector, kind: CardKind, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = clean_text(errors, values["name"], ["input", "name"], "Name", CARD_NAME_MAX)
    for key, camel, label in (("price_cents", "price", "Price"), ("face_value_cents", "faceValue", "Face value")):
        if key in values:
            cents = values[key] if values[key] is not None else 0
            _check_cents(errors, cents, ["input", camel], label)
            out[key] = cents
    if "total_uses" in values:
        uses = values["total_uses"]
        if kind is CardKind.PUNCH:
            if uses is None:
                errors.add(["input", "totalUses"], "A punch card needs its number of uses.", "REQUIRED")
            elif not 1 <= uses <= MAX_USES:
                errors.add(["input", "totalUses"], f"Uses must be between 1 and {MAX_USES}.", "OUT_OF_RANGE")
        elif uses is not None:
            errors.add(["input", "totalUses"], "Only punch cards have a number of uses.", "INVALID")
        out["total_uses"] = uses
    if kind is CardKind.PUNCH and out.get("face_value_cents"):
        errors.add(["input", "faceValue"], "A punch card has no stored value.", "INVALID")
    if "validity_days" in values:
        days = values["validity_days"]
        if days is not None and not 1 <= days <= MAX_VALIDITY_DAYS:
            errors.add(
                ["input", "validityDays"], f"Validity is 1 to {MAX_VALIDITY_DAYS} days (or none).", "OUT_OF_RANGE"
            )
        out["validity_days"] = days
    if "grants_tier_id" in values:
        tier_id = values["grants_tier_id"]
        if tier_id is not None and not await Tier.exists(id=tier_id):
            errors.add(["input", "grantsTierId"], f"No tier with id {tier_id}.", "NOT_FOUND")
        out["grants_tier_id"] = tier_id
    return out


async def create_card_product(
    viewer: Viewer, kind: CardKind, values: dict[str, Any], *, ip: str | None = None
) -> CardProduct:
    """A new card for sale (admins): ``values`` name, price_cents, face_value_cents, total_uses,
    validity_days, grants_tier_id. A punch card needs its uses; a stored-value card has none."""
    require_admin(viewer)
    errors = ErrorCollector()
    defaults: dict[str, Any] = {"name": "", "price_cents": 0, "face_value_cents": 0, "total_uses": None}
    fields = await _card_product_fields(errors, kind, {**defaults, **values})
    errors.raise_if_any()
    async with in_transaction():
        product = await CardProduct.create(kind=kind, **fields)
        await record(
            viewer,
            "card_product.create",
            target_type="CardProduct",
            target_id=product.id,
            details={"kind": kind, **fields},
            ip=ip,
        )
    return product


async def update_card_product(
    viewer: Viewer, card_product_id: int, changes: dict[str, Any], *, ip: str | None = None
) -> CardProduct:
    """Change a card product (admins). Its kind is fixed (issued cards are of that kind); changes
    apply to future sales only."""
    require_admin(viewer)
    product = await CardProduct.get_or_none(id=card_product_id)
    if product is None:
        raise DomainError.single(["id"], f"No card product with id {card_product_id}.", "NOT_FOUND")
    errors = ErrorCollector()
    new = await _card_product_fields(errors, product.kind, changes)
    errors.raise_if_any()
    async with in_transaction():
        await save_changes(viewer, product, new, "card_product.update", ip=ip)
    return product
