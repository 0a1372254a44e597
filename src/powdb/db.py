"""Opening a powdb database: URL resolution, engines, pragmas and migrate-on-open.

SQLite is the embedded default (``data/powdb.db`` under the current directory); any SQLAlchemy
URL, PostgreSQL included, goes through the same code.

Commands that write open a database with :func:`open_database`: it is created if missing and
upgraded to the newest schema by Alembic, so users never run a migration by hand, after a quick
check that the file is sound (a damaged database is refused rather than written into). Commands
that only read use ``open_database(..., read_only=True)``: they never create, migrate or write;
a SQLite file is opened read-only, so a database on a read-only file or disk can be browsed.
Either way a SQLite file of another program is refused, untouched.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

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
HEAD_REVISION = "0010"
#: The options of SQLite's own URIs (https://sqlite.org/uri.html) a URL may carry, as in
#: ``sqlite:////path/to.db?mode=ro``.
SQLITE_URI_OPTIONS = frozenset({"mode", "cache", "immutable", "nolock", "psow", "vfs", "modeof"})
#: How long a SQLite connection waits for another one's lock before "database is locked".
BUSY_TIMEOUT_SECONDS = 60
URL_EXAMPLES = "a file path, sqlite:////path/to/file.db or postgresql://user@host/dbname"


def resolve_url(db: str | None = None) -> str:
    """The database URL: ``db`` if given, else ``$POWDB_DATABASE_URL``, else ``data/powdb.db``.

    A value without ``://`` is a file path for SQLite, relative to the current directory.
    ``postgres://`` and ``postgresql://`` mean PostgreSQL through psycopg, the driver the
    ``powdb[postgres]`` extra installs. Raises :class:`DatabaseError` for a URL that cannot be
    read, or a SQLite URL with options SQLite does not know.
    """
    value = db or os.environ.get(ENV_VAR) or str(DEFAULT_PATH)
    if "://" not in value:
        path = str(Path(value).expanduser().resolve())
        # A URL reads these three as escapes, options and a fragment; a file name may hold them.
        return "sqlite:///" + path.replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return _parse_url(value).render_as_string(hide_password=False)


def _parse_url(value: str) -> sa.URL:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            url = sa.make_url(value)
    except (sa.exc.ArgumentError, ValueError, Warning):
        raise DatabaseError(
            f"cannot read the database URL {mask_password(value)!r}; give {URL_EXAMPLES}"
        ) from None
    backend, _, driver = url.drivername.partition("+")
    if backend in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+" + (driver or "psycopg"))
    elif backend == "sqlite":
        unknown = sorted(set(url.query) - SQLITE_URI_OPTIONS)
        if unknown:
            raise DatabaseError(
                f"SQLite does not know the option {', '.join(unknown)} in the database URL; "
                f"it takes {', '.join(sorted(SQLITE_URI_OPTIONS))}"
            )
    return url


def sqlite_path(url: str | sa.URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.query.get("mode") == "memory":
        return None
    return Path(parsed.database)


def where(url: str | sa.URL) -> str:
    """How messages name a database: its file, or its URL without the password."""
    path = sqlite_path(url)
    return str(path) if path is not None else safe_url(url)


_PASSWORD_IN_URL = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^\s:/@]*:)(?P<password>[^\s@/]*)@")


def mask_password(text: str) -> str:
    """``text`` with the password of any URL in it shown as ``***``."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", text)


