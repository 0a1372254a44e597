"""The ``powdb`` command line: parse options, call the library, render. Nothing else lives here."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import Engine

from powdb import __version__
from powdb.citations import format_citation, to_bibtex, to_csl_json
from powdb.conflicts import list_conflicts, list_subjects
from powdb.curation import (
    add_manual_claim,
    checked_metadata,
    edit_source,
    merge_subjects,
    move_claim,
    record_verdict,
    rename_subject,
    split_subject,
)
from powdb.db import open_database, resolve_url, safe_url, sqlite_path
from powdb.errors import PowdbError
from powdb.ingest import ingest_files, iter_files
from powdb.maintenance import backup, check, repair
from powdb.output import Format, default_format, figure, render, render_conflicts, source_label
from powdb.query import (
    ClaimFilter,
    get_claim,
    get_sources,
    list_claims,
    list_sources,
)
from powdb.store import STDIN, IngestResult

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
        except sa.exc.DBAPIError as exc:
            # A database that fails mid-command (damaged file, server gone): one line, no
            # traceback; `powdb db check` says more.
            reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "failed"
            err.print(f"Error: database error: {reason}", markup=False, soft_wrap=True)
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


TitleOption = Annotated[str | None, typer.Option(help="Title of the source.")]
AuthorOption = Annotated[list[str] | None, typer.Option(help="Author (repeat for several).")]
DateOption = Annotated[str | None, typer.Option(help="Date issued: YYYY, YYYY-MM or YYYY-MM-DD.")]
ContainerOption = Annotated[
    str | None, typer.Option(help="Where it appeared: site, journal, newspaper.")
]
UrlOption = Annotated[str | None, typer.Option(help="URL of the source.")]
KindOption = Annotated[
    str | None, typer.Option(help="Kind: article, book review, web page, book, report...")
]
NoteOption = Annotated[str | None, typer.Option(help="A free note.")]


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
    title: TitleOption = None,
    author: AuthorOption = None,
    date: DateOption = None,
    container: ContainerOption = None,
    url: UrlOption = None,
    kind: KindOption = None,
    note: NoteOption = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes for extraction.")
    ] = DEFAULT_JOBS,
) -> None:
    """Read documents, store each source once, and extract its numeric claims."""
    metadata = checked_metadata(title, tuple(author or ()), date, container, url, kind, note)
    files = list(iter_files(paths))
    engine = open_database(db)
    stdin = sys.stdin.buffer.read() if STDIN in paths else None
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Ingesting", total=len(files))

        def on_result(result: IngestResult) -> None:
            progress.advance(task)
            if result.status == "failed":
                progress.console.print(f"Error: {result.error}", markup=False, soft_wrap=True)
            for claim_id in result.orphaned_claims:
                progress.console.print(
                    f"Warning: {result.label}: manual claim {claim_id} orphaned: its quote is "
                    "gone from the changed file (kept; see claims --orphaned)",
                    markup=False,
                    soft_wrap=True,
                )
            for move_id in result.orphaned_moves:
                progress.console.print(
                    f"Warning: {result.label}: claim move {move_id} no longer matches a claim "
                    "of the changed file (kept)",
                    markup=False,
                    soft_wrap=True,
                )

        summary = ingest_files(engine, files, metadata, on_result=on_result, stdin=stdin, jobs=jobs)
    err.print(
        f"{len(summary.results)} files: {summary.count('added')} added, "
        f"{summary.count('updated')} updated, {summary.count('unchanged')} unchanged, "
        f"{len(summary.failed)} failed; {summary.claims} claims extracted.",
        markup=False,
    )
    if summary.failed:
        raise typer.Exit(1)


sources_app = typer.Typer(help="List sources, export citations, correct metadata.")
app.add_typer(sources_app, name="sources")


class SourceFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    csl_json = "csl-json"
    bibtex = "bibtex"


@sources_app.callback(invoke_without_command=True)
@reports_errors
def sources(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: Annotated[
        SourceFormat | None,
        typer.Option(
            "--format", "-f", help="Output format [default: table on a terminal, else json]"
        ),
    ] = None,
) -> None:
    """List sources with their metadata and claim counts, or export them as citations."""
    if ctx.invoked_subcommand is not None:
        return
    rows = list_sources(open_database(db))
    if fmt is SourceFormat.csl_json:
        typer.echo(json.dumps([to_csl_json(r) for r in rows], ensure_ascii=False, indent=2))
    elif fmt is SourceFormat.bibtex:
        typer.echo(to_bibtex(rows), nl=False)
    else:
        output_format = Format(fmt.value) if fmt else default_format()
        render(rows, output_format, ["id", "title", "path", "kind", "issued", "claims"])


@sources_app.command("edit")
@reports_errors
def sources_edit(
    source_id: Annotated[int, typer.Argument(min=1, help="Source id.")],
    db: DbOption = None,
    title: TitleOption = None,
    author: AuthorOption = None,
    date: DateOption = None,
    container: ContainerOption = None,
    url: UrlOption = None,
    kind: KindOption = None,
    note: NoteOption = None,
) -> None:
    """Correct a source's metadata; corrections survive re-ingesting the file."""
    metadata = checked_metadata(title, tuple(author or ()), date, container, url, kind, note)
    engine = open_database(db)
    edit_source(engine, source_id, metadata)
    render(list_sources(engine, [source_id]), Format.json)


