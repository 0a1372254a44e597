"""The thing counted: the noun phrase after a figure, its unit of measure, and its referent.

Conventions (what ``ExtractedClaim.counted`` holds):

* the words right after the figure up to the first function word, verb, adverb, punctuation or
  other figure — "five million Soviet citizens in Allied controlled areas" gives
  "Soviet citizens" (the trailing qualifier stays in the quote);
* "N of the X" gives "X" ("four of the crews" -> "crews");
* a unit of measure right after the figure goes to ``unit`` and what is measured, if given
  with "of", becomes the counted phrase ("2,000 gallons of fuel" -> unit "gallons", "fuel");
* coordinated figures share the last head noun: "23,500 American and 30,000 British and
  Commonwealth soldiers" gives "American soldiers" and "British and Commonwealth soldiers"
  (done by the extractor, which sees both figures);
* a figure reached through a verb gets its referent in brackets: "the interned crews, which
  comprised 291 men" gives "men (interned crews)"; with no noun after the figure
  ("the garrison numbered 4,000") the referent alone ("garrison").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from powdb.extract.hedges import HEDGES
from powdb.extract.numbers import WORD_NUMBER

UNITS: dict[str, str] = {
    "mile": "miles", "miles": "miles", "mi": "miles", "km": "kilometres",
    "kilometre": "kilometres", "kilometres": "kilometres", "kilometer": "kilometres",
    "kilometers": "kilometres", "metre": "metres", "metres": "metres", "meter": "metres",
    "meters": "metres", "m": "metres", "feet": "feet", "foot": "feet", "ft": "feet",
    "yard": "yards", "yards": "yards", "gallon": "gallons", "gallons": "gallons",
    "litre": "litres", "litres": "litres", "liter": "litres", "liters": "litres",
    "pound": "pounds", "pounds": "pounds", "lb": "pounds", "lbs": "pounds",
    "ton": "tons", "tons": "tons", "tonne": "tonnes", "tonnes": "tonnes",
    "kg": "kilograms", "kilogram": "kilograms", "kilograms": "kilograms",
    "hour": "hours", "hours": "hours", "hrs": "hours", "minute": "minutes",
    "minutes": "minutes", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
    "acre": "acres", "acres": "acres", "degree": "degrees", "degrees": "degrees",
    "knot": "knots", "knots": "knots", "calorie": "calories", "calories": "calories",
    "dollar": "USD", "dollars": "USD", "rouble": "roubles", "roubles": "roubles",
    "ruble": "roubles", "rubles": "roubles", "mph": "mph",
}  # fmt: skip

STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "their",
        "his",
        "her",
        "its",
        "our",
        "my",
        "your",
        "some",
        "any",
        "each",
        "every",
        "all",
        "in",
        "of",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "into",
        "onto",
        "with",
        "without",
        "vs",  # "13 vs 133": the figure it is set against, not what is counted
        "versus",
        "under",
        "over",
        "after",
        "before",
        "during",
        "between",
        "through",
        "across",
        "against",
        "among",
        "amongst",
        "toward",
        "towards",
        "near",
        "via",
        "per",
        "as",
        "than",
        "since",
        "until",
        "till",
        "within",
        "along",
        "around",
        "about",
        "behind",
        "beyond",
        "outside",
        "inside",
        "upon",
        "off",
        "out",
        "up",
        "down",
        "and",
        "or",
        "but",
        "nor",
        "yet",
        "so",
        "while",
        "who",
        "whom",
        "whose",
        "which",
        "where",
        "when",
        "because",
        "if",
        "though",
        "although",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "had",
        "has",
        "have",
        "do",
        "did",
        "does",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
        "shall",
        "he",
        "she",
        "it",
        "they",
        "them",
        "we",
        "us",
        "i",
        "you",
        "him",
        "not",
        "no",
        "also",
        "more",
        "most",
        "only",
        "even",
        "still",
        "never",
        "then",
        "there",
        "here",
        "both",
        "either",
        "neither",
        "such",
        "other",
        "another",
        "same",
        "own",
        "whom",
        "what",
    ]
)
IRREGULAR_PLURALS = frozenset(
    [
        "men",
        "women",
        "people",
        "children",
        "personnel",
        "crew",
        "police",
        "cattle",
        "aircraft",
        "infantry",
        "cavalry",
        "artillery",
        "sheep",
        "fish",
        "police",
        "staff",
        "gentry",
        "clergy",
    ]
)
_TOKEN_RE = re.compile(r"[ \t]*([\"'\u201c\u2018]?)([A-Za-z][A-Za-z'\u2019-]*)([\"'\u201d\u2019]?)")
_OF_DET_RE = re.compile(
    r"[ \t]+of[ \t]+(?:(?:the|these|those|their|his|its|our|them|whom)[ \t]+)?", re.IGNORECASE
)
MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class CountedPhrase:
    """The phrase after a figure: words, where it ends, a unit if any."""

    words: list[str]
    end: int  # offset just after the last word (closing quote included)
    unit: str | None
    joins_next_figure: bool  # stopped at "and"/"or"/"," before another figure


def looks_plural(word: str) -> bool:
    """A rough test for a counted head noun: "troops", "men", "aircraft"."""
    lower = word.lower()
    return lower in IRREGULAR_PLURALS or (
        len(lower) > 2 and lower.endswith("s") and not lower.endswith("ss")
    )


_NEXT_FIGURE_RE = re.compile(
    r"[ \t]*(?:,[ \t]*)?(?:(?:and|or)[ \t]+)?(?:[$\u00a3\u20ac]?[0-9]|(?:"
    + "|".join(sorted(HEDGES, key=len, reverse=True)).replace(".", r"\.").replace(" ", r"[ \t]+")
    + r")[ \t]+[0-9]|"
    + WORD_NUMBER
    + ")",
    re.IGNORECASE,
)
_JOINER_RE = re.compile(r"[ \t]*(?:,|and\b|or\b)", re.IGNORECASE)
# A unit joined to the figure by a hyphen: "1,000-ton", "55-foot", "250-kilogram".
_HYPHEN_UNIT_RE = re.compile(r"[-\u2010\u2011]([A-Za-z]+)\b")
# A measure that describes the counted thing: the "250-kilogram" of "30 250-kilogram bombs".
_MEASURE_MODIFIER_RE = re.compile(r"[ \t]+([0-9][0-9,.]*[-\u2010\u2011]([A-Za-z]+))\b")


def _next_is_figure(text: str, pos: int) -> bool:
    return _NEXT_FIGURE_RE.match(text, pos) is not None


def read_phrase(text: str, pos: int, limit: int) -> CountedPhrase:
    """Read the counted noun phrase starting at ``pos`` (just after the figure)."""
    words: list[str] = []
    end = pos
    unit: str | None = None
    joins_next = False
    cur = pos
    # A modifier that is a figure of its own ("250-kilogram") is read into the phrase but
    # not into its span, so the extractor still reads that figure.
    span_held = False
    hyphen_unit = _HYPHEN_UNIT_RE.match(text, pos, limit)
    if hyphen_unit is not None and hyphen_unit.group(1).lower() in UNITS:
        unit = UNITS[hyphen_unit.group(1).lower()]
        end = cur = hyphen_unit.end()
    else:
        modifier = _MEASURE_MODIFIER_RE.match(text, pos, limit)
        if modifier is not None and modifier.group(2).lower() in UNITS:
            words.append(modifier.group(1))
            cur, span_held = modifier.end(), True
    while len(words) < MAX_WORDS:
        m = _TOKEN_RE.match(text, cur, limit)
        if m is None:
            break
        word = m.group(2).strip("'\u2019-")
        if not word:
            break
        lower = word.lower()
        if not words and unit is None and lower in UNITS and not m.group(1):
            unit = UNITS[lower]
            end = cur = m.end()
            of = _OF_DET_RE.match(text, cur, limit)
            if of is None:
                break
            cur = of.end()
            continue
        if lower in ("and", "or") and words:
            after = m.end()
            if _next_is_figure(text, after):
                joins_next = True
                break
            nxt = _TOKEN_RE.match(text, after, limit)
            # "British and Commonwealth soldiers": coordinated modifiers stay in the phrase.
            if nxt and words[-1][:1].isupper() and nxt.group(2)[:1].isupper():
                words.append(lower)
                cur = after
                continue
            break
        if lower in STOP_WORDS:
            if not words and lower == "of" and unit is None:
                of = _OF_DET_RE.match(text, cur, limit)
                if of is not None:
                    cur = of.end()
                    continue
            break
        if words and lower.endswith("ly") and word[0].islower():
            break
        if words and (lower.endswith("ed") or lower.endswith("ing")) and looks_plural(words[-1]):
            break
        words.append(word)
        if not span_held:
            end = m.end()
        cur = m.end()
        if m.group(3) or not (cur < limit and text[cur] in " \t"):
            # a closing quote or punctuation ends the phrase
            break
    if not joins_next and words:
        joins_next = _next_is_figure(text, end) and bool(_JOINER_RE.match(text, end))
    return CountedPhrase(words, end, unit, joins_next)


_REFERENT_RE = re.compile(
    r"(?:^|\b(?:the|their|these|those|his|its|our|a|an)[ \t]+)"
    r"((?:[A-Za-z-]+[ \t]+){0,3}?[A-Za-z-]+)[ \t]*,?[ \t]*(?:(?:which|who|that)[ \t]+)?"
    r"(?:comprised|numbered|totalled|totaled|totalling|totaling|amounted[ \t]+to|"
    r"consisted[ \t]+of|included|reached|stood[ \t]+at|came[ \t]+to|ran[ \t]+to)[ \t]+\Z",
    re.IGNORECASE,
)


_REFERENT_VERB_ENDINGS = (
    "comprised", "numbered", "totalled", "totaled", "totalling", "totaling", "to", "of",
    "included", "reached", "at",
)  # fmt: skip


def find_referent(text: str, sentence_start: int, before: int) -> str | None:
    """The noun phrase a figure is linked to by a verb: "the interned crews, which comprised"."""
    tail = text[max(sentence_start, before - 16) : before].rstrip(" \t").lower()
    if not tail.endswith(_REFERENT_VERB_ENDINGS):
        return None
    m = _REFERENT_RE.search(text, max(sentence_start, before - 80), before)
    if m is None:
        return None
    words = m.group(1).split()
    while words and words[0].lower() in STOP_WORDS:
        words.pop(0)
    return " ".join(words) or None
