"""Relay connections (first/after, at most 100 a page, totalCount) over Tortoise querysets."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from api.core.errors import DomainError

MAX_PAGE = 100
DEFAULT_PAGE = 20

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item: pass as `after`.")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque position of this item.")


@strawberry.type(description="A page of a list that grows (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="How many items the whole filtered list holds.")

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str, field: str = "after") -> int:
    try:
        kind, value = base64.b64decode(cursor.encode()).decode().split(":", 1)
        if kind != "o":
            raise ValueError
        offset = int(value)
        if offset < 0:
            raise ValueError
        return offset
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError.single(field, "Not a cursor from this list.") from exc


def page_window(first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) for ``first``/``after``; bad values are a GraphQL error naming the argument."""
    limit = DEFAULT_PAGE if first is None else first
    if limit < 0 or limit > MAX_PAGE:
        raise ValueError(f"Argument 'first' must be between 0 and {MAX_PAGE}.")
    try:
        offset = decode_cursor(after) + 1 if after else 0
    except DomainError as exc:
        raise ValueError("Argument 'after' is not a cursor from this list.") from exc
    return offset, limit


async def paginate(
    queryset: QuerySet[Any],
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], T],
) -> Connection[T]:
    """One COUNT and one page query, whatever the page size."""
    offset, limit = page_window(first, after)
    total = await queryset.count()
    rows = await queryset.offset(offset).limit(limit) if limit else []
    return build_connection([to_node(r) for r in rows], offset, total)


def build_connection(nodes: list[T], offset: int, total: int) -> Connection[T]:
    edges = [Edge(node=n, cursor=encode_cursor(offset + i)) for i, n in enumerate(nodes)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(nodes) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
