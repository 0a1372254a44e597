"""PDF files: the text layer page by page, with page offsets and document metadata."""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING

from powdb.errors import InputError
from powdb.readers.document import Document, clean_field, normalize_text, split_authors

if TYPE_CHECKING:
    from pypdf import PdfReader

#: Between pages: a form feed on a line of its own, as ``pdftotext`` marks pages, so the page
#: structure (headers and footers: :mod:`powdb.extract.furniture`) is read from the text.
PAGE_SEPARATOR = "\n\f\n"
_WORD_PROCESSOR_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint|Excel) - )", re.IGNORECASE)


def read_pdf(data: bytes, label: str) -> Document:
    """Text of every page, pages separated by a form feed line; ``page_starts`` records where
    each begins."""
    # pypdf logs warnings about every oddity in the file; they are not the user's business.
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        return _read_pdf(data, label)
    finally:
        pypdf_logger.setLevel(previous_level)


def _read_pdf(data: bytes, label: str) -> Document:
    # Imported here, not at the top: every command would pay for pypdf's import otherwise.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader, label)
        pages = [normalize_text(page.extract_text() or "") for page in reader.pages]
        metadata = reader.metadata
        title = clean_field(metadata.title) if metadata else None
        author = metadata.author if metadata else None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise InputError(f"{label}: damaged or unreadable PDF ({_one_line(exc)})") from None
    if not pages:
        raise InputError(f"{label}: empty document (the PDF has no pages)")
    if not any(page.strip() for page in pages):
        raise InputError(f"{label}: no extractable text; OCR it first")
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    if title:
        title = _WORD_PROCESSOR_PREFIX.sub("", title) or None
    return Document(
        text=PAGE_SEPARATOR.join(pages),
        media_type="application/pdf",
        title=title,
        authors=split_authors(author),
        page_starts=tuple(starts),
    )


def _decrypt(reader: PdfReader, label: str) -> None:
    # Many PDFs are "encrypted" with an empty user password only to restrict printing; AES
    # ones need the `cryptography` package, a declared dependency.
    try:
        unlocked = reader.decrypt("")
    except Exception as exc:
        raise InputError(
            f"{label}: encrypted PDF that cannot be opened ({_one_line(exc)})"
        ) from None
    if not unlocked:
        raise InputError(
            f"{label}: encrypted PDF that needs a password; save a copy without it and ingest that"
        )


def _one_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
