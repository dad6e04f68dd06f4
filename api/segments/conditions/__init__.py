"""The condition registry: every condition of the segment rule language, one module per family.

Every module of this package except ``base`` and ``relational`` defines conditions and registers
them; they are discovered (imported in name order) the first time the registry is read, so adding
a condition is adding one module (or a few lines to a family's module). The validator, the SQL
compiler, the Python evaluator, the audience index, the GraphQL input and the admin's catalogue all
read conditions from here and nowhere else; ``all``/``any``/``not`` are the only keys they know.

Loading is lazy because the family modules use the compiler's and the index's helpers, and those
modules dispatch through this registry.
"""

from __future__ import annotations

import importlib
import pkgutil

from api.segments.conditions.base import _REGISTRY, Condition

__all__ = ["Condition", "all_conditions", "get", "keys"]

_NOT_FAMILIES = {"base", "relational"}
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name not in _NOT_FAMILIES and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def all_conditions() -> list[Condition]:
    """Every condition, in catalogue order (``position``, then key)."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda c: (c.position, c.key))


def get(key: str) -> Condition | None:
    """The condition named ``key``, or None."""
    _load()
    return _REGISTRY.get(key)


def keys() -> list[str]:
    return [c.key for c in all_conditions()]
