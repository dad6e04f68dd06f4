"""Global ids: ``base64("Type:pk")`` as Relay wants; decoding errors name the input field."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.relay import GlobalID

from api.core.errors import DomainError


def to_global_id(type_name: str, pk: int) -> str:
    return str(GlobalID(type_name, str(pk)))


def decode_id(value: str, expected: str, field: Sequence[str] | str) -> int:
    """The primary key inside a global id of type ``expected``, or a userError on ``field``."""
    try:
        gid = GlobalID.from_id(value)
        if gid.type_name != expected:
            raise DomainError.single(field, f"Expected a {expected} id, got a {gid.type_name} id.", "INVALID")
        return int(gid.node_id)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - any undecodable value is the caller's input problem
        raise DomainError.single(field, f"'{value}' is not a valid {expected} id.", "INVALID") from exc


def decode_ids(values: Sequence[str] | None, expected: str, field: str) -> list[int] | None:
    if values is None:
        return None
    return [decode_id(v, expected, [field, str(i)]) for i, v in enumerate(values)]
