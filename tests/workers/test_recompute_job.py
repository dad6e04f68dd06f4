"""The totals job runs on a real arq worker against the real Redis and database."""

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

from api.core.config import get_settings
from api.core.redis import redis_url
from api.members.models import Member
from api.orders.models import Order, OrderStatus
from tests.factories import dt, make_member
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
