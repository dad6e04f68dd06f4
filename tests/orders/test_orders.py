"""orderRecord through GraphQL: lines, cards, idempotency, bad input, member totals and tiers."""

from __future__ import annotations

from datetime import datetime, timedelta

from api.core import clock
from api.loyalty.models import CardKind, MemberCard
from api.members.models import Member
from api.orders.models import LineKind, Order, OrderLine, Refund
from tests.factories import dt, make_card_product, make_member, make_product, make_store, make_tier
from tests.helpers import MEMBER_TOTALS, ORDER_RECORD, REFUND_RECORD, counts, errors_of, gid

NOW = dt("2024-06-01T04:00:00")


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def _record(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    data = await gql(ORDER_RECORD, {"input": input})
    return data["orderRecord"]


async def _totals(gql, member_pk: int) -> dict:  # type: ignore[no-untyped-def]
    data = await gql(MEMBER_TOTALS, {"id": gid("Member", member_pk)})
    return data["member"]


async def _refund(gql, order_id: str, amount: str, **kw: object) -> dict:  # type: ignore[no-untyped-def]
    data = await gql(REFUND_RECORD, {"input": {"orderId": order_id, "amount": amount, **kw}})
    return data["refundRecord"]


async def _written() -> dict[str, int]:
    return await counts(Order, OrderLine, MemberCard, Refund)


async def test_order_with_product_lines_uses_list_prices_and_sums_the_total(gql) -> None:
    # given a member and two products
    clock.set_now(NOW)
    store = await make_store()
    member = await make_member(home_store=store)
    serum = await make_product(price_cents=25000, name="精华", category="护肤")
    lash = await make_product(LineKind.SERVICE, price_cents=39900, name="睫毛嫁接", category="美睫")

    # when an order with two product lines is recorded (one at list price, one discounted)
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [
                {"productId": gid("Product", serum.id), "quantity": 2},
                {"productId": gid("Product", lash.id), "unitPrice": "299.00"},
            ],
        },
    )

    # then the order holds both lines with names, categories and amounts from the products
    assert out["userErrors"] == []
    assert out["created"] is True
    order = out["order"]
    assert order["total"] == "799.00"
    assert order["refunded"] == "0.00"
    assert order["net"] == "799.00"
    assert order["status"] == "PAID"
    assert order["source"] == "pos"
    assert _at(order["orderedAt"]) == NOW
    lines = order["lines"]
    assert [
        (ln["kind"], ln["name"], ln["category"], ln["quantity"], ln["unitPrice"], ln["amount"]) for ln in lines
    ] == [
        ("GOODS", "精华", "护肤", 2, "250.00", "500.00"),
        ("SERVICE", "睫毛嫁接", "美睫", 1, "299.00", "299.00"),
    ]
    # and the order is stored at the member's home store
    stored = await Order.get(id=(await Order.all().first()).id)  # type: ignore[union-attr]
    assert stored.store_id == store.id
    assert stored.member_id == member.id


async def test_free_line_needs_kind_name_and_price_and_keeps_them(gql) -> None:
    # given a member
    member = await make_member()

    # when an order with a free goods line (no product) is recorded
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [{"kind": "GOODS", "name": "手工皂", "category": "洗护", "quantity": 3, "unitPrice": "12.50"}],
        },
    )

    # then the line is stored as sent
    assert out["userErrors"] == []
    (line,) = out["order"]["lines"]
    assert (line["kind"], line["name"], line["category"], line["quantity"], line["amount"]) == (
        "GOODS",
        "手工皂",
        "洗护",
        3,
        "37.50",
    )
    assert out["order"]["total"] == "37.50"


async def test_free_line_without_category_is_not_filed_under_card(gql) -> None:
    # given a member
    member = await make_member()

    # when a free service line without a category is recorded
    out = await _record(
        gql,
        {"memberId": gid("Member", member.id), "lines": [{"kind": "SERVICE", "name": "修眉", "unitPrice": "30"}]},
    )

    # then it does not pretend to be a card sale: segments filtering on category 'card' must not see it
    assert out["userErrors"] == []
    (line,) = out["order"]["lines"]
    assert line["kind"] == "SERVICE"
    assert line["category"] != "card"


