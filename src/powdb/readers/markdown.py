"""Markdown: the analysis view and the structure, from one pass over pulldown-cmark's events.

The parser is pulldown-cmark (CommonMark, with GitHub's tables and footnotes) through its Python
binding ``pyromark``. Every event it reports, inline ones included, carries the range of source
it came from, so what a reader reads (text in paragraphs, headings, list items, table cells,
link text, footnote text) is copied into the view at its own offsets and everything else is
left blank: emphasis marks, link and image targets, images, code, HTML tags and comments,
footnote markers, list markers, heading marks and numbers ("### 2. The Tsunami"), table pipes.
A soft line break inside a paragraph is a space; a cell boundary is a line break.

Deliberate choices: strikethrough and math are not enabled (GitHub's ``~`` and TeX's ``$``
would swallow "~4,000" and "$3 million"); an indented code block is kept as text (in prose
documents four spaces of indentation are far more often an indented paragraph or quotation
than code); fenced code is code.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterable
from typing import Any

import pyromark

from powdb.extract.furniture import blank_page_furniture
from powdb.extract.unwrap import blank, blank_spans, url_spans
from powdb.readers.frontmatter import SOURCE_FIELDS, find_front_matter, normalize_key
from powdb.readers.structure import (
    Analysis,
    DocumentStructure,
    Heading,
    ListItem,
    TableCell,
)

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
_BLANK_BYTES = bytes(10 if b == 10 else 32 for b in range(256))
# "2.", "2.1", "2.1.", "2)", "IV." at the start of a heading.
_HEADING_NUMBER_RE = re.compile(
    r"[ \t]*(?:[0-9]{1,3}(?:\.[0-9]{1,3})*[.):]|[0-9]{1,3}(?:\.[0-9]{1,3})+|[IVXLC]{1,7}[.):])"
    r"(?=[ \t]+\S)"
)
_TAG_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|<[^<>]*>", re.DOTALL | re.IGNORECASE
)
# A number that opens a line of the view and numbers what follows: "**1. Illegal Redesign:**"
# (a bold paragraph lead, not a list item, so the parser leaves its number in the text).
# Found from the line break before it: a pattern that starts with "\n" is scanned for as fast as
# str.find, where "^" with MULTILINE is tried at every character. The first line is tried on
# its own (_FIRST_LEAD_NUMBER_RE).
_LEAD_NUMBER_RE = re.compile(r"\n[ \t]*[0-9]{1,2}[.)](?=[ \t]+[A-Z])")
_FIRST_LEAD_NUMBER_RE = re.compile(r"[ \t]*[0-9]{1,2}[.)](?=[ \t]+[A-Z])")
_COLON_LABEL_RE = re.compile(r"[ \t]*([^\W\d_][^:\n]{0,48}?)[ \t]*:(?:[ \t]|$)")
_SUPPRESSING = frozenset({"Image", "MetadataBlock"})
# Tags that change nothing in the view or the structure.
_PLAIN_TAGS = frozenset({"Paragraph", "Emphasis", "BlockQuote", "HtmlBlock", "FootnoteDefinition"})
# Tags that matter to the structure only: skipped when only the view is wanted.
_STRUCTURE_TAGS = frozenset({"List", "Item", "Strong", "Table", "TableHead", "TableRow"})
# An entity ("&amp;", "&#8212;") or the backslash of an escape ("\\*"): marks, not text.
_ESCAPE_RE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|\\(?=[!-/:-@\[-`{-~])"
)


def _blanked(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _blanked_after_break(match: re.Match[str]) -> str:
    """Blanks for a match that starts with the line break before it (kept)."""
    return "\n" + " " * (match.end() - match.start() - 1)


def _ascii_stand_in(text: str) -> str:
    """``text`` with each non-ASCII character replaced by an ASCII one of the same kind.

    pulldown-cmark reports UTF-8 byte offsets; in an ASCII string they are ``str`` indices.
    The stand-ins keep what CommonMark looks at (white space, punctuation, letters and digits,
    for emphasis and line structure), and pick characters with no meaning of their own at
    the start of a line: an apostrophe for punctuation and symbols, "a" for letters, "0" for
    digits, a space for white space. Made by the ASCII encoder, which calls
    :func:`_stand_ins` once for each run of other characters (half the time of a regex
    substitution calling back for each character).
    """
    if text.isascii():
        return text
    return text.encode("ascii", _STAND_IN_ERRORS).decode("ascii")


def _stand_ins(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    run = error.object[error.start : error.end]
    return "".join([_stand_in(ch) for ch in run]), error.end


_STAND_IN_ERRORS = "powdb-markdown-stand-in"
codecs.register_error(_STAND_IN_ERRORS, _stand_ins)


@functools.lru_cache(maxsize=4096)
def _stand_in(ch: str) -> str:
    if ch.isspace():
        return " "
    if ch.isalpha():
        return "a"
    if ch.isdigit():
        return "0"
    return "'"


def analyse_markdown(text: str, with_structure: bool = True) -> Analysis:
    """The analysis view and structure of a Markdown text (front matter included).

    With ``with_structure=False`` only the view is made (the structure is left empty): what
    ingest needs, somewhat faster.
    """
    front = find_front_matter(text) if text.startswith("---") else None
    base = front.end if front is not None else 0
    stand_in = _ascii_stand_in(text)
    walker = _Walker(text, base, stand_in, with_structure)
    if front is not None:
        for start, end in front.prose:
            walker.put(start, text[start:end].replace("\n", " "))
            if end < front.end and text[end] != "\n":
                walker.put(end, "\n")  # a value ends its own sentence, even inside [a, b]
    walker.walk()
    # Addresses are looked for in the text, where a line break that cut one is still a line
    # break (the view has made it a space).
    view = _LEAD_NUMBER_RE.sub(_blanked_after_break, blank_spans(walker.finish(), url_spans(text)))
    first = _FIRST_LEAD_NUMBER_RE.match(view)
    if first is not None:
        view = " " * first.end() + view[first.end() :]
    view = blank_page_furniture(text, view)
    if not with_structure:
        return Analysis(view, DocumentStructure(body_start=base), True)
    title = _title(front.values if front is not None else {}, walker.headings)
    structure = DocumentStructure(
        title=title,
        front_matter=front.data if front is not None else {},
        body_start=base,
        headings=tuple(walker.headings),
        cells=tuple(walker.cells),
        items=tuple(sorted(walker.items, key=lambda item: item.start)),
        front_matter_fields=front.fields if front is not None else (),
        _heading_paths=tuple(walker.heading_paths),
    )
    return Analysis(view, structure, True)


def _title(data: Any, headings: list[Heading]) -> str | None:
    if isinstance(data, dict):
        by_field: dict[str, object] = {}
        for key, value in data.items():
            normalized = normalize_key(key)
            if SOURCE_FIELDS.get(normalized) == "title" and isinstance(value, str | int | float):
                by_field.setdefault(normalized, value)
        for key in ("title", "name"):
            value = by_field.get(key)
            if value is not None and str(value).strip():
                return " ".join(str(value).split())
    for heading in headings:
        if heading.level == 1 and heading.text:
            return heading.text
    return None


class _Walker:
    """One pass over the events: writes the view through ``put`` and collects the structure."""

    def __init__(self, text: str, base: int, stand_in: str, with_structure: bool) -> None:
        self.text = text
        self.base = base
        self.stand_in = stand_in
        self.with_structure = with_structure
        # The view is written piece by piece: blanks cut from a blank copy of the text (its
        # line breaks kept), and what is read copied at its own offsets.
        self.blanks = stand_in.encode("ascii").translate(_BLANK_BYTES).decode("ascii")
        self.pieces: list[str] = []
        self.cursor = 0
        self.headings: list[Heading] = []
        self.heading_paths: list[tuple[str, ...]] = []
        self.cells: list[TableCell] = []
        self.items: list[ListItem] = []
        self._path: list[tuple[int, str]] = []

    def put(self, start: int, replacement: str) -> None:
        """Write ``replacement`` into the view at ``start`` (nothing if already written)."""
        cursor = self.cursor
        if start < cursor:
            return  # already written (two cells share the pipe between them)
        if start > cursor:
            self.pieces.append(self.blanks[cursor:start])
        self.pieces.append(replacement)
        self.cursor = start + len(replacement)

    def finish(self) -> str:
        if self.cursor < len(self.text):
            self.pieces.append(self.blanks[self.cursor :])
            self.cursor = len(self.text)
        return "".join(self.pieces)

    def walk(self) -> None:
        """Read the body's events, writing the view and collecting the structure."""
        base = self.base
        text = self.text
        stand_in = self.stand_in[base:] if base else self.stand_in
        structure = self.with_structure
        skipped = _PLAIN_TAGS if structure else _PLAIN_TAGS | _STRUCTURE_TAGS
        put = self.put
        pieces = self.pieces
        blanks = self.blanks
        suppressed = 0  # inside an image, a metadata block or an autolink: not read
        code = 0  # inside fenced code
        autolinks: list[bool] = []  # for each open link, whether it is an autolink
        heading: list[Any] | None = None  # [level, start, end, pieces]
        cell: list[Any] | None = None  # [start, end, pieces]
        row_cells: list[tuple[int, int, str]] = []
        header: list[str] = []
        row = 0
        in_head = False
        items: list[_OpenItem] = []
        depth = 0
        events: Iterable[tuple[Any, Any]] = pyromark.events_with_range(
            stand_in, options=_OPTIONS, merge_text=True
        )
        for event, span in events:
            if type(event) is str:
                if event == "SoftBreak" and not (suppressed or code):
                    start = base + span["start"]
                    end = base + span["end"]
                    put(start, text[start:end].replace("\n", " "))
                # A hard break keeps its line break (a boundary); a rule stays blank.
                continue
            if "Text" in event:
                if suppressed or code:
                    continue
                start = base + span["start"]
                end = base + span["end"]
                source = text[start:end]
                read = event["Text"]
                # Not the source as written (compared in place, without copying a slice):
                # entities or escapes, whose marks are blanked.
                if len(read) != end - start or not stand_in.startswith(read, span["start"]):
                    source = _ESCAPE_RE.sub(_blanked, source)
                if heading is not None and not heading[3]:
                    number = _HEADING_NUMBER_RE.match(source)
                    if number is not None:
                        source = " " * number.end() + source[number.end() :]
                cursor = self.cursor
                if start >= cursor:
                    if start > cursor:
                        pieces.append(blanks[cursor:start])
                    pieces.append(source)
                    self.cursor = end
                if not structure:
                    continue
                if heading is not None:
                    heading[3].append(source)
                if cell is not None:
                    cell[2].append(source)
                if items:
                    items[-1].read(source)
                continue
            if "Start" in event:
                tag = event["Start"]
                name = tag if type(tag) is str else next(iter(tag))
                if name in skipped:
                    continue
                start = base + span["start"]
                end = base + span["end"]
                if name in _SUPPRESSING:
                    suppressed += 1
                elif name == "Link":
                    auto = tag["Link"]["link_type"] in ("Autolink", "Email")
                    autolinks.append(auto)
                    suppressed += auto
                elif name == "CodeBlock":
                    code += isinstance(tag["CodeBlock"], dict)  # fenced; indented is kept
                elif name == "Heading":
                    heading = [int(tag["Heading"]["level"][1:]), start, end, []]
                elif name == "Table":
                    header, row, in_head = [], 0, False
                elif name == "TableHead":
                    in_head, row_cells = True, []
                elif name == "TableRow":
                    row += 1
                    row_cells = []
                elif name == "TableCell":
                    cell = [start, end, []]
                    if start > 0 and text[start - 1] == "|":
                        put(start - 1, "\n")
                elif name == "List":
                    depth += 1
                    if items:
                        items[-1].close_first_block()
                elif name == "Item" and structure:
                    items.append(_OpenItem(start, end, depth))
                elif name == "Strong" and items:
                    items[-1].strong_starts()
                continue
            if "End" in event:
                tag = event["End"]
                name = tag if type(tag) is str else next(iter(tag))
                if name == "Paragraph":
                    if items:
                        items[-1].close_first_block()
                    continue
                if name in skipped:
                    continue
                start = base + span["start"]
                end = base + span["end"]
                if name in _SUPPRESSING:
                    suppressed -= 1
                elif name == "Link":
                    suppressed -= autolinks.pop() if autolinks else 0
                elif name == "CodeBlock":
                    code -= 1 if code else 0
                elif name == "Heading" and heading is not None:
                    if structure:
                        self._add_heading(heading[0], heading[1], heading[2], heading[3])
                    heading = None
                elif name == "TableCell" and cell is not None:
                    row_cells.append((cell[0], cell[1], " ".join("".join(cell[2]).split())))
                    if end < len(text) and text[end] == "|":
                        put(end, "\n")
                    cell = None
                elif name in ("TableHead", "TableRow"):
                    if structure:
                        self._add_row(row_cells, header, 0 if in_head else row)
                    if in_head:
                        header = [words for _start, _end, words in row_cells]
                        in_head = False
                elif name == "List":
                    depth -= 1
                elif name == "Item" and items:
                    self.items.append(items.pop().item())
                elif name == "Strong" and items:
                    items[-1].strong_ends()
                continue
            if "Html" in event:
                if not (suppressed or code):
                    start = base + span["start"]
                    end = base + span["end"]
                    put(start, _strip_tags(text[start:end]))
                continue
            # Code, InlineHtml, FootnoteReference, math, task markers: blank, but an item
            # that starts with one of them has no bold lead.
            if items:
                items[-1].read("")

    def _add_heading(self, level: int, start: int, end: int, words: list[str]) -> None:
        heading_text = " ".join("".join(words).split())
        self.headings.append(Heading(level, heading_text, start, end))
        while self._path and self._path[-1][0] >= level:
            self._path.pop()
        self._path.append((level, heading_text))
        self.heading_paths.append(tuple(t for _level, t in self._path if t))

    def _add_row(self, row_cells: list[tuple[int, int, str]], header: list[str], row: int) -> None:
        label = row_cells[0][2] if row_cells and row else None
        for column, (start, end, words) in enumerate(row_cells):
            column_header = header[column] if column < len(header) and header[column] else None
            self.cells.append(
                TableCell(
                    text=words,
                    header=column_header if row else None,
                    row_label=label if column and label else None,
                    row=row,
                    column=column,
                    start=start,
                    end=end,
                )
            )


