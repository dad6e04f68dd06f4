"""Segments through GraphQL: create, validate with paths, estimate within scope, refresh history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from api.accounts.models import Role
from api.core import clock
from api.loyalty.models import CardKind
from api.members.models import Gender
from schema.core.ids import to_global_id
from tests.factories import (
    GraphQLClient,
    make_card_product,
    make_member,
    make_product,
    make_store,
    make_token,
)
from tests.segments.helpers import add_card, add_order

NOW = datetime(2025, 6, 15, 4, 0)  # 12:00 in Shanghai

CREATE = """
mutation Create($input: SegmentCreateInput!) {
  segmentCreate(input: $input) {
    segment { id name kind memberCount lastRefreshedAt refreshSlow rule
              members(first: 10) { totalCount nodes { name } }
              sizeHistory { memberCount entered exited trigger durationMs } }
    userErrors { field message code }
  }
}
"""

ESTIMATE = """
query Est($rule: SegmentRuleInput, $segmentId: ID, $channels: [ReachChannel!]) {
  estimateAudience(rule: $rule, segmentId: $segmentId, channels: $channels) {
    total reachable { channel count } userErrors { field message code }
  }
}
"""


async def _women_and_men() -> dict[str, Any]:
    clock.set_now(NOW)
    s1, s2 = await make_store(), await make_store()
    a = await make_member(name="A", gender=Gender.FEMALE, home_store=s1, wechat_openid="o1", wechat_subscribed=True)
    b = await make_member(name="B", gender=Gender.FEMALE, home_store=s2, sms_consent=False)
    c = await make_member(name="C", gender=Gender.MALE, home_store=s1)
    return {"s1": s1, "s2": s2, "a": a, "b": b, "c": c}


async def test_create_estimate_and_members(gql: Any) -> None:
    # given two women and a man
    await _women_and_men()
    # when a segment of women is created
    out = await gql(CREATE, {"input": {"name": "Women", "rule": {"gender": {"in": ["FEMALE"]}}}})
    payload = out["segmentCreate"]
    # then it is materialised at once with its history
    assert payload["userErrors"] == []
    seg = payload["segment"]
    assert seg["memberCount"] == 2 and seg["kind"] == "CUSTOM"
    assert sorted(n["name"] for n in seg["members"]["nodes"]) == ["A", "B"]
    assert seg["sizeHistory"][0]["entered"] == 2 and seg["sizeHistory"][0]["trigger"] == "CREATE"
    assert seg["rule"] == {"gender": {"in": ["FEMALE"]}}
    # and the estimate counts reach per channel exactly
    est = (await gql(ESTIMATE, {"rule": {"gender": {"in": ["FEMALE"]}}, "channels": ["SMS", "WECHAT"]}))
    est = est["estimateAudience"]
    assert est["total"] == 2
    assert {r["channel"]: r["count"] for r in est["reachable"]} == {"SMS": 1, "WECHAT": 1}
    # and the same estimate for the saved segment
    est2 = (await gql(ESTIMATE, {"segmentId": seg["id"], "channels": ["SMS"]}))["estimateAudience"]
    assert est2["total"] == 2 and est2["reachable"] == [{"channel": "SMS", "count": 1}]


async def test_store_manager_estimate_is_scoped(app: Any) -> None:
    # given members in two stores and a manager of the first store
    world = await _women_and_men()
    token = await make_token(Role.STORE_MANAGER, store_ids=[world["s1"].id])
    async with GraphQLClient(app, token) as manager:
        # when the manager estimates women
        est = (await manager(ESTIMATE, {"rule": {"gender": {"in": ["FEMALE"]}}}))["estimateAudience"]
        # then only their store's woman counts
        assert est["total"] == 1


async def test_bad_rules_answer_with_paths(gql: Any) -> None:
    clock.set_now(NOW)
    product = await make_product()
    bad = {"all": [
        {"gender": {"in": ["FEMALE"]}},
        {"lastPurchase": {"moreThanDaysAgo": -3}},
        {"bought": {"productIds": [to_global_id("Product", product.id + 999)]}},
        {"age": {"min": 40, "max": 30}},
    ]}
    out = (await gql(CREATE, {"input": {"name": "Bad", "rule": bad}}))["segmentCreate"]
    assert out["segment"] is None
    fields = {tuple(e["field"]): e["code"] for e in out["userErrors"]}
    assert fields[("input", "rule", "all", "1", "lastPurchase", "moreThanDaysAgo")] == "OUT_OF_RANGE"
    assert ("input", "rule", "all", "3", "age", "min") in fields
    # product existence is checked once the shape is right
    out = (await gql(CREATE, {"input": {"name": "Bad", "rule": {"all": [
        {"gender": {"in": ["FEMALE"]}},
        {"bought": {"productIds": [to_global_id("Product", product.id + 999)]}}]}}}))["segmentCreate"]
    assert [(e["field"], e["code"]) for e in out["userErrors"]] == [
        (["input", "rule", "all", "1", "bought", "productIds", "0"], "NOT_FOUND")]
    # a wrong kind of id names its path too
    out = (await gql(ESTIMATE, {"rule": {"any": [{"homeStore": {"in": [to_global_id("Tier", 1)]}}]}}))
    assert out["estimateAudience"]["total"] is None
    assert out["estimateAudience"]["userErrors"][0]["field"] == ["rule", "any", "0", "homeStore", "in", "0"]


async def test_nesting_limit(gql: Any) -> None:
    rule: dict[str, Any] = {"gender": {"in": ["MALE"]}}
    for _ in range(9):
        rule = {"not": rule}
    out = (await gql(ESTIMATE, {"rule": rule}))["estimateAudience"]
    assert out["total"] is None
    assert out["userErrors"][0]["code"] == "TOO_LONG"
    assert out["userErrors"][0]["field"] == ["rule", *(["not"] * 9)]


async def test_self_reference_refused_directly_and_indirectly(gql: Any) -> None:
    await _women_and_men()
    a = (await gql(CREATE, {"input": {"name": "A", "rule": {"gender": {"in": ["FEMALE"]}}}}))["segmentCreate"]
    a_id = a["segment"]["id"]
    b = (await gql(CREATE, {"input": {"name": "B", "rule": {"all": [
        {"inSegment": {"segmentId": a_id}}, {"reachable": {"channel": "SMS"}}]}}}))["segmentCreate"]
    assert b["userErrors"] == [] and b["segment"]["memberCount"] == 1
    b_id = b["segment"]["id"]
    update = """mutation U($id: ID!, $input: SegmentUpdateInput!) {
      segmentUpdate(id: $id, input: $input) { segment { id } userErrors { field code message } } }"""
    # directly
    out = (await gql(update, {"id": a_id, "input": {"rule": {"inSegment": {"segmentId": a_id}}}}))["segmentUpdate"]
    assert out["userErrors"][0]["field"] == ["input", "rule", "inSegment", "segmentId"]
    # through B
    out = (await gql(update, {"id": a_id, "input": {"rule": {"any": [
        {"gender": {"in": ["MALE"]}}, {"inSegment": {"segmentId": b_id, "isMember": False}}]}}}))["segmentUpdate"]
    assert out["userErrors"][0]["field"] == ["input", "rule", "any", "1", "inSegment", "segmentId"]
    # and A cannot be deleted while B uses it
    delete = "mutation D($id: ID!) { segmentDelete(id: $id) { deletedSegmentId userErrors { field code } } }"
    assert (await gql(delete, {"id": a_id}))["segmentDelete"]["userErrors"][0]["field"] == ["id"]
    assert (await gql(delete, {"id": b_id}))["segmentDelete"]["deletedSegmentId"] == b_id
    refresh = "mutation R($id: ID!) { segmentRefresh(id: $id) { segment { id } userErrors { field code } } }"
    out = (await gql(refresh, {"id": b_id}))["segmentRefresh"]
    assert out["userErrors"] == [{"field": ["id"], "code": "NOT_FOUND"}]


async def test_refresh_history_after_data_changes(gql: Any) -> None:
    # given a segment of card holders with a low stored-value balance
    world = await _women_and_men()
    card = await make_card_product(CardKind.STORED_VALUE)
    low = await add_card(world["a"], card, balance_cents=500, expires_at=clock.now() + timedelta(days=90))
    await add_card(world["b"], card, balance_cents=90000, expires_at=clock.now() + timedelta(days=90))
    rule = {"storedValueBalance": {"below": 1000, "cardProductIds": [to_global_id("CardProduct", card.id)]}}
    seg = (await gql(CREATE, {"input": {"name": "Low balance", "rule": rule}}))["segmentCreate"]["segment"]
    assert seg["memberCount"] == 1
    assert seg["rule"] == rule
    # when A tops up and C gets a low card, a day later
    clock.set_now(NOW + timedelta(days=1))
    low.balance_cents = 50000
    await low.save()
    await add_card(world["c"], card, balance_cents=10, expires_at=clock.now() + timedelta(days=90))
    refresh = """mutation R($id: ID!) { segmentRefresh(id: $id) {
        refresh { memberCount entered exited trigger }
        segment { memberCount members { nodes { name } } sizeHistory { memberCount trigger } }
        userErrors { field } } }"""
    out = (await gql(refresh, {"id": seg["id"]}))["segmentRefresh"]
    # then one entered and one left, recorded in the history
    assert out["refresh"] == {"memberCount": 1, "entered": 1, "exited": 1, "trigger": "MANUAL"}
    assert [n["name"] for n in out["segment"]["members"]["nodes"]] == ["C"]
    assert [p["trigger"] for p in out["segment"]["sizeHistory"]] == ["CREATE", "MANUAL"]
    from api.segments.models import SegmentMembership

    stays = await SegmentMembership.filter(member_id=world["a"].id).order_by("id")
    assert len(stays) == 1 and stays[0].exited_at == clock.now()


async def test_segments_list_includes_ready_made_rfm_groups(gql: Any) -> None:
    out = await gql("{ segments(first: 50, kind: SMART) { totalCount nodes { name kind rule } } }")
    nodes = out["segments"]["nodes"]
    assert out["segments"]["totalCount"] == 6
    assert {"rfm": {"recency": ["LOST"], "monetary": "HIGH"}} in [n["rule"] for n in nodes]
    setq = """mutation { rfmThresholdsSet(input: {category: "家电", activeDays: 365, sleepingDays: 730,
        windowDays: 730, frequencyHigh: 1, monetaryHighCents: 500000}) {
        thresholds { category activeDays } userErrors { field code } } }"""
    assert (await gql(setq))["rfmThresholdsSet"]["thresholds"] == {"category": "家电", "activeDays": 365}
    bad = """mutation { rfmThresholdsSet(input: {activeDays: 90, sleepingDays: 30, windowDays: 365,
        frequencyHigh: 1, monetaryHighCents: 100}) { thresholds { category } userErrors { field code } } }"""
    assert (await gql(bad))["rfmThresholdsSet"]["userErrors"] == [{"field": ["input", "sleepingDays"],
                                                                    "code": "INVALID"}]
    listing = (await gql("{ rfmThresholds { category activeDays } }"))["rfmThresholds"]
    assert listing == [{"category": None, "activeDays": 90}, {"category": "家电", "activeDays": 365}]


async def test_purchase_window_and_birthday_through_graphql(gql: Any) -> None:
    clock.set_now(NOW)
    a = await make_member(name="A", birthday=date(2000, 6, 16))
    b = await make_member(name="B", birthday=date(2000, 6, 30))
    await add_order(a, clock.now() - timedelta(days=3), total_cents=30000)
    await add_order(b, clock.now() - timedelta(days=40), total_cents=30000)
    est = await gql(ESTIMATE, {"rule": {"all": [
        {"purchases": {"days": 30, "orderCount": {"min": 1}, "spend": {"min": 20000}}},
        {"birthday": {"period": "WITHIN_DAYS", "days": 1}}]}})
    assert est["estimateAudience"]["total"] == 1
    est = await gql(ESTIMATE, {"rule": {"birthday": {"period": "THIS_MONTH"}}})
    assert est["estimateAudience"]["total"] == 2
