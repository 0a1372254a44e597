"""One place that renders rows as a table, JSON, JSON lines or CSV.

Machine-readable formats are written with ``json``/``csv`` straight to the stream: Rich would
wrap long lines when output is piped. Rich only draws tables for people at a terminal.

What reaches a terminal is text from documents and file names, which may hold control
characters: an escape sequence in a PDF's title could recolour, retitle or clear the terminal
it is printed on. Tables (and CSV written to a terminal) show every control character as "?",
as ``ls`` does (:func:`printable`); JSON keeps the exact text, with the few characters a
terminal acts on that JSON does not escape by itself written as ``\\uXXXX``. CSV cells that a
spreadsheet would run as a formula get a leading apostrophe (:func:`csv_cell`).
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # Rich is imported where a table is drawn: JSON and CSV never need it
    from rich.text import Text

#: Control characters (C0, DEL, C1) and the bidirectional overrides and isolates, which can
#: make a file name read as another; a terminal shows none of them as what they are.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
_WHITESPACE = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
#: The ones ``json.dumps`` leaves as they are (it escapes C0 itself), as JSON escapes.
_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection): = + - @, tab, CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: tabs and line breaks as spaces, every other
    control character (ESC of an escape sequence among them), lone surrogate (an undecodable
    file name) and noncharacter as "?"."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: " " if m.group() in _WHITESPACE else "?", text)


# Characters that are not text to draw: C0 and C1 controls, lone surrogates (undecodable file
# names) and Unicode noncharacters. Rendered into an SVG chart, C0 controls and U+FFFE/U+FFFF
# made vl-convert abort the whole process.
_NOT_DRAWABLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
# Tabs and line and page breaks, with any spaces around them: one space in a one-line label.
_BREAKS = re.compile(r"\s*[\t\n\x0b\x0c\r\x85\u2028\u2029]\s*")


def chart_label(text: str) -> str:
    """``text`` fit for a label in a chart: control characters, lone surrogates and
    noncharacters removed (a reader of a chart needs no marker for them, unlike a terminal's,
    see :func:`printable`), and tabs and line breaks made single spaces (none at the ends)."""
    if _NOT_DRAWABLE.search(text) is None and _BREAKS.search(text) is None:
        return text
    return " ".join(part for part in _BREAKS.split(_NOT_DRAWABLE.sub("", text)) if part)


def to_json(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON: exact, never NaN or Infinity, and with no character a terminal
    would act on left unescaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str, allow_nan=False)
    return text.translate(_JSON_ESCAPES)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def default_format(stream: TextIO | None = None) -> Format:
    """Tables for a person at a terminal, JSON for a pipe or file."""
    stream = stream or sys.stdout
    return Format.table if stream.isatty() else Format.json


def render(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    table_columns: Sequence[str] | None = None,
    stream: TextIO | None = None,
    title: str | None = None,
) -> None:
    """Write ``rows`` to ``stream`` (stdout) in ``fmt``; tables show ``table_columns`` only."""
    out = stream or sys.stdout
    if fmt is Format.json:
        # The same text as json.dump(rows, indent=2), written a row at a time: json.dump would
        # hand the stream millions of small pieces, which took longer than building the rows.
        out.write("[")
        for number, row in enumerate(rows):
            text = to_json(row, indent=2)
            out.write(("\n  " if number == 0 else ",\n  ") + text.replace("\n", "\n  "))
        out.write("\n]\n" if rows else "]\n")
    elif fmt is Format.jsonl:
        for row in rows:
            out.write(to_json(row) + "\n")
    elif fmt is Format.csv:
        columns = list(rows[0].keys()) if rows else list(table_columns or [])
        # RFC 4180, as the csv module writes it by default: lines end in CRLF. With "\n" alone
        # the module leaves a field holding a CR unquoted, and the file falls apart there.
        writer = csv.writer(out)
        writer.writerow(columns)
        # Exact for a program; for a person at a terminal, without control characters.
        shown = printable if _is_terminal(out) else _exact
        for row in rows:
            writer.writerow([shown(csv_cell(row.get(c))) for c in columns])
    else:
        from rich.console import Console
        from rich.table import Table

        columns = list(table_columns or (rows[0].keys() if rows else []))
        table = Table(*columns, title=_text(title) if title else None, show_lines=False)
        for row in rows:
            table.add_row(*(_text(_cell(row.get(c))) for c in columns))
        Console(file=out).print(table)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _exact(text: str) -> str:
    return text


def _text(value: str) -> Text:
    """A table cell: printable, and never read as Rich markup ("[/b]" in a title is text)."""
    from rich.text import Text

    return Text(printable(value))


def csv_cell(value: Any) -> str:
    """A value as CSV for programs: numbers plain (12500, 80.756, never "12,500"), booleans
    true/false as in JSON, nothing for null, lists joined with "; ", objects as JSON.

    Text that a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)") starts
    with an apostrophe, which spreadsheets read as "this is text" (OWASP's advice on CSV
    injection). Numbers stay numbers: -5, a figure or text, is not a formula.
    """
    text = _csv_text(value)
    if (
        isinstance(value, str | list | tuple)
        and text.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, list | tuple):
        return "; ".join(map(_csv_text, value))
    if isinstance(value, dict):
        return to_json(value)
    return str(value)


def _cell(value: Any) -> str:
    """A value as a table shows it to people: 12,500 rather than 12500.0."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:,.6g}" if not value.is_integer() else f"{int(value):,}"
    return str(value)


