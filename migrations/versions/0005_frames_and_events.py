"""frames and events: what each figure is a figure of, and which event a source is about

Revision ID: 0005
Revises: 0004

Claims gain their frame and block, sources their event, subjects their block; a table keeps
the merges a user refused, and one holds settings such as the version of the subject rules.
The frames themselves are computed by powdb when it next writes to the database (existing
claims have none until then), because migrations never import application code.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): SQLite keeps the claims table and its triggers.
    op.add_column("sources", sa.Column("event", sa.String(length=200), nullable=True))
    op.add_column("sources", sa.Column("event_signature", sa.JSON(), nullable=True))
    op.create_index(op.f("ix_sources_event"), "sources", ["event"], unique=False)
    op.add_column("claims", sa.Column("frame", sa.JSON(), nullable=True))
    op.add_column("claims", sa.Column("block", sa.String(length=300), nullable=True))
    op.create_index(op.f("ix_claims_block"), "claims", ["block"], unique=False)
    op.add_column("subjects", sa.Column("block", sa.String(length=300), nullable=True))
    op.add_column("subjects", sa.Column("frame", sa.JSON(), nullable=True))
    op.create_index(op.f("ix_subjects_block"), "subjects", ["block"], unique=False)
    op.create_table(
        "kept_apart",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_kept_apart_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["subjects.id"],
            name=op.f("fk_kept_apart_other_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_apart")),
        sa.UniqueConstraint("subject_id", "other_id", name=op.f("uq_kept_apart_subject_id")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("kept_apart")
    for table, column in (("subjects", "block"), ("claims", "block"), ("sources", "event")):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    bind = op.get_bind()
    triggers = (
        list(
            bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
            ).scalars()
        )
        if bind.dialect.name == "sqlite"
        else []
    )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_column("frame")
        batch_op.drop_column("block")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("block")
        batch_op.drop_column("frame")
    for sql in triggers:  # batch mode rebuilt the table without them
        op.execute(sql)
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("event_signature")
        batch_op.drop_column("event")
