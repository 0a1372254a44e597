"""Subjects and conflicts through the CLI, and curation that outlives re-ingesting sources."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import docgen
from powdb.conflicts import count_conflicts
from powdb.db import open_database

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "conflict_corpus"
SEED_002 = "002_7470e496a02fe877.txt"


def test_seeds_show_the_interned_and_the_abandoned_americans_in_conflict(
    cli, seeded_readonly
) -> None:
    conflicts = cli.json("claims", "--conflicting", "--db", seeded_readonly)
    (conflict,) = conflicts
    assert set(conflict) >= {"subject_id", "subject", "subject_key", "claims", "spread"}
    assert conflict["subject"] == "Captured or held (American) — Siberia, NKVD, Stalin, Japan"
    assert all(c["subject_id"] == conflict["subject_id"] for c in conflict["claims"])
    assert [(c["value"], c["hedge"]) for c in conflict["claims"]] == [
        (291, None),
        (23500, "roughly"),
    ]
    assert [Path(c["source_path"]).name[:3] for c in conflict["claims"]] == ["001", "002"]
    assert conflict["spread"] == pytest.approx(23500 / 291, rel=1e-3)
    assert all({"id", "quote", "surface", "source_title"} <= set(c) for c in conflict["claims"])


def test_seeds_do_not_set_different_groups_or_sets_against_each_other(cli, seeded_readonly) -> None:
    american = cli.claim_by_value(seeded_readonly, 23500)
    british = cli.claim_by_value(seeded_readonly, 30000)
    assert american["subject_id"] != british["subject_id"]
    millions = [cli.claim_by_value(seeded_readonly, v) for v in (5_000_000, 3_000_000, 2_000_000)]
    assert len({c["subject_id"] for c in millions}) == 3
    in_conflict = {
        c["id"]
        for g in cli.json("claims", "--conflicting", "--db", seeded_readonly)
        for c in g["claims"]
    }
    assert british["id"] not in in_conflict
    assert not in_conflict & {c["id"] for c in millions}


def test_subjects_list_counts_and_status(cli, seeded_readonly) -> None:
    subjects = {s["label"]: s for s in cli.json("subjects", "--db", seeded_readonly)}
    held = subjects["Captured or held (American) — Siberia, NKVD, Stalin, Japan"]
    assert (held["claims"], held["sources"], held["status"]) == (2, 2, "conflict")
    additional = "Survivors (Soviet; a set apart) — Siberia, NKVD, Stalin, Japan"
    assert subjects[additional]["status"] == "single source"


def test_own_corpus_reads_correctly(cli, tmp_path: Path) -> None:
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    assert cli("ingest", str(corpus), "--db", "c.db").exit_code == 0
    conflicts = cli.json("claims", "--conflicting", "--db", "c.db")
    summary = [(g["subject"], sorted(c["value"] for c in g["claims"])) for g in conflicts]
    assert summary == [
        ("Handed over or repatriated (may 1945) — Lienz Account", [22500, 23000, 45000]),
    ]
    assert [g["spread"] for g in conflicts] == sorted(
        (g["spread"] for g in conflicts), reverse=True
    )
    lienz = conflicts[0]
    agreeing_values = [
        sorted(c["value"] for c in lienz["claims"] if c["id"] in ids) for ids in lienz["agreeing"]
    ]
    assert agreeing_values == [[22500, 23000]]
    statuses = {s["label"]: s["status"] for s in cli.json("subjects", "--db", "c.db")}
    june = "Handed over or repatriated (jun 1945) — Lienz Account"
    assert statuses[june] == "single source"
    another = "Handed over or repatriated (a set apart; may 1945) — Lienz Account"
    assert statuses[another] == "single source"


def test_verdicts_hide_a_conflict_until_all_and_survive_reingest(cli, seeded, seeds: Path) -> None:
    (conflict,) = cli.json("claims", "--conflicting", "--db", seeded)
    subject_id = str(conflict["subject_id"])
    result = cli(
        "subjects",
        "verdict",
        subject_id,
        "--verdict",
        "different scope",
        "--note",
        "291 interned in 1945 vs. men left behind after the war",
        "--db",
        seeded,
    )
    assert result.exit_code == 0, result.output
    assert cli.json("claims", "--conflicting", "--db", seeded) == []
    (shown,) = cli.json("claims", "--conflicting", "--all", "--db", seeded)
    assert shown["verdicts"][0]["verdict"] == "different scope"
    _change_002(seeds)
    assert "1 updated" in cli("ingest", str(seeds), "--db", seeded).stderr
    assert cli.json("claims", "--conflicting", "--db", seeded) == []
    (shown,) = cli.json("claims", "--conflicting", "--all", "--db", seeded)
    assert [c["value"] for c in shown["claims"]] == [291, 23500]


def _change_002(seeds: Path) -> None:
    path = seeds / SEED_002
    path.write_text(
        path.read_text(encoding="utf-8") + "\nA postscript added later.\n", encoding="utf-8"
    )


def test_rename_merge_split_and_move_survive_reingest(cli, seeded, seeds: Path) -> None:
    db = seeded
    american = cli.claim_by_value(db, 23500)
    british = cli.claim_by_value(db, 30000)
    assert (
        cli(
            "subjects",
            "rename",
            str(british["subject_id"]),
            "British Commonwealth POWs kept by the USSR",
            "--db",
            db,
        ).exit_code
        == 0
    )
    more_than = [c for c in cli.json("claims", "--db", db) if c["hedge"] == "more than"][0]
    merged = cli(
        "subjects", "merge", str(more_than["subject_id"]), str(british["subject_id"]), "--db", db
    )
    assert merged.exit_code == 0, merged.output
    split = cli(
        "subjects",
        "split",
        str(american["subject_id"]),
        "--claim",
        str(american["id"]),
        "--label",
        "Americans never repatriated",
        "--db",
        db,
    )
    assert split.exit_code == 0, split.output
    new_subject = int(split.stdout)
    five_million = cli.claim_by_value(db, 5_000_000)
    assert (
        cli(
            "subjects", "move", str(five_million["id"]), "--to", str(new_subject), "--db", db
        ).exit_code
        == 0
    )

    def state() -> dict:
        claims = {c["value"]: c for c in cli.json("claims", "--db", db)}
        return {
            "british": (claims[30000]["subject"], claims[30000]["subject_id"]),
            "more_than": claims[50000]["subject_id"]
            if claims[50000]["hedge"] == "more than"
            else None,
            "american": claims[23500]["subject"],
            "five_million": claims[5_000_000]["subject_id"],
        }

    before = state()
    assert before["british"][0] == "British Commonwealth POWs kept by the USSR"
    assert before["american"] == "Americans never repatriated"
    assert before["five_million"] == new_subject
    more_than_ids = {
        c["subject_id"] for c in cli.json("claims", "--db", db, "--hedge", "more than")
    }
    assert more_than_ids == {british["subject_id"]}
    interned = cli.claim_by_value(db, 291)
    conflicting = {g["subject_id"] for g in cli.json("claims", "--conflicting", "--db", db)}
    assert interned["subject_id"] not in conflicting  # 291 is alone in its subject now

    _change_002(seeds)
    assert "1 updated" in cli("ingest", str(seeds), "--db", db).stderr
    assert state()["british"] == before["british"]
    assert state()["american"] == before["american"]
    assert state()["five_million"] == new_subject
    assert {
        c["subject_id"] for c in cli.json("claims", "--db", db, "--hedge", "more than")
    } == more_than_ids
    merged_away = [s for s in cli.json("subjects", "--merged", "--db", db) if s["merged_into_id"]]
    assert [s["id"] for s in merged_away] == [more_than["subject_id"]]


def test_curation_errors_are_one_line(cli, seeded_readonly) -> None:
    cases = [
        (["subjects", "rename", "999", "x"], "Error: no subject with id 999\n"),
        (["subjects", "merge", "1", "1"], "Error: cannot merge a subject into itself\n"),
        (
            ["subjects", "verdict", "1", "--verdict", "maybe"],
            "Error: unknown verdict 'maybe'; use one of: different scope, correction, note, "
            "not comparable\n",
        ),
        (
            ["subjects", "verdict", "1", "--verdict", "correction"],
            "Error: a correction names the source that is right: give --prefer SOURCE_ID\n",
        ),
        (["subjects", "move", "999", "--to", "1"], "Error: no claim with id 999\n"),
    ]
    for args, message in cases:
        result = cli(*args, "--db", seeded_readonly)
        assert (result.exit_code, result.stderr) == (1, message), args


def test_manual_claims_are_reanchored_or_reported_orphaned(cli, seeded, seeds: Path) -> None:
    source_id = cli.claim_by_value(seeded, 23500)["source_id"]
    added = cli(
        "claims",
        "add",
        str(source_id),
        "A small number",
        "--value",
        "100",
        "--hedge",
        "about",
        "--counted",
        "airmen repatriated later",
        "--db",
        seeded,
    )
    assert added.exit_code == 0, added.output
    path = seeds / SEED_002
    text = path.read_text(encoding="utf-8")
    path.write_text("A new opening line.\n" + text, encoding="utf-8")
    assert "1 updated" in cli("ingest", str(seeds), "--db", seeded).stderr
    (manual,) = [c for c in cli.json("claims", "--db", seeded) if c["origin"] == "manual"]
    assert manual["anchored"] is True
    assert (
        manual["surface"] == "A small number"
        and manual["start"] == text.index("A small number") + 20
    )
    assert cli("db", "check", "--db", seeded).exit_code == 0

    path.write_text(
        text.replace("A small number of these men", "Some of these men"), encoding="utf-8"
    )
    result = cli("ingest", str(seeds), "--db", seeded)
    assert "1 updated" in result.stderr
    assert f"manual claim {manual['id']} orphaned" in result.stderr
    (orphan,) = cli.json("claims", "--orphaned", "--db", seeded)
    assert orphan["id"] == manual["id"] and orphan["anchored"] is False
    assert cli("db", "check", "--db", seeded).exit_code == 0


def test_manual_claim_errors(cli, seeded_readonly) -> None:
    source_id = str(cli.claim_by_value(seeded_readonly, 23500)["source_id"])
    cases = [
        (
            ["nowhere to be found", "--value", "1"],
            "Error: 'nowhere to be found' does not occur 1 time(s) in source",
        ),
        (
            ["roughly 23,500", "--hedge", "roughly"],
            "Error: give either a value, or both low and high",
        ),
        (
            ["roughly 23,500", "--value", "1", "--hedge", "sort of"],
            "Error: unknown hedge 'sort of'",
        ),
        (["roughly 23,500", "--low", "9", "--high", "1"], "Error: the range 9-1 runs backwards"),
    ]
    for args, message in cases:
        result = cli("claims", "add", source_id, *args, "--db", seeded_readonly)
        assert result.exit_code == 1 and result.stderr.startswith(message), (args, result.stderr)


def test_search_index_damage_is_found_and_repaired(cli, seeds: Path) -> None:
    assert cli("ingest", str(seeds), "--db", "s.db").exit_code == 0
    with sqlite3.connect("s.db") as connection:  # a claim changed behind powdb's back
        connection.execute("DROP TRIGGER claims_fts_update")
        connection.execute("UPDATE claims SET quote = 'nothing here' WHERE id = 1")
    result = cli("db", "check", "--db", "s.db")
    assert result.exit_code == 1
    assert result.stdout.startswith("search index: out of step with the claims")
    repaired = cli("db", "check", "--repair", "--db", "s.db")
    assert (repaired.exit_code, repaired.stdout) == (0, "")
    assert cli.json("claims", "--search", "nothing here", "--db", "s.db")[0]["id"] == 1


def test_a_table_shows_the_ten_conflicts_furthest_apart(cli, tmp_path: Path, db_url: str) -> None:
    # Twelve towns; the second report gives figures 2x, 3x ... 13x the first one's.
    docgen.handover_report(tmp_path, "a.txt", [100] * 12)
    docgen.handover_report(tmp_path, "b.txt", [100 * (n + 2) for n in range(12)])
    assert cli("ingest", "a.txt", "b.txt", "--db", db_url).exit_code == 0

    everything = cli.json("claims", "--conflicting", "--db", db_url)
    assert len(everything) == 12
    assert [c["spread"] for c in everything] == sorted(
        (c["spread"] for c in everything), reverse=True
    )
    engine = open_database(db_url)
    try:
        assert count_conflicts(engine) == 12
    finally:
        engine.dispose()

    table = cli("claims", "--conflicting", "--format", "table", "--db", db_url)
    titles = [line for line in table.stdout.splitlines() if "apart" in line]
    assert len(titles) == 10
    assert (
        docgen.TOWNS[11] in titles[0] and docgen.TOWNS[0] not in table.stdout
    )  # 13x first; 2x left out
    assert table.stderr.strip() == (
        "Showing 10 of 12 conflicts (furthest apart first); --limit N shows more, "
        "--format json all."
    )
    assert (
        cli("claims", "--conflicting", "--format", "table", "--limit", "12", "--db", db_url).stderr
        == ""
    )


def test_filters_keep_the_conflicts_with_a_matching_claim(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    interned = cli.claim_by_value(db, 291)
    sources = cli.json("sources", "--db", db)
    no_claims = next(s["id"] for s in sources if s["claims"] == 0)

    def subjects(*args: str) -> list[str]:
        return [g["subject"] for g in cli.json("claims", "--conflicting", "--db", db, *args)]

    held = ["Captured or held (American) — Siberia, NKVD, Stalin, Japan"]
    assert subjects("--source", str(interned["source_id"])) == held
    assert subjects("--source", str(no_claims)) == []
    assert subjects("--max", "300") == held and subjects("--min", "1000000") == []
    assert (
        subjects("--search", "interned crews") == held and subjects("--search", "forgotten") == []
    )
    assert subjects("--hedge", "roughly") == held and subjects("--hedge", "almost") == []
    assert subjects("--hedge", "none", "--min", "291", "--max", "291") == held
    assert subjects("--orphaned") == []
    # Each conflict is shown whole: the other side's claim is there too.
    (whole,) = cli.json("claims", "--conflicting", "--db", db, "--search", "interned crews")
    assert [c["value"] for c in whole["claims"]] == [291, 23500]


def test_filtered_conflicts_are_counted_for_the_table(cli, tmp_path: Path, db_url: str) -> None:
    docgen.handover_report(tmp_path, "a.txt", [100] * 12)
    docgen.handover_report(tmp_path, "b.txt", [100 * (n + 2) for n in range(12)])
    assert cli("ingest", "a.txt", "b.txt", "--db", db_url).exit_code == 0
    big = cli.json("claims", "--conflicting", "--min", "1000", "--db", db_url)
    assert len(big) == 4  # the towns where b.txt says 1,000 to 1,300
    assert all(max(c["value"] for c in g["claims"]) >= 1000 for g in big)

    def table(minimum: str) -> tuple[int, str]:
        result = cli("claims", "--conflicting", "--min", minimum, "-f", "table", "--db", db_url)
        return len([line for line in result.stdout.splitlines() if "apart" in line]), (
            result.stderr.strip()
        )

    assert table("1000") == (4, "")
    assert table("400") == (10, "")
    assert table("300") == (
        10,
        "Showing 10 of 11 conflicts (furthest apart first); --limit N shows more, "
        "--format json all.",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claims", "--subject", "999"], "Error: no subject with id 999\n"),
        (["claims", "--subject", "999", "-f", "table"], "Error: no subject with id 999\n"),
        (["claims", "--conflicting", "--subject", "999"], "Error: no subject with id 999\n"),
        (["claims", "--conflicting", "--source", "999"], "Error: no source with id 999\n"),
        (["claims", "--source", "999", "-f", "csv"], "Error: no source with id 999\n"),
        (["report", "-o", "r.html", "--subject", "999"], "Error: no subject with id 999\n"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_unknown_id_is_an_error_everywhere(
    args: list[str], message: str, cli, seeded_readonly: str
) -> None:
    result = cli(*args, "--db", seeded_readonly)
    assert (result.exit_code, result.stderr, result.stdout) == (1, message, "")
