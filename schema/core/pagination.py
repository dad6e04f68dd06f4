"""Relay connections (first/after, at most 100 a page, totalCount) with keyset cursors.

A page is read by seeking past its cursor (``api.core.keyset``), never by ``OFFSET``; ``first + 1``
rows tell ``hasNextPage``; ``totalCount`` is a resolver, so the ``COUNT`` runs only when a client
selects it.  Lists under a parent (a member's orders, points, events) go through per-request
DataLoaders keyed by (parent, first, after): a page of 30 members reads the first rows of all 30
members' orders in one windowed statement and, when asked, their counts in one ``GROUP BY``.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.dataloader import DataLoader
from tortoise.models import Model
from tortoise.queryset import QuerySet

from api.core.keyset import DEFAULT_PAGE, MAX_PAGE, Keyset, count_per_parent, first_per_parent, page_size
from schema.core.prefetch import selection_tree

__all__ = [
    "DEFAULT_PAGE",
    "MAX_PAGE",
    "ChildList",
    "Connection",
    "Edge",
    "PageInfo",
    "build_connection",
    "child_connection",
    "paginate",
]

T = TypeVar("T")
M = TypeVar("M", bound=Model)


@strawberry.type(description="Where a page sits in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Items precede this page (true whenever the page was asked for `after` a cursor)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item: pass as `after`.")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    keyset: strawberry.Private[Keyset[Any]]
    row: strawberry.Private[Any]

    @strawberry.field(description="Opaque position of this item: pass as `after` for the items that follow it.")
    def cursor(self) -> str:
        return self.keyset.cursor(self.row)


@strawberry.type(description="A page of a list that grows (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole filtered list holds (counted only when asked for).")
    async def total_count(self) -> int:
        return await self.count()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def build_connection(
    keyset: Keyset[Any],
    rows: Sequence[Any],
    size: int,
    after: str | None,
    to_node: Callable[[Any], T],
    count: Callable[[], Awaitable[int]],
) -> Connection[T]:
    """A connection of the first ``size`` of ``rows`` (``size + 1`` were read to learn hasNextPage)."""
    page = rows[:size]
    edges = [Edge(node=to_node(r), keyset=keyset, row=r) for r in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=after is not None,
            start_cursor=keyset.cursor(page[0]) if page else None,
            end_cursor=keyset.cursor(page[-1]) if page else None,
        ),
        count=count,
    )


def total_count_selected(info: strawberry.Info | None) -> bool:
    """Whether the connection the current field returns has ``totalCount`` selected."""
    return info is not None and "totalCount" in selection_tree(info)


async def paginate(
    queryset: QuerySet[Any],
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], T],
    keyset: Keyset[Any] | None = None,
    info: strawberry.Info | None = None,
) -> Connection[T]:
    """One page query (``first + 1`` rows after the cursor); a ``COUNT`` only if ``totalCount`` is selected.

    ``keyset`` gives the list's order and cursor tag; without it the queryset's own ``order_by`` is
    used (the id is added as the last key).  With ``info``, a selected ``totalCount`` starts counting
    at once, concurrently with the page query and the resolution of the nodes, instead of after them."""
    keyset = keyset or Keyset.from_queryset(queryset)
    size = page_size(first)
    values = keyset.decode(after) if after is not None else None
    counting = asyncio.ensure_future(queryset.count()) if total_count_selected(info) else None
    try:
        rows = await keyset.fetch_page(queryset, values, size + 1)
    except BaseException:
        if counting is not None:
            counting.cancel()
        raise

    async def count() -> int:
        return await (counting if counting is not None else queryset.count())

    return build_connection(keyset, rows, size, after, to_node, count)


@dataclass(frozen=True)
class ChildList(Generic[M]):
    """A list under a parent row (e.g. a member's orders), paged through batched DataLoaders.

    Register it once with ``Loaders`` (``register``), then resolve it with ``child_connection``."""

    parent_type: str
    name: str
    model: type[M]
    parent_field: str
    orderings: tuple[str, ...]

    @property
    def page_loader(self) -> str:
        return f"page:{self.parent_type}.{self.name}"

    @property
    def count_loader(self) -> str:
        return f"count:{self.parent_type}.{self.name}"

    def keyset(self, parent_id: int) -> Keyset[M]:
        """The order of one parent's list; its cursors name the parent, so they fit no other list."""
        return Keyset.of(self.model, f"{self.parent_type}:{parent_id}.{self.name}", *self.orderings)

    def queryset(self) -> QuerySet[M]:
        return self.model.all()

    def make_page_loader(self) -> DataLoader[tuple[int, int, tuple[Any, ...] | None], list[M]]:
        """Loads (parent, size, after values) → the first size rows after the cursor; one statement per
        distinct (size, after) in a batch (all parents share ``after: null`` on a first page)."""
        keyset = self.keyset(0)

        async def load(keys: Sequence[tuple[int, int, tuple[Any, ...] | None]]) -> list[list[M]]:
            groups: dict[tuple[int, tuple[Any, ...] | None], list[int]] = defaultdict(list)
            for parent, size, after in keys:
                groups[(size, after)].append(parent)
            found: dict[tuple[int, int, tuple[Any, ...] | None], list[M]] = {}
            for (size, after), parents in groups.items():
                rows = await first_per_parent(keyset, self.queryset(), self.parent_field, parents, size, after)
                for parent in parents:
                    found[(parent, size, after)] = rows.get(parent, [])
            return [found[k] for k in keys]

        return DataLoader(load_fn=load)

    def make_count_loader(self) -> DataLoader[int, int]:
        """Loads parent → how many rows it has; one ``GROUP BY`` per batch."""

        async def load(keys: Sequence[int]) -> list[int]:
            counts = await count_per_parent(self.queryset(), self.parent_field, keys)
            return [counts.get(k, 0) for k in keys]

        return DataLoader(load_fn=load)

    def register(self) -> ChildList[M]:
        from schema.core.loaders import Loaders

        Loaders.register(self.page_loader, self.make_page_loader)
        Loaders.register(self.count_loader, self.make_count_loader)
        return self


async def child_connection(
    info: strawberry.Info,
    child: ChildList[Any],
    parent_id: int,
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], T],
) -> Connection[T]:
    """One parent's page of ``child``, batched with the same page of every other parent in the request."""
    size = page_size(first)
    keyset = child.keyset(parent_id)
    values = keyset.decode(after) if after is not None else None
    loaders = info.context.loaders
    counted = loaders.get(child.count_loader).load(parent_id) if total_count_selected(info) else None
    rows = await loaders.get(child.page_loader).load((parent_id, size + 1, values))

    async def count() -> int:
        return int(await (counted or loaders.get(child.count_loader).load(parent_id)))

    return build_connection(keyset, rows, size, after, to_node, count)
