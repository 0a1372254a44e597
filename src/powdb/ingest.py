"""Files -> text -> Source rows -> claims, one transaction per document.

Reading and extraction (:func:`prepare`) are pure and run anywhere, worker processes included;
storing (:func:`store`) is the only step that touches the database. Ingest is idempotent: the
same content is one source whatever its path, and a changed file at a known path replaces that
source's automatic claims.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NoReturn

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from powdb.db import write_transaction
from powdb.errors import DatabaseError, InputError, PowdbError
from powdb.extract import EXTRACTOR_VERSION, ExtractedClaim, extract_claims
from powdb.extract.sentences import SentenceIndex
from powdb.models import Claim, Source, utcnow
from powdb.readers import Document, page_of, read_bytes, read_document
from powdb.subjects import ClaimFigure, apply_moves, figure_of_claim, resolve_subjects

STDIN = "-"
EDITABLE_FIELDS = ("title", "authors", "issued", "container", "url", "kind", "note")

Status = Literal["added", "updated", "unchanged", "failed"]
#: Tries to store a document that another process is storing at the same moment.
STORE_ATTEMPTS = 3


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
    """A document read and extracted, ready to store; picklable for worker processes."""

    label: str
    document: Document
    sha256: str
    claims: list[ExtractedClaim]
    figures: list[ClaimFigure]  # subject and interval of each claim, in the same order


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


@dataclass
class IngestSummary:
    results: list[IngestResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def claims(self) -> int:
        return sum(r.claims for r in self.results if r.status in ("added", "updated"))


def iter_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Each file to ingest as ``(label, path)``: directories recursively, sorted, hidden skipped.

    ``-`` yields ``("-", None)`` for standard input. A missing path raises InputError before
    anything is stored, and so does a folder that cannot be listed. Symlinked directories are
    followed once: a loop is not walked twice. Other entries (dangling links, FIFOs, sockets)
    are yielded as they are; reading them fails with a one-line message, and never blocks.
    """
    for raw in paths:
        if raw == STDIN:
            yield STDIN, None
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or directory")
        if not path.is_dir():
            yield raw, path
            continue
        seen: set[tuple[int, int]] = set()
        # A folder that cannot be listed is an error, not a silent gap in the corpus.
        for dirpath, dirnames, filenames in os.walk(path, onerror=_unlistable, followlinks=True):
            try:
                stat = os.stat(dirpath)
            except OSError as exc:
                _unlistable(exc)
            if (stat.st_dev, stat.st_ino) in seen:
                dirnames[:] = []
                continue
            seen.add((stat.st_dev, stat.st_ino))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    full = Path(dirpath) / name
                    yield str(full), full


def _unlistable(exc: OSError) -> NoReturn:
    raise InputError(f"{exc.filename}: cannot list folder ({exc.strerror or exc})") from None


def prepare(label: str, path: Path | None, stdin: bytes | None = None) -> Prepared:
    """Read one document and extract its claims; raises InputError for what cannot be read."""
    document = read_bytes(stdin or b"", STDIN) if path is None else read_document(path)
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    claims = sorted(extract_claims(document.text), key=lambda c: c.start)
    figures = [
        figure_of_claim(
            document.text,
            value=c.value,
            low=c.low,
            high=c.high,
            hedge=c.hedge,
            unit=c.unit,
            counted=c.counted,
            surface=c.surface,
            quote=c.quote,
            quote_start=c.quote_start,
        )
        for c in claims
    ]
    return Prepared(label, document, digest, claims, figures)


def store(engine: Engine, prepared: Prepared, metadata: Metadata | None = None) -> IngestResult:
    """Store one prepared document in its own transaction: all of it is stored, or nothing.

    Two processes storing the same document at once meet at the unique ``sources.sha256``
    (PostgreSQL lets their transactions overlap; SQLite queues them). The loser's transaction
    rolls back whole and is retried, and then finds the winner's source: "unchanged".
    Any other database error becomes a one-line :class:`DatabaseError` for this document.
    """
    metadata = metadata or Metadata()
    for attempt in range(STORE_ATTEMPTS):
        try:
            with write_transaction(engine) as connection:
                return _store(connection, prepared, metadata)
        except sa.exc.IntegrityError as exc:
            if attempt + 1 == STORE_ATTEMPTS:
                raise DatabaseError(f"{prepared.label}: not stored ({_first_line(exc)})") from None
        except sa.exc.DBAPIError as exc:
            raise DatabaseError(f"{prepared.label}: not stored ({_first_line(exc)})") from None
    raise AssertionError("unreachable")


def _first_line(exc: sa.exc.DBAPIError) -> str:
    message = str(exc.orig).strip()
    return message.splitlines()[0] if message else type(exc.orig).__name__


