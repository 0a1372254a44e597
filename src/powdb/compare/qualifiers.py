"""Qualifiers of a subject: custody, events, places, times, status; and its scope."""

from __future__ import annotations

import re
from functools import lru_cache

from powdb.compare import lexicon
from powdb.compare.mentions import (
    EVENT_TABLE,
    EVENTS,
    GROUP_TO_HOLDER,
    HOLDER,
    HOLDER_TABLE,
    HOLDER_UNNAMED,
    figure_spans,
    group_mentions,
    holder_name,
    np_stop,
    unique,
)
from powdb.compare.scanning import (
    alternation,
    case_folded,
    faster,
    finditer_each,
    leading_letters,
    starting_with,
)

_EXPLICIT_CUSTODY_BODIES = (  # each follows a \b; {h} is the holder
    r"(?:captured|held|detained|interned|imprisoned|kept|incarcerated|taken prisoner|"
    r"taken captive)\b[^.;]{{0,60}}?\b(?:by|under (?:the )?(?:\w+ )?(?:orders|control|command"
    r"|authority) of)\s+(?:the\s+)?{h}\b",
    r"in\s+the\s+hands\s+of\s+(?:the\s+)?{h}\b",
    r"{h}[\s-]+(?:hands|captivity|custody|prison camps|prisons?|labou?r camps|"
    r"camps|gulags?|internment)\b",
    r"under\s+{h}\s+control\b",
    r"(?:prisoners?|pows?|internees?|captives?)\s+(?:of|held by)\s+(?:the\s+)?{h}\b",
    r"{h}\s+(?:had\s+)?(?:interned|detained|held|captured|imprisoned|kept)\b",
)
_EXPLICIT_CUSTODY = [
    re.compile(rf"\b{body.format(h=HOLDER)}", re.I) for body in _EXPLICIT_CUSTODY_BODIES
]
# Where any of them matches: one scan with the leading \b shared, instead of one per pattern.
_ANY_EXPLICIT_BODY = "|".join(f"(?:{b.format(h=HOLDER_UNNAMED)})" for b in _EXPLICIT_CUSTODY_BODIES)
_ANY_EXPLICIT_CUSTODY = re.compile(
    rf"{starting_with(leading_letters(_ANY_EXPLICIT_BODY))}\b(?:{_ANY_EXPLICIT_BODY})", re.I
)
# The same for lower-cased ASCII text without "US", "U.S.", "UK" or "U.K." (the holders that
# are matched case-sensitively): there the other holders are all there is to find.
_FOLDED_HOLDER = f"(?P<h>{alternation(lexicon.HOLDER_PATTERNS)})"
_FOLDED_EXPLICIT_CUSTODY = [
    case_folded(re.compile(rf"\b{body.format(h=_FOLDED_HOLDER)}", re.I))
    for body in _EXPLICIT_CUSTODY_BODIES
]
_FOLDED_ANY_BODY = "|".join(
    f"(?:{b.format(h=_FOLDED_HOLDER.replace('(?P<h>', '(?:', 1))})"
    for b in _EXPLICIT_CUSTODY_BODIES
)
_FOLDED_ANY_EXPLICIT_CUSTODY = case_folded(
    re.compile(rf"{starting_with(leading_letters(_FOLDED_ANY_BODY))}\b(?:{_FOLDED_ANY_BODY})", re.I)
)
_CASED_HOLDER = re.compile(r"U\.?[SK]")  # how every case-sensitive holder starts
# Each explicit custody has one of these (its verb, "hands", "camps"...): a text without any
# cannot match, which plain substring tests tell faster than the scan.
_EXPLICIT_CUSTODY_WORDS = (
    "captured", "held", "detained", "intern", "imprisoned", "kept", "incarcerated", "taken",
    "hands", "captiv", "custody", "prison", "camps", "gulag", "control", "pow",
)  # fmt: skip
_CUSTODY_CUE = re.compile(
    rf"{starting_with(leading_letters(lexicon.CUSTODY_CUES))}\b(?:{lexicon.CUSTODY_CUES})\b",
    re.IGNORECASE,
)
_FOLDED_CUSTODY_CUE = case_folded(_CUSTODY_CUE)
_ENEMY_WORDS = ("war", "fighting", "front")  # one of them is in every match of _ENEMY
_ENEMY = faster(
    re.compile(rf"\b(?:war|fighting|front)\s+(?:with|against)\s+(?:the\s+)?{HOLDER}\b", re.I)
)

