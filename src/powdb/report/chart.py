"""Conflict charts: every claim's figure as its interval, one row per claim, as inline SVG.

Charts are Vega-Lite specifications rendered to SVG by vl-convert (no browser, no network,
no script at view time). Text stays text in the SVG, so it is small, sharp at any zoom and
searchable; the root gets ``role="img"`` with a ``<title>`` and ``<desc>`` for screen readers.

Every text a chart shows goes through :func:`powdb.output.chart_label` first: titles and file
names come from documents, and a control character in one made vl-convert abort the process.
A chart that cannot be drawn anyway is left out, and its conflict is listed in a table instead.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from powdb.output import chart_label, figure, source_label

# A chart with more rows than this is unreadable: identical intervals are merged into one row
# ("3 sources"), and past that the rows between the extremes that fewest sources give are left
# out (the caption says how many).
MAX_ROWS = 30
# Figures spanning this ratio or more are drawn on a log scale.
LOG_RATIO = 20.0
POINT_COLOR = "#1d3f73"  # 10.6:1 on white
INTERVAL_COLOR = "#5b7fb5"  # 4.0:1 on white: above the 3:1 WCAG asks of graphics
OPEN_COLOR = "#8a5a00"  # unbounded intervals; 5.6:1 on white
ROW_STEP = 34
WIDTH = 480

_ids = itertools.count(1)


def chart_rows(claims: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Rows to draw (smallest figure first) and how many claims were left out."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for claim in claims:
        key = (claim["fig_low"], claim["fig_high"], figure(claim))
        row = merged.get(key)
        if row is None:
            merged[key] = row = {
                "figure": chart_label(figure(claim)),
                "value": _stated(claim),
                "low": claim["fig_low"],
                "high": claim["fig_high"],
                "claims": [],
                "sources": [],
            }
        row["claims"].append(claim["id"])
        label = source_label(claim)
        if label not in row["sources"]:
            row["sources"].append(label)
    rows = sorted(merged.values(), key=lambda r: (r["value"], r["low"], r["figure"]))
    dropped = 0
    if len(rows) > MAX_ROWS:
        keep = {0, len(rows) - 1}
        by_weight = sorted(range(1, len(rows) - 1), key=lambda i: -len(rows[i]["claims"]))
        keep.update(by_weight[: MAX_ROWS - 2])
        dropped = sum(len(r["claims"]) for i, r in enumerate(rows) if i not in keep)
        rows = [r for i, r in enumerate(rows) if i in keep]
    for row in rows:
        names = row["sources"]
        who = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
        count = len(row["claims"])
        row["label"] = _shorten(chart_label(who), 38) + (f" ({count} claims)" if count > 1 else "")
    _unique_labels(rows)
    return rows, dropped


def conflict_chart(subject_label: str, claims: Sequence[dict[str, Any]]) -> Markup | None:
    """An accessible inline SVG chart of the claims' intervals; None if it cannot be drawn."""
    import vl_convert  # imported here: loading its JavaScript engine takes a moment

    rows, dropped = chart_rows(claims)
    spec = chart_spec(rows)
    try:
        svg = vl_convert.vegalite_to_svg(spec)
    except Exception:  # whatever the renderer chokes on, the report goes on without the chart
        return None
    chart_id = f"chart-{next(_ids)}"
    scale = spec["layer"][0]["encoding"]["x"]["scale"]["type"]
    title = f"Figures for {chart_label(subject_label)}"
    description = (
        f"{len(rows)} rows on a {scale} scale. "
        + "; ".join(f"{r['label']}: {r['figure']} ({_interval_text(r)})" for r in rows)
        + (f". {dropped} more claims not drawn." if dropped else ".")
    )
    return Markup(_accessible(svg, chart_id, title, description))


