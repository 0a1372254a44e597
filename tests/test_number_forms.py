"""Number forms and non-claims met in real articles: "+" and "~" hedges, slash fractions and
dates, ranges with a hedged upper end, clock times, era years, names with numbers."""

from __future__ import annotations

import pytest

from powdb.extract import extract_claims


def figures(text: str) -> list[tuple[object, str | None]]:
    out: list[tuple[object, str | None]] = []
    for c in extract_claims(text):
        figure = c.value if c.value is not None else (c.low, c.high)
        out.append((figure, c.hedge))
    return out


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [
        ("The leak left 500,000+ affected.", [(500000, "at least")], "500,000+ affected"),
        ("It sold 17+ million admissions.", [(17_000_000, "at least")], "17+ million admissions"),
        ("There were 50 million+ deaths.", [(50_000_000, "at least")], "50 million+ deaths"),
        ("About ~2,000+ deaths were counted.", [(2000, "at least")], "2,000+ deaths"),
        ("They predicted ~4,000 eventual deaths.", [(4000, "about")], "~4,000 eventual deaths"),
        ("Up to 1,000+ were killed.", [(1000, "up to")], "Up to 1,000+"),
        ("Tolls range from 3,787 to over 16,000.", [((3787, 16000), None)], "3,787 to over 16,000"),
        ("It vaporized 2/3 of the island.", [(pytest.approx(66.6667, 1e-4), None)], "2/3"),
        ("Heard across 1/13th of the globe.", [(pytest.approx(7.6923, 1e-4), None)], "1/13th"),
        ("The market dropped $2 trillion.", [(2e12, None)], "$2 trillion"),
        ("Temps dropped to -45\u00b0F at the fort.", [(-45, None)], "-45"),
        ("The wave circled the Earth 7 times.", [(7, None)], "7 times"),
        ("Only 13 ships remained.", [(13, None)], "13 ships"),
        ("The estimates run as high as 100 million.", [(100_000_000, "as high as")], None),
    ],
)
def test_number_forms(text: str, expected: list, surface: str | None) -> None:
    assert figures(text) == expected
    if surface is not None:
        (claim,) = extract_claims(text)
        assert surface in claim.surface or claim.surface in surface


def test_a_plus_is_not_shared_with_the_next_figure() -> None:
    text = "100-300 killed, 800+ injured, 10,000 homeless"
    assert figures(text) == [((100, 300), None), (800, "at least"), (10000, None)]


def test_estimated_is_not_a_hedge() -> None:
    assert figures("Quakes killed an estimated 242,000 people.") == [(242000, None)]


@pytest.mark.parametrize(
    "text",
    [
        "The attacks, known as 26/11, shocked India.",
        "It was the worst loss before 9/11 in the city.",
        "Printed 12/3/26, 8:30 AM by the archive.",
        "**08:49:** The ship lists. **10:17:** It capsizes.",
        "Black '47 was the worst year.",
        "The town was buried in 79 AD by ash.",
        "Reactor 4 was an RBMK design.",
        "Phase 1: Yi Alone",
        "Surge 1 & 2: Hit Herculaneum.",
        "Day 3 (September 3)",
        "The 1993 blasts shook the city.",
        "The night of 2\u20133 December 1984 was cold.",
        "Date: 21\u201324 September 2013",
        "A huge spike in 20-40s.",
    ],
)
def test_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_a_figure_at_the_very_start_of_a_text() -> None:
    assert figures("300 men died.") == [(300, None)]
    assert figures("100-300 killed") == [((100, 300), None)]
