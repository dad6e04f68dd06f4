"""Each template parameter for members with and without a guide, store, tier, points and cards; the
bulk loader; and ``render`` as the send gate calls it."""

from __future__ import annotations

from datetime import timedelta

from api.core import clock
from api.loyalty.models import CardKind, MemberCard, PointsEntry
from api.members.models import Member
from api.templates import services
from api.templates.models import Template, TemplateChannel
from api.templates.parameters import PARAMETERS, load_facts, value_of
from tests.factories import dt, make_card_product, make_guide, make_member, make_store, make_tier

NOW = dt("2026-06-01T04:00:00")  # noon in Shanghai


async def _full_member(i: int = 0) -> Member:
    clock.set_now(NOW)
    store = await make_store(name="静安店")
    guide = await make_guide(store, name="李娜", code=f"G-LN{i or ''}")
    tier = await make_tier(2 + i, 100000, name="金卡" + (str(i) if i else ""))
    m = await make_member(name="张伟", home_store=store, guide=guide, tier=tier, points_balance=500)
    for delta, days in ((200, 10), (150, 29), (400, 45)):  # 350 expire within 30 days, 400 later
        await PointsEntry.create(member=m, delta=delta, reason="order", occurred_at=NOW - timedelta(days=300),
                                 expires_at=NOW + timedelta(days=days))
    await PointsEntry.create(member=m, delta=100, reason="old", occurred_at=NOW - timedelta(days=400),
                             expires_at=NOW - timedelta(days=1))  # already expired: not counted
    punch = await make_card_product(CardKind.PUNCH, name="护理次卡")
    stored = await make_card_product(CardKind.STORED_VALUE, name="储值卡")
    await MemberCard.create(member=m, product=stored, balance_cents=50000, issued_at=NOW,
                            expires_at=NOW + timedelta(days=300))
    await MemberCard.create(member=m, product=punch, remaining_uses=3, issued_at=NOW,
                            expires_at=dt("2026-07-31T18:00:00"))  # 2026-08-01 02:00 in Shanghai
    await MemberCard.create(member=m, product=punch, remaining_uses=0, issued_at=NOW,
                            expires_at=NOW + timedelta(days=2))  # used up: not active
    await MemberCard.create(member=m, product=punch, remaining_uses=5, issued_at=NOW - timedelta(days=400),
                            expires_at=NOW - timedelta(days=1))  # expired: not active
    return m


async def test_every_parameter_for_a_member_with_everything(db) -> None:
    m = await _full_member()
    facts = (await load_facts([m]))[m.id]
    values = {name: value_of(name, facts) for name in PARAMETERS}
    assert values == {
        "customer_name": "张伟", "guide_name": "李娜", "store_name": "静安店", "tier_name": "金卡",
        "points_balance": "500", "points_expiring": "350", "card_name": "护理次卡", "card_balance": "0.00",
        "card_remaining_uses": "3", "card_expires_on": "2026-08-01",
    }


async def test_every_parameter_for_a_bare_member_falls_back_to_empty(db) -> None:
    clock.set_now(NOW)
    m = await make_member(name="王芳")
    facts = (await load_facts([m]))[m.id]
    values = {name: value_of(name, facts) for name in PARAMETERS}
    assert values == {
        "customer_name": "王芳", "guide_name": "", "store_name": "", "tier_name": "", "points_balance": "0",
        "points_expiring": "0", "card_name": "", "card_balance": "", "card_remaining_uses": "",
        "card_expires_on": "",
    }


async def test_stored_value_card_and_expiring_points_capped_by_balance(db) -> None:
    clock.set_now(NOW)
    m = await make_member(points_balance=100)
    await PointsEntry.create(member=m, delta=300, reason="order", occurred_at=NOW, expires_at=NOW + timedelta(days=5))
    card = await make_card_product(CardKind.STORED_VALUE, name="储值卡")
    await MemberCard.create(member=m, product=card, balance_cents=12345, issued_at=NOW, expires_at=None)
    facts = (await load_facts([m]))[m.id]
    assert value_of("points_expiring", facts) == "100"  # spent points cannot expire
    assert (value_of("card_name", facts), value_of("card_balance", facts)) == ("储值卡", "123.45")
    assert (value_of("card_remaining_uses", facts), value_of("card_expires_on", facts)) == ("", "")


async def test_facts_for_many_members_load_in_a_fixed_number_of_queries(db) -> None:
    from tests.querycount import count_queries

    members = [await _full_member(i) for i in range(1, 4)] + [await make_member() for _ in range(3)]
    with count_queries() as statements:
        facts = await load_facts(members)
    assert len(facts) == 6 and len(statements) <= 6


async def test_render_as_the_gate_calls_it(db) -> None:
    m = await _full_member()
    tpl = await Template.create(name="t", channel=TemplateChannel.ANY, subject="Hi {customer_name}",
                                text="{customer_name}, {card_name} has {card_remaining_uses} uses.")
    sms = await services.render(tpl.id, m, "SMS")
    assert sms["text"] == "张伟, 护理次卡 has 3 uses." and sms["subject"] is None and sms["media"] == []
    assert (sms["smsLength"], sms["smsSegments"]) == (len(sms["text"]), 1)
    email = await services.render(tpl.id, m, "EMAIL")
    assert email["subject"] == "Hi 张伟" and email["html"] == "<p>张伟, 护理次卡 has 3 uses.</p>"
    many = await services.render_many(tpl.id, [m, await make_member(name="Bob")], "wechat")
    assert [v["text"] for v in many.values()] == ["张伟, 护理次卡 has 3 uses.", "Bob,  has  uses."]


async def test_render_for_push_and_wecom_is_plain_and_a_poster_is_stored_by_content(db) -> None:
    from api.templates import media as media_store

    m = await _full_member()
    tpl = await Template.create(name="p", text="Hi {customer_name}\nline 2", poster_page="pages/a?x=1",
                                poster_guide_param="g")
    for channel in ("push", "WECOM"):
        out = await services.render(tpl.id, m, channel)
        assert out["text"] == "Hi 张伟\nline 2" and out["subject"] is None
        assert "html" not in out and "smsLength" not in out
        assert out["poster"]["page"] == f"pages/a?x=1&g=G-LN&member={m.id}"
        sha = out["poster"]["url"].removeprefix("/media/")
        assert media_store.media_path(sha).read_bytes()[:4] == b"\x89PNG"
    again = await services.render(tpl.id, m, "push")
    assert again["poster"]["url"] == out["poster"]["url"]  # deterministic: one file per member and template


async def test_render_of_a_deleted_template_is_not_found(db) -> None:
    import pytest

    from api.core.errors import DomainError

    m = await make_member()
    tpl = await Template.create(name="gone", text="x", deleted_at=clock.now())
    with pytest.raises(DomainError):
        await services.render(tpl.id, m, "sms")
