"""Query cost limit: a query may not ask for more than MAX_COST fields in the worst case.

Each field costs 1; a field with a ``first`` argument multiplies the cost of its selection by that
page size (the largest allowed page when ``first`` is a variable or left out), so nesting pages in
pages is what gets expensive. Depth, alias and token limits are Strawberry's own extensions.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions.add_validation_rules import AddValidationRules

from schema.core.pagination import MAX_PAGE

MAX_COST = 50_000


def _page_factor(field: FieldNode) -> int:
    for arg in field.arguments or ():
        if arg.name.value == "first":
            if isinstance(arg.value, IntValueNode):
                return max(1, min(int(arg.value.value), MAX_PAGE))
            return MAX_PAGE
    return 1


def _cost(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            total += 1 + _page_factor(sel) * _cost(sel.selection_set, fragments, seen)
        elif isinstance(sel, InlineFragmentNode):
            total += _cost(sel.selection_set, fragments, seen)
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            if name in fragments and name not in seen:
                total += _cost(fragments[name].selection_set, fragments, seen | {name})
    return total


def query_cost(context: ValidationContext) -> int:
    fragments = {d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)}
    return max(
        (
            _cost(d.selection_set, fragments, frozenset())
            for d in context.document.definitions
            if isinstance(d, OperationDefinitionNode)
        ),
        default=0,
    )


class _CostRule(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        cost = query_cost(context)
        if cost > MAX_COST:
            context.report_error(
                GraphQLError(
                    f"Query is too expensive: cost {cost} is over the limit of {MAX_COST}. "
                    "Ask for smaller pages (`first`) or fewer nested lists."
                )
            )


class QueryCostLimiter(AddValidationRules):
    """Reject queries whose worst-case cost is over MAX_COST."""

    def __init__(self) -> None:
        super().__init__([_CostRule])
