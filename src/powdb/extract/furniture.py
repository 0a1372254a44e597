"""Page furniture: the lines of a document that are not its prose, and never hold a claim.

Two kinds, found in two ways:

* **Page headers and footers** of a paginated text (a PDF's text layer, whose pages powdb
  separates with a form feed, ``\\f``, as ``pdftotext`` does): a line among the first or last
  three of a page that recurs on at least half of the pages, either word for word or with one
  number that grows from page to page ("Page 3 of 10", "https://... 3/7", "Journal 57 (1993)
  347"); a page-number line; a browser's print stamp ("12/3/26, 8:30 AM  Title"). They are
  blanked in the analysis view (:func:`blank_page_furniture`), so a sentence that runs on over
  a page break reads as one.
* **Furniture lines** anywhere (:class:`FurnitureLines`, asked line by line as candidates turn
  up): print stamps, navigation ("\u00ab Prev 1 2 3 Next \u00bb", "Showing 1-20 of 345 results"),
  forum user statistics and post meta lines ("Posts: 1,234", "345 views \u00b7 12 replies"),
  archive and wire-service tags ("LENGTH: 1234 words", "(c) 1998 The Times"), and the
  bibliographic lines of a book review or a catalogue ("352 pp. \u00a325.00 (hardback)").

Single numbers that are furniture inside prose (street addresses, catalogue numbers, column
references, map coordinates) are refused where a figure is read, by
:func:`powdb.extract.filters.reject_digits`.
"""

from __future__ import annotations

import re
from collections import defaultdict

#: How many non-blank lines at the top and at the bottom of a page may be furniture.
EDGE_LINES = 3
#: Digits normalised away only in lines this short: a body sentence is longer.
SHORT_LINE_WORDS = 12

