"""Argument checking before execution: ranges of ``first``/``last`` and the format of global ids.

Why before execution: graphql-core resolves a mutation's payload after the mutation has run, so a
bad argument on a nested field (``memberCreate { member { orders(first: -1) } }``) used to be found
only once the member was stored, and a client that retried on the error created it twice. The
:class:`ArgumentChecker` extension walks the operation that is about to run (with the request's
variables, fragments and ``@skip``/``@include``) and refuses the whole document, running nothing,
when any argument of any field is out of its declared bounds.

Every constraint is declared here, in one table keyed by argument name (:data:`BY_NAME`) with
per-field overrides (:data:`OVERRIDES`); resolvers do not repeat them. An ``id`` argument names its
type through the field: ``member(id:)`` returns a Member, ``segmentUpdate(id:)`` acts on a Segment.
Any other ``ID`` argument must at least decode as a Relay global id.

Ranges and id formats are checked on field arguments. A mutation's own arguments, and the ids and
values inside ``input:`` objects, stay the mutation's business: they come back as ``userErrors`` with
their input path, as our convention says. One thing is refused everywhere, inputs included: text
holding U+0000, which no field can store (PostgreSQL text and JSONB refuse it) and which used to
escape as a database error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
)
from graphql import OperationType as AstOperationType
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
    get_variable_values,
)
from strawberry.extensions import SchemaExtension
from strawberry.relay import GlobalID
from strawberry.types.graphql import OperationType

from api.core.errors import ArgumentError
from api.core.keyset import unpack_cursor
from schema.core.pagination import MAX_PAGE

# Every primary key is a 32-bit integer column: a larger number in a global id names nothing and
# would make PostgreSQL refuse the statement, so it is refused here as a malformed id.
MAX_PK = 2**31 - 1
_INT_RE = re.compile(r"^-?\d{1,12}$")


@dataclass(frozen=True)
class IntRange:
    """An ``Int`` argument between ``low`` and ``high`` inclusive (null means "the default")."""

    low: int
    high: int

    def check(self, value: Any, field: str, argument: str, node_types: frozenset[str]) -> None:
        if value is None or isinstance(value, list):
            return
        if not self.low <= value <= self.high:
            raise ArgumentError(
                f"Argument '{argument}' of field '{field}' must be between {self.low} and {self.high}, got {value}."
            )


@dataclass(frozen=True)
class GlobalId:
    """An ``ID`` (or list of ``ID``) argument holding Relay global ids of ``type_name``.

    ``type_name=None`` accepts any type; ``node=True`` (``node(id:)``) requires a type the schema can
    resolve as a Node. The key inside an id of a Node type must be an integer that fits a primary key.
    """

    type_name: str | None = None
    node: bool = False

    def check(self, value: Any, field: str, argument: str, node_types: frozenset[str]) -> None:
        if value is None:
            return
        values = value if isinstance(value, list) else [value]
        for i, item in enumerate(values):
            where = f"'{argument}'" if not isinstance(value, list) else f"'{argument}' (item {i})"
            self._check_one(item, field, where, node_types)

    def _check_one(self, item: Any, field: str, where: str, node_types: frozenset[str]) -> None:
        wanted = f"a {self.type_name} id" if self.type_name else "a global id"
        try:
            gid = GlobalID.from_id(str(item))
        except Exception as exc:  # noqa: BLE001 - any undecodable text is the same mistake
            raise ArgumentError(
                f"Argument {where} of field '{field}' must be {wanted} as returned by the API, got {str(item)!r}."
            ) from exc
        if self.type_name is not None and gid.type_name != self.type_name:
            raise ArgumentError(
                f"Argument {where} of field '{field}' must be {wanted}, got a {gid.type_name!r} id ({str(item)!r})."
            )
        if self.node and gid.type_name not in node_types:
            raise ArgumentError(
                f"Argument {where} of field '{field}' must be the id of an object (one of "
                f"{', '.join(sorted(node_types))}), got a {gid.type_name!r} id ({str(item)!r})."
            )
        if gid.type_name in node_types and not (_INT_RE.match(gid.node_id) and 0 <= int(gid.node_id) <= MAX_PK):
            raise ArgumentError(
                f"Argument {where} of field '{field}' is not a valid {gid.type_name} id: {str(item)!r}."
            )


@dataclass(frozen=True)
class Cursor:
    """A ``String`` ``after``/``before`` argument: a cursor this API handed out (its format and version),
    of this field's list. Every list names itself in its cursors after its field (``members``,
    ``Member:<id>.orders``): a cursor of another field is refused here, before anything runs, so a
    mutation never runs ahead of a nested list that then refuses its cursor. Whether it is this very
    parent's list and sort order only the list knows; it checks that too when it resolves."""

    def check(self, value: Any, field: str, argument: str, node_types: frozenset[str], parent: str = "") -> None:
        if value is None:
            return
        try:
            _, tag, _, _ = unpack_cursor(str(value), argument)
        except ArgumentError as exc:
            raise ArgumentError(f"{exc} (field '{field}')") from exc
        listed = str(tag).split("|", 1)[0]
        owner, _, name = listed.rpartition(".")
        owner_type = owner.split(":", 1)[0] if owner else ""
        if name != field or (owner_type and parent not in ("Query", "Mutation", "") and owner_type != parent):
            raise ArgumentError(
                f"Argument '{argument}' of field '{field}' is a cursor of another list ({listed}): use a cursor "
                "this list handed out."
            )


