"""Which event a document is about, and which documents are about the same one.

A document's **event signature** is read from its title (or, without one, its file name): the
*names* in it (words that are not event nouns, years or common words, each weighted by how
rare it is in English, from ``wordfreq``), its *event nouns* ("massacre", "earthquake",
"siege"...) and its *year* (in the title, else the year the text names most often).

Two documents are about the same event (:func:`same_event`) when their years do not differ,
their event nouns do not differ (a generic noun such as "disaster" goes with any), and the
names they share are rare enough together (:data:`SHARED_NAME_WEIGHT`): "Bhopal Gas Tragedy"
and "Union Carbide Bhopal" share "Bhopal"; "Spanish Armada" and "Spanish Flu" share only a
common word, and their years differ anyway; "Mecca Crane Collapse" and "Mecca Stampede" share
"Mecca" but name two events.

The threshold was chosen on the first development set and checked on the second (see
``bench/README.md``).
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath

import msgpack  # type: ignore[import-untyped]

from powdb.compare.measures import (
    ABBREVIATED_NATIONS,
    EVENT_NOUNS,
    NATIONALITIES,
    UMBRELLA_EVENT_NOUNS,
)
from powdb.extract.wordlists import MONTH_NAMES

#: Shared names must weigh at least this much (a word's weight is 6 minus its Zipf frequency
#: in English: "Bhopal" 3.2, "Tokyo" 1.7, "Spanish" 1.3, "Great" 0.2).
SHARED_NAME_WEIGHT = 1.5
_COMMON_ZIPF = 6.0

_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\u2019]*|\d+")
#: A year (1000-2099) standing alone: not part of a longer number ("1,945", "12000"). The
#: look-behind comes after the first two digits: a pattern that starts with digits is scanned
#: for them first, six times faster over a page than one that starts with a look-behind.
YEAR_RE = re.compile(r"((?:1[0-9]|20)(?<![\d,.]\d\d)\d\d)(?!\d|,\d)")
_GENERIC_NOUNS = frozenset({"disaster", "tragedy", "catastrophe", "crisis", "incident", "event"})
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "and",
        "or",
        "to",
        "for",
        "by",
        "with",
        "from",
        "de",
        "la",
        "le",
        "du",
        "des",
        "der",
        "die",
        "das",
        "von",
    ]
)


@dataclass(frozen=True, slots=True)
class EventSignature:
    """What a document's title says of its event; see the module docstring."""

    label: str
    names: tuple[tuple[str, float], ...]  # (lower-case name, weight), in title order
    nouns: frozenset[str]
    year: int | None
    #: Rare names the text gives at all, with their weights: a page about one event often
    #: names another page's title ("via Odessa").
    mentions: tuple[tuple[str, float], ...] = ()

    @property
    def key(self) -> str:
        """A readable, stable key: the title's words and the year, e.g. ``bhopal-gas-1984``.
        Documents that name nothing share the key of their year, ``untitled-1945``."""
        words = [name for name, _ in self.names] or ["untitled"]
        words += sorted(self.nouns - _GENERIC_NOUNS)
        if self.year is not None:
            words.append(str(self.year))
        return "-".join(words)[:120]

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "names": [list(n) for n in self.names],
            "nouns": sorted(self.nouns),
            "year": self.year,
            "mentions": [list(n) for n in self.mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> EventSignature:
        names = data.get("names") or []
        nouns = data.get("nouns") or []
        mentions = data.get("mentions") or []
        year = data.get("year")
        assert isinstance(names, list) and isinstance(nouns, list)
        assert isinstance(mentions, list)
        return cls(
            label=str(data.get("label") or ""),
            names=tuple((str(n), float(w)) for n, w in names),
            nouns=frozenset(str(n) for n in nouns),
            year=int(year) if isinstance(year, int) else None,
            mentions=tuple((str(n), float(w)) for n, w in mentions),
        )


def name_weight(word: str) -> float:
    """How rare a word is in English, 0 (common) to 6 (unknown)."""
    return round(max(0.0, _COMMON_ZIPF - zipf(word)), 2)


def zipf(word: str) -> float:
    """A lower-case English word's Zipf frequency (log10 of its uses per billion words): 7.7
    for "the", 4.3 for "Tokyo"; a word the list leaves out is rarer than 3 (once per
    million words) and counts as :data:`UNLISTED_ZIPF`."""
    return _zipf_table().get(word, UNLISTED_ZIPF)


#: The Zipf frequency given to a word wordfreq's small list leaves out (it lists every word
#: used at least once per million words, Zipf 3): halfway down the rare names it does list.
UNLISTED_ZIPF = 2.5


@lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """wordfreq's small English list (about 29,000 words, every one used at least once per
    million words), read straight from its data file in wordfreq's documented "cBpack"
    format: importing wordfreq itself loads its tokenizers, 1.3 s of every command that
    assigns subjects, and we only look up single lower-case words."""
    # find_spec locates the package without running it (importlib.resources would import it).
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("powdb needs the wordfreq package: pip install wordfreq")
    data = Path(spec.submodule_search_locations[0]) / "data" / "small_en.msgpack.gz"
    header, *buckets = msgpack.unpackb(gzip.decompress(data.read_bytes()), raw=False)
    if header.get("format") != "cB":
        raise RuntimeError("wordfreq's data file is not in the cBpack format powdb reads")
    # The list at index i holds the words of frequency 10 ** (-i / 100) per word: Zipf 9 - i/100.
    return {word: 9 - index / 100 for index, words in enumerate(buckets) for word in words}


def signature_of(title: str | None, path: str, text: str) -> EventSignature:
    """The event signature of a document with this title (or file name) and text.

    A file name is a weaker title than a real one: the rare names the text mentions most
    often are added to its words; without either ("001_905861b46afc44d2.txt"), those names
    alone stand for the event."""
    label = (title or "").strip()
    from_text = not label
    if from_text:
        label = _title_from_path(path)
    names: list[tuple[str, float]] = []
    nouns: set[str] = set()
    year: int | None = None
    for word in _WORD_RE.findall(label):
        lower = word.lower()
        if word.isdigit():
            if YEAR_RE.fullmatch(word) and year is None:
                year = int(word)
            continue
        if lower in EVENT_NOUNS or lower in _GENERIC_NOUNS:
            nouns.add(lower.rstrip("s") if lower.endswith(("attacks", "bombings")) else lower)
            continue
        if lower in _STOP or len(lower) < 2:
            continue
        _add_name(names, lower)
    if from_text:
        found = _text_names(text)
        for name, _ in found:
            _add_name(names, name.lower())
        label = label or ", ".join(name for name, _ in found) or PurePath(path).name
    if year is None:
        year = _main_year(text)
    return EventSignature(label, tuple(names), frozenset(nouns), year, _mentions(text))


def _add_name(names: list[tuple[str, float]], word: str) -> None:
    """Add a name once, singular ("Cossacks" and "Cossack" are one name)."""
    word = _singular_name(word)
    if all(word != name for name, _ in names):
        names.append((word, name_weight(word)))


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def lead_names(signature: EventSignature, text: str) -> frozenset[str]:
    """Lower-cased words of the title and capitalized words of the front matter: the places
    and names that belong to the event itself ("killing 111 in Mecca" on a page about Mecca),
    which therefore do not narrow a figure to a part of it."""
    names = {w.lower() for w in _WORD_RE.findall(signature.label)}
    front = _FRONT_MATTER_RE.match(text)
    if front is not None:
        names.update(w.lower() for w in _WORD_RE.findall(front.group(1)) if w[:1].isupper())
    return frozenset(names)


def _title_from_path(path: str) -> str:
    """Words of a file name, when it is made of words ("tulsa-race-massacre-1921.txt")."""
    words = re.split(r"[-_.\s]+", PurePath(path).stem)
    if not any(_WORDLIKE_RE.fullmatch(w) for w in words):
        return ""
    return " ".join(
        w.capitalize() if _WORDLIKE_RE.fullmatch(w) else w
        for w in words
        if _WORDLIKE_RE.fullmatch(w) or YEAR_RE.fullmatch(w)
    )


_WORDLIKE_RE = re.compile(r"[A-Za-z]*[aeiouyAEIOUY][A-Za-z]*[A-Za-z]")
# A capitalized word after a lower-case word or a comma (a name, not a sentence's first word),
# or an acronym ("NKVD").
# (The look-behinds come after the capital, for the same reason as YEAR_RE's: 4x faster.)
_NAME_IN_TEXT_RE = re.compile(
    r"[A-Z](?:(?<=[a-z0-9,;] [A-Z])[a-z\u00e0-\u024f]{2,}|(?<!\w[A-Z])[A-Z]{2,5}\b)"
)
_MONTH_NAMES = frozenset(MONTH_NAMES)
TEXT_NAMES = 4
#: A name the text gives once is a detail; its subject is named again and again.
TEXT_NAME_MENTIONS = 2
TEXT_NAME_CHARS = 50_000


def _text_names(text: str) -> list[tuple[str, float]]:
    """The rare names a text mentions most often, as written ("NKVD", "Stalin")."""
    counts = Counter(
        m.group()
        for m in _NAME_IN_TEXT_RE.finditer(text[:TEXT_NAME_CHARS])
        if m.group() not in NATIONALITIES
        and m.group().rstrip("s") not in NATIONALITIES
        and m.group().lower() not in _MONTH_NAMES
        and m.group() not in ABBREVIATED_NATIONS
    )
    scored = sorted(
        (
            (n * name_weight(word.lower()), word)
            for word, n in counts.items()
            if word.lower() not in _STOP
        ),
        reverse=True,
    )
    names: list[tuple[str, float]] = []
    for score, word in scored:
        if counts[word] < TEXT_NAME_MENTIONS:
            continue  # a name given once is a detail: a mention (see _mentions)
        if score > 0 and not any(
            word.lower().rstrip("s") == n.lower().rstrip("s") for n, _ in names
        ):
            names.append((word, name_weight(word.lower())))
    return names[:TEXT_NAMES]


#: What a name one page gives and the other merely mentions counts, against a shared name.
MENTION_SHARE = 0.5
#: How many of a text's rarest names its signature keeps as mentions.
MENTIONS = 40
_MENTION_WEIGHT = 3.0  # rarer than a Zipf frequency of 3: a name, not an ordinary word


def _mentions(text: str) -> tuple[tuple[str, float], ...]:
    found: dict[str, float] = {}
    # Each distinct word once: a page names its people and places many times over.
    for word in set(_NAME_IN_TEXT_RE.findall(text[:TEXT_NAME_CHARS])):
        if word in NATIONALITIES or word.lower() in _MONTH_NAMES:
            continue
        lower = _singular_name(word.lower())
        if lower not in found:
            weight = name_weight(lower)
            if weight >= _MENTION_WEIGHT:
                found[lower] = weight
    rarest = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:MENTIONS]
    return tuple(sorted(rarest))


