"""Journeys on members' dates: a date trigger's scan at a store time, and a wait until N days before the
member's next card expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from api.core import clock
from api.journeys.models import Enrollment
from api.loyalty.models import CardKind, MemberCard
from api.members.models import MemberTag
from tests.factories import dt, make_card_product, make_member
from tests.journeys.graphs import edge, node, publish, tick


async def test_a_birthday_scan_at_a_store_time_waits_for_it(db: None) -> None:
    # given a birthday greeting 3 days ahead, scanned at 10:00 store time
    clock.set_now(dt("2026-06-01T16:30:00"))  # 00:30 on 2 June in Shanghai
    m = await make_member(birthday=datetime(1990, 6, 5).date())
    jid = await publish("生日", {"nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="BIRTHDAY", daysBefore=3,
                                                time="10:00", reentry="EVERY_TIME"),
                                           node("tag", "UPDATE_MEMBER", addTags=["生日"])],
                                 "edges": [edge("entry", "tag")]})
    # when the engine runs after midnight, then after 10:00
    await tick()
    assert await Enrollment.filter(journey_id=jid).count() == 0
    clock.set_now(dt("2026-06-02T02:05:00"))  # 10:05
    await tick()
    # then the member entered at 10:05 on 2 June, once
    assert [r.entry_key for r in await Enrollment.filter(journey_id=jid)] == ["run:2026-06-02"]
    assert await MemberTag.filter(member_id=m.id, tag="生日").count() == 1
    clock.set_now(None)


async def test_a_wait_until_days_before_the_next_card_expiry(db: None) -> None:
    # given members with a punch card expiring 20 days from now (local date), one with a used-up card,
    # one with none; a one-shot journey that waits until 7 days before the card's expiry at 11:00
    clock.set_now(dt("2026-09-01T01:00:00"))  # 09:00 on 1 September
    product = await make_card_product(CardKind.PUNCH)
    holder, used_up, none = await make_member(), await make_member(), await make_member()
    expires = clock.local_midnight(datetime(2026, 9, 21).date()) + timedelta(hours=0, minutes=30)
    await MemberCard.create(member=holder, product=product, remaining_uses=3, issued_at=clock.now(), expires_at=expires)
    await MemberCard.create(member=used_up, product=product, remaining_uses=0, issued_at=clock.now(),
                            expires_at=expires)
    jid = await publish("到期前", {
        "nodes": [node("entry", "ENTRY", mode="ONE_SHOT", at=clock.now().isoformat()),
                  node("wait", "WAIT", dateField="CARD_EXPIRES", daysBefore=7, time="11:00"),
                  node("tag", "UPDATE_MEMBER", addTags=["提醒"])],
        "edges": [edge("entry", "wait"), edge("wait", "tag")]})
    await tick()

    # then the members without a live card moved on at once; the holder waits until 14 September 11:00
    assert {t.member_id for t in await MemberTag.filter(tag="提醒")} == {used_up.id, none.id}
    waiting = await Enrollment.get(journey_id=jid, member_id=holder.id)
    assert waiting.node_id == "wait" and waiting.due_at == dt("2026-09-14T03:00:00")
    clock.set_now(dt("2026-09-14T03:01:00"))
    await tick()
    assert await MemberTag.filter(member_id=holder.id, tag="提醒").count() == 1
    clock.set_now(None)


async def test_missed_card_expiry_scans_are_caught_up_while_the_card_is_still_ahead(db: None) -> None:
    # given a reminder 3 days before a card expires, published on 1 October
    clock.set_now(dt("2026-10-01T02:00:00"))
    product = await make_card_product(CardKind.PUNCH)
    soon, later = await make_member(), await make_member()
    for m, day in ((soon, 3), (later, 5)):  # cards expiring 3 and 5 October (store dates)
        await MemberCard.create(member=m, product=product, remaining_uses=2, issued_at=clock.now(),
                                expires_at=clock.local_midnight(datetime(2026, 10, day).date()) + timedelta(hours=12))
    jid = await publish("到期", {"nodes": [node("entry", "ENTRY", mode="TRIGGERED", trigger="CARD_EXPIRES",
                                                daysBefore=3, reentry="EVERY_TIME"),
                                           node("tag", "UPDATE_MEMBER", addTags=["到期"])],
                                 "edges": [edge("entry", "tag")]})
    await tick()  # 1 October's scan: nobody's card expires on the 4th

    # when no worker runs on 2 October, and the engine next runs on 3 October
    clock.set_now(dt("2026-10-03T02:00:00"))
    await tick()

    # then the 2 October scan (for cards expiring on the 5th) was caught up; the card expiring on the
    # 3rd, whose scan day (30 September) was before the launch, is not reminded late
    runs = await Enrollment.filter(journey_id=jid)
    assert [(r.member_id, r.entry_key) for r in runs] == [(later.id, "run:2026-10-02")]
    await tick()
    assert await Enrollment.filter(journey_id=jid).count() == 1
    clock.set_now(None)
