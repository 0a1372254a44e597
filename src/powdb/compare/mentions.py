"""Finding things in a sentence: group words, holders, kinds, figures, clauses.

Shared by :mod:`powdb.compare.subjects` and :mod:`powdb.compare.qualifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from powdb.compare import lexicon
from powdb.compare.scanning import (
    Table,
    alternation,
    case_folded,
    compile_table,
    leading_letters,
)

GROUPS = Table(lexicon.GROUP_PATTERNS, lexicon.GROUP_PATTERNS_CASED)
HOLDERS = compile_table(lexicon.HOLDER_PATTERNS, lexicon.HOLDER_PATTERNS_CASED)
HOLDER_TABLE = Table(lexicon.HOLDER_PATTERNS, lexicon.HOLDER_PATTERNS_CASED)
KINDS = Table(lexicon.KIND_PATTERNS)
EVENTS = compile_table(lexicon.EVENT_PATTERNS)
EVENT_TABLE = Table(lexicon.EVENT_PATTERNS)

HOLDER = (
    "(?P<h>" + alternation(lexicon.HOLDER_PATTERNS) + "|(?-i:US|U\\.S\\.|USA|UK|U\\.K\\.)" + ")"
)
HOLDER_UNNAMED = HOLDER.replace("(?P<h>", "(?:", 1)  # for alternations of several patterns
GROUP_TO_HOLDER = {
    "American": "the United States", "British": "Britain", "Soviet": "the Soviet Union",
    "German": "Germany", "Japanese": "Japan", "Allied": "the Allies", "Russian": "the Soviet Union",
}  # fmt: skip

_NUMBER_WORD_LETTERS = leading_letters(lexicon.NUMBER_WORDS)
NUMBER = re.compile(
    # A figure starts with a digit or with a number word's letter: test that first.
    (rf"(?=[\d{re.escape(_NUMBER_WORD_LETTERS)}])" if _NUMBER_WORD_LETTERS else "")
    + r"(?:(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])"
    + rf"|\b(?:{lexicon.NUMBER_WORDS})\b)",
    re.IGNORECASE,
)
NUMBER_LOWER = re.compile(NUMBER.pattern)
YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
CLAUSE_BREAK = re.compile(r",(?!\d)|[;:()\[\]]|\s[-–—]\s|—|–(?=\s)")
NP_STOP = re.compile(
    r",(?!\d)|[;:()\[\]]|\.(?!\d)|\s[-–—]\s|\b(?:were|was|had|have|has|be|been|being|who|which|that|whom|"
    r"are|is|to|when|while|after|before|during)\b",
    re.I,
)

_FOLDED_NP_STOP = case_folded(NP_STOP)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    group: str
    plural_noun: bool


_COORDINATION = re.compile(r"\s*(?:,|and|&|or|/|-)\s*(?:and\s+)?")
_LEADING_JOINERS = re.compile(r"^[\s'’-]+")
_FOLLOWED_BY = {
    (drop_places, drop_actors): re.compile(rf"(?:{'|'.join(map(re.escape, followers))})\b")
    for drop_places, drop_actors, followers in (
        (True, False, lexicon.PLACE_FOLLOWERS),
        (False, True, lexicon.ACTOR_FOLLOWERS),
        (True, True, lexicon.PLACE_FOLLOWERS + lexicon.ACTOR_FOLLOWERS),
    )
}
_AFTER_PREPOSITION = re.compile(r"\b(?:by|under|with|against|to|from)(?:\s+the)?\s*$")
_FIGURE_JOINER = re.compile(r"[\s-]*(?:and\s+)?")


@lru_cache(maxsize=4096)
def group_mentions(text: str, *, drop_places: bool, drop_actors: bool) -> tuple[Mention, ...]:
    raw = [(start, end, GROUPS.names[i]) for start, end, i in GROUPS.scan(text)]
    if not raw:
        return ()
    raw.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, str]] = []
    for item in raw:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    # Coordination: "British and Commonwealth", "UK and US" form one composite mention.
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, group in kept:
        if merged and _COORDINATION.fullmatch(text, merged[-1][1], start):
            merged[-1] = (merged[-1][0], end, merged[-1][2] | {group})
        else:
            merged.append((start, end, {group}))
    followed_by = _FOLLOWED_BY.get((drop_places, drop_actors))
    mentions = []
    for start, end, groups in merged:
        if followed_by:
            after = _LEADING_JOINERS.sub("", text[end : end + 40].lower())
            after = after[2:] if after.startswith("s ") else after  # "Soviet's"
            if followed_by.match(after):
                continue
        if drop_places and _AFTER_PREPOSITION.search(text[max(0, start - 25) : start].lower()):
            continue
        name = " and ".join(sorted(groups))
        mentions.append(Mention(start, end, name, text[start:end].lower().endswith("s")))
    return tuple(mentions)


@lru_cache(maxsize=1024)
def _names_a_group(text: str) -> bool:
    return bool(GROUPS.starts(text))


def may_name_group(quote: str, start: int, end: int) -> bool:
    """False when ``quote[start:end]`` certainly has no group word, so it need not be scanned.

    A group word there is one in ``quote`` too, unless the cut makes a word boundary that
    ``quote`` lacks (a word character, or the "." of "U.S.", just outside it): group words
    have no lookaround beyond their first and last character.
    """
    if _names_a_group(quote):
        return True
    before = quote[start - 1] if start > 0 else " "
    after = quote[end] if end < len(quote) else " "
    return before.isalnum() or before in "._" or after.isalnum() or after == "_"


@lru_cache(maxsize=4096)
def first_kind(text: str) -> str | None:
    first = KINDS.first(text)
    return first[2] if first else None


@lru_cache(maxsize=1024)
def figure_spans(quote: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    # On ASCII text lower() folds case as re.I does, and the plain pattern scans faster.
    numbers = NUMBER_LOWER.finditer(quote.lower()) if quote.isascii() else NUMBER.finditer(quote)
    for match in numbers:
        if YEAR.match(match.group()):
            continue
        if spans and _FIGURE_JOINER.fullmatch(quote, spans[-1][1], match.start()):
            spans[-1] = (spans[-1][0], match.end())  # "two-million", "five hundred thousand"
        else:
            spans.append((match.start(), match.end()))
    return tuple(spans)


@lru_cache(maxsize=64)  # asked twice per figure: for its group and for its status
def np_stop(quote: str, end: int) -> int:
    """Where the noun phrase that goes on at ``quote[end:]`` stops."""
    if quote.isascii():
        stop = _FOLDED_NP_STOP.search(quote.lower(), end)
    else:
        stop = NP_STOP.search(quote, end)
    return stop.start() if stop else len(quote)


def locate(quote: str, surface: str | None) -> tuple[int, int] | None:
    if not surface:
        return None
    index = quote.find(surface)
    if index < 0:
        index = quote.lower().find(surface.lower())
    return (index, index + len(surface)) if index >= 0 else None


@lru_cache(maxsize=64)  # asked twice per figure: for its group and for its kind
def clause_around(quote: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for match in CLAUSE_BREAK.finditer(quote, 0, start):
        left = match.end()
    right_match = CLAUSE_BREAK.search(quote, end)
    return left, right_match.start() if right_match else len(quote)


@lru_cache(maxsize=1024)
def holder_name(text: str) -> str | None:
    for pattern, holder in HOLDERS:
        if pattern.fullmatch(text):
            return holder
    return None


def unique(values: Iterable[str]) -> str | None:
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None