claims_app = typer.Typer(help="List, filter and add claims; show conflicts.")
app.add_typer(claims_app, name="claims")


@claims_app.callback(invoke_without_command=True)
@reports_errors
def claims(
    ctx: typer.Context,
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
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="At most this many claims (with --conflicting: conflicts)."),
    ] = None,
    cite: Annotated[bool, typer.Option("--cite", help="Add each claim's citation.")] = False,
    subject: Annotated[int | None, typer.Option("--subject", min=1, help="Subject id.")] = None,
    orphaned: Annotated[
        bool, typer.Option("--orphaned", help="Only manual claims whose quote is gone.")
    ] = False,
    conflicting: Annotated[
        bool,
        typer.Option("--conflicting", help="Group claims whose figures clash, per subject."),
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="With --conflicting: include explained conflicts.")
    ] = False,
) -> None:
    """List and filter claims, or show where sources conflict (--conflicting)."""
    if ctx.invoked_subcommand is not None:
        return
    engine = open_database(db)
    if conflicting:
        conflicts = list_conflicts(
            engine, include_explained=show_all, subject_id=subject, limit=limit
        )
        if cite:
            citations = _citations(engine, [c for group in conflicts for c in group["claims"]])
            for group in conflicts:
                group["claims"] = [
                    {**c, "citation": citations[c["source_id"]]} for c in group["claims"]
                ]
        render_conflicts(conflicts, fmt or default_format())
        return
    if show_all:
        raise typer.BadParameter("--all goes with --conflicting", param_hint="--all")
    rows = list_claims(
        engine,
        ClaimFilter(
            source_id=source,
            search=search,
            min_value=min_value,
            max_value=max_value,
            hedge=hedge,
            subject_id=subject,
            orphaned=orphaned,
            limit=limit,
        ),
    )
    if cite:
        citations = _citations(engine, rows)
        rows = [{**row, "citation": citations[row["source_id"]]} for row in rows]
    fmt = fmt or default_format()
    if fmt is Format.table:
        table_rows = [{**row, "figure": figure(row), "source": source_label(row)} for row in rows]
        columns = ["id", "source", "figure", "counted", "quote"] + (["citation"] if cite else [])
        render(table_rows, fmt, columns)
    else:
        render(rows, fmt)


@claims_app.command("add")
@reports_errors
def claims_add(
    source_id: Annotated[int, typer.Argument(min=1, help="Source id.")],
    surface: Annotated[str, typer.Argument(help="The exact text of the figure in the source.")],
    value: Annotated[float | None, typer.Option(help="The figure.")] = None,
    low: Annotated[float | None, typer.Option(help="Low end of a range.")] = None,
    high: Annotated[float | None, typer.Option(help="High end of a range.")] = None,
    hedge: Annotated[str | None, typer.Option(help='e.g. "roughly", "more than".')] = None,
    counted: Annotated[str | None, typer.Option(help="What is counted.")] = None,
    unit: Annotated[str | None, typer.Option(help="Unit, if not a count.")] = None,
    occurrence: Annotated[
        int, typer.Option(min=1, help="Which occurrence of the surface text.")
    ] = 1,
    db: DbOption = None,
) -> None:
    """Add a claim the extractor missed; it survives re-ingesting its source."""
    engine = open_database(db)
    claim_id = add_manual_claim(
        engine,
        source_id,
        surface,
        value=value,
        low=low,
        high=high,
        hedge=hedge,
        counted=counted,
        unit=unit,
        occurrence=occurrence,
    )
    render([get_claim(engine, claim_id)], Format.json)


def _citations(engine: Engine, claims: list[dict[str, Any]]) -> dict[int, str]:
    sources = get_sources(engine, {claim["source_id"] for claim in claims})
    return {source_id: format_citation(source) for source_id, source in sources.items()}


subjects_app = typer.Typer(help="What claims count: list, rename, merge, split, verdicts.")
app.add_typer(subjects_app, name="subjects")


@subjects_app.callback(invoke_without_command=True)
@reports_errors
def subjects(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: FormatOption = None,
    merged: Annotated[
        bool, typer.Option("--merged", help="Also list subjects merged into others.")
    ] = False,
) -> None:
    """List subjects with their claim and source counts and whether their figures agree."""
    if ctx.invoked_subcommand is not None:
        return
    rows = list_subjects(open_database(db), include_merged=merged)
    render(rows, fmt or default_format(), ["id", "label", "claims", "sources", "status"])


