"""Members through GraphQL: create, update, tag (with bad input), the members list and one member."""

from __future__ import annotations

from datetime import date, timedelta

from api.core import clock
from api.loyalty.models import CardKind, MemberCard, PointsEntry
from api.members.models import Member, MemberTag
from api.orders.models import Event, Order
from tests.factories import (
    dt,
    make_card_product,
    make_guide,
    make_member,
    make_product,
    make_store,
    make_tier,
)
from tests.helpers import (
    MEMBER_CREATE,
    MEMBER_TAG,
    MEMBER_UPDATE,
    MEMBERS_PAGE,
    ORDER_RECORD,
    counts,
    errors_of,
    gid,
    names,
)

NOW = dt("2024-06-01T04:00:00")


async def _create(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(MEMBER_CREATE, {"input": input}))["memberCreate"]


async def _update(gql, member_pk: int, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(MEMBER_UPDATE, {"id": gid("Member", member_pk), "input": input}))["memberUpdate"]


async def _page(gql, **variables: object) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(MEMBERS_PAGE, variables))["members"]


# --- memberCreate --------------------------------------------------------------------------------


async def test_member_create_stores_every_field(gql) -> None:
    # given a store, a guide of it and a tier
    clock.set_now(NOW)
    store = await make_store()
    guide = await make_guide(store)
    tier = await make_tier(1, 0, "银卡")

    # when a member is created with everything
    out = await _create(
        gql,
        {
            "name": "  林黛玉 ",
            "phone": "+86 139-1234-5678",
            "gender": "FEMALE",
            "birthday": "1996-02-29",
            "source": "小程序",
            "homeStoreId": gid("Store", store.id),
            "guideId": gid("Guide", guide.id),
            "tierId": gid("Tier", tier.id),
            "tags": ["敏感肌", "VIP", "VIP"],
            "customAttributes": {"skin": "dry", "kids": 2},
            "channels": {"wechatOpenid": "oABC", "wechatSubscribed": True, "email": "lin@example.com"},
        },
    )

    # then the member comes back normalised and is stored so
    assert out["userErrors"] == []
    m = out["member"]
    assert m["name"] == "林黛玉"
    assert m["phone"] == "13912345678"
    assert (m["gender"], m["birthday"], m["source"]) == ("FEMALE", "1996-02-29", "小程序")
    assert m["homeStore"]["id"] == gid("Store", store.id)
    assert m["guide"]["id"] == gid("Guide", guide.id)
    assert m["tier"]["id"] == gid("Tier", tier.id)
    assert m["tags"] == ["VIP", "敏感肌"]
    assert m["customAttributes"] == {"skin": "dry", "kids": 2}
    assert m["channels"]["wechatOpenid"] == "oABC"
    assert m["channels"]["wechatSubscribed"] is True
    assert m["channels"]["email"] == "lin@example.com"
    assert m["channels"]["sms"] is True
    stored = await Member.get(phone="13912345678")
    assert stored.birthday == date(1996, 2, 29)
    assert stored.birthday_md == 229
    assert stored.registered_at == NOW


async def test_member_create_with_only_a_name(gql) -> None:
    out = await _create(gql, {"name": "王五"})
    assert out["userErrors"] == []
    m = out["member"]
    assert (m["phone"], m["gender"], m["source"], m["homeStore"], m["guide"], m["tags"]) == (
        None,
        "UNKNOWN",
        "store",
        None,
        None,
        [],
    )
    assert m["channels"]["sms"] is False


