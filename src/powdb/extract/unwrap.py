"""The analysis view of plain text: web addresses blanked, hard-wrapped paragraphs unwrapped.

An *analysis view* of a text is a string of the same length in which every character is the
text's own or a blank: characters no reader reads as prose (markup, web addresses, keys of front
matter...) become spaces, and a line break inside a paragraph becomes a space, so a sentence,
a range or a scale word broken across lines reads as one. Boundaries a reader sees — a blank
line, a heading, a list item, a table row or cell — stay line breaks. The extractor runs on the
view, and because nothing moves, its offsets hold in the text: ``text[start:end]`` is the claim
as written.

This module makes the view of plain text (``.txt`` that is not Markdown, the text layer of a
PDF). A line break between two non-blank lines is a space unless the next line starts a list
item, either line is a page-number line at a page edge ("Page 2", "- 2 -", a bare "2" next to a
blank line) or a shop-listing line, or the first line of the paragraph looks like a heading (a
short capitalised line with no closing punctuation, followed by more text).
"""

from __future__ import annotations

import re

from powdb.extract.furniture import blank_page_furniture

#: Web addresses and e-mail addresses: never prose, and their digits are never figures.
URL_RE = re.compile(
    r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'\])|]*[^\s<>\"'\])|.,;:!?]"
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]*\w"
)
# A line break with something other than white space on both sides.
_JOINABLE_BREAK_RE = re.compile(r"(?<=[^\n])\n(?=[ \t]*[^\s])")
# A line that starts a list item: "- ", "* ", "• ", "1. ", "2) ", "(a) ".
_LIST_START_RE = re.compile(
    r"[ \t]*(?:[-*+\u2022\u2023\u25e6\u2013]|\(?(?:[0-9]{1,2}|[a-z])[.)])[ \t]+\S"
)
# The marker of a list item at the start of a line: blanked, like Markdown's list markers.
_LIST_MARKER_RE = re.compile(
    r"^[ \t]*(?:[-*+\u2022\u2023\u25e6]|\(?(?:[0-9]{1,2}|[a-z])[.)])(?=[ \t]+\S)", re.MULTILINE
)
_PAGE_LINE_RE = re.compile(
    r"[ \t]*(?:(?P<word>(?:page|pg\.?|p\.)[ \t]*)|(?P<dash>[-\u2010-\u2015][ \t]*))?[0-9]{1,4}"
    r"(?P<of>[ \t]*(?:of|/)[ \t]*[0-9]{1,4})?[ \t]*(?P<dash2>[-\u2010-\u2015])?[ \t]*$",
    re.IGNORECASE,
)
_LISTING_RE = re.compile(
    r"[ \t]*(?:(?:used|new|collectible|list|our|sale|retail)[ \t]+price|price|buy[ \t]+\w+"
    r"[ \t]+from|shipping|isbn|asin|sales[ \t]+rank|you[ \t]+save)\b",
    re.IGNORECASE,
)
_LOWER_TITLE_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "by",
        "with",
        "from",
        "de",
        "la",
        "le",
        "von",
        "van",
        "der",
        "du",
    ]
)
_HEADING_MAX = 60


