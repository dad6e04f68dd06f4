"""The send gate against the real database and the real Redis: reach, consent, quiet hours, caps over
several periods and channels, priority, holdout, idempotent retries, concurrency and a Redis flush."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from api.channels.models import MessageSend, SendKind, SendStatus
from api.fatigue import caps as counters
from api.fatigue.gate import Candidate, CappedPolicy, QuietPolicy, Sender, decide, redecide_due, release
from api.fatigue.models import FatiguePolicy
from api.fatigue.policy import parse_caps, parse_quiet
from tests.factories import dt, make_company, make_member, make_store

pytestmark = pytest.mark.usefixtures("db", "redis")

# Asia/Shanghai (the suite's RAPPORT_TZ): 2026-12-07 is a Monday; 10:00 local = 02:00 UTC
MONDAY_10 = dt("2026-12-07T02:00:00")


async def set_policy(rules: list[dict[str, Any]] | None = None, quiet: list[dict[str, Any]] | None = None,
                     company_id: int | None = None) -> None:
    await FatiguePolicy.create(
        company_id=company_id,
        rules=[c.to_json() for c in parse_caps(rules)] if rules is not None else None,
        quiet_hours=[q.to_json() for q in parse_quiet(quiet)] if quiet is not None else None,
    )


def cand(member_id: int, sender: Sender, step: str = "s", occurrence: str = "1",
         channels: tuple[str, ...] = ("SMS",), kind: SendKind = SendKind.MARKETING) -> Candidate:
    return Candidate(member_id, sender, step, occurrence, channels, kind, content={"text": "hi"})


JOURNEY_1 = Sender("journey", 1)
JOURNEY_2 = Sender("journey", 2)


async def sent_count(member_id: int, channel: str | None = None) -> int:
    q = MessageSend.filter(member_id=member_id, status=SendStatus.QUEUED)
    if channel:
        q = q.filter(channel=channel)
    return await q.count()


async def test_reach_fallback_consent_and_unreachable() -> None:
    both = await make_member(wechat_openid="o-1", wechat_subscribed=True)
    sms_only = await make_member()
    no_consent = await make_member(sms_consent=False)
    nobody = await make_member(phone=None)
    ds = {d.member_id: d for d in await decide(
        [cand(m.id, JOURNEY_1, channels=("WECHAT", "SMS")) for m in (both, sms_only, no_consent, nobody)],
        now=MONDAY_10)}
    assert (ds[both.id].status, ds[both.id].channel) == (SendStatus.QUEUED, "WECHAT")
    assert (ds[sms_only.id].status, ds[sms_only.id].channel) == (SendStatus.QUEUED, "SMS")
    assert ds[no_consent.id].status is SendStatus.NO_CONSENT
    assert "SMS" in ds[no_consent.id].reason
    assert ds[nobody.id].status is SendStatus.UNREACHABLE
    assert "openid" in ds[nobody.id].reason and "phone" in ds[nobody.id].reason
    row = await MessageSend.get(id=ds[both.id].send_id)
    assert row.address == "o-1" and row.content == {"text": "hi"} and row.decided_at == MONDAY_10
    # a transactional send needs only the identity
    t = await decide([cand(no_consent.id, Sender("system"), kind=SendKind.TRANSACTIONAL)], now=MONDAY_10)
    assert t[0].status is SendStatus.QUEUED


async def test_several_periods_on_simulated_days() -> None:
    """≤ 1 SMS a day and ≤ 3 a week: Monday to Wednesday one a day, Thursday capped by the week, the next
    Monday one again; a second SMS on the same day is capped by the day rule."""
    await set_policy([{"channel": "SMS", "period": "DAY", "maxSends": 1},
                      {"channel": "SMS", "period": "WEEK", "maxSends": 3}])
    m = await make_member()
    outcomes: list[tuple[str, str]] = []
    for day in range(8):
        at = MONDAY_10 + timedelta(days=day)
        first, second = await decide([cand(m.id, JOURNEY_1, occurrence=f"{day}a"),
                                      cand(m.id, JOURNEY_1, occurrence=f"{day}b")], now=at)
        outcomes.append((first.status.value, second.status.value))
        if day < 3:
            assert first.status is SendStatus.QUEUED
            assert second.status is SendStatus.CAPPED and second.reason == "cap: At most 1 SMS message a day"
        elif day < 7:
            assert first.status is SendStatus.CAPPED, (day, first)
            assert "a week" in first.reason
    assert outcomes[7][0] == "queued"  # a new calendar week
    assert await sent_count(m.id) == 4


async def test_week_boundary_is_store_midnight() -> None:
    """The week starts at Monday 00:00 in the store time zone (Sunday 16:00 UTC), not at UTC midnight."""
    await set_policy([{"channel": None, "period": "WEEK", "maxSends": 1}])
    m = await make_member()
    sunday_late = dt("2026-12-13T15:59:00")  # Sunday 23:59 Shanghai
    monday_early = dt("2026-12-13T16:00:00")  # Monday 00:00 Shanghai
    assert (await decide([cand(m.id, JOURNEY_1, occurrence="a")], now=sunday_late))[0].status is SendStatus.QUEUED
    assert (await decide([cand(m.id, JOURNEY_1, occurrence="b")], now=monday_early))[0].status is SendStatus.QUEUED
    assert (await decide([cand(m.id, JOURNEY_1, occurrence="c")], now=monday_early))[0].status is SendStatus.CAPPED


async def test_cap_across_channels_and_per_channel() -> None:
    """≤ 2 messages a day on any channel, ≤ 1 SMS a day: SMS, email, then a third of either is capped."""
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 2},
                      {"channel": "SMS", "period": "DAY", "maxSends": 1}])
    m = await make_member(email="a@example.com", email_consent=True)
    d = await decide([cand(m.id, JOURNEY_1, occurrence="1"), cand(m.id, JOURNEY_1, occurrence="2"),
                      cand(m.id, JOURNEY_1, occurrence="3", channels=("EMAIL",)),
                      cand(m.id, JOURNEY_1, occurrence="4", channels=("EMAIL",))], now=MONDAY_10)
    by = {x.key.split(":")[3]: x for x in d}
    assert by["1"].status is SendStatus.QUEUED
    assert by["2"].status is SendStatus.CAPPED and "SMS" in by["2"].reason
    assert by["3"].status is SendStatus.QUEUED
    assert by["4"].status is SendStatus.CAPPED and by["4"].reason == "cap: At most 2 messages a day"


async def test_rolling_hours_and_defer_to_when_room_frees() -> None:
    await set_policy([{"channel": "SMS", "period": "ROLLING_HOURS", "length": 24, "maxSends": 1}])
    m = await make_member()
    deferring = Sender("journey", 3, capped=CappedPolicy.DEFER)
    assert (await decide([cand(m.id, deferring, occurrence="a")], now=MONDAY_10))[0].status is SendStatus.QUEUED
    later = MONDAY_10 + timedelta(hours=20)
    d = (await decide([cand(m.id, deferring, occurrence="b")], now=later))[0]
    assert d.status is SendStatus.DEFERRED and d.due_at == MONDAY_10 + timedelta(hours=24)
    assert await redecide_due(now=later + timedelta(hours=1)) == 0  # not due yet
    assert await redecide_due(now=MONDAY_10 + timedelta(hours=24)) == 1
    row = await MessageSend.get(id=d.send_id)
    assert row.status is SendStatus.QUEUED and row.decided_at == MONDAY_10 + timedelta(hours=24)


async def test_defer_is_bounded() -> None:
    """A cap of 0 never frees up: a deferring sender's send is capped, not deferred forever."""
    await set_policy([{"channel": "SMS", "period": "MONTH", "maxSends": 0}])
    m = await make_member()
    d = (await decide([cand(m.id, Sender("journey", 4, capped=CappedPolicy.DEFER))], now=MONDAY_10))[0]
    assert d.status is SendStatus.CAPPED and "deferred too long" in d.reason


