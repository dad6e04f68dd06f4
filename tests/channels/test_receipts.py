"""Delivery receipts: signed like outgoing bodies, fresh, deduplicated; forged or replayed change nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx

from api.channels.base import signed_headers
from api.channels.models import MessageSend, SendStatus
from api.channels.provider_models import ReceiptSeen
from api.core import clock
from tests.factories import channels_make_provider, channels_make_send, make_company, make_member, make_store

SECRET = "receipt-secret"


def _signed(payload: object, secret: str = SECRET, at: int | None = None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    ts = str(at if at is not None else int(clock.now().timestamp()))
    return body, {"Content-Type": "application/json", **signed_headers(secret, ts, body)}


async def _sent(channel: str = "SMS", member=None) -> MessageSend:  # type: ignore[no-untyped-def]
    send = await channels_make_send(member or await make_member(), channel, "1")
    await MessageSend.filter(id=send.id).update(status=SendStatus.SENT, sent_at=clock.now())
    await send.refresh_from_db()
    return send


async def test_delivered_and_failed_receipts_apply_once(anon_client: httpx.AsyncClient) -> None:
    provider = await channels_make_provider("SMS", "https://sms.example/send", SECRET)
    a, b = await _sent(), await _sent()
    body, headers = _signed({"receipts": [
        {"id": "r1", "sendId": str(a.id), "status": "delivered"},
        {"id": "r2", "sendId": b.id, "status": "failed", "error": "handset off"},
    ]})
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ok", "applied": 2, "duplicates": 0, "unknown": 0}
    await a.refresh_from_db()
    await b.refresh_from_db()
    assert a.status == SendStatus.DELIVERED and a.delivered_at is not None
    assert b.status == SendStatus.FAILED and b.reason == "receipt: handset off"
    # the same receipts again (a provider retrying its webhook): duplicates, nothing changes
    clock.set_now(clock.now() + timedelta(seconds=10))
    body, headers = _signed({"receipts": [{"id": "r1", "sendId": b.id, "status": "delivered"}]})
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.json()["duplicates"] == 1
    await b.refresh_from_db()
    assert b.status == SendStatus.FAILED
    assert await ReceiptSeen.all().count() == 2


async def test_forged_signature_is_401_and_changes_nothing(anon_client: httpx.AsyncClient) -> None:
    provider = await channels_make_provider("SMS", "https://sms.example/send", SECRET)
    send = await _sent()
    body, headers = _signed({"id": "r1", "sendId": send.id, "status": "delivered"}, secret="wrong")
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.status_code == 401 and r.json()["error"] == "BAD_SIGNATURE"
    # a body changed after signing
    body, headers = _signed({"id": "r1", "sendId": send.id, "status": "delivered"})
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body.replace(b"delivered", b"failed"),
                               headers=headers)
    assert r.status_code == 401
    # unsigned
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body)
    assert r.status_code == 401 and r.json()["error"] == "UNSIGNED"
    await send.refresh_from_db()
    assert send.status == SendStatus.SENT and await ReceiptSeen.all().count() == 0


async def test_replayed_old_receipt_is_409_and_changes_nothing(anon_client: httpx.AsyncClient) -> None:
    clock.set_now(clock.now())
    provider = await channels_make_provider("SMS", "https://sms.example/send", SECRET)
    send = await _sent()
    old = int(clock.now().timestamp()) - 301
    body, headers = _signed({"id": "r9", "sendId": send.id, "status": "delivered"}, at=old)
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.status_code == 409 and r.json()["error"] == "STALE" and "replay window" in r.json()["message"]
    # a captured fresh receipt replayed ten minutes later
    body, headers = _signed({"id": "r9", "sendId": send.id, "status": "delivered"})
    clock.advance(timedelta(minutes=10))
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.status_code == 409
    await send.refresh_from_db()
    assert send.status == SendStatus.SENT and await ReceiptSeen.all().count() == 0


async def test_unknown_provider_malformed_body_and_other_channels_send(anon_client: httpx.AsyncClient) -> None:
    provider = await channels_make_provider("SMS", "https://sms.example/send", SECRET)
    r = await anon_client.post("/hooks/receipts/999999", content=b"{}")
    assert r.status_code == 404
    body, headers = _signed({"nope": 1})
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.status_code == 400 and r.json()["error"] == "MALFORMED"
    # a receipt naming another channel's send (or a company's own provider's) is ignored
    email = await _sent("EMAIL")
    company = await make_company()
    await channels_make_provider("SMS", "https://co.example/send", "x", company_id=company.id)
    co_send = await _sent("SMS", await make_member(home_store=await make_store(company)))
    body, headers = _signed({"receipts": [
        {"id": "a", "sendId": email.id, "status": "delivered"},
        {"id": "b", "sendId": co_send.id, "status": "delivered"},
        {"id": "c", "sendId": 987654321, "status": "delivered"},
    ]})
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.json() == {"status": "ok", "applied": 0, "duplicates": 0, "unknown": 3}
    await email.refresh_from_db()
    await co_send.refresh_from_db()
    assert email.status == SendStatus.SENT and co_send.status == SendStatus.SENT


async def test_receipt_overtaking_the_sent_write_marks_delivered_and_the_relay_skips_it(
    anon_client: httpx.AsyncClient,
) -> None:
    from api.channels import outbox

    provider = await channels_make_provider("SMS", "https://sms.example/send", SECRET)
    send = await channels_make_send(await make_member(), "SMS", "1")  # still QUEUED
    body, headers = _signed({"id": "early", "sendId": send.id, "status": "delivered"})
    r = await anon_client.post(f"/hooks/receipts/{provider.id}", content=body, headers=headers)
    assert r.json()["applied"] == 1
    await send.refresh_from_db()
    assert send.status == SendStatus.DELIVERED and send.sent_at is not None
    assert (await outbox.relay_once()).claimed == 0
