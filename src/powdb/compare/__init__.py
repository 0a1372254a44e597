"""Subjects and conflicts: pure logic over claims, no database and no CLI.

* :func:`figure_interval` — the interval a historian would accept for a figure (hedge and
  rounding); the upper end may be ``math.inf``.
* :func:`assign_subject` — what a figure counts, as a :class:`Subject` with a stable ``key``.
* :func:`find_conflicts` / :func:`corroborations` — over :class:`ClaimFacts` (or any object
  with ``id, source_id, subject_key, fig_low, fig_high``).
* :func:`claim_facts` — extracted claims of one document to :class:`ClaimFacts`.
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
from powdb.compare.facts import claim_facts, interval_of, subject_of
from powdb.compare.intervals import SQL_INF, figure_interval, hedge_class, rounding_half_width
from powdb.compare.subjects import Subject, assign_subject, previous_sentence

__all__ = [
    "SQL_INF",
    "ClaimFacts",
    "ClaimLike",
    "Conflict",
    "Corroboration",
    "Subject",
    "assign_subject",
    "claim_facts",
    "corroborations",
    "figure_interval",
    "figure_of",
    "find_conflicts",
    "hedge_class",
    "interval_of",
    "previous_sentence",
    "rounding_half_width",
    "subject_of",
]
