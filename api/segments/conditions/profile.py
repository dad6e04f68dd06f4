"""Profile conditions: gender, age, registration, source, home store, tier and tags."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from api.segments.compiler import GENDER_VALUES, Compiler, Sql, local_day_start, marks
from api.segments.conditions.base import MAX_DAYS, Admin, AdminField, Condition, EnumSpec, Field, register
from api.segments.conditions.relational import member_in

if TYPE_CHECKING:
    import numpy as np

    from api.segments.audience_index import Evaluator
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

GENDER = EnumSpec("Gender", "Gender.", (("MALE", "Male (男)."), ("FEMALE", "Female (女)."), ("UNKNOWN", "Not known.")))
TAG_MATCH = EnumSpec("TagMatch", "How a list of tags must match.", (
    ("ANY", "Carries at least one of the tags."), ("ALL", "Carries every tag."), ("NONE", "Carries none of the tags.")))


def min_le_max(lo_name: str, hi_name: str) -> Any:
    """Cross-field check: at least one of two bounds, and the low one not above the high one."""

    def check(value: dict[str, Any], err: Any) -> None:
        lo, hi = value.get(lo_name), value.get(hi_name)
        if lo is None and hi is None:
            err([], f"Give {lo_name}, {hi_name} or both.")
        elif lo is not None and hi is not None and lo > hi:
            err([lo_name], f"{lo_name} must not be greater than {hi_name}.")

    return check


def draw_range(draw: Any, lo: int, hi: int) -> dict[str, int]:
    """A hypothesis draw of ``{"min", "max"}`` with at least one bound, min <= max."""
    from hypothesis import strategies as st

    a, b = draw(st.one_of(st.none(), st.integers(lo, hi))), draw(st.one_of(st.none(), st.integers(lo, hi)))
    if a is None and b is None:
        a = draw(st.integers(lo, hi))
    out = {}
    if a is not None:
        out["min"] = a
    if b is not None:
        out["max"] = b
    if "min" in out and "max" in out and out["min"] > out["max"]:
        out["min"], out["max"] = out["max"], out["min"]
    return out


def draw_bool(draw: Any) -> bool:
    from hypothesis import strategies as st

    return bool(draw(st.booleans()))


def draw_int(draw: Any, lo: int, hi: int) -> int:
    from hypothesis import strategies as st

    return int(draw(st.integers(lo, hi)))


def draw_opt(draw: Any, value: Any) -> Any:
    """``value`` or None, drawn (for optional fields)."""
    return value if draw_bool(draw) else None


def draw_choice(draw: Any, values: Any) -> Any:
    from hypothesis import strategies as st

    return draw(st.sampled_from(list(values)))


def draw_some(draw: Any, values: list[Any], min_size: int = 1) -> list[Any]:
    from hypothesis import strategies as st

    return draw(st.lists(st.sampled_from(values), min_size=min_size, max_size=3, unique=True))


# -- gender ---------------------------------------------------------------------------------------

def _gender_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    vals = [GENDER_VALUES[g] for g in v["in"]]
    return Sql(f"m.gender IN ({marks(vals)})", vals)


def _gender_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    g = f.member.gender
    return (g.value if hasattr(g, "value") else g) in {GENDER_VALUES[x] for x in v["in"]}


def _gender_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    return np.isin(e.col("gender"), e.codes("gender", [GENDER_VALUES[g] for g in v["in"]]))


register(Condition(
    key="gender", family="profile", position=10, description="Gender.",
    input_name="GenderCondition", input_description="Gender is one of these.",
    fields={"in": Field("enums", True, enum=GENDER, description="Genders that match.")},
    sql=_gender_sql, python=_gender_py, vector=_gender_vec,
    strategy=lambda draw, refs: {"in": draw_some(draw, ["MALE", "FEMALE", "UNKNOWN"])},
    edges=[{"in": ["MALE", "FEMALE", "UNKNOWN"]}, {"in": ["UNKNOWN"]}],
    admin=Admin("profile", "cond.gender", [
        AdminField("in", "multi", "field.genders", required=True,
                   options=(("FEMALE", "gender.FEMALE"), ("MALE", "gender.MALE"), ("UNKNOWN", "gender.UNKNOWN")))],
        defaults={"in": ["FEMALE"]}),
))


# -- age ------------------------------------------------------------------------------------------

def _age_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    parts = ["m.birthday IS NOT NULL"]
    params: list[Any] = []
    if "min" in v:
        parts.append("m.birthday <= ?")
        params.append(c.ctx.age_cutoff(v["min"]))
    if "max" in v:
        parts.append("m.birthday > ?")
        params.append(c.ctx.age_cutoff(v["max"] + 1))
    return Sql(" AND ".join(parts), params)


def _age_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    b: date | None = f.member.birthday
    if b is None:
        return False
    if "min" in v and not b <= ctx.age_cutoff(v["min"]):
        return False
    return not ("max" in v and not b > ctx.age_cutoff(v["max"] + 1))


def _age_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL

    b = e.col("birthday")
    out = b != NULL
    if "min" in v:
        out &= b <= e.ctx.age_cutoff(v["min"]).toordinal()
    if "max" in v:
        out &= b > e.ctx.age_cutoff(v["max"] + 1).toordinal()
    return out


register(Condition(
    key="age", family="profile", position=20, description="Age range.",
    input_name="AgeCondition",
    input_description="Age in full years today (store time zone); members without a birthday never match. "
    "A Feb 29 birthday adds a year on Feb 28 in years without Feb 29.",
    fields={"min": Field("int", lo=0, hi=150, description="Youngest age that matches (0–150)."),
            "max": Field("int", lo=0, hi=150, description="Oldest age that matches (0–150).")},
    check=min_le_max("min", "max"),
    sql=_age_sql, python=_age_py, vector=_age_vec,
    strategy=lambda draw, refs: draw_range(draw, 0, 60),
    edges=[{"min": 0}, {"max": 0}, {"min": 150}, {"max": 150}, {"min": 25, "max": 25}],
    admin=Admin("profile", "cond.age", [AdminField("min", "int", "field.min", min=0),
                                        AdminField("max", "int", "field.max", min=0)],
                defaults={"min": 20, "max": 35}, one_of=["min", "max"], ranges=[("min", "max")]),
))


# -- registered -----------------------------------------------------------------------------------

def _registered_check(value: dict[str, Any], err: Any) -> None:
    if all(value.get(n) is None for n in ("before", "after", "withinDays")):
        err([], "Give before, after, withinDays or a combination.")


def _registered_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    parts: list[str] = []
    params: list[Any] = []
    if "before" in v:
        parts.append("m.registered_at < ?")
        params.append(local_day_start(date.fromisoformat(v["before"])))
    if "after" in v:
        parts.append("m.registered_at >= ?")
        params.append(local_day_start(date.fromisoformat(v["after"]) + timedelta(days=1)))
    if "withinDays" in v:
        parts.append("m.registered_at >= ?")
        params.append(c.ctx.within_last(v["withinDays"]))
    return Sql(" AND ".join(parts), params)


def _registered_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    at = f.member.registered_at
    if "before" in v and not at < local_day_start(date.fromisoformat(v["before"])):
        return False
    if "after" in v and not at >= local_day_start(date.fromisoformat(v["after"]) + timedelta(days=1)):
        return False
    return not ("withinDays" in v and not at >= ctx.within_last(v["withinDays"]))


def _registered_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    from api.segments.audience_index import NULL, us

    at = e.col("registered_at")
    out = at != NULL
    if "before" in v:
        out &= at < us(local_day_start(date.fromisoformat(v["before"])))
    if "after" in v:
        out &= at >= us(local_day_start(date.fromisoformat(v["after"]) + timedelta(days=1)))
    if "withinDays" in v:
        out &= at >= us(e.ctx.within_last(v["withinDays"]))
    return out


def _registered_strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    dates = st.one_of(st.none(), st.dates(date(2022, 1, 1), date(2026, 1, 1)))
    v = {k: x for k, x in {"before": draw(dates), "after": draw(dates),
                           "withinDays": draw(st.one_of(st.none(), st.integers(1, 400)))}.items() if x is not None}
    return {k: (x.isoformat() if isinstance(x, date) else x) for k, x in v.items()} or {"withinDays": 30}


register(Condition(
    key="registered", family="profile", position=40, description="Registration time.",
    input_name="RegisteredCondition",
    input_description="Registration time (store-local calendar days). Every given bound must hold.",
    fields={"before": Field("date", description="Registered before this day began."),
            "after": Field("date", description="Registered after this day ended."),
            "withinDays": Field("int", lo=1, hi=MAX_DAYS,
                                description="Registered within the last N days, today counting as one (N ≥ 1).")},
    check=_registered_check,
    sql=_registered_sql, python=_registered_py, vector=_registered_vec,
    strategy=_registered_strategy,
    edges=[{"withinDays": 1}, {"withinDays": MAX_DAYS}, {"before": "2024-02-29"}, {"after": "2024-02-29"},
           {"after": "2025-06-14", "before": "2025-06-15"}],
    admin=Admin("profile", "cond.registered", [
        AdminField("after", "date", "field.after"), AdminField("before", "date", "field.before"),
        AdminField("withinDays", "int", "field.withinLastDays", min=1, suffix="unit.days")],
        defaults={"withinDays": 30}, one_of=["after", "before", "withinDays"]),
))


# -- source, home store, tier ---------------------------------------------------------------------

SOURCES = ["store", "小程序", "大众点评"]

def _source_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    return np.isin(e.col("source"), e.codes("source", list(v["in"])))


register(Condition(
    key="source", family="profile", position=50, description="Registration source.",
    input_name="SourceCondition",
    input_description="Registration source is one of these (e.g. 小程序, 门店, 大众点评).",
    fields={"in": Field("strs", True, description="Sources that match.")},
    sql=lambda c, v: Sql(f"m.source IN ({marks(v['in'])})", list(v["in"])),
    python=lambda v, f, ctx: f.member.source in v["in"],
    vector=_source_vec,
    strategy=lambda draw, refs: {"in": draw_some(draw, SOURCES)},
    edges=[{"in": ["store"]}, {"in": ["no such source"]}],
    admin=Admin("profile", "cond.source", [AdminField("in", "freeMulti", "field.sources", source="sources",
                                                      required=True)], defaults={"in": []}),
))

_home = member_in("home_store_id")
register(Condition(
    key="homeStore", family="profile", position=60, description="Home store.",
    input_name="StoreCondition", input_description="Home store is one of these.",
    fields={"in": Field("ids", True, ref="Store", description="Store ids.")},
    sql=_home.sql, python=_home.python, vector=_home.vector,
    strategy=lambda draw, refs: {"in": draw_some(draw, refs["homeStore"])},
    admin=Admin("profile", "cond.homeStore", [AdminField("in", "multi", "field.stores", source="stores",
                                                         required=True)], defaults={"in": []}),
))

_tier = member_in("tier_id")
register(Condition(
    key="tier", family="profile", position=70, description="Tier.",
    input_name="TierCondition", input_description="Current tier is one of these.",
    fields={"in": Field("ids", True, ref="Tier", description="Tier ids.")},
    sql=_tier.sql, python=_tier.python, vector=_tier.vector,
    strategy=lambda draw, refs: {"in": draw_some(draw, refs["tier"])},
    admin=Admin("profile", "cond.tier", [AdminField("in", "multi", "field.tiers", source="tiers", required=True)],
                defaults={"in": []}),
))


# -- tags -----------------------------------------------------------------------------------------

TAGS = ["vip", "新客", "lapsed", "kol"]


def _tags_sql(c: Compiler, v: dict[str, Any]) -> Sql:
    tags = list(v["tags"])
    sub = f"SELECT t.member_id FROM member_tag t WHERE t.tag IN ({marks(tags)})"
    if v["match"] == "ANY":
        return c.member_set(Sql(sub, tags), unique=len(tags) == 1)
    if v["match"] == "NONE":
        return c.member_set(Sql(sub, tags), negate=True)
    return c.member_set(Sql(f"{sub} GROUP BY t.member_id HAVING COUNT(DISTINCT t.tag) = ?", [*tags, len(tags)]),
                        unique=True)


def _tags_py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    wanted = set(v["tags"])
    if v["match"] == "ANY":
        return bool(f.tags & wanted)
    if v["match"] == "ALL":
        return wanted <= f.tags
    return not (f.tags & wanted)


def _tags_vec(e: Evaluator, v: dict[str, Any]) -> np.ndarray:
    import numpy as np

    t = e.s.tables["tag"]
    codes = e.codes("tag", list(v["tags"]))
    if not len(codes) or (v["match"] == "ALL" and len(codes) < len(v["tags"])):
        # no member carries a tag the index has never seen
        return np.full(e.n, v["match"] == "NONE", dtype=bool)
    rows = t.all_rows()
    rows = rows[np.isin(t.cols["tag"][rows], codes)]
    if v["match"] == "ANY":
        return e.mark(t, rows)
    if v["match"] == "NONE":
        return ~e.mark(t, rows)
    width = len(e.s.dicts.get("tag", {})) + 1
    pairs = np.unique(t.cols["m"][rows].astype(np.int64) * width + t.cols["tag"][rows])
    return np.bincount(pairs // width, minlength=e.n) == len(v["tags"])


register(Condition(
    key="tags", family="profile", position=80, description="Tags.",
    input_name="TagsCondition", input_description="Tags the member carries.",
    fields={"match": Field("enum", True, enum=TAG_MATCH, description="ANY, ALL or NONE of the tags."),
            "tags": Field("strs", True, description="The tags.")},
    sql=_tags_sql, python=_tags_py, vector=_tags_vec,
    strategy=lambda draw, refs: {"match": draw_choice(draw, TAG_MATCH.choices), "tags": draw_some(draw, TAGS)},
    edges=[{"match": m, "tags": TAGS} for m in ("ANY", "ALL", "NONE")] + [{"match": "ALL", "tags": ["nobody"]}],
    admin=Admin("profile", "cond.tags", [
        AdminField("match", "single", "field.match", required=True,
                   options=(("ANY", "tags.ANY"), ("ALL", "tags.ALL"), ("NONE", "tags.NONE"))),
        AdminField("tags", "freeMulti", "field.tags", source="tags", required=True)],
        defaults={"match": "ANY", "tags": []}),
))
