"""The `rapport` command line: serve, worker, migrate, seed, import, token, schema-export, demo."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.accounts.models import Role

app = typer.Typer(help="Rapport: member marketing for retail.", no_args_is_help=True, add_completion=False)
import_app = typer.Typer(help="Import data from files.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
user_app = typer.Typer(help="Admin users.", no_args_is_help=True)
app.add_typer(import_app, name="import")
app.add_typer(token_app, name="token")
app.add_typer(user_app, name="user")
console = Console()
T = TypeVar("T")

DEMO_USER = "admin"
DEMO_PASSWORD = "rapport-demo"


def _run(fn: Callable[[], Awaitable[T]]) -> T:
    """Run ``fn`` with the database open."""
    from api.core.db import close_db, init_db

    async def wrapper() -> T:
        await init_db()
        try:
            return await fn()
        finally:
            await close_db()

    return asyncio.run(wrapper())


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    from api.core.db import migrate as do_migrate

    asyncio.run(do_migrate())
    console.print("[green]Database is up to date.[/]")


@app.command()
def seed(
    members: int = typer.Option(2000, "--members", "-n", help="How many members to create."),
    seed_value: int = typer.Option(42, "--seed", "-s", help="Random seed: the same seed gives the same data."),
) -> None:
    """Fill an empty database with realistic, deterministic demo data."""
    from api.seed import SeedError
    from api.seed import seed as do_seed

    with _progress() as progress:
        task = progress.add_task("Seeding members", total=members)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            result = _run(lambda: do_seed(members, seed=seed_value, progress=report))
        except SeedError as exc:
            console.print(f"[red]{exc}[/]")
            raise typer.Exit(1) from exc
    console.print(f"[green]Seeded.[/] {result.summary()}")


@import_app.command("members")
def import_members(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A UTF-8 CSV file.")) -> None:
    """Import members from CSV in this process (the service the memberImport job runs); bad rows are listed
    with row number, column and reason."""
    from api.core.errors import DomainError
    from api.core.viewer import Viewer
    from api.members.importer import import_members as do_import
    from api.members.importer import row_report
    from api.members.models import ImportStatus

    async def blocks() -> AsyncIterator[bytes]:
        with file.open("rb") as fh:
            while block := fh.read(1 << 16):
                yield block

    async def run(report: Callable[[int, int], None]) -> tuple[Any, list[tuple[int, str, str]]]:
        record = await do_import(Viewer.system(), blocks(), filename=file.name, progress=report)
        rows = await row_report(record.id).values_list("row", "column", "message")
        return record, rows

    with _progress() as progress:
        task = progress.add_task("Importing", total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            r, rows = _run(lambda: run(report))
        except DomainError as exc:
            console.print(f"[red]{exc}[/]")
            raise typer.Exit(1) from exc
    console.print(
        f"{r.total_rows} rows: [green]{r.created} created[/], {r.updated} updated, "
        f"{r.unchanged} unchanged, [red]{r.failed} failed[/]"
    )
    for row, column, message in rows:
        console.print(f"  row {row}, {column}: {message}")
    if r.status is ImportStatus.FAILED:
        console.print(f"[red]The import stopped: {r.error}[/] (rows before it were committed)")
        raise typer.Exit(1)
    if r.failed:
        raise typer.Exit(2)


@token_app.command("create")
def token_create(
    role: Role = typer.Option(Role.ADMIN, "--role", "-r", help="Role of the token."),
    name: str = typer.Option("cli", "--name", help="A name to recognise the token by."),
    scope: list[str] = typer.Option([], "--scope", help="Narrow to these scopes (repeatable)."),
    company_id: int | None = typer.Option(None, "--company-id", help="For company_admin and partner."),
    store_id: list[int] = typer.Option([], "--store-id", help="For store_manager (repeatable)."),
    guide_id: int | None = typer.Option(None, "--guide-id", help="For guide."),
    expires_in_days: int | None = typer.Option(None, "--expires-in-days", help="Default: never."),
) -> None:
    """Create an API token and print it (it is shown only once)."""
    from api.accounts.services import create_token
    from api.core.errors import DomainError

    try:
        secret, _ = _run(
            lambda: create_token(
                name,
                role,
                scopes=scope or None,
                company_id=company_id,
                store_ids=store_id or None,
                guide_id=guide_id,
                expires_in_days=expires_in_days,
            )
        )
    except DomainError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    typer.echo(secret)


@user_app.command("create")
def user_create(
    username: str = typer.Argument(...),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    role: Role = typer.Option(Role.ADMIN, "--role", "-r"),
    company_id: int | None = typer.Option(None, "--company-id"),
    store_id: list[int] = typer.Option([], "--store-id"),
    guide_id: int | None = typer.Option(None, "--guide-id"),
) -> None:
    """Create a user who can log in to the admin."""
    from api.accounts.services import create_user
    from api.core.errors import DomainError

    try:
        _run(lambda: create_user(username, password, role, None, company_id, store_id or None, guide_id))
    except DomainError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    console.print(f"[green]User {username} created.[/]")


@app.command("conditions-export")
def conditions_export(
    output: Path = typer.Option(Path("frontend/src/features/segments/rules/catalogue.generated.ts"), "--output", "-o"),
    check: bool = typer.Option(False, "--check", help="Fail if the file is not current."),
) -> None:
    """Write the admin's condition catalogue, generated from the condition registry."""
    from api.segments.catalogue import catalogue_ts

    text = catalogue_ts()
    if check:
        if not output.exists() or output.read_text() != text:
            console.print(f"[red]{output} is stale: run `rapport conditions-export`.[/]")
            raise typer.Exit(1)
        console.print(f"{output} is current.")
        return
    output.write_text(text)
    console.print(f"Wrote {output}")