def chart_spec(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The Vega-Lite specification for ``rows`` from :func:`chart_rows`."""
    finite = [v for r in rows for v in (r["low"], r["high"], r["value"]) if v is not None]
    smallest, largest = min(finite), max(finite)
    positive = smallest > 0
    scale: dict[str, Any]
    if positive and largest / smallest >= LOG_RATIO:
        scale = {"type": "log", "domain": [smallest / 1.5, largest * 1.5], "nice": False}
    elif not positive and largest / max(abs(smallest), 1) >= LOG_RATIO:
        scale = {"type": "symlog", "domain": [smallest, largest * 1.5], "nice": False}
    else:
        pad = (largest - smallest) * 0.1 or abs(largest) * 0.1 or 1
        scale = {"type": "linear", "domain": [smallest - pad, largest + pad], "nice": False}
    ceiling = scale["domain"][1]
    values = [
        {
            "label": chart_label(r["label"]),
            "figure": chart_label(r["figure"]),
            "value": r["value"],
            "low": r["low"],
            "high": ceiling if r["high"] is None else r["high"],
            "open": r["high"] is None,
        }
        for r in rows
    ]
    y = {
        "field": "label",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelLimit": 300, "labelFontSize": 12, "labelColor": "#1a1a1a"},
    }
    x_axis = {
        "title": "figure (interval allowed by hedge and rounding)",
        "format": "~s",
        "labelColor": "#1a1a1a",
        "titleColor": "#1a1a1a",
        "grid": True,
        "gridColor": "#e3e3e3",
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": {"step": ROW_STEP},
        "background": "#ffffff",
        "data": {"values": values},
        "encoding": {"y": y},
        "config": {"font": "sans-serif", "view": {"stroke": "#bbbbbb"}},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 4, "strokeCap": "round"},
                "encoding": {
                    "x": {"field": "low", "type": "quantitative", "scale": scale, "axis": x_axis},
                    "x2": {"field": "high"},
                    "color": {
                        "condition": {"test": "datum.open", "value": OPEN_COLOR},
                        "value": INTERVAL_COLOR,
                    },
                },
            },
            {
                "transform": [{"filter": "datum.open"}],
                "mark": {
                    "type": "point",
                    "shape": "triangle-right",
                    "filled": True,
                    "size": 90,
                    "color": OPEN_COLOR,
                },
                "encoding": {"x": {"field": "high", "type": "quantitative"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80, "color": POINT_COLOR},
                "encoding": {"x": {"field": "value", "type": "quantitative"}},
            },
            {
                "mark": {
                    "type": "text",
                    "dy": -11,
                    "fontSize": 11,
                    "color": "#1a1a1a",
                },
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "text": {"field": "figure"},
                },
            },
        ],
    }


def _stated(claim: dict[str, Any]) -> float:
    """Where the dot goes: the figure as stated, else the middle or finite end of its interval."""
    if claim["value"] is not None:
        return float(claim["value"])
    if claim["low"] is not None and claim["high"] is not None:
        return (float(claim["low"]) + float(claim["high"])) / 2
    low, high = claim["fig_low"], claim["fig_high"]
    return float(low) if high is None else (float(low) + float(high)) / 2


def _interval_text(row: dict[str, Any]) -> str:
    low = _num(row["low"])
    return f"at least {low}" if row["high"] is None else f"{low} to {_num(row['high'])}"


def _num(value: float) -> str:
    if math.isfinite(value) and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique_labels(rows: list[dict[str, Any]]) -> None:
    # Vega-Lite puts rows with the same label on one line: tell them apart by figure.
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["label"]] = seen.get(row["label"], 0) + 1
    for row in rows:
        if seen[row["label"]] > 1:
            row["label"] = f"{row['label']}: {row['figure']}"


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    head, sep, rest = svg.partition(">")
    if not head.startswith("<svg") or not sep:
        raise ValueError("vl-convert returned no SVG")
    return (
        f'{head} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + _silence_inner_roles(rest)
    )


def _silence_inner_roles(svg_body: str) -> str:
    # Vega marks its groups as graphics objects; inside role="img" they are noise.
    return svg_body.replace(' role="graphics-object"', "").replace(' role="graphics-symbol"', "")
