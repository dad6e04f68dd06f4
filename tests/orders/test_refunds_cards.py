"""refundRecord, cardUse and serviceComplete through GraphQL: happy paths and every refusal."""

from __future__ import annotations

from datetime import timedelta

from api.core import clock
from api.loyalty.models import CardKind, MemberCard
from api.orders.models import CardUse, LineKind, Order, OrderLine, Refund, ServiceCompletion
from tests.factories import dt, make_card_product, make_member, make_product
from tests.helpers import (
    CARD_USE,
    MEMBER_TOTALS,
    ORDER_RECORD,
    REFUND_RECORD,
    SERVICE_COMPLETE,
    counts,
    errors_of,
    gid,
)

NOW = dt("2024-06-01T04:00:00")


async def _order(gql, member_pk: int, lines: list[dict]) -> dict:  # type: ignore[no-untyped-def]
    data = await gql(ORDER_RECORD, {"input": {"memberId": gid("Member", member_pk), "lines": lines}})
    assert data["orderRecord"]["userErrors"] == []
    return data["orderRecord"]["order"]


async def _refund(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(REFUND_RECORD, {"input": input}))["refundRecord"]


async def _use(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(CARD_USE, {"input": input}))["cardUse"]


async def _complete(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(SERVICE_COMPLETE, {"input": input}))["serviceComplete"]


async def _spend(gql, member_pk: int) -> str:  # type: ignore[no-untyped-def]
    return str((await gql(MEMBER_TOTALS, {"id": gid("Member", member_pk)}))["member"]["totalSpend"])


async def _sold_order(gql, price_cents: int = 10000) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    clock.set_now(NOW)
    member = await make_member()
    product = await make_product(price_cents=price_cents)
    order = await _order(gql, member.id, [{"productId": gid("Product", product.id)}])
    return member.id, order


# --- refunds -------------------------------------------------------------------------------------


async def test_refund_larger_than_the_order_is_refused_and_nothing_written(gql) -> None:
    # given a paid order of 100
    member_pk, order = await _sold_order(gql)
    before = await counts(Refund)

    # when 100.01 is refunded
    out = await _refund(gql, {"orderId": order["id"], "amount": "100.01"})

    # then it is refused on amount, and the order, refunds and totals are untouched
    assert out["refund"] is None and out["order"] is None
    assert errors_of(out) == [(["input", "amount"], "OUT_OF_RANGE")]
    assert await counts(Refund) == before
    stored = await Order.get(id=(await Order.first()).id)  # type: ignore[union-attr]
    assert (stored.refunded_cents, stored.status.value) == (0, "paid")
    assert await _spend(gql, member_pk) == "100.00"


async def test_two_partial_refunds_add_up_and_the_third_is_refused(gql) -> None:
    # given a paid order of 100
    member_pk, order = await _sold_order(gql)

    # when 30 and then 70 are refunded
    first = await _refund(gql, {"orderId": order["id"], "amount": "30.00", "reason": "少发"})
    assert first["userErrors"] == []
    assert (first["order"]["refunded"], first["order"]["net"], first["order"]["status"]) == (
        "30.00",
        "70.00",
        "PARTIALLY_REFUNDED",
    )
    assert await _spend(gql, member_pk) == "70.00"
    second = await _refund(gql, {"orderId": order["id"], "amount": "70.00"})

    # then the order is fully refunded with both refunds listed oldest first
    assert second["userErrors"] == []
    assert (second["order"]["refunded"], second["order"]["net"], second["order"]["status"]) == (
        "100.00",
        "0.00",
        "REFUNDED",
    )
    assert [r["amount"] for r in second["order"]["refunds"]] == ["30.00", "70.00"]
    assert second["refund"]["orderId"] == order["id"]
    assert await _spend(gql, member_pk) == "0.00"

    # and a further cent is more than what is left
    third = await _refund(gql, {"orderId": order["id"], "amount": "0.01"})
    assert errors_of(third) == [(["input", "amount"], "OUT_OF_RANGE")]
    assert await Refund.all().count() == 2


async def test_second_partial_refund_over_what_is_left_is_refused(gql) -> None:
    _, order = await _sold_order(gql)
    assert (await _refund(gql, {"orderId": order["id"], "amount": "60.00"}))["userErrors"] == []
    out = await _refund(gql, {"orderId": order["id"], "amount": "40.01"})
    assert errors_of(out) == [(["input", "amount"], "OUT_OF_RANGE")]
    assert "40.00" in out["userErrors"][0]["message"]
    assert (await Order.first()).refunded_cents == 6000  # type: ignore[union-attr]


