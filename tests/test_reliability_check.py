"""`powdb db check` finds what is wrong and says so; a damaged file is one error line, untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from powdb.db import open_database
from reliability_support import one_error_line, write_documents


@pytest.fixture
def filled(tmp_path: Path, cli, db_url: str) -> str:
    write_documents(tmp_path / "docs", 40)
    assert cli("ingest", "docs", "--db", db_url).exit_code == 0
    return db_url


def test_check_passes_on_a_fresh_ingest(cli, filled: str) -> None:
    result = cli("db", "check", "--db", filled)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr.strip() == "ok"


def test_check_reports_a_claim_whose_offsets_moved(cli, filled: str) -> None:
    engine = open_database(filled)
    with engine.begin() as connection:
        claim_id = connection.execute(sa.text("SELECT min(id) FROM claims")).scalar_one()
        connection.execute(
            sa.text('UPDATE claims SET start = start + 1, "end" = "end" + 1 WHERE id = :id'),
            {"id": claim_id},
        )
    engine.dispose()
    result = cli("db", "check", "--db", filled)
    assert result.exit_code == 1
    (problem,) = result.stdout.splitlines()
    assert problem.startswith(f"claim {claim_id}: offsets ")
    assert result.stderr.strip() == "1 problems found."


def test_check_reports_a_claim_whose_source_is_gone(tmp_path: Path, cli) -> None:
    url = "sqlite:///" + str(tmp_path / "fk.db")
    write_documents(tmp_path / "docs", 3)
    assert cli("ingest", "docs", "--db", url).exit_code == 0
    with sqlite3.connect(tmp_path / "fk.db") as connection:  # foreign keys are off by default
        claims = connection.execute("SELECT count(*) FROM claims WHERE source_id = 1").fetchone()
        connection.execute("DELETE FROM sources WHERE id = 1")
    result = cli("db", "check", "--db", url)
    assert result.exit_code == 1
    assert "foreign key: claims row" in result.stdout
    assert "its source is missing" in result.stdout
    assert result.stderr.strip() == f"{2 * claims[0]} problems found."


def _damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        if how == "truncated":
            file.truncate(size // 2)
        elif how == "garbage-pages":
            file.seek(4096 * 8)
            file.write(os.urandom(4096 * 6))
        elif how == "zeroed-tail":
            file.seek(size - 4096 * 4)
            file.write(b"\0" * 4096 * 4)
        elif how == "garbage-header":
            file.write(b"not a database at all" * 10)


@pytest.mark.parametrize("how", ["truncated", "garbage-pages", "zeroed-tail", "garbage-header"])
def test_a_damaged_database_file_is_one_error_line_and_left_as_it_was(
    how: str, tmp_path: Path, cli
) -> None:
    path = tmp_path / "damaged.db"
    write_documents(tmp_path / "docs", 60)
    assert cli("ingest", "docs", "--db", str(path)).exit_code == 0
    with sqlite3.connect(path) as connection:  # fold the WAL into the file, so it is complete
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(path, how)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    result = cli("db", "check", "--db", str(path))

    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr).startswith("Error: ")
    assert (
        "damaged" in result.stderr
        or "malformed" in result.stderr
        or "not a database" in result.stderr
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