_DIGITS_RE = re.compile(r"[0-9]+")
# A browser's or a printer's stamp at the start of a line: "12/3/26, 8:30 AM", "3/12/2026,
# 08:30", "12.3.26, 20:30", "Dec 3, 2026, 8:30 AM".
PRINT_STAMP_RE = re.compile(
    r"[ \t]*(?:[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+[0-9]{1,2},[ \t]*"
    r"[0-9]{4}),?[ \t]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?![0-9])"
)
# A line that is only a page number: "Page 2", "p. 2", "- 2 -", "2 of 10", "2/10", "2".
_PAGE_NUMBER_LINE_RE = re.compile(
    r"[ \t]*(?:(?:page|pg\.?|p\.)[ \t]*)?[-\u2010-\u2015]?[ \t]*[0-9]{1,4}"
    r"(?:[ \t]*(?:of|/)[ \t]*[0-9]{1,4})?[ \t]*[-\u2010-\u2015]?[ \t]*\Z",
    re.IGNORECASE,
)
# Navigation: "Showing 1-20 of 345 results", "Results 21 - 40 of 1,200", "Posts 1 to 10 of 52".
_RESULTS_COUNTER_RE = re.compile(
    r"(?:showing|displaying|viewing|results?|items?|entries|posts?|messages?|comments?|"
    r"replies|records?|hits|page)[ \t:]+[0-9][0-9,]*[ \t]*(?:[-\u2010-\u2015]|to)[ \t]*[0-9][0-9,]*"
    r"[ \t]+of[ \t]+(?:about[ \t]+)?[0-9]",
    re.IGNORECASE,
)
# The words of a pagination line, besides its numbers: "\u00ab Prev 1 2 3 ... 12 Next \u00bb".
_PAGINATION_TOKEN_RE = re.compile(
    r"(?:[0-9]{1,4}|\.{2,3}|prev(?:ious)?|next|first|last|page|pages|go|to|of|more|older|newer|"
    r"[\u00ab\u00bb\u2039\u203a<>|\u00b7\u2022\u2026.,:\[\]()\u2190\u2192-])",
    re.IGNORECASE,
)
# "Label:" at the start of a line that forum software writes beside a post: user statistics
# and post meta data.
_META_LABEL_RE = re.compile(
    r"[ \t\W]*(?:posts|messages|joined|registered|reputation|rep|karma|likes|thanks|"
    r"reactions|replies|views|trophy[ \t]+points|member[ \t]+since|last[ \t]+seen|"
    r"last[ \t]+active|followers|following|topics|threads|post[ \t]+count|total[ \t]+posts|"
    r"word[ \t]+count|words)[ \t]*:",
    re.IGNORECASE,
)
# The labels of a news archive's or a wire service's header, in capitals as they write them.
_ARCHIVE_LABEL_RE = re.compile(
    r"[ \t]*(?:LENGTH|SECTION|BYLINE|DATELINE|LOAD-DATE|PUBLICATION-TYPE|DOCUMENT-TYPE|"
    r"ACC-NO|EDITION|LANGUAGE|GRAPHIC|JOURNAL-CODE|DISTRIBUTION|COPYRIGHT|WORD COUNT|"
    r"HIGHLIGHT|SOURCE|PAGE|PG|BODY|SUBJECT|ORGANIZATION|GEOGRAPHIC|PUBLICATION)[ \t]*:"
)
# A line of interaction counts: "345 views \u00b7 12 replies", "1.2k likes, 30 shares", or a
# word count alone ("845 words").
_INTERACTIONS_LINE_RE = re.compile(
    r"(?:[ \t\W]*[0-9][0-9,.]*[kKmM]?[ \t]+(?:views?|replies|reply|likes?|comments?|shares?|"
    r"retweets?|reposts?|upvotes?|downvotes?|reactions?|followers?|subscribers?|words)\b)+"
    r"[ \t\W]*\Z",
    re.IGNORECASE,
)
# A copyright notice or a wire-service document number: "(c) 1998 The Times", "Copyright 2003
# The Associated Press", "Document LATM000020011107dxb700001".
_NOTICE_RE = re.compile(
    r"[ \t\W]*(?:(?:\(c\)|\u00a9|copyright)[ \t]*(?:\(c\)|\u00a9)?[ \t]*[0-9]{4}\b"
    r"|document[ \t]+[A-Z]{4}[0-9]{6})",
    re.IGNORECASE,
)
# The parts of a bibliographic line: a book review's header, a catalogue or shop entry.
_ISBN_RE = re.compile(r"\bIS[BS]N\b")
_PAGES_RE = re.compile(r"[0-9]+[ \t]*pp\b\.?", re.IGNORECASE)
_PRICE_RE = re.compile(r"[$\u00a3\u20ac][ \t]?[0-9]+\.[0-9]{2}\b")
_PUBLISHER_RE = re.compile(r"\b(?:Press|Publishers|Publishing|Verlag|\u00c9ditions|Books)\b")
_BOOK_FORMAT = r"(?:hardback|paperback|hardcover|softcover|cloth|paper|pbk|hbk|e-?book|kindle)"
_PRICED_FORMAT_RE = re.compile(
    rf"[$\u00a3\u20ac][ \t]?[0-9]+\.[0-9]{{2}}[ \t]*[(\[]?[ \t]*{_BOOK_FORMAT}\b"
    rf"|\b{_BOOK_FORMAT}[ \t]*:?[ \t]*[$\u00a3\u20ac][ \t]?[0-9]+\.[0-9]{{2}}",
    re.IGNORECASE,
)
#: Lines longer than this are prose: the line rules below are not tried on them.
MAX_FURNITURE_LINE = 400


