"""Where sources disagree: subjects with their status, and conflicts, read from the database.

The meaning of a conflict lives in :mod:`powdb.compare`; this module finds candidates with
indexed SQL aggregates (a subject clashes when ``max(fig_low) > min(fig_high)``) and hands
only the claims at the extremes of each subject to the pure logic, so a listing stays fast
and small however many claims a subject gathers.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Engine, RowMapping

from powdb.compare import ClaimFacts, corroborations, find_conflicts
from powdb.compare.events import within
from powdb.compare.frames import GENERIC_COUNT, Frame, event_label, relate
from powdb.models import Claim, KeptApart, Subject, Verdict, table
from powdb.query import (
    ClaimFilter,
    claim_conditions,
    claim_dict,
    claims_select,
    iso_utc,
    require_ids,
)
from powdb.subjects import event_signatures

claims_t = table(Claim)
subjects_t = table(Subject)
verdicts_t = table(Verdict)
kept_apart_t = table(KeptApart)

#: Pairs of subjects scored below this are not offered: the text says they differ.
MIN_POSSIBLE_SCORE = 0.1
#: Claims shown per conflict from each end (lowest upper bounds, highest lower bounds).
EXTREMES_PER_SIDE = 6


def _subject_fields(row: RowMapping) -> dict[str, Any]:
    """A conflict's subject, in the fields and types a claim has (``subject`` is its label)."""
    return {"subject_id": row["id"], "subject": row["label"], "subject_key": row["key"]}


def _event_name(frame: Frame, label: str) -> str:
    """The event as the subject's label names it (after " — "), else from its key."""
    return label.partition(" — ")[2] or event_label(frame.event)


def _confident_reason(frame_json: dict[str, Any] | None, label: str) -> str:
    if not frame_json:
        return "a user put these claims in one subject"
    frame = Frame.from_json(frame_json)
    said = [
        f"same event: {_event_name(frame, label)}",
        f"same measure: {frame.measure}",
    ]
    for name, values in (("who", frame.nations + frame.people), ("what", (frame.what,))):
        if any(values):
            said.append(f"same {name}: {', '.join(v for v in values if v)}")
    if frame.scope:
        said.append(f"same scope: {frame.scope}")
    if frame.anchor:
        said.append(f"same dates: {frame.anchor}")
    return "; ".join(said)


def list_subjects(engine: Engine, include_merged: bool = False) -> list[dict[str, Any]]:
    """Subjects with their claim and source counts and whether their figures agree.

    ``status`` is "conflict" (some figures cannot both be true; when the subject says only
    what its figures count, "count of albums", figures of two sources or more), "corroborated"
    (two or more sources, all compatible), "single source", "not compared" for subjects too vague to
    compare, or "not comparable" by a user's verdict; "explained conflict" is a conflict with
    a user's verdict.
    """
    stats = (
        sa.select(
            claims_t.c.subject_id,
            sa.func.count().label("claims"),
            sa.func.count(sa.distinct(claims_t.c.source_id)).label("sources"),
            (sa.func.max(claims_t.c.fig_low) > sa.func.min(claims_t.c.fig_high)).label("clash"),
        )
        .where(claims_t.c.subject_id.is_not(None))
        .group_by(claims_t.c.subject_id)
        .subquery()
    )
    explained = sa.select(verdicts_t.c.subject_id).distinct().subquery()
    not_comparable = (
        sa.select(verdicts_t.c.subject_id)
        .where(verdicts_t.c.verdict == "not comparable")
        .distinct()
        .subquery()
    )
    query = (
        sa.select(
            subjects_t.c.id,
            subjects_t.c.key,
            subjects_t.c.label,
            subjects_t.c.origin,
            subjects_t.c.comparable,
            subjects_t.c.merged_into_id,
            sa.func.coalesce(stats.c.claims, 0).label("claims"),
            sa.func.coalesce(stats.c.sources, 0).label("sources"),
            sa.and_(stats.c.clash, _may_clash(stats.c.sources)).label("clash"),
            explained.c.subject_id.is_not(None).label("explained"),
            not_comparable.c.subject_id.is_not(None).label("not_comparable"),
            subjects_t.c.frame,
        )
        .outerjoin(stats, stats.c.subject_id == subjects_t.c.id)
        .outerjoin(explained, explained.c.subject_id == subjects_t.c.id)
        .outerjoin(not_comparable, not_comparable.c.subject_id == subjects_t.c.id)
        # An automatic subject whose claims all went elsewhere when its block was grouped
        # again is kept (curation may name it) but not listed.
        .where(
            sa.or_(
                stats.c.claims.is_not(None),
                subjects_t.c.origin == "user",
                subjects_t.c.merged_into_id.is_not(None),
            )
        )
        .order_by(subjects_t.c.id)
    )
    if not include_merged:
        query = query.where(subjects_t.c.merged_into_id.is_(None))
    rows = []
    with engine.connect() as connection:
        for row in connection.execute(query).mappings():
            data = dict(row)
            data["reason"] = _confident_reason(data.pop("frame"), data["label"])
            clash = bool(data.pop("clash"))
            if data.pop("not_comparable"):
                status = "not comparable"
            elif not data["comparable"]:
                status = "not compared"
            elif clash:
                status = "explained conflict" if data["explained"] else "conflict"
            elif data["sources"] >= 2:
                status = "corroborated"
            else:
                status = "single source"
            data["status"] = status
            rows.append(data)
    return rows


