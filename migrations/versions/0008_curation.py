"""curation: rejected and corrected claims, verdicts of not comparable, the history of actions

Revision ID: 0008
Revises: 0007

A user may reject a claim (kept with its reason, left out of listings and conflicts), correct
its reading (the extractor's own is kept in ``original``) and declare a subject's figures not
comparable. Every curation action is recorded in ``history``, with what reverting it needs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_VERDICTS = "verdict IN ('different scope', 'correction', 'note')"
NEW_VERDICTS = "verdict IN ('different scope', 'correction', 'note', 'not comparable')"


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): SQLite keeps the claims table and its search
    # triggers as they are.
    op.add_column(
        "claims", sa.Column("rejected", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("claims", sa.Column("rejection_reason", sa.Text(), nullable=True))
    op.add_column("claims", sa.Column("original", sa.JSON(), nullable=True))
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_verdicts_verdict"), type_="check")
        batch_op.create_check_constraint(op.f("ck_verdicts_verdict"), sa.text(NEW_VERDICTS))
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("subject_ids", sa.JSON(), nullable=False),
        sa.Column("source_ids", sa.JSON(), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_history_user"), ["user"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_user"))
    op.drop_table("history")
    op.execute("DELETE FROM verdicts WHERE verdict = 'not comparable'")
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_verdicts_verdict"), type_="check")
        batch_op.create_check_constraint(op.f("ck_verdicts_verdict"), sa.text(OLD_VERDICTS))
    for column in ("original", "rejection_reason", "rejected"):
        op.drop_column("claims", column)
