"""The messageReceived condition: messages of a channel / sender sent to the member in the last N days.

A message counts when it was sent (status sent or delivered, ``sent_at`` set) within the last N days
(store-midnight boundaries, today counting as one); the member received at least / at most K such
messages. Members who were sent nothing have 0 (so "at most 0" finds them). The audience index does
not hold message sends: rules using it are answered by SQL (``vector=None``).
"""

from __future__ import annotations

from typing import Any

from api.segments.conditions.base import ANY_INT, INT4_MAX, MAX_DAYS, Admin, Condition, Field, Text, register
from api.segments.conditions.reach import CHANNEL
from api.segments.conditions.relational import Row, at_least_at_most, windowed_count

RECEIVED = ("sent", "delivered")


async def _sends(member_id: int) -> list[Row]:
    from api.channels.models import MessageSend

    rows = await MessageSend.filter(member_id=member_id, status__in=list(RECEIVED)).values(
        "sent_at", "channel", "sender_type", "sender_id")
    return [Row(r["sent_at"], {"channel": r["channel"], "sender_type": r["sender_type"], "sender_id": r["sender_id"]})
            for r in rows]


_eval = windowed_count(
    "message_send", "sent_at", {"channel": "channel", "senderType": "sender_type", "senderId": "sender_id"},
    facts="message_sends", extra_where="t.status IN ('sent', 'delivered')",
)


def _strategy(draw: Any, refs: dict[str, list[int]]) -> dict[str, Any]:
    from hypothesis import strategies as st

    v: dict[str, Any] = {"days": draw(st.integers(1, 60))}
    for name, values in (("channel", list(CHANNEL.choices)[:2]), ("senderType", ["journey", "plan"]),
                         ("senderId", [1, 2])):
        if draw(st.booleans()):
            v[name] = draw(st.sampled_from(values))
    lo, hi = draw(st.one_of(st.none(), st.integers(0, 3))), draw(st.one_of(st.none(), st.integers(0, 3)))
    if lo is None and hi is None:
        lo = 1
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    v.update({k: x for k, x in (("atLeast", lo), ("atMost", hi)) if x is not None})
    return v


register(Condition(
    key="messageReceived", family="messages", position=280, description="Received messages in a window.",
    input_name="MessageReceivedCondition",
    input_description="Messages sent to the member (status sent or delivered) in the last N days (today counting "
    "as one), of a channel and / or a sender if given, number at least / at most K. Members sent nothing have 0.",
    fields={"days": Field("int", True, lo=1, hi=MAX_DAYS, description="Window in days, N ≥ 1.",
                          label=Text("In the last (days)", "最近天数")),
            "channel": Field("enum", enum=CHANNEL, description="Only messages on this channel.",
                             label=Text("Channel", "渠道")),
            "senderType": Field("str", description="Only messages from this kind of sender (journey, plan, guide).",
                                label=Text("Sender type", "发送方类型")),
            "senderId": Field("int", lo=1, hi=INT4_MAX, description="Only messages from this sender (its id).",
                              label=Text("Sender id", "发送方 ID")),
            "atLeast": Field("int", lo=0, hi=ANY_INT, description="At least this many messages.",
                             label=Text("At least", "至少")),
            "atMost": Field("int", lo=0, hi=ANY_INT, description="At most this many messages.",
                            label=Text("At most", "至多"))},
    check=at_least_at_most, sql=_eval.sql, python=_eval.python, vector=None,
    facts={"message_sends": _sends}, strategy=_strategy,
    edges=[{"days": 1, "atLeast": 1}, {"days": 1, "atMost": 0}, {"days": MAX_DAYS, "atLeast": 0},
           {"days": 7, "channel": "SMS", "atLeast": 2, "atMost": 2},
           {"days": 30, "senderType": "journey", "atLeast": 1}],
    admin=Admin("other", Text("Received messages", "收到消息"), defaults={"days": 30, "atLeast": 1}),
))
