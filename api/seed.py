"""Deterministic demo data: a beauty-retail brand with stores, guides, members and two years of orders.

``seed(members=N, seed=S)`` fills an empty database with realistic data that every part of Rapport
can be tried on: Chinese names, valid-looking unique mainland mobile numbers, birthdays (some on
Feb 29), registration sources, home stores and owning guides (some WeCom friends), tags, custom
attributes, channel identities and consents, orders of goods / services / cards with partial and
full refunds, service completions, stored-value and punch cards with their uses, and a points ledger
with redemptions and year-end expiry.  Member totals, points balance and tier are computed from the
generated rows with the same rules as ``api.orders.services.recompute_totals``.

Why it is written this way:

* **Deterministic.**  Each chunk of members draws from its own ``random.Random`` seeded with
  ``(seed, first member id)``, and every time is an offset from local midnight of today (the
  service clock, so simulated time works).  The same seed on the same (simulated) day gives the same
  rows, row for row, on SQLite and PostgreSQL.
* **Bulk.**  Ids are assigned here, so a chunk's members, orders, lines, cards and ledger rows are
  linked in memory and written with one PostgreSQL ``COPY`` per table (``executemany`` on SQLite),
  all in one transaction per chunk.  Memory stays bounded by the chunk size, so a million members
  with their orders is a matter of minutes on PostgreSQL.
* **Safe.**  It refuses a database that already has members unless ``append=True``; a failed chunk
  rolls back whole, and id sequences are advanced after every chunk.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from api.core import clock
from api.core.config import get_settings
from api.core.db import dialect
from api.loyalty.models import CardKind, CardProduct, Tier
from api.members.models import Member
from api.orders.models import LineKind, Product
from api.org.models import Guide, RetailCompany, Store

CHUNK_SIZE = 5_000
"""Members generated and written per transaction (part of what makes a seed reproducible)."""

DAY = 86_400
REGISTRATION_DAYS = 3 * 365
ORDER_DAYS = 2 * 365

ProgressCallback = Callable[[int, int], None]


class SeedError(RuntimeError):
    """The database is not in a state the seed can fill (e.g. it already has members)."""


@dataclass(frozen=True)
class SeedReport:
    """What one ``seed()`` call wrote, and how long it took."""

    members: int
    orders: int
    order_lines: int
    refunds: int
    service_completions: int
    member_cards: int
    card_uses: int
    points_entries: int
    member_tags: int
    stores: int
    guides: int
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.members:,} members, {self.orders:,} orders ({self.order_lines:,} lines, "
            f"{self.refunds:,} refunds), {self.member_cards:,} cards ({self.card_uses:,} uses), "
            f"{self.service_completions:,} service completions, {self.points_entries:,} points entries "
            f"in {self.seconds:.1f}s"
        )


# --------------------------------------------------------------------------------------------
# Reference data: the brand, its stores, tiers and catalogue.
# --------------------------------------------------------------------------------------------

COMPANIES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    # (code, name, [(store code, store name, city)])
    (
        "YY-EAST",
        "悦颜美业（华东）有限公司",
        [
            ("SH01", "悦颜·上海静安店", "上海"),
            ("SH02", "悦颜·上海徐汇店", "上海"),
            ("SH03", "悦颜·上海浦东店", "上海"),
            ("HZ01", "悦颜·杭州西湖店", "杭州"),
            ("HZ02", "悦颜·杭州滨江店", "杭州"),
            ("NJ01", "悦颜·南京新街口店", "南京"),
            ("SZ01", "悦颜·苏州观前街店", "苏州"),
        ],
    ),
    (
        "YY-NORTHWEST",
        "悦颜美业（北京）有限公司",
        [
            ("BJ01", "悦颜·北京三里屯店", "北京"),
            ("BJ02", "悦颜·北京国贸店", "北京"),
            ("CD01", "悦颜·成都太古里店", "成都"),
        ],
    ),
]
GUIDES_PER_STORE = 5

# (name, level, threshold in cents): cumulative net spend that reaches the tier.
TIERS: list[tuple[str, int, int]] = [
    ("普通会员", 1, 0),
    ("银卡", 2, 100_000),
    ("金卡", 3, 500_000),
    ("钻石", 4, 2_000_000),
]

# (sku, name, kind, category, price in cents, relative popularity)
PRODUCTS: list[tuple[str, str, LineKind, str, int, int]] = [
    ("G-SK-001", "玻尿酸补水精华液", LineKind.GOODS, "护肤", 29_800, 8),
    ("G-SK-002", "烟酰胺焕亮面霜", LineKind.GOODS, "护肤", 35_800, 6),
    ("G-SK-003", "氨基酸洁面乳", LineKind.GOODS, "护肤", 8_900, 10),
    ("G-SK-004", "舒缓修护爽肤水", LineKind.GOODS, "护肤", 15_800, 7),
    ("G-SK-005", "蚕丝蛋白面膜（10片）", LineKind.GOODS, "护肤", 12_800, 9),
    ("G-SK-006", "清透防晒乳 SPF50", LineKind.GOODS, "护肤", 16_800, 6),
    ("G-MU-001", "丝绒哑光口红", LineKind.GOODS, "彩妆", 23_000, 7),
    ("G-MU-002", "持妆粉底液", LineKind.GOODS, "彩妆", 38_000, 4),
    ("G-MU-003", "四色眼影盘", LineKind.GOODS, "彩妆", 29_900, 4),
    ("G-MU-004", "纤长睫毛膏", LineKind.GOODS, "彩妆", 15_900, 5),
    ("G-MU-005", "控油定妆散粉", LineKind.GOODS, "彩妆", 19_900, 4),
    ("G-PC-001", "无硅油洗发水", LineKind.GOODS, "个护", 6_800, 6),
    ("G-PC-002", "修护护发素", LineKind.GOODS, "个护", 6_800, 4),
    ("G-PC-003", "保湿身体乳", LineKind.GOODS, "个护", 9_900, 4),
    ("G-FR-001", "白茶淡香水 50ml", LineKind.GOODS, "香氛", 59_000, 2),
    ("S-LA-001", "自然款睫毛嫁接", LineKind.SERVICE, "美睫", 29_800, 9),
    ("S-LA-002", "浓密款睫毛嫁接", LineKind.SERVICE, "美睫", 39_800, 5),
    ("S-LA-003", "下睫毛嫁接", LineKind.SERVICE, "美睫", 12_800, 3),
    ("S-LA-004", "睫毛卸除", LineKind.SERVICE, "美睫", 5_000, 4),
    ("S-NA-001", "纯色美甲", LineKind.SERVICE, "美甲", 12_800, 9),
    ("S-NA-002", "法式美甲", LineKind.SERVICE, "美甲", 16_800, 5),
    ("S-NA-003", "手部护理", LineKind.SERVICE, "美甲", 9_800, 3),
    ("S-NA-004", "卸甲", LineKind.SERVICE, "美甲", 3_000, 4),
    ("S-HA-001", "烫发", LineKind.SERVICE, "烫发", 48_800, 4),
    ("S-HA-002", "染发", LineKind.SERVICE, "烫发", 38_800, 4),
    ("S-HA-003", "洗剪吹", LineKind.SERVICE, "美发", 8_800, 8),
    ("S-HA-004", "头皮护理", LineKind.SERVICE, "美发", 19_800, 4),
    ("S-FA-001", "补水护理", LineKind.SERVICE, "面部护理", 26_800, 6),
    ("S-FA-002", "深层清洁", LineKind.SERVICE, "面部护理", 19_800, 5),
]

# (name, kind, price, face value, uses, validity days, granted tier name, service sku, popularity)
CARD_PRODUCTS: list[tuple[str, CardKind, int, int, int | None, int | None, str | None, str | None, int]] = [
    ("储值卡 1000 元（赠 100）", CardKind.STORED_VALUE, 100_000, 110_000, None, 1095, None, None, 8),
    ("储值卡 3000 元（赠 600）", CardKind.STORED_VALUE, 300_000, 360_000, None, 1095, None, None, 3),
    (
        "储值卡 5000 元（赠 1200，享金卡）",
        CardKind.STORED_VALUE,
        500_000,
        620_000,
        None,
        1095,
        "金卡",
        None,
        1,
    ),
    ("美睫 10 次卡", CardKind.PUNCH, 198_000, 0, 10, 365, None, "S-LA-001", 5),
    ("美甲 6 次卡", CardKind.PUNCH, 66_000, 0, 6, 365, None, "S-NA-001", 6),
    ("面部护理 12 次卡", CardKind.PUNCH, 216_000, 0, 12, 540, None, "S-FA-001", 3),
    ("头皮护理 8 次卡", CardKind.PUNCH, 118_400, 0, 8, 365, None, "S-HA-004", 3),
]

# --------------------------------------------------------------------------------------------
# Vocabulary for members.
# --------------------------------------------------------------------------------------------

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
# Rough frequency: the first surnames are far more common.
_SURNAME_WEIGHTS = list(accumulate(max(1, 60 - i) for i in range(len(_SURNAMES))))
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
_FEMALE_CHARS = "婷娜静敏丽艳芳燕玲雪琳晶颖倩慧佳欣悦瑶怡萱彤涵诗梦雨思可然璐琪蕾洁薇楠妍菲晓月秀"
_MALE_CHARS = "伟强磊军勇杰涛明超斌浩宇鹏辉俊峰飞鑫晨博文轩睿子凯旭航泽阳天"
_MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 "
    "166 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199"
).split()
_PHONE_MULTIPLIER = 48_271  # odd and not a multiple of 5: a bijection on 8-digit suffixes

SOURCES: list[tuple[str, int]] = [
    ("门店", 40),
    ("小程序", 22),
    ("大众点评", 14),
    ("美团", 10),
    ("抖音", 6),
    ("小红书", 5),
    ("导入", 3),
]
_SOURCE_NAMES = [s for s, _ in SOURCES]
_SOURCE_CUM = list(accumulate(w for _, w in SOURCES))

TAGS = (
    "敏感肌",
    "干性皮肤",
    "油性皮肤",
    "高客单",
    "价格敏感",
    "学生",
    "宝妈",
    "白领",
    "睫毛常客",
    "美甲常客",
    "彩妆爱好者",
    "护肤达人",
    "大众点评好评",
    "节日活跃",
)
_SKIN_TYPES = ("干性", "油性", "混合性", "中性", "敏感性")
_HAIR_LENGTHS = ("短发", "中长发", "长发")
_OCCUPATIONS = ("白领", "学生", "自由职业", "教师", "医护", "个体经营", "全职妈妈")
_PREFERRED_TIMES = ("工作日白天", "工作日晚上", "周末")
_POINTS_NOTES = {
    "purchase": "消费得积分",
    "guide_friend": "添加导购好友",
    "moments_like": "点赞导购朋友圈",
    "moments_comment": "评论导购朋友圈",
}
_EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com")


# --------------------------------------------------------------------------------------------
# Rows: column lists, written in this order (parents before children).
# --------------------------------------------------------------------------------------------

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "member": (
        "id", "name", "phone", "gender", "birthday", "birthday_md", "registered_at", "source",
        "home_store_id", "guide_id", "guide_friend_since", "tier_id", "custom_attributes",
        "sms_consent", "wechat_openid", "wechat_subscribed", "wecom_external_id", "email",
        "email_consent", "push_token", "push_consent", "first_visit_at", "last_purchase_at",
        "order_count", "total_spend_cents", "points_balance", "created_at", "updated_at", "company_id",
    ),
    "member_tag": ("id", "member_id", "tag", "created_at"),
    "order": (
        "id", "member_id", "store_id", "guide_id", "source", "external_id", "ordered_at",
        "total_cents", "refunded_cents", "status", "created_at",
    ),
    "order_line": (
        "id", "order_id", "kind", "product_id", "card_product_id", "name", "category", "quantity",
        "unit_price_cents", "amount_cents", "refunded_cents",
    ),
    "member_card": (
        "id", "member_id", "product_id", "balance_cents", "remaining_uses", "issued_at", "expires_at",
        "order_line_id",
    ),
    "refund": ("id", "order_id", "line_id", "amount_cents", "refunded_at", "reason", "external_id"),
    "service_completion": (
        "id", "member_id", "order_line_id", "product_id", "store_id", "guide_id", "completed_at",
    ),
    "card_use": ("id", "card_id", "member_id", "uses", "amount_cents", "store_id", "used_at"),
    "points_entry": ("id", "member_id", "delta", "reason", "note", "occurred_at", "expires_at", "order_id"),
}  # fmt: skip
TABLES = tuple(TABLE_COLUMNS)


@dataclass
class _ProductRef:
    id: int
    sku: str
    name: str
    kind: LineKind
    category: str
    price: int


@dataclass
class _CardRef:
    id: int
    name: str
    kind: CardKind
    price: int
    face: int
    uses: int | None
    validity_days: int | None
    grants_level: int
    service: _ProductRef | None


@dataclass
class _Ref:
    """The reference data a chunk of members is generated against."""

    store_ids: list[int]
    store_cum: list[int]
    store_company: dict[int, int]  # store id -> company id: a member's company is its home store's
    guides_by_store: dict[int, list[int]]
    tiers: list[tuple[int, int, int]]  # (threshold, level, id), ascending
    tier_thresholds: list[int]
    tier_id_by_level: dict[int, int]
    goods: list[_ProductRef]
    goods_cum: list[int]
    services: list[_ProductRef]
    services_cum: list[int]
    cards: list[_CardRef]
    cards_cum: list[int]
    anchor_ts: int  # local midnight of "today": every generated time is before it
    year_ends: list[int]  # local Dec 31 23:59:59 of consecutive years, as UTC timestamps
    seed: int
    phone_offset: int


@dataclass
class _Chunk:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {t: [] for t in TABLES})
    next_ids: dict[str, int] = field(default_factory=dict)  # every table's next id after this chunk


@dataclass
class _Ids:
    """The next id of every table; the seed assigns ids itself so that rows link up in memory."""

    next: dict[str, int]

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _pick(rng: random.Random, items: Sequence[Any], cum: list[int]) -> Any:
    return items[bisect_right(cum, rng.random() * cum[-1])]


def _digest(*parts: object, length: int = 27) -> str:
    raw = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()
    return raw[:length]


def chinese_name(rng: random.Random, female: bool | None) -> str:
    """A plausible Chinese full name: a (weighted) surname and one or two given-name characters."""
    if rng.random() < 0.01:
        surname = rng.choice(_COMPOUND_SURNAMES)
    else:
        surname = _SURNAMES[bisect_right(_SURNAME_WEIGHTS, rng.random() * _SURNAME_WEIGHTS[-1])]
    if female is None:
        female = rng.random() < 0.5
    chars = _FEMALE_CHARS if female else _MALE_CHARS
    given = rng.choice(chars) if rng.random() < 0.3 else rng.choice(chars) + rng.choice(chars)
    return surname + given


def mobile_number(index: int, rng: random.Random, offset: int) -> str:
    """A valid-looking mainland mobile number (1[3-9] + 9 digits), unique per ``index`` < 10**8."""
    suffix = (index * _PHONE_MULTIPLIER + offset) % 100_000_000
    return f"{rng.choice(_MOBILE_PREFIXES)}{suffix:08d}"


# --------------------------------------------------------------------------------------------
# Generation of one chunk (pure Python, no I/O).
# --------------------------------------------------------------------------------------------


def _generate_chunk(ref: _Ref, ids: _Ids, count: int) -> _Chunk:
    """Generate ``count`` members with everything that hangs off them, consuming ids from ``ids``."""
    first_id = ids.next["member"]
    rng = random.Random(f"rapport-seed:{ref.seed}:{first_id}")
    chunk = _Chunk()
    for _ in range(count):
        _generate_member(ref, ids, rng, chunk)
    chunk.next_ids = dict(ids.next)
    return chunk


def _generate_member(ref: _Ref, ids: _Ids, rng: random.Random, chunk: _Chunk) -> None:
    rows = chunk.rows
    anchor = ref.anchor_ts
    rand = rng.random
    randint = rng.randint
    member_id = ids.take("member")

    # profile ------------------------------------------------------------------------------
    r = rand()
    gender = "female" if r < 0.7 else "male" if r < 0.92 else "unknown"
    name = chinese_name(rng, True if gender == "female" else False if gender == "male" else None)
    phone = mobile_number(member_id, rng, ref.phone_offset)
    birthday: date | None = None
    if member_id % 211 == 5:
        # Over-represented on purpose: every segment on birthdays must cope with leap days.
        birthday = date(rng.choice((1976, 1980, 1984, 1988, 1992, 1996, 2000, 2004)), 2, 29)
    elif rand() < 0.88:
        year = 1960 + int(46 * rand() ** 0.8)
        birthday = date(year, 1, 1) + timedelta(days=randint(0, 365 if year % 4 == 0 else 364))
    birthday_md = birthday.month * 100 + birthday.day if birthday else None

    reg_day = 1 + int((REGISTRATION_DAYS - 1) * rand() ** 1.25)  # more recent sign-ups than old ones
    reg_ts = anchor - reg_day * DAY + randint(9 * 3600, 21 * 3600)
    source = _SOURCE_NAMES[bisect_right(_SOURCE_CUM, rand() * _SOURCE_CUM[-1])]
    home_store = ref.store_ids[bisect_right(ref.store_cum, rand() * ref.store_cum[-1])]
    store_guides = ref.guides_by_store.get(home_store) or []
    guide_id: int | None = None
    friend_ts: int | None = None
    if store_guides and rand() < 0.78:
        guide_id = rng.choice(store_guides)
        if rand() < 0.75:
            friend_ts = min(reg_ts + randint(0, 30 * DAY), anchor - 3600)

    attrs: dict[str, str] = {}
    if rand() < 0.8:
        attrs["skin_type"] = rng.choice(_SKIN_TYPES)
    if rand() < 0.5:
        attrs["hair_length"] = rng.choice(_HAIR_LENGTHS)
    if rand() < 0.4:
        attrs["occupation"] = rng.choice(_OCCUPATIONS)
    if rand() < 0.3:
        attrs["preferred_time"] = rng.choice(_PREFERRED_TIMES)

    sms_consent = rand() < 0.92
    openid = f"o{_digest(ref.seed, member_id, 'wx')}" if rand() < 0.65 else None
    wechat_subscribed = openid is not None and rand() < 0.6
    wecom_id = f"wm{_digest(ref.seed, member_id, 'wecom', length=30)}" if friend_ts is not None else None
    email: str | None = None
    email_consent = False
    if rand() < 0.12:
        email = f"{randint(10_000_000, 3_999_999_999)}@{rng.choice(_EMAIL_DOMAINS)}"
        email_consent = rand() < 0.6
    push_token: str | None = None
    push_consent = False
    if rand() < 0.08:
        push_token = _digest(ref.seed, member_id, "push", length=64)
        push_consent = rand() < 0.7

    for tag in rng.sample(TAGS, k=min(len(TAGS), int(rand() * 3.6))):
        rows["member_tag"].append((ids.take("member_tag"), member_id, tag, _dt(reg_ts + randint(0, 7 * DAY))))

    # orders -------------------------------------------------------------------------------
    points_events: list[tuple[int, int, str, int, int | None]] = []  # (ts, seq, reason, delta, order id)
    live_count = 0
    live_spend = 0
    first_ts: int | None = None
    last_ts: int | None = None
    granted_level = 0

    if rand() < 0.85:
        start_day = min(reg_day, ORDER_DAYS)
        r = rand()
        # Some keep buying until today, some drift away (sleeping), some were lost long ago.
        end_day = 1 if r < 0.55 else randint(1, max(1, start_day)) if r < 0.8 else max(1, start_day - randint(0, 60))
        if end_day > start_day:
            end_day = start_day
        n_orders = min(40, 1 + int(rng.expovariate(1 / 3.2)))
        days = sorted((randint(end_day, start_day) for _ in range(n_orders)), reverse=True)
        if rand() < 0.5 and reg_day <= ORDER_DAYS:
            days[0] = reg_day  # bought on the day they signed up
        for d in days:
            ts = anchor - d * DAY + randint(10 * 3600, 21 * 3600)
            if ts <= reg_ts:
                ts = reg_ts + randint(300, 3600)
            order = _generate_order(ref, ids, rng, chunk, member_id, home_store, guide_id, ts, points_events)
            net, fully_refunded, level = order
            granted_level = max(granted_level, level)
            if not fully_refunded:
                live_count += 1
                live_spend += net
                first_ts = ts if first_ts is None else min(first_ts, ts)
                last_ts = ts if last_ts is None else max(last_ts, ts)

    # community points ---------------------------------------------------------------------
    if friend_ts is not None:
        points_events.append((friend_ts, 0, "guide_friend", 50, None))
        for _ in range(int(rand() * 4)):
            at = randint(friend_ts, anchor - 60)
            if rand() < 0.6:
                points_events.append((at, 0, "moments_like", 5, None))
            else:
                points_events.append((at, 0, "moments_comment", 10, None))
    if points_events and rand() < 0.3:
        for _ in range(randint(1, 2)):
            points_events.append((randint(min(e[0] for e in points_events), anchor - 60), 1, "redeem", 0, None))

    balance = _points_ledger(ref, ids, rng, chunk, member_id, points_events)

    # tier and the member row ----------------------------------------------------------------
    spend_level = ref.tiers[bisect_right(ref.tier_thresholds, live_spend) - 1][1] if ref.tiers else 0
    level = max(spend_level, granted_level)
    tier_id = ref.tier_id_by_level.get(level)
    reg_dt = _dt(reg_ts)
    rows["member"].append(
        (
            member_id, name, phone, gender, birthday, birthday_md, reg_dt, source, home_store, guide_id,
            _dt(friend_ts) if friend_ts is not None else None, tier_id, json.dumps(attrs, ensure_ascii=False),
            sms_consent, openid, wechat_subscribed, wecom_id, email, email_consent, push_token, push_consent,
            _dt(first_ts) if first_ts is not None else None, _dt(last_ts) if last_ts is not None else None,
            live_count, live_spend, balance, reg_dt, _dt(anchor), ref.store_company[home_store],
        )
    )  # fmt: skip


def _generate_order(
    ref: _Ref,
    ids: _Ids,
    rng: random.Random,
    chunk: _Chunk,
    member_id: int,
    home_store: int,
    member_guide: int | None,
    ts: int,
    points_events: list[tuple[int, int, str, int, int | None]],
) -> tuple[int, bool, int]:
    """One order with its lines, refunds, completions and cards. Returns (net, fully refunded, tier level)."""
    rows = chunk.rows
    rand = rng.random
    anchor = ref.anchor_ts
    order_id = ids.take("order")
    store = home_store if rand() < 0.9 else rng.choice(ref.store_ids)
    if store == home_store and member_guide is not None and rand() < 0.8:
        guide: int | None = member_guide
    else:
        store_guides = ref.guides_by_store.get(store) or []
        guide = rng.choice(store_guides) if store_guides and rand() < 0.7 else None
    online = rand() < 0.1
    source = "miniprogram" if online else "pos"

    # (line id, kind, product ref or card ref, quantity, unit, amount)
    lines: list[tuple[int, LineKind, Any, int, int, int]] = []
    n_lines = 1 if (r := rand()) < 0.6 else 2 if r < 0.9 else 3
    has_card = False
    for _ in range(n_lines):
        r = rand()
        if r < 0.05 and not has_card and ref.cards:
            has_card = True
            card: _CardRef = _pick(rng, ref.cards, ref.cards_cum)
            lines.append((ids.take("order_line"), LineKind.CARD, card, 1, card.price, card.price))
        elif r < 0.45 and ref.services and not online:
            product: _ProductRef = _pick(rng, ref.services, ref.services_cum)
            lines.append((ids.take("order_line"), LineKind.SERVICE, product, 1, product.price, product.price))
        elif ref.goods:
            product = _pick(rng, ref.goods, ref.goods_cum)
            qty = 1 if (q := rand()) < 0.8 else 2 if q < 0.95 else 3
            unit = product.price if rand() < 0.8 else product.price * 9 // 10  # member price
            lines.append((ids.take("order_line"), LineKind.GOODS, product, qty, unit, unit * qty))
    if not lines:
        ids.next["order"] -= 1
        return 0, True, 0
    total = sum(line[5] for line in lines)

    # refunds: a few orders are refunded whole, a few in part (never card lines) -----------------
    refunded_by_line: dict[int, int] = {}
    refund_ts = min(ts + rng.randint(1, 10) * DAY + rng.randint(0, 3600), anchor - 60)
    r = rand()
    if r < 0.03 and not has_card:
        for line in lines:
            refunded_by_line[line[0]] = line[5]
    elif r < 0.09:
        candidates = [line for line in lines if line[1] is not LineKind.CARD]
        if candidates:
            line = rng.choice(candidates)
            if line[3] > 1:
                amount = line[4]  # one unit back
            else:
                amount = max(100, line[5] * rng.randint(2, 8) // 10 // 100 * 100)
            refunded_by_line[line[0]] = min(amount, line[5])
    refunded = sum(refunded_by_line.values())
    fully = refunded >= total
    status = "refunded" if fully else "partially_refunded" if refunded else "paid"
    order_dt = _dt(ts)
    rows["order"].append(
        (order_id, member_id, store, guide, source, f"{source.upper()}-{order_id:09d}", order_dt, total,
         refunded, status, order_dt)
    )  # fmt: skip
    refund_dt = _dt(refund_ts)
    granted = 0
    earnable = 0
    for line_id, kind, item, qty, unit, amount in lines:
        line_refund = refunded_by_line.get(line_id, 0)
        if kind is LineKind.CARD:
            rows["order_line"].append(
                (line_id, order_id, kind.value, None, item.id, item.name, "card", qty, unit, amount, 0)
            )
            granted = max(granted, item.grants_level)
            _issue_card(ref, ids, rng, chunk, member_id, store, item, line_id, ts)
            continue
        earnable += amount
        rows["order_line"].append(
            (
                line_id,
                order_id,
                kind.value,
                item.id,
                None,
                item.name,
                item.category,
                qty,
                unit,
                amount,
                line_refund,
            )
        )
        if line_refund:
            rows["refund"].append(
                (ids.take("refund"), order_id, line_id, line_refund, refund_dt,
                 "顾客退货" if kind is LineKind.GOODS else "服务未满意退款", None)
            )  # fmt: skip
        if kind is LineKind.SERVICE and line_refund < amount:
            done = min(ts + rng.randint(1800, 7200), anchor - 60)
            rows["service_completion"].append(
                (ids.take("service_completion"), member_id, line_id, item.id, store, guide, _dt(done))
            )
    points_events.append((ts, 0, "purchase", earnable // 100, order_id))
    if refunded:
        points_events.append((refund_ts, 0, "refund", -(refunded // 100), order_id))
    return total - refunded, fully, granted


def _issue_card(
    ref: _Ref,
    ids: _Ids,
    rng: random.Random,
    chunk: _Chunk,
    member_id: int,
    store: int,
    card: _CardRef,
    line_id: int,
    ts: int,
) -> None:
    """A card bought on ``line_id``, and the uses made of it before today."""
    card_id = ids.take("member_card")
    expires = ts + card.validity_days * DAY if card.validity_days else None
    usable_until = min(expires, ref.anchor_ts - 60) if expires else ref.anchor_ts - 60
    balance = card.face if card.kind is CardKind.STORED_VALUE else 0
    remaining = card.uses if card.kind is CardKind.PUNCH else None
    if usable_until > ts + DAY:
        n_uses = rng.randint(0, (card.uses or 8))
        times = sorted(rng.randint(ts + DAY, usable_until) for _ in range(n_uses))
        for at in times:
            if remaining is not None:
                if remaining <= 0:
                    break
                remaining -= 1
                chunk.rows["card_use"].append((ids.take("card_use"), card_id, member_id, 1, 0, store, _dt(at)))
                if card.service is not None:
                    chunk.rows["service_completion"].append(
                        (
                            ids.take("service_completion"),
                            member_id,
                            None,
                            card.service.id,
                            store,
                            None,
                            _dt(at),
                        )
                    )
            else:
                amount = min(balance, rng.choice((5_000, 8_800, 12_800, 16_800, 26_800, 29_800, 39_800)))
                if amount <= 0:
                    break
                balance -= amount
                chunk.rows["card_use"].append((ids.take("card_use"), card_id, member_id, 0, amount, store, _dt(at)))
    chunk.rows["member_card"].append(
        (card_id, member_id, card.id, balance, remaining, _dt(ts), _dt(expires) if expires else None, line_id)
    )


def _points_ledger(
    ref: _Ref,
    ids: _Ids,
    rng: random.Random,
    chunk: _Chunk,
    member_id: int,
    events: list[tuple[int, int, str, int, int | None]],
) -> int:
    """Write the points entries for ``events`` in time order and return the resulting balance.

    Points earned in a year expire at the end of the following year (store time); deductions
    (refunds, redemptions) consume the oldest points first and never take the balance below zero.
    """
    rows = chunk.rows["points_entry"]
    buckets: list[list[int]] = []  # [expiry ts, remaining], oldest first
    balance = 0

    def expire_until(ts: int) -> None:
        nonlocal balance
        while buckets and buckets[0][0] <= ts:
            exp, left = buckets.pop(0)
            if left > 0:
                balance -= left
                rows.append((ids.take("points_entry"), member_id, -left, "expire", "积分到期", _dt(exp), None, None))

    def deduct(amount: int) -> int:
        nonlocal balance
        amount = min(amount, balance)
        need = amount
        for bucket in buckets:
            take = min(need, bucket[1])
            bucket[1] -= take
            need -= take
            if need == 0:
                break
        balance -= amount
        return amount

    for ts, _seq, reason, delta, order_id in sorted(events, key=lambda e: (e[0], e[1])):
        expire_until(ts)
        when = _dt(ts)
        if reason == "redeem":
            amount = deduct(balance * rng.randint(3, 10) // 10 // 100 * 100)
            if amount:
                rows.append((ids.take("points_entry"), member_id, -amount, "redeem", "积分兑换", when, None, None))
        elif delta > 0:
            # Points earned in year Y expire at the end of Y+1: the first year end after ts, plus one.
            exp = ref.year_ends[bisect_right(ref.year_ends, ts) + 1]
            if buckets and buckets[-1][0] == exp:
                buckets[-1][1] += delta
            else:
                buckets.append([exp, delta])
            balance += delta
            note = _POINTS_NOTES.get(reason, "")
            rows.append((ids.take("points_entry"), member_id, delta, reason, note, when, _dt(exp), order_id))
        elif delta < 0:
            amount = deduct(-delta)
            if amount:
                rows.append(
                    (
                        ids.take("points_entry"),
                        member_id,
                        -amount,
                        reason,
                        "退款扣回积分",
                        when,
                        None,
                        order_id,
                    )
                )
    expire_until(ref.anchor_ts)
    return balance


# --------------------------------------------------------------------------------------------
# Database side.
# --------------------------------------------------------------------------------------------


async def _ensure_reference_data(seed: int) -> None:
    """Create the companies, stores, guides, tiers and catalogue when the database has none."""
    rng = random.Random(f"rapport-seed:{seed}:org")
    if not await Store.exists():
        offset = int(_digest(seed, "guide-phones", length=8), 16)
        guide_no = 0
        for company_code, company_name, stores in COMPANIES:
            company = await RetailCompany.get_or_none(code=company_code)
            if company is None:
                company = await RetailCompany.create(code=company_code, name=company_name)
            for store_code, store_name, city in stores:
                store = await Store.create(company=company, code=store_code, name=store_name, city=city)
                guides = []
                for j in range(GUIDES_PER_STORE):
                    guide_no += 1
                    code = f"E{store_code}{j + 1:02d}"
                    guides.append(
                        Guide(
                            store=store,
                            code=code,
                            name=chinese_name(rng, rng.random() < 0.85),
                            phone=mobile_number(guide_no, rng, offset),
                            wecom_user_id=f"guide_{code.lower()}",
                        )
                    )
                await Guide.bulk_create(guides)
    if not await Tier.exists():
        await Tier.bulk_create([Tier(name=n, level=lv, threshold_cents=t) for n, lv, t in TIERS])
    if not await Product.exists():
        await Product.bulk_create(
            [Product(sku=s, name=n, kind=k, category=c, price_cents=p) for s, n, k, c, p, _ in PRODUCTS]
        )
    if not await CardProduct.exists():
        tiers = {t.name: t.id for t in await Tier.all()}
        await CardProduct.bulk_create(
            [
                CardProduct(
                    name=n,
                    kind=k,
                    price_cents=price,
                    face_value_cents=face,
                    total_uses=uses,
                    validity_days=days,
                    grants_tier_id=tiers.get(tier) if tier else None,
                )
                for n, k, price, face, uses, days, tier, _sku, _w in CARD_PRODUCTS
            ]
        )


async def _load_reference(seed: int) -> _Ref:
    """Read the reference data back (it may predate this seed when appending)."""
    settings = get_settings()
    stores = await Store.all().order_by("id")
    store_rng = random.Random(f"rapport-seed:{seed}:stores")
    store_weights = [store_rng.randint(5, 15) for _ in stores]
    guides_by_store: dict[int, list[int]] = {}
    for g in await Guide.filter(active=True).order_by("id"):
        guides_by_store.setdefault(g.store_id, []).append(g.id)
    tiers = sorted((t.threshold_cents, t.level, t.id) for t in await Tier.all())
    products = [
        _ProductRef(p.id, p.sku, p.name, p.kind, p.category, p.price_cents) for p in await Product.all().order_by("id")
    ]
    popularity = {sku: w for sku, *_rest, w in PRODUCTS}
    by_sku = {p.sku: p for p in products}
    goods = [p for p in products if p.kind is LineKind.GOODS]
    services = [p for p in products if p.kind is LineKind.SERVICE]
    tier_level = {t[2]: t[1] for t in tiers}
    card_meta = {name: (sku, w) for name, *_mid, sku, w in CARD_PRODUCTS}
    cards = []
    for c in await CardProduct.all().order_by("id"):
        sku, _w = card_meta.get(c.name, (None, 1))
        cards.append(
            _CardRef(
                id=c.id,
                name=c.name,
                kind=c.kind,
                price=c.price_cents,
                face=c.face_value_cents,
                uses=c.total_uses,
                validity_days=c.validity_days,
                grants_level=tier_level.get(c.grants_tier_id, 0) if c.grants_tier_id else 0,
                service=by_sku.get(sku) if sku else None,
            )
        )
    today = clock.today()
    anchor = clock.local_midnight(today)
    year_ends = [
        int(datetime(y, 12, 31, 23, 59, 59, tzinfo=settings.tz).timestamp())
        for y in range(today.year - 5, today.year + 3)
    ]
    return _Ref(
        store_ids=[s.id for s in stores],
        store_company={s.id: s.company_id for s in stores},
        store_cum=list(accumulate(store_weights)),
        guides_by_store=guides_by_store,
        tiers=tiers,
        tier_thresholds=[t[0] for t in tiers],
        tier_id_by_level={t[1]: t[2] for t in tiers},
        goods=goods,
        goods_cum=list(accumulate(popularity.get(p.sku, 1) for p in goods)),
        services=services,
        services_cum=list(accumulate(popularity.get(p.sku, 1) for p in services)),
        cards=cards,
        cards_cum=list(accumulate(card_meta.get(c.name, (None, 1))[1] for c in cards)),
        anchor_ts=int(anchor.timestamp()),
        year_ends=year_ends,
        seed=seed,
        phone_offset=int(_digest(seed, "phones", length=8), 16),
    )


async def _next_ids() -> _Ids:
    conn = connections.get("default")
    nxt: dict[str, int] = {}
    for table in TABLES:
        rows = await conn.execute_query_dict(f'SELECT COALESCE(MAX(id), 0) + 1 AS n FROM "{table}"')
        nxt[table] = int(rows[0]["n"])
    return _Ids(nxt)


async def _drop_taken_phones(chunk: _Chunk) -> None:
    """When appending, a generated phone may belong to an existing member: leave that one blank."""
    members = chunk.rows["member"]
    phones = [row[2] for row in members]
    conn = connections.get("default")
    taken: set[str] = set()
    step = 500
    for i in range(0, len(phones), step):
        part = phones[i : i + step]
        if dialect() == "postgres":
            found = await conn.execute_query_dict("SELECT phone FROM member WHERE phone = ANY($1::text[])", [part])
        else:
            marks = ",".join("?" for _ in part)
            found = await conn.execute_query_dict(f"SELECT phone FROM member WHERE phone IN ({marks})", part)
        taken.update(r["phone"] for r in found)
    if taken:
        chunk.rows["member"] = [(r[0], r[1], None, *r[3:]) if r[2] in taken else r for r in members]


async def _write_chunk(chunk: _Chunk, postgres: bool) -> None:
    """Write one chunk in one transaction: COPY on PostgreSQL, executemany on SQLite."""
    async with in_transaction("default") as tx:
        if postgres:
            async with tx.acquire_connection() as raw:
                # Every row here belongs to a member created in this chunk: instead of the change-log
                # triggers logging each COPY's rows, log each new member once (api.segments.changes).
                await raw.execute("SET LOCAL rapport.bulk_load = on")
                for table in TABLES:
                    rows = chunk.rows[table]
                    if rows:
                        await raw.copy_records_to_table(table, records=rows, columns=list(TABLE_COLUMNS[table]))
                await raw.execute(
                    "INSERT INTO member_change (member_id, xid) "
                    "SELECT x, pg_current_xact_id() FROM unnest($1::int[]) x",
                    [r[0] for r in chunk.rows["member"]],
                )
                for table in TABLES:
                    # Ids were assigned here: move each sequence past them for later inserts.
                    await raw.execute(
                        "SELECT setval(pg_get_serial_sequence($1, 'id'), $2, true)",
                        f'"{table}"',
                        max(1, chunk.next_ids[table] - 1),
                    )
        else:
            for table in TABLES:
                rows = chunk.rows[table]
                if rows:
                    cols = TABLE_COLUMNS[table]
                    names = ", ".join(f'"{c}"' for c in cols)
                    marks = ", ".join("?" for _ in cols)
                    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
                    await tx.execute_many(sql, rows)  # type: ignore[arg-type]


async def seed(
    members: int,
    seed: int = 42,
    progress: ProgressCallback | None = None,
    *,
    append: bool = False,
) -> SeedReport:
    """Fill the database with ``members`` demo members and their history; return what was written.

    Tortoise must be initialised.  Reference data (companies, stores, guides, tiers, products, card
    products) is created when missing and reused when present.  Refuses a database that already has
    members unless ``append=True``.  ``progress(done, total)`` is called after each chunk commits.
    """
    if members < 0:
        raise ValueError("members must be zero or more")
    started = time.perf_counter()
    existing = await Member.all().count()
    if existing and not append:
        raise SeedError(
            f"The database already has {existing:,} members; seed only fills an empty database "
            "(pass append=True to add more)."
        )
    await _ensure_reference_data(seed)
    ref = await _load_reference(seed)
    ids = await _next_ids()
    start_ids = dict(ids.next)
    postgres = dialect() == "postgres"
    done = 0
    if progress:
        progress(0, members)

    def generate(start: int) -> asyncio.Task[_Chunk] | None:
        # Generation of the next chunk runs in a thread while this one is written: the database
        # spends most of a COPY checking foreign keys, which leaves this process's CPU free.
        if start >= members:
            return None
        count = min(CHUNK_SIZE, members - start)
        return asyncio.create_task(asyncio.to_thread(_generate_chunk, ref, ids, count))

    pending = generate(0)
    try:
        while pending is not None:
            chunk = await pending
            count = len(chunk.rows["member"])
            pending = generate(done + count)
            if append and existing:
                await _drop_taken_phones(chunk)
            await _write_chunk(chunk, postgres)
            done += count
            if progress:
                progress(done, members)
    finally:
        if pending is not None:
            # Let a half-generated chunk finish so no thread outlives the call.
            await asyncio.gather(pending, return_exceptions=True)
    written = {t: ids.next[t] - start_ids[t] for t in TABLES}
    return SeedReport(
        members=written["member"],
        orders=written["order"],
        order_lines=written["order_line"],
        refunds=written["refund"],
        service_completions=written["service_completion"],
        member_cards=written["member_card"],
        card_uses=written["card_use"],
        points_entries=written["points_entry"],
        member_tags=written["member_tag"],
        stores=await Store.all().count(),
        guides=await Guide.all().count(),
        seconds=time.perf_counter() - started,
    )
