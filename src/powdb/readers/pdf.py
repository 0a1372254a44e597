"""PDF files: the text layer page by page (scanned pages by OCR), with page offsets and
document metadata; images read by OCR, which come out the same way."""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING

from powdb.errors import InputError
from powdb.readers.document import Document, clean_field, normalize_text, split_authors
from powdb.readers.ocr import (
    IMAGE_TYPES,
    RENDER_DPI,
    PageCallback,
    ocr_note,
    ocr_pdf_pages,
    read_image,
)

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

#: Between pages: a form feed on a line of its own, as ``pdftotext`` marks pages, so the page
#: structure (headers and footers: :mod:`powdb.extract.furniture`) is read from the text.
PAGE_SEPARATOR = "\n\f\n"
_WORD_PROCESSOR_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint|Excel) - )", re.IGNORECASE)


def read_pdf(data: bytes, label: str, on_ocr_page: PageCallback | None = None) -> Document:
    """Text of every page, pages separated by a form feed line; ``page_starts`` records where
    each begins. Pages with no text layer but an image (a scan) are read by OCR."""
    # pypdf logs warnings about every oddity in the file; they are not the user's business.
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        return _read_pdf(data, label, on_ocr_page)
    finally:
        pypdf_logger.setLevel(previous_level)


def _read_pdf(data: bytes, label: str, on_ocr_page: PageCallback | None) -> Document:
    # Imported here, not at the top: every command would pay for pypdf's import otherwise.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader, label)
        pages = [normalize_text(page.extract_text() or "") for page in reader.pages]
        # A page with no text is a scan when it shows an image; a PDF with no text at all is
        # tried whole (a scan may be drawn in ways that are not an image XObject).
        scanned = [n for n, page in enumerate(pages) if not page.strip()]
        if len(scanned) < len(pages):
            scanned = [n for n in scanned if _shows_an_image(reader.pages[n])]
        metadata = reader.metadata
        title = clean_field(metadata.title) if metadata else None
        author = metadata.author if metadata else None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise InputError(f"{label}: damaged or unreadable PDF ({_one_line(exc)})") from None
    if not pages:
        raise InputError(f"{label}: empty document (the PDF has no pages)")
    ocr = None
    if scanned:
        texts, version = ocr_pdf_pages(data, label, scanned, on_ocr_page)
        for number, text in texts.items():
            pages[number] = normalize_text(text.strip())
        ocr = ocr_note(version, RENDER_DPI, len(scanned), len(pages))
    if not any(page.strip() for page in pages):
        raise InputError(f"{label}: no text found in the PDF, even by OCR")
    if title:
        title = _WORD_PROCESSOR_PREFIX.sub("", title) or None
    text, starts = join_pages(pages)
    return Document(
        text=text,
        media_type="application/pdf",
        title=title,
        authors=split_authors(author),
        page_starts=starts,
        ocr=ocr,
    )


def read_image_document(
    data: bytes, label: str, what: str, on_ocr_page: PageCallback | None = None
) -> Document:
    """An image (PNG, JPEG, TIFF; every frame of a TIFF a page) read by OCR."""
    pages, note = read_image(data, label, what, on_ocr_page)
    pages = [normalize_text(page.strip()) for page in pages]
    if not any(page.strip() for page in pages):
        raise InputError(f"{label}: looks like {what} with no text that OCR can read")
    text, starts = join_pages(pages)
    return Document(
        text=text, media_type=IMAGE_TYPES[what], page_starts=starts, ocr=note, kind="document"
    )


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """The pages joined by ``PAGE_SEPARATOR``, and where each begins."""
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(pages), tuple(starts)


def _shows_an_image(page: PageObject) -> bool:
    resources = page.get("/Resources")
    objects = resources.get_object().get("/XObject") if resources is not None else None
    if objects is None:
        return False
    return any(
        objects[name].get_object().get("/Subtype") == "/Image" for name in objects.get_object()
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