def figure(claim: dict[str, Any]) -> str:
    """A claim's figure as a reader would say it: "roughly 23,500", "20,000-25,000 miles"."""
    if claim.get("value") is not None:
        number = _number(claim["value"])
    else:
        number = f"{_number(claim.get('low'))}–{_number(claim.get('high'))}"
    parts = [claim.get("hedge"), number, claim.get("unit")]
    return " ".join(p for p in parts if p)


def _number(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.6g}"
    return f"{int(value):,}"


def source_label(claim: dict[str, Any]) -> str:
    """A short name for a claim's source in tables: its title, else its file name."""
    title = claim.get("source_title")
    if title:
        return str(title)
    path = str(claim.get("source_path") or "")
    return path.rsplit("/", 1)[-1] or f"source {claim.get('source_id')}"


def render_conflicts(
    conflicts: Sequence[dict[str, Any]], fmt: Format, stream: TextIO | None = None
) -> None:
    """Conflicts as ``[{subject_id, subject, claims, spread, ...}]``; a table per subject for
    people, a row per claim in CSV."""
    out = stream or sys.stdout
    if fmt is Format.json or fmt is Format.jsonl:
        render(conflicts, fmt, stream=out)
        return
    if fmt is Format.csv:
        # A row per claim; its subject_id and subject are the conflict's.
        rows = [
            {
                "tier": group.get("tier"),
                "score": group.get("score"),
                "reason": group.get("reason"),
                "subject_id": group["subject_id"],
                "subject": group["subject"],
                "spread": group["spread"],
                **claim,
            }
            for group in conflicts
            for claim in group["claims"]
        ]
        render(rows, fmt, stream=out)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out)
    if not conflicts:
        console.print("No conflicts.")
    for group in conflicts:
        spread = group["spread"]
        title = f"{group['subject']} (subject {group['subject_id']})"
        if group.get("other_subject_id") is not None:
            title = (
                f"Possible ({group['score']:.2f}): {title} and {group['other_subject']} "
                f"(subject {group['other_subject_id']})"
            )
        title += f": figures {spread:,.1f}x apart" if spread else ""
        heading = _text(title)
        if group.get("reason"):
            heading.append("\nWhy: ")
            heading.append(printable(group["reason"]))
        table = Table("claim", "figure", "source", "quote", title=heading, title_justify="left")
        for claim in group["claims"]:
            source = source_label(claim)
            if claim.get("citation"):
                source = claim["citation"]
            cells = (str(claim["id"]), figure(claim), source, claim["quote"])
            table.add_row(*map(_text, cells))
        notes = [
            "Agree: " + ", ".join(f"claim {i}" for i in ids) for ids in group.get("agreeing", [])
        ]
        notes += [
            f"Verdict: {v['verdict']}" + (f" - {v['note']}" if v["note"] else "")
            for v in group.get("verdicts", [])
        ]
        table.caption = _text("; ".join(notes)) if notes else None
        table.caption_justify = "left"
        console.print(table)
