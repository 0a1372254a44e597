"""Reading real documents (text, Markdown, HTML, PDF, scans and images by OCR) into normalized
text plus metadata.

Pure library code: no database, no CLI. Every error raised on purpose is an
:class:`~powdb.errors.InputError` (or :class:`~powdb.errors.UnsupportedFileError`) whose
message is one line starting with the file name as given.

``Document.text`` is what gets stored; claim offsets are Python ``str`` indices into it.
"""

from __future__ import annotations

import os
from pathlib import Path

from powdb.errors import InputError, UnsupportedFileError
from powdb.readers.document import (
    KINDS,
    Document,
    line_of,
    page_of,
    without_control_characters,
)
from powdb.readers.html import read_html
from powdb.readers.ocr import IMAGE_TYPES, PageCallback
from powdb.readers.pdf import read_image_document, read_pdf
from powdb.readers.sniff import SNIFF_BYTES, describe_binary, is_pdf, looks_like_html
from powdb.readers.textfile import read_text

__all__ = [
    "KINDS",
    "MAX_DOCUMENT_BYTES",
    "Document",
    "PageCallback",
    "line_of",
    "page_of",
    "read_bytes",
    "read_document",
]

#: Files larger than this are refused before they are read.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024

_TEXT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def read_document(path: Path | str, on_ocr_page: PageCallback | None = None) -> Document:
    """Read a text, Markdown, HTML or PDF file, or a PNG, JPEG or TIFF image (by OCR),
    choosing the reader by extension and content.

    The content decides when it contradicts the name: a PDF or a PNG renamed ``.txt`` is read
    as a PDF or an image; other binary files are refused. Unknown extensions are read as plain
    text if the content is text. A scanned PDF (pages without a text layer) and an image are
    read by OCR, page by page; ``on_ocr_page(label, done, total)`` is called after each page.
    """
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(f"{label}: not a regular file")
        _check_size(size, label)
        # No local name for the bytes: the reader must be able to free them once decoded.
        holder = [path.read_bytes()]
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read file ({exc.strerror or exc})") from None
    return _read(holder, label, path.suffix.lower(), on_ocr_page)


def read_bytes(data: bytes, name: str = "-", on_ocr_page: PageCallback | None = None) -> Document:
    """Read a document held in memory (stdin is ``"-"``); the type is sniffed from the content,
    helped by the extension of ``name`` when it has one."""
    _check_size(len(data), name)
    suffix = os.path.splitext(name)[1].lower() if name != "-" else ""
    return _read([data], name, suffix, on_ocr_page)


def _check_size(size: int, label: str) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(
            f"{label}: too large ({size / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB)"
        )


def _read(
    holder: list[bytes], label: str, suffix: str, on_ocr_page: PageCallback | None = None
) -> Document:
    # ``holder`` carries the only reference to the bytes so the text reader can drop them as
    # soon as they are decoded (a 100 MB file must not sit in memory three times).
    head = holder[0][:SNIFF_BYTES]
    if not head.strip() and not holder[0].strip():
        raise InputError(f"{label}: empty document")
    binary = describe_binary(head)
    if binary in IMAGE_TYPES:
        document = read_image_document(holder.pop(), label, binary, on_ocr_page)
    elif binary is not None:
        raise UnsupportedFileError(f"{label}: looks like {binary}, not a text document")
    elif is_pdf(head):
        document = read_pdf(holder.pop(), label, on_ocr_page)
    elif suffix == ".pdf":
        raise InputError(f"{label}: damaged or unreadable PDF (no %PDF header)")
    elif suffix in _HTML_SUFFIXES or (suffix not in _TEXT_TYPES and looks_like_html(head)):
        document = read_html(holder.pop(), label)
    else:  # removes control characters itself, where it looks for them anyway
        return _not_empty(read_text(holder, label, _TEXT_TYPES.get(suffix, "text/plain")), label)
    return _not_empty(without_control_characters(document, label), label)


def _not_empty(document: Document, label: str) -> Document:
    if not document.text.strip():
        raise InputError(f"{label}: empty document")
    return document
