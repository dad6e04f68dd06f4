"""The birthday condition: a birthday in a period around today (store time zone, Feb 29 on Feb 28)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import Compiler, Sql
from api.segments.conditions.base import Admin, AdminField, Condition, EnumSpec, Field, register
from api.segments.context import md_ranges

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

PERIOD = EnumSpec("BirthdayPeriod", "Which days a birthday condition looks at (store time zone).", (
    ("TODAY", "Birthday is today."),
    ("IN_DAYS", "Birthday is exactly `days` days from today."),
    ("WITHIN_DAYS", "Birthday is today or in the next `days` days."),
    ("THIS_WEEK", "Birthday is in this week, Monday to Sunday."),
    ("THIS_MONTH", "Birthday is in this calendar month."),
))


def _check(value: dict[str, Any], err: Any) -> None:
    period, days = value.get("period"), value.get("days")
    if period in ("IN_DAYS", "WITHIN_DAYS") and days is None:
        err(["days"], f"period {period} needs days.")
    if days is not None and days > 366:
        err(["days"], "At most 366 days ahead.")


def _sql(c: Compiler, v: dict[str, Any]) -> Sql:
    ranges = md_ranges(c.ctx.birthday_mds(v["period"], v.get("days")))
    ors = " OR ".join("m.birthday_md BETWEEN ? AND ?" for _ in ranges)
    return Sql(f"m.birthday_md IS NOT NULL AND ({ors})", [x for r in ranges for x in r])


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    md = f.member.birthday_md
    return md is not None and md in ctx.birthday_mds(v["period"], v.get("days"))


def _vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    from api.segments.audience_index import NULL

    md = e.col("birthday_md")
    mds = np.array(sorted(e.ctx.birthday_mds(v["period"], v.get("days"))), dtype=np.int64)
    return (md != NULL) & np.isin(md, mds)


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    period = draw(st.sampled_from(list(PERIOD.choices)))
    return {"period": period, "days": draw(st.integers(0, 40))} if "DAYS" in period else {"period": period}


register(Condition(
    key="birthday", family="birthday", position=30, description="Birthday period.",
    input_name="BirthdayCondition",
    input_description="Birthday falls in a period around today (store time zone). A Feb 29 birthday is "
    "celebrated on Feb 28 in years without Feb 29 (so it counts as today on Feb 28 of such a year). "
    "Members without a birthday never match.",
    fields={"period": Field("enum", True, enum=PERIOD, description="Which days count."),
            "days": Field("int", lo=0, hi=3660,
                          description="For IN_DAYS (exactly this many days from today) and WITHIN_DAYS (today up to "
                          "and including this many days ahead): 0–366.")},
    check=_check, sql=_sql, python=_py, vector=_vec, strategy=_strategy,
    edges=[{"period": "TODAY"}, {"period": "IN_DAYS", "days": 0}, {"period": "IN_DAYS", "days": 1},
           {"period": "WITHIN_DAYS", "days": 366}, {"period": "THIS_WEEK"}, {"period": "THIS_MONTH"}],
    admin=Admin("profile", "cond.birthday", [
        AdminField("period", "single", "field.when", required=True,
                   options=tuple((p, f"birthday.{p}") for p in PERIOD.choices)),
        AdminField("days", "int", "field.days", required=True, min=0, suffix="unit.days",
                   show_if=("period", ("IN_DAYS", "WITHIN_DAYS")))],
        defaults={"period": "THIS_MONTH"}),
))
