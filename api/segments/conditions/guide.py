"""Guide conditions: the owning shopping guide, how long a WeCom friend, no guide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql
from api.segments.conditions.base import MAX_DAYS, Admin, AdminField, Condition, Field, register
from api.segments.conditions.profile import draw_bool, draw_int, draw_some
from api.segments.conditions.relational import member_in, member_null

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

_guide = member_in("guide_id")
register(Condition(
    key="guide", family="guide", position=100, description="Owning guide.",
    input_name="GuideCondition", input_description="Owning shopping guide is one of these.",
    fields={"in": Field("ids", True, ref="Guide", description="Guide ids.")},
    sql=_guide.sql, python=_guide.python, vector=_guide.vector,
    strategy=lambda draw, refs: {"in": draw_some(draw, refs["guide"])},
    admin=Admin("guide", "cond.guide", [AdminField("in", "multi", "field.guides", source="guides", required=True)],
                defaults={"in": []}),
))


def _friend_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    return Sql("m.guide_id IS NOT NULL AND m.guide_friend_since IS NOT NULL AND m.guide_friend_since < ?",
               [c.ctx.more_than_ago(v["moreThan"])])


def _friend_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    m = f.member
    return m.guide_id is not None and m.guide_friend_since is not None \
        and m.guide_friend_since < ctx.more_than_ago(v["moreThan"])


def _friend_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL, us

    since = e.col("guide_friend_since")
    return (e.col("guide_id") != NULL) & (since != NULL) & (since < us(e.ctx.more_than_ago(v["moreThan"])))


register(Condition(
    key="guideFriendDays", family="guide", position=110, description="Friend of their guide for more than N days.",
    input_name="GuideFriendCondition",
    input_description="Has an owning guide and has been the guide's WeCom friend for more than N days.",
    fields={"moreThan": Field("int", True, lo=0, hi=MAX_DAYS,
                              description=f"Friend since before the start of day today−N. Days, 0–{MAX_DAYS}.")},
    sql=_friend_sql, python=_friend_py, vector=_friend_vec,
    strategy=lambda draw, refs: {"moreThan": draw_int(draw, 0, 400)},
    edges=[{"moreThan": 0}, {"moreThan": 1}, {"moreThan": MAX_DAYS}],
    admin=Admin("guide", "cond.guideFriendDays", [
        AdminField("moreThan", "int", "field.moreThanDays", required=True, min=0, suffix="unit.days")],
        defaults={"moreThan": 30}),
))

_no_guide = member_null("guide_id")
register(Condition(
    key="noGuide", family="guide", position=120, description="true: has no owning guide. false: has one.",
    fields=None, sql=_no_guide.sql, python=_no_guide.python, vector=_no_guide.vector,
    strategy=lambda draw, refs: draw_bool(draw),
    edges=[True, False],
    admin=Admin("guide", "cond.noGuide", []),
))
