"""Demo journeys with a history: what `make demo` shows a newcomer at once.

Five journeys from the built-in templates and one drawn canvas (a one-shot launch with an A/B split and
a control group, a wait and an order goal) are published ``DAYS`` days ago on simulated time; then the
days are replayed one by one with the real engine: every morning some members complete services, use
their cards and place orders through the ordinary services, and the scheduler, the trigger matcher,
the pump and the send gate run as the workers would, under the demo's fatigue caps and quiet hours.
The sends it passed wait in the outbox, and the demo's worker delivers them through the HTTP adapter to
the sandbox gateway (``api.channels.sandbox``) once Rapport is up. So enrollments, sends by outcome,
guide tasks and conversions are all there through GraphQL, made by the same code that runs in
production, not inserted by hand.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from api.core import clock
from api.core.viewer import Viewer

log = logging.getLogger(__name__)

DAYS = 35
"""How far back the demo journeys were published (a member day, the 17th, falls in any 35 days)."""

CONTENT = {
    "MEMBER_DAY": ("会员日提醒", "{customer_name}，明天是会员日，全场护理 8 折，{store_name} 等你来。"),
    "POST_SERVICE_FOLLOW_UP": ("服务回访", "{customer_name}，上次护理感觉如何？{guide_name} 为你预留了下次的时间。"),
    "CARD_USE_REMINDER": ("耗卡提醒", "{customer_name}，你的{card_name}还剩 {card_remaining_uses} 次，欢迎到店使用。"),
    "CARD_EXPIRY_REMINDER": ("卡项到期", "{customer_name}，你的{card_name}将于 {card_expires_on} 到期，记得来用哦。"),
    "CANVAS": ("新品体验", "{customer_name}，秋冬修护新品到店，凭此短信到 {store_name} 免费体验一次。"),
}
TEMPLATE_JOURNEYS = ("MEMBER_DAY", "POST_SERVICE_FOLLOW_UP", "CARD_EXPIRY_REMINDER", "PUNCH_CARD_LOW",
                     "STORED_VALUE_LOW")


def canvas(launch: datetime, sms_template: int, wechat_template: int) -> dict[str, Any]:
    """The drawn canvas: women enter at the launch; an A/B test (SMS vs WeChat, 10% control), a 3-day
    wait, then an order within 14 days of entry counts as the goal."""
    def n(id: str, kind: str, x: int, y: int, **config: Any) -> dict[str, Any]:
        return {"id": id, "kind": kind, "config": config, "position": {"x": x, "y": y}}

    return {
        "nodes": [
            n("entry", "ENTRY", 0, 0, mode="ONE_SHOT", at=launch.isoformat(),
              audience={"rule": {"gender": {"in": ["FEMALE"]}}}),
            n("ab", "RANDOM_SPLIT", 0, 120, shares=[{"key": "sms", "percent": 45}, {"key": "wechat", "percent": 45},
                                                     {"key": "control", "percent": 10, "control": True}]),
            n("sms", "MESSAGE", -220, 240, templateId=sms_template, channels=["SMS"], priority=60),
            n("wechat", "MESSAGE", 0, 240, templateId=wechat_template, channels=["WECHAT", "SMS"], priority=60),
            n("wait", "WAIT", 0, 360, duration={"days": 3}),
            n("goal", "GOAL", 0, 480, goal="ORDER", withinDays=14),
        ],
        "edges": [
            {"from": "entry", "to": "ab"}, {"from": "ab", "to": "sms", "branch": "sms"},
            {"from": "ab", "to": "wechat", "branch": "wechat"}, {"from": "ab", "to": "wait", "branch": "control"},
            {"from": "sms", "to": "wait"}, {"from": "wechat", "to": "wait"}, {"from": "wait", "to": "goal"},
        ],
    }


async def seed_demo_journeys(gateway_url: str, *, days: int = DAYS, seed: int = 7,
                             progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Create the demo's providers, policy, content and journeys, and replay ``days`` days. Does nothing
    when any journey exists (the demo was prepared before)."""
    from api.channels import crypto
    from api.channels.base import Channel, ProviderKind
    from api.channels.provider_models import ChannelProvider
    from api.channels.sandbox import SANDBOX_SECRET
    from api.fatigue import policy
    from api.journeys import entries, services
    from api.journeys.models import Journey
    from api.templates.models import Template

    if await Journey.exists():
        return {}
    system = Viewer.system()
    # the seeded history is before every demo journey: let the matcher read past it first
    await entries.match_triggers()

    real_now = clock.now()
    start = clock.local_midnight(clock.today() - timedelta(days=days)) + timedelta(hours=8)
    clock.set_now(start)
    try:
        for channel in (Channel.SMS, Channel.WECHAT, Channel.WECOM, Channel.PUSH):
            await ChannelProvider.create(channel=channel, kind=ProviderKind.HTTP, url=gateway_url,
                                         sender="Rapport demo", secret_encrypted=crypto.encrypt(SANDBOX_SECRET),
                                         timeout_seconds=5.0)
        await policy.set_caps(system, None, [{"channel": "SMS", "period": "DAY", "maxSends": 1},
                                             {"channel": "SMS", "period": "WEEK", "maxSends": 3},
                                             {"channel": None, "period": "DAY", "maxSends": 2}])
        await policy.set_quiet(system, None, [{"channel": "SMS", "start": "21:00", "end": "09:00"}])
        content = {k: await Template.create(name=name, text=text) for k, (name, text) in CONTENT.items()}

        for key in TEMPLATE_JOURNEYS:
            journey = await services.create_journey(system, "", template_key=key)
            for node in journey.draft["nodes"]:
                if node["kind"] == "MESSAGE":
                    node["config"]["templateId"] = content[key].id
            await services.update_draft(system, journey.id, draft=journey.draft)
            await services.publish(system, journey.id)
        launch = start + timedelta(days=2, hours=2)
        drawn = await services.create_journey(system, "秋冬新品体验（A/B）", description="Drawn canvas: A/B test "
                                              "with a control group, a wait and an order goal.",
                                              draft=canvas(launch, content["CANVAS"].id, content["CANVAS"].id))
        await services.publish(system, drawn.id)

        rng = random.Random(seed)
        for day in range(days + 1):
            morning = start + timedelta(days=day)
            for hour in (1, 2, 6, 10, 14):  # 09:00 … 22:00 store time
                at = morning + timedelta(hours=hour)
                if at > real_now:
                    break
                clock.set_now(at)
                if hour == 2:
                    await _a_days_business(rng, at)
                await _engine_round(at)
            if progress:
                progress(day + 1, days + 1)
    finally:
        clock.set_now(None)
    await _engine_round(clock.now())
    return {"journeys": len(TEMPLATE_JOURNEYS) + 1}


