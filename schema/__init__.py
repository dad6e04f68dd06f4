"""The GraphQL schema: each domain contributes a Query and a Mutation class, composed here."""

from __future__ import annotations

import functools

import strawberry
from strawberry import relay
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

# Registering DataLoaders is a side effect of importing each domain's loaders module.
import schema.loyalty.loaders  # noqa: F401
import schema.members.loaders  # noqa: F401
import schema.orders.loaders  # noqa: F401
import schema.org.loaders  # noqa: F401
import schema.templates.loaders  # noqa: F401
from schema.accounts.schema import AccountMutations, AccountQueries
from schema.accounts.validation import OneLoginPerDocument
from schema.channels.schema import ChannelMutations, ChannelQueries
from schema.core.arguments import ArgumentChecker
from schema.core.limits import QueryCostLimiter
from schema.journeys.estimate import JourneyEstimateQueries
from schema.journeys.schema import JourneyMutations, JourneyQueries
from schema.journeys.types import EnrollmentType, JourneyType
from schema.loyalty.types import CardProductType, MemberCardType, TierType
from schema.members.imports import MemberImportQueries, MemberImportSubscriptions
from schema.members.mutations import MemberMutations
from schema.members.queries import MemberQueries
from schema.members.types import MemberType
from schema.messages.schema import MessageMutations, MessageQueries
from schema.messages.types import MessageType
from schema.orders.mutations import OrderMutations
from schema.orders.types import OrderType, ProductType
from schema.org.types import GuideType, RetailCompanyType, StoreType
from schema.segments.schema import SegmentMutations, SegmentQueries
from schema.settings.mutations import SettingsMutations
from schema.settings.queries import SettingsQueries
from schema.settings.types import ApiTokenType, UserType
from schema.templates.schema import TemplateMutations, TemplateQueries
from schema.templates.types import TemplateType

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 5000


@strawberry.type(description="Everything you can read.")
class Query(AccountQueries, MemberQueries, MemberImportQueries, SegmentQueries, SettingsQueries, JourneyQueries,
            JourneyEstimateQueries, TemplateQueries, ChannelQueries, MessageQueries):
    node: relay.Node | None = relay.node(description="Any object by its global id; null when not visible.")


@strawberry.type(description="Everything you can change. Each mutation returns its object and userErrors.")
class Mutation(AccountMutations, MemberMutations, OrderMutations, SegmentMutations, SettingsMutations,
               JourneyMutations, TemplateMutations, ChannelMutations, MessageMutations):
    pass


@strawberry.type(description="Everything you can follow as it changes (graphql-transport-ws).")
class Subscription(MemberImportSubscriptions):
    pass


def _should_mask(error: Exception) -> bool:
    """In production, mask by allow-list: only Rapport's own errors and validation/syntax errors reach
    a client. Read per request from the settings, so one schema serves every mode."""
    from api.core.config import get_settings

    if not get_settings().production:
        return False
    original = getattr(error, "original_error", None)
    if original is None:
        return False  # validation and syntax errors are the caller's to see
    from api.core.errors import ArgumentError, DomainError, Unauthenticated

    return not isinstance(original, (DomainError, Unauthenticated, ArgumentError))


@functools.cache
def build_schema() -> strawberry.Schema:
    """The schema, built once per process (Strawberry types may only be bound to one schema)."""
    extensions: list[object] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        QueryCostLimiter,
        OneLoginPerDocument,
        ArgumentChecker,
        lambda: MaskErrors(should_mask_error=_should_mask),
    ]
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            MemberType,
            StoreType,
            GuideType,
            RetailCompanyType,
            TierType,
            CardProductType,
            MemberCardType,
            OrderType,
            ProductType,
            UserType,
            ApiTokenType,
            JourneyType,
            EnrollmentType,
            TemplateType,
            MessageType,
        ],
        extensions=extensions,  # type: ignore[arg-type]
    )
