"""SQLAlchemy 2 typed models: the schema of a powdb database.

The Alembic scripts in ``migrations/`` build exactly this schema; a test checks that an empty
database upgraded to head does not differ from these models.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints let Alembic's batch mode rebuild SQLite tables predictably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Search indexes live outside the models (FTS5 tables, pg_trgm indexes; see migration 0002),
# so schema comparisons skip objects whose names start with these prefixes.
SEARCH_OBJECT_PREFIXES = ("claims_fts", "search_")


def is_modelled(name: str | None, type_: str, *_: object) -> bool:
    """False for database objects the models leave to migrations (the search indexes)."""
    return not (name or "").startswith(SEARCH_OBJECT_PREFIXES)


def table(model: type[Base]) -> Table:
    """A model's table, typed as the Core ``Table`` it is (``__table__`` is typed loosely)."""
    return cast(Table, model.__table__)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON}


class Source(Base):
    """One document, stored once whatever path it was read from (``sha256`` is unique)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    issued: Mapped[str | None] = mapped_column(String(32))
    container: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="document")
    media_type: Mapped[str] = mapped_column(String(80), default="text/plain")
    encoding: Mapped[str | None] = mapped_column(String(40))
    # How the text was read by OCR ("Tesseract 5.3.0 (eng), 300 dpi, 2 of 2 pages"); None for
    # a text read as written. Claims from such a text carry "ocr" in their rule.
    ocr: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    page_starts: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The event the document is about (powdb.compare.events), shared by the sources that are
    # about the same one, and what its title says of it.
    event: Mapped[str | None] = mapped_column(String(200), index=True)
    event_signature: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Metadata fields a user set (by `powdb sources edit` or ingest options): re-ingesting a
    # changed file keeps them instead of taking the document's own values.
    edited: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The source's citation key for BibTeX/biblatex ("doe2003siege"): given once, when the
    # source is stored (or by `powdb sources edit --key`), and never changed by powdb after.
    citation_key: Mapped[str | None] = mapped_column(String(100), index=True, unique=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    claims: Mapped[list[Claim]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )


class Claim(Base):
    """A numeric claim anchored in its source: ``source.text[start:end] == surface``."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("origin IN ('auto', 'manual')", name="origin"),
        CheckConstraint('"end" >= start', name="span"),
        Index("ix_claims_source_start", "source_id", "start"),
        Index("ix_claims_subject_figures", "subject_id", "fig_low", "fig_high"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    value: Mapped[float | None] = mapped_column(Float, index=True)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    hedge: Mapped[str | None] = mapped_column(String(40), index=True)
    interval_low: Mapped[float | None] = mapped_column(Float)
    interval_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    counted: Mapped[str | None] = mapped_column(Text)
    surface: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote_start: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(80))
    extractor_version: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(10), default="auto")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What the figure counts, and the interval it allows (hedge and rounding; NULL high means
    # no upper bound). Conflicts are subjects where max(fig_low) > min(fig_high).
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id", ondelete="SET NULL"))
    # What the figure is a figure of (powdb.compare.frames.Frame), and the block of claims
    # that may be about the same quantity (event, measure and dimension); None: not compared.
    frame: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    block: Mapped[str | None] = mapped_column(String(300), index=True)
    fig_low: Mapped[float | None] = mapped_column(Float)
    fig_high: Mapped[float | None] = mapped_column(Float)
    # False when a manual claim's quote is gone from a changed source: kept, and reported.
    anchored: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa.true())
    # A user's rejection (powdb.claim_curation.reject_claims): the claim is kept with its
    # reason but has no subject and leaves listings, conflicts and the report unless asked for.
    rejected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa.false())
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # The extractor's own reading ({value, low, high, hedge, counted}) when a user corrected
    # it (powdb.claim_curation.edit_claim); None for a claim as read.
    original: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    source: Mapped[Source] = relationship(back_populates="claims")


class Subject(Base):
    """What claims count, e.g. "American service personnel held by the Soviet Union".

    Automatic subjects are found by ``key`` when claims are stored; a user may rename them,
    merge one into another (``merged_into_id``) or create new ones to split claims into.
    Subjects are never deleted by ingest, so this curation survives re-ingesting sources.
    """

    __tablename__ = "subjects"
    __table_args__ = (CheckConstraint("origin IN ('auto', 'user')", name="origin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    label: Mapped[str] = mapped_column(Text)
    group: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str | None] = mapped_column(String(80))
    qualifiers: Mapped[list[str]] = mapped_column(JSON, default=list)
    scope: Mapped[str | None] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(10), default="auto")
    # False for subjects too vague to compare ("50,000 forgotten men": whose, where, when?);
    # their claims are listed but never reported as conflicting.
    comparable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa.true())
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("subjects.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The block of the subject's claims (subjects of one block are possible matches), and the
    # frame its claims share.
    block: Mapped[str | None] = mapped_column(String(300), index=True)
    frame: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class KeptApart(Base):
    """A user's answer that two subjects powdb offered to merge count different things."""

    __tablename__ = "kept_apart"
    __table_args__ = (sa.UniqueConstraint("subject_id", "other_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Setting(Base):
    """Facts about the database itself, such as the version of the rules that assigned its
    subjects (``subject_rules``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ClaimMove(Base):
    """A user's decision that a claim belongs to another subject, anchored by its text so that
    it is applied again when the source is re-ingested and its claims are extracted anew."""

    __tablename__ = "claim_moves"
    __table_args__ = (Index("ix_claim_moves_source_anchor", "source_id", "surface"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    surface: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Verdict(Base):
    """A user's explanation of a conflict on a subject; explained conflicts are hidden."""

    __tablename__ = "verdicts"
    __table_args__ = (
        CheckConstraint(
            "verdict IN ('different scope', 'correction', 'note', 'not comparable')",
            name="verdict",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), index=True
    )
    verdict: Mapped[str] = mapped_column(String(20))
    preferred_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HistoryEntry(Base):
    """One curation action: when, who, what and why, and how to revert it (``powdb history``,
    ``powdb undo``). Ids are plain numbers, not foreign keys: the record outlives what it names
    (a removed source, a claim re-extracted)."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    claim_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    subject_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    source_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # What reverting the action needs; None when it cannot be reverted (a removed source).
    undo: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # The undo that reverted this action, and for an undo, the action it reverted.
    undone_by: Mapped[int | None] = mapped_column(Integer)
    undoes: Mapped[int | None] = mapped_column(Integer)
