"""The scope's three renderings of a viewer's member reach — Tortoise Q, SQL and the audience index's
mask — pick exactly the same members, for random organisations and random viewers of every role."""

from __future__ import annotations

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise import connections

from api.accounts.models import Role
from api.core.db import dialect
from api.core.scope import Reach, Scope
from api.core.viewer import ROLE_SCOPES, Viewer
from api.members.models import Member
from api.org.models import Guide, RetailCompany, Store
from api.segments.audience_index import NULL
from tests.factories import make_company, make_guide, make_member, make_store

ROLES = [Role.ADMIN, Role.COMPANY_ADMIN, Role.STORE_MANAGER, Role.GUIDE, Role.PARTNER]


async def _reset() -> None:
    conn = connections.get("default")
    for table in ("member_tag", "member", "guide", "store", "retail_company"):
        await conn.execute_script(f'DELETE FROM "{table}"')


async def _by_q(scope: Scope) -> set[int]:
    return {int(i) for i in await Member.filter(scope.members_q()).values_list("id", flat=True)}


async def _by_sql(scope: Scope) -> set[int]:
    where, params = scope.members_sql("m")
    text = f"SELECT m.id FROM member m WHERE {where}"
    if dialect() == "postgres":
        for i in range(len(params)):
            text = text.replace("?", f"${i + 1}", 1)
    rows = await connections.get("default").execute_query_dict(text, params)
    return {int(r["id"]) for r in rows}


async def _by_mask(scope: Scope) -> set[int]:
    rows = await Member.all().values_list("id", "home_store_id", "guide_id")
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    home = np.array([NULL if r[1] is None else r[1] for r in rows], dtype=np.int64)
    guide = np.array([NULL if r[2] is None else r[2] for r in rows], dtype=np.int64)
    store_company = dict(await Store.all().values_list("id", "company_id"))
    return {int(i) for i in ids[scope.member_mask(home, guide, store_company)]}


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=os.environ.get("CI") == "true")
@given(
    data=st.data(),
    shape=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(0, 12)),
)
async def test_q_sql_and_mask_pick_the_same_members(db, data: st.DataObject, shape: tuple[int, ...]) -> None:
    # given a random organisation: companies, stores, guides, and members with or without store and guide
    await _reset()
    n_companies, stores_per, guides_per, n_members = shape
    companies = [await make_company() for _ in range(n_companies)]
    stores = [await make_store(c) for c in companies for _ in range(stores_per)]
    guides = [await make_guide(s) for s in stores for _ in range(guides_per)]
    for _ in range(n_members):
        store = data.draw(st.sampled_from([None, *stores]))
        guide = data.draw(st.sampled_from([None, *guides]))
        await make_member(home_store=store, guide=guide)
    # and a random viewer of a random role, sometimes attached to nothing
    role = data.draw(st.sampled_from(ROLES))
    company = data.draw(st.sampled_from([None, *companies]))
    manager_company = data.draw(st.sampled_from(companies))
    own_stores = data.draw(st.lists(st.sampled_from([s for s in stores if s.company_id == manager_company.id]),
                                    max_size=3, unique=True))
    guide = data.draw(st.sampled_from([None, *guides]))
    viewer = Viewer(role=role, name="v", scopes=ROLE_SCOPES[role], company_id=company.id if company else None,
                    store_ids=tuple(s.id for s in own_stores), guide_id=guide.id if guide else None)
    scope = Scope.of(viewer)

    # when each rendering selects members, then they agree
    by_q = await _by_q(scope)
    assert await _by_sql(scope) == by_q
    assert await _by_mask(scope) == by_q
    # and the reach is what the role promises
    every = await Member.all()
    expected = {
        Reach.ALL: {m.id for m in every},
        Reach.NONE: set(),
        Reach.GUIDE: {m.id for m in every if m.guide_id == viewer.guide_id},
        Reach.STORES: {m.id for m in every if m.home_store_id in viewer.store_ids},
        Reach.COMPANY: {m.id for m in every if m.home_store_id in
                        {s.id for s in stores if s.company_id == viewer.company_id}},
    }[scope.reach]
    assert by_q == expected


async def test_organisation_reach_per_role(db) -> None:
    # given two companies, each with a store and a guide
    ca, cb = await make_company(), await make_company()
    sa, sb = await make_store(ca), await make_store(cb)
    ga, gb = await make_guide(sa), await make_guide(sb)

    async def reach(viewer: Viewer) -> tuple[set[int], set[int], set[int]]:
        s = Scope.of(viewer)
        return (
            {c.id for c in await RetailCompany.filter(s.companies_q()).distinct()},
            {x.id for x in await Store.filter(s.stores_q()).distinct()},
            {g.id for g in await Guide.filter(s.guides_q())},
        )

    def v(role: Role, **kw: object) -> Viewer:
        return Viewer(role=role, name="v", scopes=ROLE_SCOPES[role], **kw)  # type: ignore[arg-type]

    # then each role reaches its own part of the organisation only
    assert await reach(v(Role.ADMIN)) == ({ca.id, cb.id}, {sa.id, sb.id}, {ga.id, gb.id})
    assert await reach(v(Role.COMPANY_ADMIN, company_id=ca.id)) == ({ca.id}, {sa.id}, {ga.id})
    assert await reach(v(Role.PARTNER, company_id=cb.id)) == ({cb.id}, {sb.id}, {gb.id})
    assert await reach(v(Role.STORE_MANAGER, store_ids=(sa.id,))) == ({ca.id}, {sa.id}, {ga.id})
    assert await reach(v(Role.GUIDE, guide_id=gb.id)) == ({cb.id}, {sb.id}, {gb.id})
    # and a role attached to nothing reaches nothing
    assert await reach(v(Role.PARTNER)) == (set(), set(), set())
    assert await reach(v(Role.STORE_MANAGER)) == (set(), set(), set())
