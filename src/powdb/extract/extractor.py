"""``extract_claims``: one compiled regex finds candidate figures; the rest runs around them.

Rule names (``ExtractedClaim.rule``) are a base name plus modifiers joined by "+":

* base: ``count.digits`` ("291 men"), ``count.words`` ("five million Soviet citizens"),
  ``share.percent`` ("80 per cent", "12%"), ``share.fraction`` ("one-third", stored as percent),
  ``measure`` (a unit of measure: "2,000 gallons"), ``money`` ("$11 billion"),
  ``range.dash`` ("45,000–50,000", "20-25,000", "two to three million"),
  ``range.between`` ("between 20,000 and 25,000");
* modifiers: ``scale`` (a scale word after digits: "1.5 million"), ``hedge`` (a hedge before
  the figure), ``shared-hedge`` (the hedge of a coordinated figure before it: "roughly 23,500
  American and 30,000 British"), ``shared-noun`` (the head noun of a coordinated figure after
  it), ``referent`` (a noun phrase linked by a verb: "the crews, which comprised 291 men").

Vague quantities ("hundreds of", "thousands of", "dozens of", "a lot of") are not claims and
are skipped; so is a lone "one" ("one of the pilots", "Buy one"). So are references to parts
of a document: "page 12", "pp. 12-14", "pages 3 to 5", "Page two", "chapter three", and the
page-number lines of PDF text ("Page 2", "- 2 -", a bare "2" between pages). So are figures
larger than a claim can hold (``powdb.limits.MAX_FIGURE``, 2**53: "1" and 400 zeros would be
infinity as a float), which a caller may ask to hear about (``oversized``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from powdb.extract import filters
from powdb.extract.counted import find_referent, looks_plural, read_phrase
from powdb.extract.hedges import find_hedge, hedge_interval
from powdb.extract.model import ExtractedClaim
from powdb.extract.numbers import (
    CANDIDATE_PATTERN,
    SCALE_AFTER_DIGITS_RE,
    apply_scale,
    candidate_spans,
    complete_abbreviated_low,
    parse_digits,
    parse_words,
)
from powdb.extract.sentences import SentenceIndex
from powdb.extract.unwrap import plain_view, readable
from powdb.limits import is_storable_figure

EXTRACTOR_VERSION = "1.2.0"
#: Why ``_read_figure`` refused a figure larger than a claim can hold.
TOO_LARGE = "too large"

# Reads a candidate at a given offset (the second figure of a range or ratio); the scan of the
# whole text is ``candidate_spans``, and everything else looks only around what it finds.
CANDIDATE_RE = re.compile(CANDIDATE_PATTERN)
_PERCENT_RE = re.compile(r"[ \t]*(?:%|per[ \t]?cent\b|percent\b|pct\b)", re.IGNORECASE)
# "45,000-50,000", "two to three million", "from 3,787 to over 16,000" (a hedge on the upper
# end of a range leaves it a range: the figures are its ends).
_RANGE_JOIN_RE = re.compile(
    r"[ \t]*(?:[-\u2010-\u2015\u2212]|to\b(?:[ \t]+(?:over|more[ \t]+than|nearly|almost|about|"
    r"around|some|at[ \t]+least|as[ \t]+many[ \t]+as)\b)?)[ \t]*",
    re.IGNORECASE,
)
_AND_RE = re.compile(r"[ \t]+and[ \t]+", re.IGNORECASE)
_BETWEEN_BEFORE_RE = re.compile(r"(?<![A-Za-z])between[ \t]+\Z", re.IGNORECASE)
_COORD_GAP_RE = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:and|or)[ \t]+)?", re.IGNORECASE)
_OF_AFTER_RE = re.compile(r"[ \t]+of\b", re.IGNORECASE)
_ARTICLE_BEFORE_RE = re.compile(r"(?<![A-Za-z])[Aa][ \t]+\Z")
_DETERMINER_BEFORE_RE = re.compile(
    r"(?<![A-Za-z])(?:the|all|these|those|both|its|their|his|her|our|my|your)[ \t]+\Z",
    re.IGNORECASE,
)
_MINUS_BEFORE_RE = re.compile(r"(?:(?<![A-Za-z])minus[ \t]+|\u2212)\Z", re.IGNORECASE)
_RATIO_RE = re.compile(r"[ \t]+in[ \t]+(?:every[ \t]+)?")
# What joins the numbers of one reference: "pp. 12-14", "pages 3 to 5", "Tables 2 and 3".
_REFERENCE_JOIN_RE = re.compile(
    r"[ \t]*(?:[-\u2010-\u2015&,]|to\b|and\b|of\b)[ \t]*(?=[0-9A-Za-z])", re.IGNORECASE
)
# Where read_phrase can find a word after a figure (its first token, quotes allowed).
_WORD_AFTER_RE = re.compile("[ \t]*[\"'\u201c\u2018]?[A-Za-z]")
_CURRENCY = {"$": "USD", "\u00a3": "GBP", "\u20ac": "EUR"}
# A fraction written with a slash, read as a share only where it is one: "2/3 of", "1/13th".
_FRACTION_RE = re.compile(r"/([0-9]{1,3})(?:(?:st|nd|rd|th)\b|(?=[ \t]+of\b))")
# A sign that the figure is approximate, written before it: "~4,000", "≈ 300".
_TILDE_BEFORE_RE = re.compile(r"[~\u2248\u223c][ \t]?\Z")
# A plain hyphen used as a minus sign: right before the digits, after a space or bracket.
_HYPHEN_MINUS_BEFORE_RE = re.compile(r"(?:^|(?<=[ \t(]))-\Z")


@dataclass(slots=True)
class _Figure:
    """A figure read at a candidate: value or range, and where it sits."""

    start: int
    end: int
    value: float
    has_scale: bool = False
    unit: str | None = None
    rules: list[str] = field(default_factory=list)
    year_like: bool = False
    grouped: bool = False
    is_words: bool = False
    plus: bool = False  # "500,000+", "17+ million": at least the figure


@dataclass(slots=True)
class _Pending:
    """A claim being assembled; coordination may still add a head noun."""

    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    unit: str | None
    words: list[str]
    referent: str | None
    start: int
    end: int
    quote_start: int
    quote_end: int
    rules: list[str]


def _read_figure(
    text: str, start: int, end: int, listing: list[tuple[int, int]], range_end: bool = False
) -> _Figure | str:
    """Read the figure at a candidate ``text[start:end]``; a string is why it was rejected.

    ``listing`` holds the shop-listing lines of the text (``filters.listing_lines``).
    """
    raw = text[start:end]
    if raw[0] <= "9":
        grouped = not raw.replace(".", "").isdigit()
        reason = filters.reject_digits(text, start, end, grouped, range_end, listing)
        if reason:
            return reason
        value = parse_digits(raw)
        if value is None:
            return "unreadable"
        fig = _Figure(start, end, value, grouped=grouped, rules=["count.digits"])
        fig.year_like = filters.looks_like_year(raw)
        fraction = _FRACTION_RE.match(text, end)
        if fraction is not None:  # "2/3 of the island", "1/13th of the globe"
            denominator = float(fraction.group(1))
            if not 0 < value < denominator:
                return "code"
            fig.value, fig.unit, fig.rules = (
                100 * value / denominator,
                "percent",
                ["share.fraction"],
            )
            fig.end = fraction.end()
            return fig
        if text.startswith("/", end) and end + 1 < len(text) and text[end + 1].isdigit():
            return "code"  # 26/11, 9/11, 12/3/26: dates and codes, not figures
        after = end
        if text.startswith("+", after) and not text[after + 1 : after + 2].isdigit():
            fig.plus, after = True, after + 1
            fig.end = after
        scale = SCALE_AFTER_DIGITS_RE.match(text, after)
        if scale is not None:
            fig.value = apply_scale(value, scale.group(1))
            fig.end, fig.has_scale, fig.year_like = scale.end(), True, False
            fig.rules.append("scale")
            if text.startswith("+", fig.end) and not text[fig.end + 1 : fig.end + 2].isdigit():
                fig.plus = True  # "50 million+"
                fig.end += 1
        if not is_storable_figure(fig.value):
            return TOO_LARGE
        sign_at = _currency_sign_before(text, start)
        if sign_at >= 0:
            fig.start = sign_at
            fig.unit = _CURRENCY[text[sign_at]]
            fig.rules[0] = "money"
        return fig
    run_start, run = start, raw
    article = _ARTICLE_BEFORE_RE.search(text, max(0, run_start - 3), run_start)
    if article is not None:
        run_start, run = article.start(), text[article.start() : end]
    parsed = parse_words(run)
    if parsed is None and article is not None:
        run_start, run = start, raw
        parsed = parse_words(run)
    if parsed is None:
        if run.lower() == "half" and _OF_AFTER_RE.match(text, end):
            return _Figure(
                run_start, end, 50.0, unit="percent", rules=["share.fraction"]
            )  # "half of the trains"
        return "not a number"
    end = run_start + parsed.end
    ratio = _ratio(text, end, parsed.value, listing, range_end)
    if ratio is not None:  # "one in five": a share
        share, ratio_end = ratio
        return _Figure(run_start, ratio_end, share, unit="percent", rules=["share.ratio"])
    if parsed.lone_one:
        return "lone one"
    if listing and filters.in_listing_line(listing, run_start):
        return "listing"
    fig = _Figure(run_start, end, parsed.value, has_scale=parsed.has_scale, is_words=True)
    if parsed.is_fraction:
        if run[:1] in "aA" and not _OF_AFTER_RE.match(text, end):
            return "ordinal"  # "a third time"
        fig.value, fig.unit, fig.rules = parsed.value * 100, "percent", ["share.fraction"]
    else:
        fig.rules = ["count.words"]
    return fig


def _currency_sign_before(text: str, start: int) -> int:
    """Offset of a currency sign right before a figure ("$11", "\u00a3 20"), or -1."""
    if start >= 2 and text[start - 2] in _CURRENCY and text[start - 1] in " \t":
        return start - 2
    if start >= 1 and text[start - 1] in _CURRENCY:
        return start - 1
    return -1


def _ratio(
    text: str, end: int, numerator: float, listing: list[tuple[int, int]], range_end: bool
) -> tuple[float, int] | None:
    """Read "one in five" as 20 percent; return (share, end of the denominator)."""
    if range_end:
        return None
    join = _RATIO_RE.match(text, end)
    if join is None:
        return None
    m2 = CANDIDATE_RE.match(text, join.end())
    if m2 is None:
        return None
    fig2 = _read_figure(text, m2.start(), m2.end(), listing, range_end=True)
    if isinstance(fig2, str) or fig2.unit is not None or fig2.year_like:
        return None
    if not 0 < numerator < fig2.value <= 1000:
        return None
    return round(100 * numerator / fig2.value, 6), fig2.end


def extract_claims(
    text: str, oversized: list[str] | None = None, *, view: str | None = None
) -> list[ExtractedClaim]:
    """Find the numeric claims in ``text``, sorted by start offset.

    ``view`` is the text's analysis view (:mod:`powdb.extract.unwrap`; for Markdown, front
    matter and the like, :func:`powdb.readers.structure.analysis_view`): the same length as
    ``text``, prose only, paragraphs unwrapped. Claims are looked for in the view; without one,
    ``text`` is taken for plain text and its view is :func:`~powdb.extract.unwrap.plain_view`.

    Pure and deterministic; never raises on any ``str``. Offsets are Python ``str`` indices
    into ``text`` and ``text[start:end] == surface`` always holds. ``quote`` is the sentence
    (or sentences) around the claim as a reader reads it: ``view[quote_start:quote_end]`` with
    white space collapsed (see :class:`~powdb.extract.model.ExtractedClaim`). Every figure is
    finite and at most ``powdb.limits.MAX_FIGURE`` in size; the text of each larger one, left
    out, is appended to ``oversized`` when a list is given.
    """
    if not isinstance(text, str) or not text:
        return []
    if view is None:
        view = plain_view(text)
    elif len(view) != len(text):
        raise ValueError("the analysis view must be as long as the text")
    return [_freeze(text, view, e) for e in _find(view, oversized)]


def _find(text: str, oversized: list[str] | None) -> list[_Pending]:
    """The claims found in ``text`` (an analysis view), not yet frozen."""
    sentences = SentenceIndex(text)
    pending: list[_Pending] = []
    consumed_until = 0
    prev_phrase_end = -1
    prev_joins = False
    prev_hedge: str | None = None
    group: list[_Pending] = []
    page_numbers = filters.page_number_offsets(text)
    listing = filters.listing_lines(text)
    reference_next = -1  # where a number joined to a reference would start ("pp. 12-14")
    for cand_start, cand_end in candidate_spans(text):
        if cand_start < consumed_until or cand_start in page_numbers:
            continue
        fig = _read_figure(text, cand_start, cand_end, listing)
        if isinstance(fig, str):
            if fig in ("reference", "designation"):  # "Tables 2 and 3", "Surge 1 & 2"
                reference_next = _reference_join_end(text, cand_end)
            elif fig == TOO_LARGE and oversized is not None:
                oversized.append(text[cand_start:cand_end])
            continue
        low = high = None
        value: float | None = fig.value
        end = fig.end
        kind_rules = fig.rules
        range_start = fig.start
        # Ranges: "45,000–50,000", "two to three million", "between 20,000 and 25,000".
        # "between" and "minus" end in n and s: look at the whole words only after one of those.
        i = fig.start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        before = (
            text[max(0, fig.start - 12) : fig.start].rstrip(" \t").lower()
            if i >= 0 and text[i] in "nNsS\u2212"
            else ""
        )
        between = (
            _BETWEEN_BEFORE_RE.search(text, max(0, fig.start - 12), fig.start)
            if before.endswith("between")
            else None
        )
        join = (_AND_RE if between else _RANGE_JOIN_RE).match(text, end)
        if join is not None and (between or join.group().strip() or True):
            m2 = CANDIDATE_RE.match(text, join.end())
            fig2 = (
                _read_figure(text, m2.start(), m2.end(), listing, range_end=True)
                if m2 is not None
                else None
            )
            if isinstance(fig2, str) and fig2 in ("decade", "date") and not between:
                consumed_until = m2.end() if m2 is not None else end
                continue  # "20-40s", "21\u201324 September": the first number is part of it
            if isinstance(fig2, _Figure) and fig2.unit == fig.unit and fig2.value > fig.value:
                lo = fig.value
                if (fig2.has_scale and not fig.has_scale) or (
                    fig2.grouped and not fig.grouped and not fig.is_words
                ):
                    lo = complete_abbreviated_low(lo, fig2.value)
                if fig.year_like and (fig2.year_like or fig2.value < 100):
                    consumed_until = fig2.end
                    continue  # 1945-1947, 1944-45
                low, high, value, end = lo, fig2.value, None, fig2.end
                kind_rules = ["range.between" if between else "range.dash", *fig.rules[1:]]
                if between:
                    range_start = between.start()
                consumed_until = end
        elif fig.year_like and between:
            pass
        minus = (
            _MINUS_BEFORE_RE.search(text, max(0, fig.start - 8), fig.start)
            if before.endswith(("minus", "\u2212"))
            else None
        )
        if minus is None and value is not None and not fig.is_words and fig.unit is None:
            minus = _HYPHEN_MINUS_BEFORE_RE.search(text, max(0, fig.start - 1), fig.start)
        if minus is not None and value is not None:
            value, range_start = -value, minus.start()
            kind_rules = [*kind_rules, "minus"]
        percent = _PERCENT_RE.match(text, end)
        unit = fig.unit
        if percent is not None and unit is None:
            unit, end = "percent", percent.end()
            kind_rules = ["share.percent" if value is not None else kind_rules[0], *kind_rules[1:]]
        hedge_found = find_hedge(text, range_start)
        if (
            fig.year_like
            and value is not None
            and not fig.has_scale
            and (
                _WORD_AFTER_RE.match(text, end) is None
                or (hedge_found is None and filters.follows_temporal_word(text, fig.start))
            )
        ):
            continue  # "in 1945", "1945." (year_is_claim below, decided before reading on)
        line_end = text.find("\n", end)
        if line_end == -1:
            line_end = len(text)
        phrase = read_phrase(text, end, line_end)
        if phrase.unit is not None and unit is None:
            unit = phrase.unit
            if value is not None:
                kind_rules = ["measure", *kind_rules[1:]]
        if hedge_found is None:
            tilde = _TILDE_BEFORE_RE.search(text, max(0, range_start - 2), range_start)
            if tilde is not None:  # "~4,000"
                hedge_found = ("about", tilde.start())
        hedge = hedge_found[0] if hedge_found else None
        claim_start = hedge_found[1] if hedge_found else range_start
        postfix_hedge = False
        if fig.plus and value is not None and (hedge_found is None or hedge == "about"):
            # "500,000+", "~2,000+": at least; "up to 1,000+" keeps its word
            hedge, postfix_hedge = "at least", True
        next_word = phrase.words[0] if phrase.words else None
        if (
            fig.year_like
            and value is not None
            and not fig.has_scale
            and not filters.year_is_claim(text, fig.start, fig.end, next_word, hedge is not None)
        ):
            continue
        if (
            fig.year_like
            and value is not None
            and hedge is None
            and _DETERMINER_BEFORE_RE.search(text, max(0, fig.start - 8), fig.start)
        ):
            continue  # "the 1993 blasts", "its 2006 report": a year naming an event
        if (
            value is not None
            and not fig.is_words
            and not fig.grouped
            and unit is None
            and hedge is None
            and not (next_word and next_word[0].islower() and looks_plural(next_word))
            and filters.names_a_thing_at_sentence_start(text, fig.start)
        ):
            reference_next = _reference_join_end(text, end)
            continue  # "Reactor 4 was", "Phase 1: Yi Alone", "Day 3 (September 3)"
        if (
            fig.is_words
            and value is not None
            and unit is None
            and not fig.has_scale
            and not phrase.words
            and hedge is None
            and _DETERMINER_BEFORE_RE.search(text, max(0, fig.start - 8), fig.start)
        ):
            continue  # "all four", "the two": a number word with nothing counted
        if (
            unit is None
            and not phrase.words
            and hedge is None
            and (
                claim_start == reference_next
                or (fig.is_words and filters.follows_document_part(text, fig.start))
            )
        ):
            reference_next = _reference_join_end(text, end)
            continue  # "pages 3 to 5", "Tables 2 and 3", "Page two", "chapter three"
        # Coordination: "roughly 23,500 American and 30,000 British ... soldiers".
        gap = _COORD_GAP_RE.match(text, prev_phrase_end) if prev_phrase_end >= 0 else None
        coordinated = prev_joins and gap is not None and gap.end() == claim_start
        rules = list(kind_rules)
        if hedge is not None:
            rules.append("hedge")
        elif coordinated and prev_hedge is not None:
            hedge = prev_hedge
            rules.append("shared-hedge")
        if not coordinated and group:
            _share_head_noun(group)
            group = []
        counted_words = list(phrase.words)
        surface_end = max(end, phrase.end if (phrase.words or phrase.unit) else end)
        sent_start, sent_end = sentences.bounds(claim_start, surface_end)
        referent = find_referent(text, sent_start, claim_start)
        entry = _Pending(
            value,
            low,
            high,
            hedge,
            unit,
            counted_words,
            referent,
            claim_start,
            surface_end,
            sent_start,
            sent_end,
            rules,
        )
        if referent is not None:
            rules.append("referent")
        pending.append(entry)
        group.append(entry)
        prev_phrase_end = surface_end
        prev_joins = phrase.joins_next_figure
        prev_hedge = None if postfix_hedge else hedge  # a "+" is the figure's own
        consumed_until = max(consumed_until, surface_end)
    if group:
        _share_head_noun(group)
    return pending


def _reference_join_end(text: str, pos: int) -> int:
    """Where a number continuing the reference that ends at ``pos`` would start, or -1."""
    join = _REFERENCE_JOIN_RE.match(text, pos)
    return -1 if join is None else join.end()


def _share_head_noun(group: list[_Pending]) -> None:
    """Give earlier coordinated figures the head noun of the last: "American" -> "American
    soldiers" in "23,500 American and 30,000 British and Commonwealth soldiers"."""
    if len(group) < 2:
        return
    last_words = group[-1].words
    if not last_words or not looks_plural(last_words[-1]) or not last_words[-1][0].islower():
        return
    head = last_words[-1]
    for e in group[:-1]:
        if e.unit is None and (not e.words or e.words[-1][:1].isupper()):
            e.words.append(head)
            e.rules.append("shared-noun")


def _freeze(text: str, view: str, e: _Pending) -> ExtractedClaim:
    counted = " ".join(e.words) or None
    if e.referent is not None:
        counted = f"{counted} ({e.referent})" if counted else e.referent
    ilo, ihi = hedge_interval(e.hedge, e.value, e.low, e.high)
    quote_start, quote_end = e.quote_start, e.quote_end
    while quote_start < e.start and view[quote_start].isspace():
        quote_start += 1
    return ExtractedClaim(
        value=e.value, low=e.low, high=e.high, hedge=e.hedge, interval_low=ilo,
        interval_high=ihi, unit=e.unit, counted=counted, surface=text[e.start:e.end],
        start=e.start, end=e.end, quote=readable(view[quote_start:quote_end]),
        quote_start=quote_start, quote_end=quote_end, rule="+".join(e.rules),
    )  # fmt: skip