def list_conflicts(
    engine: Engine,
    include_explained: bool = False,
    subject_id: int | None = None,
    limit: int | None = None,
    per_side: int = EXTREMES_PER_SIDE,
    matching: ClaimFilter | None = None,
    possible: bool = False,
) -> list[dict[str, Any]]:
    """Subjects whose claims' figures cannot all be true, largest spread first; with
    ``possible``, followed by the review queue of :func:`list_possible`.

    Every group has a ``tier`` ("confident" or "possible"), a ``score`` (1 for confident
    ones) and a ``reason`` in words.

    Each item is ``{subject_id, subject, subject_key, claims, spread, agreeing, total_claims,
    verdicts}`` (``subject_id`` and ``subject``, the label, as in every claim): ``claims``
    are the clashing claims at the two ends of the subject (up to ``per_side`` from each end,
    usual claim shape, smallest figure first), ``spread`` the largest stated figure over the
    smallest among them, ``agreeing`` the sets of those claim ids from two or more sources that
    corroborate each other, ``total_claims`` how many claims the subject holds in all.
    Conflicts a user has explained with a verdict are left out unless ``include_explained``;
    ``limit`` keeps the conflicts whose bounds lie furthest apart. ``matching`` (its source,
    search, figure, hedge and orphaned filters) keeps the conflicts whose subject has at
    least one claim that matches it; each is still shown whole. An unknown ``subject_id`` or
    source is a NotFoundError.
    """
    result = _confident(engine, include_explained, subject_id, limit, per_side, matching)
    if possible and (limit is None or len(result) < limit):
        rest = None if limit is None else limit - len(result)
        result += list_possible(
            engine, subject_id=subject_id, limit=rest, per_side=per_side, matching=matching
        )
    return result


def _confident(
    engine: Engine,
    include_explained: bool,
    subject_id: int | None,
    limit: int | None,
    per_side: int,
    matching: ClaimFilter | None,
) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        candidates = _candidates(connection, include_explained, subject_id, matching)
        if limit is not None:
            candidates = candidates.limit(limit)
        subjects = {row["id"]: row for row in connection.execute(candidates).mappings()}
        if not subjects:
            return []
        verdicts: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            sa.select(verdicts_t).where(verdicts_t.c.subject_id.in_(list(subjects)))
        ).mappings():
            verdicts.setdefault(row["subject_id"], []).append(verdict_dict(row))
        claims = [
            claim_dict(row)
            for row in connection.execute(
                claims_select().where(claims_t.c.id.in_(_extremes(list(subjects), per_side)))
            ).mappings()
        ]
    by_id = {c["id"]: c for c in claims}
    facts = [facts_of(c) for c in claims]
    agreeing: dict[str, list[list[int]]] = {}
    for group in corroborations(facts):
        agreeing.setdefault(group.subject_key, []).append(
            sorted(cast(int, c.id) for c in group.claims)
        )
    result = []
    for conflict in find_conflicts(facts):
        subject = subjects[int(conflict.subject_key)]
        result.append(
            {
                "tier": "confident",
                "score": 1.0,
                "reason": _confident_reason(subject["frame"], subject["label"]),
                **_subject_fields(subject),
                "claims": [by_id[c.id] for c in conflict.claims],
                "spread": round(conflict.spread, 3) if math.isfinite(conflict.spread) else None,
                "agreeing": agreeing.get(conflict.subject_key, []),
                "total_claims": subject["total_claims"],
                "verdicts": verdicts.get(subject["id"], []),
            }
        )
    result.sort(key=lambda c: (-(c["spread"] or math.inf), c["subject_id"]))
    return result


