"""Text that is one long line of figures (a table pasted as text, OCR output, a list with no full
stop): what extraction does per claim, and what it keeps, stays bounded, so time and storage
grow with the length of the text, not with its square. bench/long_line_bench.py times it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from powdb.extract import extract_claims
from powdb.extract.quotes import MAX_SENTENCE_QUOTE, WINDOW_CHARS
from powdb.readers import Document
from powdb.readers.structure import analysis_view
from powdb.store import document_figures, event_signature

LIST_LINE = ", ".join(f"{1000 + 7 * n:,} prisoners of war" for n in range(1500)) + "\n"


class _CountedText(str):
    """A text that adds up how many characters its find/rfind/index/count calls look through
    (the searches that once ran from a claim to the end of its line, or back to the start)."""

    scanned = 0

    def _span(self, start: int | None, end: int | None) -> tuple[int, int]:
        size = len(self)
        start = 0 if start is None else (start + size if start < 0 else start)
        end = size if end is None else (end + size if end < 0 else end)
        return max(0, start), min(size, end)

    def find(self, sub, start=None, end=None):  # type: ignore[no-untyped-def, override]
        found = super().find(sub, start, end)
        low, high = self._span(start, end)
        self.scanned += (found + len(sub) if found >= 0 else high) - low
        return found

    def rfind(self, sub, start=None, end=None):  # type: ignore[no-untyped-def, override]
        found = super().rfind(sub, start, end)
        low, high = self._span(start, end)
        self.scanned += high - (found if found >= 0 else low)
        return found

    def count(self, sub, start=None, end=None):  # type: ignore[no-untyped-def, override]
        low, high = self._span(start, end)
        self.scanned += high - low
        return super().count(sub, start, end)

    def index(self, sub, start=None, end=None):  # type: ignore[no-untyped-def, override]
        found = self.find(sub, start, end)
        if found < 0:
            raise ValueError("substring not found")
        return found


def _scanned(items: int) -> int:
    """Characters searched while a line of ``items`` figures is read as ingest reads it: its
    claims extracted from its analysis view, then their subjects and intervals."""
    text = _CountedText(", ".join(f"{1000 + 7 * n:,} prisoners of war" for n in range(items)))
    view = _CountedText(analysis_view(text))
    document = Document(text=text)
    claims = extract_claims(text, view=view)
    document_figures(document, claims, event_signature("table.txt", document), view)
    return text.scanned + view.scanned


def test_work_on_a_long_line_grows_with_its_length_not_its_square() -> None:
    # Characters searched by extraction and the subject rules, for a line and one twice as
    # long. Before, each claim searched on to the end of its line: four times as much.
    once, twice = _scanned(700), _scanned(1400)
    assert twice < 2.2 * once


def test_a_claim_in_a_very_long_sentence_is_quoted_with_a_window_of_words() -> None:
    claims = extract_claims(LIST_LINE)
    for claim in claims:
        assert LIST_LINE[claim.quote_start : claim.quote_start + len(claim.quote)] == claim.quote
        assert claim.quote_start <= claim.start and claim.end <= claim.quote_start + len(
            claim.quote
        )
        assert len(claim.quote) <= len(claim.surface) + 2 * WINDOW_CHARS
        # Whole words: the window cuts only at spaces.
        assert LIST_LINE[claim.quote_start - 1] == " " or claim.quote_start == 0
        assert LIST_LINE[claim.quote_start + len(claim.quote)] in " \n"
    (middle,) = [c for c in claims if c.surface == "5,907 prisoners"]
    assert middle.quote == (
        "of war, 5,900 prisoners of war, 5,907 prisoners of war, 5,914 prisoners of war,"
    )
    # The quotes of the whole line are a few times its length, not 1,500 times.
    assert sum(len(c.quote) for c in claims) < 10 * len(LIST_LINE)


def test_a_sentence_of_ordinary_length_is_still_the_quote() -> None:
    sentence = "In the spring of 1945 roughly 23,500 American soldiers were left in Soviet hands."
    long_sentence = "The ledger lists " + ", ".join(["the names of the guards"] * 18) + "."
    assert len(long_sentence) < MAX_SENTENCE_QUOTE < len(long_sentence + LIST_LINE)
    text = f"{long_sentence} {sentence} Later, 4,000 came home.\n"
    (first, second) = extract_claims(text)
    assert first.quote == sentence
    assert second.quote == "Later, 4,000 came home."


def test_ingest_of_a_long_line_stores_bounded_quotes(cli, tmp_path: Path) -> None:
    (tmp_path / "table.txt").write_text(LIST_LINE, encoding="utf-8")
    assert cli("ingest", "table.txt", "--db", "t.db").exit_code == 0
    claims = cli.json("claims", "--db", "t.db")
    assert len(claims) > 1400
    assert max(len(c["quote"]) for c in claims) <= max(len(c["surface"]) for c in claims) + 120


def test_a_claims_frame_is_stored_without_what_it_leaves_unsaid(cli, tmp_path: Path) -> None:
    # A frame is stored with every claim: on a line of figures it was a fifth of the database.
    (tmp_path / "table.txt").write_text(LIST_LINE, encoding="utf-8")
    assert cli("ingest", "table.txt", "--db", "t.db").exit_code == 0
    with sqlite3.connect(tmp_path / "t.db") as connection:
        frames = [row[0] for row in connection.execute("SELECT frame FROM claims")]
    assert frames and not any('": ' in f or '", "' in f for f in frames)  # no padding
    assert not any('"nations":[]' in f or '"scope":null' in f for f in frames)
    assert all(json.loads(f)["event"] is not None for f in frames)
