"""Window-by-window extraction gives the claims of the whole text, offsets included."""

from __future__ import annotations

from pathlib import Path

from powdb.extract import extract_claims, extract_claims_in_windows

ROOT = Path(__file__).resolve().parents[1]


def test_windows_find_what_the_whole_text_gives() -> None:
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench" / "devset").glob("*.txt"))
    ]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text = "\n\n".join(texts)
    whole = extract_claims(text)
    windowed = [c for chunk in extract_claims_in_windows(text, window=700) for c in chunk]
    assert len(text) > 10 * 700
    assert windowed == whole
    assert all(text[c.start : c.end] == c.surface for c in windowed)


def test_a_text_without_line_breaks_is_one_window() -> None:
    text = "Some 400 men were held. " * 100
    assert [len(chunk) for chunk in extract_claims_in_windows(text, window=50)] == [100]
