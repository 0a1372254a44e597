"""The ``powdb`` command line: parse options, call the library, render. Nothing else lives here.

Each command group has its module (sources, claims, subjects); what they share is in
:mod:`powdb.cli.common`.

Start-up: every command pays for what the CLI modules import when ``powdb`` starts, so at
their top they import only what declaring options needs: Typer, the standard library,
:mod:`powdb.cli.common`, :mod:`powdb.cli.params`, :mod:`powdb.output` and :mod:`powdb.errors`.
Everything else (SQLAlchemy and what uses it: ``powdb.db``, ``powdb.query``, ``powdb.curation``...;
Rich; the readers and the extractor) is imported inside the command that uses it, and a
database is opened with :func:`powdb.cli.common.open_database`, which loads SQLAlchemy then.
Print on stderr through ``err`` (Rich is loaded when it first prints). Types only an
annotation needs go under ``if TYPE_CHECKING:``. ``tests/test_startup.py`` checks what
``powdb --version``, ``powdb claims``, ``powdb subjects``, ``powdb claims --conflicting`` and
``powdb review`` load.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from powdb import __version__
from powdb.cli import history as history_commands
from powdb.cli import review as review_command
from powdb.cli.claims import claims_app
from powdb.cli.common import (
    DEFAULT_JOBS,
    AuthorOption,
    ContainerOption,
    DateOption,
    DbOption,
    KindOption,
    NoteOption,
    TitleOption,
    UrlOption,
    err,
    open_database,
    reports_errors,
)
from powdb.cli.params import Command, choice, choice_metavar, parse_id, parse_jobs
from powdb.cli.sources import sources_app
from powdb.cli.subjects import subjects_app
from powdb.output import printable

if TYPE_CHECKING:
    from powdb.store import IngestResult

app = typer.Typer(
    help="powdb: a claim-and-source database for historians.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # Click draws help at most 80 columns wide whatever the terminal; wider terminals get
    # longer lines (each command also has a short summary that fits in 80).
    context_settings={"max_content_width": 120},
)
db_app = typer.Typer(help="Where the database is, and its upkeep.", no_args_is_help=True)
app.add_typer(db_app, name="db")

app.add_typer(sources_app, name="sources")
app.add_typer(claims_app, name="claims")
app.add_typer(subjects_app, name="subjects")


class IngestEngine(StrEnum):
    local = "local"
    dask = "dask"


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


@app.command(cls=Command, short_help="Read documents and extract their numeric claims.")
@reports_errors
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Files or folders (read recursively); - reads stdin."),
    ],
    db: DbOption = None,
    title: TitleOption = None,
    author: AuthorOption = None,
    date: DateOption = None,
    container: ContainerOption = None,
    url: UrlOption = None,
    kind: KindOption = None,
    note: NoteOption = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            parser=parse_jobs,
            help="Worker processes for extraction, 1 to 64 (with --engine dask: the workers "
            "of the cluster it starts).",
        ),
    ] = DEFAULT_JOBS,
    engine_name: Annotated[
        IngestEngine,
        typer.Option(
            "--engine",
            metavar=choice_metavar(IngestEngine),
            parser=choice(IngestEngine),
            help="Where documents are read and extracted: local worker processes, or a Dask "
            "cluster (needs powdb[dask]).",
        ),
    ] = IngestEngine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="With --engine dask: the scheduler of a running cluster, e.g. "
            "tcp://10.0.0.5:8786 [default: start one on this machine].",
        ),
    ] = None,
) -> None:
    """Read documents, store each source once, and extract its numeric claims."""
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from powdb.files import STDIN, find_files
    from powdb.ingest import database_file, ingest_files
    from powdb.source_curation import checked_metadata

    if scheduler is not None and engine_name is not IngestEngine.dask:
        raise typer.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    pool = None
    if engine_name is IngestEngine.dask:
        from powdb.dask_engine import dask_pool

        pool = dask_pool(scheduler=scheduler, workers=jobs)
    metadata = checked_metadata(title, tuple(author or ()), date, container, url, kind, note)
    engine = open_database(db)
    files = find_files(paths, database_file(engine))
    stdin = sys.stdin.buffer.read() if STDIN in paths else None
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err.console,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Ingesting", total=len(files.files) + len(files.errors))

        def say(line: str) -> None:
            progress.console.print(line, markup=False, soft_wrap=True)

        def on_result(result: IngestResult) -> None:
            progress.advance(task)
            if result.status == "failed":
                say(f"Error: {result.error}")
            for warning in result.warnings:
                say(f"Warning: {warning}")
            for claim_id in result.orphaned_claims:
                say(
                    f"Warning: {result.label}: manual claim {claim_id} orphaned: its quote is "
                    "gone from the changed file (kept; see claims --orphaned)"
                )
            for claim_id, done, surface in result.orphaned_curated:
                say(
                    f"Warning: {result.label}: claim {claim_id} ({surface!r}), which you "
                    f"{done}, is orphaned: its quote is gone from the changed file (kept as it "
                    "was; see claims --orphaned --all)"
                )
            for move_id in result.orphaned_moves:
                say(
                    f"Warning: {result.label}: claim move {move_id} no longer matches a claim "
                    "of the changed file (kept)"
                )

        ocr_tasks: dict[str, TaskID] = {}

        def on_ocr_page(label: str, done: int, total: int) -> None:
            # A bar per scanned document, page by page; gone when the document is read.
            if label not in ocr_tasks:
                description = f"OCR {escape(printable(label))}"
                ocr_tasks[label] = progress.add_task(description, total=total)
            progress.update(ocr_tasks[label], completed=done)
            if done >= total:
                progress.remove_task(ocr_tasks.pop(label))

        summary = ingest_files(
            engine,
            files,
            metadata,
            on_result=on_result,
            stdin=stdin,
            jobs=jobs,
            on_ocr_page=on_ocr_page,
            pool=pool,
        )
    if files.hidden or files.database:
        err.print(_skipped(files.hidden, files.database), markup=False, soft_wrap=True)
    err.print(
        f"{len(summary.results)} files: {summary.count('added')} added, "
        f"{summary.count('updated')} updated, {summary.count('unchanged')} unchanged, "
        f"{len(summary.failed)} failed; {summary.claims} claims extracted.",
        markup=False,
    )
    if summary.failed:
        raise typer.Exit(1)


def _skipped(hidden: int, database: int) -> str:
    parts = [f"{hidden} hidden (named with a leading dot, such as .git)"] if hidden else []
    if database:
        parts.append(f"{database} of the database being written to")
    return f"Skipped {hidden + database} files and folders: {' and '.join(parts)}."


@db_app.command("path", cls=Command, short_help="Print where the database is.")
@reports_errors
def db_path(db: DbOption = None) -> None:
    """Print where the database is."""
    from powdb.db import resolve_url, where

    place = where(resolve_url(db))
    typer.echo(printable(place) if sys.stdout.isatty() else place)


@db_app.command("check", cls=Command, short_help="Verify the database's integrity.")
@reports_errors
def db_check(
    db: DbOption = None,
    repair_index: Annotated[
        bool, typer.Option("--repair", help="Rebuild the search index first.")
    ] = False,
) -> None:
    """Verify integrity: SQLite's checks, foreign keys, search index, claims' offsets.

    Nothing is changed unless --repair is given; a check during an ingest sees the database as
    it was at one moment."""
    from powdb.maintenance import check, repair

    engine = open_database(db, read_only=not repair_index)
    if repair_index:
        repair(engine)
    result = check(engine)
    for problem in result.problems:
        typer.echo(printable(problem))
    for note in result.notes:
        err.print(f"Note: {note}", markup=False, soft_wrap=True)
    if result.problems:
        err.print(f"{len(result.problems)} problems found.", markup=False)
        raise typer.Exit(1)
    err.print("ok", markup=False)


@db_app.command("upgrade", cls=Command, short_help="Bring the database to this powdb's schema.")
@reports_errors
def db_upgrade(db: DbOption = None) -> None:
    """Bring the database to this powdb's schema (any command that writes does so too);
    commands that only read leave an older database as it is, and say so."""
    from powdb.db import HEAD_REVISION, where

    engine = open_database(db)
    err.print(f"{where(engine.url)} is at schema revision {HEAD_REVISION}.", markup=False)


@db_app.command("backup", cls=Command, short_help="Copy the database, even while in use.")
@reports_errors
def db_backup(
    target: Annotated[
        Path,
        typer.Argument(metavar="PATH", help="File to write the copy to (must not exist)."),
    ],
    db: DbOption = None,
) -> None:
    """Write a consistent copy of the database while it may be in use."""
    from powdb.maintenance import backup

    backup(open_database(db, read_only=True, any_revision=True), target)
    err.print(f"Backed up to {target}", markup=False)


@app.command(cls=Command, short_help="Write a self-contained HTML report.")
@reports_errors
def report(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="PATH", help="HTML file to write, e.g. report.html."
        ),
    ],
    db: DbOption = None,
    subject: Annotated[
        list[int] | None,
        typer.Option(
            "--subject", metavar="ID", parser=parse_id, help="Only this subject (repeat)."
        ),
    ] = None,
    source: Annotated[
        list[int] | None,
        typer.Option("--source", metavar="ID", parser=parse_id, help="Only this source (repeat)."),
    ] = None,
    conflicting_only: Annotated[
        bool, typer.Option("--conflicting-only", help="Only subjects whose figures clash.")
    ] = False,
) -> None:
    """Write a self-contained HTML report: conflicts charted, sources with claims highlighted."""
    from powdb.report import write_report  # loads the chart renderer: only when asked

    summary = write_report(
        open_database(db, read_only=True),
        output,
        subject_ids=subject,
        source_ids=source,
        conflicting_only=conflicting_only,
    )
    where = f" and {summary.pages - 1} pages in {summary.files_dir}" if summary.files_dir else ""
    err.print(
        f"Wrote {summary.path}{where}: {_count(summary.sources, 'source')}, "
        f"{_count(summary.claims, 'claim')}, {_count(summary.conflicts, 'conflict')} "
        f"({summary.bytes / 1e6:.1f} MB).",
        markup=False,
        soft_wrap=True,
    )


@app.command(
    "open",
    cls=Command,
    short_help="Browse the database in Datasette.",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
@reports_errors
def open_command(
    ctx: typer.Context,
    db: DbOption = None,
    print_metadata: Annotated[
        bool,
        typer.Option(
            "--metadata",
            help="Print Datasette's metadata for this database (to run Datasette yourself: "
            "datasette data/powdb.db -m metadata.json) instead of running it.",
        ),
    ] = False,
) -> None:
    """Browse the database in Datasette (pip install 'powdb[datasette]'): search claims, the
    views claims_full and conflicts, subjects and sources by name. Other options go to
    `datasette serve` (--port 8002, --open)."""
    from powdb import datasette
    from powdb.output import to_json

    engine = open_database(db, read_only=True)
    path = datasette.sqlite_file(engine)
    if print_metadata:
        typer.echo(to_json(datasette.metadata(datasette.database_name(path)), indent=2))
        return
    code = datasette.open_in_datasette(engine, ctx.args)
    if code:
        raise typer.Exit(code)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


# Curation across sources, after the commands that read and report.
app.command("review", cls=Command, short_help="Decide the open conflicts one by one.")(
    review_command.review
)
history_commands.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="powdb")
