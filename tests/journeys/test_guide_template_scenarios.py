"""The three built-in templates that end in a guide task (PRODUCT.md §3), end to end on simulated time: new
customer second visit, punch card low on uses, stored-value balance low.

Each journey is created from its template through the service by a company's admin (so it reaches that
company's members only) and published; then the service clock moves on day by day, a few times a day,
the members do things through the real services (orders at the POS, card uses), and real arq workers run
``journeys_tick`` and ``relay_outbox`` in burst mode after each step (``Simulation`` of the message
template scenarios). Each scenario checks exactly which guide tasks exist: for which member and guide
(the member's guide, else the home store), made on which store-local day, due when, with what
instructions; that nobody got one twice within the re-entry rule; who got none and why; and the
journey's live metrics through GraphQL.
"""

from __future__ import annotations

from typing import Any

from api.accounts.models import Role
from api.core import clock
from api.core.viewer import ROLE_SCOPES, Viewer
from api.guides.models import GuideTask, TaskStatus
from api.journeys import services
from api.journeys.models import Enrollment, EnrollmentStatus
from api.journeys.templates import TEMPLATES
from api.loyalty.models import CardKind, MemberCard
from api.members.models import Member
from api.orders import services as orders
from api.orders.models import CardUse, LineKind, Product
from api.org.models import Guide, RetailCompany, Store
from tests.channels.servers import Gateway
from tests.factories import make_card_product, make_company, make_guide, make_member, make_product, make_store
from tests.journeys.test_template_scenarios import (
    ADMIN,
    Simulation,
    buy,
    buy_card,
    local,
    local_text,
    metrics,
    punch,
)


def company_admin(company: RetailCompany) -> Viewer:
    """The admin of one retail company: what they create is the company's and reaches its members only."""
    return Viewer(role=Role.COMPANY_ADMIN, name=f"{company.name} admin", scopes=ROLE_SCOPES[Role.COMPANY_ADMIN],
                  company_id=company.id)


async def from_guide_template(viewer: Viewer, key: str) -> int:
    """Create the journey from the built-in template as it comes (a guide task needs no content) and publish."""
    journey = await services.create_journey(viewer, "", template_key=key)
    assert journey.template_key == key and journey.draft == TEMPLATES[key].graph
    assert journey.company_id == viewer.company_id
    assert (await services.publish(viewer, journey.id)).number == 1
    return journey.id


Task = tuple[str, str | None, str, str, str, str]
"""(member, guide or None, store, local time it was made, local due date, instructions)"""


async def tasks(journey_id: int) -> list[Task]:
    """The journey's guide tasks in the order they were made."""
    names = dict(await Member.all().values_list("id", "name"))
    guides = dict(await Guide.all().values_list("id", "name"))
    stores = dict(await Store.all().values_list("id", "name"))
    rows = await GuideTask.filter(source_type="journey", source_id=journey_id).order_by("created_at", "id")
    assert {(r.node_id, r.status) for r in rows} <= {("task", TaskStatus.OPEN)}
    return [(names[r.member_id], guides.get(r.guide_id) if r.guide_id else None, stores[r.store_id],
             local_text(r.created_at), r.due_on.isoformat(), r.instructions) for r in rows]


async def runs(journey_id: int) -> list[tuple[str, int, str, EnrollmentStatus]]:
    """The journey's enrollments: (member, occurrence, local time entered, status), in order of entry."""
    names = dict(await Member.all().values_list("id", "name"))
    rows = await Enrollment.filter(journey_id=journey_id).order_by("entered_at", "id")
    return [(names[r.member_id], r.occurrence, local_text(r.entered_at), r.status) for r in rows]


async def spend(card: MemberCard, yuan_cents: int) -> None:
    await orders.use_card(ADMIN, card.id, amount_cents=yuan_cents)


async def balance(card: MemberCard) -> int:
    await card.refresh_from_db()
    return card.balance_cents


async def remaining(card: MemberCard) -> int | None:
    await card.refresh_from_db()
    return card.remaining_uses


