"""messageReceived and eventCount mean what their descriptions say (SQL and Python alike).

Clock: 2025-06-15 12:00 in the store time zone; "the last 7 days" starts at store midnight of June 9.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from api.channels.models import MessageSend, SendStatus
from api.core import clock
from api.members.models import Member
from api.orders.models import Event
from tests.factories import make_member, n
from tests.segments.test_conditions import matches

NOW = datetime(2025, 6, 15, 4, 0)


def local(y: int, mo: int, d: int, seconds: int = 0) -> datetime:
    return clock.local_midnight(date(y, mo, d)) + timedelta(seconds=seconds)


async def _send(m: Member, at: datetime, channel: str = "SMS", status: SendStatus = SendStatus.SENT,
                sender: tuple[str, int] = ("journey", 1)) -> None:
    await MessageSend.create(member=m, channel=channel, sender_type=sender[0], sender_id=sender[1], status=status,
                             sent_at=at, dedupe_key=f"t:{n()}")


async def _event(m: Member | None, at: datetime, type_: str = "page.view", **payload: object) -> None:
    await Event.create(member=m, type=type_, occurred_at=at, payload=payload, source="t", external_id=str(n()))


async def test_message_received(db: None) -> None:
    # given a member sent two SMS this week (one at the window's first instant), one failed send and an old one
    clock.set_now(NOW)
    a, b, c = await make_member(name="a"), await make_member(name="b"), await make_member(name="c")
    await _send(a, local(2025, 6, 9))
    await _send(a, local(2025, 6, 15), sender=("plan", 2))
    await _send(b, local(2025, 6, 9, -1))  # one second before the window
    await _send(b, local(2025, 6, 14), status=SendStatus.FAILED)
    await _send(c, local(2025, 6, 14), channel="WECHAT")
    # then the window, the channel, the sender and the counts decide
    assert await matches({"messageReceived": {"days": 7, "atLeast": 1}}) == {"a", "c"}
    assert await matches({"messageReceived": {"days": 7, "atLeast": 2}}) == {"a"}
    assert await matches({"messageReceived": {"days": 8, "atLeast": 1, "channel": "SMS"}}) == {"a", "b"}
    assert await matches({"messageReceived": {"days": 7, "atMost": 0}}) == {"b"}  # nothing received counts as 0
    assert await matches({"messageReceived": {"days": 7, "atLeast": 1, "senderType": "plan", "senderId": 2}}) == {"a"}
    assert await matches({"messageReceived": {"days": 1, "atLeast": 1}}) == {"a"}


async def test_event_count(db: None) -> None:
    # given page views on the window's edges, with properties, and an event of no member
    clock.set_now(NOW)
    a, b = await make_member(name="a"), await make_member(name="b")
    await _event(a, local(2025, 6, 9), page="home", n=3)
    await _event(a, local(2025, 6, 12), page="cart", n="3")
    await _event(b, local(2025, 6, 9, -1), page="home")
    await _event(b, local(2025, 6, 13), "coupon.claim", vip=True)
    await _event(None, local(2025, 6, 14))
    # then the type, the window, the property and the counts decide
    assert await matches({"eventCount": {"type": "page.view", "days": 7, "atLeast": 2}}) == {"a"}
    assert await matches({"eventCount": {"type": "page.view", "days": 7, "atMost": 0}}) == {"b"}
    assert await matches({"eventCount": {"type": "page.view", "days": 8, "atLeast": 1, "property": "page",
                                         "equals": "home"}}) == {"a", "b"}
    assert await matches({"eventCount": {"type": "page.view", "days": 7, "atLeast": 2, "property": "n",
                                         "equals": "3"}}) == {"a"}  # the number 3 and the text "3"
    assert await matches({"eventCount": {"type": "coupon.claim", "days": 7, "atLeast": 1, "property": "vip",
                                         "equals": "true"}}) == {"b"}
