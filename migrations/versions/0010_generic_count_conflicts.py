"""conflicts view: figures that say only what they count conflict across sources only

Revision ID: 0010
Revises: 0009

A subject whose measure is only what its figures count ("count of albums", "count of wives")
groups figures that one text gives for different things far more often than for the same
one ("25 albums" on one chart, "more than 50 albums" released). Such a subject is a conflict
only when its clashing figures come from two sources or more (``powdb.conflicts``). The view
``conflicts`` of migration 0007 is made again with that rule, so Datasette shows what
``powdb claims --conflicting`` lists.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_SOURCE_NAME = """COALESCE(NULLIF(s.title, ''),
    NULLIF(REPLACE(s.path, RTRIM(s.path, REPLACE(s.path, '/', '')), ''), ''),
    'source ' || CAST(s.id AS VARCHAR(20)))"""


def _conflicts(generic_counts_across_sources: bool) -> str:
    rule = (
        "\n    AND (ends.sources >= 2 OR COALESCE(sub.kind, '') NOT LIKE 'count of %')"
        if generic_counts_across_sources
        else ""
    )
    return f"""CREATE VIEW conflicts AS
SELECT sub.id AS subject_id, sub.label AS subject,
    c.id AS claim_id, c.surface AS figure, c.fig_low, c.fig_high,
    c.source_id, {_SOURCE_NAME} AS source, c.page, c.quote,
    ends.highest_low, ends.lowest_high,
    EXISTS (SELECT 1 FROM verdicts v WHERE v.subject_id = sub.id) AS explained
FROM claims c
JOIN (
    SELECT subject_id, MAX(fig_low) AS highest_low, MIN(fig_high) AS lowest_high,
        COUNT(DISTINCT source_id) AS sources
    FROM claims
    WHERE subject_id IS NOT NULL AND fig_low IS NOT NULL
    GROUP BY subject_id
    HAVING MAX(fig_low) > MIN(fig_high)
) ends ON ends.subject_id = c.subject_id
JOIN subjects sub ON sub.id = c.subject_id
JOIN sources s ON s.id = c.source_id
WHERE sub.comparable AND sub.merged_into_id IS NULL
    AND c.fig_low IS NOT NULL
    AND (c.fig_high < ends.highest_low OR c.fig_low > ends.lowest_high){rule}"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS conflicts")
    op.execute(_conflicts(generic_counts_across_sources=True))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS conflicts")
    op.execute(_conflicts(generic_counts_across_sources=False))