async def _two_stores_and_a_rival() -> tuple[RetailCompany, Store, Store, Store, Guide, Guide]:
    """丽人集团 with 静安店 (guide 小美) and 徐汇店 (guide 小丽), and 姑苏美业's 苏州店."""
    company = await make_company(name="丽人集团")
    jingan = await make_store(company, name="静安店")
    xuhui = await make_store(company, name="徐汇店")
    suzhou = await make_store(await make_company(name="姑苏美业"), name="苏州店")
    return company, jingan, xuhui, suzhou, await make_guide(jingan, name="小美"), await make_guide(xuhui, name="小丽")


# -- new customer second visit ------------------------------------------------------------------------

SECOND_VISIT = "邀请顾客二次到店，可介绍新客专享项目。"


async def test_new_customer_second_visit_a_task_7_days_after_the_first_service_order(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given a company with two stores and their guides, another company, a service and goods
    clock.set_now(local("2027-02-10 12:00"))
    company, jingan, xuhui, suzhou, xiaomei, xiaoli = await _two_stores_and_a_rival()
    facial: Product = await make_product(LineKind.SERVICE, 39900, name="深层清洁护理", category="护理")
    mask: Product = await make_product(LineKind.GOODS, 9900, name="面膜", category="护肤")

    def member(name: str, **kw: Any) -> Any:
        return make_member(name=name, **{"home_store": jingan, **kw})

    wang = await member("王芳", guide=xiaomei)  # first service on 3 March, a second one on 12 March
    li = await member("李娜")  # no guide: the task is for her home store
    qian = await member("钱多", guide=xiaoli)  # her guide works at another store of the company
    zhou = await member("周敏")  # bought goods in February: not a new customer
    await buy(zhou, mask)
    zhang = await member("张伟")  # buys goods first (not a service order), then a service
    chen = await member("陈静", home_store=suzhou)  # the other company's member
    sun = await member("孙丽")  # her first service was on 28 February; the POS reports it on 2 March
    he = await member("何军")  # first service late in March: the task is not due before the simulation ends

    # and the template published by the company's admin on 1 March at 07:00
    clock.set_now(local("2027-03-01 07:00"))
    journey_id = await from_guide_template(company_admin(company), "NEW_CUSTOMER_SECOND_VISIT")

    # when members order as below and the workers run four times a day through March
    acts: dict[str, list[tuple[Member, Product]]] = {
        "2027-03-02 10:00": [(zhang, mask)], "2027-03-03 10:00": [(wang, facial), (chen, facial)],
        "2027-03-04 10:00": [(zhou, facial)], "2027-03-05 14:00": [(li, facial)],
        "2027-03-06 07:30": [(qian, facial)],  # 23:30 UTC on the 5th
        "2027-03-08 10:00": [(zhang, facial)], "2027-03-12 14:00": [(wang, facial)],
        "2027-03-26 14:00": [(he, facial)],
    }
    sim = Simulation(gateway)
    async for now in sim.days("2027-03-01", "2027-03-31", times=("07:30", "10:00", "14:00", "21:30")):
        for m, product in acts.get(local_text(now), []):
            await buy(m, product)
        if now == local("2027-03-02 10:00"):
            await orders.record_order(ADMIN, orders.OrderInput(
                member_id=sun.id, ordered_at=local("2027-02-28 15:00"), lines=[orders.LineInput(product_id=facial.id)]))

    # then the new customers' guides (else their home store) got one task each, 7 days after the first
    # service order at the time of day it was made, on the store's calendar, due 3 store days later
    assert await tasks(journey_id) == [
        ("王芳", "小美", "静安店", "2027-03-10 10:00", "2027-03-13", SECOND_VISIT),
        ("李娜", None, "静安店", "2027-03-12 14:00", "2027-03-15", SECOND_VISIT),
        ("钱多", "小丽", "徐汇店", "2027-03-13 07:30", "2027-03-16", SECOND_VISIT),
    ]
    made = {t.member_id: t for t in await GuideTask.filter(source_id=journey_id)}
    assert {t.company_id for t in made.values()} == {company.id}
    assert made[li.id].guide_id is None and made[qian.id].guide_id == xiaoli.id

    # and nobody else: wang's second service makes no second task (once ever), zhou and zhang had ordered
    # before their first service (not new customers), chen belongs to another company, sun's order came
    # before the journey was published; he is still waiting for his 7 days
    assert await runs(journey_id) == [
        ("王芳", 1, "2027-03-03 10:00", EnrollmentStatus.COMPLETED),
        ("李娜", 1, "2027-03-05 14:00", EnrollmentStatus.COMPLETED),
        ("钱多", 1, "2027-03-06 07:30", EnrollmentStatus.COMPLETED),
        ("何军", 1, "2027-03-26 14:00", EnrollmentStatus.ACTIVE),
    ]
    [waiting] = await Enrollment.filter(journey_id=journey_id, status=EnrollmentStatus.ACTIVE)
    assert (waiting.node_id, waiting.due_at) == ("entry", local("2027-04-02 14:00"))
    assert await GuideTask.filter(member_id__in=[zhou.id, zhang.id, chen.id, sun.id, he.id]).count() == 0
    assert sim.deliveries == []

    # and the live metrics: four entered, three past the entry's delay to the task, one waiting there
    live = await metrics(gql, journey_id, days=40)
    assert live["status"] == "ACTIVE"
    assert live["counts"] == {"entry": (1, 3, {}), "task": (0, 3, {})}
    assert live["days"] == [(k, d, 1) for d in ("2027-03-10", "2027-03-12", "2027-03-13") for k in ("entry", "task")]


# -- punch card low on uses ---------------------------------------------------------------------------

PUNCH_LOW = "顾客次卡即将用完，请联系顾客推荐续卡。"


async def test_punch_card_low_a_task_when_a_use_leaves_2_or_fewer_at_most_every_30_days(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given a company's store and guides, another company, punch cards and a stored-value card
    clock.set_now(local("2027-02-20 12:00"))
    company, jingan, xuhui, suzhou, xiaomei, xiaoli = await _two_stores_and_a_rival()
    care = await make_card_product(name="护理5次卡", total_uses=5, validity_days=365)
    nails = await make_card_product(name="美甲10次卡", total_uses=10, validity_days=365)
    value = await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=365)

    def member(name: str, **kw: Any) -> Any:
        return make_member(name=name, **{"home_store": jingan, **kw})

    wang = await member("王芳", guide=xiaomei)
    wang_card = await buy_card(wang, care, "2027-02-20 12:00")
    li = await member("李娜")
    li_card = await buy_card(li, nails, "2027-02-20 12:00")
    zhang = await member("张伟", guide=xiaoli)
    zhang_card = await buy_card(zhang, care, "2027-02-20 12:00")
    zhou = await member("周敏", home_store=suzhou)  # the other company's member
    zhou_card = await buy_card(zhou, care, "2027-02-20 12:00")
    liu = await member("刘洋")  # a stored-value card only
    liu_card = await buy_card(liu, value, "2027-02-20 12:00")
    # zhang's card went down to 2 uses before the journey existed
    clock.set_now(local("2027-02-27 15:00"))
    await punch(zhang_card, 3)

    # and the template published by the company's admin on 1 March at 09:00
    clock.set_now(local("2027-03-01 09:00"))
    journey_id = await from_guide_template(company_admin(company), "PUNCH_CARD_LOW")

    # when the members use their cards as below and the workers run three times a day to 10 April
    uses: dict[str, list[tuple[MemberCard, int]]] = {
        "2027-03-02 10:00": [(wang_card, 1)],  # 4 left
        "2027-03-03 14:00": [(li_card, 7)],  # 3 left
        "2027-03-04 10:00": [(wang_card, 1)],  # 3 left
        "2027-03-05 10:00": [(zhou_card, 4)],  # 1 left
        "2027-03-06 10:00": [(wang_card, 1)],  # 2 left: a task
        "2027-03-08 14:00": [(li_card, 2)],  # 1 left: a task
        "2027-03-15 10:00": [(zhang_card, 1)],  # 1 left: a task (his first use since the launch)
        "2027-03-20 14:00": [(wang_card, 1)],  # 1 left, 14 days after her task: none
        "2027-04-05 14:00": [(wang_card, 1)],  # none left, 30 days and 4 hours after her task: a task
        "2027-04-07 10:00": [(li_card, 1)],  # none left, 29 days and 20 hours after her task: none
    }
    sim = Simulation(gateway)
    async for now in sim.days("2027-03-01", "2027-04-10", times=("10:00", "14:00", "21:30")):
        for card, n in uses.get(local_text(now), []):
            await punch(card, n)
        if now == local("2027-03-03 10:00"):
            await spend(liu_card, 5000)

    # then the tasks: one per use that left 2 or fewer, but at most one per member in 30 days, for the
    # member's guide (at the guide's store) or the home store, made when the use was recorded, due in 3 days
    assert [await remaining(c) for c in (wang_card, li_card, zhang_card, zhou_card)] == [0, 0, 1, 1]
    assert await tasks(journey_id) == [
        ("王芳", "小美", "静安店", "2027-03-06 10:00", "2027-03-09", PUNCH_LOW),
        ("李娜", None, "静安店", "2027-03-08 14:00", "2027-03-11", PUNCH_LOW),
        ("张伟", "小丽", "徐汇店", "2027-03-15 10:00", "2027-03-18", PUNCH_LOW),
        ("王芳", "小美", "静安店", "2027-04-05 14:00", "2027-04-08", PUNCH_LOW),
    ]

    # and nobody else: uses leaving 3 or more, the second low use within 30 days, the other company's
    # member, the stored-value card, and zhang's use before the launch entered nothing
    assert await runs(journey_id) == [
        ("王芳", 1, "2027-03-06 10:00", EnrollmentStatus.COMPLETED),
        ("李娜", 1, "2027-03-08 14:00", EnrollmentStatus.COMPLETED),
        ("张伟", 1, "2027-03-15 10:00", EnrollmentStatus.COMPLETED),
        ("王芳", 2, "2027-04-05 14:00", EnrollmentStatus.COMPLETED),
    ]
    keys = await Enrollment.filter(journey_id=journey_id).order_by("id").values_list("entry_key", flat=True)
    low_uses = await CardUse.filter(member_id__in=[wang.id, li.id, zhang.id]).order_by("id")
    assert [u.uses for u in low_uses] == [3, 1, 7, 1, 1, 2, 1, 1, 1, 1]  # zhang's 27 February use first
    assert keys == [f"card_use:{low_uses[i].id}" for i in (4, 5, 6, 8)]
    assert await GuideTask.filter(member_id__in=[zhou.id, liu.id]).count() == 0

    # and the live metrics
    live = await metrics(gql, journey_id, days=45)
    assert live["counts"] == {"entry": (0, 4, {}), "task": (0, 4, {})}
    assert live["days"] == [(k, d, 1) for d in ("2027-03-06", "2027-03-08", "2027-03-15", "2027-04-05")
                            for k in ("entry", "task")]


# -- stored-value balance low -------------------------------------------------------------------------

VALUE_LOW = "顾客储值余额不足，请联系顾客推荐充值。"


async def test_stored_value_low_a_task_when_a_use_leaves_100_yuan_or_less_at_most_every_30_days(
        db: None, redis: object, gateway: Gateway, gql: Any) -> None:
    # given a company's store and guide, another company, 1,200-yuan stored-value cards and a punch card
    clock.set_now(local("2027-02-20 12:00"))
    company = await make_company(name="丽人集团")
    jingan = await make_store(company, name="静安店")
    suzhou = await make_store(await make_company(name="姑苏美业"), name="苏州店")
    xiaomei = await make_guide(jingan, name="小美")
    value = await make_card_product(CardKind.STORED_VALUE, name="储值卡", validity_days=365,
                                    face_value_cents=120000)
    care = await make_card_product(name="护理5次卡", total_uses=5, validity_days=365)

    def member(name: str, **kw: Any) -> Any:
        return make_member(name=name, **{"home_store": jingan, **kw})

    wang = await member("王芳", guide=xiaomei)
    wang_card = await buy_card(wang, value, "2027-02-20 12:00")
    li = await member("李娜")
    li_card = await buy_card(li, value, "2027-02-20 12:00")
    sun = await member("孙丽")  # two stored-value cards: her balance is their total
    sun_card = await buy_card(sun, value, "2027-02-20 12:00")
    await buy_card(sun, value, "2027-02-20 12:00")
    zhou = await member("周敏", home_store=suzhou)
    zhou_card = await buy_card(zhou, value, "2027-02-20 12:00")
    liu = await member("刘洋")  # a punch card only
    liu_card = await buy_card(liu, care, "2027-02-20 12:00")
    zhang = await member("张伟")  # down to 80 yuan before the journey existed, no use since
    zhang_card = await buy_card(zhang, value, "2027-02-20 12:00")
    clock.set_now(local("2027-02-27 15:00"))
    await spend(zhang_card, 112000)

    clock.set_now(local("2027-03-01 09:00"))
    journey_id = await from_guide_template(company_admin(company), "STORED_VALUE_LOW")

    # when the members spend as below and the workers run three times a day to 8 April
    spends: dict[str, list[tuple[MemberCard, int]]] = {
        "2027-03-02 10:00": [(wang_card, 100000)],  # 200.00 left
        "2027-03-03 10:00": [(li_card, 109999)],  # 100.01 left: above the threshold
        "2027-03-04 10:00": [(sun_card, 115000), (zhou_card, 115000)],  # 50 left on one card of two; the other company
        "2027-03-05 14:00": [(wang_card, 10000)],  # 100.00 left: a task
        "2027-03-09 14:00": [(li_card, 101)],  # 99.00 left: a task
        "2027-03-12 10:00": [(wang_card, 5000)],  # 50.00 left, 7 days after her task: none
        "2027-04-06 10:00": [(wang_card, 1000)],  # 40.00 left, 31 days after her task: a task
    }
    sim = Simulation(gateway)
    async for now in sim.days("2027-03-01", "2027-04-08", times=("10:00", "14:00", "21:30")):
        for card, cents in spends.get(local_text(now), []):
            await spend(card, cents)
        if now == local("2027-03-03 14:00"):
            await punch(liu_card)

    # then the tasks, for the guide or the home store, made when the use was recorded, due in 3 days
    assert [await balance(c) for c in (wang_card, li_card, sun_card, zhou_card, zhang_card)] == [
        4000, 9900, 5000, 5000, 8000]
    assert await tasks(journey_id) == [
        ("王芳", "小美", "静安店", "2027-03-05 14:00", "2027-03-08", VALUE_LOW),
        ("李娜", None, "静安店", "2027-03-09 14:00", "2027-03-12", VALUE_LOW),
        ("王芳", "小美", "静安店", "2027-04-06 10:00", "2027-04-09", VALUE_LOW),
    ]

    # and nobody else: 200 and 100.01 yuan left, the second low use within 30 days, a member whose other
    # card keeps her total at 1,250 yuan, the other company's member, a punch-card use, and zhang's use
    # before the launch entered nothing
    assert await runs(journey_id) == [
        ("王芳", 1, "2027-03-05 14:00", EnrollmentStatus.COMPLETED),
        ("李娜", 1, "2027-03-09 14:00", EnrollmentStatus.COMPLETED),
        ("王芳", 2, "2027-04-06 10:00", EnrollmentStatus.COMPLETED),
    ]
    assert await GuideTask.filter(member_id__in=[sun.id, zhou.id, liu.id, zhang.id]).count() == 0

    live = await metrics(gql, journey_id, days=40)
    assert live["counts"] == {"entry": (0, 3, {}), "task": (0, 3, {})}
    assert live["days"] == [(k, d, 1) for d in ("2027-03-05", "2027-03-09", "2027-04-06") for k in ("entry", "task")]
