"""Digits that OCR read as letters: "l945", "23,5OO", "I,000".

Tesseract confuses the digit 0 with the letter O and 1 with l, I or |. In a text read by OCR,
a token made only of digits, those letters and thousands or decimal marks is read as the
number it stands for when the reading is safe: the token holds a real digit, stands apart from
words, and with its letters read as digits has the shape of a number ("23,500", "1945",
"1,000", "2.5"). "Oslo", "I", "lO" and "O2" stay as they are.

:func:`read_ocr_digits` returns the analysis view with those letters replaced (the same length,
so offsets hold in the stored text, which keeps what OCR read) and where it replaced them, so
the claim can say its figure was read through a confusion.
"""

from __future__ import annotations

import re

_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
# A token of digits, confusable letters and marks, apart from any word: it starts with a
# digit or a confusable letter and is not glued to other letters or digits.
_TOKEN_RE = re.compile(r"[0-9OoIl|](?<![A-Za-z0-9][0-9OoIl|])[0-9OoIl|,.]*(?![A-Za-z0-9])")
_NUMBER_SHAPE_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_LETTERS = frozenset("OoIl|")


def read_ocr_digits(view: str) -> tuple[str, list[int]]:
    """``view`` with the digits OCR read as letters put back, and the offsets it changed."""
    changed: list[int] = []
    pieces: list[str] = []
    cursor = 0
    for match in _TOKEN_RE.finditer(view):
        token = match.group().rstrip(".,")
        if not _LETTERS.intersection(token) or not any(c.isdigit() for c in token):
            continue
        number = token.translate(_CONFUSABLE)
        if not _NUMBER_SHAPE_RE.fullmatch(number) or (len(number) > 1 and number[0] == "0"):
            continue
        start = match.start()
        pieces.append(view[cursor:start])
        pieces.append(number)
        changed.extend(start + i for i, ch in enumerate(token) if ch in _LETTERS)
        cursor = start + len(token)
    if not changed:
        return view, []
    pieces.append(view[cursor:])
    return "".join(pieces), changed
