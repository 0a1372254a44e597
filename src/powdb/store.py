"""Storing prepared documents: Source rows, claims, subjects, and the user's work kept intact.

Every document is stored whole or not at all. A changed file at a known path keeps its source
row (and the user's corrections of its metadata), gets fresh automatic claims, and has its
manual claims and claim moves re-anchored or reported as orphaned.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from powdb.citation_keys import assign_missing_keys
from powdb.compare.context import contexts_of
from powdb.compare.events import EventSignature, signature_of
from powdb.compare.frames import Frame
from powdb.db import WRITE_OPTION, inserted_id
from powdb.errors import DatabaseError
from powdb.extract import EXTRACTOR_VERSION, ExtractedClaim, extract_claims_in_windows
from powdb.extract.quotes import quote_bounds
from powdb.extract.sentences import SentenceIndex
from powdb.limits import MAX_FIGURE
from powdb.models import Claim, Source, table, utcnow
from powdb.readers import Document, page_of
from powdb.readers.structure import DocumentStructure, view_function
from powdb.search import defer_indexing, index_claims
from powdb.subjects import ClaimFigure, SubjectAssigner, apply_moves, figures_of

EDITABLE_FIELDS = ("title", "authors", "issued", "container", "url", "kind", "note")

Status = Literal["added", "updated", "unchanged", "failed"]
#: Tries to store a document that another process is storing at the same moment (and to group
#: a batch's subjects while another process groups them too).
STORE_ATTEMPTS = 3
#: Documents longer than this (characters) are extracted window by window while stored.
LARGE_DOCUMENT_CHARS = 4_000_000
#: Claims inserted per statement, which bounds the rows held in memory at once.
INSERT_CHUNK = 5_000
#: How long, and how many documents, one write transaction may gather (BatchWriter).
BATCH_SECONDS = 1.0
BATCH_DOCUMENTS = 1000


@dataclass(frozen=True)
class Metadata:
    """Bibliographic fields set by the user; they win over the document's own, and a changed
    file re-ingested later keeps them."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    issued: str | None = None
    container: str | None = None
    url: str | None = None
    kind: str | None = None
    note: str | None = None

    def fields(self) -> dict[str, object]:
        """The fields that are set, as source column values."""
        values = {name: getattr(self, name) for name in EDITABLE_FIELDS}
        values["authors"] = list(self.authors)
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class Prepared:
    """A document read and extracted, ready to store; picklable for worker processes.

    ``claims`` and ``figures`` (subject and interval of each claim, same order) are None when
    extraction was left for storing time: a document already stored needs none, and a very
    large one is extracted window by window as it is stored.
    """

    label: str
    document: Document
    sha256: str
    claims: list[ExtractedClaim] | None
    figures: list[ClaimFigure] | None
    signature: EventSignature | None = None  # what its title says of its event
    #: The file's resolved absolute path (:func:`powdb.files.location_of`), stored as the
    #: source's path so that any spelling of it finds the same source; None for stdin.
    location: str | None = None


@dataclass(frozen=True)
class IngestResult:
    label: str
    status: Status
    source_id: int | None = None
    claims: int = 0
    error: str | None = None
    # A user's work that no longer finds its quote in a changed source: kept, and reported.
    orphaned_claims: tuple[int, ...] = ()
    orphaned_moves: tuple[int, ...] = ()
    #: What reading the document changed or noticed (``Document.warnings``), to show.
    warnings: tuple[str, ...] = ()
    #: Claims a user rejected or corrected whose quote is gone from the changed source:
    #: (claim id, what was done to it, surface). Kept, as they were, and reported.
    orphaned_curated: tuple[tuple[int, str, str], ...] = ()


def _first_line(exc: sa.exc.DBAPIError) -> str:
    message = str(exc.orig).strip()
    return message.splitlines()[0] if message else type(exc.orig).__name__


# Built once: constructing statements per document cost more than running them.
_FIND_SOURCE = (
    sa.select(table(Source).c.id, table(Source).c.sha256, table(Source).c.edited)
    .where(
        sa.or_(
            table(Source).c.sha256 == sa.bindparam("sha256"),
            table(Source).c.path == sa.bindparam("path"),
            # Sources stored before paths were resolved hold the path as it was typed.
            table(Source).c.path == sa.bindparam("typed"),
        )
    )
    .order_by(table(Source).c.id)
)
_INSERT_SOURCE = sa.insert(table(Source))
_INSERT_CLAIMS = sa.insert(table(Claim))