@app.command("scopes-export")
def scopes_export(
    output: Path = typer.Option(Path("frontend/src/features/settings/scopes.generated.ts"), "--output", "-o"),
    check: bool = typer.Option(False, "--check", help="Fail if the file is not current."),
) -> None:
    """Write the admin's scope catalogue (labels, role defaults, grantable scopes) from api/core/viewer.py."""
    from api.core.viewer import scopes_ts

    text = scopes_ts()
    if check:
        if not output.exists() or output.read_text() != text:
            console.print(f"[red]{output} is stale: run `rapport scopes-export`.[/]")
            raise typer.Exit(1)
        console.print(f"{output} is current.")
        return
    output.write_text(text)
    console.print(f"Wrote {output}")


@app.command("schema-export")
def schema_export(
    output: Path = typer.Option(Path("schema/schema.graphql"), "--output", "-o"),
    check: bool = typer.Option(False, "--check", help="Fail if the file is not current."),
) -> None:
    """Write the GraphQL schema SDL (the committed schema/schema.graphql)."""
    from schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if check:
        if not output.exists() or output.read_text() != sdl:
            console.print(f"[red]{output} is stale: run `rapport schema-export`.[/]")
            raise typer.Exit(1)
        console.print(f"{output} is current.")
        return
    output.write_text(sdl)
    console.print(f"Wrote {output}")


