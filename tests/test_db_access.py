"""Who may change a database: commands that read never create, migrate or write one; commands
that write refuse a damaged database or another program's; URLs are read as given, and no
message shows a password."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from powdb.db import (
    HEAD_REVISION,
    current_revision,
    make_engine,
    open_database,
    resolve_url,
    upgrade,
)
from reliability_support import one_error_line, write_documents

CREATES = "`powdb ingest` creates one"
READING = [
    ("sources",),
    ("claims",),
    ("claims", "--conflicting"),
    ("subjects",),
    ("report", "-o", "r.html"),
    ("db", "check"),
    ("db", "backup", "copy.db"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded_sqlite_file(cli, seeds: Path, tmp_path: Path) -> Path:
    """The path of a SQLite file holding the seeds, whatever the backend under test, its
    write-ahead log folded in so that the file alone is the whole database."""
    path = tmp_path / "seeded.db"
    assert cli("ingest", str(seeds), "--db", str(path)).exit_code == 0
    with sqlite3.connect(path) as connection:  # fold the WAL in: the file alone is complete
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_reading_a_missing_database_is_an_error_and_creates_nothing(
    command: tuple[str, ...], cli, tmp_path: Path
) -> None:
    result = cli(*command, "--db", "typo.db")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no database at {tmp_path / 'typo.db'}; `powdb ingest` creates one\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_default_database_is_not_created_by_reading(cli, tmp_path: Path) -> None:
    result = cli("claims")
    assert result.exit_code == 1
    assert str(tmp_path / "data" / "powdb.db") in result.stderr
    assert not (tmp_path / "data").exists()


def _foreign_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
        connection.execute("INSERT INTO songs VALUES ('Lili Marleen')")
        connection.commit()


@pytest.mark.parametrize(
    "command",
    [*READING, ("ingest", "note.txt"), ("db", "upgrade"), ("subjects", "rename", "1", "x")],
    ids=" ".join,
)
def test_another_programs_sqlite_file_is_refused_untouched(
    command: tuple[str, ...], cli, tmp_path: Path
) -> None:
    (tmp_path / "note.txt").write_text("About 4,000 men came home.\n")
    _foreign_database(tmp_path / "other.db")
    before = _digest(tmp_path / "other.db")
    result = cli(*command, "--db", "other.db")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'other.db'} is not a powdb database "
        "(it holds other tables: songs); powdb leaves it as it is\n"
    )
    assert _digest(tmp_path / "other.db") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.txt", "other.db"]  # no -wal


def test_an_older_database_is_upgraded_by_writing_not_by_reading(
    cli, seeds: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(resolve_url(str(path)))
    upgrade(engine, "0004")
    engine.dispose()
    for command in [("claims",), ("report", "-o", "r.html"), ("db", "check")]:
        result = cli(*command, "--db", str(path))
        assert result.exit_code == 1
        assert one_error_line(result.stderr) == (
            f"Error: the database {path} is at schema revision 0004, older than this powdb's "
            f"{HEAD_REVISION}: `powdb db upgrade` upgrades it (so does any command that writes)"
        )
    # A backup is what one takes before an upgrade.
    assert cli("db", "backup", "before-upgrade.db", "--db", str(path)).exit_code == 0
    assert current_revision(make_engine(resolve_url(str(path)))) == "0004"

    assert cli("db", "upgrade", "--db", str(path)).exit_code == 0
    assert cli("claims", "--db", str(path)).exit_code == 0
    assert current_revision(make_engine(resolve_url(str(path)))) == HEAD_REVISION


@contextlib.contextmanager
def _read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders read-only, for root too (chattr +i) where that is possible."""
    modes = {path: path.stat().st_mode for path in paths}
    immutable = os.geteuid() == 0
    if immutable:
        chattr = shutil.which("chattr")
        done = chattr and subprocess.run([chattr, "+i", *map(str, paths)], check=False)
        if not done or done.returncode != 0:
            pytest.skip("running as root without chattr +i: nothing is read-only to root")
    else:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        for path, mode in modes.items():
            path.chmod(mode)


def test_a_read_only_database_can_be_browsed_and_checked(
    cli, seeded_sqlite_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.move(seeded_sqlite_file, folder / "powdb.db")
    path = folder / "powdb.db"
    (tmp_path / "out").mkdir()
    with _read_only(path, folder):
        for command in [("sources",), ("claims", "--search", "forgotten"), ("subjects",)]:
            result = cli(*command, "--db", str(path), "--format", "json")
            assert result.exit_code == 0, result.output
        result = cli("report", "-o", "out/r.html", "--db", str(path))
        assert result.exit_code == 0, result.output
        result = cli("db", "check", "--db", str(path))
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "Note: search index not checked: SQLite checks it only with write access, and this "
            "database file cannot be written to",
            "ok",
        ]
        result = cli("db", "upgrade", "--db", str(path))
        assert result.exit_code == 1
        one_error_line(result.stderr)
    assert sorted(p.name for p in folder.iterdir()) == ["powdb.db"]