async def test_free_line_missing_kind_name_or_price_each_named(gql) -> None:
    # given a member
    member = await make_member()
    before = await _written()

    # when three incomplete free lines are sent
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [
                {"name": "无类型", "unitPrice": "10"},
                {"kind": "GOODS", "unitPrice": "10"},
                {"kind": "GOODS", "name": "无价格"},
            ],
        },
    )

    # then each problem names its line and field, and nothing is stored
    assert out["order"] is None
    assert errors_of(out) == [
        (["input", "lines", "0", "kind"], "REQUIRED"),
        (["input", "lines", "1", "name"], "REQUIRED"),
        (["input", "lines", "2", "unitPrice"], "REQUIRED"),
    ]
    assert await _written() == before


async def test_absurd_amounts_are_named_userErrors_not_faults(gql) -> None:
    # given a member
    member = await make_member()
    before = await _written()

    # when lines carry amounts far beyond any price (the fuzzer found 1e30 failing on PostgreSQL)
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [
                {"kind": "GOODS", "name": "a", "unitPrice": "1e30"},
                {"kind": "GOODS", "name": "b", "unitPrice": "99999999999999999999.99"},
                {"kind": "GOODS", "name": "c", "unitPrice": "-100000000001"},
            ],
        },
    )

    # then each is an OUT_OF_RANGE userError on its line's unitPrice, and nothing is stored
    assert out["order"] is None
    assert errors_of(out) == [(["input", "lines", str(i), "unitPrice"], "OUT_OF_RANGE") for i in range(3)]
    assert await _written() == before


async def test_card_lines_issue_member_cards_with_balance_uses_and_expiry(gql) -> None:
    # given a stored-value card product and a punch card product
    clock.set_now(NOW)
    member = await make_member()
    value = await make_card_product(
        CardKind.STORED_VALUE, name="储值卡", price_cents=100000, face_value_cents=120000, validity_days=365
    )
    punch = await make_card_product(CardKind.PUNCH, name="十次卡", price_cents=50000, total_uses=10, validity_days=None)

    # when both are sold, two punch cards in one line
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [
                {"cardProductId": gid("CardProduct", value.id)},
                {"cardProductId": gid("CardProduct", punch.id), "quantity": 2},
            ],
        },
    )

    # then the lines are card lines at the card prices
    assert out["userErrors"] == []
    assert [(ln["kind"], ln["name"], ln["amount"]) for ln in out["order"]["lines"]] == [
        ("CARD", "储值卡", "1000.00"),
        ("CARD", "十次卡", "1000.00"),
    ]
    assert out["order"]["total"] == "2000.00"
    # and the member holds three cards: the stored value one with its face value and an expiry a year on
    cards = (await _totals(gql, member.id))["cards"]
    assert len(cards) == 3
    stored_value = [c for c in cards if c["product"]["kind"] == "STORED_VALUE"]
    punches = [c for c in cards if c["product"]["kind"] == "PUNCH"]
    assert len(stored_value) == 1 and len(punches) == 2
    assert stored_value[0]["balance"] == "1200.00"
    assert stored_value[0]["remainingUses"] is None
    assert _at(stored_value[0]["expiresAt"]) == NOW + timedelta(days=365)
    assert stored_value[0]["expired"] is False
    for c in punches:
        assert c["remainingUses"] == 10
        assert c["balance"] == "0.00"
        assert c["expiresAt"] is None


async def test_card_product_can_grant_a_tier_but_never_lowers_one(gql) -> None:
    # given tiers and a card that grants the middle one
    silver = await make_tier(1, 10_000_000, "银卡")
    gold = await make_tier(2, 20_000_000, "金卡")
    card = await make_card_product(CardKind.STORED_VALUE, grants_tier=silver, price_cents=100)
    newcomer = await make_member()
    vip = await make_member(tier=gold)

    # when both buy the card
    for m in (newcomer, vip):
        out = await _record(
            gql, {"memberId": gid("Member", m.id), "lines": [{"cardProductId": gid("CardProduct", card.id)}]}
        )
        assert out["userErrors"] == []

    # then the newcomer is silver and the gold member stays gold
    assert (await _totals(gql, newcomer.id))["tier"]["name"] == "银卡"
    assert (await _totals(gql, vip.id))["tier"]["name"] == "金卡"


