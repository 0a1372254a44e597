"""The quote kept with a claim: its sentence, or a bounded window of words around it.

A sentence of ordinary length is the quote. A "sentence" can also be a whole table pasted as
text, OCR output or a list with no full stop, tens of kilobytes long with thousands of
figures; quoting it whole for each of them made storage and time grow with the square of its
length. Such a claim is quoted with a few words on either side of it instead, so what is
stored (and read by the subject rules) is bounded for every claim.

Offsets are Python ``str`` indices into the text: ``text[start:end]`` is the quote, and it
always contains the claim's surface.
"""

from __future__ import annotations

import re

#: A sentence up to this long (characters) is quoted whole: 99.9% of the claims in 2,000 real
#: articles are in shorter ones (their median is 124).
MAX_SENTENCE_QUOTE = 1000
#: Otherwise: at most this many words on each side of the claim...
WINDOW_WORDS = 6
#: ...within this many characters on each side (a "word" may be a long run without spaces).
WINDOW_CHARS = 60

# Whole words (the first not cut by the window: a word starts after a space, or where the
# sentence starts) up to where the claim starts; and words after the claim.
_WORDS_BEFORE = re.compile(rf"(?<!\S)\S+(?:\s+\S+){{0,{WINDOW_WORDS - 1}}}\s*\Z")
_WORDS_AFTER = re.compile(rf"\S*(?:\s+\S+){{0,{WINDOW_WORDS}}}")


def quote_bounds(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """(start, end) of the quote for a claim at ``text[start:end]`` in ``sentence`` (its
    bounds, as :meth:`SentenceIndex.bounds` gives them): the sentence when it is of ordinary
    length, else up to WINDOW_WORDS whole words on each side of the claim, inside the sentence
    and within WINDOW_CHARS characters of the claim. It always contains ``text[start:end]``.
    """
    sentence_start, sentence_end = sentence
    if sentence_end - sentence_start <= MAX_SENTENCE_QUOTE:
        return sentence_start, sentence_end
    low = max(sentence_start, start - WINDOW_CHARS)
    before = _WORDS_BEFORE.search(text, low, start)
    quote_start = start if before is None else before.start()
    high = min(sentence_end, end + WINDOW_CHARS)
    after = _WORDS_AFTER.match(text, end, high)
    quote_end = end if after is None else after.end()
    if quote_end == high < sentence_end and not text[high].isspace():
        # The window cut the last word: end before it (after the claim, at the least).
        quote_end = max(end, text.rfind(" ", end, high), text.rfind("\t", end, high))
    return quote_start, quote_end
