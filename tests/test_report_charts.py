"""The report's charts: a log scale past a factor of ten, open lower ends drawn as arrows,
readable text, claims of PDFs cited with their page, and the historiography of a subject."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docgen import two_page_pdf, write
from powdb.db import open_database
from powdb.report import build_report
from powdb.report.chart import chart_spec, history_points, history_spec


def _row(label: str, value: float, low: float | None, high: float | None) -> dict[str, Any]:
    return {"label": label, "figure": f"{value:,.0f}", "value": value, "low": low, "high": high}


def _font_sizes(spec: Any) -> list[float]:
    found: list[float] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.lower().endswith("fontsize") and isinstance(value, int | float):
                found.append(value)
            else:
                found += _font_sizes(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _font_sizes(value)
    return found


def test_figures_more_than_ten_times_apart_are_drawn_on_a_log_scale() -> None:
    rows = [_row("a", 1_000, 1_000, 1_000), _row("b", 12_000, 12_000, 12_000)]
    scale = chart_spec(rows)["layer"][0]["encoding"]["x"]["scale"]
    assert scale["type"] == "log"
    rows = [_row("a", 1_000, 1_000, 1_000), _row("b", 9_000, 9_000, 9_000)]
    assert chart_spec(rows)["layer"][0]["encoding"]["x"]["scale"]["type"] == "linear"


def test_an_open_lower_end_is_an_arrow_not_a_zero() -> None:
    """ "Up to 25,000" allows 0: the axis must not start there and squeeze the rest."""
    rows = [
        _row("up to", 25_000, 0, 25_000),
        _row("a", 22_500, 20_250, 24_750),
        _row("b", 45_000, 44_500, 45_500),
    ]
    spec = chart_spec(rows)
    scale = spec["layer"][0]["encoding"]["x"]["scale"]
    assert scale["type"] == "linear"
    floor = scale["domain"][0]
    assert floor > 15_000  # the real figures use the width, not the right fifth of it
    values = {v["label"]: v for v in spec["data"]["values"]}
    assert values["up to"]["open_low"] and values["up to"]["low"] == floor
    assert not values["a"]["open_low"]
    arrows = [
        layer
        for layer in spec["layer"]
        if layer["mark"].get("shape") == "triangle-left"
        and layer["transform"] == [{"filter": "datum.open_low"}]
    ]
    assert len(arrows) == 1
    # Far apart and open below: a log scale, starting near the smallest real figure.
    rows = [_row("up to", 300, 0, 300), _row("b", 45_000, 44_500, 45_500)]
    scale = chart_spec(rows)["layer"][0]["encoding"]["x"]["scale"]
    assert scale["type"] == "log" and scale["domain"][0] == 200


def test_chart_text_is_at_least_12_px() -> None:
    rows = [_row("a", 1_000, 900, 1_100), _row("b", 12_000, 12_000, None)]
    sizes = _font_sizes(chart_spec(rows))
    assert sizes and min(sizes) >= 12
    points = [
        {**_row("x", 100, 100, 100), "date": "1950-01-01", "source": "x", "claim": 1},
        {**_row("y", 300, 300, 300), "date": "1990-01-01", "source": "y", "claim": 2},
    ]
    sizes = _font_sizes(history_spec(points))
    assert sizes and min(sizes) >= 12


def _dated_corpus(cli, folder: Path) -> str:
    """Four sources on one subject, published 1962-2010; two give the same figure."""
    folder.mkdir()
    texts = {
        "a.txt": (
            "1962",
            "In late May 1945 the British handed over about 22,500 Cossacks at Lienz.",
        ),
        "b.txt": ("1978", "In May 1945, 45,000 Cossacks were handed over at Lienz by the British."),
        "c.txt": ("1995-06", "In May 1945 about 22,500 Cossacks were handed over at Lienz."),
        "d.txt": ("2010", "In May 1945, some 23,000 Cossacks were handed over at Lienz."),
    }
    for name, (date, text) in texts.items():
        path = write(folder / name, f"The Handover at Lienz\n{text}\n")
        result = cli("ingest", str(path), "--db", "t.db", "--date", date)
        assert result.exit_code == 0, result.output
    return "t.db"


def test_historiography_plots_each_figure_at_its_sources_date(cli, tmp_path: Path) -> None:
    db = _dated_corpus(cli, tmp_path / "docs")
    html = build_report(open_database(db, read_only=True))
    (history,) = re.findall(r'<figure class="chart history">.*?</figure>', html, re.S)
    (desc,) = re.findall(r'<desc id="chart-\d+-desc">([^<]*)</desc>', history)
    # Oldest first, and a figure repeated by two sources is named once with both.
    assert desc.startswith("4 figures by the date of their source")
    assert "about 22,500: a.txt (1962), c.txt (1995-06)" in desc
    assert "45,000: b.txt (1978)" in desc and "some 23,000: d.txt (2010)" in desc
    assert "Historiography" in history and "date of the source" in history

    # Sources without a date give no historiography.
    undated = tmp_path / "undated"
    undated.mkdir()
    write(
        undated / "e.txt", "The Handover at Lienz\nIn May 1945, 45,000 Cossacks were handed over.\n"
    )
    write(
        undated / "f.txt",
        "The Handover at Lienz\nIn May 1945 some 23,000 Cossacks were handed over.\n",
    )
    assert cli("ingest", str(undated), "--db", "u.db").exit_code == 0
    assert 'class="chart history"' not in build_report(open_database("u.db", read_only=True))


def test_history_points_take_the_date_of_each_source() -> None:
    claims = [
        {"id": 1, "source_id": 1, "value": 10.0, "low": None, "high": None, "hedge": None,
         "unit": None, "fig_low": 10.0, "fig_high": 10.0, "source_title": "A",
         "source_path": "/a.txt"},
        {"id": 2, "source_id": 2, "value": 20.0, "low": None, "high": None, "hedge": None,
         "unit": None, "fig_low": 20.0, "fig_high": 20.0, "source_title": None,
         "source_path": "/b.txt"},
    ]  # fmt: skip
    sources = {1: {"issued": "1916-07"}, 2: {"issued": None}}
    assert [(p["date"], p["value"], p["source"]) for p in history_points(claims, sources)] == [
        ("1916-07-01", 10.0, "A")
    ]


def test_claims_of_a_pdf_are_cited_with_their_page(cli, tmp_path: Path) -> None:
    write(tmp_path / "returns.pdf", two_page_pdf())
    write(tmp_path / "other.txt", "The garrison reported 40,000 dead.\n")
    assert cli("ingest", str(tmp_path), "--db", "t.db").exit_code == 0
    html = build_report(open_database("t.db", read_only=True))
    cites = re.findall(r'<div class="cite">([^<]*)', html)
    assert "War Office, \u201cCasualty Returns\u201d, p. 2 · " in cites
