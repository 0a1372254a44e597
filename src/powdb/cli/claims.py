"""`powdb claims`: list and filter claims, show conflicts, add missed claims."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from powdb.cli.common import (
    TABLE_CONFLICTS,
    TABLE_LIMIT,
    ClaimIdArgument,
    DbOption,
    HighOption,
    LowOption,
    SourceIdArgument,
    UserOption,
    ValueOption,
    err,
    note_more,
    open_database,
    reports_errors,
    shown_limit,
    warn_if_stale_subjects,
)
from powdb.cli.params import (
    Command,
    choice,
    choice_metavar,
    parse_count,
    parse_id,
    parse_number,
)
from powdb.output import Format, default_format, figure, render, render_conflicts, source_label

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from powdb.query import ClaimFilter

claims_app = typer.Typer(help="List, filter, add, reject and correct claims; show conflicts.")


class ClaimFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    annotation = "annotation"


@claims_app.callback(invoke_without_command=True)
@reports_errors
def claims(
    ctx: typer.Context,
    db: DbOption = None,
    claim_format: Annotated[
        ClaimFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar=choice_metavar(ClaimFormat),
            parser=choice(ClaimFormat),
            help="Output format; annotation: W3C Web Annotations (JSON-LD) for annotation "
            "tools [default: table on a terminal, else json]",
        ),
    ] = None,
    source: Annotated[
        int | None,
        typer.Option("--source", metavar="ID", parser=parse_id, help="Only this source's claims."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Text to find in quotes and counted phrases."),
    ] = None,
    min_value: Annotated[
        float | None,
        typer.Option("--min", metavar="N", parser=parse_number, help="Figures of N or more."),
    ] = None,
    max_value: Annotated[
        float | None,
        typer.Option("--max", metavar="N", parser=parse_number, help="Figures of N or less."),
    ] = None,
    hedge: Annotated[
        str | None,
        typer.Option(metavar="WORD", help='Hedge word ("roughly", "more than"), or "none".'),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=parse_count,
            help="At most N claims (with --conflicting: conflicts) "
            "[default: 50 in a table (10 conflicts), all in other formats].",
        ),
    ] = None,
    cite: Annotated[bool, typer.Option("--cite", help="Add each claim's citation.")] = False,
    subject: Annotated[
        int | None,
        typer.Option(
            "--subject", metavar="ID", parser=parse_id, help="Only this subject's claims."
        ),
    ] = None,
    orphaned: Annotated[
        bool, typer.Option("--orphaned", help="Only manual claims whose quote is gone.")
    ] = False,
    conflicting: Annotated[
        bool,
        typer.Option(
            "--conflicting",
            help="Group claims whose figures clash, per subject. With --source, --search, "
            "--min, --max, --hedge or --orphaned: the conflicts on subjects that have a "
            "matching claim, each shown whole.",
        ),
    ] = False,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Include rejected claims; with --conflicting: include explained conflicts.",
        ),
    ] = False,
    rejected: Annotated[
        bool, typer.Option("--rejected", help="Only the claims you rejected.")
    ] = False,
    possible: Annotated[
        bool,
        typer.Option(
            "--possible",
            help="With --conflicting: after the confident conflicts, a review queue of "
            "likely ones (two subjects that may count one thing), most likely first.",
        ),
    ] = False,
) -> None:
    """List and filter claims, or show where sources conflict (--conflicting)."""
    from powdb.query import ClaimFilter, count_claims, list_claims

    if ctx.invoked_subcommand is not None:
        return
    if rejected and conflicting:
        raise typer.BadParameter(
            "rejected claims are in no conflict; --rejected lists them", param_hint="--rejected"
        )
    if possible and not conflicting:
        raise typer.BadParameter("--possible goes with --conflicting", param_hint="--possible")
    annotate = claim_format is ClaimFormat.annotation
    if annotate and (conflicting or cite):
        raise typer.BadParameter(
            "annotations are of claims: not with --conflicting or --cite", param_hint="--format"
        )
    engine = open_database(db, read_only=True)
    if claim_format is None:
        fmt = default_format()
    else:  # annotations are JSON, with no table's limit
        fmt = Format.json if annotate else Format(claim_format.value)
    shown = shown_limit(fmt, limit, TABLE_CONFLICTS if conflicting else TABLE_LIMIT)
    claim_filter = ClaimFilter(
        source_id=source,
        search=search,
        min_value=min_value,
        max_value=max_value,
        hedge=hedge,
        subject_id=subject,
        orphaned=orphaned,
        rejected=True if rejected else (None if show_all else False),
        limit=shown,
    )
    if conflicting:
        _conflicts(engine, claim_filter, fmt, show_all, cite, limit, possible)
        return
    rows = list_claims(engine, claim_filter)
    if annotate:
        from powdb.annotations import claim_annotations

        render(list(claim_annotations(engine, rows)), Format.json)
        return
    if cite:
        rows = _cited(engine, rows)
    if fmt is Format.table:
        table_rows = [{**row, "figure": figure(row), "source": source_label(row)} for row in rows]
        columns = ["id", "source", "figure", "counted", "quote"] + (["citation"] if cite else [])
        if rejected or show_all:
            table_rows = [{**row, "reason": row["rejection_reason"]} for row in table_rows]
            columns.append("reason")
        render(table_rows, fmt, columns)
    else:
        render(rows, fmt)
    if shown != limit and len(rows) == shown:
        note_more(len(rows), count_claims(engine, claim_filter), "claims")


def _conflicts(
    engine: Engine,
    claim_filter: ClaimFilter,
    fmt: Format,
    show_all: bool,
    cite: bool,
    limit: int | None,
    possible: bool,
) -> None:
    """``claims --conflicting``: the conflicts with a claim that matches the filters, and
    with ``possible`` the review queue after them."""
    from powdb.conflicts import count_conflicts, count_possible, list_conflicts

    warn_if_stale_subjects(engine)
    shown = claim_filter.limit
    conflicts = list_conflicts(
        engine, include_explained=show_all, limit=shown, matching=claim_filter, possible=possible
    )
    if cite:
        for group in conflicts:
            group["claims"] = _cited(engine, group["claims"])
    render_conflicts(conflicts, fmt)
    if shown != limit and shown is not None and len(conflicts) == shown:
        total = count_conflicts(engine, include_explained=show_all, matching=claim_filter)
        order = "furthest apart first"
        if possible:
            total += count_possible(engine, matching=claim_filter)
            order = "confident ones first, " + order
        note_more(shown, total, f"conflicts ({order})")


@claims_app.command("add", cls=Command, short_help="Add a claim the extractor missed.")
@reports_errors
def claims_add(
    source_id: SourceIdArgument,
    surface: Annotated[
        str,
        typer.Argument(metavar="SURFACE", help="The exact text of the figure in the source."),
    ],
    value: ValueOption = None,
    low: LowOption = None,
    high: HighOption = None,
    hedge: Annotated[
        str | None, typer.Option(metavar="WORD", help='e.g. "roughly", "more than".')
    ] = None,
    counted: Annotated[str | None, typer.Option(metavar="TEXT", help="What is counted.")] = None,
    unit: Annotated[str | None, typer.Option(metavar="UNIT", help="Unit, if not a count.")] = None,
    occurrence: Annotated[
        int,
        typer.Option(metavar="N", parser=parse_count, help="Take the Nth occurrence of SURFACE."),
    ] = 1,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Add a claim the extractor missed; it survives re-ingesting its source."""
    from powdb.query import get_claim
    from powdb.source_curation import add_manual_claim

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
        user=user,
    )
    render([get_claim(engine, claim_id)], Format.json)


