"""What every command shares: options, the error handling, the stderr console.

Like every CLI module, this one imports at its top only what parsing options needs (Typer, the
standard library, :mod:`powdb.cli.params`, :mod:`powdb.output`'s formats); see the note in
:mod:`powdb.cli`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from powdb.cli.params import choice, choice_metavar, parse_count, parse_figure, parse_id
from powdb.errors import PowdbError
from powdb.output import Format, printable, render

if TYPE_CHECKING:
    import sqlalchemy as sa
    from rich.console import Console


class _StderrConsole:
    """The stderr console, made when first used: importing Rich costs a command that prints
    nothing on stderr (``--version``, a listing piped to a file) a tenth of its start-up.

    ``err.print(...)`` and every other attribute go to a Rich ``Console(stderr=True)`` that
    shows every string it prints without control characters: errors and warnings name files
    and quote titles, which may hold escape sequences. ``err.console`` is that console, for
    what needs a real one (a progress bar)."""

    _console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            class PrintableConsole(Console):
                def print(self, *objects: Any, **kwargs: Any) -> None:
                    shown = (printable(o) if isinstance(o, str) else o for o in objects)
                    super().print(*shown, **kwargs)

            self._console = PrintableConsole(stderr=True, highlight=False)
        return self._console

    def print(self, *objects: Any, **kwargs: Any) -> None:
        self.console.print(*objects, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


err = _StderrConsole()


def open_database(
    db: str | None = None, *, read_only: bool = False, any_revision: bool = False
) -> sa.Engine:
    """:func:`powdb.db.open_database`, loaded when a command opens its database: SQLAlchemy
    is half of a command's start-up, which ``--version`` and ``--help`` need not pay."""
    from powdb.db import open_database

    return open_database(db, read_only=read_only, any_revision=any_revision)


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
            from powdb.db import mask_password

            # No message shows a password, whatever URL it names.
            err.print(f"Error: {mask_password(str(exc))}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except Exception as exc:
            # Not a database error if SQLAlchemy was never loaded (and is not loaded for it).
            dbapi_error = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
            if dbapi_error is None or not isinstance(exc, dbapi_error):
                raise
            from powdb.db import first_line

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
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        metavar="NAME",
        envvar="POWDB_USER",
        show_envvar=True,
        help="Who is acting, for the history [default: your login name]",
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        parser=parse_count,
        help="At most N rows [default: 50 in a table, all in other formats].",
    ),
]
# The one id a command acts on.
SubjectIdArgument = Annotated[
    int, typer.Argument(metavar="SUBJECT_ID", parser=parse_id, help="The subject's id.")
]
ClaimIdArgument = Annotated[
    int, typer.Argument(metavar="CLAIM_ID", parser=parse_id, help="The claim's id.")
]
SourceIdArgument = Annotated[
    int, typer.Argument(metavar="SOURCE_ID", parser=parse_id, help="The source's id.")
]
# A claim's figure, as `claims add` gives it and `claims edit` corrects it (their --hedge and
# --counted say different things of "none" and "", so each command declares its own).
ValueOption = Annotated[
    float | None, typer.Option(metavar="N", parser=parse_figure, help="The figure.")
]
LowOption = Annotated[
    float | None, typer.Option(metavar="N", parser=parse_figure, help="Low end of a range.")
]
HighOption = Annotated[
    float | None, typer.Option(metavar="N", parser=parse_figure, help="High end of a range.")
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
