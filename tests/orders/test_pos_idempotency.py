"""cardUse and serviceComplete take the POS's own id: a retried call is stored (and punches) once."""

from __future__ import annotations

import asyncio

from api.core import clock
from api.loyalty.models import CardKind, MemberCard
from api.orders.models import CardUse, LineKind, ServiceCompletion
from tests.factories import dt, make_card_product, make_member, make_product
from tests.helpers import CARD_USE, MEMBER_TOTALS, ORDER_RECORD, SERVICE_COMPLETE, errors_of, gid

NOW = dt("2024-06-01T04:00:00")

CARD_USE_CREATED = CARD_USE.replace("cardUse(input: $input) {", "cardUse(input: $input) {\n    created")
SERVICE_COMPLETE_CREATED = SERVICE_COMPLETE.replace(
    "serviceComplete(input: $input) {", "serviceComplete(input: $input) {\n    created"
)


async def _punch_card(gql, uses: int = 10) -> dict:  # type: ignore[no-untyped-def]
    clock.set_now(NOW)
    member = await make_member()
    product = await make_card_product(CardKind.PUNCH, total_uses=uses)
    out = await gql(
        ORDER_RECORD,
        {"input": {"memberId": gid("Member", member.id), "lines": [{"cardProductId": gid("CardProduct", product.id)}]}},
    )
    assert out["orderRecord"]["userErrors"] == []
    return (await gql(MEMBER_TOTALS, {"id": gid("Member", member.id)}))["member"]["cards"][0]


async def _use(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(CARD_USE_CREATED, {"input": input}))["cardUse"]


async def _complete(gql, input: dict) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(SERVICE_COMPLETE_CREATED, {"input": input}))["serviceComplete"]


async def test_retried_card_use_punches_once_and_returns_the_stored_use(gql) -> None:
    # given a punch card with 10 uses
    card = await _punch_card(gql)

    # when the POS sends the same use twice (a timeout, then a retry)
    first = await _use(gql, {"cardId": card["id"], "uses": 2, "externalId": "pos-42"})
    again = await _use(gql, {"cardId": card["id"], "uses": 2, "externalId": "pos-42"})

    # then the card is punched once and the retry answers with the stored use
    assert first["userErrors"] == [] and again["userErrors"] == []
    assert (first["created"], again["created"]) == (True, False)
    assert again["cardUse"]["id"] == first["cardUse"]["id"]
    assert again["card"]["remainingUses"] == 8
    assert await CardUse.all().count() == 1
    stored = await CardUse.get(id=int(first["cardUse"]["id"]))
    assert (stored.source, stored.external_id) == ("pos", "pos-42")

    # and the same id from another source, or no id at all, is another use
    other = await _use(gql, {"cardId": card["id"], "uses": 1, "externalId": "pos-42", "source": "mini-app"})
    plain = [await _use(gql, {"cardId": card["id"], "uses": 1}) for _ in range(2)]
    assert other["created"] is True and all(p["created"] for p in plain)
    assert plain[1]["card"]["remainingUses"] == 5
    assert await CardUse.all().count() == 4


async def test_retry_after_the_card_ran_out_still_returns_the_stored_use(gql) -> None:
    # given a punch card with one use, used by POS call pos-1
    card = await _punch_card(gql, uses=1)
    first = await _use(gql, {"cardId": card["id"], "uses": 1, "externalId": "pos-1"})
    assert first["card"]["remainingUses"] == 0

    # when the POS retries pos-1
    again = await _use(gql, {"cardId": card["id"], "uses": 1, "externalId": "pos-1"})

    # then it is the stored use, not an "insufficient" refusal
    assert again["userErrors"] == [] and again["created"] is False
    assert again["cardUse"]["id"] == first["cardUse"]["id"]


async def test_card_use_id_reused_for_another_card_is_a_duplicate(gql) -> None:
    # given pos-7 used on one card
    card, other = await _punch_card(gql), await _punch_card(gql)
    assert (await _use(gql, {"cardId": card["id"], "uses": 1, "externalId": "pos-7"}))["userErrors"] == []

    # when pos-7 is sent for another member's card
    out = await _use(gql, {"cardId": other["id"], "uses": 1, "externalId": "pos-7"})

    # then it is refused on externalId and the other card is untouched
    assert out["cardUse"] is None and out["created"] is False
    assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]
    assert [c.remaining_uses for c in await MemberCard.all().order_by("id")] == [9, 10]


async def test_bad_source_or_external_id_names_the_field(gql) -> None:
    card = await _punch_card(gql)
    out = await _use(gql, {"cardId": card["id"], "uses": 1, "externalId": "x" * 81})
    assert errors_of(out) == [(["input", "externalId"], "INVALID")]
    out = await _use(gql, {"cardId": card["id"], "uses": 1, "source": ""})
    assert errors_of(out) == [(["input", "source"], "INVALID")]
    assert await CardUse.all().count() == 0


async def test_ten_concurrent_identical_card_uses_punch_once(gql) -> None:
    # given a punch card with 10 uses
    card = await _punch_card(gql)

    # when the POS fires the same call 10 times at once
    outs = await asyncio.gather(
        *(_use(gql, {"cardId": card["id"], "uses": 1, "externalId": "burst-1"}) for _ in range(10))
    )

    # then there is one use, the card lost one use, and every answer names that use
    assert all(o["userErrors"] == [] for o in outs), [o["userErrors"] for o in outs]
    assert await CardUse.all().count() == 1
    assert [c.remaining_uses for c in await MemberCard.all()] == [9]
    assert sum(o["created"] for o in outs) == 1
    assert len({o["cardUse"]["id"] for o in outs}) == 1


async def test_retried_service_completion_is_stored_once(gql) -> None:
    # given a member and a service product
    clock.set_now(NOW)
    member = await make_member()
    service = await make_product(LineKind.SERVICE)
    call = {"memberId": gid("Member", member.id), "productId": gid("Product", service.id), "externalId": "svc-1"}

    # when the POS sends the completion twice, and once more at the same time five times over
    first = await _complete(gql, call)
    again = await _complete(gql, call)
    burst = await asyncio.gather(*(_complete(gql, {**call, "externalId": "svc-2"}) for _ in range(5)))

    # then each POS id is stored once and a retry returns the stored completion
    assert first["userErrors"] == [] and again["userErrors"] == []
    assert (first["created"], again["created"]) == (True, False)
    assert again["completion"]["id"] == first["completion"]["id"]
    assert all(b["userErrors"] == [] for b in burst) and sum(b["created"] for b in burst) == 1
    assert await ServiceCompletion.all().count() == 2

    # and the id reused for another member is a duplicate
    other = await make_member()
    out = await _complete(gql, {**call, "memberId": gid("Member", other.id)})
    assert out["completion"] is None
    assert errors_of(out) == [(["input", "externalId"], "DUPLICATE")]
    assert await ServiceCompletion.all().count() == 2
