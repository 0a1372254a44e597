"""Hedges before a figure ("roughly", "more than", "almost") and the interval each allows.

Every hedge has a kind; the kind says how the figure's interval is built:

=============  ====================================================  ======================
kind           hedges                                                interval for value v
=============  ====================================================  ======================
approximate    roughly, about, approximately, around, some, circa,   [0.9·v, 1.1·v]
               c., ca., perhaps, close to, a leading "~"
over           more than, over, upwards of, in excess of, above,     (v, unbounded)
               well over, just over
at_least       at least, no fewer than, no less than, not less than, [v, unbounded)
               a trailing "+" ("500,000+", "17+ million")
at_most        up to, as many as, perhaps as many as, no more than,  [0, v]
               at most, not more than, as high as
just_below     almost, nearly, just under, just short of             [0.9·v, v)
under          fewer than, less than, under, below                   [0, v)
=============  ====================================================  ======================

Upper-bound hedges start at 0 rather than None because a count cannot be negative.
Exclusive ends ("more than 50,000" excludes 50,000) are stored as the figure itself: a float
interval cannot say "open", and the hedge word is kept for anyone who needs the difference.
An unhedged figure has the interval [v, v]; a range [low, high] (widened as above when hedged).
"""

from __future__ import annotations

import re

APPROXIMATE_SPREAD = 0.10  # ±10% for "roughly", "about"...
JUST_BELOW_SPREAD = 0.10  # "almost 50,000" -> [45,000, 50,000)

HEDGE_KINDS: dict[str, str] = {
    "roughly": "approximate", "about": "approximate", "approximately": "approximate",
    "approx.": "approximate", "around": "approximate", "some": "approximate",
    "circa": "approximate", "c.": "approximate", "ca.": "approximate",
    "perhaps": "approximate",
    "close to": "approximate", "probably": "approximate", "possibly": "approximate",
    "more than": "over", "over": "over", "upwards of": "over", "in excess of": "over",
    "above": "over", "well over": "over", "just over": "over", "well above": "over",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "not fewer than": "at_least",
    "up to": "at_most", "as many as": "at_most", "perhaps as many as": "at_most",
    "no more than": "at_most", "at most": "at_most", "not more than": "at_most",
    "as high as": "at_most",
    "almost": "just_below", "nearly": "just_below", "just under": "just_below",
    "just short of": "just_below", "not quite": "just_below",
    "fewer than": "under", "less than": "under", "under": "under", "below": "under",
}  # fmt: skip

_HEDGE_ALTS = "|".join(
    re.escape(h).replace(r"\ ", r"[ \t]+") for h in sorted(HEDGE_KINDS, key=len, reverse=True)
)
# Matches a hedge that ends right before the figure (search in the few characters before it).
HEDGE_BEFORE_RE = re.compile(rf"(?<![A-Za-z])({_HEDGE_ALTS})[ \t]+\Z", re.IGNORECASE)
# How far back to look for a hedge: the longest hedge plus some slack for spaces.
HEDGE_LOOKBACK = 32


# Last words of all hedges: a cheap test that rules out most figures before any regex runs.
_HEDGE_LAST_WORDS = tuple(sorted({h.split()[-1] for h in HEDGE_KINDS}))


def find_hedge(text: str, figure_start: int) -> tuple[str, int] | None:
    """Return (hedge as written, lower-cased with single spaces; its start) before a figure."""
    window_start = max(0, figure_start - HEDGE_LOOKBACK)
    if not text[window_start:figure_start].rstrip(" \t").lower().endswith(_HEDGE_LAST_WORDS):
        return None
    m = HEDGE_BEFORE_RE.search(text, window_start, figure_start)
    if m is None:
        return None
    hedge = " ".join(m.group(1).lower().split())
    if hedge not in HEDGE_KINDS:  # a case-folding oddity; treat as unhedged
        return None
    return hedge, m.start(1)


def interval(
    hedge: str | None, value: float | None, low: float | None, high: float | None
) -> tuple[float | None, float | None]:
    """The interval a figure (or range) and its hedge allow; None means unbounded."""
    lo = low if value is None else value
    hi = high if value is None else value
    if lo is None or hi is None:
        return None, None
    kind = HEDGE_KINDS.get(hedge or "")
    if kind is None:
        return lo, hi
    if kind == "approximate":
        return round(lo * (1 - APPROXIMATE_SPREAD), 6), round(hi * (1 + APPROXIMATE_SPREAD), 6)
    if kind == "over":
        return hi, None
    if kind == "at_least":
        return lo, None
    if kind == "at_most":
        return 0.0, hi
    if kind == "just_below":
        return round(hi * (1 - JUST_BELOW_SPREAD), 6), hi
    return 0.0, hi  # "under"
