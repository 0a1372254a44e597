"""Reading the database back: sources and claims as plain dicts of one shape everywhere.

Every command that prints a claim or a source uses :func:`claim_dict` / the rows of
:func:`list_sources`, so the JSON shape is the same in every command.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, RowMapping

from powdb.errors import NotFoundError
from powdb.limits import MAX_ID
from powdb.models import Claim, Source, Subject, Verdict, table
from powdb.search import search_condition

claims_t = table(Claim)
sources_t = table(Source)
subjects_t = table(Subject)
verdicts_t = table(Verdict)

NO_HEDGE = "none"


@dataclass(frozen=True)
class ClaimFilter:
    """Filters for :func:`list_claims`; None means "no filter on this"."""

    source_id: int | None = None
    search: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    hedge: str | None = None  # a hedge word, or "none" for claims without a hedge
    subject_id: int | None = None
    orphaned: bool = False  # only claims whose quote is gone from their changed source
    #: False: claims not rejected (listings' default); True: only rejected ones; None: all.
    rejected: bool | None = False
    limit: int | None = None


CLAIM_COLUMNS = (
    claims_t.c.id,
    claims_t.c.source_id,
    sources_t.c.path.label("source_path"),
    sources_t.c.title.label("source_title"),
    claims_t.c.value,
    claims_t.c.low,
    claims_t.c.high,
    claims_t.c.hedge,
    claims_t.c.interval_low,
    claims_t.c.interval_high,
    claims_t.c.unit,
    claims_t.c.counted,
    claims_t.c.surface,
    claims_t.c.quote,
    claims_t.c.start,
    claims_t.c.end,
    claims_t.c.line,
    claims_t.c.page,
    claims_t.c.rule,
    claims_t.c.extractor_version,
    claims_t.c.origin,
    claims_t.c.anchored,
    claims_t.c.subject_id,
    subjects_t.c.label.label("subject"),
    claims_t.c.fig_low,
    claims_t.c.fig_high,
    claims_t.c.rejected,
    claims_t.c.rejection_reason,
    claims_t.c.original,
)


_CLAIM_KEYS = tuple(column.key for column in CLAIM_COLUMNS)
_FIGURE_KEYS = tuple(column.key for column in CLAIM_COLUMNS if isinstance(column.type, sa.Float))


def claim_dict(row: RowMapping) -> dict[str, Any]:
    """The one JSON shape of a claim."""
    claim = {key: row[key] for key in _CLAIM_KEYS}
    # Figures are stored as floats; show whole numbers as integers (291, not 291.0). An
    # earlier version stored "1" and 400 zeros as infinity, which no JSON can hold: null.
    for key in _FIGURE_KEYS:
        value = claim[key]
        if value is None:
            continue
        if not math.isfinite(value):
            claim[key] = None
        elif value.is_integer():
            claim[key] = int(value)
    return claim


def claims_select() -> sa.Select[Any]:
    """Claims with their source and subject, in the one shape of :func:`claim_dict`."""
    return (
        sa.select(*CLAIM_COLUMNS)
        .join(sources_t, sources_t.c.id == claims_t.c.source_id)
        .outerjoin(subjects_t, subjects_t.c.id == claims_t.c.subject_id)
    )


def claims_query(claim_filter: ClaimFilter, dialect: str) -> sa.Select[Any]:
    query = claims_select().where(*listing_conditions(claim_filter, dialect))
    query = query.order_by(claims_t.c.source_id, claims_t.c.start, claims_t.c.id)
    if claim_filter.limit is not None:
        query = query.limit(claim_filter.limit)
    return query


def claim_conditions(f: ClaimFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on ``claims`` for every filter set in ``f`` (its limit aside)."""
    conditions = []
    if f.source_id is not None:
        conditions.append(claims_t.c.source_id == f.source_id)
    if f.search:
        conditions.append(search_condition(f.search, dialect))
    # A range claim matches when any part of it lies within [min, max].
    if f.min_value is not None:
        conditions.append(sa.func.coalesce(claims_t.c.value, claims_t.c.high) >= f.min_value)
    if f.max_value is not None:
        conditions.append(sa.func.coalesce(claims_t.c.value, claims_t.c.low) <= f.max_value)
    if f.subject_id is not None:
        conditions.append(claims_t.c.subject_id == f.subject_id)
    if f.orphaned:
        conditions.append(claims_t.c.anchored.is_(False))
    if f.hedge == NO_HEDGE:
        conditions.append(claims_t.c.hedge.is_(None))
    elif f.hedge is not None:
        conditions.append(claims_t.c.hedge == f.hedge.lower())
    return conditions


