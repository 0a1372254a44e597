"""Alembic environment: runs on the connection powdb hands over, or on ``sqlalchemy.url``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from powdb.models import Base, is_modelled

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=is_modelled,
    )
    legacy_rename = connection.dialect.name == "sqlite"
    if legacy_rename:
        # Batch mode rebuilds a table as a copy, drops it and renames the copy; since SQLite
        # 3.26 that rename checks every view, and a view on the dropped table (claims_full,
        # conflicts: migration 0007) fails it. The legacy rename leaves views alone; they name
        # the table, which exists again when the migration ends. (Should a migration fail, the
        # flag may stay on that connection: powdb renames tables only in migrations.)
        connection.exec_driver_sql("PRAGMA legacy_alter_table = ON")
    with context.begin_transaction():
        context.run_migrations()
    if legacy_rename:
        connection.exec_driver_sql("PRAGMA legacy_alter_table = OFF")


run_migrations()
