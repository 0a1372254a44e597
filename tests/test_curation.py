"""Correcting the machine: rejected and corrected claims, verdicts respected everywhere, and
the history of every action, through the CLI and the Python API, across re-ingests of
changed sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from powdb import ClaimFilter, list_claims, list_conflicts, open_database
from powdb.claim_curation import Correction, edit_claim, reject_claims, restore_claims
from powdb.errors import PowdbError
from powdb.history import list_history
from powdb.undo import undo_last

SEED_002 = "002_7470e496a02fe877.txt"
HELD = "Captured or held (American) — Siberia, NKVD, Stalin, Japan"


@pytest.fixture
def roughly(cli, seeded: str) -> dict:
    """The claim "roughly 23,500 American" soldiers left in Soviet hands, as extracted from
    the seeds: one side of their one conflict (the other: the 291 interned airmen)."""
    return cli.claim_by_value(seeded, 23500)


@pytest.fixture
def conflict_subject(cli, seeded: str) -> str:
    """The id of the subject of the seeds' one conflict (291 against roughly 23,500)."""
    (conflict,) = cli.json("claims", "--conflicting", "--db", seeded)
    return str(conflict["subject_id"])


def ok(result) -> None:
    assert result.exit_code == 0, (result.stdout, result.stderr)


def report_of(cli, db: str, *args: str) -> tuple[str, str]:
    result = cli("report", "-o", "r.html", "--db", db, *args)
    ok(result)
    return Path("r.html").read_text(encoding="utf-8"), result.stderr


def reingest_002(cli, seeds: Path, db: str, old: str, new: str) -> Result:
    """Replace ``old`` by ``new`` in the second seed and ingest the seeds again: that source
    is updated."""
    path = seeds / SEED_002
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = cli("ingest", str(seeds), "--db", db)
    assert "1 updated" in result.stderr
    return result


def reingest_with_an_unrelated_change(cli, seeds: Path, db: str) -> Result:
    """Change a sentence of the second seed that holds no figure ("All the happy smiling
    faces", four characters longer, before its figures) and ingest the seeds again."""
    return reingest_002(cli, seeds, db, "All happy smiling faces", "All the happy smiling faces")


def test_a_rejected_claim_leaves_listings_subjects_conflicts_and_the_report(
    cli, seeded: str, roughly: dict
) -> None:
    db = seeded
    rejected = cli("claims", "reject", str(roughly["id"]), "--reason", "not a count", "--db", db)
    ok(rejected)
    assert rejected.stderr == "1 claim rejected.\n"

    assert roughly["id"] not in {c["id"] for c in cli.json("claims", "--db", db)}
    (shown,) = cli.json("claims", "--rejected", "--db", db)
    assert (shown["id"], shown["rejected"], shown["rejection_reason"]) == (
        roughly["id"],
        True,
        "not a count",
    )
    assert shown["subject_id"] is None
    assert roughly["id"] in {c["id"] for c in cli.json("claims", "--all", "--db", db)}
    assert cli.json("claims", "--conflicting", "--db", db) == []
    assert cli.json("claims", "--conflicting", "--all", "--db", db) == []
    subjects = {s["label"]: s for s in cli.json("subjects", "--db", db)}
    assert (subjects[HELD]["claims"], subjects[HELD]["status"]) == (1, "single source")
    html, summary = report_of(cli, db)
    assert f'id="claim-{roughly["id"]}"' not in html
    assert " 0 conflicts " in summary

    ok(cli("claims", "restore", str(roughly["id"]), "--db", db))
    (conflict,) = cli.json("claims", "--conflicting", "--db", db)
    assert [c["value"] for c in conflict["claims"]] == [291, 23500]
    assert cli.claim_by_value(db, 23500)["rejection_reason"] is None
    html, summary = report_of(cli, db)
    assert f'id="claim-{roughly["id"]}"' in html and " 1 conflict " in summary


