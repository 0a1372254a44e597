"""What a command loads when powdb starts: only what the command needs.

Every command pays for what is imported before it runs; SQLAlchemy, Rich, the readers and the
extractor are most of it (see the note in ``powdb.cli`` and ``bench/startup_bench.py``). The
modules loaded are read in a fresh Python, where nothing was imported before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

_LOADED_BY = """
import json, sys
from powdb.cli import main
sys.argv = ["powdb", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""

# Loaded by no listing: the readers and the extractor are for ingest, Alembic for upgrades.
_INGEST_ONLY = ("powdb.extract", "powdb.readers", "powdb.ingest", "powdb.store", "alembic")
# What comparing claims takes of powdb.extract: its package, the hedge table, the claim model
# and the word tables (month names)
# (test_a_module_of_the_extractor_package_loads_only_itself: they load no more of it).
_COMPARING_NEEDS = {
    "powdb.extract",
    "powdb.extract.hedges",
    "powdb.extract.model",
    "powdb.extract.wordlists",
}


def _loaded(*args: str) -> tuple[int, set[str]]:
    run = subprocess.run(
        [sys.executable, "-c", _LOADED_BY, *args],
        input="",  # a command that reads its input (review) finds it ended
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(run.stderr.strip().splitlines()[-1])
    return report["code"], {name.split(".")[0] for name in report["modules"]} | set(
        report["modules"]
    )


def _any(loaded: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if m.startswith(prefixes))


@pytest.mark.slow  # a Python of its own: nothing imported before the command starts
def test_version_loads_neither_the_database_layer_nor_rich() -> None:
    code, loaded = _loaded("--version")
    assert code == 0
    assert not _any(loaded, ("sqlalchemy", "rich", "pydantic", *_INGEST_ONLY))


@pytest.mark.slow  # a Python of its own: nothing imported before the command starts
def test_a_listing_loads_neither_rich_nor_ingest(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    source = tmp_path / "a.txt"
    source.write_text("In 1945 about 4,000 men came home.\n")
    assert cli("ingest", str(source), "--db", db).exit_code == 0
    for args in (
        ["claims", "--limit", "10", "--db", db],
        ["sources", "--format", "jsonl", "--db", db],
    ):
        code, loaded = _loaded(*args)
        assert code == 0, args
        assert "sqlalchemy" in loaded  # it did read the database
        assert not _any(loaded, ("rich", *_INGEST_ONLY)), args


@pytest.mark.slow  # a Python of its own: nothing imported before the command starts
def test_subjects_and_conflicts_load_no_extractor(cli, seeds: Path, tmp_path: Path) -> None:
    """Subjects and conflicts are read from stored frames and intervals: listing them needs
    neither the extractor nor the readers. Comparing imports the hedge table (the interval of a
    figure) and the claim model from powdb.extract, which load nothing else of it."""
    db = str(tmp_path / "t.db")
    assert cli("ingest", str(seeds), "--db", db).exit_code == 0
    for args in (
        ["subjects", "--db", db],
        ["claims", "--conflicting", "--db", db],
        ["claims", "--conflicting", "--possible", "--db", db],
    ):
        code, loaded = _loaded(*args)
        assert code == 0, args
        assert "powdb.compare.conflicts" in loaded  # it did compare the claims
        assert not _any(loaded - _COMPARING_NEEDS, ("rich", *_INGEST_ONLY)), args


@pytest.mark.slow  # a Python of its own: nothing imported before the import
def test_a_module_of_the_extractor_package_loads_only_itself() -> None:
    """The hedge table and the claim model are used without extracting (curation, comparing):
    importing one of them must not load the extractor through the package's ``__init__``."""
    for module in ("powdb.extract.hedges", "powdb.extract.model"):
        run = subprocess.run(
            [sys.executable, "-c", f"import sys, {module}; print(*sorted(sys.modules))"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        loaded = set(run.stdout.split())
        assert module in loaded
        assert _any(loaded, ("powdb.extract.",)) == [module], module


@pytest.mark.slow  # a Python of its own: nothing imported before the command starts
def test_review_loads_no_extractor(cli, seeds: Path, tmp_path: Path) -> None:
    """Review lists the conflicts and records verdicts, rejections and splits: it extracts
    nothing and reads no file, so it needs neither the extractor nor the readers."""
    db = str(tmp_path / "t.db")
    assert cli("ingest", str(seeds), "--db", db).exit_code == 0
    code, loaded = _loaded("review", "--db", db)  # shows the first conflict; its input ends
    assert code == 0
    assert "powdb.curation" in loaded  # it was ready to record a decision
    assert not _any(loaded - _COMPARING_NEEDS, _INGEST_ONLY)
