"""The ONE registry of template parameters, the text tokenizer, and the bulk loader of their values.

A parameter is written ``{name}`` in a template's subject or text; ``{{`` and ``}}`` are literal
braces. Each parameter says how its value is read from a member's facts (``MemberFacts``), and the
facts of many members load together in a fixed number of queries (``load_facts``), so rendering a
whole audience is not one query per member.

Fallbacks, chosen so a message never shows a placeholder: a missing guide, store or tier renders as
the empty string; without an active card (not expired, with balance or uses left) every ``card_*``
parameter is the empty string; ``{points_expiring}`` is 0 when nothing expires.

The ``card_*`` parameters name the member's soonest-expiring active card, except in a message about a
particular card (``focus_card``): a card's expiry reminder names the card that expires, a journey whose
audience asks for a punch card with uses left names that punch card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from api.core import clock
from api.core.errors import DomainError, FieldError

if TYPE_CHECKING:
    from api.loyalty.models import MemberCard
    from api.members.models import Member

EXPIRING_DAYS = 30


@dataclass
class MemberFacts:
    """Everything the parameters read about one member, loaded in bulk by ``load_facts``."""

    member: Member
    guide_name: str = ""
    guide_code: str = ""
    store_name: str = ""
    tier_name: str = ""
    points_expiring: int = 0
    card: MemberCard | None = None
    card_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _money(cents: int) -> str:
    return f"{cents / 100:.2f}"


def _card_balance(f: MemberFacts) -> str:
    if f.card is None:
        return ""
    return _money(f.card.balance_cents)


def _card_expires(f: MemberFacts) -> str:
    if f.card is None or f.card.expires_at is None:
        return ""
    return f.card.expires_at.astimezone(clock.local_now().tzinfo).date().isoformat()


@dataclass(frozen=True)
class Parameter:
    """One template parameter: its name, what it means (en, zh), an example and how to read it."""

    name: str
    description: str
    description_zh: str
    example: str
    value: Callable[[MemberFacts], str]
    fact: str | None = None
    """The group of facts ``load_facts`` must load for it (None: the member's own columns)."""


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("customer_name", "The member's name.", "客户姓名", "张伟", lambda f: f.member.name or ""),
        Parameter("guide_name", "The member's shopping guide; empty without one.", "专属导购姓名", "李娜",
                  lambda f: f.guide_name, "guide"),
        Parameter("store_name", "The member's home store; empty without one.", "所属门店名称", "静安店",
                  lambda f: f.store_name, "store"),
        Parameter("tier_name", "The member's tier; empty without one.", "会员等级名称", "金卡",
                  lambda f: f.tier_name, "tier"),
        Parameter("points_balance", "The member's points balance.", "积分余额", "1200",
                  lambda f: str(f.member.points_balance)),
        Parameter("points_expiring", f"Points expiring in the next {EXPIRING_DAYS} days (at most the balance); "
                  "0 when none.", f"未来{EXPIRING_DAYS}天内将过期的积分", "300",
                  lambda f: str(f.points_expiring), "points"),
        Parameter("card_name", "Name of the member's soonest-expiring active card (in a reminder about a card: "
                  "that card); empty without one.",
                  "最早到期的有效卡名称", "护理次卡", lambda f: f.card_name, "card"),
        Parameter("card_balance", "Stored value left on that card (yuan, 2 decimals); empty without a card.",
                  "该卡余额（元）", "500.00", _card_balance, "card"),
        Parameter("card_remaining_uses", "Uses left on that card (punch cards); empty without one or for "
                  "stored-value cards.", "该卡剩余次数", "3",
                  lambda f: "" if f.card is None or f.card.remaining_uses is None else str(f.card.remaining_uses),
                  "card"),
        Parameter("card_expires_on", "Expiry date of that card (store time zone, YYYY-MM-DD); empty without one "
                  "or when it never expires.", "该卡到期日期", "2026-12-31", _card_expires, "card"),
    )
}


# -- tokenizer ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    """A piece of template text: literal text, or a parameter name (``param`` set) at ``offset``."""

    text: str
    param: str | None = None
    offset: int = 0


