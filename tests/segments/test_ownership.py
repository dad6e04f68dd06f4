"""A company's segment holds only that company's members: materialised, estimated (by anyone, admins
included) and evaluated at trigger time alike, with the company's own RFM thresholds."""

from __future__ import annotations

from api.accounts.models import Role
from api.members.models import Gender
from api.segments import services
from api.segments.models import RfmSettings, Segment
from tests.factories import GraphQLClient, make_company, make_member, make_store, make_token
from tests.helpers import gid

ESTIMATES = """query($id: ID!) {
  estimateAudience(segmentId: $id) { total userErrors { message } }
  segment(id: $id) { estimate { total } }
}"""


async def test_company_segment_counts_only_its_company_for_every_viewer(app) -> None:  # type: ignore[no-untyped-def]
    # given women in company A (2) and company B (3), and a company admin of A
    ca, cb = await make_company(), await make_company()
    sa, sb = await make_store(ca), await make_store(cb)
    women_a = [await make_member(home_store=sa, gender=Gender.FEMALE) for _ in range(2)]
    for _ in range(3):
        await make_member(home_store=sb, gender=Gender.FEMALE)
    token_a = await make_token(Role.COMPANY_ADMIN, company_id=ca.id)

    # when A's admin saves "women" as a segment
    async with GraphQLClient(app, token_a) as gql_a:
        out = await gql_a('mutation { segmentCreate(input: {name: "女", rule: {gender: {in: [FEMALE]}}}) '
                          "{ segment { id memberCount } userErrors { message } } }")
    seg_id = out["segmentCreate"]["segment"]["id"]

    # then it materialises A's women only, and is owned by A
    assert out["segmentCreate"]["segment"]["memberCount"] == 2
    seg = await Segment.get(name="女")
    assert seg.company_id == ca.id

    # and its estimate is A's count for A's admin and for HQ's admin alike, both ways of asking
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as admin, GraphQLClient(app, token_a) as gql_a:
        for client in (admin, gql_a):
            data = await client(ESTIMATES, {"id": seg_id})
            assert data["estimateAudience"]["total"] == 2
            assert data["segment"]["estimate"]["total"] == 2
        # while the same rule typed out by HQ's admin counts the whole brand
        whole = await admin("{ estimateAudience(rule: {gender: {in: [FEMALE]}}) { total } }")
        assert whole["estimateAudience"]["total"] == 5

    # and at trigger time only A's members match it
    assert await services.member_in_segment(women_a[0].id, seg.id) is True
    b_woman = await make_member(home_store=sb, gender=Gender.FEMALE)
    assert await services.member_in_segment(b_woman.id, seg.id) is False
    assert gid("Segment", seg.id) == seg_id


async def test_a_company_sets_its_own_rfm_thresholds_and_not_the_brands(app) -> None:  # type: ignore[no-untyped-def]
    # given a company admin of A
    ca = await make_company()
    await make_store(ca)
    th = "activeDays: 10, sleepingDays: 20, windowDays: 30, frequencyHigh: 2, monetaryHighCents: 500"
    async with GraphQLClient(app, await make_token(Role.COMPANY_ADMIN, company_id=ca.id)) as gql_a:
        # when they set thresholds, they are A's; the brand's stay the built-in defaults
        out = await gql_a(f"mutation {{ rfmThresholdsSet(input: {{{th}}}) {{ userErrors {{ code }} }} }}")
        assert out["rfmThresholdsSet"]["userErrors"] == []
        assert await RfmSettings.filter(company_id=ca.id, category="").count() == 1
        assert await RfmSettings.filter(company_id=None).count() == 0
        mine = await gql_a("{ rfmThresholds { activeDays } }")
        assert mine["rfmThresholds"][0]["activeDays"] == 10
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as admin:
        brand = await admin("{ rfmThresholds { activeDays } }")
        assert brand["rfmThresholds"][0]["activeDays"] != 10
