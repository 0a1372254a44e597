"""Finding claims by their words: ``claims --search`` and the index behind it.

The meaning is the same on every database: a case-insensitive substring of the quote or the
counted phrase. SQLite answers it from an FTS5 table with the trigram tokenizer (terms of three
characters or more); PostgreSQL from pg_trgm GIN indexes that serve ILIKE (see migration 0002).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from powdb.models import Claim, table

claims_t = table(Claim)

#: The shortest term the trigram index can answer; shorter ones are matched by scanning.
MIN_INDEXED_LENGTH = 3


def search_condition(text: str, dialect: str) -> sa.ColumnElement[bool]:
    """A WHERE condition on ``claims``: quote or counted phrase contains ``text``."""
    if dialect == "sqlite" and len(text) >= MIN_INDEXED_LENGTH:
        phrase = '"' + text.replace('"', '""') + '"'
        matching: sa.Select[Any] = sa.select(sa.column("rowid")).select_from(sa.table("claims_fts"))
        return claims_t.c.id.in_(
            matching.where(sa.text("claims_fts MATCH :phrase")).params(phrase=phrase)
        )
    pattern = "%" + escape_like(text) + "%"
    return sa.or_(
        claims_t.c.quote.ilike(pattern, escape="\\"),
        claims_t.c.counted.ilike(pattern, escape="\\"),
    )


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: The row of ``settings`` that tells SQLite's insert trigger on ``claims`` to leave the search
#: index to powdb (migration 0007). It exists only inside powdb's own write transaction.
DEFERRED_KEY = "search_index_deferred"


def defer_indexing(connection: sa.Connection) -> None:
    """Until :func:`index_claims` with ``finish=True``, claims inserted in this transaction
    are not indexed one by one by the insert trigger (SQLite; PostgreSQL indexes them itself).

    Bulk ingest stores thousands of claims per transaction; the trigger, run once per row,
    made it several times slower than one INSERT ... SELECT per batch. Other connections never
    see the row that defers (it is deleted before the transaction commits, or rolled back with
    it), so claims another program inserts are always indexed.
    """
    if connection.dialect.name != "sqlite":
        return
    connection.execute(
        sa.text("INSERT INTO settings (key, value) VALUES (:key, '1') ON CONFLICT DO NOTHING"),
        {"key": DEFERRED_KEY},
    )


def index_claims(
    connection: sa.Connection,
    source_ids: Iterable[int] = (),
    claim_ids: Iterable[int] = (),
    *,
    finish: bool = True,
) -> None:
    """Add the claims stored under :func:`defer_indexing` to SQLite's search index, and with
    ``finish`` let the insert trigger index claims again. Claims inserted without deferring
    are indexed by the trigger: never give them here, or the index holds them twice.

    Give the sources whose automatic claims were just stored, and any other new claim ids.
    """
    if connection.dialect.name != "sqlite":
        return
    sources, claims = sorted(set(source_ids)), sorted(set(claim_ids))
    conditions = []
    if sources:
        # A changed source's rejected or corrected claims, and those that lost their place,
        # were kept through re-ingest (powdb.store.CuratedClaims): indexed already.
        conditions.append(
            sa.and_(
                claims_t.c.source_id.in_(sources),
                claims_t.c.origin == "auto",
                claims_t.c.rejected.is_(False),
                claims_t.c.original.is_(None),
                claims_t.c.anchored.is_(True),
            )
        )
    if claims:
        conditions.append(claims_t.c.id.in_(claims))
    if conditions:
        new_rows = sa.select(claims_t.c.id, claims_t.c.quote, claims_t.c.counted).where(
            sa.or_(*conditions)
        )
        fts = sa.table("claims_fts", sa.column("rowid"), sa.column("quote"), sa.column("counted"))
        connection.execute(sa.insert(fts).from_select(["rowid", "quote", "counted"], new_rows))
    if finish:
        connection.execute(sa.text("DELETE FROM settings WHERE key = :key"), {"key": DEFERRED_KEY})


#: SQLite's check that the search index holds exactly the claims' current text. It is written
#: as an INSERT and runs only as a write, though it changes nothing; it fails if the two differ.
SEARCH_INDEX_CHECK = "INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)"


def rebuild_search_index(connection: sa.Connection) -> None:
    """Index every claim afresh (SQLite); what ``db check --repair`` does."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