def _path_keys(prepared: Prepared) -> dict[str, str | None]:
    # Standard input has no path: a document read from it never replaces another.
    if prepared.location is None:
        return {"path": None, "typed": None}
    return {"path": prepared.location, "typed": prepared.label}


def _store(
    connection: Connection,
    prepared: Prepared,
    metadata: Metadata,
    *,
    assigner: SubjectAssigner,
) -> IngestResult:
    """Store one document on ``connection``. Its new claims are indexed for search by SQLite's
    insert trigger, or by the caller if it deferred that (BatchWriter, once per batch, see
    :func:`powdb.search.defer_indexing`). The blocks of the
    claims stored or removed are left in ``assigner``: the caller groups them again
    (:meth:`SubjectAssigner.flush`) before committing."""
    known = connection.execute(
        _FIND_SOURCE, {"sha256": prepared.sha256, **_path_keys(prepared)}
    ).all()
    existing = next((row.id for row in known if row.sha256 == prepared.sha256), None)
    if existing is not None:
        if metadata.fields():
            apply_edits(connection, existing, metadata.fields())
        return IngestResult(prepared.label, "unchanged", existing)
    same_path = next(((row.id, row.edited) for row in known), None)
    kept: CuratedClaims | None = None
    values = _source_values(prepared)
    signature = prepared.signature or event_signature(prepared.label, prepared.document)
    event = assigner.event_for(connection, signature)
    values.update(event=event, event_signature=signature.to_json())
    if same_path is None:
        values.update(metadata.fields(), edited=sorted(metadata.fields()))
        source_id = inserted_id(connection.execute(_INSERT_SOURCE, values))
        status: Status = "added"
    else:
        source_id, edited = same_path
        for name in edited:  # the user's corrections outlive the file's own metadata
            values.pop(name, None)
        del values["ingested_at"]
        sources = table(Source)
        connection.execute(sa.update(sources).where(sources.c.id == source_id).values(values))
        apply_edits(connection, source_id, metadata.fields())
        claims_t = table(Claim)
        assigner.touch(
            connection.execute(
                sa.select(claims_t.c.block).where(claims_t.c.source_id == source_id).distinct()
            ).scalars()
        )
        kept = CuratedClaims.of_source(connection, source_id)
        connection.execute(
            sa.delete(claims_t).where(
                claims_t.c.source_id == source_id,
                claims_t.c.origin == "auto",
                claims_t.c.id.not_in(kept.ids),
            )
        )
        orphaned_claims = reanchor_manual_claims(connection, source_id, prepared.document.text)
        status = "updated"
    stored = 0
    lines = _LineCounter(prepared.document.text)
    oversized: list[str] = []
    for claims, figures in _claim_chunks(prepared, signature, oversized):
        frames = [fig.frame.in_event(event) for fig in figures]
        rows = claim_rows(source_id, prepared.document, claims, figures, frames, lines)
        stored += len(rows)
        if kept is not None and kept.ids:
            rows = kept.take(connection, rows)
        if rows:
            connection.execute(_INSERT_CLAIMS, rows)
        assigner.touch(frame.block for frame in frames)
    orphaned_curated = []
    if kept is not None:
        orphaned_curated = kept.orphan(connection)
        assigner.touch(kept.blocks)
    orphaned_moves = apply_moves(connection, source_id) if status == "updated" else []
    return IngestResult(
        prepared.label,
        status,
        source_id,
        stored,
        orphaned_claims=tuple(orphaned_claims) if status == "updated" else (),
        orphaned_moves=tuple(orphaned_moves),
        warnings=(oversized_warning(prepared.label, oversized),) if oversized else (),
        orphaned_curated=tuple(orphaned_curated),
    )


def oversized_warning(label: str, oversized: Sequence[str]) -> str:
    """The line that says which figures were left out as too large to be claims."""
    first = oversized[0]
    if len(first) > 30:
        first = f"{first[:12]}…{first[-6:]}, {len(first):,} characters"
    what = f"{len(oversized):,} figures" if len(oversized) > 1 else "a figure"
    example = f"the first: {first}" if len(oversized) > 1 else first
    return (
        f"{label}: left out {what} too large to be a claim ({example}); "
        f"a claim's figure is at most {MAX_FIGURE:,}"
    )


