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

from powdb.compare import find_conflicts
from powdb.conflicts import facts_of, list_subjects, verdict_dict
from powdb.errors import NotFoundError
from powdb.models import Claim, Source, Verdict, table
from powdb.query import (
    CLAIM_COLUMNS,
    list_sources,
)

claims_t = table(Claim)
sources_t = table(Source)
verdicts_t = table(Verdict)

# Source texts are read this many at a time, so they are never all in memory at once.
BATCH = 500


@dataclass
class ReportData:
    """What the report shows. Source texts are read in batches by :meth:`source_pages`."""

    engine: Engine
    sources: list[dict[str, Any]]  # selected sources, by id
    subjects: list[dict[str, Any]]  # selected subjects, each with "claims" and "groups"
    conflicts: list[dict[str, Any]]  # like list_conflicts' items, those touching the selection
    claims_by_source: dict[int, list[dict[str, Any]]]  # selected claims, in text order
    claim_count: int
    corroboration_count: int
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def source_ids(self) -> list[int]:
        return [s["id"] for s in self.sources]

    def source_pages(
        self, first: int = 0, stop: int | None = None
    ) -> Iterator[tuple[dict[str, Any], str, list[dict[str, Any]]]]:
        """``(source, text, selected claims in text order)`` for each selected source, or for
        those from index ``first`` to ``stop`` (exclusive)."""
        sources = self.sources[first:stop]
        for offset in range(0, len(sources), BATCH):
            batch = sources[offset : offset + BATCH]
            texts = _texts(self.engine, [s["id"] for s in batch])
            for source in batch:
                claims = self.claims_by_source.get(source["id"], [])
                yield source, texts.get(source["id"], ""), claims


def _texts(engine: Engine, source_ids: Sequence[int]) -> dict[int, str]:
    query = sa.select(sources_t.c.id, sources_t.c.text).where(sources_t.c.id.in_(source_ids))
    with engine.connect() as connection:
        return {row.id: row.text for row in connection.execute(query)}


