"""The totals job runs on a real arq worker against the real Redis and database."""

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker
from tortoise import connections

from api.core import clock
from api.core.config import get_settings
from api.core.redis import redis_url
from api.core.viewer import Viewer
from api.loyalty.models import PointsEntry
from api.members.models import Member
from api.orders.models import LineKind, Order, OrderStatus
from api.orders.services import LineInput, OrderInput, recompute_totals, record_order
from tests.factories import dt, make_member, make_tier
from workers.jobs.recompute_totals import recompute_member_totals


async def test_worker_recomputes_totals_from_orders(db, redis) -> None:
    # given a member whose stored totals are stale (orders written behind the services' back)
    member = await make_member()
    await Order.create(member=member, ordered_at=dt("2026-01-05T10:00:00"), total_cents=30000)
    await Order.create(
        member=member,
        ordered_at=dt("2026-02-05T10:00:00"),
        total_cents=20000,
        refunded_cents=5000,
        status=OrderStatus.PARTIALLY_REFUNDED,
    )
    await Order.create(
        member=member,
        ordered_at=dt("2026-03-05T10:00:00"),
        total_cents=9900,
        refunded_cents=9900,
        status=OrderStatus.REFUNDED,
    )
    assert (await Member.get(id=member.id)).order_count == 0

    # when the job is enqueued and a worker drains the queue
    settings = RedisSettings.from_dsn(redis_url(get_settings()))
    pool = await create_pool(settings)
    await pool.enqueue_job("recompute_member_totals", [member.id])
    worker = Worker(functions=[recompute_member_totals], redis_settings=settings, burst=True, poll_delay=0.01)
    await worker.main()
    await worker.close()
    await pool.aclose()

    # then totals ignore the fully refunded order and net the partial refund
    m = await Member.get(id=member.id)
    assert m.order_count == 2
    assert m.total_spend_cents == 30000 + 15000
    assert m.first_visit_at == dt("2026-01-05T10:00:00")
    assert m.last_purchase_at == dt("2026-02-05T10:00:00")
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0


async def _run_job(member_ids: list[int] | None = None) -> int:
    """Enqueue the nightly totals job, drain the queue with a real arq worker, return the job's result."""
    settings = RedisSettings.from_dsn(redis_url(get_settings()))
    pool = await create_pool(settings)
    job = await pool.enqueue_job("recompute_member_totals", member_ids)
    assert job is not None
    worker = Worker(functions=[recompute_member_totals], redis_settings=settings, burst=True, poll_delay=0.01)
    await worker.main()
    await worker.close()
    result = await job.result(timeout=5)
    await pool.aclose()
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    return int(result)


async def _change_log() -> list[int]:
    rows = await connections.get("default").execute_query_dict("SELECT member_id FROM member_change ORDER BY id")
    return [r["member_id"] for r in rows]


async def _members_with_orders() -> list[Member]:
    """Three members with orders, points and a tier, recorded through the services (totals in step)."""
    await make_tier(1, 0, "Silver")
    await make_tier(2, 50000, "Gold")
    members = [await make_member() for _ in range(3)]
    for i, m in enumerate(members[:2]):
        await record_order(
            Viewer.system(),
            OrderInput(
                member_id=m.id, lines=[LineInput(kind=LineKind.GOODS, name="x", unit_price_cents=30000 * (i + 1))]
            ),
        )
    await PointsEntry.create(member_id=members[0].id, delta=120, reason="bonus", occurred_at=clock.now())
    await recompute_totals([members[0].id, members[2].id])
    return members


async def test_nightly_job_on_consistent_totals_writes_nothing(db, redis) -> None:
    # given members whose totals are in step with their orders and points
    members = await _members_with_orders()
    before = [await Member.get(id=m.id) for m in members]
    log = await _change_log()

    # when the nightly job recomputes every member
    updated = await _run_job(None)

    # then no member row is updated and the segment change log gets nothing
    assert updated == 0
    assert await _change_log() == log
    after = [await Member.get(id=m.id) for m in members]
    assert [(m.order_count, m.total_spend_cents, m.points_balance, m.tier_id) for m in after] == [
        (m.order_count, m.total_spend_cents, m.points_balance, m.tier_id) for m in before
    ]


async def test_nightly_job_fixes_exactly_the_member_whose_totals_are_wrong(db, redis) -> None:
    # given consistent members, one of whose totals is then corrupted behind the services' back
    members = await _members_with_orders()
    good = await Member.get(id=members[1].id)
    await connections.get("default").execute_script(
        f"UPDATE member SET order_count = 7, total_spend_cents = 1, points_balance = 5 WHERE id = {good.id}"
    )
    log = await _change_log()

    # when the nightly job recomputes every member
    updated = await _run_job(None)

    # then exactly that member is rewritten, back to its true totals, and only it is logged
    assert updated == 1
    fixed = await Member.get(id=good.id)
    assert (fixed.order_count, fixed.total_spend_cents, fixed.points_balance) == (1, 60000, 0)
    assert (fixed.last_purchase_at, fixed.first_visit_at) == (good.last_purchase_at, good.first_visit_at)
    new_log = (await _change_log())[len(log) :]
    assert set(new_log) == {good.id}  # SQLite logs the old and the new row, PostgreSQL the member once
