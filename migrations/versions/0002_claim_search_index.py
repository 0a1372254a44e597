"""Substring search index over claim quotes and counted phrases.

Both backends index trigrams, so ``--search`` keeps one meaning (case-insensitive substring)
everywhere: SQLite through an FTS5 table with the trigram tokenizer, PostgreSQL through pg_trgm
GIN indexes that serve ILIKE directly.

On SQLite, triggers keep the index in step when claims are deleted or their text changes. New
claims are indexed by powdb itself (``powdb.search.index_claims``), in one statement per batch
of documents: an insert trigger runs once per row, which made bulk ingest several times slower.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        quote, counted, content='claims', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, quote, counted)
        VALUES ('delete', old.id, old.quote, old.counted);
    END""",
    """CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote, counted ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, quote, counted)
        VALUES ('delete', old.id, old.quote, old.counted);
        INSERT INTO claims_fts(rowid, quote, counted) VALUES (new.id, new.quote, new.counted);
    END""",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS claims_fts_update",
    "DROP TRIGGER IF EXISTS claims_fts_delete",
    "DROP TABLE IF EXISTS claims_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_claims_quote ON claims USING gin (quote gin_trgm_ops)",
    "CREATE INDEX search_claims_counted ON claims USING gin (counted gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_claims_counted",
    "DROP INDEX IF EXISTS search_claims_quote",
]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
