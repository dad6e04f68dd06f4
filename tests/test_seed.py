"""The demo seed: deterministic, internally consistent, and realistic where segments will look.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with ``DATABASE_URL``).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise import Tortoise, connections

from api import seed as seed_module
from api.core import clock
from api.core.db import dialect
from api.members.models import Member
from api.seed import SeedError, seed

NOW = datetime(2026, 3, 15, 4, 30, tzinfo=UTC)
MEMBERS = 600
PHONE = re.compile(r"^1[3-9]\d{9}$")


async def _rows(sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    return list(await connections.get("default").execute_query_dict(sql, params or []))


async def _count(table: str) -> int:
    return int((await _rows(f'SELECT COUNT(*) AS n FROM "{table}"'))[0]["n"])


async def _empty_database() -> None:
    """Empty every table and restart ids, as the ``db`` fixture does between tests."""
    conn = connections.get("default")
    tables = [m._meta.db_table for app in Tortoise.apps.values() for m in app.values()]
    if dialect() == "postgres":
        await conn.execute_script("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    else:
        await conn.execute_script("PRAGMA foreign_keys=OFF")
        for t in tables:
            await conn.execute_script(f'DELETE FROM "{t}"')
        if await _rows("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'"):
            await conn.execute_script("DELETE FROM sqlite_sequence")
        await conn.execute_script("PRAGMA foreign_keys=ON")


async def _snapshot() -> dict[str, list[dict[str, Any]]]:
    return {t: await _rows(f'SELECT * FROM "{t}" ORDER BY id') for t in seed_module.TABLES}


@pytest.fixture
async def seeded(db: None) -> None:
    """Given a database seeded with MEMBERS members on a frozen clock."""
    clock.set_now(NOW)
    await seed(MEMBERS, seed=7)


async def test_same_seed_gives_identical_rows_across_chunks(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # given small chunks, so that several chunks (and the generate-while-writing pipeline) are used
    monkeypatch.setattr(seed_module, "CHUNK_SIZE", 70)
    clock.set_now(NOW)
    calls: list[tuple[int, int]] = []

    # when the same seed runs twice on an empty database
    first_report = await seed(250, seed=3, progress=lambda done, total: calls.append((done, total)))
    first = await _snapshot()
    await _empty_database()
    second_report = await seed(250, seed=3)
    second = await _snapshot()

    # then every generated row is the same, and progress was reported per chunk up to the total
    assert first["member"] == second["member"]
    for table in seed_module.TABLES:
        assert first[table] == second[table], table
    assert first_report.members == second_report.members == 250
    assert first_report.orders == second_report.orders > 0
    assert calls == [(0, 250), (70, 250), (140, 250), (210, 250), (250, 250)]


async def test_another_seed_gives_other_members(db: None) -> None:
    clock.set_now(NOW)
    await seed(50, seed=1)
    first = [(r["name"], r["phone"]) for r in await _rows("SELECT name, phone FROM member ORDER BY id")]
    await _empty_database()
    await seed(50, seed=2)
    second = [(r["name"], r["phone"]) for r in await _rows("SELECT name, phone FROM member ORDER BY id")]
    assert first != second


async def test_report_counts_match_the_tables(db: None) -> None:
    clock.set_now(NOW)
    report = await seed(200, seed=11)
    assert report.members == await _count("member") == 200
    assert report.orders == await _count("order")
    assert report.order_lines == await _count("order_line")
    assert report.refunds == await _count("refund")
    assert report.member_cards == await _count("member_card")
    assert report.card_uses == await _count("card_use")
    assert report.service_completions == await _count("service_completion")
    assert report.points_entries == await _count("points_entry")
    assert report.member_tags == await _count("member_tag")
    assert (report.stores, report.guides) == (10, 50)


async def test_member_totals_agree_with_orders_and_refunds(seeded: None) -> None:
    # Fully refunded orders do not count; partially refunded ones count at their net amount.
    expected = {
        r["member_id"]: r
        for r in await _rows(
            "SELECT member_id, COUNT(*) AS n, SUM(total_cents - refunded_cents) AS spend, "
            'MIN(ordered_at) AS first, MAX(ordered_at) AS last FROM "order" '
            "WHERE status <> 'refunded' GROUP BY member_id"
        )
    }
    points = {
        r["member_id"]: int(r["balance"])
        for r in await _rows("SELECT member_id, SUM(delta) AS balance FROM points_entry GROUP BY member_id")
    }
    members = await _rows(
        "SELECT id, order_count, total_spend_cents, first_visit_at, last_purchase_at, points_balance FROM member"
    )
    for m in members:
        agg = expected.get(m["id"])
        assert m["order_count"] == (agg["n"] if agg else 0), m
        assert m["total_spend_cents"] == (int(agg["spend"]) if agg else 0), m
        assert m["first_visit_at"] == (agg["first"] if agg else None), m
        assert m["last_purchase_at"] == (agg["last"] if agg else None), m
        assert m["points_balance"] == points.get(m["id"], 0), m
        assert m["points_balance"] >= 0
    # a realistic mix: buyers and non-buyers
    assert 0 < len(expected) < len(members)


async def test_orders_lines_and_refunds_add_up(seeded: None) -> None:
    bad_totals = await _rows(
        'SELECT o.id FROM "order" o WHERE o.total_cents <> '
        "(SELECT SUM(l.amount_cents) FROM order_line l WHERE l.order_id = o.id) "
        "OR o.refunded_cents <> (SELECT COALESCE(SUM(r.amount_cents), 0) FROM refund r WHERE r.order_id = o.id) "
        "OR o.refunded_cents <> (SELECT SUM(l.refunded_cents) FROM order_line l WHERE l.order_id = o.id)"
    )
    assert bad_totals == []
    bad_status = await _rows(
        'SELECT id FROM "order" WHERE '
        "(status = 'refunded' AND refunded_cents <> total_cents) "
        "OR (status = 'partially_refunded' AND (refunded_cents = 0 OR refunded_cents >= total_cents)) "
        "OR (status = 'paid' AND refunded_cents <> 0)"
    )
    assert bad_status == []
    statuses = Counter(r["status"] for r in await _rows('SELECT status FROM "order"'))
    assert statuses["paid"] > statuses["partially_refunded"] > 0
    assert statuses["refunded"] > 0
    # refunds never precede their order nor exceed their line
    assert (
        await _rows(
            'SELECT r.id FROM refund r JOIN "order" o ON o.id = r.order_id JOIN order_line l ON l.id = r.line_id '
            "WHERE r.refunded_at < o.ordered_at OR r.amount_cents > l.amount_cents OR r.amount_cents <= 0"
        )
        == []
    )
    kinds = {r["kind"] for r in await _rows("SELECT DISTINCT kind FROM order_line")}
    assert kinds == {"goods", "service", "card"}


async def test_everything_happened_before_now_and_after_registration(seeded: None) -> None:
    members = await Member.all()
    assert all(m.registered_at < NOW for m in members)
    assert min(m.registered_at for m in members) < NOW.replace(year=NOW.year - 2)
    early = await _rows(
        'SELECT o.id FROM "order" o JOIN member m ON m.id = o.member_id WHERE o.ordered_at < m.registered_at'
    )
    assert early == []
    for table, column in [("order", "ordered_at"), ("refund", "refunded_at"), ("card_use", "used_at"),
                          ("service_completion", "completed_at"), ("points_entry", "occurred_at")]:  # fmt: skip
        rows = await _rows(f'SELECT MAX({column}) AS at FROM "{table}"')
        latest = rows[0]["at"]
        latest = latest if isinstance(latest, datetime) else datetime.fromisoformat(latest)
        assert latest < NOW, table


async def test_phones_are_unique_valid_mainland_mobiles(seeded: None) -> None:
    phones = [r["phone"] for r in await _rows("SELECT phone FROM member")]
    assert len(phones) == MEMBERS
    assert all(p is not None and PHONE.match(p) for p in phones)
    assert len(set(phones)) == MEMBERS
    guide_codes = [r["code"] for r in await _rows("SELECT code FROM guide")]
    assert len(set(guide_codes)) == len(guide_codes) == 50


async def test_profiles_look_like_a_chinese_beauty_retailer(seeded: None) -> None:
    members = await Member.all().prefetch_related("tags")
    # Chinese names: 2 to 4 CJK characters
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", m.name) for m in members)
    # birthdays, including leap days, and birthday_md in step with them
    with_birthday = [m for m in members if m.birthday is not None]
    assert len(with_birthday) > MEMBERS * 0.7
    assert any((m.birthday.month, m.birthday.day) == (2, 29) for m in with_birthday if m.birthday)
    assert all(m.birthday_md == m.birthday.month * 100 + m.birthday.day for m in with_birthday if m.birthday)
    assert all(m.birthday_md is None for m in members if m.birthday is None)
    genders = Counter(m.gender.value for m in members)
    assert genders["female"] > genders["male"] > genders["unknown"] > 0
    assert {"门店", "小程序", "大众点评", "美团"} <= {m.source for m in members}
    # ownership: most members have a home store and a guide of that store; some are WeCom friends
    guides = {r["id"]: r["store_id"] for r in await _rows("SELECT id, store_id FROM guide")}
    assert all(m.home_store_id is not None for m in members)
    owned = [m for m in members if m.guide_id is not None]
    assert MEMBERS * 0.6 < len(owned) < MEMBERS
    assert all(guides[m.guide_id] == m.home_store_id for m in owned if m.guide_id)
    friends = [m for m in owned if m.guide_friend_since is not None]
    assert 0 < len(friends) < len(owned)
    assert all(m.wecom_external_id for m in friends)
    assert all(m.guide_friend_since >= m.registered_at for m in friends if m.guide_friend_since)
    # channels: a mix of reachability
    assert 0 < sum(1 for m in members if m.wechat_openid) < MEMBERS
    assert 0 < sum(1 for m in members if m.wechat_subscribed) < sum(1 for m in members if m.wechat_openid)
    assert 0 < sum(1 for m in members if m.email) < MEMBERS // 2
    assert 0 < sum(1 for m in members if m.push_token) < MEMBERS // 2
    assert sum(1 for m in members if m.tags) > MEMBERS // 2
    assert sum(1 for m in members if m.custom_attributes) > MEMBERS // 2
    categories = {r["category"] for r in await _rows("SELECT DISTINCT category FROM order_line")}
    assert {"护肤", "彩妆", "美睫", "美甲", "烫发", "card"} <= categories


async def test_tier_follows_spend_or_a_tier_granting_card(seeded: None) -> None:
    tiers = {r["id"]: r for r in await _rows("SELECT id, level, threshold_cents FROM tier")}
    by_threshold = sorted(tiers.values(), key=lambda t: t["threshold_cents"])
    granted = {
        r["member_id"]: r["level"]
        for r in await _rows(
            "SELECT mc.member_id, MAX(t.level) AS level FROM member_card mc "
            "JOIN card_product cp ON cp.id = mc.product_id JOIN tier t ON t.id = cp.grants_tier_id "
            "GROUP BY mc.member_id"
        )
    }
    levels: Counter[int] = Counter()
    for m in await _rows("SELECT id, tier_id, total_spend_cents FROM member"):
        spend_level = max(t["level"] for t in by_threshold if t["threshold_cents"] <= m["total_spend_cents"])
        assert tiers[m["tier_id"]]["level"] == max(spend_level, granted.get(m["id"], 0)), m
        levels[tiers[m["tier_id"]]["level"]] += 1
    assert len(levels) >= 3


async def test_recompute_totals_changes_nothing(seeded: None) -> None:
    # The seed computes totals itself; the service that maintains them in production must agree.
    from api.orders.services import recompute_totals

    columns = "id, order_count, total_spend_cents, first_visit_at, last_purchase_at, points_balance, tier_id"
    before = await _rows(f"SELECT {columns} FROM member ORDER BY id")
    await recompute_totals()
    assert await _rows(f"SELECT {columns} FROM member ORDER BY id") == before


async def test_cards_balances_follow_their_uses(seeded: None) -> None:
    cards = await _rows(
        "SELECT mc.id, mc.balance_cents, mc.remaining_uses, mc.issued_at, mc.expires_at, cp.kind, "
        "cp.face_value_cents, cp.total_uses, "
        "(SELECT COALESCE(SUM(u.amount_cents), 0) FROM card_use u WHERE u.card_id = mc.id) AS spent, "
        "(SELECT COALESCE(SUM(u.uses), 0) FROM card_use u WHERE u.card_id = mc.id) AS used, "
        "(SELECT COUNT(*) FROM card_use u WHERE u.card_id = mc.id "
        "  AND (u.used_at < mc.issued_at OR u.used_at > mc.expires_at)) AS outside "
        "FROM member_card mc JOIN card_product cp ON cp.id = mc.product_id"
    )
    kinds = Counter(c["kind"] for c in cards)
    assert kinds["stored_value"] > 0 and kinds["punch"] > 0
    for c in cards:
        assert c["outside"] == 0, c
        if c["kind"] == "stored_value":
            assert c["balance_cents"] == c["face_value_cents"] - int(c["spent"]) >= 0, c
            assert c["remaining_uses"] is None
        else:
            assert c["remaining_uses"] == c["total_uses"] - int(c["used"]) >= 0, c
    assert await _count("card_use") > 0
    # every card was sold on a card line of its member's order
    orphans = await _rows(
        'SELECT mc.id FROM member_card mc JOIN order_line l ON l.id = mc.order_line_id JOIN "order" o '
        "ON o.id = l.order_id WHERE o.member_id <> mc.member_id OR l.kind <> 'card' "
        "OR l.card_product_id <> mc.product_id"
    )
    assert orphans == []


async def test_points_ledger_has_earning_spending_and_expiry(seeded: None) -> None:
    reasons = Counter(r["reason"] for r in await _rows("SELECT reason FROM points_entry"))
    assert {"purchase", "refund", "redeem", "expire", "guide_friend"} <= set(reasons)
    assert await _rows("SELECT id FROM points_entry WHERE delta > 0 AND expires_at IS NULL") == []
    assert await _rows("SELECT id FROM points_entry WHERE delta = 0") == []


async def test_service_completions_follow_service_lines(seeded: None) -> None:
    bad = await _rows(
        "SELECT sc.id FROM service_completion sc JOIN order_line l ON l.id = sc.order_line_id "
        "JOIN \"order\" o ON o.id = l.order_id WHERE l.kind <> 'service' OR o.member_id <> sc.member_id "
        "OR sc.completed_at < o.ordered_at OR l.refunded_cents >= l.amount_cents"
    )
    assert bad == []
    from_cards = await _rows("SELECT COUNT(*) AS n FROM service_completion WHERE order_line_id IS NULL")
    assert from_cards[0]["n"] > 0


async def test_refuses_a_database_with_members_unless_appending(seeded: None) -> None:
    with pytest.raises(SeedError, match="already has 600 members"):
        await seed(10)

    report = await seed(120, seed=8, append=True)

    assert report.members == 120
    assert await Member.all().count() == MEMBERS + 120
    phones = [r["phone"] for r in await _rows("SELECT phone FROM member WHERE phone IS NOT NULL")]
    assert len(phones) == len(set(phones))
    assert await _count("store") == 10  # reference data is reused, not duplicated
    # ids handed out by the seed do not collide with rows the application creates next
    created = await Member.create(name="新会员", registered_at=NOW)
    assert created.id == MEMBERS + 120 + 1


async def test_zero_members_creates_only_reference_data(db: None) -> None:
    clock.set_now(NOW)
    report = await seed(0)
    assert report.members == 0
    assert await _count("store") == 10
    assert await _count("tier") == 4
    assert await _count("product") > 20
    assert await _count("card_product") > 4
