"""Peak memory and time of ``powdb ingest`` on one very large text file.

Generates a file of prose with figures (100 MB by default, deterministic), runs
``powdb ingest`` on it in a subprocess against a fresh SQLite database, samples the resident
memory of the whole process tree (the CLI and any worker processes) from /proc, and prints the
peak and the wall time. With ``--kill-rerun`` it instead measures recovery: a run over many
small documents is killed with SIGKILL halfway, and the re-run that completes it is timed.

    .venv/bin/python bench/memory_bench.py                 # 100 MB file
    .venv/bin/python bench/memory_bench.py --size-mb 20 --jobs 2
    .venv/bin/python bench/memory_bench.py --kill-rerun    # 400 documents

Linux only (reads /proc). Figures are printed, never asserted: the test suite checks results.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

POWDB = Path(sys.executable).with_name("powdb")

_SUBJECTS = (
    "prisoners of war",
    "soldiers of the garrison",
    "civilian internees",
    "Cossacks and their families",
    "repatriated officers",
    "men of the labour battalions",
)
_HEDGES = ("about", "roughly", "more than", "nearly", "at least", "some", "")
_FILLER = (
    "The records of the camp administration were kept in ledgers that survived the war.",
    "Later historians disagreed about how the lists had been compiled and by whom.",
    "The winter was long, the roads were poor and the trains ran when they could.",
    "Several witnesses described the scene at the station in almost the same words.",
    "The inquiry heard testimony from guards, interpreters and the camp doctor.",
    "Nobody at the ministry was willing to put a name to the order.",
)


def prose_paragraph(rng: random.Random) -> str:
    """One paragraph: a few plain sentences and one or two with figures."""
    sentences = [rng.choice(_FILLER) for _ in range(rng.randint(2, 5))]
    for _ in range(rng.randint(1, 2)):
        hedge = rng.choice(_HEDGES)
        number = f"{rng.randint(12, 95_000):,}"
        figure = f"{hedge} {number}".strip()
        year = rng.randint(1914, 1956)
        sentences.insert(
            rng.randint(0, len(sentences)),
            f"In {year} {figure} {rng.choice(_SUBJECTS)} were held at the camp near the river.",
        )
    return " ".join(sentences)


def write_prose(path: Path, size_bytes: int, seed: int = 1945) -> int:
    """Write at least ``size_bytes`` of prose to ``path`` in chunks; returns the size written."""
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size_bytes:
            chunk = "\n\n".join(prose_paragraph(rng) for _ in range(200)) + "\n\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
    return written


def tree_rss_bytes(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * page
        except OSError:
            pass
        stack.extend(children.get(pid, ()))
    return total


def run_measured(args: list[str], interval: float = 0.02) -> tuple[int, float, int, str]:
    """Run a command; returns (exit code, seconds, peak tree RSS in bytes, stderr tail)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    while process.poll() is None:
        peak = max(peak, tree_rss_bytes(process.pid))
        time.sleep(interval)
    elapsed = time.perf_counter() - started
    reader.join()
    tail = b"".join(stderr_chunks).decode("utf-8", "replace").strip().splitlines()[-1:]
    return process.returncode, elapsed, peak, "".join(tail)


def bench_large_file(size_mb: int, jobs: int, workdir: Path) -> None:
    document = workdir / "large.txt"
    size = write_prose(document, size_mb * 1024 * 1024)
    database = workdir / "bench.db"
    print(f"file: {size / 1024 / 1024:.1f} MB of prose; powdb ingest --jobs {jobs}")
    code, seconds, peak, tail = run_measured(
        [str(POWDB), "ingest", str(document), "--db", str(database), "--jobs", str(jobs)]
    )
    print(f"exit code: {code}; {tail}")
    print(f"time: {seconds:.1f} s")
    print(f"peak RSS of the process tree: {peak / 1024 / 1024:.0f} MB")
    print(f"database: {database.stat().st_size / 1024 / 1024:.0f} MB")


def write_small_documents(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        rng = random.Random(number)
        body = "\n\n".join(prose_paragraph(rng) for _ in range(40))
        (folder / f"doc{number:04d}.txt").write_text(f"Document {number}\n\n{body}\n")


def count_sources(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM sources").fetchone()[0])
    except sqlite3.Error:
        return 0


def bench_kill_rerun(count: int, jobs: int, workdir: Path) -> None:
    folder = workdir / "docs"
    write_small_documents(folder, count)
    database = workdir / "bench.db"
    command = [str(POWDB), "ingest", str(folder), "--db", str(database), "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while process.poll() is None and count_sources(database) < count // 2:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = count_sources(database)
    print(f"killed after {time.perf_counter() - started:.1f} s with {stored}/{count} sources")
    code, seconds, peak, tail = run_measured(command)
    print(f"re-run: exit code {code}; {tail}")
    print(f"re-run time: {seconds:.1f} s; peak RSS {peak / 1024 / 1024:.0f} MB")
    code, seconds, _, tail = run_measured(command)
    print(f"third run (all unchanged): {seconds:.1f} s; {tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=100, help="size of the generated file")
    parser.add_argument("--jobs", type=int, default=1, help="powdb ingest --jobs")
    parser.add_argument("--kill-rerun", action="store_true", help="measure recovery instead")
    parser.add_argument("--documents", type=int, default=400, help="documents for --kill-rerun")
    options = parser.parse_args()
    if not POWDB.exists():
        sys.exit(f"{POWDB} not found: run this with the virtualenv's python")
    workdir = Path(tempfile.mkdtemp(prefix="powdb-membench-"))
    try:
        if options.kill_rerun:
            bench_kill_rerun(options.documents, options.jobs, workdir)
        else:
            bench_large_file(options.size_mb, options.jobs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