async def test_priority_takes_the_last_slot_whatever_the_order() -> None:
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 1}])
    low, high = Sender("journey", 10, priority=1), Sender("journey", 11, priority=9)
    a, b = await make_member(), await make_member()
    out = await decide([cand(a.id, low), cand(a.id, high), cand(b.id, high), cand(b.id, low)], now=MONDAY_10)
    won = {(d.member_id, d.key.split(":")[1]): d.status for d in out}
    for m in (a, b):
        assert won[(m.id, "11")] is SendStatus.QUEUED
        assert won[(m.id, "10")] is SendStatus.CAPPED


async def test_retry_returns_the_first_decision_and_counts_once() -> None:
    await set_policy([{"channel": "SMS", "period": "DAY", "maxSends": 2}])
    m = await make_member()
    first = (await decide([cand(m.id, JOURNEY_1)], now=MONDAY_10))[0]
    again = (await decide([cand(m.id, JOURNEY_1)], now=MONDAY_10 + timedelta(minutes=1)))[0]
    assert again.existing and again.send_id == first.send_id and again.status is SendStatus.QUEUED
    # the retry took no second slot: another send still fits
    other = (await decide([cand(m.id, JOURNEY_2)], now=MONDAY_10))[0]
    assert other.status is SendStatus.QUEUED
    assert await MessageSend.filter(member_id=m.id).count() == 2
    # a retry after Redis lost everything still finds the row, and the counters come back from it
    await counters.client().flushdb()
    assert (await decide([cand(m.id, JOURNEY_1)], now=MONDAY_10))[0].send_id == first.send_id
    third = (await decide([cand(m.id, Sender("journey", 5))], now=MONDAY_10))[0]
    assert third.status is SendStatus.CAPPED