def count_conflicts(
    engine: Engine,
    include_explained: bool = False,
    subject_id: int | None = None,
    matching: ClaimFilter | None = None,
) -> int:
    """How many conflicts :func:`list_conflicts` lists without a limit."""
    with engine.connect() as connection:
        candidates = _candidates(connection, include_explained, subject_id, matching)
        query = sa.select(sa.func.count()).select_from(candidates.order_by(None).subquery())
        return int(connection.execute(query).scalar_one())


def _may_clash(sources: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """Whether a subject's clashing figures count as a conflict, given how many sources its
    claims come from: one text's two figures of a generic count ("count of albums", see
    GENERIC_COUNT) count two things, so such a subject conflicts only across sources."""
    return sa.or_(
        sources >= 2, sa.not_(sa.func.coalesce(subjects_t.c.kind, "").like(GENERIC_COUNT + "%"))
    )


def _candidates(
    connection: sa.Connection,
    include_explained: bool,
    subject_id: int | None,
    matching: ClaimFilter | None,
) -> sa.Select[Any]:
    """Comparable subjects whose figures clash (``max(fig_low) > min(fig_high)``), furthest
    apart first, with their number of claims; only those with a claim ``matching``. Checks
    that the subject and source asked for exist."""
    matching = matching or ClaimFilter()
    if subject_id is None:
        subject_id = matching.subject_id
    require_ids(connection, ClaimFilter(source_id=matching.source_id, subject_id=subject_id))
    max_low = sa.func.max(claims_t.c.fig_low)
    min_high = sa.func.min(claims_t.c.fig_high)
    clashing = (
        sa.select(
            claims_t.c.subject_id,
            sa.func.count().label("total_claims"),
            sa.func.count(sa.distinct(claims_t.c.source_id)).label("sources"),
            (max_low / sa.func.nullif(min_high, 0)).label("apart"),
        )
        .where(claims_t.c.subject_id.is_not(None))
        .group_by(claims_t.c.subject_id)
        .having(max_low > min_high)
    )
    if subject_id is not None:
        clashing = clashing.where(claims_t.c.subject_id == subject_id)
    conditions = claim_conditions(replace(matching, subject_id=None), connection.dialect.name)
    if conditions:
        # Subjects with a matching claim; the aggregates above still count all their claims.
        with_match = sa.select(claims_t.c.subject_id).where(*conditions).correlate(None)
        clashing = clashing.where(claims_t.c.subject_id.in_(with_match))
    clashing_sq = clashing.subquery()
    explained = sa.select(verdicts_t.c.subject_id)
    candidates = (
        sa.select(
            subjects_t.c.id,
            subjects_t.c.key,
            subjects_t.c.label,
            subjects_t.c.frame,
            clashing_sq.c.total_claims,
        )
        .join(clashing_sq, clashing_sq.c.subject_id == subjects_t.c.id)
        .where(
            subjects_t.c.comparable.is_(True),
            _may_clash(clashing_sq.c.sources),
        )
        # A zero upper bound makes the ratio undefined: those clash the most.
        .order_by(sa.func.coalesce(clashing_sq.c.apart, 1e308).desc(), subjects_t.c.id)
    )
    if not include_explained:
        candidates = candidates.where(subjects_t.c.id.not_in(explained))
    return candidates


def facts_of(claim: dict[str, Any]) -> ClaimFacts:
    """What :mod:`powdb.compare` needs of a claim in the usual dict shape; its subject id is
    the subject key."""
    return ClaimFacts(
        id=claim["id"],
        source_id=claim["source_id"],
        subject_key=str(claim["subject_id"]),
        # None only for a figure an earlier version stored as infinity (claim_dict): no bound.
        fig_low=0.0 if claim["fig_low"] is None else claim["fig_low"],
        fig_high=math.inf if claim["fig_high"] is None else claim["fig_high"],
        value=claim["value"],
    )


def _extremes(subject_ids: list[int], per_side: int) -> sa.Select[Any]:
    """Ids of each subject's claims with the lowest upper bounds and the highest lower bounds:
    the ones that make a conflict, whatever the subject's size."""
    no_bound = sa.func.coalesce(claims_t.c.fig_high, 1e308)
    ranked = (
        sa.select(
            claims_t.c.id,
            sa.func.row_number()
            .over(partition_by=claims_t.c.subject_id, order_by=(no_bound, claims_t.c.id))
            .label("from_low"),
            sa.func.row_number()
            .over(
                partition_by=claims_t.c.subject_id,
                order_by=(claims_t.c.fig_low.desc(), claims_t.c.id),
            )
            .label("from_high"),
        )
        .where(claims_t.c.subject_id.in_(subject_ids))
        .subquery()
    )
    return sa.select(ranked.c.id).where(
        sa.or_(ranked.c.from_low <= per_side, ranked.c.from_high <= per_side)
    )


def verdict_dict(row: RowMapping) -> dict[str, Any]:
    return {
        "id": row["id"],
        "subject_id": row["subject_id"],
        "verdict": row["verdict"],
        "preferred_source_id": row["preferred_source_id"],
        "note": row["note"],
        "created_at": iso_utc(row["created_at"]),
    }


def list_possible(
    engine: Engine,
    subject_id: int | None = None,
    limit: int | None = None,
    per_side: int = EXTREMES_PER_SIDE,
    matching: ClaimFilter | None = None,
) -> list[dict[str, Any]]:
    """The review queue: pairs of subjects of one block (same event, measure and dimension)
    whose figures clash, most likely to be one quantity first.

    Each item is ``{tier: "possible", score, reason, subject_id, subject, subject_key,
    other_subject_id, other_subject, claims, spread}``:
    ``claims`` are the clashing claims of both subjects (up to ``per_side`` from each end of
    each). Pairs a user kept apart (:func:`powdb.curation.keep_apart`) are left out;
    ``subject_id`` and ``matching`` keep the pairs with a subject that has a matching claim.
    """
    with engine.connect() as connection:
        pairs = _possible_pairs(connection, subject_id, matching)
        if limit is not None:
            pairs = pairs[:limit]
        if not pairs:
            return []
        ids = sorted({i for pair in pairs for i in pair[1:3]})
        subjects = {
            row["id"]: row
            for row in connection.execute(
                sa.select(subjects_t).where(subjects_t.c.id.in_(ids))
            ).mappings()
        }
        claims = [
            claim_dict(row)
            for row in connection.execute(
                claims_select()
                .where(claims_t.c.id.in_(_extremes(ids, per_side)))
                .order_by(claims_t.c.fig_low, claims_t.c.id)
            ).mappings()
        ]
    by_subject: dict[int, list[dict[str, Any]]] = {}
    for claim in claims:
        by_subject.setdefault(claim["subject_id"], []).append(claim)
    result = []
    for relation, a, b, spread in pairs:
        result.append(
            {
                "tier": "possible",
                "score": relation.score,
                "reason": relation.reason,
                **_subject_fields(subjects[a]),
                "other_subject_id": b,
                "other_subject": subjects[b]["label"],
                "claims": by_subject.get(a, []) + by_subject.get(b, []),
                "spread": round(spread, 3) if math.isfinite(spread) else None,
            }
        )
    return result


def suggest_merges(engine: Engine, limit: int | None = None) -> list[dict[str, Any]]:
    """Merges powdb was not sure enough to make: pairs of subjects of one block, the most
    likely to count one quantity first, whether or not their figures clash. Each item is
    ``{score, reason, subject_id, subject, other_subject_id, other_subject}``; accept one with
    :func:`powdb.curation.merge_subjects`, refuse it with :func:`powdb.curation.keep_apart`
    (both remembered)."""
    with engine.connect() as connection:
        pairs = _possible_pairs(connection, None, None, clashing_only=False)[:limit]
        ids = sorted({i for pair in pairs for i in pair[1:3]})
        subjects = {
            row["id"]: row
            for row in connection.execute(
                sa.select(subjects_t).where(subjects_t.c.id.in_(ids))
            ).mappings()
        }
    return [
        {
            "score": relation.score,
            "reason": relation.reason,
            "subject_id": a,
            "subject": subjects[a]["label"],
            "other_subject_id": b,
            "other_subject": subjects[b]["label"],
        }
        for relation, a, b, _ in pairs
    ]


def count_possible(
    engine: Engine, subject_id: int | None = None, matching: ClaimFilter | None = None
) -> int:
    """How many groups :func:`list_possible` lists without a limit."""
    with engine.connect() as connection:
        return len(_possible_pairs(connection, subject_id, matching))


def _possible_pairs(
    connection: sa.Connection,
    subject_id: int | None,
    matching: ClaimFilter | None,
    clashing_only: bool = True,
) -> list[tuple[Any, int, int, float]]:
    """(relation, subject, other subject, spread) of subject pairs of one block whose figures
    clash (all pairs unless ``clashing_only``), the most likely to be one quantity first;
    with ``subject_id`` or ``matching``, only pairs with such a subject."""
    matching = matching or ClaimFilter()
    if subject_id is None:
        subject_id = matching.subject_id
    require_ids(connection, ClaimFilter(source_id=matching.source_id, subject_id=subject_id))
    wanted: set[int] | None = None
    conditions = claim_conditions(replace(matching, subject_id=None), connection.dialect.name)
    if conditions:
        wanted = set(
            connection.execute(
                sa.select(claims_t.c.subject_id).where(*conditions).distinct()
            ).scalars()
        )
    spans = (
        sa.select(
            claims_t.c.subject_id,
            sa.func.min(sa.func.coalesce(claims_t.c.fig_high, 1e308)).label("min_high"),
            sa.func.max(claims_t.c.fig_low).label("max_low"),
        )
        .where(claims_t.c.subject_id.is_not(None))
        .group_by(claims_t.c.subject_id)
        .subquery()
    )
    query = (
        sa.select(
            subjects_t.c.id,
            subjects_t.c.block,
            subjects_t.c.frame,
            subjects_t.c.label,
            spans.c.min_high,
            spans.c.max_low,
        )
        .join(spans, spans.c.subject_id == subjects_t.c.id)
        .where(
            subjects_t.c.block.is_not(None),
            subjects_t.c.merged_into_id.is_(None),
            subjects_t.c.comparable.is_(True),
        )
        .order_by(subjects_t.c.block, subjects_t.c.id)
    )
    blocks: dict[str, list[RowMapping]] = {}
    for row in connection.execute(query).mappings():
        blocks.setdefault(row["block"], []).append(row)
    kept = {
        frozenset(pair)
        for pair in connection.execute(
            sa.select(kept_apart_t.c.subject_id, kept_apart_t.c.other_id)
        ).all()
    }

    def pair(a: RowMapping, b: RowMapping, within: tuple[str, str] | None = None) -> None:
        if subject_id is not None and subject_id not in (a["id"], b["id"]):
            return
        if wanted is not None and not wanted & {a["id"], b["id"]}:
            return
        if frozenset((a["id"], b["id"])) in kept or not (a["frame"] and b["frame"]):
            return
        low = max(a["max_low"], b["max_low"])
        high = min(a["min_high"], b["min_high"])
        # The pair must clash across the two subjects, not merely inside one of them.
        clash = a["max_low"] > b["min_high"] or b["max_low"] > a["min_high"]
        if clashing_only and not clash:
            return
        frame_a = Frame.from_json(a["frame"])
        relation = relate(
            frame_a, Frame.from_json(b["frame"]), _event_name(frame_a, a["label"]), within
        )
        if relation.score < MIN_POSSIBLE_SCORE:
            return
        spread = low / high if high > 0 else math.inf
        pairs.append((relation, a["id"], b["id"], spread))

    pairs: list[tuple[Any, int, int, float]] = []
    for rows in blocks.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                pair(a, b)
    # Blocks of the same measure under two events, one a part of the other.
    for (part, whole), names in _events_within(connection, blocks).items():
        for measure in {b.partition("|")[2] for b in blocks if b.partition("|")[0] == part}:
            for a in blocks[f"{part}|{measure}"]:
                for b in blocks.get(f"{whole}|{measure}", ()):
                    pair(a, b, names)
    pairs.sort(key=lambda p: (-p[0].score, -min(p[3], 1e300), p[1], p[2]))
    return pairs


def _events_within(
    connection: sa.Connection, blocks: dict[str, list[RowMapping]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(part, whole) event keys of these blocks where one event lies inside the other
    (:func:`powdb.compare.events.within`), with their names for people."""
    keys = {block.partition("|")[0] for block in blocks}
    keys = {key for key in keys if "/" not in key}  # a second event named inside a page
    signatures = event_signatures(connection, keys)
    by_year: dict[int, list[str]] = {}
    for key, signature in signatures.items():
        if signature.year is not None:
            by_year.setdefault(signature.year, []).append(key)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for same_year in by_year.values():
        for part in same_year:
            for whole in same_year:
                if part != whole and within(signatures[part], signatures[whole]):
                    names = (signatures[part].label, signatures[whole].label)
                    found[(part, whole)] = (
                        names[0] or event_label(part),
                        names[1] or event_label(whole),
                    )
    return found
