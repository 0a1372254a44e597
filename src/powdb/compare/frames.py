"""Why two claims are about the same thing: frames, candidates, scores and reasons.

A claim's **frame** says what its figure is a figure *of*:

* **event** — which event it belongs to: the document's event (:mod:`powdb.compare.events`),
  or a second event the claim's sentence names ("the stampede two weeks later");
* **measure** — a general class of what is counted (deaths, wounded, captured or held,
  vessels, money, duration...), read from the words around the figure in this order: the
  counted phrase, the words right after the figure, the words right before it, the list label
  or table column it sits under, the rest of its clause, and the section headings above it;
  for a rival figure in brackets ("133 warships (some sources: 330)") the figure it rivals;
* **population** — who is counted: nationalities ("Japanese", "US") and categories of people
  (children, civilians, military, crew, passengers, perpetrators...), which are evidence, not
  the measure;
* **scope** — part of the event's time ("immediate" against "eventual" deaths) or a set apart
  ("an additional two million"); and **anchor** — the dates the claim's clause or table row
  names (a figure "on June 16" is not one "between June 1976 and February 1977").

Claims with the same event, measure and dimension form a **block**; within a block, claims
whose population, scope and anchor agree form one subject (the *confident* tier). A claim that
leaves a facet unsaid joins the one group of its block that says it, when there is only one
("killed 111" joins "111 deaths" when no other death toll of that event is given); among
several, the only one whose figures all agree with its own ("304 killed" joins "304
passengers" killed, never "186 children" against "334 killed"); otherwise it stays apart.
Subjects of one block that differ in a facet are *possible* matches, ranked by :func:`relate`,
which says in words why they might be the same quantity and why not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from powdb.compare import measures as m
from powdb.compare.events import YEAR_RE, zipf
from powdb.extract.hedges import HEDGES
from powdb.extract.model import ExtractedClaim
from powdb.extract.wordlists import MONTH_ABBREVIATIONS, MONTH_NAMES

# ---------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True, slots=True)
class ClaimContext:
    """Where a claim sits in its document (from :mod:`powdb.readers.structure`)."""

    headings: tuple[str, ...] = ()  # section headings above the claim, outermost first
    label: str | None = None  # a list item's lead label ("Deaths" in "- **Deaths:** 3,787")
    column: str | None = None  # the header of the table column the claim sits in
    row: str | None = None  # the first cell of the claim's table row
    list_start: int | None = None  # where the list holding the claim's item begins


@dataclass(frozen=True, slots=True)
class ClaimText:
    """What the frame of a claim is read from: the claim as stored, and its sentence."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    counted: str | None
    start: int  # offsets into the source text
    end: int
    quote: str
    quote_start: int


Facets = tuple[tuple[str, ...], tuple[str, ...], str | None, str | None, str | None]


#: A claim as extracted, or as stored (:class:`ClaimText`): frames read the same fields.
AnyClaim = ClaimText | ExtractedClaim


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure is a figure of; see the module docstring."""

    event: str
    measure: str | None
    dimension: str  # "count" or a measure of units ("duration", "money", ...)
    nations: tuple[str, ...] = ()  # nationalities of the people counted
    people: tuple[str, ...] = ()  # categories, places and row labels: a part of the whole
    scope: str | None = None
    anchor: str | None = None
    what: str | None = None  # the thing counted or measured, where the measure is a class
    attributed: bool = False  # "officially", "some sources", "estimates": a rival figure
    evidence: str = ""  # where the measure was read, for reasons

    def in_event(self, key: str) -> Frame:
        """This frame in the document's event ``key`` (frames are read with only the part that
        names a second event, "" or "/stampede", until the document's event is known). A place
        the event's key names is where the event happened, not a part of it."""
        names = set(key.split("-"))
        people = tuple(p for p in self.people if not (p[:3] == "in " and p[3:].lower() in names))
        return replace(self, event=key + self.event, people=people)

    @property
    def block(self) -> str | None:
        """Claims that may be about one quantity share a block; None: never compared."""
        if self.measure is None:
            return None
        return f"{self.event}|{self.measure}|{self.dimension}"

    @property
    def facets(self) -> Facets:
        return self.nations, self.people, self.scope, self.anchor, self.what

    def to_json(self) -> dict[str, object]:
        """The frame as stored with each claim: what it says, and nothing it leaves unsaid
        (a frame is stored once per claim; :meth:`from_json` reads the defaults back)."""
        data: dict[str, object] = {
            "event": self.event,
            "measure": self.measure,
            "dimension": self.dimension,
            "nations": list(self.nations),
            "people": list(self.people),
            "scope": self.scope,
            "anchor": self.anchor,
            "what": self.what,
            "attributed": self.attributed,
            "evidence": self.evidence,
        }
        return {key: value for key, value in data.items() if value or key == "event"}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Frame:
        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key) or []
            assert isinstance(value, list)
            return tuple(str(v) for v in value)

        return cls(
            event=str(data["event"]),
            measure=_opt(data.get("measure")),
            dimension=str(data.get("dimension") or "count"),
            nations=strings("nations"),
            people=strings("people"),
            scope=_opt(data.get("scope")),
            anchor=_opt(data.get("anchor")),
            what=_opt(data.get("what")),
            attributed=bool(data.get("attributed")),
            evidence=str(data.get("evidence") or ""),
        )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------------------------------------
