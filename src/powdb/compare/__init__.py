"""Subjects and conflicts: pure logic over claims, no database and no CLI.

* :mod:`powdb.compare.frames` — why two claims are about the same thing: the frame of a claim
  (event, measure, population, scope), subjects within a block, possible matches and reasons;
* :mod:`powdb.compare.events` — which event a document is about;
* :func:`figure_interval` — the interval a historian would accept for a figure (hedge and
  rounding; the one hedge table is :mod:`powdb.extract.hedges`); the upper end may be
  ``math.inf``;
* :mod:`powdb.compare.conflicts` — :func:`find_conflicts` / :func:`corroborations` over
  :class:`ClaimFacts` (or any object with ``id, source_id, subject_key, fig_low, fig_high``).
"""

from __future__ import annotations

from powdb.compare.conflicts import (
    ClaimFacts,
    ClaimLike,
    Conflict,
    Corroboration,
    corroborations,
    figure_of,
    find_conflicts,
)
from powdb.extract.hedges import figure_interval, hedge_class, rounding_half_width

__all__ = [
    "ClaimFacts",
    "ClaimLike",
    "Conflict",
    "Corroboration",
    "corroborations",
    "figure_interval",
    "figure_of",
    "find_conflicts",
    "hedge_class",
    "rounding_half_width",
]
