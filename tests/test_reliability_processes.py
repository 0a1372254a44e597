"""Interruption and concurrency: powdb killed, interrupted, or run twice at once, loses nothing.

The tests marked slow run real ``powdb`` processes against the database under test (what they
test needs a process: a signal, kill -9, two writers at once); everything around them runs
in-process. Then they look at the database without powdb: it opens, passes ``powdb db check``,
holds only whole documents, and stores each content once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from powdb.cli import app
from powdb.db import open_database
from powdb.ingest import ingest_files
from powdb.store import IngestResult
from reliability_support import (
    TIMEOUT,
    assert_whole_documents,
    count_sources,
    one_error_line,
    start_powdb,
    wait_for_sources,
    write_documents,
)

DOCUMENTS = 400
# Long enough that a run lasts several of ingest's ~1 s commits, so a kill lands mid-run.
PARAGRAPHS = 60


def powdb(*args: str) -> tuple[int, str]:
    """``powdb ARGS`` in this process (the CLI runner): its exit code and stderr."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stderr


def assert_sound(db_url: str) -> int:
    """The database opens, passes db check, and holds whole documents; returns their number."""
    open_database(db_url).dispose()
    code, stderr = powdb("db", "check", "--db", db_url)
    assert code == 0, stderr
    return assert_whole_documents(db_url)


def finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    try:
        return process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise


@pytest.mark.slow
def test_sigkill_mid_run_leaves_whole_documents_and_a_rerun_completes(
    tmp_path: Path, db_url: str
) -> None:
    write_documents(tmp_path / "docs", DOCUMENTS, paragraphs=PARAGRAPHS)
    process = start_powdb("ingest", "docs", "--db", db_url, "--jobs", "1")
    wait_for_sources(process, db_url, at_least=20)
    process.send_signal(signal.SIGKILL)
    finish(process)
    assert process.returncode == -signal.SIGKILL

    stored = assert_sound(db_url)
    assert 20 <= stored < DOCUMENTS, "the kill must land mid-run"

    code, stderr = powdb("ingest", "docs", "--db", db_url)
    assert code == 0, stderr
    assert f"{DOCUMENTS} files: {DOCUMENTS - stored} added" in stderr
    assert f"{stored} unchanged" in stderr
    assert assert_sound(db_url) == DOCUMENTS


def _children(pid: int) -> set[int]:
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children.update(map(int, (task / "children").read_text().split()))
    return children


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_workers_end_when_ingest_is_killed(tmp_path: Path, db_url: str) -> None:
    write_documents(tmp_path / "docs", DOCUMENTS, paragraphs=PARAGRAPHS)
    process = start_powdb("ingest", "docs", "--db", db_url, "--jobs", "2")
    wait_for_sources(process, db_url, at_least=10)
    workers = _children(process.pid)
    assert len(workers) >= 2
    process.send_signal(signal.SIGKILL)
    # Not communicate(): workers that outlive their parent hold its pipes open.
    process.wait(timeout=TIMEOUT)
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # do not leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    for pipe in (process.stdout, process.stderr):
        assert pipe is not None
        pipe.close()
    assert left == [], "workers outlived their ingest"


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_exit_130(jobs: str, tmp_path: Path, db_url: str) -> None:
    write_documents(tmp_path / "docs", DOCUMENTS, paragraphs=PARAGRAPHS)
    process = start_powdb("ingest", "docs", "--db", db_url, "--jobs", jobs)
    wait_for_sources(process, db_url, at_least=10)
    # Ctrl-C in a terminal signals the whole foreground process group, workers included.
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = finish(process)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "Interrupted."
    assert assert_sound(db_url) < DOCUMENTS
    code, stderr = powdb("ingest", "docs", "--db", db_url)
    assert code == 0, stderr
    assert assert_sound(db_url) == DOCUMENTS


