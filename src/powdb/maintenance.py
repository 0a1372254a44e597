"""Upkeep of a database: integrity checks and consistent backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.db import write_transaction
from powdb.errors import DatabaseError, PowdbError
from powdb.models import Claim, Source, table
from powdb.search import rebuild_search_index, search_index_in_step

claims_t = table(Claim)
sources_t = table(Source)


def check(engine: Engine) -> list[str]:
    """Problems found in the database, one line each; an empty list means all is well.

    Checks SQLite's own integrity and foreign keys, then that every claim's offsets still point
    at its surface text in the stored document. A database too damaged to be read at all
    raises a one-line :class:`DatabaseError`, and so does a file SQLite finds damaged; the
    check itself never writes.
    """
    try:
        return _check(engine)
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(
            f"the database is damaged and cannot be checked: {_first_line(exc)}; "
            "restore it from a backup"
        ) from None


def _check(engine: Engine) -> list[str]:
    problems: list[str] = []
    with engine.connect() as connection:
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
                    f"the database file is damaged ({len(damage)} problems, first: {damage[0]}); "
                    "restore it from a backup"
                )
            for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(
                    f"foreign key: {table} row {rowid} points at a missing {parent} row"
                )
            if not search_index_in_step(connection):
                problems.append(
                    "search index: out of step with the claims; "
                    "`powdb db check --repair` rebuilds it"
                )
        orphans = connection.execute(
            sa.select(claims_t.c.id)
            .outerjoin(sources_t, sources_t.c.id == claims_t.c.source_id)
            .where(sources_t.c.id.is_(None))
        ).scalars()
        problems.extend(f"claim {claim_id}: its source is missing" for claim_id in orphans)
        problems.extend(_check_offsets(connection))
    return problems


def _first_line(exc: sa.exc.DBAPIError) -> str:
    message = str(exc.orig).strip()
    return message.splitlines()[0] if message else type(exc.orig).__name__


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
    """Write a consistent copy of a SQLite database to ``target``, even while it is in use."""
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
        finally:
            destination.close()
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"backup to {target} failed: {exc}") from None
    finally:
        raw.close()
