"""The cap counters' batched script against the real Redis: several members per script call, warm and
cold members in one call, a member whose counters vanish between the check and the call (``LOAD``),
and answers kept in each member's op order."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from api.fatigue import caps as counters
from api.fatigue.caps import CHECK, RELEASE, RESERVE, Op
from api.fatigue.policy import parse_caps, windows
from tests.factories import dt

pytestmark = pytest.mark.usefixtures("redis")

MONDAY_10 = dt("2026-12-07T02:00:00")  # 10:00 in Asia/Shanghai
DAY_2 = parse_caps([{"channel": None, "period": "DAY", "maxSends": 2}])


def reserve(key: str, now: datetime = MONDAY_10) -> Op:
    return Op(RESERVE, key, "SMS", tuple(windows(DAY_2, "SMS", now)))


class Loader:
    """The database side of ``apply``: counted sends per member, and a record of who was asked for."""

    def __init__(self, sends: dict[int, list[tuple[str, datetime, str]]] | None = None) -> None:
        self.sends = sends or {}
        self.asked: list[list[int]] = []

    async def __call__(self, member_ids: list[int]) -> dict[int, list[tuple[str, datetime, str]]]:
        self.asked.append(sorted(member_ids))
        return {m: self.sends[m] for m in member_ids if m in self.sends}


@pytest.fixture
def small_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 members per script call, so 10 members span four calls, the last one short
    monkeypatch.setattr(counters, "MEMBERS_PER_CALL", 3)


@pytest.mark.usefixtures("small_calls")
async def test_members_across_calls_each_get_their_own_answers_in_op_order() -> None:
    members = list(range(1, 11))
    # member 4 already had two sends today (in the database only), member 7 one
    load = Loader({4: [("a", MONDAY_10 - timedelta(hours=1), "SMS"), ("b", MONDAY_10 - timedelta(hours=2), "SMS")],
                   7: [("c", MONDAY_10 - timedelta(hours=1), "SMS")]})
    ops = {m: [reserve(f"k{m}-1"), reserve(f"k{m}-2"), reserve(f"k{m}-3")] for m in members}
    out = await counters.apply(ops, MONDAY_10, load)
    assert load.asked == [members]  # every member cold: one load, no second round
    for m in members:
        oks = [a.ok for a in out[m]]
        if m == 4:
            assert oks == [False, False, False]
        elif m == 7:
            assert oks == [True, False, False]
        else:
            assert oks == [True, True, False]
    blocked = out[4][0]
    assert blocked.window == 0 and blocked.free_at is not None and blocked.free_at > MONDAY_10


@pytest.mark.usefixtures("small_calls")
async def test_warm_and_cold_members_in_one_call() -> None:
    first = Loader()
    await counters.apply({m: [reserve(f"x{m}")] for m in (1, 2, 3, 4)}, MONDAY_10, first)
    # 2 and 4 lose their counters (expired, say); their send is in the database
    await counters.forget([2, 4])
    later = MONDAY_10 + timedelta(minutes=5)
    load = Loader({2: [("x2", MONDAY_10, "SMS")], 4: [("x4", MONDAY_10, "SMS")]})
    out = await counters.apply({m: [reserve(f"y{m}", later), reserve(f"z{m}", later)] for m in (1, 2, 3, 4, 5)},
                               later, load)
    assert load.asked == [[2, 4, 5]]  # only the members Redis did not have
    for m in (1, 2, 3, 4):
        assert [a.ok for a in out[m]] == [True, False]  # this morning's send counts
    assert [a.ok for a in out[5]] == [True, True]


async def test_a_member_whose_counters_vanish_before_the_call_is_loaded_and_asked_again() -> None:
    await counters.apply({m: [reserve(f"x{m}")] for m in (1, 2)}, MONDAY_10, Loader())

    class Vanishing(Loader):
        async def __call__(self, member_ids: list[int]) -> dict[int, list[tuple[str, datetime, str]]]:
            if not self.asked:
                await counters.forget([1])  # between the check and the script call
            return await super().__call__(member_ids)

    load = Vanishing({1: [("x1", MONDAY_10, "SMS")], 2: [("x2", MONDAY_10, "SMS")]})
    later = MONDAY_10 + timedelta(minutes=1)
    out = await counters.apply({1: [reserve("y1", later), reserve("z1", later)], 2: [reserve("y2", later)],
                                3: [reserve("y3", later)]}, later, load)
    assert load.asked == [[3], [1]]
    assert [a.ok for a in out[1]] == [True, False]  # its database send still counts
    assert [a.ok for a in out[2]] == [True] and [a.ok for a in out[3]] == [True]


async def test_check_takes_no_slot_release_gives_one_back_and_a_retry_keeps_its_slot() -> None:
    load = Loader()
    ops: dict[int, list[Op]] = {1: [Op(CHECK, "c", "SMS", reserve("c").windows), reserve("a"), reserve("a")]}
    out = await counters.apply(ops, MONDAY_10, load)
    assert [a.ok for a in out[1]] == [True, True, True]  # the second "a" is the same slot
    out = await counters.apply({1: [reserve("b"), reserve("c")]}, MONDAY_10, load)
    assert [a.ok for a in out[1]] == [True, False]
    await counters.release(1, "b")
    out = await counters.apply({1: [reserve("c")]}, MONDAY_10, load)
    assert [a.ok for a in out[1]] == [True]
    released = await counters.apply({1: [Op(RELEASE, "a", "")]}, MONDAY_10, load)
    assert [a.ok for a in released[1]] == [True]
    assert [a.ok for a in (await counters.apply({1: [reserve("d")]}, MONDAY_10, load))[1]] == [True]
