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


# token lookup + last_used update, COUNT, page, stores, companies, guides, tiers, cards, card products, tags
EXPECTED_STATEMENTS = 11


async def test_members_page_query_count_is_fixed(gql) -> None:
    # given 40 members, each with store, guide, tier and two cards
    await _seed(40)

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
