"""The bounds of what powdb stores, shared by the extractor, the library and the command line.

No imports beyond the standard library: the command line checks its options against these
before it loads anything else.
"""

from __future__ import annotations

import math

#: The largest id of a source, claim or subject: ids are ``Integer`` columns, which hold 32
#: bits on PostgreSQL (SQLite would take more; the same bound serves both).
MAX_ID = 2**31 - 1

#: The largest size of a figure a claim holds. A float holds every whole number up to 2**53
#: exactly and none beyond it reliably, and JSON readers (JavaScript's among them) read every
#: number as such a float: a larger figure would be stored, shown and compared as some other
#: number, and past about 1.8e308 as infinity, which is not JSON at all.
MAX_FIGURE = 2**53


def is_storable_figure(value: float) -> bool:
    """Whether ``value`` is a figure a claim may hold: finite, and at most MAX_FIGURE in size."""
    return math.isfinite(value) and abs(value) <= MAX_FIGURE