def _singular_name(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _main_year(text: str) -> int | None:
    years = Counter(YEAR_RE.findall(text))
    if not years:
        return None
    best = max(years.values())
    return min(int(y) for y, n in years.items() if n == best)


def shared_weight(a: EventSignature, b: EventSignature) -> float:
    """How much the two documents' names say they are about one thing: the names both give,
    and, at half weight, the names one gives that the other's text merely mentions."""
    names_a, names_b = dict(a.names), dict(b.names)
    mentions_a, mentions_b = dict(a.mentions), dict(b.mentions)
    weight = sum(min(w, names_b[n]) for n, w in names_a.items() if n in names_b)
    for names, mentions in ((names_a, mentions_b), (names_b, mentions_a)):
        weight += sum(
            MENTION_SHARE * min(w, mentions[n])
            for n, w in names.items()
            if n in mentions and n not in names_a.keys() & names_b.keys()
        )
    return weight


def same_event(a: EventSignature, b: EventSignature) -> bool:
    """Whether two documents are about one event (see the module docstring)."""
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    if _only_a_given_name(a, b):
        return False
    specific_a, specific_b = a.nouns - _GENERIC_NOUNS, b.nouns - _GENERIC_NOUNS
    if specific_a and specific_b and not (specific_a & specific_b):
        return False
    if specific_a & specific_b and a.year is not None and a.year == b.year:
        # One kind of event in one year, and a name in common ("Irish Famine", "Great Irish
        # Famine"): a common name is enough.
        return shared_weight(a, b) > 0
    return shared_weight(a, b) >= SHARED_NAME_WEIGHT


def _only_a_given_name(a: EventSignature, b: EventSignature) -> bool:
    """Two people who share a given name ("Alfred Krupp", "Alfred Kroeber"): titles that name
    no kind of event, whose only name in common is the first of both, one of them going on
    with a rare name (a surname) that the other neither gives nor mentions."""
    if a.nouns or b.nouns or not a.names or not b.names or a.names[0][0] != b.names[0][0]:
        return False
    names_a, names_b = dict(a.names), dict(b.names)
    common = (names_a.keys() & (names_b.keys() | dict(b.mentions).keys())) | (
        names_b.keys() & dict(a.mentions).keys()
    )
    if common != {a.names[0][0]}:
        return False
    return any(w >= SHARED_NAME_WEIGHT for _, w in (*a.names[1:], *b.names[1:]))


def within(part: EventSignature, whole: EventSignature) -> bool:
    """Whether ``part`` is an event inside ``whole``: a battle within its campaign, a raid
    within a war. The whole is named by a noun of many incidents (war, campaign, uprising),
    the part by a noun of one (battle, siege, raid); they share the year, and one page names
    the other (a name in common, or one's name among the other's mentions)."""
    part_nouns = part.nouns - _GENERIC_NOUNS
    if (
        not (whole.nouns & UMBRELLA_EVENT_NOUNS)
        or not part_nouns
        or part_nouns & (UMBRELLA_EVENT_NOUNS)
    ):
        return False
    if part.year is None or part.year != whole.year:
        return False
    return shared_weight(part, whole) > 0


class EventIndex:
    """Known events by the names in their signatures, to find a new document's event fast."""

    def __init__(self, events: Iterable[tuple[str, EventSignature]] = ()) -> None:
        self._by_name: dict[str, list[tuple[str, EventSignature]]] = {}
        self._years: dict[str, set[int]] = {}  # the years of each event's documents
        for key, signature in events:
            self.add(key, signature)

    def add(self, key: str, signature: EventSignature) -> None:
        """Remember a document's signature under its event's key."""
        years = self._years.setdefault(key, set())
        if signature.year is not None:
            years.add(signature.year)
        for name, _ in (*signature.names, *signature.mentions):
            self._by_name.setdefault(name, []).append((key, signature))

    def find(self, signature: EventSignature) -> str | None:
        """The key of a known event this signature is about, the one sharing most names."""
        best: tuple[float, str] | None = None
        seen: set[int] = set()
        for name, _ in (*signature.names, *signature.mentions):
            for key, known in self._by_name.get(name, ()):
                if id(known) in seen:
                    continue
                seen.add(id(known))
                # The same event as one of its documents, and of no other year than any:
                # a page that gives no year must not chain events of different years.
                if same_event(signature, known) and (
                    signature.year is None or self._years[key] <= {signature.year}
                ):
                    weight = shared_weight(signature, known)
                    if best is None or weight > best[0]:
                        best = (weight, key)
        return None if best is None else best[1]

    def assign(self, signature: EventSignature) -> str:
        """The event key for a document: a known event's, or a new one (then remembered)."""
        key = self.find(signature)
        if key is None:
            key = signature.key
            if not signature.names:
                return key  # nothing names its event: it goes with the others of its year
            n = 2
            while key in self._years:
                key = f"{signature.key}-{n}"
                n += 1
        self.add(key, signature)
        return key