Constraint = IntRange | GlobalId | Cursor


def find_nul(value: Any, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The path of the first text (or JSON key) holding U+0000 inside an argument value, if any.

    No text field of Rapport can hold it (PostgreSQL text and JSONB refuse it), so it is refused
    everywhere, inputs included, before anything runs, like a literal of the wrong type.
    """
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                return (*path, key)
            found = find_nul(item, (*path, str(key)))
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = find_nul(item, (*path, str(i)))
            if found is not None:
                return found
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        # Strawberry input objects arrive as instances of their classes.
        return find_nul({k: v for k, v in vars(value).items() if not k.startswith("_")}, path)
    return None


PAGE = IntRange(0, MAX_PAGE)

BY_NAME: dict[str, Constraint] = {
    # Relay pages: `first` forwards, `last` backwards; at most MAX_PAGE either way.
    "first": PAGE,
    "last": PAGE,
    # Ids whose argument name says the type they must be.
    "memberId": GlobalId("Member"),
    "memberIds": GlobalId("Member"),
    "storeId": GlobalId("Store"),
    "storeIds": GlobalId("Store"),
    "guideId": GlobalId("Guide"),
    "guideIds": GlobalId("Guide"),
    "tierId": GlobalId("Tier"),
    "tierIds": GlobalId("Tier"),
    "companyId": GlobalId("RetailCompany"),
    "companyIds": GlobalId("RetailCompany"),
    "segmentId": GlobalId("Segment"),
    "segmentIds": GlobalId("Segment"),
    "productId": GlobalId("Product"),
    "productIds": GlobalId("Product"),
    "cardProductId": GlobalId("CardProduct"),
    "cardProductIds": GlobalId("CardProduct"),
    "cardId": GlobalId("MemberCard"),
    "orderId": GlobalId("Order"),
}
"""Constraints by argument name, for every field that has an argument of that name."""

OVERRIDES: dict[tuple[str, str, str], Constraint] = {
    ("Segment", "sizeHistory", "last"): IntRange(1, 365),
    ("Journey", "nodeDays", "days"): IntRange(1, 366),
    ("Journey", "conversionDays", "days"): IntRange(1, 366),
    ("Query", "node", "id"): GlobalId(node=True),
}
"""Constraints of one (type, field, argument), where they differ from :data:`BY_NAME`."""


def _unwrap(type_: GraphQLType) -> GraphQLType:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def node_types(schema: GraphQLSchema) -> frozenset[str]:
    """Names of the object types that implement ``Node`` (what ``node(id:)`` can return)."""
    out = set()
    for name, type_ in schema.type_map.items():
        if isinstance(type_, GraphQLObjectType) and any(i.name == "Node" for i in type_.interfaces):
            out.add(name)
    return frozenset(out)


def _type_named_by_field(parent: str, field_name: str, field: GraphQLField, nodes: frozenset[str]) -> str | None:
    """The Node type an ``id`` argument must be: the field's own type (``member(id:)`` → Member), or for
    a mutation the object its name starts with (``segmentRefresh`` → Segment, longest name first)."""
    returned = get_named_type(field.type)
    if returned is not None and returned.name in nodes:
        return returned.name
    if parent == "Mutation":
        for name in sorted(nodes, key=len, reverse=True):
            if field_name.startswith(name[0].lower() + name[1:]):
                return name
    return None


def constraint_for(
    parent: str, field_name: str, field: GraphQLField, argument: str, nodes: frozenset[str]
) -> Constraint | None:
    """The declared constraint of one argument of one field, or None when nothing is declared."""
    if (parent, field_name, argument) in OVERRIDES:
        return OVERRIDES[(parent, field_name, argument)]
    arg_type = _unwrap(field.args[argument].type)
    if argument in BY_NAME:
        return BY_NAME[argument]
    if argument in ("after", "before") and getattr(arg_type, "name", None) == "String":
        return Cursor()
    if getattr(arg_type, "name", None) == "ID":
        if argument == "id":
            return GlobalId(_type_named_by_field(parent, field_name, field, nodes))
        return GlobalId()
    return None


class _Walker:
    """Collects every bad argument of one operation, following fragments once per parent type."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.nodes = node_types(schema)
        self.errors: list[GraphQLError] = []
        self._seen: set[tuple[str, str, bool]] = set()

    def _included(self, node: FieldNode | InlineFragmentNode | FragmentSpreadNode) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)

    def walk(
        self, selection_set: SelectionSetNode | None, parent: GraphQLType | None, own_arguments: bool = True
    ) -> None:
        if selection_set is None or not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            if selection_set is not None and parent is not None:
                # A union: only its inline fragments and spreads name fields.
                self._walk_fragments_only(selection_set)
            return
        for sel in selection_set.selections:
            if not self._included(sel):  # type: ignore[arg-type]
                continue
            if isinstance(sel, FieldNode):
                self._field(sel, parent, own_arguments)
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                self.walk(sel.selection_set, cond, own_arguments)
            elif isinstance(sel, FragmentSpreadNode):
                self._spread(sel, own_arguments)

    def _walk_fragments_only(self, selection_set: SelectionSetNode) -> None:
        for sel in selection_set.selections:
            if isinstance(sel, InlineFragmentNode) and sel.type_condition and self._included(sel):
                self.walk(sel.selection_set, self.schema.get_type(sel.type_condition.name.value))
            elif isinstance(sel, FragmentSpreadNode) and self._included(sel):
                self._spread(sel, True)

    def _spread(self, sel: FragmentSpreadNode, own_arguments: bool) -> None:
        fragment = self.fragments.get(sel.name.value)
        if fragment is None:
            return
        cond = self.schema.get_type(fragment.type_condition.name.value)
        key = (fragment.name.value, getattr(cond, "name", ""), own_arguments)
        if key in self._seen:  # the same fragment checks the same arguments every time it is spread
            return
        self._seen.add(key)
        self.walk(fragment.selection_set, cond, own_arguments)

    def _field(self, node: FieldNode, parent: GraphQLObjectType | GraphQLInterfaceType, own_arguments: bool) -> None:
        field = parent.fields.get(node.name.value)
        if field is None:
            return  # __typename and friends; unknown fields were refused by validation
        if field.args:
            try:
                values = get_argument_values(field, node, self.variables)
            except GraphQLError:
                values = {}  # a coercion error: execution reports it in graphql-core's words
            for argument, value in values.items():
                try:
                    self._check(parent.name, node.name.value, field, argument, value, own_arguments)
                except ArgumentError as exc:
                    arg_node = next((a for a in node.arguments or () if a.name.value == argument), None)
                    self.errors.append(
                        GraphQLError(
                            str(exc),
                            nodes=[arg_node or node],
                            extensions={"code": "BAD_ARGUMENT", "field": node.name.value, "argument": argument},
                        )
                    )
        self.walk(node.selection_set, get_named_type(field.type))

    def _check(self, parent: str, name: str, field: GraphQLField, argument: str, value: Any, own: bool) -> None:
        nul = find_nul(value)
        if nul is not None:
            shown = ".".join(part.replace("\x00", "\\u0000") for part in (argument, *nul))
            inside = f" at {shown}" if nul else ""
            raise ArgumentError(
                f"Argument '{argument}' of field '{name}' contains the NUL character (U+0000){inside}; "
                "no text may contain it."
            )
        if not own:
            return
        constraint = constraint_for(parent, name, field, argument, self.nodes)
        if isinstance(constraint, Cursor):
            constraint.check(value, name, argument, self.nodes, parent)
        elif constraint is not None:
            constraint.check(value, name, argument, self.nodes)
        self._check_input(field.args[argument].type, value, name, argument)

    def _check_input(self, type_: GraphQLType, value: Any, name: str, where: str) -> None:
        """The ids inside an input object of a query's argument (``messages(filter: {memberId})``): a
        ``<type>Id``/``<type>Ids`` field holds ids of that type, any other ``ID`` field global ids."""
        named = _unwrap(type_)
        if isinstance(value, list):
            for i, item in enumerate(value):
                self._check_input(named, item, name, f"{where}.{i}")
            return
        if not isinstance(named, GraphQLInputObjectType) or not isinstance(value, dict):
            return
        since, until = (value.get(k) for k in ("since", "until"))
        if since is not None and until is not None and since > until:
            # a time range (message filters): refused here, like every other argument, not while resolving
            raise ArgumentError(f"Argument '{where}.until' of field '{name}' is before its 'since'.")
        for input_name, input_field in named.fields.items():
            key = input_field.out_name or input_name
            if key not in value:
                continue
            inner = _unwrap(input_field.type)
            if getattr(inner, "name", None) == "ID":
                stem = input_name.removesuffix("s").removesuffix("Id")
                type_name = stem[:1].upper() + stem[1:]
                GlobalId(type_name if type_name in self.nodes else None).check(
                    value[key], name, f"{where}.{input_name}", self.nodes)
            else:
                self._check_input(inner, value[key], name, f"{where}.{input_name}")