def page_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each page of a text whose pages are separated by form feeds."""
    spans = []
    start = 0
    while True:
        feed = text.find("\f", start)
        if feed < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, feed))
        start = feed + 1


def _edge_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The first and last ``EDGE_LINES`` non-blank lines of ``text[start:end]``."""
    lines = []
    position = start
    while position < end:
        line_end = text.find("\n", position, end)
        if line_end < 0:
            line_end = end
        if text[position:line_end].strip():
            lines.append((position, line_end))
        position = line_end + 1
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def page_furniture(text: str) -> list[tuple[int, int]]:
    """(start, end) of the page headers, footers, page numbers and print stamps of a paginated
    text, in order; empty for a text without form feeds (or of one page)."""
    if "\f" not in text:
        return []
    pages = page_spans(text)
    if len(pages) < 2:
        return []
    found: list[tuple[int, int]] = []
    # key (the line with its numbers blanked) -> [(page index, numbers, span)]
    seen: defaultdict[str, list[tuple[int, list[str], tuple[int, int]]]] = defaultdict(list)
    for index, (start, end) in enumerate(pages):
        for line_start, line_end in _edge_lines(text, start, end):
            line = " ".join(text[line_start:line_end].split())
            if _PAGE_NUMBER_LINE_RE.match(line) or PRINT_STAMP_RE.match(line):
                found.append((line_start, line_end))
                continue
            numbers = _DIGITS_RE.findall(line)
            short = len(line.split()) <= SHORT_LINE_WORDS
            key = _DIGITS_RE.sub("#", line.lower()) if short else line.lower()
            entries = seen[key]
            if not entries or entries[-1][0] != index:
                entries.append((index, numbers if short else [], (line_start, line_end)))
    needed = max(2, (len(pages) + 1) // 2)
    for entries in seen.values():
        if len(entries) >= needed and _numbers_fit_pages(entries):
            found.extend(span for _index, _numbers, span in entries)
    found.sort()
    return found


def _numbers_fit_pages(entries: list[tuple[int, list[str], tuple[int, int]]]) -> bool:
    """Whether the numbers of a recurring line are the same on every page, but for at most one
    that grows with the page (a page number): not two body lines that differ in figures."""
    columns = list(zip(*(numbers for _index, numbers, _span in entries), strict=True))
    changing = [column for column in columns if len(set(column)) > 1]
    if not changing:
        return True
    if len(changing) > 1:
        return False
    values = [int(n) for n in changing[0]]
    return all(b > a for a, b in zip(values, values[1:], strict=False))


def blank_page_furniture(text: str, view: str) -> str:
    """``view`` with the page furniture of ``text`` blanked (line breaks kept)."""
    spans = page_furniture(text)
    if not spans:
        return view
    pieces = []
    cursor = 0
    for start, end in spans:
        pieces.append(view[cursor:start])
        pieces.append(" " * (end - start))
        cursor = end
    pieces.append(view[cursor:])
    return "".join(pieces)


class FurnitureLines:
    """Which lines of a text are furniture, decided line by line as figures turn up on them.

    Lines are the stored text's lines; what is read of them is the analysis view's (markup
    blanked), so "**Posts:** 1,234" is read as "Posts: 1,234".
    """

    def __init__(self, text: str, view: str) -> None:
        self.text = text
        self.view = view
        self._verdicts: dict[int, str | None] = {}
        # the last line asked about: figures come in order
        self._line: tuple[int, int, str | None] = (0, -1, None)

    def reason(self, pos: int) -> str | None:
        """Why the line holding ``pos`` is furniture, or None when it is prose."""
        line_start, line_end, verdict = self._line
        if line_start <= pos <= line_end:
            return verdict
        text = self.text
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        verdict = self._verdicts.get(line_start, "")
        if verdict == "":
            verdict = self._verdicts[line_start] = classify_line(self.view[line_start:line_end])
        self._line = (line_start, line_end, verdict)
        return verdict


def classify_line(line: str) -> str | None:
    """Why a line (as read: markup blanked) is furniture, or None.

    Cheap string tests come first: this runs on every line that holds a figure.
    """
    length = len(line)
    if length > MAX_FURNITURE_LINE:
        return None
    if length <= MAX_SHORT_FURNITURE_LINE:  # stamps, labels, counters are short lines
        head = line.lstrip(_LEADING)[:1]
        if (head.isdigit() or head in "(\u00a9" or ":" in line[:40] or head in "CcDd") and (
            start := _LINE_START_RE.match(line)
        ):
            return _LINE_START_REASONS[start.lastgroup or ""]
        if " of " in line and _RANGE_OF_RE.search(line) and _RESULTS_COUNTER_RE.search(line):
            return "navigation"
        if _is_pagination(line):
            return "navigation"
    if _is_bibliographic(line):
        return "bibliographic"
    return None


#: Stamps, labels and counters are no longer than this; only bibliographic lines may be.
MAX_SHORT_FURNITURE_LINE = 160
_LEADING = " \t*-+#>|\u2022"
_RANGE_OF_RE = re.compile(r"[0-9][ \t]*(?:[-\u2010-\u2015]|to)[ \t]*[0-9][0-9,]*[ \t]+of[ \t]")


# The rules that look at the start of a line, in one pattern (one match per line).
_LINE_START_RE = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern})"
        if not pattern.flags & re.IGNORECASE
        else f"(?P<{name}>(?i:{pattern.pattern}))"
        for name, pattern in (
            ("stamp", PRINT_STAMP_RE),
            ("meta", _META_LABEL_RE),
            ("archive", _ARCHIVE_LABEL_RE),
            ("notice", _NOTICE_RE),
            ("interactions", _INTERACTIONS_LINE_RE),
        )
    )
)
_LINE_START_REASONS = {
    "stamp": "print stamp",
    "meta": "meta data",
    "archive": "archive header",
    "notice": "notice",
    "interactions": "interaction counts",
}