def test_a_rejection_survives_reingest_or_is_reported_orphaned(
    cli, seeded: str, seeds: Path, roughly: dict
) -> None:
    db = seeded
    ok(cli("claims", "reject", str(roughly["id"]), "--reason", "a guess", "--db", db))
    assert "3 unchanged" in cli("ingest", str(seeds), "--db", db).stderr

    # The file changes elsewhere: the claim is found again, the same one, still rejected.
    result = reingest_with_an_unrelated_change(cli, seeds, db)
    assert "orphaned" not in result.stderr
    (kept,) = cli.json("claims", "--rejected", "--db", db)
    assert (kept["id"], kept["anchored"], kept["rejection_reason"]) == (
        roughly["id"],
        True,
        "a guess",
    )
    assert kept["start"] == roughly["start"] + len("the ")
    assert cli.json("claims", "--conflicting", "--db", db) == []
    searched = cli.json("claims", "--db", db, "--search", "leaving roughly")
    assert [c["value"] for c in searched] == [30000]  # the same sentence's other figure
    found = cli.json("claims", "--all", "--search", "leaving roughly", "--db", db)
    assert [c["value"] for c in found] == [23500, 30000] and found[0]["id"] == roughly["id"]
    assert cli("db", "check", "--db", db).exit_code == 0

    # The sentence itself changes: the rejection cannot be placed; kept, reported, not revived.
    result = reingest_002(cli, seeds, db, "roughly 23,500 American", "roughly 24,000 American")
    assert (
        f"claim {roughly['id']} ('roughly 23,500 American'), which you rejected, is orphaned"
        in result.stderr
    )
    (orphan,) = cli.json("claims", "--orphaned", "--all", "--db", db)
    assert (orphan["id"], orphan["rejected"], orphan["anchored"]) == (roughly["id"], True, False)
    assert cli.json("claims", "--orphaned", "--db", db) == []
    # The new sentence's figure is a claim of its own, which nobody rejected.
    fresh = cli.claim_by_value(db, 24000)
    assert fresh["id"] != roughly["id"] and fresh["rejected"] is False
    assert cli("db", "check", "--db", db).exit_code == 0


def test_a_corrected_reading_keeps_the_original_and_survives_reingest(
    cli, seeded: str, seeds: Path, roughly: dict
) -> None:
    db = seeded
    edited = cli(
        "claims", "edit", str(roughly["id"]), "--value", "291", "--hedge", "none", "--db", db
    )
    ok(edited)
    (claim,) = json.loads(edited.stdout)
    assert (claim["value"], claim["hedge"], claim["fig_low"], claim["fig_high"]) == (
        291,
        None,
        291,
        291,
    )
    assert claim["original"] == {
        "value": 23500,
        "low": None,
        "high": None,
        "hedge": "roughly",
        "counted": "American soldiers",
    }
    assert cli.json("claims", "--conflicting", "--db", db) == []  # 291 and 291 agree

    reingest_with_an_unrelated_change(cli, seeds, db)
    again = cli.claim_by_value(db, 291, "--source", str(roughly["source_id"]))
    assert again["id"] == roughly["id"] and again["original"]["value"] == 23500
    assert again["anchored"] is True and again["start"] == roughly["start"] + len("the ")
    assert cli.json("claims", "--conflicting", "--db", db) == []
    assert cli("db", "check", "--db", db).exit_code == 0

    # Back to the extractor's reading: nothing is corrected any more.
    ok(cli("claims", "edit", str(roughly["id"]), "--value", "23500", "--hedge", "roughly",
           "--db", db))  # fmt: skip
    assert cli.claim_by_value(db, 23500)["original"] is None
    assert len(cli.json("claims", "--conflicting", "--db", db)) == 1


