"""The segment rule language: its shape, its limits and its validation.

A rule is a JSON tree.  Every node is an object with exactly one key:

* ``{"all": [node, ...]}`` – every child holds (AND); ``{"any": [...]}`` – at least one (OR);
  ``{"not": node}`` – the child does not hold;
* ``{<condition>: <value>}`` – one condition of the registry (``api.segments.conditions``), e.g.
  ``{"gender": {"in": ["FEMALE"]}}`` or ``{"neverPurchased": true}``.

The keys are the GraphQL field names of ``SegmentRuleInput`` (camelCase), enum values are the GraphQL
enum names, and ids are primary keys (the GraphQL layer turns them into global ids and back), so a
stored rule, the GraphQL input and the error paths all use the same words.

Why validation lives here and not only in GraphQL: plans, journeys and guide templates build rules
too, and the compiler must only ever see a tree that is known to be well formed.  ``validate_rule``
checks the shape (synchronously, every problem at once, each with the path to the bad node);
``check_references`` checks that ids exist and that segment references do not loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from api.core.errors import ErrorCollector
from api.segments import conditions
from api.segments.conditions.base import MAX_DAYS, MAX_LIST, Field

__all__ = ["MAX_DAYS", "MAX_LIST", "F", "validate_rule", "walk_conditions", "id_fields"]

MAX_DEPTH = 8
"""Deepest nesting of all / any / not groups (a lone condition is depth 1)."""
MAX_CHILDREN = 50
"""Most children of one all / any group."""
MAX_CONDITIONS = 100
"""Most conditions in one rule (referenced segments count separately)."""
MAX_SEGMENT_REFERENCE_DEPTH = 5
"""Deepest chain of segments referring to segments."""

GROUPS = ("all", "any", "not")

F = Field
"""How one field of a condition value is checked (``api.segments.conditions.base.Field``)."""


@dataclass
class RuleInfo:
    """What a valid rule refers to (for the existence checks and the compiler's preparation)."""

    refs: dict[str, set[int]] = field(default_factory=dict)
    ref_paths: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    segment_ids: set[int] = field(default_factory=set)
    rfm_categories: set[str] = field(default_factory=set)
    conditions: int = 0


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_field(spec: Field, value: Any, path: list[str], errors: ErrorCollector, info: RuleInfo) -> Any:
    """Check one field; return its normalised value (None if absent or bad)."""
    if value is None:
        if spec.required:
            errors.add(path, "This field is required.", "REQUIRED")
        return None
    k = spec.kind
    if k in ("int", "id"):
        if not _is_int(value):
            errors.add(path, "Must be a whole number.")
            return None
        if spec.lo is not None and value < spec.lo:
            errors.add(path, f"Must be at least {spec.lo}." if spec.lo else "Must not be negative.", "OUT_OF_RANGE")
            return None
        if spec.hi is not None and value > spec.hi:
            errors.add(path, f"Must be at most {spec.hi}.", "OUT_OF_RANGE")
            return None
        if k == "id":
            if value <= 0:
                errors.add(path, "Not a valid id.", "NOT_FOUND")
                return None
            info.refs.setdefault(spec.ref or "", set()).add(value)
            info.ref_paths.setdefault((spec.ref or "", value), path)
        return value
    if k == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            errors.add(path, "Must be a finite number.")
            return None
        return value
    if k == "str":
        if not isinstance(value, str):
            errors.add(path, "Must be a string.")
            return None
        if spec.required and not value.strip():
            errors.add(path, "Must not be empty.", "REQUIRED")
            return None
        if len(value) > 200:
            errors.add(path, "At most 200 characters.", "TOO_LONG")
            return None
        return value
    if k == "bool":
        if not isinstance(value, bool):
            errors.add(path, "Must be true or false.")
            return None
        return value
    if k == "date":
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(value).isoformat()
        except (TypeError, ValueError):
            errors.add(path, "Must be a date, YYYY-MM-DD.")
            return None
    if k == "enum":
        if value not in spec.choices:
            errors.add(path, f"Must be one of {', '.join(spec.choices)}.")
            return None
        return value
    if k in ("enums", "ids", "strs"):
        if not isinstance(value, list):
            errors.add(path, "Must be a list.")
            return None
        if spec.required and not value:
            errors.add(path, "Give at least one value.", "REQUIRED")
            return None
        if len(value) > MAX_LIST:
            errors.add(path, f"At most {MAX_LIST} values.", "TOO_LONG")
            return None
        out: list[Any] = []
        item_spec = {
            "enums": F("enum", True, enum=spec.enum),
            "ids": F("id", True, ref=spec.ref),
            "strs": F("str", True),
        }[k]
        ok = True
        for i, item in enumerate(value):
            norm = _check_field(item_spec, item, [*path, str(i)], errors, info)
            if norm is None:
                ok = False
            elif norm not in out:
                out.append(norm)
        return out if ok else None
    if k == "range":
        if not isinstance(value, dict):
            errors.add(path, "Must be an object with min and/or max.")
            return None
        unknown = set(value) - {"min", "max"}
        for u in sorted(unknown):
            errors.add([*path, u], f"Unknown field '{u}'.")
        sub = F("int", lo=spec.lo, hi=spec.hi)
        lo = _check_field(sub, value.get("min"), [*path, "min"], errors, info)
        hi = _check_field(sub, value.get("max"), [*path, "max"], errors, info)
        if value.get("min") is None and value.get("max") is None:
            errors.add(path, "Give min, max or both.", "REQUIRED")
            return None
        if lo is not None and hi is not None and lo > hi:
            errors.add([*path, "min"], "min must not be greater than max.", "OUT_OF_RANGE")
            return None
        if unknown:
            return None
        return {k2: v for k2, v in (("min", lo), ("max", hi)) if v is not None}
    raise AssertionError(k)


def validate_rule(rule: Any, path: list[str] | None = None) -> tuple[dict[str, Any], RuleInfo]:
    """Check a rule's shape; return it normalised, with what it refers to.

    Raises ``DomainError`` with every problem found, each with the path to the bad node (``path``
    is the prefix, e.g. ``["input", "rule"]``).  Values are normalised: absent optional fields are
    dropped, lists are de-duplicated, dates become ``YYYY-MM-DD``.
    """
    errors = ErrorCollector()
    info = RuleInfo()
    out = _validate_node(rule, list(path or ["rule"]), 1, errors, info)
    if info.conditions > MAX_CONDITIONS and not errors:
        errors.add(list(path or ["rule"]), f"A rule has at most {MAX_CONDITIONS} conditions.", "TOO_LONG")
    errors.raise_if_any()
    assert out is not None
    return out, info


def _validate_node(node: Any, path: list[str], depth: int, errors: ErrorCollector, info: RuleInfo) -> Any:
    if not isinstance(node, dict) or len(node) != 1:
        errors.add(path, "Each rule node has exactly one key: all, any, not or a condition.")
        return None
    (key, value), = node.items()
    if key in GROUPS:
        if depth > MAX_DEPTH:
            errors.add([*path, key], f"Rules nest at most {MAX_DEPTH} groups deep.", "TOO_LONG")
            return None
        if key == "not":
            child = _validate_node(value, [*path, "not"], depth + 1, errors, info)
            return None if child is None else {"not": child}
        if not isinstance(value, list) or not value:
            errors.add([*path, key], f"'{key}' needs a non-empty list of rules.", "REQUIRED")
            return None
        if len(value) > MAX_CHILDREN:
            errors.add([*path, key], f"A group has at most {MAX_CHILDREN} rules.", "TOO_LONG")
            return None
        children = [_validate_node(c, [*path, key, str(i)], depth + 1, errors, info) for i, c in enumerate(value)]
        return None if any(c is None for c in children) else {key: children}
    cond = conditions.get(key)
    if cond is None:
        errors.add([*path, key], f"Unknown condition '{key}'.", "INVALID")
        return None
    info.conditions += 1
    cpath = [*path, key]
    if cond.fields is None:
        if not isinstance(value, bool):
            errors.add(cpath, "Must be true or false.")
            return None
        return {key: value}
    if not isinstance(value, dict):
        errors.add(cpath, "Must be an object.")
        return None
    before = len(errors.errors)
    for unknown in sorted(set(value) - set(cond.fields)):
        errors.add([*cpath, unknown], f"Unknown field '{unknown}' for {key}.")
    norm: dict[str, Any] = {}
    for name, spec in cond.fields.items():
        v = _check_field(spec, value.get(name), [*cpath, name], errors, info)
        if v is None and spec.default is not None and value.get(name) is None:
            v = spec.default
        if v is not None:
            norm[name] = v
    if len(errors.errors) == before and cond.check is not None:
        cond.check(norm, lambda sub, msg: errors.add([*cpath, *sub], msg, "INVALID"))
    if len(errors.errors) != before:
        return None
    if cond.prepare is not None:
        needs = cond.prepare(norm)
        info.segment_ids |= needs.get("segments", set())
        info.rfm_categories |= needs.get("rfm", set())
    return {key: norm}


def walk_conditions(rule: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every (condition, value) of a valid rule, depth first."""
    (key, value), = rule.items()
    if key == "not":
        return walk_conditions(value)
    if key in ("all", "any"):
        return [c for child in value for c in walk_conditions(child)]
    return [(key, value)]


@cache
def id_fields() -> dict[tuple[str, str], str]:
    """Where ids sit in a rule, for the GraphQL layer's global-id translation: (condition, field) -> type."""
    return {
        (c.key, name): spec.ref or ""
        for c in conditions.all_conditions()
        if c.fields
        for name, spec in c.fields.items()
        if spec.kind in ("ids", "id")
    }