class _InterruptedFinalizer:
    """Receives Ctrl-C inside ``__del__``, where Python prints the KeyboardInterrupt and
    ignores it: the spot where a driver's finalizer once made ingest run on to exit 0."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)
        sum(range(1000))  # the handler runs here, still inside __del__


def test_ctrl_c_swallowed_by_a_finalizer_still_stops_ingest(
    tmp_path: Path, db_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    paths = write_documents(tmp_path / "docs", 20)
    engine = open_database(db_url)
    seen: list[str] = []

    def on_result(result: IngestResult) -> None:
        seen.append(result.label)
        if len(seen) == 3:
            _InterruptedFinalizer()  # dropped at once: __del__ runs here

    try:
        with pytest.raises(KeyboardInterrupt):
            ingest_files(engine, [(str(p), p) for p in paths], on_result=on_result)
    finally:
        engine.dispose()
    assert len(seen) == 3, "ingest stops at the next document"
    assert "Exception ignored" not in capfd.readouterr().err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert assert_sound(db_url) < len(paths)


@pytest.mark.parametrize(
    "statement", ["INSERT INTO sources", "INSERT INTO claims (", "INSERT INTO claims_fts"]
)
def test_ctrl_c_inside_a_database_statement_is_interrupted_and_130(
    statement: str, tmp_path: Path, db_url: str
) -> None:
    """Ctrl-C while the database driver runs a statement: SQLAlchemy invalidates the
    connection, and rolling back the document's savepoint on it raised PendingRollbackError
    (a 60-line traceback and exit 1, about one run in four)."""
    if statement == "INSERT INTO claims_fts" and not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL indexes claims itself")
    write_documents(tmp_path / "docs", 12)
    open_database(db_url).dispose()  # the migrations' statements are not the ingest's
    # The search index is written once per batch (these 12 documents are one): its first.
    nth = 1 if statement == "INSERT INTO claims_fts" else 2
    seen = []

    def interrupt_the_second(connection, cursor, sql: str, *args: object) -> None:
        if sql.startswith(statement):
            seen.append(sql)
            if len(seen) == nth:
                signal.raise_signal(signal.SIGINT)  # as a Ctrl-C at this moment would

    sa.event.listen(Engine, "before_cursor_execute", interrupt_the_second)
    try:
        code, stderr = powdb("ingest", "docs", "--db", db_url, "--jobs", "1")
    finally:
        sa.event.remove(Engine, "before_cursor_execute", interrupt_the_second)
    assert len(seen) == nth
    assert (code, stderr.splitlines()) == (130, ["Interrupted."])
    assert assert_sound(db_url) < 12


@pytest.mark.slow
def test_two_ingests_at_once_with_overlapping_files(tmp_path: Path, db_url: str) -> None:
    shared = write_documents(tmp_path / "shared", 120)
    only_a = write_documents(tmp_path / "a", 60, first=1000)
    only_b = write_documents(tmp_path / "b", 60, first=2000)
    # Both start with the same files in the same order, so they reach each one together.
    first = start_powdb("ingest", "shared", "a", "--db", db_url, "--jobs", "1")
    second = start_powdb("ingest", "shared", "b", "--db", db_url, "--jobs", "2")
    outcomes = [finish(first), finish(second)]

    for process, (_, stderr) in zip((first, second), outcomes, strict=True):
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr and "locked" not in stderr
        assert "0 failed" in stderr
    total = len(shared) + len(only_a) + len(only_b)
    assert assert_sound(db_url) == total
    added = sum(int(stderr.split(" added")[0].rsplit(" ", 1)[1]) for _, stderr in outcomes)
    assert added == total


@pytest.mark.slow
def test_two_processes_opening_a_new_database_at_once_both_migrate_it(
    tmp_path: Path, db_url: str
) -> None:
    (tmp_path / "one.txt").write_text("About 1,500 prisoners of war were moved in March.\n")
    (tmp_path / "two.txt").write_text("Roughly 700 internees were released in April.\n")
    processes = [
        start_powdb("ingest", "one.txt", "--db", db_url),
        start_powdb("ingest", "two.txt", "--db", db_url),
        start_powdb("db", "upgrade", "--db", db_url),
    ]
    for process in processes:
        _, stderr = finish(process)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert assert_sound(db_url) == 2


@pytest.mark.slow
def test_backup_while_another_process_ingests(tmp_path: Path) -> None:
    db_url = "sqlite:///" + str(tmp_path / "live.db")
    write_documents(tmp_path / "docs", DOCUMENTS, paragraphs=PARAGRAPHS)
    process = start_powdb("ingest", "docs", "--db", db_url, "--jobs", "1")
    wait_for_sources(process, db_url, at_least=20)

    backup_code, backup_stderr = powdb("db", "backup", "copy.db", "--db", db_url)
    still_running = process.poll() is None
    _, stderr = finish(process)

    assert backup_code == 0, backup_stderr
    assert process.returncode == 0, stderr
    assert still_running, "the backup must be taken while the ingest runs"
    copy_url = "sqlite:///" + str(tmp_path / "copy.db")
    assert 20 <= assert_sound(copy_url) <= DOCUMENTS
    assert count_sources(db_url) == DOCUMENTS
    assert not list(tmp_path.glob("*.partial"))


def test_backup_refusals_are_one_line_errors(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "taken.db").write_bytes(b"keep me")
    for target in ("taken.db", "no/such/dir/copy.db"):
        code, stderr = powdb("db", "backup", target, "--db", db_url)
        assert code == 1
        one_error_line(stderr)
    assert (tmp_path / "taken.db").read_bytes() == b"keep me"
