"""Figure intervals, conflicts and corroborations (pure logic, no database)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

from powdb.compare import (
    ClaimFacts,
    corroborations,
    figure_interval,
    find_conflicts,
)

ROOT = Path(__file__).resolve().parents[1]


def test_more_than_and_almost_fifty_thousand_touch_but_do_not_conflict() -> None:
    more = figure_interval(50000, None, None, "more than", "more than 50,000")
    almost = figure_interval(50000, None, None, "almost", "almost 50,000")
    assert more == (50000.0, math.inf)
    assert almost == (45000.0, 50000.0)
    claims = [
        ClaimFacts("a", "s1", "k", *more, value=50000),
        ClaimFacts("b", "s2", "k", *almost, value=50000),
    ]
    assert find_conflicts(claims) == []
    [agreement] = corroborations(claims)
    assert (agreement.fig_low, agreement.fig_high) == (50000.0, 50000.0)


# --- intervals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "low", "high", "hedge", "surface", "expected"),
    [
        (23500, None, None, None, "23,500", (23450, 23550)),  # precise to the hundred
        (30000, None, None, None, "30,000", (29500, 30500)),  # to the thousand
        (5_000_000, None, None, None, "five million", (4_500_000, 5_500_000)),
        (5_500_000, None, None, None, "5.5 million", (5_450_000, 5_550_000)),
        (2_500_000, None, None, None, "2.50 million", (2_495_000, 2_505_000)),
        (291, None, None, None, "291", (291, 291)),  # an exact count
        (4, None, None, None, "four", (4, 4)),
        (23500, None, None, "roughly", "roughly 23,500", (21150, 25850)),  # +/-10%
        (50000, None, None, "more than", "more than 50,000", (50000, math.inf)),
        (50000, None, None, "almost", "almost 50,000", (45000, 50000)),
        (20000, None, None, "up to", "up to 20,000", (0, 20000)),
        (1000, None, None, "just over", "just over 1,000", (1000, 1100)),
        (12.5, None, None, None, "12.5", (12.45, 12.55)),
        (None, 45000, 50000, None, "45,000-50,000", (44500, 50500)),
        (None, 20000, 25000, "about", "about 20,000 to 25,000", (18000, 27500)),
        (300, None, None, "some unknown hedge", "300", (270, 330)),  # unknown -> approximate
    ],
)
def test_figure_interval(
    value: float | None,
    low: float | None,
    high: float | None,
    hedge: str | None,
    surface: str,
    expected: tuple[float, float],
) -> None:
    assert figure_interval(value, low, high, hedge, surface) == pytest.approx(expected)


def test_figure_interval_needs_a_figure() -> None:
    with pytest.raises(ValueError):
        figure_interval(None, None, None, None, "")


def test_exact_small_counts_conflict_but_rounded_neighbours_agree() -> None:
    assert figure_interval(4, None, None, None, "four") != figure_interval(5, None, None, None, "5")
    low_a, high_a = figure_interval(23500, None, None, None, "23,500")
    low_b, high_b = figure_interval(23600, None, None, None, "23,600")
    assert max(low_a, low_b) <= min(high_a, high_b)  # touch at 23,550


# --- conflicts and corroborations ------------------------------------------------------------


def test_conflicts_are_sorted_by_spread_and_list_only_clashing_claims() -> None:
    claims = [
        ClaimFacts(1, "a", "x", 90, 110, value=100),
        ClaimFacts(2, "b", "x", 95, 105, value=100),
        ClaimFacts(3, "c", "x", 190, 210, value=200),
        ClaimFacts(4, "a", "y", 10, 10, value=10),
        ClaimFacts(5, "b", "y", 50, 50, value=50),
        ClaimFacts(6, "c", "z", 1, 1, value=1),
        ClaimFacts(7, "d", None, 1000, 1000, value=1000),
    ]
    conflicts = find_conflicts(claims)
    assert [c.subject_key for c in conflicts] == ["y", "x"]
    assert conflicts[0].spread == 5
    assert [c.id for c in conflicts[1].claims] == [1, 2, 3]
    assert conflicts[1].spread == 2


def test_conflict_matches_the_sql_rule() -> None:
    claims = [ClaimFacts(i, "s", "k", low, high) for i, (low, high) in enumerate(
        [(0, 5), (5, 9), (4, math.inf)]
    )]  # fmt: skip
    assert find_conflicts(claims) == []  # max(low)=5 <= min(high)=5
    claims.append(ClaimFacts(9, "t", "k", 6, 7))
    [conflict] = find_conflicts(claims)
    assert [c.id for c in conflict.claims] == [0, 9]


def test_corroborations_need_two_sources_and_split_by_cluster() -> None:
    claims = [
        ClaimFacts(1, "a", "x", 90, 110, value=100),
        ClaimFacts(2, "b", "x", 95, 105, value=100),
        ClaimFacts(3, "a", "x", 190, 210, value=200),
        ClaimFacts(4, "a", "x", 195, 205, value=200),  # same source: no corroboration
        ClaimFacts(5, "c", "y", 0, 10, value=5),
    ]
    [agreement] = corroborations(claims)
    assert [c.id for c in agreement.claims] == [1, 2]
    assert agreement.source_ids == ("a", "b")
    assert (agreement.fig_low, agreement.fig_high) == (95, 105)


# --- the self-written conflict corpus -------------------------------------------------------


def _load_corpus_module():  # type: ignore[no-untyped-def]
    path = ROOT / "bench" / "make_conflict_corpus.py"
    spec = importlib.util.spec_from_file_location("make_conflict_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_documents_are_written(tmp_path: Path) -> None:
    corpus = _load_corpus_module()
    written = corpus.write_corpus(tmp_path)
    assert 6 <= len(written) <= 8
    for path in written:  # the committed copy is what make_conflict_corpus.py writes
        committed = ROOT / "bench" / "conflict_corpus" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_one_hedge_table_serves_extraction_and_conflicts() -> None:
    """'not fewer than 50,000' and 'at least 60,000' are both lower bounds: they agree."""
    from powdb.extract import extract_claims

    (claim,) = extract_claims("The camp held not fewer than 50,000 prisoners.")
    assert claim.hedge == "not fewer than"
    assert (claim.interval_low, claim.interval_high) == (50000, None)
    fewer = figure_interval(50000, None, None, claim.hedge, claim.surface)
    at_least = figure_interval(60000, None, None, "at least", "at least 60,000")
    facts = [ClaimFacts(1, "a", "k", *fewer, value=50000), ClaimFacts(2, "b", "k", *at_least)]
    assert find_conflicts(facts) == []
    assert figure_interval(1000, None, None, "just over", "just over 1,000") == (1000, 1100)
