"""GraphQL inputs of segments: the recursive one-of ``SegmentRuleInput`` and its typed conditions.

``SegmentRuleInput`` and each condition's input type are generated from the condition registry
(``api.segments.conditions``): names, types, defaults and descriptions all come from there.

The rule is stored as JSON with exactly these field names (ids as primary keys), so ``Segment.rule``
can be sent back as ``SegmentRuleInput`` after its ids are turned into global ids again.
"""

from __future__ import annotations

import keyword
import re
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, Optional

import strawberry
from strawberry.types.base import has_object_definition
from strawberry.utils.str_converters import to_camel_case

from api.core.errors import DomainError, ErrorCollector
from api.segments import conditions
from api.segments.conditions.base import Condition, EnumSpec, Field
from api.segments.rules import MAX_CHILDREN, MAX_DEPTH, id_fields
from schema.core.ids import decode_id, to_global_id
from schema.members.types import Gender
from schema.segments.types import BirthdayPeriod, ReachChannel, RfmLabel, RfmLevel, TagMatch


@strawberry.input(description="An inclusive range of whole numbers; give min, max or both.")
class IntRangeInput:
    min: int | None = strawberry.field(default=None, description="Lowest value that matches (inclusive).")
    max: int | None = strawberry.field(default=None, description="Highest value that matches (inclusive).")


@strawberry.input(description="An inclusive range of amounts in cents (分, 1 yuan = 100); give min, max or both.")
class CentsRangeInput:
    min: int | None = strawberry.field(default=None, description="Lowest amount in cents (inclusive).")
    max: int | None = strawberry.field(default=None, description="Highest amount in cents (inclusive).")


# -- generated from the condition registry --------------------------------------------------------------------

_KNOWN_ENUMS: dict[str, Any] = {
    "Gender": Gender, "BirthdayPeriod": BirthdayPeriod, "TagMatch": TagMatch, "ReachChannel": ReachChannel,
    "RfmLabel": RfmLabel, "RfmLevel": RfmLevel,
}
"""Enums the schema already defines for other uses; a condition's other enums are built from its ``EnumSpec``."""
_SHARED_INPUTS: dict[str, Any] = {"IntRangeInput": IntRangeInput, "CentsRangeInput": CentsRangeInput}


