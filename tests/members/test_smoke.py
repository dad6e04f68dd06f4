from tests.factories import make_member, make_store


async def test_members_page_lists_members(gql) -> None:
    store = await make_store()
    await make_member(name="张三", home_store=store)
    data = await gql("{ members(first: 10) { totalCount edges { node { id name homeStore { name } } } } }")
    assert data["members"]["totalCount"] == 1
    assert data["members"]["edges"][0]["node"]["name"] == "张三"
