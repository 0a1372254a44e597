"""Reading the figure at a candidate: its value, its scale, its currency, or why it is none.

:func:`read_figure` looks only at a few characters around one candidate found by the scan
(:func:`powdb.extract.numbers.candidate_spans`); putting figures together (ranges, hedges, the
thing counted) is the extractor's work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from powdb.extract import filters
from powdb.extract.counted import UNITS, looks_plural
from powdb.extract.numbers import (
    ARTICLE_UNIT_RE,
    ARTICLE_UNITS,
    CANDIDATE_PATTERN,
    SCALE_AFTER_DIGITS_RE,
    SCALE_WORDS,
    apply_scale,
    dots_group_thousands,
    is_dot_grouped,
    is_vulgar_fraction,
    parse_digits,
    parse_words,
)
from powdb.extract.wordlists import FUNCTION_WORDS, MONTHS, REFERENCE_WORDS
from powdb.limits import is_storable_figure

#: Why ``read_figure`` refused a figure larger than a claim can hold.
TOO_LARGE = "too large"

# Reads a candidate at a given offset (the second figure of a range or ratio).
CANDIDATE_RE = re.compile(CANDIDATE_PATTERN)
_OF_AFTER_RE = re.compile(r"[ \t]+of\b", re.IGNORECASE)
_ARTICLE_BEFORE_RE = re.compile(r"(?<![A-Za-z])[Aa][ \t]+\Z")
_ANOTHER_BEFORE_RE = re.compile(r"(?<![A-Za-z])[Aa]nother[ \t]+\Z")
_RATIO_RE = re.compile(r"[ \t]+in[ \t]+(?:every[ \t]+)?")
# A fraction written with a slash, read as a share only where it is one: "2/3 of", "1/13th".
_FRACTION_RE = re.compile(r"/([0-9]{1,3})(?:(?:st|nd|rd|th)\b|(?=[ \t]+of\b))")
# A fraction word before "of a" and a scale: "a quarter of a million".
_OF_A_SCALE_RE = re.compile(
    r"[ \t]+of[ \t]+an?[ \t]+(hundred|thousand|million|billion)\b", re.IGNORECASE
)
_HALF_A_RE = re.compile(
    r"[ \t]+an?[ \t]+(hundred|thousand|million|billion|" + "|".join(ARTICLE_UNITS) + r")\b",
    re.IGNORECASE,
)
# "half" as a share: before "of", a determiner or a verb ("Half returned", "half those
# aboard"); not in a compound ("half-full") nor as part of a period ("the first half").
_HALF_DETERMINER_AFTER_RE = re.compile(
    r"[ \t]+(?:the|those|these|its|their|his|her|our|all|them|that)\b", re.IGNORECASE
)
_PERIOD_PART_BEFORE_RE = re.compile(
    r"(?<![A-Za-z])(?:first|second|third|fourth|last|latter|former|early|earlier|later|final|"
    r"closing|opening)[ \t]+\Z",
    re.IGNORECASE,
)
_OTHER_BEFORE_RE = re.compile(r"(?<![A-Za-z])other[ \t]+\Z", re.IGNORECASE)
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z][A-Za-z'\u2019-]*)")
# A scale written as letters right after the digits: "2.7M copies", "\u00a33.2bn", "$50k".
_SCALE_SUFFIX_RE = re.compile(r"(bn|mn|trn|tn|m|M|k|K|b)(?![A-Za-z0-9])")
_SUFFIX_SCALES = {
    "bn": 1e9, "b": 1e9, "mn": 1e6, "m": 1e6, "M": 1e6, "k": 1e3, "K": 1e3, "tn": 1e12,
    "trn": 1e12,
}  # fmt: skip
# Suffixes that are a scale whatever follows; the others ("m" is also metres) only with a
# currency or before a plural noun ("1.5m people", but "10m high", "the 100m sprint").
_ALWAYS_SCALE = frozenset({"bn", "mn", "tn", "trn"})
_SUFFIX_FIRST = frozenset("bmMkKt")
# Currency signs and codes before a figure: "$11", "\u00a3 20", "USD10m", "$US12,480,000".
_CURRENCY_BEFORE_RE = re.compile(
    r"(?:(US\$|\$US|AU?\$|CA?\$|NZ\$|HK\$|[$\u00a3\u20ac\u00a5\u20b9])"
    r"|(?<![A-Za-z])(USD|GBP|EUR|AUD|CAD|NZD|HKD|JPY|CHF|INR|Rs\.?))[ \t]?\Z"
)
_CURRENCY_UNITS = {
    "$": "USD", "US$": "USD", "$US": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "\u00a3": "GBP", "\u20ac": "EUR",
    "\u00a5": "JPY", "\u20b9": "INR", "Rs": "INR", "Rs.": "INR",
}  # fmt: skip
_CURRENCY_HINTS = frozenset("$\u00a3\u20ac\u00a5\u20b9DPRSFYRs.")
# A name before an age in brackets: "Meriwether Lewis (29)", "**Dick Rowland** (19)" (the
# view has the stars blanked). Two to four capitalised words.
_NAME_BEFORE_RE = re.compile(
    r"(?<![A-Za-z])((?:[A-Z][a-z'\u2019-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][a-z'\u2019-]+|[A-Z]\.)){1,3})"
    r"[ \t]*\(\Z"
)
MAX_AGE = 120


@dataclass(slots=True)
class Figure:
    """A figure read at a candidate: value or range, and where it sits."""

    start: int
    end: int
    value: float
    has_scale: bool = False
    unit: str | None = None
    rules: list[str] = field(default_factory=list)
    year_like: bool = False
    grouped: bool = False
    is_words: bool = False
    plus: bool = False  # "500,000+", "17+ million": at least the figure
    counted: str | None = None  # what it counts when the figure itself says ("age of ...")


class TextFacts:
    """What the reading of figures needs to know about the whole text, found once.

    ``listing`` holds the shop-listing lines (``filters.listing_lines``); ``dots_group`` says
    whether "45.000" means 45,000 in this text (``numbers.dots_group_thousands``), looked
    into only when a figure of that form turns up.
    """

    def __init__(self, text: str, listing: list[tuple[int, int]]) -> None:
        self.text = text
        self.listing = listing
        self._dots_group: bool | None = None

    @property
    def dots_group(self) -> bool:
        if self._dots_group is None:
            self._dots_group = dots_group_thousands(self.text)
        return self._dots_group


def read_figure(
    text: str, start: int, end: int, facts: TextFacts, range_end: bool = False
) -> Figure | str:
    """Read the figure at a candidate ``text[start:end]``; a string is why it was rejected."""
    raw = text[start:end]
    if raw[0] <= "9" or is_vulgar_fraction(raw[0]):
        fig = _read_digits(text, start, end, facts, range_end)
    elif raw[0] in "Aa" and ARTICLE_UNIT_RE.match(raw):
        fig = _read_article_unit(text, start, end)
    else:
        fig = _read_words(text, start, end, facts, range_end)
    if (
        isinstance(fig, Figure)
        and fig.unit is None
        and start > 3
        and text[start - 1] in " \t"
        and text[start - 4 : start - 1].lower() in _AGE_WORD_ENDS  # cheap test first
        and not fig.has_scale
        and 0 < fig.value <= MAX_AGE
        and _AGE_BEFORE_RE.search(text, max(0, start - 20), start)
    ):
        # "at age 21", "aged 90", "at the age of 63", "(age 12)": an age, not a count of what
        # the sentence is about ("killed ... at age 21" is no death toll).
        fig.unit, fig.counted = "years", "age"
        fig.rules = ["age", *fig.rules[1:]]
    if (
        isinstance(fig, Figure)
        and text.startswith(" and a", fig.end)  # cheap test first: most figures fail it
        and not fig.has_scale
        and fig.unit in (None, *ARTICLE_UNITS.values())
    ):
        half = _AND_A_HALF_RE.match(text, fig.end)
        if half is not None and fig.value == int(fig.value):  # "two and a half million"
            fig.value, fig.end = fig.value + 0.5, half.end()
            if half.group(1):
                fig.value = apply_scale(fig.value, half.group(1))
                fig.has_scale, fig.year_like = True, False
                fig.rules.append("scale")
    return fig


# The words before an age: "at age", "aged", "at the age of", "ages" (a range: "ages 5 to 12").
_AGE_BEFORE_RE = re.compile(r"(?<![A-Za-z])(?:age[ \t]+of|aged?|ages)[ \t]+\Z", re.IGNORECASE)
_AGE_WORD_ENDS = frozenset({"age", "ged", "ges", " of"})


# "an hour and a half", "two and a half million"
_AND_A_HALF_RE = re.compile(
    r"[ \t]+and[ \t]+a[ \t]+half\b(?:[ \t]+(hundred|thousand|million|billion)\b)?",
    re.IGNORECASE,
)


def _read_digits(
    text: str, start: int, end: int, facts: TextFacts, range_end: bool
) -> Figure | str:
    raw = text[start:end]
    dotted = "." in raw and (raw.count(".") > 1 or (is_dot_grouped(raw) and facts.dots_group))
    grouped = dotted or any(c in ", \u00a0\u202f\u2009" for c in raw)
    reason = filters.reject_digits(text, start, end, grouped, range_end, facts.listing)
    if reason == "footnote" and not range_end:
        return _age_in_brackets(text, start, end) or reason
    if reason:
        return reason
    value = parse_digits(raw, dotted)
    if value is None:
        return "unreadable"
    fig = Figure(start, end, value, grouped=grouped, rules=["count.digits"])
    fig.year_like = filters.looks_like_year(raw)
    fraction = _FRACTION_RE.match(text, end)
    if fraction is not None:  # "2/3 of the island", "1/13th of the globe"
        denominator = float(fraction.group(1))
        if not 0 < value < denominator:
            return "code"
        fig.value, fig.unit, fig.rules = 100 * value / denominator, "percent", ["share.fraction"]
        fig.end = fraction.end()
        return fig
    if text.startswith("/", end) and end + 1 < len(text) and text[end + 1].isdigit():
        return "code"  # 26/11, 9/11, 12/3/26: dates and codes, not figures
    if len(raw) == 1 and is_vulgar_fraction(raw) and _OF_AFTER_RE.match(text, end):
        fig.value, fig.unit, fig.rules = 100 * value, "percent", ["share.fraction"]
        return fig  # "\u00be of the city"
    currency = currency_before(text, start)
    after = end
    if text.startswith("+", after) and not text[after + 1 : after + 2].isdigit():
        fig.plus, after = True, after + 1
        fig.end = after
    scale = SCALE_AFTER_DIGITS_RE.match(text, after)
    suffix = (
        _SCALE_SUFFIX_RE.match(text, after)
        if scale is None and text[after : after + 1] in _SUFFIX_FIRST
        else None
    )
    if suffix is not None and not fig.plus and _suffix_is_scale(text, suffix, currency):
        fig.value = value * _SUFFIX_SCALES[suffix.group(1)]
        fig.end, fig.has_scale, fig.year_like = suffix.end(), True, False
        fig.rules.append("scale")
    elif scale is not None:
        fig.value = apply_scale(value, scale.group(1))
        fig.end, fig.has_scale, fig.year_like = scale.end(), True, False
        fig.rules.append("scale")
        if text.startswith("+", fig.end) and not text[fig.end + 1 : fig.end + 2].isdigit():
            fig.plus = True  # "50 million+"
            fig.end += 1
    if not is_storable_figure(fig.value):
        return TOO_LARGE
    if currency is not None:
        fig.start, fig.unit = currency
        fig.rules[0] = "money"
    return fig


def _suffix_is_scale(text: str, suffix: re.Match[str], currency: tuple[int, str] | None) -> bool:
    letters = suffix.group(1)
    if letters in _ALWAYS_SCALE or currency is not None:
        return True
    if letters in ("b",):
        return False
    following = _NEXT_WORD_RE.match(text, suffix.end())
    if following is None:
        return False
    word = following.group(1)
    return word[0].islower() and looks_plural(word) and word.lower() not in _RATE_WORDS


# "10m tall", "100m deep" are lengths; these plural-looking words after them are not counted.
_RATE_WORDS = frozenset({"yards", "metres", "meters", "miles", "inches", "feet"})


def currency_before(text: str, start: int) -> tuple[int, str] | None:
    """Where a currency sign or code right before a figure starts, and the currency
    ("$11", "\u00a3 20", "USD10m", "$US12,480,000"), or None."""
    if start == 0:
        return None
    before = text[start - 1] if text[start - 1] not in " \t" else text[start - 2 : start - 1]
    if not before or before not in _CURRENCY_HINTS:
        return None
    found = _CURRENCY_BEFORE_RE.search(text, max(0, start - 5), start)
    if found is None:
        return None
    sign = found.group(1) or found.group(2)
    return found.start(), _CURRENCY_UNITS.get(sign, sign)


def _age_in_brackets(text: str, start: int, end: int) -> Figure | None:
    """ "Meriwether Lewis (29)": an age in brackets after a person's name, in years."""
    raw = text[start:end]
    if not raw.isdigit() or not 0 < int(raw) <= MAX_AGE or text[end : end + 1] != ")":
        return None
    name = _NAME_BEFORE_RE.search(text, max(0, start - 60), start)
    if name is None:
        return None
    words = name.group(1).split()
    while words and words[0].lower() in FUNCTION_WORDS:
        words.pop(0)
    if len(words) < 2:
        return None
    last = words[-1].lower().rstrip(".")
    if last in MONTHS or last in FUNCTION_WORDS:
        return None
    if last in REFERENCE_WORDS and filters.is_sentence_initial(text, name.start(1)):
        return None  # "See Table (3)"; but "by Sarah Page (17)"
    return Figure(
        start, end, float(raw), unit="years", rules=["age"], counted="age of " + " ".join(words)
    )


