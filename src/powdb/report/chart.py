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
import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from powdb.output import chart_label, figure, source_label

# A chart with more rows than this is unreadable: identical intervals are merged into one row
# ("3 sources"), and past that the rows between the extremes that fewest sources give are left
# out (the caption says how many).
MAX_ROWS = 30
# Figures spanning more than this ratio are drawn on a log scale.
LOG_RATIO = 10.0
# The smallest text a chart draws, in pixels at its natural size (which the page never shrinks
# on a wide screen: see style.css).
FONT_SIZE = 12
POINT_COLOR = "#1d3f73"  # 10.6:1 on white
INTERVAL_COLOR = "#5b7fb5"  # 4.0:1 on white: above the 3:1 WCAG asks of graphics
OPEN_COLOR = "#8a5a00"  # unbounded intervals; 5.6:1 on white
ROW_STEP = 34
WIDTH = 640

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
    # An interval open at the bottom ("up to 25,000" allows 0) is drawn from the axis' start
    # with an arrow, and its 0 does not stretch the axis down to it.
    bounded = [
        v
        for r in rows
        for v in ((r["high"], r["value"]) if _open_low(r) else (r["low"], r["high"], r["value"]))
        if v is not None
    ]
    smallest, largest = min(bounded), max(bounded)
    positive = smallest > 0
    scale: dict[str, Any]
    if positive and largest / smallest > LOG_RATIO:
        scale = {"type": "log", "domain": [smallest / 1.5, largest * 1.5], "nice": False}
    elif not positive and largest / max(abs(smallest), 1) > LOG_RATIO:
        scale = {"type": "symlog", "domain": [smallest, largest * 1.5], "nice": False}
    else:
        pad = (largest - smallest) * 0.1 or abs(largest) * 0.1 or 1
        scale = {"type": "linear", "domain": [smallest - pad, largest + pad], "nice": False}
    floor, ceiling = scale["domain"]
    values = [
        {
            "label": chart_label(r["label"]),
            "figure": chart_label(r["figure"]),
            "value": r["value"],
            "low": floor if _open_low(r) else r["low"],
            "high": ceiling if r["high"] is None else r["high"],
            "open": r["high"] is None,
            "open_low": _open_low(r),
        }
        for r in rows
    ]
    y = {
        "field": "label",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelLimit": 300, "labelFontSize": FONT_SIZE, "labelColor": "#1a1a1a"},
    }
    x_axis = {
        "title": "figure (interval allowed by hedge and rounding)",
        "format": "~s",
        "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE + 1,
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
                        "condition": {"test": "datum.open || datum.open_low", "value": OPEN_COLOR},
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
                "transform": [{"filter": "datum.open_low"}],
                "mark": {
                    "type": "point",
                    "shape": "triangle-left",
                    "filled": True,
                    "size": 90,
                    "color": OPEN_COLOR,
                },
                "encoding": {"x": {"field": "low", "type": "quantitative"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80, "color": POINT_COLOR},
                "encoding": {"x": {"field": "value", "type": "quantitative"}},
            },
            {
                "mark": {
                    "type": "text",
                    "dy": -12,
                    "fontSize": FONT_SIZE,
                    "color": "#1a1a1a",
                },
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "text": {"field": "figure"},
                },
            },
        ],
    }


def _open_low(row: dict[str, Any]) -> bool:
    """Whether a row's interval is open at the bottom: it reaches 0 (or has no lower end) while
    its figure is above 0, as "up to 25,000" or "fewer than 300" do."""
    return row["value"] > 0 and (row["low"] is None or row["low"] <= 0)


def _stated(claim: dict[str, Any]) -> float:
    """Where the dot goes: the figure as stated, else the middle or finite end of its interval."""
    if claim["value"] is not None:
        return float(claim["value"])
    if claim["low"] is not None and claim["high"] is not None:
        return (float(claim["low"]) + float(claim["high"])) / 2
    low, high = claim["fig_low"], claim["fig_high"]
    return float(low) if high is None else (float(low) + float(high)) / 2


def _interval_text(row: dict[str, Any]) -> str:
    if _open_low(row):
        return "no limit" if row["high"] is None else f"up to {_num(row['high'])}"
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


# --- historiography: each figure against the date of its source ------------------------------