def _check_startup() -> None:
    """Refuse to serve an unsafe configuration (production without a real secret key), saying why."""
    from api.core.config import ConfigError, get_settings

    try:
        get_settings().check_startup()
    except ConfigError as exc:
        console.print(f"[red]Rapport will not start:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _serve_http(host: str, port: int) -> None:
    """Run uvicorn until Ctrl-C / SIGTERM, then return normally (after a clean lifespan shutdown)."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # Unlike uvicorn's default, do not re-raise the signal after shutdown: the caller still
            # has a worker and the embedded Redis to stop.
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True

    config = uvicorn.Config("api.app:create_app", factory=True, host=host, port=port)
    asyncio.run(Server(config).serve())


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Default $HOST or 127.0.0.1."),
    port: int | None = typer.Option(None, help="Default $PORT or 8000."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
) -> None:
    """Run the API and the admin (uvicorn)."""
    import uvicorn

    from api.core.config import get_settings
    from api.core.redis import redis_url

    _check_startup()
    settings = get_settings()
    os.environ.setdefault("REDIS_URL", redis_url(settings))
    if reload:
        uvicorn.run(
            "api.app:create_app", factory=True, host=host or settings.host, port=port or settings.port, reload=True
        )
    else:
        _serve_http(host or settings.host, port or settings.port)


@app.command()
def worker() -> None:
    """Run an arq worker (jobs and crons)."""
    from arq import run_worker

    from workers.settings import WorkerSettings

    run_worker(WorkerSettings)  # type: ignore[arg-type]


async def _prepare_demo(members: int, gateway_url: str | None = None) -> dict[str, Any]:
    """Seed when empty, add the demo journeys with their history (development), make sure the demo admin
    exists."""
    from api.accounts.models import User
    from api.accounts.services import create_user, set_password
    from api.members.models import Member
    from api.seed import seed as do_seed
    from api.segments.models import RefreshTrigger
    from api.segments.services import refresh_all

    info: dict[str, Any] = {"seeded": False}
    if not await Member.exists():
        with _progress() as progress:
            task = progress.add_task("Seeding demo data", total=members)
            await do_seed(members, progress=lambda d, t: progress.update(task, completed=d, total=t))
        # Materialise the ready-made RFM groups now, as the nightly job would, so they show counts.
        await refresh_all(RefreshTrigger.MANUAL)
        info["seeded"] = True
    if gateway_url is not None:
        from api.journeys.demo import DAYS, seed_demo_journeys

        with _progress() as progress:
            task = progress.add_task(f"Replaying {DAYS} days of demo journeys", total=DAYS + 1)
            info["journeys"] = await seed_demo_journeys(
                gateway_url, progress=lambda d, t: progress.update(task, completed=d, total=t))
    user = await User.get_or_none(username=DEMO_USER)
    if user is None:
        await create_user(DEMO_USER, DEMO_PASSWORD, Role.ADMIN, display_name="Demo admin")
    elif os.environ.get("RAPPORT_DEMO_RESET_PASSWORD"):
        await set_password(user, DEMO_PASSWORD)
    return info


@app.command()
def demo(
    port: int | None = typer.Option(None, help="Default $PORT or 8000."),
    members: int = typer.Option(2000, help="Members to seed into an empty database."),
) -> None:
    """Everything for a first look: embedded Redis, migrations, demo data, one worker, the API + admin."""
    from api.core.config import get_settings
    from api.core.db import migrate as do_migrate
    from api.core.redis import redis_url, stop_embedded

    _check_startup()  # `make demo` sets RAPPORT_ENV=development; production needs a real secret key
    settings = get_settings()
    url = redis_url(settings)
    os.environ["REDIS_URL"] = url
    asyncio.run(do_migrate())
    port = port or settings.port
    from api.channels.sandbox import PATH
    from api.core.clock import shared_enabled

    gateway = f"http://127.0.0.1:{port}{PATH}" if shared_enabled() else None  # the sandbox is development-only
    _run(lambda: _prepare_demo(members, gateway))
    worker_proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker"],
        env={**os.environ, "REDIS_URL": url},
        start_new_session=True,
    )
    console.rule("[bold green]Rapport is running")
    console.print(f"Admin:    [bold]http://{settings.host}:{port}/[/]")
    console.print(f"GraphQL:  http://{settings.host}:{port}/graphql")
    console.print(f"Log in:   username [bold]{DEMO_USER}[/]  password [bold]{DEMO_PASSWORD}[/]")
    console.print("API token: `.venv/bin/rapport token create --role admin`   Stop: Ctrl-C")
    try:
        _serve_http(settings.host, port)
    finally:
        if worker_proc.poll() is None:
            os.killpg(worker_proc.pid, signal.SIGTERM)
            try:
                worker_proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(worker_proc.pid, signal.SIGKILL)
        stop_embedded()
        console.print("Stopped.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
