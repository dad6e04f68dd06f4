"""GraphQL types of loyalty: tiers, cards, points."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from api.loyalty import models
from schema.core.prefetch import now_or_later
from schema.core.scalars import cents_to_money


@strawberry.type(name="Tier", description="A member tier (会员等级), reached at a cumulative spend.")
class TierType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Tier name, e.g. 金卡.")
    level: int = strawberry.field(description="Order of tiers: higher is better.")
    threshold: Decimal = strawberry.field(
        description="Cumulative net spend (yuan) at which members move up to this tier automatically."
    )

    @classmethod
    def from_model(cls, m: models.Tier) -> TierType:
        return cls(id=m.id, name=m.name, level=m.level, threshold=cents_to_money(m.threshold_cents))

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        info.context.require_viewer()
        rows = await info.context.loaders.get("tier").load_many([int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]


@strawberry.enum(description="What kind of card.")
class CardKind(Enum):
    STORED_VALUE = strawberry.enum_value("stored_value", description="Stored-value card (储值卡): a balance.")
    PUNCH = strawberry.enum_value("punch", description="Punch card (次卡): a number of uses.")


@strawberry.type(name="CardProduct", description="A card that can be sold.")
class CardProductType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Card name.")
    kind: CardKind = strawberry.field(description="Stored value or punch card.")
    price: Decimal = strawberry.field(description="Sale price (yuan).")
    face_value: Decimal = strawberry.field(description="Stored value credited on purchase (yuan).")
    total_uses: int | None = strawberry.field(description="Punch cards: uses granted on purchase.")
    validity_days: int | None = strawberry.field(description="Days a card is valid after purchase; null: no expiry.")

    @classmethod
    def from_model(cls, m: models.CardProduct) -> CardProductType:
        return cls(
            id=m.id,
            name=m.name,
            kind=CardKind(m.kind.value),
            price=cents_to_money(m.price_cents),
            face_value=cents_to_money(m.face_value_cents),
            total_uses=m.total_uses,
            validity_days=m.validity_days,
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        info.context.require_viewer()
        rows = await info.context.loaders.get("card_product").load_many([int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]


@strawberry.type(name="MemberCard", description="A card a member holds.")
class MemberCardType(relay.Node):
    id: relay.NodeID[int]
    balance: Decimal = strawberry.field(description="Stored value left (yuan); 0 for punch cards.")
    remaining_uses: int | None = strawberry.field(description="Punch cards: uses left. Null for stored value.")
    issued_at: datetime = strawberry.field(description="When the card was issued.")
    expires_at: datetime | None = strawberry.field(description="When the card expires; null: never.")
    model: strawberry.Private[models.MemberCard]

    @classmethod
    def from_model(cls, m: models.MemberCard) -> MemberCardType:
        return cls(
            id=m.id,
            balance=cents_to_money(m.balance_cents),
            remaining_uses=m.remaining_uses,
            issued_at=m.issued_at,
            expires_at=m.expires_at,
            model=m,
        )

    @strawberry.field(description="Whether the card has expired (by the service clock).")
    def expired(self) -> bool:
        from api.core import clock

        return self.model.expires_at is not None and self.model.expires_at <= clock.now()

    @strawberry.field(description="The card product.")
    def product(self, info: strawberry.Info) -> CardProductType:
        # plain resolver: answers at once when a members page prefetched the products
        loader = info.context.loaders.get("card_product")
        return now_or_later(loader, self.model.product_id, CardProductType.from_model)  # type: ignore[return-value]

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        from api.members.services import rows_of_visible_members

        ids = [int(i) for i in node_ids]
        rows = await rows_of_visible_members(info.context.require_viewer(), models.MemberCard, ids)
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]


@strawberry.type(name="PointsEntry", description="One movement of a member's points.")
class PointsEntryType:
    id: strawberry.ID = strawberry.field(description="Ledger entry id.")
    delta: int = strawberry.field(description="Points added (positive) or spent/expired (negative).")
    reason: str = strawberry.field(description="Why, e.g. purchase, redemption, expiry.")
    note: str = strawberry.field(description="Free text.")
    occurred_at: datetime = strawberry.field(description="When.")
    expires_at: datetime | None = strawberry.field(description="When these points expire, if they do.")

    @classmethod
    def from_model(cls, m: models.PointsEntry) -> PointsEntryType:
        return cls(
            id=strawberry.ID(str(m.id)),
            delta=m.delta,
            reason=m.reason,
            note=m.note,
            occurred_at=m.occurred_at,
            expires_at=m.expires_at,
        )
