"""Removing sources ingested by mistake, with their claims, after saying what will go.

:func:`plan_removal` counts what a removal takes with it (claims, those a user added,
rejected or corrected, moves of claims, verdicts that prefer the source); :func:`remove_sources`
removes it in one transaction and records it in the history. A removal cannot be undone:
ingesting the file again brings the source back, without the curation of its claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb.db import write_transaction
from powdb.errors import NotFoundError, PowdbError
from powdb.history import record
from powdb.models import Claim, ClaimMove, Source, Verdict, table
from powdb.subjects import regroup

claims_t = table(Claim)
sources_t = table(Source)
moves_t = table(ClaimMove)
verdicts_t = table(Verdict)


@dataclass(frozen=True)
class SourceRemoval:
    """What removing one source takes with it."""

    source_id: int
    name: str  # its title, else its path
    claims: int
    manual: int  # claims a user added
    rejected: int
    corrected: int
    moves: int  # a user's moves of its claims to other subjects
    verdicts: tuple[int, ...]  # verdicts that prefer it: kept, without the preference

    def describe(self) -> str:
        """One line for people: what goes with the source."""
        curated = [
            f"{count} {what}"
            for count, what in (
                (self.manual, "added by hand"),
                (self.rejected, "rejected"),
                (self.corrected, "corrected"),
            )
            if count
        ]
        line = f"source {self.source_id} ({self.name}): {_count(self.claims, 'claim')}"
        if curated:
            line += f" ({', '.join(curated)})"
        if self.moves:
            line += f", {_count(self.moves, 'move')} of its claims to other subjects"
        if self.verdicts:
            ids = ", ".join(map(str, self.verdicts))
            line += f"; verdict {ids} prefers it (kept, without the preference)"
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "name": self.name,
            "claims": self.claims,
            "manual": self.manual,
            "rejected": self.rejected,
            "corrected": self.corrected,
            "moves": self.moves,
            "verdicts": list(self.verdicts),
        }


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _plan(connection: sa.Connection, source_ids: Sequence[int]) -> list[SourceRemoval]:
    if not source_ids:
        raise PowdbError("give at least one source id")
    wanted = list(dict.fromkeys(source_ids))
    names = {
        row.id: row.title or row.path
        for row in connection.execute(
            sa.select(sources_t.c.id, sources_t.c.title, sources_t.c.path).where(
                sources_t.c.id.in_(wanted)
            )
        )
    }
    for source_id in wanted:
        if source_id not in names:
            raise NotFoundError(f"no source with id {source_id}")
    counts = {
        row.source_id: row
        for row in connection.execute(
            sa.select(
                claims_t.c.source_id,
                sa.func.count().label("claims"),
                sa.func.sum(sa.case((claims_t.c.origin == "manual", 1), else_=0)).label("manual"),
                sa.func.sum(sa.case((claims_t.c.rejected.is_(True), 1), else_=0)).label("rejected"),
                sa.func.sum(sa.case((claims_t.c.original.is_not(None), 1), else_=0)).label(
                    "corrected"
                ),
            )
            .where(claims_t.c.source_id.in_(wanted))
            .group_by(claims_t.c.source_id)
        )
    }
    moves: dict[int, int] = dict(
        connection.execute(
            sa.select(moves_t.c.source_id, sa.func.count())
            .where(moves_t.c.source_id.in_(wanted))
            .group_by(moves_t.c.source_id)
        ).all()
    )
    verdicts: dict[int, list[int]] = {}
    for verdict_id, source_id in connection.execute(
        sa.select(verdicts_t.c.id, verdicts_t.c.preferred_source_id)
        .where(verdicts_t.c.preferred_source_id.in_(wanted))
        .order_by(verdicts_t.c.id)
    ):
        verdicts.setdefault(source_id, []).append(verdict_id)
    plan = []
    for source_id in wanted:
        row = counts.get(source_id)
        plan.append(
            SourceRemoval(
                source_id=source_id,
                name=names[source_id],
                claims=int(row.claims) if row else 0,
                manual=int(row.manual or 0) if row else 0,
                rejected=int(row.rejected or 0) if row else 0,
                corrected=int(row.corrected or 0) if row else 0,
                moves=int(moves.get(source_id, 0)),
                verdicts=tuple(verdicts.get(source_id, ())),
            )
        )
    return plan


def plan_removal(engine: Engine, source_ids: Sequence[int]) -> list[SourceRemoval]:
    """What removing these sources would take with them; NotFoundError for an unknown id."""
    with engine.connect() as connection:
        return _plan(connection, source_ids)


def remove_sources(
    engine: Engine, source_ids: Sequence[int], user: str | None = None
) -> list[SourceRemoval]:
    """Remove sources with their claims, the moves of those claims and the preference of
    verdicts for them; the subjects they shared are grouped again without them. Returns what
    was removed (as :func:`plan_removal` says it)."""
    with write_transaction(engine) as connection:
        plan = _plan(connection, source_ids)
        ids = [item.source_id for item in plan]
        # The history names the claims a user had worked on, not every claim of a corpus.
        curated = sa.or_(
            claims_t.c.origin == "manual",
            claims_t.c.rejected.is_(True),
            claims_t.c.original.is_not(None),
        )
        claim_ids = list(
            connection.execute(
                sa.select(claims_t.c.id).where(claims_t.c.source_id.in_(ids), curated)
            ).scalars()
        )
        blocks = list(
            connection.execute(
                sa.select(claims_t.c.block)
                .where(claims_t.c.source_id.in_(ids), claims_t.c.block.is_not(None))
                .distinct()
            ).scalars()
        )
        # Spelled out rather than left to ON DELETE: the same on every database, whatever
        # its foreign-key settings.
        connection.execute(
            sa.update(verdicts_t)
            .where(verdicts_t.c.preferred_source_id.in_(ids))
            .values(preferred_source_id=None)
        )
        connection.execute(sa.delete(moves_t).where(moves_t.c.source_id.in_(ids)))
        connection.execute(sa.delete(claims_t).where(claims_t.c.source_id.in_(ids)))
        connection.execute(sa.delete(sources_t).where(sources_t.c.id.in_(ids)))
        if blocks:
            regroup(connection, sorted(blocks))
        record(
            connection,
            user,
            "remove source",
            "removed " + "; ".join(item.describe() for item in plan),
            claim_ids=claim_ids,
            source_ids=ids,
            undo=None,
        )
        return plan