def blank(text: str, start: int, end: int) -> str:
    """``text[start:end]`` as blanks, line breaks kept."""
    piece = text[start:end]
    return re.sub(r"[^\n]", " ", piece) if "\n" in piece else " " * (end - start)


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the web and e-mail addresses in ``text``, in order.

    An address that a hard wrap cut at the end of a line (e-mail, PDF text layers), or that
    OCR read with a space in it, goes on into the next line or word when that starts with a
    piece of an address: a token without spaces that holds "/", "%", "_", "=" or "&"
    ("800px-Arena_%28Miami%29.jpg").
    """
    # Look only around "://", "www." and "@": a scan of the whole text with URL_RE, which
    # starts with \b, tries every position. str.find finds each of them fastest.
    spans: list[tuple[int, int]] = []
    last_end = 0
    for at in _hints(text):
        if at < last_end:
            continue
        window_start = max(last_end, at - 64)
        found = URL_RE.search(text, window_start, min(len(text), at + 4096))
        while found is not None and found.end() <= at:
            found = URL_RE.search(text, found.end(), min(len(text), at + 4096))
        if found is None or found.start() > at:
            continue
        end = found.end()
        # Cut by a line break, or (read by OCR) by a space.
        while text.startswith(("\n", " "), end) or text.startswith(("/\n", "/ "), end):
            piece = _URL_PIECE_RE.match(text, end + (1 if text[end] in "\n " else 2))
            if piece is None:
                break
            end = piece.end()
        spans.append((found.start(), end))
        last_end = end
    return spans


def _hints(text: str) -> list[int]:
    """Offsets of "://", "www." and "@" in ``text``, in order."""
    found = []
    for needle in _URL_HINTS:
        at = text.find(needle)
        while at >= 0:
            found.append(at)
            at = text.find(needle, at + 1)
    found.sort()
    return found


_URL_HINTS = ("://", "www.", "@")
# The rest of an address cut by a line break: no spaces, and some of an address's marks.
_URL_PIECE_RE = re.compile(r"(?=[^\s]*[/%_=&])[^\s<>\"'\])|]*[^\s<>\"'\])|.,;:!?]")


def blank_urls(text: str) -> str:
    """``text`` with web and e-mail addresses turned into spaces (same length)."""
    return blank_spans(text, url_spans(text))


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` (in order, not overlapping) turned into spaces, line
    breaks kept."""
    if not spans:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        pieces.append(blank(text, start, end))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _blanked(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def plain_view(text: str) -> str:
    """The analysis view of plain text: same length, addresses and page furniture (headers,
    footers, page numbers of a text paginated with form feeds) blanked, paragraphs unwrapped."""
    view = blank_page_furniture(text, blank_urls(text))
    if "\n" not in view:
        return _LIST_MARKER_RE.sub(_blanked, view)
    breaks = [m.start() for m in _JOINABLE_BREAK_RE.finditer(view) if _joins(view, m.start())]
    view = _LIST_MARKER_RE.sub(_blanked, view)
    if not breaks:
        return view
    chars = list(view)
    for at in breaks:
        chars[at] = " "
    return "".join(chars)


def _joins(view: str, at: int) -> bool:
    """Whether the line break at ``view[at]`` is inside a paragraph."""
    next_start = at + 1
    if _LIST_START_RE.match(view, next_start):
        return False
    prev_start = view.rfind("\n", 0, at) + 1
    next_end = view.find("\n", next_start)
    if next_end < 0:
        next_end = len(view)
    for start, end in ((prev_start, at), (next_start, next_end)):
        if _LISTING_RE.match(view, start, end):
            return False
        page = _PAGE_LINE_RE.match(view, start, end)
        if page is not None and (
            page.group("word") or page.group("dash") or page.group("of") or page.group("dash2")
            or _at_page_edge(view, start, end)
        ):  # fmt: skip
            return False
    return not _looks_like_heading(view, prev_start, at)


def _at_page_edge(view: str, start: int, end: int) -> bool:
    """Whether the line ``view[start:end]`` is first or last of the text or of a paragraph."""
    if start == 0 or end >= len(view):
        return True
    if start >= 2 and view[start - 2] == "\n":
        return True
    return view.startswith("\n", end + 1) or end + 1 >= len(view)


def _looks_like_heading(view: str, start: int, end: int) -> bool:
    """A paragraph's first line that reads as a title: short, capitalised, no final stop."""
    if start > 0 and not (start >= 2 and view[start - 2] == "\n"):
        return False  # not the first line of its paragraph
    line = view[start:end].strip()
    if not line or len(line) > _HEADING_MAX or line[-1] in ".,;:!?-\u2013\u2014(\"'\u201c":
        return False
    words = line.split()
    if not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    return all(
        w[:1].isupper() or w[:1].isdigit() or not w[:1].isalpha() or w in _LOWER_TITLE_WORDS
        for w in words[1:]
    )


def readable(view_slice: str) -> str:
    """A piece of the view as a reader reads it: white space collapsed, ends trimmed."""
    return " ".join(view_slice.split())
