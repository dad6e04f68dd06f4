"""Mutations of settings: organisation, catalogue, users and API tokens. Thin: parse, call a service."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from api.accounts import admin
from api.accounts.models import Role as ModelRole
from api.loyalty import services as loyalty
from api.loyalty.models import CardKind as ModelCardKind
from api.orders import services as orders
from api.orders.models import LineKind as ModelLineKind
from api.org import services as org
from schema.core.errors import mutate
from schema.core.ids import decode_id
from schema.core.scalars import money_to_cents
from schema.loyalty.types import CardProductType, TierType
from schema.orders.types import ProductType
from schema.org.types import GuideType, RetailCompanyType, StoreType
from schema.settings.errors import SettingsErrorCode, SettingsUserError
from schema.settings.inputs import (
    ApiTokenCreateInput,
    CardProductCreateInput,
    CardProductUpdateInput,
    GuideCreateInput,
    GuideUpdateInput,
    ProductCreateInput,
    ProductUpdateInput,
    RetailCompanyCreateInput,
    RetailCompanyUpdateInput,
    StoreCreateInput,
    StoreUpdateInput,
    TierCreateInput,
    TierUpdateInput,
    UserInviteInput,
    UserPasswordSetInput,
    UserUpdateInput,
)
from schema.settings.types import ApiTokenType, UserType

_ERR = "What was wrong with the input; empty on success."
_NULL = "null when userErrors is not empty."

# input field -> (model field, global id type); money fields -> model cents field
_IDS = {
    "company_id": "RetailCompany",
    "store_id": "Store",
    "guide_id": "Guide",
    "grants_tier_id": "Tier",
    "store_ids": "Store",
}
_MONEY = {"price": "price_cents", "threshold": "threshold_cents", "face_value": "face_value_cents"}
_ENUMS: dict[str, type[Enum]] = {"role": ModelRole, "kind": ModelLineKind}


@strawberry.type(description="Result of clockAdvance.")
class ClockAdvancePayload:
    now: datetime | None = strawberry.field(default=None, description="The service clock now; " + _NULL)
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


def client_ip(info: strawberry.Info) -> str | None:
    """The caller's address (for the audit log); behind a proxy, uvicorn's --proxy-headers sets it."""
    client = getattr(info.context.request, "client", None)
    return client.host if client else None


def _camel(name: str) -> str:
    return "".join(w.capitalize() if i else w for i, w in enumerate(name.split("_")))


def fields_of(data: Any, enums: dict[str, type[Enum]] | None = None) -> dict[str, Any]:
    """The input fields given (UNSET left out) as service field names: global ids decoded, money in
    cents, enums as the domain's. Every decoding problem names its ``["input", field]`` path."""
    from api.core.errors import DomainError, ErrorCollector

    enums = enums or _ENUMS
    errors = ErrorCollector()
    out: dict[str, Any] = {}
    for key, value in vars(data).items():
        if value is strawberry.UNSET:
            continue
        path = ["input", _camel(key)]
        try:
            if key in _IDS and value is not None:
                if isinstance(value, list):
                    value = [decode_id(v, _IDS[key], [*path, str(i)]) for i, v in enumerate(value)]
                else:
                    value = decode_id(value, _IDS[key], path)
            elif key in _MONEY:
                key = _MONEY[key]
                value = money_to_cents(value, path) if value is not None else None
            elif key in enums and value is not None:
                value = enums[key](value.value)
        except DomainError as exc:
            errors.errors.extend(exc.errors)
            continue
        out[key] = value
    errors.raise_if_any()
    return out


def _reach(f: dict[str, Any]) -> admin.ReachInput:
    return admin.ReachInput(
        company_id=f.get("company_id"), store_ids=tuple(f.get("store_ids") or ()), guide_id=f.get("guide_id")
    )


async def _run(payload: type[Any], action: Any) -> Any:
    return await mutate(payload, SettingsUserError, SettingsErrorCode, action)


def _id_arg(description: str) -> Any:
    return strawberry.argument(description=description)


# -- payloads --------------------------------------------------------------------------------------


@strawberry.type(description="Result of retailCompanyCreate.")
class RetailCompanyCreatePayload:
    retail_company: RetailCompanyType | None = strawberry.field(default=None, description=f"The company; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of retailCompanyUpdate.")
class RetailCompanyUpdatePayload:
    retail_company: RetailCompanyType | None = strawberry.field(default=None, description=f"The company; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of storeCreate.")
class StoreCreatePayload:
    store: StoreType | None = strawberry.field(default=None, description=f"The store; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of storeUpdate.")
