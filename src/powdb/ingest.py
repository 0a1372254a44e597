"""Files -> text -> Source rows -> claims, each document stored whole or not at all.

Reading and extraction (:func:`prepare`) are pure and run anywhere, worker processes included;
storing (:mod:`powdb.store`) is the only step that touches the database. Ingest is idempotent: the
same content is one source whatever its path, and a changed file at a known path replaces that
source's automatic claims.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from powdb.db import sqlite_path
from powdb.errors import PowdbError
from powdb.extract import extract_claims
from powdb.files import STDIN, FileList, find_files, location_of
from powdb.readers import PageCallback, read_bytes, read_document
from powdb.readers.structure import analyse
from powdb.store import (
    LARGE_DOCUMENT_CHARS,
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


def prepare(
    label: str,
    path: Path | None,
    stdin: bytes | None = None,
    known: Set[str] = frozenset(),
    on_ocr_page: PageCallback | None = None,
) -> Prepared:
    """Read one document and extract its claims; raises InputError for what cannot be read.

    ``on_ocr_page(label, done, total)`` is called after each page read by OCR (a scan, an
    image), so a caller can show progress.

    A document whose sha256 is in ``known`` (already stored) is not extracted again, and
    neither is a very large one: its claims are extracted window by window while it is
    stored, so memory does not grow with the document.
    """
    document = (
        read_bytes(stdin or b"", STDIN, on_ocr_page)
        if path is None
        else read_document(path, on_ocr_page)
    )
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    location = None if path is None else location_of(path)
    if digest in known or len(document.text) > LARGE_DOCUMENT_CHARS:
        return Prepared(label, document, digest, None, None, location=location)
    # One reading of the document gives the extractor its view and subjects its structure.
    analysis = analyse(document.text, document.media_type)
    view = analysis.view
    oversized: list[str] = []
    claims = sorted(
        extract_claims(document.text, oversized, view=view, ocr=document.ocr is not None),
        key=lambda c: c.start,
    )
    if oversized:
        warnings = (*document.warnings, oversized_warning(label, oversized))
        document = replace(document, warnings=warnings)
    signature = event_signature(label, document)
    figures = document_figures(document, claims, signature, view, analysis.structure)
    return Prepared(label, document, digest, claims, figures, signature, location)


def ingest_paths(
    engine: Engine,
    paths: Iterable[str],
    metadata: Metadata | None = None,
    stdin: bytes | None = None,
) -> IngestSummary:
    """Ingest files and directories; a path or file that cannot be read is reported, not
    fatal. Walking a folder skips hidden entries and the files of ``engine``'s database."""
    return ingest_files(engine, find_files(paths, database_file(engine)), metadata, stdin=stdin)


def database_file(engine: Engine) -> Path | None:
    """The SQLite file ``engine`` writes to, or None (another database, or in memory)."""
    return sqlite_path(engine.url.render_as_string(hide_password=False))


def ingest_files(
    engine: Engine,
    files: FileList | Sequence[tuple[str, Path | None]],
    metadata: Metadata | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    stdin: bytes | None = None,
    jobs: int = 1,
    on_ocr_page: PageCallback | None = None,
    pool: Callable[[Set[str]], Pool] | None = None,
) -> IngestSummary:
    """Ingest what :func:`~powdb.files.find_files` found (or ``(label, path)`` pairs), calling
    ``on_result`` after each; the paths it could not read are the first results, failed.
    ``on_ocr_page(label, done, total)`` is called after each page read by OCR in this process.

    With ``jobs > 1`` documents are read and extracted in that many worker processes while
    this process, the only writer, stores them in order. ``pool(known)`` gives another place
    to read and extract them, such as a Dask cluster (:mod:`powdb.dask_engine`); ``known`` is
    the set of hashes already stored. Documents already stored are recognised by their sha256
    before any extraction, so a re-run is quick. Any error while reading or extracting one file
    is that file's one-line error; the others are stored.
    """
    listing = files if isinstance(files, FileList) else FileList(list(files))
    summary = IngestSummary()
    ensure_current_rules(engine)
    for label, message in listing.errors:
        summary.results.append(IngestResult(label, "failed", error=message))
        if on_result:
            on_result(summary.results[-1])
    with _ctrl_c() as interrupted, BatchWriter(engine, metadata) as writer:
        known = frozenset(writer.stored_hashes())
        if pool is None and jobs > 1:
            pool = functools.partial(_Workers, jobs)
        for item in _prepared(listing.files, stdin, known, on_ocr_page, pool):
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
    label: str,
    path: Path | None,
    stdin: bytes | None,
    known: Set[str] | None = None,
    on_ocr_page: PageCallback | None = None,
) -> Prepared | IngestResult:
    try:
        known = _known_in_worker if known is None else known
        return prepare(label, path, stdin, known, on_ocr_page)
    except PowdbError as exc:
        return IngestResult(label, "failed", error=str(exc))
    except Exception as exc:  # a bug, or a library failing in a way nobody foresaw
        return IngestResult(label, "failed", error=f"{label}: {_unexpected(exc)}")


