"""Shared scalars and helpers for money."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from api.core.errors import DomainError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10**11)  # yuan: far above any real amount, well inside BIGINT cents


def cents_to_money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def money_to_cents(value: Decimal | str | float, field: list[str]) -> int:
    """Parse a money amount in yuan (at most 2 decimals) into cents."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError.single(field, f"'{value}' is not an amount.") from exc
    if not d.is_finite():
        raise DomainError.single(field, "Amount must be a finite number.")
    if abs(d) > MAX_AMOUNT:
        raise DomainError.single(field, f"Amount must be at most {MAX_AMOUNT:,.0f} yuan.", "OUT_OF_RANGE")
    if d != d.quantize(CENT, rounding=ROUND_HALF_UP):
        raise DomainError.single(field, "Amounts have at most 2 decimals.")
    return int(d * 100)