# Words of a sentence

_TOKEN_RE = re.compile(
    r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\u2019.-]*[A-Za-z\u00c0-\u024f]"
    r"|[A-Za-z\u00c0-\u024f]|\d[\d,.]*\d|\d|[^\sA-Za-z\d\u00c0-\u024f]"
)
#: The measure of a figure that says only what it counts ("25 albums", "four wives"), not what
#: happened to it: "count of albums". One text giving two such figures nearly always counts two
#: things (one chart's albums and all albums released), so they conflict only across sources
#: (powdb.conflicts; migration 0010 spells the prefix in Datasette's view too).
GENERIC_COUNT = "count of "
_CLAUSE_PUNCT = frozenset(",;:()[]|.!?\u2014\u2013")
_COORDINATORS = frozenset({"and", "or", "but", "while", "whereas", "with"})
# A prepositional phrase after a figure says where or for whom, not what was counted: "four
# escapes for the interned crews".
_PREPOSITIONS = frozenset(
    [
        "for",
        "to",
        "from",
        "by",
        "in",
        "on",
        "at",
        "into",
        "onto",
        "under",
        "over",
        "against",
        "among",
        "between",
        "during",
        "after",
        "before",
        "since",
        "until",
        "via",
        "through",
        "across",
    ]
)
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozen",
    ]
)
_MONTHS = MONTH_NAMES + MONTH_ABBREVIATIONS
_DAY_MONTH_RE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+("
    + "|".join(_MONTHS)
    + r")\b|("
    + "|".join(_MONTHS)
    + r")\.?\s+(\d{1,2})\b(?!,\d))",
    re.IGNORECASE,
)
_CATEGORIES: dict[str, str] = {
    **dict.fromkeys(
        ["children", "child", "boys", "girls", "infants", "babies", "schoolchildren"], "children"
    ),
    **dict.fromkeys(["women", "woman"], "women"),
    **dict.fromkeys(["civilians", "civilian"], "civilians"),
    **dict.fromkeys(
        [
            "soldiers",
            "soldier",
            "troops",
            "sailors",
            "airmen",
            "marines",
            "servicemen",
            "personnel",
            "crew",
            "crews",
            "crewmen",
            "aircrews",
        ],
        "military or crew",
    ),
    **dict.fromkeys(["passengers", "passenger"], "passengers"),
    **dict.fromkeys(["staff", "employees", "workers", "worker", "teachers"], "staff"),
    **dict.fromkeys(["students", "pupils"], "students"),
    **dict.fromkeys(
        [
            "attackers",
            "gunmen",
            "militants",
            "insurgents",
            "terrorists",
            "rebels",
            "hijackers",
            "perpetrators",
        ],
        "perpetrators",
    ),
    **dict.fromkeys(["police", "policemen", "agents"], "police or agents"),
    **dict.fromkeys(["members", "followers"], "members"),
}
_DEFINITE = frozenset({"the", "these", "those", "its", "their"})


