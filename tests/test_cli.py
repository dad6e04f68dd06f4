"""The `rapport` command line: tokens that work, the CSV import's report and exit code, --help everywhere.

Commands that open the database run in a subprocess with the test's environment: the CLI opens and
closes its own Tortoise connections, which must not disturb the test session's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.members.models import Member
from tests.factories import GraphQLClient, make_store

VIEWER = "{ viewer { name role } members { totalCount } }"


def rapport(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_token_create_prints_a_token_that_authenticates(app) -> None:
    # when an admin token is created on the command line
    result = rapport("token", "create", "--role", "admin", "--name", "ci")

    # then it prints one token and nothing else on stdout
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    token = lines[0]
    assert token.startswith("rpt_")

    # and that token authenticates GraphQL as an admin
    async with GraphQLClient(app, token) as client:
        data = await client(VIEWER)
    assert data["viewer"] == {"name": "ci", "role": "ADMIN"}
    assert data["members"]["totalCount"] == 0


async def test_token_create_for_a_store_manager_is_scoped(app) -> None:
    store = await make_store()
    result = rapport("token", "create", "--role", "store_manager", "--store-id", str(store.id))
    assert result.returncode == 0, result.stderr
    async with GraphQLClient(app, result.stdout.strip()) as client:
        assert (await client(VIEWER))["viewer"]["role"] == "STORE_MANAGER"


async def test_token_create_with_missing_scope_fails_clearly(app) -> None:
    # a guide token needs its guide
    result = rapport("token", "create", "--role", "guide")
    assert result.returncode == 1
    assert "guide" in (result.stdout + result.stderr).lower()
    assert "rpt_" not in result.stdout

    # an unknown role is a usage error
    result = rapport("token", "create", "--role", "emperor")
    assert result.returncode == 2


async def test_import_members_reports_bad_rows_and_exits_2(app, tmp_path: Path) -> None:
    # given a CSV with two good rows and two bad ones
    csv_file = tmp_path / "members.csv"
    csv_file.write_text(
        "name,phone,birthday\n张伟,13811112222,1990-05-04\n李娜,123,\n王芳,13922223333,1990-02-30\n赵敏,13733334444,\n",
        encoding="utf-8",
    )

    # when it is imported on the command line
    result = rapport("import", "members", str(csv_file))

    # then the summary and each bad row with its number and column are printed, and the exit code is 2
    out = result.stdout
    assert result.returncode == 2, out + result.stderr
    assert "4 rows" in out
    assert "2 created" in out
    assert "2 failed" in out
    assert "row 3, phone" in out
    assert "row 4, birthday" in out
    # and the good rows are stored
    assert sorted(await Member.all().values_list("phone", flat=True)) == ["13733334444", "13811112222"]

    # when it is imported again, nothing new is created
    again = rapport("import", "members", str(csv_file))
    assert again.returncode == 2
    assert "0 created" in again.stdout
    assert "2 unchanged" in again.stdout
    assert await Member.all().count() == 2


async def test_import_members_of_a_clean_file_exits_0(app, tmp_path: Path) -> None:
    csv_file = tmp_path / "ok.csv"
    csv_file.write_text("name,phone\n张伟,13811112222\n", encoding="utf-8")
    result = rapport("import", "members", str(csv_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 created" in result.stdout
    assert await Member.all().count() == 1


async def test_import_members_with_a_bad_header_exits_1(app, tmp_path: Path) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("name,phone,shoe_size\n张伟,13811112222,42\n", encoding="utf-8")
    result = rapport("import", "members", str(csv_file))
    assert result.returncode == 1
    assert "shoe_size" in result.stdout
    assert await Member.all().count() == 0


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    if getattr(group, "commands", None):
        for name, cmd in group.commands.items():
            found += _commands(cmd, (*path, name))
    return found


def test_help_works_on_every_command() -> None:
    # given every command and sub-command of the CLI
    root = typer.main.get_command(cli_app)
    paths = _commands(root)
    expected = {
        ("serve",),
        ("worker",),
        ("migrate",),
        ("seed",),
        ("import", "members"),
        ("token", "create"),
        ("schema-export",),
    }
    assert expected <= set(paths), paths

    # when --help is asked of each, then it answers with usage and a description
    runner = CliRunner()
    for path in paths:
        result = runner.invoke(cli_app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output, path
    assert "--members" in runner.invoke(cli_app, ["seed", "--help"]).output
    assert "--role" in runner.invoke(cli_app, ["token", "create", "--help"]).output