def _read_article_unit(text: str, start: int, end: int) -> Figure | str:
    """ "for a week", "a mile inland", "half an hour": one of a unit (a half after "half")."""
    unit_word = text[start:end].split()[-1].lower()
    token_end = start
    while token_end > 0 and text[token_end - 1] in " \t":
        token_end -= 1
    if token_end and (text[token_end - 1].isdigit() or text[token_end - 1] in "%"):
        return "rate"  # "\u00a3200 a year", "50% a year"
    previous = filters.previous_word(text, start)
    if previous is not None:
        word = previous[0].lower()
        if word in ("once", "twice", "thrice", "times", "per", "every", "each", "a"):
            return "rate"  # "once a week", "three times a day"
        if _figure_before(text, previous[1]):
            return "rate"  # "24 hours a day", "$5 a day", "60 miles an hour"
    if text[end : end + 1] in "-\u2010\u2011":
        return "compound"  # "a year-by-year record", "a day-long strike"
    following = _NEXT_WORD_RE.match(text, end)
    if following is not None and following.group(1).lower() in _TIME_REFERENCE_AFTER:
        return "time reference"  # "a week later", "a year ago", "a day or two"
    if text[end : end + 1] in "'\u2019":
        return "possessive"  # "a day's march": kept in the counted phrase of another figure
    value, fig_start = 1.0, start
    if previous is not None and previous[0].lower() == "half":
        value, fig_start = 0.5, previous[1]
    return Figure(fig_start, end, value, unit=ARTICLE_UNITS[unit_word], rules=["measure"])


