"""Benchmarks: not part of the default run (pyproject's addopts ignore this folder).

Run them with ``.venv/bin/pytest tests/bench -s -p no:cacheprovider -o addopts=""`` (see the README).
Files named ``bench_*.py`` are collected here, so ``pytest tests/`` never picks them up by accident.
The bench database is seeded once (``BENCH_MEMBERS``, default 1,000,000) and reused across runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise

from tests.bench.harness import prepare


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Collect ``bench_*.py`` as test modules (pytest's default pattern is ``test_*.py``)."""
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        if parent.session.isinitpath(file_path):
            return None  # named on the command line: pytest collects it already
        return pytest.Module.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
async def bench_db() -> AsyncIterator[None]:
    """The seeded bench database, open through Tortoise for the whole session."""
    await prepare()
    yield
    await Tortoise.close_connections()
