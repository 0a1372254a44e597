"""The result type of extraction: a numeric claim found in a text, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One numeric claim read from a text.

    Offsets are Python ``str`` indices into the text given to the extractor, and
    ``text[start:end] == surface`` always holds; likewise
    ``text[quote_start:quote_start + len(quote)] == quote`` and the quote contains the surface.

    A single figure sets ``value`` (``low``/``high`` are None); a range ("45,000-50,000",
    "between 20,000 and 25,000") sets ``low`` and ``high`` and leaves ``value`` None.
    ``hedge`` is the hedge as written, lower-cased ("roughly", "more than"), and
    ``interval_low``/``interval_high`` are what the figure and its hedge allow (None means
    unbounded on that side); rounding is not included here.
    """

    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    interval_low: float | None
    interval_high: float | None
    unit: str | None  # None for a count; "percent", "miles", "gallons", "USD"...
    counted: str | None  # the counted noun phrase, e.g. "American soldiers"
    surface: str
    start: int
    end: int
    quote: str  # the sentence that carries the claim
    quote_start: int
    rule: str  # which rule or pattern produced the claim, for explanations