_EVENT_ALTERNATION = alternation(lexicon.EVENT_PATTERNS)
_AUX = r"(?:were|was|had been|have been|has been|being|got|are|is)"
_EVENT_AFTER_AUX = re.compile(
    rf"^\W*(?:[\w'’-]+\W+){{0,8}}?{_AUX}\s+(?:\w+ly\s+)?(?P<e>{_EVENT_ALTERNATION})\b", re.I
)
# "(the citizens ...) be returned" is a demand, not an event: no bare "be" before the verb.
_EVENT_AFTER_NOUN = re.compile(
    rf"^\s*(?:[\w'’-]+\s+){{0,4}}?(?<!\bbe\s)(?P<e>{_EVENT_ALTERNATION})\b", re.I
)
_EVENT_BEFORE = re.compile(
    rf"\b(?P<e>{_EVENT_ALTERNATION})\s+(?:(?:some|about|around|roughly|approximately|nearly|"
    r"almost|over|more than|at least|an estimated|a further|another|an additional|a total of|"
    r"the|up to|as many as|no fewer than|well over|perhaps)\s+){0,3}$",
    re.I,
)
_EVENT_BEFORE = faster(_EVENT_BEFORE)
# The same patterns for lower-cased ASCII text (see scanning.case_folded).
_FOLDED_AFTER = (case_folded(_EVENT_AFTER_AUX), case_folded(_EVENT_AFTER_NOUN))
_FOLDED_BEFORE = case_folded(_EVENT_BEFORE)
_TAIL_END = re.compile(r"[.;]")
_WORDS = re.compile(r"[a-z]+")
_SCOPE_AFTER = re.compile(r"\s*(more|other|others|additional|remaining|further)\b")
_AWAITING = re.compile(r"\bawaiting (?:repatriation|return)\b", re.I)

_MONTHS = "|".join(lexicon.MONTHS)
_TIME_PATTERNS = [
    re.compile(
        rf"\b(?:(?P<prep>in|by|during|on|until|after|before|from)\s+)?(?:(?:early|mid|late|"
        rf"mid-)\s*|the end of\s+|the beginning of\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
        rf"(?P<m1>{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?(?:\s*(?:and|to|-|–)\s*"
        rf"(?:\d{{1,2}}\s+)?(?P<m2>{_MONTHS})(?:\s+\d{{1,2}},?)?)?\s+(?P<y>1[5-9]\d\d|20\d\d)\b",
        re.I,
    ),
    re.compile(
        r"\b(?P<prep>in|by|during|until|after|before|from)\s+(?:early\s+|late\s+|mid-?\s*)?"
        r"(?P<y>1[5-9]\d\d|20\d\d)\b(?!\s*(?:and|to|-|–)\s*\d)",
        re.I,
    ),
    re.compile(
        r"\b(?:in|between|from)\s+(?P<y>1[5-9]\d\d)\s*(?:and|to|-|–)\s*(?P<y2>1[5-9]\d\d|\d\d)\b",
        re.I,
    ),
]
# For lower-cased ASCII text: the month names lower-cased too (outputs capitalize them).
_FOLDED_TIME_PATTERNS = [
    faster(case_folded(re.compile(p.pattern.replace(_MONTHS, _MONTHS.lower()), p.flags)))
    for p in _TIME_PATTERNS
]
_TIME_PATTERNS = [faster(pattern) for pattern in _TIME_PATTERNS]
_YEAR_LIKE = re.compile(r"1[5-9]\d\d|20\d\d")  # every time pattern needs one
_TIME_WORDS = 16
_MONTH = re.compile(starting_with(leading_letters(_MONTHS)) + f"(?:{_MONTHS})", re.I)
_MONTHS_LOWER = tuple(month.lower() for month in lexicon.MONTHS)
_PLACE_PATTERNS = [
    (
        re.compile(
            r"\b(?:[Ii]n|[Ww]ithin|[Tt]hrough|[Ff]rom|[Ii]nto) the "
            r"(?P<p>[A-Z][\w.]*(?:[- ][A-Z][\w.]*)?) (?P<z>zones?|sectors?)\b"
        ),
        "zone",
        ("zone", "sector"),  # one of these must occur for the pattern to match: a cheap test
    ),
    (
        re.compile(
            r"\b[Ii]n (?:the )?(?P<p>[A-Z]\w+)[- ](?:controlled|occupied) "
            r"(?P<z>areas?|territor(?:y|ies)|zones?|regions?|Germany|Austria|Europe)\b"
        ),
        "controlled",
        ("controlled", "occupied"),
    ),
    (
        re.compile(
            r"\b(?:[Aa]t|[Ii]n|[Nn]ear|[Aa]round|[Oo]utside|[Tt]hrough|[Vv]ia)\s+(?P<the>the\s+)?"
            r"(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
        ),
        "proper",
        (),
    ),
]
_PLACE_PATTERNS = [(faster(pattern), shape, needs) for pattern, shape, needs in _PLACE_PATTERNS]


