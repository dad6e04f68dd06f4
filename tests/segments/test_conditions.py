"""Each condition means what its description says, in SQL and in Python alike.

Clock: 2025-06-15 12:00 in Asia/Shanghai (a Sunday) unless a test sets another day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from api.core import clock
from api.core.db import dialect
from api.loyalty.models import CardKind
from api.members.models import Gender, Member
from api.orders.models import LineKind
from api.segments import services
from api.segments.compiler import Compiler
from api.segments.context import prepare
from api.segments.evaluator import evaluate, load_facts
from api.segments.models import RfmSettings
from api.segments.rules import validate_rule
from tests.factories import make_card_product, make_guide, make_member, make_product, make_store, make_tier
from tests.segments.helpers import add_card, add_order, add_points, add_service, sql_ids, tag

NOW = datetime(2025, 6, 15, 4, 0)


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return clock.local_midnight(date(y, mo, d)) + timedelta(hours=h, minutes=mi, seconds=s)


async def matches(rule: dict[str, Any]) -> set[str]:
    """Names of members matching ``rule``; SQL and Python must agree."""
    norm, _ = validate_rule(rule)
    ctx = await prepare(norm)
    by_sql = await sql_ids(Compiler(ctx, dialect()).predicate(norm))
    names = {m.id: m.name for m in await Member.all()}
    by_py = set()
    for mid in names:
        facts = await load_facts(mid)
        assert facts is not None
        if evaluate(norm, facts, ctx):
            by_py.add(mid)
    assert by_sql == by_py, rule
    return {names[i] for i in by_sql}


async def test_profile_conditions(db: None) -> None:
    clock.set_now(NOW)
    s1 = await make_store()
    t1, t2 = await make_tier(1, 0), await make_tier(2, 1000)
    await make_member(name="young", gender=Gender.FEMALE, birthday=date(2005, 6, 16), source="小程序", home_store=s1,
                      tier=t1, registered_at=local(2025, 6, 10), custom_attributes={"skin": "混合肌", "score": 3})
    await make_member(name="old", gender=Gender.MALE, birthday=date(1975, 6, 15), source="store", tier=t2,
                      registered_at=local(2024, 1, 1), custom_attributes={"score": "3", "vip": True})
    await make_member(name="none", gender=Gender.UNKNOWN, registered_at=local(2025, 6, 15, 0, 0, 0))
    assert await matches({"gender": {"in": ["FEMALE", "UNKNOWN"]}}) == {"young", "none"}
    assert await matches({"age": {"min": 50}}) == {"old"}  # 50 today
    assert await matches({"age": {"max": 19}}) == {"young"}  # 19, 20 tomorrow
    assert await matches({"not": {"age": {"max": 200 // 2}}}) == {"none"}  # no birthday: age never matches
    assert await matches({"birthday": {"period": "TODAY"}}) == {"old"}
    assert await matches({"birthday": {"period": "IN_DAYS", "days": 1}}) == {"young"}
    assert await matches({"birthday": {"period": "WITHIN_DAYS", "days": 1}}) == {"young", "old"}
    assert await matches({"birthday": {"period": "THIS_WEEK"}}) == {"old"}  # Sunday ends the week
    assert await matches({"birthday": {"period": "THIS_MONTH"}}) == {"young", "old"}
    assert await matches({"registered": {"withinDays": 1}}) == {"none"}
    assert await matches({"registered": {"withinDays": 6}}) == {"young", "none"}
    assert await matches({"registered": {"before": "2025-06-10"}}) == {"old"}
    assert await matches({"registered": {"after": "2025-06-10"}}) == {"none"}
    assert await matches({"source": {"in": ["小程序"]}}) == {"young"}
    assert await matches({"homeStore": {"in": [s1.id]}}) == {"young"}
    assert await matches({"not": {"homeStore": {"in": [s1.id]}}}) == {"old", "none"}
    assert await matches({"tier": {"in": [t2.id]}}) == {"old"}
    assert await matches({"customAttribute": {"key": "score", "equals": "3"}}) == {"young", "old"}
    assert await matches({"customAttribute": {"key": "score", "min": 2.5}}) == {"young"}  # "3" is text
    assert await matches({"customAttribute": {"key": "skin", "contains": "混合"}}) == {"young"}
    assert await matches({"customAttribute": {"key": "vip", "equals": "true"}}) == {"old"}


async def test_feb_29_birthdays(db: None) -> None:
    await make_member(name="leap", birthday=date(2000, 2, 29))
    await make_member(name="28th", birthday=date(1999, 2, 28))
    clock.set_now(local(2025, 2, 28, 10))  # not a leap year: Feb 29 birthdays are celebrated today
    assert await matches({"birthday": {"period": "TODAY"}}) == {"leap", "28th"}
    assert await matches({"age": {"min": 25}}) == {"leap", "28th"}
    clock.set_now(local(2024, 2, 28, 10))  # leap year: only on the 29th
    assert await matches({"birthday": {"period": "TODAY"}}) == {"28th"}
    assert await matches({"birthday": {"period": "IN_DAYS", "days": 1}}) == {"leap"}
    assert await matches({"age": {"min": 24}}) == {"28th"}


async def test_guide_conditions(db: None) -> None:
    clock.set_now(NOW)
    g = await make_guide()
    await make_member(name="friend", guide=g, guide_friend_since=local(2025, 5, 1))
    await make_member(name="new", guide=g, guide_friend_since=local(2025, 6, 14, 23, 59))
    await make_member(name="alone")
    assert await matches({"guide": {"in": [g.id]}}) == {"friend", "new"}
    assert await matches({"guideFriendDays": {"moreThan": 30}}) == {"friend"}
    assert await matches({"guideFriendDays": {"moreThan": 0}}) == {"friend", "new"}
    assert await matches({"noGuide": True}) == {"alone"}
    assert await matches({"noGuide": False}) == {"friend", "new"}


async def test_purchase_conditions(db: None) -> None:
    clock.set_now(NOW)
    cream = await make_product(category="护肤")
    lipstick = await make_product(category="彩妆")
    facial = await make_product(kind=LineKind.SERVICE, category="护理")
    recent = await make_member(name="recent", first_visit_at=local(2025, 6, 10), last_purchase_at=local(2025, 6, 14),
                               total_spend_cents=50000, order_count=2)
    lapsed = await make_member(name="lapsed", first_visit_at=local(2024, 1, 1), last_purchase_at=local(2025, 3, 1),
                               total_spend_cents=5000, order_count=1)
    await make_member(name="never")
    await add_order(recent, local(2025, 6, 14), [(cream, 20000, 0)])
    await add_order(recent, local(2025, 6, 1), [(lipstick, 30000, 30000)], refunded_cents=30000)  # fully refunded
    await add_order(lapsed, local(2025, 3, 1), [(lipstick, 5000, 0)])
    await add_service(recent, facial, local(2025, 6, 12))
    assert await matches({"lastPurchase": {"moreThanDaysAgo": 30}}) == {"lapsed"}
    assert await matches({"lastPurchase": {"lessThanDaysAgo": 2}}) == {"recent"}
    assert await matches({"neverPurchased": True}) == {"never"}
    assert await matches({"firstVisit": {"withinDays": 7}}) == {"recent"}
    assert await matches({"purchases": {"days": 30, "orderCount": {"min": 1}}}) == {"recent"}
    assert await matches({"purchases": {"days": 30, "orderCount": {"max": 0}}}) == {"lapsed", "never"}
    assert await matches({"purchases": {"days": 365, "spend": {"min": 10000}}}) == {"recent"}
    assert await matches({"totalSpend": {"min": 1, "max": 10000}}) == {"lapsed"}
    assert await matches({"bought": {"categories": ["彩妆"]}}) == {"lapsed"}  # the refunded lipstick does not count
    assert await matches({"bought": {"productIds": [cream.id], "days": 7}}) == {"recent"}
    assert await matches({"bought": {"categories": ["彩妆"], "days": 30}}) == set()
    assert await matches({"serviceCompleted": {"days": 7}}) == {"recent"}
    assert await matches({"serviceCompleted": {"days": 3, "productIds": [facial.id]}}) == set()


async def test_card_and_points_conditions(db: None) -> None:
    clock.set_now(NOW)
    value, value2 = await make_card_product(CardKind.STORED_VALUE), await make_card_product(CardKind.STORED_VALUE)
    punch = await make_card_product(CardKind.PUNCH)
    a = await make_member(name="a", points_balance=300)
    b = await make_member(name="b", points_balance=50)
    await make_member(name="c", points_balance=0)
    await add_card(a, value, balance_cents=3000, expires_at=local(2025, 6, 20, 23, 59))
    await add_card(a, value2, balance_cents=3000, expires_at=None)
    await add_card(b, value, balance_cents=100, expires_at=local(2025, 6, 1))  # expired
    await add_card(b, punch, remaining_uses=1, expires_at=local(2025, 7, 1))
    await add_card(a, punch, remaining_uses=5, expires_at=None)
    await add_points(a, 200, local(2024, 12, 1), expires_at=local(2025, 6, 30, 23, 59, 59))
    await add_points(b, 80, local(2024, 12, 1), expires_at=local(2025, 6, 16))
    assert await matches({"storedValueBalance": {"below": 5000}}) == set()  # a holds 6000 in total
    assert await matches({"storedValueBalance": {"below": 5000, "cardProductIds": [value.id]}}) == {"a"}
    assert await matches({"storedValueBalance": {"above": 5000}}) == {"a"}
    assert await matches({"cardExpiring": {"withinDays": 5}}) == {"a"}
    assert await matches({"cardExpiring": {"withinDays": 4}}) == set()
    assert await matches({"cardExpiring": {"withinDays": 30, "cardProductIds": [punch.id]}}) == {"b"}
    assert await matches({"punchRemaining": {"atMost": 2}}) == {"b"}
    assert await matches({"punchRemaining": {"atMost": 9, "atLeast": 2}}) == {"a"}
    assert await matches({"pointsBalance": {"min": 50, "max": 300}}) == {"a", "b"}
    assert await matches({"pointsExpiring": {"withinDays": 15, "atLeast": 100}}) == {"a"}
    assert await matches({"pointsExpiring": {"withinDays": 1, "atLeast": 50}}) == {"b"}
    assert await matches({"pointsExpiring": {"withinDays": 1, "atLeast": 60}}) == set()  # balance 50 caps it


async def test_reach_tags_and_segment_reference(db: None) -> None:
    clock.set_now(NOW)
    a = await make_member(name="a", phone="13800000001", sms_consent=True, email="a@x.cn", email_consent=True)
    b = await make_member(name="b", phone=None, wechat_openid="o1", wechat_subscribed=True, wecom_external_id="w1",
                          push_token="t", push_consent=True)
    await make_member(name="c", phone="13800000003", sms_consent=False, wechat_openid="o3", wechat_subscribed=False,
                      email="", email_consent=True)
    await tag(a, "vip", "kol")
    await tag(b, "vip")
    assert await matches({"reachable": {"channel": "SMS"}}) == {"a"}
    assert await matches({"reachable": {"channel": "WECHAT"}}) == {"b"}
    assert await matches({"reachable": {"channel": "WECOM"}}) == {"b"}
    assert await matches({"reachable": {"channel": "EMAIL"}}) == {"a"}
    assert await matches({"reachable": {"channel": "PUSH"}}) == {"b"}
    assert await matches({"tags": {"match": "ANY", "tags": ["kol", "x"]}}) == {"a"}
    assert await matches({"tags": {"match": "ALL", "tags": ["vip", "kol"]}}) == {"a"}
    assert await matches({"tags": {"match": "NONE", "tags": ["vip"]}}) == {"c"}
    from api.core.viewer import Viewer

    vips = await services.create_segment(Viewer.system(), "vips", {"tags": {"match": "ANY", "tags": ["vip"]}})
    assert await matches({"inSegment": {"segmentId": vips.id}}) == {"a", "b"}
    assert await matches({"inSegment": {"segmentId": vips.id, "isMember": False}}) == {"c"}
    # trigger time: one member in Python
    assert await services.member_in_segment(a.id, vips.id) is True


async def test_rfm_labels_scores_and_category_thresholds(db: None) -> None:
    clock.set_now(NOW)
    fridge = await make_product(category="家电")
    snack = await make_product(category="零食")
    active = await make_member(name="active", last_purchase_at=local(2025, 6, 1))
    sleeping = await make_member(name="sleeping", last_purchase_at=local(2025, 2, 1))
    lost = await make_member(name="lost", last_purchase_at=local(2024, 9, 1))
    await make_member(name="never")
    await add_order(active, local(2025, 6, 1), [(snack, 3000, 0)])
    await add_order(active, local(2025, 5, 1), [(snack, 3000, 0)])
    await add_order(sleeping, local(2025, 2, 1), [(fridge, 800000, 0)])
    await add_order(lost, local(2024, 9, 1), [(fridge, 900000, 0)])
    assert await matches({"rfm": {"recency": ["ACTIVE"]}}) == {"active"}
    assert await matches({"rfm": {"recency": ["SLEEPING"]}}) == {"sleeping"}
    assert await matches({"rfm": {"recency": ["LOST"]}}) == {"lost"}
    assert await matches({"rfm": {"frequency": "HIGH"}}) == {"active"}
    assert await matches({"rfm": {"monetary": "HIGH"}}) == {"sleeping", "lost"}
    assert await matches({"rfm": {"monetary": "LOW"}}) == {"active", "never"}
    # an appliance shop is patient: a year and a half of quiet is still "active" for 家电
    await RfmSettings.create(category="家电", active_days=400, sleeping_days=800, window_days=800,
                             frequency_high=1, monetary_high_cents=500000)
    assert await matches({"rfm": {"category": "家电", "recency": ["ACTIVE"]}}) == {"sleeping", "lost"}
    assert await matches({"rfm": {"category": "家电", "monetary": "HIGH", "frequency": "HIGH"}}) == {"sleeping",
                                                                                                    "lost"}
    assert await matches({"rfm": {"category": "零食", "recency": ["ACTIVE"], "frequency": "HIGH"}}) == {"active"}
    score = await services.member_rfm(active.id)
    assert score is not None and (score.r_score, score.f_score, score.m_score) == (3, 2, 1)
    # ready-made groups are smart segments that refresh like any other
    groups = {s.smart_key: s for s in await services.ensure_smart_segments()}
    result = await services.refresh_segment(groups["rfm_lost_big_spenders"].id)
    assert result.member_count == 1
