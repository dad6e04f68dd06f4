"""SIGKILL a relay process mid-batch, restart: every send SENT exactly once, retries keep their key."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from api.channels import outbox
from api.channels.models import MessageSend, SendStatus
from api.core import clock
from tests.channels.conftest import SECRET
from tests.channels.servers import Gateway
from tests.factories import channels_make_provider, channels_make_send, make_member

ROOT = Path(__file__).resolve().parents[2]


async def test_sigkill_mid_batch_then_restart_sends_everything_exactly_once(db, gateway: Gateway) -> None:
    await channels_make_provider("SMS", gateway.url, SECRET)
    members = [await make_member() for _ in range(5)]
    sends = [await channels_make_send(members[i % 5], "SMS", f"1370000{i:04d}") for i in range(60)]
    gateway.delay = 0.05
    # given a relay process delivering slowly (batches of 20, 2 at a time)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.channels.relay_child", "60", "20", "2",
        cwd=ROOT, env={**os.environ}, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(600):
            if len(gateway.keys()) >= 25 or proc.returncode is not None:
                break
            await asyncio.sleep(0.02)
        # when it is killed in the middle of its second batch
        assert proc.returncode is None, (await proc.stderr.read()).decode() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        await asyncio.wait_for(proc.wait(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    await asyncio.sleep(0.2)  # let the gateway answer what was in flight
    sent_before = {s.id for s in await MessageSend.filter(status=SendStatus.SENT)}
    seen_before = Counter(gateway.keys())
    assert 0 < len(sent_before) < 60
    # and a relay restarts after the dead one's leases ran out
    clock.set_now(clock.now() + timedelta(minutes=2))
    stats = await outbox.relay_until_idle(batch_size=20, concurrency=4)
    # then every send is SENT exactly once
    rows = await MessageSend.all()
    assert all(r.status == SendStatus.SENT for r in rows), Counter(r.status for r in rows)
    assert stats.sent == 60 - len(sent_before)
    seen = Counter(gateway.keys())
    assert set(seen) == {str(s.id) for s in sends}  # the gateway saw every idempotency key
    # nothing recorded SENT before the kill was sent again
    for send_id in sent_before:
        assert seen[str(send_id)] == seen_before[str(send_id)] == 1
    # a key seen twice is a send the dead relay handed over but never recorded: same key, deduplicated
    for key, count in seen.items():
        if count > 1:
            assert int(key) not in sent_before and seen_before[key] >= 1
    assert gateway.bad_signatures == 0


async def test_two_relay_processes_race_and_send_each_row_once(db, gateway: Gateway) -> None:
    await channels_make_provider("SMS", gateway.url, SECRET)
    members = [await make_member() for _ in range(5)]
    sends = [await channels_make_send(members[i % 5], "SMS", f"1360000{i:04d}") for i in range(80)]
    gateway.delay = 0.005
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.channels.relay_child", "60", "5", "3",
            cwd=ROOT, env={**os.environ}, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for proc in procs:
        await asyncio.wait_for(proc.wait(), 120)
        assert proc.returncode == 0, (await proc.stderr.read()).decode() if proc.stderr else ""
    seen = Counter(gateway.keys())
    assert set(seen) == {str(s.id) for s in sends} and set(seen.values()) == {1}
    assert await MessageSend.filter(status=SendStatus.SENT).count() == 80
