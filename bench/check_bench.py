"""What the database checks cost: the quick check every writing command runs on opening, the
parts of `powdb db check`, and `powdb db backup` with the verification of its copy.

    .venv/bin/python bench/check_bench.py DATABASE [--runs 3]

DATABASE is an existing SQLite database written by powdb (for instance the big DB of
`bench/scale_bench.py`, or `powdb ingest` of a corpus from `bench/make_corpus.py`); it is only
read, and the backup goes to a temporary folder. Figures go to stdout, one per line.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from powdb import db
from powdb.maintenance import _check, _check_search_index, backup


def timed(func: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time of ``runs`` calls, and the last call's result."""
    times = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def quick_check_whole(path: Path) -> float:
    """Seconds of a whole, unbounded PRAGMA quick_check."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    start = time.perf_counter()
    result = connection.execute("PRAGMA quick_check").fetchall()
    seconds = time.perf_counter() - start
    connection.close()
    assert result == [("ok",)], result
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    path: Path = args.database.resolve()
    runs: int = args.runs
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        claims = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
        sources = connection.execute("SELECT count(*) FROM sources").fetchone()[0]
    size = path.stat().st_size / 1e6
    print(f"database: {size:.1f} MB, {sources:,} sources, {claims:,} claims")

    seconds = min(quick_check_whole(path) for _ in range(runs))
    print(f"quick_check, whole: {seconds:.3f} s ({size / seconds:,.0f} MB/s)")
    print(
        f"quick_check on opening stops after {db.QUICK_CHECK_SECONDS} s: about "
        f"{min(1.0, db.QUICK_CHECK_SECONDS / seconds):.0%} of this database"
    )

    url = db.resolve_url(str(path))
    probe = db.make_engine(url, read_only=True)

    def opening_check() -> object:
        with probe.connect() as connection:
            return db.quick_check(connection)

    seconds, problem = timed(opening_check, runs)
    assert problem is None, problem
    print(f"check on opening (bounded quick_check): {seconds:.3f} s")
    seconds, _ = timed(lambda: db.open_database(str(path), read_only=True).dispose(), runs)
    print(f"open to read (no check): {seconds:.3f} s")

    seconds, problems = timed(lambda: _check(probe), runs)
    print(f"db check, one snapshot (integrity_check, keys, offsets): {seconds:.3f} s")
    seconds, result = timed(lambda: _check_search_index(probe), runs)
    print(f"db check, search index (holds the write lock): {seconds:.3f} s {result}")
    probe.dispose()

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "copy.db"

        def copy() -> None:
            target.unlink(missing_ok=True)
            engine = db.open_database(str(path), read_only=True, any_revision=True)
            backup(engine, target)
            engine.dispose()

        seconds, _ = timed(copy, runs)
        print(f"db backup with the copy verified (integrity_check): {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
