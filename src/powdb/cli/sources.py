"""`powdb sources`: list, export as citations, correct metadata."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from powdb.cli.common import (
    AuthorOption,
    ContainerOption,
    DateOption,
    DbOption,
    KindOption,
    LimitOption,
    NoteOption,
    SourceIdArgument,
    TitleOption,
    UrlOption,
    UserOption,
    err,
    open_database,
    render_page,
    reports_errors,
)
from powdb.cli.params import Command, choice, choice_metavar, parse_id
from powdb.output import Format, default_format, printable, render, to_json

sources_app = typer.Typer(help="List sources, export citations, correct metadata.")


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
            "--format",
            "-f",
            metavar=choice_metavar(SourceFormat),
            parser=choice(SourceFormat),
            help="Output format [default: table on a terminal, else json]",
        ),
    ] = None,
    limit: LimitOption = None,
) -> None:
    """List sources with their metadata and claim counts, or export them as citations."""
    from powdb.citations import bibtex_keys, to_bibtex, to_csl_json
    from powdb.query import list_sources

    if ctx.invoked_subcommand is not None:
        return
    all_rows = list_sources(open_database(db, read_only=True))
    # Keys of all sources, then the page: a key not stored yet depends on the others'.
    keys = bibtex_keys(all_rows)
    if fmt is SourceFormat.csl_json:
        items = [to_csl_json(r, k) for r, k in zip(all_rows[:limit], keys, strict=False)]
        typer.echo(to_json(items, indent=2))
    elif fmt is SourceFormat.bibtex:
        bibtex = to_bibtex(all_rows[:limit], keys[:limit])
        if sys.stdout.isatty():  # for a person: no control characters reach the terminal
            bibtex = "\n".join(map(printable, bibtex.split("\n")))
        typer.echo(bibtex, nl=False)
    else:
        output_format = Format(fmt.value) if fmt else default_format()
        columns = ["id", "title", "path", "kind", "issued", "claims"]
        render_page(all_rows, output_format, limit, columns, "sources")


@sources_app.command("edit", cls=Command, short_help="Correct a source's metadata.")
@reports_errors
def sources_edit(
    source_id: SourceIdArgument,
    db: DbOption = None,
    title: TitleOption = None,
    author: AuthorOption = None,
    date: DateOption = None,
    container: ContainerOption = None,
    url: UrlOption = None,
    kind: KindOption = None,
    note: NoteOption = None,
    user: UserOption = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="KEY",
            help="Citation key for BibTeX/CSL-JSON (letters, digits, _ - : .); unique.",
        ),
    ] = None,
) -> None:
    """Correct a source's metadata or citation key; corrections survive re-ingesting the
    file. A source's citation key is given when it is stored and never changes unless set
    here."""
    from powdb.query import list_sources
    from powdb.source_curation import checked_metadata, edit_source

    metadata = checked_metadata(title, tuple(author or ()), date, container, url, kind, note)
    engine = open_database(db)
    edit_source(engine, source_id, metadata, user, citation_key=key)
    render(list_sources(engine, [source_id]), Format.json)


def stdin_is_terminal() -> bool:
    """Whether a person can be asked (a script's standard input is not a terminal)."""
    return sys.stdin.isatty()


@sources_app.command("remove", cls=Command, short_help="Remove sources and their claims.")
@reports_errors
def sources_remove(
    source_ids: Annotated[
        list[int],
        typer.Argument(metavar="SOURCE_ID", parser=parse_id, help="Sources to remove."),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove without asking (needed in a script).")
    ] = False,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Remove sources ingested by mistake, with their claims and the curation of those
    claims, after showing what will go; asks first unless --yes (a script must give --yes).
    It cannot be undone: ingesting the file again brings the source back."""
    from powdb.errors import PowdbError
    from powdb.removal import plan_removal, remove_sources

    engine = open_database(db)
    plan = plan_removal(engine, source_ids)
    err.print("This removes:", markup=False)
    for item in plan:
        err.print(f"  {item.describe()}", markup=False, soft_wrap=True)
    if not yes:
        if not stdin_is_terminal():
            raise PowdbError("nothing removed: give --yes to remove sources from a script")
        if not typer.confirm("Remove them?", default=False, err=True):
            err.print("Nothing removed.", markup=False)
            raise typer.Exit(1)
    removed = remove_sources(engine, source_ids, user)
    render([item.to_dict() for item in removed], Format.json)
    claims = sum(item.claims for item in removed)
    err.print(
        f"Removed {len(removed)} source{'s' if len(removed) != 1 else ''} and "
        f"{claims:,} claim{'s' if claims != 1 else ''}.",
        markup=False,
    )