async def _engine_round(now: datetime) -> None:
    """What the workers' journeys_tick and relay_outbox do, without the network: schedules, triggers,
    due steps, deferred sends decided again."""
    from api.fatigue.gate import redecide_until_idle
    from api.journeys import engine, entries

    await entries.run_schedules()
    await entries.match_triggers()
    await engine.pump()
    await redecide_until_idle(now=now)


async def _a_days_business(rng: random.Random, at: datetime) -> None:
    """A morning's services, card uses and orders by a few members, through the ordinary services."""
    from api.loyalty.models import CardKind, MemberCard
    from api.members.models import Member
    from api.orders import services as orders
    from api.orders.models import LineKind, Product

    system = Viewer.system()
    ids = cast(list[int], await Member.all().order_by("id").values_list("id", flat=True))
    if not ids:
        return
    services_ = await Product.filter(kind=LineKind.SERVICE).limit(20)
    goods = await Product.filter(kind=LineKind.GOODS).limit(20)
    stamp = int(at.timestamp())
    for i, member_id in enumerate(rng.sample(ids, k=max(1, len(ids) // 100))):
        try:
            if services_:
                await orders.complete_service(system, member_id, product_id=rng.choice(services_).id,
                                              completed_at=at, source="demo", external_id=f"svc-{stamp}-{i}")
            if goods and rng.random() < 0.5:
                product = rng.choice(goods)
                await orders.record_order(system, orders.OrderInput(
                    member_id=member_id, ordered_at=at, source="demo", external_id=f"ord-{stamp}-{i}",
                    lines=[orders.LineInput(kind=LineKind.GOODS, product_id=product.id, quantity=1)]))
        except Exception:  # noqa: BLE001 - a member the services refuse (e.g. no store) is skipped in a demo
            log.debug("demo business skipped member %s", member_id, exc_info=True)
    from tortoise.expressions import Q

    cards = cast(list[int], await MemberCard.filter(
        Q(expires_at=None) | Q(expires_at__gt=at), remaining_uses__gt=0, product__kind=CardKind.PUNCH,
    ).limit(300).values_list("id", flat=True))
    for i, card_id in enumerate(rng.sample(cards, k=min(len(cards), 8))):
        try:
            await orders.use_card(system, card_id, uses=1, used_at=at, source="demo",
                                  external_id=f"use-{stamp}-{i}")
        except Exception:  # noqa: BLE001 - an expired or used-up card is refused: skip it
            log.debug("demo card use skipped %s", card_id, exc_info=True)
