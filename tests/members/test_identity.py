"""Member identity is per retail company: a phone is unique within a company, and the duplicate
checks of memberCreate / memberUpdate look only inside the member's company, so a caller learns
nothing about other companies' members."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from api.accounts.models import Role
from api.members.models import Member
from tests.factories import make_company, make_guide, make_member, make_store, make_token
from tests.helpers import MEMBER_CREATE, MEMBER_UPDATE, errors_of, gid

PHONE = "13900001111"


async def _world() -> dict[str, Any]:
    """Companies A and B, each with a store and a guide; a member of B holds PHONE."""
    a, b = await make_company(), await make_company()
    sa, sb = await make_store(a), await make_store(b)
    ga, gb = await make_guide(sa), await make_guide(sb)
    mb = await make_member(phone=PHONE, home_store=sb)
    return {"a": a, "b": b, "sa": sa, "sb": sb, "ga": ga, "gb": gb, "mb": mb}


async def _create_as(gql: Any, token: str, input: dict[str, Any]) -> dict[str, Any]:
    async with gql.as_token(token) as client:
        return (await client(MEMBER_CREATE, {"input": input}))["memberCreate"]  # type: ignore[no-any-return]


async def test_company_admin_creates_a_member_with_a_phone_of_another_company(gql) -> None:
    # given PHONE belongs to a member of company B, and a company admin of A
    w = await _world()
    token = await make_token(Role.COMPANY_ADMIN, company_id=w["a"].id)

    # when the admin of A creates a member with PHONE in A's store
    out = await _create_as(gql, token, {"name": "张三", "phone": PHONE, "homeStoreId": gid("Store", w["sa"].id)})

    # then it is created (nothing said about B) and owned by A
    assert out["userErrors"] == []
    created = await Member.get(phone=PHONE, company_id=w["a"].id)
    assert created.home_store_id == w["sa"].id
    assert await Member.filter(phone=PHONE).count() == 2

    # and the same phone again in A is a DUPLICATE on the phone field
    again = await _create_as(gql, token, {"name": "张三", "phone": PHONE, "homeStoreId": gid("Store", w["sa"].id)})
    assert errors_of(again) == [(["input", "phone"], "DUPLICATE")]
    assert await Member.filter(phone=PHONE).count() == 2


async def test_store_manager_create_is_checked_inside_its_company_only(gql) -> None:
    # given PHONE in company B, and a manager of A's store
    w = await _world()
    token = await make_token(Role.STORE_MANAGER, store_ids=[w["sa"].id])

    # when the manager creates a member with PHONE (their single store is the default home store)
    out = await _create_as(gql, token, {"name": "李四", "phone": PHONE})

    # then it is created in A
    assert out["userErrors"] == []
    assert (await Member.get(phone=PHONE, company_id=w["a"].id)).home_store_id == w["sa"].id

    # and a second one with PHONE is a DUPLICATE
    again = await _create_as(gql, token, {"name": "李四", "phone": PHONE})
    assert errors_of(again) == [(["input", "phone"], "DUPLICATE")]


async def test_guide_create_without_a_home_store_belongs_to_the_guides_company(gql) -> None:
    # given PHONE in company B, and a guide of A
    w = await _world()
    token = await make_token(Role.GUIDE, guide_id=w["ga"].id)

    # when the guide creates a member with PHONE and no home store
    out = await _create_as(gql, token, {"name": "王五", "phone": PHONE})

    # then it is created, owned by the guide and by the guide's company
    assert out["userErrors"] == []
    created = await Member.get(phone=PHONE, company_id=w["a"].id)
    assert (created.guide_id, created.home_store_id) == (w["ga"].id, None)

    # and the guide's second member with PHONE is a DUPLICATE
    again = await _create_as(gql, token, {"name": "王五", "phone": PHONE})
    assert errors_of(again) == [(["input", "phone"], "DUPLICATE")]


async def test_admin_member_without_store_or_guide_is_hq_only_and_unique_there(gql) -> None:
    # given PHONE in company B
    w = await _world()

    # when an admin creates a member with PHONE and no store or guide, twice
    first = (await gql(MEMBER_CREATE, {"input": {"name": "赵六", "phone": PHONE}}))["memberCreate"]
    second = (await gql(MEMBER_CREATE, {"input": {"name": "赵六", "phone": PHONE}}))["memberCreate"]

    # then the first is an HQ-only member (no company) and the second a DUPLICATE among those
    assert first["userErrors"] == []
    assert (await Member.get(phone=PHONE, company_id=None)).id != w["mb"].id
    assert errors_of(second) == [(["input", "phone"], "DUPLICATE")]


async def test_update_moves_the_company_with_the_home_store_and_checks_the_phone_there(gql) -> None:
    # given PHONE in B, and a member of A with another phone and one with PHONE in A
    w = await _world()
    other = await make_member(phone="13900002222", home_store=w["sa"])
    assert other.company_id == w["a"].id

    # when an admin moves that member to B's store, keeping its phone
    out = (
        await gql(MEMBER_UPDATE, {"id": gid("Member", other.id), "input": {"homeStoreId": gid("Store", w["sb"].id)}})
    )["memberUpdate"]

    # then its company follows the home store
    assert out["userErrors"] == []
    assert (await Member.get(id=other.id)).company_id == w["b"].id

    # and changing its phone to PHONE, which B already has, is a DUPLICATE
    clash = (await gql(MEMBER_UPDATE, {"id": gid("Member", other.id), "input": {"phone": PHONE}}))["memberUpdate"]
    assert errors_of(clash) == [(["input", "phone"], "DUPLICATE")]

    # and moving a member holding PHONE from A into B is a DUPLICATE too
    in_a = await make_member(phone=PHONE, home_store=w["sa"])
    move = (
        await gql(MEMBER_UPDATE, {"id": gid("Member", in_a.id), "input": {"homeStoreId": gid("Store", w["sb"].id)}})
    )["memberUpdate"]
    assert errors_of(move) == [(["input", "phone"], "DUPLICATE")]
    assert (await Member.get(id=in_a.id)).company_id == w["a"].id


async def test_the_database_refuses_a_second_phone_within_one_company_only(db) -> None:
    # given a member of company A with PHONE and an HQ-only member with PHONE
    a, b = await make_company(), await make_company()
    sa, sb = await make_store(a), await make_store(b)
    await make_member(phone=PHONE, home_store=sa)
    await make_member(phone=PHONE)

    # when rows are written behind the services' back
    await make_member(phone=PHONE, home_store=sb)  # another company: allowed

    # then a second PHONE in A, or a second HQ-only PHONE, violates the unique index
    for kw in ({"home_store": sa}, {}):
        try:
            await make_member(phone=PHONE, **kw)
        except IntegrityError:
            continue
        raise AssertionError(f"a duplicate phone was stored ({kw})")
    assert await Member.filter(phone=PHONE).count() == 3
