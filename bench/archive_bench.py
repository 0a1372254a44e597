"""Archive scale: ingest of real articles end to end, by engine, against the machine's floor.

Usage::

    .venv/bin/python bench/archive_bench.py [--shared PATH] [--docs 2000]
        [--engines local:2,dask:1,dask:2] [--db-url URL] [--pages 20000000] [--page-kb 2.5]

Ingests the shared corpus (``SHARED/corpus/texts``: 2,000 real Markdown articles, 14.2 MB; read
where it is, never copied) into a fresh database once per engine, as a user would: the
``powdb`` console script beside ``sys.executable`` in a subprocess, process start and (for
Dask) starting the ``LocalCluster`` included. ``local:J`` is ``powdb ingest --jobs J`` (the
default engine); ``dask:W`` is ``--engine dask --jobs W`` (a LocalCluster of W worker
processes). For each it prints wall time, documents/s, MB/s, the claims stored, the peak
resident memory of the process tree (sampled every 0.1 s, summed over powdb and every process
it started), and CPU time: the writer's (the ``powdb`` process itself: storing, subjects,
search index) and the rest (worker processes: reading and extraction).

Then the floor on the same text, one core: reading every file and ``re.finditer(r"\\d+")``
over it; and that scan plus a raw insert (``sqlite3``: each text into a plain table, each
match as a row of another, no index, one transaction).

Last, the arithmetic for an archive of ``--pages`` pages of ``--page-kb`` kB: CPU per MB from
the runs above (the per-core figure), and the time on N cores. One process writes, so the
writer's CPU per MB bounds the rate however many cores extract.

``--db-url postgresql+psycopg://...`` ingests into fresh databases on that server instead of
SQLite files (each run creates and drops its own database).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_bench import count_claims  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POWDB = str(Path(sys.executable).with_name("powdb"))
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    """What sampling a process tree saw: peak summed RSS, and each process's last CPU time."""

    peak_rss: int = 0
    cpu: dict[int, float] = field(default_factory=dict)


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, ()))
    return found


def _look(pid: int, sample: Sample) -> None:
    rss = 0
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            # utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
            sample.cpu[member] = (int(fields[11]) + int(fields[12])) / TICKS
            with open(f"/proc/{member}/status", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
    sample.peak_rss = max(sample.peak_rss, rss)


@dataclass
class Run:
    wall: float
    returncode: int
    stderr: str
    peak_rss: int
    writer_cpu: float
    other_cpu: float


def run_sampled(command: list[str], interval: float = 0.1) -> Run:
    sample = Sample()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                _look(process.pid, sample)
                done.wait(interval)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        before = os.times()
        returncode = process.wait()
        wall = time.perf_counter() - start
        after = os.times()
        done.set()
        watcher.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # All of the tree's CPU, exactly: every process powdb started was waited for, and so is
    # counted in powdb's children's times, and powdb's in ours. The writer's own (powdb's
    # process, without its children) as last sampled, at most ``interval`` of work short.
    total = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    writer = sample.cpu.get(process.pid, 0.0)
    others = max(0.0, total - writer)
    return Run(wall, returncode, stderr, sample.peak_rss, writer, others)


def summary_line(stderr: str) -> str:
    """powdb's closing line ("N files: ..."), rejoined where the terminal width wrapped it."""
    lines = [line.strip() for line in stderr.strip().splitlines()]
    starts = [i for i, line in enumerate(lines) if " files: " in line]
    return " ".join(lines[starts[-1] :]) if starts else (lines[-1] if lines else "")


class Database:
    """A fresh database for one run: a SQLite file, or a new database on a server."""

    def __init__(self, server: str | None, folder: Path, name: str) -> None:
        self.server, self.name = server, name
        self.url = str(folder / f"{name}.db")
        if server is not None:
            import sqlalchemy as sa

            self.admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
            self.name = f"powdb_bench_{name}_{uuid.uuid4().hex[:8]}"
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            url = sa.make_url(server).set(database=self.name)
            self.url = url.render_as_string(hide_password=False)

    def claims(self) -> int:
        if self.server is None:
            return count_claims(Path(self.url))
        import sqlalchemy as sa

        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as connection:
                return int(connection.exec_driver_sql("SELECT count(*) FROM claims").scalar_one())
        finally:
            engine.dispose()

    def drop(self) -> None:
        if self.server is not None:
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.dispose()


def floor(paths: list[Path], folder: Path) -> tuple[float, float, int]:
    """MB/s of read + regex scan, and of read + scan + raw insert, and the matches found."""
    digits = re.compile(r"\d+")
    size = sum(p.stat().st_size for p in paths) / 1e6
    start = time.perf_counter()
    matches = 0
    for path in paths:
        matches += sum(1 for _ in digits.finditer(path.read_text(encoding="utf-8")))
    scan = size / (time.perf_counter() - start)

    db = folder / "floor.db"
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE sources (id INTEGER PRIMARY KEY, path TEXT, text TEXT)")
    connection.execute(
        'CREATE TABLE claims (source_id INT, surface TEXT, start INT, "end" INT, value REAL)'
    )
    start = time.perf_counter()
    connection.execute("BEGIN")
    for number, path in enumerate(paths, 1):
        text = path.read_text(encoding="utf-8")
        connection.execute("INSERT INTO sources VALUES (?, ?, ?)", (number, str(path), text))
        connection.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?)",
            [
                (number, m.group(), m.start(), m.end(), float(m.group()))
                for m in digits.finditer(text)
            ],
        )
    connection.execute("COMMIT")
    inserted = size / (time.perf_counter() - start)
    connection.close()
    return scan, inserted, matches


