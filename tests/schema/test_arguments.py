"""Every argument of every field is checked before execution starts (schema.core.arguments).

A document with a bad argument anywhere runs nothing: no mutation is half-done and retried.
"""

from __future__ import annotations

from typing import Any

from api.members.models import Member
from api.segments.models import Segment, SegmentRefresh
from schema import build_schema
from schema.core.arguments import GlobalId, IntRange, constraint_for, node_types
from tests.factories import make_guide, make_member, make_store
from tests.helpers import gid


def _messages(body: dict[str, Any]) -> list[str]:
    return [e["message"] for e in body.get("errors") or []]


async def test_a_bad_page_size_under_a_mutation_creates_nothing(gql) -> None:
    # given no members
    # when a member is created, selecting its orders with first: -1
    body = await gql.raw(
        'mutation { memberCreate(input: {name: "x"}) { member { orders(first: -1) { totalCount } } } }'
    )

    # then nothing ran, and the error names the field, the argument, the range and the value
    assert body["data"] is None
    assert _messages(body) == ["Argument 'first' of field 'orders' must be between 0 and 100, got -1."]
    assert body["errors"][0]["extensions"] == {"code": "BAD_ARGUMENT", "field": "orders", "argument": "first"}
    assert await Member.all().count() == 0


async def test_a_huge_page_of_segment_members_under_segment_create_creates_nothing(gql) -> None:
    # given no segments
    # when a segment is created, selecting 117584 of its members
    body = await gql.raw(
        'mutation { segmentCreate(input: {name: "s", rule: {gender: {in: [FEMALE]}}}) '
        "{ segment { members(first: 117584) { totalCount } } userErrors { field } } }"
    )

    # then no segment and no refresh were written
    assert body["data"] is None
    assert _messages(body) == ["Argument 'first' of field 'members' must be between 0 and 100, got 117584."]
    assert await Segment.all().count() == 0
    assert await SegmentRefresh.all().count() == 0


async def test_a_garbled_cursor_under_a_mutation_creates_nothing(gql) -> None:
    # given no members
    # when one alias creates a member and another pages its orders after a cursor that is not one
    body = await gql.raw(
        'mutation($c: String) { a: memberCreate(input: {name: "a"}) { member { id } } '
        'b: memberCreate(input: {name: "b"}) { member { orders(first: 5, after: $c) { totalCount } } } }',
        {"c": "garbage"},
    )

    # then nothing ran: the cursor's format is an argument checked before execution
    assert body["data"] is None
    assert _messages(body) == [
        "Argument 'after' is not a cursor: pass an endCursor or edge cursor. (field 'orders')"
    ]
    assert body["errors"][0]["extensions"] == {"code": "BAD_ARGUMENT", "field": "orders", "argument": "after"}
    assert await Member.all().count() == 0


async def test_a_cursor_of_another_list_under_a_mutation_creates_nothing(gql) -> None:
    # given a well-formed cursor of the members list
    await make_member(name="a")
    await make_member(name="b")
    page = await gql.raw("{ members(first: 1) { pageInfo { endCursor } } }")
    cursor = page["data"]["members"]["pageInfo"]["endCursor"]

    # when a mutation pages a new member's orders after it
    body = await gql.raw('mutation($c: String) { memberCreate(input: {name: "c"}) { member { orders(first: 5, '
                         "after: $c) { totalCount } } } }", {"c": cursor})

    # then the document is refused before anything ran, naming the list the cursor is from
    assert body["data"] is None
    assert _messages(body) == ["Argument 'after' of field 'orders' is a cursor of another list (members): use a "
                               "cursor this list handed out."]
    assert await Member.all().count() == 2


async def test_a_cursor_handed_out_is_accepted(gql) -> None:
    # given three members and the cursor after the first
    for name in ("a", "b", "c"):
        await make_member(name=name)
    page = await gql.raw("{ members(first: 1) { pageInfo { endCursor } } }")
    cursor = page["data"]["members"]["pageInfo"]["endCursor"]
    # when the next page is asked for
    body = await gql.raw("query($c: String) { members(first: 5, after: $c) { nodes { name } } }", {"c": cursor})
    # then it is answered
    assert not body.get("errors"), body
    assert len(body["data"]["members"]["nodes"]) == 2


