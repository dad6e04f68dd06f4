"""Fuzzing: schemathesis generates GraphQL documents for every root field and sends them to the real
app, served by uvicorn on a loopback port in production mode, as an admin, over a little seeded data.

Bounded: about ``RAPPORT_FUZZ_CALLS`` documents in all (default 240, shared out over the operations,
3 to 25 each), derandomised so that a failure reproduces; about a minute on two busy cores. It asserts
that no response is a 5xx and that no error message shows an escaped exception: "Unexpected error" (the
mask over an exception that escaped a resolver) or internals that escaped unmasked. Fuzz longer, and
differently, by hand: ``RAPPORT_FUZZ_EXAMPLES=200 RAPPORT_FUZZ_SEED=7 pytest tests/fuzz -s``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
import schemathesis.graphql
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from api.core.config import get_settings
from api.loyalty.models import CardKind
from api.members.models import Gender
from tests.factories import (
    make_card_product,
    make_guide,
    make_member,
    make_product,
    make_store,
    make_tier,
    make_token,
)

ROOT = Path(__file__).resolve().parents[2]
CALLS = int(os.environ.get("RAPPORT_FUZZ_CALLS", "240"))
EXAMPLES = int(os.environ.get("RAPPORT_FUZZ_EXAMPLES", "0"))
SKIPPED = {"Mutation.memberImport"}  # a file upload: multipart, not a document schemathesis generates
SEED = os.environ.get("RAPPORT_FUZZ_SEED")
FEW = {"Mutation.login": 2}  # argon2 is slow on purpose (and throttled): a few documents are enough
SECRET_KEY = "fuzz-secret-key-0123456789-abcdefghijklmnop"  # 32+ characters, as production requires

# What an error message must never contain: a masked exception, or internals that escaped unmasked.
LEAKS = re.compile(
    r"Unexpected error|Traceback|invalid literal|object has no attribute|NoneType|KeyError|IndexError|"
    r"constraint failed|violates|asyncpg|sqlite3|tortoise|OperationalError|IntegrityError|DataError",
    re.IGNORECASE,
)


def _json_object(value: dict[str, Any]) -> graphql.ObjectValueNode:
    fields = []
    for key, item in value.items():
        node: graphql.ValueNode
        if isinstance(item, bool):
            node = nodes.Boolean(item)
        elif isinstance(item, int):
            node = nodes.Int(item)
        elif item is None:
            node = nodes.Null
        else:
            node = nodes.String(item)
        fields.append(graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=node))
    return nodes.Object(fields)


_NAMES = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,8}\Z")
# Rapport's own scalars: valid values most of the time, and anything at all the rest.
schemathesis.graphql.scalar(
    "Decimal",
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(nodes.String),
        st.integers().map(nodes.Int),
        st.text(max_size=12).map(nodes.String),
    ),
)
schemathesis.graphql.scalar(
    "JSON",
    st.one_of(
        st.dictionaries(
            _NAMES, st.one_of(st.text(max_size=20), st.integers(-(2**31), 2**31), st.booleans(), st.none()), max_size=4
        ).map(_json_object),
        st.text(max_size=12).map(nodes.String),
        st.integers().map(nodes.Int),
    ),
)
schemathesis.graphql.scalar("Upload", st.just(nodes.Null))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(db: None) -> Iterator[str]:
    """The real app under uvicorn, in production mode, on this test's database; yields its base URL."""
    settings_ = get_settings()
    port = _free_port()
    data_dir = tempfile.mkdtemp(prefix="rapport-fuzz-")
    env = {
        **os.environ,
        "RAPPORT_ENV": "production",
        "RAPPORT_SECRET_KEY": SECRET_KEY,
        "RAPPORT_DATA_DIR": data_dir,  # the server's own embedded Redis, when no REDIS_URL is set
        "DATABASE_URL": settings_.database_url,
        "RAPPORT_AUDIENCE_INDEX": "off",
    }
    log_path = Path(data_dir) / "server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        # A file, not a pipe: nobody reads a pipe while fuzzing, and a full one would block the server.
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # importing the app on two busy cores can be slow
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log_path.read_text(errors='replace')[-4000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


async def _seed() -> str:
    """A little of everything the schema reaches, and an admin token."""
    store = await make_store(name="静安店")
    guide = await make_guide(store, name="小王")
    tier = await make_tier(1, 0, "银卡")
    await make_product(name="面霜")
    await make_card_product(kind=CardKind.PUNCH, name="护理卡")
    for i in range(3):
        await make_member(name=f"会员{i}", gender=Gender.FEMALE, home_store=store, guide=guide, tier=tier)
    return await make_token()


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    calls: int = 0

    def check(self, label: str, case: Any, response: Any) -> None:
        self.calls += 1
        body = response.text
        where = f"{label}: {json.dumps(case.body, ensure_ascii=False)[:600]}"
        if response.status_code >= 500:
            self.problems.append(f"{response.status_code} from {where}\n  {body[:400]}")
            return
        try:
            payload = json.loads(body)
        except ValueError:
            self.problems.append(f"not JSON ({response.status_code}) from {where}\n  {body[:400]}")
            return
        for error in payload.get("errors") or []:
            message = str(error.get("message", ""))
            if LEAKS.search(message):
                self.problems.append(f"error {message[:300]!r} from {where}")


def _examples_for(label: str, operations: int) -> int:
    """Examples for one operation: a share of the budget (3 to 25), or RAPPORT_FUZZ_EXAMPLES when set."""
    if label in FEW:
        return FEW[label]
    if EXAMPLES:
        return EXAMPLES
    return max(3, min(25, CALLS // max(1, operations)))


def _fuzz(operation: Any, headers: dict[str, str], findings: Findings, examples: int) -> None:
    """Send ``examples`` generated documents for one operation; record what is wrong, without shrinking."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=SEED is None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = case.call(headers=headers, timeout=60)
        findings.check(operation.label, case, response)

    (seed(int(SEED))(run) if SEED is not None else run)()


async def test_schemathesis_finds_no_server_error_and_no_escaped_exception(server: str) -> None:
    # given the app in production mode with some data, and an admin token
    token = await _seed()
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.graphql.from_url(f"{server}/graphql", headers=headers)
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.label not in SKIPPED]
    examples = {op.label: _examples_for(op.label, len(operations)) for op in operations}
    findings = Findings()

    # when schemathesis sends a bounded number of generated documents for every root field
    for operation in operations:
        _fuzz(operation, headers, findings, examples[operation.label])

    # then nothing failed on the server side and no exception escaped
    print(f"schemathesis: {findings.calls} documents over {len(operations)} operations")
    assert findings.calls > 0
    assert findings.problems == [], "\n".join(findings.problems[:20])