def listing_conditions(f: ClaimFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    """:func:`claim_conditions` and whether rejected claims are listed (``f.rejected``).

    Conflicts need no such condition: a rejected claim has no subject."""
    conditions = claim_conditions(f, dialect)
    if f.rejected is not None:
        conditions.append(claims_t.c.rejected.is_(f.rejected))
    return conditions


def count_claims(engine: Engine, claim_filter: ClaimFilter | None = None) -> int:
    """How many claims match ``claim_filter``, whatever its limit."""
    f = claim_filter or ClaimFilter()
    with engine.connect() as connection:
        require_ids(connection, f)
        query = sa.select(sa.func.count()).select_from(claims_t)
        conditions = listing_conditions(f, connection.dialect.name)
        return int(connection.execute(query.where(*conditions)).scalar_one())


def list_claims(engine: Engine, claim_filter: ClaimFilter | None = None) -> list[dict[str, Any]]:
    """Claims matching ``claim_filter``, in source order."""
    f = claim_filter or ClaimFilter()
    with engine.connect() as connection:
        require_ids(connection, f)
        rows = connection.execute(claims_query(f, connection.dialect.name)).mappings()
        return [claim_dict(row) for row in rows]


def get_claim(engine: Engine, claim_id: int) -> dict[str, Any]:
    """One claim in the usual shape; NotFoundError if there is none with this id."""
    with engine.connect() as connection:
        row = (
            connection.execute(claims_select().where(claims_t.c.id == claim_id)).mappings().first()
        )
    if row is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    return claim_dict(row)


def require_ids(connection: sa.Connection, f: ClaimFilter) -> None:
    """NotFoundError for a source or subject in ``f`` that does not exist: a filter on an id
    that is not there is a mistake to report, not an empty answer."""
    if f.source_id is not None:
        require_source(connection, f.source_id)
    if f.subject_id is not None:
        require_subject(connection, f.subject_id)


def require_source(connection: sa.Connection, source_id: int) -> None:
    if not _exists(connection, sources_t, source_id):
        raise NotFoundError(f"no source with id {source_id}")


def require_subject(connection: sa.Connection, subject_id: int) -> None:
    if not _exists(connection, subjects_t, subject_id):
        raise NotFoundError(f"no subject with id {subject_id}")


def _exists(connection: sa.Connection, rows: sa.Table, row_id: int) -> bool:
    # An id no column can hold is not there (SQLite would raise OverflowError on 2**63).
    if not 1 <= row_id <= MAX_ID:
        return False
    return connection.execute(sa.select(rows.c.id).where(rows.c.id == row_id)).first() is not None


def list_sources(engine: Engine, ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Sources (all, or those in ``ids``) with their metadata and claim count, oldest first."""
    counts = (
        sa.select(claims_t.c.source_id, sa.func.count().label("claims"))
        .group_by(claims_t.c.source_id)
        .subquery()
    )
    query = (
        sa.select(
            sources_t.c.id,
            sources_t.c.title,
            sources_t.c.path,
            sources_t.c.sha256,
            sources_t.c.kind,
            sources_t.c.media_type,
            sources_t.c.ocr,
            sources_t.c.authors,
            sources_t.c.issued,
            sources_t.c.container,
            sources_t.c.url,
            sources_t.c.note,
            sources_t.c.edited,
            sources_t.c.citation_key,
            sources_t.c.event_signature,
            sources_t.c.ingested_at,
            sa.func.coalesce(counts.c.claims, 0).label("claims"),
        )
        .outerjoin(counts, counts.c.source_id == sources_t.c.id)
        .order_by(sources_t.c.id)
    )
    if ids is not None:
        query = query.where(sources_t.c.id.in_(set(ids)))
    with engine.connect() as connection:
        return [source_dict(row) for row in connection.execute(query).mappings()]


def source_dict(row: RowMapping) -> dict[str, Any]:
    """The one JSON shape of a source."""
    data = dict(row)
    data["authors"] = list(data["authors"] or [])
    ingested = as_utc(data["ingested_at"])
    data["ingested_at"] = iso_utc(ingested)
    # The day a web page was read; a local file or a book is not "accessed" (citations).
    web = re.match(r"https?://", data["url"] or "", re.IGNORECASE)
    data["accessed"] = ingested.date().isoformat() if ingested and web else None
    data["edited"] = list(data["edited"] or [])
    # What the source is about, as the names it repeats (powdb.compare.events): how an
    # untitled source is described in citations.
    signature = data.pop("event_signature")
    label = signature.get("label") if isinstance(signature, dict) else None
    data["about"] = label if isinstance(label, str) and label else None
    return data


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored time in UTC. powdb stores UTC; SQLite gives it back without a zone, and
    PostgreSQL with the zone of the session, which need not be UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_utc(moment: datetime | None) -> str | None:
    """A stored time as ISO 8601 in UTC, with its offset: "2026-12-07T15:59:23.425166+00:00"."""
    utc = as_utc(moment)
    return utc.isoformat() if utc else None


def get_sources(engine: Engine, source_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Sources by id, for the ids given (unknown ids are left out)."""
    return {s["id"]: s for s in list_sources(engine, source_ids)}
