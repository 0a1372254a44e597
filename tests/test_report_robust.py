"""`powdb report` on hostile content and hostile places: it never aborts on what a document
says, and it never destroys what it writes over."""

from __future__ import annotations

from pathlib import Path

import pytest

from powdb.output import printable
from reliability_support import run_powdb

# Every character the chart renderer (vl-convert, in Rust) aborted the whole process on, and
# terminal escape sequences; tabs and line breaks in a title are only spacing.
CONTROL_TITLE = "\x1b[31mRed\x00 Army\x07 files\x0b\x0c\x1f\ufffe\uffff\x7f\x85 \t(1946)\r\n"


@pytest.fixture
def seeded(cli, seeds: Path, tmp_path: Path) -> str:
    url = "sqlite:///" + str(tmp_path / "seeded.db")
    result = cli("ingest", str(seeds), "--db", url)
    assert result.exit_code == 0, result.output
    return url


def test_printable_keeps_text_and_drops_control_characters() -> None:
    assert printable("Plain – text, ünïcode 🙂") == "Plain – text, ünïcode 🙂"
    assert printable(CONTROL_TITLE) == "[31mRed Army files (1946)"
    assert printable("a\udcffb\ud800") == "ab"  # lone surrogates (undecodable file names)
    assert printable("line one\nline two") == "line one line two"


def test_control_characters_in_titles_do_not_crash_the_report(
    cli, seeded: str, tmp_path: Path
) -> None:
    # Source 2 holds the 291 of the seeds' one conflict, so its title is drawn in the chart.
    assert cli("sources", "edit", "2", "--title", CONTROL_TITLE, "--db", seeded).exit_code == 0
    # In a process of its own: the renderer used to abort the interpreter (SIGABRT).
    result = run_powdb("report", "-o", str(tmp_path / "r.html"), "--db", seeded)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Wrote ")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "[31mRed Army files (1946)" in chart
    assert not any(ch in chart for ch in "\x00\x1b\x07\ufffe\uffff")
