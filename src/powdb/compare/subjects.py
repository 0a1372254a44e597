"""What a figure counts: a :class:`Subject` (group, kind, qualifiers, scope, unit).

Two claims can only conflict or corroborate when they have the same subject key, so the rules
lean towards splitting: when unsure, two subjects a user can merge are better than one that
invents a conflict.

Rules of :func:`assign_subject`:

* **group** (who): searched in the counted phrase, then at the figure (the surface and the
  words after it up to the next figure or verb), then in the clause around the figure (the
  nearest group word), then in the sentence, then in the previous sentence. In the last two a
  group is taken only if it is the only one mentioned; group words that name a place, a holder
  or an actor are skipped ("Soviet Union", "in Soviet hands", "Allied-controlled areas",
  "captured by the Nazis", "liberated by Soviet troops"). Coordinated groups form one
  composite group ("British and Commonwealth").
* **kind** (what): from the synonym table in :mod:`powdb.compare.lexicon`; all military people,
  free or captive, are "service personnel" (captivity is a qualifier); "crews" counts crews.
  A plural demonym alone ("22,500 Cossacks") counts "people".
* **qualifiers** (sorted, normalized): custody ("held by the Soviet Union" from "in Soviet
  hands", "interned" + Stalin in the previous sentence...; "held captive" when the holder is
  unclear), events ("handed over", "repatriated", "awaiting repatriation", "who died"...), places
  ("in Lienz", "in the US zone", "in Allied-controlled areas"), times ("in May 1945", "in 1945")
  and status adjectives ("former").
* **scope**: "additional" (additional/another/further/more), "remaining" or "other" marks a set
  apart from the one just mentioned: it is part of the key, so an "additional two million" never
  meets the two million before it, while two sources' "other crews" still meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from powdb.compare import lexicon

# ---------------------------------------------------------------------------------------------
# The subject type


@dataclass(frozen=True, slots=True)
class Subject:
    """What a figure counts. ``key`` is stable (for a unique index); ``label`` is for humans."""

    group: str | None
    kind: str | None
    qualifiers: tuple[str, ...] = ()
    scope: str | None = None
    unit: str | None = None

    @property
    def key(self) -> str:
        """``group|kind|qualifier;qualifier|scope|unit``, lower-case, ``-`` for none."""
        parts = (
            self.group or "-",
            self.kind or "-",
            ";".join(self.qualifiers) or "-",
            self.scope or "-",
            self.unit or "-",
        )
        return "|".join(part.lower() for part in parts)

    @property
    def label(self) -> str:
        """E.g. "American service personnel held by the Soviet Union"."""
        ordered = sorted(self.qualifiers, key=_qualifier_rank)
        adjectives = [q for q in ordered if _qualifier_rank(q) == 0]
        trailing = [q for q in ordered if _qualifier_rank(q) > 0]
        if self.kind in (None, "people"):
            noun = lexicon.GROUP_PLURALS.get(self.group, self.group) if self.group else "people"
        else:
            noun = f"{self.group} {self.kind}" if self.group else self.kind
        words = [self.scope or "", *adjectives, noun, *trailing]
        label = " ".join(word for word in words if word)
        if self.unit:
            label += f" ({self.unit})"
        return label[:1].upper() + label[1:]


def _qualifier_rank(qualifier: str) -> int:
    if qualifier in lexicon.STATUS_ADJECTIVES.values():
        return 0
    if qualifier.startswith("held"):
        return 1
    if _TIME_QUALIFIER.match(qualifier):
        return 4
    if qualifier.startswith(("in ", "via ")):
        return 3
    return 2


_TIME_QUALIFIER = re.compile(
    r"(?:in|by|after|before|until) (?:[A-Z][a-z]+(?:[-–][A-Z][a-z]+)? )?\d{4}"
)

# ---------------------------------------------------------------------------------------------
# Compiled vocabulary


def _alternation(patterns: Iterable[tuple[str, str]]) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _ in patterns)


def _compile_table(
    patterns: tuple[tuple[str, str], ...], cased: tuple[tuple[str, str], ...] = ()
) -> list[tuple[re.Pattern[str], str]]:
    table = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), name) for p, name in patterns]
    table += [(re.compile(rf"(?<![\w.])(?:{p})(?![\w])"), name) for p, name in cased]
    return table


_GROUPS = _compile_table(lexicon.GROUP_PATTERNS, lexicon.GROUP_PATTERNS_CASED)
_HOLDERS = _compile_table(lexicon.HOLDER_PATTERNS, lexicon.HOLDER_PATTERNS_CASED)
_KINDS = _compile_table(lexicon.KIND_PATTERNS)
_EVENTS = _compile_table(lexicon.EVENT_PATTERNS)

_HOLDER = (
    "(?P<h>" + _alternation(lexicon.HOLDER_PATTERNS) + "|(?-i:US|U\\.S\\.|USA|UK|U\\.K\\.)" + ")"
)
_EXPLICIT_CUSTODY = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:captured|held|detained|interned|imprisoned|kept|incarcerated|taken prisoner|"
        r"taken captive)\b[^.;]{0,60}?\b(?:by|under (?:the )?(?:\w+ )?(?:orders|control|command"
        rf"|authority) of)\s+(?:the\s+)?{_HOLDER}\b",
        rf"\bin\s+the\s+hands\s+of\s+(?:the\s+)?{_HOLDER}\b",
        rf"\b{_HOLDER}[\s-]+(?:hands|captivity|custody|prison camps|prisons?|labou?r camps|"
        r"camps|gulags?|internment)\b",
        rf"\bunder\s+{_HOLDER}\s+control\b",
        rf"\b(?:prisoners?|pows?|internees?|captives?)\s+(?:of|held by)\s+(?:the\s+)?{_HOLDER}\b",
        rf"\b{_HOLDER}\s+(?:had\s+)?(?:interned|detained|held|captured|imprisoned|kept)\b",
    )
]
_CUSTODY_CUE = re.compile(rf"\b(?:{lexicon.CUSTODY_CUES})\b", re.IGNORECASE)
_ENEMY = re.compile(rf"\b(?:war|fighting|front)\s+(?:with|against)\s+(?:the\s+)?{_HOLDER}\b", re.I)
_GROUP_TO_HOLDER = {
    "American": "the United States", "British": "Britain", "Soviet": "the Soviet Union",
    "German": "Germany", "Japanese": "Japan", "Allied": "the Allies", "Russian": "the Soviet Union",
}  # fmt: skip

_EVENT_ALTERNATION = _alternation(lexicon.EVENT_PATTERNS)
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
_AWAITING = re.compile(r"\bawaiting (?:repatriation|return)\b", re.I)

_NUMBER = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\w])|\b(?:{lexicon.NUMBER_WORDS})\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:()\[\]]|\s[-–—]\s|—|–(?=\s)")
_NP_STOP = re.compile(
    r",(?!\d)|[;:()\[\]]|\.(?!\d)|\s[-–—]\s|\b(?:were|was|had|have|has|be|been|being|who|which|that|whom|"
    r"are|is|to|when|while|after|before|during)\b",
    re.I,
)

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
_PLACE_PATTERNS = [
    (
        re.compile(
            r"\b(?:[Ii]n|[Ww]ithin|[Tt]hrough|[Ff]rom|[Ii]nto) the "
            r"(?P<p>[A-Z][\w.]*(?:[- ][A-Z][\w.]*)?) (?P<z>zones?|sectors?)\b"
        ),
        "zone",
    ),
    (
        re.compile(
            r"\b[Ii]n (?:the )?(?P<p>[A-Z]\w+)[- ](?:controlled|occupied) "
            r"(?P<z>areas?|territor(?:y|ies)|zones?|regions?|Germany|Austria|Europe)\b"
        ),
        "controlled",
    ),
    (
        re.compile(
            r"\b(?:[Aa]t|[Ii]n|[Nn]ear|[Aa]round|[Oo]utside|[Tt]hrough|[Vv]ia)\s+(?P<the>the\s+)?"
            r"(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
        ),
        "proper",
    ),
]

# ---------------------------------------------------------------------------------------------
# Helpers over text


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    group: str
    plural_noun: bool


def _group_mentions(text: str, *, drop_places: bool, drop_actors: bool) -> list[_Mention]:
    raw: list[tuple[int, int, str]] = []
    for pattern, group in _GROUPS:
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
        mentions.append(_Mention(start, end, name, text[start:end].lower().endswith("s")))
    return mentions


def _first_kind(text: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for pattern, kind in _KINDS:
        for match in pattern.finditer(text):
            candidate = (match.start(), -(match.end() - match.start()), kind)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
            break
    return best[2] if best else None


def _figure_spans(quote: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(quote):
        if _YEAR.match(match.group()):
            continue
        if spans and re.fullmatch(r"[\s-]*(?:and\s+)?", quote[spans[-1][1] : match.start()]):
            spans[-1] = (spans[-1][0], match.end())  # "two-million", "five hundred thousand"
        else:
            spans.append((match.start(), match.end()))
    return spans


def _locate(quote: str, surface: str | None) -> tuple[int, int] | None:
    if not surface:
        return None
    index = quote.find(surface)
    if index < 0:
        index = quote.lower().find(surface.lower())
    return (index, index + len(surface)) if index >= 0 else None


def _clause_around(quote: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for match in _CLAUSE_BREAK.finditer(quote, 0, start):
        left = match.end()
    right_match = _CLAUSE_BREAK.search(quote, end)
    return left, right_match.start() if right_match else len(quote)


def _holder_name(text: str) -> str | None:
    for pattern, holder in _HOLDERS:
        if pattern.fullmatch(text):
            return holder
    return None


def _unique(values: Iterable[str]) -> str | None:
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None


# ---------------------------------------------------------------------------------------------
# The parts of a subject


def _group(
    counted: str | None, quote: str, previous: str | None, pos: tuple[int, int] | None
) -> tuple[str | None, bool]:
    """The group and whether it came as a plural demonym noun at the figure ("Cossacks")."""
    if counted:
        found = _group_mentions(counted, drop_places=True, drop_actors=False)
        if found:
            return found[0].group, found[0].plural_noun and _first_kind(counted) is None
    if pos:
        start, end = pos
        stop = _NP_STOP.search(quote, end)
        next_figure = next((s for s, _ in _figure_spans(quote) if s >= end), len(quote))
        window_end = min(stop.start() if stop else len(quote), next_figure)
        window = quote[start:window_end]
        found = _group_mentions(window, drop_places=True, drop_actors=False)
        if found:
            return found[0].group, found[0].plural_noun and _first_kind(window) is None
        left, right = _clause_around(quote, start, end)
        found = _group_mentions(quote[left:right], drop_places=True, drop_actors=True)
        if found:
            middle = (start + end) / 2 - left
            nearest = min(found, key=lambda m: abs((m.start + m.end) / 2 - middle))
            return nearest.group, False
    for text in (quote, previous):
        if not text:
            continue
        found = _group_mentions(text, drop_places=True, drop_actors=True)
        if found:
            return _unique(m.group for m in found), False
    return None, False


def _kind(
    counted: str | None, quote: str, pos: tuple[int, int] | None, plural_demonym: bool
) -> str | None:
    if counted and (kind := _first_kind(counted)):
        return kind
    if plural_demonym:
        return "people"
    if pos:
        start, end = pos
        _, clause_end = _clause_around(quote, start, end)
        return _first_kind(quote[start:clause_end])
    return None


def _custody(texts: list[str], previous: str | None, group: str | None) -> str | None:
    explicit: list[tuple[int, str]] = []
    for text_index, text in enumerate(texts):
        for pattern in _EXPLICIT_CUSTODY:
            for match in pattern.finditer(text):
                name = _holder_name(match.group("h"))
                if name and name != _GROUP_TO_HOLDER.get(group or ""):
                    # The latest custody wins: "captured by the Nazis and later detained
                    # under the direct orders of Stalin" is held by the Soviet Union.
                    explicit.append((text_index * 100_000 + match.start("h"), name))
    if explicit:
        return "held by " + max(explicit)[1]
    if not any(_CUSTODY_CUE.search(text) for text in texts):
        return None
    own = {_GROUP_TO_HOLDER.get(part) for part in (group or "").split(" and ")}
    for context in (*texts, previous):
        if not context:
            continue
        cleaned = _ENEMY.sub(" ", context)
        holders = [h for pattern, h in _HOLDERS if pattern.search(cleaned) and h not in own]
        if holders:
            only = _unique(holders)
            return f"held by {only}" if only else "held captive"
    return "held captive"


def _events(counted: str | None, quote: str, pos: tuple[int, int] | None) -> set[str]:
    found: set[str] = set()

    def add(text: str) -> None:
        for pattern, event in _EVENTS:
            if pattern.fullmatch(text):
                found.add(event)
                return

    if counted:
        for pattern, event in _EVENTS:
            if pattern.search(counted):
                found.add(event)
        if _AWAITING.search(counted):
            found.add("awaiting repatriation")
    if pos:
        start, end = pos
        tail = re.split(r"[.;]", quote[end:], maxsplit=1)[0]
        for pattern in (_EVENT_AFTER_AUX, _EVENT_AFTER_NOUN):
            if match := pattern.search(tail):
                add(match.group("e"))
        if match := _EVENT_BEFORE.search(quote[:start]):
            add(match.group("e"))
        if _AWAITING.search(tail):
            found.add("awaiting repatriation")
    if "awaiting repatriation" in found:
        found.discard("repatriated")
    return found


def _places(quote: str, pos: tuple[int, int] | None) -> set[str]:
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, shape in _PLACE_PATTERNS:
        for match in pattern.finditer(quote):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            name = match.group("p")
            if shape == "zone":
                group = _group_mentions(name, drop_places=False, drop_actors=False)
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
                    _group_mentions(w, drop_places=False, drop_actors=False) or _holder_name(w)
                    for w in words
                ):
                    continue
                preposition = (
                    "via" if match.group(0).lower().startswith(("through", "via")) else "in"
                )
                text = f"{preposition} {'the ' if match.group('the') else ''}{' '.join(words)}"
            taken.append((match.start(), match.end()))
            found.append((match.start(), text))
    if not pos or not found:
        return {text for _, text in found}
    figures = [span for span in _figure_spans(quote) if span[1] <= pos[0] or span[0] >= pos[1]]
    figures.append(pos)
    mine = set()
    for place_start, text in found:
        nearest = min(
            figures, key=lambda span: min(abs(place_start - span[0]), abs(place_start - span[1]))
        )
        if nearest == pos:
            mine.add(text)
    return mine


def _times(quote: str) -> set[str]:
    found: set[str] = set()
    taken: list[tuple[int, int]] = []
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(quote):
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
    return found


def _scope(counted: str | None, quote: str, pos: tuple[int, int] | None) -> str | None:
    words: list[str] = []
    if counted:
        words += re.findall(r"[a-z]+", counted.lower())[:3]
    if pos:
        before = re.findall(r"[a-z]+", quote[max(0, pos[0] - 40) : pos[0]].lower())[-3:]
        words += [w for w in before if w != "more"]
        after = re.match(
            r"\s*(more|other|others|additional|remaining|further)\b", quote[pos[1] :].lower()
        )
        if after:
            words.append(after.group(1))
    for word in words:
        if word in lexicon.SCOPE_WORDS:
            return lexicon.SCOPE_WORDS[word]
    return None


def _status(counted: str | None, quote: str, pos: tuple[int, int] | None) -> set[str]:
    text = (counted or "") + " "
    if pos:
        stop = _NP_STOP.search(quote, pos[1])
        text += quote[pos[0] : stop.start() if stop else len(quote)]
    words = set(re.findall(r"[a-z]+", text.lower()))
    return {label for word, label in lexicon.STATUS_ADJECTIVES.items() if word in words}


# ---------------------------------------------------------------------------------------------
# Public API


def assign_subject(
    counted: str | None,
    quote: str,
    previous_sentence: str | None,
    unit: str | None,
    *,
    surface: str | None = None,
) -> Subject:
    """The subject of a figure, from its counted phrase, its sentence and the one before.

    ``surface`` (the figure as written, e.g. "roughly 23,500 American") is optional; when given
    and found in ``quote``, the group, kind, events and places are read near the figure rather
    than anywhere in the sentence, which matters when one sentence carries several figures.
    See the module docstring for the rules.
    """
    pos = _locate(quote, surface)
    group, plural_demonym = _group(counted, quote, previous_sentence, pos)
    kind = _kind(counted, quote, pos, plural_demonym)
    texts = [t for t in (counted, quote) if t]
    qualifiers: set[str] = set()
    if custody := _custody(texts, previous_sentence, group):
        qualifiers.add(custody)
    qualifiers |= _events(counted, quote, pos)
    qualifiers |= _places(quote, pos)
    if counted:
        qualifiers |= _places(counted, None)
    qualifiers |= _times(quote)
    qualifiers |= _status(counted, quote, pos)
    if "repatriated" in qualifiers and custody:
        # "prisoners ... were repatriated": the repatriation ends the custody; keep one reading.
        qualifiers.discard(custody)
    return Subject(
        group=group,
        kind=kind,
        qualifiers=tuple(sorted(qualifiers)),
        scope=_scope(counted, quote, pos),
        unit=unit,
    )


_SENTENCE_BOUNDARY = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])[\"”’)\]]*\s+|\n+")


def previous_sentence(text: str, quote_start: int) -> str | None:
    """The sentence (or heading line) that ends before ``text[quote_start:]``, if any."""
    prefix = text[:quote_start].rstrip()
    if not prefix:
        return None
    boundaries = [m.end() for m in _SENTENCE_BOUNDARY.finditer(prefix)]
    start = boundaries[-1] if boundaries else 0
    sentence = prefix[start:].strip()
    return sentence or None
