"""Hedges ("roughly", "more than", "almost") and the interval a figure allows: one table and
one interval function for the whole project (extraction, subjects and conflicts).

Every hedge has a class; the class says how the figure's interval is built
(:func:`figure_interval`):

===========  ==============================================================  ===============
class        hedges (examples)                                               figure v
===========  ==============================================================  ===============
approximate  roughly, about, approximately, around, some, circa, c., ca.,    [0.9v, 1.1v],
             perhaps, close to, a leading "~", and any hedge not in the      and never less
             table (widening is the safe error: it can hide a conflict but   than rounding
             never invents one)
lower        more than, over, at least, no fewer than, not fewer than, in    [v, unbounded)
             excess of, upwards of, a trailing "+" ("500,000+")
upper        up to, as many as, at most, no more than, fewer than, less      [0, v]
             than, under, below, as high as
near_below   almost, nearly, just under, just short of, not quite            [0.9v, v]
near_above   just over, slightly more than, a little over                    [v, 1.1v]
===========  ==============================================================  ===============

An unhedged figure is read as precise to its last significant unit, never coarser than the
scale word a reader would say it with (:func:`rounding_half_width`): ``23,500`` is +/-50,
``30,000`` +/-500, ``five million`` +/-500,000; integers below 1,000 and integers whose last
significant digit is the units digit are exact counts. A stated bound ("more than 50,000") is
the bound itself and is not rounded. Ranges take each end's rounding, then the hedge.
Counts are never negative: a lower end below zero is clamped to 0 when the figure is >= 0.
Exclusive ends ("more than 50,000" excludes 50,000) are kept as the figure itself: a float
interval cannot say "open", and the hedge word is kept for anyone who needs the difference.
"""

from __future__ import annotations

import math
import re

APPROXIMATE_WIDENING = 0.10  # +/-10% for "roughly", "about"; "almost 50,000" -> [45,000, 50,000]

#: hedge as stored (lower case, single spaces) -> its class.
HEDGES: dict[str, str] = {
    "roughly": "approximate", "about": "approximate", "approximately": "approximate",
    "approx.": "approximate", "around": "approximate", "some": "approximate",
    "circa": "approximate", "c.": "approximate", "ca.": "approximate",
    "perhaps": "approximate", "close to": "approximate", "probably": "approximate",
    "possibly": "approximate", "maybe": "approximate", "reportedly": "approximate",
    "something like": "approximate", "in the region of": "approximate",
    "on the order of": "approximate", "of the order of": "approximate",
    "more than": "lower", "over": "lower", "upwards of": "lower", "upward of": "lower",
    "in excess of": "lower", "above": "lower", "well over": "lower", "well above": "lower",
    "at least": "lower", "no fewer than": "lower", "no less than": "lower",
    "not less than": "lower", "not fewer than": "lower", "a minimum of": "lower",
    "greater than": "lower", "exceeding": "lower",
    "up to": "upper", "as many as": "upper", "perhaps as many as": "upper",
    "no more than": "upper", "at most": "upper", "not more than": "upper",
    "as high as": "upper", "as much as": "upper", "a maximum of": "upper",
    "fewer than": "upper", "less than": "upper", "under": "upper", "below": "upper",
    "well under": "upper", "well below": "upper",
    "almost": "near_below", "nearly": "near_below", "just under": "near_below",
    "just below": "near_below", "just short of": "near_below", "not quite": "near_below",
    "just over": "near_above", "just above": "near_above", "slightly more than": "near_above",
    "slightly over": "near_above", "a little over": "near_above",
    "a little more than": "near_above",
}  # fmt: skip
#: Hedges written after the figure ("50,000 or more"), kept when a user gives one.
TRAILING_HEDGES: dict[str, str] = {
    "or more": "lower", "plus": "lower", "or so": "approximate", "or fewer": "upper",
    "or less": "upper",
}  # fmt: skip
#: Words that say a figure is exact: no hedge, the figure's own rounding.
EXACT_WORDS = frozenset({"exactly", "precisely", "a total of", "in all"})

_HEDGE_ALTS = "|".join(
    re.escape(h).replace(r"\ ", r"[ \t]+") for h in sorted(HEDGES, key=len, reverse=True)
)
# Matches a hedge that ends right before the figure (search in the few characters before it).
HEDGE_BEFORE_RE = re.compile(rf"(?<![A-Za-z])({_HEDGE_ALTS})[ \t]+\Z", re.IGNORECASE)
# How far back to look for a hedge: the longest hedge plus some slack for spaces.
HEDGE_LOOKBACK = 32


# Last words of all hedges: a cheap test that rules out most figures before any regex runs.
_HEDGE_LAST_WORDS = tuple(sorted({h.split()[-1] for h in HEDGES}))


def find_hedge(text: str, figure_start: int) -> tuple[str, int] | None:
    """Return (hedge as written, lower-cased with single spaces; its start) before a figure."""
    window_start = max(0, figure_start - HEDGE_LOOKBACK)
    if not text[window_start:figure_start].rstrip(" \t").lower().endswith(_HEDGE_LAST_WORDS):
        return None
    m = HEDGE_BEFORE_RE.search(text, window_start, figure_start)
    if m is None:
        return None
    hedge = " ".join(m.group(1).lower().split())
    if hedge not in HEDGES:  # a case-folding oddity; treat as unhedged
        return None
    return hedge, m.start(1)


