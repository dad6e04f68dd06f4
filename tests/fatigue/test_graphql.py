"""Fatigue caps, quiet hours and the message log through GraphQL, as a frontend developer calls them."""

from __future__ import annotations

from typing import Any

import pytest

from api.accounts.models import Role
from api.core.viewer import ROLE_SCOPES, Viewer
from api.fatigue.gate import Candidate, Sender, decide
from tests.factories import GraphQLClient, dt, make_company, make_member, make_store, make_token
from tests.helpers import gid

pytestmark = pytest.mark.usefixtures("redis")  # the caps' counters: empty for each test, like the tables

ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])
SET = """mutation($input: FatigueRulesSetInput!) { fatigueRulesSet(input: $input) {
  policy { inherited rules { channel period length maxSends description } company { name } }
  userErrors { field message code } } }"""
QUIET = """mutation($input: QuietHoursSetInput!) { quietHoursSet(input: $input) {
  policy { quietHoursInherited quietHours { channel start end } } userErrors { field message code } } }"""


async def test_bad_caps_are_user_errors_naming_the_field(gql: Any) -> None:
    out = (await gql(SET, {"input": {"rules": [
        {"channel": "SMS", "period": "DAY", "maxSends": -1},
        {"period": "ROLLING_HOURS", "length": 0, "maxSends": 3},
        {"period": "WEEK", "length": 2, "maxSends": 3},
        {"channel": "SMS", "period": "DAY", "maxSends": 2},
    ]}}))["fatigueRulesSet"]
    assert out["policy"] is None
    errors = {tuple(e["field"]): e["code"] for e in out["userErrors"]}
    assert errors == {("input", "rules", "0", "maxSends"): "OUT_OF_RANGE",
                      ("input", "rules", "1", "length"): "OUT_OF_RANGE",
                      ("input", "rules", "2", "length"): "INVALID",
                      ("input", "rules", "3"): "DUPLICATE"}
    assert (await gql("{ fatiguePolicy { rules { period } } }"))["fatiguePolicy"]["rules"] == []
    bad = (await gql(QUIET, {"input": {"windows": [{"start": "25:00", "end": "08:00"},
                                                   {"start": "09:00", "end": "09:00"}]}}))["quietHoursSet"]
    assert {tuple(e["field"]) for e in bad["userErrors"]} == {("input", "windows", "0", "start"),
                                                             ("input", "windows", "1", "end")}


async def test_company_inherits_hq_until_it_sets_its_own(app: Any, gql: Any) -> None:
    a = await make_company(name="东区")
    out = (await gql(SET, {"input": {"rules": [{"channel": "SMS", "period": "DAY", "maxSends": 1},
                                               {"period": "ROLLING_DAYS", "length": 30, "maxSends": 6}]}}))
    rules = out["fatigueRulesSet"]["policy"]["rules"]
    assert [r["description"] for r in rules] == ["At most 1 SMS message a day", "At most 6 messages in any 30 days"]
    async with GraphQLClient(app, await make_token(Role.COMPANY_ADMIN, company_id=a.id)) as ca:
        mine = (await ca("{ fatiguePolicy { inherited company { name } rules { maxSends } } }"))["fatiguePolicy"]
        assert mine == {"inherited": True, "company": {"name": "东区"}, "rules": [{"maxSends": 1}, {"maxSends": 6}]}
        own = (await ca(SET, {"input": {"rules": [{"period": "WEEK", "maxSends": 2}]}}))["fatigueRulesSet"]
        assert own["policy"]["inherited"] is False and own["policy"]["rules"][0]["period"] == "WEEK"
        q = (await ca(QUIET, {"input": {"windows": [{"channel": "SMS", "start": "21:00", "end": "08:00"}]}}))
        assert q["quietHoursSet"]["policy"]["quietHours"] == [{"channel": "SMS", "start": "21:00", "end": "08:00"}]
        back = (await ca(SET, {"input": {"rules": []}}))["fatigueRulesSet"]["policy"]
        assert back["inherited"] is True and len(back["rules"]) == 2
    hq = (await gql("{ fatiguePolicy { inherited rules { maxSends } } }"))["fatiguePolicy"]
    assert hq["inherited"] is False and len(hq["rules"]) == 2


async def test_message_log_filters_counts_and_member_messages(gql: Any) -> None:
    store = await make_store()
    m1, m2 = await make_member(home_store=store), await make_member(home_store=store, sms_consent=False)
    await gql(SET, {"input": {"rules": [{"channel": "SMS", "period": "DAY", "maxSends": 1}]}})
    now = dt("2026-12-07T02:00:00")
    await decide([Candidate(m.id, Sender("journey", 5, priority=p), "msg", str(p), ("SMS",), content={"text": "hi"})
                  for m in (m1, m2) for p in (1, 2)], now=now)
    page = (await gql("""{ messages(first: 10, filter: {outcomes: [CAPPED]}) { totalCount
        nodes { outcome reason priority channel member { name } } } }"""))["messages"]
    assert page["totalCount"] == 1
    assert page["nodes"][0] | {"member": None} == {"outcome": "CAPPED", "reason": "cap: At most 1 SMS message a day",
                                                   "priority": 1, "channel": "SMS", "member": None}
    counts = (await gql("{ messageOutcomeCounts { senderType senderId outcome count } }"))["messageOutcomeCounts"]
    assert {(c["outcome"], c["count"]) for c in counts} == {("QUEUED", 1), ("CAPPED", 1), ("NO_CONSENT", 2)}
    mine = (await gql("query($id: ID!) { member(id: $id) { messages(first: 5) { totalCount nodes { outcome } } } }",
                      {"id": gid("Member", m2.id)}))["member"]["messages"]
    assert mine == {"totalCount": 2, "nodes": [{"outcome": "NO_CONSENT"}, {"outcome": "NO_CONSENT"}]}
    paged = (await gql("{ messages(first: 3) { pageInfo { hasNextPage endCursor } } }"))["messages"]["pageInfo"]
    rest = (await gql("query($a: String) { messages(first: 3, after: $a) { nodes { id } pageInfo { hasNextPage } } }",
                      {"a": paged["endCursor"]}))["messages"]
    assert paged["hasNextPage"] and len(rest["nodes"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    by_member = (await gql("query($m: ID) { messages(filter: {memberId: $m, channel: SMS}) { totalCount } }",
                           {"m": gid("Member", m1.id)}))["messages"]["totalCount"]
    assert by_member == 2
    bad = await gql.raw("{ messages(filter: {since: \"2026-12-08T00:00:00Z\", until: \"2026-12-01T00:00:00Z\"}) "
                        "{ totalCount } }")
    assert bad["errors"] and "until" in bad["errors"][0]["message"]