def safe_url(url: str | sa.URL) -> str:
    """The URL with any password hidden, fit for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return mask_password(str(url))


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    _set_read_pragmas(dbapi_connection, _record)
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer ingests.
    _enter_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _set_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _begin_sqlite
    cursor = dbapi_connection.cursor()
    # The busy timeout makes a second writer wait for the lock instead of failing at once with
    # "database is locked".
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
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


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` with powdb's connection settings.

    For writing, a SQLite file's folder is created. ``read_only`` opens a SQLite file that
    must exist read-only, and changes nothing in it, not even its journal mode.
    """
    parsed = _parse_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        engine = _sqlite_engine(parsed, path, read_only)
    else:
        try:
            engine = sa.create_engine(parsed, json_serializer=_compact_json)
        except ImportError as exc:
            raise DatabaseError(_missing_driver(parsed, exc)) from None
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError):
            raise DatabaseError(
                f"powdb cannot use the database {safe_url(parsed)}: it works with SQLite and "
                f"PostgreSQL; give {URL_EXAMPLES}"
            ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_read_pragmas if read_only else _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _compact_json(value: object) -> str:
    """JSON columns without the spaces of json.dumps's defaults: a frame is stored with
    every claim, and the spaces were a sixth of it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _missing_driver(url: sa.URL, exc: ImportError) -> str:
    module = exc.name or str(exc)
    if url.get_backend_name() == "postgresql":
        return (
            f"PostgreSQL needs a driver powdb did not find ({module}): "
            "pip install 'powdb[postgres]'"
        )
    return f"the driver for {url.get_backend_name()} is not installed ({module})"


def _sqlite_engine(url: sa.URL, path: Path, read_only: bool) -> Engine:
    options = {key: str(value) for key, value in url.query.items()}
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if read_only:
        if not path.exists():
            raise DatabaseError(f"no database at {path}; `powdb ingest` creates one")
        options["mode"] = "ro"
    elif options.get("mode") == "ro" or options.get("immutable") == "1":
        raise DatabaseError(
            f"{path} is to be opened read-only (its URL says so), and this command writes to it"
        )
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create {path.parent}: {exc.strerror}") from None
    connect = _sqlite_connector(path, options, read_only)
    # The URL keeps the file's path for messages and database_file(); connections are made by
    # ``connect``, through a SQLite URI that carries the options.
    return sa.create_engine(url.set(query={}), creator=connect, json_serializer=_compact_json)


def _sqlite_connector(
    path: Path, options: dict[str, str], read_only: bool
) -> Callable[[], sqlite3.Connection]:
    uri = "file:" + quote(str(path)) + ("?" + urlencode(options) if options else "")

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        if not read_only:
            return connection
        try:
            connection.execute("PRAGMA schema_version")  # SQLite opens the file on first use
        except sqlite3.OperationalError:
            # A WAL database on a read-only disk or in a read-only folder: SQLite cannot make
            # the -shm file readers share. Nobody can be writing to it then, so it can be read
            # as immutable, unless a write-ahead log holds changes not yet in the file.
            connection.close()
            if _has_wal(path):
                raise
            return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)
        return connection

    return connect


def _has_wal(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


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


def known_revisions() -> set[str]:
    """Every schema revision this powdb's migration scripts know."""
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


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


def open_database(
    db: str | None = None, *, read_only: bool = False, any_revision: bool = False
) -> Engine:
    """Resolve and connect: the one way commands open a database.

    To write (the default), the database is created if missing, checked (:func:`quick_check`)
    and upgraded to the newest schema. ``read_only`` opens an existing database without
    changing anything; it must be at the newest schema unless ``any_revision``. A database
    that is damaged, of another program, of a newer powdb, or (to read) missing or in need of
    an upgrade raises :class:`DatabaseError`, a one-line message saying what to do.
    """
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None and not read_only and path.exists():
        # Looked at read-only first: a writing connection would already switch a foreign
        # database's journal mode, and a damaged one must not be written to at all.
        probe = make_engine(url, read_only=True)
        try:
            _guarded(probe, url, lambda: _inspect(probe, path, for_writing=True))
        finally:
            probe.dispose()
    engine = make_engine(url, read_only=read_only)
    try:
        if read_only:
            _guarded(engine, url, lambda: _check_readable(engine, any_revision))
        else:
            _guarded(engine, url, lambda: _migrate(engine))
    except BaseException:
        engine.dispose()
        raise
    return engine


def _guarded(engine: Engine, url: str, step: Callable[[], None]) -> None:
    try:
        step()
    except (sa.exc.DatabaseError, sqlite3.DatabaseError) as exc:
        raise DatabaseError(f"cannot open database {where(url)}: {first_line(exc)}") from None


def _inspect(engine: Engine, path: Path, for_writing: bool) -> None:
    with engine.connect() as connection:
        if for_writing:
            problem = quick_check(connection)
            if problem is not None:
                raise DatabaseError(damaged_message(path, problem, "nothing was written to it"))
        tables = set(sa.inspect(connection).get_table_names())
    if tables and "alembic_version" not in tables:
        shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise DatabaseError(
            f"{path} is not a powdb database (it holds other tables: {shown}); "
            "powdb leaves it as it is"
        )


def _migrate(engine: Engine) -> None:
    current = current_revision(engine)
    # Alembic is loaded only when there is work for it: most commands find the database at
    # the newest revision, and start up faster without it.
    if current != HEAD_REVISION:
        _refuse_unknown(engine, current)
        upgrade(engine)


def _check_readable(engine: Engine, any_revision: bool) -> None:
    name = where(engine.url)
    path = sqlite_path(engine.url)
    if path is not None:
        _inspect(engine, path, for_writing=False)
    current = current_revision(engine)
    if current is None:
        raise DatabaseError(f"no powdb database in {name} yet; `powdb ingest` creates one")
    if current == HEAD_REVISION:
        return
    _refuse_unknown(engine, current)
    if not any_revision:
        raise DatabaseError(
            f"the database {name} is at schema revision {current}, older than this powdb's "
            f"{HEAD_REVISION}: `powdb db upgrade` upgrades it (so does any command that writes)"
        )


def _refuse_unknown(engine: Engine, current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"the database {where(engine.url)} is at schema revision {current}, newer than "
            "this powdb knows; upgrade powdb"
        )


#: How long the check on opening may read, in seconds: about 130 MB of database on this
#: project's busy 2-core machine (bench/check_bench.py), so most databases are checked whole.
QUICK_CHECK_SECONDS = 0.5


def quick_check(connection: sa.Connection) -> str | None:
    """The first problem SQLite's ``quick_check`` finds in a SQLite database, None if none.

    Cheap (it reads each page once, without cross-checking indexes) and bounded: it stops after
    :data:`QUICK_CHECK_SECONDS`, and what it has not reached by then counts as sound. `powdb db
    check` runs the full ``integrity_check`` on all of it. PostgreSQL: always None.
    """
    if connection.dialect.name != "sqlite":
        return None
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    # Not a progress handler: SQLite walks each table's b-tree in one step, which only an
    # interrupt stops.
    timer = threading.Timer(QUICK_CHECK_SECONDS, raw.interrupt)
    timer.start()
    try:
        lines = [row[0] for row in raw.execute("PRAGMA quick_check(1)")]
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_INTERRUPT":
            return None
        raise
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise  # not damaged: not a database at all
        return str(exc)  # "database disk image is malformed"
    finally:
        timer.cancel()
        timer.join()
    return None if lines == ["ok"] else lines[0]


def damaged_message(path: Path | str, problem: str, outcome: str) -> str:
    """One line saying a SQLite file is damaged, what powdb did about it, and how to recover."""
    return (
        f"{path} is damaged ({problem}); {outcome}. Restore it from a backup, or save what "
        f"can be read: sqlite3 {path} .recover | sqlite3 recovered.db"
    )


def database_file(engine: Engine) -> Path | None:
    """The SQLite file an engine works on; None for a server database."""
    return sqlite_path(engine.url)


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT of one row created."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def first_line(exc: BaseException) -> str:
    """The first line of a database error's message, without any password."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    return mask_password(text.splitlines()[0]) if text else type(orig).__name__
