"""Sentence bounds around a figure, found lazily: only paragraphs that hold a candidate are split.

A line break always ends a sentence (headings, list items and shop-listing lines stand alone);
within a line a sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed
by white space and a capital, digit or opening quote — unless the word before the stop is a known
abbreviation ("c.", "no.", "Gen.") or a single letter ("U.S.").
"""

from __future__ import annotations

import bisect
import re

_STOP_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[ \t]+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\Z")
ABBREVIATIONS = frozenset(
    [
        "c",
        "ca",
        "no",
        "nos",
        "vol",
        "p",
        "pp",
        "col",
        "fig",
        "gen",
        "lt",
        "col",
        "capt",
        "maj",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "cdr",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "approx",
        "est",
        "ibid",
        "op",
        "cit",
        "cf",
        "etc",
        "vs",
        "viz",
        "e",
        "i",
        "g",
        "ed",
        "eds",
        "trans",
        "rev",
        "ch",
        "sec",
        "art",
        "para",
    ]
)


class SentenceIndex:
    """Finds the sentence around an offset; caches sentence starts per line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: dict[int, list[int]] = {}
        self._line = (0, -1)  # the line of the last lookup: figures come in order

    def _line_bounds(self, pos: int) -> tuple[int, int]:
        text = self.text
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        if line_end == -1:
            line_end = len(text)
        return line_start, line_end

    def _sentence_starts(self, line_start: int, line_end: int) -> list[int]:
        starts = self._starts.get(line_start)
        if starts is None:
            starts = [line_start]
            text = self.text
            for m in _STOP_RE.finditer(text, line_start, line_end):
                if text[m.start()] == ".":
                    window = max(line_start, m.start() - 12)
                    before = _WORD_BEFORE_RE.search(text, window, m.start())
                    if before and (
                        len(before.group(1)) == 1 or before.group(1).lower() in ABBREVIATIONS
                    ):
                        continue
                starts.append(m.end())
            self._starts[line_start] = starts
        return starts

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Return (sentence start, sentence end) covering text[start:end], trailing space trimmed.

        If the span crosses a sentence boundary the result covers both sentences, so the
        quote always contains the span.
        """
        line_start, line_end = self._line
        if not line_start <= start <= line_end:
            line_start, line_end = self._line = self._line_bounds(start)
        starts = self._starts.get(line_start) or self._sentence_starts(line_start, line_end)
        i = bisect.bisect_right(starts, start) - 1
        s_start = starts[i]
        if end > line_end:  # a span never crosses a line, but stay safe
            line_end = self._line_bounds(end)[1]
            starts = self._sentence_starts(*self._line_bounds(end))
            j = bisect.bisect_right(starts, max(end - 1, start)) - 1
            nxt = starts[j + 1] if j + 1 < len(starts) else line_end
        else:
            j = bisect.bisect_right(starts, max(end - 1, start)) - 1
            nxt = starts[j + 1] if j + 1 < len(starts) else line_end
        s_end = nxt
        text = self.text
        while s_end > max(s_start, end) and text[s_end - 1] in " \t\r":
            s_end -= 1
        return s_start, max(s_end, end)