@dataclass(slots=True)
class _Sentence:
    """A claim's sentence as tokens, and where the claim's figure lies among them."""

    tokens: list[str]
    lower: list[str]
    starts: list[int]  # offsets of tokens in the quote
    first: int  # index of the figure's first token
    last: int  # index of the figure's last token
    figure: tuple[int, int]  # where the figure lies in the quote

    @classmethod
    def of(cls, claim: AnyClaim, text: str = "") -> _Sentence:
        """The sentence of ``claim``; ``text`` is the (view of the) document it was read
        from, whose white space the quote collapses (without it the quote must be the text
        from ``quote_start`` as it is)."""
        tokens, lower, starts = _tokens(claim.quote)
        lo, hi = claim.start - claim.quote_start, claim.end - claim.quote_start
        if text:
            prefix = text[claim.quote_start : claim.start]
            collapsed = " ".join(prefix.split())
            lo = len(collapsed) + (1 if collapsed and prefix[-1:].isspace() else 0)
            hi = lo + len(" ".join(text[claim.start : claim.end].split()))
        inside = [i for i, s in enumerate(starts) if lo <= s < hi]
        first = inside[0] if inside else 0
        last = inside[-1] if inside else -1
        return cls(tokens, lower, starts, first, last, (lo, hi))

    def clause(self) -> tuple[int, int]:
        """Token range of the clause around the figure (punctuation bounds it; an aside in
        brackets before the figure does not: "killing Verel (age 12) and 176 others")."""
        i = self.first
        while i > 0:
            if self.tokens[i - 1] == ")" and "(" in self.tokens[: i - 1]:
                i -= 1  # to the bracket's opening: the aside is part of the clause
                while self.tokens[i] != "(":
                    i -= 1
                continue
            if self.tokens[i - 1] in _CLAUSE_PUNCT:
                break
            i -= 1
        j = self.last + 1
        while j < len(self.tokens) and self.tokens[j] not in _CLAUSE_PUNCT:
            j += 1
        return i, j

    def after(self, limit: int) -> list[str]:
        """Words right after the figure, up to punctuation or a coordinated next figure."""
        out: list[str] = []
        j = self.last + 1
        while j < len(self.tokens) and len(out) < limit:
            word = self.lower[j]
            if self.tokens[j] in _CLAUSE_PUNCT or _is_number(word):
                break
            if word in _COORDINATORS or word in _PREPOSITIONS:
                break
            out.append(word)
            j += 1
        return out

    def governor(self) -> list[str]:
        """The word that governs the figure: the nearest before it that is not a word of the
        number phrase itself ("killing an estimated 242,000": "killing"), or none."""
        for word in self.before(_GOVERNOR_REACH):
            if word not in _NUMBER_PHRASE_WORDS:
                return [word]
        return []

    def before(self, limit: int, stop_at_coordinators: bool = False) -> list[str]:
        """Words right before the figure, nearest first, up to punctuation or another figure."""
        out: list[str] = []
        i = self.first - 1
        while i >= 0 and len(out) < limit:
            word = self.lower[i]
            if self.tokens[i] in _CLAUSE_PUNCT or _is_number(word):
                break
            if stop_at_coordinators and word in _COORDINATORS:
                break
            out.append(word)
            i -= 1
        return out


#: Words of a number phrase before its figure: determiners, hedges ("at least", "up to"),
#: focus ("only") and attribution ("an estimated"); what governs the figure comes before them.
_NUMBER_PHRASE_WORDS = frozenset(
    ["a", "an", "the", "some", "only", "just", "another", "all", "estimated", "reported"]
).union(*(hedge.split() for hedge in HEDGES))
_GOVERNOR_REACH = 4
_PART_OF = frozenset({"including", "includes", "included", "among"})


@lru_cache(maxsize=64)
def _tokens(quote: str) -> tuple[list[str], list[str], list[int]]:
    """A quote's tokens, lower-cased tokens and offsets (the figures of one sentence share
    them). The lists are read, never changed."""
    matches = list(_TOKEN_RE.finditer(quote))
    tokens = [match.group() for match in matches]
    return tokens, [t.lower() for t in tokens], [match.start() for match in matches]


def _is_number(word: str) -> bool:
    return word[:1].isdigit() or word in _NUMBER_WORDS


def _words(text: str | None) -> list[str]:
    return [t.lower() for t in _TOKEN_RE.findall(text or "")]


def _measure_in(words: Iterable[str]) -> str | None:
    for word in words:
        measure = m.MEASURE_WORDS.get(word)
        if measure is None and "-" in word:
            measure = _measure_in(word.split("-")[::-1])
        if measure is not None:
            return measure
    return None


# ---------------------------------------------------------------------------------------------
# The frame of a claim


