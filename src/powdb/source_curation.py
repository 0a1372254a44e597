"""A user's own work on a source: its corrected metadata, and claims the extractor missed.

Everything here is stored as its own data, so re-ingesting a source never undoes it. Subjects
and verdicts are in :mod:`powdb.curation`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.citation_keys import assign_missing_keys, set_key
from powdb.compare.frames import ClaimText
from powdb.db import inserted_id, write_transaction
from powdb.errors import NotFoundError, PowdbError
from powdb.extract import EXTRACTOR_VERSION
from powdb.extract.hedges import HEDGES, TRAILING_HEDGES, hedge_interval
from powdb.extract.quotes import quote_bounds
from powdb.extract.sentences import SentenceIndex
from powdb.history import record
from powdb.limits import MAX_FIGURE, is_storable_figure
from powdb.models import Claim, Source, table, utcnow
from powdb.query import require_source
from powdb.readers.document import KINDS, normalize_date, normalize_kind, page_of
from powdb.store import Metadata, apply_edits
from powdb.subjects import frame_new_claim, regroup

claims_t = table(Claim)
sources_t = table(Source)


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


def edit_source(
    engine: Engine,
    source_id: int,
    metadata: Metadata,
    user: str | None = None,
    citation_key: str | None = None,
) -> None:
    """Correct a source's metadata, or set its citation key; the fields set here survive
    re-ingesting the file. A source's key never changes unless set here."""
    fields = metadata.fields()
    if not fields and citation_key is None:
        raise PowdbError("nothing to change: give at least one field to set")
    with write_transaction(engine) as connection:
        require_source(connection, source_id)
        columns = [*fields, "edited"] + (["citation_key"] if citation_key is not None else [])
        before = (
            connection.execute(
                sa.select(*(sources_t.c[name] for name in columns)).where(
                    sources_t.c.id == source_id
                )
            )
            .mappings()
            .one()
        )
        if citation_key is not None:
            set_key(connection, source_id, citation_key)
        if fields:
            apply_edits(connection, source_id, fields)
        changed = sorted(fields) + (["citation key"] if citation_key is not None else [])
        record(
            connection,
            user,
            "edit source",
            f"corrected source {source_id}: {', '.join(changed)}",
            source_ids=[source_id],
            undo={"source": source_id, "fields": dict(before)},
        )
        assign_missing_keys(connection)  # a database made before keys were stored


def add_manual_claim(
    engine: Engine,
    source_id: int,
    surface: str,
    *,
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    hedge: str | None = None,
    counted: str | None = None,
    unit: str | None = None,
    occurrence: int = 1,
    user: str | None = None,
) -> int:
    """Record a claim the extractor missed, anchored at the ``occurrence``-th ``surface``.

    Manual claims survive re-ingesting their source: they are re-anchored by quote, or kept
    and reported as orphaned when the quote is gone. Returns the new claim's id.
    """
    if (value is None) == (low is None or high is None):
        raise PowdbError("give either a value, or both low and high for a range")
    for name, number in (("value", value), ("low", low), ("high", high)):
        if number is not None and not is_storable_figure(number):
            raise PowdbError(
                f"the {name} {number!r} is not a figure a claim can hold "
                f"(a finite number at most {MAX_FIGURE:,} in size)"
            )
    if low is not None and high is not None and low > high:
        raise PowdbError(f"the range {low:g}-{high:g} runs backwards")
    if hedge is not None:
        hedge = " ".join(hedge.lower().split())
        if hedge not in HEDGES and hedge not in TRAILING_HEDGES:
            raise PowdbError(f"unknown hedge {hedge!r}")
    if not surface.strip():
        raise PowdbError("the surface text cannot be empty")
    with write_transaction(engine) as connection:
        require_source(connection, source_id)
        text, page_starts = connection.execute(
            sa.select(sources_t.c.text, sources_t.c.page_starts).where(sources_t.c.id == source_id)
        ).one()
        start = -1
        for _ in range(occurrence):
            start = text.find(surface, start + 1)
            if start < 0:
                raise NotFoundError(
                    f"{surface!r} does not occur {occurrence} time(s) in source {source_id}"
                )
        end = start + len(surface)
        sentence = SentenceIndex(text).bounds(start, end)
        quote_start, quote_end = quote_bounds(text, sentence, start, end)
        quote = text[quote_start:quote_end]
        fig, frame = frame_new_claim(
            connection,
            source_id,
            ClaimText(value, low, high, unit, counted, start, end, quote, quote_start),
            (value, low, high, hedge, surface),
        )
        interval_low, interval_high = hedge_interval(hedge, value, low, high)
        claim_id = inserted_id(
            connection.execute(
                sa.insert(claims_t).values(
                    source_id=source_id,
                    value=value,
                    low=low,
                    high=high,
                    hedge=hedge,
                    interval_low=interval_low,
                    interval_high=interval_high,
                    unit=unit,
                    counted=counted,
                    surface=surface,
                    quote=quote,
                    start=start,
                    end=end,
                    quote_start=quote_start,
                    line=text.count("\n", 0, start) + 1,
                    page=page_of(page_starts, start),
                    rule="manual",
                    extractor_version=EXTRACTOR_VERSION,
                    origin="manual",
                    created_at=utcnow(),
                    frame=frame.to_json(),
                    block=frame.block,
                    fig_low=fig.fig_low,
                    fig_high=fig.fig_high,
                    anchored=True,
                )
            )
        )
        if frame.block is not None:
            regroup(connection, [frame.block])
        record(
            connection,
            user,
            "add claim",
            f"added claim {claim_id} ({surface!r}) to source {source_id}",
            claim_ids=[claim_id],
            source_ids=[source_id],
            undo={"claim": claim_id},
        )
        return claim_id  # indexed for search by SQLite's insert trigger