async def test_bad_arguments_in_variables_and_fragments_are_found_all_at_once(gql) -> None:
    # given a member
    await make_member()

    # when a bad page size comes in a variable and another sits in a fragment
    body = await gql.raw(
        """
        query Q($n: Int) { members(first: $n) { nodes { ...M } } }
        fragment M on Member { events(first: 101) { totalCount } }
        """,
        {"n": -3},
    )

    # then both are reported and nothing is returned
    assert body["data"] is None
    assert _messages(body) == [
        "Argument 'first' of field 'members' must be between 0 and 100, got -3.",
        "Argument 'first' of field 'events' must be between 0 and 100, got 101.",
    ]


async def test_a_skipped_field_is_not_checked(gql) -> None:
    # given a member
    await make_member(name="甲")

    # when the field with the bad argument is skipped by @include(if: false)
    data = await gql(
        "query($with: Boolean!) { members(first: 5) { nodes { name orders(first: -1) @include(if: $with) "
        "{ totalCount } } } }",
        {"with": False},
    )

    # then the rest runs
    assert data["members"]["nodes"] == [{"name": "甲"}]


async def test_page_sizes_at_the_bounds_are_accepted(gql) -> None:
    # given a member
    await make_member()

    # when pages of 0 and 100 are asked for
    data = await gql("{ members(first: 100) { totalCount nodes { orders(first: 0) { totalCount } } } }")

    # then they are served
    assert data["members"]["totalCount"] == 1


async def test_node_with_a_garbage_id_is_a_clear_error(gql) -> None:
    # when node() gets text that is no global id, an id of a type that is no Node, or a key that is no number
    garbage = await gql.raw('{ node(id: "garbage") { id } }')
    unknown_type = await gql.raw("query($id: ID!) { node(id: $id) { id } }", {"id": gid("Nope", 1)})
    not_a_key = await gql.raw("query($id: ID!) { node(id: $id) { id } }", {"id": gid("Member", 1)[:-4] + "abcd"})
    too_big = await gql.raw("query($id: ID!) { node(id: $id) { id } }", {"id": "TWVtYmVyOjk5OTk5OTk5OTk5OQ=="})

    # then each is a clear error naming the argument
    assert _messages(garbage) == [
        "Argument 'id' of field 'node' must be a global id as returned by the API, got 'garbage'."
    ]
    assert _messages(unknown_type)[0].startswith("Argument 'id' of field 'node' must be the id of an object (one of ")
    assert "got a 'Nope' id" in _messages(unknown_type)[0]
    assert _messages(not_a_key)[0].startswith("Argument 'id' of field 'node'")
    assert _messages(too_big) == [
        "Argument 'id' of field 'node' is not a valid Member id: 'TWVtYmVyOjk5OTk5OTk5OTk5OQ=='."
    ]


async def test_list_id_arguments_name_their_type_and_item(gql) -> None:
    # given a store and a guide
    store = await make_store()
    guide = await make_guide(store)

    # when members are filtered by stores with a guide's id in second place
    body = await gql.raw(
        "query($s: [ID!]) { members(storeIds: $s) { totalCount } }",
        {"s": [gid("Store", store.id), gid("Guide", guide.id)]},
    )

    # then the error names the argument, the item and the type it must be
    assert _messages(body) == [
        f"Argument 'storeIds' (item 1) of field 'members' must be a Store id, got a 'Guide' id "
        f"('{gid('Guide', guide.id)}')."
    ]


async def test_size_history_last_is_1_to_365_never_clamped(gql) -> None:
    # given a segment (with one refresh)
    created = await gql(
        'mutation { segmentCreate(input: {name: "s", rule: {gender: {in: [FEMALE]}}}) { segment { id } } }'
    )
    seg_id = created["segmentCreate"]["segment"]["id"]
    q = "query($id: ID!, $last: Int!) { segment(id: $id) { sizeHistory(last: $last) { trigger } } }"

    # when sizeHistory is asked for 1,000,000, 0 and -5 refreshes
    for last in (1_000_000, 0, -5):
        body = await gql.raw(q, {"id": seg_id, "last": last})
        # then each is refused with the range
        assert body["data"] is None
        assert _messages(body) == [f"Argument 'last' of field 'sizeHistory' must be between 1 and 365, got {last}."]

    # and 1 and 365 are served
    for last in (1, 365):
        data = await gql(q, {"id": seg_id, "last": last})
        assert data["segment"]["sizeHistory"] == [{"trigger": "CREATE"}]


async def test_a_mutations_own_id_argument_stays_a_user_error(gql) -> None:
    # when memberUpdate gets a malformed id
    out = await gql('mutation { memberUpdate(id: "junk", input: {name: "x"}) { userErrors { field code } } }')

    # then it is the mutation's userError, as every mutation input is
    assert out["memberUpdate"]["userErrors"] == [{"field": ["id"], "code": "INVALID"}]


