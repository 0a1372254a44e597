"""The core commands end to end: ingest the seeds, list sources and claims, filters, formats."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

import docgen
from powdb.db import open_database

CLAIM_KEYS = {
    "id", "source_id", "source_path", "source_title", "value", "low", "high", "hedge",
    "counted", "surface", "quote", "start", "end",
}  # fmt: skip
SOURCE_KEYS = {"id", "title", "path", "sha256", "kind", "claims"}
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def ingest_seeds(cli, seeds: Path, db: str) -> None:
    result = cli("ingest", str(seeds), "--db", db)
    assert result.exit_code == 0, result.output
    assert "3 files: 3 added" in result.stderr


def by_value(claims: list[dict], value: float) -> list[dict]:
    return [c for c in claims if c["value"] == value]


def test_seeds_give_the_expected_claims(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    claims = cli.json("claims", "--db", db)
    assert all(set(c) >= CLAIM_KEYS for c in claims)
    (interned,) = by_value(claims, 291)
    assert interned["source_path"].endswith("001_905861b46afc44d2.txt")
    (americans,) = by_value(claims, 23500)
    assert americans["hedge"] == "roughly"
    assert "American" in americans["counted"]
    (british,) = by_value(claims, 30000)
    assert americans["source_id"] == british["source_id"]
    assert by_value(claims, 5_000_000)
    assert [c["hedge"] for c in by_value(claims, 50000)] == ["more than", "almost"]
    for claim in claims:  # no price line, no year (the seeds' only years are 19xx)
        assert "price" not in claim["quote"].lower(), claim
        assert not (claim["value"] and 1900 <= claim["value"] <= 2000), claim


def test_offsets_point_at_the_surface_in_the_stored_text(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    engine = open_database(db)
    with engine.connect() as connection:
        texts = dict(connection.execute(sa.text("SELECT id, text FROM sources")).all())
    for claim in cli.json("claims", "--db", db):
        text = texts[claim["source_id"]]
        assert text[claim["start"] : claim["end"]] == claim["surface"]
        assert claim["surface"] in claim["quote"]


def _dump(db_url: str) -> dict[str, list]:
    engine = open_database(db_url)
    with engine.connect() as connection:
        return {
            table: [
                tuple(r) for r in connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))
            ]
            for table in ("sources", "claims")
        }


def test_ingesting_twice_changes_nothing(cli, seeds: Path, db_url: str) -> None:
    ingest_seeds(cli, seeds, db_url)
    before = _dump(db_url)
    result = cli("ingest", str(seeds), "--db", db_url)
    assert result.exit_code == 0
    assert "3 unchanged" in result.stderr
    assert _dump(db_url) == before


def test_same_content_at_another_path_is_one_source(cli, seeds: Path, tmp_path: Path) -> None:
    ingest_seeds(cli, seeds, "t.db")
    copy = tmp_path / "copy.txt"
    copy.write_bytes((seeds / "002_7470e496a02fe877.txt").read_bytes())
    result = cli("ingest", str(copy), "--db", "t.db")
    assert "1 unchanged" in result.stderr
    assert len(cli.json("sources", "--db", "t.db")) == 3


def test_a_changed_file_replaces_its_automatic_claims(cli, seeds: Path) -> None:
    ingest_seeds(cli, seeds, "t.db")
    target = seeds / "002_7470e496a02fe877.txt"
    (source,) = [s for s in cli.json("sources", "--db", "t.db") if s["path"] == str(target)]
    target.write_text("The camp held 4,000 Polish officers in 1940.\n", encoding="utf-8")
    result = cli("ingest", str(target), "--db", "t.db")
    assert result.exit_code == 0
    assert "1 updated" in result.stderr
    claims = cli.json("claims", "--db", "t.db", "--source", str(source["id"]))
    assert [(c["value"], c["counted"]) for c in claims] == [(4000, "Polish officers")]
    assert len(cli.json("sources", "--db", "t.db")) == 3


def test_sources_list_metadata_and_claim_counts(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    sources = cli.json("sources", "--db", db)
    assert [Path(s["path"]).name for s in sources] == sorted(p.name for p in SEEDS.iterdir())
    assert all(set(s) >= SOURCE_KEYS for s in sources)
    assert [s["claims"] for s in sources][0] == 0  # 000 gives no figures, only war names
    assert all(len(s["sha256"]) == 64 for s in sources)


def test_claim_filters(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    everything = cli.json("claims", "--db", db)
    roughly = cli.json("claims", "--db", db, "--hedge", "roughly")
    assert {c["value"] for c in roughly} == {23500, 30000}
    unhedged = cli.json("claims", "--db", db, "--hedge", "none")
    assert all(c["hedge"] is None for c in unhedged) and unhedged
    big = cli.json("claims", "--db", db, "--min", "1000000")
    assert {c["value"] for c in big} == {2_000_000, 3_000_000, 5_000_000}
    small = cli.json("claims", "--db", db, "--max", "300")
    assert {c["value"] for c in small} == {4, 291}
    # --search looks in quotes as well as counted phrases: both figures share this sentence.
    shared = cli.json("claims", "--db", db, "--search", "commonwealth")
    assert [c["value"] for c in shared] == [23500, 30000]
    forgotten = cli.json("claims", "--db", db, "--search", "FORGOTTEN men")
    assert [(c["value"], c["hedge"]) for c in forgotten] == [(50000, "almost")]
    source_id = everything[0]["source_id"]
    assert {c["source_id"] for c in cli.json("claims", "--db", db, "--source", str(source_id))} == {
        source_id
    }
    assert cli.json("claims", "--db", db, "--search", "'; DROP TABLE claims; --") == []
    assert cli.json("claims", "--db", db, "--search", "100%") == []
    assert len(cli.json("claims", "--db", db)) == len(everything)


def test_formats_share_one_shape(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    as_json = cli.json("claims", "--db", db)
    jsonl = cli("claims", "--db", db, "--format", "jsonl").stdout
    assert [json.loads(line) for line in jsonl.splitlines()] == as_json
    rows = list(csv.DictReader(io.StringIO(cli("claims", "--db", db, "-f", "csv").stdout)))
    assert [int(r["id"]) for r in rows] == [c["id"] for c in as_json]
    assert rows[0]["quote"] == as_json[0]["quote"]
    table = cli("claims", "--db", db, "--format", "table").stdout
    assert "roughly 23,500" in table
    # Piped output defaults to JSON, never Rich-wrapped.
    assert json.loads(cli("claims", "--db", db).stdout) == as_json


def test_missing_path_is_a_one_line_error(cli) -> None:
    result = cli("ingest", "nowhere.txt", "--db", "t.db")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: nowhere.txt: no such file or directory",
        "1 files: 0 added, 0 updated, 0 unchanged, 1 failed; 0 claims extracted.",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_reported_and_skipped(cli, seeds: Path) -> None:
    locked = seeds / "locked.txt"
    locked.write_text("Some 400 men were held.", encoding="utf-8")
    locked.chmod(0)
    result = cli("ingest", str(seeds), "--db", "t.db")
    assert result.exit_code == 1
    assert f"Error: {locked}: permission denied" in result.stderr
    assert len(cli.json("sources", "--db", "t.db")) == 3


def test_a_dangling_link_is_reported_and_skipped(cli, seeds: Path) -> None:
    (seeds / "gone.txt").symlink_to(seeds / "deleted-long-ago.txt")
    result = cli("ingest", str(seeds), "--db", "t.db")
    assert result.exit_code == 1
    assert f"Error: {seeds / 'gone.txt'}: no such file" in result.stderr
    assert "3 added" in result.stderr and "1 failed" in result.stderr


def test_a_file_that_fails_does_not_stop_the_others(cli, seeds: Path) -> None:
    (seeds / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = cli("ingest", str(seeds), "--db", "t.db")
    assert result.exit_code == 1
    assert "picture.txt" in result.stderr and "3 added" in result.stderr
    assert "1 failed" in result.stderr
    assert len(cli.json("sources", "--db", "t.db")) == 3


def test_stray_control_bytes_are_removed_and_the_text_stored(cli, tmp_path: Path) -> None:
    text = "The ledgers were kept in a fine hand. " * 60 + "About 4,200 prisoners came home.\n"
    (tmp_path / "export.txt").write_bytes(
        text[:50].encode() + b"\x00" + text[50:].encode().replace(b"fine", b"f\x00ine", 2)
    )
    result = cli("ingest", "export.txt", "--db", "t.db")
    assert result.exit_code == 0, result.output
    assert "Warning: export.txt: removed 3 control characters" in result.stderr
    (claim,) = cli.json("claims", "--db", "t.db")
    assert claim["value"] == 4200
    assert claim["start"] == text.index("About 4,200")


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--min", "lots"],
        ["claims", "--format", "yaml"],
        ["claims", "--source", "0"],
        ["claims", "--limit", "-3"],
        ["ingest"],
        ["frobnicate"],
    ],
)
def test_bad_options_exit_2_without_traceback(cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Error" in result.stderr


def test_unknown_source_is_a_domain_error(cli) -> None:
    assert cli("db", "upgrade", "--db", "t.db").exit_code == 0
    result = cli("claims", "--db", "t.db", "--source", "42")
    assert result.exit_code == 1
    assert result.stderr == "Error: no source with id 42\n"


def test_stdin_is_one_document(cli) -> None:
    result = cli(
        "ingest",
        "-",
        "--db",
        "t.db",
        "--title",
        "Notes",
        input="About 1,200 Cossacks were handed over.\n",
    )
    assert result.exit_code == 0, result.output
    (source,) = cli.json("sources", "--db", "t.db")
    assert source["title"] == "Notes"
    (claim,) = cli.json("claims", "--db", "t.db")
    assert (claim["value"], claim["hedge"]) == (1200, "about")


def test_worker_processes_store_the_same_as_one_process(cli, seeds: Path) -> None:
    for i in range(6):
        (seeds / f"extra{i}.txt").write_text(f"Some {i + 2},000 Cossacks were handed over.\n")
    assert cli("ingest", str(seeds), "--db", "one.db", "--jobs", "1").exit_code == 0
    assert cli("ingest", str(seeds), "--db", "two.db", "--jobs", "2").exit_code == 0

    def stored(db: str) -> list[tuple]:
        paths = {s["id"]: s["path"] for s in cli.json("sources", "--db", db)}
        return [
            (paths[c["source_id"]], c["start"], c["value"], c["hedge"], c["counted"])
            for c in cli.json("claims", "--db", db)
        ]

    assert stored("one.db") == stored("two.db")
    assert len(stored("two.db")) == 9 + 6


def test_a_database_damaged_under_a_command_is_one_error_line(cli, seeds: Path) -> None:
    assert cli("ingest", str(seeds), "--db", "d.db").exit_code == 0
    with sqlite3.connect("d.db") as connection:  # the claims table's pages go bad
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET rootpage = 9999 WHERE name = 'claims'")
    result = cli("claims", "--db", "d.db")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_table_shows_the_first_50_claims_and_says_how_many_there_are(cli, tmp_path: Path) -> None:
    docgen.handover_report(tmp_path, "long.txt", [100 + i for i in range(60)])
    assert cli("ingest", "long.txt").exit_code == 0

    table = cli("claims", "--format", "table")
    assert table.exit_code == 0
    shown = [line for line in table.stdout.splitlines() if "Cossacks" in line]
    assert len(shown) == 50
    assert table.stderr.strip() == (
        "Showing 50 of 60 claims; --limit N shows more, --format json all."
    )
    assert len(cli.json("claims")) == 60  # other formats give everything
    everything = cli("claims", "--format", "table", "--limit", "60")
    assert len([line for line in everything.stdout.splitlines() if "Cossacks" in line]) == 60
    assert everything.stderr == ""
    # The count follows the filters.
    filtered = cli("claims", "--format", "table", "--min", "105")
    assert "Showing 50 of 55 claims" in filtered.stderr


def test_sources_and_subjects_tables_have_the_same_limit(cli, tmp_path: Path) -> None:
    for number in range(52):
        docgen.handover_report(tmp_path, f"r{number:02d}.txt", [1000 + number])
    assert cli("ingest", ".").exit_code == 0

    sources = cli("sources", "--format", "table")
    assert "Showing 50 of 52 sources" in sources.stderr
    assert "r49.txt" in sources.stdout and "r50.txt" not in sources.stdout
    assert len(cli.json("sources")) == 52
    assert cli("sources", "--format", "table", "--limit", "2").stderr == ""
    assert len(json.loads(cli("sources", "--format", "csl-json", "--limit", "2").stdout)) == 2

    # A report of its own, one figure per town and month: twelve subjects in all.
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    (tmp_path / "towns.txt").write_text(
        "".join(
            f"In {month} 1946 about {500 + n} Cossacks were handed over at {town}.\n"
            for n, (month, town) in enumerate(zip(months, docgen.TOWNS, strict=True))
        ),
        encoding="utf-8",
    )
    towns = ("--db", str(tmp_path / "towns.db"))
    assert cli("ingest", "towns.txt", *towns).exit_code == 0
    assert len(cli.json("subjects", *towns)) == len(docgen.TOWNS)
    subjects = cli("subjects", "--format", "table", "--limit", "2", *towns)
    assert subjects.exit_code == 0 and subjects.stderr == ""
    listed = cli.json("subjects", *towns)
    shown = [s["id"] for s in listed if f"│ {s['id']} " in subjects.stdout]
    assert shown == [listed[0]["id"], listed[1]["id"]]
    assert len(cli.json("subjects", "--limit", "2", *towns)) == 2