class StoreUpdatePayload:
    store: StoreType | None = strawberry.field(default=None, description=f"The store; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of guideCreate.")
class GuideCreatePayload:
    guide: GuideType | None = strawberry.field(default=None, description=f"The guide; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of guideUpdate.")
class GuideUpdatePayload:
    guide: GuideType | None = strawberry.field(default=None, description=f"The guide; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of tierCreate.")
class TierCreatePayload:
    tier: TierType | None = strawberry.field(default=None, description=f"The tier; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of tierUpdate.")
class TierUpdatePayload:
    tier: TierType | None = strawberry.field(default=None, description=f"The tier; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of productCreate.")
class ProductCreatePayload:
    product: ProductType | None = strawberry.field(default=None, description=f"The product; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of productUpdate.")
class ProductUpdatePayload:
    product: ProductType | None = strawberry.field(default=None, description=f"The product; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of cardProductCreate.")
class CardProductCreatePayload:
    card_product: CardProductType | None = strawberry.field(default=None, description=f"The card product; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of cardProductUpdate.")
class CardProductUpdatePayload:
    card_product: CardProductType | None = strawberry.field(default=None, description=f"The card product; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of userInvite: the user and their one-time set-password token.")
class UserInvitePayload:
    user: UserType | None = strawberry.field(default=None, description=f"The invited user; {_NULL}")
    set_password_token: str | None = strawberry.field(
        default=None,
        description="One-time token for the invitee's set-password link (the admin builds "
        "`/set-password#<token>`). Shown only here, never again; valid 7 days.",
    )
    set_password_token_expires_at: datetime | None = strawberry.field(
        default=None, description="When the token stops working."
    )
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of userUpdate.")
class UserUpdatePayload:
    user: UserType | None = strawberry.field(default=None, description=f"The user; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of userDisable.")
class UserDisablePayload:
    user: UserType | None = strawberry.field(default=None, description=f"The disabled user; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of userEnable.")
class UserEnablePayload:
    user: UserType | None = strawberry.field(default=None, description=f"The enabled user; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of userPasswordReset: a new one-time set-password token.")
class UserPasswordResetPayload:
    user: UserType | None = strawberry.field(default=None, description=f"The user; {_NULL}")
    set_password_token: str | None = strawberry.field(
        default=None, description="One-time token for the set-password link; shown only here, valid 24 hours."
    )
    set_password_token_expires_at: datetime | None = strawberry.field(
        default=None, description="When the token stops working."
    )
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of userPasswordSet.")
class UserPasswordSetPayload:
    username: str | None = strawberry.field(
        default=None, description=f"The username to sign in with, now that the password is set; {_NULL}"
    )
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of apiTokenCreate: the token and its secret, shown this once.")
class ApiTokenCreatePayload:
    api_token: ApiTokenType | None = strawberry.field(default=None, description=f"The token; {_NULL}")
    secret: str | None = strawberry.field(
        default=None,
        description="The bearer secret (`Authorization: Bearer <secret>`). Shown only here: Rapport keeps "
        "its hash, so a lost secret means a new token.",
    )
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


@strawberry.type(description="Result of apiTokenRevoke.")
class ApiTokenRevokePayload:
    api_token: ApiTokenType | None = strawberry.field(default=None, description=f"The revoked token; {_NULL}")
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list, description=_ERR)


# -- mutations -------------------------------------------------------------------------------------

_INPUT = "The input; see its fields."
_CHANGES = "The changes; fields left out keep their value."


