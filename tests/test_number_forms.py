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
    assert figures("Two hundred men died.") == [(200, None)]


def test_number_words_after_non_ascii_text_are_found_where_they_are() -> None:
    # The words are scanned in an ASCII copy of the text: offsets must still be the text's.
    text = "À Zürich — “seven thousand” refugees; été two-thirds left."
    found = extract_claims(text)
    assert [(c.value, c.surface) for c in found] == [
        (7000, "seven thousand"),
        (pytest.approx(66.6667, 1e-4), "two-thirds left"),
    ]
    assert all(text[c.start : c.end] == c.surface for c in found)


def claims(text: str) -> list[tuple[object, str | None, str | None]]:
    """(figure, hedge, unit) of every claim in ``text``; a range's figure is (low, high)."""
    out: list[tuple[object, str | None, str | None]] = []
    for c in extract_claims(text):
        figure = c.value if c.value is not None else (c.low, c.high)
        out.append((figure, c.hedge, c.unit))
    return out


# --- continental thousands ---------------------------------------------------------------


def test_continental_thousands_where_the_text_has_no_decimal_point() -> None:
    assert claims("There were about 45.000 refugees in the camps.") == [(45000, "about", None)]
    assert claims("In all 1.234.567 people were counted.") == [(1234567, None, None)]


def test_a_dot_is_a_decimal_point_in_a_text_that_writes_decimals_with_it() -> None:
    text = "The rate rose by 2.5 per cent. The tank held 45.000 litres."
    assert claims(text) == [(2.5, None, "percent"), (45.0, None, "litres")]


def test_a_dot_is_a_decimal_point_in_a_text_that_groups_thousands_with_commas() -> None:
    text = "Some 3,787 died. The sample weighed 45.000 grams."
    assert [figure for figure, _hedge, _unit in claims(text)] == [3787, 45.0]


# --- a count before a hyphenated measure -------------------------------------------------


def test_a_count_before_a_hyphenated_measure_is_not_one_number() -> None:
    found = extract_claims("They dropped 30 250-kilogram bombs on the port.")
    assert [(c.value, c.unit) for c in found] == [(30, None), (250, "kilograms")]
    assert found[0].counted is not None and found[0].counted.endswith("bombs")
    assert found[0].surface == "30"


def test_a_hyphenated_unit_is_the_unit() -> None:
    assert claims("A 1,000-ton reactor lid blew off.") == [(1000, None, "tons")]
    assert claims("They rowed a 55-foot keelboat.") == [(55, None, "feet")]


def test_a_space_grouped_thousand_still_reads_whole() -> None:
    assert claims("An army of 26 000 men marched.") == [(26000, None, None)]


# --- fractions of a million ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It cost \u00be million pounds.", 750_000),
        ("It held 1\u00bd million people.", 1_500_000),
        ("A quarter of a million people fled.", 250_000),
        ("Some three quarters of a million people fled.", 750_000),
        ("Half a million refugees crossed the border.", 500_000),
        ("Another million emigrated.", 1_000_000),
    ],
)
def test_fractions_of_a_scale(text: str, value: float) -> None:
    assert [figure for figure, _hedge, _unit in claims(text)] == [value]


def test_a_vulgar_fraction_alone_is_a_share() -> None:
    assert claims("The fire burned \u00be of the city.") == [(75, None, "percent")]


# --- abbreviated scales and currencies -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some 1.5m people fled the region.", [(1_500_000, "some", None)]),
        ("The novel sold 2.7M copies.", [(2_700_000, None, None)]),
        ("The bridge cost \u00a33.2bn to build.", [(3_200_000_000, None, "GBP")]),
        ("They paid USD10m in ransom.", [(10_000_000, None, "USD")]),
        ("The ransom was $US12,480,000 in all.", [(12_480_000, None, "USD")]),
        ("The fund held $50k in cash.", [(50_000, None, "USD")]),
        ("The wall was 10m high.", [(10, None, "metres")]),
        ("She won the 100m sprint.", [(100, None, "metres")]),
    ],
)
def test_abbreviated_scales_and_currency_codes(text: str, expected: list) -> None:
    assert claims(text) == expected


def test_a_range_of_sums_with_a_sign_on_each_end() -> None:
    text = "Damage ran between $1.5 million and $2 million in all."
    assert claims(text) == [((1_500_000, 2_000_000), None, "USD")]


# --- ratios and date ranges ------------------------------------------------------------------


def test_six_to_one_is_a_ratio_not_a_count_of_six() -> None:
    (claim,) = extract_claims("The defenders were outnumbered six to one.")
    assert (claim.value, claim.unit, claim.surface) == (6, "times", "six to one")
    assert claim.rule.startswith("ratio")
    (claim,) = extract_claims("The odds were 10 to 1 against them.")
    assert (claim.value, claim.unit) == (10, "times")


def test_a_fall_from_one_figure_to_another_is_not_a_ratio() -> None:
    assert [f for f, _h, _u in claims("The garrison fell from 6 to 1 men.")] == [6, 1]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting raged between 13 and 15 February.",
        "Fighting raged between 13 and 15 February 1945.",
        "The talks ran between 3 and 5 March at Yalta.",
    ],
)
def test_a_date_range_is_not_a_claim(text: str) -> None:
    assert extract_claims(text) == []


# --- figures glued to a label --------------------------------------------------------------


def test_a_figure_glued_to_its_label_by_a_table() -> None:
    assert claims("Total45,000\u201350,000") == [((45000, 50000), None, None)]
    assert claims("Deaths3,787 | Injured 11,000") == [(3787, None, None), (11000, None, None)]


