"""What scripts and spreadsheets read: JSON that is JSON, CSV with plain numbers, one type per
field, and figures no float can hold kept out of the database."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import docgen
from powdb.db import open_database
from powdb.extract import extract_claims
from powdb.models import Claim, table

HUGE = "1" + "0" * 400


def strict_json(text: str) -> object:
    """``json.loads`` that refuses NaN and Infinity, which are not JSON."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_the_extractor_leaves_out_figures_no_claim_can_hold() -> None:
    text = (
        f"The census counted {HUGE} men. Some 10,000,000 billion dollars were spent, "
        "against 9,000,000 billion dollars planned. Another 4,200 prisoners were held."
    )
    oversized: list[str] = []
    claims = extract_claims(text, oversized)
    assert [c.surface for c in claims] == ["9,000,000 billion dollars", "4,200 prisoners"]
    assert oversized == [HUGE, "10,000,000"]
    assert extract_claims(text) == claims  # the list is only for a caller that asks


def test_a_figure_too_large_is_left_out_with_a_warning(tmp_path: Path, cli, db_url: str) -> None:
    (tmp_path / "big.txt").write_text(
        f"The census counted {HUGE} men in the camps. Another 4,200 prisoners were held.\n"
    )
    result = cli("ingest", "big.txt", "--db", db_url)
    assert result.exit_code == 0, result.output
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
    assert warning == (
        "Warning: big.txt: left out a figure too large to be a claim "
        "(100000000000…000000, 401 characters); a claim's figure is at most 9,007,199,254,740,992"
    )
    claims = strict_json(cli("claims", "--db", db_url, "-f", "json").stdout)
    assert [c["value"] for c in claims] == [4200]  # type: ignore[index, union-attr]


def test_a_large_document_extracted_while_stored_warns_too(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("powdb.ingest.LARGE_DOCUMENT_CHARS", 10)  # the windowed path
    (tmp_path / "big.txt").write_text(f"Counted: {HUGE} men, then {HUGE} more; 300 came home.\n")
    result = cli("ingest", "big.txt", "--db", "w.db", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "Warning: big.txt: left out 2 figures too large to be a claim (the first: " in (
        result.stderr
    )
    assert [c["value"] for c in cli.json("claims", "--db", "w.db")] == [300]


def test_infinity_stored_by_an_earlier_version_is_null_in_every_format(
    tmp_path: Path, cli, db_url: str
) -> None:
    (tmp_path / "a.txt").write_text("About 300 prisoners of war. Some 5,000 prisoners of war.\n")
    assert cli("ingest", "a.txt", "--db", db_url).exit_code == 0
    engine = open_database(db_url)
    claims = table(Claim)
    with engine.begin() as connection:  # what the old extractor made of "1" and 400 zeros
        connection.execute(
            sa.update(claims)
            .where(claims.c.value == 5000)
            .values(value=float("inf"), fig_low=float("inf"), fig_high=float("inf"))
        )
    engine.dispose()
    listed = strict_json(cli("claims", "--db", db_url, "-f", "json").stdout)
    assert sorted(str(c["value"]) for c in listed) == ["300", "None"]  # type: ignore[union-attr]
    for line in cli("claims", "--db", db_url, "-f", "jsonl").stdout.splitlines():
        strict_json(line)
    for args in (["--conflicting", "-f", "json"], ["--conflicting", "-f", "csv"], ["-f", "csv"]):
        result = cli("claims", "--db", db_url, *args)
        assert result.exit_code == 0, result.output
        # As a value, not inside a word (the stored path is absolute: this test's folder is
        # named after it, "test_infinity_...").
        assert not re.search(r"(?i)(?<![\w.])-?(?:inf|infinity|nan)(?!\w)", result.stdout)


def assert_csv_matches_json(csv_rows: list[dict[str, str]], json_rows: list[dict]) -> None:
    """Each CSV cell says what the JSON value says, in the one spelling CSV has for it."""
    assert len(csv_rows) == len(json_rows)
    for row, item in zip(csv_rows, json_rows, strict=True):
        for key, value in item.items():
            cell = row[key]
            if value is None:
                assert cell == "", (key, cell)
            elif isinstance(value, bool):
                assert cell == ("true" if value else "false"), (key, cell)
            elif isinstance(value, int | float):
                assert "," not in cell and float(cell) == value, (key, cell)
            elif isinstance(value, str):
                assert cell == value, (key, cell)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def far_apart(tmp_path: Path, cli, db_url: str) -> str:
    """One conflict 12,500x apart: about 4 against about 50,000."""
    docgen.handover_report(tmp_path, "a.txt", [4])
    docgen.handover_report(tmp_path, "b.txt", [50_000])
    assert cli("ingest", "a.txt", "b.txt", "--db", db_url).exit_code == 0
    return db_url


def test_csv_has_plain_numbers_and_the_booleans_of_json(cli, far_apart: str) -> None:
    (conflict,) = cli.json("claims", "--conflicting", "--db", far_apart)
    assert conflict["spread"] == 12500
    rows = csv_rows(cli("claims", "--conflicting", "--db", far_apart, "-f", "csv").stdout)
    assert [row["spread"] for row in rows] == ["12500", "12500"]
    assert_csv_matches_json(rows, [{**c, "spread": 12500} for c in conflict["claims"]])
    claims = cli.json("claims", "--db", far_apart)
    rows = csv_rows(cli("claims", "--db", far_apart, "-f", "csv").stdout)
    assert {row["anchored"] for row in rows} == {"true"}
    assert_csv_matches_json(rows, claims)
    subjects = cli.json("subjects", "--db", far_apart)
    assert_csv_matches_json(
        csv_rows(cli("subjects", "--db", far_apart, "-f", "csv").stdout), subjects
    )
    sources = cli.json("sources", "--db", far_apart)
    assert_csv_matches_json(
        csv_rows(cli("sources", "--db", far_apart, "-f", "csv").stdout), sources
    )


def test_times_are_iso_8601_in_utc(cli, far_apart: str) -> None:
    (conflict,) = cli.json("claims", "--conflicting", "--db", far_apart)
    verdict = ["subjects", "verdict", str(conflict["subject_id"]), "--note", "two scopes"]
    assert cli(*verdict, "--db", far_apart).exit_code == 0
    (explained,) = cli.json("claims", "--conflicting", "--all", "--db", far_apart)
    times = [explained["verdicts"][0]["created_at"]]
    times += [s["ingested_at"] for s in cli.json("sources", "--db", far_apart)]
    times += [
        row["ingested_at"]
        for row in csv_rows(cli("sources", "--db", far_apart, "-f", "csv").stdout)
    ]
    for text in times:
        moment = datetime.fromisoformat(text)
        assert moment.utcoffset() == timedelta(0), text
        assert abs(datetime.now(UTC) - moment) < timedelta(hours=1), text
        assert text.endswith("+00:00")


def test_subject_is_the_same_field_in_claims_and_conflicts(cli, far_apart: str) -> None:
    claims = {c["id"]: c for c in cli.json("claims", "--db", far_apart)}
    (conflict,) = cli.json("claims", "--conflicting", "--db", far_apart)
    assert isinstance(conflict["subject"], str) and isinstance(conflict["subject_id"], int)
    for claim in conflict["claims"]:
        assert claims[claim["id"]] == claim
        assert (claim["subject_id"], claim["subject"]) == (
            conflict["subject_id"],
            conflict["subject"],
        )
    for claim in claims.values():
        assert isinstance(claim["subject"], str) and isinstance(claim["subject_id"], int)