async def test_same_source_and_external_id_is_recorded_once(gql) -> None:
    # given a member and a product
    member = await make_member()
    product = await make_product(price_cents=1000)
    order_input = {
        "memberId": gid("Member", member.id),
        "lines": [{"productId": gid("Product", product.id)}],
        "source": "youzan",
        "externalId": "E-1001",
    }

    # when the same order is sent twice
    first = await _record(gql, order_input)
    second = await _record(gql, order_input)

    # then the second answer is the first order, not a new one, and totals count it once
    assert first["created"] is True and second["created"] is False
    assert second["userErrors"] == []
    assert second["order"]["id"] == first["order"]["id"]
    assert second["order"]["externalId"] == "E-1001"
    assert await Order.all().count() == 1
    assert await OrderLine.all().count() == 1
    totals = await _totals(gql, member.id)
    assert totals["orderCount"] == 1
    assert totals["totalSpend"] == "10.00"

    # and the same external id from another source is another order
    other = await _record(gql, {**order_input, "source": "pos"})
    assert other["created"] is True
    assert other["order"]["id"] != first["order"]["id"]
    assert (await _totals(gql, member.id))["orderCount"] == 2


async def test_external_id_of_another_members_order_is_refused(gql) -> None:
    # given an order E-1 of one member
    product = await make_product(price_cents=1000)
    alice, bob = await make_member(), await make_member()
    base = {"lines": [{"productId": gid("Product", product.id)}], "source": "youzan", "externalId": "E-1"}
    assert (await _record(gql, {**base, "memberId": gid("Member", alice.id)}))["created"] is True

    # when another member's order is sent with the same external id
    out = await _record(gql, {**base, "memberId": gid("Member", bob.id)})

    # then it is refused on externalId and bob has no order
    assert out["order"] is None
    assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]
    assert await Order.filter(member_id=bob.id).count() == 0


async def test_unknown_product_id_is_named_and_nothing_written(gql) -> None:
    # given a member and one real product
    member = await make_member()
    product = await make_product()
    before = await _written()

    # when the second line names a product that does not exist
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [
                {"productId": gid("Product", product.id)},
                {"productId": gid("Product", product.id + 999)},
            ],
        },
    )

    # then the error names that line's productId and nothing is written
    assert out["order"] is None and out["created"] is False
    assert errors_of(out) == [(["input", "lines", "1", "productId"], "NOT_FOUND")]
    assert await _written() == before
    assert (await _totals(gql, member.id))["orderCount"] == 0


async def test_unknown_product_on_first_line_has_path_lines_0_product_id(gql) -> None:
    member = await make_member()
    out = await _record(gql, {"memberId": gid("Member", member.id), "lines": [{"productId": gid("Product", 424242)}]})
    assert errors_of(out) == [(["input", "lines", "0", "productId"], "NOT_FOUND")]
    assert await Order.all().count() == 0


async def test_unknown_card_product_is_named_and_no_card_issued(gql) -> None:
    member = await make_member()
    before = await _written()
    out = await _record(
        gql, {"memberId": gid("Member", member.id), "lines": [{"cardProductId": gid("CardProduct", 777)}]}
    )
    assert errors_of(out) == [(["input", "lines", "0", "cardProductId"], "NOT_FOUND")]
    assert await _written() == before


async def test_empty_lines_are_refused(gql) -> None:
    member = await make_member()
    before = await _written()
    out = await _record(gql, {"memberId": gid("Member", member.id), "lines": []})
    assert out["order"] is None
    assert errors_of(out) == [(["input", "lines"], "REQUIRED")]
    assert await _written() == before


async def test_negative_price_and_bad_quantity_are_refused(gql) -> None:
    # given a member and a product
    member = await make_member()
    product = await make_product()
    before = await _written()

    # when one line has a negative price and another a zero quantity
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [
                {"productId": gid("Product", product.id), "unitPrice": "-1.00"},
                {"productId": gid("Product", product.id), "quantity": 0},
            ],
        },
    )

    # then both are named and nothing is written
    assert errors_of(out) == [
        (["input", "lines", "0", "unitPrice"], "OUT_OF_RANGE"),
        (["input", "lines", "1", "quantity"], "OUT_OF_RANGE"),
    ]
    assert await _written() == before


async def test_price_with_three_decimals_is_refused(gql) -> None:
    member = await make_member()
    out = await _record(
        gql,
        {"memberId": gid("Member", member.id), "lines": [{"kind": "GOODS", "name": "x", "unitPrice": "1.005"}]},
    )
    assert errors_of(out) == [(["input", "lines", "0", "unitPrice"], "INVALID")]
    assert await Order.all().count() == 0


