"""Subjects in the database: assigning them to stored claims, and a user's curation of them.

The meaning of a subject and of a conflict lives in :mod:`powdb.compare` (pure logic); this
module stores it. Curation (renames, merges, splits, moved claims, verdicts) is kept in its
own rows — ``subjects``, ``claim_moves``, ``verdicts`` — that ingest never deletes, and it is
applied again whenever a source's claims are extracted anew.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from powdb.compare import Subject, assign_subject, figure_interval, previous_sentence
from powdb.extract import ExtractedClaim
from powdb.models import Claim, ClaimMove, Source, table, utcnow
from powdb.models import Subject as SubjectRow

claims_t = table(Claim)
sources_t = table(Source)
subjects_t = table(SubjectRow)
moves_t = table(ClaimMove)

MAX_MERGE_CHAIN = 50


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """What :mod:`powdb.compare` says of one claim: its subject and its interval."""

    subject: Subject
    fig_low: float
    fig_high: float | None  # None: no upper bound


def figure_of_claim(
    text: str,
    *,
    value: float | None,
    low: float | None,
    high: float | None,
    hedge: str | None,
    unit: str | None,
    counted: str | None,
    surface: str,
    quote: str,
    quote_start: int,
) -> ClaimFigure:
    """Subject and interval of a claim found in ``text`` (its whole source)."""
    subject = assign_subject(
        counted, quote, previous_sentence(text, quote_start), unit, surface=surface
    )
    fig_low, fig_high = figure_interval(value, low, high, hedge, surface)
    return ClaimFigure(subject, fig_low, None if math.isinf(fig_high) else fig_high)


def figures_of(text: str, claims: Iterable[ExtractedClaim]) -> list[ClaimFigure]:
    """Subject and interval of each claim extracted from ``text``, in the same order."""
    return [
        figure_of_claim(
            text,
            value=c.value,
            low=c.low,
            high=c.high,
            hedge=c.hedge,
            unit=c.unit,
            counted=c.counted,
            surface=c.surface,
            quote=c.quote,
            quote_start=c.quote_start,
        )
        for c in claims
    ]


def resolve_subjects(
    connection: Connection, subjects: Iterable[Subject], cache: dict[str, int] | None = None
) -> dict[str, int]:
    """Subject ids for these subjects' keys, creating the missing ones, following merges.

    ``cache`` (key -> id) may carry answers between calls inside one write transaction: no
    one else can merge subjects while it holds the write lock.
    """
    cache = {} if cache is None else cache
    wanted = {key: s for s in subjects if (key := s.key) not in cache}
    if wanted:
        found = _find(connection, list(wanted))
        missing = [s for key, s in wanted.items() if key not in found]
        if missing:
            now = utcnow()
            rows = [
                {
                    "key": s.key,
                    "label": s.label,
                    "group": s.group,
                    "kind": s.kind,
                    "qualifiers": list(s.qualifiers),
                    "scope": s.scope,
                    "unit": s.unit,
                    "origin": "auto",
                    "comparable": s.comparable,
                    "created_at": now,
                }
                for s in missing
            ]
            connection.execute(_insert_ignoring_duplicates(connection), rows)
            found.update(_find(connection, [s.key for s in missing]))
        cache.update(found)
    return cache


_FIND_SUBJECTS = sa.select(subjects_t.c.key, subjects_t.c.id, subjects_t.c.merged_into_id).where(
    subjects_t.c.key.in_(sa.bindparam("keys", expanding=True))
)


def _find(connection: Connection, keys: list[str]) -> dict[str, int]:
    rows = connection.execute(_FIND_SUBJECTS, {"keys": keys}).all()
    return {
        key: subject_id if merged_into is None else follow_merges(connection, merged_into)
        for key, subject_id, merged_into in rows
    }


def _insert_ignoring_duplicates(connection: Connection) -> sa.Insert:
    # Another process may create the same subject at the same moment: keep whichever won.
    if connection.dialect.name == "postgresql":
        return postgresql.insert(subjects_t).on_conflict_do_nothing(index_elements=["key"])
    if connection.dialect.name == "sqlite":
        return sqlite.insert(subjects_t).on_conflict_do_nothing(index_elements=["key"])
    return sa.insert(subjects_t).prefix_with("IGNORE")


def follow_merges(connection: Connection, subject_id: int) -> int:
    """The subject that ``subject_id`` was merged into, through any chain of merges."""
    for _ in range(MAX_MERGE_CHAIN):
        target = connection.execute(
            sa.select(subjects_t.c.merged_into_id).where(subjects_t.c.id == subject_id)
        ).scalar_one_or_none()
        if target is None:
            return subject_id
        subject_id = target
    return subject_id


def apply_moves(connection: Connection, source_id: int) -> list[int]:
    """Re-apply a user's moves of this source's claims; returns ids of moves left unmatched."""
    orphaned = []
    moves = connection.execute(
        sa.select(moves_t.c.id, moves_t.c.surface, moves_t.c.quote, moves_t.c.subject_id).where(
            moves_t.c.source_id == source_id
        )
    ).all()
    for move_id, surface, quote, subject_id in moves:
        updated = connection.execute(
            sa.update(claims_t)
            .where(
                claims_t.c.source_id == source_id,
                claims_t.c.surface == surface,
                claims_t.c.quote == quote,
            )
            .values(subject_id=follow_merges(connection, subject_id))
        )
        if updated.rowcount == 0:
            orphaned.append(move_id)
    return orphaned


def assign_subjects(connection: Connection, source_ids: Sequence[int] | None = None) -> int:
    """(Re)compute subject and interval of stored claims from their sources' text.

    Used when claims were stored before subjects existed (migration 0004) and after the
    subject rules change. Returns the number of claims updated.
    """
    query = sa.select(sources_t.c.id)
    if source_ids is not None:
        query = query.where(sources_t.c.id.in_(source_ids))
    updated = 0
    for source_id in list(connection.execute(query).scalars()):
        text = connection.execute(
            sa.select(sources_t.c.text).where(sources_t.c.id == source_id)
        ).scalar_one()
        rows = (
            connection.execute(sa.select(claims_t).where(claims_t.c.source_id == source_id))
            .mappings()
            .all()
        )
        figures = {
            row["id"]: figure_of_claim(
                text,
                value=row["value"],
                low=row["low"],
                high=row["high"],
                hedge=row["hedge"],
                unit=row["unit"],
                counted=row["counted"],
                surface=row["surface"],
                quote=row["quote"],
                quote_start=row["quote_start"],
            )
            for row in rows
        }
        ids = resolve_subjects(connection, [f.subject for f in figures.values()])
        for claim_id, fig in figures.items():
            connection.execute(
                sa.update(claims_t)
                .where(claims_t.c.id == claim_id)
                .values(
                    subject_id=ids[fig.subject.key],
                    fig_low=fig.fig_low,
                    fig_high=fig.fig_high,
                )
            )
        apply_moves(connection, source_id)
        updated += len(figures)
    return updated
