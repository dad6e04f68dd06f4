"""The custom-attribute condition: a merchant-defined JSON attribute equals / contains / lies in a range.

The audience index does not hold custom attributes (free-form JSON): ``vector=None``, so a rule
using one is answered by SQL.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql, parse_number
from api.segments.conditions.base import Admin, AdminField, Condition, Field, register
from api.segments.conditions.profile import draw_range

if TYPE_CHECKING:
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts


def _check(value: dict[str, Any], err: Any) -> None:
    key = value.get("key") or ""
    if '"' in key or "\\" in key:
        err(["key"], "An attribute key cannot contain quotes or backslashes.")
    ops = [value.get("equals") is not None, value.get("contains") is not None,
           value.get("min") is not None or value.get("max") is not None]
    if sum(ops) != 1:
        err([], "Give exactly one test: equals, contains, or a range (min and/or max).")
    if value.get("contains") == "":
        err(["contains"], "contains needs at least one character.")
    lo, hi = value.get("min"), value.get("max")
    if lo is not None and hi is not None and lo > hi:
        err(["min"], "min must not be greater than max.")


def _sql(c: Compiler, v: dict[str, Any]) -> Sql:
    key = v["key"]
    pg = c.dialect == "postgres"
    if pg:
        typ, txt = "jsonb_typeof(m.custom_attributes -> ?::text)", "(m.custom_attributes ->> ?::text)"
        s_type, num = "'string'", "(m.custom_attributes ->> ?::text)::double precision"
        path = key
    else:
        typ, txt = "json_type(m.custom_attributes, ?)", "json_extract(m.custom_attributes, ?)"
        s_type, num = "'text'", "json_extract(m.custom_attributes, ?)"
        path = f'$."{key}"'
    if "equals" in v:
        text = v["equals"]
        number = parse_number(text)
        if pg:
            sql = (f"CASE {typ} WHEN 'string' THEN {txt} = ? WHEN 'boolean' THEN {txt} = ? "
                   + (f"WHEN 'number' THEN {num} = ? " if number is not None else "")
                   + "ELSE FALSE END")
            params: list[Any] = [path, path, text, path, text]
            if number is not None:
                params += [path, number]
        else:
            sql = (f"CASE {typ} WHEN 'text' THEN {txt} = ? WHEN 'true' THEN ? = 'true' "
                   "WHEN 'false' THEN ? = 'false' "
                   + (f"WHEN 'integer' THEN {num} = ? WHEN 'real' THEN {num} = ? " if number is not None else "")
                   + "ELSE 0 END")
            params = [path, path, text, text, text]
            if number is not None:
                params += [path, number, path, number]
        return Sql(sql, params)
    if "contains" in v:
        fn = "strpos" if pg else "instr"
        return Sql(f"CASE {typ} WHEN {s_type} THEN {fn}({txt}, ?) > 0 ELSE FALSE END", [path, path, v["contains"]])
    conds: list[str] = []
    params = [path]
    if "min" in v:
        conds.append(f"{num} >= ?")
        params += [path, float(v["min"])]
    if "max" in v:
        conds.append(f"{num} <= ?")
        params += [path, float(v["max"])]
    if pg:
        return Sql(f"CASE {typ} WHEN 'number' THEN {' AND '.join(conds)} ELSE FALSE END", params)
    return Sql(f"CASE WHEN {typ} IN ('integer','real') THEN {' AND '.join(conds)} ELSE 0 END", params)


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    attrs = f.member.custom_attributes
    if isinstance(attrs, str):
        attrs = json.loads(attrs)
    if not isinstance(attrs, dict) or v["key"] not in attrs:
        return False
    a = attrs[v["key"]]
    if "equals" in v:
        text = v["equals"]
        if isinstance(a, str):
            return a == text
        if isinstance(a, bool):
            return ("true" if a else "false") == text
        if isinstance(a, (int, float)):
            n = parse_number(text)
            return n is not None and float(a) == n
        return False
    if "contains" in v:
        return isinstance(a, str) and v["contains"] in a
    if isinstance(a, bool) or not isinstance(a, (int, float)) or not math.isfinite(float(a)):
        return False
    x = float(a)
    return ("min" not in v or x >= float(v["min"])) and ("max" not in v or x <= float(v["max"]))


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    key = draw(st.sampled_from(["skin", "score", "flag"]))
    op = draw(st.sampled_from(["equals", "contains", "range"]))
    if op == "equals":
        return {"key": key, "equals": draw(st.sampled_from(["dry", "3", "1.5", "true", "false", "-0.5"]))}
    if op == "contains":
        return {"key": key, "contains": draw(st.sampled_from(["r", "混合", "1"]))}
    return {"key": key, **draw_range(draw, -2, 4)}


register(Condition(
    key="customAttribute", family="custom attributes", position=90, description="Custom attribute.",
    input_name="CustomAttributeCondition",
    input_description="A merchant-defined custom attribute. Give exactly one test: equals, contains, or a "
    "range (min/max). Members without the attribute never match.",
    fields={"key": Field("str", True, description="Attribute name (no quotes or backslashes)."),
            "equals": Field("str", description="Text value equals this; numbers compare as numbers ('3' matches 3 "
                            "and 3.0), booleans as 'true' / 'false'."),
            "contains": Field("str", description="Text value contains this (case-sensitive)."),
            "min": Field("number", description="Numeric value is at least this."),
            "max": Field("number", description="Numeric value is at most this.")},
    check=_check, sql=_sql, python=_py, vector=None, strategy=_strategy,
    edges=[{"key": "skin", "equals": ""}, {"key": "score", "min": 3, "max": 3}, {"key": "missing", "equals": "x"},
           {"key": "flag", "equals": "true"}, {"key": "score", "equals": "3.0"}],
    admin=Admin("profile", "cond.customAttribute", [
        AdminField("key", "text", "field.attribute", required=True),
        AdminField("op", "single", "field.operator", required=True,
                   options=(("EQUALS", "attr.EQUALS"), ("CONTAINS", "attr.CONTAINS"), ("RANGE", "attr.RANGE"))),
        AdminField("text", "text", "field.value", required=True, show_if=("op", ("EQUALS", "CONTAINS"))),
        AdminField("min", "int", "field.min", show_if=("op", ("RANGE",))),
        AdminField("max", "int", "field.max", show_if=("op", ("RANGE",)))],
        defaults={"op": "EQUALS"}, ranges=[("min", "max")], widget="customAttribute",
        error_fields={"equals": "text", "contains": "text"}),
))