def hedge_class(hedge: str | None) -> str:
    """The class of a hedge (see the module table); "none" for no hedge or an exact one.
    A hedge not in the table counts as approximate."""
    if not hedge:
        return "none"
    normalized = " ".join(hedge.lower().split())
    if normalized in EXACT_WORDS:
        return "none"
    return HEDGES.get(normalized) or TRAILING_HEDGES.get(normalized) or "approximate"


_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_DIGIT_TOKEN = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*-?\s*(thousand|million|billion|bn|k|m)\b)?",
    re.IGNORECASE,
)


def rounding_half_width(value: float, surface: str | None = None) -> float:
    """Half the unit the figure is precise to (0 for an exact count); see the module rules."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    if surface:
        for match in _DIGIT_TOKEN.finditer(surface):
            digits, decimals, scale_word = match.groups()
            scale = _SCALES[scale_word.lower()] if scale_word else 1.0
            written = float(digits.replace(",", "") + ("." + decimals if decimals else ""))
            if not math.isclose(written * scale, abs(value), rel_tol=1e-9):
                continue
            if decimals:
                return 10.0 ** -len(decimals) * scale / 2
            break
    return _value_unit(abs(value)) / 2


def _value_unit(value: float) -> float:
    if value != int(value):
        exponent = _decimal_exponent(value)
        return 0.0 if exponent >= 0 else 10.0**exponent
    integer = int(value)
    if integer < 1000:  # its scale is 1, so it is an exact count
        return 0.0
    digits = str(integer)
    trailing_zeros = len(digits) - len(digits.rstrip("0"))
    last_significant = 10**trailing_zeros
    scale = 1000 ** ((len(digits) - 1) // 3)
    unit = min(last_significant, scale)
    return 0.0 if unit == 1 else float(unit)


def _decimal_exponent(value: float) -> int:
    """The exponent of the last significant digit of ``repr(value)`` (-2 for 2.75, -5 for
    1e-05): what ``Decimal(repr(value)).normalize()`` says, without building a Decimal."""
    mantissa, _, exponent = repr(value).partition("e")
    fraction = mantissa.partition(".")[2].rstrip("0")
    return int(exponent or 0) - len(fraction)


def _round_bounds(low: float, high: float) -> tuple[float, float]:
    # Keep 0.9 * 50000 == 45000 exactly, so equal bounds from two sources compare as equal.
    def tidy(x: float) -> float:
        return x if not math.isfinite(x) else float(round(x, 6))

    return tidy(low), tidy(high)


def figure_interval(
    value: float | None,
    low: float | None,
    high: float | None,
    hedge: str | None,
    surface: str | None = None,
    *,
    rounding: bool = True,
) -> tuple[float, float]:
    """The closed interval a historian would accept for a figure; the ends may be infinite.

    Give ``value`` for a single figure, or ``low`` and ``high`` for a range. ``rounding=False``
    gives what the hedge alone allows (an unhedged "23,500" is exactly 23,500).

    >>> figure_interval(23500, None, None, "roughly", "roughly 23,500")
    (21150.0, 25850.0)
    >>> figure_interval(50000, None, None, "more than", "more than 50,000")
    (50000.0, inf)
    """
    kind = hedge_class(hedge)
    if value is not None:
        low_figure = high_figure = float(value)
    elif low is not None and high is not None:
        low_figure, high_figure = sorted((float(low), float(high)))
    elif low is not None or high is not None:
        low_figure = high_figure = float(low if low is not None else high)  # type: ignore[arg-type]
    else:
        raise ValueError("a figure needs a value or a low and a high")

    low_half = rounding_half_width(low_figure, surface) if rounding else 0.0
    high_half = rounding_half_width(high_figure, surface) if rounding else 0.0

    if kind == "lower":
        result = (low_figure, math.inf)
    elif kind == "upper":
        result = (0.0 if high_figure >= 0 else -math.inf, high_figure)
    elif kind == "near_below":
        result = (low_figure * (1 - APPROXIMATE_WIDENING), high_figure)
    elif kind == "near_above":
        result = (low_figure, high_figure * (1 + APPROXIMATE_WIDENING))
    elif kind == "approximate":
        result = (
            min(low_figure - low_half, low_figure * (1 - APPROXIMATE_WIDENING)),
            max(high_figure + high_half, high_figure * (1 + APPROXIMATE_WIDENING)),
        )
    else:
        result = (low_figure - low_half, high_figure + high_half)

    fig_low, fig_high = result
    if low_figure >= 0:
        fig_low = max(0.0, fig_low)
    return _round_bounds(fig_low, fig_high)


def hedge_interval(
    hedge: str | None, value: float | None, low: float | None, high: float | None
) -> tuple[float | None, float | None]:
    """What the hedge alone allows (no rounding), None for an unbounded end: the
    ``interval_low``/``interval_high`` of a claim."""
    if value is None and (low is None or high is None):
        return None, None
    lower, upper = figure_interval(value, low, high, hedge, rounding=False)
    return (lower if math.isfinite(lower) else None, upper if math.isfinite(upper) else None)