async def test_zero_and_negative_refunds_are_refused(gql) -> None:
    _, order = await _sold_order(gql)
    for amount in ("0", "-5.00"):
        out = await _refund(gql, {"orderId": order["id"], "amount": amount})
        assert errors_of(out) == [(["input", "amount"], "OUT_OF_RANGE")]
    assert await Refund.all().count() == 0


async def test_refund_of_an_unknown_order_or_before_the_order_is_refused(gql) -> None:
    _, order = await _sold_order(gql)
    out = await _refund(gql, {"orderId": gid("Order", 98765), "amount": "1.00"})
    assert errors_of(out) == [(["input", "orderId"], "NOT_FOUND")]
    out = await _refund(gql, {"orderId": "garbage", "amount": "1.00"})
    assert errors_of(out) == [(["input", "orderId"], "INVALID")]
    out = await _refund(
        gql, {"orderId": order["id"], "amount": "1.00", "refundedAt": (NOW - timedelta(days=1)).isoformat()}
    )
    assert errors_of(out) == [(["input", "refundedAt"], "OUT_OF_RANGE")]
    assert await Refund.all().count() == 0


async def test_line_refunds_are_booked_on_the_line_and_limited_by_it(gql) -> None:
    # given an order with two lines of 100 and 50
    clock.set_now(NOW)
    member = await make_member()
    a = await make_product(price_cents=10000, name="A")
    b = await make_product(price_cents=5000, name="B")
    order = await _order(gql, member.id, [{"productId": gid("Product", a.id)}, {"productId": gid("Product", b.id)}])
    line_a, line_b = order["lines"]

    # when 20 of line B is refunded
    out = await _refund(gql, {"orderId": order["id"], "amount": "20.00", "lineId": line_b["id"]})

    # then the refund names the line and the line shows it
    assert out["userErrors"] == []
    assert out["refund"]["lineId"] == line_b["id"]
    lines = {ln["id"]: ln for ln in out["order"]["lines"]}
    assert lines[line_b["id"]]["refunded"] == "20.00"
    assert lines[line_a["id"]]["refunded"] == "0.00"
    assert out["order"]["refunded"] == "20.00"
    assert await _spend(gql, member.id) == "130.00"

    # when more than the 30 left on line B is refunded against it, it is refused though the order has more left
    out = await _refund(gql, {"orderId": order["id"], "amount": "30.01", "lineId": line_b["id"]})
    assert errors_of(out) == [(["input", "amount"], "OUT_OF_RANGE")]
    assert (await OrderLine.get(id=int(line_b["id"]))).refunded_cents == 2000
    assert await Refund.all().count() == 1

    # when the line id is not a line of this order, or not numeric
    other = await _order(gql, member.id, [{"productId": gid("Product", a.id)}])
    out = await _refund(gql, {"orderId": order["id"], "amount": "1.00", "lineId": other["lines"][0]["id"]})
    assert errors_of(out) == [(["input", "lineId"], "NOT_FOUND")]
    out = await _refund(gql, {"orderId": order["id"], "amount": "1.00", "lineId": "abc"})
    assert errors_of(out) == [(["input", "lineId"], "INVALID")]
    assert await Refund.all().count() == 1


async def test_refund_with_external_id_is_recorded_once(gql) -> None:
    member_pk, order = await _sold_order(gql)
    first = await _refund(gql, {"orderId": order["id"], "amount": "10.00", "externalId": "R-1"})
    again = await _refund(gql, {"orderId": order["id"], "amount": "10.00", "externalId": "R-1"})
    assert first["userErrors"] == [] and again["userErrors"] == []
    assert again["refund"]["id"] == first["refund"]["id"]
    assert await Refund.all().count() == 1
    assert again["order"]["refunded"] == "10.00"
    assert await _spend(gql, member_pk) == "90.00"


async def test_refund_external_id_of_another_order_is_refused(gql) -> None:
    # given refund R-1 on one order
    _, order = await _sold_order(gql)
    _, other = await _sold_order(gql)
    assert (await _refund(gql, {"orderId": order["id"], "amount": "10.00", "externalId": "R-1"}))["userErrors"] == []

    # when R-1 is sent for another order
    out = await _refund(gql, {"orderId": other["id"], "amount": "10.00", "externalId": "R-1"})

    # then it is refused instead of silently answering with the first order's refund
    assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]
    assert await Refund.all().count() == 1


