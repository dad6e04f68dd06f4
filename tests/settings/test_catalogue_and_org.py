"""Organisation and catalogue through GraphQL: validation with field paths, nothing half-written,
and an audit entry for every change."""

from __future__ import annotations

from typing import Any

from api.audit.models import AuditEvent
from api.loyalty.models import CardProduct, Tier
from api.orders.models import Product
from api.org.models import Guide, RetailCompany, Store
from tests.factories import make_company, make_guide, make_store, make_tier
from tests.helpers import counts, errors_of, gid

STORE_CREATE = """mutation($input: StoreCreateInput!) { storeCreate(input: $input) {
  store { id name code city company { code } } userErrors { field message code } } }"""
GUIDE_UPDATE = """mutation($id: ID!, $input: GuideUpdateInput!) { guideUpdate(id: $id, input: $input) {
  guide { id name active store { code } } userErrors { field message code } } }"""
TIER_CREATE = """mutation($input: TierCreateInput!) { tierCreate(input: $input) {
  tier { id name level threshold } userErrors { field message code } } }"""
TIER_UPDATE = """mutation($id: ID!, $input: TierUpdateInput!) { tierUpdate(id: $id, input: $input) {
  tier { id name level threshold } userErrors { field message code } } }"""
PRODUCT_CREATE = """mutation($input: ProductCreateInput!) { productCreate(input: $input) {
  product { id sku price kind } userErrors { field message code } } }"""
CARD_CREATE = """mutation($input: CardProductCreateInput!) { cardProductCreate(input: $input) {
  cardProduct { id name kind totalUses faceValue validityDays } userErrors { field message code } } }"""
COMPANY_UPDATE = """mutation($id: ID!, $input: RetailCompanyUpdateInput!) {
  retailCompanyUpdate(id: $id, input: $input) {
  retailCompany { id name code } userErrors { field message code } } }"""


async def test_store_create_validates_every_field_at_once_and_writes_nothing(gql: Any) -> None:
    # given a store whose code is taken
    company = await make_company()
    await make_store(company, code="SH01")
    before = await counts(Store, AuditEvent)
    # when a store is created with a blank name, a taken code and an unknown company
    data = await gql(STORE_CREATE, {"input": {"companyId": gid("RetailCompany", 999), "name": " ", "code": "SH01"}})
    # then every problem is answered with its path, and nothing is stored
    assert sorted(map(str, errors_of(data["storeCreate"]))) == sorted(
        map(
            str,
            [
                (["input", "companyId"], "NOT_FOUND"),
                (["input", "name"], "REQUIRED"),
                (["input", "code"], "DUPLICATE"),
            ],
        )
    )
    assert data["storeCreate"]["store"] is None
    assert await counts(Store, AuditEvent) == before


async def test_a_store_code_too_long_with_spaces_is_a_user_error_not_an_orm_error(gql: Any) -> None:
    # given a company (a fuzzer found this: the duplicate check ran the ORM's own length check first)
    company = await make_company()
    before = await counts(Store, AuditEvent)
    code = "पन्ह पन्ह त्र र्च कृकृ ड्ड न्हृे إلا بسم الله"
    assert len(code) == 45
    # when a store is created with a 45-character code holding spaces
    data = await gql(STORE_CREATE, {"input": {"companyId": gid("RetailCompany", company.id), "name": "DD",
                                              "code": code}})
    # then the code's problems come back as userErrors on the field; nothing is stored
    assert errors_of(data["storeCreate"]) == [(["input", "code"], "TOO_LONG"), (["input", "code"], "INVALID")]
    assert data["storeCreate"]["store"] is None
    assert await counts(Store, AuditEvent) == before


def test_a_value_the_orm_refuses_maps_to_a_field_error_without_the_value() -> None:
    from tortoise.exceptions import ValidationError

    from schema.core.errors import validation_error

    # given the ORM's own refusal of a value too long for its column
    try:
        Store._meta.fields_map["code"].validate("秘" * 41)
    except ValidationError as exc:
        error = validation_error(exc)
    # then it names the input field and the limit, and does not echo the value
    assert (error.field, error.code) == (("input", "code"), "TOO_LONG")
    assert error.message == "code is at most 40 characters." and "秘" not in error.message