async def test_member_create_bad_input_names_each_field_and_writes_nothing(gql) -> None:
    # given an existing member with a phone
    clock.set_now(NOW)
    await make_member(phone="13800000001")
    before = await counts(Member, MemberTag)

    cases = [
        ({"name": "甲", "phone": "12345"}, [(["input", "phone"], "INVALID")]),
        ({"name": "甲", "phone": "138 0000 0001"}, [(["input", "phone"], "DUPLICATE")]),
        (
            {"name": "甲", "birthday": (NOW.date() + timedelta(days=2)).isoformat()},
            [(["input", "birthday"], "OUT_OF_RANGE")],
        ),
        ({"name": "甲", "homeStoreId": gid("Store", 4242)}, [(["input", "homeStoreId"], "NOT_FOUND")]),
        ({"name": "甲", "homeStoreId": "nope"}, [(["input", "homeStoreId"], "INVALID")]),
        ({"name": "甲", "guideId": gid("Guide", 4242)}, [(["input", "guideId"], "NOT_FOUND")]),
        ({"name": "甲", "tierId": gid("Tier", 4242)}, [(["input", "tierId"], "NOT_FOUND")]),
        ({"name": "甲", "tags": ["ok", "bad,tag"]}, [(["input", "tags", "1"], "INVALID")]),
        ({"name": "甲", "tags": ["x" * 41]}, [(["input", "tags", "0"], "INVALID")]),
        ({"name": "   "}, [(["input", "name"], "REQUIRED")]),
        ({"name": "名" * 81}, [(["input", "name"], "TOO_LONG")]),
        ({"name": "甲", "customAttributes": [1, 2]}, [(["input", "customAttributes"], "INVALID")]),
        ({"name": "甲", "channels": {"email": "not-an-email"}}, [(["input", "email"], "INVALID")]),
    ]
    # when each is sent, then the field is named and nothing is written
    for input, expected in cases:
        out = await _create(gql, input)
        assert out["member"] is None, input
        assert errors_of(out) == expected, input
    assert await counts(Member, MemberTag) == before

    # and several problems at once are all reported together
    out = await _create(gql, {"name": "", "phone": "1", "tags": [";"]})
    assert {tuple(f) for f, _ in errors_of(out)} == {("input", "name"), ("input", "phone"), ("input", "tags", "0")}
    assert await counts(Member, MemberTag) == before


async def test_member_create_duplicate_wechat_identity_is_refused(gql) -> None:
    await make_member(wechat_openid="oDUP")
    out = await _create(gql, {"name": "乙", "channels": {"wechatOpenid": "oDUP"}})
    assert errors_of(out) == [(["input", "channels", "wechatOpenid"], "DUPLICATE")]
    assert await Member.filter(wechat_openid="oDUP").count() == 1


# --- memberUpdate --------------------------------------------------------------------------------


async def test_member_update_changes_only_given_fields(gql) -> None:
    # given a member with a birthday, a store and tags
    store = await make_store()
    member = await make_member(name="张三", phone="13800000002", birthday=date(1990, 5, 4), home_store=store)
    await MemberTag.create(member=member, tag="老客")

    # when the name and phone change
    out = await _update(gql, member.id, {"name": "张三丰", "phone": "13800000003"})

    # then those change, and the birthday, store and tags stay
    assert out["userErrors"] == []
    m = out["member"]
    assert (m["name"], m["phone"], m["birthday"]) == ("张三丰", "13800000003", "1990-05-04")
    assert m["homeStore"]["id"] == gid("Store", store.id)
    assert m["tags"] == ["老客"]

    # when the birthday is set to null and the tags replaced, they are cleared and replaced
    out = await _update(gql, member.id, {"birthday": None, "tags": ["新客"]})
    assert out["member"]["birthday"] is None
    assert out["member"]["tags"] == ["新客"]
    stored = await Member.get(id=member.id)
    assert (stored.birthday, stored.birthday_md) == (None, None)

    # and a member keeping their own phone is not a duplicate of themself
    assert (await _update(gql, member.id, {"phone": "13800000003"}))["userErrors"] == []


async def test_member_update_bad_input_changes_nothing(gql) -> None:
    # given two members
    clock.set_now(NOW)
    await make_member(phone="13800000010")
    member = await make_member(name="原名", phone="13800000011", birthday=date(1990, 1, 1))

    cases = [
        ({"name": "新名", "phone": "13800000010"}, [(["input", "phone"], "DUPLICATE")]),
        ({"name": "新名", "phone": "99999"}, [(["input", "phone"], "INVALID")]),
        ({"name": "新名", "birthday": "2099-01-01"}, [(["input", "birthday"], "OUT_OF_RANGE")]),
        ({"name": "新名", "homeStoreId": gid("Store", 4242)}, [(["input", "homeStoreId"], "NOT_FOUND")]),
        ({"name": "新名", "tags": ["a;b"]}, [(["input", "tags", "0"], "INVALID")]),
        ({"name": ""}, [(["input", "name"], "REQUIRED")]),
    ]
    # when each is sent, then the member is unchanged (not even the valid name)
    for input, expected in cases:
        out = await _update(gql, member.id, input)
        assert out["member"] is None
        assert errors_of(out) == expected, input
    stored = await Member.get(id=member.id)
    assert (stored.name, stored.phone, stored.birthday) == ("原名", "13800000011", date(1990, 1, 1))
    assert await MemberTag.all().count() == 0


