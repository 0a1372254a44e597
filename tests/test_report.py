"""``powdb report``: what the HTML report says, that documents stay text, and that links hold."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from powdb.conflicts import list_conflicts
from powdb.db import open_database
from powdb.query import list_claims, list_sources
from powdb.report import build_report, pages, write_report
from powdb.report.chart import chart_rows, chart_spec
from powdb.report.data import load
from powdb.report.highlight import highlight

HOSTILE = (
    "A report of 1946 said that <script>alert(1)</script> some 4,000 prisoners\n"
    'were held at Tamsweg, and <img src=x onerror=alert(1)> "more than 900 officers" escaped.\n'
)


class Page(HTMLParser):
    """The elements of a page: tags with attributes, the text of every claim mark, the ids."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.marks: dict[str, str] = {}  # claim anchor id -> text inside its <mark>
        self._open_marks: list[str] = []
        self._in_svg = 0
        self.text_parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "mark":
            self._open_marks.append(str(attributes.get("id")))
            self.marks[str(attributes.get("id"))] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open_marks.pop()

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        for mark_id in self._open_marks:
            self.marks[mark_id] += data

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attributes for tag, attributes in self.elements if tag == name]

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


HELD = "Captured or held (American) — Siberia, NKVD, Stalin, Japan"


def test_seeds_report_shows_the_291_against_23500_conflict(seeded_readonly: str) -> None:
    html = build_report(open_database(seeded_readonly))
    page = Page(html)
    conflict = html[html.index('<section id="conflicts"') : html.index('<section id="subjects"')]
    assert "Captured or held (American) — Siberia, NKVD, Stalin, Japan" in conflict
    assert "Why one subject: same event: Siberia, NKVD, Stalin, Japan; same measure" in conflict
    assert ">291<" in conflict and "roughly 23,500" in conflict
    assert "80.8× apart" in conflict
    # The chart: inline SVG with an accessible name, drawn on a log scale (80x apart).
    (svg,) = re.findall(r"<svg[^>]*>", conflict)
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in conflict and "Figures for Captured or held (American)" in conflict
    assert "log scale" in conflict
    # Quotes and citations side by side.
    assert "which comprised <strong>291 men</strong>" in conflict
    # An untitled source is described, not cited as a quoted file name.
    assert (
        "[Untitled document on Siberia, NKVD, Stalin, Japan; 001_905861b46afc44d2.txt]" in conflict
    )
    assert "\u201c001_905861b46afc44d2.txt\u201d" not in conflict
    assert 'href="#claim-' in conflict and "in context</a>" in conflict
    for heading in ("h1", "h2", "h3"):
        assert page.tags(heading), heading


def test_every_claim_is_highlighted_in_place_with_its_surface(seeded_readonly: str) -> None:
    engine = open_database(seeded_readonly)
    claims = list_claims(engine)
    page = Page(build_report(engine))
    assert len(claims) == 9
    for claim in claims:
        anchor = f"claim-{claim['id']}"
        assert page.marks[anchor] == claim["surface"]
    marks = page.tags("mark")
    assert len(marks) == len(claims)
    assert all(m["tabindex"] == "0" and m["class"] == "claim" for m in marks)
    held = next(m for m in marks if "roughly 23,500" in str(m["aria-description"]))
    assert held["aria-description"] == (
        f"Claim {held['id'].removeprefix('claim-')}: roughly 23,500 · hedge: roughly · "  # type: ignore[union-attr]
        f"counts: American soldiers · subject: {HELD}"
    )


def test_source_text_appears_whole(seeded_readonly: str, seeds: Path) -> None:
    page = Page(build_report(open_database(seeded_readonly)))
    for path in seeds.iterdir():
        text = path.read_text(encoding="utf-8")
        # Paragraph text survives as it is (whitespace is kept by pre-wrap).
        assert text.strip().splitlines()[0] in page.text


def test_hostile_markup_in_a_source_is_shown_as_text(cli, tmp_path: Path, db_url: str) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    assert cli("ingest", str(hostile), "--db", db_url).exit_code == 0
    html = build_report(open_database(db_url))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    page = Page(html)
    assert not page.tags("script")
    assert not page.tags("img")
    assert not [a for _, a in page.elements if any(k.startswith("on") for k in a)]
    assert "<script>alert(1)</script>" in page.text  # shown to the reader, as text
    assert page.marks  # the claims around the markup are still highlighted


def test_report_needs_nothing_from_the_network(seeded_readonly: str) -> None:
    html = build_report(open_database(seeded_readonly))
    page = Page(html)
    assert not page.tags("script") and not page.tags("link") and not page.tags("img")
    assert not [a for _, a in page.elements if a.get("src")]
    assert "default-src 'none'" in html  # and the page forbids itself any request
    assert "@import" not in html and "url(" not in html