def frame_of(
    claim: AnyClaim,
    event_nouns: frozenset[str] = frozenset(),
    context: ClaimContext = ClaimContext(),
    *,
    event_year: int | None = None,
    event_names: frozenset[str] = frozenset(),
    previous: Sequence[tuple[AnyClaim, Frame]] = (),
    preceding_text: str = "",
    text: str = "",
) -> Frame:
    """The frame of one claim.

    ``event_nouns`` are the event nouns of its document's title ("collapse"): the frame's
    event is "" or a second event its clause names ("/stampede"), to be completed with the
    document's event key by :meth:`Frame.in_event`. ``previous`` holds the claims (and frames)
    that come before it in the same sentence, so a rival figure in brackets can take the frame
    of the figure it rivals; ``preceding_text`` is the text just before the quote (a few
    sentences), where a definite noun phrase ("the interned crews") finds its antecedent;
    ``text`` is the (view of the) document, whose white space the quote collapses.
    """
    sentence = _Sentence.of(claim, text)
    counted = _words(claim.counted)
    dimension = m.UNIT_MEASURES.get(claim.unit, claim.unit) if claim.unit else "count"
    attributed = _attributed(sentence, context)

    host = _rival_host(sentence, claim, previous, text)
    if host is not None:
        return replace(
            host[1],
            dimension=host[1].dimension if dimension == "count" else dimension,
            attributed=True,
            evidence="the figure it rivals",
        )

    measure, evidence = _read_measure(sentence, counted, context, dimension)
    if measure is None and previous and set(sentence.governor()) & _PART_OF:
        # "334 killed, including 186 children": a part counts what its whole counts.
        measure, evidence = previous[-1][1].measure, "the figure it is a part of"
    what = None
    if dimension != "count":
        # A unit says the dimension; what is measured must be said too ("$8 billion in
        # customer funds", "60 hours of siege"), or the figure is not compared.
        what = _noun_head(counted) or _measure_in(
            [*counted, *sentence.before(1), *sentence.after(4), *sentence.before(3)]
        )
        if what is None and any(w in m.LASTING_VERBS for w in sentence.before(3)):
            what = "the event"
        if counted == ["age"]:
            # "at age 21": an age, but not whose; a life's ages are not one quantity.
            what = None
        measure = dimension if what else None
    elif measure in m.OBJECT_MEASURES:
        what = _noun_head(counted)
    nations, people = _population(
        sentence, counted, context, preceding_text, event_names, claim.counted
    )
    return Frame(
        event=_sub_event(event_nouns, sentence),
        measure=measure,
        dimension=dimension,
        nations=nations,
        people=people,
        scope=_scope(sentence, counted),
        anchor=_anchor(claim, sentence, context, event_year),
        what=what,
        attributed=attributed,
        evidence=evidence,
    )


def _read_measure(
    sentence: _Sentence, counted: list[str], context: ClaimContext, dimension: str
) -> tuple[str | None, str]:
    if dimension != "count":
        return dimension, "its unit"
    # Nouns of a status ("prisoners", "victims") say who the people are; a verb beside the
    # figure says what happened to them ("prisoners ... were repatriated"), and comes first.
    status = [w for w in counted if w in m.STATUS_NOUNS]
    near = [
        ([w for w in counted if w not in m.STATUS_NOUNS], "what is counted"),
        (sentence.governor(), "the word before the figure"),
        (sentence.after(5), "the words after the figure"),
        (sentence.before(4), "the words before the figure"),
        (status, "what is counted"),
        (_words(context.label), "its list label"),
        (_words(context.column), "its table column"),
    ]
    # People are not counted as ships or buildings ("186 children ... in the school").
    people_counted = any(w in m.PERSON_NOUNS for w in counted)
    for words, evidence in near:
        measure = _measure_in(words)
        if measure is not None and not (people_counted and measure in m.OBJECT_MEASURES):
            return measure, evidence
    head = _noun_head(counted)
    if head is not None and head not in m.PERSON_NOUNS and head not in _CATEGORIES:
        return f"{GENERIC_COUNT}{head}", "what is counted"
    if not counted and sentence.governor() == ["with"]:
        return "participants or strength", "the word before the figure"  # "invaded with 600,000"
    lo, hi = sentence.clause()
    by_distance = sorted(
        (i for i in range(lo, hi) if not sentence.first <= i <= sentence.last),
        key=lambda i: abs(i - sentence.first),
    )
    measure = _measure_in(sentence.lower[i] for i in by_distance)
    if measure is not None:
        return measure, "its clause"
    for heading in reversed(context.headings):
        measure = _measure_in(_words(heading))
        if measure is not None and measure != "casualties":  # a section on all of them
            return measure, "its section heading"
    return None, ""


def _head(counted: list[str]) -> str | None:
    words = [w for w in counted if w.isalpha() or "-" in w]
    return words[-1] if words else None


