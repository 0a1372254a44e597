"""Conflicts and corroborations among claims that share a subject.

Two claims on one subject *conflict* when their figure intervals do not overlap (closed
intervals: touching ends agree). For a whole subject this is the test the database runs in SQL,
``GROUP BY subject_key HAVING max(fig_low) > min(fig_high)``: on a line, a set of intervals
has a common point exactly when every pair overlaps. Source does not matter: a source that
contradicts itself is reported too.

Claims *corroborate* when two or more sources give figures whose intervals share a point.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class ClaimLike(Protocol):
    """What conflict finding needs from a claim (a database row or :class:`ClaimFacts`)."""

    @property
    def id(self) -> Hashable: ...
    @property
    def source_id(self) -> Hashable: ...
    @property
    def subject_key(self) -> str | None: ...
    @property
    def fig_low(self) -> float: ...
    @property
    def fig_high(self) -> float: ...


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """A claim reduced to what comparison needs. ``value`` is the figure as stated (for a
    range, its midpoint); when None, the interval's midpoint or finite end stands in."""

    id: Hashable
    source_id: Hashable
    subject_key: str | None
    fig_low: float
    fig_high: float
    value: float | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Claims on one subject whose intervals cannot all be true at once.

    ``claims`` holds every claim that clashes with at least one other, smallest figure first;
    ``spread`` is the largest figure divided by the smallest among them (>= 1, ``inf`` when
    the smallest is 0).
    """

    subject_key: str
    claims: tuple[ClaimLike, ...]
    spread: float

    @property
    def source_ids(self) -> tuple[Hashable, ...]:
        return tuple(dict.fromkeys(claim.source_id for claim in self.claims))


@dataclass(frozen=True, slots=True)
class Corroboration:
    """Claims from at least two sources on one subject whose intervals share a point."""

    subject_key: str
    claims: tuple[ClaimLike, ...]
    fig_low: float  # the range every claim allows
    fig_high: float

    @property
    def source_ids(self) -> tuple[Hashable, ...]:
        return tuple(dict.fromkeys(claim.source_id for claim in self.claims))


def figure_of(claim: ClaimLike) -> float:
    """The stated figure of a claim: ``value`` if it has one, else its interval's middle."""
    value = getattr(claim, "value", None)
    if value is not None:
        return float(value)
    low, high = claim.fig_low, claim.fig_high
    if math.isfinite(low) and math.isfinite(high):
        return (low + high) / 2
    return low if math.isfinite(low) else high


def _by_subject(claims: Iterable[ClaimLike]) -> dict[str, list[ClaimLike]]:
    subjects: dict[str, list[ClaimLike]] = defaultdict(list)
    for claim in claims:
        if claim.subject_key is not None:
            subjects[claim.subject_key].append(claim)
    return subjects


def _spread(figures: Sequence[float]) -> float:
    smallest, largest = min(figures), max(figures)
    if smallest <= 0:
        return math.inf if largest > smallest else 1.0
    return largest / smallest


def find_conflicts(claims: Sequence[ClaimLike]) -> list[Conflict]:
    """One :class:`Conflict` per subject whose claims do not all overlap; largest spread first.

    A claim clashes with another exactly when it ends below the subject's highest lower
    bound or starts above its lowest upper bound, so this takes linear time per subject
    (a subject may gather tens of thousands of claims).
    """
    conflicts = []
    for subject_key, members in _by_subject(claims).items():
        highest_low = max(c.fig_low for c in members)
        lowest_high = min(c.fig_high for c in members)
        if highest_low <= lowest_high:
            continue
        clashing = sorted(
            (c for c in members if c.fig_high < highest_low or c.fig_low > lowest_high),
            key=lambda c: (figure_of(c), str(c.id)),
        )
        conflicts.append(
            Conflict(
                subject_key=subject_key,
                claims=tuple(clashing),
                spread=_spread([figure_of(c) for c in clashing]),
            )
        )
    conflicts.sort(key=lambda c: (-c.spread, c.subject_key))
    return conflicts


def corroborations(claims: Sequence[ClaimLike], *, min_sources: int = 2) -> list[Corroboration]:
    """Maximal sets of claims on one subject whose intervals share a point, from at least
    ``min_sources`` sources; by subject key, then by figure.

    Within a conflicted subject there can be several (one per cluster of agreeing figures);
    a claim whose interval bridges two clusters appears in both.
    """
    found = []
    for subject_key, members in _by_subject(claims).items():
        for clique in _maximal_overlapping_sets(members):
            if len({c.source_id for c in clique}) < min_sources:
                continue
            found.append(
                Corroboration(
                    subject_key=subject_key,
                    claims=tuple(sorted(clique, key=lambda c: (figure_of(c), str(c.id)))),
                    fig_low=max(c.fig_low for c in clique),
                    fig_high=min(c.fig_high for c in clique),
                )
            )
    found.sort(key=lambda c: (c.subject_key, c.fig_low))
    return found


def _maximal_overlapping_sets(members: Sequence[ClaimLike]) -> list[list[ClaimLike]]:
    """Maximal cliques of an interval graph by a sweep: opens before closes at equal points."""
    events = []
    for index, claim in enumerate(members):
        events.append((claim.fig_low, 0, index))
        events.append((claim.fig_high, 1, index))
    events.sort(key=lambda event: (event[0], event[1], event[2]))
    active: dict[int, ClaimLike] = {}
    cliques = []
    opened_since_close = False
    for _, is_close, index in events:
        if not is_close:
            active[index] = members[index]
            opened_since_close = True
            continue
        if opened_since_close:
            cliques.append([active[i] for i in sorted(active)])
            opened_since_close = False
        active.pop(index, None)
    return cliques