def test_a_correction_whose_sentence_is_gone_is_kept_and_reported(
    cli, seeded: str, seeds: Path, roughly: dict
) -> None:
    db = seeded
    ok(cli("claims", "edit", str(roughly["id"]), "--value", "23000", "--db", db))
    result = reingest_002(
        cli, seeds, db, "leaving roughly 23,500 American", "leaving about 24,000 American"
    )
    assert (
        f"claim {roughly['id']} ('roughly 23,500 American'), which you corrected, is orphaned"
        in result.stderr
    )
    (orphan,) = cli.json("claims", "--orphaned", "--db", db)
    assert (orphan["id"], orphan["value"], orphan["anchored"]) == (roughly["id"], 23000, False)
    assert orphan["original"]["value"] == 23500
    assert cli.claim_by_value(db, 24000)["original"] is None  # the new reading, untouched
    assert cli("db", "check", "--db", db).exit_code == 0
    # Put back, the sentence finds its corrected claim again.
    result = reingest_002(
        cli, seeds, db, "leaving about 24,000 American", "leaving roughly 23,500 American"
    )
    assert "orphaned" not in result.stderr
    again = cli.claim_by_value(db, 23000)
    assert (again["id"], again["anchored"]) == (roughly["id"], True)
    assert [
        c["value"] for c in cli.json("claims", "--db", db, "--min", "23000", "--max", "25000")
    ] == [23000]
    assert cli("db", "check", "--db", db).exit_code == 0


def test_a_corrected_phrase_is_searched_and_kept_through_reingest(
    cli, seeded: str, seeds: Path
) -> None:
    db = seeded
    british = cli.claim_by_value(db, 30000)
    ok(cli("claims", "edit", str(british["id"]), "--counted", "Commonwealth prisoners", "--db", db))
    assert [
        c["id"] for c in cli.json("claims", "--search", "Commonwealth prisoners", "--db", db)
    ] == [british["id"]]
    reingest_with_an_unrelated_change(cli, seeds, db)
    found = cli.json("claims", "--search", "Commonwealth prisoners", "--db", db)
    assert [(c["id"], c["counted"]) for c in found] == [(british["id"], "Commonwealth prisoners")]
    assert found[0]["original"]["counted"] == "British and Commonwealth soldiers"
    assert cli("db", "check", "--db", db).exit_code == 0
    (entry,) = cli.json("history", "--claim", str(british["id"]), "--db", db)
    assert (
        "counted 'British and Commonwealth soldiers' -> 'Commonwealth prisoners'"
        in (entry["summary"])
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "23500", "--hedge", "roughly"], "Error: nothing to change"),
        (["--hedge", "sort of"], "Error: unknown hedge 'sort of'"),
        (["--low", "9", "--high", "1"], "Error: the range 9-1 runs backwards"),
        (["--low", "9"], "Error: a range needs both ends"),
    ],
)
def test_edit_errors_are_one_line(cli, seeded_readonly: str, args: list[str], message: str) -> None:
    claim = cli.claim_by_value(seeded_readonly, 23500)
    result = cli("claims", "edit", str(claim["id"]), *args, "--db", seeded_readonly)
    assert result.exit_code == 1 and result.stderr.startswith(message), result.stderr
    assert "\n" not in result.stderr.rstrip("\n")


def test_claim_curation_errors(cli, seeded_readonly: str) -> None:
    db = seeded_readonly
    cases = [
        (["claims", "reject", "999"], "Error: no claim with id 999\n"),
        (["claims", "restore", "1"], "Error: claim 1 is not rejected\n"),
        (["claims", "edit", "999", "--value", "1"], "Error: no claim with id 999\n"),
    ]
    for args, message in cases:
        result = cli(*args, "--db", db)
        assert (result.exit_code, result.stderr) == (1, message), args
    usage = cli("claims", "--conflicting", "--rejected", "--db", db)
    assert usage.exit_code == 2


def test_every_verdict_is_respected_by_conflicts_and_the_report(
    cli, seeded: str, conflict_subject: str
) -> None:
    db, subject = seeded, conflict_subject
    _, summary = report_of(cli, db)
    assert " 1 conflict " in summary
    ok(cli("subjects", "verdict", subject, "--verdict", "different scope", "--db", db))
    html, summary = report_of(cli, db)
    assert " 0 conflicts " in summary
    _, summary = report_of(cli, db, "--conflicting-only")
    assert " 0 conflicts " in summary
    assert len(cli.json("claims", "--conflicting", "--all", "--db", db)) == 1


