"""DataLoaders of members, and the lists under a member paged through batched loaders."""

from typing import Any

import strawberry

from api.channels.models import MessageSend
from api.loyalty.models import PointsEntry
from api.members import models
from api.orders.models import Event, Order
from schema.core.loaders import Loaders, many_by
from schema.core.pagination import ChildList
from schema.core.prefetch import node_selection, prefetch

Loaders.register("tags_by_member", lambda: many_by(models.MemberTag, "member_id", ("tag",)))

MEMBER_ORDERS = ChildList("Member", "orders", Order, "member_id", ("-ordered_at",)).register()
MEMBER_POINTS = ChildList("Member", "points", PointsEntry, "member_id", ("-occurred_at",)).register()
MEMBER_EVENTS = ChildList("Member", "events", Event, "member_id", ("-occurred_at",)).register()
MEMBER_MESSAGES = ChildList("Member", "messages", MessageSend, "member_id", ("-id",)).register()


async def prefetch_member_fields(info: strawberry.Info, members: list[models.Member]) -> None:
    """Load, before Strawberry resolves them, the related rows the page's members are asked for
    (home store, guide, tier, tags, cards and their products): one statement per kind, run
    concurrently, after which those fields answer without awaiting (``now_or_later``)."""
    if not members:
        return
    wanted = node_selection(info)
    loaders = info.context.loaders
    ids = [m.id for m in members]
    loads: list[tuple[Any, list[Any]]] = []
    if "homeStore" in wanted:
        loads.append((loaders.get("store"), [m.home_store_id for m in members if m.home_store_id is not None]))
    if "guide" in wanted:
        loads.append((loaders.get("guide"), [m.guide_id for m in members if m.guide_id is not None]))
    if "tier" in wanted:
        loads.append((loaders.get("tier"), [m.tier_id for m in members if m.tier_id is not None]))
    if "tags" in wanted:
        loads.append((loaders.get("tags_by_member"), ids))
    if "cards" in wanted:
        loads.append((loaders.get("cards_by_member"), ids))
    await prefetch(*loads)
    if "product" in wanted.get("cards", {}):
        cards = await loaders.get("cards_by_member").load_many(ids)
        await prefetch((loaders.get("card_product"), [c.product_id for held in cards for c in held]))