class _OpenItem:
    """A list item being read: its first block's words and the bold words it opens with."""

    def __init__(self, start: int, end: int, depth: int) -> None:
        self.start, self.end, self.depth = start, end, depth
        self.words: list[str] = []
        self.started = False  # an inline event has been read
        self.first_block_open = True
        self.lead: list[str] | None = None  # bold words being read at the very start
        self.lead_text: str | None = None

    def read(self, source: str) -> None:
        if self.first_block_open:
            self.words.append(source)
            if self.lead is not None:
                self.lead.append(source)
        self.started = True

    def strong_starts(self) -> None:
        if not self.started and self.first_block_open and self.lead_text is None:
            self.lead = []

    def strong_ends(self) -> None:
        if self.lead is not None:
            self.lead_text = " ".join("".join(self.lead).split()) or None
            self.lead = None

    def close_first_block(self) -> None:
        self.first_block_open = False
        self.started = True

    def item(self) -> ListItem:
        label = self.lead_text
        if label is None and self.words:
            m = _COLON_LABEL_RE.match("".join(self.words))
            if m is not None:
                label = m.group(1)
        if label is not None:
            label = " ".join(label.rstrip(":").split()) or None
        return ListItem(self.start, self.end, self.depth, label)


def _strip_tags(html: str) -> str:
    """HTML with its tags, comments, scripts and styles blanked (line breaks kept)."""
    return _TAG_RE.sub(lambda m: blank(html, m.start(), m.end()), html)
