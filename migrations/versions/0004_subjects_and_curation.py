"""subjects and curation

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("group", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=80), nullable=True),
        sa.Column("qualifiers", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("comparable", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("origin IN ('auto', 'user')", name=op.f("ck_subjects_origin")),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["subjects.id"],
            name=op.f("fk_subjects_merged_into_id_subjects"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("key", name=op.f("uq_subjects_key")),
    )
    op.create_table(
        "claim_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("surface", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_claim_moves_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_claim_moves_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_moves")),
    )
    with op.batch_alter_table("claim_moves", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claim_moves_source_anchor", ["source_id", "surface"], unique=False
        )

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("preferred_source_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "verdict IN ('different scope', 'correction', 'note')",
            name=op.f("ck_verdicts_verdict"),
        ),
        sa.ForeignKeyConstraint(
            ["preferred_source_id"],
            ["sources.id"],
            name=op.f("fk_verdicts_preferred_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_verdicts_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
    )
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdicts_subject_id"), ["subject_id"], unique=False)

    triggers = _claims_triggers()
    with op.batch_alter_table("claims") as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fig_low", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("fig_high", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("anchored", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_index(
            "ix_claims_subject_figures", ["subject_id", "fig_low", "fig_high"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_claims_subject_id_subjects", "subjects", ["subject_id"], ["id"], ondelete="SET NULL"
        )
    for sql in triggers:
        op.execute(sql)
    # Claims stored before subjects existed get theirs when powdb next writes to the database
    # (powdb.subjects.ensure_current_rules): migrations never import application code.


def downgrade() -> None:
    triggers = _claims_triggers()
    with op.batch_alter_table("claims") as batch_op:
        batch_op.drop_constraint("fk_claims_subject_id_subjects", type_="foreignkey")
        batch_op.drop_index("ix_claims_subject_figures")
        for column in ("anchored", "fig_high", "fig_low", "subject_id"):
            batch_op.drop_column(column)
    for sql in triggers:
        op.execute(sql)

    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdicts_subject_id"))

    op.drop_table("verdicts")
    with op.batch_alter_table("claim_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_moves_source_anchor")

    op.drop_table("claim_moves")
    op.drop_table("subjects")


def _claims_triggers() -> list[str]:
    """SQL of the triggers on `claims` (SQLite): batch mode rebuilds the table, which drops
    the triggers that keep its search index in step (migration 0002), so they are created
    again afterwards. Claim ids are copied, so the index itself stays valid."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return []
    return list(
        bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
        ).scalars()
    )