def custody_qualifier(texts: list[str], previous: str | None, group: str | None) -> str | None:
    own_holder = GROUP_TO_HOLDER.get(group or "")
    # The latest custody wins: "captured by the Nazis and later detained under the direct
    # orders of Stalin" is held by the Soviet Union.
    explicit = [
        (text_index * 100_000 + start, name)
        for text_index, text in enumerate(texts)
        for start, name in _explicit_custody(text)
        if name != own_holder
    ]
    if explicit:
        return "held by " + max(explicit)[1]
    if not any(_has_custody_cue(text) for text in texts):
        return None
    own = {GROUP_TO_HOLDER.get(part) for part in (group or "").split(" and ")}
    for context in (*texts, previous):
        if not context:
            continue
        holders = [h for h in _holders_named(context) if h not in own]
        if holders:
            only = unique(holders)
            return f"held by {only}" if only else "held captive"
    return "held captive"


@lru_cache(maxsize=1024)
def _explicit_custody(text: str) -> tuple[tuple[int, str], ...]:
    """``(offset, holder)`` of every explicit custody in ``text`` ("in Soviet hands")."""
    patterns, anywhere, searched = _EXPLICIT_CUSTODY, _ANY_EXPLICIT_CUSTODY, text
    if text.isascii():  # on ASCII text lower() folds case as the patterns' re.I does
        lowered = text.lower()
        if not any(word in lowered for word in _EXPLICIT_CUSTODY_WORDS):
            return ()
        if not _CASED_HOLDER.search(text):
            patterns, anywhere = _FOLDED_EXPLICIT_CUSTODY, _FOLDED_ANY_EXPLICIT_CUSTODY
            searched = lowered
    found = []
    for match in finditer_each(patterns, anywhere, searched):
        if name := holder_name(match.group("h")):
            found.append((match.start("h"), name))
    return tuple(found)


@lru_cache(maxsize=1024)
def _has_custody_cue(text: str) -> bool:
    if text.isascii():
        return _FOLDED_CUSTODY_CUE.search(text.lower()) is not None
    return _CUSTODY_CUE.search(text) is not None


@lru_cache(maxsize=1024)
def _holders_named(context: str) -> tuple[str, ...]:
    """Every holder named in ``context`` outside "war with X", in table order."""
    if not context.isascii() or any(word in context.lower() for word in _ENEMY_WORDS):
        context = _ENEMY.sub(" ", context)
    return HOLDER_TABLE.named_in(context)


def event_qualifiers(counted: str | None, quote: str, pos: tuple[int, int] | None) -> set[str]:
    found: set[str] = set()

    def add(text: str) -> None:
        for pattern, event in EVENTS:
            if pattern.fullmatch(text):
                found.add(event)
                return

    if counted:
        found |= _events_named(counted)
    if pos:
        start, end = pos
        tail_end = _TAIL_END.search(quote, end)
        tail = quote[end : tail_end.start() if tail_end else len(quote)]
        folded = quote.isascii()
        text = quote.lower() if folded else quote
        tail_text = text[end : end + len(tail)]
        for pattern in _FOLDED_AFTER if folded else (_EVENT_AFTER_AUX, _EVENT_AFTER_NOUN):
            if match := pattern.match(tail_text):  # anchored at "^": a search tries everywhere
                add(match.group("e"))
        since = _last_words_start(quote, start, _EVENT_BEFORE_WORDS)
        before = _FOLDED_BEFORE if folded else _EVENT_BEFORE
        if match := before.search(text, since, start):
            add(match.group("e"))
        if ("awaiting" in tail_text or not folded) and _AWAITING.search(tail):
            found.add("awaiting repatriation")
    if "awaiting repatriation" in found:
        found.discard("repatriated")
    return found


# A match of _EVENT_BEFORE spans at most 13 runs of non-space (an event of up to 4 words, then
# up to 3 hedges of up to 3 words) and ends at the figure: it lies in the last 16 such runs.
_EVENT_BEFORE_WORDS = 16


def _last_words_start(quote: str, end: int, words: int) -> int:
    """Where the last ``words`` runs of non-space before ``end`` can start. A search from
    there (``pattern.search(quote, pos)``) still sees the text before it in lookbehinds and
    ``\\b``, so it finds what a search from 0 finds when no match can start earlier."""
    earlier = quote[:end].rsplit(None, words)
    return len(earlier[0]) if len(earlier) > words else 0


@lru_cache(maxsize=1024)
def _events_named(counted: str) -> frozenset[str]:
    found = set(EVENT_TABLE.named_in(counted))
    if _AWAITING.search(counted):
        found.add("awaiting repatriation")
    return frozenset(found)