def apply_edits(connection: Connection, source_id: int, fields: dict[str, object]) -> None:
    """Set user-given metadata on a source and remember those fields as edited."""
    if not fields:
        return
    sources = table(Source)
    edited = connection.execute(
        sa.select(sources.c.edited).where(sources.c.id == source_id)
    ).scalar_one()
    connection.execute(
        sa.update(sources)
        .where(sources.c.id == source_id)
        .values(**fields, edited=sorted(set(edited or ()) | set(fields)), updated_at=utcnow())
    )


def _source_values(prepared: Prepared) -> dict[str, object]:
    doc = prepared.document
    now = utcnow()
    return {
        "sha256": prepared.sha256,
        "path": prepared.location or prepared.label,
        "title": doc.title,
        "authors": list(doc.authors),
        "issued": doc.issued,
        "container": doc.container,
        "url": doc.url,
        "kind": doc.kind,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "ocr": doc.ocr,
        "note": doc.note,
        "text": doc.text,
        "page_starts": list(doc.page_starts),
        "ingested_at": now,
        "updated_at": now,
    }


def event_signature(label: str, document: Document) -> EventSignature:
    """What a document's title (or file name) says of its event."""
    return signature_of(document.title, label, document.text)


def document_figures(
    document: Document,
    claims: list[ExtractedClaim],
    signature: EventSignature,
    view: str | None = None,
    structure: DocumentStructure | None = None,
    *,
    structured: bool = True,
) -> list[ClaimFigure]:
    """Frames and intervals of a document's claims (in start order); ``view`` is the
    document's analysis view, where the sentences before a claim read without markup. A very
    large document is read without its structure (``structured=False``), which would mean
    parsing all of it for every window of claims."""
    offsets = [c.start for c in claims]
    return figures_of(
        view or document.text,
        claims,
        signature,
        contexts_of(document.text, document.media_type, offsets, structure) if structured else None,
        values=[(c.value, c.low, c.high, c.hedge, c.surface) for c in claims],
    )


def _claim_chunks(
    prepared: Prepared, signature: EventSignature, oversized: list[str]
) -> Iterator[tuple[list[ExtractedClaim], list[ClaimFigure]]]:
    """The document's claims and figures, a bounded number at a time; figures too large to
    be claims, when extracted here, are added to ``oversized``."""
    if prepared.claims is not None and prepared.figures is not None:
        for i in range(0, len(prepared.claims), INSERT_CHUNK):
            yield prepared.claims[i : i + INSERT_CHUNK], prepared.figures[i : i + INSERT_CHUNK]
        return
    document = prepared.document
    view_of = view_function(document.text, document.media_type)
    # Figures read the sentences before each claim in the stored text here, not in the view:
    # a view of the whole of a very large text would double the memory it takes.
    for claims in extract_claims_in_windows(
        document.text, oversized=oversized, view_of=view_of, ocr=document.ocr is not None
    ):
        for i in range(0, len(claims), INSERT_CHUNK):
            chunk = claims[i : i + INSERT_CHUNK]
            yield chunk, document_figures(document, chunk, signature, structured=False)


class _LineCounter:
    """Line numbers of increasing offsets, counted in one pass over the text."""

    def __init__(self, text: str) -> None:
        self.text, self.line, self.position = text, 1, 0

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.position, offset)
        self.position = offset
        return self.line


