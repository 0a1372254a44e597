"""Example tests for the numeric-claim extractor, one or more per case in the issue."""

from __future__ import annotations

import pytest

from powdb.extract import EXTRACTOR_VERSION, ExtractedClaim, extract_claims


def only(text: str) -> ExtractedClaim:
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return claims[0]


def test_version_is_a_string() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION.count(".") == 2


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The camp held 23,500 prisoners.", 23500),
        ("The camp held 26 000 prisoners.", 26000),
        ("The camp held 26\u00a0000 prisoners.", 26000),
        ("The Allies fed 1.5 million refugees.", 1_500_000),
        ("They counted thirty six prisoners.", 36),
        ("They counted thirty-five prisoners.", 35),
        ("Stalin wanted five million Soviet citizens back.", 5_000_000),
        ("He demanded a further two-million former citizens.", 2_000_000),
        ("They released a dozen airmen.", 12),
        ("They released two hundred and fifty airmen.", 250),
        ("The crews comprised 291 men.", 291),
    ],
)
def test_numbers(text: str, value: float) -> None:
    claim = only(text)
    assert claim.value == value
    assert text[claim.start : claim.end] == claim.surface


@pytest.mark.parametrize(
    ("text", "value", "rule"),
    [
        ("Some one-third of the prisoners died.", 100 / 3, "share.fraction"),
        ("By then 80 per cent of the prisoners had died.", 80, "share.percent"),
        ("By then 12% of the prisoners had died.", 12, "share.percent"),
        ("By then one in five of the prisoners had died.", 20, "share.ratio"),
        ("Roughly half of the trains left from Taranto.", 50, "share.fraction"),
    ],
)
def test_shares_are_percent(text: str, value: float, rule: str) -> None:
    claim = only(text)
    assert claim.unit == "percent"
    assert claim.value == pytest.approx(value)
    assert claim.rule.startswith(rule)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("The total was 45,000\u201350,000 Cossacks.", 45000, 50000),
        ("The total was 45,000-50,000 Cossacks.", 45000, 50000),
        ("The total was between 20,000 and 25,000 Cossacks.", 20000, 25000),
        ("The total was 20-25,000 Cossacks.", 20000, 25000),
        ("The total was two to three million people.", 2_000_000, 3_000_000),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    claim = only(text)
    assert (claim.value, claim.low, claim.high) == (None, low, high)
    assert (claim.interval_low, claim.interval_high) == (low, high)


@pytest.mark.parametrize(
    ("hedge", "interval"),
    [
        ("roughly", (900, 1100)),
        ("about", (900, 1100)),
        ("approximately", (900, 1100)),
        ("around", (900, 1100)),
        ("some", (900, 1100)),
        ("circa", (900, 1100)),
        ("more than", (1000, None)),
        ("over", (1000, None)),
        ("upwards of", (1000, None)),
        ("at least", (1000, None)),
        ("up to", (0, 1000)),
        ("as many as", (0, 1000)),
        ("perhaps as many as", (0, 1000)),
        ("no more than", (0, 1000)),
        ("almost", (900, 1000)),
        ("nearly", (900, 1000)),
        ("fewer than", (0, 1000)),
        ("less than", (0, 1000)),
        ("under", (0, 1000)),
    ],
)
def test_hedges(hedge: str, interval: tuple[float | None, float | None]) -> None:
    text = f"The camp held {hedge} 1,000 prisoners."
    claim = only(text)
    assert claim.hedge == hedge
    assert (claim.interval_low, claim.interval_high) == interval
    assert claim.surface == f"{hedge} 1,000 prisoners"
    assert "hedge" in claim.rule


def test_unhedged_interval_is_the_figure() -> None:
    claim = only("The camp held 1,000 prisoners.")
    assert (claim.hedge, claim.interval_low, claim.interval_high) == (None, 1000, 1000)


def test_hedge_is_case_insensitive_and_lower_cased() -> None:
    assert only("Roughly 2,000 men escaped.").hedge == "roughly"


def test_hedge_applies_to_coordinated_figures() -> None:
    text = (
        "leaving roughly 23,500 American and 30,000 British and Commonwealth soldiers "
        "in Soviet hands."
    )
    first, second = extract_claims(text)
    assert (first.value, first.hedge, first.counted) == (23500, "roughly", "American soldiers")
    assert first.surface == "roughly 23,500 American"
    assert (second.value, second.hedge) == (30000, "roughly")
    assert second.counted == "British and Commonwealth soldiers"
    assert "shared-hedge" in second.rule and "shared-noun" in first.rule


def test_own_hedge_wins_over_shared() -> None:
    first, second = extract_claims("about 200 Poles and nearly 300 Cossacks were sent back.")
    assert (first.hedge, second.hedge) == ("about", "nearly")


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("the five million Soviet citizens in Allied controlled areas be returned",
         "Soviet citizens"),
        ("the return of more than 50,000 Allied troops initially captured", "Allied troops"),
        ("leaving almost 50,000 forgotten men to their fate", "forgotten men"),
        ("US diplomats said the interned crews, which comprised 291 men, were essential.",
         "men (interned crews)"),
        ("The garrison numbered 4,000.", "garrison"),
        ("Of these, four of the crews escaped.", "crews"),
        ("Stalin directed the NKVD to arrange four different \"escapes.\"",
         "different escapes"),
    ],
)  # fmt: skip
def test_counted_phrase(text: str, counted: str) -> None:
    assert only(text).counted == counted