@pytest.mark.parametrize("text", ["Print it on A4 paper.", "The F16 flew over.", "See COVID19."])
def test_codes_of_letters_and_digits_stay_codes(text: str) -> None:
    assert extract_claims(text) == []


def test_the_tail_of_a_number_glued_to_letters_is_not_a_figure() -> None:
    assert extract_claims("The serial was XQ12,480,000 on the crate.") == []


# --- negative figures ----------------------------------------------------------------------


def test_a_negative_range_keeps_its_hedge() -> None:
    assert claims("About -5 to -3 degrees at night.") == [((-5, -3), "about", "degrees")]
    assert claims("It fell from -10 to 5 degrees.") == [((-10, 5), None, "degrees")]


def test_at_least_a_negative_figure() -> None:
    assert claims("It fell to at least -40.") == [(-40, "at least", None)]
    assert claims("Winters of at least \u221240 degrees.") == [(-40, "at least", "degrees")]


# --- a unit with an article: "a week", "a mile" ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fire burned for a week.", [(1, None, "weeks")]),
        ("The wave carried ships a mile inland.", [(1, None, "miles")]),
        ("It took them a month to cross.", [(1, None, "months")]),
        ("The exchange collapsed in less than a week.", [(1, "less than", "weeks")]),
        ("They waited an hour at the gate.", [(1, None, "hours")]),
    ],
)
def test_a_unit_with_an_article_is_one_of_it(text: str, expected: list) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The ship sailed once a week.",
        "Guards worked 24 hours a day.",
        "A week later the town fell.",
        "They came back a year ago.",
        "English was a second language.",
        "Twice a year the market opened.",
    ],
)
def test_a_unit_with_an_article_that_is_a_rate_or_a_time_reference(text: str) -> None:
    assert [unit for _f, _h, unit in claims(text) if unit in ("weeks", "days", "years")] == [] or (
        text.startswith("Guards")
    )
    if not text.startswith("Guards"):
        assert extract_claims(text) == []


# --- half ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Half returned home.",
        "There were boats for only half those aboard.",
        "The famine halved the population.",
        "Half taught in English, the other half in Afrikaans.",
    ],
)
def test_half_is_a_share(text: str) -> None:
    found = claims(text)
    assert found and all(f == (50, None, "percent") for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Many lifeboats left half-full.",
        "In the first half of the century trade grew.",
        "The latter half of his reign was calm.",
    ],
)
def test_half_that_is_not_a_share(text: str) -> None:
    assert extract_claims(text) == []


# --- ages, feet, a hedge after the figure ------------------------------------------------


def test_an_age_in_brackets_after_a_name_is_an_age_not_a_count() -> None:
    (claim,) = extract_claims("Meriwether Lewis (29) was the leader.")
    assert (claim.value, claim.unit) == (29, "years")
    assert claim.counted == "age of Meriwether Lewis"
    (claim,) = extract_claims("On that day Dick Rowland (19), a shoeshiner, went in.")
    assert (claim.value, claim.unit, claim.counted) == (19, "years", "age of Dick Rowland")


@pytest.mark.parametrize(
    "text",
    [
        "The regiment lost heavily (29) in the attack.",
        "Churchill (1940) said so.",
        "See Table (3) below.",
    ],
)
def test_a_bracketed_number_that_is_not_an_age(text: str) -> None:
    assert extract_claims(text) == []


def test_feet_written_ft_after_an_article() -> None:
    assert claims("A 202ft column was built near the bridge.") == [(202, None, "feet")]


def test_a_sentence_that_starts_with_a_figure_after_a_place_name() -> None:
    text = "The crisis was at a school in Beslan. 334 killed including 186 children."
    assert [f for f, _h, _u in claims(text)] == [334, 186]


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("It held 5,000 (approximately) men.", "approximately"),
        ("It held 5,000 (approx.) men.", "approximately"),
        ("They lost 300 or so men.", "about"),
        ("They lost 300 or more men.", "at least"),
    ],
)
def test_a_hedge_after_the_figure(text: str, hedge: str) -> None:
    (claim,) = extract_claims(text)
    assert claim.hedge == hedge


def test_a_range_of_a_short_and_a_four_digit_number() -> None:
    assert claims("The target was 700-1000 MW.") == [((700, 1000), None, None)]
    assert extract_claims("Serial 42-6358 was lost.") == []


def test_a_reference_word_before_a_measure() -> None:
    assert claims("Even items 100 feet from the flames ignited.") == [(100, None, "feet")]
    assert extract_claims("See items 12 and 13.") == []


def test_a_capitalised_word_before_a_count_at_sentence_start() -> None:
    assert claims("Stop 133 Japanese ships with 13.") == [(133, None, None), (13, None, None)]
    assert extract_claims("Reactor 4 was an RBMK design.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They prayed for an hour and a half.", [(1.5, None, "hours")]),
        ("It took two and a half years.", [(2.5, None, "years")]),
        ("Some 2 and a half million fled.", [(2_500_000, "some", None)]),
        ("The talks took half an hour.", [(0.5, None, "hours")]),
    ],
)
def test_and_a_half(text: str, expected: list) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text", ["He earned \u00a3200 a year.", "A year-by-year record was kept.", "Half a Century"]
)
def test_rates_compounds_and_titles_with_a_unit(text: str) -> None:
    assert [c for c in extract_claims(text) if c.surface.lower().startswith(("a ", "half"))] == []