def claim_rows(
    source_id: int,
    document: Document,
    claims: list[ExtractedClaim],
    figures: list[ClaimFigure],
    frames: list[Frame],
    lines: _LineCounter,
) -> list[dict[str, Any]]:
    """Rows for the claims table; subjects are set when their blocks are grouped."""
    rows = []
    now = utcnow()
    for claim, fig, frame in zip(claims, figures, frames, strict=True):
        line = lines.at(claim.start)
        rows.append(
            {
                "source_id": source_id,
                "value": claim.value,
                "low": claim.low,
                "high": claim.high,
                "hedge": claim.hedge,
                "interval_low": claim.interval_low,
                "interval_high": claim.interval_high,
                "unit": claim.unit,
                "counted": claim.counted,
                "surface": claim.surface,
                "quote": claim.quote,
                "start": claim.start,
                "end": claim.end,
                "quote_start": claim.quote_start,
                "line": line,
                "page": page_of(document.page_starts, claim.start),
                "rule": claim.rule,
                "extractor_version": EXTRACTOR_VERSION,
                "origin": "auto",
                "created_at": now,
                "subject_id": None,
                "frame": frame.to_json(),
                "block": frame.block,
                "fig_low": fig.fig_low,
                "fig_high": fig.fig_high,
                "anchored": True,
            }
        )
    return rows