async def test_unknown_member_id_is_refused(gql) -> None:
    product = await make_product()
    before = await _written()
    out = await _record(gql, {"memberId": gid("Member", 99999), "lines": [{"productId": gid("Product", product.id)}]})
    assert out["order"] is None
    assert errors_of(out) == [(["input", "memberId"], "NOT_FOUND")]
    assert await _written() == before


async def test_malformed_and_wrong_type_ids_are_refused(gql) -> None:
    # given a member and a product
    member = await make_member()
    product = await make_product()
    before = await _written()

    # when the member id is not a global id at all
    out = await _record(gql, {"memberId": "not-an-id", "lines": [{"productId": gid("Product", product.id)}]})
    assert errors_of(out) == [(["input", "memberId"], "INVALID")]

    # when the member id is a Product id
    out = await _record(
        gql, {"memberId": gid("Product", product.id), "lines": [{"productId": gid("Product", product.id)}]}
    )
    assert errors_of(out) == [(["input", "memberId"], "INVALID")]

    # when a line's product id is malformed
    out = await _record(gql, {"memberId": gid("Member", member.id), "lines": [{"productId": "%%%"}]})
    assert errors_of(out) == [(["input", "lines", "0", "productId"], "INVALID")]

    # then nothing was written at all
    assert await _written() == before


async def test_future_order_and_unknown_store_are_refused(gql) -> None:
    clock.set_now(NOW)
    member = await make_member()
    product = await make_product()
    out = await _record(
        gql,
        {
            "memberId": gid("Member", member.id),
            "lines": [{"productId": gid("Product", product.id)}],
            "orderedAt": (NOW + timedelta(days=1)).isoformat(),
            "storeId": gid("Store", 4242),
        },
    )
    assert errors_of(out) == [(["input", "orderedAt"], "OUT_OF_RANGE"), (["input", "storeId"], "NOT_FOUND")]
    assert await Order.all().count() == 0


async def test_oversized_source_or_external_id_is_a_user_error(gql) -> None:
    # given a member and a product
    member = await make_member()
    product = await make_product()
    base = {"memberId": gid("Member", member.id), "lines": [{"productId": gid("Product", product.id)}]}

    # when the external id and the source are longer than can be stored
    out_ext = await _record(gql, {**base, "externalId": "E" * 200})
    out_src = await _record(gql, {**base, "source": "s" * 100})

    # then each is a userError naming the field (not a database fault), and nothing is stored
    assert [f for f, _ in errors_of(out_ext)] == [["input", "externalId"]]
    assert [f for f, _ in errors_of(out_src)] == [["input", "source"]]
    assert await Order.all().count() == 0


async def test_totals_after_orders_and_refunds(gql) -> None:
    # given a member with three orders on three days
    member = await make_member()
    product = await make_product(price_cents=10000)
    ids = []
    for day in ("2024-03-01", "2024-04-01", "2024-05-01"):
        clock.set_now(dt(f"{day}T06:00:00"))
        out = await _record(
            gql, {"memberId": gid("Member", member.id), "lines": [{"productId": gid("Product", product.id)}]}
        )
        ids.append(out["order"]["id"])
    clock.set_now(dt("2024-06-01T06:00:00"))

    # then all three count
    t = await _totals(gql, member.id)
    assert (t["orderCount"], t["totalSpend"]) == (3, "300.00")
    assert _at(t["firstVisitAt"]) == dt("2024-03-01T06:00:00")
    assert _at(t["lastPurchaseAt"]) == dt("2024-05-01T06:00:00")

    # when the latest order is partly refunded, it still counts at its net amount
    r = await _refund(gql, ids[2], "40.00")
    assert r["userErrors"] == [] and r["order"]["status"] == "PARTIALLY_REFUNDED"
    t = await _totals(gql, member.id)
    assert (t["orderCount"], t["totalSpend"]) == (3, "260.00")
    assert _at(t["lastPurchaseAt"]) == dt("2024-05-01T06:00:00")

    # when the rest of it is refunded, it stops counting: not an order, not spend, not the last purchase
    r = await _refund(gql, ids[2], "60.00")
    assert r["userErrors"] == [] and r["order"]["status"] == "REFUNDED"
    t = await _totals(gql, member.id)
    assert (t["orderCount"], t["totalSpend"]) == (2, "200.00")
    assert _at(t["lastPurchaseAt"]) == dt("2024-04-01T06:00:00")
    assert _at(t["firstVisitAt"]) == dt("2024-03-01T06:00:00")

    # when the first order is fully refunded in one go, the first visit moves on
    r = await _refund(gql, ids[0], "100.00")
    assert r["order"]["status"] == "REFUNDED"
    t = await _totals(gql, member.id)
    assert (t["orderCount"], t["totalSpend"]) == (1, "100.00")
    assert _at(t["firstVisitAt"]) == dt("2024-04-01T06:00:00")
    assert _at(t["lastPurchaseAt"]) == dt("2024-04-01T06:00:00")

    # when the only order left is refunded, the member has no visits at all
    await _refund(gql, ids[1], "100.00")
    t = await _totals(gql, member.id)
    assert (t["orderCount"], t["totalSpend"], t["firstVisitAt"], t["lastPurchaseAt"]) == (0, "0.00", None, None)


