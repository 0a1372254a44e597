"""Shared fixtures: every test gets its own database; none touches a real one.

The database backend is chosen with ``--backend`` (``sqlite`` by default, ``postgresql``, or
``all``). PostgreSQL tests need ``POWDB_TEST_POSTGRES_URL`` pointing at a server where the user
may create databases; each test gets a fresh database there. When ``POWDB_REQUIRE_POSTGRES=1``
(as in CI) the run fails instead of leaving PostgreSQL out.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from powdb.cli import app
from reliability_support import dump

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
PG_ENV = "POWDB_TEST_POSTGRES_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        default=os.environ.get("POWDB_TEST_BACKEND", "sqlite"),
        choices=["sqlite", "postgresql", "all"],
        help="database backend(s) for tests using the db_url fixture",
    )


def _backends(config: pytest.Config) -> list[str]:
    choice = config.getoption("--backend")
    return ["sqlite", "postgresql"] if choice == "all" else [choice]


def pytest_configure(config: pytest.Config) -> None:
    if "postgresql" in _backends(config) and not os.environ.get(PG_ENV):
        raise pytest.UsageError(f"--backend postgresql needs {PG_ENV} (a server URL)")
    if os.environ.get("POWDB_REQUIRE_POSTGRES") == "1" and "postgresql" not in _backends(config):
        raise pytest.UsageError("POWDB_REQUIRE_POSTGRES=1 but PostgreSQL is not among backends")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        # Session scope, so the session's seeds database is made once per backend.
        metafunc.parametrize("backend", _backends(metafunc.config), scope="session")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own folder, with no database configured from outside."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWDB_DATABASE_URL", raising=False)


@contextmanager
def _fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database on ``backend`` (a file in ``folder`` for SQLite)."""
    if backend == "sqlite":
        yield "sqlite:///" + str(folder / "test.db")
        return
    server = sa.make_url(os.environ[PG_ENV])
    name = "powdb_test_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on the backend under test."""
    with _fresh_database(backend, tmp_path) as url:
        yield url


class Cli:
    """The real CLI through Typer's runner, at a fixed terminal width so Rich output is stable."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None) -> Result:
        return self.runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})

    def json(self, *args: str) -> object:
        result = self(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def claim_by_value(self, db: str, value: float, *args: str) -> dict[str, Any]:
        """The one claim of ``value`` that ``claims`` lists (``args``: its other options)."""
        (claim,) = [c for c in self.json("claims", "--db", db, *args) if c["value"] == value]
        return claim


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the seed documents, so tests may change files freely."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def seeded(cli: Cli, seeds: Path, db_url: str) -> str:
    """The seeds ingested into a database of the test's own, for tests that change it (the
    others use ``seeded_readonly``). A module that needs them otherwise (in a SQLite file
    whatever the backend, with another document) names its fixture for how: ``seeded_sqlite``."""
    result = cli("ingest", str(seeds), "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


@pytest.fixture(scope="session")
def seeded_readonly(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeds ingested once per session and backend, for tests that only read.

    Ingesting the seeds for every test that only reads them cost a few tenths of a second
    each. A test that writes must make its own database (``db_url`` and the ``seeds`` copy):
    the session ends in an error if anything in this one changed.
    """
    with _fresh_database(backend, tmp_path_factory.mktemp("seeded")) as url:
        result = Cli()("ingest", str(SEEDS), "--db", url)
        assert result.exit_code == 0, result.output
        before = dump(url)
        yield url
        assert dump(url) == before, "a test wrote to the read-only seeds database"
