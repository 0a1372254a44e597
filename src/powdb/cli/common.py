"""What every command shares: options, the error handling, the stderr console."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
import typer
from rich.console import Console

from powdb.cli.params import choice, choice_metavar, parse_count
from powdb.db import first_line, mask_password
from powdb.errors import PowdbError
from powdb.output import Format, printable, render


class _PrintableConsole(Console):
    """A console that shows every string it prints without control characters: errors and
    warnings name files and quote titles, which may hold escape sequences."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)


err = _PrintableConsole(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_JOBS = min(os.cpu_count() or 1, 4)
#: Rows a table shows when no --limit is given: a terminal is for reading, and drawing a table
#: of a million claims would take minutes. JSON, JSON lines and CSV always give everything.
TABLE_LIMIT = 50
#: The same for ``claims --conflicting``, whose every row is a table of up to a dozen claims.
TABLE_CONFLICTS = 10


def shown_limit(fmt: Format, limit: int | None, default: int = TABLE_LIMIT) -> int | None:
    """The limit to apply: the user's --limit, else ``default`` for a table, else none."""
    if limit is None and fmt is Format.table:
        return default
    return limit


def render_page(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    limit: int | None,
    columns: Sequence[str],
    what: str,
) -> None:
    """Render rows already in memory, a table's worth of them unless ``limit`` says otherwise."""
    shown = shown_limit(fmt, limit)
    page = rows[:shown]
    render(page, fmt, columns)
    if shown != limit:
        note_more(len(page), len(rows), what)


def note_more(shown: int, total: int, what: str) -> None:
    """Say on stderr that a table shows only some of the rows, and how to see the rest."""
    if total > shown:
        err.print(
            f"Showing {shown:,} of {total:,} {what}; --limit N shows more, --format json all.",
            markup=False,
            soft_wrap=True,
        )


def reports_errors(func: F) -> F:
    """Turn library errors into one ``Error: ...`` line and exit 1; Ctrl-C into exit 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PowdbError as exc:
            # No message shows a password, whatever URL it names.
            err.print(f"Error: {mask_password(str(exc))}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except sa.exc.DBAPIError as exc:
            # A database that fails mid-command (damaged file, server gone): one line, no
            # traceback; `powdb db check` says more.
            err.print(f"Error: database error: {first_line(exc)}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("Interrupted.", markup=False)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="DB",
        envvar="POWDB_DATABASE_URL",
        show_envvar=True,
        help="Database file or SQLAlchemy URL [default: data/powdb.db]",
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar=choice_metavar(Format),
        parser=choice(Format),
        help="Output format [default: table on a terminal, else json]",
    ),
]


TitleOption = Annotated[str | None, typer.Option(metavar="TEXT", help="Title of the source.")]
AuthorOption = Annotated[
    list[str] | None, typer.Option(metavar="NAME", help="Author (repeat for several).")
]
DateOption = Annotated[
    str | None, typer.Option(metavar="DATE", help="Date issued: YYYY, YYYY-MM or YYYY-MM-DD.")
]
ContainerOption = Annotated[
    str | None,
    typer.Option(metavar="TEXT", help="Where it appeared: site, journal, newspaper."),
]
UrlOption = Annotated[str | None, typer.Option(metavar="URL", help="URL of the source.")]
KindOption = Annotated[
    str | None,
    typer.Option(metavar="KIND", help="Kind: article, book review, web page, book, report..."),
]
NoteOption = Annotated[str | None, typer.Option(metavar="TEXT", help="A free note.")]
LimitOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        parser=parse_count,
        help="At most N rows [default: 50 in a table, all in other formats].",
    ),
]


def warn_if_stale_subjects(engine: sa.Engine) -> None:
    """Say so when the database's subjects were assigned by other rules than this powdb's."""
    from powdb.subjects import needs_reassigning

    if needs_reassigning(engine):
        err.print(
            "Warning: subjects were assigned by an older powdb; "
            "`powdb subjects reassign` (or any ingest) assigns them again.",
            markup=False,
        )