class CuratedClaims:
    """A changed source's automatic claims that a user rejected or corrected (or that lost
    their place before), kept while its claims are extracted anew.

    A new claim with the same surface at the same place in the same quote is the same claim:
    a rejected or corrected one keeps its id, its rejection or correction and its place in
    the search index, and takes the new claim's place (a corrected one keeps the user's
    reading, and the extractor's new reading as ``original``); an uncurated one that had
    lost its place is replaced by the new claim. Claims found nowhere are kept as they were,
    marked ``anchored = false`` and reported, like orphaned manual claims.
    """

    def __init__(self, rows: list[sa.RowMapping]) -> None:
        self.ids = [row["id"] for row in rows]
        #: Blocks of corrected claims, whose frames are read again: to group again.
        self.blocks: set[str] = set()
        self._waiting: dict[tuple[str, str, int], list[sa.RowMapping]] = {}
        for row in rows:
            self._waiting.setdefault(_anchor_key(row), []).append(row)

    @classmethod
    def of_source(cls, connection: Connection, source_id: int) -> CuratedClaims:
        claims_t = table(Claim)
        rows = (
            connection.execute(
                sa.select(claims_t)
                .where(
                    claims_t.c.source_id == source_id,
                    claims_t.c.origin == "auto",
                    sa.or_(
                        claims_t.c.rejected.is_(True),
                        claims_t.c.original.is_not(None),
                        claims_t.c.anchored.is_(False),
                    ),
                )
                .order_by(claims_t.c.id)
            )
            .mappings()
            .all()
        )
        return cls(list(rows))

    def take(self, connection: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Of new claim rows, those to insert: the others found a kept claim to update."""
        from powdb.claim_curation import reading_of, set_reading

        claims_t = table(Claim)
        inserted = []
        for row in rows:
            waiting = self._waiting.get(_anchor_key(row))
            if not waiting:
                inserted.append(row)
                continue
            old = waiting.pop(0)
            corrected = old["original"] is not None and reading_of(old) != reading_of(row)
            if not (old["rejected"] or corrected):
                # Found its place again, and nothing of the user's is on it: a plain claim.
                connection.execute(sa.delete(claims_t).where(claims_t.c.id == old["id"]))
                inserted.append(row)
                continue
            fresh = {k: v for k, v in row.items() if k not in ("source_id", "created_at")}
            if not corrected:  # rejected only: the extractor's new reading
                connection.execute(
                    sa.update(claims_t).where(claims_t.c.id == old["id"]).values(**fresh)
                )
                continue
            place = ("start", "end", "quote_start", "line", "page", "rule", "extractor_version")
            connection.execute(
                sa.update(claims_t)
                .where(claims_t.c.id == old["id"])
                .values(**{k: fresh[k] for k in place}, anchored=True)
            )
            moved = (
                connection.execute(sa.select(claims_t).where(claims_t.c.id == old["id"]))
                .mappings()
                .one()
            )
            block = set_reading(connection, moved, reading_of(old), reading_of(row), group=False)
            if block is not None:
                self.blocks.add(block)
        return inserted

    def orphan(self, connection: Connection) -> list[tuple[int, str, str]]:
        """Mark the kept claims found nowhere in the new text; (id, what, surface) of each."""
        claims_t = table(Claim)
        orphaned = [row for rows in self._waiting.values() for row in rows]
        if orphaned:
            connection.execute(
                sa.update(claims_t)
                .where(claims_t.c.id.in_([row["id"] for row in orphaned]))
                .values(anchored=False)
            )
        return sorted((row["id"], _curation_of(row), row["surface"]) for row in orphaned)


def _anchor_key(row: Any) -> tuple[str, str, int]:
    return row["surface"], row["quote"], row["start"] - row["quote_start"]


def _curation_of(row: sa.RowMapping) -> str:
    done = [
        word for word, yes in (("rejected", row["rejected"]), ("corrected", row["original"])) if yes
    ]
    return " and ".join(done) or "restored"


def reanchor_manual_claims(connection: Connection, source_id: int, text: str) -> list[int]:
    """Move a changed source's manual claims to where their quote now is.

    A claim is found again by its quote (then the surface inside it), else by its surface if
    that occurs exactly once in the new text. A claim found nowhere keeps its old offsets, is
    marked ``anchored = false`` and its id is returned, so it can be reported, never dropped.
    """
    claims = table(Claim)
    orphaned = []
    manual = connection.execute(
        sa.select(
            claims.c.id, claims.c.surface, claims.c.quote, claims.c.start, claims.c.quote_start
        ).where(claims.c.source_id == source_id, claims.c.origin == "manual")
    ).all()
    for claim_id, surface, quote, start, quote_start in manual:
        anchor = _find_anchor(text, surface, quote, start - quote_start)
        if anchor is None:
            orphaned.append(claim_id)
            connection.execute(
                sa.update(claims).where(claims.c.id == claim_id).values(anchored=False)
            )
            continue
        new_start, new_quote_start, new_quote = anchor
        connection.execute(
            sa.update(claims)
            .where(claims.c.id == claim_id)
            .values(
                start=new_start,
                end=new_start + len(surface),
                quote_start=new_quote_start,
                quote=new_quote,
                line=text.count("\n", 0, new_start) + 1,
                anchored=True,
            )
        )
    return orphaned


def _find_anchor(
    text: str, surface: str, quote: str, offset_in_quote: int
) -> tuple[int, int, str] | None:
    """(start, quote_start, quote) of ``surface`` in ``text``, or None if it cannot be placed."""
    quote_start = text.find(quote)
    if quote_start >= 0:
        if quote[offset_in_quote : offset_in_quote + len(surface)] == surface:
            return quote_start + offset_in_quote, quote_start, quote
        inside = quote.find(surface)
        if inside >= 0:
            return quote_start + inside, quote_start, quote
    first = text.find(surface)
    if first < 0 or text.find(surface, first + 1) >= 0:
        return None  # gone, or ambiguous: better reported than pinned to the wrong place
    end = first + len(surface)
    quote_start, quote_end = quote_bounds(text, SentenceIndex(text).bounds(first, end), first, end)
    return first, quote_start, text[quote_start:quote_end]


class BatchWriter:
    """Stores documents one after another, each whole or not at all.

    The documents go into shared transactions of up to ``BATCH_SECONDS`` (or
    ``BATCH_DOCUMENTS``), each document inside its own savepoint: a committed batch holds only
    whole documents, an interrupted one is rolled back whole, and the subjects, the known
    events and (on SQLite) the full-text index are brought up to date once per batch instead
    of once per document, which is what makes bulk ingest fast: on PostgreSQL the shared
    corpus's 2,000 articles took 14.5 s, where a transaction per document, each reading every
    stored event again, took 217 s.

    Another writer waits at most one batch: on SQLite for the write lock, on PostgreSQL for
    rows both change. Two processes storing the same document at once meet at the unique
    ``sources.sha256``: the second waits for the first's batch, then its savepoint is rolled
    back and the document stored again, and found stored ("unchanged"). Two writers
    regrouping the same subjects may deadlock; PostgreSQL stops one, whose grouping is rolled
    back to a savepoint and done again. Two writers storing pages of one new event at the same
    moment see each other's pages only once a batch is committed, so each may give the event
    a key of its own; ``powdb subjects reassign`` joins them.
    """

    def __init__(self, engine: Engine, metadata: Metadata | None = None) -> None:
        self.engine = engine
        self.metadata = metadata or Metadata()
        # On SQLite this process is the only writer while its batch is open, so what it knows
        # of events stays true between batches; elsewhere it is read again for each batch.
        self._only_writer = engine.dialect.name == "sqlite"
        self._connection: Connection | None = None
        self._transaction: sa.RootTransaction | None = None
        self._opened = 0.0
        self._documents = 0
        self._unindexed: list[int] = []
        self._assigner = SubjectAssigner()  # the subject work of the open transaction

    def store(self, prepared: Prepared) -> IngestResult:
        connection = self._begin()
        for attempt in range(STORE_ATTEMPTS):
            # A plain savepoint per document (SQLAlchemy's nested-transaction bookkeeping cost
            # more than storing a small document).
            connection.exec_driver_sql("SAVEPOINT document")
            try:
                result = _store(connection, prepared, self.metadata, assigner=self._assigner)
            except BaseException as exc:
                if connection.invalidated or not isinstance(exc, Exception):
                    # Ctrl-C (or a lost connection) in a statement: SQLAlchemy has invalidated
                    # the connection, so the savepoint cannot be rolled back on it; the whole
                    # batch is rolled back on the way out (__exit__), as any interruption is.
                    raise
                connection.exec_driver_sql("ROLLBACK TO SAVEPOINT document")
                connection.exec_driver_sql("RELEASE SAVEPOINT document")
                # The rolled-back document's event may stay known: an event with no source is
                # harmless, and its touched blocks are merely grouped again.
                if isinstance(exc, sa.exc.IntegrityError) and attempt + 1 < STORE_ATTEMPTS:
                    continue  # another writer stored it first, and has committed: find it
                if isinstance(exc, sa.exc.DBAPIError):
                    raise DatabaseError(
                        f"{prepared.label}: not stored ({_first_line(exc)})"
                    ) from None
                raise
            break
        connection.exec_driver_sql("RELEASE SAVEPOINT document")
        if result.claims and result.source_id is not None:
            self._unindexed.append(result.source_id)
        self._documents += 1
        if self._documents >= BATCH_DOCUMENTS or time.monotonic() - self._opened >= BATCH_SECONDS:
            self.commit()
        return result

    def stored_hashes(self) -> list[str]:
        """sha256 of every stored document, so a re-run can skip them before extracting."""
        with self.engine.connect() as connection:
            return list(connection.execute(sa.select(table(Source).c.sha256)).scalars())

    def _begin(self) -> Connection:
        if self._connection is None:
            self._connection = self.engine.connect().execution_options(**{WRITE_OPTION: True})
        if self._transaction is None:
            self._transaction = self._connection.begin()
            defer_indexing(self._connection)
            self._opened = time.monotonic()
            self._documents = 0
        return self._connection

    def commit(self) -> None:
        """Group, index and make durable the documents stored so far."""
        if self._transaction is None:
            return
        connection = self._connection
        assert connection is not None
        for attempt in range(STORE_ATTEMPTS):
            connection.exec_driver_sql("SAVEPOINT batch")
            try:
                assign_missing_keys(connection)
                self._assigner.flush(connection)  # forgets its blocks only once grouped
            except sa.exc.DBAPIError as exc:
                if connection.invalidated:
                    raise
                # Another writer held rows this grouping needed (PostgreSQL stopped one of
                # the two) or took a citation key first: once it is through, do it again.
                connection.exec_driver_sql("ROLLBACK TO SAVEPOINT batch")
                if attempt + 1 == STORE_ATTEMPTS:
                    raise DatabaseError(f"subjects not grouped ({_first_line(exc)})") from None
                continue
            connection.exec_driver_sql("RELEASE SAVEPOINT batch")
            break
        index_claims(connection, source_ids=self._unindexed)
        self._unindexed = []
        self._transaction.commit()
        self._transaction = None
        if not self._only_writer:
            self._assigner.forget()  # other writers may have added events meanwhile

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Interrupted (Ctrl-C, an unexpected error): the open batch is rolled back whole, so
        # the database holds only documents whose every claim was stored. Should that fail
        # too (the interruption left the connection unusable), the database discards the
        # uncommitted batch when the connection closes; the first error is the one to report.
        try:
            if self._transaction is not None:
                if exc_type is None:
                    self.commit()
                else:
                    with contextlib.suppress(Exception):
                        self._transaction.rollback()
        finally:
            self._transaction = None
            self._assigner.forget()
            if self._connection is not None:
                self._connection.close()
                self._connection = None