HISTORY_HEIGHT = 260
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def source_date(issued: str | None) -> str | None:
    """A source's publication date as a full ISO date for the chart ("1916-07" ->
    "1916-07-01"); None when it has none, or one no calendar holds."""
    match = _ISO_DATE.match(issued or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"


def history_points(
    claims: Sequence[dict[str, Any]], sources: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """A point per claim whose source has a publication date, oldest source first."""
    points = []
    for claim in claims:
        source = sources.get(claim["source_id"])
        date = source_date(source.get("issued")) if source else None
        if date is None or claim["fig_low"] is None:
            continue
        points.append(
            {
                "date": date,
                "issued": source["issued"] if source else "",
                "figure": chart_label(figure(claim)),
                "value": _stated(claim),
                "low": claim["fig_low"],
                "high": claim["fig_high"],
                "source": _shorten(chart_label(source_label(claim)), 32),
                "claim": claim["id"],
            }
        )
    points.sort(key=lambda p: (p["date"], p["value"], p["claim"]))
    return points


def history_chart(subject_label: str, points: Sequence[dict[str, Any]]) -> Markup | None:
    """How the figures for one subject moved with the date of their sources, as accessible
    inline SVG: a dot per claim at its source's date (its interval as a bar), coloured by the
    figure, so sources that repeat a figure share a colour. None if it cannot be drawn."""
    import vl_convert

    spec = history_spec(points)
    try:
        svg = vl_convert.vegalite_to_svg(spec)
    except Exception:  # the report goes on without the chart
        return None
    chart_id = f"chart-{next(_ids)}"
    repeated: dict[str, list[str]] = {}
    for point in points:
        repeated.setdefault(point["figure"], []).append(f"{point['source']} ({point['issued']})")
    description = (
        f"{len(points)} figures by the date of their source, on a "
        f"{spec['encoding']['y']['scale']['type']} scale. "
        + "; ".join(f"{fig}: {', '.join(who)}" for fig, who in repeated.items())
        + "."
    )
    title = f"Figures for {chart_label(subject_label)} by the date of their source"
    return Markup(_accessible(svg, chart_id, title, description))


def history_spec(points: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The Vega-Lite specification for :func:`history_chart`."""
    rows = [{**p, "label": p["source"]} for p in points]
    bounded = [
        v
        for r in rows
        for v in ((r["high"], r["value"]) if _open_low(r) else (r["low"], r["high"], r["value"]))
        if v is not None
    ]
    smallest, largest = min(bounded), max(bounded)
    scale: dict[str, Any]
    if smallest > 0 and largest / smallest > LOG_RATIO:
        scale = {"type": "log", "domain": [smallest / 1.5, largest * 1.5], "nice": False}
    else:
        pad = (largest - smallest) * 0.15 or abs(largest) * 0.1 or 1
        scale = {"type": "linear", "domain": [smallest - pad, largest + pad], "nice": False}
    floor, ceiling = scale["domain"]
    values = [
        {
            "date": r["date"],
            "figure": r["figure"],
            "source": r["source"],
            "value": r["value"],
            "low": floor if _open_low(r) else r["low"],
            "high": ceiling if r["high"] is None else r["high"],
        }
        for r in rows
    ]
    axis = {
        "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE + 1,
        "labelColor": "#1a1a1a",
        "titleColor": "#1a1a1a",
        "gridColor": "#e3e3e3",
    }
    x = {
        "field": "date",
        "type": "temporal",
        "title": "date of the source",
        "axis": {**axis, "format": "%Y"},
        "scale": {"padding": 24},
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": "figure",
        "scale": scale,
        "axis": {**axis, "format": "~s"},
    }
    color = {
        "field": "figure",
        "type": "nominal",
        "sort": None,
        "scale": {"scheme": "dark2"},
        "legend": {
            "title": "figure (same colour: the same figure)",
            "titleLimit": 400,
            "labelFontSize": FONT_SIZE,
            "titleFontSize": FONT_SIZE,
            "labelLimit": 220,
            "orient": "bottom",
            "columns": 3,
        },
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": HISTORY_HEIGHT,
        "background": "#ffffff",
        "data": {"values": values},
        "encoding": {"x": x, "y": y, "color": color},
        "config": {"font": "sans-serif", "view": {"stroke": "#bbbbbb"}},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 3, "opacity": 0.55},
                "encoding": {"y": {**y, "field": "low"}, "y2": {"field": "high"}},
            },
            {"mark": {"type": "point", "filled": True, "size": 90, "opacity": 1}},
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 9,
                    "fontSize": FONT_SIZE,
                    "color": "#1a1a1a",
                },
                "encoding": {"text": {"field": "source"}, "color": {"value": "#1a1a1a"}},
            },
        ],
    }
