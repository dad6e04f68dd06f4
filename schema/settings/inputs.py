"""Inputs of settings mutations. In update inputs, a field left out keeps its value."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.accounts.schema import Role
from schema.loyalty.types import CardKind
from schema.orders.types import LineKind

_KEEP = "Left out: unchanged."


@strawberry.input(description="A new retail company.")
class RetailCompanyCreateInput:
    name: str = strawberry.field(description="Company name (1-120 characters).")
    code: str = strawberry.field(description="Short unique code (1-40 characters, no spaces or commas).")


@strawberry.input(description="Changes to a retail company.")
class RetailCompanyUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New name. {_KEEP}")
    code: str | None = strawberry.field(default=strawberry.UNSET, description=f"New unique code. {_KEEP}")


@strawberry.input(description="A new store.")
class StoreCreateInput:
    company_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of the company the store belongs to; a company admin may leave it out (theirs).",
    )
    name: str = strawberry.field(description="Store name (1-120 characters).")
    code: str = strawberry.field(description="Unique store code, used by CSV imports (1-40 characters).")
    city: str = strawberry.field(default="", description="City the store is in.")


@strawberry.input(description="Changes to a store. A store never moves to another company.")
class StoreUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New name. {_KEEP}")
    code: str | None = strawberry.field(default=strawberry.UNSET, description=f"New unique code. {_KEEP}")
    city: str | None = strawberry.field(default=strawberry.UNSET, description=f"New city. {_KEEP}")


@strawberry.input(description="A new shopping guide.")
class GuideCreateInput:
    store_id: strawberry.ID = strawberry.field(description="Global id of the store the guide works in.")
    name: str = strawberry.field(description="Guide's name (1-60 characters).")
    code: str = strawberry.field(description="Unique employee code (工号), used by CSV imports.")
    phone: str = strawberry.field(default="", description="Work phone.")
    wecom_user_id: str | None = strawberry.field(default=None, description="WeCom (企业微信) user id, unique.")


@strawberry.input(
    description="Changes to a guide. Guides are never deleted (members and history keep them): set "
    "`active: false` when they leave."
)
class GuideUpdateInput:
    store_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description=f"Move the guide to another store in your reach. {_KEEP}"
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New name. {_KEEP}")
    code: str | None = strawberry.field(default=strawberry.UNSET, description=f"New employee code. {_KEEP}")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description=f"New phone. {_KEEP}")
    wecom_user_id: str | None = strawberry.field(
        default=strawberry.UNSET, description=f"New WeCom user id; null or empty removes it. {_KEEP}"
    )
    active: bool | None = strawberry.field(
        default=strawberry.UNSET, description=f"False deactivates the guide, true reactivates. {_KEEP}"
    )


@strawberry.input(description="A new member tier.")
class TierCreateInput:
    name: str = strawberry.field(description="Unique tier name, e.g. 金卡.")
    level: int = strawberry.field(description="Unique rank 0-1000: higher is better.")
    threshold: Decimal = strawberry.field(
        description="Cumulative net spend (yuan) that reaches the tier; must rise with the level."
    )


@strawberry.input(description="Changes to a tier. Members move when their totals are next recomputed.")
class TierUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New unique name. {_KEEP}")
    level: int | None = strawberry.field(default=strawberry.UNSET, description=f"New unique level. {_KEEP}")
    threshold: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description=f"New threshold (yuan), ordered like levels. {_KEEP}"
    )


@strawberry.input(description="A new good or service in the catalogue.")
class ProductCreateInput:
    sku: str = strawberry.field(description="Unique stock-keeping unit.")
    name: str = strawberry.field(description="Product name.")
    kind: LineKind = strawberry.field(description="Goods or service (cards are card products).")
    category: str = strawberry.field(description="Category segments filter on.")
    price: Decimal = strawberry.field(description="List price (yuan, at least 0, 2 decimals).")


@strawberry.input(description="Changes to a product. Products are never deleted: orders refer to them.")
class ProductUpdateInput:
    sku: str | None = strawberry.field(default=strawberry.UNSET, description=f"New unique SKU. {_KEEP}")
    name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New name. {_KEEP}")
    kind: LineKind | None = strawberry.field(default=strawberry.UNSET, description=f"Goods or service. {_KEEP}")
    category: str | None = strawberry.field(default=strawberry.UNSET, description=f"New category. {_KEEP}")
    price: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description=f"New list price (yuan); past orders keep theirs. {_KEEP}"
    )


@strawberry.input(description="A new card for sale.")
class CardProductCreateInput:
    name: str = strawberry.field(description="Card name.")
    kind: CardKind = strawberry.field(description="Stored value or punch card (fixed once created).")
    price: Decimal = strawberry.field(description="Sale price (yuan, at least 0).")
    face_value: Decimal | None = strawberry.field(
        default=None, description="Stored-value cards: value credited on purchase (yuan). Punch cards: none."
    )
    total_uses: int | None = strawberry.field(
        default=None, description="Punch cards: uses granted on purchase (1-10000); required for them."
    )
    validity_days: int | None = strawberry.field(
        default=None, description="Days a card is valid after purchase (1-36500); null: no expiry."
    )
    grants_tier_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of a tier the buyer is raised to, if any."
    )


@strawberry.input(
    description="Changes to a card product; they apply to future sales (issued cards keep theirs). "
    "Card products are never deleted: cards refer to them."
)
class CardProductUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New name. {_KEEP}")
    price: Decimal | None = strawberry.field(default=strawberry.UNSET, description=f"New sale price. {_KEEP}")
    face_value: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description=f"Stored-value cards: new face value. {_KEEP}"
    )
    total_uses: int | None = strawberry.field(
        default=strawberry.UNSET, description=f"Punch cards: new number of uses. {_KEEP}"
    )
    validity_days: int | None = strawberry.field(
        default=strawberry.UNSET, description=f"New validity in days; null: no expiry. {_KEEP}"
    )
    grants_tier_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description=f"Tier granted on purchase; null: none. {_KEEP}"
    )


@strawberry.input(description="A person to invite to the admin.")
class UserInviteInput:
    username: str = strawberry.field(description="Sign-in name: 2-80 letters, digits or . _ @ + -, unique.")
    display_name: str | None = strawberry.field(default=None, description="Name shown; defaults to the username.")
    role: Role = strawberry.field(
        description="Admin, company admin, store manager or guide (partners get API tokens, not users)."
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="Company admins: their company (a company admin inviting may leave it out)."
    )
    store_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Store managers: their stores (all in one company)."
    )
    guide_id: strawberry.ID | None = strawberry.field(default=None, description="Guide accounts: the guide.")


@strawberry.input(description="Changes to a user; the new rights apply from their next request.")
class UserUpdateInput:
    display_name: str | None = strawberry.field(default=strawberry.UNSET, description=f"New display name. {_KEEP}")
    role: Role | None = strawberry.field(default=strawberry.UNSET, description=f"New role. {_KEEP}")
    company_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=f"New company. {_KEEP}")
    store_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description=f"New stores. {_KEEP}"
    )
    guide_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=f"New guide. {_KEEP}")


@strawberry.input(description="Set a password with the one-time token of an invitation or a reset.")
class UserPasswordSetInput:
    token: str = strawberry.field(description="The token from the set-password link.")
    password: str = strawberry.field(description="The new password (8-256 characters).")


@strawberry.input(description="A new API token.")
class ApiTokenCreateInput:
    name: str = strawberry.field(description="What the token is for (1-80 characters).")
    role: Role = strawberry.field(description="The role it acts with (a company admin may only create partners).")
    scopes: list[str] | None = strawberry.field(
        default=None,
        description="Scopes, e.g. events:write, orders:write, conversions:read, members:read; each must be "
        "grantable to the role. Left out: the role's defaults.",
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="Partner and company-admin tokens: the company (a company admin: theirs)."
    )
    store_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Store-manager tokens: the stores."
    )
    guide_id: strawberry.ID | None = strawberry.field(default=None, description="Guide tokens: the guide.")
    expires_in_days: int | None = strawberry.field(
        default=None, description="Days until it stops working (1-3650); null: never."
    )