def find_corpus(shared: Path | None) -> Path | None:
    candidates = [shared] if shared else [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    return next(
        (c / "corpus" / "texts" for c in candidates if (c / "corpus" / "texts").is_dir()), None
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--docs", type=int, default=2000, help="the first N articles")
    parser.add_argument("--engines", default="local:2,dask:1,dask:2")
    parser.add_argument("--db-url", default=None, help="a PostgreSQL server URL")
    parser.add_argument("--pages", type=float, default=20e6)
    parser.add_argument("--page-kb", type=float, default=2.5)
    args = parser.parse_args()
    specs = args.engines.split(",")
    for spec in specs:
        kind, _, count = spec.partition(":")
        if kind not in ("local", "dask") or not count.isdigit():
            parser.error(f"--engines: {spec!r} is not local:J or dask:W")
    texts = find_corpus(args.shared)
    if texts is None:
        parser.error("no shared corpus found; give --shared PATH")
    paths = sorted(texts.iterdir())[: args.docs]
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"corpus: {texts} ({len(paths)} files, {size:.1f} MB)")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Exactly these files: a folder of links to them (the corpus is read where it is).
        corpus = folder / "corpus"
        corpus.mkdir()
        for path in paths:
            (corpus / path.name).symlink_to(path)
        print(
            f"\n{'engine':<10} {'wall s':>7} {'docs/s':>7} {'MB/s':>6} {'claims':>7} "
            f"{'peak MB':>8} {'writer CPU s':>12} {'workers CPU s':>13} {'CPU s/MB':>8}"
        )
        per_mb: list[tuple[float, float]] = []
        for spec in specs:
            kind, _, count = spec.partition(":")
            database = Database(args.db_url, folder, spec.replace(":", "_"))
            command = [POWDB, "ingest", str(corpus), "--db", database.url, "--jobs", count]
            if kind == "dask":
                command += ["--engine", "dask"]
            run = run_sampled(command)
            claims = database.claims()
            database.drop()
            cpu = run.writer_cpu + run.other_cpu
            per_mb.append((run.writer_cpu / size, run.other_cpu / size))
            print(
                f"{spec:<10} {run.wall:7.1f} {len(paths) / run.wall:7.1f} "
                f"{size / run.wall:6.2f} {claims:7d} {run.peak_rss / 1e6:8.0f} "
                f"{run.writer_cpu:12.1f} {run.other_cpu:13.1f} {cpu / size:8.2f}"
            )
            shown = shlex.join(command).replace(database.url, "DB")
            print(f"  $ {shown}\n  -> {summary_line(run.stderr)} (exit {run.returncode})")
        scan, inserted, matches = floor(paths, folder)
        print(
            f"\nfloor, one core: read + re.finditer(r'\\d+'): {scan:.1f} MB/s ({matches} numbers)"
        )
        print(
            f"floor, one core: that + raw sqlite3 insert of texts and numbers: {inserted:.1f} MB/s"
        )
    print(f"load average at end {os.getloadavg()[0]:.2f}")

    writer = min(w for w, _ in per_mb)
    extraction = min(o for _, o in per_mb if o > 0) if any(o for _, o in per_mb) else 0.0
    archive = args.pages * args.page_kb / 1e3  # MB
    print(
        f"\narchive: {args.pages:,.0f} pages of {args.page_kb} kB = {archive / 1e3:,.0f} GB; "
        f"per MB: writer {writer:.2f} CPU s, reading + extraction {extraction:.2f} CPU s "
        f"(lowest of the runs above)"
    )
    cap = 1 / writer if writer else float("inf")
    for cores in (2, 8, 32, 128):
        workers = max(1, cores - 1)
        rate = min(workers / extraction if extraction else float("inf"), cap)
        print(
            f"  {cores:>4} cores ({workers} extracting, 1 writing): {rate:6.2f} MB/s, "
            f"{archive / rate / 3600:8.1f} h"
        )
    print(f"  the one writer caps ingest at {cap:.2f} MB/s however many cores extract")


if __name__ == "__main__":
    main()
