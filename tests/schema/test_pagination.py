"""Keyset pagination: every connection pages by (sort key, id), refuses foreign cursors and counts lazily."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from strawberry.relay import GlobalID

from api.core import clock
from tests.factories import (
    dt,
    make_history_event,
    make_history_order,
    make_member,
    make_points_entry,
)
from tests.helpers import MEMBERS_PAGE, gid, names
from tests.querycount import count_queries

NOW = dt("2025-06-01T12:00:00")

SORTS = ["NAME", "REGISTERED_AT", "LAST_PURCHASE_AT", "TOTAL_SPEND", "ORDER_COUNT", "POINTS_BALANCE"]


async def _walk(gql: Any, page_size: int, **variables: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Every page of ``members`` through endCursor; the names in order and the pages."""
    seen: list[str] = []
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql(MEMBERS_PAGE, {"first": page_size, "after": after, **variables}))["members"]
        pages.append(page)
        seen += names(page)
        if not page["pageInfo"]["hasNextPage"]:
            return seen, pages
        after = page["pageInfo"]["endCursor"]


async def _seed_with_ties() -> None:
    """Eleven members whose sort keys tie in groups, some without a purchase (NULL last_purchase_at)."""
    for i in range(11):
        await make_member(
            name=f"会员{i % 4}",  # names tie in groups of three
            registered_at=NOW - timedelta(days=i // 3),
            last_purchase_at=None if i % 3 == 0 else NOW - timedelta(days=i % 2),
            total_spend_cents=(i % 3) * 1000,
            order_count=i % 2,
            points_balance=(i % 5) * 10,
        )


async def test_every_sort_order_pages_through_everyone_once_in_the_order_of_one_big_page(gql) -> None:
    # given members whose sort keys tie and are sometimes NULL
    await _seed_with_ties()

    for field in SORTS:
        for direction in ("ASC", "DESC"):
            sort = {"field": field, "direction": direction}
            # when the list is read 2 at a time and in one page
            walked, pages = await _walk(gql, 2, sort=sort)
            whole = (await gql(MEMBERS_PAGE, {"first": 100, "sort": sort}))["members"]

            # then the small pages add up to the big page: everyone once, same order
            ids_walked = [e["node"]["id"] for p in pages for e in p["edges"]]
            assert ids_walked == [e["node"]["id"] for e in whole["edges"]], (field, direction)
            assert len(set(ids_walked)) == 11
            assert [len(p["edges"]) for p in pages] == [2, 2, 2, 2, 2, 1]
            assert walked == names(whole)


async def test_members_without_a_purchase_come_last_in_both_directions(gql) -> None:
    # given two members who bought and one who never did
    await make_member(name="never", last_purchase_at=None)
    await make_member(name="old", last_purchase_at=NOW - timedelta(days=30))
    await make_member(name="recent", last_purchase_at=NOW - timedelta(days=1))

    # when the list is sorted by last purchase either way, a page at a time
    newest, _ = await _walk(gql, 1, sort={"field": "LAST_PURCHASE_AT", "direction": "DESC"})
    oldest, _ = await _walk(gql, 1, sort={"field": "LAST_PURCHASE_AT", "direction": "ASC"})

    # then the member who never bought is last both times
    assert newest == ["recent", "old", "never"]
    assert oldest == ["old", "recent", "never"]


async def test_a_cursor_keeps_its_place_when_rows_are_added_before_it(gql) -> None:
    # given 5 members and the first page of 2, newest first
    for i in range(5):
        await make_member(name=f"m{i}", registered_at=NOW - timedelta(minutes=i))
    first = (await gql(MEMBERS_PAGE, {"first": 2}))["members"]
    assert names(first) == ["m0", "m1"]

    # when a newer member registers before the next page is read
    await make_member(name="newcomer", registered_at=NOW + timedelta(minutes=1))
    second = (await gql(MEMBERS_PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]}))["members"]

    # then the next page continues after m1 (an offset would have repeated m1)
    assert names(second) == ["m2", "m3"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["totalCount"] == 6


async def test_a_cursor_from_another_sort_order_or_list_is_refused_naming_after(gql) -> None:
    # given a members cursor sorted by name, and a segments cursor
    await make_member(name="a")
    await make_member(name="b")
    by_name = (await gql(MEMBERS_PAGE, {"first": 1, "sort": {"field": "NAME", "direction": "ASC"}}))["members"]
    name_cursor = by_name["pageInfo"]["endCursor"]
    segments = await gql("{ segments(first: 1) { pageInfo { endCursor } } }")
    segment_cursor = segments["segments"]["pageInfo"]["endCursor"]
    assert name_cursor and segment_cursor

    # when they are used with another order, another list, or tampered with
    refused = [
        await gql.raw(MEMBERS_PAGE, {"first": 1, "after": name_cursor}),
        await gql.raw(MEMBERS_PAGE, {"first": 1, "after": name_cursor, "sort": {"field": "NAME", "direction": "DESC"}}),
        await gql.raw(MEMBERS_PAGE, {"first": 1, "after": segment_cursor}),
        await gql.raw(MEMBERS_PAGE, {"first": 1, "after": "bogus"}),
        await gql.raw(MEMBERS_PAGE, {"first": 1, "after": name_cursor[:-4]}),
    ]

    # then each is a clear error naming `after`, and no data
    for body in refused:
        assert body["data"] is None
        assert "'after'" in body["errors"][0]["message"], body["errors"]
    assert "another list or sort order" in refused[0]["errors"][0]["message"]

    # and the cursor still works with the order that made it
    ok = await gql(MEMBERS_PAGE, {"first": 1, "after": name_cursor, "sort": {"field": "NAME", "direction": "ASC"}})
    assert names(ok["members"]) == ["b"]


async def test_first_must_be_between_0_and_100(gql) -> None:
    # given a member
    await make_member()

    # when pages of 101, -1 and 0 are asked for
    too_big = await gql.raw(MEMBERS_PAGE, {"first": 101})
    negative = await gql.raw(MEMBERS_PAGE, {"first": -1})
    empty = await gql(MEMBERS_PAGE, {"first": 0})

    # then out of range is an error naming `first`; 0 is an empty page that knows more follow
    assert "'first'" in too_big["errors"][0]["message"]
    assert "'first'" in negative["errors"][0]["message"]
    assert empty["members"]["edges"] == []
    assert empty["members"]["pageInfo"]["hasNextPage"] is True
    assert empty["members"]["totalCount"] == 1


async def test_total_count_is_counted_only_when_asked_for(gql) -> None:
    # given members, one with orders
    m = await make_member()
    await make_member()
    await make_history_order(m, NOW)

    # when pages are read with and without totalCount
    with count_queries() as without:
        await gql("{ members(first: 5) { nodes { name orders(first: 2) { nodes { id } } } } }")
    with count_queries() as with_count:
        data = await gql("{ members(first: 5) { totalCount nodes { name orders(first: 2) { totalCount } } } }")

    # then only the second counts: the members once, the orders in one GROUP BY
    assert not [s for s in without if "COUNT(" in s.upper()], without
    assert len([s for s in with_count if "COUNT(" in s.upper()]) == 2, with_count
    assert data["members"]["totalCount"] == 2
    assert sorted(n["orders"]["totalCount"] for n in data["members"]["nodes"]) == [0, 1]


MEMBER_LIST = """
query($id: ID!, $first: Int, $after: String) { member(id: $id) {
  FIELD(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id at: STAMP } } }
} }
"""
STAMPS = {"orders": "orderedAt", "points": "occurredAt", "events": "occurredAt"}


def member_list(field: str) -> str:
    return MEMBER_LIST.replace("FIELD", field).replace("STAMP", STAMPS[field])


def pk(id_: str) -> int:
    """The primary key of a global id (points entries are not nodes: their id is the key)."""
    return int(id_) if id_.isdigit() else int(GlobalID.from_id(id_).node_id)


async def test_a_members_orders_points_and_events_page_newest_first_with_ties_broken_by_id(gql) -> None:
    # given a member with 5 orders, points and events, two of each at the same instant, and another member
    m = await make_member()
    other = await make_member()
    times = [NOW - timedelta(hours=h) for h in (0, 1, 1, 2, 3)]
    for t in times:
        await make_history_order(m, t)
        await make_points_entry(m, t)
        await make_history_event(m, t)
        await make_history_order(other, t)

    for field in ("orders", "points", "events"):
        # when the list is read 2 at a time through endCursor
        pages: list[dict[str, Any]] = []
        after = None
        while True:
            data = (await gql(member_list(field), {"id": gid("Member", m.id), "first": 2, "after": after}))["member"]
            pages.append(data[field])
            if not data[field]["pageInfo"]["hasNextPage"]:
                break
            after = data[field]["pageInfo"]["endCursor"]

        # then 3 pages hold the member's 5 rows once, newest first, ties by id descending
        assert [len(p["edges"]) for p in pages] == [2, 2, 1], field
        assert [p["totalCount"] for p in pages] == [5, 5, 5]
        assert [p["pageInfo"]["hasPreviousPage"] for p in pages] == [False, True, True]
        assert all(p["pageInfo"]["endCursor"] == p["edges"][-1]["cursor"] for p in pages)
        keys = [(dt(e["node"]["at"]), pk(e["node"]["id"])) for p in pages for e in p["edges"]]
        assert len(set(keys)) == 5
        assert keys == sorted(keys, reverse=True), field


async def test_a_cursor_of_one_members_orders_is_refused_for_another_members(gql) -> None:
    # given two members with orders and a cursor into the first one's
    a = await make_member()
    b = await make_member()
    for h in range(3):
        await make_history_order(a, NOW - timedelta(hours=h))
        await make_history_order(b, NOW - timedelta(hours=h))
    page = (await gql(member_list("orders"), {"id": gid("Member", a.id), "first": 1}))["member"]["orders"]
    cursor = page["pageInfo"]["endCursor"]

    # when it is used for the second member's orders
    body = await gql.raw(member_list("orders"), {"id": gid("Member", b.id), "first": 1, "after": cursor})

    # then it is refused, naming `after`
    assert body["errors"] and "'after'" in body["errors"][0]["message"]


async def test_segment_lists_page_by_keyset(gql) -> None:
    # given the ready-made segments
    everyone = (await gql("{ segments(first: 100) { totalCount nodes { id } } }"))["segments"]

    # when they are read 2 at a time
    seen: list[str] = []
    after = None
    while True:
        page = (
            await gql(
                "query($after: String) { segments(first: 2, after: $after) "
                "{ pageInfo { hasNextPage endCursor } nodes { id } } }",
                {"after": after},
            )
        )["segments"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    # then the pages add up to the whole list, in its order
    assert seen == [n["id"] for n in everyone["nodes"]]
    assert len(seen) == everyone["totalCount"] > 2


async def test_members_registered_at_the_same_instant_page_by_id(gql) -> None:
    # given members registered at the same instant (the simulated clock stands still)
    clock.set_now(NOW)
    for _ in range(3):
        await make_member()

    # when read one at a time
    walked, pages = await _walk(gql, 1)

    # then all three come back, ties on registered_at broken by id, newest id first
    assert len(walked) == 3 and len(pages) == 3
    ids = [pk(p["edges"][0]["node"]["id"]) for p in pages]
    assert ids == sorted(ids, reverse=True)
