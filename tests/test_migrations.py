"""Upgrades: a database made by an old schema revision reaches head with everything intact."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from powdb.db import current_revision, head_revision, make_engine, open_database, upgrade
from powdb.extract import EXTRACTOR_VERSION, extract_claims

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _fill_first_revision(engine: sa.Engine) -> None:
    """Sources and claims as powdb 0.1's first schema stored them, written with plain SQL."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    metadata = sa.MetaData()
    sources = sa.Table("sources", metadata, autoload_with=engine)
    claims = sa.Table("claims", metadata, autoload_with=engine)
    with engine.begin() as connection:
        for path in sorted(SEEDS.iterdir()):
            text = path.read_text(encoding="utf-8")
            source_id = connection.execute(
                sa.insert(sources).values(
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    path=str(path),
                    title=f"Seed {path.name[:3]}",
                    authors=[],
                    kind="document",
                    media_type="text/plain",
                    text=text,
                    page_starts=[],
                    ingested_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            for c in extract_claims(text):
                connection.execute(
                    sa.insert(claims).values(
                        source_id=source_id,
                        value=c.value,
                        low=c.low,
                        high=c.high,
                        hedge=c.hedge,
                        interval_low=c.interval_low,
                        interval_high=c.interval_high,
                        unit=c.unit,
                        counted=c.counted,
                        surface=c.surface,
                        quote=c.quote,
                        start=c.start,
                        end=c.end,
                        quote_start=c.quote_start,
                        line=text.count("\n", 0, c.start) + 1,
                        page=None,
                        rule=c.rule,
                        extractor_version=EXTRACTOR_VERSION,
                        origin="auto",
                        created_at=now,
                    )
                )
        fts = "SELECT 1 FROM sqlite_master WHERE name = 'claims_fts'"
        if connection.dialect.name == "sqlite" and connection.exec_driver_sql(fts).first():
            # powdb indexes the claims it stores; these were written behind its back.
            connection.exec_driver_sql("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")


def _rows(engine: sa.Engine, table: str, columns: str) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(sa.text(f"SELECT {columns} FROM {table} ORDER BY id"))
        ]


def test_first_revision_upgrades_to_head_with_everything_intact(db_url: str, cli) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    _fill_first_revision(engine)
    sources_before = _rows(engine, "sources", "id, sha256, path, title, text")
    claims_before = _rows(engine, "claims", 'id, source_id, value, hedge, surface, start, "end"')
    engine.dispose()

    engine = open_database(db_url)  # any command upgrades on open
    assert current_revision(engine) == head_revision()
    assert _rows(engine, "sources", "id, sha256, path, title, text") == sources_before
    assert (
        _rows(engine, "claims", 'id, source_id, value, hedge, surface, start, "end"')
        == claims_before
    )
    # What later revisions added works on the old rows: subjects, conflicts, search, checks.
    # Subjects come from powdb's rules, not from a migration: reading says how to get them.
    stale = cli("claims", "--conflicting", "--db", db_url, "--format", "json")
    assert "powdb subjects reassign" in stale.stderr
    assert cli("subjects", "reassign", "--db", db_url).exit_code == 0
    (conflict,) = cli.json("claims", "--conflicting", "--db", db_url)
    assert [c["value"] for c in conflict["claims"]] == [291, 23500]
    assert [c["value"] for c in cli.json("claims", "--search", "forgotten", "--db", db_url)] == [
        50000
    ]
    assert cli("db", "check", "--db", db_url).exit_code == 0


def test_user_edits_made_before_subjects_existed_survive_the_upgrade(db_url: str, cli) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    _fill_first_revision(engine)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE sources SET title = 'My title', edited = :edited WHERE id = 3"),
            {"edited": '["title"]'},
        )
    engine.dispose()
    assert cli("db", "upgrade", "--db", db_url).exit_code == 0
    sources = {s["id"]: s for s in cli.json("sources", "--db", db_url)}
    assert (sources[3]["title"], sources[3]["edited"]) == ("My title", ["title"])
    seeds = Path("seeds")
    seeds.mkdir()
    changed = seeds / "002.txt"
    # Re-ingesting the source's file after the upgrade keeps the user's title.
    with open_database(db_url).connect() as connection:
        path = connection.execute(sa.text("SELECT path FROM sources WHERE id = 3")).scalar_one()
    changed.write_text(Path(path).read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    with open_database(db_url).begin() as connection:
        connection.execute(
            sa.text("UPDATE sources SET path = :p WHERE id = 3"), {"p": str(changed)}
        )
    assert "1 updated" in cli("ingest", str(changed), "--db", db_url).stderr
    assert cli.json("sources", "--db", db_url)[2]["title"] == "My title"