def _is_pagination(line: str) -> bool:
    """A line of page links: at least three numbers and nothing but navigation words."""
    tokens = line.split()
    if len(tokens) < 3 or len(tokens) > 40:
        return False
    numbers = 0
    for token in tokens:
        if not _PAGINATION_TOKEN_RE.fullmatch(token):
            return False
        numbers += token.isdigit()
    return numbers >= 3


def _is_bibliographic(line: str) -> bool:
    """A book's header in a review, a catalogue or a shop: a price with its binding, or two of
    an ISBN, a page count ("352 pp."), a price and a publisher."""
    priced = "$" in line or "\u00a3" in line or "\u20ac" in line
    isbn = "ISBN" in line or "ISSN" in line
    pages = (" pp" in line or "pp." in line) and _PAGES_RE.search(line) is not None
    if not (priced or isbn or pages):
        return False
    if priced and _PRICED_FORMAT_RE.search(line):
        return True  # "\u00a325.00 (hardback)", "Paperback: $24.95"
    price = priced and _PRICE_RE.search(line) is not None
    if isbn + pages + price >= 2:
        return True
    return isbn + pages + price == 1 and _PUBLISHER_RE.search(line) is not None


# --- single numbers that are furniture inside prose ---------------------------------------------

_STREET_TYPES = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Place|Pl\.?|Square|"
    r"Sq\.?|Drive|Way|Court|Ct\.?|Terrace|Crescent|Row|Gardens|Close|Parade|Quay|Embankment|"
    r"Highway|Hwy\.?|Walk|Mews|Circus)"
)
_STREET_PREFIXES = (
    r"(?:[Rr]ue|[Vv]ia|[Vv]iale|[Cc]alle|[Aa]venida|[Rr]ua|[Pp]iazza|[Pp]laza|[Pp]ra\u00e7a|"
    r"[Cc]orso|[Ll]argo|[Qq]uai|[Bb]oulevard|[Aa]venue|[Aa]ll\u00e9e|[Cc]haus?s\u00e9e|[Rr]ambla|"
    r"[Pp]aseo|[Cc]arrer|[Uu]lica|ul\.|[Pp]lace|[Pp]lac)"
)
# What follows the house number of an address: "12 Elm Street", "221B Baker Street", "14 Rue
# Royale", "14 rue du Bac", "1600 Pennsylvania Avenue".
_ADDRESS_AFTER_RE = re.compile(
    rf"[A-Za-z]?[ \t]+(?:{_STREET_PREFIXES}[ \t]+(?:(?:du|de|des|della|del|di|la|le)[ \t]+)?"
    rf"[A-Z\u00c0-\u00de]|(?:[A-Z][\w'\u2019.-]*[ \t]+){{1,3}}{_STREET_TYPES}(?![\w]))"
)
# Street words that open an address in lower case: "14 rue du Bac", "3 via Roma".
_LOWER_PREFIXES = ("rue ", "via ", "viale ", "calle ", "rua ", "piazza ", "corso ", "ul. ")
# A house number after the street, as German and other languages write it: "Hauptstra\u00dfe 12".
_STREET_BEFORE_RE = re.compile(
    r"[A-Z\u00c4\u00d6\u00dc][\w\u00df-]*(?:stra\u00dfe|strasse|str\.|gasse|platz|weg|allee|"
    r"damm|ufer)[ \t]+\Z"
)
_STREET_ENDINGS = (
    "stra\u00dfe",
    "strasse",
    "str.",
    "gasse",
    "platz",
    "weg",
    "allee",
    "damm",
    "ufer",
)
_ADDRESS_IN_RE = re.compile(rf"(?<![0-9])[0-9]{{1,5}}{_ADDRESS_AFTER_RE.pattern}")
# Degrees, minutes and seconds with a compass point: "51\u00b030\u2032N", "51.5074\u00b0 N",
# "40\u00b026\u203246\u2033N", "48\u00b051\u2032".
_COORDINATE_AFTER_RE = re.compile(
    r"[ \t]*\u00b0[ \t]*(?:[0-9]{1,3}(?:[.,][0-9]+)?[ \t]*[\u2032'](?:[ \t]*[0-9]{1,3}"
    r"(?:[.,][0-9]+)?[ \t]*[\u2033\"])?[ \t]*[NSEW]?|[NSEW])(?![A-Za-z])"
)
_COORDINATE_LABEL_RE = re.compile(
    r"(?<![A-Za-z])(?:coordinates|coords|lat(?:itude)?|long(?:itude)?|lon|lng)\.?[ \t]*[:=]?"
    r"[ \t]*-?\Z",
    re.IGNORECASE,
)
# The second number of a pair of coordinates in decimal degrees: "48.8566, 2.3522".
_COORDINATE_PAIR_BEFORE_RE = re.compile(
    r"[0-9]\.[0-9]{3,}[ \t]*\u00b0?[ \t]*[NSEW]?[ \t]*,[ \t]*-?\Z"
)
_COORDINATE_PAIR_AFTER_RE = re.compile(
    r"[ \t]*\u00b0?[ \t]*[NSEW]?[ \t]*,[ \t]*-?[0-9]{1,3}\.[0-9]{3,}"
)
# An ISBN or ISSN written with spaces or hyphens, up to the figure: "ISBN 0 19 280436".
_STANDARD_NUMBER_BEFORE_RE = re.compile(r"IS[BS]N(?:-1[03])?[ \t]*:?[ \t]*[0-9Xx \t-]*\Z")
# A column of a parliamentary debate after its volume: "vol 171 c. 412", "vol 410 cc. 1234".
_COLUMN_BEFORE_RE = re.compile(r"vol\.?[ \t]*[0-9]+[ \t]*,?[ \t]*cc?\.?[ \t]*\Z", re.IGNORECASE)
#: An unbroken run of digits this long is an identifier, never a count people write so.
IDENTIFIER_DIGITS = 9
MAX_IDENTIFIER_DIGITS = 15
# Letters glued to digits that make them no code: scales ("2.7M"), "266X" (a magnification).
_SCALE_LETTERS = frozenset("MKBX")


