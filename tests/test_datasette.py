"""Datasette and other SQLite tools on a powdb database: they find its full-text index, its
views and its labels, and rows they write are searchable.

Datasette is run in-process (its own ASGI client), and once as ``powdb open`` with
``datasette serve --get``, which answers one request without starting a server.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlite_utils
from datasette.app import Datasette
from datasette.utils import detect_fts

from powdb import datasette as powdb_datasette
from powdb.db import make_engine

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture
def seeded_file(cli, tmp_path: Path) -> Path:
    """The seeds ingested into a fresh SQLite file named ``powdb.db``."""
    path = tmp_path / "powdb.db"
    result = cli("ingest", str(SEEDS), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


def _datasette_get(path: Path, url: str) -> Any:
    """``url`` as Datasette answers it for the database at ``path`` with powdb's metadata."""

    async def get() -> Any:
        ds = Datasette([str(path)], metadata=powdb_datasette.metadata(path.stem))
        response = await ds.client.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(get())


def test_datasette_and_sqlite_utils_detect_the_full_text_index(seeded_file: Path) -> None:
    with sqlite3.connect(seeded_file) as connection:
        assert detect_fts(connection, "claims") == "claims_fts"
    assert sqlite_utils.Database(seeded_file)["claims"].detect_fts() == "claims_fts"


def test_datasette_search_finds_only_matching_claims(seeded_file: Path) -> None:
    rows = _datasette_get(seeded_file, "/powdb/claims.json?_search=forgotten&_shape=array")
    assert [r["value"] for r in rows] == [50000]
    # The views search through the claims' index too (powdb's metadata says how).
    for view in ("claims_full", "conflicts"):
        rows = _datasette_get(seeded_file, f"/powdb/{view}.json?_search=interned&_shape=array")
        assert [r["figure"] for r in rows] == ["291 men"], view


def test_datasette_shows_conflicts_and_claims_in_full(seeded_file: Path, cli) -> None:
    (conflict,) = cli.json("claims", "--conflicting", "--db", str(seeded_file))
    rows = _datasette_get(seeded_file, "/powdb/conflicts.json?_shape=array&_sort=fig_low")
    assert [(r["subject_id"], r["claim_id"]) for r in rows] == [
        (conflict["subject_id"], c["id"]) for c in conflict["claims"]
    ]
    first = rows[0]
    assert first["subject"] == conflict["subject"]
    assert first["source"] == "001_905861b46afc44d2.txt"  # untitled: the file's name
    assert (first["fig_low"], first["fig_high"], first["explained"]) == (291, 291, 0)
    assert "291 men" in first["quote"]

    full = _datasette_get(seeded_file, "/powdb/claims_full.json?_shape=array&_size=max")
    claims = cli.json("claims", "--db", str(seeded_file))
    assert [r["claim_id"] for r in full] == [c["id"] for c in claims]
    assert {r["subject"] for r in full} == {c["subject"] for c in claims}


def test_datasette_labels_subjects(seeded_file: Path, cli) -> None:
    rows = _datasette_get(seeded_file, "/powdb/claims.json?_labels=on&_shape=array&value=291")
    (claim,) = rows
    (subject,) = [s for s in cli.json("subjects", "--db", str(seeded_file)) if s["id"] == 1]
    assert claim["subject_id"] == {"value": 1, "label": subject["label"]}


def test_rows_other_programs_write_are_searchable(db_url: str, cli, seeds: Path) -> None:
    """SQLite indexes them by triggers; PostgreSQL by its trigram indexes on the columns."""
    assert cli("ingest", str(seeds), "--db", db_url).exit_code == 0
    engine = make_engine(db_url)
    with engine.begin() as connection:
        row = connection.execute(sa.text("SELECT * FROM claims WHERE id = 1")).mappings().one()
        values = {k: v for k, v in row.items() if k != "id"}
        values["quote"] = "A zeppelin crew of 40 men was interned."
        values["frame"] = json.dumps(values["frame"]) if values["frame"] else None
        columns = ", ".join(f'"{k}"' for k in values)
        params = ", ".join(f":{k}" for k in values)
        new_id = connection.execute(
            sa.text(f"INSERT INTO claims ({columns}) VALUES ({params}) RETURNING id"), values
        ).scalar_one()
    found = cli.json("claims", "--search", "zeppelin", "--db", db_url)
    assert [c["id"] for c in found] == [new_id]

    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE claims SET quote = 'An airship crew.' WHERE id = :id"), {"id": new_id}
        )
    assert cli.json("claims", "--search", "zeppelin", "--db", db_url) == []
    assert [c["id"] for c in cli.json("claims", "--search", "airship", "--db", db_url)] == [new_id]
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM claims WHERE id = :id"), {"id": new_id})
    engine.dispose()
    assert cli.json("claims", "--search", "airship", "--db", db_url) == []
    check = cli("db", "check", "--db", db_url)
    assert check.exit_code == 0, check.output


def test_ingest_leaves_the_insert_trigger_on_for_others(tmp_path: Path, cli, seeds: Path) -> None:
    """powdb defers the trigger only inside its own write transaction."""
    path = tmp_path / "powdb.db"
    assert cli("ingest", str(seeds), "--db", str(path)).exit_code == 0
    with sqlite3.connect(path) as connection:
        deferred = connection.execute(
            "SELECT count(*) FROM settings WHERE key = 'search_index_deferred'"
        ).fetchone()
    assert deferred == (0,)
    assert cli("db", "check", "--db", str(path)).exit_code == 0


def test_views_agree_with_powdb_on_every_backend(db_url: str, cli, seeds: Path) -> None:
    assert cli("ingest", str(seeds), "--db", db_url).exit_code == 0
    (conflict,) = cli.json("claims", "--conflicting", "--db", db_url)
    engine = make_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT subject_id, claim_id, source FROM conflicts ORDER BY fig_low")
        ).all()
        full = connection.execute(sa.text("SELECT claim_id FROM claims_full")).scalars().all()
    engine.dispose()
    assert [(r.subject_id, r.claim_id) for r in rows] == [
        (conflict["subject_id"], c["id"]) for c in conflict["claims"]
    ]
    assert rows[1].source == "002_7470e496a02fe877.txt"
    assert sorted(full) == sorted(c["id"] for c in cli.json("claims", "--db", db_url))


def test_open_runs_datasette_with_powdb_metadata(seeded_file: Path, cli, capfd) -> None:
    result = cli(
        "open", "--db", str(seeded_file), "--get", "/powdb/conflicts.json?_search=interned"
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(capfd.readouterr().out)
    assert [row[answer["columns"].index("figure")] for row in answer["rows"]] == ["291 men"]


def test_open_metadata_and_errors(seeded_file: Path, cli, db_url: str) -> None:
    printed = json.loads(cli("open", "--metadata", "--db", str(seeded_file)).stdout)
    assert printed == powdb_datasette.metadata("powdb")
    assert printed["databases"]["powdb"]["tables"]["subjects"]["label_column"] == "label"
    if not db_url.startswith("sqlite"):
        cli("ingest", str(SEEDS), "--db", db_url)
        result = cli("open", "--db", db_url)
        assert result.exit_code == 1
        assert "Datasette opens SQLite files" in result.stderr
