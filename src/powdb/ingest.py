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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from sqlalchemy.engine import Engine

from powdb.errors import InputError, PowdbError
from powdb.extract import extract_claims
from powdb.readers import read_bytes, read_document
from powdb.store import (
    STDIN,
    BatchWriter,
    IngestResult,
    Metadata,
    Prepared,
    Status,
)
from powdb.subjects import figure_of_claim


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
    with BatchWriter(engine, metadata) as writer:
        for item in _prepared(files, stdin, jobs):
            if isinstance(item, Prepared):
                try:
                    result = writer.store(item)
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
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=_mp_context(), initializer=_ignore_interrupts
    ) as pool:
        pending: deque[Future[Prepared | IngestResult]] = deque()
        remaining = iter(files)
        for label, path in remaining:
            pending.append(pool.submit(_prepare_or_fail, label, path, stdin))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the writer process handles it and shuts the
    # pool down, so workers must not die printing tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts workers fastest; the workers only read files and run pure extraction.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
