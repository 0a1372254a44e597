"""The command line as a person meets it: help that reads like a manual, and bad values (huge
ids and limits, figures that are not finite) refused with exit code 2 in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from powdb.cli import app
from powdb.db import open_database
from powdb.errors import PowdbError
from powdb.source_curation import add_manual_claim
from reliability_support import dump, one_error_line

HUGE = str(2**63)
TEN_TO_30 = "1" + "0" * 30
FOUR_HUNDRED_ZEROS = "1" + "0" * 400


def command_paths() -> list[list[str]]:
    """Every command and group, as the words that invoke it."""
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "powdb")
def test_help_reads_like_a_manual(path: list[str], cli) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for python in ("<", "list[", "{", "int range", "x>=", "int]", "str]", "float]"):
        assert python not in text, (python, text)
    # Summaries of subcommands are whole at this width (200 columns) ...
    listing = text.split("Commands:", 1)[1] if "Commands:" in text else ""
    assert not [line for line in listing.splitlines() if line.rstrip().endswith("...")], text
    # ... and at 80 columns too: each has a short summary that fits.
    narrow = cli.runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}).stdout
    listing = narrow.split("Commands:", 1)[1] if "Commands:" in narrow else ""
    assert not [line for line in listing.splitlines() if line.rstrip().endswith("...")], narrow


def test_ingest_usage_names_its_arguments(cli) -> None:
    help_text = cli("ingest", "--help").stdout
    assert help_text.startswith("Usage: root ingest [OPTIONS] PATH...\n")  # runner names it root
    assert "  PATH...  Files or folders" in help_text
    assert "-j, --jobs N " in help_text and "--db DB " in help_text
    assert "[table|json|jsonl|csv|annotation]" in cli("claims", "--help").stdout
    missing = cli("ingest")
    assert missing.exit_code == 2
    assert one_error_line(missing.stderr) == "Error: Missing argument 'PATH'."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["claims", "--format", "xml"],
            "Invalid value for '--format' / '-f': 'xml' is not one of table, json, jsonl, csv, "
            "annotation.",
        ),
        (
            ["sources", "--format", "yaml"],
            "'yaml' is not one of table, json, jsonl, csv, csl-json, bibtex.",
        ),
        (
            ["claims", "--limit", HUGE],
            f"Invalid value for '--limit': '{HUGE}' is out of range: "
            "give a whole number from 1 to 2,147,483,647.",
        ),
        (["claims", "--conflicting", "--limit", HUGE], "'--limit'"),
        (["claims", "--limit", "0"], "'0' is out of range"),
        (["claims", "--limit", "ten"], "'ten' is not a whole number."),
        (["claims", "--source", TEN_TO_30], f"'--source': '{TEN_TO_30}' is out of range"),
        (["claims", "--subject", HUGE], "'--subject'"),
        (["claims", "--conflicting", "--subject", HUGE], "'--subject'"),
        (["sources", "edit", HUGE, "--title", "T"], "'SOURCE_ID'"),
        (["subjects", "merge", TEN_TO_30, "1"], "'SUBJECT_ID'"),
        (["subjects", "merge", "1", HUGE], "'INTO_ID'"),
        (["subjects", "move", "1", "--to", HUGE], "'--to'"),
        (["subjects", "move", HUGE, "--to", "1"], "'CLAIM_ID'"),
        (["subjects", "split", "1", "--claim", HUGE, "--label", "x"], "'--claim'"),
        (["subjects", "rename", HUGE, "x"], "'SUBJECT_ID'"),
        (["subjects", "verdict", "1", "--prefer", HUGE], "'--prefer'"),
        (["report", "-o", "r.html", "--subject", HUGE], "'--subject'"),
        (["report", "-o", "r.html", "--source", TEN_TO_30], "'--source'"),
        (["ingest", "x.txt", "--jobs", TEN_TO_30], "give a whole number from 1 to 64."),
        (["claims", "--min", "nan"], "Invalid value for '--min': 'nan' is not a finite number."),
        (["claims", "--max", "-inf"], "'-inf' is not a finite number."),
        (["claims", "--min", "1e400"], "'1e400' is too large to be read as a number."),
        (["claims", "add", "1", "4,200", "--value", "nan"], "'nan' is not a finite number."),
        (["claims", "add", "1", "4,200", "--value", "Infinity"], "is not a finite number."),
        (["claims", "add", "1", "4,200", "--value", FOUR_HUNDRED_ZEROS], "is too large"),
        (
            ["claims", "add", "1", "4,200", "--value", "1e20"],
            "'1e20' is too large: a claim's figure is at most 9,007,199,254,740,992 in size.",
        ),
        (["claims", "add", "1", "4,200", "--low", "1", "--high", "inf"], "'--high'"),
        (["claims", "add", HUGE, "4,200", "--value", "1"], "'SOURCE_ID'"),
        (["claims", "add", "1", "4,200", "--value", "1", "--occurrence", HUGE], "'--occurrence'"),
    ],
    ids=lambda value: " ".join(value)[:60] if isinstance(value, list) else "",
)
def test_a_value_out_of_range_is_a_plain_usage_error(
    args: list[str], message: str, cli, seeded_readonly: str
) -> None:
    before = dump(seeded_readonly)
    result = cli(*args, "--db", seeded_readonly)
    assert result.exit_code == 2, result.output
    line = one_error_line(result.stderr)
    assert line.startswith("Error: Invalid value for ") or line.startswith("Error: Missing")
    assert message in line, line
    assert "Value error" not in line and "Input should" not in line
    assert result.stdout == ""
    assert dump(seeded_readonly) == before


def test_the_library_refuses_a_figure_a_claim_cannot_hold(tmp_path: Path, cli) -> None:
    (tmp_path / "a.txt").write_text("The commission counted 4,200 prisoners of war.\n")
    assert cli("ingest", "a.txt", "--db", "a.db").exit_code == 0
    engine = open_database("a.db")
    try:
        for bad in (float("nan"), float("inf"), -float("inf"), 1e20):
            with pytest.raises(PowdbError, match="not a figure a claim can hold"):
                add_manual_claim(engine, 1, "4,200", value=bad)
            with pytest.raises(PowdbError, match="not a figure a claim can hold"):
                add_manual_claim(engine, 1, "4,200", low=1, high=bad)
    finally:
        engine.dispose()
    assert len(cli.json("claims", "--db", "a.db")) == 1