def _noun_head(counted: list[str]) -> str | None:
    """The counted phrase's head noun, singular and with synonyms folded ("warships" ->
    "ship"); None when the phrase has no noun that is not a measure or scope word."""
    nouns = [
        w
        for w in counted
        if w.isalpha()
        and w.capitalize() not in m.NATIONALITIES  # "Japanese ships": who, not what
        and w not in m.MEASURE_WORDS
        and w not in m.TIME_SCOPES
        and w not in m.ATTRIBUTION_WORDS
    ]
    if not nouns or nouns[-1] in m.PERSON_NOUNS:
        return None
    head = _singular(nouns[-1])
    return m.HEAD_SYNONYMS.get(head, head)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        # "casualties" -> "casualty", but "sorties" -> "sortie": the commoner English word.
        # Neither known: the plural less its "s" keeps closer to what was written.
        return max((word[:-3] + "y", word[:-1]), key=lambda w: (zipf(w), w == word[:-1]))
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _population(
    sentence: _Sentence,
    counted: list[str],
    context: ClaimContext,
    preceding_text: str,
    event_names: frozenset[str],
    counted_raw: str | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(nationalities, parts) of who is counted: parts are categories of people ("children"),
    places ("in Philadelphia") and the row or list label a figure stands under."""
    nations: set[str] = set()
    parts: set[str] = set()
    # The figure, the words just before it (not across "and" or another figure: "23,500
    # American and 30,000 British") and the counted phrase.
    before = sentence.before(3, stop_at_coordinators=True)
    for n, word in enumerate(before):
        if word in m.MEASURE_WORDS or word.endswith("ed") or word in _PREPOSITIONS:
            before = before[:n]  # the verb's subject is not what is counted
            break
    span = sentence.tokens[sentence.first - len(before) : sentence.last + 1]
    for token in [*span, *_TOKEN_RE.findall(" ".join(counted))]:
        for found in _people_of(token):
            (nations if found[:1].isupper() else parts).add(found)
    # A capitalized word before the head noun says whose: "9,000 Saxon soldiers".
    words = _TOKEN_RE.findall((counted_raw or "").split("(")[0])
    for word in words[:-1]:
        if word[:1].isupper() and word.lower() not in m.MEASURE_WORDS:
            nations.add(m.ABBREVIATED_NATIONS.get(word, word))
    # A list label or table row names a part when it names people ("Children: 186"); a
    # nationality there is more often whose figure it is ("Official (Indian Government):").
    for label in (context.label, context.row):
        for token in _TOKEN_RE.findall(label or ""):
            parts.update(p for p in _people_of(token) if not p[:1].isupper())
    if context.row and not YEAR_RE.search(context.row):
        parts.add(context.row.strip().lower())
    place = _place(sentence, event_names)
    if place:
        parts.add(f"in {place}")
    parts.discard("military or crew")  # in a battle or a wreck, the whole force or crew
    # "the interned crews": a definite noun phrase names people mentioned before.
    if not nations and preceding_text and _referent_is_definite(counted):
        nation = _antecedent_nation(preceding_text, _referent_heads(counted))
        if nation:
            nations.add(nation)
    return tuple(sorted(nations)), tuple(sorted(parts))


_PLACE_RE = re.compile(r"^(?:in|at|across|throughout)$")


def _place(sentence: _Sentence, event_names: frozenset[str]) -> str | None:
    """A named place right after the figure ("2,600 died in Philadelphia"), or "worldwide";
    not a place the document's title or front matter names, which is where the event
    happened. A place elsewhere in the clause is more often where something else is ("the
    plant in India")."""
    following = sentence.lower[sentence.last + 1 : sentence.last + 1 + PLACE_WINDOW]
    for offset, word in enumerate(following):
        i = sentence.last + 1 + offset
        if sentence.tokens[i] in _CLAUSE_PUNCT:
            break
        if word in {"worldwide", "globally", "nationwide"}:
            return word
        if _PLACE_RE.match(word) and i + 1 < len(sentence.tokens):
            name = sentence.tokens[i + 1]
            lower = name.lower()
            if (
                name[:1].isupper()
                and lower not in _NOT_PLACES
                and lower not in event_names
                and name not in m.NATIONALITIES  # "in Soviet hands" names a holder
                and not _is_number(name)
            ):
                return name
    return None


#: How many words after a figure may hold the place it is counted in.
PLACE_WINDOW = 6
_NOT_PLACES = frozenset(_MONTHS) | {"the", "a", "an", "total", "all", "one"}


def _people_of(token: str) -> list[str]:
    if token in m.ABBREVIATED_NATIONS:
        return [m.ABBREVIATED_NATIONS[token]]
    if token in m.NATIONALITIES:
        return [token]
    category = _CATEGORIES.get(token.lower())
    return [category] if category else []


def _referent_is_definite(counted: list[str]) -> bool:
    # "men (interned crews)": the extractor found the noun phrase a verb links the figure to.
    return len(counted) > 1 and any(w in _CATEGORIES for w in counted[1:])


def _referent_heads(counted: list[str]) -> set[str]:
    return {w for w in counted if w in _CATEGORIES or w in m.PERSON_NOUNS}


def _antecedent_nation(preceding_text: str, heads: set[str]) -> str | None:
    """The nationality given to the same kind of people in the sentences before."""
    tokens = _TOKEN_RE.findall(preceding_text)
    for i in range(len(tokens) - 1, 0, -1):
        word = tokens[i].lower()
        if word in heads or any(word.endswith(h) for h in heads if len(h) > 3):
            for j in range(i - 1, max(-1, i - 4), -1):
                people = [p for p in _people_of(tokens[j]) if p[:1].isupper()]
                if people:
                    return people[0]
    return None


def _scope(sentence: _Sentence, counted: list[str]) -> str | None:
    before = sentence.before(3, stop_at_coordinators=True)
    if any(w in m.SEPARATE_SET_WORDS for w in before[:2]):
        return SET_APART
    after = sentence.after(4)
    following = sentence.lower[sentence.last + 1 : sentence.last + 6]
    for first, second in zip(following, following[1:], strict=False):
        if first == "over" and second in m.SPANS_OF_TIME:
            return "eventual"  # "up to 16,000 over time"
    for word in [*before, *counted, *after]:
        scope = m.TIME_SCOPES.get(word)
        if scope is not None:
            return scope
    return None


def _attributed(sentence: _Sentence, context: ClaimContext) -> bool:
    lo, hi = sentence.clause()
    words = set(sentence.lower[lo:hi]) | set(_words(context.label))
    return bool(words & m.ATTRIBUTION_WORDS)


def _anchor(
    claim: AnyClaim, sentence: _Sentence, context: ClaimContext, event_year: int | None
) -> str | None:
    """The dates the claim's clause (or table row) names, outside the figure itself; the
    event's own year says nothing more than the event does."""
    lo, hi = sentence.clause()
    if lo >= len(sentence.starts):
        return None
    start = sentence.starts[lo]
    end = sentence.starts[hi] if hi < len(sentence.starts) else len(claim.quote)
    fig_lo, fig_hi = sentence.figure
    text = claim.quote[start:fig_lo] + " " + claim.quote[fig_hi:end]
    opening = _OPENING_DATE_RE.match(claim.quote)
    if opening is not None and opening.end() <= start:
        text += " " + opening.group()  # "In June 1945, some 3,000 ...": dates the sentence
    if context.row:
        text += " " + context.row
    if _DIGIT_RE.search(text) is None:
        return None  # every date it reads has a digit: most clauses have none
    found: list[str] = []
    for match in _DAY_MONTH_RE.finditer(text):
        day = match.group(1) or match.group(4)
        month = (match.group(2) or match.group(3)).lower()[:3]
        found.append(f"{month} {int(day)}")
    for match in _MONTH_YEAR_RE.finditer(text):
        found.append(f"{match.group(1).lower()[:3]} {match.group(2)}")
    years = {y for y in _DATED_YEAR_RE.findall(text) if not any(f.endswith(y) for f in found)}
    if context.row:
        years.update(YEAR_RE.findall(context.row))
    found.extend(sorted(years - {str(event_year)}))
    return " ".join(dict.fromkeys(found)) or None


_DIGIT_RE = re.compile(r"\d")
# A sentence that opens with a date dates all its figures: "In June 1945, ...".
_OPENING_DATE_RE = re.compile(
    r"(?:in|on|by|during|after|before|since|until|from|at the end of|in late|in early)\s+"
    r"[^,.;:]{0,30}?(?:1[0-9]\d\d|20\d\d)\s*,",
    re.IGNORECASE,
)
_MONTH_YEAR_RE = re.compile(
    r"\b(" + "|".join(_MONTHS) + r")\.?\s+(1[0-9]\d\d|20\d\d)(?!\d|,\d)", re.IGNORECASE
)
# A year that dates the figure: after a preposition of time or a month ("in 1945", "by
# 1950", "June 1976"), not one that names a thing ("the 2001 Commission").
_DATED_YEAR_RE = re.compile(
    r"\b(?:in|on|by|since|until|till|between|from|to|during|through|after|before|of|"
    + "|".join(_MONTHS)
    + r")\.?\s+(?:\d{1,2},?\s+)?(1[0-9]\d\d|20\d\d)(?!\d|,\d)",
    re.IGNORECASE,
)


def _sub_event(event_nouns: frozenset[str], sentence: _Sentence) -> str:
    """A second event the claim's clause names, beside its document's ("/stampede").

    Only a document about one specific incident (a collapse, an earthquake) has such second
    events; a page about a war, an attack or a disaster holds many incidents of its own."""
    own = event_nouns & m.EVENT_NOUNS
    if not own or own & m.UMBRELLA_EVENT_NOUNS:
        return ""
    own_singular = {_singular(noun) for noun in own}
    lo, hi = sentence.clause()
    for word in sentence.lower[lo:hi]:
        if (
            word in m.EVENT_NOUNS
            and _singular(word) not in own_singular  # "bombings" on a page about a bombing
            and word not in m.UMBRELLA_EVENT_NOUNS
        ):
            return f"/{word}"
    return ""


def _rival_host(
    sentence: _Sentence,
    claim: AnyClaim,
    previous: Sequence[tuple[AnyClaim, Frame]],
    text: str,
) -> tuple[AnyClaim, Frame] | None:
    """The figure a rival estimate answers, earlier in the same sentence: "133 warships (some
    sources: 330)", "officially killing 242,000, though some estimates reach 655,000". The
    rival names no measure of its own, and words of attribution lie between the two."""
    if not previous or _measure_in(_words(claim.counted)) is not None:
        return None
    if _measure_in([*sentence.after(3), *sentence.before(2), *sentence.governor()]) is not None:
        return None
    hosts = [p for p in previous if p[0].end <= claim.start and p[1].measure is not None]
    if any(w in m.PERSON_NOUNS for w in _words(claim.counted)):
        # People counted are no rival of an age, a sum or a distance: "Hector Pieterson (age
        # 12) and an estimated 176 others".
        hosts = [p for p in hosts if p[1].dimension == "count"]
    if not hosts:
        return None
    host = hosts[-1]
    host_end = _Sentence.of(host[0], text).figure[1]  # both quotes are this sentence
    between = _words(claim.quote[host_end : sentence.figure[0]])
    if not any(w in m.ATTRIBUTION_WORDS for w in between):
        return None
    return host


# ---------------------------------------------------------------------------------------------
# Subjects within a block, and possible matches between them


@dataclass(slots=True)
class Group:
    """Claims of one block taken to count one quantity."""

    block: str
    facets: Facets
    members: list[int] = field(default_factory=list)  # indexes into the frames given


#: The intervals of a frame's figures: (low, high), high None when unbounded.
Figures = Sequence[tuple[float, float | None]]


def group_block(frames: Sequence[Frame], figures: Sequence[Figures] | None = None) -> list[Group]:
    """Split one block's frames into subjects (see the module docstring). ``figures`` gives,
    for each frame, the intervals of the claims that have it: when a frame that leaves a
    facet unsaid could join several groups, it joins the one whose figures it agrees with."""
    exact: dict[Facets, Group] = {}
    for index, frame in enumerate(frames):
        group = exact.get(frame.facets)
        if group is None:
            group = exact[frame.facets] = Group(str(frame.block), frame.facets)
        group.members.append(index)
    groups = sorted(exact.values(), key=_specificity)
    # Least specified first: a group that leaves a nationality, a scope or dates unsaid joins
    # the one group that says them, when there is exactly one; among several, the only one
    # whose figures all agree with its own. A figure that names no part (children, a place)
    # is about the whole: it joins a part only that way, by agreeing with it.
    kept: list[Group] = []
    for i, group in enumerate(groups):
        wider = [g for g in groups[i + 1 :] if g.members and _joins(group.facets, g.facets)]
        if len(wider) != 1 and figures is not None:
            wider = [
                g
                for g in groups[i + 1 :]
                if g.members
                and _joins(group.facets, g.facets, parts_unsaid=True)
                and _agree(figures, [*group.members, *g.members])
            ]
        if len(wider) == 1:
            wider[0].members.extend(group.members)
            group.members = []
        else:
            kept.append(group)
    return [g for g in kept if g.members]


def _agree(figures: Sequence[Figures], members: Iterable[int]) -> bool:
    """Whether the figures of these frames have a common point (no two of them clash)."""
    intervals = [interval for member in members for interval in figures[member]]
    lowest_high = min((high for _, high in intervals if high is not None), default=None)
    return lowest_high is None or max(low for low, _ in intervals) <= lowest_high


def _specificity(group: Group) -> int:
    nations, parts, scope, anchor, _ = group.facets
    return len(nations) + len(parts) + (anchor is not None) + (scope is not None)


def _joins(a: Facets, b: Facets, parts_unsaid: bool = False) -> bool:
    """``a`` says less than ``b`` and nothing against it. Parts of the whole (children, a
    place, a table row) and what is counted must be the same: a figure that does not name a
    part is about the whole, not about an unnamed part (unless ``parts_unsaid``: then ``a``
    may leave them unsaid)."""
    nations_a, parts_a, scope_a, anchor_a, what_a = a
    nations_b, parts_b, scope_b, anchor_b, what_b = b
    if parts_a != parts_b and not (parts_unsaid and not parts_a):
        return False
    if what_a != what_b or (nations_a and nations_a != nations_b):
        return False
    if scope_a != scope_b and (scope_a is not None or scope_b == SET_APART):
        # "Immediate" deaths are not "eventual" ones, and "an additional two million" is
        # set apart; a figure that says no time joins the one group that says one.
        return False
    return anchor_a is None or anchor_a == anchor_b


@dataclass(frozen=True, slots=True)
class Relation:
    """How likely two subjects of one block count the same quantity, and why."""

    score: float
    reason: str


#: What it costs a pair to be read under two events, one a part of the other (a battle and
#: its campaign): the figure may belong to either.
ACROSS_EVENTS_PENALTY = 0.3


def relate(
    a: Frame, b: Frame, event: str | None = None, within: tuple[str, str] | None = None
) -> Relation:
    """Score (0-1) that frames of two different subjects of one block are one quantity, and
    why in words (``event`` names their event for people; by default from its key).

    ``within`` = (part, whole) names two events, one a part of the other, when ``a`` is read
    under one and ``b`` under the other ("Battle of Borodino" within "Russian Campaign"): a
    page about a battle also tells its campaign's figures."""
    nations_a, nations_b = set(a.nations), set(b.nations)
    if (nations_a and nations_b and not nations_a & nations_b) or SET_APART in (
        a.scope,
        b.scope,
    ):
        # "23,500 American and 30,000 British"; "an additional two million": the text says
        # these are different sets.
        return Relation(0.0, "the text says these are different sets")
    score = 0.9
    differences: list[str] = []
    if nations_a != nations_b:
        score -= 0.45 if nations_a and nations_b and not nations_a & nations_b else 0.15
        differences.append(f"nationality: {_said(a.nations)} / {_said(b.nations)}")
    if a.people != b.people:
        score -= 0.4 if a.people and b.people else 0.25
        differences.append(
            f"the sources name who was counted differently: {_said(a.people)} / {_said(b.people)}"
        )
    if a.what != b.what:
        score -= 0.3
        differences.append(f"what is counted: {a.what or 'not said'} / {b.what or 'not said'}")
    if a.scope != b.scope:
        score -= 0.35 if a.scope and b.scope else 0.15
        differences.append(f"scope: {a.scope or 'not said'} / {b.scope or 'not said'}")
    if a.anchor != b.anchor:
        score -= 0.3 if a.anchor and b.anchor else 0.1
        differences.append(f"dates: {a.anchor or 'not said'} / {b.anchor or 'not said'}")
    if a.attributed or b.attributed:
        score += 0.05
    reason = f"same event: {event or event_label(a.event)}; same measure: {a.measure}"
    if within is not None:
        score -= ACROSS_EVENTS_PENALTY
        reason = (
            f"events: {within[0]}, within {within[1]} (the same year, and one page names the "
            f"other); same measure: {a.measure}"
        )
    if differences:
        reason += "; " + "; ".join(differences)
    return Relation(round(max(0.0, min(1.0, score)), 3), reason)


def _said(values: tuple[str, ...]) -> str:
    return ", ".join(values) or "not said"


def event_label(event: str) -> str:
    """An event key for people to read: "tulsa-race-massacre-1921" -> "tulsa race massacre 1921"."""
    return event.replace("/", ": ").replace("-", " ")


def frames_of_document(
    text: str,
    event_nouns: frozenset[str],
    claims: Sequence[AnyClaim],
    contexts: Sequence[ClaimContext] | None = None,
    event_year: int | None = None,
    event_names: frozenset[str] = frozenset(),
) -> list[Frame]:
    """Frames of one document's claims, given in order of their start offsets.

    An item of a list that names no measure of its own ("- Greenpeace: 93,000+") takes the
    frame of the item before it in the same list that does ("- IAEA/WHO: ~4,000 eventual
    cancer deaths"): a list of rival estimates.
    """
    frames: list[Frame] = []
    same_sentence: list[tuple[AnyClaim, Frame]] = []
    lists: dict[int, Frame] = {}
    for index, claim in enumerate(claims):
        if same_sentence and same_sentence[-1][0].quote_start != claim.quote_start:
            same_sentence = []
        context = contexts[index] if contexts is not None else ClaimContext()
        preceding = text[max(0, claim.quote_start - PRECEDING_CHARS) : claim.quote_start]
        frame = frame_of(
            claim,
            event_nouns,
            context,
            event_year=event_year,
            event_names=event_names,
            previous=same_sentence,
            preceding_text=preceding,
            text=text,
        )
        if context.list_start is not None:
            sibling = lists.get(context.list_start)
            if sibling is not None and frame.evidence in _WEAK_EVIDENCE and _short(claim):
                frame = replace(
                    sibling,
                    anchor=frame.anchor,
                    attributed=frame.attributed,
                    evidence="the list item before it",
                )
            elif frame.measure is not None and frame.evidence not in _WEAK_EVIDENCE:
                lists[context.list_start] = frame
        frames.append(frame)
        same_sentence.append((claim, frame))
    return frames


_WEAK_EVIDENCE = frozenset({"", "its section heading"})
SET_APART = "a set apart"


def _short(claim: AnyClaim) -> bool:
    """A list item that is little more than a label and a figure."""
    return len(_TOKEN_RE.findall(claim.quote)) <= 10


#: How much text before a claim's sentence may hold the antecedent of "the interned crews".
PRECEDING_CHARS = 600
