"""Page furniture never yields claims: headers and footers that recur across the pages of a
PDF, page numbers, print stamps, navigation and list counters, forum post numbers and user
statistics, street addresses, catalogue numbers, book prices, archive and wire-service tags,
column references and map coordinates. Each kind is tried beside a real claim, which stays."""

from __future__ import annotations

from pathlib import Path

import pytest

import docgen
from powdb.extract import extract_claims
from powdb.readers import read_document
from powdb.readers.structure import analysis_view

BODIES = [
    "Roughly 12,000 soldiers died in the trenches around the town.",
    "A later inquiry counted more than 15,000 dead in all.",
    "Only 300 men came home after the war.",
]


def values(text: str) -> list[object]:
    return [c.value if c.value is not None else (c.low, c.high) for c in extract_claims(text)]


def pdf_values(tmp_path: Path, data: bytes) -> list[object]:
    document = read_document(docgen.write(tmp_path / "doc.pdf", data))
    view = analysis_view(document.text, document.media_type)
    claims = extract_claims(document.text, view=view)
    return [c.value if c.value is not None else (c.low, c.high) for c in claims]


# --- PDF page headers and footers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        ("THE SIEGE GAZETTE - Issue 12 - 1943", "Printed 12/3/26, 8:30 AM    {page}/{pages}"),
        ("Casualty Returns of the 4th Army, 1916", "Page {page} of {pages}"),
        ("12/3/26, 8:30 AM    The Siege in Numbers | Gazette", "https://example.org/s {page}/3"),
        ("Journal of Military History 57 (1993) {page}", "Confidential - 25 copies"),
        ("The Siege Gazette, circulation 40,000 copies", "Sold at 2,000 shops - {page}"),
        (None, "- {page} -"),
    ],
)
def test_headers_and_footers_that_recur_on_every_page(
    tmp_path: Path, header: str | None, footer: str
) -> None:
    data = docgen.paginated_pdf(BODIES, header=header, footer=footer)
    assert pdf_values(tmp_path, data) == [12000, 15000, 300]


def test_pages_are_separated_by_a_form_feed_and_keep_their_numbers(tmp_path: Path) -> None:
    data = docgen.paginated_pdf(BODIES, footer="Page {page} of {pages}")
    document = read_document(docgen.write(tmp_path / "doc.pdf", data))
    assert document.text.count("\f") == 2
    assert [document.text[s - 1 : s] for s in document.page_starts[1:]] == ["\n", "\n"]


def test_body_lines_that_differ_from_page_to_page_are_not_furniture(tmp_path: Path) -> None:
    bodies = ["In 1941 the army lost 300 men.", "In 1942 the army lost 500 men."]
    assert pdf_values(tmp_path, docgen.paginated_pdf(bodies)) == [300, 500]


def test_a_line_on_one_page_only_is_not_furniture(tmp_path: Path) -> None:
    data = docgen.paginated_pdf(BODIES[:2], header="Report of 1946 on 4,000 returns")
    data_one = docgen.paginated_pdf(BODIES[:1], header="Report of 1946 on 4,000 returns")
    assert pdf_values(tmp_path, data) == [12000, 15000]
    assert 4000 in pdf_values(tmp_path, data_one)


def test_the_cli_stores_no_claim_from_page_furniture(tmp_path: Path, cli, db_url: str) -> None:
    path = docgen.write(
        tmp_path / "gazette.pdf",
        docgen.paginated_pdf(BODIES, header="12/3/26, 8:30 AM  Gazette", footer="{page}/3"),
    )
    assert cli("ingest", str(path), "--db", db_url).exit_code == 0
    claims = cli.json("claims", "--db", db_url)
    assert [(c["value"], c["page"]) for c in claims] == [(12000, 1), (15000, 2), (300, 3)]


# --- print stamps, page numbers and counters in text -----------------------------------------


@pytest.mark.parametrize(
    "stamp",
    ["12/3/26, 8:30 AM", "3/12/2026, 08:30", "12.3.26, 20:30", "Dec 3, 2026, 8:30 AM"],
)
def test_browser_print_stamps(stamp: str) -> None:
    text = f"{stamp}  The Siege in Numbers\n\nRoughly 12,000 soldiers died."
    assert values(text) == [12000]


@pytest.mark.parametrize(
    "line",
    [
        "\u00ab Prev 1 2 3 4 5 Next \u00bb",
        "First < 1 2 3 ... 12 > Last",
        "Showing 1\u201320 of 345 results",
        "Page 2 of 9",
        "Results 21 - 40 of 1,200",
    ],
)
def test_navigation_and_list_counters(line: str) -> None:
    assert values(f"Roughly 12,000 soldiers died.\n\n{line}\n\nOnly 300 came home.") == [
        12000,
        300,
    ]