async def test_transactional_bypasses_and_does_not_count() -> None:
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 1}],
                     quiet=[{"channel": None, "start": "00:00", "end": "23:59"}])
    m = await make_member(sms_consent=False)
    receipt = Sender("system", None)
    for i in range(3):
        d = (await decide([cand(m.id, receipt, occurrence=str(i), kind=SendKind.TRANSACTIONAL)], now=MONDAY_10))[0]
        assert d.status is SendStatus.QUEUED
    # a member with consent: receipts did not use the day's one slot, quiet hours still hold marketing
    m2 = await make_member()
    await decide([cand(m2.id, receipt, kind=SendKind.TRANSACTIONAL)], now=MONDAY_10)
    d = (await decide([cand(m2.id, JOURNEY_1)], now=MONDAY_10))[0]
    assert d.status is SendStatus.DEFERRED and d.reason.startswith("quiet hours 00:00-23:59")


async def test_quiet_hours_defer_or_skip_per_sender_and_channel() -> None:
    await set_policy(quiet=[{"channel": "SMS", "start": "21:00", "end": "08:00"}])
    m = await make_member(wechat_openid="o-q", wechat_subscribed=True)
    night = dt("2026-12-07T14:30:00")  # 22:30 Shanghai
    morning = dt("2026-12-08T00:00:00")  # 08:00 Shanghai, the end of the window
    d = (await decide([cand(m.id, JOURNEY_1)], now=night))[0]
    assert d.status is SendStatus.DEFERRED and d.due_at == morning and d.reason == "quiet hours 21:00-08:00 on SMS"
    skip = Sender("journey", 6, quiet=QuietPolicy.SKIP)
    assert (await decide([cand(m.id, skip)], now=night))[0].status is SendStatus.QUIET_SKIPPED
    # the window is per channel: WeChat is not quiet
    assert (await decide([cand(m.id, skip, channels=("WECHAT",), step="w")], now=night))[0].status \
        is SendStatus.QUEUED
    assert await redecide_due(now=morning) == 1
    assert (await MessageSend.get(id=d.send_id)).status is SendStatus.QUEUED


async def test_holdout_is_stable_and_takes_no_slot() -> None:
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 1}])
    members = [await make_member() for _ in range(60)]
    ab = Sender("journey", 7, holdout_percent=30)
    first = await decide([cand(m.id, ab) for m in members], now=MONDAY_10)
    held = {d.member_id for d in first if d.status is SendStatus.HELD_OUT}
    assert 5 <= len(held) <= 35
    assert {d.status for d in first if d.member_id not in held} == {SendStatus.QUEUED}
    again = await decide([cand(m.id, ab, occurrence="2") for m in members], now=MONDAY_10 + timedelta(days=1))
    assert {d.member_id for d in again if d.status is SendStatus.HELD_OUT} == held
    # the held-out members' slot for the day is still free
    other = await decide([cand(m_id, JOURNEY_2) for m_id in held], now=MONDAY_10)
    assert {d.status for d in other} == {SendStatus.QUEUED}


async def test_failed_send_gives_its_slot_back() -> None:
    await set_policy([{"channel": "SMS", "period": "DAY", "maxSends": 1}])
    m = await make_member()
    d = (await decide([cand(m.id, JOURNEY_1)], now=MONDAY_10))[0]
    assert (await decide([cand(m.id, JOURNEY_2)], now=MONDAY_10))[0].status is SendStatus.CAPPED
    row = await MessageSend.get(id=d.send_id)
    await MessageSend.filter(id=row.id).update(status=SendStatus.FAILED)
    await release(row)
    assert (await decide([cand(m.id, Sender("journey", 8))], now=MONDAY_10))[0].status is SendStatus.QUEUED


