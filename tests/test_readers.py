"""Reading real documents: encodings, HTML main text, PDFs, and refusals with one-line messages."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

import docgen
import powdb.readers as readers
from powdb.errors import InputError, UnsupportedFileError
from powdb.readers import Document, line_of, page_of, read_bytes, read_document


def _error(exc_type: type[Exception], path: Path | str) -> str:
    with pytest.raises(exc_type) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- HTML ------------------------------------------------------------------------------------


def test_html_keeps_the_article_and_drops_menus_banners_and_footer(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "siege.html", docgen.news_page_html())
    doc = read_document(path)
    assert "roughly 12,000 soldiers had died" in doc.text
    assert "more than 15,000" in doc.text
    for boilerplate in ("Sportsdesk", "Weatherwatch", "Subscribe", "cookies", "Footerlink"):
        assert boilerplate not in doc.text
    assert doc.media_type == "text/html"
    assert doc.title == "The Siege in Numbers"
    assert doc.authors == ("Jane Doe",)
    assert doc.issued == "2003-03-20"
    assert doc.url == "https://example.org/news/siege-in-numbers"
    assert doc.container == "The Example Gazette"
    assert doc.kind == "newspaper article"
    assert doc.page_starts == ()


def test_html_from_stdin_is_sniffed(tmp_path: Path) -> None:
    doc = read_bytes(docgen.news_page_html().encode("utf-8"))
    assert doc.media_type == "text/html"
    assert "Sportsdesk" not in doc.text


def test_html_text_is_normalized() -> None:
    page = docgen.news_page_html().replace("\n", "\r\n").replace("eleven", "e\u0301leven")
    doc = read_bytes(page.encode("utf-8"), "page.htm")
    assert "\r" not in doc.text
    assert "\u00e9leven" in doc.text  # NFC: e + combining acute -> é


# --- PDF -------------------------------------------------------------------------------------


def test_two_page_pdf_records_page_starts_and_metadata(tmp_path: Path) -> None:
    doc = read_document(docgen.write(tmp_path / "returns.pdf", docgen.two_page_pdf()))
    assert doc.media_type == "application/pdf"
    assert doc.title == "Casualty Returns"
    assert doc.authors == ("War Office",)
    assert len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    second = doc.text.index("Page two")
    assert doc.page_starts[1] == second
    assert doc.text[second - 3 : second] == "\n\f\n"  # a form feed between pages
    assert page_of(doc.page_starts, doc.text.index("12,000")) == 1
    assert page_of(doc.page_starts, doc.text.index("15,000")) == 2
    assert page_of(doc.page_starts, len(doc.text) - 1) == 2
    assert page_of((), 5) is None


def test_pdf_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    doc = read_document(docgen.write(tmp_path / "returns.txt", docgen.two_page_pdf()))
    assert doc.media_type == "application/pdf"


def test_pdf_without_text_even_by_ocr(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "scan.pdf", docgen.blank_drawing_pdf())
    assert _error(InputError, path) == f"{path}: no text found in the PDF, even by OCR"


@pytest.mark.parametrize("aes", [False, True], ids=["rc4", "aes"])
def test_encrypted_pdf_needing_a_password_is_refused_in_one_line(tmp_path: Path, aes: bool) -> None:
    path = docgen.write(tmp_path / "locked.pdf", docgen.encrypted_pdf(aes=aes))
    assert _error(InputError, path) == (
        f"{path}: encrypted PDF that needs a password; save a copy without it and ingest that"
    )


def test_aes_encrypted_pdf_with_an_empty_password_is_read(tmp_path: Path) -> None:
    # Publishers and archives encrypt with AES only to restrict printing or copying.
    path = docgen.write(tmp_path / "article.pdf", docgen.encrypted_pdf("", aes=True))
    assert read_document(path).text.strip() == "Hidden figure: 12,000 dead."


def test_damaged_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "broken.pdf", docgen.two_page_pdf()[:300])
    assert _error(InputError, path).startswith(f"{path}: damaged or unreadable PDF (")
    fake = docgen.write(tmp_path / "fake.pdf", "just words")
    assert _error(InputError, fake) == f"{fake}: damaged or unreadable PDF (no %PDF header)"


# --- text encodings --------------------------------------------------------------------------


def test_cp1252_with_curly_quotes(tmp_path: Path) -> None:
    doc = read_document(docgen.write(tmp_path / "clerk.txt", docgen.CURLY_TEXT, "cp1252"))
    assert doc.text == docgen.CURLY_TEXT
    assert doc.encoding == "cp1252"
    assert doc.media_type == "text/plain"


def test_latin1_text(tmp_path: Path) -> None:
    text = "Le g\u00e9n\u00e9ral compta 1\u00a0200 bless\u00e9s \u00e0 Sedan.\n"
    doc = read_document(docgen.write(tmp_path / "sedan.txt", text, "latin-1"))
    assert doc.text == text


def test_central_european_code_page_is_not_mistaken_for_cp1252(tmp_path: Path) -> None:
    text = "W bitwie zgin\u0119\u0142o oko\u0142o 20 000 \u017co\u0142nierzy.\n"
    doc = read_document(docgen.write(tmp_path / "bitwa.txt", text, "cp1250"))
    assert doc.text == text


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = read_document(docgen.write(tmp_path / "wide.txt", docgen.CURLY_TEXT, "utf-16"))
    assert doc.text == docgen.CURLY_TEXT
    assert doc.encoding in ("utf-16-le", "utf-16-be")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    doc = read_document(docgen.write(tmp_path / "wide.txt", docgen.CURLY_TEXT, encoding))
    assert doc.text == docgen.CURLY_TEXT
    assert doc.encoding == encoding


def test_rtf_is_refused_with_advice(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "memo.txt", "{\\rtf1\\ansi 300 men}")
    assert _error(UnsupportedFileError, path) == (
        f"{path}: looks like an RTF document (save it as plain text), not a text document"
    )


def test_utf8_bom_and_crlf_are_normalized(tmp_path: Path) -> None:
    raw = "\ufeffFirst line\r\nSecond line, 300 men\r\nOld Mac line\rend\r\n"
    doc = read_document(docgen.write(tmp_path / "dos.txt", raw, "utf-8"))
    assert doc.text == "First line\nSecond line, 300 men\nOld Mac line\nend\n"
    assert doc.encoding == "utf-8-sig"
    offset = doc.text.index("300")
    assert line_of(doc.text, offset) == 2
    assert line_of(doc.text, 0) == 1


def _stray_controls_text() -> tuple[str, str]:
    """About 2,600 characters of UTF-8 prose with a NUL, a BEL and a NUL in it (as a damaged
    export leaves them), and the same text without them."""
    clean = "".join(
        f"In camp {n} the commission counted {n * 100 + 17} prisoners of war. " for n in range(40)
    )
    dirty = clean[:100] + "\x00" + clean[100:1200] + "\x07\x00" + clean[1200:]
    return dirty, clean


def test_a_few_stray_control_bytes_are_removed_with_a_warning(tmp_path: Path) -> None:
    dirty, clean = _stray_controls_text()
    path = docgen.write(tmp_path / "export.txt", dirty)
    doc = read_document(path)
    assert doc.text == clean
    assert doc.warnings == (
        f"{path}: removed 3 control characters (NUL and the like); "
        "offsets refer to the text without them",
    )
    assert read_document(docgen.write(tmp_path / "fine.txt", clean)).warnings == ()


def test_text_is_nfc(tmp_path: Path) -> None:
    doc = read_document(docgen.write(tmp_path / "nfd.txt", "Cafe\u0301 on the corner\n"))
    assert doc.text == "Caf\u00e9 on the corner\n"


def test_extensionless_and_unknown_extension_text(tmp_path: Path) -> None:
    assert read_document(docgen.write(tmp_path / "README", "plain words\n")).text == "plain words\n"
    assert read_document(docgen.write(tmp_path / "data.csv", "a,b\n1,2\n")).text == "a,b\n1,2\n"


# --- Markdown front matter -------------------------------------------------------------------


def test_markdown_front_matter_supplies_metadata_and_stays_in_the_text(tmp_path: Path) -> None:
    doc = read_document(docgen.write(tmp_path / "letters.md", docgen.FRONT_MATTER_MD))
    assert doc.text == docgen.FRONT_MATTER_MD  # offsets index the file as written
    assert doc.media_type == "text/markdown"
    assert doc.title == "Letters from the Front"
    assert doc.authors == ("Mary Smith", "John Brown")
    assert doc.issued == "1916-07"
    assert doc.kind == "book"
    assert doc.container == "Regimental Press"
    assert doc.url == "https://example.org/letters"
    assert doc.note == "transcribed by hand"


def test_front_matter_inline_forms_in_a_txt_file(tmp_path: Path) -> None:
    raw = "---\r\ntitle: 'Diary'\r\nauthor: [A. Writer, B. Writer]\r\ndate: 2 October 1992\r\n"
    raw += "type: newspaper\r\n---\r\nBody.\r\n"
    doc = read_document(docgen.write(tmp_path / "diary.txt", raw))
    assert (doc.title, doc.authors, doc.issued, doc.kind) == (
        "Diary",
        ("A. Writer", "B. Writer"),
        "1992-10-02",
        "newspaper article",
    )
    assert doc.text == raw.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "raw",
    [
        "---\ntitle: never closed\n\nBody text.\n",
        "---\nThis is a horizontal rule, then prose.\n---\nMore prose.\n",
        "---\n---\nEmpty block.\n",
    ],
)
def test_malformed_front_matter_is_kept_as_text(tmp_path: Path, raw: str) -> None:
    doc = read_document(docgen.write(tmp_path / "odd.md", raw))
    assert doc.text == raw
    assert doc.title is None


# --- refusals --------------------------------------------------------------------------------


def test_png_renamed_txt_is_read_as_an_image(tmp_path: Path) -> None:
    # The content decides: an image is read by OCR whatever its name; this one has no text.
    path = docgen.write(tmp_path / "photo.txt", docgen.png_bytes())
    message = _error(InputError, path)
    assert message == f"{path}: looks like a PNG image with no text that OCR can read"


def test_zip_is_refused(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "bundle.zip", docgen.zip_bytes())
    message = _error(UnsupportedFileError, path)
    assert message == f"{path}: looks like a ZIP archive, not a text document"


def test_binary_without_magic_number_is_refused(tmp_path: Path) -> None:
    path = docgen.write(tmp_path / "blob.txt", bytes(range(256)) * 8)
    assert _error(UnsupportedFileError, path) == (
        f"{path}: looks like binary data (no text encoding fits), not a text document"
    )


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = docgen.write(tmp_path / "empty.txt", content)
    assert _error(InputError, path) == f"{path}: empty document"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert _error(InputError, path) == f"{path}: no such file"


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    path = docgen.write(tmp_path / "huge.txt", b"x" * (3 * 1024 * 1024))
    assert _error(InputError, path) == f"{path}: too large (3 MB; the limit is 1 MB)"
    with pytest.raises(InputError, match=r"^-: too large"):
        read_bytes(b"x" * (3 * 1024 * 1024))


def test_large_text_file_is_read_without_many_copies(tmp_path: Path) -> None:
    size = 20 * 1024 * 1024
    line = b"In 1916 the battalion lost 300 men.\r\n"
    path = docgen.write(tmp_path / "big.txt", line * (size // len(line)))
    tracemalloc.start()
    try:
        doc = read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(doc, Document) and doc.text.startswith("In 1916")
    assert peak < 2.5 * size  # never more than two copies: bytes+text, then text+normalized


def test_control_characters_are_found_wherever_they_are() -> None:
    from powdb.readers.document import CONTROL_CHARACTERS, has_control_characters

    for code in range(0x300):
        ch = chr(code)
        assert has_control_characters(f"a{ch}\u2014b") == bool(CONTROL_CHARACTERS.match(ch)), code
    long = "x" * ((1 << 20) - 1)
    assert has_control_characters(long + "\u00e9\x00") and has_control_characters(long + "\x85")
    assert not has_control_characters(long + "\u00e9\t\n\x1b\u0100\u2028")
