"""Subjects in the database: the frames of stored claims, subjects per block, and curation.

What a subject *means* lives in :mod:`powdb.compare.frames` (pure logic); this module stores
it. Each claim keeps its frame and its block (event, measure, dimension). Whenever claims of a
block change, the whole block is grouped again (:func:`regroup`): a block is small (one
event's figures of one measure), so the work stays proportional to what changed. Subjects are
found by a key made of the block and the group's facets, so a subject keeps its id, its label
and the user's curation (renames, merges, moves, verdicts) as long as its group exists.

``SUBJECT_RULES`` names the version of the rules: a database whose subjects were assigned by
other rules is assigned again the next time powdb writes to it (:func:`ensure_current_rules`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from powdb.compare import figure_interval
from powdb.compare.events import EventIndex, EventSignature, lead_names, signature_of
from powdb.compare.frames import (
    AnyClaim,
    ClaimContext,
    ClaimText,
    Facets,
    Frame,
    event_label,
    frames_of_document,
    group_block,
)
from powdb.compare.measures import OBJECT_MEASURES
from powdb.models import Claim, ClaimMove, Setting, Source, table, utcnow
from powdb.models import Subject as SubjectRow

claims_t = table(Claim)
sources_t = table(Source)
subjects_t = table(SubjectRow)
moves_t = table(ClaimMove)
settings_t = table(Setting)

#: The version of the subject rules (frames and grouping); change it when they change.
SUBJECT_RULES = "frames-3"
MAX_MERGE_CHAIN = 50
_KEY_CHARS = 400


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """What :mod:`powdb.compare` says of one claim: its frame and its interval.

    The frame's event is the sub-event part only ("" or "/stampede") until the document's
    event is known: :meth:`Frame.in_event` completes it when the source is stored.
    """

    frame: Frame
    fig_low: float
    fig_high: float | None  # None: no upper bound


def figures_of(
    text: str,
    claims: Sequence[AnyClaim],
    signature: EventSignature,
    contexts: Sequence[ClaimContext] | None = None,
    *,
    values: Sequence[tuple[float | None, float | None, float | None, str | None, str]] = (),
) -> list[ClaimFigure]:
    """Frames and intervals of one document's claims (in start order).

    ``values`` gives each claim's (value, low, high, hedge, surface) for its interval.
    """
    frames = frames_of_document(
        text,
        signature.nouns,
        claims,
        contexts,
        event_year=signature.year,
        event_names=lead_names(signature, text),
    )
    figures = []
    for frame, (value, low, high, hedge, surface) in zip(frames, values, strict=True):
        fig_low, fig_high = figure_interval(value, low, high, hedge, surface)
        figures.append(ClaimFigure(frame, fig_low, None if math.isinf(fig_high) else fig_high))
    return figures


# ---------------------------------------------------------------------------------------------
# Events of sources


class SubjectAssigner:
    """The subject work of one write transaction: which event each stored document is about,
    and which blocks must be grouped again before the transaction commits."""

    def __init__(self) -> None:
        self._events: EventIndex | None = None
        self.blocks: set[str] = set()

    def event_for(self, connection: Connection, signature: EventSignature) -> str:
        """The event key of a document with this signature: a known event's, or a new one
        (remembered for the documents after it; the caller stores it on the source)."""
        if self._events is None:
            self._events = _load_events(connection)
        return self._events.assign(signature)

    def event_of(self, connection: Connection, source_id: int, signature: EventSignature) -> str:
        """The event key of a stored source, recorded on it."""
        key = self.event_for(connection, signature)
        connection.execute(
            sa.update(sources_t)
            .where(sources_t.c.id == source_id)
            .values(event=key, event_signature=signature.to_json())
        )
        return key

    def touch(self, blocks: Iterable[str | None]) -> None:
        self.blocks.update(b for b in blocks if b is not None)

    def flush(self, connection: Connection) -> None:
        """Group the touched blocks again and re-apply the user's moves in them."""
        if self.blocks:
            regroup(connection, sorted(self.blocks))
        self.blocks = set()

    def forget(self) -> None:
        """After a rollback: events and blocks recorded since the last flush are gone."""
        self._events = None
        self.blocks = set()


def _load_events(connection: Connection) -> EventIndex:
    rows = connection.execute(
        sa.select(sources_t.c.event, sources_t.c.event_signature)
        .where(sources_t.c.event.is_not(None))
        .order_by(sources_t.c.id)
    ).all()
    index = EventIndex()
    for key, signature in rows:
        if signature:
            index.add(key, EventSignature.from_json(signature))
    return index


