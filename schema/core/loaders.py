"""Per-request DataLoaders: each batches the lookups of one request into one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

M = TypeVar("M", bound=Model)


def by_id(model: type[M]) -> DataLoader[int, M | None]:
    """Load rows of ``model`` by primary key."""

    async def load(keys: Sequence[int]) -> list[M | None]:
        rows = {row.pk: row for row in await model.filter(pk__in=list(set(keys)))}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


def many_by(model: type[M], column: str, order_by: Sequence[str] = ("id",)) -> DataLoader[int, list[M]]:
    """Load the rows of ``model`` whose ``column`` equals each key (a one-to-many)."""

    async def load(keys: Sequence[int]) -> list[list[M]]:
        groups: dict[int, list[M]] = defaultdict(list)
        rows = await model.filter(**{f"{column}__in": list(set(keys))}).order_by(*order_by)
        for row in rows:
            groups[getattr(row, column)].append(row)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """Lazily created loaders, one set per request. Domains register theirs in ``FACTORIES``."""

    FACTORIES: dict[str, Any] = {}

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], DataLoader[Any, Any]] = {}

    def get(self, name: str, *args: Any) -> DataLoader[Any, Any]:
        """The request's loader ``name``; ``args`` (e.g. the viewer) are passed to its factory."""
        key = (name, *args)
        if key not in self._made:
            self._made[key] = self.FACTORIES[name](*args)
        return self._made[key]

    @classmethod
    def register(cls, name: str, factory: Any) -> None:
        cls.FACTORIES[name] = factory
