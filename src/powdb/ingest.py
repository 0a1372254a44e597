"""Files -> text -> Source rows -> claims, each document stored whole or not at all.

Reading and extraction (:func:`prepare`) are pure and run anywhere, worker processes included;
storing (:mod:`powdb.store`) is the only step that touches the database. Ingest is idempotent: the
same content is one source whatever its path, and a changed file at a known path replaces that
source's automatic claims.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Set
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from sqlalchemy.engine import Engine

from powdb.errors import InputError, PowdbError
from powdb.extract import extract_claims
from powdb.readers import read_bytes, read_document
from powdb.readers.structure import analyse
from powdb.store import (
    LARGE_DOCUMENT_CHARS,
    STDIN,
    BatchWriter,
    IngestResult,
    Metadata,
    Prepared,
    Status,
    document_figures,
    event_signature,
    oversized_warning,
)
from powdb.subjects import ensure_current_rules


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


def prepare(
    label: str,
    path: Path | None,
    stdin: bytes | None = None,
    known: Set[str] = frozenset(),
) -> Prepared:
    """Read one document and extract its claims; raises InputError for what cannot be read.

    A document whose sha256 is in ``known`` (already stored) is not extracted again, and
    neither is a very large one: its claims are extracted window by window while it is
    stored, so memory does not grow with the document.
    """
    document = read_bytes(stdin or b"", STDIN) if path is None else read_document(path)
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    if digest in known or len(document.text) > LARGE_DOCUMENT_CHARS:
        return Prepared(label, document, digest, None, None)
    # One reading of the document gives the extractor its view and subjects its structure.
    analysis = analyse(document.text, document.media_type)
    view = analysis.view
    oversized: list[str] = []
    claims = sorted(extract_claims(document.text, oversized, view=view), key=lambda c: c.start)
    if oversized:
        warnings = (*document.warnings, oversized_warning(label, oversized))
        document = replace(document, warnings=warnings)
    signature = event_signature(label, document)
    figures = document_figures(document, claims, signature, view, analysis.structure)
    return Prepared(label, document, digest, claims, figures, signature)


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
    this process, the only writer, stores them in order. Documents already stored are
    recognised by their sha256 before any extraction, so a re-run is quick.
    """
    summary = IngestSummary()
    ensure_current_rules(engine)
    with _ctrl_c() as interrupted, BatchWriter(engine, metadata) as writer:
        known = frozenset(writer.stored_hashes())
        for item in _prepared(files, stdin, jobs, known):
            if interrupted.is_set():
                raise KeyboardInterrupt
            if isinstance(item, Prepared):
                try:
                    result = writer.store(item)
                except PowdbError as exc:
                    result = IngestResult(item.label, "failed", error=str(exc))
                else:
                    warnings = (*item.document.warnings, *result.warnings)
                    result = replace(result, warnings=warnings)
            else:
                result = item
            summary.results.append(result)
            if on_result:
                on_result(result)
        if interrupted.is_set():
            raise KeyboardInterrupt
    return summary


@contextmanager
def _ctrl_c() -> Iterator[threading.Event]:
    """Make Ctrl-C stop ingest for certain, even when it lands where Python swallows it.

    Python raises KeyboardInterrupt wherever the main thread happens to be; inside a weakref
    callback or a ``__del__`` (the database driver has both) it is printed as "Exception
    ignored" and ingest carries on. Here the handler also sets an event that the loop checks
    between documents, and such a swallowed interrupt is not printed: it is not lost.
    """
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted  # signals reach only the main thread; nothing to install
        return

    def handler(signum: int, frame: object) -> None:
        interrupted.set()
        raise KeyboardInterrupt

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        if info.exc_type is not KeyboardInterrupt:
            previous_hook(info)

    previous_handler = signal.signal(signal.SIGINT, handler)
    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        sys.unraisablehook = previous_hook


#: Files a worker prepares per hand-over.
WORKER_BATCH = 16

# Set in each worker process by _start_worker: the hashes of documents already stored.
_known_in_worker: Set[str] = frozenset()


def _prepare_or_fail(
    label: str, path: Path | None, stdin: bytes | None, known: Set[str] | None = None
) -> Prepared | IngestResult:
    try:
        return prepare(label, path, stdin, _known_in_worker if known is None else known)
    except PowdbError as exc:
        return IngestResult(label, "failed", error=str(exc))


def _prepare_many(
    files: list[tuple[str, Path | None]], stdin: bytes | None
) -> list[Prepared | IngestResult]:
    return [_prepare_or_fail(label, path, stdin) for label, path in files]


def _prepared(
    files: list[tuple[str, Path | None]], stdin: bytes | None, jobs: int, known: Set[str]
) -> Iterator[Prepared | IngestResult]:
    """Prepared documents in input order; at most a few batches per worker wait in memory.

    Workers take files a batch at a time: handing them over one by one made the writer wait
    on the pool's hand-over far more than on its own work. Very large files are prepared here
    rather than in a worker, so their text is not copied between processes.
    """
    if jobs <= 1 or len(files) < 2:
        for label, path in files:
            yield _prepare_or_fail(label, path, stdin, known)
        return
    in_flight = jobs * 3  # batches; bounded, so memory does not grow with the corpus
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_mp_context(),
        initializer=_start_worker,
        initargs=(known,),
    ) as pool:
        pending: deque[Future[list[Prepared | IngestResult]]] = deque()
        batch: list[tuple[str, Path | None]] = []

        def submit() -> None:
            if batch:
                pending.append(pool.submit(_prepare_many, list(batch), stdin))
                batch.clear()

        for label, path in files:
            if path is not None and _size(path) > LARGE_DOCUMENT_CHARS:
                submit()
                while pending:
                    yield from pending.popleft().result()
                yield _prepare_or_fail(label, path, stdin, known)
                continue
            batch.append((label, path))
            if len(batch) >= WORKER_BATCH:
                submit()
                if len(pending) >= in_flight:
                    yield from pending.popleft().result()
        submit()
        while pending:
            yield from pending.popleft().result()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports what is wrong with it


def _start_worker(known: Set[str]) -> None:
    global _known_in_worker
    _known_in_worker = known
    # Ctrl-C reaches the whole process group; the writer process handles it and shuts the
    # pool down, so workers must not die printing tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts workers fastest; the workers only read files and run pure extraction.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
