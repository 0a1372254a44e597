"""What ingest is given: bad paths among good ones, folders it cannot list, the project folder
with its own database in it, one file under two spellings, names that are not UTF-8, and a
file whose reading fails in a way nobody foresaw. Each bad thing is one error line; the rest
is stored."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import docgen
from powdb.db import open_database
from powdb.files import find_files
from powdb.ingest import ingest_files

GOOD = "The commission counted 4,200 prisoners of war at the camp in the spring.\n"
OTHER = "Nearly 900 men came home in the autumn.\n"
NOBODY = 65534


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def test_bad_paths_are_each_reported_and_the_rest_ingested(cli, tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(OTHER)
    result = cli("ingest", "missing.txt", "good", "gone/", "b.txt", "--db", "t.db")
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        "Error: missing.txt: no such file or directory",
        "Error: gone/: no such file or directory",
    ]
    assert "4 files: 2 added, 0 updated, 0 unchanged, 2 failed" in result.stderr
    assert len(cli.json("sources", "--db", "t.db")) == 2


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run the block without root's right to read everything (as user nobody), so that a
    folder without read permission is one, as it is for everybody else."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_ingested(
    tmp_path: Path, db_url: str
) -> None:
    corpus = tmp_path / "corpus"
    for name in ("a", "locked", "z"):
        (corpus / name).mkdir(parents=True)
    (corpus / "a" / "one.txt").write_text(GOOD)
    (corpus / "locked" / "secret.txt").write_text("Some 12 men.\n")
    (corpus / "z" / "two.txt").write_text(OTHER)
    for folder in (tmp_path, corpus, corpus / "a", corpus / "z"):
        folder.chmod(0o755)
    for file in corpus.rglob("*.txt"):
        file.chmod(0o644)
    (corpus / "locked").chmod(0)
    try:
        with unprivileged():
            found = find_files(["corpus"])
    finally:
        (corpus / "locked").chmod(0o755)
    assert found.errors == [
        ("corpus/locked", "corpus/locked: cannot list folder (Permission denied)")
    ]
    assert [label for label, _ in found.files] == ["corpus/a/one.txt", "corpus/z/two.txt"]
    engine = open_database(db_url)
    summary = ingest_files(engine, found)
    engine.dispose()
    assert [(r.label, r.status) for r in summary.results] == [
        ("corpus/locked", "failed"),
        ("corpus/a/one.txt", "added"),
        ("corpus/z/two.txt", "added"),
    ]


def test_ingesting_the_project_folder_skips_its_database_and_hidden_folders(
    cli, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text(GOOD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n")
    (tmp_path / ".draft.txt").write_text(OTHER)
    assert cli("ingest", "notes.txt").exit_code == 0  # the default database, data/powdb.db
    (tmp_path / "data" / "powdb.db-journal").write_bytes(b"")  # a journal left behind
    (tmp_path / "data" / "other.txt").write_text(OTHER)

    result = cli("ingest", ".")

    assert result.exit_code == 0, result.stderr
    assert errors(result.stderr) == []
    assert "2 files: 1 added, 0 updated, 1 unchanged, 0 failed" in result.stderr
    database_files = len([p for p in (tmp_path / "data").iterdir() if p.name != "other.txt"])
    assert (
        f"Skipped {2 + database_files} files and folders: 2 hidden (named with a leading dot, "
        f"such as .git) and {database_files} of the database being written to."
    ) in result.stderr


def test_a_changed_file_under_another_spelling_replaces_its_own_source(cli, tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    target = tmp_path / "seeds" / "a.txt"
    target.write_text(GOOD)
    assert cli("ingest", "seeds/a.txt", "--db", "t.db").exit_code == 0
    target.write_text(GOOD.replace("4,200", "4,300"))
    result = cli("ingest", str(target), "--db", "t.db")
    assert "1 updated" in result.stderr, result.stderr
    target.write_text(GOOD.replace("4,200", "4,400"))
    result = cli("ingest", "./seeds/../seeds/a.txt", "--db", "t.db")
    assert "1 updated" in result.stderr, result.stderr
    (source,) = cli.json("sources", "--db", "t.db")
    assert source["path"] == str(target)
    assert [c["value"] for c in cli.json("claims", "--db", "t.db")] == [4400]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_file_names_that_are_not_utf8_are_ingested(cli, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    latin1 = os.fsdecode(b"caf\xe9.txt")  # a name written by a Latin-1 system
    (tmp_path / "docs" / latin1).write_text(GOOD)
    (tmp_path / os.fsdecode(b"r\xe9sum\xe9.txt")).write_text(OTHER)

    in_folder = cli("ingest", "docs", "--db", "t.db")
    direct = cli("ingest", os.fsdecode(b"r\xe9sum\xe9.txt"), "--db", "t.db")

    assert in_folder.exit_code == 0 and "1 added" in in_folder.stderr, in_folder.output
    assert direct.exit_code == 0 and "1 added" in direct.stderr, direct.output
    paths = sorted(Path(s["path"]).name for s in cli.json("sources", "--db", "t.db"))
    assert paths == ["caf\\xe9.txt", "r\\xe9sum\\xe9.txt"]
    again = cli("ingest", "docs", "--db", "t.db")
    assert "1 unchanged" in again.stderr


class _Hide:
    """Makes a module unimportable, as a missing dependency is (the HTML reader once died on
    lxml.html.clean missing, and took the whole batch with it)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == self.name:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unexpected_error_reading_one_file_fails_that_file_only(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    (tmp_path / "docs").mkdir()
    for number in range(4):
        (tmp_path / "docs" / f"{number}.txt").write_text(f"Some {number + 2},000 men came.\n")
    docgen.write(tmp_path / "docs" / "2-page.html", docgen.news_page_html())
    for name in [m for m in sys.modules if m.partition(".")[0] == "trafilatura"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_Hide("trafilatura"), *sys.meta_path])

    result = cli("ingest", "docs", "--db", "t.db", "--jobs", jobs)

    assert result.exit_code == 1
    assert errors(result.stderr) == [
        "Error: docs/2-page.html: unexpected error "
        "(ModuleNotFoundError: No module named 'trafilatura')"
    ]
    assert "5 files: 4 added, 0 updated, 0 unchanged, 1 failed" in result.stderr
    assert len(cli.json("sources", "--db", "t.db")) == 4


def test_grouping_that_another_writer_blocked_is_done_again(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL stops one of two writers that wait on each other's rows (a deadlock): the
    batch's grouping is rolled back to its savepoint and done again, and nothing is lost."""
    import sqlalchemy as sa

    from powdb import list_claims
    from powdb.subjects import SubjectAssigner

    real_flush = SubjectAssigner.flush
    stopped: list[bool] = []

    def flush_stopped_once(self: SubjectAssigner, connection: sa.Connection) -> None:
        if not stopped:  # stopped halfway: some subjects written, then the error
            connection.execute(sa.text("UPDATE claims SET subject_id = NULL"))
            stopped.append(True)
            raise sa.exc.OperationalError("regroup", {}, Exception("deadlock detected"))
        real_flush(self, connection)

    monkeypatch.setattr(SubjectAssigner, "flush", flush_stopped_once)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("The raid killed 40 people in 1944.\n")
    (folder / "b.txt").write_text("The raid killed 55 people in 1944.\n")
    engine = open_database(db_url)
    summary = ingest_files(engine, find_files([str(folder)]))
    assert stopped and not summary.failed
    claims = list_claims(engine)
    assert sorted(c["value"] for c in claims) == [40, 55]
    assert all(c["subject_id"] is not None for c in claims)
