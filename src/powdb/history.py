"""The record of curation: every action a user takes, when, by whom, on what and why.

Each curation function (:mod:`powdb.curation`, :mod:`powdb.claim_curation`) writes one entry
in the same transaction as its change, with what reverting it needs (``undo``), so
``powdb history`` can list who decided what and ``powdb undo`` can take it back. Entries name
claims, subjects and sources by plain id: the record outlives a removed source.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.db import inserted_id
from powdb.errors import PowdbError
from powdb.models import HistoryEntry, table, utcnow
from powdb.query import iso_utc

history_t = table(HistoryEntry)

#: The environment variable that names the user when ``--user`` is not given.
USER_ENV = "POWDB_USER"
MAX_USER_CHARS = 200


def current_user(user: str | None = None) -> str:
    """Who is acting: ``user`` if given, else ``POWDB_USER``, else the login name."""
    name = user if user is not None else os.environ.get(USER_ENV)
    if name is None:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            name = "unknown"
    name = " ".join(name.split())
    if not name:
        raise PowdbError("the user's name cannot be empty")
    if len(name) > MAX_USER_CHARS:
        raise PowdbError(f"a user's name is at most {MAX_USER_CHARS} characters")
    return name


def record(
    connection: sa.Connection,
    user: str | None,
    action: str,
    summary: str,
    *,
    reason: str | None = None,
    claim_ids: Iterable[int] = (),
    subject_ids: Iterable[int | None] = (),
    source_ids: Iterable[int | None] = (),
    undo: dict[str, Any] | None = None,
    undoes: int | None = None,
) -> int:
    """Write one history entry on ``connection`` (inside the action's own transaction)."""
    return inserted_id(
        connection.execute(
            sa.insert(history_t).values(
                created_at=utcnow(),
                user=current_user(user),
                action=action,
                summary=summary,
                reason=reason,
                claim_ids=_ids(claim_ids),
                subject_ids=_ids(subject_ids),
                source_ids=_ids(source_ids),
                undo=undo,
                undoes=undoes,
            )
        )
    )


def _ids(ids: Iterable[int | None]) -> list[int]:
    return sorted({i for i in ids if i is not None})


def entry_dict(row: Mapping[str, Any] | sa.RowMapping) -> dict[str, Any]:
    """The one JSON shape of a history entry."""
    return {
        "id": row["id"],
        "at": iso_utc(row["created_at"]),
        "user": row["user"],
        "action": row["action"],
        "summary": row["summary"],
        "reason": row["reason"],
        "claim_ids": list(row["claim_ids"] or []),
        "subject_ids": list(row["subject_ids"] or []),
        "source_ids": list(row["source_ids"] or []),
        "undoable": row["undo"] is not None and row["undone_by"] is None,
        "undone_by": row["undone_by"],
        "undoes": row["undoes"],
    }


def list_history(
    engine: Engine,
    *,
    subject_id: int | None = None,
    claim_id: int | None = None,
    source_id: int | None = None,
    user: str | None = None,
) -> list[dict[str, Any]]:
    """Curation actions, the latest first; only those naming the subject, claim, source or user
    given. Ids are kept in JSON lists, which every database reads alike, so the filter on
    them runs here: a history is as long as people's decisions, not as a corpus."""
    query = sa.select(history_t).order_by(history_t.c.id.desc())
    if user is not None:
        query = query.where(history_t.c.user == user)
    with engine.connect() as connection:
        rows = [entry_dict(row) for row in connection.execute(query).mappings()]
    wanted = (("subject_ids", subject_id), ("claim_ids", claim_id), ("source_ids", source_id))
    for key, value in wanted:
        if value is not None:
            rows = [row for row in rows if value in row[key]]
    return rows


def last_undoable(connection: sa.Connection, user: str) -> sa.RowMapping | None:
    """The user's latest action that is neither an undo nor undone already."""
    return (
        connection.execute(
            sa.select(history_t)
            .where(
                history_t.c.user == user,
                history_t.c.undoes.is_(None),
                history_t.c.undone_by.is_(None),
            )
            .order_by(history_t.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )


def mark_undone(connection: sa.Connection, entry_id: int, undo_id: int) -> None:
    connection.execute(
        sa.update(history_t).where(history_t.c.id == entry_id).values(undone_by=undo_id)
    )
