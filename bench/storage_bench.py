"""Database size over input size: a 68 KB single line of figures, and 2,000 real articles.

A 68 KB line of figures with no full stop once made a 438 MB database (6,400 times its size):
each of its ~3,000 claims stored the whole line as its quote, and the search index indexed it
again. Quotes are now bounded (``powdb.extract.quotes``), so the size grows with the input.
For each input this ingests into a fresh SQLite database with ``powdb ingest`` (a subprocess),
checkpoints the write-ahead log into the file, and prints the input and database sizes, their
ratio, the claims, and where the bytes are (SQLite's ``dbstat``: tables, indexes, the search
index). Figures are printed, never asserted.

    .venv/bin/python bench/storage_bench.py                      # corpus at ../shared/corpus
    .venv/bin/python bench/storage_bench.py --corpus /path/to/articles --jobs 2

The corpus is read where it is, never copied; without it only the long line is measured.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from long_line_bench import list_line  # noqa: E402

POWDB = Path(sys.executable).with_name("powdb")
REPO = Path(__file__).resolve().parents[1]


def input_bytes(path: Path) -> int:
    """Bytes of the files ``powdb ingest PATH`` reads (hidden files and folders are skipped)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for folder, folders, files in os.walk(path):
        folders[:] = [f for f in folders if not f.startswith(".")]
        total += sum(
            (Path(folder) / name).stat().st_size for name in files if not name.startswith(".")
        )
    return total


def measure(label: str, path: Path, database: Path, jobs: int) -> None:
    started = time.perf_counter()
    run = subprocess.run(
        [str(POWDB), "ingest", str(path), "--db", str(database), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},  # the summary line unwrapped
    )
    seconds = time.perf_counter() - started
    summary = run.stderr.strip().splitlines()[-1:] or ["(no output)"]
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        claims = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
        parts = connection.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6"
        ).fetchall()
    size = sum(p.stat().st_size for p in database.parent.glob(database.name + "*") if p.is_file())
    given = input_bytes(path)
    print(f"{label}: {path}")
    print(f"  powdb ingest: exit {run.returncode}, {seconds:.1f} s; {summary[0]}")
    print(
        f"  input {given / 1e6:.3f} MB, database {size / 1e6:.3f} MB: "
        f"ratio {size / given:.1f}; {claims:,} claims, {size / max(claims, 1):.0f} bytes each"
    )
    print("  largest parts: " + ", ".join(f"{name} {pages / 1e6:.2f} MB" for name, pages in parts))
    floor = bare_claims_size(database)
    print(
        f"  the same claims without quotes or search index (a copy, vacuumed): "
        f"{floor / 1e6:.3f} MB, ratio {floor / given:.1f}"
    )


def bare_claims_size(database: Path) -> int:
    """Bytes of a vacuumed copy of ``database`` whose claims keep no quote text and which has
    no search index: a floor for any design that keeps every claim's figure, interval, hedge,
    unit, counted noun, offsets and subject."""
    copy = database.with_name("bare-" + database.name)
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # VACUUM then shrinks the file
        for (trigger,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
        ).fetchall():
            connection.execute(f'DROP TRIGGER "{trigger}"')
        connection.execute("DROP TABLE IF EXISTS claims_fts")
        connection.execute("UPDATE claims SET quote = ''")
    with sqlite3.connect(copy) as connection:
        connection.execute("VACUUM")
    size = copy.stat().st_size
    copy.unlink()
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="powdb-storage-") as workdir:
        line = Path(workdir) / "figures-line.txt"
        line.write_text(list_line(68_000), encoding="utf-8")
        measure("68 KB single line of figures", line, Path(workdir) / "line.db", 1)
        if args.corpus.is_dir():
            measure("real articles", args.corpus, Path(workdir) / "corpus.db", args.jobs)
        else:
            print(f"real articles: {args.corpus} not found; skipped (--corpus PATH)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
