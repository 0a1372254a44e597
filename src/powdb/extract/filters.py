"""Numbers that are not claims: years, dates, clock times, war names, designations, models and
serial numbers, footnote markers, page and catalogue numbers, page headers and footers of text
taken from a PDF ("Page 2", "- 2 -", a bare page number between pages), shop-listing boilerplate.

Each test looks only at a few characters around the figure and returns the reason it rejects
the figure (a short name, handy when explaining why something was not extracted) or None.
"""

from __future__ import annotations

import bisect
import re

from powdb.extract.counted import UNITS, looks_plural
from powdb.extract.furniture import reject_furniture
from powdb.extract.sentences import ABBREVIATIONS
from powdb.extract.wordlists import (
    DOCUMENT_PARTS,
    FUNCTION_WORDS,
    MONTHS,
    REFERENCE_WORDS,
    TEMPORAL_WORDS,
)

_PREV_WORD_RE = re.compile(r"([A-Za-z][A-Za-z'.]*?)\.?[ \t\u00a0]+\Z")
_LISTING_LINE_RE = re.compile(
    r"[ \t]*+(?:(?:used|new|collectible|list|our|sale|retail)[ \t]+price|price|buy[ \t]+\w+"
    r"[ \t]+from|shipping|isbn|asin|sales[ \t]+rank|you[ \t]+save)\b",
    re.IGNORECASE,
)
_WAR_RE = re.compile(
    r"(?:\bWorld[ \t]+War|\bWW|\bWorld[ \t]+War[ \t]+No\.?)[ \t]*\Z", re.IGNORECASE
)
_TIME_AFTER_RE = re.compile(
    r"(?::[0-9]{2}|[ \t]*(?:[ap]\.?m\b\.?|o'clock|hrs\b|h\b))", re.IGNORECASE
)
_ORDINAL_AFTER_RE = re.compile(r"(?:st|nd|rd|th|d)\b", re.IGNORECASE)
_DECADE_AFTER_RE = re.compile(r"'?s\b")
_MONTH_AFTER_RE = re.compile(
    r"[ \t]+(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)
_FORMATION_AFTER_RE = re.compile(
    r"(?:[ \t]+[A-Z][a-z]+){0,2}[ \t]+(?:Brigade|Division|Corps|Army|Squadron|Wing|Group|"
    r"Regiment|Battalion|Fleet|Flotilla|Command|Air[ \t]+Force|Company|Battery|Detachment)\b"
)
# A line that is only a page number, as PDF text has them at the top or bottom of each page:
# "Page 2", "p. 2", "- 2 -", "\u2014 2 \u2014", "2 of 10", "Page 2 of 10", or a bare "2".
# Possessive "[ \t]*+": a line of the analysis view may start with a long run of blanks
# (markup blanked), and a plain "*" would back off through all of them at every line.
_PAGE_LINE_BODY = (
    r"[ \t]*+(?P<word>(?:page|pg\.?|p\.)[ \t]*)?(?P<dash>[-\u2010-\u2015][ \t]*)?[0-9]{1,4}"
    r"(?P<of>[ \t]*(?:of|/)[ \t]*[0-9]{1,4})?[ \t]*(?P<dash2>[-\u2010-\u2015])?[ \t]*\r?(?=\n|\Z)"
)
_PAGE_LINE_RE = re.compile("\n" + _PAGE_LINE_BODY, re.IGNORECASE)
_FIRST_PAGE_LINE_RE = re.compile(_PAGE_LINE_BODY, re.IGNORECASE)
_BLANK_LINE_AFTER_RE = re.compile(r"\n[ \t\r]*(?:\n|\Z)")
_PAGE_DIGITS_RE = re.compile(r"[0-9]+")
_SERIAL_RE = re.compile(r"[0-9]+(?:-[0-9]+){2,}|[0-9]{1,3}-[0-9]{4,}(?![,0-9])")
# Everything reject_digits checks after a figure, in one match: which group matched says what
# follows ("12th", "1980s", "10:30", "42-6358" as the tail of a serial number, "36 Infantry
# Brigade", "2 October"). The last two count only after the checks on the word before.
_AFTER_DIGITS_RE = re.compile(
    r"(?P<ordinal>(?i:st|nd|rd|th|d)\b)|(?P<decade>'?s\b)"
    rf"|(?P<time>(?i:{_TIME_AFTER_RE.pattern}))"
    r"|(?P<serial>(?:-[0-9]+){2,})|(?P<short_serial>-[0-9]{4,}(?![,0-9]))"
    r"|(?P<era>[ \t]*(?:AD|BC|BCE|CE|A\.D\.|B\.C\.)(?![A-Za-z]))"
    rf"|(?P<formation>{_FORMATION_AFTER_RE.pattern})|(?P<month>{_MONTH_AFTER_RE.pattern})"
)
_BLANKS = " \t\u00a0"
_DOTTED_DATE_AFTER_RE = re.compile(r"\.[0-9]{2,4}(?![0-9.])")
_TIMES_AFTER_RE = re.compile(r"[ \t]+times\b")
_HEDGE_WORDS = frozenset(
    ["about", "around", "roughly", "some", "nearly", "almost", "over", "only", "approximately",
     "circa", "perhaps", "just", "well", "up", "under", "fewer", "less", "more", "at", "as"]
)  # fmt: skip
_WORD_RUN_RE = re.compile(r"[A-Za-z'.]*")


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


_LISTING_LINE_START_RE = re.compile("\n" + _LISTING_LINE_RE.pattern, re.IGNORECASE)


def listing_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the shop-listing lines of ``text``, in order."""
    starts = [m.start() + 1 for m in _LISTING_LINE_START_RE.finditer(text)]
    if _LISTING_LINE_RE.match(text):
        starts.insert(0, 0)
    return [line_bounds(text, s) for s in starts]


def in_listing_line(lines: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(lines, (pos, len(lines) and lines[-1][1] + 1)) - 1
    return i >= 0 and lines[i][0] <= pos <= lines[i][1]


def page_number_offsets(text: str) -> set[int]:
    """Start offsets of the numbers on page-number lines: header and footer lines of PDF text.

    A line with a marker ("Page 2", "- 2 -", "2 of 10") always counts; a bare number of up to
    four digits only next to a blank line or the start or end of the text, where pages meet
    (a bare "300" inside hard-wrapped prose stays a figure).
    """
    offsets: set[int] = set()
    found = list(_PAGE_LINE_RE.finditer(text))
    first = _FIRST_PAGE_LINE_RE.match(text)
    if first is not None:
        found.insert(0, first)
    for m in found:
        line_start = m.start() + 1 if m is not first else 0
        marked = m.group("word") or m.group("dash") or m.group("of") or m.group("dash2")
        if not marked and not _at_page_edge(text, line_start, m.end()):
            continue
        offsets.update(d.start() for d in _PAGE_DIGITS_RE.finditer(text, line_start, m.end()))
    return offsets


def _at_page_edge(text: str, line_start: int, line_end: int) -> bool:
    """Whether the line is first or last of the text, or has a blank line before or after."""
    if line_start == 0 or line_end == len(text):
        return True
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    if not text[prev_start : line_start - 1].strip():
        return True
    return _BLANK_LINE_AFTER_RE.match(text, line_end) is not None


def follows_document_part(text: str, pos: int) -> bool:
    """Whether the word right before ``pos`` names a part of a document ("Page", "chapter")."""
    prev = previous_word(text, pos)
    return prev is not None and prev[0].lower().rstrip(".") in DOCUMENT_PARTS


def previous_word(text: str, pos: int) -> tuple[str, int] | None:
    """The word directly before ``pos`` (only blanks between), with its start offset.

    The word is the run of ASCII letters, apostrophes and dots before the blanks (one final dot
    dropped, leading apostrophes and dots skipped), looked for in the 30 characters before.
    """
    if pos <= 0 or text[pos - 1] not in _BLANKS:
        return None
    window_start = pos - 30 if pos > 30 else 0
    stripped = text[window_start:pos].rstrip(_BLANKS)
    if stripped[-1:] == ".":
        stripped = stripped[:-1]
    run = _WORD_RUN_RE.match(stripped[::-1])
    word = run.group()[::-1].lstrip("'.") if run is not None else ""
    if not word:
        return None
    return word, window_start + len(stripped) - len(word)


def looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1000 <= int(raw) <= 2100


def reject_digits(
    text: str,
    start: int,
    end: int,
    grouped: bool,
    range_end: bool = False,
    listing_lines: list[tuple[int, int]] | None = None,
) -> str | None:
    """Why the digit figure ``text[start:end]`` is not a claim, or None if it may be one.

    ``range_end`` is set when the figure is read as the second half of a range ("20-25,000");
    ``listing_lines`` are the shop-listing lines of the text (``listing_lines(text)``).
    """
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    raw = text[start:end]
    if (
        before == "["
        and after == "]"
        or (before and before in "^\u00b9")
        or before == "("
        and after == ")"
    ):
        return "footnote"
    if before in '.,;:"\u201d)' and start > 1 and text[start - 2].isalpha() and not grouped:
        return "footnote"  # "...returned.12 The" — a marker glued to the sentence
    if before and before in "*^" and after == "]" and start >= 2 and text[start - 2] == "[":
        return "footnote"  # "[*1]", "[^1]" where Markdown did not read it (a scan's text)
    if before and before in "_%=":
        return "code"  # digits inside a file name or a web address: "KITLV_5888", "%2C"
    if before == "-" and start > 1 and text[start - 2].isalpha():
        return "model"  # B-24, PV-1, VB-135
    if before == "," and start > 1 and text[start - 2].isdigit():
        return "fragment"  # the tail of a number glued to letters: "XQ12,480,000"
    if not range_end and before in "-\u2013/" and start > 1 and text[start - 2].isdigit():
        return "code"  # 42-6358, 0-89096-416-6, WO 170/4184, pp. 86-91: not the first part
    if before == "#" or before == "\u2116":
        return "reference"
    if before == ":" and start > 1 and text[start - 2].isdigit():
        return "time"  # the minutes of 08:49
    if before in "'\u2019\u2018" and len(raw) == 2 and (start < 2 or not text[start - 2].isalnum()):
        return "year"  # Black '47, the Class of '76
    if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
        return "clock time"  # 0345
    if before == "." and start > 1 and text[start - 2].isdigit():
        return "fragment"  # the "26" of a dotted date "12.3.26"
    if after == "." and "." in raw and _DOTTED_DATE_AFTER_RE.match(text, end):
        return "date"  # 12.3.26, 12.03.1945
    follows = _AFTER_DIGITS_RE.match(text, end)
    kind = follows.lastgroup if follows is not None else None
    if kind in ("ordinal", "decade", "time", "serial", "era"):
        return "year" if kind == "era" else kind
    if kind == "short_serial" and len(raw) <= 3 and raw.isdigit() and follows is not None:
        tail = follows.group("short_serial")[1:]
        if tail[0] == "0" or int(tail) > 10 * int(raw):
            return "serial"  # 42-6358; but 700-1000 is a range
    if listing_lines and in_listing_line(listing_lines, start):
        return "listing"
    prev = previous_word(text, start)
    if prev is not None and _ends_sentence(text, *prev):
        prev = None  # "in Beslan. 334 killed": a new sentence, not "Beslan 334"
    if prev is not None:
        word, word_start = prev
        lower = word.lower().rstrip(".")
        if lower.endswith(("war", "ww", "no")) and _WAR_RE.search(text, start - 20, start):
            return "war name"
        if lower in MONTHS and word[0].isupper() and raw.isdigit() and int(raw) <= 31:
            return "date"  # June 12
        if lower in REFERENCE_WORDS and not grouped and not _unit_follows(text, end):
            return "reference"  # "item 12", but not "items 100 feet from the flames"
        if (
            not grouped
            and word[0].isupper()
            and lower not in FUNCTION_WORDS
            and lower not in MONTHS
            and not is_sentence_initial(text, word_start)
            and not _TIMES_AFTER_RE.match(text, end)
        ):
            return "designation"  # Navy Air Wing 4, Stalag Luft 3 (not "the Earth 7 times")
        if (
            word[:1].isupper()
            and word.isupper()
            and len(word) <= 5
            and not grouped
            and lower not in FUNCTION_WORDS
        ):
            return "designation"  # RG 59, VB 135 (not "A 202ft column")
    if kind == "formation" and not grouped:
        return "designation"  # 36 Infantry Brigade, 8 Army
    if kind == "month" and raw.isdigit() and int(raw) <= 31:
        return "date"  # 2 October 1992
    # Last: the furniture tests cost more than all the above, and most figures are out by now.
    return reject_furniture(text, start, end, grouped)


_UNIT_AFTER_RE = re.compile(r"[ \t]+([A-Za-z]+)\b")


def _unit_follows(text: str, end: int) -> bool:
    following = _UNIT_AFTER_RE.match(text, end)
    return following is not None and following.group(1).lower() in UNITS


def _ends_sentence(text: str, word: str, word_start: int) -> bool:
    """Whether ``word`` (at ``word_start``) is followed by a full stop that ends a sentence:
    not an abbreviation ("No. 4", "Gen. Patton") nor an initial ("J. 5")."""
    stop = word_start + len(word)
    if text[stop : stop + 1] != ".":
        return False
    lower = word.lower()
    return len(word) > 1 and lower not in ABBREVIATIONS and lower not in REFERENCE_WORDS


def names_a_thing_at_sentence_start(text: str, pos: int) -> bool:
    """Whether the number at ``pos`` follows a capitalised noun that opens a sentence or a
    heading ("Reactor 4", "Phase 1", "Day 3"): a name, unless a counted noun follows (which
    the caller checks). Hedges and function words ("Only 13 ships", "About 40") do not count.
    """
    prev = previous_word(text, pos)
    if prev is None:
        return False
    word, word_start = prev
    lower = word.lower().rstrip(".")
    return (
        word[:1].isupper()
        and word.isalpha()
        and lower not in FUNCTION_WORDS
        and lower not in MONTHS
        and lower not in _HEDGE_WORDS
        and is_sentence_initial(text, word_start)
    )


def is_sentence_initial(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\"'\u201c(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;"


def follows_temporal_word(text: str, pos: int) -> bool:
    """Whether the word before ``pos`` is one a year follows ("in", "by", "summer")."""
    prev = previous_word(text, pos)
    return prev is not None and prev[0].lower().rstrip(".") in TEMPORAL_WORDS


def year_is_claim(text: str, start: int, end: int, next_word: str | None, hedged: bool) -> bool:
    """A year-like number (1945) counts only when hedged or followed by a plural noun."""
    if next_word is None:
        return False
    lower = next_word.lower()
    if lower in MONTHS or not next_word[0].islower():
        return False
    prev = previous_word(text, start)
    if prev is not None and prev[0].lower().rstrip(".") in TEMPORAL_WORDS and not hedged:
        return False
    return looks_plural(next_word) or hedged
