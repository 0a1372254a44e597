"""Real sources through the CLI: formats, metadata, citations, line and page of each claim."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import jsonschema

from docgen import (
    CURLY_TEXT,
    FRONT_MATTER_MD,
    news_page_html,
    png_bytes,
    two_page_pdf,
    write,
)
from powdb.citations import load_csl_schema


def ingest(cli, *paths: Path | str, db: str = "t.db", extra: tuple[str, ...] = ()):
    return cli("ingest", *(str(p) for p in paths), "--db", db, *extra)


def test_each_kind_of_document_gives_text_metadata_and_claims(cli, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "page.html", news_page_html())
    write(docs / "returns.pdf", two_page_pdf())
    write(docs / "clerk.txt", CURLY_TEXT, encoding="cp1252")
    write(docs / "wide.txt", "Nearly 600 men were interned.\n", encoding="utf-16")
    write(docs / "letters.md", FRONT_MATTER_MD)
    write(docs / "photo.txt", png_bytes())
    result = ingest(cli, docs)
    assert result.exit_code == 1
    assert f"Error: {docs / 'photo.txt'}: looks like a PNG image" in result.stderr
    assert "5 added" in result.stderr and "1 failed" in result.stderr

    sources = {Path(s["path"]).name: s for s in cli.json("sources", "--db", "t.db")}
    assert set(sources) == {"page.html", "returns.pdf", "clerk.txt", "wide.txt", "letters.md"}
    assert sources["page.html"]["title"] == "The Siege in Numbers"
    assert sources["page.html"]["authors"] == ["Jane Doe"]
    assert sources["returns.pdf"]["title"] == "Casualty Returns"
    assert sources["letters.md"]["authors"] == ["Mary Smith", "John Brown"]
    assert sources["letters.md"]["kind"] == "book"

    claims = cli.json("claims", "--db", "t.db")
    by_source = {}
    for claim in claims:
        by_source.setdefault(Path(claim["source_path"]).name, []).append(claim)
    html_values = {c["value"] for c in by_source["page.html"]}
    assert {12000, 15000} <= html_values
    assert all("Subscribe" not in c["quote"] for c in by_source["page.html"])
    pdf_claims = sorted(by_source["returns.pdf"], key=lambda c: c["start"])
    assert [(c["value"], c["page"]) for c in pdf_claims] == [(12000, 1), (15000, 2)]
    (clerk,) = by_source["clerk.txt"]
    assert (clerk["value"], clerk["hedge"], clerk["page"]) == (12000, "about", None)
    assert "\u201cabout 12,000 dead\u201d" in clerk["quote"]
    assert [c["value"] for c in by_source["wide.txt"]] == [600]
    (letters,) = by_source["letters.md"]
    # The front matter stays in the stored text: the line is the file's own line.
    assert (letters["value"], letters["line"]) == (300, 15)
    assert FRONT_MATTER_MD.splitlines()[14] == "We lost 300 men on the first day."


def test_claims_record_their_line(cli, tmp_path: Path) -> None:
    write(tmp_path / "lines.txt", "Title\n\nIn 1945 the camp held\n4,000 men.\nLater 2,500 left.\n")
    ingest(cli, tmp_path / "lines.txt")
    assert [(c["value"], c["line"]) for c in cli.json("claims", "--db", "t.db")] == [
        (4000, 4),
        (2500, 5),
    ]


def test_metadata_options_and_edits_survive_a_changed_file(cli, tmp_path: Path) -> None:
    doc = write(tmp_path / "memo.md", "---\ntitle: Draft memo\n---\nSome 400 men were held.\n")
    result = ingest(cli, doc, extra=("--author", "A. Clerk", "--kind", "report"))
    assert result.exit_code == 0, result.output
    (source,) = cli.json("sources", "--db", "t.db")
    assert (source["title"], source["authors"], source["kind"]) == (
        "Draft memo",
        ["A. Clerk"],
        "report",
    )
    edited = cli(
        "sources",
        "edit",
        str(source["id"]),
        "--db",
        "t.db",
        "--title",
        "Final memo",
        "--date",
        "1946-03-02",
        "--url",
        "https://archive.example/memo",
    )
    assert edited.exit_code == 0, edited.output
    write(doc, "---\ntitle: Draft memo, revised\n---\nSome 450 men were held.\n")
    assert "1 updated" in ingest(cli, doc).stderr
    (source,) = cli.json("sources", "--db", "t.db")
    assert source["title"] == "Final memo"
    assert source["issued"] == "1946-03-02"
    assert source["authors"] == ["A. Clerk"]
    assert [c["value"] for c in cli.json("claims", "--db", "t.db")] == [450]


def test_bad_metadata_is_refused_without_changes(cli, tmp_path: Path) -> None:
    doc = write(tmp_path / "memo.txt", "Some 400 men were held.\n")
    ingest(cli, doc)
    before = cli.json("sources", "--db", "t.db")
    for args, message in [
        (["--date", "last spring"], "Error: cannot read the date 'last spring'"),
        (["--kind", "poem"], "Error: unknown kind 'poem'"),
        ([], "Error: nothing to change"),
    ]:
        result = cli("sources", "edit", "1", "--db", "t.db", *args)
        assert result.exit_code == 1
        assert result.stderr.startswith(message)
    assert cli("sources", "edit", "9", "--db", "t.db", "--title", "x").stderr == (
        "Error: no source with id 9\n"
    )
    assert cli.json("sources", "--db", "t.db") == before


def test_csl_json_export_validates_and_bibtex_parses(cli, tmp_path: Path) -> None:
    write(tmp_path / "page.html", news_page_html())
    write(tmp_path / "letters.md", FRONT_MATTER_MD)
    write(tmp_path / "returns.pdf", two_page_pdf())
    ingest(cli, tmp_path)
    csl = json.loads(cli("sources", "--db", "t.db", "--format", "csl-json").stdout)
    jsonschema.validate(csl, load_csl_schema())
    assert {item["title"] for item in csl} >= {"The Siege in Numbers", "Letters from the Front"}
    # Sources with a web address were "accessed"; the PDF is a local file only.
    accessed = {item["title"]: "accessed" in item for item in csl}
    assert accessed == {
        "The Siege in Numbers": True,
        "Letters from the Front": True,
        "Casualty Returns": False,
    }
    library = bibtexparser.parse_string(cli("sources", "--db", "t.db", "-f", "bibtex").stdout)
    assert not library.failed_blocks
    assert len(library.entries) == 3
    titles = {entry.fields_dict["title"].value for entry in library.entries}
    assert "Letters from the Front" in titles


def test_claims_can_carry_their_citation(cli, tmp_path: Path) -> None:
    write(tmp_path / "letters.md", FRONT_MATTER_MD)
    ingest(cli, tmp_path)
    (claim,) = cli.json("claims", "--db", "t.db", "--cite")
    assert "Mary Smith and John Brown" in claim["citation"]
    assert "Letters from the Front" in claim["citation"]
    table = cli("claims", "--db", "t.db", "--cite", "--format", "table").stdout
    assert "Mary Smith" in table
