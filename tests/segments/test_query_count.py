"""Segment lists cost a fixed number of SQL statements whatever their size (no N+1)."""

from api.accounts.models import Role
from api.core.viewer import Viewer
from api.segments.services import create_segment
from tests.factories import GraphQLClient, make_guide, make_member, make_store, make_token
from tests.querycount import count_queries

LIST = """
query List($first: Int) {
  segments(first: $first, kind: CUSTOM) {
    totalCount
    nodes { id name kind memberCount lastRefreshedAt lastRefreshMs refreshSlow }
  }
}
"""

MEMBERS = """
query Members($id: ID!, $first: Int) {
  segment(id: $id) {
    memberCount
    members(first: $first) { totalCount nodes { id name homeStore { name } guide { name } tier { name } } }
  }
}
"""


async def _world(segments: int) -> tuple[list[int], list[int]]:
    stores = [await make_store(), await make_store()]
    guides = [await make_guide(stores[0]), await make_guide(stores[1])]
    for i in range(30):
        await make_member(home_store=stores[i % 2], guide=guides[i % 2], gender="female" if i % 3 else "male")
    ids = []
    for i in range(segments):
        seg = await create_segment(Viewer.system(), f"女性 {i}", {"gender": {"in": ["FEMALE"]}})
        ids.append(seg.id)
    return ids, [s.id for s in stores]


async def _statements(client: GraphQLClient, query: str, variables: dict) -> tuple[int, dict]:
    with count_queries() as statements:
        data = await client(query, variables)
    return len(statements), data


async def test_segment_list_counts_cost_the_same_for_3_and_12_segments(app) -> None:
    # given 12 custom segments and two viewers: an admin and a manager of one store
    from api.core import clock

    clock.set_now(clock.now())  # tokens' last_used_at is written once a minute: by the warm-up below
    ids, store_ids = await _world(12)
    admin = await make_token(Role.ADMIN)
    manager = await make_token(Role.STORE_MANAGER, store_ids=[store_ids[0]])

    for token in (admin, manager):
        async with GraphQLClient(app, token) as client:
            await client(LIST, {"first": 1})  # ready-made smart segments are created on first use
            # when the list is read at two sizes
            small, data_small = await _statements(client, LIST, {"first": 3})
            large, data_large = await _statements(client, LIST, {"first": 12})
            # then the cost does not grow with the page
            assert len(data_small["segments"]["nodes"]) == 3
            assert len(data_large["segments"]["nodes"]) == 12
            assert small == large

    # and the manager's counts are only the members of their store (20 women, half in each store)
    async with GraphQLClient(app, manager) as client:
        data = await client(LIST, {"first": 12})
    async with GraphQLClient(app, admin) as client:
        full = await client(LIST, {"first": 12})
    assert {n["memberCount"] for n in full["segments"]["nodes"]} == {20}
    assert {n["memberCount"] for n in data["segments"]["nodes"]} == {10}


async def test_segment_members_page_costs_the_same_for_5_and_20_members(gql) -> None:
    from api.core import clock
    from schema.core.ids import to_global_id

    clock.set_now(clock.now())  # the token's last_used_at is written once a minute: by the warm-up below
    ids, _ = await _world(1)
    await gql("{ viewer { name } }")

    gid = to_global_id("Segment", ids[0])
    small, d_small = await _statements(gql, MEMBERS, {"id": gid, "first": 5})
    large, d_large = await _statements(gql, MEMBERS, {"id": gid, "first": 20})
    assert len(d_small["segment"]["members"]["nodes"]) == 5
    assert len(d_large["segment"]["members"]["nodes"]) == 20
    assert d_large["segment"]["memberCount"] == 20
    assert small == large
