"""Reading figures: digits with separators, number words, scales, fractions and percentages.

Everything here works on small strings cut out around a candidate; the one regex that scans
the whole document is ``CANDIDATE_RE`` (see :mod:`powdb.extract.extractor`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import re2

UNIT_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALE_WORDS: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Denominators of fractions ("one-third", "two-thirds", "a quarter of").
FRACTION_WORDS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip

NUMBER_WORDS = sorted([*UNIT_WORDS, *TENS_WORDS, *SCALE_WORDS, *FRACTION_WORDS, "dozen"])
#: Words the scan also finds though they are not number words: "halved" is a share.
SHARE_WORDS = ("halved",)
_SCANNED_WORDS = sorted([*NUMBER_WORDS, *SHARE_WORDS])

#: Vulgar fractions ("\u00be million", "1\u00bd miles"), as a character class body.
VULGAR_FRACTIONS = "\u00bc-\u00be\u2150-\u215e"
_VULGAR_SET = frozenset(chr(c) for c in (*range(0xBC, 0xBF), *range(0x2150, 0x215F)))
# Currency codes written right against the digits ("USD10m", "$US12,480,000"); each is three
# characters, so one fixed-width look-behind covers them all.
_GLUED_CURRENCY_CODES = ("USD", "GBP", "EUR", "AUD", "CAD", "NZD", "JPY", "CHF", "INR", r"\$US")
# Units written after a hyphen ("250-kilogram"): a space before such a number separates two
# numbers ("30 250-kilogram bombs"), it does not group thousands.
_HYPHEN_UNITS = (
    "kilogram|kilo|kg|pound|lb|ton|tonne|gram|metre|meter|foot|feet|ft|inch|yard|mile|km|"
    "kilometre|kilometer|gallon|litre|liter|man|gun|day|hour|minute|week|month|year|acre"
)


def _trie_pattern(words: list[str]) -> str:
    """An alternation arranged as a trie: Python's ``re`` scans it several times faster."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        alts = [re.escape(k) + emit(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# Case variants spelled out rather than re.IGNORECASE, which makes the scan much slower.
_WORD_TRIE = _trie_pattern(
    sorted({v for w in _SCANNED_WORDS for v in (w, w.capitalize(), w.upper())})
)
# A run of number words joined by spaces, hyphens or "and" ("two hundred and fifty",
# "thirty-five", "two-thirds"). A leading "a" ("a dozen") is picked up by the extractor.
WORD_NUMBER = (
    rf"\b{_WORD_TRIE}\b"
    rf"(?:(?:[ \t]*-[ \t]*|[ \t]+(?:and[ \t]+)?){_WORD_TRIE}\b)*"
)


# What may follow the first digit of a figure. Before it: no letter or digit ("B-24"'s "24" is
# a candidate only through the hyphen rule, "A4" and "F16" never are), except a word of three
# or more letters glued to a comma-grouped number by a table ("Total45,000") or a currency
# code ("USD10m", "$US12,480,000"). Then: digits grouped by commas or thin spaces ("23,500",
# "26 000", but not "30 250-kilogram"), by dots in threes ("1.234.567", always thousands), or
# plain with a decimal part; a vulgar fraction may end it ("1\u00bd").
DIGITS_AFTER_FIRST = (
    r"(?:(?<![0-9A-Za-z][0-9])"
    r"|(?<=[a-z]{3}[0-9])(?=[0-9]{0,2},[0-9]{3}(?![0-9]))"
    rf"|(?<=(?:{'|'.join(_GLUED_CURRENCY_CODES)})[0-9]))"
    r"(?:[0-9]{0,2}(?:\.[0-9]{3}){2,}(?![0-9])"
    r"|[0-9]{0,2}(?:(?:,|[ \u00a0\u202f\u2009](?=[0-9]{3}(?![0-9]))"
    rf"(?![0-9]{{3}}[-\u2010\u2011](?:{_HYPHEN_UNITS})\b))[0-9]{{3}})+"
    r"(?:\.[0-9]+)?(?![0-9])"
    r"|[0-9]*(?:\.[0-9]+)?(?![0-9]))"
    rf"[{VULGAR_FRACTIONS}]?"
)
# A vulgar fraction standing alone ("\u00be million"), not glued to a word.
FRACTION_AFTER_FIRST = rf"(?<![0-9A-Za-z][{VULGAR_FRACTIONS}])"