_TIME_REFERENCE_AFTER = frozenset(
    {"later", "earlier", "ago", "before", "after", "afterwards", "afterward", "or", "on", "back"}
)
_FIGURE_TOKEN_RE = re.compile(r"[0-9]|(?:" + "|".join(sorted(SCALE_WORDS)) + ")", re.IGNORECASE)


def _figure_before(text: str, word_start: int) -> bool:
    """Whether a figure stands right before the word at ``word_start`` ("24 hours")."""
    window = text[max(0, word_start - 12) : word_start].rstrip(" \t")
    if not window:
        return False
    last = window.split()[-1] if window.split() else ""
    return bool(last) and (last[-1].isdigit() or last.lower() in _NUMBER_TOKENS)


_NUMBER_TOKENS = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "dozen",
     "hundred", "thousand", "few", "several", "many"}
)  # fmt: skip


def _read_words(text: str, start: int, end: int, facts: TextFacts, range_end: bool) -> Figure | str:
    raw = text[start:end]
    run_start, run = start, raw
    article = _ARTICLE_BEFORE_RE.search(text, max(0, run_start - 3), run_start)
    if article is not None:
        run_start, run = article.start(), text[article.start() : end]
    parsed = parse_words(run)
    if parsed is None and article is not None:
        run_start, run = start, raw
        parsed = parse_words(run)
    if parsed is None:
        return _read_half(text, start, end, run)
    end = run_start + parsed.end
    ratio = _ratio(text, end, parsed.value, facts, range_end)
    if ratio is not None:  # "one in five": a share
        share, ratio_end = ratio
        return Figure(run_start, ratio_end, share, unit="percent", rules=["share.ratio"])
    if parsed.lone_one:
        return "lone one"
    if facts.listing and filters.in_listing_line(facts.listing, run_start):
        return "listing"
    fig = Figure(run_start, end, parsed.value, has_scale=parsed.has_scale, is_words=True)
    if parsed.is_fraction:
        of_a_scale = _OF_A_SCALE_RE.match(text, end)
        if of_a_scale is not None:  # "a quarter of a million"
            fig.value = parsed.value * SCALE_WORDS[of_a_scale.group(1).lower()]
            fig.end, fig.has_scale, fig.rules = of_a_scale.end(), True, ["count.words", "scale"]
            return fig
        if run[:1] in "aA" and not _OF_AFTER_RE.match(text, end):
            return "ordinal"  # "a third time"
        fig.value, fig.unit, fig.rules = parsed.value * 100, "percent", ["share.fraction"]
    else:
        fig.rules = ["count.words"]
    return fig


