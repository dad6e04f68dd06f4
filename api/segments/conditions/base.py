"""What a segment condition is: one definition that every evaluator and every interface reads.

A ``Condition`` holds, in one place:

* its **input**: the fields of its value (``Field``: kind, limits, what ids point at, GraphQL
  description) and a cross-field ``check``; the validator (``api.segments.rules``), the GraphQL
  one-of input (``schema.segments.inputs``) and the admin's catalogue are all derived from them;
* its **SQL** (``sql(compiler, value) -> Sql``), one predicate over ``member m`` for both dialects
  (``compiler.dialect`` says which, for the few conditions whose SQL differs);
* its **one-member evaluation** (``python(value, facts, ctx) -> bool``), used at trigger time;
* its **vectorised evaluation** over the audience index's columns (``vector(evaluator, value) ->
  bool array``), or ``None``: the index then answers no rule that uses it and SQL does (no special
  case anywhere else);
* a hypothesis **strategy** drawing valid values (the agreement test) and its documented **edges**
  (values at its limits: the boundary tests);
* how the **admin** shows it (``Admin``: category, labels, editors), derived from the fields unless
  given.

Most conditions are not written three times either: ``api.segments.conditions.relational`` builds
the three evaluations from a small description (a member-column predicate; a related table filtered
in a time window, counted and compared), so such a condition is a few lines.

Conditions register themselves (``register``) in their family module; ``api.segments.conditions``
imports the families and is the only list of conditions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.compiler import Compiler, Sql
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

MAX_DAYS = 3660
"""Largest day count a condition accepts (about ten years)."""
MAX_LIST = 500
"""Longest list of values (ids, tags, sources) in one condition."""
ANY_INT = 2**62
"""Bound of "any whole number" fields compared with 64-bit columns (what the index's int64 columns hold)."""
INT4_MAX = 2**31 - 1
"""Bound of fields compared with 32-bit columns (remaining uses, points): PostgreSQL refuses a larger
parameter for them, so a larger value is a userError on its field rather than a fault."""


@dataclass(frozen=True)
class EnumSpec:
    """A closed set of values a field takes, with the description of the type and of each value.

    ``name`` is the GraphQL enum's name; the GraphQL layer reuses an existing enum of that name or
    builds one from ``values``.
    """

    name: str
    description: str
    values: tuple[tuple[str, str], ...]  # (value, description)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.values)


@dataclass(frozen=True)
class Text:
    """A label in the admin's two languages."""

    en: str
    zh: str


Label = str | Text
"""An admin label: an existing message key of the admin (``"cond.gender"``) or the text itself."""


@dataclass(frozen=True)
class Field:
    """One field of a condition's value: how it is checked, typed in GraphQL and described."""

    kind: str
    """int | number | str | date | bool | enum | enums | id | ids | strs | range"""
    required: bool = False
    lo: int | None = None
    hi: int | None = None
    enum: EnumSpec | None = None
    """For enum / enums: the values (the GraphQL enum type)."""
    ref: str | None = None
    """For id / ids: the model the ids point at (Store, Tier, Guide, Product, CardProduct, Segment)."""
    description: str = ""
    default: Any = None
    """Filled in by the validator when the field is absent (and the GraphQL default)."""
    money: bool = False
    """For range (and int): amounts in cents."""
    label: Label | None = None
    """The admin's label of the field (derived from the name when absent)."""

    @property
    def choices(self) -> tuple[str, ...]:
        return self.enum.choices if self.enum else ()


@dataclass(frozen=True)
class AdminField:
    """One editor of the admin's rule builder (``kind`` as in the admin's ``FieldSpec``)."""

    name: str
    kind: str  # multi | freeMulti | single | pick | int | money | date | text
    label: Label
    required: bool = False
    source: str | None = None
    """Option source of the admin (stores, guides, tags, ...), or None with ``options``."""
    options: tuple[tuple[str, Label], ...] = ()
    min: int | None = None
    max: int | None = None
    suffix: str | None = None
    show_if: tuple[str, tuple[str, ...]] | None = None
    """Shown only when field ``[0]`` has one of the values ``[1]``."""


@dataclass(frozen=True)
class Admin:
    """How the admin's rule builder offers a condition; anything left out is derived from the fields."""

    category: str
    label: Label
    fields: Sequence[AdminField] | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    one_of: Sequence[str] | None = None
    ranges: Sequence[tuple[str, str]] | None = None
    widget: str | None = None
    """Name of a custom editor the admin registers (encode / decode between editor and rule)."""
    error_fields: Mapping[str, str] = field(default_factory=dict)


Check = Callable[[dict[str, Any], Callable[[list[str], str], None]], None]
SqlFn = Callable[["Compiler", Any], "Sql"]
PythonFn = Callable[[Any, "MemberFacts", "RuleContext"], bool]
VectorFn = Callable[["Evaluator", Any], "np.ndarray"]
StrategyFn = Callable[[Callable[[Any], Any], dict[str, list[int]]], Any]
FactsFn = Callable[[int], Awaitable[Any]]


@dataclass(frozen=True)
class Condition:
    """One condition of the rule language (see the module docstring)."""

    key: str
    """The rule key and GraphQL field name (camelCase)."""
    family: str
    description: str
    """The GraphQL description of the field of ``SegmentRuleInput``."""
    fields: Mapping[str, Field] | None
    """The value's fields; None: the value is a bare Boolean."""
    sql: SqlFn
    python: PythonFn
    vector: VectorFn | None
    admin: Admin
    input_name: str | None = None
    """GraphQL type of the value (e.g. ``GenderCondition``; shared ones like ``CentsRangeInput`` allowed)."""
    input_description: str = ""
    check: Check | None = None
    strategy: StrategyFn | None = None
    """Draws a valid value: ``strategy(draw, refs)`` (refs: ids of stores, guides, tiers, products,
    cards and segments that exist in the test population)."""
    edges: Sequence[Any] = ()
    """Values at the condition's documented edges (limits, empty lists, zero windows)."""
    facts: Mapping[str, FactsFn] = field(default_factory=dict)
    """Extra facts the Python evaluation needs: name -> loader(member_id), kept in ``MemberFacts.extra``."""
    position: float = 1000.0
    """Where it sits among the conditions (GraphQL field order, the admin's order)."""
    prepare: Callable[[Any], dict[str, set[Any]]] | None = None
    """What evaluating a value needs loaded beforehand: {"segments": {ids}, "rfm": {categories}}."""


_REGISTRY: dict[str, Condition] = {}


def register(cond: Condition) -> Condition:
    """Add a condition to the registry (each key once)."""
    if cond.key in _REGISTRY:
        raise ValueError(f"condition {cond.key!r} is defined twice")
    _REGISTRY[cond.key] = cond
    return cond