async def test_totals_of_other_members_are_untouched(gql) -> None:
    alice, bob = await make_member(), await make_member()
    product = await make_product(price_cents=500)
    await _record(gql, {"memberId": gid("Member", alice.id), "lines": [{"productId": gid("Product", product.id)}]})
    t = await _totals(gql, bob.id)
    assert (t["orderCount"], t["totalSpend"], t["lastPurchaseAt"]) == (0, "0.00", None)
    assert (await Member.get(id=alice.id)).order_count == 1


async def test_tier_moves_up_when_spend_crosses_a_threshold_and_never_down(gql) -> None:
    # given three tiers and a new member with no tier
    await make_tier(0, 0, "普通")
    await make_tier(1, 100_000, "银卡")  # 1,000 yuan
    await make_tier(2, 500_000, "金卡")  # 5,000 yuan
    member = await make_member()
    product = await make_product(price_cents=60_000)  # 600 yuan

    async def buy(quantity: int) -> str:
        out = await _record(
            gql,
            {
                "memberId": gid("Member", member.id),
                "lines": [{"productId": gid("Product", product.id), "quantity": quantity}],
            },
        )
        assert out["userErrors"] == []
        return str(out["order"]["id"])

    # when the member spends 600 they reach the base tier only
    await buy(1)
    assert (await _totals(gql, member.id))["tier"]["name"] == "普通"

    # when they spend 600 more (1,200 in all) they are silver
    second = await buy(1)
    assert (await _totals(gql, member.id))["tier"]["name"] == "银卡"

    # when that order is refunded, spend falls under the threshold but the tier stays silver
    await _refund(gql, second, "600.00")
    t = await _totals(gql, member.id)
    assert t["totalSpend"] == "600.00"
    assert t["tier"]["name"] == "银卡"

    # when one order jumps the spend to 6,000 they go straight to gold, skipping nothing in between
    await buy(9)
    t = await _totals(gql, member.id)
    assert t["totalSpend"] == "6000.00"
    assert t["tier"]["name"] == "金卡"


async def test_manually_set_higher_tier_is_not_lowered_by_an_order(gql) -> None:
    await make_tier(1, 0, "银卡")
    gold = await make_tier(2, 10_000_000, "金卡")
    member = await make_member(tier=gold)
    product = await make_product(price_cents=100)
    await _record(gql, {"memberId": gid("Member", member.id), "lines": [{"productId": gid("Product", product.id)}]})
    assert (await _totals(gql, member.id))["tier"]["name"] == "金卡"


async def test_member_orders_list_newest_first_with_lines_and_refunds(gql) -> None:
    member = await make_member()
    product = await make_product(price_cents=1000)
    clock.set_now(dt("2024-01-01T00:00:00"))
    older = await _record(
        gql, {"memberId": gid("Member", member.id), "lines": [{"productId": gid("Product", product.id)}]}
    )
    clock.set_now(dt("2024-02-01T00:00:00"))
    newer = await _record(
        gql, {"memberId": gid("Member", member.id), "lines": [{"productId": gid("Product", product.id)}]}
    )
    await _refund(gql, older["order"]["id"], "1.00", reason="破损")
    data = await gql(
        """query($id: ID!) { member(id: $id) { orders(first: 10) { totalCount
             nodes { id total refunded lines { name } refunds { amount reason } } } } }""",
        {"id": gid("Member", member.id)},
    )
    orders = data["member"]["orders"]
    assert orders["totalCount"] == 2
    assert [o["id"] for o in orders["nodes"]] == [newer["order"]["id"], older["order"]["id"]]
    assert orders["nodes"][1]["refunds"] == [{"amount": "1.00", "reason": "破损"}]
    assert orders["nodes"][1]["refunded"] == "1.00"
