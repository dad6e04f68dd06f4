"""Alias and cost limits answer with a top-level error before anything runs."""

from api.members.models import Gender, Member
from schema.core.limits import ESTIMATE_COST, MAX_COST
from tests.factories import make_member
from tests.helpers import MEMBER_CREATE, MEMBER_UPDATE, errors_of, gid


async def test_nested_pages_over_the_cost_limit_are_refused(gql) -> None:
    await make_member()
    body = await gql.raw(
        "{ members(first: 100) { edges { node { orders(first: 100) { edges { node { lines { name } "
        "refunds { amount } } } } events(first: 100) { nodes { type payload } } } } } }"
    )
    assert body.get("data") is None
    assert "too expensive" in body["errors"][0]["message"]


async def test_an_ordinary_page_is_within_the_cost_limit(gql) -> None:
    await make_member(name="李四")
    data = await gql("{ members(first: 100) { nodes { name orders(first: 10) { nodes { total } } } } }")
    assert data["members"]["nodes"][0]["name"] == "李四"


async def test_too_many_aliases_are_refused(gql) -> None:
    aliases = "{ " + " ".join(f"a{i}: viewer {{ name }}" for i in range(40)) + " }"
    body = await gql.raw(aliases)
    assert body.get("data") is None
    assert "aliases" in body["errors"][0]["message"].lower()


# --- customAttributes size --------------------------------------------------------------------


async def test_custom_attributes_over_16_kb_are_refused_on_create_and_update(gql) -> None:
    # given attributes of ~17 KB once serialised, and a member to update
    big = {f"k{i}": "x" * 100 for i in range(170)}
    member = await make_member(name="王五")

    # when a member is created with them, and the existing member is updated with them
    created = (await gql(MEMBER_CREATE, {"input": {"name": "甲", "customAttributes": big}}))["memberCreate"]
    updated = (await gql(MEMBER_UPDATE, {"id": gid("Member", member.pk), "input": {"customAttributes": big}}))[
        "memberUpdate"
    ]

    # then both are refused with OUT_OF_RANGE on the field, naming the limit, and nothing is written
    for payload in (created, updated):
        assert payload["member"] is None
        assert errors_of(payload) == [(["input", "customAttributes"], "OUT_OF_RANGE")]
        assert "16384" in payload["userErrors"][0]["message"]
    assert await Member.all().count() == 1
    await member.refresh_from_db()
    assert member.custom_attributes in ({}, None)


async def test_custom_attributes_just_under_16_kb_are_accepted(gql) -> None:
    # given attributes of a little under 16 KB of JSON (multi-byte text counts in bytes)
    attrs = {"note": "好" * 5000}  # 15,000 bytes of UTF-8 plus the key

    # when a member is created with them
    out = (await gql(MEMBER_CREATE, {"input": {"name": "乙", "customAttributes": attrs}}))["memberCreate"]

    # then it is stored
    assert out["userErrors"] == []
    assert out["member"]["customAttributes"] == attrs


# --- per-field cost ---------------------------------------------------------------------------

_EST = "e{i}: estimateAudience(rule: {{gender: {{in: [FEMALE]}}}}, channels: [SMS]) {{ total reachable {{ count }} }}"


def _estimates(n: int) -> str:
    return "{ " + " ".join(_EST.format(i=i) for i in range(n)) + " }"


async def test_fifty_aliased_estimates_are_refused_before_running(gql) -> None:
    # given a member
    await make_member()

    # when 50 estimates are asked for in one request
    body = await gql.raw(_estimates(50))

    # then nothing runs and an error names the cost and the limit
    assert body.get("data") is None
    cost_errors = [e["message"] for e in body["errors"] if "too expensive" in e["message"]]
    assert cost_errors == [
        f"Query is too expensive: cost {50 * (ESTIMATE_COST + 3)} is over the limit of {MAX_COST}. "
        f"Ask for smaller pages (`first`), fewer nested lists or fewer estimates (each costs {ESTIMATE_COST})."
    ]


async def test_ten_estimates_fit_in_a_request_and_eleven_do_not(gql) -> None:
    # given a woman
    await make_member(gender=Gender.FEMALE)

    # when 5, then 10, then 11 estimates are asked for
    five = await gql(_estimates(5))
    ten = await gql.raw(_estimates(10))
    eleven = await gql.raw(_estimates(11))

    # then 5 and 10 run and 11 are refused
    assert [five[f"e{i}"]["total"] for i in range(5)] == [1] * 5
    assert "errors" not in ten
    assert "too expensive" in eleven["errors"][0]["message"]


async def test_a_page_of_segment_estimates_is_refused(gql) -> None:
    # when each segment of a page of 50 is estimated live (the 50 estimates for a cost of 401)
    body = await gql.raw("{ segments(first: 50) { nodes { name estimate { total } } } }")

    # then it is refused: 50 estimates are five times the limit
    assert body.get("data") is None
    assert "too expensive" in body["errors"][0]["message"]


async def test_size_history_costs_its_last(gql) -> None:
    # when a page of segments asks for their whole history, then for 30 points each
    whole = await gql.raw(
        "{ segments(first: 100) { nodes { sizeHistory(last: 365) { at memberCount entered exited } } } }"
    )
    short = await gql.raw("{ segments(first: 100) { nodes { sizeHistory(last: 30) { at memberCount } } } }")

    # then 100 × 365 points are too many and 100 × 30 are fine
    assert "too expensive" in whole["errors"][0]["message"]
    assert "errors" not in short


async def test_page_sizes_in_variables_count_as_their_maximum(gql) -> None:
    # given a member
    await make_member()
    nested = (
        "members(first: {a}) {{ nodes {{ orders(first: {b}) {{ nodes {{ lines {{ name quantity }} "
        "refunds {{ amount }} }} }} }} }}"
    )

    # when the page sizes come in variables (unknown while validating), then as small literals
    with_variables = await gql.raw(
        "query($a: Int, $b: Int) { " + nested.format(a="$a", b="$b") + " }", {"a": 1, "b": 1}
    )
    with_literals = await gql.raw("{ " + nested.format(a=1, b=1) + " }")

    # then the worst case of the variables (100 × 100) is what counts, and the literals are cheap
    assert "too expensive" in with_variables["errors"][0]["message"]
    assert "errors" not in with_literals
