"""A user's judgement of single claims: reject one the machine got wrong, restore it, or
correct its reading.

A rejected claim is kept with its reason but has no subject, so it leaves listings, subjects'
counts, conflicts and the report unless asked for. A corrected claim keeps the extractor's own
reading in ``original``. Both are kept on the claim row itself and outlive re-ingesting a
changed source as long as the claim is found again there by its quote and its place in it
(:func:`powdb.store.keep_curated_claims`); otherwise the claim is kept and reported as
orphaned, never dropped and never silently revived. Every action is recorded in
:mod:`powdb.history`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.compare.frames import ClaimText
from powdb.db import write_transaction
from powdb.errors import NotFoundError, PowdbError
from powdb.extract.hedges import HEDGES, TRAILING_HEDGES, hedge_interval
from powdb.history import record
from powdb.limits import MAX_FIGURE, is_storable_figure
from powdb.models import Claim, table
from powdb.subjects import frame_new_claim, regroup

claims_t = table(Claim)

#: The fields of a claim's reading that a user may correct.
READING = ("value", "low", "high", "hedge", "counted")
#: ``--hedge none`` removes a hedge.
NO_HEDGE = "none"


def _plain(number: float | None) -> float | int | None:
    """A figure as JSON shows it: 291, not 291.0."""
    if number is not None and float(number).is_integer():
        return int(number)
    return number


def reading_of(row: Any) -> dict[str, Any]:
    """A claim's reading, {value, low, high, hedge, counted}, as stored in ``original``."""
    return {
        "value": _plain(row["value"]),
        "low": _plain(row["low"]),
        "high": _plain(row["high"]),
        "hedge": row["hedge"],
        "counted": row["counted"],
    }


def _claims(connection: sa.Connection, claim_ids: Sequence[int]) -> dict[int, sa.RowMapping]:
    if not claim_ids:
        raise PowdbError("give at least one claim id")
    found = {
        row["id"]: row
        for row in connection.execute(
            sa.select(claims_t).where(claims_t.c.id.in_(set(claim_ids)))
        ).mappings()
    }
    for claim_id in claim_ids:
        if claim_id not in found:
            raise NotFoundError(f"no claim with id {claim_id}")
    return found