def _store(connection: Connection, prepared: Prepared, metadata: Metadata) -> IngestResult:
    sources = Source.__table__
    existing = connection.execute(
        sa.select(sources.c.id).where(sources.c.sha256 == prepared.sha256)
    ).scalar_one_or_none()
    if existing is not None:
        if metadata.fields():
            apply_edits(connection, existing, metadata.fields())
        return IngestResult(prepared.label, "unchanged", existing)

    same_path = None
    if prepared.label != STDIN:
        same_path = connection.execute(
            sa.select(sources.c.id, sources.c.edited).where(sources.c.path == prepared.label)
        ).first()
    values = _source_values(prepared)
    if same_path is None:
        values.update(metadata.fields(), edited=sorted(metadata.fields()))
        source_id = connection.execute(sa.insert(sources).values(values)).inserted_primary_key[0]
        status: Status = "added"
    else:
        source_id, edited = same_path
        for name in edited:  # the user's corrections outlive the file's own metadata
            values.pop(name, None)
        del values["ingested_at"]
        connection.execute(sa.update(sources).where(sources.c.id == source_id).values(values))
        apply_edits(connection, source_id, metadata.fields())
        connection.execute(
            sa.delete(Claim.__table__).where(
                Claim.__table__.c.source_id == source_id, Claim.__table__.c.origin == "auto"
            )
        )
        orphaned_claims = reanchor_manual_claims(connection, source_id, prepared.document.text)
        status = "updated"
    subject_ids = resolve_subjects(connection, [f.subject for f in prepared.figures])
    rows = claim_rows(source_id, prepared, subject_ids)
    if rows:
        connection.execute(sa.insert(Claim.__table__), rows)
    orphaned_moves = apply_moves(connection, source_id) if status == "updated" else []
    return IngestResult(
        prepared.label,
        status,
        source_id,
        len(rows),
        orphaned_claims=tuple(orphaned_claims) if status == "updated" else (),
        orphaned_moves=tuple(orphaned_moves),
    )


def apply_edits(connection: Connection, source_id: int, fields: dict[str, object]) -> None:
    """Set user-given metadata on a source and remember those fields as edited."""
    if not fields:
        return
    sources = Source.__table__
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
        "path": prepared.label,
        "title": doc.title,
        "authors": list(doc.authors),
        "issued": doc.issued,
        "container": doc.container,
        "url": doc.url,
        "kind": doc.kind,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "note": doc.note,
        "text": doc.text,
        "page_starts": list(doc.page_starts),
        "ingested_at": now,
        "updated_at": now,
    }


def claim_rows(
    source_id: int, prepared: Prepared, subject_ids: dict[str, int]
) -> list[dict[str, object]]:
    """Rows for the claims table; line numbers are counted in one pass over the text."""
    rows = []
    now = utcnow()
    text = prepared.document.text
    line, position = 1, 0
    for claim, fig in zip(prepared.claims, prepared.figures, strict=True):
        line += text.count("\n", position, claim.start)
        position = claim.start
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
                "page": page_of(prepared.document.page_starts, claim.start),
                "rule": claim.rule,
                "extractor_version": EXTRACTOR_VERSION,
                "origin": "auto",
                "created_at": now,
                "subject_id": subject_ids[fig.subject.key],
                "fig_low": fig.fig_low,
                "fig_high": fig.fig_high,
                "anchored": True,
            }
        )
    return rows


def reanchor_manual_claims(connection: Connection, source_id: int, text: str) -> list[int]:
    """Move a changed source's manual claims to where their quote now is.

    A claim is found again by its quote (then the surface inside it), else by its surface if
    that occurs exactly once in the new text. A claim found nowhere keeps its old offsets, is
    marked ``anchored = false`` and its id is returned, so it can be reported, never dropped.
    """
    claims = Claim.__table__
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
    sentence_start, sentence_end = SentenceIndex(text).bounds(first, first + len(surface))
    return first, sentence_start, text[sentence_start:sentence_end]


def ingest_paths(
    engine: Engine,
    paths: Iterable[str],
    metadata: Metadata | None = None,
    stdin: bytes | None = None,
) -> IngestSummary:
    """Ingest files and directories; a file that cannot be read is reported, not fatal."""
    return ingest_files(engine, list(iter_files(paths)), metadata, stdin=stdin)


def ingest_files(
    engine: Engine,
    files: list[tuple[str, Path | None]],
    metadata: Metadata | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    stdin: bytes | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Ingest files listed by :func:`iter_files`, calling ``on_result`` after each one.

    With ``jobs > 1`` documents are read and extracted in that many worker processes while
    this process, the only writer, stores them in order.
    """
    summary = IngestSummary()
    for item in _prepared(files, stdin, jobs):
        if isinstance(item, Prepared):
            try:
                result = store(engine, item, metadata)
            except PowdbError as exc:
                result = IngestResult(item.label, "failed", error=str(exc))
        else:
            result = item
        summary.results.append(result)
        if on_result:
            on_result(result)
    return summary


def _prepare_or_fail(label: str, path: Path | None, stdin: bytes | None) -> Prepared | IngestResult:
    try:
        return prepare(label, path, stdin)
    except PowdbError as exc:
        return IngestResult(label, "failed", error=str(exc))


def _prepared(
    files: list[tuple[str, Path | None]], stdin: bytes | None, jobs: int
) -> Iterator[Prepared | IngestResult]:
    """Prepared documents in input order; at most a few per worker wait in memory."""
    if jobs <= 1 or len(files) < 2:
        for label, path in files:
            yield _prepare_or_fail(label, path, stdin)
        return
    in_flight = jobs * 4  # bounded, so memory does not grow with the corpus
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context()) as pool:
        pending: deque[Future[Prepared | IngestResult]] = deque()
        remaining = iter(files)
        for label, path in remaining:
            pending.append(pool.submit(_prepare_or_fail, label, path, stdin))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts workers fastest; the workers only read files and run pure extraction.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
