"""Loyalty reference data: tiers and card products."""

from __future__ import annotations

from api.core.viewer import Viewer
from api.loyalty.models import CardProduct, Tier


async def list_tiers(viewer: Viewer) -> list[Tier]:
    """All tiers, lowest first (the same for every viewer)."""
    return await Tier.all().order_by("level")


async def list_card_products(viewer: Viewer) -> list[CardProduct]:
    """All card products, by name."""
    return await CardProduct.all().order_by("name")
