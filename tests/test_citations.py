"""Citations: CSL-JSON valid against the CSL data schema, BibTeX that parses, short citations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import bibtexparser
import citeproc
import jsonschema
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

import docgen
from powdb.citations import (
    CSL_TYPE_FOR_KIND,
    bibtex_keys,
    format_citation,
    load_csl_schema,
    split_name,
    to_bibtex,
    to_csl_json,
)
from powdb.readers import KINDS, read_document

NEWS: dict[str, Any] = {
    "id": 7,
    "title": "The Siege in Numbers",
    "authors": ["Jane Doe", "Ludwig van Beethoven", "World Health Organization"],
    "issued": "2003-03-20",
    "container": "The Example Gazette",
    "url": "https://example.org/news/siege?id=1&page=2",
    "kind": "newspaper article",
    "accessed": "2024-05-01",
    "note": "Figures quoted from the garrison ledgers",
    "path": "/archive/siege.html",
}
MINIMAL: dict[str, Any] = {"id": 8, "title": None, "path": "/archive/scan-0042.pdf"}


def _validate(items: list[dict[str, Any]]) -> None:
    jsonschema.Draft7Validator(load_csl_schema()).validate(items)


# The official CSL schema files as citeproc-py ships them (the CSL project's schema repository):
# the reference the hand-written csl-data.json in src/powdb/schemas is checked against.
CSL_SPEC = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"


def _official(file: str) -> set[str]:
    """Every quoted name in one of the official CSL RELAX NG schema files."""
    return set(re.findall(r'"([A-Za-z_-]+)"', (CSL_SPEC / file).read_text("utf-8")))


def test_the_shipped_schema_matches_the_official_csl_specification() -> None:
    item = load_csl_schema()["items"]["properties"]
    assert set(item["type"]["enum"]) == _official("csl-types.rnc")
    assert _official("csl-variables.rnc") <= set(item)


@pytest.mark.parametrize("source", [NEWS, MINIMAL], ids=["news", "minimal"])
def test_exported_items_use_only_official_csl_variables(source: dict[str, Any]) -> None:
    fields = set(to_csl_json(source)) - {"id", "type"}
    assert fields <= _official("csl-variables.rnc")


def test_a_csl_processor_formats_the_exported_item() -> None:
    # citeproc-py, a CSL processor, reads the item and formats it with a bundled style. It
    # wants string ids (CSL-JSON also allows numbers, as powdb writes them and Zotero reads).
    item = {**to_csl_json(NEWS), "id": "7"}
    style = CitationStylesStyle("harvard-cite-them-right", validate=True)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem("7")]))
    [entry] = [str(entry) for entry in bibliography.bibliography()]
    assert entry == (
        "Doe, J., van Beethoven, L. and World Health Organization (2003) “The Siege in Numbers”,"
        " The Example Gazette, 20 March. Available at: https://example.org/news/siege?id=1&page=2"
        " (Accessed: May 1, 2024)."
    )


def test_csl_json_item_has_the_expected_fields() -> None:
    item = to_csl_json(NEWS)
    assert item == {
        "id": 7,
        "type": "article-newspaper",
        "title": "The Siege in Numbers",
        "author": [
            {"family": "Doe", "given": "Jane"},
            {"family": "van Beethoven", "given": "Ludwig"},
            {"literal": "World Health Organization"},
        ],
        "issued": {"date-parts": [[2003, 3, 20]]},
        "accessed": {"date-parts": [[2024, 5, 1]]},
        "container-title": "The Example Gazette",
        "URL": "https://example.org/news/siege?id=1&page=2",
        "note": "Figures quoted from the garrison ledgers",
    }
    _validate([item])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_maps_to_a_valid_csl_type(kind: str) -> None:
    item = to_csl_json({**NEWS, "kind": kind})
    assert item["type"] == CSL_TYPE_FOR_KIND[kind]
    _validate([item])


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ("1992", {"date-parts": [[1992]]}),
        ("1992-10", {"date-parts": [[1992, 10]]}),
        ("1992-10-02", {"date-parts": [[1992, 10, 2]]}),
        ("winter 1916", {"literal": "winter 1916"}),
    ],
)
def test_partial_dates(issued: str, expected: dict[str, Any]) -> None:
    item = to_csl_json({"id": "s1", "issued": issued})
    assert item["issued"] == expected
    _validate([item])


def test_minimal_and_unknown_kind_sources_are_valid() -> None:
    items = [to_csl_json(MINIMAL), to_csl_json({"id": "x", "kind": "poem"})]
    # Never an empty entry: an untitled source is described, as style guides do.
    assert items[0] == {"id": 8, "type": "document", "title": "[Untitled document, scan-0042.pdf]"}
    assert items[1]["type"] == "document"
    _validate(items)


def test_the_schema_rejects_what_it_should() -> None:
    # Guard against a schema copy so lax that every test above passes trivially.
    with pytest.raises(jsonschema.ValidationError):
        _validate([{"id": 1, "type": "not-a-type"}])
    with pytest.raises(jsonschema.ValidationError):
        _validate([{"id": 1, "type": "book", "nonsense-field": "x"}])
    with pytest.raises(jsonschema.ValidationError):
        _validate([{"type": "book"}])


def test_documents_read_from_files_become_valid_csl(tmp_path: Path) -> None:
    html = read_document(docgen.write(tmp_path / "siege.html", docgen.news_page_html()))
    md = read_document(docgen.write(tmp_path / "letters.md", docgen.FRONT_MATTER_MD))
    items = [
        to_csl_json(
            {
                "id": n,
                "title": doc.title,
                "authors": list(doc.authors),
                "issued": doc.issued,
                "container": doc.container,
                "url": doc.url,
                "kind": doc.kind,
                "note": doc.note,
                "accessed": "2024-05-01",
            }
        )
        for n, doc in enumerate((html, md), start=1)
    ]
    assert items[0]["type"] == "article-newspaper"
    assert items[1]["type"] == "book"
    assert items[1]["issued"] == {"date-parts": [[1916, 7]]}
    _validate(items)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Robert Fisk", {"family": "Fisk", "given": "Robert"}),
        ("Fisk, Robert", {"family": "Fisk", "given": "Robert"}),
        ("Charles de Gaulle", {"family": "de Gaulle", "given": "Charles"}),
        ("Herodotus", {"literal": "Herodotus"}),
        ("{Reuters Staff}", {"literal": "Reuters Staff"}),
        ("Ministry of Defence", {"literal": "Ministry of Defence"}),
    ],
)
def test_split_name(name: str, expected: dict[str, str]) -> None:
    assert split_name(name) == expected


# --- BibTeX ----------------------------------------------------------------------------------


def _parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def _fields(entry: Any) -> dict[str, str]:
    return {key: field.value for key, field in entry.fields_dict.items()}


def test_bibtex_parses_with_the_right_types_and_fields() -> None:
    sources = [
        NEWS,
        {
            "id": 2,
            "title": "Letters from the Front",
            "authors": ["Mary Smith"],
            "kind": "book",
            "container": "Regimental Press",
            "issued": "1916-07",
        },
        {
            "id": 3,
            "title": "Thread: casualty figures",
            "kind": "forum post",
            "url": "https://forum.example.org/t/1",
            "accessed": "2024-05-02",
        },
        {"id": 4, "title": "Annual Return", "kind": "report", "container": "War Office"},
        MINIMAL,
    ]
    library = _parse(to_bibtex(sources))
    entries = library.entries
    assert [(e.entry_type, e.key) for e in entries] == [
        ("article", "doe2003siege"),
        ("book", "smith1916letters"),
        ("online", "thread"),
        ("report", "annual"),
        ("misc", "source8"),
    ]
    news = _fields(entries[0])
    assert news["author"] == ("Doe, Jane and van Beethoven, Ludwig and {World Health Organization}")
    assert news["title"] == "The Siege in Numbers"
    # One dialect, biblatex's: date (no year and month beside it), journaltitle, urldate.
    assert news["journaltitle"] == "The Example Gazette"
    assert news["date"] == "2003-03-20"
    assert news["url"] == "https://example.org/news/siege?id=1&page=2"
    assert news["urldate"] == "2024-05-01"
    classic = {"year", "month", "journal"}
    assert all(not classic & set(_fields(e)) for e in entries)
    assert _fields(entries[1])["publisher"] == "Regimental Press"
    assert _fields(entries[1])["date"] == "1916-07"
    assert _fields(entries[2])["urldate"] == "2024-05-02"
    assert _fields(entries[3])["institution"] == "War Office"
    assert _fields(entries[4])["title"] == "[Untitled document, scan-0042.pdf]"


def test_bibtex_escapes_specials_and_unbalanced_braces() -> None:
    source = {
        "id": 1,
        "title": "Costs: 100% & $5 {per} man #1 a_b ~ ^ \\ } {",
        "authors": ["O'Brien, Se\u00e1n"],
        "note": 'a "quoted" note @home',
        "url": "https://example.org/{odd}\\path",
    }
    library = _parse(to_bibtex([source, {"id": 2, "title": "Next entry"}]))
    assert len(library.entries) == 2
    fields = _fields(library.entries[0])
    assert fields["title"] == (
        r"Costs: 100\% \& \$5 \{per\} man \#1 a\_b \textasciitilde{} "
        r"\textasciicircum{} \textbackslash{} \} \{"
    )
    assert fields["author"] == "O'Brien, Se\u00e1n"
    assert fields["url"] == "https://example.org/%7Bodd%7D%5Cpath"
    assert _fields(library.entries[1])["title"] == "Next entry"


def test_bibtex_keys_are_unique_and_stored_keys_win() -> None:
    a = {"id": 11, "title": "The Siege", "authors": ["Jane Doe"], "issued": "2003"}
    b = {"id": 12, "title": "The Siege", "authors": ["Jane Doe"], "issued": "2003-05"}
    c = {"id": 13, "title": "Other", "authors": ["Jane Doe"], "issued": "2003"}
    assert bibtex_keys([a, b, c]) == ["doe2003siege", "doe2003siege-12", "doe2003other"]
    # A key once stored is kept, whatever comes before it.
    stored = [{**a, "citation_key": "doe2003siege"}, {**b, "citation_key": "mine"}]
    assert bibtex_keys([c, *reversed(stored)]) == ["doe2003other", "mine", "doe2003siege"]
    same_id = [{"title": "X"}, {"title": "X"}, {"title": "X"}]
    keys = bibtex_keys(same_id)
    assert len(set(keys)) == 3
    assert bibtex_keys([{"id": 1, "title": "\u00c9tat des pertes"}]) == ["etat"]


# --- short citation --------------------------------------------------------------------------


def test_format_citation() -> None:
    assert format_citation(NEWS) == (
        "Jane Doe, Ludwig van Beethoven and World Health Organization, "
        "\u201cThe Siege in Numbers\u201d, The Example Gazette, 20 March 2003, "
        "https://example.org/news/siege?id=1&page=2"
    )
    assert format_citation({**NEWS, "authors": ["A", "B", "C", "D"], "issued": "1992-10"}) == (
        "A et al., \u201cThe Siege in Numbers\u201d, The Example Gazette, October 1992, "
        "https://example.org/news/siege?id=1&page=2"
    )
    assert format_citation(MINIMAL) == "[Untitled document, scan-0042.pdf]"
    assert format_citation({"id": 9}) == "[Untitled document, source 9]"
    about = {**MINIMAL, "kind": "web page", "about": "Lienz, Cossacks"}
    assert format_citation(about) == "[Untitled web page on Lienz, Cossacks; scan-0042.pdf]"
    assert format_citation(NEWS, page=3).endswith("siege?id=1&page=2, p. 3")
    assert "\n" not in format_citation({**NEWS, "title": "Two\nlines"})
