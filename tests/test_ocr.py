"""Scanned PDFs and images are read by OCR (Tesseract), page by page, on pages the tests draw
themselves; the source says its text came from OCR and so does every claim's rule."""

from __future__ import annotations

from pathlib import Path

import pytesseract
import pytest

import docgen
from powdb.errors import InputError
from powdb.extract import extract_claims
from powdb.readers import read_document

PAGES = [
    ["The garrison reported 12,000 dead in 1916,", "most of them in the first winter."],
    ["A later inquiry counted more than 15,000", "dead in the field hospitals."],
]


def test_a_scanned_pdf_is_read_by_ocr_with_its_pages(tmp_path: Path, cli, db_url: str) -> None:
    path = docgen.write(tmp_path / "returns.pdf", docgen.scanned_pdf(PAGES))
    result = cli("ingest", str(path), "--db", db_url)
    assert result.exit_code == 0, result.output
    claims = cli.json("claims", "--db", db_url)
    assert [(c["value"], c["hedge"], c["page"]) for c in claims] == [
        (12000, None, 1),
        (15000, "more than", 2),
    ]
    assert all(c["rule"].endswith("+ocr") for c in claims)
    (source,) = cli.json("sources", "--db", db_url)
    assert source["ocr"].startswith("Tesseract ") and source["ocr"].endswith("2 of 2 pages")
    assert source["media_type"] == "application/pdf"


def test_a_pdf_with_a_text_layer_is_not_read_by_ocr(tmp_path: Path) -> None:
    document = read_document(docgen.write(tmp_path / "r.pdf", docgen.two_page_pdf()))
    assert document.ocr is None


def test_png_and_tiff_images_are_read_by_ocr(tmp_path: Path) -> None:
    png = read_document(docgen.write(tmp_path / "page.png", docgen.image_bytes(PAGES[:1])))
    assert png.media_type == "image/png" and png.ocr is not None
    assert "12,000" in png.text and png.page_starts == (0,)
    tiff = read_document(docgen.write(tmp_path / "scan.tif", docgen.image_bytes(PAGES, "TIFF")))
    assert tiff.media_type == "image/tiff" and len(tiff.page_starts) == 2
    assert "15,000" in tiff.text[tiff.page_starts[1] :]


def test_ocr_reports_each_page_as_it_is_read(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "scan.pdf", docgen.scanned_pdf(PAGES))
    seen: list[tuple[str, int, int]] = []
    read_document(path, on_ocr_page=lambda label, done, total: seen.append((label, done, total)))
    assert seen == [(str(path), 1, 2), (str(path), 2, 2)]


def test_an_image_with_no_text(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "grey.png", docgen.png_bytes(40, 40))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: looks like a PNG image with no text that OCR can read"


def test_without_tesseract_the_error_says_what_to_install(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    path = docgen.write(tmp_path / "scan.pdf", docgen.scanned_pdf(PAGES[:1]))
    result = cli("ingest", str(path), "--db", str(tmp_path / "t.db"))
    assert result.exit_code == 1
    assert (
        f"Error: {path}: needs OCR, and Tesseract is not installed; install it "
        "(apt-get install tesseract-ocr tesseract-ocr-eng) and ingest it again"
    ) in result.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Some 23,5OO men were lost.", 23500),
        ("They shot I,000 horses.", 1000),
        ("They counted 2OO men.", 200),
        ("In l945 the 3O men left.", 30),
    ],
)
def test_digits_ocr_read_as_letters_where_that_is_safe(text: str, value: float) -> None:
    (claim,) = extract_claims(text, ocr=True)
    assert claim.value == value
    assert claim.rule.endswith("+ocr-digits+ocr")
    assert [c.value for c in extract_claims(text)] != [value]  # not without OCR


@pytest.mark.parametrize(
    "text", ["They sailed to Oslo.", "O2 levels fell.", "The lO was lost.", "I went there."]
)
def test_letters_that_are_letters_stay_letters(text: str) -> None:
    assert extract_claims(text, ocr=True) == []


def test_a_clean_figure_in_an_ocr_text_says_it_came_from_ocr() -> None:
    (claim,) = extract_claims("They counted 200 men.", ocr=True)
    assert claim.rule == "count.digits+ocr"