async def test_store_create_stores_and_audits(gql: Any) -> None:
    # given a company
    company = await make_company(code="ACME")
    # when an admin creates a store in it
    data = await gql(
        STORE_CREATE,
        {"input": {"companyId": gid("RetailCompany", company.id), "name": " 静安店 ", "code": "JA1", "city": "上海"}},
    )
    # then the store is there, trimmed, and the audit log says who did it
    store = data["storeCreate"]["store"]
    assert (store["name"], store["code"], store["city"], store["company"]["code"]) == ("静安店", "JA1", "上海", "ACME")
    event = await AuditEvent.get(action="store.create")
    assert event.actor_kind == "token" and event.target_type == "Store" and event.details["code"] == "JA1"
    assert event.ip == "127.0.0.1"


async def test_company_update_records_before_and_after(gql: Any) -> None:
    # given a company
    company = await make_company(name="Old", code="OLD")
    # when it is renamed (code left out)
    data = await gql(COMPANY_UPDATE, {"id": gid("RetailCompany", company.id), "input": {"name": "New"}})
    # then only the name changed, and the audit entry has before and after
    assert data["retailCompanyUpdate"]["retailCompany"] == {
        "id": gid("RetailCompany", company.id),
        "name": "New",
        "code": "OLD",
    }
    event = await AuditEvent.get(action="company.update")
    assert event.details == {"changes": {"name": ["Old", "New"]}}


async def test_guide_deactivate_and_move_within_reach(gql: Any) -> None:
    # given a guide in a store and another store of the same company
    store = await make_store()
    other = await make_store(await RetailCompany.get(id=store.company_id))
    guide = await make_guide(store)
    # when the guide moves store, then is deactivated
    moved = await gql(GUIDE_UPDATE, {"id": gid("Guide", guide.id), "input": {"storeId": gid("Store", other.id)}})
    gone = await gql(GUIDE_UPDATE, {"id": gid("Guide", guide.id), "input": {"active": False}})
    # then both show, the guide still exists (never deleted), and the log names each step
    assert moved["guideUpdate"]["guide"]["store"]["code"] == other.code
    assert gone["guideUpdate"]["guide"]["active"] is False
    assert await Guide.filter(id=guide.id, active=False).exists()
    actions = await AuditEvent.exclude(action__startswith="login.").order_by("id").values_list("action", flat=True)
    assert actions == ["guide.update", "guide.deactivate"]


async def test_guide_codes_are_unique(gql: Any) -> None:
    # given two guides
    a, b = await make_guide(code="E1"), await make_guide(code="E2", wecom_user_id="wx-e2")
    # when one takes the other's code and WeCom id
    data = await gql(GUIDE_UPDATE, {"id": gid("Guide", a.id), "input": {"code": "E2", "wecomUserId": "wx-e2"}})
    # then both are DUPLICATE, and nothing changed
    assert sorted(map(str, errors_of(data["guideUpdate"]))) == sorted(
        map(str, [(["input", "code"], "DUPLICATE"), (["input", "wecomUserId"], "DUPLICATE")])
    )
    assert (await Guide.get(id=a.id)).code == "E1" and b.code == "E2"