def _all_claims(
    engine: Engine, sources: dict[int, dict[str, Any]], subjects: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every claim in the shape of :func:`powdb.query.claim_dict`, in text order per source.

    The claims table alone is read, without joins or ORDER BY, and source and subject names
    come from ``sources`` and ``subjects``: on 546,000 claims that is several times faster.
    """
    keys = [column.key for column in CLAIM_COLUMNS]
    joined = {"source_path", "source_title", "subject"}
    columns = [claims_t.c[key] for key in keys if key not in joined]
    names = [column.key for column in columns]
    claims = []
    with engine.connect() as connection:
        # Rejected claims are left out of the report, as out of every listing.
        query = sa.select(*columns).where(claims_t.c.rejected.is_(False))
        for row in connection.execution_options(yield_per=10_000).execute(query):
            # Figures stay floats (claim_dict shows 291.0 as 291): only shown through figure().
            found = dict(zip(names, row, strict=True))
            source = sources.get(found["source_id"])
            subject = subjects.get(found["subject_id"]) if found["subject_id"] else None
            found["source_path"] = source["path"] if source else None
            found["source_title"] = source["title"] if source else None
            found["subject"] = subject["label"] if subject else None
            claims.append(found)
    claims.sort(key=lambda c: (c["source_id"], c["start"], c["id"]))
    return claims


def _verdicts(engine: Engine) -> dict[int, list[dict[str, Any]]]:
    verdicts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    with engine.connect() as connection:
        query = sa.select(verdicts_t).order_by(verdicts_t.c.id)
        for row in connection.execute(query).mappings():
            verdicts[row["subject_id"]].append(verdict_dict(row))
    return verdicts


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
    they show every clashing claim, so the other side of a clash is never hidden.
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

    claims_by_subject: dict[int, list[dict[str, Any]]] = defaultdict(list)
    source_rows = sources if not source_ids else list_sources(engine)
    everything = _all_claims(engine, {s["id"]: s for s in source_rows}, all_subjects)
    for claim in everything:
        if claim["subject_id"] is not None and claim["fig_low"] is not None:
            claims_by_subject[claim["subject_id"]].append(claim)
    verdicts = _verdicts(engine)
    conflicts = [
        conflict
        for subject_id, members in claims_by_subject.items()
        # The subject's status says whether its figures may conflict at all (comparable; for
        # a generic count, figures of two sources or more); conflict_of finds the clash.
        if all_subjects[subject_id]["status"] in ("conflict", "explained conflict")
        and (conflict := conflict_of(all_subjects[subject_id], members, verdicts)) is not None
    ]
    conflicts.sort(key=lambda c: (-(c["spread"] or math.inf), str(c["subject_id"])))
    # A conflict a user explained with a verdict is neither listed nor counted, as in
    # `claims --conflicting`; its subject still shows its claims and the verdict.
    conflicts = [c for c in conflicts if not c["verdicts"]]
    clashing = {c["subject_id"] for c in conflicts}

    wanted_sources = set(source_ids) if source_ids else None
    wanted_subjects = set(subject_ids) if subject_ids else None
    if conflicting_only:
        wanted_subjects = clashing if wanted_subjects is None else wanted_subjects & clashing
    selected = [
        claim
        for claim in everything
        if (wanted_sources is None or claim["source_id"] in wanted_sources)
        and (wanted_subjects is None or claim["subject_id"] in wanted_subjects)
    ]
    claim_ids = {c["id"] for c in selected}
    if wanted_sources is None and wanted_subjects is not None:
        with_claims = {c["source_id"] for c in selected}
        sources = [s for s in sources if s["id"] in with_claims]
    conflicts = [c for c in conflicts if any(x["id"] in claim_ids for x in c["claims"])]

    groups = _agreeing_groups(selected, all_subjects)

    by_subject: dict[int, list[dict[str, Any]]] = defaultdict(list)
    by_source: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for claim in selected:
        by_source[claim["source_id"]].append(claim)
        if claim["subject_id"] is not None:
            by_subject[claim["subject_id"]].append(claim)
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
        claims_by_source=by_source,
        claim_count=len(selected),
        corroboration_count=sum(len(g) for g in groups.values()),
        filters={
            "subjects": list(subject_ids or ()),
            "sources": list(source_ids or ()),
            "conflicting_only": conflicting_only,
        },
    )


def conflict_of(
    subject: dict[str, Any],
    members: Sequence[dict[str, Any]],
    verdicts: dict[int, list[dict[str, Any]]],
) -> dict[str, Any] | None:
    """The subject's conflict as :func:`powdb.conflicts.list_conflicts` gives it, but with
    every clashing claim (not only those at the ends) and without ``agreeing`` (the report
    groups agreeing claims by subject), or None when its figures agree."""
    # find_conflicts finds nothing unless some claim starts above another's end: check that
    # first, without building ClaimFacts for the many subjects whose figures agree.
    highest_low = max(c["fig_low"] for c in members)
    if all(c["fig_high"] is None or c["fig_high"] >= highest_low for c in members):
        return None
    by_id = {c["id"]: c for c in members}
    found = find_conflicts([facts_of(c) for c in members])
    if not found:
        return None
    (conflict,) = found
    return {
        "tier": "confident",
        "score": 1.0,
        "reason": subject["reason"],
        "subject_id": subject["id"],
        "subject": subject["label"],
        "subject_key": subject["key"],
        "claims": [by_id[c.id] for c in conflict.claims],
        "spread": round(conflict.spread, 3) if math.isfinite(conflict.spread) else None,
        "verdicts": verdicts.get(subject["id"], []),
    }


def _agreeing_groups(
    claims: Sequence[dict[str, Any]], subjects: dict[int, dict[str, Any]]
) -> dict[int, list[dict[str, Any]]]:
    """Per subject, its claims split into groups whose intervals all share a point.

    Unlike :func:`powdb.compare.corroborations` (every maximal set of agreeing claims, so one
    claim may be in several), each claim is in exactly one group here, so a subject's claims
    can be listed once each: claims by upper end, a group takes every claim that contains the
    upper end of its first claim (the fewest groups that can cover the claims). A group with
    claims from two or more sources is a corroboration; claims in one-source groups are
    listed apart. Subjects too vague to compare have no groups.
    """
    by_subject: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        if c["subject_id"] is not None and c["fig_low"] is not None:
            by_subject[c["subject_id"]].append(c)
    groups: dict[int, list[dict[str, Any]]] = {}
    for subject_id, members in by_subject.items():
        if not subjects[subject_id]["comparable"]:
            continue
        members = sorted(members, key=_upper_end)
        found: list[dict[str, Any]] = []
        point = -math.inf
        current: list[dict[str, Any]] = []
        for claim in members:
            if current and claim["fig_low"] <= point:
                current.append(claim)
                continue
            if current:
                found.append(_group(current))
            current, point = [claim], _upper_end(claim)
        if current:
            found.append(_group(current))
        agreeing = [g for g in found if g["sources"] >= 2]
        if agreeing:
            groups[subject_id] = agreeing
    return groups


def _upper_end(claim: dict[str, Any]) -> float:
    return math.inf if claim["fig_high"] is None else float(claim["fig_high"])


def _figure(claim: dict[str, Any]) -> float:
    """``figure_of(facts_of(claim))`` without building the ClaimFacts."""
    if claim["value"] is not None:
        return float(claim["value"])
    low, high = float(claim["fig_low"]), _upper_end(claim)
    if math.isfinite(low) and math.isfinite(high):
        return (low + high) / 2
    return low if math.isfinite(low) else high


def _group(claims: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(claims, key=lambda c: (_figure(c), c["id"]))
    highs = [c["fig_high"] for c in claims if c["fig_high"] is not None]
    return {
        "claim_ids": [c["id"] for c in ordered],
        "fig_low": max(c["fig_low"] for c in claims),
        "fig_high": min(highs) if highs else None,
        "sources": len({c["source_id"] for c in claims}),
    }
