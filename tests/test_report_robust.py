"""`powdb report` on hostile content and hostile places: it never aborts on what a document
says, and it never destroys what it writes over."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from powdb.db import open_database
from powdb.errors import PowdbError
from powdb.ingest import ingest_paths
from powdb.output import chart_label
from powdb.report import write_report
from reliability_support import TIMEOUT, run_powdb, start_powdb, write_documents

# Every character the chart renderer (vl-convert, in Rust) aborted the whole process on, and
# terminal escape sequences; tabs and line breaks in a title are only spacing.
CONTROL_TITLE = "\x1b[31mRed\x00 Army\x07 files\x0b\x0c\x1f\ufffe\uffff\x7f\x85 \t(1946)\r\n"


@pytest.fixture
def seeded_sqlite(cli, seeds: Path, tmp_path: Path) -> str:
    """The seeds in a SQLite file of its own, ``seeded.db`` in the test's folder, whatever the
    backend under test: these tests look at the files next to the database."""
    url = "sqlite:///" + str(tmp_path / "seeded.db")
    result = cli("ingest", str(seeds), "--db", url)
    assert result.exit_code == 0, result.output
    return url


def test_chart_labels_keep_text_and_drop_control_characters() -> None:
    assert chart_label("Plain – text, ünïcode 🙂") == "Plain – text, ünïcode 🙂"
    assert chart_label(CONTROL_TITLE) == "[31mRed Army files (1946)"
    assert chart_label("a\udcffb\ud800") == "ab"  # lone surrogates (undecodable file names)
    assert chart_label("line one\nline two") == "line one line two"


@pytest.mark.slow
def test_control_characters_in_titles_do_not_crash_the_report(
    cli, seeded_sqlite: str, tmp_path: Path
) -> None:
    # Source 2 holds the 291 of the seeds' one conflict, so its title is drawn in the chart.
    assert (
        cli("sources", "edit", "2", "--title", CONTROL_TITLE, "--db", seeded_sqlite).exit_code == 0
    )
    # In a process of its own: the renderer used to abort the interpreter (SIGABRT).
    result = run_powdb("report", "-o", str(tmp_path / "r.html"), "--db", seeded_sqlite)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Wrote ")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "[31mRed Army files (1946)" in chart
    assert not any(ch in chart for ch in "\x00\x1b\x07\ufffe\uffff")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_never_writes_over_the_database(cli, seeded_sqlite: str, tmp_path: Path) -> None:
    database = tmp_path / "seeded.db"
    other = tmp_path / "other.db"
    open_database(str(other)).dispose()
    digests = {path: _digest(path) for path in (database, other)}
    for target, says in [
        ("seeded.db", "is the database in use"),
        ("seeded.db-wal", "is the database in use"),
        ("other.db", "is a database"),
    ]:
        result = cli("report", "-o", target, "--db", seeded_sqlite)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"Error: {target} "), result.stderr
        assert says in result.stderr
    assert {path: _digest(path) for path in digests} == digests


def test_report_never_replaces_what_is_not_a_regular_file(
    cli, seeded_sqlite: str, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.html")  # as a device such as /dev/full, it must stay what it is
    result = cli("report", "-o", "pipe.html", "--db", seeded_sqlite)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: pipe.html is not a regular file (a device, pipe or socket); "
        "give a file name such as report.html\n"
    )
    assert stat.S_ISFIFO((tmp_path / "pipe.html").lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_report_writes_through_a_link_and_keeps_the_file_mode(
    cli, seeded_sqlite: str, tmp_path: Path
) -> None:
    (tmp_path / "site").mkdir()
    published = tmp_path / "site" / "report.html"
    published.write_text("old report")
    published.chmod(0o640)
    (tmp_path / "report.html").symlink_to(published)
    assert cli("report", "-o", "report.html", "--db", seeded_sqlite).exit_code == 0
    assert (tmp_path / "report.html").is_symlink()
    assert "roughly 23,500" in published.read_text(encoding="utf-8")
    assert stat.S_IMODE(published.stat().st_mode) == 0o640


def test_split_report_leaves_a_folder_it_did_not_write(seeded_sqlite: str, tmp_path: Path) -> None:
    engine = open_database(seeded_sqlite)
    mine = tmp_path / "Article_files"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    with pytest.raises(PowdbError, match="Article_files exists and powdb did not write it"):
        write_report(engine, tmp_path / "Article.html", split=True)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert not (tmp_path / "Article.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_split_report_keeps_files_added_to_its_folder(seeded_sqlite: str, tmp_path: Path) -> None:
    engine = open_database(seeded_sqlite)
    write_report(engine, tmp_path / "r.html", split=True)
    (tmp_path / "r_files" / "notes.txt").write_text("my notes")
    first = _digest(tmp_path / "r.html")
    with pytest.raises(PowdbError, match=r"r_files holds files powdb did not write \(notes.txt\)"):
        write_report(engine, tmp_path / "r.html", split=True, conflicting_only=True)
    assert (tmp_path / "r_files" / "notes.txt").read_text() == "my notes"
    assert _digest(tmp_path / "r.html") == first
    # Once they are moved away, the folder is powdb's again.
    (tmp_path / "r_files" / "notes.txt").unlink()
    write_report(engine, tmp_path / "r.html", split=True, conflicting_only=True)
    assert len(list((tmp_path / "r_files").glob("*.html"))) == 2 + 1  # 2 sources, 1 subject


# A split report's pages are rendered by worker processes when it has more than 500 sources.
SPLIT_SOURCES = 520


@pytest.fixture(scope="module")
def big_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    engine = open_database(str(folder / "big.db"))
    paths = write_documents(folder / "docs", SPLIT_SOURCES, paragraphs=2)
    assert not ingest_paths(engine, [str(p) for p in paths]).failed
    engine.dispose()
    return folder / "big.db"


def _start_report(database: Path, target: Path, moment: str = "rendering") -> subprocess.Popen[str]:
    """``powdb report`` writing a split report, once it is starting its workers (its temporary
    folder is there) or once they are rendering (pages are in it)."""
    process = start_powdb("report", "-o", str(target), "--db", str(database))
    pattern = f".{target.stem}_files-*" + ("/*.html" if moment == "rendering" else "")
    deadline = time.monotonic() + TIMEOUT
    while not list(target.parent.glob(pattern)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    return process


def _kill_group(process: subprocess.Popen[str]) -> None:
    """End whatever is left of the report's process group, so no test leaves a process."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["starting"])
def test_ctrl_c_during_a_split_report_says_interrupted_and_leaves_nothing(
    moment: str, big_database: Path, tmp_path: Path
) -> None:
    process = _start_report(big_database, tmp_path / "r.html", moment)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the workers too
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        _kill_group(process)
    assert (process.returncode, stderr) == (130, "Interrupted.\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_leftovers_of_a_killed_split_report_are_removed_by_the_next(
    cli, big_database: Path, tmp_path: Path
) -> None:
    process = _start_report(big_database, tmp_path / "r.html")
    process.kill()
    process.wait(timeout=TIMEOUT)
    # Its workers end with it, rather than live on holding the temporary folder.
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            assert time.monotonic() < deadline, "workers outlived the killed report"
            time.sleep(0.01)
    finally:
        _kill_group(process)
        process.communicate()
    assert [p.name[:9] for p in tmp_path.iterdir()] == [".r_files-"]

    result = cli("report", "-o", "r.html", "--db", str(big_database))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r_files"]
