"""Subjects and conflicts: pure logic over claims, no database and no CLI.

* :func:`figure_interval` — the interval a historian would accept for a figure (hedge and
  rounding); the upper end may be ``math.inf``.
* :func:`assign_subject` — what a figure counts, as a :class:`Subject` with a stable ``key``.
* :func:`find_conflicts` / :func:`corroborations` — over :class:`ClaimFacts` (or any object
  with ``id, source_id, subject_key, fig_low, fig_high``).
* :func:`claim_facts` — extracted claims of one document to :class:`ClaimFacts`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from powdb.compare.intervals import (
        SQL_INF,
        figure_interval,
        hedge_class,
        rounding_half_width,
    )
    from powdb.compare.subjects import Subject, assign_subject, previous_sentence

# Loaded on first use: listing conflicts needs only the interval logic, and the subject rules'
# word tables cost a noticeable part of a command's start-up.
_EXPORTS = {
    "ClaimFacts": "conflicts",
    "ClaimLike": "conflicts",
    "Conflict": "conflicts",
    "Corroboration": "conflicts",
    "corroborations": "conflicts",
    "figure_of": "conflicts",
    "find_conflicts": "conflicts",
    "claim_facts": "facts",
    "interval_of": "facts",
    "subject_of": "facts",
    "SQL_INF": "intervals",
    "figure_interval": "intervals",
    "hedge_class": "intervals",
    "rounding_half_width": "intervals",
    "Subject": "subjects",
    "assign_subject": "subjects",
    "previous_sentence": "subjects",
}

__all__ = [
    "ClaimFacts",
    "ClaimLike",
    "Conflict",
    "Corroboration",
    "SQL_INF",
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


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"powdb.compare.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'powdb.compare' has no attribute {name!r}")