@pytest.mark.parametrize(
    ("text", "unit", "counted"),
    [
        ("The route covered 2,000 miles.", "miles", None),
        ("The aircraft carried 700 gallons of fuel.", "gallons", "fuel"),
        ("Each parcel weighed 11 pounds.", "pounds", None),
        ("The march lasted 36 hours.", "hours", None),
        ("The war cost $11 billion in aid.", "USD", None),
    ],
)
def test_units_are_kept_apart_from_counts(text: str, unit: str, counted: str | None) -> None:
    claim = only(text)
    assert (claim.unit, claim.counted) == (unit, counted)


@pytest.mark.parametrize(
    "text",
    [
        "It happened in 1945.",
        "The hearing was on October 2, 1992.",
        "The hearing was on 2 October 1992.",
        "It was popular in the mid 1980s.",
        "The occupation lasted 1945-1947.",
        "The aircraft landed at 0345.",
        "During World War II the camps filled.",
        "During World War 2 the camps filled.",
        "It was a WWII story.",
        "It was a WW2 story.",
        "The 29th Air Force flew there.",
        "Navy Air Wing 4 flew there.",
        "The Eleventh Air Force flew there.",
        "A VB-135 crew landed.",
        "A B-29 landed, then a PV-1 and a C-47.",
        "The aircraft, no. 42-6358, landed.",
        "The camps were full.[1]",
        "See Tolstoy, p. 223, and pp. 86-91.",
        "See page 12, column 3.",
        "ISBN 0-89096-416-6.",
        "Used price: $20.00",
        "Buy one from zShops for: $27.11",
        "Collectible price: $25.00",
        "It opened a second front.",
        "He was one of the pilots.",
        "Hundreds of prisoners and thousands of refugees waited.",
        "Dozens of airmen waited.",
        "36 Infantry Brigade moved in.",
    ],
)
def test_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_year_with_a_counted_noun_is_a_claim() -> None:
    assert only("The convoy carried about 1200 prisoners.").value == 1200


def test_quote_is_the_sentence() -> None:
    text = "First sentence here. The camp held 300 men in 1945. Last one."
    claim = only(text)
    assert claim.quote == "The camp held 300 men in 1945."
    assert text[claim.quote_start : claim.quote_start + len(claim.quote)] == claim.quote


def test_abbreviations_do_not_end_the_quote() -> None:
    text = "The U.S. Army counted c. 300 men. Then it left."
    claim = only(text)
    assert claim.quote == "The U.S. Army counted c. 300 men."
    assert claim.hedge == "c."


def test_sorted_and_deterministic() -> None:
    text = "In May 200 men left; in June 300 women and 400 children followed. Then 12 guards."
    first = extract_claims(text)
    assert first == extract_claims(text)
    assert [c.start for c in first] == sorted(c.start for c in first)
    assert [c.value for c in first] == [200, 300, 400, 12]


def test_negative_temperature() -> None:
    claim = only("Temperatures fell to minus 50 degrees.")
    assert (claim.value, claim.unit) == (-50, "degrees")


def test_every_claim_names_its_rule() -> None:
    text = open_seed_like = "About 2,000 men, 12% of them officers, walked 300 miles."
    assert open_seed_like
    assert all(c.rule for c in extract_claims(text))


@pytest.mark.parametrize(
    "reference",
    [
        "Page two.", "page 12", "p. 45", "pp. 12-14", "pp. 12 \u2013 14", "pages 3 to 5",
        "col. 3", "column 2", "vol. 2", "Volume two", "chapter 3", "Chapter three", "Fig. 4",
        "Table 2", "Tables 2 and 3", "Plate 7", "Appendix 3", "Annex B", "note 12",
        "footnote 3", "Page 2 of 10", "Section two", "Part Two:",
    ],
)  # fmt: skip
def test_page_and_column_numbers_are_not_claims(reference: str) -> None:
    text = f"See {reference} The inquiry counted 15,000 dead."
    claim = only(text)
    assert (claim.value, claim.surface) == (15000, "15,000 dead")


def test_page_two_from_the_issue() -> None:
    assert only("Page two. The inquiry counted 15,000 dead.").value == 15000


@pytest.mark.parametrize(
    "header",
    ["Page 2", "PAGE 2", "p. 2", "- 2 -", "-2-", "\u2014 2 \u2014", "2", "2 of 10",
     "Page 2 of 10", "  17  "],
)  # fmt: skip
def test_pdf_page_number_lines_are_not_claims(header: str) -> None:
    pages = [
        "The camp held 300 men.",
        f"{header}\nBy June a further 400 men had arrived.",
        f"Of these, 120 men died.\n\n{header}",
        "The rest, 580 men, went home.",
    ]
    text = "\n\n".join(pages)
    assert [c.value for c in extract_claims(text)] == [300, 400, 120, 580]
    assert [c.value for c in extract_claims(f"{header}\n\n{pages[0]}")] == [300]


def test_bare_number_line_inside_wrapped_prose_is_still_a_figure() -> None:
    assert [c.value for c in extract_claims("The camp held\n300\nmen in all.")] == [300]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("They filled two pages of names listing 300 men.", [2, 300]),
        ("See p. 12, where 300 men are listed.", [300]),
        ("See pp. 12-14 and 300 men.", [300]),
        ("At the table two officers sat.", [2]),
        ("On page 40, 1,200 prisoners are named.", [1200]),
    ],
)
def test_real_figures_beside_references_are_kept(text: str, values: list[float]) -> None:
    assert [c.value for c in extract_claims(text)] == values