def _python_name(graphql_name: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", graphql_name).lower()
    return f"{snake}_" if keyword.iskeyword(snake) or snake in ("in", "not") else snake


def _enum(spec: EnumSpec) -> Any:
    known = _KNOWN_ENUMS.get(spec.name)
    if known is None:
        members = {v: strawberry.enum_value(v, description=d) for v, d in spec.values}
        known = strawberry.enum(Enum(spec.name, members), description=spec.description)  # type: ignore[call-overload]
        _KNOWN_ENUMS[spec.name] = known
    return known


def _field_type(spec: Field) -> Any:
    k = spec.kind
    simple: dict[str, Any] = {"int": int, "number": float, "str": str, "bool": bool, "date": date, "id": strawberry.ID,
                              "ids": list[strawberry.ID], "strs": list[str]}
    if k in simple:
        return simple[k]
    if k == "enum":
        assert spec.enum is not None
        return _enum(spec.enum)
    if k == "enums":
        assert spec.enum is not None
        return list[_enum(spec.enum)]  # type: ignore[misc]
    if k == "range":
        return CentsRangeInput if spec.money else IntRangeInput
    raise AssertionError(k)


def _build_input(name: str, description: str | None, fields: list[tuple[str, Any, Any]], one_of: bool = False) -> Any:
    """An input type from (python name, type, strawberry field) triples (``strawberry.tools.create_type``
    does the same for output types, without one-of)."""
    namespace: dict[str, Any] = {"__annotations__": {py: tp for py, tp, _ in fields}, "__module__": __name__}
    namespace.update({py: f for py, _, f in fields})
    return strawberry.input(type(name, (), namespace), name=name, description=description, one_of=one_of)


def _condition_input(cond: Condition) -> Any:
    """The GraphQL type of a condition's value (a bare ``Boolean`` for valueless conditions)."""
    if cond.fields is None:
        return bool
    name = cond.input_name or f"{cond.key[0].upper()}{cond.key[1:]}Condition"
    if name in _SHARED_INPUTS:
        return _SHARED_INPUTS[name]
    fields = []
    for gname, spec in cond.fields.items():
        tp = _field_type(spec)
        if spec.required:
            f = strawberry.field(name=gname, description=spec.description)
        else:
            tp = tp if spec.default is not None else tp | None
            f = strawberry.field(name=gname, default=spec.default, description=spec.description)
        fields.append((_python_name(gname), tp, f))
    out = _build_input(name, cond.input_description or cond.description, fields)
    _SHARED_INPUTS[name] = out
    return out


def _segment_rule_input() -> Any:
    groups: list[tuple[str, Any, Any]] = [
        ("all", list["SegmentRuleInput"] | None,
         strawberry.field(name="all", default=strawberry.UNSET, description="Every rule holds.")),
        ("any", list["SegmentRuleInput"] | None,
         strawberry.field(name="any", default=strawberry.UNSET, description="At least one holds.")),
        ("not_", Optional["SegmentRuleInput"],  # noqa: UP045 - a forward reference cannot use |
         strawberry.field(name="not", default=strawberry.UNSET, description="The rule does not hold.")),
    ]
    leaves = [(_python_name(c.key), _condition_input(c) | None,
               strawberry.field(name=c.key, default=strawberry.UNSET, description=c.description))
              for c in conditions.all_conditions()]
    return _build_input(
        "SegmentRuleInput",
        f"A segment rule: exactly one field per node. Groups (all / any / not) nest at most {MAX_DEPTH} deep "
        f"with at most {MAX_CHILDREN} rules per group and 100 conditions per rule. Relative dates use the store "
        "time zone; 'within the last N days' counts today as one day.",
        [*groups, *leaves], one_of=True,
    )


if TYPE_CHECKING:
    class SegmentRuleInput:
        """The one-of rule input as the type checker sees it (built below at run time)."""
else:
    # The one-of rule input: ``all`` / ``any`` / ``not`` and one field per condition of the registry.
    SegmentRuleInput = _segment_rule_input()


@strawberry.input(description="A new custom segment.")
class SegmentCreateInput:
    name: str = strawberry.field(description="Name, 1–120 characters.")
    rule: SegmentRuleInput = strawberry.field(description="Who is in it.")
    description: str | None = strawberry.field(default=None, description="What it is for.")


@strawberry.input(
    description="Changes to a segment; fields left out keep their value. A new rule is re-materialised at once."
)
class SegmentUpdateInput:
    name: str | None = strawberry.field(default=None, description="New name.")
    rule: SegmentRuleInput | None = strawberry.field(default=None, description="New rule (custom segments only).")
    description: str | None = strawberry.field(default=None, description="New description.")


@strawberry.input(description="RFM thresholds for all purchases (category left out) or for one product category.")
class RfmThresholdsInput:
    category: str | None = strawberry.field(default=None, description="Product category; leave out for the default.")
    active_days: int = strawberry.field(description="Last purchase at most this many days ago: ACTIVE.")
    sleeping_days: int = strawberry.field(
        description="At most this many days ago (> activeDays): SLEEPING; longer: LOST."
    )
    window_days: int = strawberry.field(description="Frequency and monetary are measured over this many days.")
    frequency_high: int = strawberry.field(description="Orders in the window at or above this: HIGH frequency.")
    monetary_high_cents: int = strawberry.field(
        description="Net spend in the window at or above this (cents): HIGH monetary."
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The retail company these thresholds are for (admins only); leave out for your own company, "
        "or, as an admin, for the brand's defaults.",
    )


# -- translation --------------------------------------------------------------------------------------------------


def rule_from_input(value: Any, path: list[str]) -> dict[str, Any]:
    """The stored form of a ``SegmentRuleInput``: JSON with GraphQL names and primary-key ids.

    Global ids are decoded here so that a wrong id is a userError on its own path.
    """
    errors = ErrorCollector()
    out = _node_from_input(value, path, errors, None)
    errors.raise_if_any()
    return out


def _fields(obj: Any) -> list[tuple[str, Any]]:
    out = []
    for f in obj.__strawberry_definition__.fields:
        v = getattr(obj, f.python_name)
        if v is strawberry.UNSET or v is None:
            continue
        out.append((f.graphql_name or to_camel_case(f.python_name), v))
    return out


def _node_from_input(value: Any, path: list[str], errors: ErrorCollector, cond: str | None) -> Any:
    if isinstance(value, list):
        return [_node_from_input(v, [*path, str(i)], errors, cond) for i, v in enumerate(value)]
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if has_object_definition(type(value)):
        is_rule = isinstance(value, SegmentRuleInput)
        out: dict[str, Any] = {}
        for name, v in _fields(value):
            sub_cond = name if is_rule and name not in ("all", "any", "not") else cond
            ref = id_fields().get((cond, name)) if cond and not is_rule else None
            if ref:
                out[name] = _decode(v, ref, [*path, name], errors)
            else:
                out[name] = _node_from_input(v, [*path, name], errors, sub_cond)
        if is_rule and len(out) != 1:
            errors.add(path, "Give exactly one field per rule node.")
        return out
    return value


def _decode(value: Any, ref: str, path: list[str], errors: ErrorCollector) -> Any:
    def one(v: Any, p: list[str]) -> int | None:
        try:
            return decode_id(str(v), ref, p)
        except DomainError as exc:
            errors.errors.extend(exc.errors)
            return None

    if isinstance(value, list):
        return [one(v, [*path, str(i)]) for i, v in enumerate(value)]
    return one(value, path)


def rule_to_output(rule: Any, cond: str | None = None) -> Any:
    """A stored rule with global ids, ready to be sent back as ``SegmentRuleInput``."""
    if isinstance(rule, list):
        return [rule_to_output(r, cond) for r in rule]
    if not isinstance(rule, dict):
        return rule
    out: dict[str, Any] = {}
    for k, v in rule.items():
        if cond is None and k not in ("all", "any", "not"):
            out[k] = rule_to_output(v, k)
            continue
        ref = id_fields().get((cond, k)) if cond else None
        if ref:
            out[k] = [to_global_id(ref, i) for i in v] if isinstance(v, list) else to_global_id(ref, v)
        else:
            out[k] = rule_to_output(v, cond)
    return out