def test_links_inside_the_page_all_land(seeded_readonly: str) -> None:
    page = Page(build_report(open_database(seeded_readonly)))
    fragments = [str(a["href"])[1:] for a in page.tags("a") if str(a["href"]).startswith("#")]
    assert fragments
    assert set(fragments) <= page.ids


def test_cli_writes_the_report(cli, seeded_readonly: str, tmp_path: Path) -> None:
    result = cli("report", "-o", "out.html", "--db", seeded_readonly)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Wrote out.html: 3 sources, 9 claims, 1 conflict (")
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "roughly 23,500" in html


def test_cli_filters(cli, seeded_readonly: str, tmp_path: Path) -> None:
    engine = open_database(seeded_readonly)
    assert (
        cli("report", "-o", "c.html", "--conflicting-only", "--db", seeded_readonly).exit_code == 0
    )
    conflicting = Page((tmp_path / "c.html").read_text(encoding="utf-8"))
    assert len(conflicting.marks) == 2
    assert {i for i in conflicting.ids if i.startswith("subject-")} == {"subject-1", "subject-1-h"}

    (source,) = [s for s in list_sources(engine) if s["path"].endswith("001_905861b46afc44d2.txt")]
    args = ["report", "-o", "s.html", "--source", str(source["id"]), "--db", seeded_readonly]
    assert cli(*args).exit_code == 0
    one_source = Page((tmp_path / "s.html").read_text(encoding="utf-8"))
    assert {i for i in one_source.ids if re.fullmatch(r"source-\d+", i)} == {
        f"source-{source['id']}"
    }
    assert len(one_source.marks) == source["claims"]
    # The conflict still shows the other side (23,500), though its source is not in the report.
    assert "roughly 23,500" in (tmp_path / "s.html").read_text(encoding="utf-8")

    args = ["report", "-o", "j.html", "--subject", "1", "--subject", "3", "--db", seeded_readonly]
    assert cli(*args).exit_code == 0
    subjects = Page((tmp_path / "j.html").read_text(encoding="utf-8"))
    assert {i for i in subjects.ids if re.fullmatch(r"subject-\d+", i)} == {
        "subject-1",
        "subject-3",
    }


def test_cli_errors(cli, seeded_readonly: str, tmp_path: Path) -> None:
    result = cli("report", "-o", "r.html", "--subject", "999", "--db", seeded_readonly)
    assert (result.exit_code, result.stderr) == (1, "Error: no subject with id 999\n")
    result = cli("report", "-o", "r.html", "--source", "42", "--db", seeded_readonly)
    assert (result.exit_code, result.stderr) == (1, "Error: no source with id 42\n")
    result = cli("report", "-o", str(tmp_path / "missing" / "r.html"), "--db", seeded_readonly)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no folder ")
    assert cli("report", "--db", seeded_readonly).exit_code == 2
    assert not (tmp_path / "r.html").exists()


def test_split_report_has_a_page_per_source_and_subject(
    seeded_readonly: str, tmp_path: Path
) -> None:
    engine = open_database(seeded_readonly)
    summary = write_report(engine, tmp_path / "report.html", split=True)
    files = tmp_path / "report_files"
    assert summary.files_dir == files
    assert (summary.sources, summary.claims, summary.conflicts) == (3, 9, 1)
    assert summary.pages == 1 + 3 + 1  # main page, a page per source, one page of subjects
    assert summary.bytes == sum(
        p.stat().st_size for p in [tmp_path / "report.html", *files.glob("*.html")]
    )
    assert sorted(p.name for p in files.iterdir() if p.suffix != ".html") == [".powdb-report"]
    # Every link between pages lands on a file and, if it names one, on an element there.
    pages = [tmp_path / "report.html", *files.glob("*.html")]
    parsed = {p.resolve(): Page(p.read_text(encoding="utf-8")) for p in pages}
    checked = 0
    for path, page in parsed.items():
        for a in page.tags("a"):
            href = urlsplit(str(a["href"]))
            if href.scheme:
                continue
            target = (path.parent / href.path).resolve() if href.path else path
            assert target in parsed, (path.name, a["href"])
            if href.fragment:
                assert href.fragment in parsed[target].ids, (path.name, a["href"])
            checked += 1
    assert checked > 20
    claims = list_claims(engine)
    marks = {}
    for page in parsed.values():
        marks.update(page.marks)
    assert marks == {f"claim-{c['id']}": c["surface"] for c in claims}


def test_rewriting_a_report_replaces_it(seeded_readonly: str, tmp_path: Path) -> None:
    engine = open_database(seeded_readonly)
    write_report(engine, tmp_path / "r.html", split=True)
    write_report(engine, tmp_path / "r.html", split=True, conflicting_only=True)
    assert len(list((tmp_path / "r_files").glob("*.html"))) == 2 + 1  # 2 sources, 1 subject
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


CONFLICT_CORPUS = Path(__file__).resolve().parents[1] / "bench" / "conflict_corpus"


def test_conflicts_are_those_of_claims_conflicting(cli, db_url: str) -> None:
    assert cli("ingest", str(CONFLICT_CORPUS), "--db", db_url).exit_code == 0
    engine = open_database(db_url)
    # Small subjects: the claims list_conflicts shows at each end are all the clashing ones.
    expected = list_conflicts(engine, include_explained=True)
    assert len(expected) >= 1
    for conflict in expected:
        del conflict["agreeing"], conflict["total_claims"]  # the report groups by subject
    assert load(engine).conflicts == expected


def test_conflicts_past_the_charted_ones_are_listed_in_a_table(
    seeded_readonly: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "MAX_CHARTED", 0)
    html = build_report(open_database(seeded_readonly))
    assert "<svg" not in html
    table = html[html.index('id="more-conflicts"') : html.index('<section id="subjects"')]
    assert "1 more conflict<" in table
    assert f'<a href="#subject-1">{HELD}</a>' in table
    assert ">291<" in table and ">25,850<" in table and ">80.8×<" in table


def test_split_report_lists_conflicts_and_big_subjects_on_pages_of_their_own(
    seeded_readonly: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "MAX_CHARTED", 0)
    monkeypatch.setattr(pages, "CONFLICT_ROWS", 0)
    monkeypatch.setattr(pages, "CLAIMS_PER_PAGE", 1)
    write_report(open_database(seeded_readonly), tmp_path / "r.html", split=True)
    main = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'And 1 more conflict, on 1 page: <a href="r_files/conflicts-1.html">1</a>.' in main
    listed = (tmp_path / "r_files" / "conflicts-1.html").read_text(encoding="utf-8")
    assert f"{HELD}</a>" in listed
    assert 'href="subjects-1.html#subject-1"' in listed
    subject_pages = sorted(p.name for p in (tmp_path / "r_files").glob("subjects-*.html"))
    assert len(subject_pages) == 6  # one subject a page: each has at least one claim


def _claim(claim_id: int, start: int, end: int, text: str) -> dict:
    return {
        "id": claim_id,
        "start": start,
        "end": end,
        "anchored": True,
        "surface": text[start:end],
    }


def test_highlight_nests_and_sets_crossing_claims_apart() -> None:
    text = "about 1,200 men <and> 300 women"
    outer, inner = _claim(1, 0, 15, text), _claim(2, 6, 11, text)
    crossing, last = _claim(3, 12, 19, text), _claim(4, 22, 31, text)
    html, apart = highlight(
        text, [last, crossing, inner, outer], lambda c: f'<mark id="{c["id"]}">'
    )
    assert html == (
        '<mark id="1">about <mark id="2">1,200</mark> men</mark> &lt;and&gt; '
        '<mark id="4">300 women</mark>'
    )
    assert apart == [crossing]
    orphan = {**_claim(5, 0, 5, text), "anchored": False}
    assert highlight(text, [orphan], lambda c: "<mark>")[1] == [orphan]


def _chart_claim(claim_id: int, value: float, low: float, high: float | None) -> dict:
    return {
        "id": claim_id, "source_id": claim_id, "source_title": f"Source {claim_id}",
        "source_path": f"/x/{claim_id}.txt", "value": value, "low": None, "high": None,
        "hedge": None, "unit": None, "fig_low": low, "fig_high": high,
    }  # fmt: skip


def test_chart_scale_follows_the_spread_of_figures() -> None:
    near = [_chart_claim(1, 100, 95, 105), _chart_claim(2, 150, 145, 155)]
    far = [_chart_claim(1, 291, 291, 291), _chart_claim(2, 23500, 21150, 25850)]
    scale = lambda claims: chart_spec(chart_rows(claims)[0])["layer"][0]["encoding"]["x"]["scale"]  # noqa: E731
    assert scale(near)["type"] == "linear"
    assert scale(far)["type"] == "log"
    unbounded = chart_spec(chart_rows([*far, _chart_claim(3, 50000, 50000, None)])[0])
    (row,) = [v for v in unbounded["data"]["values"] if v["open"]]
    assert row["high"] == unbounded["layer"][0]["encoding"]["x"]["scale"]["domain"][1]


def test_chart_rows_merge_identical_figures_and_keep_the_extremes() -> None:
    claims = [_chart_claim(i, 1000 + i, 1000 + i, 1000 + i) for i in range(100)]
    claims += [_chart_claim(200 + i, 5000, 4500, 5500) for i in range(5)]
    rows, dropped = chart_rows(claims)
    assert len(rows) == 30
    assert rows[0]["value"] == 1000 and rows[-1]["value"] == 5000
    assert rows[-1]["label"] == "Source 200 and 4 more (5 claims)"
    assert dropped == 105 - sum(len(r["claims"]) for r in rows)
