"""Opening a powdb database: URL resolution, engines, pragmas and migrate-on-open.

SQLite is the embedded default (``data/powdb.db`` under the current directory); any SQLAlchemy
URL, PostgreSQL included, goes through the same code. A database is created and upgraded to the
newest schema by Alembic whenever powdb opens it, so users never run a migration by hand.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from powdb.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

ENV_VAR = "POWDB_DATABASE_URL"
DEFAULT_PATH = Path("data") / "powdb.db"
WRITE_OPTION = "powdb_write"
#: The newest migration in migrations/versions (a test keeps the two in step).
HEAD_REVISION = "0005"


def resolve_url(db: str | None = None) -> str:
    """The database URL: ``db`` if given, else ``$POWDB_DATABASE_URL``, else ``data/powdb.db``.

    A value without ``://`` is a file path for SQLite, relative to the current directory.
    """
    value = db or os.environ.get(ENV_VAR) or str(DEFAULT_PATH)
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str | sa.URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


#: How long a SQLite connection waits for another one's lock before "database is locked".
BUSY_TIMEOUT_SECONDS = 60


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _begin_sqlite
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer ingests; the busy timeout makes a second writer
    # wait for the lock instead of failing at once with "database is locked".
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    _enter_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _enter_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the database to WAL, waiting as long as the busy timeout would.

    SQLite does not wait out the busy timeout here: while another connection writes in the
    old journal mode (two processes creating one database at once), the switch fails at once
    with "database is locked". So it is retried until the timeout would have passed.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with powdb's connection settings; creates a SQLite file's folder."""
    path = sqlite_path(url)
    if path is not None:
        if path.exists() and path.is_dir():
            raise DatabaseError(f"{path} is a directory, not a database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create {path.parent}: {exc.strerror}") from None
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _begin_sqlite(connection: sa.Connection) -> None:
    # pysqlite's own transaction handling is off (see _set_sqlite_pragmas) so that a writer can
    # take the write lock when its transaction begins: two writers then queue on the busy
    # timeout instead of one failing when it upgrades a read lock halfway through.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction that holds the database's write lock from its start.

    On PostgreSQL, row locks and unique constraints do this job; the option is ignored there.
    """
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


def migrations_path() -> Path:
    """Alembic scripts: inside the installed package, or the top-level folder of a checkout."""
    packaged = Path(str(resources.files("powdb"))) / "migrations"
    if (packaged / "env.py").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "migrations"
    if (checkout / "env.py").is_file():
        return checkout
    raise DatabaseError("powdb is installed without its migrations; reinstall it")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    return config


def head_revision() -> str:
    """The newest schema revision among the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision a database is at, None for an empty one."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (head by default) in one transaction per step."""
    from alembic import command

    config = alembic_config()
    with write_transaction(engine) as connection:
        if connection.dialect.name == "postgresql":
            # Two processes opening a new database at once: the second waits, then finds head.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7262010)")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(db: str | None = None) -> Engine:
    """Resolve, connect, and migrate to head: the one way commands open a database."""
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        current = current_revision(engine)
        # Alembic is loaded only when there is work for it: most commands find the database
        # at the newest revision, and start up faster without it.
        if current != HEAD_REVISION:
            from alembic.script import ScriptDirectory

            script = ScriptDirectory.from_config(alembic_config())
            if current is not None and current not in {r.revision for r in script.walk_revisions()}:
                raise DatabaseError(
                    f"the database is at schema revision {current}, newer than this powdb "
                    "knows; upgrade powdb"
                )
            upgrade(engine)
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open database {safe_url(url)}: {_first_line(exc)}") from None
    return engine


def database_file(engine: Engine) -> Path | None:
    """The SQLite file an engine works on; None for a server database."""
    return sqlite_path(engine.url)


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT of one row created."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def safe_url(url: str) -> str:
    """The URL with any password hidden, fit for messages."""
    return sa.make_url(url).render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