def check_operation(
    schema: GraphQLSchema,
    document: Any,
    operation_name: str | None,
    raw_variables: dict[str, Any] | None,
) -> list[GraphQLError]:
    """Every bad argument of the operation that would run, as GraphQL errors naming field and argument.

    An empty list when all is well, or when the operation or its variables cannot be resolved (then
    graphql-core's own execution reports that, in its words).
    """
    operation: OperationDefinitionNode | None = get_operation_ast(document, operation_name)
    if operation is None:
        return []
    coerced = get_variable_values(schema, operation.variable_definitions or (), raw_variables or {})
    if isinstance(coerced, list):
        return []
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root = schema.get_root_type(operation.operation)
    walker = _Walker(schema, fragments, coerced)
    # A mutation's own arguments are its input: it reports them as userErrors in its payload and writes
    # nothing (our convention); only text no field can hold (U+0000) is refused here. Everything it
    # selects, and every other operation's fields, is checked in full.
    walker.walk(operation.selection_set, root, own_arguments=operation.operation != AstOperationType.MUTATION)
    return walker.errors


class ArgumentChecker(SchemaExtension):
    """Refuse a document with any bad argument before any field of it runs (no mutation at all).

    The errors are plain GraphQL errors, like validation errors, so error masking leaves them readable.
    """

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is not None:
            errors = check_operation(ctx.schema._schema, ctx.graphql_document, ctx.operation_name, ctx.variables)
            if errors:
                if ctx.operation_type is OperationType.SUBSCRIPTION:
                    # Strawberry's subscribe path has no pre-set result; an error raised here is its answer.
                    raise errors[0]
                # A result set before execution replaces it: every problem is reported at once.
                ctx.result = ExecutionResult(data=None, errors=errors)
        yield