# --- forums ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Post #12",
        "Reply #5 on: May 12, 2008, 08:30:12 pm",
        "Posts: 1,234",
        "Joined: Mar 2008  Posts: 2,315  Likes: 48",
        "345 views \u00b7 12 replies",
        "Reputation: 120",
    ],
)
def test_forum_post_numbers_and_user_statistics(line: str) -> None:
    text = f"{line}\nMy grandfather said 300 men of his battalion died there.\n"
    assert values(text) == [300]


# --- addresses, catalogue numbers, prices ----------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "12 Elm Street",
        "14 Rue Royale",
        "221B Baker Street",
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "10 Downing St.",
        "Hauptstra\u00dfe 12",
        "55 Rue du Faubourg Saint-Honor\u00e9, 75008 Paris",
    ],
)
def test_street_addresses(address: str) -> None:
    assert values(f"The committee met at {address}. It counted 300 dead.") == [300]


@pytest.mark.parametrize(
    "number",
    [
        "ISBN 978-0-19-280436-7",
        "ISBN-13: 9780192804367",
        "ISBN 0 19 280436 7",
        "OCLC 12345678",
        "Cat. no. 4512",
        "Catalogue number 88213",
        "LCCN 2001012345",
    ],
)
def test_catalogue_and_isbn_like_numbers(number: str) -> None:
    assert values(f"{number}\n\nThe book says 300 men died.") == [300]


@pytest.mark.parametrize(
    "line",
    [
        "Oxford University Press, 2003. 352 pp. \u00a325.00 (hardback).",
        "Yale, 2010. xii + 414 pp. $35.00 cloth, $24.95 paper.",
        "Paperback: $24.95",
        "\u00a312.99 (paperback)",
    ],
)
def test_book_prices_and_page_counts_in_a_book_header(line: str) -> None:
    assert values(f"{line}\n\nThe author counts 300 dead.") == [300]


def test_a_historical_price_is_still_a_claim() -> None:
    assert values("Bread cost $1.20 a loaf in 1917.") == [1.2]


# --- archive and wire-service tags, column references, coordinates --------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "LONDON, May 12 (Reuters) -",
        "LENGTH: 1234 words",
        "SECTION: Foreign Desk; Pg. 12",
        "(c) 1998 The Times",
        "Copyright 2003 The Associated Press. All rights reserved.",
        "Document LATM000020011107dxb700001",
        "845 words",
    ],
)
def test_archive_and_wire_service_tags(tag: str) -> None:
    assert values(f"{tag}\nThe army said 300 men died.") == [300]


@pytest.mark.parametrize(
    "reference",
    [
        "HC Deb 03 May 1990 vol 171 c412W",
        "HC Deb 03 May 1990 vol 171 c. 412",
        "See col. 412W.",
        "HL Deb vol 410 cc. 1234-56",
        "Written answers, 412W",
        "cols 1234-5",
    ],
)
def test_column_and_page_references(reference: str) -> None:
    assert values(f"{reference}\nThe minister said 300 men died.") == [300]


@pytest.mark.parametrize(
    "coordinates",
    [
        "51\u00b030\u2032N 0\u00b07\u2032W",
        "51.5074\u00b0 N, 0.1278\u00b0 W",
        "Coordinates: 48.8566, 2.3522",
        "40\u00b026\u203246\u2033N 79\u00b058\u203256\u2033W",
        "52.52N 13.40E",
        "lat. 51.5, long. -0.12",
    ],
)
def test_map_coordinates(coordinates: str) -> None:
    assert values(f"The camp ({coordinates}) held 300 men.") == [300]


def test_temperatures_in_degrees_are_still_claims() -> None:
    assert values("It rose by 1.2\u00b0C (2.2\u00b0F).") == [1.2, 2.2]


def test_a_web_address_cut_by_a_line_break_yields_no_figures() -> None:
    text = (
        "The photograph (https://upload.example.org/commons/thumb/6/64/Arena.jpg/\n"
        "800px-Arena_%28Miami%2C_1929%29.jpg) shows 300 men.\n"
    )
    assert values(text) == [300]
    assert values("See https://example.org/a\n300 men came.") == [300]


def test_a_web_address_that_ocr_read_with_a_space_yields_no_figures() -> None:
    text = (
        "Image: https://upload.example.org/a/a3/De_uitbarsting Krakatau%2C_KITLV_5888.1"
        " shows 300 men."
    )
    assert values(text) == [300]


def test_footnote_markers_that_markdown_did_not_read() -> None:
    assert values("They counted 111 deaths.[*1] And 394 injuries.[^2]") == [111, 394]