@strawberry.type
class SettingsMutations:
    @strawberry.mutation(description="Development only (demos and browser tests): move the service clock of the API "
                         "and every worker forward, then run the engine at once. HQ admins; refused outside "
                         "development.")
    async def clock_advance(
        self, info: strawberry.Info,
        days: Annotated[int, strawberry.argument(description="Days forward (0-366).")] = 0,
        hours: Annotated[int, strawberry.argument(description="Hours forward (0-23).")] = 0,
        minutes: Annotated[int, strawberry.argument(description="Minutes forward (0-59).")] = 0,
    ) -> ClockAdvancePayload:
        from api.core import simulation

        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            return {"now": await simulation.advance_clock(viewer, days=days, hours=hours, minutes=minutes)}

        return await mutate(ClockAdvancePayload, SettingsUserError, SettingsErrorCode, action, atomic=False)

    @strawberry.mutation(description="Create a retail company (admins).")
    async def retail_company_create(
        self, info: strawberry.Info, input: Annotated[RetailCompanyCreateInput, _id_arg(_INPUT)]
    ) -> RetailCompanyCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            c = await org.create_company(viewer, input.name, input.code, ip=client_ip(info))
            return {"retail_company": RetailCompanyType.from_model(c)}

        return await _run(RetailCompanyCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Rename a retail company or change its code (admins). Companies are never deleted."
    )
    async def retail_company_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the company.")],
        input: Annotated[RetailCompanyUpdateInput, _id_arg(_CHANGES)],
    ) -> RetailCompanyUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "RetailCompany", "id")
            c = await org.update_company(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"retail_company": RetailCompanyType.from_model(c)}

        return await _run(RetailCompanyUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Create a store (admins; a company admin in their company).")
    async def store_create(
        self, info: strawberry.Info, input: Annotated[StoreCreateInput, _id_arg(_INPUT)]
    ) -> StoreCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            f = fields_of(input)
            s = await org.create_store(
                viewer, f.get("company_id"), f["name"], f["code"], f.get("city", ""), ip=client_ip(info)
            )
            return {"store": StoreType.from_model(s)}

        return await _run(StoreCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Rename a store, change its code or city (admins; a company admin for their company's "
        "stores). Stores are never deleted: members and orders refer to them."
    )
    async def store_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the store.")],
        input: Annotated[StoreUpdateInput, _id_arg(_CHANGES)],
    ) -> StoreUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Store", "id")
            s = await org.update_store(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"store": StoreType.from_model(s)}

        return await _run(StoreUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Create a shopping guide (admins; company admins in their company; store managers in their stores)."
    )
    async def guide_create(
        self, info: strawberry.Info, input: Annotated[GuideCreateInput, _id_arg(_INPUT)]
    ) -> GuideCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            f = fields_of(input)
            store_id = f.pop("store_id")
            g = await org.create_guide(viewer, store_id, f, ip=client_ip(info))
            return {"guide": GuideType.from_model(g)}

        return await _run(GuideCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Change a guide, move them to another store in reach, or deactivate them (`active: false`) "
        "when they leave; guides are never deleted. Same reach as guideCreate."
    )
    async def guide_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the guide.")],
        input: Annotated[GuideUpdateInput, _id_arg(_CHANGES)],
    ) -> GuideUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Guide", "id")
            g = await org.update_guide(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"guide": GuideType.from_model(g)}

        return await _run(GuideUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Create a member tier (admins).")
    async def tier_create(
        self, info: strawberry.Info, input: Annotated[TierCreateInput, _id_arg(_INPUT)]
    ) -> TierCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            f = fields_of(input)
            t = await loyalty.create_tier(viewer, f["name"], f["level"], f["threshold_cents"], ip=client_ip(info))
            return {"tier": TierType.from_model(t)}

        return await _run(TierCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Rename a tier or change its level or threshold (admins). Tiers are never deleted: "
        "members hold them."
    )
    async def tier_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the tier.")],
        input: Annotated[TierUpdateInput, _id_arg(_CHANGES)],
    ) -> TierUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Tier", "id")
            t = await loyalty.update_tier(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"tier": TierType.from_model(t)}

        return await _run(TierUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Add a good or service to the catalogue (admins).")
    async def product_create(
        self, info: strawberry.Info, input: Annotated[ProductCreateInput, _id_arg(_INPUT)]
    ) -> ProductCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            p = await orders.create_product(viewer, fields_of(input), ip=client_ip(info))
            return {"product": ProductType.from_model(p)}

        return await _run(ProductCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Change a product (admins). Products are never deleted: order lines refer to them."
    )
    async def product_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the product.")],
        input: Annotated[ProductUpdateInput, _id_arg(_CHANGES)],
    ) -> ProductUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "Product", "id")
            p = await orders.update_product(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"product": ProductType.from_model(p)}

        return await _run(ProductUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Create a card for sale: stored value or punch card (admins).")
    async def card_product_create(
        self, info: strawberry.Info, input: Annotated[CardProductCreateInput, _id_arg(_INPUT)]
    ) -> CardProductCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            f = fields_of(input, {"kind": ModelCardKind})
            kind = f.pop("kind")
            c = await loyalty.create_card_product(viewer, kind, f, ip=client_ip(info))
            return {"card_product": CardProductType.from_model(c)}

        return await _run(CardProductCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Change a card product (admins): future sales only; card products are never deleted."
    )
    async def card_product_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the card product.")],
        input: Annotated[CardProductUpdateInput, _id_arg(_CHANGES)],
    ) -> CardProductUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "CardProduct", "id")
            c = await loyalty.update_card_product(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"card_product": CardProductType.from_model(c)}

        return await _run(CardProductUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Invite a person (admins; a company admin within their company): creates the user "
        "without a password and answers a one-time set-password token, shown once."
    )
    async def user_invite(
        self, info: strawberry.Info, input: Annotated[UserInviteInput, _id_arg(_INPUT)]
    ) -> UserInvitePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            f = fields_of(input)
            user, secret, expires = await admin.invite_user(
                viewer, f["username"], f.get("display_name"), f["role"], _reach(f), ip=client_ip(info)
            )
            return {
                "user": UserType.from_model(user),
                "set_password_token": secret,
                "set_password_token_expires_at": expires,
            }

        return await _run(UserInvitePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Change a user's display name, role or reach (same managers as userInvite).")
    async def user_update(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, _id_arg("Global id of the user.")],
        input: Annotated[UserUpdateInput, _id_arg(_CHANGES)],
    ) -> UserUpdatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            pk = decode_id(id, "User", "id")
            user = await admin.update_user(viewer, pk, fields_of(input), ip=client_ip(info))
            return {"user": UserType.from_model(user)}

        return await _run(UserUpdatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Disable a user: they cannot sign in and their sessions end at once. Nobody disables "
        "themself; the last active admin cannot be disabled. Users are never deleted."
    )
    async def user_disable(
        self, info: strawberry.Info, id: Annotated[strawberry.ID, _id_arg("Global id of the user.")]
    ) -> UserDisablePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            user = await admin.set_user_active(viewer, decode_id(id, "User", "id"), False, ip=client_ip(info))
            return {"user": UserType.from_model(user)}

        return await _run(UserDisablePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Enable a disabled user again.")
    async def user_enable(
        self, info: strawberry.Info, id: Annotated[strawberry.ID, _id_arg("Global id of the user.")]
    ) -> UserEnablePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            user = await admin.set_user_active(viewer, decode_id(id, "User", "id"), True, ip=client_ip(info))
            return {"user": UserType.from_model(user)}

        return await _run(UserEnablePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Reset a user's password: the old one stops working, their sessions end, and a new "
        "one-time set-password token is answered (shown once)."
    )
    async def user_password_reset(
        self, info: strawberry.Info, id: Annotated[strawberry.ID, _id_arg("Global id of the user.")]
    ) -> UserPasswordResetPayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            user, secret, expires = await admin.reset_password(viewer, decode_id(id, "User", "id"), ip=client_ip(info))
            return {
                "user": UserType.from_model(user),
                "set_password_token": secret,
                "set_password_token_expires_at": expires,
            }

        return await _run(UserPasswordResetPayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Set a password with the one-time token of an invitation or a reset. Needs no sign-in; "
        "the token works once and expires. Then sign in with `login`."
    )
    async def user_password_set(
        self, info: strawberry.Info, input: Annotated[UserPasswordSetInput, _id_arg(_INPUT)]
    ) -> UserPasswordSetPayload:
        async def action() -> dict[str, Any]:
            user = await admin.set_password_with_token(input.token, input.password, ip=client_ip(info))
            return {"username": user.username}

        return await _run(UserPasswordSetPayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Create an API token (admins; a company admin: partner tokens of their company). "
        "The secret is answered once; only its hash is stored."
    )
    async def api_token_create(
        self, info: strawberry.Info, input: Annotated[ApiTokenCreateInput, _id_arg(_INPUT)]
    ) -> ApiTokenCreatePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            f = fields_of(input)
            secret, token = await admin.create_api_token(
                viewer, f["name"], f["role"], f.get("scopes"), _reach(f), f.get("expires_in_days"), ip=client_ip(info)
            )
            return {"api_token": ApiTokenType.from_model(token), "secret": secret}

        return await _run(ApiTokenCreatePayload, action)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Revoke an API token at once (same managers as apiTokenCreate).")
    async def api_token_revoke(
        self, info: strawberry.Info, id: Annotated[strawberry.ID, _id_arg("Global id of the token.")]
    ) -> ApiTokenRevokePayload:
        viewer = info.context.require_viewer()

        async def action() -> dict[str, Any]:
            token = await admin.revoke_api_token(viewer, decode_id(id, "ApiToken", "id"), ip=client_ip(info))
            return {"api_token": ApiTokenType.from_model(token)}

        return await _run(ApiTokenRevokePayload, action)  # type: ignore[no-any-return]