def _candidate_pattern() -> str:
    """Digits or number words, written so that the pattern starts with a character class.

    Python's ``re`` skips quickly over characters that cannot start a match only when the
    pattern begins with a literal or a class; a leading ``\\b`` or look-behind makes it try
    every position. So the first character is matched by a class, and the look-behinds that
    check what came before it run after it ("(?<![A-Za-z][A-Za-z])": no letter before the
    first one). The scan runs about twice as fast as ``(?<!...)[0-9]...|\\b(?:words)``.
    """
    by_first: dict[str, list[str]] = {}
    for variant in sorted({v for w in _SCANNED_WORDS for v in (w, w.capitalize(), w.upper())}):
        by_first.setdefault(variant[0], []).append(variant[1:])
    first_word = "|".join(
        f"(?<={re.escape(c)}){_trie_pattern(rests)}" for c, rests in sorted(by_first.items())
    )
    words_rest = rf"(?:[ \t]*-[ \t]*|[ \t]+(?:and[ \t]+)?){_WORD_TRIE}\b"
    return (
        rf"[0-9{VULGAR_FRACTIONS}{''.join(sorted(by_first))}]"
        rf"(?:(?<=[0-9]){DIGITS_AFTER_FIRST}"
        rf"|(?<=[{VULGAR_FRACTIONS}]){FRACTION_AFTER_FIRST}"
        rf"|(?<![A-Za-z][A-Za-z])(?:{first_word})\b(?:{words_rest})*)"
    )


# Matches a candidate figure at a given position (``.match``); the scan uses the two below.
CANDIDATE_PATTERN = _candidate_pattern()

# The scan: digits and number words separately. Both find what CANDIDATE_PATTERN's
# ``finditer`` finds, about three times as fast. Digits by a regex that starts with a class
# few characters pass.
_DIGITS_SCAN_RE = re.compile(
    rf"[0-9{VULGAR_FRACTIONS}](?:(?<=[0-9]){DIGITS_AFTER_FIRST}"
    rf"|(?<=[{VULGAR_FRACTIONS}]){FRACTION_AFTER_FIRST})"
)
# Number words by RE2, whose automaton reads the text once whatever the number of words;
# Python's ``re`` tried the whole word list after every space and punctuation mark, which was
# an eighth of the extraction time (0.50 s of the shared corpus's 4.2 s; RE2 takes 0.06 s).
# RE2 reads the text as ASCII bytes, each other character one "?", so its offsets are the
# text's indices. (One difference: its ``\b`` sees a boundary before a non-ASCII letter, so
# "oneé" would be read as "one"; no text of the shared corpus or dev sets has such a word.)
_WORDS_SCAN_RE2 = re2.compile(
    rf"(?:^|[^A-Za-z])({_WORD_TRIE}\b(?:(?:[ \t]*-[ \t]*|[ \t]+(?:and[ \t]+)?){_WORD_TRIE}\b)*)"
)


#: Units a reader counts one of when written with an article: "for a week", "a mile inland".
ARTICLE_UNITS: dict[str, str] = {
    "minute": "minutes", "hour": "hours", "day": "days", "week": "weeks", "month": "months",
    "year": "years", "mile": "miles", "kilometre": "kilometres", "kilometer": "kilometres",
}  # fmt: skip
# "a week" after a space, "An hour" after anything but a letter (the letter test is redone on
# the text: in RE2's ASCII copy a non-ASCII letter is a "?"). RE2, as for number words.
_ARTICLE_UNIT_SCAN_RE2 = re2.compile(
    rf" (an?[ \t]+(?:{'|'.join(ARTICLE_UNITS)})\b)"
    rf"|(?:^|[^A-Za-z])(An?[ \t]+(?:{'|'.join(ARTICLE_UNITS)})\b)"
)
ARTICLE_UNIT_RE = re.compile(rf"[Aa]n?[ \t]+({'|'.join(ARTICLE_UNITS)})\Z")


