"""The :class:`Document` type every reader returns, and helpers shared by the readers."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

#: Kinds of source powdb knows; ``citations`` maps each to a CSL type. Unknown kinds become
#: ``DEFAULT_KIND``.
KINDS = (
    "article",
    "book review",
    "web page",
    "forum post",
    "newspaper article",
    "book",
    "report",
    "document",
)
DEFAULT_KIND = "document"

_KIND_SYNONYMS = {
    "journal article": "article",
    "article-journal": "article",
    "scholarly article": "article",
    "paper": "article",
    "review": "book review",
    "review-book": "book review",
    "webpage": "web page",
    "web": "web page",
    "website": "web page",
    "page": "web page",
    "blog": "web page",
    "blog post": "web page",
    "post-weblog": "web page",
    "forum": "forum post",
    "post": "forum post",
    "comment": "forum post",
    "newspaper": "newspaper article",
    "news": "newspaper article",
    "news article": "newspaper article",
    "article-newspaper": "newspaper article",
    "monograph": "book",
    "technical report": "report",
}


@dataclass(frozen=True)
class Document:
    """A document read from a file, ready to be stored.

    ``text`` is normalized (Unicode NFC, LF line endings, no byte-order mark); it is exactly
    what gets stored, so claim offsets are Python ``str`` indices into it and
    ``text[start:end] == surface`` holds for every claim extracted from it.
    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins (PDFs and images
    read by OCR; pages are separated by a form feed line, ``\n\f\n``).
    """

    text: str
    kind: str = DEFAULT_KIND
    media_type: str = "text/plain"
    title: str | None = None
    authors: tuple[str, ...] = ()
    issued: str | None = None
    container: str | None = None
    url: str | None = None
    note: str | None = None
    page_starts: tuple[int, ...] = ()
    encoding: str | None = None
    #: How the text was read by OCR ("Tesseract 5.3.0 (eng), 300 dpi, 2 of 2 pages"), or None
    #: for a text that was read as written (a file's text, a PDF's text layer).
    ocr: str | None = None
    #: One-line notes on what reading changed ("removed 3 control characters"), to show.
    warnings: tuple[str, ...] = ()


#: C0 control characters other than tab, line breaks, form feed and escape; DEL; C1 controls.
#: Text has none of them: a few are damage (a NUL from a bad export), many mean binary data.
CONTROL_CHARACTERS = re.compile(
    "[" + "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\f\v\x1b") + "\x7f-\x9f]"
)
# Every byte but those characters: what bytes.translate deletes to leave only them.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not CONTROL_CHARACTERS.match(chr(b)))


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds any of CONTROL_CHARACTERS.

    They are all below U+0100, so the Latin-1 bytes of the text (other characters dropped)
    hold them all, and deleting every other byte leaves something only if one is there:
    two passes in C, three times as fast as the regex's scan. A megabyte at a time, so a
    large text is never copied whole.
    """
    step = 1 << 20
    return any(
        text[i : i + step].encode("latin-1", "ignore").translate(None, _NOT_CONTROL_BYTES)
        for i in range(0, len(text), step)
    )


def without_control_characters(document: Document, label: str) -> Document:
    """``document`` with any stray control characters removed from its text, and a warning.

    Offsets are indices into the stored text, so they refer to the text without them.
    """
    if not has_control_characters(document.text):
        return document
    removed_at = [m.start() for m in CONTROL_CHARACTERS.finditer(document.text)]
    text = CONTROL_CHARACTERS.sub("", document.text)
    removed = len(removed_at)
    # Each character removed before a page's start moves that start back by one.
    page_starts = tuple(s - bisect_left(removed_at, s) for s in document.page_starts)
    noun = "control character" if removed == 1 else "control characters"
    warning = (
        f"{label}: removed {removed} {noun} (NUL and the like); "
        "offsets refer to the text without them"
    )
    return replace(
        document, text=text, page_starts=page_starts, warnings=(*document.warnings, warning)
    )


def page_of(page_starts: Sequence[int], offset: int) -> int | None:
    """The 1-based page holding ``offset``, or None for an unpaged document."""
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``text`` holding ``offset``."""
    return text.count("\n", 0, max(0, offset)) + 1


def normalize_text(text: str) -> str:
    """NFC, LF line endings, no BOM. Returns ``text`` itself when nothing changes (no copy)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # normalize() returns its argument unchanged when the quick check says it is already NFC.
    return unicodedata.normalize("NFC", text)


def normalize_kind(value: str | None) -> str:
    """Map a free-form kind ("Journal article", "webpage", "newspaper") to one of KINDS."""
    if not value:
        return DEFAULT_KIND
    key = " ".join(value.strip().lower().replace("_", " ").split())
    if key in KINDS:
        return key
    return _KIND_SYNONYMS.get(key, _KIND_SYNONYMS.get(key.replace(" ", "-"), DEFAULT_KIND))


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_DATE_FORMATS = (
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%B %Y",
    "%b %Y",
)


def normalize_date(value: object) -> str | None:
    """An ISO date or partial date ("1992", "1992-10", "1992-10-02"), or None if unreadable."""
    if value is None:
        return None
    raw = " ".join(str(value).split())
    if not raw:
        return None
    match = _ISO_PARTIAL.match(raw)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                return datetime(int(year), int(month), int(day)).date().isoformat()
            if month:
                if not 1 <= int(month) <= 12:
                    return None
                return f"{year}-{int(month):02d}"
            return year
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return parsed.strftime("%Y-%m") if "%d" not in fmt else parsed.date().isoformat()
    return None


def clean_field(value: object) -> str | None:
    """A metadata string with whitespace collapsed, or None when empty."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def split_authors(value: object) -> tuple[str, ...]:
    """Authors from a list or a ``;``-separated string, cleaned and de-duplicated."""
    items: list[object]
    if value is None:
        return ()
    items = list(value) if isinstance(value, (list, tuple)) else list(str(value).split(";"))
    seen: dict[str, None] = {}
    for item in items:
        name = clean_field(item)
        if name and name not in seen:
            seen[name] = None
    return tuple(seen)
