"""Extraction over a very large text, a window at a time, so memory follows the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from powdb.extract.extractor import extract_claims
from powdb.extract.model import ExtractedClaim

#: Characters per window: about a megabyte of prose, a few thousand claims.
WINDOW = 1_000_000


def extract_claims_in_windows(
    text: str,
    window: int = WINDOW,
    oversized: list[str] | None = None,
    view_of: Callable[[str], str] | None = None,
    ocr: bool = False,
) -> Iterator[list[ExtractedClaim]]:
    """The claims of ``text``, one list per window, offsets into the whole text (figures too
    large to be claims are added to ``oversized``, as :func:`extract_claims` does).

    ``view_of(piece)`` gives the analysis view of a window's text (default: plain text's,
    :func:`powdb.extract.unwrap.plain_view`), and ``ocr`` says the text was read by OCR; see
    :func:`extract_claims`.

    Windows end at a paragraph break where there is one near the window's size, else at the
    next line break; a sentence never crosses a line break, so the claims are those
    :func:`extract_claims` finds in the whole text, except where a hedge or a counted noun
    would have to be read across the break itself. A text without line breaks is one window.
    """
    start, size = 0, len(text)
    while start < size:
        end = size if size - start <= window else _cut(text, start + window, window)
        piece = text[start:end]
        claims = extract_claims(
            piece, oversized, view=view_of(piece) if view_of is not None else None, ocr=ocr
        )
        if start:
            claims = [
                replace(
                    c,
                    start=c.start + start,
                    end=c.end + start,
                    quote_start=c.quote_start + start,
                    quote_end=c.quote_end + start,
                )
                for c in claims
            ]
        yield claims
        start = end


def _cut(text: str, target: int, window: int) -> int:
    paragraph = text.rfind("\n\n", target - window // 10, target)
    if paragraph >= 0:
        return paragraph + 2
    line = text.find("\n", target)
    return line + 1 if line >= 0 else len(text)