# ---------------------------------------------------------------------------------------------
# Subjects of blocks


def regroup(connection: Connection, blocks: Sequence[str]) -> None:
    """Assign the subjects of every claim in these blocks from their frames, then re-apply
    the user's moves of those claims.

    Claims with the same frame always share a subject, so only the distinct frames of a block
    are read and grouped (a block of 20,000 claims from 400 copies of one report has a
    handful), and each group's claims are set with one statement that writes only those whose
    subject changes: adding a document costs the block's distinct frames, not its claims.
    """
    frame_text = sa.cast(claims_t.c.frame, sa.Text)
    in_blocks = claims_t.c.block.in_(sa.bindparam("blocks", expanding=True))
    # A rejected claim has no subject and shapes none (powdb.claim_curation).
    accepted = claims_t.c.rejected.is_(False)
    rows = connection.execute(
        sa.select(claims_t.c.block, frame_text, claims_t.c.fig_low, claims_t.c.fig_high)
        .where(in_blocks, accepted)
        .distinct(),
        {"blocks": list(blocks)},
    ).all()
    by_block: dict[str, dict[str, list[tuple[float, float | None]]]] = {}
    for block, text, low, high in rows:
        by_block.setdefault(block, {}).setdefault(text, []).append((low, high))
    wanted: dict[str, tuple[str, Facets, Frame]] = {}  # subject key -> what it is
    members: list[tuple[str, str, list[str]]] = []  # (subject key, block, frames as stored)
    for block, figures_of in by_block.items():
        texts = sorted(figures_of)
        frames = [_stored_frame(text) for text in texts]
        for group in group_block(frames, [figures_of[text] for text in texts]):
            # The frame of its most specific member speaks for the group; the group is a
            # rival estimate if any of its figures is.
            speaker = frames[max(group.members, key=lambda i: _said(frames[i]))]
            if any(frames[i].attributed for i in group.members):
                speaker = replace(speaker, attributed=True)
            key = subject_key(block, group.facets)
            wanted[key] = (block, group.facets, speaker)
            members.append((key, block, [texts[i] for i in group.members]))
    ids = subjects_for(connection, wanted)
    assignments = [
        {"b_block": block, "b_frame": text, "b_subject": ids[key]}
        for key, block, texts in members
        for text in texts
    ]
    if assignments:
        # One statement for every frame (executemany): building a statement per group cost
        # more than running it.
        subject: sa.BindParameter[int] = sa.bindparam("b_subject")
        connection.execute(
            sa.update(claims_t)
            .where(
                claims_t.c.block == sa.bindparam("b_block"),
                accepted,
                frame_text == sa.bindparam("b_frame"),
                sa.or_(claims_t.c.subject_id.is_(None), claims_t.c.subject_id != subject),
            )
            .values(subject_id=subject),
            assignments,
        )
    if rows:
        with_moves = connection.execute(
            sa.select(moves_t.c.source_id)
            .where(
                moves_t.c.source_id.in_(sa.select(claims_t.c.source_id).where(in_blocks)),
            )
            .distinct(),
            {"blocks": list(blocks)},
        ).scalars()
        for source_id in with_moves:
            apply_moves(connection, source_id)


@lru_cache(maxsize=4096)
def _stored_frame(text: str) -> Frame:
    """A frame as stored (JSON text); a block's frames are read again at each regroup."""
    return Frame.from_json(json.loads(text))


def _said(frame: Frame) -> int:
    return sum(1 for facet in frame.facets if facet)


def subject_key(block: str, facets: Facets) -> str:
    """A stable key for the subject of a group: its block and facets."""
    key = f"{block}|{json.dumps(facets, separators=(',', ':'))}"
    if len(key) <= _KEY_CHARS:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"{key[: _KEY_CHARS - 25]}#{digest}"


def subject_label(frame: Frame, event: str | None = None) -> str:
    """A subject's name for people: "Vessels: ship (Japanese) — Battle of Myeongnyang"."""
    measure = frame.measure or "figures"
    if measure.startswith("count of "):
        label = measure[len("count of ") :]
    elif frame.dimension != "count":
        label = f"{measure} of {frame.what or '?'}"
    elif frame.what and measure in OBJECT_MEASURES:
        label = f"{measure}: {frame.what}"
    else:
        label = measure
    said = [*frame.nations, *frame.people]
    if frame.scope:
        said.append(frame.scope)
    if frame.anchor:
        said.append(frame.anchor)
    if said:
        label += f" ({'; '.join(said)})"
    return f"{label[:1].upper()}{label[1:]} — {event or event_label(frame.event)}"


