"""The members page issues a fixed number of SQL statements whatever its size (no N+1)."""

from api.loyalty.models import CardKind
from tests.factories import (
    make_card_product,
    make_guide,
    make_member,
    make_store,
    make_tier,
)
from tests.querycount import count_queries

PAGE = """
query Page($first: Int) {
  members(first: $first) {
    totalCount
    edges { node {
      id name phone tags
      homeStore { id name company { name } }
      guide { id name store { name } }
      tier { id name }
      cards { id balance remainingUses expiresAt product { name kind } }
    } }
  }
}
"""


async def _seed(count: int) -> None:
    tiers = [await make_tier(1, 0), await make_tier(2, 100000)]
    punch = await make_card_product(CardKind.PUNCH)
    value = await make_card_product(CardKind.STORED_VALUE)
    stores = [await make_store(), await make_store()]
    guides = [await make_guide(stores[0]), await make_guide(stores[1])]
    from api.core import clock
    from api.loyalty.models import MemberCard

    for i in range(count):
        m = await make_member(home_store=stores[i % 2], guide=guides[i % 2], tier=tiers[i % 2])
        await MemberCard.create(member=m, product=punch, remaining_uses=5, issued_at=clock.now())
        await MemberCard.create(member=m, product=value, balance_cents=5000, issued_at=clock.now())


# token lookup, COUNT, page, stores, companies, guides, tiers, cards, card products, tags
# (the token's last_used_at is written at most once a minute: by the warm-up request, not these)
EXPECTED_STATEMENTS = 10


async def test_members_page_query_count_is_fixed(gql) -> None:
    # given 40 members, each with store, guide, tier and two cards, and a token used this minute
    from api.core import clock

    clock.set_now(clock.now())
    await _seed(40)
    await gql("{ viewer { name } }")

    # when the page is read at two sizes
    with count_queries() as small:
        data_small = await gql(PAGE, {"first": 5})
    with count_queries() as large:
        data_large = await gql(PAGE, {"first": 40})

    # then both pages are complete and cost the same, pinned number of statements
    assert len(data_small["members"]["edges"]) == 5
    assert len(data_large["members"]["edges"]) == 40
    assert all(len(e["node"]["cards"]) == 2 for e in data_large["members"]["edges"])
    assert all(e["node"]["homeStore"]["company"]["name"] for e in data_large["members"]["edges"])
    assert len(large) == len(small), (small, large)
    assert len(large) == EXPECTED_STATEMENTS, "\n".join(large)


NESTED = """
query Page($first: Int) {
  members(first: $first) {
    nodes {
      id name
      orders(first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { id orderedAt total } }
      events(first: 5) { nodes { id type occurredAt } }
    }
  }
}
"""

# token lookup, page, orders (first 6 per member, one windowed statement), orders' counts (one GROUP BY),
# events (first 6 per member, one windowed statement); last_used_at is written by the warm-up request
EXPECTED_NESTED_STATEMENTS = 5


async def _seed_history(count: int) -> None:
    from datetime import timedelta

    from api.core import clock
    from tests.factories import make_history_event, make_history_order

    now = clock.now()
    for i in range(count):
        m = await make_member()
        for h in range(i % 8):  # 0 to 7 orders and events each: some members have more than a page
            await make_history_order(m, now - timedelta(hours=h))
            await make_history_event(m, now - timedelta(hours=h))


async def test_nested_orders_and_events_of_a_members_page_cost_a_fixed_number_of_statements(gql) -> None:
    # given 30 members with 0 to 7 orders and events each, and a token already used this minute
    await _seed_history(30)
    from api.core import clock

    clock.set_now(clock.now())
    await gql(NESTED, {"first": 1})

    # when pages of 5 and of 30 members are read, each member with its first 5 orders (counted) and events
    with count_queries() as small:
        data_small = await gql(NESTED, {"first": 5})
    with count_queries() as large:
        data_large = await gql(NESTED, {"first": 30})

    # then every member has its own first 5 rows and count, and both pages cost the same few statements
    nodes = data_large["members"]["nodes"]
    assert len(data_small["members"]["nodes"]) == 5 and len(nodes) == 30
    assert sorted(n["orders"]["totalCount"] for n in nodes) == sorted(i % 8 for i in range(30))
    assert all(len(n["orders"]["nodes"]) == min(5, n["orders"]["totalCount"]) for n in nodes)
    assert all(n["orders"]["pageInfo"]["hasNextPage"] == (n["orders"]["totalCount"] > 5) for n in nodes)
    assert all(len(n["events"]["nodes"]) == len(n["orders"]["nodes"]) for n in nodes)
    assert len(large) == len(small), (small, large)
    assert len(large) == EXPECTED_NESTED_STATEMENTS, "\n".join(large)