def test_db_check_while_a_writer_is_mid_transaction_sees_one_moment(
    cli, seeded_sqlite_file: Path
) -> None:
    # An ingest writes in transactions of about a second: one is open when the check starts
    # and commits while it runs. The check once read a moment before it and checked the
    # search index after it, and reported the index out of step (14 of 16 runs).
    writer = sqlite3.connect(seeded_sqlite_file, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE claims SET quote = quote || ' (checked)' WHERE id = 1")
    commit = threading.Timer(1.0, writer.execute, ["COMMIT"])
    commit.start()
    try:
        result = cli("db", "check", "--db", str(seeded_sqlite_file))
    finally:
        commit.join()
        writer.close()
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "ok\n")


def _damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        if how == "garbage-pages":  # somewhere in the middle
            file.seek(4096 * 8)
            file.write(os.urandom(4096 * 6))
        else:  # the end of the file
            file.seek(size - 4096 * 4)
            file.write(b"\xa5" * 4096 * 4)


@pytest.fixture
def big_enough(cli, tmp_path: Path) -> Path:
    path = tmp_path / "damaged.db"
    write_documents(tmp_path / "docs", 60)
    assert cli("ingest", "docs", "--db", str(path)).exit_code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.mark.parametrize("how", ["garbage-pages", "garbage-tail"])
def test_a_damaged_database_is_not_written_to(
    how: str, cli, big_enough: Path, tmp_path: Path
) -> None:
    _damage(big_enough, how)
    before = _digest(big_enough)
    write_documents(tmp_path / "more", 3, first=500)
    for command in [
        ("ingest", "more"),
        ("subjects", "merge", "1", "2"),
        ("sources", "edit", "1", "--title", "New title"),
    ]:
        result = cli(*command, "--db", str(big_enough))
        assert result.exit_code == 1, (command, result.output)
        line = one_error_line(result.stderr)
        assert line.startswith(f"Error: {big_enough} is damaged (")
        assert line.endswith(
            "); nothing was written to it. Restore it from a backup, or save what can be "
            f"read: sqlite3 {big_enough} .recover | sqlite3 recovered.db"
        )
    assert _digest(big_enough) == before

    result = cli("db", "backup", "copy.db", "--db", str(big_enough))
    assert result.exit_code == 1, result.output
    assert "no backup was written to copy.db. Restore it from a backup" in result.stderr
    assert not (tmp_path / "copy.db").exists()
    assert not list(tmp_path.glob("copy.db*"))


def test_sqlite_url_options_are_obeyed(cli, seeded_sqlite_file: Path, tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'x.db'}?mode=ro"
    result = cli("claims", "--db", missing)
    assert (
        result.stderr == f"Error: no database at {tmp_path / 'x.db'}; `powdb ingest` creates one\n"
    )
    assert not (tmp_path / "x.db").exists()

    read_only = f"sqlite:///{seeded_sqlite_file}?mode=ro"
    assert cli("claims", "--db", read_only, "--format", "json").exit_code == 0
    before = _digest(seeded_sqlite_file)
    result = cli("sources", "edit", "1", "--title", "Renamed", "--db", read_only)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {seeded_sqlite_file} is to be opened read-only (its URL says so), and this "
        "command writes to it\n"
    )
    assert _digest(seeded_sqlite_file) == before

    result = cli("claims", "--db", f"sqlite:///{seeded_sqlite_file}?color=blue")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SQLite does not know the option color")


@pytest.mark.parametrize("url", ["://", "postgresql://h:notaport/db"])
def test_a_url_that_cannot_be_read_is_one_error_line(url: str, cli, tmp_path: Path) -> None:
    result = cli("claims", "--db", url)
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        f"Error: cannot read the database URL {url!r}; give a file path, "
        "sqlite:////path/to/file.db or postgresql://user@host/dbname"
    )
    assert result.stderr.count("\n") == 1  # no warning with a source line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_never_show_their_password(scheme: str, cli) -> None:
    url = f"{scheme}://bob:s3cret@127.0.0.1:1/x"  # nothing listens on port 1
    for command in [("sources",), ("ingest", "-"), ("db", "path")]:
        result = cli(*command, "--db", url, input="About 4,000 men came home.\n")
        assert "s3cret" not in result.output
        assert "bob:***@127.0.0.1" in result.output
    result = cli("sources", "--db", url)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database postgresql+psycopg://bob:***@")
    assert resolve_url(url).startswith("postgresql+psycopg://bob:s3cret@127.0.0.1:1/x")


def test_a_missing_postgresql_driver_names_the_extra_to_install(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    result = cli("sources", "--db", "postgres://bob:s3cret@db.example/x")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: PostgreSQL needs a driver powdb did not find (psycopg): "
        "pip install 'powdb[postgres]'\n"
    )


def test_a_library_user_opens_for_reading_without_writing(seeded_sqlite_file: Path) -> None:
    before = _digest(seeded_sqlite_file)
    engine = open_database(str(seeded_sqlite_file), read_only=True)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sources").scalar() == 3
        with pytest.raises(Exception, match="readonly"):
            connection.exec_driver_sql("DELETE FROM claims")
    engine.dispose()
    assert _digest(seeded_sqlite_file) == before
