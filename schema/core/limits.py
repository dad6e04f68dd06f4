"""Query cost limit: a document may not ask for more than MAX_COST in the worst case.

Each field costs its *complexity* (1 unless :data:`COST_MAP` says otherwise) plus the cost of its
selection, multiplied by the field's page size (``first``/``last``): nesting pages in pages is what
gets expensive. The page size counted is the literal value, the largest one allowed when it is a
variable (the bound comes from :mod:`schema.core.arguments`, the one table of argument limits), and
the default page when it is left out.

The cost map is keyed by (type, field), like Saleor's ``query_cost_map.py``. Fields that run a whole
segment rule are priced by the database work they cause, in units of a segment refresh: a refresh
evaluates the rule over every member and writes the membership difference (:data:`REFRESH_COST`, so
at most 5 per request); an estimate runs the same compiled statement and writes nothing, so it costs
half a refresh (:data:`ESTIMATE_COST`): at most 10 estimates fit in one request, with their selection.
``sizeHistory`` costs its ``last`` like a page. Depth, alias and token limits are Strawberry's own
extensions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from strawberry.extensions.add_validation_rules import AddValidationRules

from schema.core.arguments import IntRange, constraint_for, node_types
from schema.core.pagination import DEFAULT_PAGE, MAX_PAGE

MAX_COST = 50_000

REFRESH_COST = 9_800
"""A segment refresh: a fifth of MAX_COST, less room for the payload it selects."""

ESTIMATE_COST = REFRESH_COST // 2
"""An exact estimate: the refresh's statement without its writes. 10 fit in a request, 11 do not."""

POSTER_COST = 2_400
"""A template preview or poster: renders a member's poster PNG; at most 20 in one request."""


@dataclass(frozen=True)
class FieldCost:
    """What one field costs: ``complexity`` for itself, plus its selection times the value of the first
    of ``multipliers`` that the query gives (a page size)."""

    complexity: int = 1
    multipliers: tuple[str, ...] = ("first", "last")


DEFAULT_COST = FieldCost()

COST_MAP: dict[tuple[str, str], FieldCost] = {
    ("Query", "estimateAudience"): FieldCost(complexity=ESTIMATE_COST),
    ("Segment", "estimate"): FieldCost(complexity=ESTIMATE_COST),
    # a journey's estimate counts a few rules per node and per message channel: like five audience estimates
    ("Query", "journeyEstimate"): FieldCost(complexity=5 * ESTIMATE_COST),
    ("Segment", "sizeHistory"): FieldCost(multipliers=("last",)),
    ("Mutation", "segmentCreate"): FieldCost(complexity=REFRESH_COST),
    ("Mutation", "segmentUpdate"): FieldCost(complexity=REFRESH_COST),
    ("Mutation", "segmentRefresh"): FieldCost(complexity=REFRESH_COST),
    # a poster is a QR code and a PNG drawn in the request (about 20 ms): at most 20 per request
    ("Query", "templatePreview"): FieldCost(complexity=POSTER_COST),
    ("Query", "templatePoster"): FieldCost(complexity=POSTER_COST),
}
"""Costs of (type, field) that differ from :data:`DEFAULT_COST`."""


def _factor(parent: str, node: FieldNode, field: GraphQLField, cost: FieldCost, nodes: frozenset[str]) -> int:
    """The page size that multiplies the selection's cost (1 for fields that take none)."""
    given = {a.name.value: a.value for a in node.arguments or ()}
    for name in cost.multipliers:
        if name not in field.args:
            continue
        bound = constraint_for(parent, node.name.value, field, name, nodes)
        high = bound.high if isinstance(bound, IntRange) else MAX_PAGE
        value = given.get(name)
        if isinstance(value, IntValueNode):
            return max(0, min(int(value.value), high))
        if isinstance(value, VariableNode):
            return high
        if value is None or isinstance(value, NullValueNode):
            default = field.args[name].default_value
            return default if isinstance(default, int) else DEFAULT_PAGE
    return 1


class _Coster:
    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.schema = schema
        self.fragments = fragments
        self.nodes = node_types(schema)
        self._fragment_costs: dict[tuple[str, str], int] = {}

    def cost(self, selection_set: SelectionSetNode | None, parent: GraphQLType | None, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total += self._field(sel, parent, seen)
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += self.cost(sel.selection_set, cond, seen)
            elif isinstance(sel, FragmentSpreadNode):
                total += self._spread(sel, seen)
        return total

    def _spread(self, sel: FragmentSpreadNode, seen: frozenset[str]) -> int:
        name = sel.name.value
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:
            return 0  # unknown or cyclic: validation reports it
        cond = self.schema.get_type(fragment.type_condition.name.value)
        key = (name, getattr(cond, "name", ""))
        if key not in self._fragment_costs:  # a fragment spread many times is costed once per type
            self._fragment_costs[key] = self.cost(fragment.selection_set, cond, seen | {name})
        return self._fragment_costs[key]

    def _field(self, node: FieldNode, parent: GraphQLType | None, seen: frozenset[str]) -> int:
        if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)) or node.name.value not in parent.fields:
            # __typename, or a field validation refuses anyway: cost it like a plain field.
            return 1 + self.cost(node.selection_set, None, seen)
        field = parent.fields[node.name.value]
        spec = COST_MAP.get((parent.name, node.name.value), DEFAULT_COST)
        factor = _factor(parent.name, node, field, spec, self.nodes)
        return spec.complexity + factor * self.cost(node.selection_set, get_named_type(field.type), seen)


def query_cost(context: ValidationContext) -> int:
    """The worst-case cost of the most expensive operation of the document."""
    fragments = {d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)}
    schema = context.schema
    coster = _Coster(schema, fragments)
    return max(
        (
            coster.cost(d.selection_set, schema.get_root_type(d.operation), frozenset())
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
                    "Ask for smaller pages (`first`), fewer nested lists or fewer estimates "
                    f"(each costs {ESTIMATE_COST})."
                )
            )


class QueryCostLimiter(AddValidationRules):
    """Reject documents whose worst-case cost is over MAX_COST, before anything runs."""

    def __init__(self) -> None:
        super().__init__([_CostRule])