async def test_tier_levels_and_thresholds_are_ordered(gql: Any) -> None:
    # given silver (level 1, 1000) and gold (level 2, 5000)
    await make_tier(1, 100000, "Silver")
    gold = await make_tier(2, 500000, "Gold")
    # when a platinum tier needs less than gold, a tier reuses level 1, and gold drops below silver
    cheap = await gql(TIER_CREATE, {"input": {"name": "Platinum", "level": 3, "threshold": "4000"}})
    clash = await gql(TIER_CREATE, {"input": {"name": "Bronze", "level": 1, "threshold": "10"}})
    drop = await gql(TIER_UPDATE, {"id": gid("Tier", gold.id), "input": {"threshold": "999.99"}})
    negative = await gql(TIER_CREATE, {"input": {"name": "Neg", "level": 0, "threshold": "-1"}})
    # then each is refused on the right field, and nothing changed
    assert errors_of(cheap["tierCreate"]) == [(["input", "threshold"], "OUT_OF_RANGE")]
    assert (["input", "level"], "DUPLICATE") in errors_of(clash["tierCreate"])
    assert errors_of(drop["tierUpdate"]) == [(["input", "threshold"], "OUT_OF_RANGE")]
    assert errors_of(negative["tierCreate"]) == [(["input", "threshold"], "OUT_OF_RANGE")]
    assert await Tier.all().order_by("level").values_list("name", "threshold_cents") == [
        ("Silver", 100000),
        ("Gold", 500000),
    ]
    # and a well-ordered tier is accepted
    ok = await gql(TIER_CREATE, {"input": {"name": "Platinum", "level": 3, "threshold": "20000.50"}})
    assert ok["tierCreate"]["tier"]["threshold"] == "20000.50"


async def test_product_validation_and_duplicate_sku(gql: Any) -> None:
    # given a product
    first = await gql(
        PRODUCT_CREATE, {"input": {"sku": "A-1", "name": "精华", "kind": "GOODS", "category": "护肤", "price": "99.5"}}
    )
    assert first["productCreate"]["product"]["price"] == "99.50"
    # when another takes its SKU with no name, one has a 3-decimal price, one a negative price
    bad = await gql(
        PRODUCT_CREATE, {"input": {"sku": "A-1", "name": "", "kind": "SERVICE", "category": "x", "price": "1"}}
    )
    decimals = await gql(
        PRODUCT_CREATE, {"input": {"sku": "A-3", "name": "n", "kind": "SERVICE", "category": "x", "price": "1.005"}}
    )
    neg = await gql(
        PRODUCT_CREATE, {"input": {"sku": "A-2", "name": "n", "kind": "SERVICE", "category": "x", "price": "-1"}}
    )
    # then every field is named, and only the first product exists
    assert sorted(map(str, errors_of(bad["productCreate"]))) == sorted(
        map(str, [(["input", "sku"], "DUPLICATE"), (["input", "name"], "REQUIRED")])
    )
    assert errors_of(decimals["productCreate"]) == [(["input", "price"], "INVALID")]
    assert errors_of(neg["productCreate"]) == [(["input", "price"], "OUT_OF_RANGE")]
    assert await Product.all().count() == 1


async def test_card_products_by_kind(gql: Any) -> None:
    # when a punch card is created without uses, a stored-value card with uses, and a valid punch card
    no_uses = await gql(CARD_CREATE, {"input": {"name": "次卡", "kind": "PUNCH", "price": "100"}})
    sv_uses = await gql(
        CARD_CREATE,
        {"input": {"name": "储值卡", "kind": "STORED_VALUE", "price": "1000", "faceValue": "1200", "totalUses": 3}},
    )
    ok = await gql(
        CARD_CREATE, {"input": {"name": "10次卡", "kind": "PUNCH", "price": "500", "totalUses": 10, "validityDays": 90}}
    )
    # then the two bad ones are refused on totalUses, the good one stored
    assert errors_of(no_uses["cardProductCreate"]) == [(["input", "totalUses"], "REQUIRED")]
    assert errors_of(sv_uses["cardProductCreate"]) == [(["input", "totalUses"], "INVALID")]
    assert ok["cardProductCreate"]["cardProduct"]["totalUses"] == 10
    assert await CardProduct.all().count() == 1
    assert await AuditEvent.filter(action="card_product.create").count() == 1


async def test_bad_global_id_is_a_user_error(gql: Any) -> None:
    # when an update names a store with a garbage id
    data = await gql(
        'mutation { storeUpdate(id: "nope", input: {name: "x"}) { store { id } userErrors { field code } } }'
    )
    # then it is an INVALID userError on id, not a top-level error
    assert data["storeUpdate"]["userErrors"] == [{"field": ["id"], "code": "INVALID"}]
