"""Opening databases: URL resolution, migrate-on-open, the schema, and `powdb db path`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from powdb import __version__
from powdb.db import HEAD_REVISION, current_revision, head_revision, open_database, resolve_url
from powdb.models import Base, is_modelled


def test_default_database_is_data_powdb_db_under_cwd(tmp_path: Path, cli) -> None:
    result = cli("db", "path")
    assert result.exit_code == 0
    assert result.stdout.strip() == str(tmp_path / "data" / "powdb.db")


def test_db_option_and_env_var_choose_the_database(tmp_path: Path, cli, monkeypatch) -> None:
    assert cli("db", "path", "--db", "other.db").stdout.strip() == str(tmp_path / "other.db")
    monkeypatch.setenv("POWDB_DATABASE_URL", "sqlite:////x/y.db")
    assert cli("db", "path").stdout.strip() == "/x/y.db"
    assert resolve_url("postgresql+psycopg://u:secret@h/db").startswith("postgresql+psycopg://")
    monkeypatch.setenv("POWDB_DATABASE_URL", "postgresql+psycopg://u:secret@h/db")
    assert cli("db", "path").stdout.strip() == "postgresql+psycopg://u:***@h/db"


def test_a_command_that_writes_creates_and_migrates_the_database(tmp_path: Path, cli) -> None:
    assert not (tmp_path / "data").exists()
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    database = tmp_path / "data" / "powdb.db"
    assert result.stderr == f"{database} is at schema revision {HEAD_REVISION}.\n"
    assert cli("sources", "--format", "json").stdout.strip() == "[]"
    engine = open_database(None)
    assert current_revision(engine) == head_revision()


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = open_database(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": is_modelled})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = open_database(str(tmp_path / "x.db"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_opening_waits_for_another_process_creating_the_database(tmp_path: Path) -> None:
    # Another process is creating the file in SQLite's default journal mode and has not yet
    # committed: SQLite refuses the switch to WAL at once ("database is locked"), without the
    # busy timeout. Two `powdb ingest` runs on a new database met this in CI.
    path = tmp_path / "new.db"
    creator = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE created_elsewhere (x)")
    commit = threading.Timer(0.5, creator.execute, ["COMMIT"])
    commit.start()
    try:
        engine = open_database(str(path))
    finally:
        commit.join()
        creator.close()
    try:
        assert current_revision(engine) == HEAD_REVISION
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path: Path, cli) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = cli("sources", "--db", str(bogus))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database")
    assert len(result.stderr.strip().splitlines()) == 1
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_a_database_from_a_newer_powdb_is_refused(tmp_path: Path, cli) -> None:
    engine = open_database(str(tmp_path / "new.db"))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'future9999'"))
    result = cli("claims", "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 1
    assert "newer than this powdb knows" in result.stderr


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert head_revision() == HEAD_REVISION


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"powdb {__version__}"