def event_signatures(connection: Connection, events: Iterable[str]) -> dict[str, EventSignature]:
    """The signature of each of these events (plain keys, no "/second" part): its first
    source's, the one with the lowest id."""
    events = sorted(set(events))
    found: dict[str, EventSignature] = {}
    for start in range(0, len(events), _KEYS_PER_QUERY):
        first = (
            sa.select(sa.func.min(sources_t.c.id))
            .where(sources_t.c.event.in_(events[start : start + _KEYS_PER_QUERY]))
            .group_by(sources_t.c.event)
        )
        for event, signature in connection.execute(
            sa.select(sources_t.c.event, sources_t.c.event_signature).where(
                sources_t.c.id.in_(first)
            )
        ):
            if signature:
                found[event] = EventSignature.from_json(signature)
    return found


def _event_names(connection: Connection, keys: Iterable[str]) -> dict[str, str]:
    """Readable names of events: the title (or names) of their first source."""
    keys = list(keys)
    signatures = event_signatures(connection, {key.partition("/")[0] for key in keys})
    names: dict[str, str] = {}
    for key in keys:
        base, _, second = key.partition("/")
        label = signatures[base].label if base in signatures else ""
        names[key] = (label or event_label(base)) + (f": {second}" if second else "")
    return names


def subjects_for(
    connection: Connection, wanted: dict[str, tuple[str, Facets, Frame]]
) -> dict[str, int]:
    """Subject ids for these keys (key -> block, facets and the frame that speaks for the
    group), creating the missing subjects; merges are followed."""
    found = _find_subjects(connection, list(wanted))
    missing = [key for key in wanted if key not in found]
    if missing:
        events = _event_names(connection, {wanted[key][2].event for key in missing})
        rows = []
        for key in missing:
            block, (nations, people, scope, anchor, what), frame = wanted[key]
            rows.append(
                {
                    "key": key,
                    "label": subject_label(frame, events[frame.event]),
                    "group": " and ".join(nations)[:80] or None,
                    "kind": (frame.measure or "")[:80] or None,
                    "qualifiers": [
                        *people,
                        *([anchor] if anchor else []),
                        *([what] if what else []),
                    ],
                    "scope": scope,
                    "unit": frame.dimension[:40],
                    "origin": "auto",
                    "comparable": True,
                    "created_at": utcnow(),
                    "block": block,
                    "frame": frame.to_json(),
                }
            )
        connection.execute(_insert_ignoring_duplicates(connection), rows)
        found.update(_find_subjects(connection, missing))
    return found


def _find_subjects(connection: Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        for key, subject_id, merged_into in connection.execute(
            sa.select(subjects_t.c.key, subjects_t.c.id, subjects_t.c.merged_into_id).where(
                subjects_t.c.key.in_(keys[start : start + _KEYS_PER_QUERY])
            )
        ):
            found[key] = (
                subject_id if merged_into is None else follow_merges(connection, merged_into)
            )
    return found


_KEYS_PER_QUERY = 500


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
            # A rejected claim stays without a subject; the move is not orphaned by it.
            .values(
                subject_id=sa.case(
                    (claims_t.c.rejected.is_(True), sa.null()),
                    else_=follow_merges(connection, subject_id),
                )
            )
        )
        if updated.rowcount == 0:
            orphaned.append(move_id)
    return orphaned


# ---------------------------------------------------------------------------------------------
# Stored claims' frames, and the rules version


def frame_stored_source(connection: Connection, source_id: int, assigner: SubjectAssigner) -> int:
    """Compute the event, frames and intervals of a stored source's claims from its stored
    text (used when the rules change); returns the number of claims updated."""
    from powdb.compare.context import contexts_of
    from powdb.readers.structure import analysis_view

    source = connection.execute(
        sa.select(
            sources_t.c.text, sources_t.c.title, sources_t.c.path, sources_t.c.media_type
        ).where(sources_t.c.id == source_id)
    ).one()
    rows = (
        connection.execute(
            sa.select(claims_t).where(claims_t.c.source_id == source_id).order_by(claims_t.c.start)
        )
        .mappings()
        .all()
    )
    signature = signature_of(source.title, source.path, source.text)
    event = assigner.event_of(connection, source_id, signature)
    if not rows:
        return 0
    texts = [claim_text(row) for row in rows]
    figures = figures_of(
        analysis_view(source.text, source.media_type),
        texts,
        signature,
        contexts_of(source.text, source.media_type, [t.start for t in texts]),
        values=[(r["value"], r["low"], r["high"], r["hedge"], r["surface"]) for r in rows],
    )
    updates = []
    for row, fig in zip(rows, figures, strict=True):
        frame = fig.frame.in_event(event)
        updates.append(
            {
                "claim": row["id"],
                "frame": frame.to_json(),
                "block": frame.block,
                "fig_low": fig.fig_low,
                "fig_high": fig.fig_high,
            }
        )
        assigner.touch([frame.block])
    connection.execute(
        sa.update(claims_t)
        .where(claims_t.c.id == sa.bindparam("claim"))
        .values(
            frame=sa.bindparam("frame"),
            block=sa.bindparam("block"),
            fig_low=sa.bindparam("fig_low"),
            fig_high=sa.bindparam("fig_high"),
            subject_id=None,
        ),
        updates,
    )
    return len(updates)


