"""Benchmark harness: a large seeded PostgreSQL database, reused across runs, and a timer.

Benchmarks need a realistic volume (a million members with two years of orders by default), which
takes minutes to seed, so the data is seeded once into its own database and reused: a marker row
records how many members with which seed were written, and a database whose marker does not match
(or that was left half-seeded) is wiped and seeded again.

Configuration (environment):

* ``BENCH_DATABASE_URL`` — default ``postgres://postgres@127.0.0.1:5432/rapport_bench``; the database
  is created when missing.  Never point it at a database you care about: it may be wiped.
* ``BENCH_MEMBERS`` — default 1,000,000.
* ``BENCH_SEED`` — default 42.

Seed (or just check) the database from a shell: ``.venv/bin/python -m tests.bench.harness``.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rapport_bench"
MARKER_TABLE = "bench_marker"


def bench_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def bench_members() -> int:
    return int(os.environ.get("BENCH_MEMBERS") or 1_000_000)


def bench_seed() -> int:
    return int(os.environ.get("BENCH_SEED") or 42)


def use_bench_database() -> str:
    """Point the app's settings at the bench database (before Tortoise is initialised)."""
    from api.core.config import reset_settings

    url = bench_url()
    if not url.startswith(("postgres://", "postgresql://")):
        raise RuntimeError(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {url!r}")
    os.environ["DATABASE_URL"] = url
    reset_settings()
    return url


async def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it does not exist (connects to ``postgres``)."""
    import asyncpg

    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    conn = await asyncpg.connect(admin)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def _print_progress(done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    rate = done / elapsed if elapsed > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else math.inf
    print(f"  seeded {done:>10,}/{total:,} members  {elapsed:7.1f}s  eta {eta:6.0f}s", flush=True)


async def prepare(members: int | None = None, seed: int | None = None) -> float | None:
    """Make sure the bench database holds exactly ``members`` seeded members; open Tortoise on it.

    Returns the seconds the seed took when it ran now, ``None`` when the data was reused.
    """
    from tortoise import Tortoise, connections

    from api.core.db import init_db, migrate
    from api.seed import seed as run_seed

    members = bench_members() if members is None else members
    seed = bench_seed() if seed is None else seed
    url = use_bench_database()
    await ensure_database(url)

    await init_db()
    conn = connections.get("default")
    marker = await _read_marker(conn)
    if marker == (members, seed):
        print(f"bench database: reusing {members:,} seeded members (seed {seed})", flush=True)
        # Apply migrations added since the seed (new indexes, new apps) to the reused data.
        await Tortoise.close_connections()
        await migrate()
        await init_db()
        await connections.get("default").execute_script("ANALYZE")
        return None
    print(f"bench database: seeding {members:,} members (seed {seed}); found marker {marker}", flush=True)
    # Anything else (other size, another seed, an interrupted run) starts from an empty schema.
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.close_connections()
    await migrate()
    await init_db()
    conn = connections.get("default")
    started = time.perf_counter()
    report = await run_seed(members, seed=seed, progress=lambda d, t: _print_progress(d, t, started))
    await conn.execute_script("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    await conn.execute_script(
        f"CREATE TABLE {MARKER_TABLE} (members INTEGER NOT NULL, seed INTEGER NOT NULL, "
        "seconds DOUBLE PRECISION NOT NULL, seeded_at TIMESTAMPTZ NOT NULL)"
    )
    await conn.execute_query(
        f"INSERT INTO {MARKER_TABLE} VALUES ($1, $2, $3, $4)", [members, seed, seconds, datetime.now(UTC)]
    )
    print(f"bench database: {report.summary()}; with VACUUM ANALYZE {seconds:.1f}s", flush=True)
    return seconds


async def _read_marker(conn: object) -> tuple[int, int] | None:
    rows = await conn.execute_query_dict(  # type: ignore[attr-defined]
        "SELECT to_regclass($1) IS NOT NULL AS present", [MARKER_TABLE]
    )
    if not rows[0]["present"]:
        return None
    found = await conn.execute_query_dict(f"SELECT members, seed FROM {MARKER_TABLE} LIMIT 1")  # type: ignore[attr-defined]
    return (int(found[0]["members"]), int(found[0]["seed"])) if found else None


@dataclass(frozen=True)
class Timing:
    """Wall-clock samples of one benchmarked callable, in seconds."""

    name: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


async def measure(name: str, fn: Callable[[], Awaitable[object]], *, runs: int = 30, warmup: int = 3) -> Timing:
    """Call ``fn`` ``warmup`` times untimed (caches, plans), then ``runs`` times timed."""
    for _ in range(warmup):
        await fn()
    samples: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - started)
    return Timing(name, samples)


def report(timings: list[Timing], baseline: Timing) -> str:
    """A table of median and p95 in milliseconds and each median's ratio to the baseline's."""
    lines = [f"{'benchmark':40s} {'runs':>5s} {'median ms':>10s} {'p95 ms':>10s} {'× baseline':>11s}"]
    for t in [baseline, *[t for t in timings if t is not baseline]]:
        ratio = t.median / baseline.median if baseline.median else math.inf
        lines.append(f"{t.name:40s} {len(t.samples):5d} {t.median * 1000:10.2f} {t.p95 * 1000:10.2f} {ratio:10.2f}×")
    text = "\n".join(lines)
    print("\n" + text, flush=True)
    return text


async def _main() -> None:
    from tortoise import Tortoise

    try:
        await prepare()
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
