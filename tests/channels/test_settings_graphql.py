"""Provider settings over GraphQL: write-only secrets, userErrors naming fields, company scope, audit."""

from __future__ import annotations

from typing import Any

from api.accounts.models import Role
from api.audit.models import AuditEvent
from api.channels import crypto, services
from api.channels.base import Channel
from api.channels.provider_models import ChannelProvider
from tests.factories import GraphQLClient, make_company, make_store, make_token
from tests.helpers import errors_of, gid

SET = """
mutation($input: ChannelProviderSetInput!) {
  channelProviderSet(input: $input) {
    channelProvider { id channel kind companyId url host port sender secretSet receiptPath }
    userErrors { field message code }
  }
}"""
LIST = "{ channelProviders { id channel companyId companyName sender secretSet } }"
DELETE = "mutation($id: ID!) { channelProviderDelete(id: $id) { deletedId userErrors { field code } } }"


async def test_secret_is_write_only_and_encrypted_at_rest(gql: GraphQLClient) -> None:
    data = await gql(SET, {"input": {"channel": "SMS", "kind": "HTTP", "url": "https://sms.example/send",
                                     "sender": "【Rapport】", "secret": "top-secret-key"}})
    payload = data["channelProviderSet"]
    assert payload["userErrors"] == []
    p = payload["channelProvider"]
    assert p["secretSet"] is True and p["companyId"] is None and "secret" not in p
    # the schema has no field that returns it
    body = await gql.raw("{ channelProviders { secret } }")
    assert body.get("errors")
    row = await ChannelProvider.get()
    assert row.secret_encrypted and "top-secret-key" not in row.secret_encrypted
    assert crypto.decrypt(row.secret_encrypted) == "top-secret-key"
    # updating without a secret keeps it
    data = await gql(SET, {"input": {"channel": "SMS", "kind": "HTTP", "url": "https://sms2.example/send"}})
    assert data["channelProviderSet"]["channelProvider"]["secretSet"] is True
    config = await services.provider_config_for(Channel.SMS, None)
    assert config is not None and config.secret == "top-secret-key" and config.url == "https://sms2.example/send"
    assert await ChannelProvider.all().count() == 1
    # the audit log has the change, never the secret
    events = await AuditEvent.filter(action__startswith="channel_provider").order_by("id")
    assert [e.action for e in events] == ["channel_provider.create", "channel_provider.update"]
    assert all("top-secret-key" not in str(e.details) for e in events)


