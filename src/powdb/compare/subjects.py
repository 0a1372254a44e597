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
from dataclasses import dataclass
from functools import lru_cache

from powdb.compare import lexicon
from powdb.compare.mentions import (
    clause_around,
    figure_spans,
    first_kind,
    group_mentions,
    locate,
    may_name_group,
    np_stop,
    unique,
)
from powdb.compare.qualifiers import (
    custody_qualifier,
    event_qualifiers,
    place_qualifiers,
    scope_of,
    status_qualifiers,
    time_qualifiers,
)

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
    def comparable(self) -> bool:
        """Whether figures of this subject should be compared at all.

        A subject must say whose figure it is (a group), or what and which (a kind with at
        least one qualifier or a scope). "50,000 forgotten men" with no nationality, place,
        time or event is a bucket every unrelated "men" figure would fall into, inventing
        conflicts, so it is stored but compared with nothing.
        """
        if self.group is not None:
            return True
        return self.kind is not None and bool(self.qualifiers or self.scope)

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


@lru_cache(maxsize=1024)
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
# The group and the kind


def _group(
    counted: str | None, quote: str, previous: str | None, pos: tuple[int, int] | None
) -> tuple[str | None, bool]:
    """The group and whether it came as a plural demonym noun at the figure ("Cossacks")."""
    if counted:
        found = group_mentions(counted, drop_places=True, drop_actors=False)
        if found:
            return found[0].group, found[0].plural_noun and first_kind(counted) is None
    if pos:
        start, end = pos
        next_figure = next((s for s, _ in figure_spans(quote) if s >= end), len(quote))
        window_end = min(np_stop(quote, end), next_figure)
        window = quote[start:window_end]
        if may_name_group(quote, start, window_end):
            found = group_mentions(window, drop_places=True, drop_actors=False)
            if found:
                return found[0].group, found[0].plural_noun and first_kind(window) is None
        left, right = clause_around(quote, start, end)
        if may_name_group(quote, left, right):
            found = group_mentions(quote[left:right], drop_places=True, drop_actors=True)
        else:
            found = ()
        if found:
            middle = (start + end) / 2 - left
            nearest = min(found, key=lambda m: abs((m.start + m.end) / 2 - middle))
            return nearest.group, False
    for text in (quote, previous):
        if not text:
            continue
        found = group_mentions(text, drop_places=True, drop_actors=True)
        if found:
            return unique(m.group for m in found), False
    return None, False


def _kind(
    counted: str | None, quote: str, pos: tuple[int, int] | None, plural_demonym: bool
) -> str | None:
    if counted and (kind := first_kind(counted)):
        return kind
    if plural_demonym:
        return "people"
    if pos:
        start, end = pos
        _, clause_end = clause_around(quote, start, end)
        return first_kind(quote[start:clause_end])
    return None


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
    pos = locate(quote, surface)
    group, plural_demonym = _group(counted, quote, previous_sentence, pos)
    kind = _kind(counted, quote, pos, plural_demonym)
    texts = [t for t in (counted, quote) if t]
    qualifiers: set[str] = set()
    if custody := custody_qualifier(texts, previous_sentence, group):
        qualifiers.add(custody)
    qualifiers |= event_qualifiers(counted, quote, pos)
    qualifiers |= place_qualifiers(quote, pos)
    if counted:
        qualifiers |= place_qualifiers(counted, None)
    qualifiers |= time_qualifiers(quote)
    qualifiers |= status_qualifiers(counted, quote, pos)
    if "repatriated" in qualifiers and custody:
        # "prisoners ... were repatriated": the repatriation ends the custody; keep one reading.
        qualifiers.discard(custody)
    return Subject(
        group=group,
        kind=kind,
        qualifiers=tuple(sorted(qualifiers)),
        scope=scope_of(counted, quote, pos),
        unit=unit,
    )


_SENTENCE_BOUNDARY = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])[\"”’)\]]*\s+|\n+")
# A boundary starts just after ".", "!" or "?", or at a line break: only there is it tried.
_BOUNDARY_HINT = re.compile(r"[.!?\n]")
_BOUNDARY_CLOSERS = '"”’)]'  # besides whitespace, all that a boundary match is made of


@lru_cache(maxsize=16)  # the claims of one sentence come together; keeps few texts alive
def previous_sentence(text: str, quote_start: int) -> str | None:
    """The sentence (or heading line) that ends before ``text[quote_start:]``, if any."""
    end = quote_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    # Look back through a growing window, not the whole prefix: called once per claim, a scan
    # from the start of the document made ingest quadratic (minutes for one 1 MB file). The
    # lookbehinds still see the text before ``window_start``; ``end`` hides what follows.
    window, last = 1024, None
    while last is None:
        window_start = max(0, end - window)
        last = _last_boundary(text, window_start, end)
        if window_start == 0:
            break
        window *= 4
    start = last if last is not None else 0
    sentence = text[start:end].strip()
    return sentence or None


def _last_boundary(text: str, start: int, end: int) -> int | None:
    """The end of the last match of ``_SENTENCE_BOUNDARY.finditer(text, start, end)``.

    The same answer as that ``finditer``, but the pattern is only tried where a boundary can
    begin (its leading lookbehinds make a plain scan slow), and first from the right: the
    rightmost place where it matches is found, then ``finditer`` is replayed from the start of
    the run of spaces and closing quotes before it. No match crosses into such a run (matches
    are made of those characters only), so the replay sees what a scan from ``start`` sees.
    """
    # The last of each hint character before the one tried; only the one tried moves back.
    hint_from = max(0, start - 1)
    last_of = {char: text.rfind(char, hint_from, end) for char in ".!?\n"}
    while True:
        hint = max(last_of.values())
        if hint < 0:
            return None
        at = hint if text[hint] == "\n" else hint + 1
        if at >= start and _SENTENCE_BOUNDARY.match(text, at, end):
            break
        last_of[text[hint]] = text.rfind(text[hint], hint_from, hint)
    rightmost = at
    while at > start and (text[at - 1].isspace() or text[at - 1] in _BOUNDARY_CLOSERS):
        at -= 1
    last = None
    resume = at  # where finditer would search next
    # Hints after the rightmost boundary were tried above and failed: the replay stops there.
    for hint_match in _BOUNDARY_HINT.finditer(text, max(0, at - 1), rightmost + 1):
        candidate = hint_match.start() if hint_match.group() == "\n" else hint_match.end()
        if candidate < resume:
            continue
        if match := _SENTENCE_BOUNDARY.match(text, candidate, end):
            last = resume = match.end()
    return last
