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

from typing import TYPE_CHECKING, Any

from powdb.compare.conflicts import (
    ClaimFacts,
    ClaimLike,
    Conflict,
    Corroboration,
    corroborations,
    figure_of,
    find_conflicts,
)

if TYPE_CHECKING:
    from powdb.extract.hedges import figure_interval, hedge_class, rounding_half_width

#: Names this package gives from :mod:`powdb.extract.hedges`, loaded when first asked for:
#: importing that module loads the whole extractor (its package imports it), and the commands
#: that only list subjects and conflicts import this package but need none of them.
_FROM_HEDGES = frozenset({"figure_interval", "hedge_class", "rounding_half_width"})

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


if not TYPE_CHECKING:  # mypy reads the imports above, and no other name is made up

    def __getattr__(name: str) -> Any:
        if name in _FROM_HEDGES:
            from powdb.extract import hedges

            return getattr(hedges, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
