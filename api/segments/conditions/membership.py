"""The in-segment condition: member (or not) of another segment, evaluated live with its rule.

References are inlined (``RuleContext.segment_rules``, loaded by ``prepare``), so a reference is as
fresh as the data; they may not loop and chain at most ``MAX_SEGMENT_REFERENCE_DEPTH`` deep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql
from api.segments.conditions.base import Admin, AdminField, Condition, Field, register
from api.segments.conditions.profile import draw_bool

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts


def _sql(c: Compiler, v: dict[str, Any]) -> Sql:
    rule = c.ctx.segment_rules[v["segmentId"]]
    if v.get("isMember", True):
        return c.node(rule, c.conj)
    inner = c.node(rule, False)
    return Sql(f"NOT {inner.text}", inner.params)


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    from api.segments.evaluator import evaluate

    inside = evaluate(ctx.segment_rules[v["segmentId"]], f, ctx)
    return inside if v.get("isMember", True) else not inside


def _vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    inside = e.eval(e.ctx.segment_rules[v["segmentId"]])
    return inside if v.get("isMember", True) else ~inside


def _strategy(draw: Any, refs: dict[str, list[int]]) -> Any:
    from hypothesis import strategies as st

    if not refs.get("segment"):
        return None  # no segment to refer to yet
    return {"segmentId": draw(st.sampled_from(refs["segment"])), "isMember": draw_bool(draw)}


register(Condition(
    key="inSegment", family="membership", position=260, description="Member of another segment.",
    input_name="InSegmentCondition",
    input_description="Member (or not) of another segment, evaluated live with that segment's rule. "
    "References may not loop and may chain at most 5 deep.",
    fields={"segmentId": Field("id", True, ref="Segment", description="The other segment."),
            "isMember": Field("bool", default=True, description="false: NOT a member of it.")},
    sql=_sql, python=_py, vector=_vec, strategy=_strategy,
    prepare=lambda v: {"segments": {v["segmentId"]}},
    admin=Admin("other", "cond.inSegment", [
        AdminField("membership", "single", "field.membership", required=True,
                   options=(("IN", "segmentMembership.IN"), ("NOT_IN", "segmentMembership.NOT_IN"))),
        AdminField("segmentId", "pick", "field.segment", source="segments", required=True)],
        defaults={"membership": "IN"}, widget="inSegment", error_fields={"isMember": "membership"}),
))
