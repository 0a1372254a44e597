"""`powdb subjects`: what claims count, and a user's curation of it."""

from __future__ import annotations

from typing import Annotated

import typer

from powdb.cli.common import (
    ClaimIdArgument,
    DbOption,
    FormatOption,
    LimitOption,
    SubjectIdArgument,
    UserOption,
    err,
    open_database,
    render_page,
    reports_errors,
    warn_if_stale_subjects,
)
from powdb.cli.params import Command, parse_id
from powdb.output import default_format

subjects_app = typer.Typer(help="What claims count: list, rename, merge, split, verdicts.")


@subjects_app.callback(invoke_without_command=True)
@reports_errors
def subjects(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: FormatOption = None,
    merged: Annotated[
        bool, typer.Option("--merged", help="Also list subjects merged into others.")
    ] = False,
    limit: LimitOption = None,
) -> None:
    """List subjects with their claim and source counts and whether their figures agree."""
    from powdb.conflicts import list_subjects

    if ctx.invoked_subcommand is not None:
        return
    engine = open_database(db, read_only=True)
    warn_if_stale_subjects(engine)
    rows = list_subjects(engine, include_merged=merged)
    columns = ["id", "label", "claims", "sources", "status"]
    render_page(rows, fmt or default_format(), limit, columns, "subjects")


@subjects_app.command(
    "suggestions", cls=Command, short_help="Merges powdb was not sure enough to make."
)
@reports_errors
def subjects_suggestions(
    db: DbOption = None,
    fmt: FormatOption = None,
    limit: LimitOption = None,
) -> None:
    """Merges powdb was not sure enough to make, most likely first: accept one with
    `subjects merge A B`, refuse it with `subjects keep-apart A B`."""
    from powdb.conflicts import suggest_merges

    rows = [
        {
            "subject": item["subject_id"],
            "other": item["other_subject_id"],
            "score": item["score"],
            "labels": f"{item['subject']} / {item['other_subject']}",
            "reason": item["reason"],
        }
        for item in suggest_merges(open_database(db, read_only=True))
    ]
    columns = ["subject", "other", "score", "labels", "reason"]
    render_page(rows, fmt or default_format(), limit, columns, "suggested merges")


@subjects_app.command("keep-apart", cls=Command, short_help="Refuse a suggested merge.")
@reports_errors
def subjects_keep_apart(
    subject_id: SubjectIdArgument,
    other: Annotated[
        int,
        typer.Argument(
            metavar="OTHER_ID", parser=parse_id, help="The subject it was offered to merge with."
        ),
    ],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Refuse a suggested merge: the two subjects count different things; the pair is not
    offered again, nor shown as a possible conflict."""
    from powdb.curation import keep_apart

    keep_apart(open_database(db), subject_id, other, user)
    err.print(f"Subjects {subject_id} and {other} kept apart.", markup=False)


@subjects_app.command(
    "reassign", cls=Command, short_help="Assign every claim's subject again with these rules."
)
@reports_errors
def subjects_reassign(db: DbOption = None) -> None:
    """Assign every claim's subject again with this powdb's rules; curation is kept."""
    from powdb.db import write_transaction
    from powdb.subjects import reassign_subjects

    engine = open_database(db)
    with write_transaction(engine) as connection:
        updated = reassign_subjects(connection, _progress)
    err.print(f"Subjects assigned again for {updated} claims.", markup=False)


def _progress(done: int, total: int) -> None:
    if done == total or done % 100 == 0:
        err.print(f"Sources read again: {done:,} of {total:,}", markup=False)


@subjects_app.command("rename", cls=Command, short_help="Give a subject a label of your own.")
@reports_errors
def subjects_rename(
    subject_id: SubjectIdArgument,
    label: Annotated[str, typer.Argument(metavar="LABEL", help="The new label.")],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Give a subject a label of your own."""
    from powdb.curation import rename_subject

    rename_subject(open_database(db), subject_id, label, user)
    err.print(f"Subject {subject_id} renamed.", markup=False)


@subjects_app.command("merge", cls=Command, short_help="Merge one subject into another.")
@reports_errors
def subjects_merge(
    subject_id: Annotated[
        int, typer.Argument(metavar="SUBJECT_ID", parser=parse_id, help="Subject to merge away.")
    ],
    into: Annotated[
        int,
        typer.Argument(
            metavar="INTO_ID", parser=parse_id, help="Subject that receives its claims."
        ),
    ],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Merge one subject into another; this holds after re-ingesting sources too."""
    from powdb.curation import merge_subjects

    moved = merge_subjects(open_database(db), subject_id, into, user)
    err.print(f"Subject {subject_id} merged into {into}; {moved} claims moved.", markup=False)


@subjects_app.command("split", cls=Command, short_help="Move claims into a new subject.")
@reports_errors
def subjects_split(
    subject_id: Annotated[
        int, typer.Argument(metavar="SUBJECT_ID", parser=parse_id, help="Subject to split.")
    ],
    claim: Annotated[
        list[int],
        typer.Option("--claim", metavar="ID", parser=parse_id, help="Claim to move (repeat)."),
    ],
    label: Annotated[str, typer.Option(metavar="TEXT", help="Label of the new subject.")],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Move some claims of a subject into a new subject of their own."""
    from powdb.curation import split_subject

    new_id = split_subject(open_database(db), subject_id, claim, label, user)
    typer.echo(new_id)
    err.print(f"New subject {new_id} holds {len(claim)} claims.", markup=False)


@subjects_app.command("move", cls=Command, short_help="Put a claim in another subject.")
@reports_errors
def subjects_move(
    claim_id: ClaimIdArgument,
    to: Annotated[
        int,
        typer.Option("--to", metavar="ID", parser=parse_id, help="Subject to move it to."),
    ],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Put a claim in another subject; the move is applied again after re-ingest."""
    from powdb.curation import move_claim

    move_claim(open_database(db), claim_id, to, user)
    err.print(f"Claim {claim_id} moved to subject {to}.", markup=False)


@subjects_app.command("verdict", cls=Command, short_help="Record a verdict on a conflict.")
@reports_errors
def subjects_verdict(
    subject_id: Annotated[
        int,
        typer.Argument(
            metavar="SUBJECT_ID", parser=parse_id, help="Subject whose conflict you explain."
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help='"different scope", "correction", "note" or "not comparable" '
            "(not-comparable: never shown as a conflict again) [default: note]",
            show_default=False,
        ),
    ] = None,
    verdict: Annotated[
        str | None,
        typer.Option(metavar="KIND", help="The same as KIND.", show_default=False),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--reason", "--note", metavar="TEXT", help="Your explanation."),
    ] = None,
    prefer: Annotated[
        int | None,
        typer.Option(
            metavar="SOURCE_ID",
            parser=parse_id,
            help="For a correction: the source that is right.",
        ),
    ] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Record a verdict on a subject's conflict: an explained conflict leaves the report and
    `claims --conflicting` (unless --all); a subject "not comparable" is never shown as a
    conflict again."""
    from powdb.curation import record_verdict

    if kind is not None and verdict is not None and kind != verdict:
        raise typer.BadParameter("give the verdict once: KIND or --verdict", param_hint="KIND")
    chosen = kind or verdict or "note"
    verdict_id = record_verdict(open_database(db), subject_id, chosen, note, prefer, user)
    err.print(f"Verdict {verdict_id} recorded for subject {subject_id}.", markup=False)
