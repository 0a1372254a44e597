"""Citations for Zotero and LaTeX through the CLI: stored citation keys, biblatex and CSL-JSON
that round-trip through bibtexparser and citeproc-py, untitled sources, pages of PDF claims."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import jsonschema
import sqlalchemy as sa
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from docgen import news_page_html, two_page_pdf, write
from powdb.citations import load_csl_schema, split_name
from powdb.db import make_engine

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BY_SMITH = ("--author", "John Smith", "--date", "1999", "--title", "Keegan and the Somme")


def _bibtex(cli, db: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(cli("sources", "--db", db, "-f", "bibtex").stdout)
    assert library.failed_blocks == []
    return {
        entry.key: {k: f.value for k, f in entry.fields_dict.items()} for entry in library.entries
    }


def _keys(cli, db: str) -> dict[int, str]:
    return {s["id"]: s["citation_key"] for s in cli.json("sources", "--db", db)}


def test_a_citation_key_never_changes_when_a_namesake_arrives(
    cli, db_url: str, tmp_path: Path
) -> None:
    first = write(tmp_path / "a.txt", "Some 400 men were held.\n")
    second = write(tmp_path / "b.txt", "Some 500 men were held.\n")
    assert cli("ingest", str(first), "--db", db_url, *BY_SMITH).exit_code == 0
    assert _keys(cli, db_url) == {1: "smith1999keegan"}
    assert list(_bibtex(cli, db_url)) == ["smith1999keegan"]

    assert cli("ingest", str(second), "--db", db_url, *BY_SMITH).exit_code == 0
    assert _keys(cli, db_url) == {1: "smith1999keegan", 2: "smith1999keegan-2"}
    assert list(_bibtex(cli, db_url)) == ["smith1999keegan", "smith1999keegan-2"]
    # Nor when its own metadata is corrected, or its file changes.
    assert cli("sources", "edit", "1", "--db", db_url, "--date", "2001").exit_code == 0
    write(first, "Some 450 men were held.\n")
    assert "1 updated" in cli("ingest", str(first), "--db", db_url).stderr
    assert _keys(cli, db_url)[1] == "smith1999keegan"
    csl = json.loads(cli("sources", "--db", db_url, "-f", "csl-json").stdout)
    assert [(i["id"], i["citation-key"]) for i in csl] == [
        ("smith1999keegan", "smith1999keegan"),
        ("smith1999keegan-2", "smith1999keegan-2"),
    ]


def test_a_user_sets_a_key_unique_and_well_formed(cli, db_url: str, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        doc = write(tmp_path / name, f"Some 400 men were held ({name}).\n")
        assert cli("ingest", str(doc), "--db", db_url, *BY_SMITH).exit_code == 0
    result = cli("sources", "edit", "2", "--db", db_url, "--key", "keegan:somme-1999")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["citation_key"] == "keegan:somme-1999"
    assert "keegan:somme-1999" in _bibtex(cli, db_url)
    before = cli.json("sources", "--db", db_url)
    for key, message in [
        ("keegan:somme-1999", "Error: the citation key 'keegan:somme-1999' is source 2's"),
        ("smith 1999", "Error: 'smith 1999' cannot be a citation key"),
        ("smith{1999}", "Error: 'smith{1999}' cannot be a citation key"),
        ("", "Error: '' cannot be a citation key"),
    ]:
        result = cli("sources", "edit", "1", "--db", db_url, "--key", key)
        assert result.exit_code == 1
        assert result.stderr.startswith(message), result.stderr
    assert cli.json("sources", "--db", db_url) == before
    # Setting a source's own key again is no conflict.
    assert cli("sources", "edit", "2", "--db", db_url, "--key", "keegan:somme-1999").exit_code == 0


def test_sources_stored_before_keys_get_the_keys_exports_promised(
    cli, db_url: str, tmp_path: Path
) -> None:
    for name in ("a.txt", "b.txt"):
        doc = write(tmp_path / name, f"Some 400 men were held ({name}).\n")
        assert cli("ingest", str(doc), "--db", db_url, *BY_SMITH).exit_code == 0
    engine = make_engine(db_url)
    with engine.begin() as connection:  # as a database upgraded from revision 0008 is
        connection.execute(sa.text("UPDATE sources SET citation_key = NULL"))
    engine.dispose()
    exported = list(_bibtex(cli, db_url))
    assert exported == ["smith1999keegan", "smith1999keegan-2"]
    assert set(_keys(cli, db_url).values()) == {None}  # reading stores nothing
    assert cli("sources", "edit", "2", "--db", db_url, "--note", "n").exit_code == 0
    assert list(_keys(cli, db_url).values()) == exported


def test_biblatex_and_csl_json_round_trip(cli, tmp_path: Path) -> None:
    write(tmp_path / "page.html", news_page_html())
    write(tmp_path / "returns.pdf", two_page_pdf())
    assert cli("ingest", str(tmp_path), "--db", "t.db").exit_code == 0
    sources = {s["citation_key"]: s for s in cli.json("sources", "--db", "t.db")}

    # biblatex back into the fields it came from.
    entries = _bibtex(cli, "t.db")
    assert set(entries) == set(sources)
    for key, fields in entries.items():
        source = sources[key]
        assert fields["title"] == source["title"]
        assert fields["author"] == " and ".join(
            "{" + p["literal"] + "}" if "literal" in p else f"{p['family']}, {p['given']}"
            for p in map(split_name, source["authors"])
        )
        assert fields.get("date") == source["issued"]
        assert fields.get("url") == source["url"]
        assert fields.get("urldate") == source["accessed"]
    web = next(s for s in sources.values() if s["url"])
    pdf = next(s for s in sources.values() if not s["url"])
    assert entries[web["citation_key"]]["urldate"] == web["accessed"]
    assert "urldate" not in entries[pdf["citation_key"]]  # a local file was not "accessed"

    # CSL-JSON: valid, read back whole by citeproc-py, keyed by the citation key.
    items = json.loads(cli("sources", "--db", "t.db", "-f", "csl-json").stdout)
    jsonschema.validate(items, load_csl_schema())
    assert json.loads(json.dumps(items)) == items
    style = CitationStylesStyle("harvard-cite-them-right", validate=True)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(key) for key in sources]))
    text = "\n".join(str(entry) for entry in bibliography.bibliography())
    for source in sources.values():
        assert source["title"] in text
    assert "Doe" in text and "War Office" in text


def test_untitled_sources_are_described_not_left_empty(cli, tmp_path: Path) -> None:
    assert cli("ingest", str(SEEDS), "--db", "t.db").exit_code == 0
    entries = _bibtex(cli, "t.db")
    titles = sorted(fields["title"] for fields in entries.values())
    assert all(t.startswith("[Untitled document on ") and t.endswith("]") for t in titles)
    assert "[Untitled document on Siberia, NKVD, Stalin, Japan]" in titles
    csl = json.loads(cli("sources", "--db", "t.db", "-f", "csl-json").stdout)
    assert all(item["title"].startswith("[Untitled document on ") for item in csl)
    assert not any("accessed" in item for item in csl)
    assert not any("urldate" in fields for fields in entries.values())
    (claim, *_) = cli.json("claims", "--db", "t.db", "--cite", "--source", "2")
    assert claim["citation"] == (
        "[Untitled document on Siberia, NKVD, Stalin, Japan; 001_905861b46afc44d2.txt]"
    )


def test_claims_from_a_pdf_are_cited_with_their_page(cli, tmp_path: Path) -> None:
    write(tmp_path / "returns.pdf", two_page_pdf())
    assert cli("ingest", str(tmp_path / "returns.pdf"), "--db", "t.db").exit_code == 0
    claims = cli.json("claims", "--db", "t.db", "--cite")
    assert [(c["value"], c["page"]) for c in claims] == [(12000, 1), (15000, 2)]
    assert [c["citation"] for c in claims] == [
        "War Office, \u201cCasualty Returns\u201d, p. 1",
        "War Office, \u201cCasualty Returns\u201d, p. 2",
    ]
    assert {c["citation_key"] for c in claims} == {"officecasualty"}
    table = cli("claims", "--db", "t.db", "--cite", "--format", "table").stdout
    assert "p. 2" in table
