"""`powdb history` and `powdb undo`: who decided what, and taking a decision back."""

from __future__ import annotations

from typing import Annotated

import typer

from powdb.cli.common import (
    DbOption,
    FormatOption,
    LimitOption,
    UserOption,
    err,
    open_database,
    render_page,
    reports_errors,
)
from powdb.cli.params import Command, parse_id
from powdb.output import Format, default_format


@reports_errors
def history(
    db: DbOption = None,
    fmt: FormatOption = None,
    subject: Annotated[
        int | None,
        typer.Option("--subject", metavar="ID", parser=parse_id, help="Only actions on it."),
    ] = None,
    claim: Annotated[
        int | None,
        typer.Option("--claim", metavar="ID", parser=parse_id, help="Only actions on it."),
    ] = None,
    source: Annotated[
        int | None,
        typer.Option("--source", metavar="ID", parser=parse_id, help="Only actions on it."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="NAME", help="Only this user's actions.")
    ] = None,
    limit: LimitOption = None,
) -> None:
    """List curation actions, the latest first: when, who, what and why."""
    from powdb.history import list_history

    rows = list_history(
        open_database(db, read_only=True),
        subject_id=subject,
        claim_id=claim,
        source_id=source,
        user=by,
    )
    fmt = fmt or default_format()
    if fmt is Format.table:  # for people: the minute is enough, and what was undone
        rows = [
            {
                **row,
                "at": (row["at"] or "")[:16].replace("T", " "),
                "summary": row["summary"]
                + (f" [undone by {row['undone_by']}]" if row["undone_by"] else ""),
            }
            for row in rows
        ]
    columns = ["id", "at", "user", "summary", "reason"]
    render_page(rows, fmt, limit, columns, "actions")


@reports_errors
def undo(db: DbOption = None, user: UserOption = None) -> None:
    """Revert your last curation action (see `powdb history`); run it again to revert the
    one before."""
    from powdb.undo import undo_last

    entry = undo_last(open_database(db), user)
    err.print(
        f"Undone: {entry['summary']} (history entry {entry['id']}).", markup=False, soft_wrap=True
    )


def register(app: typer.Typer) -> None:
    app.command("history", cls=Command, short_help="Who decided what, and why.")(history)
    app.command("undo", cls=Command, short_help="Revert your last curation action.")(undo)
