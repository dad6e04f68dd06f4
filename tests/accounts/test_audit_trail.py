"""Who did what: logins, imports, exports and settings changes land in the audit log, with no secrets."""

from __future__ import annotations

import httpx

from api.accounts.models import Role
from api.accounts.services import create_user
from api.audit.models import AuditEvent
from tests.factories import GraphQLClient, make_company, make_store, make_token

LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
  viewer { name } userErrors { code } } }"""


async def test_logins_are_audited_with_their_outcome_and_never_the_password(app, redis) -> None:  # type: ignore[no-untyped-def]
    # given a user
    user = await create_user("auditor", "correct-horse", Role.ADMIN)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        # when they mistype their password once, then log in
        for password in ("wrong-horse", "correct-horse"):
            await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "auditor", "p": password}})

    # then both attempts are in the log, in order, and no password is stored
    events = await AuditEvent.all().order_by("id")
    assert [e.action for e in events] == ["login.failure", "login.success"]
    assert events[0].details == {"username": "auditor"} and events[0].actor_user_id is None
    assert events[1].actor_user_id == user.id and events[1].target_id == user.id
    assert all("horse" not in str(e.details) for e in events)
    await redis.flushdb()


async def test_an_import_its_export_and_an_rfm_change_are_audited(app) -> None:  # type: ignore[no-untyped-def]
    # given a company admin
    company = await make_company()
    await make_store(company)
    token = await make_token(Role.COMPANY_ADMIN, company_id=company.id)
    async with GraphQLClient(app, token) as gql:
        # when they import a file, download its row report and change their RFM thresholds
        out = (await gql('mutation { memberImport(input: {csv: "name,phone\\n=1+1,13800000001\\n", '
                         'filename: "m.csv"}) { memberImport { id } userErrors { code } } }'))["memberImport"]
        import_id = out["memberImport"]["id"]
        await gql("query($id: ID!) { memberImportRecord(id: $id) { rowReportCsv } }", {"id": import_id})
        await gql("mutation { rfmThresholdsSet(input: {activeDays: 30, sleepingDays: 90, windowDays: 365, "
                  "frequencyHigh: 3, monetaryHighCents: 100000}) { userErrors { code } } }")

    # then each is in the audit log, attributed to the token
    events = await AuditEvent.all().order_by("id")
    assert [e.action for e in events] == ["member.import", "member.export", "rfm.update"]
    assert {e.actor_token_id for e in events} == {events[0].actor_token_id} and events[0].actor_token_id
    assert events[0].details["filename"] == "m.csv"
    assert events[2].target_id == company.id