@lru_cache(maxsize=1024)
def _places_in(quote: str) -> tuple[tuple[int, str], ...]:
    """``(offset, qualifier)`` of every place named in ``quote``."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, shape, needs in _PLACE_PATTERNS:
        if needs and not any(word in quote for word in needs):
            continue
        for match in pattern.finditer(quote):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            name = match.group("p")
            if shape == "zone":
                group = group_mentions(name, drop_places=False, drop_actors=False)
                zone = group[0].group if group else name
                zone = "US" if zone == "American" else zone
                text = f"in the {zone} {match.group('z').rstrip('s')}"
            elif shape == "controlled":
                zone = match.group("z")
                zone = {"area": "areas", "territories": "territory", "zone": "zones"}.get(
                    zone, zone
                )
                text = f"in {name}-controlled {zone}"
            else:
                words = name.split()
                while words and (words[-1] in lexicon.NOT_PLACES or words[-1] in lexicon.MONTHS):
                    words.pop()
                if not words or words[0] in lexicon.NOT_PLACES or words[0] in lexicon.MONTHS:
                    continue
                if all(
                    group_mentions(w, drop_places=False, drop_actors=False) or holder_name(w)
                    for w in words
                ):
                    continue
                preposition = (
                    "via" if match.group(0).lower().startswith(("through", "via")) else "in"
                )
                text = f"{preposition} {'the ' if match.group('the') else ''}{' '.join(words)}"
            taken.append((match.start(), match.end()))
            found.append((match.start(), text))
    return tuple(found)


def place_qualifiers(quote: str, pos: tuple[int, int] | None) -> set[str]:
    found = _places_in(quote)
    if not pos or not found:
        return {text for _, text in found}
    figures = [span for span in figure_spans(quote) if span[1] <= pos[0] or span[0] >= pos[1]]
    figures.append(pos)
    mine = set()
    for place_start, text in found:
        nearest = min(
            figures, key=lambda span: min(abs(place_start - span[0]), abs(place_start - span[1]))
        )
        if nearest == pos:
            mine.add(text)
    return mine


@lru_cache(maxsize=1024)
def time_qualifiers(quote: str) -> frozenset[str]:
    first_year = _YEAR_LIKE.search(quote)
    if not first_year:
        return frozenset()
    # Each match holds a year, after at most 11 runs of non-space of its own ("in the
    # beginning of 3rd May and 4 June 1945"): none starts before the runs that precede the
    # first year-like digits.
    since = _last_words_start(quote, first_year.start(), _TIME_WORDS)
    found: set[str] = set()
    taken: list[tuple[int, int]] = []
    folded = quote.isascii()
    text = quote.lower() if folded else quote
    for number, pattern in enumerate(_FOLDED_TIME_PATTERNS if folded else _TIME_PATTERNS):
        if number == 0 and not _names_a_month(quote):
            continue  # the first one needs a month
        for match in pattern.finditer(text, since):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            groups = match.groupdict()
            prep = (groups.get("prep") or "in").lower()
            prep = "in" if prep in ("on", "during") else prep
            if groups.get("y2"):
                end_year = groups["y2"]
                end_year = groups["y"][:2] + end_year if len(end_year) == 2 else end_year
                found.add(f"in {groups['y']}–{end_year}")
            elif groups.get("m1"):
                months = groups["m1"].capitalize()
                if groups.get("m2"):
                    months += "–" + groups["m2"].capitalize()
                found.add(f"{prep} {months} {groups['y']}")
            else:
                found.add(f"{prep} {groups['y']}")
    return frozenset(found)


def _names_a_month(quote: str) -> bool:
    """Whether ``_MONTH`` matches somewhere in ``quote``."""
    if not quote.isascii():  # lower() and the re module's case folding agree on ASCII only
        return _MONTH.search(quote) is not None
    lowered = quote.lower()
    return any(month in lowered for month in _MONTHS_LOWER)


def scope_of(counted: str | None, quote: str, pos: tuple[int, int] | None) -> str | None:
    words: list[str] = []
    if counted:
        words += _WORDS.findall(counted.lower())[:3]
    if pos:
        before = _WORDS.findall(quote[max(0, pos[0] - 40) : pos[0]].lower())[-3:]
        words += [w for w in before if w != "more"]
        after = _SCOPE_AFTER.match(quote[pos[1] :].lower())
        if after:
            words.append(after.group(1))
    for word in words:
        if word in lexicon.SCOPE_WORDS:
            return lexicon.SCOPE_WORDS[word]
    return None


def status_qualifiers(counted: str | None, quote: str, pos: tuple[int, int] | None) -> set[str]:
    text = (counted or "") + " "
    if pos:
        text += quote[pos[0] : np_stop(quote, pos[1])]
    lowered = text.lower()
    if not any(word in lowered for word in lexicon.STATUS_ADJECTIVES):
        return set()  # no adjective even as a part of a word
    words = set(_WORDS.findall(lowered))
    return {label for word, label in lexicon.STATUS_ADJECTIVES.items() if word in words}
