"""``powdb report``: one HTML file to look at, mail to a colleague, or archive with the database.

The report shows an overview, each conflict as a chart of the claims' intervals beside the
claims themselves, every subject with its claims (agreeing ones grouped), and every source's
full text with its claims highlighted in place (``#claim-ID`` anchors). It is self-contained:
styles and charts (inline SVG) are in the page, and nothing is fetched when it is viewed.

Above :data:`SPLIT_ABOVE` sources, :func:`write_report` writes ``report.html`` with the
overview, conflicts and indexes of subjects and sources, and a ``report_files/`` folder beside
it with a page per source and per subject, so that no page grows too large for a browser.
It overwrites nothing but a report powdb wrote (see :mod:`powdb.report.files`).

    from powdb.db import open_database
    from powdb.report import write_report
    write_report(open_database("data/powdb.db"), "report.html", conflicting_only=True)
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from powdb.db import database_file
from powdb.errors import PowdbError
from powdb.report import files
from powdb.report.data import ReportData, load
from powdb.report.pages import FILES_SUFFIX, Renderer

__all__ = ["SPLIT_ABOVE", "ReportSummary", "build_report", "write_report"]

# A single page stays quick to open with a few hundred source texts in it; past that each
# source gets a page of its own.
SPLIT_ABOVE = 200


@dataclass(frozen=True)
class ReportSummary:
    """What :func:`write_report` wrote."""

    path: Path
    files_dir: Path | None  # the folder of per-source and per-subject pages, if split
    pages: int
    bytes: int
    sources: int
    claims: int
    subjects: int
    conflicts: int
    corroborations: int


def build_report(
    engine: Engine,
    *,
    subject_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    conflicting_only: bool = False,
) -> str:
    """The whole report as one self-contained HTML page.

    Filters: claims of these subjects, of these sources, of subjects with clashing figures;
    see :func:`powdb.report.data.load`. Unknown ids raise :class:`powdb.errors.NotFoundError`.
    For a large database prefer :func:`write_report`, which splits the report into pages.
    """
    data = load(
        engine, subject_ids=subject_ids, source_ids=source_ids, conflicting_only=conflicting_only
    )
    return Renderer(data).main_page(split=False)


def write_report(
    engine: Engine,
    path: str | os.PathLike[str],
    *,
    subject_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    conflicting_only: bool = False,
    split: bool | None = None,
) -> ReportSummary:
    """Write the report to ``path``; with more than :data:`SPLIT_ABOVE` sources (or ``split``)
    also a folder ``<name>_files/`` beside it with a page per source and per subject.

    Files are written to a temporary name and moved into place, so an interrupted run never
    leaves a half-written report over a good one. Raises :class:`PowdbError` rather than
    write over a database, a device or a folder powdb did not write.
    """
    database = database_file(engine)
    target = files.check_target(Path(path), database)
    files_dir = target.with_name(target.stem + FILES_SUFFIX)
    data = load(
        engine, subject_ids=subject_ids, source_ids=source_ids, conflicting_only=conflicting_only
    )
    if split is None:
        split = len(data.sources) > SPLIT_ABOVE
    if split:
        files.check_files_folder(files_dir)  # before the work, not only when it is done
    renderer = Renderer(data, files_dir=files_dir.name)
    try:
        return _write(renderer, data, target, files_dir if split else None, database)
    except OSError as exc:
        raise PowdbError(f"cannot write the report to {target}: {exc.strerror or exc}") from None


def _write(
    renderer: Renderer,
    data: ReportData,
    target: Path,
    files_dir: Path | None,
    database: Path | None,
) -> ReportSummary:
    pages = 1
    size = 0
    if files_dir is not None:
        # closing(): on Ctrl-C between two pages the generator is closed (its workers ended)
        # before the staging folder is removed; left to the garbage collector, workers could
        # write into the folder while it was being removed, and leave it behind.
        with (
            files.staging_folder(files_dir) as staging,
            contextlib.closing(_write_pages(renderer, target.name, staging)) as written_pages,
        ):
            for written, written_size in written_pages:
                pages += written
                size += written_size
            files.install_folder(staging, files_dir)
    main_page = renderer.main_page(split=files_dir is not None).encode("utf-8")
    size += files.write_atomic(target, main_page, database)
    if files_dir is None:
        # A single page now: the pages of an earlier split report of this name are stale.
        files.remove_folder(target.with_name(target.stem + FILES_SUFFIX))
    return ReportSummary(
        path=target,
        files_dir=files_dir,
        pages=pages,
        bytes=size,
        sources=len(data.sources),
        claims=data.claim_count,
        subjects=len(data.subjects),
        conflicts=len(data.conflicts),
        corroborations=data.corroboration_count,
    )


# Pages are rendered in this many forked processes: rendering is nearly all of the CPU time
# of writing a large report, and each process writes its own files.
WORKERS = 2
_TASK_SOURCES = 500  # source pages per task

_renderer: Renderer | None = None  # the renderer of the report being written, for workers


def _write_pages(
    renderer: Renderer, main_name: str, staging: Path
) -> Generator[tuple[int, int], None, None]:
    """Render the pages of the ``_files`` folder into ``staging``; ``(pages, bytes)`` per task."""
    global _renderer
    tasks: list[tuple[str, int]] = [("conflicts", 0)]
    tasks += [("subjects", n) for n in range(1, len(renderer.subject_chunks) + 1)]
    tasks += [("sources", i) for i in range(0, len(renderer.data.sources), _TASK_SOURCES)]
    if "fork" not in multiprocessing.get_all_start_methods() or len(tasks) < 2 * WORKERS:
        for kind, number in tasks:
            yield _render_task(renderer, main_name, staging, kind, number)
        return
    # Forked workers inherit the renderer (data, charts) instead of receiving it pickled.
    _renderer = renderer
    try:
        context = multiprocessing.get_context("fork")
        # Leaving the block terminates the workers: on Ctrl-C or an error they stop at once
        # instead of finishing their tasks into a folder that is being removed. Ctrl-C is held
        # back while they are forked, so that none is hit before it ignores Ctrl-C; the
        # parent receives it once the pool is in the block's hands.
        with contextlib.ExitStack() as stack:
            with files.ctrl_c_held():
                pool = stack.enter_context(
                    context.Pool(WORKERS, initializer=_start_worker, initargs=(os.getpid(),))
                )
            results = [
                pool.apply_async(_worker_task, (main_name, staging, kind, number))
                for kind, number in tasks
            ]
            for result in results:
                yield result.get()
    finally:
        _renderer = None


def _start_worker(parent: int) -> None:
    assert _renderer is not None
    # Ctrl-C reaches the whole process group: the parent stops the workers and says
    # "Interrupted."; a worker's own KeyboardInterrupt would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with(parent)
    # The parent's pooled connections must not be used by a child: open new ones.
    _renderer.data.engine.dispose(close=False)


def _die_with(parent: int) -> None:
    """Have the kernel end this worker when its parent dies (Linux), even by ``kill -9``: an
    orphan would go on holding the lock that marks the run's temporary folder as in use."""
    if not sys.platform.startswith("linux"):
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker_task(main_name: str, staging: Path, kind: str, number: int) -> tuple[int, int]:
    assert _renderer is not None
    return _render_task(_renderer, main_name, staging, kind, number)


def _render_task(
    renderer: Renderer, main_name: str, staging: Path, kind: str, number: int
) -> tuple[int, int]:
    if kind == "conflicts":
        pages_html = renderer.conflict_pages(main_name)
    elif kind == "subjects":
        pages_html = renderer.subject_pages(main_name, [number])
    else:
        pages_html = renderer.source_pages(main_name, number, number + _TASK_SOURCES)
    pages = size = 0
    for name, html in pages_html:
        size += _write_text(staging / name, html)
        pages += 1
    return pages, size


def _write_text(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)