async def test_member_update_of_unknown_or_malformed_id_is_not_found(gql) -> None:
    out = (await gql(MEMBER_UPDATE, {"id": gid("Member", 4242), "input": {"name": "x"}}))["memberUpdate"]
    assert errors_of(out) == [(["id"], "NOT_FOUND")]
    out = (await gql(MEMBER_UPDATE, {"id": "junk", "input": {"name": "x"}}))["memberUpdate"]
    assert errors_of(out) == [(["id"], "INVALID")]


# --- memberTag -----------------------------------------------------------------------------------


async def test_member_tag_adds_and_removes_in_one_step(gql) -> None:
    # given a member tagged A and B
    member = await make_member()
    await MemberTag.create(member=member, tag="A")
    await MemberTag.create(member=member, tag="B")

    # when C is added and A removed (and a missing tag removed, and B added again)
    out = (await gql(MEMBER_TAG, {"id": gid("Member", member.id), "input": {"add": ["C", "B"], "remove": ["A", "Z"]}}))[
        "memberTag"
    ]

    # then the member has B and C
    assert out["userErrors"] == []
    assert out["member"]["tags"] == ["B", "C"]
    assert sorted(await MemberTag.filter(member_id=member.id).values_list("tag", flat=True)) == ["B", "C"]


async def test_member_tag_bad_input_changes_nothing(gql) -> None:
    member = await make_member()
    await MemberTag.create(member=member, tag="A")
    mid = gid("Member", member.id)
    out = (await gql(MEMBER_TAG, {"id": mid, "input": {"add": ["ok", " "], "remove": []}}))["memberTag"]
    assert errors_of(out) == [(["input", "add", "1"], "INVALID")]
    out = (await gql(MEMBER_TAG, {"id": mid, "input": {"add": ["X"], "remove": ["X"]}}))["memberTag"]
    assert errors_of(out) == [(["input", "remove"], "INVALID")]
    out = (await gql(MEMBER_TAG, {"id": mid, "input": {"add": [f"t{i}" for i in range(50)]}}))["memberTag"]
    assert errors_of(out) == [(["input", "add"], "OUT_OF_RANGE")]
    out = (await gql(MEMBER_TAG, {"id": gid("Member", 4242), "input": {"add": ["X"]}}))["memberTag"]
    assert errors_of(out) == [(["id"], "NOT_FOUND")]
    assert await MemberTag.filter(member_id=member.id).values_list("tag", flat=True) == ["A"]


# --- members list --------------------------------------------------------------------------------


async def _cast() -> dict[str, object]:
    """Five members across two stores, two guides, two tiers and some tags."""
    s1, s2 = await make_store(), await make_store()
    g1, g2 = await make_guide(s1), await make_guide(s2)
    t1, t2 = await make_tier(1, 0), await make_tier(2, 100000)
    people = [
        ("张伟", "13811112222", s1, g1, t1, ["VIP"], 500),
        ("王芳", "13922223333", s1, None, t2, ["敏感肌"], 9000),
        ("李娜", "13733334444", s2, g2, t1, ["VIP", "敏感肌"], 100),
        ("张静", "15044445555", s2, g2, None, [], 3000),
        ("刘洋", None, None, None, None, [], 0),
    ]
    members = {}
    for i, (name, phone, store, guide, tier, tags, spend) in enumerate(people):
        m = await make_member(
            name=name,
            phone=phone,
            home_store=store,
            guide=guide,
            tier=tier,
            total_spend_cents=spend * 100,
            registered_at=NOW - timedelta(days=10 - i),
        )
        for t in tags:
            await MemberTag.create(member=m, tag=t)
        members[name] = m
    return {"stores": (s1, s2), "guides": (g1, g2), "tiers": (t1, t2), "members": members}


async def test_members_search_by_name_and_phone(gql) -> None:
    await _cast()
    assert sorted(names(await _page(gql, search="张"))) == ["张伟", "张静"]
    assert names(await _page(gql, search="王芳")) == ["王芳"]
    assert names(await _page(gql, search="139")) == ["王芳"]  # phone starts with
    assert names(await _page(gql, search="4444")) == ["李娜"]  # phone ends with
    assert names(await _page(gql, search=" 1504 ")) == ["张静"]
    assert (await _page(gql, search="赵"))["totalCount"] == 0


