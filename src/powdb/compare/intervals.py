"""The interval a historian would accept for a stated figure: hedge plus rounding.

Rules (``figure_interval``):

* **Rounding.** A figure is read as precise to its last significant unit, but never coarser
  than the scale word a reader would say it with: ``23,500`` is "twenty-three thousand five
  hundred" (unit 100, so +/-50), ``30,000`` is "thirty thousand" (unit 1,000, +/-500), ``five
  million`` has unit 1,000,000 (+/-500,000), ``5.5 million`` unit 100,000 (written decimals set
  the unit, so ``2.50 million`` has unit 10,000). Integers below 1,000 (``291``, ``four``,
  ``300``) and integers whose last significant digit is the units digit are exact counts: no
  widening. The half-unit is added on each side.
* **Approximate hedges** ("roughly", "about", "some", "an estimated"... and any hedge we do not
  know) widen to at least +/-10%: ``roughly 23,500`` -> [21,150, 25,850].
* **Lower bounds** ("more than", "over", "at least"...) -> [v, inf): the stated number is the
  bound itself, so it is not rounded, and the top is open (``math.inf``). Map ``inf`` to NULL
  or to a large sentinel (:data:`SQL_INF`) when storing; the overlap test needs
  ``max(low) > min(high)`` to treat it as larger than every figure.
* **Upper bounds** ("less than", "up to", "as many as", "at most"...) -> [0, v].
* **Near-below** ("almost", "nearly", "just under"...) -> [0.9v, v].
* **Near-above** ("just over", "slightly more than"...) -> [v, 1.1v]. As with all bounds, the
  stated number is the bound, so rounding does not widen these.
* **Ranges** (``low``/``high``) -> [low - its half-unit, high + its half-unit], then the hedge
  applies to the ends as above (approximate widens both ends by 10%).

Counts are never negative: a lower end below zero is clamped to 0 when the figure is >= 0.
"""

from __future__ import annotations

import math
import re

#: A finite stand-in for ``math.inf`` in databases without an infinity (store ``fig_high`` as
#: this value or as NULL; both compare as "larger than any real figure").
SQL_INF = 1e300

APPROXIMATE_HEDGES = frozenset(
    {
        "about", "around", "approximately", "approx.", "roughly", "some", "circa", "c.", "ca.",
        "an estimated", "estimated", "perhaps", "maybe", "possibly", "probably", "reportedly",
        "close to", "something like", "in the region of", "on the order of", "of the order of",
        "roughly some", "an approximate", "approximate", "give or take", "or so", "ish",
    }
)  # fmt: skip
LOWER_BOUND_HEDGES = frozenset(
    {
        "more than", "over", "at least", "in excess of", "upwards of", "upward of", "above",
        "exceeding", "no fewer than", "no less than", "not less than", "well over",
        "well above", "well in excess of", "greater than", "a minimum of", "at minimum",
        "beyond", "over and above", "plus", "or more",
    }
)  # fmt: skip
UPPER_BOUND_HEDGES = frozenset(
    {
        "less than", "fewer than", "under", "below", "up to", "at most", "no more than",
        "not more than", "as many as", "as much as", "a maximum of", "at the most",
        "not exceeding", "well under", "well below", "or fewer", "or less",
    }
)  # fmt: skip
NEAR_BELOW_HEDGES = frozenset(
    {
        "almost", "nearly", "just under", "just below", "approaching", "not quite",
        "just short of", "short of", "close on", "just shy of", "barely", "all but",
    }
)  # fmt: skip
NEAR_ABOVE_HEDGES = frozenset(
    {
        "just over", "just above", "slightly more than", "slightly over", "a little over",
        "a little more than", "just more than", "just in excess of", "a few more than",
    }
)  # fmt: skip

APPROXIMATE_WIDENING = 0.10

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_DIGIT_TOKEN = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*-?\s*(thousand|million|billion|bn|k|m)\b)?",
    re.IGNORECASE,
)


def hedge_class(hedge: str | None) -> str:
    """Classify a hedge: 'none', 'approximate', 'lower', 'upper', 'near_below', 'near_above'.

    Unknown hedges count as approximate: widening is the safe error (it can hide a conflict but
    never invents one).
    """
    if not hedge:
        return "none"
    normalized = " ".join(hedge.lower().split())
    for name, words in (
        ("lower", LOWER_BOUND_HEDGES),
        ("upper", UPPER_BOUND_HEDGES),
        ("near_below", NEAR_BELOW_HEDGES),
        ("near_above", NEAR_ABOVE_HEDGES),
        ("approximate", APPROXIMATE_HEDGES),
    ):
        if normalized in words:
            return name
    if normalized in {"between", "from", "exactly", "precisely", "a total of", "in all"}:
        return "none"
    return "approximate"


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
    surface: str | None,
) -> tuple[float, float]:
    """The closed interval ``(fig_low, fig_high)`` a historian would accept for a figure.

    Give ``value`` for a single figure, or ``low`` and ``high`` for a range. The upper end may
    be ``math.inf`` (for "more than ..."); see the module docstring for every rule.

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

    low_half = rounding_half_width(low_figure, surface)
    high_half = rounding_half_width(high_figure, surface)

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