# --- card uses -----------------------------------------------------------------------------------


async def _card(gql, kind: CardKind, **kw: object) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    clock.set_now(NOW)
    member = await make_member()
    product = await make_card_product(kind, **kw)
    await _order(gql, member.id, [{"cardProductId": gid("CardProduct", product.id)}])
    card = (await gql(MEMBER_TOTALS, {"id": gid("Member", member.id)}))["member"]["cards"][0]
    return member.id, card


async def test_punch_card_use_takes_off_uses(gql) -> None:
    # given a punch card with 10 uses
    _, card = await _card(gql, CardKind.PUNCH, total_uses=10)

    # when 1 and then 3 uses are taken
    first = await _use(gql, {"cardId": card["id"], "uses": 1})
    second = await _use(gql, {"cardId": card["id"], "uses": 3})

    # then 6 remain, on the use and on the card
    assert first["userErrors"] == [] and second["userErrors"] == []
    assert first["cardUse"]["remainingUses"] == 9
    assert second["cardUse"]["uses"] == 3
    assert second["cardUse"]["remainingUses"] == 6
    assert second["card"]["remainingUses"] == 6
    assert (await MemberCard.get(id=(await MemberCard.first()).id)).remaining_uses == 6  # type: ignore[union-attr]
    assert await CardUse.all().count() == 2


async def test_stored_value_card_use_spends_balance(gql) -> None:
    # given a stored-value card with 1,200 on it
    _, card = await _card(gql, CardKind.STORED_VALUE, face_value_cents=120000)

    # when 199.90 is spent
    out = await _use(gql, {"cardId": card["id"], "amount": "199.90"})

    # then 1,000.10 is left
    assert out["userErrors"] == []
    assert out["cardUse"]["amount"] == "199.90"
    assert out["cardUse"]["balance"] == "1000.10"
    assert out["card"]["balance"] == "1000.10"
    assert out["card"]["remainingUses"] is None


async def test_expired_card_is_refused(gql) -> None:
    # given a punch card valid for 30 days
    _, card = await _card(gql, CardKind.PUNCH, total_uses=5, validity_days=30)

    # when it is used 31 days later
    clock.set_now(NOW + timedelta(days=31))
    out = await _use(gql, {"cardId": card["id"], "uses": 1})

    # then it is refused as EXPIRED and nothing changes
    assert out["cardUse"] is None
    assert errors_of(out) == [(["input", "cardId"], "EXPIRED")]
    assert await CardUse.all().count() == 0
    assert (await MemberCard.first()).remaining_uses == 5  # type: ignore[union-attr]
    data = await gql(
        MEMBER_TOTALS, {"id": (await gql("{ members(first: 1) { nodes { id } } }"))["members"]["nodes"][0]["id"]}
    )
    assert data["member"]["cards"][0]["expired"] is True


async def test_not_enough_uses_or_balance_is_insufficient(gql) -> None:
    # given a punch card with 2 uses and a stored-value card with 50
    _, punch = await _card(gql, CardKind.PUNCH, total_uses=2)
    _, value = await _card(gql, CardKind.STORED_VALUE, face_value_cents=5000)

    # when 3 uses and 50.01 are asked for
    out_p = await _use(gql, {"cardId": punch["id"], "uses": 3})
    out_v = await _use(gql, {"cardId": value["id"], "amount": "50.01"})

    # then both are INSUFFICIENT on their field and nothing changes
    assert errors_of(out_p) == [(["input", "uses"], "INSUFFICIENT")]
    assert errors_of(out_v) == [(["input", "amount"], "INSUFFICIENT")]
    assert await CardUse.all().count() == 0

    # and exactly what is there can be used
    assert (await _use(gql, {"cardId": punch["id"], "uses": 2}))["card"]["remainingUses"] == 0
    assert (await _use(gql, {"cardId": value["id"], "amount": "50.00"}))["card"]["balance"] == "0.00"
    assert errors_of(await _use(gql, {"cardId": punch["id"], "uses": 1})) == [(["input", "uses"], "INSUFFICIENT")]