def _unexpected(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    detail = f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__
    return f"unexpected error ({detail})"


def _prepare_many(
    files: list[tuple[str, Path | None]], stdin: bytes | None, known: Set[str] | None = None
) -> list[Prepared | IngestResult]:
    """Prepare a batch of files (in a worker: ``known`` is the worker's unless given)."""
    return [_prepare_or_fail(label, path, stdin, known) for label, path in files]


_Batch = list[Prepared | IngestResult]
_Files = list[tuple[str, Path | None]]


class Pool(Protocol):
    """Where batches of files are read and extracted, away from the writer: worker processes
    (:class:`_Workers`) or a Dask cluster (:class:`powdb.dask_engine.DaskPool`)."""

    #: Batches that may be prepared or wait, done, at once: bounds the memory results take.
    in_flight: int

    def batch_full(self, files: int, size: int) -> bool:
        """Whether a batch of ``files`` files of ``size`` bytes in all is big enough to send."""
        ...

    def submit(self, files: _Files, stdin: bytes | None) -> Any:
        """Start preparing ``files``; what it returns is handed to :meth:`result`."""
        ...

    def result(self, files: _Files, handle: Any) -> _Batch:
        """The batch prepared, in order; files lost with a failed worker are failed results."""
        ...

    def __enter__(self) -> Pool: ...

    def __exit__(self, *exc_info: object) -> None: ...


def _prepared(
    files: _Files,
    stdin: bytes | None,
    known: Set[str],
    on_ocr_page: PageCallback | None = None,
    pool: Callable[[Set[str]], Pool] | None = None,
) -> Iterator[Prepared | IngestResult]:
    """Prepared documents in input order; at most ``in_flight`` batches wait in memory.

    Workers take files a batch at a time: handing them over one by one made the writer wait
    on the pool's hand-over far more than on its own work. Very large files and standard
    input are prepared here rather than in a worker, so their text is not copied between
    processes. OCR progress is reported for the documents prepared in this process only.
    """
    if pool is None or len(files) < 2:
        for label, path in files:
            yield _prepare_or_fail(label, path, stdin, known, on_ocr_page)
        return
    with pool(known) as workers:
        pending: deque[tuple[_Files, Any]] = deque()
        batch: _Files = []
        size = 0

        def submit() -> None:
            nonlocal size
            if batch:
                pending.append((list(batch), workers.submit(list(batch), stdin)))
                batch.clear()
                size = 0

        def done() -> _Batch:
            files_of_batch, handle = pending.popleft()
            return workers.result(files_of_batch, handle)

        for label, path in files:
            file_size = _size(path) if path is not None else LARGE_DOCUMENT_CHARS + 1
            if file_size > LARGE_DOCUMENT_CHARS:
                submit()
                while pending:
                    yield from done()
                yield _prepare_or_fail(label, path, stdin, known, on_ocr_page)
                continue
            batch.append((label, path))
            size += file_size
            if workers.batch_full(len(batch), size):
                submit()
                if len(pending) >= workers.in_flight:
                    yield from done()
        submit()
        while pending:
            yield from done()


class _Workers:
    """A process pool that a dead worker does not bring down with the whole run.

    A worker killed from outside (out of memory, a crash in a native library) breaks Python's
    pool: the files of the batches it had in hand fail, each with a one-line error, and a new
    pool takes the files after them.
    """

    def __init__(self, jobs: int, known: Set[str]) -> None:
        self.jobs, self.known = jobs, known
        self.in_flight = jobs * 3
        self.pool = self._start()

    def batch_full(self, files: int, size: int) -> bool:
        return files >= WORKER_BATCH

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=_mp_context(),
            initializer=_start_worker,
            initargs=(self.known, os.getpid()),
        )

    def submit(self, files: list[tuple[str, Path | None]], stdin: bytes | None) -> Future[_Batch]:
        try:
            return self.pool.submit(_prepare_many, files, stdin)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()
            return self.pool.submit(_prepare_many, files, stdin)

    def result(self, files: list[tuple[str, Path | None]], future: Future[_Batch]) -> _Batch:
        try:
            return future.result()
        except BrokenProcessPool:
            error = "a worker process died while reading it or another file of its batch"
        except Exception as exc:  # the results could not be handed over
            error = _unexpected(exc)
        return [IngestResult(label, "failed", error=f"{label}: {error}") for label, _ in files]

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports what is wrong with it


def _start_worker(known: Set[str], parent: int) -> None:
    global _known_in_worker
    _known_in_worker = known
    # Ctrl-C reaches the whole process group; the writer process handles it and shuts the
    # pool down, so workers must not die printing tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with(parent)


#: prctl(2) option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1
#: How often a worker checks that its parent lives, where the kernel cannot tell it.
PARENT_CHECK_SECONDS = 1.0


def _exit_with(parent: int) -> None:
    """Make this worker end when ``parent`` does, however it ends (``kill -9`` included).

    A worker waits on a queue that it holds both ends of, so it would never see its parent
    go: workers were found alive minutes after their ingest was killed. On Linux the kernel
    sends SIGKILL when the parent dies; elsewhere a thread watches the parent's pid.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the line above
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no prctl here: watch instead

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="powdb-parent-watch", daemon=True).start()


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts workers fastest; the workers only read files and run pure extraction.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
