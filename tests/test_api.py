"""The Python API a notebook would use: the README's example, on the real seeds."""

from __future__ import annotations

from pathlib import Path

import powdb


def test_readme_example(seeds: Path, tmp_path: Path) -> None:
    engine = powdb.open_database(str(tmp_path / "nb.db"))
    summary = powdb.ingest_paths(engine, [str(seeds)])
    assert (summary.count("added"), len(summary.failed), summary.claims) == (3, 0, 9)
    roughly = powdb.list_claims(engine, powdb.ClaimFilter(hedge="roughly"))
    assert [c["value"] for c in roughly] == [23500, 30000]
    assert powdb.count_claims(engine, powdb.ClaimFilter(hedge="roughly", limit=1)) == 2
    (conflict,) = powdb.list_conflicts(engine)
    assert [c["value"] for c in conflict["claims"]] == [291, 23500]
    assert powdb.count_conflicts(engine) == 1
    assert [s["claims"] for s in powdb.list_sources(engine)] == [0, 2, 7]
    assert any(s["status"] == "conflict" for s in powdb.list_subjects(engine))
    assert powdb.extract_claims("Some 400 men.")[0].hedge == "some"


def test_curation_from_python(seeds: Path, tmp_path: Path) -> None:
    engine = powdb.open_database(str(tmp_path / "nb.db"))
    powdb.ingest_paths(engine, [str(seeds)])
    (conflict,) = powdb.list_conflicts(engine)
    roughly = conflict["claims"][1]["id"]
    powdb.reject_claims(engine, [roughly], "a guess", user="nb")
    assert powdb.list_conflicts(engine) == []
    assert [c["id"] for c in powdb.list_claims(engine, powdb.ClaimFilter(rejected=True))] == [
        roughly
    ]
    powdb.restore_claims(engine, [roughly], user="nb")
    powdb.edit_claim(engine, roughly, powdb.Correction(value=291, hedge="none"), user="nb")
    assert powdb.list_conflicts(engine) == []
    powdb.undo_last(engine, "nb")
    powdb.record_verdict(engine, conflict["subject_id"], "not comparable", "two periods", user="nb")
    assert powdb.list_conflicts(engine, include_explained=True) == []
    (plan,) = powdb.plan_removal(engine, [conflict["claims"][0]["source_id"]])
    assert plan.claims == 2
    powdb.remove_sources(engine, [plan.source_id], user="nb")
    actions = [h["action"] for h in powdb.list_history(engine, user="nb")]
    assert actions == ["remove source", "verdict", "undo", "edit", "restore", "reject"]