def _read_half(text: str, start: int, end: int, run: str) -> Figure | str:
    """ "half" and "halved" as a share, "half a million" as a number; or why not."""
    lower = run.lower()
    if lower in SCALE_WORDS and lower != "hundred":
        if _ANOTHER_BEFORE_RE.search(text, max(0, start - 8), start):  # "another million"
            return Figure(start, end, float(SCALE_WORDS[lower]), True, rules=["count.words"])
        return "not a number"
    if lower == "halved":
        return Figure(start, end, 50.0, unit="percent", rules=["share.fraction"])
    if lower != "half":
        return "not a number"
    if text[end : end + 1] in "-\u2010\u2011":
        return "compound"  # "half-full", "Half-Empty"
    if _PERIOD_PART_BEFORE_RE.search(text, max(0, start - 10), start):
        return "part of a period"  # "the first half of the century"
    half_a = _HALF_A_RE.match(text, end)
    if half_a is not None:
        word = half_a.group(1).lower()
        if word in SCALE_WORDS:  # "half a million"
            return Figure(
                start, half_a.end(), SCALE_WORDS[word] / 2, True, rules=["count.words", "scale"]
            )
        return "half a unit"  # "half an hour": read from the unit, as a half
    share = Figure(start, end, 50.0, unit="percent", rules=["share.fraction"])
    if _OF_AFTER_RE.match(text, end) or _HALF_DETERMINER_AFTER_RE.match(text, end):
        return share  # "half of the trains", "half those aboard"
    if _OTHER_BEFORE_RE.search(text, max(0, start - 12), start):
        return share  # "the other half"
    following = _NEXT_WORD_RE.match(text, end)
    if (
        run[0] == "H"
        and following is not None
        and following.group(1)[0].islower()
        and following.group(1).lower() not in UNITS
        and following.group(1) not in ("a", "an")
    ):
        return share  # "Half returned home."
    return "not a number"


def _ratio(
    text: str, end: int, numerator: float, facts: TextFacts, range_end: bool
) -> tuple[float, int] | None:
    """Read "one in five" as 20 percent; return (share, end of the denominator)."""
    if range_end:
        return None
    join = _RATIO_RE.match(text, end)
    if join is None:
        return None
    m2 = CANDIDATE_RE.match(text, join.end())
    if m2 is None:
        return None
    fig2 = read_figure(text, m2.start(), m2.end(), facts, range_end=True)
    if isinstance(fig2, str) or fig2.unit is not None or fig2.year_like:
        return None
    if not 0 < numerator < fig2.value <= 1000:
        return None
    return round(100 * numerator / fig2.value, 6), fig2.end
