"""The ``powdb`` command line: parse options, call the library, render. Nothing else lives here."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from powdb import __version__
from powdb.db import open_database, resolve_url, safe_url, sqlite_path
from powdb.errors import PowdbError
from powdb.ingest import STDIN, IngestResult, Metadata, ingest_files, iter_files
from powdb.maintenance import backup, check
from powdb.output import Format, default_format, figure, render, source_label
from powdb.query import ClaimFilter, list_claims, list_sources

err = Console(stderr=True, highlight=False)

app = typer.Typer(
    help="powdb: a claim-and-source database for historians.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(help="Where the database is, and its upkeep.", no_args_is_help=True)
app.add_typer(db_app, name="db")

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_JOBS = min(os.cpu_count() or 1, 4)


def reports_errors(func: F) -> F:
    """Turn library errors into one ``Error: ...`` line and exit 1; Ctrl-C into exit 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PowdbError as exc:
            err.print(f"Error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("Interrupted.", markup=False)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="POWDB_DATABASE_URL",
        show_envvar=True,
        help="Database file or SQLAlchemy URL [default: data/powdb.db]",
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format [default: table on a terminal, else json]"),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"powdb {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """powdb: a claim-and-source database for historians."""


@app.command()
@reports_errors
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files or directories (recursive); - reads stdin.")
    ],
    db: DbOption = None,
    title: Annotated[str | None, typer.Option(help="Title of the source.")] = None,
    author: Annotated[
        list[str] | None, typer.Option(help="Author of the source (repeatable).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="URL of the source.")] = None,
    date: Annotated[str | None, typer.Option(help="Date the source was issued.")] = None,
    kind: Annotated[str | None, typer.Option(help="Kind of source (article, book...).")] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes for extraction.")
    ] = DEFAULT_JOBS,
) -> None:
    """Read documents, store each source once, and extract its numeric claims."""
    engine = open_database(db)
    metadata = Metadata(title=title, authors=tuple(author or ()), url=url, issued=date, kind=kind)
    files = list(iter_files(paths))
    stdin = sys.stdin.buffer.read() if STDIN in paths else None
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("Ingesting", total=len(files))

        def on_result(result: IngestResult) -> None:
            progress.advance(task)
            if result.status == "failed":
                progress.console.print(f"Error: {result.error}", markup=False, soft_wrap=True)

        summary = ingest_files(engine, files, metadata, on_result=on_result, stdin=stdin, jobs=jobs)
    err.print(
        f"{len(summary.results)} files: {summary.count('added')} added, "
        f"{summary.count('updated')} updated, {summary.count('unchanged')} unchanged, "
        f"{len(summary.failed)} failed; {summary.claims} claims extracted.",
        markup=False,
    )
    if summary.failed:
        raise typer.Exit(1)


@app.command()
@reports_errors
def sources(db: DbOption = None, fmt: FormatOption = None) -> None:
    """List sources with their metadata and claim counts."""
    rows = list_sources(open_database(db))
    render(rows, fmt or default_format(), ["id", "title", "path", "kind", "claims"])


@app.command()
@reports_errors
def claims(
    db: DbOption = None,
    fmt: FormatOption = None,
    source: Annotated[int | None, typer.Option("--source", min=1, help="Source id.")] = None,
    search: Annotated[
        str | None, typer.Option(help="Text to find in quotes and counted phrases.")
    ] = None,
    min_value: Annotated[float | None, typer.Option("--min", help="Smallest figure.")] = None,
    max_value: Annotated[float | None, typer.Option("--max", help="Largest figure.")] = None,
    hedge: Annotated[
        str | None, typer.Option(help='Hedge word ("roughly", "more than"), or "none".')
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many claims.")] = None,
) -> None:
    """List and filter claims."""
    engine = open_database(db)
    rows = list_claims(
        engine,
        ClaimFilter(
            source_id=source,
            search=search,
            min_value=min_value,
            max_value=max_value,
            hedge=hedge,
            limit=limit,
        ),
    )
    fmt = fmt or default_format()
    if fmt is Format.table:
        table_rows = [{**row, "figure": figure(row), "source": source_label(row)} for row in rows]
        render(table_rows, fmt, ["id", "source", "figure", "counted", "quote"])
    else:
        render(rows, fmt)


@db_app.command("path")
@reports_errors
def db_path(db: DbOption = None) -> None:
    """Print where the database is."""
    url = resolve_url(db)
    path = sqlite_path(url)
    typer.echo(str(path) if path else safe_url(url))


@db_app.command("check")
@reports_errors
def db_check(db: DbOption = None) -> None:
    """Verify integrity: SQLite's checks, foreign keys, and every claim's offsets."""
    problems = check(open_database(db))
    for problem in problems:
        typer.echo(problem)
    if problems:
        err.print(f"{len(problems)} problems found.", markup=False)
        raise typer.Exit(1)
    err.print("ok", markup=False)


@db_app.command("backup")
@reports_errors
def db_backup(
    target: Annotated[Path, typer.Argument(help="File to write the copy to (must not exist).")],
    db: DbOption = None,
) -> None:
    """Write a consistent copy of the database while it may be in use."""
    backup(open_database(db), target)
    err.print(f"Backed up to {target}", markup=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="powdb")
