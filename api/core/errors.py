"""Domain errors.

Services raise these for bad input or forbidden actions; one shared wrapper in ``schema.core``
turns them into ``userErrors`` on mutation payloads.  ``field`` is the path of the input field at
fault, e.g. ``["input", "lines", "2", "quantity"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field."""

    field: tuple[str, ...]
    message: str
    code: str = "INVALID"


class DomainError(Exception):
    """One or more problems that the caller can fix; nothing was written."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors: list[FieldError] = list(errors)
        super().__init__("; ".join(f"{'.'.join(e.field)}: {e.message}" if e.field else e.message for e in self.errors))

    @classmethod
    def single(cls, field: Sequence[str] | str | None, message: str, code: str = "INVALID") -> DomainError:
        if field is None:
            path: tuple[str, ...] = ()
        elif isinstance(field, str):
            path = (field,)
        else:
            path = tuple(str(p) for p in field)
        return cls([FieldError(path, message, code)])


def invalid(field: Sequence[str] | str, message: str) -> DomainError:
    return DomainError.single(field, message, "INVALID")


def not_found(field: Sequence[str] | str, message: str) -> DomainError:
    return DomainError.single(field, message, "NOT_FOUND")


class PermissionDenied(DomainError):
    """The viewer may not do this (or may not see this record)."""

    def __init__(self, message: str = "You do not have permission to do this.", field: Sequence[str] = ()):
        super().__init__([FieldError(tuple(field), message, "PERMISSION_DENIED")])


class Unauthenticated(Exception):
    """No viewer: a fault at the transport level, not a user error."""


class ArgumentError(Exception):
    """A bad argument of a query field (a range, an id format): a top-level GraphQL error that names
    the argument and is shown even in production. Checked before execution starts wherever possible,
    so a document with a bad argument anywhere runs no mutation at all."""


class ErrorCollector:
    """Accumulates field errors so a caller sees every problem at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: Sequence[str | int], message: str, code: str = "INVALID") -> None:
        self.errors.append(FieldError(tuple(str(p) for p in field), message, code))

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
