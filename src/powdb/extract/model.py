"""The result type of extraction: a numeric claim found in a text, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One numeric claim read from a text.

    Offsets are Python ``str`` indices into the text given to the extractor, and
    ``text[start:end] == surface`` always holds. The quote is the sentence around the claim as a
    reader reads it: ``quote == " ".join(view[quote_start:quote_end].split())`` where ``view``
    is the text's analysis view (the text with markup blanked and paragraphs unwrapped; see
    :mod:`powdb.extract.unwrap`), and ``quote_start <= start < end <= quote_end``. So in plain
    prose on one line the quote is ``text[quote_start:quote_end]`` itself; in Markdown it has
    no ``**`` or link targets, and a hard-wrapped sentence reads as one line.

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
    quote: str  # the sentence that carries the claim as a reader reads it; in a very long
    # one, a window of words around the claim
    quote_start: int
    quote_end: int
    rule: str  # which rule or pattern produced the claim, for explanations
