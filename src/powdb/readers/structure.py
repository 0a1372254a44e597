"""What a document is made of: its analysis view and its structure, from the stored text alone.

:func:`analyse` reads a stored text (and its media type) once and returns both:

* the **analysis view** (see :mod:`powdb.extract.unwrap`): a string of the same length as the
  text in which only prose is left — Markdown markup, link and image targets, code, HTML
  comments, footnote markers, list and heading numbers, front matter keys and metadata values
  are blanked, and a line break inside a paragraph is a space — so claims found in the view have
  offsets that hold in the text;
* the :class:`DocumentStructure`: title, front matter, the heading path at any offset, the
  table cell (with its column header and row label) and the list item label at any offset.

Both are pure functions of ``(text, media_type)``, so they can be recomputed at any time from
what the database stores; nothing needs the original file.

Which text is Markdown: ``text/markdown`` always; ``text/plain`` and ``application/pdf`` when the
text looks like Markdown (it starts with a YAML front matter block, or it shows Markdown's
marks — headings, pipe tables, fences, links, bold, footnote references — of at least two kinds
or five times); HTML pages (already reduced to their main text, one paragraph a line) never.
Plain text gets :func:`powdb.extract.unwrap.plain_view` and an empty structure.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from powdb.extract.unwrap import blank_urls, plain_view

__all__ = [
    "Analysis",
    "DocumentStructure",
    "Heading",
    "ListItem",
    "TableCell",
    "analyse",
    "analysis_view",
    "looks_like_markdown",
    "structure_of",
    "view_function",
]

MARKDOWN_SNIFF_CHARS = 65536
_MARK_RES = {
    "heading": re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),
    "table": re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.MULTILINE),
    "fence": re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE),
    "link": re.compile(r"\]\([^)\s]+\)"),
    "bold": re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),
    "footnote": re.compile(r"\[\^[^\]\s]+\]"),
}


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: its level (1 for ``#``), its words (markup and numbering like "2." removed),
    and the offsets of the whole heading (marks included) in the text."""

    level: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TableCell:
    """A table cell: its text, its column's header text and its row's label (the text of the
    row's first cell; None in the first column and in the header row). ``row`` is 0 for the
    header row and counts body rows from 1; ``column`` counts from 0. ``start``/``end`` are the
    cell's offsets in the text, between its pipes."""

    text: str
    header: str | None
    row_label: str | None
    row: int
    column: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ListItem:
    """A list item: offsets of the whole item (marker and sub-lists included), its depth (1 for
    a top-level list) and its label: the bold words it starts with ("**Deaths**: 3,787" gives
    "Deaths") or the words before a colon that opens it ("Deaths: 3,787"), else None."""

    start: int
    end: int
    depth: int
    label: str | None


