"""The shared mutation wrapper: one transaction, and database integrity errors as DUPLICATE userErrors."""

from __future__ import annotations

import asyncio
from typing import Any

from api.core import clock
from api.members.models import Member
from api.org.models import RetailCompany
from schema.core.errors import mutate
from schema.members.errors import MemberErrorCode, MemberUserError
from schema.members.mutations import MemberCreatePayload
from tests.factories import GraphQLClient, make_member, make_token
from tests.helpers import MEMBER_CREATE


async def test_ten_concurrent_creates_with_one_phone_make_one_member(app) -> None:
    # given an admin token
    secret = await make_token()

    # when 10 clients create a member with the same phone at the same time
    async def create(i: int) -> dict[str, Any]:
        async with GraphQLClient(app, secret) as client:
            return await client.raw(MEMBER_CREATE, {"input": {"name": f"同号{i}", "phone": "13900001111"}})

    bodies = await asyncio.gather(*(create(i) for i in range(10)))

    # then there is one member; every other answer is a DUPLICATE on the phone, none a top-level error
    assert all(not b.get("errors") for b in bodies), [b.get("errors") for b in bodies]
    outs = [b["data"]["memberCreate"] for b in bodies]
    assert sum(1 for o in outs if o["member"] and not o["userErrors"]) == 1
    refused = [o for o in outs if o["userErrors"]]
    assert len(refused) == 9
    for o in refused:
        assert o["member"] is None
        assert [(e["field"], e["code"]) for e in o["userErrors"]] == [(["input", "phone"], "DUPLICATE")]
        assert "constraint" not in o["userErrors"][0]["message"].lower()
    assert await Member.filter(phone="13900001111").count() == 1


async def test_an_integrity_error_rolls_back_everything_the_mutation_wrote(db: None) -> None:
    # given a member with a phone
    await make_member(phone="13900002222")

    # when a mutation writes a row and then loses a unique constraint to the database itself
    async def action() -> dict[str, Any]:
        await RetailCompany.create(name="half-written", code="HALF")
        await Member.create(name="clash", phone="13900002222", registered_at=clock.now())
        return {"member": None}

    out = await mutate(MemberCreatePayload, MemberUserError, MemberErrorCode, action)

    # then the payload holds a DUPLICATE naming the field, without the database's message
    assert [(e.field, e.code) for e in out.user_errors] == [(["input", "phone"], MemberErrorCode.DUPLICATE)]
    assert "constraint" not in out.user_errors[0].message.lower()

    # and the row written before the failure is gone too
    assert not await RetailCompany.exists(code="HALF")
    assert await Member.filter(phone="13900002222").count() == 1


async def test_a_domain_error_also_rolls_back_earlier_writes(db: None) -> None:
    from api.core.errors import DomainError

    async def action() -> dict[str, Any]:
        await RetailCompany.create(name="half-written", code="HALF2")
        raise DomainError.single(["input", "name"], "No.", "INVALID")

    out = await mutate(MemberCreatePayload, MemberUserError, MemberErrorCode, action)
    assert [(e.field, e.code) for e in out.user_errors] == [(["input", "name"], MemberErrorCode.INVALID)]
    assert not await RetailCompany.exists(code="HALF2")