@subjects_app.command("rename")
@reports_errors
def subjects_rename(
    subject_id: Annotated[int, typer.Argument(min=1, help="Subject id.")],
    label: Annotated[str, typer.Argument(help="The new label.")],
    db: DbOption = None,
) -> None:
    """Give a subject a label of your own."""
    rename_subject(open_database(db), subject_id, label)
    err.print(f"Subject {subject_id} renamed.", markup=False)


@subjects_app.command("merge")
@reports_errors
def subjects_merge(
    subject_id: Annotated[int, typer.Argument(min=1, help="Subject to merge away.")],
    into: Annotated[int, typer.Argument(min=1, help="Subject that receives its claims.")],
    db: DbOption = None,
) -> None:
    """Merge one subject into another; this holds after re-ingesting sources too."""
    moved = merge_subjects(open_database(db), subject_id, into)
    err.print(f"Subject {subject_id} merged into {into}; {moved} claims moved.", markup=False)


@subjects_app.command("split")
@reports_errors
def subjects_split(
    subject_id: Annotated[int, typer.Argument(min=1, help="Subject to split.")],
    claim: Annotated[list[int], typer.Option("--claim", min=1, help="Claim to move (repeat).")],
    label: Annotated[str, typer.Option(help="Label of the new subject.")],
    db: DbOption = None,
) -> None:
    """Move some claims of a subject into a new subject of their own."""
    new_id = split_subject(open_database(db), subject_id, claim, label)
    typer.echo(new_id)
    err.print(f"New subject {new_id} holds {len(claim)} claims.", markup=False)


@subjects_app.command("move")
@reports_errors
def subjects_move(
    claim_id: Annotated[int, typer.Argument(min=1, help="Claim id.")],
    to: Annotated[int, typer.Option("--to", min=1, help="Subject id to move it to.")],
    db: DbOption = None,
) -> None:
    """Put a claim in another subject; the move is applied again after re-ingest."""
    move_claim(open_database(db), claim_id, to)
    err.print(f"Claim {claim_id} moved to subject {to}.", markup=False)


@subjects_app.command("verdict")
@reports_errors
def subjects_verdict(
    subject_id: Annotated[int, typer.Argument(min=1, help="Subject whose conflict you explain.")],
    verdict: Annotated[
        str, typer.Option(help='"different scope", "correction" or "note".')
    ] = "note",
    note: Annotated[str | None, typer.Option(help="Your explanation.")] = None,
    prefer: Annotated[
        int | None, typer.Option(min=1, help="For a correction: the source that is right.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a verdict on a conflict; explained conflicts are hidden unless --all."""
    verdict_id = record_verdict(open_database(db), subject_id, verdict, note, prefer)
    err.print(f"Verdict {verdict_id} recorded for subject {subject_id}.", markup=False)


@db_app.command("path")
@reports_errors
def db_path(db: DbOption = None) -> None:
    """Print where the database is."""
    url = resolve_url(db)
    path = sqlite_path(url)
    typer.echo(str(path) if path else safe_url(url))


@db_app.command("check")
@reports_errors
def db_check(
    db: DbOption = None,
    repair_index: Annotated[
        bool, typer.Option("--repair", help="Rebuild the search index first.")
    ] = False,
) -> None:
    """Verify integrity: SQLite's checks, foreign keys, search index, claims' offsets."""
    engine = open_database(db)
    if repair_index:
        repair(engine)
    problems = check(engine)
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


@app.command()
@reports_errors
def report(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write, e.g. report.html.")
    ],
    db: DbOption = None,
    subject: Annotated[
        list[int] | None, typer.Option("--subject", min=1, help="Only this subject (repeat).")
    ] = None,
    source: Annotated[
        list[int] | None, typer.Option("--source", min=1, help="Only this source (repeat).")
    ] = None,
    conflicting_only: Annotated[
        bool, typer.Option("--conflicting-only", help="Only subjects whose figures clash.")
    ] = False,
) -> None:
    """Write a self-contained HTML report: conflicts charted, sources with claims highlighted."""
    from powdb.report import write_report  # loads the chart renderer: only when asked

    summary = write_report(
        open_database(db),
        output,
        subject_ids=subject,
        source_ids=source,
        conflicting_only=conflicting_only,
    )
    where = f" and {summary.pages - 1} pages in {summary.files_dir}" if summary.files_dir else ""
    err.print(
        f"Wrote {summary.path}{where}: {summary.sources} sources, {summary.claims} claims, "
        f"{summary.conflicts} conflicts ({summary.bytes / 1e6:.1f} MB).",
        markup=False,
        soft_wrap=True,
    )


def main() -> None:
    """Console-script entry point."""
    app(prog_name="powdb")