@claims_app.command("reject", cls=Command, short_help="Reject claims the machine got wrong.")
@reports_errors
def claims_reject(
    claim_ids: Annotated[
        list[int], typer.Argument(metavar="CLAIM_ID", parser=parse_id, help="Claims to reject.")
    ],
    reason: Annotated[
        str | None, typer.Option(metavar="TEXT", help='Why, e.g. "a date, not a count".')
    ] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Reject claims the machine got wrong: kept with your reason, they leave listings,
    subjects, conflicts and the report (see them with --rejected); re-ingesting their
    source keeps them rejected."""
    from powdb.claim_curation import reject_claims
    from powdb.query import get_claim

    engine = open_database(db)
    reject_claims(engine, claim_ids, reason, user)
    render([get_claim(engine, claim_id) for claim_id in claim_ids], Format.json)
    err.print(_counted(len(claim_ids), "claim") + " rejected.", markup=False)


@claims_app.command("restore", cls=Command, short_help="Take back a claim's rejection.")
@reports_errors
def claims_restore(
    claim_ids: Annotated[
        list[int], typer.Argument(metavar="CLAIM_ID", parser=parse_id, help="Claims to restore.")
    ],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Take back the rejection of claims: they count again, in their subjects."""
    from powdb.claim_curation import restore_claims
    from powdb.query import get_claim

    engine = open_database(db)
    restore_claims(engine, claim_ids, user)
    render([get_claim(engine, claim_id) for claim_id in claim_ids], Format.json)
    err.print(_counted(len(claim_ids), "claim") + " restored.", markup=False)


@claims_app.command("edit", cls=Command, short_help="Correct the extractor's reading of a claim.")
@reports_errors
def claims_edit(
    claim_id: ClaimIdArgument,
    value: ValueOption = None,
    low: LowOption = None,
    high: HighOption = None,
    hedge: Annotated[
        str | None,
        typer.Option(metavar="WORD", help='e.g. "roughly", "more than"; "none" removes it.'),
    ] = None,
    counted: Annotated[
        str | None, typer.Option(metavar="TEXT", help='What is counted ("" removes it).')
    ] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Correct the extractor's reading of a claim; the original reading stays in its JSON
    ("original"), and the correction survives re-ingesting the source."""
    from powdb.claim_curation import Correction, edit_claim
    from powdb.query import get_claim

    engine = open_database(db)
    edit_claim(engine, claim_id, Correction(value, low, high, hedge, counted), user)
    render([get_claim(engine, claim_id)], Format.json)


def _counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _cited(engine: Engine, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claims with their ``citation`` (with the claim's page, for a PDF) and their
    source's ``citation_key`` (for ``\\autocite[p.~3]{key}``)."""
    from powdb.citations import bibtex_keys, format_citation
    from powdb.query import list_sources

    wanted = {claim["source_id"] for claim in claims}
    if not wanted:
        return claims
    everything = list_sources(engine)  # a key not stored yet depends on the other sources'
    keys = dict(zip((s["id"] for s in everything), bibtex_keys(everything), strict=True))
    sources = {s["id"]: s for s in everything if s["id"] in wanted}
    return [
        {
            **claim,
            "citation": format_citation(sources[claim["source_id"]], page=claim.get("page")),
            "citation_key": keys[claim["source_id"]],
        }
        for claim in claims
    ]