async def test_card_use_with_the_wrong_measure_or_unknown_card_is_refused(gql) -> None:
    _, punch = await _card(gql, CardKind.PUNCH)
    _, value = await _card(gql, CardKind.STORED_VALUE)
    assert errors_of(await _use(gql, {"cardId": punch["id"], "amount": "5.00"})) == [
        (["input", "amount"], "INVALID"),
        (["input", "uses"], "OUT_OF_RANGE"),
    ]
    assert errors_of(await _use(gql, {"cardId": value["id"], "uses": 1})) == [
        (["input", "uses"], "INVALID"),
        (["input", "amount"], "OUT_OF_RANGE"),
    ]
    assert errors_of(await _use(gql, {"cardId": punch["id"], "uses": -1})) == [(["input", "uses"], "OUT_OF_RANGE")]
    assert errors_of(await _use(gql, {"cardId": gid("MemberCard", 9999), "uses": 1})) == [
        (["input", "cardId"], "NOT_FOUND")
    ]
    assert errors_of(await _use(gql, {"cardId": gid("Member", 1), "uses": 1})) == [(["input", "cardId"], "INVALID")]
    assert await CardUse.all().count() == 0


# --- service completions -------------------------------------------------------------------------


async def test_service_complete_by_order_line_or_product(gql) -> None:
    # given a member who bought a service
    clock.set_now(NOW)
    member = await make_member()
    lash = await make_product(LineKind.SERVICE, name="睫毛嫁接")
    order = await _order(gql, member.id, [{"productId": gid("Product", lash.id)}])
    line_id = order["lines"][0]["id"]

    # when the service is completed against the line, and once more by product
    by_line = await _complete(gql, {"memberId": gid("Member", member.id), "orderLineId": line_id})
    by_product = await _complete(gql, {"memberId": gid("Member", member.id), "productId": gid("Product", lash.id)})

    # then both are stored, with the product known
    assert by_line["userErrors"] == [] and by_product["userErrors"] == []
    assert by_line["completion"]["productId"] == gid("Product", lash.id)
    assert by_product["completion"]["productId"] == gid("Product", lash.id)
    rows = await ServiceCompletion.filter(member_id=member.id).order_by("id")
    assert [(r.order_line_id, r.product_id) for r in rows] == [(int(line_id), lash.id), (None, lash.id)]


async def test_service_complete_refuses_bad_input(gql) -> None:
    # given two members, a goods line and a service line of the first
    clock.set_now(NOW)
    alice, bob = await make_member(), await make_member()
    goods = await make_product(LineKind.GOODS)
    service = await make_product(LineKind.SERVICE)
    order = await _order(
        gql, alice.id, [{"productId": gid("Product", goods.id)}, {"productId": gid("Product", service.id)}]
    )
    goods_line, service_line = (ln["id"] for ln in order["lines"])
    alice_id, bob_id = gid("Member", alice.id), gid("Member", bob.id)

    cases = [
        ({"memberId": alice_id}, [(["input", "productId"], "REQUIRED")]),
        ({"memberId": alice_id, "productId": gid("Product", goods.id)}, [(["input", "productId"], "INVALID")]),
        ({"memberId": alice_id, "productId": gid("Product", 5555)}, [(["input", "productId"], "NOT_FOUND")]),
        ({"memberId": alice_id, "orderLineId": goods_line}, [(["input", "orderLineId"], "INVALID")]),
        ({"memberId": bob_id, "orderLineId": service_line}, [(["input", "orderLineId"], "INVALID")]),
        ({"memberId": alice_id, "orderLineId": "987654"}, [(["input", "orderLineId"], "NOT_FOUND")]),
        ({"memberId": alice_id, "orderLineId": "x1"}, [(["input", "orderLineId"], "INVALID")]),
        (
            {"memberId": gid("Member", 4242), "productId": gid("Product", service.id)},
            [(["input", "memberId"], "NOT_FOUND")],
        ),
        (
            {
                "memberId": alice_id,
                "productId": gid("Product", service.id),
                "completedAt": (NOW + timedelta(hours=2)).isoformat(),
            },
            [(["input", "completedAt"], "OUT_OF_RANGE")],
        ),
        (
            {"memberId": alice_id, "productId": gid("Product", service.id), "storeId": gid("Store", 4242)},
            [(["input", "storeId"], "NOT_FOUND")],
        ),
    ]
    # when each is sent, then each names its field and nothing is stored
    for input, expected in cases:
        out = await _complete(gql, input)
        assert out["completion"] is None, input
        assert errors_of(out) == expected, input
    assert await ServiceCompletion.all().count() == 0
