"""userErrors: the one shared wrapper that maps domain errors onto mutation payloads."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry
from tortoise.exceptions import IntegrityError, ValidationError
from tortoise.transactions import in_transaction

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


class _Rollback(Exception):
    """Raised inside the mutation's transaction to undo it, carrying the errors to report."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("rollback")


async def mutate(
    payload_cls: type[P],
    error_cls: type[Any],
    enum: type[Enum],
    action: Callable[[], Awaitable[dict[str, Any]]],
    *,
    atomic: bool = True,
) -> P:
    """Run ``action`` in one transaction; its dict fills the payload.

    A DomainError becomes userErrors, and so does a database integrity error (a unique constraint
    lost to a concurrent request): ``DUPLICATE`` naming the input field of the constraint's column,
    never the database's own message. Either way the transaction is rolled back, so nothing the
    action wrote before the failure stays half-written. ``atomic=False`` is for actions that spend
    long outside the database (``login``'s argon2 check), which must not hold a connection meanwhile.
    """

    async def run() -> dict[str, Any]:
        try:
            return await action()
        except DomainError as exc:
            raise _Rollback(exc.errors) from exc
        except IntegrityError as exc:
            raise _Rollback([integrity_error(exc)]) from exc
        except ValidationError as exc:
            raise _Rollback([validation_error(exc)]) from exc

    try:
        if atomic:
            async with in_transaction():
                fields = await run()
        else:
            fields = await run()
    except _Rollback as rollback:
        return payload_cls(user_errors=user_errors(error_cls, enum, rollback.errors))  # type: ignore[call-arg]
    return payload_cls(**fields, user_errors=[])  # type: ignore[call-arg]


_TORTOISE_FIELD = re.compile(r"^(?P<field>[a-z_][a-z0-9_]*): (?P<detail>.*)$", re.S)
_TORTOISE_LENGTH = re.compile(r"Length of .* (?P<got>\d+) > (?P<max>\d+)$", re.S)


def validation_error(exc: ValidationError) -> FieldError:
    """A field error for a value the ORM refused (too long for its column, out of its type's range), naming
    the input field and the limit, never echoing the value."""
    m = _TORTOISE_FIELD.match(str(exc))
    if m is None:
        return FieldError((), "A value is not valid for the field that stores it.", "INVALID")
    name = _camel(m.group("field"))
    if length := _TORTOISE_LENGTH.search(m.group("detail")):
        return FieldError(("input", name), f"{name} is at most {length.group('max')} characters.", "TOO_LONG")
    return FieldError(("input", name), f"{name} is not a valid value for this field.", "INVALID")


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_POSTGRES_KEY = re.compile(r"Key \((?P<cols>[^)]*)\)=")


def _camel(column: str) -> str:
    head, *rest = column.strip().strip('"').split("_")
    return head + "".join(p.title() for p in rest)


def _named_constraints() -> dict[str, str]:
    """Unique indexes over expressions (which the error cannot name by column) → the column they guard."""
    from api.members.models import PHONE_IDENTITY_INDEX

    return {PHONE_IDENTITY_INDEX: "phone"}


def constraint_columns(exc: IntegrityError) -> list[str]:
    """The columns of the unique constraint an integrity error names (SQLite or PostgreSQL), if any."""
    cause = exc.args[0] if exc.args else exc
    for name, column in _named_constraints().items():
        if getattr(cause, "constraint_name", None) == name or f"index '{name}'" in str(cause):
            return [column]
    detail = getattr(cause, "detail", None)  # asyncpg: 'Key (phone)=(138…) already exists.'
    if isinstance(detail, str) and (m := _POSTGRES_KEY.search(detail)):
        return [c.strip().strip('"') for c in m.group("cols").split(",")]
    if m := _SQLITE_UNIQUE.search(str(cause)):  # sqlite: 'UNIQUE constraint failed: member.phone'
        return [c.strip().rpartition(".")[2] for c in m.group(1).split(",")]
    return []


def is_unique_violation(exc: IntegrityError) -> bool:
    """A unique constraint (not a foreign key, NOT NULL or CHECK) refused the write."""
    cause = exc.args[0] if exc.args else exc
    return getattr(cause, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(cause)


def integrity_error(exc: IntegrityError) -> FieldError:
    """A field error for an integrity error, with a message that names fields, never values or SQL.

    A unique constraint is ``DUPLICATE`` with ``["input", <field>]`` when it is on one plain column
    and no field otherwise; any other integrity error (a referenced record removed meanwhile) is
    ``INVALID`` with no field.
    """
    if not is_unique_violation(exc):
        return FieldError((), "This change conflicts with other data (a record it refers to may be gone).", "INVALID")
    columns = constraint_columns(exc)
    if len(columns) == 1 and columns[0].isidentifier():
        name = _camel(columns[0])
        return FieldError(("input", name), f"Another record already has this {name}.", "DUPLICATE")
    if columns and all(c.isidentifier() for c in columns):
        names = ", ".join(_camel(c) for c in columns)
        return FieldError((), f"Another record already has this combination of {names}.", "DUPLICATE")
    return FieldError((), "This conflicts with a record that already exists.", "DUPLICATE")
