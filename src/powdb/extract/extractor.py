"""``extract_claims``: one compiled regex finds candidate figures; the rest runs around them.

Rule names (``ExtractedClaim.rule``) are a base name plus modifiers joined by "+":

* base: ``count.digits`` ("291 men"), ``count.words`` ("five million Soviet citizens"),
  ``share.percent`` ("80 per cent", "12%"), ``share.fraction`` ("one-third", stored as percent),
  ``measure`` (a unit of measure: "2,000 gallons"), ``money`` ("$11 billion"),
  ``range.dash`` ("45,000–50,000", "20-25,000", "two to three million"),
  ``range.between`` ("between 20,000 and 25,000"), ``ratio`` ("six to one": unit ``times``),
  ``age`` ("Meriwether Lewis (29)": unit ``years``, counted "age of Meriwether Lewis");
* modifiers: ``scale`` (a scale word or letters after digits: "1.5 million", "2.7M copies",
  "\u00a33.2bn"), ``minus`` (a negative figure: "-40", "-5 to -3"), ``hedge`` (a hedge before
  the figure, or after it: "5,000 (approximately)", "300 or so"), ``shared-hedge`` (the hedge
  of a coordinated figure before it: "roughly 23,500 American and 30,000 British"),
  ``shared-noun`` (the head noun of a coordinated figure after it), ``referent`` (a noun
  phrase linked by a verb: "the crews, which comprised 291 men"), ``ocr`` (the text was read
  by OCR) and ``ocr-digits`` (letters OCR read for digits were read as digits: "23,5OO").

Number forms: thousands grouped by commas, thin spaces or (in a text that never uses a dot as a
decimal point, nor commas for thousands) dots: "45.000"; vulgar fractions ("\u00be million",
"1\u00bd"); fractions of a scale ("a quarter of a million", "half a million", "two and a
half"); one of a unit ("for a week", "a mile inland", but not "once a week" nor "a week
later"); "half" and "halved" as a share; currency signs and codes ("$US12,480,000",
"USD10m"); a comma-grouped figure glued to its label by a table ("Total45,000").

Vague quantities ("hundreds of", "thousands of", "dozens of", "a lot of") are not claims and
are skipped; so is a lone "one" ("one of the pilots", "Buy one"). So are references to parts
of a document: "page 12", "pp. 12-14", "pages 3 to 5", "Page two", "chapter three", and the
page-number lines of PDF text ("Page 2", "- 2 -", a bare "2" between pages). So are figures
larger than a claim can hold (``powdb.limits.MAX_FIGURE``, 2**53: "1" and 400 zeros would be
infinity as a float), which a caller may ask to hear about (``oversized``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from powdb.extract import filters
from powdb.extract.counted import find_referent, looks_plural, read_phrase
from powdb.extract.figures import (
    CANDIDATE_RE,
    TOO_LARGE,
    Figure,
    TextFacts,
    read_figure,
)
from powdb.extract.furniture import FurnitureLines
from powdb.extract.hedges import find_hedge, hedge_interval
from powdb.extract.model import ExtractedClaim
from powdb.extract.numbers import candidate_spans, complete_abbreviated_low
from powdb.extract.ocr import read_ocr_digits
from powdb.extract.quotes import quote_bounds
from powdb.extract.sentences import SentenceIndex
from powdb.extract.unwrap import plain_view, readable

EXTRACTOR_VERSION = "1.5.0"
__all__ = ["EXTRACTOR_VERSION", "TOO_LARGE", "extract_claims"]

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
_FROM_BEFORE_RE = re.compile(r"(?<![A-Za-z])from[ \t]+\Z", re.IGNORECASE)
_COORD_GAP_RE = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:and|or)[ \t]+)?", re.IGNORECASE)
_DETERMINER_BEFORE_RE = re.compile(
    r"(?<![A-Za-z])(?:the|all|these|those|both|its|their|his|her|our|my|your)[ \t]+\Z",
    re.IGNORECASE,
)
_MINUS_BEFORE_RE = re.compile(r"(?:(?<![A-Za-z])minus[ \t]+|\u2212)\Z", re.IGNORECASE)
# The sign of a range's second end: "-5 to -3", "from \u221210 to \u22125".
_SIGN_AT_RE = re.compile(r"(?:-|\u2212|minus[ \t]+)(?=[0-9])", re.IGNORECASE)
# The currency of a range's second end: "between $1.5 million and $2 million".
_CURRENCY_AT_RE = re.compile(r"(?:US\$|\$US|[$\u00a3\u20ac\u00a5\u20b9])[ \t]?(?=[0-9])")
# What joins the numbers of one reference: "pp. 12-14", "pages 3 to 5", "Tables 2 and 3".
_REFERENCE_JOIN_RE = re.compile(
    r"[ \t]*(?:[-\u2010-\u2015&,]|to\b|and\b|of\b)[ \t]*(?=[0-9A-Za-z])", re.IGNORECASE
)
# Where read_phrase can find a word after a figure (its first token, quotes allowed).
_WORD_AFTER_RE = re.compile("[ \t]*[\"'\u201c\u2018]?[A-Za-z]")
# What ends a year that the year rule below will skip however the rest of its context reads:
# nothing can follow it on its line but a full stop, a comma, a bracket or a colon, so no
# scale, range, unit, percentage or counted word. A third of the candidates of real articles
# are years; half end so ("| 1945 |", "(1945)", "in 1945, the") and are read no further.
# After a comma a reference may go on ("Table 1945, 12": the 12 is the table's too), so there
# the rejection filters still run, for their reason.
_YEAR_ENDS_RE = re.compile(r"[ \t]*(?:\n|\Z)|[.,;:)\]]")
# A sign that the figure is approximate, written before it: "~4,000", "\u2248 300".
_TILDE_BEFORE_RE = re.compile(r"[~\u2248\u223c][ \t]?\Z")
# A plain hyphen used as a minus sign: right before the digits, after a space or bracket.
_HYPHEN_MINUS_BEFORE_RE = re.compile(r"(?:^|(?<=[ \t(]))-\Z")
# A hedge written after the figure: "5,000 (approximately)", "300 or so", "300 or more".
_HEDGE_AFTER_RE = re.compile(
    r"[ \t]*(?:\((?P<bracket>approximately|approx\.?|about|circa|ca?\.)\)"
    r"|(?P<words>or[ \t]+so|or[ \t]+more|or[ \t]+over)\b)",
    re.IGNORECASE,
)
_HEDGE_AFTER_MEANS = {
    "approximately": "approximately", "approx": "approximately", "approx.": "approximately",
    "about": "about", "circa": "circa", "c.": "circa", "ca.": "circa", "or so": "about",
    "or more": "at least", "or over": "at least",
}  # fmt: skip
_HEDGE_AFTER_STARTS = frozenset({" (", " o", "(", " O"})
# "six to one", "10 to 1": odds or a ratio, not a count of six.
_RATIO_JOIN_RE = re.compile(r"[ \t]+to[ \t]+(?:one|1)\b(?![.,][0-9])", re.IGNORECASE)


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


def extract_claims(
    text: str, oversized: list[str] | None = None, *, view: str | None = None, ocr: bool = False
) -> list[ExtractedClaim]:
    """Find the numeric claims in ``text``, sorted by start offset.

    ``view`` is the text's analysis view (:mod:`powdb.extract.unwrap`; for Markdown, front
    matter and the like, :func:`powdb.readers.structure.analysis_view`): the same length as
    ``text``, prose only, paragraphs unwrapped. Claims are looked for in the view; without one,
    ``text`` is taken for plain text and its view is :func:`~powdb.extract.unwrap.plain_view`.

    Pure and deterministic; never raises on any ``str``. Offsets are Python ``str`` indices
    into ``text`` and ``text[start:end] == surface`` always holds. ``quote`` is the sentence
    (or sentences) around the claim as a reader reads it: ``view[quote_start:quote_end]`` with
    white space collapsed (see :class:`~powdb.extract.model.ExtractedClaim`); in a very long
    sentence, a window of words around the claim (:mod:`powdb.extract.quotes`). The work per
    claim is bounded, so the time is linear in the length of the text, line breaks or not.
    Every figure is finite and at most ``powdb.limits.MAX_FIGURE`` in size; the text of each
    larger one, left out, is appended to ``oversized`` when a list is given.

    ``ocr`` says the text was read by OCR: letters OCR reads for digits are read as digits
    where that is safe ("23,5OO", "l945": :mod:`powdb.extract.ocr`), and every claim's rule
    ends in ``+ocr`` (``+ocr-digits+ocr`` when its figure was read through such a confusion).
    """
    if not isinstance(text, str) or not text:
        return []
    if view is None:
        view = plain_view(text)
    elif len(view) != len(text):
        raise ValueError("the analysis view must be as long as the text")
    misread: list[int] = []
    if ocr:
        view, misread = read_ocr_digits(view)
    found = _find(view, oversized, FurnitureLines(text, view))
    if ocr:
        for e in found:
            if misread and bisect.bisect_left(misread, e.start) < bisect.bisect_left(
                misread, e.end
            ):
                e.rules.append("ocr-digits")  # "23,5OO" read as 23,500
            e.rules.append("ocr")
    return [_freeze(text, view, e) for e in found]


def _find(text: str, oversized: list[str] | None, furniture: FurnitureLines) -> list[_Pending]:
    """The claims found in ``text`` (an analysis view), not yet frozen; none on the lines
    ``furniture`` says are page furniture."""
    sentences = SentenceIndex(text)
    pending: list[_Pending] = []
    consumed_until = 0
    prev_phrase_end = -1
    prev_joins = False
    prev_hedge: str | None = None
    group: list[_Pending] = []
    page_numbers = filters.page_number_offsets(text)
    facts = TextFacts(text, filters.listing_lines(text))
    reference_next = -1  # where a number joined to a reference would start ("pp. 12-14")
    line_end = -1  # end of the line of the current figure
    for cand_start, cand_end in candidate_spans(text):
        if cand_start < consumed_until or cand_start in page_numbers:
            continue
        year_ends = _YEAR_ENDS_RE.match(text, cand_end)
        if year_ends and filters.looks_like_year(text[cand_start:cand_end]):
            if year_ends.group() != ",":
                continue  # the year rule below, decided early
            fig: Figure | str = (
                filters.reject_digits(text, cand_start, cand_end, False, False, facts.listing)
                or "year"
            )
        else:
            fig = read_figure(text, cand_start, cand_end, facts)
        if isinstance(fig, str):
            if fig in ("reference", "designation"):  # "Tables 2 and 3", "Surge 1 & 2"
                reference_next = _reference_join_end(text, cand_end)
            elif fig == TOO_LARGE and oversized is not None:
                oversized.append(text[cand_start:cand_end])
            continue
        if furniture.reason(cand_start) is not None:
            consumed_until = fig.end
            continue
        low = high = None
        value: float | None = fig.value
        end = fig.end
        kind_rules = fig.rules
        range_start = fig.start
        unit = fig.unit
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
        minus = (
            _MINUS_BEFORE_RE.search(text, max(0, fig.start - 8), fig.start)
            if before.endswith(("minus", "\u2212"))
            else None
        )
        if minus is None and not fig.is_words and fig.unit is None:
            minus = _HYPHEN_MINUS_BEFORE_RE.search(text, max(0, fig.start - 1), fig.start)
        first = -fig.value if minus is not None else fig.value
        ratio = (
            _RATIO_JOIN_RE.match(text, end)
            if text.startswith(" to ", end)
            and not between
            and minus is None
            and fig.unit is None
            and not fig.has_scale
            and not fig.year_like
            and fig.value > 1
            else None
        )
        if ratio is not None and _FROM_BEFORE_RE.search(text, max(0, fig.start - 6), fig.start):
            ratio = None  # "fell from 6 to 1": two figures
        if ratio is not None:  # "six to one", "10 to 1": a ratio
            end = consumed_until = ratio.end()
            unit, kind_rules = "times", ["ratio", *fig.rules[1:]]
        # Ranges: "45,000\u201350,000", "two to three million", "between 20,000 and 25,000",
        # "-5 to -3", "between $1.5 million and $2 million".
        join = None if ratio else (_AND_RE if between else _RANGE_JOIN_RE).match(text, end)
        if join is not None:
            second_start = join.end()
            negative_second = False
            if join.group().strip()[:1].isalpha():  # "to", "and": a sign may follow
                sign = _SIGN_AT_RE.match(text, second_start)
                if sign is not None:
                    negative_second, second_start = True, sign.end()
            if kind_rules[0] == "money":
                currency = _CURRENCY_AT_RE.match(text, second_start)
                if currency is not None:
                    second_start = currency.end()
            m2 = CANDIDATE_RE.match(text, second_start)
            fig2 = (
                read_figure(text, m2.start(), m2.end(), facts, range_end=True)
                if m2 is not None
                else None
            )
            if m2 is not None and fig2 in ("date", "decade") and (fig2 == "date" or not between):
                consumed_until = m2.end()
                continue  # "20-40s", "21\u201324 September", "between 13 and 15 February"
            second = (
                (-fig2.value if negative_second else fig2.value)
                if isinstance(fig2, Figure)
                and (fig2.unit == fig.unit or (fig.rules[0] == "age" and fig2.unit is None))
                else None
            )
            if isinstance(fig2, Figure) and second is not None and second > first:
                lo = first
                if lo > 0 and (
                    (fig2.has_scale and not fig.has_scale)
                    or (fig2.grouped and not fig.grouped and not fig.is_words)
                ):
                    lo = complete_abbreviated_low(lo, second)
                if fig.year_like and minus is None and (fig2.year_like or fig2.value < 100):
                    consumed_until = fig2.end
                    continue  # 1945-1947, 1944-45
                low, high, value, end = lo, second, None, fig2.end
                kind_rules = ["range.between" if between else "range.dash", *fig.rules[1:]]
                if negative_second and "minus" not in kind_rules:
                    kind_rules.append("minus")
                if between:
                    range_start = between.start()
                consumed_until = end
        if minus is not None:
            if value is not None:
                value = -value
            if between is None:
                range_start = minus.start()
            if "minus" not in kind_rules:
                kind_rules = [*kind_rules, "minus"]
        hedge_after = (
            _HEDGE_AFTER_RE.match(text, end)
            if ratio is None and text[end : end + 2] in _HEDGE_AFTER_STARTS
            else None
        )
        if hedge_after is not None:
            end = hedge_after.end()
        percent = _PERCENT_RE.match(text, end)
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
        if line_end < end:  # found once per line: a search per figure was quadratic
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
        if hedge_found is None and hedge_after is not None:
            written = " ".join((hedge_after.group("bracket") or hedge_after["words"]).split())
            hedge_found = (_HEDGE_AFTER_MEANS[written.lower()], -1)
        hedge = hedge_found[0] if hedge_found else None
        claim_start = hedge_found[1] if hedge_found and hedge_found[1] >= 0 else range_start
        postfix_hedge = hedge_after is not None and hedge_found is not None
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
            and not any(w[0].islower() and looks_plural(w) for w in phrase.words)
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
        counted_words = [fig.counted] if fig.counted else list(phrase.words)
        surface_end = max(end, phrase.end if (phrase.words or phrase.unit) else end)
        sentence = sentences.bounds(claim_start, surface_end)
        referent = find_referent(text, sentence[0], claim_start)
        quote_start, quote_end = quote_bounds(text, sentence, claim_start, surface_end)
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
            quote_start,
            quote_end,
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
