"""``powdb undo``: revert a user's last curation action, from what its history entry kept.

The undo is an action of its own, recorded in the history; the entry it reverts is marked as
undone, so the next undo reverts the action before it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.claim_curation import apply_rejections, set_reading
from powdb.db import write_transaction
from powdb.errors import PowdbError
from powdb.history import current_user, entry_dict, last_undoable, mark_undone, record
from powdb.models import Claim, ClaimMove, KeptApart, Source, Subject, Verdict, table, utcnow
from powdb.subjects import regroup

claims_t = table(Claim)
moves_t = table(ClaimMove)
sources_t = table(Source)
subjects_t = table(Subject)
verdicts_t = table(Verdict)
kept_apart_t = table(KeptApart)


def undo_last(engine: Engine, user: str | None = None) -> dict[str, Any]:
    """Revert the user's last action that is not undone yet; returns its history entry.

    Raises PowdbError when the user has nothing to undo, or when that action cannot be
    reverted (a removed source is gone with its claims: ingest its file again)."""
    who = current_user(user)
    with write_transaction(engine) as connection:
        entry = last_undoable(connection, who)
        if entry is None:
            raise PowdbError(f"{who} has nothing to undo")
        if entry["undo"] is None:
            raise PowdbError(
                f"the last action of {who} cannot be undone: {entry['summary']} "
                f"(history entry {entry['id']})"
            )
        _revert(connection, entry["action"], entry["undo"])
        undo_id = record(
            connection,
            who,
            "undo",
            f"undid {entry['action']} (history entry {entry['id']}): {entry['summary']}",
            claim_ids=entry["claim_ids"] or (),
            subject_ids=entry["subject_ids"] or (),
            source_ids=entry["source_ids"] or (),
            undoes=entry["id"],
        )
        mark_undone(connection, entry["id"], undo_id)
        return entry_dict({**entry, "undone_by": undo_id})


def _revert(connection: sa.Connection, action: str, undo: dict[str, Any]) -> None:
    if "rejection" in undo:
        apply_rejections(connection, undo["rejection"])
    elif action == "edit":
        row = (
            connection.execute(sa.select(claims_t).where(claims_t.c.id == undo["claim"]))
            .mappings()
            .first()
        )
        if row is not None:
            set_reading(connection, row, undo["reading"], undo["original"])
    elif action == "edit source":
        fields = dict(undo["fields"])
        connection.execute(
            sa.update(sources_t)
            .where(sources_t.c.id == undo["source"])
            .values(**fields, updated_at=utcnow())
        )
    elif action == "rename":
        connection.execute(
            sa.update(subjects_t)
            .where(subjects_t.c.id == undo["subject"])
            .values(label=undo["label"])
        )
    elif action == "merge":
        connection.execute(
            sa.update(subjects_t)
            .where(subjects_t.c.id == undo["subject"])
            .values(merged_into_id=None)
        )
        # Grouping the blocks again puts the claims back in the subject their frames (or the
        # user's moves) give them, now that it is no longer merged away.
        _regroup_subjects(connection, [undo["into"], undo["subject"]])
    elif action == "keep apart":
        connection.execute(sa.delete(kept_apart_t).where(kept_apart_t.c.id == undo["kept_apart"]))
    elif action in ("move", "split"):
        for move in undo["moves"]:
            _unmove(connection, move)
        if action == "split":
            _drop_if_unused(connection, undo.get("new_subject"))
    elif action == "verdict":
        connection.execute(sa.delete(verdicts_t).where(verdicts_t.c.id == undo["verdict"]))
        still = connection.execute(
            sa.select(verdicts_t.c.id).where(
                verdicts_t.c.subject_id == undo["subject"],
                verdicts_t.c.verdict == "not comparable",
            )
        ).first()
        if still is None:
            connection.execute(
                sa.update(subjects_t)
                .where(subjects_t.c.id == undo["subject"])
                .values(comparable=bool(undo["comparable"]))
            )
    elif action == "add claim":
        block = connection.execute(
            sa.select(claims_t.c.block).where(claims_t.c.id == undo["claim"])
        ).scalar()
        connection.execute(sa.delete(claims_t).where(claims_t.c.id == undo["claim"]))
        if block is not None:
            regroup(connection, [block])
    else:
        raise PowdbError(f"powdb does not know how to undo {action!r}")


def _regroup_subjects(connection: sa.Connection, subject_ids: list[int]) -> None:
    blocks = connection.execute(
        sa.select(claims_t.c.block)
        .where(claims_t.c.subject_id.in_(subject_ids), claims_t.c.block.is_not(None))
        .distinct()
    ).scalars()
    own = connection.execute(
        sa.select(subjects_t.c.block)
        .where(subjects_t.c.id.in_(subject_ids), subjects_t.c.block.is_not(None))
        .distinct()
    ).scalars()
    regroup(connection, sorted(set(blocks) | set(own)))


def _unmove(connection: sa.Connection, move: dict[str, Any]) -> None:
    """Take back one move of a claim: the move it replaced, if any, holds again."""
    claim = connection.execute(
        sa.select(
            claims_t.c.source_id, claims_t.c.surface, claims_t.c.quote, claims_t.c.block
        ).where(claims_t.c.id == move["claim"])
    ).first()
    if claim is None:
        return
    source_id, surface, quote, block = claim
    anchor = (
        moves_t.c.source_id == source_id,
        moves_t.c.surface == surface,
        moves_t.c.quote == quote,
    )
    connection.execute(sa.delete(moves_t).where(*anchor))
    if move["previous_move"] is not None:
        connection.execute(
            sa.insert(moves_t).values(
                source_id=source_id,
                surface=surface,
                quote=quote,
                subject_id=move["previous_move"],
                created_at=utcnow(),
            )
        )
    connection.execute(
        sa.update(claims_t)
        .where(claims_t.c.id == move["claim"], claims_t.c.rejected.is_(False))
        .values(subject_id=move["from"])
    )
    if block is not None:
        regroup(connection, [block])


def _drop_if_unused(connection: sa.Connection, subject_id: int | None) -> None:
    """Delete a subject a split made, once nothing holds or names it."""
    if subject_id is None:
        return
    used = [
        sa.select(claims_t.c.id).where(claims_t.c.subject_id == subject_id),
        sa.select(verdicts_t.c.id).where(verdicts_t.c.subject_id == subject_id),
        sa.select(moves_t.c.id).where(moves_t.c.subject_id == subject_id),
        sa.select(subjects_t.c.id).where(subjects_t.c.merged_into_id == subject_id),
    ]
    if any(connection.execute(query.limit(1)).first() for query in used):
        return
    connection.execute(sa.delete(subjects_t).where(subjects_t.c.id == subject_id))