def tokenize(text: str, path: Sequence[str] = ("input", "text")) -> list[Token]:
    """Split ``text`` into literal and parameter tokens; raise a DomainError naming each problem.

    ``{name}`` is a parameter, ``{{`` and ``}}`` literal braces. An unknown name, an empty or
    unclosed ``{``, or a lone ``}`` is an error whose message names the parameter (if any) and the
    character index (offset) where it starts.
    """
    tokens: list[Token] = []
    errors: list[FieldError] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            if i + 1 < n and text[i + 1] == "{":
                buf.append("{")
                i += 2
                continue
            end = text.find("}", i + 1)
            nxt = text.find("{", i + 1)
            if end == -1 or (nxt != -1 and nxt < end):
                errors.append(FieldError(tuple(path), f"Unclosed '{{' at offset {i}: write {{{{ for a literal brace.",
                                         "INVALID"))
                buf.append("{")
                i += 1
                continue
            name = text[i + 1:end]
            if name.strip() not in PARAMETERS:
                shown = name if len(name) <= 40 else name[:40] + "…"
                errors.append(FieldError(tuple(path), f"Unknown parameter '{{{shown}}}' at offset {i}. Known: "
                                         f"{', '.join(PARAMETERS)}.", "INVALID"))
            else:
                if buf:
                    tokens.append(Token("".join(buf)))
                    buf = []
                tokens.append(Token(text[i:end + 1], name.strip(), i))
            i = end + 1
            continue
        if ch == "}":
            if i + 1 < n and text[i + 1] == "}":
                buf.append("}")
                i += 2
                continue
            errors.append(FieldError(tuple(path), f"Unmatched '}}' at offset {i}: write }}}} for a literal brace.",
                                     "INVALID"))
            i += 1
            continue
        buf.append(ch)
        i += 1
    if buf:
        tokens.append(Token("".join(buf)))
    if errors:
        raise DomainError(errors)
    return tokens


def used_parameters(*texts: str) -> set[str]:
    """The parameter names used in these (valid) texts."""
    return {t.param for text in texts for t in tokenize(text) if t.param}


FACTS = frozenset({"guide", "store", "tier", "points", "card"})
"""The groups of facts ``load_facts`` loads (a query or two each)."""


def facts_for(params: Iterable[str]) -> set[str]:
    """The groups of facts these parameters read."""
    return {g for name in params if (g := PARAMETERS[name].fact) is not None}


def substitute(tokens: Iterable[Token], values: Callable[[str], str]) -> str:
    """Join tokens with each parameter replaced by ``values(name)`` (the caller escapes)."""
    return "".join(values(t.param) if t.param else t.text for t in tokens)


# -- bulk loading ---------------------------------------------------------------------------------

async def load_facts(members: Sequence[Member], now: datetime | None = None,
                     needs: Iterable[str] = FACTS) -> dict[int, MemberFacts]:
    """Facts for many members at once: guides, stores, tiers, expiring points and cards in 5 queries —
    only the groups in ``needs`` (``facts_for`` the parameters a template uses; the rest keep their
    fallbacks, so a message that names only the member loads nothing more)."""
    from tortoise.functions import Sum

    from api.loyalty.models import CardProduct, MemberCard, PointsEntry, Tier
    from api.org.models import Guide, Store

    now = now or clock.now()
    facts = {m.id: MemberFacts(member=m) for m in members}
    if not facts:
        return facts
    ids = list(facts)
    needs = set(needs)
    guide_ids = {m.guide_id for m in members if m.guide_id} if "guide" in needs else set()
    store_ids = {m.home_store_id for m in members if m.home_store_id} if "store" in needs else set()
    tier_ids = {m.tier_id for m in members if m.tier_id} if "tier" in needs else set()
    guides = {g.id: g for g in await Guide.filter(id__in=guide_ids)} if guide_ids else {}
    stores = {s.id: s for s in await Store.filter(id__in=store_ids)} if store_ids else {}
    tiers = {t.id: t for t in await Tier.filter(id__in=tier_ids)} if tier_ids else {}
    expiring: dict[int, int] = {}
    rows = await (
        PointsEntry.filter(member_id__in=ids, delta__gt=0, expires_at__gt=now,
                           expires_at__lte=now + timedelta(days=EXPIRING_DAYS))
        .annotate(total=Sum("delta")).group_by("member_id").values("member_id", "total")
    ) if "points" in needs else []
    for row in rows:
        expiring[row["member_id"]] = int(row["total"] or 0)
    cards: dict[int, MemberCard] = {}
    for card in await MemberCard.filter(member_id__in=ids).order_by("member_id", "id") if "card" in needs else []:
        if not _active(card, now):
            continue
        best = cards.get(card.member_id)
        if best is None or _sooner(card, best):
            cards[card.member_id] = card
    products = {p.id: p for p in await CardProduct.filter(id__in={c.product_id for c in cards.values()})} \
        if cards else {}
    for m in members:
        f = facts[m.id]
        if m.guide_id and (g := guides.get(m.guide_id)):
            f.guide_name, f.guide_code = g.name, g.code
        if m.home_store_id and (s := stores.get(m.home_store_id)):
            f.store_name = s.name
        if m.tier_id and (t := tiers.get(m.tier_id)):
            f.tier_name = t.name
        f.points_expiring = max(0, min(expiring.get(m.id, 0), m.points_balance))
        if held := cards.get(m.id):
            f.card = held
            product = products.get(held.product_id)
            f.card_name = product.name if product else ""
    return facts


