"""``powdb report``: one HTML file to look at, mail to a colleague, or archive with the database.

The report shows an overview, each conflict as a chart of the claims' intervals beside the
claims themselves, every subject with its claims (agreeing ones grouped), and every source's
full text with its claims highlighted in place (``#claim-ID`` anchors). It is self-contained:
styles and charts (inline SVG) are in the page, and nothing is fetched when it is viewed.

Above :data:`SPLIT_ABOVE` sources, :func:`write_report` writes ``report.html`` with the
overview, conflicts and indexes of subjects and sources, and a ``report_files/`` folder beside
it with a page per source and per subject, so that no page grows too large for a browser.

    from powdb.db import open_database
    from powdb.report import write_report
    write_report(open_database("data/powdb.db"), "report.html", conflicting_only=True)
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from powdb.errors import PowdbError
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
    leaves a half-written report over a good one.
    """
    target = Path(path)
    if target.is_dir():
        raise PowdbError(f"{target} is a folder; give a file name such as report.html")
    if not target.parent.is_dir():
        raise PowdbError(f"no folder {target.parent} to write the report in")
    data = load(
        engine, subject_ids=subject_ids, source_ids=source_ids, conflicting_only=conflicting_only
    )
    if split is None:
        split = len(data.sources) > SPLIT_ABOVE
    files_dir = target.with_name(target.stem + FILES_SUFFIX)
    renderer = Renderer(data, files_dir=files_dir.name)
    try:
        return _write(renderer, data, target, files_dir if split else None)
    except OSError as exc:
        raise PowdbError(f"cannot write the report to {target}: {exc.strerror or exc}") from None


def _write(
    renderer: Renderer, data: ReportData, target: Path, files_dir: Path | None
) -> ReportSummary:
    pages = 1
    size = 0
    if files_dir is not None:
        staging = Path(tempfile.mkdtemp(prefix=f".{files_dir.name}-", dir=target.parent))
        try:
            for written, written_size in _write_pages(renderer, target.name, staging):
                pages += written
                size += written_size
            if files_dir.exists():
                shutil.rmtree(files_dir)
            staging.rename(files_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    size += _write_atomic(target, renderer.main_page(split=files_dir is not None))
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


def _write_pages(renderer: Renderer, main_name: str, staging: Path) -> Iterator[tuple[int, int]]:
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
        with ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_start_worker) as pool:
            futures = [
                pool.submit(_worker_task, main_name, staging, kind, number)
                for kind, number in tasks
            ]
            for future in futures:
                yield future.result()
    finally:
        _renderer = None


def _start_worker() -> None:
    assert _renderer is not None
    # The parent's pooled connections must not be used by a child: open new ones.
    _renderer.data.engine.dispose(close=False)


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


def _write_atomic(target: Path, text: str) -> int:
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        size = _write_text(temporary, text)
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
    return size
