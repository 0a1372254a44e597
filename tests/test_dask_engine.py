"""`powdb ingest --engine dask`: documents read and extracted on a Dask cluster, stored by the
same writer as every ingest, on SQLite and PostgreSQL (``--backend``).

The cluster of the first tests is a ``LocalCluster`` in this process (``processes=False``: its
worker is a thread, so it starts in a fraction of a second) that powdb reaches by its address
(``--scheduler``); the slow test lets powdb start a ``LocalCluster`` of its own, with a worker
process.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

import docgen


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a running Dask cluster: one worker thread in this process."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def write_corpus(folder: Path, documents: int = 12) -> Path:
    """Reports that give figures (some the same in several), a copy of one, and a file that
    cannot be read."""
    folder.mkdir()
    for number in range(documents):
        docgen.handover_report(folder, f"report-{number:02}.txt", [1000 + 100 * number, 2500])
    (folder / "copy.txt").write_bytes((folder / "report-00.txt").read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a PDF at all\n")
    return folder


def stored(cli, db: str) -> tuple[object, object]:
    claims = cli.json("claims", "--db", db)
    sources = cli.json("sources", "--db", db)
    for source in sources:  # type: ignore[attr-defined]
        source.pop("ingested_at", None)
        source.pop("updated_at", None)
    return claims, sources


def test_dask_stores_what_the_local_engine_stores(
    cli, tmp_path: Path, db_url: str, scheduler: str
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    result = cli(
        "ingest", str(corpus), "--db", db_url, "--engine", "dask", "--scheduler", scheduler
    )
    assert result.exit_code == 1  # the broken PDF
    assert len(errors(result.stderr)) == 1
    assert errors(result.stderr)[0].startswith(f"Error: {corpus / 'broken.pdf'}: ")
    assert "14 files: 12 added, 0 updated, 1 unchanged, 1 failed" in result.stderr

    local = str(tmp_path / "local.db")
    expected = cli("ingest", str(corpus), "--db", local, "--jobs", "1")
    assert errors(expected.stderr) == errors(result.stderr)
    assert stored(cli, db_url) == stored(cli, local)


def test_dask_ingest_again_changes_nothing_and_updates_a_changed_file(
    cli, tmp_path: Path, db_url: str, scheduler: str
) -> None:
    corpus = write_corpus(tmp_path / "corpus", documents=4)
    args = ["ingest", str(corpus), "--db", db_url, "--engine", "dask", "--scheduler", scheduler]
    cli(*args)
    before = stored(cli, db_url)
    again = cli(*args)
    assert "6 files: 0 added, 0 updated, 5 unchanged, 1 failed" in again.stderr
    assert stored(cli, db_url) == before

    docgen.handover_report(corpus, "report-01.txt", [7777])
    changed = cli(*args)
    assert "6 files: 0 added, 1 updated, 4 unchanged, 1 failed" in changed.stderr
    figures = {c["value"] for c in cli.json("claims", "--db", db_url)}  # type: ignore[union-attr]
    assert 7777 in figures and 1100 not in figures


def test_a_scheduler_that_cannot_be_reached_is_one_error_line(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("powdb.dask_engine.CONNECT_SECONDS", 0.5)
    corpus = write_corpus(tmp_path / "corpus", documents=2)
    result = cli(
        "ingest",
        str(corpus),
        "--db",
        "t.db",
        "--engine",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        errors(result.stderr)[0]  # one line, naming the address
    ]
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output


def test_without_dask_installed_the_error_says_how_to_install_it(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    (tmp_path / "a.txt").write_text("About 4,000 men came home.\n")
    result = cli("ingest", "a.txt", "--db", "t.db", "--engine", "dask")
    assert result.exit_code == 1
    assert result.stderr == "Error: --engine dask needs Dask: pip install 'powdb[dask]'\n"
    assert not Path("t.db").exists()  # nothing was opened or written


def test_scheduler_goes_with_engine_dask(cli) -> None:
    result = cli("ingest", "a.txt", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "--scheduler goes with --engine dask" in result.stderr


@pytest.mark.slow  # starts a LocalCluster with a worker process
def test_dask_without_an_address_starts_a_local_cluster(cli, tmp_path: Path, db_url: str) -> None:
    corpus = write_corpus(tmp_path / "corpus", documents=3)
    result = cli("ingest", str(corpus), "--db", db_url, "--engine", "dask", "--jobs", "1")
    assert "5 files: 3 added, 0 updated, 1 unchanged, 1 failed" in result.stderr
    local = str(tmp_path / "local.db")
    cli("ingest", str(corpus), "--db", local, "--jobs", "1")
    assert stored(cli, db_url) == stored(cli, local)
