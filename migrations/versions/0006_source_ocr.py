"""source ocr: how a source's text was read by OCR, if it was

Revision ID: 0006
Revises: 0005

Scanned PDFs and images are read by OCR; the source says so ("Tesseract 5.3.0 (eng), 300 dpi,
2 of 2 pages"), so a reader knows its figures may hold misread digits. Null for text read as
written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): SQLite keeps the table and its triggers as they are.
    op.add_column("sources", sa.Column("ocr", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("ocr")
