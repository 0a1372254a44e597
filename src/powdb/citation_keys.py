"""Stored citation keys: each source's BibTeX key is given once and then kept.

A key made afresh at every export changed when another source with the same author, year and
title word was added, and every ``\\cite`` of it broke. powdb gives a source its key
(:func:`powdb.citations.new_key`, from the metadata it has then) when it writes the source,
and never changes it; ``powdb sources edit ID --key KEY`` sets another.
"""

from __future__ import annotations

import sqlalchemy as sa

from powdb.citations import check_key, new_key
from powdb.errors import PowdbError
from powdb.models import Source, table

sources_t = table(Source)

# Two writers on PostgreSQL could each give the same free key to a new source; this lock,
# held until the transaction ends, makes them take turns (SQLite writers always do).
_KEYS_LOCK = 7262011


def assign_missing_keys(connection: sa.Connection) -> int:
    """Give every source without a citation key its key, in id order; how many were given.

    Called before a writing transaction commits: new sources get theirs, and so do the
    sources of a database made before keys were stored.
    """
    keyless = sources_t.c.citation_key.is_(None)
    if connection.execute(sa.select(sources_t.c.id).where(keyless).limit(1)).first() is None:
        return 0
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_KEYS_LOCK})")
    taken = set(
        connection.execute(
            sa.select(sources_t.c.citation_key).where(sources_t.c.citation_key.is_not(None))
        ).scalars()
    )
    rows = connection.execute(
        sa.select(sources_t.c.id, sources_t.c.title, sources_t.c.authors, sources_t.c.issued)
        .where(keyless)
        .order_by(sources_t.c.id)
    ).mappings()
    given = []
    for row in rows:
        key = new_key(dict(row), taken)
        taken.add(key)
        given.append({"source_id": row["id"], "key": key})
    if given:
        connection.execute(
            sa.update(sources_t)
            .where(sources_t.c.id == sa.bindparam("source_id"))
            .values(citation_key=sa.bindparam("key")),
            given,
        )
    return len(given)


def set_key(connection: sa.Connection, source_id: int, key: str) -> None:
    """Give a source the key a user chose; PowdbError if it is malformed or another's."""
    try:
        check_key(key)
    except ValueError as exc:
        raise PowdbError(str(exc)) from None
    holder = connection.execute(
        sa.select(sources_t.c.id).where(sources_t.c.citation_key == key)
    ).scalar()
    if holder is not None and holder != source_id:
        raise PowdbError(f"the citation key {key!r} is source {holder}'s")
    connection.execute(
        sa.update(sources_t).where(sources_t.c.id == source_id).values(citation_key=key)
    )
