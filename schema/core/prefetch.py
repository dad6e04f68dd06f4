"""Look-ahead prefetching: load what a page's nodes will ask for before Strawberry asks, then answer
those fields without awaiting.

Every awaitable a resolver returns becomes an asyncio task in graphql-core (``gather_with_cancel``),
so a page of 100 members asking for home store, guide, tier and cards (and each card's product) made
~700 tasks per request even though DataLoaders batched them into five statements.  A connection
resolver now reads the selection once (``node_selection``), loads the related rows through the same
per-request DataLoaders (``prefetch``: one statement each, run concurrently), and the field resolvers
use ``now_or_later``: a plain value when the loader already holds it, an awaitable otherwise (a
``member(id:)`` outside a page still works, just through the loader as before).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")

Tree = dict[str, "Tree"]


def _merge(into: Tree, selections: Iterable[Selection]) -> None:
    for sel in selections:
        if isinstance(sel, SelectedField):
            _merge(into.setdefault(sel.name, {}), sel.selections)
        elif isinstance(sel, (FragmentSpread, InlineFragment)):
            _merge(into, sel.selections)


def selection_tree(info: strawberry.Info) -> Tree:
    """The fields selected under the current field, as nested dicts (fragments merged in)."""
    tree: Tree = {}
    for field in info.selected_fields:
        if isinstance(field, SelectedField):
            _merge(tree, field.selections)
    return tree


def node_selection(info: strawberry.Info) -> Tree:
    """The fields selected on the nodes of the connection the current field returns
    (through ``edges { node }`` and ``nodes``, merged)."""
    tree = selection_tree(info)
    nodes: Tree = {}
    _merge_trees(nodes, tree.get("edges", {}).get("node", {}))
    _merge_trees(nodes, tree.get("nodes", {}))
    return nodes


def _merge_trees(into: Tree, other: Tree) -> None:
    for name, sub in other.items():
        _merge_trees(into.setdefault(name, {}), sub)


def now_or_later(loader: DataLoader[K, V], key: K, then: Callable[[V], R]) -> R | Awaitable[R]:
    """``then(value)`` right away when ``loader`` already holds ``key``'s value, else an awaitable of it.

    A resolver returning this is a plain (sync) resolver whose result graphql-core awaits only when
    it must, so prefetched fields cost no task."""
    future = loader.cache_map.get(key) if loader.cache else None
    if future is not None and future.done() and not future.cancelled() and future.exception() is None:
        return then(future.result())

    async def later() -> R:
        return then(await loader.load(key))

    return later()


async def prefetch(*loads: tuple[DataLoader[Any, Any], Iterable[Any]]) -> None:
    """Load these keys through these loaders, concurrently (one batch, so one statement, per loader)."""
    jobs = [loader.load_many(sorted(set(keys))) for loader, keys in loads]
    if jobs:
        await asyncio.gather(*jobs)
