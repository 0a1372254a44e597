"""``claims --format annotation``: W3C Web Annotations (JSON-LD) that anchor each claim in its
source, by quote and by position in the file as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docgen import news_page_html, two_page_pdf, write

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _annotations(cli, *args: str) -> list[dict[str, Any]]:
    result = cli("claims", "--format", "annotation", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def _check_structure(annotation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Web Annotation Data Model's requirements on what powdb writes; the selectors by
    type."""
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation"
    assert annotation["id"].startswith("urn:x-powdb:")
    assert annotation["motivation"] == "describing"
    assert annotation["body"][0]["type"] == "TextualBody"
    assert annotation["body"][0]["purpose"] == "describing"
    assert annotation["body"][0]["value"]
    target = annotation["target"]
    assert target["source"].startswith(("file:///", "https://", "http://"))
    selectors = {s["type"]: s for s in target["selector"]}
    assert set(selectors) <= {"TextQuoteSelector", "TextPositionSelector", "FragmentSelector"}
    quote = selectors["TextQuoteSelector"]
    assert set(quote) == {"type", "exact", "prefix", "suffix"}
    assert all(isinstance(quote[k], str) for k in ("exact", "prefix", "suffix"))
    position = selectors["TextPositionSelector"]
    assert set(position) == {"type", "start", "end"}
    assert 0 <= position["start"] < position["end"]
    return selectors


def test_one_annotation_per_claim_anchored_in_the_file_as_written(cli, tmp_path: Path) -> None:
    assert cli("ingest", str(SEEDS), "--db", "t.db").exit_code == 0
    claims = cli.json("claims", "--db", "t.db")
    annotations = _annotations(cli, "--db", "t.db")
    assert len(annotations) == len(claims) == 9
    assert len({a["id"] for a in annotations}) == 9
    for claim, annotation in zip(claims, annotations, strict=True):
        selectors = _check_structure(annotation)
        path = Path(claim["source_path"])
        assert annotation["target"]["source"] == path.as_uri()
        assert annotation["target"]["format"] == "text/plain"
        text = path.read_text(encoding="utf-8")  # the file itself, as written
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        start, end = position["start"], position["end"]
        assert (start, end) == (claim["start"], claim["end"])
        assert text[start:end] == quote["exact"] == claim["surface"]
        assert text[:start].endswith(quote["prefix"]) and len(quote["prefix"]) == 32
        assert text[end:].startswith(quote["suffix"]) and quote["suffix"]
        assert f"powdb claim {claim['id']}" in annotation["body"][0]["value"]
    interned = next(a for a, c in zip(annotations, claims, strict=True) if c["value"] == 291)
    assert interned["body"][1] == {
        "type": "TextualBody",
        "purpose": "tagging",
        "value": "Captured or held (American) — Siberia, NKVD, Stalin, Japan",
    }
    # Filters apply as to any listing.
    assert len(_annotations(cli, "--db", "t.db", "--search", "forgotten")) == 1


def test_web_sources_are_targeted_by_url_and_pdf_claims_by_page(cli, tmp_path: Path) -> None:
    write(tmp_path / "page.html", news_page_html())
    write(tmp_path / "returns.pdf", two_page_pdf())
    assert cli("ingest", str(tmp_path), "--db", "t.db").exit_code == 0
    by_format: dict[str, list[dict[str, Any]]] = {}
    for annotation in _annotations(cli, "--db", "t.db"):
        _check_structure(annotation)
        by_format.setdefault(annotation["target"]["format"], []).append(annotation)
    web = by_format["text/html"]
    assert {a["target"]["source"] for a in web} == {"https://example.org/news/siege-in-numbers"}
    pdf = by_format["application/pdf"]
    assert {a["target"]["source"] for a in pdf} == {(tmp_path / "returns.pdf").as_uri()}
    pages = [
        next(s["value"] for s in a["target"]["selector"] if s["type"] == "FragmentSelector")
        for a in pdf
    ]
    assert pages == ["page=1", "page=2"]
    assert [a["target"]["selector"][0]["exact"] for a in pdf] == ["12,000 dead", "15,000 dead"]


def test_annotation_format_is_for_claims_only(cli, seeded_readonly: str) -> None:
    for extra in ("--conflicting", "--cite"):
        result = cli("claims", "--db", seeded_readonly, "--format", "annotation", extra)
        assert result.exit_code == 2
        assert "annotations are of claims" in result.stderr
    assert cli("sources", "--db", seeded_readonly, "--format", "annotation").exit_code == 2
