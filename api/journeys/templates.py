"""The seven built-in plan templates (PRODUCT.md §3), each a pre-filled draft an operator edits and publishes.

A template is a draft graph in the stored form (``api.journeys.graph``): the operator picks the message
content (``templateId``, left empty so publishing asks for it) and adjusts days, times and thresholds.
Rules use the segment conditions of ``api.segments.conditions``, so estimates and the audience at trigger
time agree with what the segment editor shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JourneyTemplate:
    key: str
    name: tuple[str, str]
    description: tuple[str, str]
    graph: dict[str, Any]


def _msg(node_id: str = "message", channels: tuple[str, ...] = ("WECHAT", "SMS")) -> dict[str, Any]:
    return {"id": node_id, "kind": "MESSAGE", "config": {"channels": list(channels), "priority": 50}}


def _task(instructions: str) -> dict[str, Any]:
    return {"id": "task", "kind": "GUIDE_TASK", "config": {"instructions": instructions, "dueDays": 3}}


def _edges(*ids: str) -> list[dict[str, str]]:
    return [{"from": a, "to": b, "branch": "next"} for a, b in zip(ids, ids[1:], strict=False)]


TEMPLATES: dict[str, JourneyTemplate] = {t.key: t for t in (
    JourneyTemplate(
        "MEMBER_DAY", ("Member day reminder", "会员日提醒"),
        ("The day before the monthly member day (the 18th), remind every member.",
         "每月会员日（18 日）前一天提醒全体会员。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "RECURRING", "every": "MONTHLY", "day": 17, "time": "10:00",
                               "reentry": "EVERY_TIME"}}, _msg()],
         "edges": _edges("entry", "message")}),
    JourneyTemplate(
        "NEW_CUSTOMER_SECOND_VISIT", ("New customer second visit", "新客二次到店"),
        ("7 days after a new customer's first visit, a task for their guide to invite them back.",
         "新客首次到店 7 天后，提醒导购邀约二次到店。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "TRIGGERED", "trigger": "ORDER_SERVICES", "delayDays": 7, "reentry": "ONCE",
                               "audience": {"rule": {"purchases": {"days": 3650, "orderCount": {"max": 1}}}}}},
                   _task("邀请顾客二次到店，可介绍新客专享项目。")],
         "edges": _edges("entry", "task")}),
    JourneyTemplate(
        "POST_SERVICE_FOLLOW_UP", ("Post-service follow-up", "服务后回访"),
        ("14 days after a service (e.g. eyelash extensions), ask how it went and suggest the next visit.",
         "服务完成 14 天后（如睫毛嫁接）回访，并提醒下次护理。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "TRIGGERED", "trigger": "SERVICE_COMPLETED", "reentry": "EVERY_TIME"}},
                   {"id": "wait", "kind": "WAIT", "config": {"duration": {"days": 14}}}, _msg()],
         "edges": _edges("entry", "wait", "message")}),
    JourneyTemplate(
        "CARD_USE_REMINDER", ("Periodic card-use reminder", "定期耗卡提醒"),
        ("Each month, remind members whose punch card still has uses left.",
         "每月提醒次卡仍有剩余次数的会员到店使用。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "RECURRING", "every": "MONTHLY", "day": 1, "time": "10:00",
                               "reentry": "EVERY_TIME",
                               "audience": {"rule": {"punchRemaining": {"atLeast": 1, "atMost": 1000000}}}}},
                   _msg()],
         "edges": _edges("entry", "message")}),
    JourneyTemplate(
        "CARD_EXPIRY_REMINDER", ("Card expiry reminder", "卡项到期提醒"),
        ("A month before a card expires, remind the member to use it.", "卡项到期前一个月提醒会员使用。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "TRIGGERED", "trigger": "CARD_EXPIRES", "daysBefore": 30,
                               "reentry": "EVERY_TIME"}}, _msg()],
         "edges": _edges("entry", "message")}),
    JourneyTemplate(
        "PUNCH_CARD_LOW", ("Punch card low on uses", "次卡剩余次数少"),
        ("After a card use leaves 2 uses or fewer, a task for the guide to offer a renewal.",
         "划卡后剩余次数不超过 2 次时，提醒导购推荐续卡。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "TRIGGERED", "trigger": "CARD_USED", "reentry": "EVERY_N_DAYS",
                               "reentryDays": 30, "audience": {"rule": {"punchRemaining": {"atMost": 2}}}}},
                   _task("顾客次卡即将用完，请联系顾客推荐续卡。")],
         "edges": _edges("entry", "task")}),
    JourneyTemplate(
        "STORED_VALUE_LOW", ("Stored-value balance low", "储值余额不足"),
        ("After a card use leaves a balance of 100 yuan or less, a task for the guide to offer a top-up.",
         "耗卡后储值余额不超过 100 元时，提醒导购推荐充值。"),
        {"nodes": [{"id": "entry", "kind": "ENTRY",
                    "config": {"mode": "TRIGGERED", "trigger": "CARD_USED", "reentry": "EVERY_N_DAYS",
                               "reentryDays": 30,
                               "audience": {"rule": {"storedValueBalance": {"below": 10001}}}}},
                   _task("顾客储值余额不足，请联系顾客推荐充值。")],
         "edges": _edges("entry", "task")}),
)}
