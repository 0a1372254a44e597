"""A user's own work on the database: corrected metadata, subjects, verdicts.

Everything here is stored as its own data, so re-ingesting a source never undoes it.
"""

from __future__ import annotations

import uuid
from typing import Any

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
from powdb.models import Claim, ClaimMove, KeptApart, Source, Subject, Verdict, table, utcnow
from powdb.query import require_source
from powdb.readers.document import KINDS, normalize_date, normalize_kind, page_of
from powdb.store import Metadata, apply_edits
from powdb.subjects import frame_new_claim, regroup

claims_t = table(Claim)
sources_t = table(Source)
subjects_t = table(Subject)
moves_t = table(ClaimMove)
verdicts_t = table(Verdict)


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


VERDICTS = ("different scope", "correction", "note", "not comparable")
#: The verdict that says a subject's figures cannot be set against each other at all: its
#: subject is never shown as a conflict, nor offered as a possible one, again.
NOT_COMPARABLE = "not comparable"


def _require_subject(connection: sa.Connection, subject_id: int) -> sa.RowMapping:
    row = (
        connection.execute(sa.select(subjects_t).where(subjects_t.c.id == subject_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"no subject with id {subject_id}")
    if row["merged_into_id"] is not None:
        raise PowdbError(
            f"subject {subject_id} was merged into subject {row['merged_into_id']}; use that one"
        )
    return row


def rename_subject(engine: Engine, subject_id: int, label: str, user: str | None = None) -> None:
    """Give a subject a label of the user's choosing."""
    label = " ".join(label.split())
    if not label:
        raise PowdbError("a subject's label cannot be empty")
    with write_transaction(engine) as connection:
        subject = _require_subject(connection, subject_id)
        connection.execute(
            sa.update(subjects_t).where(subjects_t.c.id == subject_id).values(label=label)
        )
        record(
            connection,
            user,
            "rename",
            f"renamed subject {subject_id} from {subject['label']!r} to {label!r}",
            subject_ids=[subject_id],
            undo={"subject": subject_id, "label": subject["label"]},
        )


def merge_subjects(engine: Engine, subject_id: int, into_id: int, user: str | None = None) -> int:
    """Merge one subject into another: its claims, now and after any re-ingest, go there.

    Returns the number of claims moved.
    """
    if subject_id == into_id:
        raise PowdbError("cannot merge a subject into itself")
    with write_transaction(engine) as connection:
        _require_subject(connection, subject_id)
        _require_subject(connection, into_id)
        connection.execute(
            sa.update(subjects_t)
            .where(subjects_t.c.id == subject_id)
            .values(merged_into_id=into_id)
        )
        moved = connection.execute(
            sa.update(claims_t)
            .where(claims_t.c.subject_id == subject_id)
            .values(subject_id=into_id)
        )
        record(
            connection,
            user,
            "merge",
            f"merged subject {subject_id} into subject {into_id} ({moved.rowcount} claims)",
            subject_ids=[subject_id, into_id],
            undo={"subject": subject_id, "into": into_id},
        )
        return moved.rowcount


def keep_apart(engine: Engine, subject_id: int, other_id: int, user: str | None = None) -> None:
    """Refuse a suggested merge: the two subjects count different things. Remembered, so the
    pair is never offered again, nor shown as a possible conflict."""
    if subject_id == other_id:
        raise PowdbError("a subject cannot be kept apart from itself")
    first, second = sorted((subject_id, other_id))
    with write_transaction(engine) as connection:
        _require_subject(connection, first)
        _require_subject(connection, second)
        kept = table(KeptApart)
        exists = connection.execute(
            sa.select(kept.c.id).where(kept.c.subject_id == first, kept.c.other_id == second)
        ).first()
        if exists is None:
            kept_id = inserted_id(
                connection.execute(
                    sa.insert(kept).values(subject_id=first, other_id=second, created_at=utcnow())
                )
            )
            record(
                connection,
                user,
                "keep apart",
                f"kept subjects {first} and {second} apart",
                subject_ids=[first, second],
                undo={"kept_apart": kept_id},
            )


def split_subject(
    engine: Engine, subject_id: int, claim_ids: list[int], label: str, user: str | None = None
) -> int:
    """Move some of a subject's claims to a new subject of their own; returns its id."""
    label = " ".join(label.split())
    if not label:
        raise PowdbError("the new subject needs a label")
    if not claim_ids:
        raise PowdbError("give the claims to split off")
    with write_transaction(engine) as connection:
        subject = _require_subject(connection, subject_id)
        found = set(
            connection.execute(
                sa.select(claims_t.c.id).where(
                    claims_t.c.id.in_(claim_ids), claims_t.c.subject_id == subject_id
                )
            ).scalars()
        )
        missing = sorted(set(claim_ids) - found)
        if missing:
            raise PowdbError(
                f"claim {missing[0]} is not in subject {subject_id}; "
                "split only moves claims out of the subject given"
            )
        new_id = inserted_id(
            connection.execute(
                sa.insert(subjects_t).values(
                    key=f"user:{uuid.uuid4().hex}",
                    label=label,
                    group=subject["group"],
                    kind=subject["kind"],
                    qualifiers=subject["qualifiers"],
                    scope=subject["scope"],
                    unit=subject["unit"],
                    origin="user",
                    comparable=True,
                    created_at=utcnow(),
                )
            )
        )
        moves = [_move(connection, claim_id, new_id) for claim_id in claim_ids]
        undo = {"moves": moves, "new_subject": new_id}
        record(
            connection,
            user,
            "split",
            f"split claims {', '.join(map(str, sorted(claim_ids)))} of subject {subject_id} "
            f"into new subject {new_id} ({label!r})",
            claim_ids=claim_ids,
            subject_ids=[subject_id, new_id],
            undo=undo,
        )
        return new_id


def move_claim(engine: Engine, claim_id: int, subject_id: int, user: str | None = None) -> None:
    """Put one claim in another subject; the move is re-applied after re-ingest."""
    with write_transaction(engine) as connection:
        _require_subject(connection, subject_id)
        undo = _move(connection, claim_id, subject_id)
        record(
            connection,
            user,
            "move",
            f"moved claim {claim_id} from subject {undo['from']} to subject {subject_id}",
            claim_ids=[claim_id],
            subject_ids=[undo["from"], subject_id],
            undo={"moves": [undo]},
        )


def _move(connection: sa.Connection, claim_id: int, subject_id: int) -> dict[str, Any]:
    """Move a claim and remember the move; returns what undoing it needs."""
    claim = connection.execute(
        sa.select(
            claims_t.c.source_id, claims_t.c.surface, claims_t.c.quote, claims_t.c.subject_id
        ).where(claims_t.c.id == claim_id)
    ).first()
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    source_id, surface, quote, before = claim
    anchor = (
        moves_t.c.source_id == source_id,
        moves_t.c.surface == surface,
        moves_t.c.quote == quote,
    )
    previous = connection.execute(sa.select(moves_t.c.subject_id).where(*anchor)).scalar()
    connection.execute(sa.delete(moves_t).where(*anchor))
    connection.execute(
        sa.insert(moves_t).values(
            source_id=source_id,
            surface=surface,
            quote=quote,
            subject_id=subject_id,
            created_at=utcnow(),
        )
    )
    connection.execute(
        sa.update(claims_t).where(claims_t.c.id == claim_id).values(subject_id=subject_id)
    )
    return {"claim": claim_id, "from": before, "previous_move": previous}


def record_verdict(
    engine: Engine,
    subject_id: int,
    verdict: str,
    note: str | None = None,
    preferred_source_id: int | None = None,
    user: str | None = None,
) -> int:
    """Explain a subject's conflict; explained conflicts are hidden from the default listing
    and the report. A subject whose figures are "not comparable" is never shown as a
    conflict again, nor offered as a possible one."""
    verdict = " ".join(verdict.replace("-", " ").lower().split())
    if verdict not in VERDICTS:
        raise PowdbError(f"unknown verdict {verdict!r}; use one of: {', '.join(VERDICTS)}")
    if verdict == "correction" and preferred_source_id is None:
        raise PowdbError("a correction names the source that is right: give --prefer SOURCE_ID")
    with write_transaction(engine) as connection:
        subject = _require_subject(connection, subject_id)
        if preferred_source_id is not None:
            require_source(connection, preferred_source_id)
        verdict_id = inserted_id(
            connection.execute(
                sa.insert(verdicts_t).values(
                    subject_id=subject_id,
                    verdict=verdict,
                    note=note,
                    preferred_source_id=preferred_source_id,
                    created_at=utcnow(),
                )
            )
        )
        if verdict == NOT_COMPARABLE:
            connection.execute(
                sa.update(subjects_t).where(subjects_t.c.id == subject_id).values(comparable=False)
            )
        record(
            connection,
            user,
            "verdict",
            f"verdict {verdict!r} on subject {subject_id} ({subject['label']})"
            + (f", source {preferred_source_id} preferred" if preferred_source_id else ""),
            reason=note,
            subject_ids=[subject_id],
            source_ids=[preferred_source_id],
            undo={
                "verdict": verdict_id,
                "subject": subject_id,
                "comparable": subject["comparable"],
            },
        )
        return verdict_id


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