def frame_new_claim(
    connection: Connection,
    source_id: int,
    claim: ClaimText,
    value: tuple[float | None, float | None, float | None, str | None, str],
) -> tuple[ClaimFigure, Frame]:
    """The figure and frame of a claim about to be added to a stored source by hand; its
    block is grouped again by the caller (:func:`regroup`) once the claim is stored."""
    from powdb.compare.context import contexts_of

    source = connection.execute(
        sa.select(
            sources_t.c.text,
            sources_t.c.title,
            sources_t.c.path,
            sources_t.c.media_type,
            sources_t.c.event,
        ).where(sources_t.c.id == source_id)
    ).one()
    signature = signature_of(source.title, source.path, source.text)
    event = source.event or SubjectAssigner().event_of(connection, source_id, signature)
    (figure,) = figures_of(
        source.text,
        [claim],
        signature,
        contexts_of(source.text, source.media_type, [claim.start]),
        values=[value],
    )
    return figure, figure.frame.in_event(event)


def claim_text(row: sa.RowMapping) -> ClaimText:
    """What a frame is read from, from a stored claim row."""
    return ClaimText(
        value=row["value"],
        low=row["low"],
        high=row["high"],
        unit=row["unit"],
        counted=row["counted"],
        start=row["start"],
        end=row["end"],
        quote=row["quote"],
        quote_start=row["quote_start"],
    )


def rules_of(connection: Connection) -> str | None:
    """The version of the rules that assigned this database's subjects (None: never)."""
    return connection.execute(
        sa.select(settings_t.c.value).where(settings_t.c.key == "subject_rules")
    ).scalar_one_or_none()


def needs_reassigning(engine: Engine) -> bool:
    """Whether the subjects were assigned by other rules than this powdb's."""
    with engine.connect() as connection:
        if rules_of(connection) == SUBJECT_RULES:
            return False
        return bool(connection.execute(sa.select(sa.func.count()).select_from(claims_t)).scalar())


def reassign_subjects(
    connection: Connection, progress: Callable[[int, int], None] | None = None
) -> int:
    """Assign events, frames and subjects of every stored claim again, then re-apply the
    user's curation (merges are followed, moves re-applied, verdicts stay on their subjects).
    Returns the number of claims updated."""
    source_ids = list(
        connection.execute(sa.select(sources_t.c.id).order_by(sources_t.c.id)).scalars()
    )
    connection.execute(sa.update(sources_t).values(event=None, event_signature=None))
    assigner = SubjectAssigner()
    updated = 0
    for done, source_id in enumerate(source_ids, 1):
        updated += frame_stored_source(connection, source_id, assigner)
        if progress is not None:
            progress(done, len(source_ids))
    assigner.flush(connection)
    _set_rules(connection)
    return updated


def ensure_current_rules(
    engine: Engine, progress: Callable[[int, int], None] | None = None
) -> int | None:
    """Before writing: assign the subjects again if other rules assigned them (with
    ``progress(done, total)`` per source). Returns the claims updated, or None if there was
    nothing to do."""
    from powdb.db import write_transaction

    with write_transaction(engine) as connection:
        if rules_of(connection) == SUBJECT_RULES:
            return None
        if not connection.execute(sa.select(sa.func.count()).select_from(claims_t)).scalar():
            _set_rules(connection)  # a new database: its subjects follow these rules
            return None
        return reassign_subjects(connection, progress)


def _set_rules(connection: Connection) -> None:
    exists = rules_of(connection) is not None
    if exists:
        connection.execute(
            sa.update(settings_t)
            .where(settings_t.c.key == "subject_rules")
            .values(value=SUBJECT_RULES)
        )
    else:
        connection.execute(sa.insert(settings_t).values(key="subject_rules", value=SUBJECT_RULES))
