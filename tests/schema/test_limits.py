"""Alias and cost limits answer with a top-level error before anything runs."""

from tests.factories import make_member


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
