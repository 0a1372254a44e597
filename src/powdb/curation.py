"""A user's own work on the database: corrected metadata, and (see subjects) curation.

Everything here is stored as its own data, so re-ingesting a source never undoes it.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from powdb.db import write_transaction
from powdb.errors import PowdbError
from powdb.ingest import Metadata, apply_edits
from powdb.query import require_source
from powdb.readers.document import KINDS, normalize_date, normalize_kind


def checked_metadata(
    title: str | None = None,
    authors: tuple[str, ...] = (),
    issued: str | None = None,
    container: str | None = None,
    url: str | None = None,
    kind: str | None = None,
    note: str | None = None,
) -> Metadata:
    """Metadata from user input, with dates and kinds normalized; raises PowdbError if bad."""
    date = None
    if issued is not None:
        date = normalize_date(issued)
        if date is None:
            raise PowdbError(f"cannot read the date {issued!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    normalized_kind = None
    if kind is not None:
        normalized_kind = normalize_kind(kind)
        if normalized_kind == "document" and kind.strip().lower() != "document":
            raise PowdbError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return Metadata(title, authors, date, container, url, normalized_kind, note)


def edit_source(engine: Engine, source_id: int, metadata: Metadata) -> None:
    """Correct a source's metadata; the fields set here survive re-ingesting the file."""
    if not metadata.fields():
        raise PowdbError("nothing to change: give at least one field to set")
    with write_transaction(engine) as connection:
        require_source(connection, source_id)
        apply_edits(connection, source_id, metadata.fields())