def test_every_id_argument_of_the_schema_has_a_declared_constraint() -> None:
    # given the schema
    schema = build_schema()._schema
    nodes = node_types(schema)
    seen: dict[str, Any] = {}

    # when the constraint of every argument is looked up
    for type_name, type_ in schema.type_map.items():
        for field_name, field in getattr(type_, "fields", {}).items() if not type_name.startswith("__") else ():
            for arg_name, arg in getattr(field, "args", {}).items():
                seen[f"{type_name}.{field_name}.{arg_name}"] = constraint_for(
                    type_name, field_name, field, arg_name, nodes
                )
                if "ID" in str(arg.type):
                    # then every ID argument decodes as a global id at least
                    assert isinstance(seen[f"{type_name}.{field_name}.{arg_name}"], GlobalId), (type_name, field_name)

    # and the ones whose name says the type are checked for that type
    assert seen["Query.member.id"] == GlobalId("Member")
    assert seen["Query.segment.id"] == GlobalId("Segment")
    assert seen["Mutation.memberUpdate.id"] == GlobalId("Member")
    assert seen["Mutation.segmentRefresh.id"] == GlobalId("Segment")
    assert seen["Query.members.guideIds"] == GlobalId("Guide")
    assert seen["Query.estimateAudience.segmentId"] == GlobalId("Segment")
    assert seen["Query.node.id"] == GlobalId(node=True)
    assert seen["Segment.sizeHistory.last"] == IntRange(1, 365)
    assert all(v == IntRange(0, 100) for k, v in seen.items() if k.endswith(".first"))


async def test_text_with_a_nul_character_is_refused_anywhere_before_running(gql) -> None:
    # given no members
    # when a search, a member's name and a custom attribute's key hold U+0000
    search = await gql.raw("query($s: String) { members(search: $s) { totalCount } }", {"s": "a\u0000b"})
    create = await gql.raw(
        "mutation($i: MemberCreateInput!) { memberCreate(input: $i) { member { id } } }",
        {"i": {"name": "x", "customAttributes": {"ok": "1", "k\u0000": "v"}}},
    )

    # then each is a clear error naming where the character is, and nothing was written
    assert search["data"] is None
    assert _messages(search) == [
        "Argument 'search' of field 'members' contains the NUL character (U+0000); no text may contain it."
    ]
    assert create["data"] is None
    assert _messages(create) == [
        "Argument 'input' of field 'memberCreate' contains the NUL character (U+0000) at "
        "input.customAttributes.k\\u0000; no text may contain it."
    ]
    assert await Member.all().count() == 0


async def test_ids_inside_a_querys_input_are_checked_before_it_runs(gql) -> None:
    # when a query's filter holds text that is no Member id, or a Store id where a Member id belongs
    garbage = await gql.raw('{ messages(filter: {memberId: "ᎭX"}) { totalCount } }')
    wrong_type = await gql.raw("query($m: ID!) { messageOutcomeCounts(filter: {memberId: $m}) { outcome } }",
                               {"m": gid("Store", 1)})
    # and a well-formed one
    fine = await gql.raw("query($m: ID!) { messages(filter: {memberId: $m}) { totalCount } }",
                         {"m": gid("Member", 1)})

    # then the bad ones are refused before any field resolved (no path: like a validation error), naming
    # the field and the input path; the good one runs
    assert garbage["data"] is None and "path" not in garbage["errors"][0]
    assert _messages(garbage) == [
        "Argument 'filter.memberId' of field 'messages' must be a Member id as returned by the API, got 'ᎭX'."
    ]
    assert garbage["errors"][0]["extensions"]["code"] == "BAD_ARGUMENT"
    assert wrong_type["data"] is None and "path" not in wrong_type["errors"][0]
    assert "must be a Member id, got a 'Store' id" in _messages(wrong_type)[0]
    assert "errors" not in fine and fine["data"]["messages"]["totalCount"] == 0


async def test_a_time_range_ending_before_it_starts_is_refused_before_running(gql) -> None:
    # when a message filter's until is before its since
    body = await gql.raw('{ messageOutcomeCounts(filter: {since: "2026-12-08T00:00:00Z", '
                         'until: "2026-12-01T00:00:00Z"}) { outcome } }')
    # then it is refused before any field resolved, naming the field and the input
    assert body["data"] is None and "path" not in body["errors"][0]
    assert _messages(body) == ["Argument 'filter.until' of field 'messageOutcomeCounts' is before its 'since'."]