async def test_members_filters_combine(gql) -> None:
    c = await _cast()
    s1, s2 = c["stores"]  # type: ignore[misc]
    g1, g2 = c["guides"]  # type: ignore[misc]
    t1, t2 = c["tiers"]  # type: ignore[misc]
    assert sorted(names(await _page(gql, storeIds=[gid("Store", s1.id)]))) == ["张伟", "王芳"]
    assert sorted(names(await _page(gql, storeIds=[gid("Store", s1.id), gid("Store", s2.id)]))) == [
        "张伟",
        "张静",
        "李娜",
        "王芳",
    ]
    assert sorted(names(await _page(gql, guideIds=[gid("Guide", g2.id)]))) == ["张静", "李娜"]
    assert sorted(names(await _page(gql, tierIds=[gid("Tier", t1.id)]))) == ["张伟", "李娜"]
    assert sorted(names(await _page(gql, tags=["敏感肌"]))) == ["李娜", "王芳"]
    assert sorted(names(await _page(gql, tags=["VIP", "敏感肌"]))) == ["张伟", "李娜", "王芳"]
    # filters and search narrow together
    assert names(await _page(gql, tags=["VIP"], storeIds=[gid("Store", s2.id)])) == ["李娜"]
    assert names(await _page(gql, search="张", guideIds=[gid("Guide", g1.id)])) == ["张伟"]
    assert (await _page(gql, tierIds=[gid("Tier", t2.id)], tags=["VIP"]))["totalCount"] == 0


async def test_members_bad_filter_id_is_a_top_level_error(gql) -> None:
    body = await gql.raw(MEMBERS_PAGE, {"storeIds": ["not-an-id"]})
    assert body["errors"]
    assert "storeIds" in body["errors"][0]["message"]


async def test_members_sorting(gql) -> None:
    await _cast()
    # default: newest registration first
    assert names(await _page(gql)) == ["刘洋", "张静", "李娜", "王芳", "张伟"]
    assert names(await _page(gql, sort={"field": "REGISTERED_AT", "direction": "ASC"})) == [
        "张伟",
        "王芳",
        "李娜",
        "张静",
        "刘洋",
    ]
    assert names(await _page(gql, sort={"field": "TOTAL_SPEND", "direction": "DESC"})) == [
        "王芳",
        "张静",
        "张伟",
        "李娜",
        "刘洋",
    ]
    by_name = names(await _page(gql, sort={"field": "NAME", "direction": "ASC"}))
    assert by_name == sorted(by_name)
    assert names(await _page(gql, sort={"field": "NAME", "direction": "DESC"})) == list(reversed(by_name))


