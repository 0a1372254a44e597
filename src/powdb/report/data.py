"""What a report shows, read from the database: sources, their texts, claims, subjects, conflicts.

Read-only. Claims come in the one shape of :func:`powdb.query.claim_dict`; sources in the shape
of :func:`powdb.query.list_sources`, plus their ``text``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.compare import ClaimFacts, corroborations
from powdb.errors import NotFoundError
from powdb.models import Claim, Source
from powdb.query import claim_dict, claims_select, list_conflicts, list_sources, list_subjects

claims_t = Claim.__table__
sources_t = Source.__table__

# Sources are read with their texts and claims this many at a time, so memory stays flat.
BATCH = 500


@dataclass
class ReportData:
    """Everything but the source texts, which :meth:`source_pages` streams."""

    engine: Engine
    sources: list[dict[str, Any]]  # selected sources, by id
    subjects: list[dict[str, Any]]  # selected subjects, each with "claims" and "groups"
    conflicts: list[dict[str, Any]]  # list_conflicts items touching the selection
    claim_ids: set[int]  # the selected claims
    corroboration_count: int
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def source_ids(self) -> list[int]:
        return [s["id"] for s in self.sources]

    def source_pages(self) -> Iterator[tuple[dict[str, Any], str, list[dict[str, Any]]]]:
        """``(source, text, selected claims in text order)`` for each selected source."""
        ids = self.source_ids
        for offset in range(0, len(ids), BATCH):
            batch = ids[offset : offset + BATCH]
            texts, claims = _texts_and_claims(self.engine, batch)
            by_id = {s["id"]: s for s in self.sources[offset : offset + BATCH]}
            for source_id in batch:
                selected = [c for c in claims.get(source_id, []) if c["id"] in self.claim_ids]
                yield by_id[source_id], texts.get(source_id, ""), selected


def _texts_and_claims(
    engine: Engine, source_ids: Sequence[int]
) -> tuple[dict[int, str], dict[int, list[dict[str, Any]]]]:
    claims: dict[int, list[dict[str, Any]]] = defaultdict(list)
    with engine.connect() as connection:
        texts = {
            row.id: row.text
            for row in connection.execute(
                sa.select(sources_t.c.id, sources_t.c.text).where(sources_t.c.id.in_(source_ids))
            )
        }
        query = (
            claims_select()
            .where(claims_t.c.source_id.in_(source_ids))
            .order_by(claims_t.c.source_id, claims_t.c.start, claims_t.c.id)
        )
        for row in connection.execute(query).mappings():
            claims[row["source_id"]].append(claim_dict(row))
    return texts, claims


def _all_claims(engine: Engine) -> Iterator[dict[str, Any]]:
    query = claims_select().order_by(claims_t.c.source_id, claims_t.c.start, claims_t.c.id)
    with engine.connect() as connection:
        yield from (
            claim_dict(row)
            for row in connection.execution_options(yield_per=5000).execute(query).mappings()
        )


def load(
    engine: Engine,
    *,
    subject_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    conflicting_only: bool = False,
) -> ReportData:
    """Select what the report shows.

    A claim is selected when its source is among ``source_ids`` and its subject among
    ``subject_ids`` (either filter absent: any), and, with ``conflicting_only``, its subject
    has clashing figures. Sources shown are those asked for, else those with a selected claim
    (all sources when no filter is given). Conflicts shown are those with a selected claim;
    they show every claim of the conflict, so the other side of a clash is never hidden.
    """
    all_subjects = {s["id"]: s for s in list_subjects(engine, include_merged=True)}
    for subject_id in subject_ids or ():
        if subject_id not in all_subjects:
            raise NotFoundError(f"no subject with id {subject_id}")
    sources = list_sources(engine, source_ids) if source_ids else list_sources(engine)
    if source_ids:
        missing = sorted(set(source_ids) - {s["id"] for s in sources})
        if missing:
            raise NotFoundError(f"no source with id {missing[0]}")

    conflicts = list_conflicts(engine, include_explained=True)
    clashing = {c["subject"]["id"] for c in conflicts}
    wanted_sources = set(source_ids) if source_ids else None
    wanted_subjects = set(subject_ids) if subject_ids else None
    if conflicting_only:
        wanted_subjects = clashing if wanted_subjects is None else wanted_subjects & clashing

    selected: list[dict[str, Any]] = []
    for claim in _all_claims(engine):
        if wanted_sources is not None and claim["source_id"] not in wanted_sources:
            continue
        if wanted_subjects is not None and claim["subject_id"] not in wanted_subjects:
            continue
        selected.append(claim)
    claim_ids = {c["id"] for c in selected}

    if wanted_sources is None and wanted_subjects is not None:
        with_claims = {c["source_id"] for c in selected}
        sources = [s for s in sources if s["id"] in with_claims]
    conflicts = [c for c in conflicts if any(x["id"] in claim_ids for x in c["claims"])]

    by_subject: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for claim in selected:
        if claim["subject_id"] is not None:
            by_subject[claim["subject_id"]].append(claim)
    groups = _agreeing_groups(selected, all_subjects)
    subjects = []
    for subject_id in sorted(by_subject):
        subject = dict(all_subjects[subject_id])
        subject["claims"] = by_subject[subject_id]
        subject["groups"] = groups.get(subject_id, [])
        subjects.append(subject)
    return ReportData(
        engine=engine,
        sources=sources,
        subjects=subjects,
        conflicts=conflicts,
        claim_ids=claim_ids,
        corroboration_count=sum(len(g) for g in groups.values()),
        filters={
            "subjects": list(subject_ids or ()),
            "sources": list(source_ids or ()),
            "conflicting_only": conflicting_only,
        },
    )


def _agreeing_groups(
    claims: Sequence[dict[str, Any]], subjects: dict[int, dict[str, Any]]
) -> dict[int, list[dict[str, Any]]]:
    """Per subject, the sets of claims from two or more sources whose intervals share a point."""
    facts = [
        ClaimFacts(
            id=c["id"],
            source_id=c["source_id"],
            subject_key=str(c["subject_id"]),
            fig_low=c["fig_low"],
            fig_high=math.inf if c["fig_high"] is None else c["fig_high"],
            value=c["value"],
        )
        for c in claims
        if c["subject_id"] is not None
        and c["fig_low"] is not None
        and subjects[c["subject_id"]]["comparable"]
    ]
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for group in corroborations(facts):
        groups[int(group.subject_key)].append(
            {
                "claim_ids": [c.id for c in group.claims],
                "fig_low": group.fig_low,
                "fig_high": None if math.isinf(group.fig_high) else group.fig_high,
                "sources": len(group.source_ids),
            }
        )
    return groups
