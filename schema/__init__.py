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
from schema.accounts.schema import AccountMutations, AccountQueries
from schema.core.limits import QueryCostLimiter
from schema.loyalty.types import CardProductType, MemberCardType, TierType
from schema.members.mutations import MemberMutations
from schema.members.queries import MemberQueries
from schema.members.types import MemberType
from schema.orders.mutations import OrderMutations
from schema.orders.types import OrderType, ProductType
from schema.org.types import GuideType, RetailCompanyType, StoreType
from schema.segments.schema import SegmentMutations, SegmentQueries

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 5000


@strawberry.type(description="Everything you can read.")
class Query(AccountQueries, MemberQueries, SegmentQueries):
    node: relay.Node | None = relay.node(description="Any object by its global id; null when not visible.")


@strawberry.type(description="Everything you can change. Each mutation returns its object and userErrors.")
class Mutation(AccountMutations, MemberMutations, OrderMutations, SegmentMutations):
    pass


def _should_mask(error: Exception) -> bool:
    from graphql import GraphQLError

    original = getattr(error, "original_error", None)
    if original is None:
        return False  # validation and syntax errors are the caller's to see
    from api.core.errors import DomainError, Unauthenticated

    return not isinstance(original, (DomainError, Unauthenticated, ValueError, GraphQLError))


def build_schema(production: bool = False) -> strawberry.Schema:
    """The schema (built once per mode: Strawberry types may only be bound to one schema)."""
    return _build(bool(production))


@functools.cache
def _build(production: bool) -> strawberry.Schema:
    extensions: list[object] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        QueryCostLimiter,
    ]
    if production:
        extensions.append(lambda: MaskErrors(should_mask_error=_should_mask))
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
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
        ],
        extensions=extensions,  # type: ignore[arg-type]
    )
