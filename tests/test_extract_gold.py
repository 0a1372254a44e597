"""The extractor against the hand-made gold annotations in bench/gold/ (seeds and dev set)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from powdb.extract import ExtractedClaim, extract_claims

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "bench" / "gold"


def load(name: str) -> list[dict[str, object]]:
    lines = (GOLD / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def agrees(gold: dict[str, object], claim: ExtractedClaim) -> bool:
    def close(a: object, b: float | None) -> bool:
        return isinstance(a, int | float) and b is not None and abs(a - b) <= 1e-3 * max(1, abs(a))

    if gold.get("value") is not None:
        return close(gold["value"], claim.value)
    return close(gold.get("low"), claim.low) and close(gold.get("high"), claim.high)


def overlaps(claim: ExtractedClaim, item: dict[str, object]) -> bool:
    return claim.start < int(item["end"]) and int(item["start"]) < claim.end  # type: ignore[call-overload]


def score(gold_file: str, nonclaims_file: str, docs: Path) -> tuple[float, float, int]:
    gold, nonclaims = load(gold_file), load(nonclaims_file)
    tp = fp = fn = hedge_ok = hits = 0
    for name in sorted({str(g["file"]) for g in gold} | {str(n["file"]) for n in nonclaims}):
        claims = extract_claims((docs / name).read_text(encoding="utf-8"))
        used: set[int] = set()
        for g in sorted(
            (g for g in gold if g["file"] == name), key=lambda g: bool(g.get("borderline"))
        ):
            i = next((i for i, c in enumerate(claims)
                      if i not in used and overlaps(c, g) and agrees(g, c)), None)  # fmt: skip
            if i is not None:
                used.add(i)
            if g.get("borderline"):
                continue
            if i is None:
                fn += 1
                continue
            tp += 1
            hedge_ok += claims[i].hedge == g.get("hedge")
        for i, c in enumerate(claims):
            if i not in used:
                fp += 1
                hits += any(overlaps(c, n) for n in nonclaims if n["file"] == name)
    f1 = 2 * tp / (2 * tp + fp + fn)
    return f1, hedge_ok / tp, hits


def test_seeds_gold_exactly() -> None:
    f1, hedge_acc, hits = score("seeds_gold.jsonl", "seeds_nonclaims.jsonl", REPO / "seeds")
    assert (f1, hedge_acc, hits) == (1.0, 1.0, 0)


def test_devset_gold() -> None:
    f1, hedge_acc, hits = score(
        "devset_gold.jsonl", "devset_nonclaims.jsonl", REPO / "bench" / "devset"
    )
    assert f1 >= 0.95
    assert hedge_acc == 1.0
    assert hits == 0


@pytest.mark.parametrize("surface", ["roughly 23,500 American", "30,000 British"])
def test_seed_roughly_applies_to_both(surface: str) -> None:
    text = (REPO / "seeds" / "002_7470e496a02fe877.txt").read_text(encoding="utf-8")
    claim = next(c for c in extract_claims(text) if c.surface.startswith(surface))
    assert claim.hedge == "roughly"
