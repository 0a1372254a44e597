"""citation keys: each source's BibTeX key, stored so that it never changes

Revision ID: 0009
Revises: 0008

Keys were made afresh at every export, and one changed ("smith1999keegan" became
"smith1999keegan-5") when another source with the same author, year and title word was added,
breaking every \\cite of it. Now a key is given once and kept. Sources stored before this
revision get theirs the next time powdb writes to the database (migrations never import
application code); until then an export makes them up as before, without storing them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and a unique index (no batch rebuild): SQLite keeps the table, its
    # triggers and the views on it as they are.
    op.add_column("sources", sa.Column("citation_key", sa.String(length=100), nullable=True))
    op.create_index("ix_sources_citation_key", "sources", ["citation_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_sources_citation_key", table_name="sources")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("citation_key")