async def test_company_caps_override_hq() -> None:
    a = await make_company()
    store = await make_store(a)
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 1}])
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 2}], company_id=a.id)
    in_a, at_hq = await make_member(home_store=store), await make_member()
    out = await decide([cand(m.id, s) for m in (in_a, at_hq) for s in (JOURNEY_1, JOURNEY_2)], now=MONDAY_10)
    got = Counter((d.member_id, d.status) for d in out)
    assert got[(in_a.id, SendStatus.QUEUED)] == 2
    assert got[(at_hq.id, SendStatus.QUEUED)] == 1 and got[(at_hq.id, SendStatus.CAPPED)] == 1


async def test_template_is_rendered_per_member() -> None:
    from api.templates.models import Template

    tpl = await Template.create(name="hello", text="您好 {customer_name}")
    m = await make_member(name="王芳")
    d = (await decide([Candidate(m.id, JOURNEY_1, "s", "1", ("SMS",), template_id=tpl.id)], now=MONDAY_10))[0]
    row = await MessageSend.get(id=d.send_id)
    assert d.status is SendStatus.QUEUED and "您好 王芳" in row.content["text"]


async def test_a_deleted_template_fails_its_sends_only() -> None:
    from api.core import clock
    from api.templates.models import Template

    good = await Template.create(name="hello", text="您好 {customer_name}")
    gone = await Template.create(name="old", text="旧 {card_name}", deleted_at=clock.now())
    a, b = await make_member(name="王芳"), await make_member(name="李雷")
    decided = await decide([Candidate(a.id, JOURNEY_1, "s", "1", ("SMS",), template_id=gone.id),
                            Candidate(b.id, JOURNEY_1, "s", "1", ("SMS",), template_id=good.id)], now=MONDAY_10)
    by_member = {d.member_id: d for d in decided}
    assert by_member[a.id].status is SendStatus.FAILED
    assert by_member[a.id].reason == f"template {gone.id}: No template with id {gone.id}."
    assert by_member[b.id].status is SendStatus.QUEUED
    assert "您好 李雷" in (await MessageSend.get(id=by_member[b.id].send_id)).content["text"]


async def test_sixteen_racing_workers_never_exceed_a_cap() -> None:
    """16 workers, each in its own transaction, deciding for the same members at once (a third of them
    after Redis lost its data): every member ends with exactly the cap's number of sends."""
    await set_policy([{"channel": None, "period": "DAY", "maxSends": 2},
                      {"channel": "SMS", "period": "WEEK", "maxSends": 3}])
    members = [await make_member() for _ in range(6)]
    # yesterday's send per member is in the database only (its counters are not in Redis)
    for m in members:
        await decide([cand(m.id, Sender("journey", 99), occurrence="y")], now=MONDAY_10 + timedelta(days=1))
    await counters.client().flushdb()
    now = MONDAY_10 + timedelta(days=2)

    async def worker(w: int) -> None:
        for round_ in range(3):
            await decide([cand(m.id, Sender("journey", 100 + w), occurrence=str(round_)) for m in members], now=now)

    await asyncio.gather(*(worker(w) for w in range(16)))
    for m in members:
        assert await sent_count(m.id) == 3  # yesterday's + 2 today (the day cap); the week cap allows 3
        today = await MessageSend.filter(member_id=m.id, status=SendStatus.QUEUED, decided_at=now).count()
        assert today == 2
        assert await MessageSend.filter(member_id=m.id).count() == 1 + 16 * 3


async def test_redis_flush_mid_run_leaves_nobody_over_a_cap() -> None:
    await set_policy([{"channel": "SMS", "period": "WEEK", "maxSends": 2}])
    members = [await make_member() for _ in range(20)]
    for day in range(5):
        now = MONDAY_10 + timedelta(days=day)
        await decide([cand(m.id, Sender("journey", 200 + day)) for m in members[: 10 + 2 * day]], now=now)
        if day in (1, 3):
            await counters.client().flushdb()
    for m in members:
        assert await sent_count(m.id) <= 2
    assert await sent_count(members[0].id) == 2