@dataclass(frozen=True)
class DocumentStructure:
    """The structure of one stored text; every offset is a Python ``str`` index into it.

    Plain text has an empty structure (no title unless given by front matter, no headings,
    cells or items).
    """

    title: str | None = None
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    #: Offset where the body starts, after the front matter block (0 without one).
    body_start: int = 0
    headings: tuple[Heading, ...] = ()
    cells: tuple[TableCell, ...] = ()
    items: tuple[ListItem, ...] = ()
    #: ``(start, end, key path)`` of each front matter value, in order.
    front_matter_fields: tuple[tuple[int, int, str], ...] = ()
    _heading_paths: tuple[tuple[str, ...], ...] = field(default=(), repr=False, compare=False)

    def heading_at(self, offset: int) -> tuple[str, ...]:
        """The headings in force at ``offset``, outermost first: ("Casualties", "Japanese").

        A heading is in force from its own start until the next heading of the same or a higher
        level. Inside a heading, its path ends with itself. Empty before the first heading.
        """
        i = bisect.bisect_right(self._heading_starts, offset) - 1
        return self._heading_paths[i] if i >= 0 else ()

    def cell_at(self, offset: int) -> TableCell | None:
        """The table cell holding ``offset``, or None outside tables."""
        i = bisect.bisect_right(self._cell_starts, offset) - 1
        if i >= 0 and offset < self.cells[i].end:
            return self.cells[i]
        return None

    def list_label_at(self, offset: int) -> str | None:
        """The label of the innermost list item holding ``offset`` that has one, or None."""
        label = None
        best_depth = 0
        i = bisect.bisect_right(self._item_starts, offset)
        # Items holding ``offset`` start before it; enclosing ones start earlier, so walk back
        # until an item of depth 1 that does not hold it.
        while i > 0:
            i -= 1
            item = self.items[i]
            if item.start <= offset < item.end and item.label and item.depth > best_depth:
                label, best_depth = item.label, item.depth
            if item.depth == 1 and item.end <= offset:
                break
        return label

    def front_matter_key_at(self, offset: int) -> str | None:
        """The key path ("casualties", "socialLinks.wikipedia") of the front matter value
        holding ``offset``, or None outside front matter values."""
        for start, end, key in self.front_matter_fields:
            if start <= offset < end:
                return key
            if start > offset:
                break
        return None

    @property
    def _heading_starts(self) -> list[int]:
        return _starts(self, "headings")

    @property
    def _cell_starts(self) -> list[int]:
        return _starts(self, "cells")

    @property
    def _item_starts(self) -> list[int]:
        return _starts(self, "items")


def _starts(structure: DocumentStructure, name: str) -> list[int]:
    # Computed once per structure and kept on it (the dataclass is frozen, not slotted).
    cache: dict[str, list[int]] = structure.__dict__.setdefault("_starts_cache", {})
    starts = cache.get(name)
    if starts is None:
        starts = cache[name] = [part.start for part in getattr(structure, name)]
    return starts


EMPTY_STRUCTURE = DocumentStructure()


@dataclass(frozen=True)
class Analysis:
    """The analysis view of a text (same length) and its structure."""

    view: str
    structure: DocumentStructure
    is_markdown: bool


def looks_like_markdown(text: str) -> bool:
    """Whether plain text is Markdown: a front matter block, or Markdown marks of two kinds or
    five marks in all in its first 64 kB."""
    from powdb.readers.frontmatter import find_front_matter

    sample = text[:MARKDOWN_SNIFF_CHARS]
    if sample.startswith("---") and find_front_matter(sample) is not None:
        return True
    kinds = 0
    marks = 0
    for pattern in _MARK_RES.values():
        found = len(pattern.findall(sample, 0, MARKDOWN_SNIFF_CHARS))
        if found:
            kinds += 1
            marks += found
            if kinds >= 2 or marks >= 5:
                return True
    return False


def analyse(text: str, media_type: str = "text/plain") -> Analysis:
    """The analysis view and the structure of a stored text of this media type."""
    if media_type == "text/html":
        return Analysis(blank_urls(text), EMPTY_STRUCTURE, False)
    if media_type == "text/markdown" or looks_like_markdown(text):
        from powdb.readers.markdown import analyse_markdown

        return analyse_markdown(text)
    return Analysis(plain_view(text), EMPTY_STRUCTURE, False)


def view_function(text: str, media_type: str = "text/plain") -> Callable[[str], str]:
    """How to make the view of pieces of ``text`` (a very large text read a window at a time):
    the kind of text is decided once, on the whole."""
    if media_type == "text/html":
        return blank_urls
    if media_type == "text/markdown" or looks_like_markdown(text):
        from powdb.readers.markdown import analyse_markdown

        return lambda piece: analyse_markdown(piece, with_structure=False).view
    return plain_view


def analysis_view(text: str, media_type: str = "text/plain") -> str:
    """The analysis view of a stored text: same length, prose only (see the module's doc)."""
    return view_function(text, media_type)(text)


def structure_of(text: str, media_type: str = "text/plain") -> DocumentStructure:
    """The structure of a stored text (empty for plain text and HTML-extracted text)."""
    return analyse(text, media_type).structure