def reject_furniture(text: str, start: int, end: int, grouped: bool) -> str | None:
    """Why the digits ``text[start:end]`` are furniture inside prose, or None: part of a street
    address, a map coordinate, a catalogue or standard number, a column reference.

    Cheap tests on the characters around the figure come before each pattern: this runs on
    every figure the other filters let through.
    """
    raw = text[start:end]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    following = text[end + 1 : end + 2]
    if (
        (after.isupper() or (after in " \t" and following.isalpha()))
        and (following.isupper() or after.isupper() or text.startswith(_LOWER_PREFIXES, end + 1))
        and _ADDRESS_AFTER_RE.match(text, end)
    ):
        return "address"
    if before in " \t" and start > 3:
        tail = text[max(0, start - 9) : start].rstrip(" \t").lower()
        if tail.endswith(_STREET_ENDINGS) and _STREET_BEFORE_RE.search(
            text, max(0, start - 40), start
        ):
            return "address"
    if after and after in " \t\u00b0NSEW" and _COORDINATE_AFTER_RE.match(text, end):
        return "coordinate"
    if before and before in "\u00b0\u2032'" and start > 1 and text[start - 2].isdigit():
        return "coordinate"  # the minutes and seconds of 51\u00b030\u203215\u2033
    if not grouped and raw.isdigit():
        if IDENTIFIER_DIGITS <= len(raw) <= MAX_IDENTIFIER_DIGITS:
            return "identifier"  # longer runs are left out as too large, with a warning
        if (
            4 <= len(raw) <= 6
            and text[start - 2 : start] == ", "
            and _ADDRESS_IN_RE.search(text, max(0, start - 80), start)
        ):
            return "postcode"  # "55 Rue du Faubourg Saint-Honor\u00e9, 75008 Paris"
    if after and after.isupper() and after not in _SCALE_LETTERS and not following.isalpha():
        return "code"  # "412W" (a written answer's column), "52.52N", "12A"
    if before in " \t:-" and start > 2:
        window = text[max(0, start - 30) : start]
        lower = window.lower()
        if ("lat" in lower or "lon" in lower or "coord" in lower or "lng" in lower) and (
            _COORDINATE_LABEL_RE.search(window)
        ):
            return "coordinate"  # "Coordinates: 48.8566", "lat. 51.5, long. -0.12"
        if ("ISBN" in window or "ISSN" in window) and _STANDARD_NUMBER_BEFORE_RE.search(window):
            return "identifier"
        if "vol" in lower and _COLUMN_BEFORE_RE.search(window):
            return "reference"  # "vol 171 c. 412": c. is a column here, not circa
    if (
        "." in raw
        and len(raw) - raw.index(".") >= 4
        and (
            _COORDINATE_PAIR_AFTER_RE.match(text, end)
            or (
                before in " \t-"
                and _COORDINATE_PAIR_BEFORE_RE.search(text, max(0, start - 20), start)
            )
        )
    ):
        return "coordinate"  # "48.8566, 2.3522"
    return None