def candidate_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every candidate figure in ``text``, in order."""
    spans = [m.span() for m in _DIGITS_SCAN_RE.finditer(text)]
    ascii_copy = text.encode("ascii", "replace")
    words = [m.span(1) for m in _WORDS_SCAN_RE2.finditer(ascii_copy)]
    for m in _ARTICLE_UNIT_SCAN_RE2.finditer(ascii_copy):
        if m.start(1) >= 0:
            words.append(m.span(1))
        elif m.start(2) == 0 or not text[m.start(2) - 1].isalpha():
            words.append(m.span(2))
    if words:
        spans.extend(words)
        spans.sort()
    return spans


# Whether a dot groups thousands in a text: it does where some number has the form of a
# dot-grouped thousand ("45.000") and none uses a dot as a decimal point ("2.5", "3.14", not a
# dotted date "12.03.1945") and none groups thousands with commas ("3,787").
_DOT_THOUSAND_RE = re.compile(r"[1-9](?<![0-9.,][1-9])[0-9]{0,2}\.[0-9]{3}(?![0-9])")
_DOT_DECIMAL_RE = re.compile(r"[0-9](?<![0-9.][0-9])[0-9]*\.(?:[0-9]{1,2}|[0-9]{4,})(?![0-9.])")
_COMMA_THOUSAND_RE = re.compile(r"[0-9],[0-9]{3}(?![0-9])")


def dots_group_thousands(text: str) -> bool:
    """Whether "45.000" in ``text`` means 45,000 (see above); False when nothing says so."""
    return (
        _DOT_THOUSAND_RE.search(text) is not None
        and _DOT_DECIMAL_RE.search(text) is None
        and _COMMA_THOUSAND_RE.search(text) is None
    )


SCALE_AFTER_DIGITS_RE = re.compile(
    r"(?:[ \t]+|[ \t]*-[ \t]*)(hundred|thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)
WORD_TOKEN_RE = re.compile(r"[A-Za-z]+")
_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f\u2009")


@dataclass(frozen=True, slots=True)
class ParsedWords:
    """The value of a run of number words and how much of the run it used."""

    value: float
    end: int  # offset, relative to the run, just after the last word used
    is_fraction: bool  # "one-third", "a quarter": a share rather than a count
    has_scale: bool  # ends in hundred/thousand/million/billion
    lone_one: bool  # just "one" (or "a"), rarely a claim


def parse_digits(raw: str, dots_group: bool = False) -> float | None:
    """Return the value of "23,500", "26 000", "1.5", "1.234.567" or "1\u00bd"; None if it is
    not a number. A single dot before three digits ("45.000") groups thousands only when
    ``dots_group`` says the text writes numbers that way (:func:`dots_group_thousands`)."""
    fraction = 0.0
    if raw[-1] in _VULGAR_SET:
        fraction = unicodedata.numeric(raw[-1])
        raw = raw[:-1]
        if not raw:
            return fraction
    if raw.count(".") > 1 or (dots_group and is_dot_grouped(raw)):
        raw = raw.replace(".", "")
    try:
        return float(raw.translate(_SEPARATORS)) + fraction
    except ValueError:
        return None


def is_dot_grouped(raw: str) -> bool:
    """Whether ``raw`` has the form of a dot-grouped thousand: "45.000", "1.234.567"."""
    head, dot, tail = raw.partition(".")
    return (
        bool(dot)
        and 1 <= len(head) <= 3
        and head[0] != "0"
        and len(tail) >= 3
        and all(len(group) == 3 for group in tail.split("."))
    )


def is_vulgar_fraction(ch: str) -> bool:
    return ch in _VULGAR_SET


def parse_words(run: str) -> ParsedWords | None:
    """Read a run of number words from its start; None if it does not make a number.

    Stops at the first word that would not continue the number grammatically, so
    "five two" reads as 5. Fractions read as a share of 1 ("two-thirds" -> 0.666...).
    """
    tokens = [(m.group().lower(), m.end()) for m in WORD_TOKEN_RE.finditer(run)]
    if not tokens:
        return None
    total = 0.0  # completed groups (thousands, millions)
    group: float = 0.0  # the group under construction (below a thousand)
    seen_any = False
    last_kind = ""  # "unit", "tens", "hundred", "scale", "a", "and"
    end = 0
    has_scale = False
    for idx, (word, word_end) in enumerate(tokens):
        if word == "a" and idx == 0:
            group, last_kind, seen_any = 1, "a", True
            continue
        if word == "and":
            if last_kind in ("hundred", "scale"):
                last_kind = "and"
                continue
            break
        if word in UNIT_WORDS or word in TENS_WORDS:
            value = UNIT_WORDS.get(word, TENS_WORDS.get(word, 0))
            after_tens = last_kind == "tens" and word in UNIT_WORDS and 0 < value < 10
            if after_tens or last_kind in ("", "hundred", "scale", "and"):
                group += value
            else:
                break
            last_kind = "tens" if word in TENS_WORDS else "unit"
            seen_any, end, has_scale = True, word_end, False
            continue
        if word == "dozen":
            if last_kind in ("", "a", "unit"):
                group = (group or 1) * 12
                seen_any, end, last_kind, has_scale = True, word_end, "unit", False
                continue
            break
        if word == "hundred":
            if last_kind in ("a", "unit", "tens") and group < 100:
                group *= 100
                seen_any, end, last_kind, has_scale = True, word_end, "hundred", True
                continue
            break
        if word in SCALE_WORDS:
            if last_kind in ("a", "unit", "tens", "hundred") and group:
                total += group * SCALE_WORDS[word]
                group = 0
                seen_any, end, last_kind, has_scale = True, word_end, "scale", True
                continue
            break
        if word in FRACTION_WORDS:
            numerator = group if last_kind in ("a", "unit") and not total else None
            if numerator is None or numerator >= FRACTION_WORDS[word]:
                break
            return ParsedWords(numerator / FRACTION_WORDS[word], word_end, True, False, False)
        break
    if not seen_any or end == 0:
        return None
    number = total + group
    lone_one = number == 1 and len([t for t in tokens if t[1] <= end]) == 1
    return ParsedWords(number, end, False, has_scale, lone_one)


def apply_scale(value: float, scale_word: str) -> float:
    """Multiply by a scale word ("1.5" + "million")."""
    return value * SCALE_WORDS[scale_word.lower()]


def complete_abbreviated_low(low: float, high: float) -> float:
    """Read "20-25,000" as 20,000-25,000: scale the low end to the high end's magnitude."""
    if 0 < low < high:
        for factor in (1_000, 1_000_000, 1_000_000_000):
            if low * factor <= high < low * factor * 10:
                return low * factor
    return low