def _summary(verb: str, rows: Sequence[sa.RowMapping]) -> str:
    named = ", ".join(f"{row['id']} ({row['surface']!r})" for row in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"{verb} claim{'s' if len(rows) > 1 else ''} {named}{more}"


def reject_claims(
    engine: Engine, claim_ids: Sequence[int], reason: str | None = None, user: str | None = None
) -> int:
    """Reject claims the machine got wrong (a date read as a count, a fragment): kept with
    ``reason``, they leave listings, subjects, conflicts and the report. Returns the history
    entry's id."""
    reason = _reason(reason)
    with write_transaction(engine) as connection:
        rows = list(_claims(connection, claim_ids).values())
        rows.sort(key=lambda row: row["id"])
        before = {str(r["id"]): [bool(r["rejected"]), r["rejection_reason"]] for r in rows}
        _set_rejected(connection, rows, True, reason)
        return record(
            connection,
            user,
            "reject",
            _summary("rejected", rows),
            reason=reason,
            claim_ids=[r["id"] for r in rows],
            subject_ids=[r["subject_id"] for r in rows],
            source_ids=[r["source_id"] for r in rows],
            undo={"rejection": before},
        )


def restore_claims(engine: Engine, claim_ids: Sequence[int], user: str | None = None) -> int:
    """Take back the rejection of claims: they count again. Returns the history entry's id."""
    with write_transaction(engine) as connection:
        rows = list(_claims(connection, claim_ids).values())
        rows.sort(key=lambda row: row["id"])
        for row in rows:
            if not row["rejected"]:
                raise PowdbError(f"claim {row['id']} is not rejected")
        before = {str(r["id"]): [True, r["rejection_reason"]] for r in rows}
        _set_rejected(connection, rows, False, None)
        return record(
            connection,
            user,
            "restore",
            _summary("restored", rows),
            claim_ids=[r["id"] for r in rows],
            subject_ids=[_subject_of(connection, r["id"]) for r in rows],
            source_ids=[r["source_id"] for r in rows],
            undo={"rejection": before},
        )


def _subject_of(connection: sa.Connection, claim_id: int) -> int | None:
    return connection.execute(
        sa.select(claims_t.c.subject_id).where(claims_t.c.id == claim_id)
    ).scalar_one_or_none()


def _reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = " ".join(reason.split())
    return reason or None


def _set_rejected(
    connection: sa.Connection, rows: Sequence[sa.RowMapping], rejected: bool, reason: str | None
) -> None:
    ids = [row["id"] for row in rows]
    values: dict[str, Any] = {"rejected": rejected, "rejection_reason": reason}
    if rejected:
        values["subject_id"] = None
    connection.execute(sa.update(claims_t).where(claims_t.c.id.in_(ids)).values(**values))
    # The blocks are grouped again: a restored claim finds its subject (and the user's moves
    # of it), and a subject is no longer shaped by a rejected claim.
    regroup(connection, sorted({row["block"] for row in rows if row["block"] is not None}))


def apply_rejections(connection: sa.Connection, states: dict[str, list[Any]]) -> list[int]:
    """Set claims' rejection back to recorded ``{claim id: [rejected, reason]}`` states (what
    undo does); returns the ids of claims no longer there."""
    present = {
        row["id"]: row
        for row in connection.execute(
            sa.select(claims_t).where(claims_t.c.id.in_([int(i) for i in states]))
        ).mappings()
    }
    for claim_id, (rejected, reason) in states.items():
        row = present.get(int(claim_id))
        if row is not None:
            _set_rejected(connection, [row], bool(rejected), reason)
    return sorted(int(i) for i in states if int(i) not in present)


@dataclass(frozen=True)
class Correction:
    """What a user corrects in a claim's reading; None leaves a field as it is. ``hedge`` of
    "none" removes the hedge; an empty ``counted`` removes the counted phrase."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    hedge: str | None = None
    counted: str | None = None

    def applied_to(self, reading: dict[str, Any]) -> dict[str, Any]:
        new = dict(reading)
        if self.value is not None:
            new.update(value=self.value, low=None, high=None)
        if self.low is not None or self.high is not None:
            if self.value is not None:
                raise PowdbError("give either a value, or a range (--low and --high), not both")
            low = self.low if self.low is not None else reading["low"]
            high = self.high if self.high is not None else reading["high"]
            if low is None or high is None:
                raise PowdbError("a range needs both ends: give --low and --high")
            new.update(value=None, low=low, high=high)
        if self.hedge is not None:
            hedge = " ".join(self.hedge.lower().split())
            if hedge == NO_HEDGE:
                new["hedge"] = None
            elif hedge in HEDGES or hedge in TRAILING_HEDGES:
                new["hedge"] = hedge
            else:
                raise PowdbError(f"unknown hedge {self.hedge!r}")
        if self.counted is not None:
            new["counted"] = " ".join(self.counted.split()) or None
        return check_reading(new)


def check_reading(reading: dict[str, Any]) -> dict[str, Any]:
    """``reading`` if it is one a claim can hold; PowdbError saying what is wrong if not."""
    for name in ("value", "low", "high"):
        number = reading[name]
        if number is not None and not is_storable_figure(number):
            raise PowdbError(
                f"the {name} {number!r} is not a figure a claim can hold "
                f"(a finite number at most {MAX_FIGURE:,} in size)"
            )
    low, high = reading["low"], reading["high"]
    if low is not None and high is not None and low > high:
        raise PowdbError(f"the range {low:g}-{high:g} runs backwards")
    return {**reading, **{k: _plain(reading[k]) for k in ("value", "low", "high")}}


def edit_claim(
    engine: Engine, claim_id: int, correction: Correction, user: str | None = None
) -> int:
    """Correct the extractor's reading of a claim (its figure, range, hedge or what it
    counts). The claim's interval, frame and subject follow the new reading; its original
    reading stays in ``original``. Returns the history entry's id."""
    with write_transaction(engine) as connection:
        row = _claims(connection, [claim_id])[claim_id]
        before = reading_of(row)
        after = correction.applied_to(before)
        if after == before:
            raise PowdbError("nothing to change: the claim already reads so")
        set_reading(connection, row, after, row["original"] or before)
        changes = ", ".join(
            f"{name} {before[name]!r} -> {after[name]!r}"
            for name in READING
            if before[name] != after[name]
        )
        return record(
            connection,
            user,
            "edit",
            f"corrected claim {claim_id} ({row['surface']!r}): {changes}",
            claim_ids=[claim_id],
            subject_ids=[row["subject_id"], _subject_of(connection, claim_id)],
            source_ids=[row["source_id"]],
            undo={"claim": claim_id, "reading": before, "original": row["original"]},
        )


def set_reading(
    connection: sa.Connection,
    row: sa.RowMapping,
    reading: dict[str, Any],
    original: dict[str, Any] | None,
    *,
    group: bool = True,
) -> str | None:
    """Give a stored claim this reading (with its interval, frame and subject); ``original``
    is the extractor's reading, kept unless the new reading is that very one. Its blocks are
    grouped again unless ``group`` is False; returns its new block."""
    value, low, high, hedge = (reading[k] for k in ("value", "low", "high", "hedge"))
    interval_low, interval_high = hedge_interval(hedge, value, low, high)
    text = ClaimText(
        value,
        low,
        high,
        row["unit"],
        reading["counted"],
        row["start"],
        row["end"],
        row["quote"],
        row["quote_start"],
    )
    fig, frame = frame_new_claim(
        connection, row["source_id"], text, (value, low, high, hedge, row["surface"])
    )
    connection.execute(
        sa.update(claims_t)
        .where(claims_t.c.id == row["id"])
        .values(
            **reading,
            interval_low=interval_low,
            interval_high=interval_high,
            fig_low=fig.fig_low,
            fig_high=fig.fig_high,
            frame=frame.to_json(),
            block=frame.block,
            original=None if original == reading else original,
        )
    )
    if group:
        regroup(connection, sorted({b for b in (row["block"], frame.block) if b is not None}))
    return frame.block
