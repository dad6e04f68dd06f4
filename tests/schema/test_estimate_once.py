"""Each audience is estimated at most once per request (schema.segments.estimates)."""

from __future__ import annotations

import pytest

from api.members.models import Gender
from tests.factories import make_member
from tests.querycount import count_queries

RULE = "{gender: {in: [FEMALE]}}"


def _estimate_statements(statements: list[str]) -> list[str]:
    """The statements that count an audience (``SELECT COUNT(*) AS total ... FROM member m``)."""
    return [s for s in statements if "COUNT(*) AS total" in s]


@pytest.fixture
def sql_estimates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Estimates by SQL, so each computed estimate is one statement we can count."""
    monkeypatch.setenv("RAPPORT_AUDIENCE_INDEX", "off")


async def test_the_same_rule_twice_in_a_request_is_estimated_once(gql, sql_estimates: None) -> None:
    # given two women and a man
    await make_member(gender=Gender.FEMALE)
    await make_member(gender=Gender.FEMALE)
    await make_member(gender=Gender.MALE)

    # when one request asks for the same rule and channels under three aliases, and another channel list once
    with count_queries() as statements:
        data = await gql(
            "{ "
            f"a: estimateAudience(rule: {RULE}, channels: [SMS]) {{ total reachable {{ channel count }} }} "
            f"b: estimateAudience(rule: {RULE}, channels: [SMS]) {{ total }} "
            f"c: estimateAudience(rule: {RULE}, channels: [SMS, SMS]) {{ total }} "
            f"d: estimateAudience(rule: {RULE}, channels: [EMAIL]) {{ total }} "
            "}"
        )

    # then every answer is right and only two audiences were counted
    assert [data[k]["total"] for k in "abcd"] == [2, 2, 2, 2]
    assert data["a"]["reachable"] == [{"channel": "SMS", "count": 2}]
    assert len(_estimate_statements(statements)) == 2


async def test_a_saved_segment_is_estimated_once_whichever_way_it_is_asked(gql, sql_estimates: None) -> None:
    # given a segment of women
    await make_member(gender=Gender.FEMALE)
    created = await gql(f'mutation {{ segmentCreate(input: {{name: "W", rule: {RULE}}}) {{ segment {{ id }} }} }}')
    seg_id = created["segmentCreate"]["segment"]["id"]

    # when one request estimates it by id, through the segment, through the segments list and as a rule
    with count_queries() as statements:
        data = await gql(
            "query($id: ID!) { "
            "byId: estimateAudience(segmentId: $id) { total } "
            "seg: segment(id: $id) { estimate { total } } "
            "list: segments(first: 1, kind: CUSTOM) { nodes { estimate { total } } } "
            f"rule: estimateAudience(rule: {RULE}) {{ total }} "
            "}",
            {"id": seg_id},
        )

    # then all agree and the audience was counted once
    assert data["byId"]["total"] == data["seg"]["estimate"]["total"] == data["rule"]["total"] == 1
    assert data["list"]["nodes"] == [{"estimate": {"total": 1}}]
    assert len(_estimate_statements(statements)) == 1


async def test_estimates_are_not_shared_between_requests(gql, sql_estimates: None) -> None:
    # given a woman
    await make_member(gender=Gender.FEMALE)
    query = f"{{ estimateAudience(rule: {RULE}) {{ total }} }}"
    assert (await gql(query))["estimateAudience"]["total"] == 1

    # when another woman registers and the same estimate is asked again
    await make_member(gender=Gender.FEMALE)

    # then the new request counts afresh
    assert (await gql(query))["estimateAudience"]["total"] == 2
