"""A user's own work on subjects: labels, merges, splits, claims moved, verdicts.

Everything here is stored as its own data, so re-ingesting a source never undoes it. A
source's corrected metadata and the claims a user adds are in :mod:`powdb.source_curation`:
they read documents and stored text, which deciding about subjects (``powdb review``) does not.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.db import inserted_id, write_transaction
from powdb.errors import NotFoundError, PowdbError
from powdb.history import record
from powdb.models import Claim, ClaimMove, KeptApart, Subject, Verdict, table, utcnow
from powdb.query import require_source

claims_t = table(Claim)
subjects_t = table(Subject)
moves_t = table(ClaimMove)
verdicts_t = table(Verdict)


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