def test_not_comparable_is_never_shown_as_a_conflict(
    cli, seeded: str, conflict_subject: str
) -> None:
    db, subject = seeded, conflict_subject
    result = cli(
        "subjects", "verdict", subject, "not-comparable", "--reason", "two periods", "--db", db
    )
    ok(result)
    assert cli.json("claims", "--conflicting", "--all", "--db", db) == []
    assert cli.json("claims", "--conflicting", "--possible", "--all", "--db", db) == []
    status = {s["id"]: s["status"] for s in cli.json("subjects", "--db", db)}
    assert status[int(subject)] == "not comparable"
    _, summary = report_of(cli, db)
    assert " 0 conflicts " in summary
    (entry,) = cli.json("history", "--subject", subject, "--db", db)
    assert (entry["action"], entry["reason"]) == ("verdict", "two periods")
    twice = cli("subjects", "verdict", subject, "note", "--verdict", "correction", "--db", db)
    assert twice.exit_code == 2


def test_history_records_who_did_what_and_undo_reverts_that_users_last_action(
    cli, seeded: str, roughly: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = seeded
    ok(cli("claims", "reject", str(roughly["id"]), "--reason", "a guess", "--user", "alice",
           "--db", db))  # fmt: skip
    monkeypatch.setenv("POWDB_USER", "bob")
    british = cli.claim_by_value(db, 30000)
    ok(cli("subjects", "rename", str(british["subject_id"]), "British POWs", "--db", db))
    ok(cli("claims", "edit", str(british["id"]), "--counted", "British soldiers", "--db", db))

    history = cli.json("history", "--db", db)
    assert [(h["user"], h["action"]) for h in history] == [
        ("bob", "edit"),
        ("bob", "rename"),
        ("alice", "reject"),
    ]
    assert history[2]["reason"] == "a guess" and history[2]["claim_ids"] == [roughly["id"]]
    assert [
        h["action"] for h in cli.json("history", "--claim", str(british["id"]), "--db", db)
    ] == ["edit"]
    assert [h["user"] for h in cli.json("history", "--by", "alice", "--db", db)] == ["alice"]
    table = cli("history", "--db", db, "--format", "table")
    assert "alice" in table.stdout and "a guess" in table.stdout

    # bob's undo takes back bob's last action, not alice's.
    undone = cli("undo", "--db", db)
    ok(undone)
    assert undone.stderr.startswith("Undone: corrected claim")
    assert cli.claim_by_value(db, 30000)["counted"] == "British and Commonwealth soldiers"
    assert cli.claim_by_value(db, 30000)["original"] is None
    ok(cli("undo", "--db", db))
    assert cli.claim_by_value(db, 30000)["subject"] != "British POWs"
    nothing = cli("undo", "--db", db)
    assert (nothing.exit_code, nothing.stderr) == (1, "Error: bob has nothing to undo\n")
    assert cli.json("claims", "--conflicting", "--db", db) == []  # alice's rejection holds
    ok(cli("undo", "--user", "alice", "--db", db))
    assert len(cli.json("claims", "--conflicting", "--db", db)) == 1
    actions = [(h["action"], h["undone_by"] is not None) for h in cli.json("history", "--db", db)]
    assert actions[:3] == [("undo", False), ("undo", False), ("undo", False)]
    assert actions[3:] == [("edit", True), ("rename", True), ("reject", True)]


def test_undo_takes_back_subject_curation(
    cli, seeded: str, conflict_subject: str, roughly: dict
) -> None:
    db, subject = seeded, conflict_subject
    before = cli.json("subjects", "--db", db)

    split = cli("subjects", "split", subject, "--claim", str(roughly["id"]), "--label",
                "Left behind", "--db", db, "--user", "carol")  # fmt: skip
    ok(split)
    assert cli.json("claims", "--conflicting", "--db", db) == []
    ok(cli("undo", "--user", "carol", "--db", db))
    assert cli.json("subjects", "--db", db) == before
    assert len(cli.json("claims", "--conflicting", "--db", db)) == 1

    other = cli.claim_by_value(db, 30000)["subject_id"]
    ok(cli("subjects", "merge", str(other), subject, "--db", db, "--user", "carol"))
    ok(cli("undo", "--user", "carol", "--db", db))
    assert cli.json("subjects", "--db", db) == before

    ok(cli("subjects", "verdict", subject, "not comparable", "--db", db, "--user", "carol"))
    ok(cli("undo", "--user", "carol", "--db", db))
    assert cli.json("subjects", "--db", db) == before
    assert len(cli.json("claims", "--conflicting", "--db", db)) == 1


def test_the_python_api_curates_as_the_cli_does(cli, seeded: str, seeds: Path) -> None:
    engine = open_database(seeded)
    try:
        (roughly,) = list_claims(engine, ClaimFilter(min_value=23500, max_value=23500))
        entry = reject_claims(engine, [roughly["id"]], "a guess", user="dana")
        assert list_conflicts(engine) == []
        (shown,) = list_claims(engine, ClaimFilter(rejected=True))
        assert shown["id"] == roughly["id"]
        assert len(list_claims(engine, ClaimFilter(rejected=None))) == len(list_claims(engine)) + 1
        restore_claims(engine, [roughly["id"]], user="dana")
        edit_claim(engine, roughly["id"], Correction(low=20000, high=25000), user="dana")
        (edited,) = list_claims(
            engine, ClaimFilter(subject_id=roughly["subject_id"], min_value=20000)
        )
        assert (edited["low"], edited["high"], edited["value"]) == (20000, 25000, None)
        assert [h["action"] for h in list_history(engine, claim_id=roughly["id"])] == [
            "edit",
            "restore",
            "reject",
        ]
        assert list_history(engine, claim_id=roughly["id"])[2]["id"] == entry
        assert undo_last(engine, "dana")["action"] == "edit"
        with pytest.raises(PowdbError, match="nothing to undo"):
            undo_last(engine, "erin")
    finally:
        engine.dispose()


def test_sources_remove_shows_what_goes_and_asks_first(
    cli, seeded: str, roughly: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = seeded
    source = str(roughly["source_id"])
    ok(cli("claims", "reject", str(cli.claim_by_value(db, 30000)["id"]), "--db", db))
    ok(
        cli(
            "claims",
            "edit",
            str(cli.claim_by_value(db, 3000000)["id"]),
            "--value",
            "5",
            "--db",
            db,
        )
    )
    (conflict,) = cli.json("claims", "--conflicting", "--db", db)
    ok(cli("subjects", "verdict", str(conflict["subject_id"]), "correction", "--prefer", source,
           "--db", db))  # fmt: skip
    before = cli.json("sources", "--db", db)

    # In a script, without --yes: nothing removed, exit 1, after saying what would go.
    refused = cli("sources", "remove", source, "--db", db)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "This removes:"
    what = refused.stderr.splitlines()[1]
    assert what.startswith(f"  source {source} (")
    assert "7 claims (1 rejected, 1 corrected)" in what
    assert "verdict 1 prefers it (kept, without the preference)" in what
    assert refused.stderr.endswith(
        "Error: nothing removed: give --yes to remove sources from a script\n"
    )
    assert cli.json("sources", "--db", db) == before

    # On a terminal it asks; no is no.
    monkeypatch.setattr("powdb.cli.sources.stdin_is_terminal", lambda: True)
    declined = cli("sources", "remove", source, "--db", db, input="n\n")
    assert declined.exit_code == 1 and "Nothing removed." in declined.stderr
    assert cli.json("sources", "--db", db) == before
    removed = cli("sources", "remove", source, "--db", db, "--user", "fay", input="y\n")
    ok(removed)
    assert removed.stderr.endswith("Removed 1 source and 7 claims.\n")
    assert [s["id"] for s in cli.json("sources", "--db", db)] == [
        s["id"] for s in before if s["id"] != int(source)
    ]
    assert all(c["source_id"] != int(source) for c in cli.json("claims", "--all", "--db", db))
    assert cli.json("claims", "--conflicting", "--all", "--db", db) == []
    (entry,) = cli.json("history", "--source", source, "--by", "fay", "--db", db)
    assert entry["action"] == "remove source" and not entry["undoable"]
    undo = cli("undo", "--user", "fay", "--db", db)
    assert undo.exit_code == 1 and "cannot be undone" in undo.stderr
    assert cli("db", "check", "--db", db).exit_code == 0


def test_sources_remove_with_yes_and_unknown_ids(cli, seeded: str) -> None:
    db = seeded
    unknown = cli("sources", "remove", "999", "--yes", "--db", db)
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no source with id 999\n")
    ids = [s["id"] for s in cli.json("sources", "--db", db)]
    removed = cli("sources", "remove", *map(str, ids), "--yes", "--db", db)
    ok(removed)
    assert [r["source_id"] for r in json.loads(removed.stdout)] == ids
    assert cli.json("sources", "--db", db) == [] and cli.json("claims", "--all", "--db", db) == []
    assert cli("db", "check", "--db", db).exit_code == 0


CORPUS = Path(__file__).resolve().parents[1] / "bench" / "conflict_corpus"


@pytest.fixture
def corpus(cli, tmp_path: Path, db_url: str) -> str:
    result = cli("ingest", str(CORPUS), "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


def test_review_walks_the_conflicts_and_each_answer_is_a_curation_action(cli, corpus: str) -> None:
    db = corpus
    (lienz,) = cli.json("claims", "--conflicting", "--db", db)
    memoir = next(c for c in lienz["claims"] if c["value"] == 45000)

    skipped = cli("review", "--db", db, input="n\n")
    ok(skipped)
    assert "Conflict 1 of 1: Handed over or repatriated (may 1945)" in skipped.stdout
    assert f"claim {memoir['id']}: 45,000" in skipped.stdout
    assert "“In May 1945, 45,000 Cossacks were handed over at Lienz" in skipped.stdout
    assert skipped.stdout.endswith("Decided 0, skipped 1; that was the last conflict.\n")
    assert cli.json("history", "--db", db) == []
    blank = cli("review", "--db", db, input="\n\n")  # an empty answer is no answer; then EOF
    ok(blank)
    assert blank.stdout.count("Press one of") == 2 and "stopped" in blank.stdout

    # A wrong key is asked again; a claim not shown is refused; then the rejection.
    rejected = cli(
        "review", "--db", db, "--user", "hal",
        input=f"z\nr\n999\nr\n{memoir['id']}\na diary's slip\n",
    )  # fmt: skip
    ok(rejected)
    assert "Press one of: v, r, s, n, q." in rejected.stdout
    assert "Error: give the id of a claim shown above" in rejected.stderr
    assert f"Claim {memoir['id']} rejected." in rejected.stdout
    assert cli.json("claims", "--conflicting", "--db", db) == []
    (entry,) = cli.json("history", "--db", db)
    assert (entry["user"], entry["action"], entry["reason"]) == ("hal", "reject", "a diary's slip")
    assert cli("review", "--db", db).stdout == "No open conflicts.\n"

    ok(cli("undo", "--user", "hal", "--db", db))
    split = cli("review", "--db", db, input=f"s\n{memoir['id']}\nThe diary's count\nq\n")
    ok(split)
    assert "New subject" in split.stdout
    assert cli.json("claims", "--conflicting", "--db", db) == []
    assert cli.json("history", "--db", db)[0]["action"] == "split"


def test_review_on_a_terminal_takes_one_key_per_decision(
    cli, corpus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = corpus
    monkeypatch.setattr("powdb.cli.review.stdin_is_terminal", lambda: True)
    quit_now = cli("review", "--db", db, input="q")
    ok(quit_now)
    assert quit_now.stdout.endswith("Decided 0, skipped 0; stopped.\n")
    (lienz,) = cli.json("claims", "--conflicting", "--db", db)
    decided = cli("review", "--db", db, input="vxtwo different hand-overs\n")
    ok(decided)
    assert "Verdict 'not comparable' recorded" in decided.stdout
    assert cli.json("claims", "--conflicting", "--all", "--db", db) == []
    (entry,) = cli.json("history", "--subject", str(lienz["subject_id"]), "--db", db)
    assert (entry["action"], entry["reason"]) == ("verdict", "two different hand-overs")
