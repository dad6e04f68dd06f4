"""userErrors: the one shared wrapper that maps domain errors onto mutation payloads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry

from api.core.errors import DomainError, FieldError

COMMON_CODES = ["INVALID", "REQUIRED", "NOT_FOUND", "DUPLICATE", "PERMISSION_DENIED", "TOO_LONG", "OUT_OF_RANGE"]


@strawberry.interface(description="A problem with the input of a mutation, for the user to fix.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "phone"]; null when the '
        "problem is not tied to one field."
    )
    message: str = strawberry.field(description="What is wrong, in words an operator understands.")


def _to_enum(enum: type[Enum], code: str) -> Enum:
    try:
        return enum[code]
    except KeyError:
        return enum["INVALID"]


def user_errors(error_cls: type[Any], enum: type[Enum], errors: list[FieldError]) -> list[Any]:
    """Map domain field errors to ``error_cls`` instances (``field, message, code``)."""
    return [error_cls(field=list(e.field) or None, message=e.message, code=_to_enum(enum, e.code)) for e in errors]


P = TypeVar("P")


async def mutate(
    payload_cls: type[P],
    error_cls: type[Any],
    enum: type[Enum],
    action: Callable[[], Awaitable[dict[str, Any]]],
) -> P:
    """Run ``action``; its dict fills the payload. A DomainError becomes userErrors, nothing else set."""
    try:
        fields = await action()
    except DomainError as exc:
        return payload_cls(user_errors=user_errors(error_cls, enum, exc.errors))  # type: ignore[call-arg]
    return payload_cls(**fields, user_errors=[])  # type: ignore[call-arg]
