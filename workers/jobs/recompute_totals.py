"""Job: recompute member totals (a repair and a nightly safety net; writes keep totals in step)."""

from __future__ import annotations

from typing import Any

from api.orders.services import recompute_totals


async def recompute_member_totals(ctx: dict[str, Any], member_ids: list[int] | None = None) -> int:
    """Recompute totals and tier upgrades for ``member_ids`` (all members when None).

    Only members whose stored totals are wrong are written (each write feeds the segment change log
    and every API process's audience index); returns how many were.
    """
    return await recompute_totals(member_ids)
