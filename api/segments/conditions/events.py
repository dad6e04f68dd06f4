"""The eventCount condition: an event type done at least / at most K times in the last N days.

Events are the partner's recorded behaviour (``api.orders.models.Event``; events not matched to a
member never count). Optionally only events whose payload property equals a text: a string property
equal to it, or a number / boolean whose JSON text equals it ("3", "true"). Members with no such
event have 0 (so "at most 0" finds them). The audience index does not hold events: rules using it are
answered by SQL (``vector=None``).
"""

from __future__ import annotations

import json
from typing import Any

from api.segments.compiler import Compiler
from api.segments.conditions.base import ANY_INT, MAX_DAYS, Admin, Condition, Field, Text, register
from api.segments.conditions.relational import Row, at_least_at_most, windowed_count

EVENT_TYPES = ["page.view", "coupon.claim"]


async def _events(member_id: int) -> list[Row]:
    from api.orders.models import Event

    rows = await Event.filter(member_id=member_id).values("occurred_at", "type", "payload")
    return [Row(r["occurred_at"], {"type": r["type"], "payload": r["payload"]}) for r in rows]


def _check(value: dict[str, Any], err: Any) -> None:
    at_least_at_most(value, err)
    if (value.get("property") is None) != (value.get("equals") is None):
        err(["equals" if value.get("property") is not None else "property"], "Give property and equals together.")
    key = value.get("property") or ""
    if '"' in key or "\\" in key:
        err(["property"], "A property name cannot contain quotes or backslashes.")


def _property_sql(c: Compiler, v: dict[str, Any]) -> tuple[str, list[Any]] | None:
    if v.get("property") is None:
        return None
    if c.dialect == "postgres":
        return "(t.payload::jsonb ->> ?::text) = ?", [v["property"], v["equals"]]
    path = f'$."{v["property"]}"'
    return ("(CASE json_type(t.payload, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
            "WHEN 'object' THEN NULL WHEN 'array' THEN NULL "
            "ELSE CAST(json_extract(t.payload, ?) AS TEXT) END) = ?", [path, path, v["equals"]])


def json_text(value: Any) -> str | None:
    """A JSON value as PostgreSQL's ``->>`` renders it (None for null, objects and arrays)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _property_python(v: dict[str, Any], row: Row) -> bool:
    if v.get("property") is None:
        return True
    payload = row.values.get("payload")
    if isinstance(payload, str):
        payload = json.loads(payload)
    if not isinstance(payload, dict) or v["property"] not in payload:
        return False
    return json_text(payload[v["property"]]) == v["equals"]


_eval = windowed_count("event", "occurred_at", {"type": "type"}, facts="events",
                       extra_sql=_property_sql, extra_python=_property_python)


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    v: dict[str, Any] = {"type": draw(st.sampled_from(EVENT_TYPES)), "days": draw(st.integers(1, 60))}
    if draw(st.booleans()):
        v["property"] = draw(st.sampled_from(["page", "n"]))
        v["equals"] = draw(st.sampled_from(["home", "cart", "3", "true"]))
    lo, hi = draw(st.one_of(st.none(), st.integers(0, 3))), draw(st.one_of(st.none(), st.integers(0, 3)))
    if lo is None and hi is None:
        lo = 1
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    v.update({k: x for k, x in (("atLeast", lo), ("atMost", hi)) if x is not None})
    return v


register(Condition(
    key="eventCount", family="events", position=290, description="Did an event N times in a window.",
    input_name="EventCountCondition",
    input_description="Events of a type recorded for the member in the last N days (today counting as one), "
    "optionally only those whose payload property equals a text, number at least / at most K. Members "
    "with no such event have 0.",
    fields={"type": Field("str", True, description="Event type, e.g. page.view.", label=Text("Event type", "事件类型")),
            "days": Field("int", True, lo=1, hi=MAX_DAYS, description="Window in days, N ≥ 1.",
                          label=Text("In the last (days)", "最近天数")),
            "atLeast": Field("int", lo=0, hi=ANY_INT, description="At least this many times.",
                             label=Text("At least", "至少")),
            "atMost": Field("int", lo=0, hi=ANY_INT, description="At most this many times.",
                            label=Text("At most", "至多")),
            "property": Field("str", description="Only events whose payload has this property …",
                              label=Text("Property", "属性")),
            "equals": Field("str", description="… equal to this text (numbers and booleans as their JSON text).",
                            label=Text("equals", "等于"))},
    check=_check, sql=_eval.sql, python=_eval.python, vector=None,
    facts={"events": _events}, strategy=_strategy,
    edges=[{"type": "page.view", "days": 1, "atLeast": 1}, {"type": "page.view", "days": 1, "atMost": 0},
           {"type": "page.view", "days": MAX_DAYS, "atLeast": 0},
           {"type": "page.view", "days": 7, "atLeast": 2, "atMost": 2, "property": "page", "equals": "home"},
           {"type": "page.view", "days": 7, "atLeast": 1, "property": "n", "equals": "3"}],
    admin=Admin("other", Text("Did an event", "发生事件"), defaults={"days": 30, "atLeast": 1}),
))
