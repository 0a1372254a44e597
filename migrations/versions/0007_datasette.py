"""datasette: a search index Datasette finds, views of conflicts and of claims in full

Revision ID: 0007
Revises: 0006

Datasette (and sqlite-utils) find a table's FTS index by its declaration,
``content="claims"`` or ``content=[claims]``; migration 0002 wrote ``content='claims'``, so
Datasette's ``?_search=`` matched every row. SQLite cannot change a virtual table's options:
the index is created again, under the same name, with the same columns and tokenizer.

Claims inserted by another program (Datasette's write plugins, sqlite-utils, a script) are now
indexed by an insert trigger. powdb's own ingest stores claims in bulk and indexes each batch
in one statement (a trigger per row made ingest several times slower): while its write
transaction is open it holds a row ``search_index_deferred`` in ``settings``, which the
trigger's WHEN clause sees and no other connection ever does (the row is deleted before the
transaction commits, and rolled back with it).

Two views, on SQLite and PostgreSQL alike: ``claims_full`` (every claim with its source and
subject) and ``conflicts`` (one row per clashing claim: a claim on a comparable subject whose
interval ends below another claim's start or starts above another's end, the test of
``powdb.compare.find_conflicts``). PostgreSQL indexes every row itself (pg_trgm GIN indexes on
the columns, migration 0002), so it needs no trigger.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TRIGGERS_0002 = [
    """CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, quote, counted)
        VALUES ('delete', old.id, old.quote, old.counted);
    END""",
    """CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote, counted ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, quote, counted)
        VALUES ('delete', old.id, old.quote, old.counted);
        INSERT INTO claims_fts(rowid, quote, counted) VALUES (new.id, new.quote, new.counted);
    END""",
]
DROP_INDEX = [
    "DROP TRIGGER IF EXISTS claims_fts_insert",
    "DROP TRIGGER IF EXISTS claims_fts_update",
    "DROP TRIGGER IF EXISTS claims_fts_delete",
    "DROP TABLE IF EXISTS claims_fts",
]
SQLITE_UP = [
    *DROP_INDEX,
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        quote, counted, content="claims", content_rowid="id", tokenize="trigram")""",
    *TRIGGERS_0002,
    """CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
    WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index_deferred') BEGIN
        INSERT INTO claims_fts(rowid, quote, counted) VALUES (new.id, new.quote, new.counted);
    END""",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    *DROP_INDEX,
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        quote, counted, content='claims', content_rowid='id', tokenize='trigram')""",
    *TRIGGERS_0002,
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]

# A source's name: its title, else its file name, as powdb's tables show it. RTRIM(path, the
# path's characters other than "/") leaves the folder, which REPLACE then takes off; SQLite and
# PostgreSQL both read this the same way.
_SOURCE_NAME = """COALESCE(NULLIF(s.title, ''),
    NULLIF(REPLACE(s.path, RTRIM(s.path, REPLACE(s.path, '/', '')), ''), ''),
    'source ' || CAST(s.id AS VARCHAR(20)))"""

CLAIMS_FULL = f"""CREATE VIEW claims_full AS
SELECT c.id AS claim_id,
    c.surface AS figure,
    c.value, c.low, c.high, c.hedge, c.unit, c.counted,
    c.fig_low, c.fig_high,
    c.quote, c.page, c.line, c.start, c."end",
    c.origin, c.anchored,
    c.subject_id, sub.label AS subject,
    c.source_id, {_SOURCE_NAME} AS source,
    s.issued AS source_issued, s.url AS source_url, s.path AS source_path,
    c.rule, c.extractor_version
FROM claims c
JOIN sources s ON s.id = c.source_id
LEFT JOIN subjects sub ON sub.id = c.subject_id"""

CONFLICTS = f"""CREATE VIEW conflicts AS
SELECT sub.id AS subject_id, sub.label AS subject,
    c.id AS claim_id, c.surface AS figure, c.fig_low, c.fig_high,
    c.source_id, {_SOURCE_NAME} AS source, c.page, c.quote,
    ends.highest_low, ends.lowest_high,
    EXISTS (SELECT 1 FROM verdicts v WHERE v.subject_id = sub.id) AS explained
FROM claims c
JOIN (
    SELECT subject_id, MAX(fig_low) AS highest_low, MIN(fig_high) AS lowest_high
    FROM claims
    WHERE subject_id IS NOT NULL AND fig_low IS NOT NULL
    GROUP BY subject_id
    HAVING MAX(fig_low) > MIN(fig_high)
) ends ON ends.subject_id = c.subject_id
JOIN subjects sub ON sub.id = c.subject_id
JOIN sources s ON s.id = c.source_id
WHERE sub.comparable AND sub.merged_into_id IS NULL
    AND c.fig_low IS NOT NULL
    AND (c.fig_high < ends.highest_low OR c.fig_low > ends.lowest_high)"""

VIEWS_DOWN = ["DROP VIEW IF EXISTS conflicts", "DROP VIEW IF EXISTS claims_full"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    for statement in (*VIEWS_DOWN, CLAIMS_FULL, CONFLICTS):
        op.execute(statement)


def downgrade() -> None:
    for statement in VIEWS_DOWN:
        op.execute(statement)
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