async def focus_card(facts: dict[int, MemberFacts], member_ids: Sequence[int], focus: dict[str, Any],
                     now: datetime | None = None) -> dict[int, MemberFacts]:
    """Facts whose ``card_*`` parameters name the card a message is about, not the member's soonest-expiring:

    * ``{"expiresOn": "YYYY-MM-DD"}`` — the active card expiring on that store date (a card's expiry
      reminder, even when another of the member's cards expires sooner);
    * ``{"punchRemaining": {"atLeast", "atMost", "cardProductIds"}}`` — the soonest-expiring active punch
      card with uses in that range, of those products (a card-use reminder, even when a stored-value card
      expires sooner).

    Copies, in one query; a member without such a card keeps their facts."""
    from dataclasses import replace

    from api.loyalty.models import CardProduct, MemberCard

    now = now or clock.now()
    cards = MemberCard.filter(member_id__in=list(member_ids))
    if "expiresOn" in focus:
        day = date.fromisoformat(focus["expiresOn"])
        cards = cards.filter(expires_at__gte=clock.local_midnight(day),
                             expires_at__lt=clock.local_midnight(day + timedelta(days=1)))
    punch = focus.get("punchRemaining")
    chosen: dict[int, MemberCard] = {}
    for card in await cards.order_by("id"):
        if not _active(card, now) or (punch is not None and not _punch_fits(card, punch)):
            continue
        best = chosen.get(card.member_id)
        if best is None or _sooner(card, best):
            chosen[card.member_id] = card
    if not chosen:
        return facts
    names = dict(await CardProduct.filter(id__in={c.product_id for c in chosen.values()}).values_list("id", "name"))
    out = dict(facts)
    for member_id, card in chosen.items():
        out[member_id] = replace(facts[member_id], card=card, card_name=str(names.get(card.product_id, "")))
    return out


def _punch_fits(card: MemberCard, v: dict[str, Any]) -> bool:
    uses = card.remaining_uses
    return (uses is not None and v.get("atLeast", 0) <= uses <= v.get("atMost", uses)
            and (not v.get("cardProductIds") or card.product_id in v["cardProductIds"]))


def _active(card: MemberCard, now: datetime) -> bool:
    """Not expired, with uses (punch cards) or stored value left."""
    if card.expires_at is not None and card.expires_at <= now:
        return False
    if card.remaining_uses is not None:
        return card.remaining_uses > 0
    return card.balance_cents > 0


def _sooner(a: MemberCard, b: MemberCard) -> bool:
    """Whether card ``a`` expires before ``b`` (a card that never expires comes last; ties by id)."""
    if a.expires_at is None:
        return False
    if b.expires_at is None:
        return True
    return (a.expires_at, a.id) < (b.expires_at, b.id)


def value_of(name: str, facts: MemberFacts) -> str:
    """The raw (unescaped) value of one parameter for one member."""
    return PARAMETERS[name].value(facts)
