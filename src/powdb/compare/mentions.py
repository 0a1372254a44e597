"""Finding things in a sentence: group words, holders, kinds, figures, clauses.

Shared by :mod:`powdb.compare.subjects` and :mod:`powdb.compare.qualifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from powdb.compare import lexicon


def alternation(patterns: Iterable[tuple[str, str]]) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _ in patterns)


def compile_table(
    patterns: tuple[tuple[str, str], ...], cased: tuple[tuple[str, str], ...] = ()
) -> list[tuple[re.Pattern[str], str]]:
    table = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), name) for p, name in patterns]
    table += [(re.compile(rf"(?<![\w.])(?:{p})(?![\w])"), name) for p, name in cased]
    return table


GROUPS = compile_table(lexicon.GROUP_PATTERNS, lexicon.GROUP_PATTERNS_CASED)
HOLDERS = compile_table(lexicon.HOLDER_PATTERNS, lexicon.HOLDER_PATTERNS_CASED)
KINDS = compile_table(lexicon.KIND_PATTERNS)
EVENTS = compile_table(lexicon.EVENT_PATTERNS)

HOLDER = (
    "(?P<h>" + alternation(lexicon.HOLDER_PATTERNS) + "|(?-i:US|U\\.S\\.|USA|UK|U\\.K\\.)" + ")"
)
GROUP_TO_HOLDER = {
    "American": "the United States", "British": "Britain", "Soviet": "the Soviet Union",
    "German": "Germany", "Japanese": "Japan", "Allied": "the Allies", "Russian": "the Soviet Union",
}  # fmt: skip

NUMBER = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\w])|\b(?:{lexicon.NUMBER_WORDS})\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
CLAUSE_BREAK = re.compile(r",(?!\d)|[;:()\[\]]|\s[-–—]\s|—|–(?=\s)")
NP_STOP = re.compile(
    r",(?!\d)|[;:()\[\]]|\.(?!\d)|\s[-–—]\s|\b(?:were|was|had|have|has|be|been|being|who|which|that|whom|"
    r"are|is|to|when|while|after|before|during)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    group: str
    plural_noun: bool


def group_mentions(text: str, *, drop_places: bool, drop_actors: bool) -> list[Mention]:
    raw: list[tuple[int, int, str]] = []
    for pattern, group in GROUPS:
        raw.extend((m.start(), m.end(), group) for m in pattern.finditer(text))
    raw.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, str]] = []
    for item in raw:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    # Coordination: "British and Commonwealth", "UK and US" form one composite mention.
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, group in kept:
        if merged and re.fullmatch(
            r"\s*(?:,|and|&|or|/|-)\s*(?:and\s+)?", text[merged[-1][1] : start]
        ):
            merged[-1] = (merged[-1][0], end, merged[-1][2] | {group})
        else:
            merged.append((start, end, {group}))
    mentions = []
    for start, end, groups in merged:
        after = re.sub(r"^[\s'’-]+", "", text[end : end + 40].lower())
        after = after[2:] if after.startswith("s ") else after  # "Soviet's"
        before = text[max(0, start - 25) : start].lower()
        followers = (lexicon.PLACE_FOLLOWERS if drop_places else ()) + (
            lexicon.ACTOR_FOLLOWERS if drop_actors else ()
        )
        if followers and re.match(rf"(?:{'|'.join(map(re.escape, followers))})\b", after):
            continue
        if drop_places and re.search(r"\b(?:by|under|with|against|to|from)(?:\s+the)?\s*$", before):
            continue
        name = " and ".join(sorted(groups))
        mentions.append(Mention(start, end, name, text[start:end].lower().endswith("s")))
    return mentions


def first_kind(text: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for pattern, kind in KINDS:
        for match in pattern.finditer(text):
            candidate = (match.start(), -(match.end() - match.start()), kind)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
            break
    return best[2] if best else None


def figure_spans(quote: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in NUMBER.finditer(quote):
        if YEAR.match(match.group()):
            continue
        if spans and re.fullmatch(r"[\s-]*(?:and\s+)?", quote[spans[-1][1] : match.start()]):
            spans[-1] = (spans[-1][0], match.end())  # "two-million", "five hundred thousand"
        else:
            spans.append((match.start(), match.end()))
    return spans


def locate(quote: str, surface: str | None) -> tuple[int, int] | None:
    if not surface:
        return None
    index = quote.find(surface)
    if index < 0:
        index = quote.lower().find(surface.lower())
    return (index, index + len(surface)) if index >= 0 else None


def clause_around(quote: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for match in CLAUSE_BREAK.finditer(quote, 0, start):
        left = match.end()
    right_match = CLAUSE_BREAK.search(quote, end)
    return left, right_match.start() if right_match else len(quote)


def holder_name(text: str) -> str | None:
    for pattern, holder in HOLDERS:
        if pattern.fullmatch(text):
            return holder
    return None


def unique(values: Iterable[str]) -> str | None:
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None