async def test_members_pagination(gql) -> None:
    # given 25 members
    for i in range(25):
        await make_member(name=f"会员{i:02d}", registered_at=NOW - timedelta(minutes=i))

    # when they are read 10 at a time
    seen: list[str] = []
    after = None
    pages = []
    while True:
        page = await _page(gql, first=10, after=after)
        pages.append(page)
        seen += names(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    # then there are three pages covering everyone once, newest first
    assert [len(p["edges"]) for p in pages] == [10, 10, 5]
    assert all(p["totalCount"] == 25 for p in pages)
    assert seen == [f"会员{i:02d}" for i in range(25)]
    assert pages[0]["pageInfo"]["hasPreviousPage"] is False
    assert pages[1]["pageInfo"]["hasPreviousPage"] is True
    assert pages[0]["pageInfo"]["endCursor"] == pages[0]["edges"][-1]["cursor"]

    # and the default page size is 20
    assert len((await _page(gql))["edges"]) == 20


async def test_members_page_size_over_100_or_bad_cursor_is_an_error(gql) -> None:
    await make_member()
    body = await gql.raw(MEMBERS_PAGE, {"first": 101})
    assert body["errors"] and "first" in body["errors"][0]["message"]
    body = await gql.raw(MEMBERS_PAGE, {"first": -1})
    assert body["errors"]
    body = await gql.raw(MEMBERS_PAGE, {"after": "bogus"})
    assert body["errors"] and "after" in body["errors"][0]["message"]
    assert len((await _page(gql, first=100))["edges"]) == 1


# --- one member ----------------------------------------------------------------------------------


async def test_member_with_orders_cards_points_and_events(gql) -> None:
    # given a member who bought a product and a punch card, has points and an event
    clock.set_now(NOW)
    member = await make_member(name="赵敏")
    product = await make_product(price_cents=8800, name="面霜")
    punch = await make_card_product(CardKind.PUNCH, name="护理卡", total_uses=6)
    out = await gql(
        ORDER_RECORD,
        {
            "input": {
                "memberId": gid("Member", member.id),
                "lines": [{"productId": gid("Product", product.id)}, {"cardProductId": gid("CardProduct", punch.id)}],
            }
        },
    )
    assert out["orderRecord"]["userErrors"] == []
    await PointsEntry.create(member=member, delta=88, reason="purchase", occurred_at=NOW - timedelta(hours=2))
    await PointsEntry.create(member=member, delta=-10, reason="redemption", occurred_at=NOW - timedelta(hours=1))
    await Event.create(member=member, type="coupon.sent", occurred_at=NOW, source="crm", external_id="1", payload={})

    # when the member is read with everything nested
    data = await gql(
        """query($id: ID!) { member(id: $id) {
             name orderCount totalSpend
             orders(first: 5) { totalCount nodes { total lines { kind name } } }
             cards { remainingUses product { name kind totalUses } }
             points(first: 5) { totalCount nodes { delta reason } }
             events(first: 5) { totalCount nodes { type source } }
           } }""",
        {"id": gid("Member", member.id)},
    )

    # then every part is there
    m = data["member"]
    assert (m["name"], m["orderCount"]) == ("赵敏", 1)
    assert m["orders"]["totalCount"] == 1
    assert [ln["kind"] for ln in m["orders"]["nodes"][0]["lines"]] == ["GOODS", "CARD"]
    assert m["cards"] == [{"remainingUses": 6, "product": {"name": "护理卡", "kind": "PUNCH", "totalUses": 6}}]
    assert m["points"]["totalCount"] == 2
    assert [p["delta"] for p in m["points"]["nodes"]] == [-10, 88]  # newest first
    assert m["events"]["nodes"] == [{"type": "coupon.sent", "source": "crm"}]
    assert await Order.all().count() == 1 and await MemberCard.all().count() == 1


async def test_member_by_unknown_id_is_null_and_by_malformed_id_is_refused(gql) -> None:
    store = await make_store()
    q = "query($id: ID!) { member(id: $id) { id } }"
    assert (await gql(q, {"id": gid("Member", 4242)}))["member"] is None
    # a malformed id, or another type's id, is a clear error naming the argument (schema.core.arguments)
    malformed = await gql.raw(q, {"id": "%%"})
    assert malformed["data"] is None
    assert malformed["errors"][0]["message"].startswith("Argument 'id' of field 'member' must be a Member id")
    other_type = await gql.raw(q, {"id": gid("Store", store.id)})
    assert other_type["data"] is None
    assert "got a 'Store' id" in other_type["errors"][0]["message"]


async def test_node_resolves_members_and_other_types(gql) -> None:
    # given a member in a store
    store = await make_store(name="静安店")
    member = await make_member(name="周芷若", home_store=store)
    q = """query($id: ID!) { node(id: $id) { id __typename
             ... on Member { name homeStore { name } } ... on Store { name } } }"""

    # when each is read by its global id, then the right type comes back
    node = (await gql(q, {"id": gid("Member", member.id)}))["node"]
    assert node == {
        "id": gid("Member", member.id),
        "__typename": "Member",
        "name": "周芷若",
        "homeStore": {"name": "静安店"},
    }
    node = (await gql(q, {"id": gid("Store", store.id)}))["node"]
    assert (node["__typename"], node["name"]) == ("Store", "静安店")
    # and an id that points nowhere is null
    assert (await gql(q, {"id": gid("Member", member.id + 100)}))["node"] is None


async def test_node_resolves_orders_and_cards_in_reach(gql) -> None:
    # given a member with an order that issued a card
    member = await make_member()
    punch = await make_card_product(CardKind.PUNCH, total_uses=3)
    out = await gql(
        ORDER_RECORD,
        {"input": {"memberId": gid("Member", member.id), "lines": [{"cardProductId": gid("CardProduct", punch.id)}]}},
    )
    order_id = out["orderRecord"]["order"]["id"]
    card = await MemberCard.get(member_id=member.id)
    q = """query($id: ID!) { node(id: $id) { id __typename
             ... on Order { total } ... on MemberCard { remainingUses } } }"""

    # when both are read by node(id:), then both come back
    assert (await gql(q, {"id": order_id}))["node"]["__typename"] == "Order"
    node = (await gql(q, {"id": gid("MemberCard", card.id)}))["node"]
    assert (node["__typename"], node["remainingUses"]) == ("MemberCard", 3)