async def test_bad_input_names_the_field(gql: GraphQLClient) -> None:
    async def errors(inp: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
        return errors_of((await gql(SET, {"input": inp}))["channelProviderSet"])

    assert await errors({"channel": "SMS", "kind": "HTTP", "url": "ftp://x.example/", "secret": "k"}) == [
        (["input", "url"], "INVALID")]
    assert await errors({"channel": "SMS", "kind": "HTTP", "url": "http://sms.example/", "secret": "k"}) == [
        (["input", "url"], "INVALID")]
    assert await errors({"channel": "SMS", "kind": "HTTP", "url": "https://sms.example/"}) == [
        (["input", "secret"], "REQUIRED")]
    assert await errors({"channel": "EMAIL", "kind": "SMTP", "host": "mail.example", "port": 70000,
                         "sender": "a@b.example"}) == [(["input", "port"], "OUT_OF_RANGE")]
    assert await errors({"channel": "SMS", "kind": "SMTP", "host": "mail.example"}) == [
        (["input", "kind"], "INVALID")]
    assert await errors({"channel": "EMAIL", "kind": "SMTP", "host": "mail.example", "sender": "a@b.example",
                         "username": "u"}) == [(["input", "secret"], "REQUIRED")]
    assert await errors({"channel": "WEBHOOK", "kind": "HTTP", "url": "https://h.example/", "secret": "k",
                         "companyId": gid("RetailCompany", 999999)}) == [(["input", "companyId"], "NOT_FOUND")]
    assert await ChannelProvider.all().count() == 0


async def test_company_admin_manages_only_their_company(app, gql: GraphQLClient) -> None:  # type: ignore[no-untyped-def]
    ca, cb = await make_company(name="A"), await make_company(name="B")
    hq = (await gql(SET, {"input": {"channel": "SMS", "kind": "HTTP", "url": "https://hq.example/", "secret": "h"}}))
    b = await gql(SET, {"input": {"channel": "SMS", "kind": "HTTP", "url": "https://b.example/", "secret": "b",
                                  "companyId": gid("RetailCompany", cb.id)}})
    b_id = b["channelProviderSet"]["channelProvider"]["id"]
    hq_id = hq["channelProviderSet"]["channelProvider"]["id"]
    async with GraphQLClient(app, await make_token(Role.COMPANY_ADMIN, company_id=ca.id)) as admin_a:
        # their own company's: allowed
        data = await admin_a(SET, {"input": {"channel": "SMS", "kind": "HTTP", "url": "https://a.example/",
                                             "secret": "a", "companyId": gid("RetailCompany", ca.id)}})
        assert data["channelProviderSet"]["userErrors"] == []
        # HQ's and B's: refused
        data = await admin_a(SET, {"input": {"channel": "PUSH", "kind": "HTTP", "url": "https://x.example/",
                                             "secret": "x"}})
        assert errors_of(data["channelProviderSet"]) == [(["input", "companyId"], "PERMISSION_DENIED")]
        data = await admin_a(SET, {"input": {"channel": "SMS", "kind": "HTTP", "url": "https://x.example/",
                                             "secret": "x", "companyId": gid("RetailCompany", cb.id)}})
        assert errors_of(data["channelProviderSet"]) == [(["input", "companyId"], "NOT_FOUND")]
        assert errors_of((await admin_a(DELETE, {"id": b_id}))["channelProviderDelete"]) == [(["id"], "NOT_FOUND")]
        assert errors_of((await admin_a(DELETE, {"id": hq_id}))["channelProviderDelete"]) == [
            (["id"], "PERMISSION_DENIED")]
        # they see HQ's (the fallback) and their own, not B's
        seen = (await admin_a(LIST))["channelProviders"]
        assert sorted((p["companyName"] or "HQ") for p in seen) == ["A", "HQ"]
    store = await make_store(ca)
    async with GraphQLClient(app, await make_token(Role.STORE_MANAGER, store_ids=[store.id])) as manager:
        assert (await manager(LIST))["channelProviders"] == []
    assert len((await gql(LIST))["channelProviders"]) == 3
    # the company's own provider wins; a company without one falls back to HQ's
    a_cfg = await services.provider_config_for(Channel.SMS, ca.id)
    other = await make_company()
    assert a_cfg is not None and a_cfg.url == "https://a.example/"
    fallback = await services.provider_config_for(Channel.SMS, other.id)
    assert fallback is not None and fallback.url == "https://hq.example/"
    # deleting A's falls back to HQ's
    a_id = next(p["id"] for p in (await gql(LIST))["channelProviders"] if p["companyName"] == "A")
    assert (await gql(DELETE, {"id": a_id}))["channelProviderDelete"]["deletedId"] == a_id
    a_cfg = await services.provider_config_for(Channel.SMS, ca.id)
    assert a_cfg is not None and a_cfg.url == "https://hq.example/"


async def test_hq_has_one_provider_per_channel_in_the_database(db) -> None:
    from tortoise.exceptions import IntegrityError

    from tests.factories import channels_make_provider

    await channels_make_provider("SMS", "https://one.example/")
    try:
        await channels_make_provider("SMS", "https://two.example/")
    except IntegrityError:
        pass
    else:
        raise AssertionError("two HQ providers for SMS")
    company = await make_company()
    await channels_make_provider("SMS", "https://co.example/", company_id=company.id)
    assert await ChannelProvider.all().count() == 2
