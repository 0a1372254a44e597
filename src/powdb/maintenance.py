"""Upkeep of a database: integrity checks and consistent backups."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.db import (
    BUSY_TIMEOUT_SECONDS,
    damaged_message,
    database_file,
    first_line,
    where,
    write_transaction,
)
from powdb.errors import DatabaseError, PowdbError
from powdb.models import Claim, Source, table
from powdb.search import SEARCH_INDEX_CHECK, rebuild_search_index

claims_t = table(Claim)
sources_t = table(Source)


@dataclass
class CheckResult:
    """What :func:`check` found: problems (the database is not as it should be) and notes
    (what could not be checked, and why)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(engine: Engine) -> CheckResult:
    """Check SQLite's own integrity and foreign keys, that every claim's offsets still point at
    its surface text in the stored document, and SQLite's search index.

    All but the search index is read in one transaction: a consistent snapshot, even while an
    ingest writes. SQLite checks its search index only with the write lock held, so that check
    has a transaction of its own, waiting for a writer's transaction to end; on a database that
    cannot be written to it is left out with a note. A database too damaged to be read at all
    raises a one-line :class:`DatabaseError`, and so does a file SQLite finds damaged. The check
    never changes anything.
    """
    try:
        result = CheckResult(problems=_check(engine))
        index_problem, note = _check_search_index(engine)
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(
            damaged_message(where(engine.url), first_line(exc), "it cannot be checked")
        ) from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            damaged_message(where(engine.url), str(exc), "it cannot be checked")
        ) from None
    if index_problem:
        result.problems.append(index_problem)
    if note:
        result.notes.append(note)
    return result


def _check(engine: Engine) -> list[str]:
    problems: list[str] = []
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "sqlite":
            damage = [
                line
                for (line,) in connection.exec_driver_sql("PRAGMA integrity_check")
                if line != "ok"
            ]
            if damage:
                # The file itself is damaged: reading its tables may fail or mislead, and a
                # user can act only on "restore from a backup", so one line says it all.
                raise DatabaseError(
                    damaged_message(
                        where(engine.url),
                        f"{len(damage)} problems, first: {damage[0]}",
                        "powdb changed nothing",
                    )
                )
            for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(
                    f"foreign key: {table} row {rowid} points at a missing {parent} row"
                )
        orphans = connection.execute(
            sa.select(claims_t.c.id)
            .outerjoin(sources_t, sources_t.c.id == claims_t.c.source_id)
            .where(sources_t.c.id.is_(None))
        ).scalars()
        problems.extend(f"claim {claim_id}: its source is missing" for claim_id in orphans)
        problems.extend(_check_offsets(connection))
    return problems


OUT_OF_STEP = "search index: out of step with the claims; `powdb db check --repair` rebuilds it"


def _check_search_index(engine: Engine) -> tuple[str | None, str | None]:
    """``(problem, note)`` from SQLite's check of the search index (PostgreSQL has none)."""
    path = database_file(engine)
    if path is None:
        return None, None
    try:
        # A connection of its own that may write (the engine may be read-only): the check
        # changes nothing, but SQLite runs it only as a write.
        connection = sqlite3.connect(
            f"file:{quote(str(path))}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
        )
    except sqlite3.OperationalError:
        return None, _not_checked("this database file cannot be written to")
    try:
        connection.execute("BEGIN IMMEDIATE")  # waits out a writer's transaction, if any
        connection.execute(SEARCH_INDEX_CHECK)
    except sqlite3.OperationalError as exc:
        error = getattr(exc, "sqlite_errorname", "")
        if error.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
            return None, _not_checked("this database file cannot be written to")
        if error.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return None, _not_checked(
                f"another process (an ingest?) kept the database locked for "
                f"{BUSY_TIMEOUT_SECONDS} s; run `powdb db check` again when it has finished"
            )
        raise
    except sqlite3.DatabaseError:  # the index does not match the claims
        return OUT_OF_STEP, None
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
    return None, None


def _not_checked(why: str) -> str:
    return f"search index not checked: SQLite checks it only with write access, and {why}"


def _check_offsets(connection: sa.Connection) -> list[str]:
    problems = []
    source_ids = connection.execute(sa.select(sources_t.c.id).order_by(sources_t.c.id)).scalars()
    for source_id in list(source_ids):
        text = connection.execute(
            sa.select(sources_t.c.text).where(sources_t.c.id == source_id)
        ).scalar_one()
        rows = connection.execute(
            sa.select(claims_t.c.id, claims_t.c.start, claims_t.c.end, claims_t.c.surface).where(
                claims_t.c.source_id == source_id,
                # Orphaned manual claims are known to have lost their place; ingest reported
                # them and `claims --orphaned` lists them.
                claims_t.c.anchored.is_(True),
            )
        )
        for claim_id, start, end, surface in rows:
            if text[start:end] != surface:
                problems.append(
                    f"claim {claim_id}: offsets {start}-{end} of source {source_id} do not hold "
                    f"its surface {surface!r}"
                )
    return problems


def repair(engine: Engine) -> None:
    """Mend what can be mended without the user's judgement: rebuild the search index."""
    with write_transaction(engine) as connection:
        rebuild_search_index(connection)


def backup(engine: Engine, target: Path) -> None:
    """Write a consistent copy of a SQLite database to ``target``, even while it is in use.

    The copy is checked (SQLite's ``integrity_check``) before it takes its name: a damaged
    database gives no backup, and a :class:`DatabaseError` says how to save what can be read.
    """
    if engine.dialect.name != "sqlite":
        raise PowdbError(
            f"backup copies SQLite files; for {engine.dialect.name} use the server's own tools "
            "(pg_dump)"
        )
    if target.exists():
        raise PowdbError(f"{target} already exists; choose a new file")
    if not target.parent.is_dir():
        raise PowdbError(f"{target.parent}: no such directory")
    partial = target.with_name(target.name + ".partial")
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        destination = sqlite3.connect(partial)
        try:
            # The online-backup API copies a consistent snapshot while others keep writing.
            source.backup(destination)
            problem = _integrity_problem(destination)
        finally:
            destination.close()
        if problem is not None:
            raise DatabaseError(
                damaged_message(where(engine.url), problem, f"no backup was written to {target}")
            )
        partial.replace(target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"backup to {target} failed: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
        raw.close()


def _integrity_problem(connection: sqlite3.Connection) -> str | None:
    try:
        lines = [line for (line,) in connection.execute("PRAGMA integrity_check(1)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if lines == ["ok"] else lines[0]
