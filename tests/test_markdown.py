"""Markdown, front matter and hard-wrapped text, through the real ingest CLI and the extractor.

The documents are small Markdown files written here. Every check on offsets reads the file as
written (decoded, nothing removed): a claim's ``start``/``end`` must find its surface there.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from powdb.extract import extract_claims
from powdb.readers.structure import analyse, looks_like_markdown, structure_of

ARTICLE = """\
---
id: "siege-of-elmtown-1812"
name: "Siege of Elmtown"
date: 1812-06-24
coordinates: [105.4233, -6.1021]
image: "https://upload.example.org/thumb/800px-Elmtown_1812.jpg"
casualties: "about 4,000 dead; 12,000+ wounded"
socialLinks:
  wikipedia: "https://en.example.org/wiki/Siege_of_Elmtown_(1812)"
  archive:
    id: 285613115146
lastUpdated: "2025-12-23"
---

# Siege of Elmtown

![Elmtown in 1812, 800 px](https://upload.example.org/thumb/800px-Elmtown%2C_1812.jpg)

The garrison of [Elmtown](https://en.example.org/wiki/Elmtown_42) held out for
51 days against between 20,000 and
25,000 besiegers.[^1] Around 3
million rounds were fired.

## 2. The Assault

### 2.1 Casualties

| Side | Killed |
|------|--------|
| **Defenders** | 1,200 |
| Besiegers | nearly 6,000 |

1. **Deaths**: 3,787 townspeople
2. Wounded: 9,500 civilians
3. The council met 3 times.

```
total = 404 + 505
```

<!-- 606 dead per the draft -->

Code like `x = 707` is not a claim.

[^1]: Letter of 12 June 1812, see https://archive.example.org/item/998877.
"""

EXPECTED = [4000, 12000, 51, (20000, 25000), 3_000_000, 1200, 6000, 3787, 9500, 3]


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def figure(claim: dict) -> object:
    if claim["value"] is not None:
        return claim["value"]
    return (claim["low"], claim["high"])


def ingest_and_list(cli, path: Path) -> list[dict]:
    result = cli("ingest", str(path), "--db", "t.db")
    assert result.exit_code == 0, result.stderr
    claims = cli.json("claims", "--db", "t.db")
    return sorted(claims, key=lambda c: c["start"])


@pytest.mark.parametrize("name", ["siege.md", "siege.txt", "siege.markdown"])
def test_markdown_claims_come_from_prose_only_and_index_the_file(cli, tmp_path, name) -> None:
    path = write(tmp_path / name, ARTICLE)
    claims = ingest_and_list(cli, path)
    assert [figure(c) for c in claims] == EXPECTED
    as_written = path.read_bytes().decode("utf-8")
    for claim in claims:
        assert as_written[claim["start"] : claim["end"]] == claim["surface"]
        assert "**" not in claim["quote"] and "](" not in claim["quote"]
        assert "\n" not in claim["quote"]
    by_value = {figure(c): c for c in claims}
    assert by_value[4000]["hedge"] == "about"  # front matter prose keeps its hedge
    assert by_value[(20000, 25000)]["surface"] == "between 20,000 and\n25,000 besiegers"
    assert by_value[3_000_000]["hedge"] == "around"
    assert by_value[6000]["hedge"] == "nearly"
    assert by_value[(20000, 25000)]["quote"] == (
        "The garrison of Elmtown held out for 51 days against between 20,000 and 25,000 "
        "besiegers. Around 3 million rounds were fired."
    ) or by_value[(20000, 25000)]["quote"].startswith("The garrison of Elmtown held out")


def test_front_matter_fields_go_to_the_source_record(cli, tmp_path) -> None:
    path = write(tmp_path / "siege.txt", ARTICLE)
    ingest_and_list(cli, path)
    (source,) = cli.json("sources", "--db", "t.db")
    assert source["title"] == "Siege of Elmtown"
    assert source["issued"] == "1812-06-24"  # a YAML date, read as a date


def test_stored_text_is_the_file_as_written(cli, tmp_path) -> None:
    from powdb.db import open_database
    from powdb.query import list_sources

    path = write(tmp_path / "siege.md", ARTICLE.replace("\n", "\r\n"))
    ingest_and_list(cli, path)
    engine = open_database("t.db")
    try:
        (source,) = list_sources(engine)
        import sqlalchemy as sa

        with engine.connect() as connection:
            text, media_type = connection.execute(
                sa.text("SELECT text, media_type FROM sources WHERE id = :id"),
                {"id": source["id"]},
            ).one()
    finally:
        engine.dispose()
    assert text == ARTICLE  # only the line endings are normalized
    # The structure is recomputed from the stored text alone.
    structure = structure_of(text, media_type)
    assert structure.title == "Siege of Elmtown"
    offset = text.index("9,500")
    assert structure.heading_at(offset) == ("Siege of Elmtown", "The Assault", "Casualties")


def test_structure_of_a_markdown_text() -> None:
    structure = structure_of(ARTICLE, "text/markdown")
    assert structure.title == "Siege of Elmtown"  # front matter name
    assert structure.front_matter["date"] == datetime.date(1812, 6, 24)
    assert structure.front_matter["socialLinks"]["archive"] == {"id": 285613115146}
    assert structure.front_matter_key_at(ARTICLE.index("4,000")) == "casualties"
    assert structure.front_matter_key_at(ARTICLE.index("285613")) == "socialLinks.archive.id"
    assert structure.heading_at(0) == ()
    assert structure.heading_at(ARTICLE.index("51 days")) == ("Siege of Elmtown",)
    assert structure.heading_at(ARTICLE.index("The Assault")) == (
        "Siege of Elmtown",
        "The Assault",
    )
    cell = structure.cell_at(ARTICLE.index("6,000"))
    assert cell is not None
    assert (cell.text, cell.header, cell.row_label, cell.row, cell.column) == (
        "nearly 6,000",
        "Killed",
        "Besiegers",
        2,
        1,
    )
    head = structure.cell_at(ARTICLE.index("Killed"))
    assert head is not None and (head.row, head.header, head.row_label) == (0, None, None)
    first = structure.cell_at(ARTICLE.index("Defenders"))
    assert first is not None and (first.text, first.row_label) == ("Defenders", None)
    assert structure.cell_at(ARTICLE.index("51 days")) is None
    assert structure.list_label_at(ARTICLE.index("3,787")) == "Deaths"
    assert structure.list_label_at(ARTICLE.index("9,500")) == "Wounded"
    assert structure.list_label_at(ARTICLE.index("3 times")) is None
    assert structure.list_label_at(ARTICLE.index("51 days")) is None


def test_nested_list_labels_and_h1_title() -> None:
    text = (
        "# The Long Winter\n\nIntro.\n\n"
        "- **Losses**:\n  - Horses: 3,000\n  - 40 wagons\n- Other: 7 guns\n"
    )
    structure = structure_of(text, "text/markdown")
    assert structure.title == "The Long Winter"
    assert structure.list_label_at(text.index("3,000")) == "Horses"
    assert structure.list_label_at(text.index("40 wagons")) == "Losses"
    assert structure.list_label_at(text.index("7 guns")) == "Other"


def test_plain_text_has_an_empty_structure() -> None:
    text = "The camp held 300 men.\n\nBy June, 400 more had come."
    structure = structure_of(text, "text/plain")
    assert structure.title is None and structure.headings == () and structure.cells == ()
    assert structure.heading_at(5) == () and structure.cell_at(5) is None
    assert structure.front_matter == {}


def test_view_has_the_length_of_the_text_and_blanks_markup() -> None:
    analysis = analyse(ARTICLE, "text/markdown")
    view = analysis.view
    assert len(view) == len(ARTICLE)
    for kept, position in [(c, i) for i, c in enumerate(view) if not c.isspace()]:
        assert ARTICLE[position] == kept  # the view only keeps or blanks characters
    for hidden in ("800px", "%2C", "Elmtown_42", "285613115146", "404", "606", "707", "998877",
                   "[^1]", "105.4233", "siege-of-elmtown"):  # fmt: skip
        assert hidden not in view, hidden
    assert "      The Assault" in view  # "## 2." blanked
    assert "       Casualties" in view  # "### 2.1" blanked
    assert "The garrison of Elmtown held out for 51 days" in " ".join(view.split())


def test_non_ascii_before_claims_keeps_offsets() -> None:
    text = "## Myeongnyang (명량, 鳴梁) — “the roaring strait”\n\n"
    text += "Yi's **13 ships** faced 133 warships.\n"
    view = analyse(text, "text/markdown").view
    claims = extract_claims(text, view=view)
    assert [(c.value, text[c.start : c.end]) for c in claims] == [
        (13, "13 ships"),
        (133, "133 warships"),
    ]
    assert claims[0].quote == "Yi's 13 ships faced 133 warships."


def test_hard_wrapped_plain_text_reads_as_one_sentence() -> None:
    text = "between\n7,000 and 10,000 French died in the retreat, around 3\nmillion."
    claims = extract_claims(text)
    assert [(c.low, c.high, c.value) for c in claims] == [
        (7000, 10000, None),
        (None, None, 3_000_000),
    ]
    assert claims[1].surface == "around 3\nmillion" and claims[1].hedge == "around"
    assert claims[0].quote == (
        "between 7,000 and 10,000 French died in the retreat, around 3 million."
    )


def test_hard_wrapped_text_keeps_paragraphs_lists_and_page_numbers_apart() -> None:
    text = (
        "Casualties\n"
        "About 3,000 men fell on the\nfirst day.\n\n"
        "- 200 horses\n- 40 guns\n\n"
        "17\n\n"
        "The rest, 580 men,\nwent home.\n"
    )
    claims = extract_claims(text)
    assert [c.value for c in claims] == [3000, 200, 40, 580]
    assert claims[0].quote == "About 3,000 men fell on the first day."
    assert claims[1].quote == "200 horses"


def test_hard_wrapped_markdown_ingests_like_the_unwrapped_file(cli, tmp_path) -> None:
    wrapped = ARTICLE.replace("held out for\n51 days", "held out\nfor\n51\ndays")
    wrapped = wrapped.replace("fired.", "fired.").replace("were fired", "were\nfired")
    path = write(tmp_path / "wrapped.md", wrapped)
    claims = ingest_and_list(cli, path)
    assert [figure(c) for c in claims] == EXPECTED
    for claim in claims:
        assert wrapped[claim["start"] : claim["end"]] == claim["surface"]


def test_plain_prose_is_not_taken_for_markdown() -> None:
    prose = "# of men: see below.\nThe camp held 300 men, 12 of them officers.\n"
    assert not looks_like_markdown(prose)
    assert looks_like_markdown("## Losses\n\n**300** men\n")
    assert looks_like_markdown("---\ntitle: A\n---\nBody.\n")
    assert not looks_like_markdown("---\nJust a rule, then prose.\n---\nMore.\n")


def test_malformed_front_matter_is_text(cli, tmp_path) -> None:
    text = "---\ntitle: [unclosed\n---\nThe camp held 300 men.\n"
    path = write(tmp_path / "odd.md", text)
    claims = ingest_and_list(cli, path)
    assert [c["value"] for c in claims] == [300]
    assert text[claims[0]["start"] : claims[0]["end"]] == claims[0]["surface"]


def test_a_numbered_bold_lead_is_not_a_claim() -> None:
    text = "## Causes\n\n**1. Illegal Redesign:**\nThe owners added 239 tons of cabins.\n"
    claims = extract_claims(text, view=analyse(text, "text/markdown").view)
    assert [c.value for c in claims] == [239]
