"""Scale benchmark: ingest throughput, memory, extraction speed, and query time at 1M claims.

Run: ``.venv/bin/python bench/scale_bench.py [--docs 10000] [--claims 1000000] [--jobs 2]``.
It prints figures, never asserts them: a table on stdout (progress on stderr) with the targets
beside the figures (ingest >= 5 MB/s end to end, peak memory < 500 MB, ``claims --conflicting``
and ``claims --search`` < 0.5 s at 1M claims). Every command is timed as a user would run it:
the ``powdb`` console script in a subprocess, process start included. See bench/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import resource
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import CLAIMS_PER_KB, MAX_CLAIMS_PER_KB, name_of, write_corpus  # noqa: E402

POWDB = Path(sys.executable).with_name("powdb")
RARE_TERM = "Tamsweg"  # make_corpus puts it in one document in 500
COMMON_TERM = "Lienz"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Row:
    measure: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


class Report:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.notes: list[str] = []

    def add(self, measure: str, value: float | None, unit: str, **kw: object) -> None:
        self.rows.append(Row(measure, value, unit, **kw))  # type: ignore[arg-type]

    def note(self, text: str) -> None:
        self.notes.append(text)
        log("note: " + text)

    def print(self) -> None:
        header = ("measure", "figure", "unit", "target", "")
        lines = [header]
        for r in self.rows:
            verdict = "" if r.ok is None else ("ok" if r.ok else "MISS")
            lines.append((r.measure, _fmt(r.value), r.unit, r.target, verdict))
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for i, line in enumerate(lines):
            print(
                "  ".join(
                    cell.ljust(w) if j != 1 else cell.rjust(w)
                    for j, (cell, w) in enumerate(zip(line, widths, strict=True))
                ).rstrip()
            )
            if i == 0:
                print("  ".join("-" * w for w in widths))
        if self.notes:
            print()
            for text in self.notes:
                print(f"* {text}")


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


# --- process-tree memory -------------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, summed, from /proc/<pid>/status."""
    children = _children_map()
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, ()))
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


@dataclass
class Run:
    wall: float
    peak_tree_rss: int  # bytes, sampled sum over the process tree
    returncode: int
    stderr: str


def run_sampled(cmd: Sequence[str], interval: float = 0.1) -> Run:
    """Run ``cmd``, sampling the summed RSS of its process tree every ``interval`` seconds."""
    peak = 0
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_bytes(proc.pid))
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = proc.wait()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(wall, peak, returncode, stderr)


def children_maxrss_bytes() -> int:
    # Linux reports kilobytes. It is the largest single child waited for so far, not a sum.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


# --- helpers -------------------------------------------------------------------------------


def median_wall(func: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def corpus_files(corpus: Path, n: int) -> list[Path]:
    return [corpus / name_of(i) for i in range(n)]


def count_claims(db: Path) -> int:
    """Claims in a database file; 0 when it has no claims table (an ingest that failed)."""
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT count(*) FROM claims").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        connection.close()


def help_text(*args: str) -> str:
    done = subprocess.run([str(POWDB), *args, "--help"], capture_output=True, text=True)
    return done.stdout + done.stderr


def machine_info() -> str:
    mem = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 1024**2:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}; {platform.system()} {platform.release()}"
    )


# --- measurements --------------------------------------------------------------------------


def last_message(stderr: str) -> str:
    """The closing summary ("N files: ...") of powdb's stderr, rejoined if Rich wrapped it."""
    lines = [line.strip() for line in stderr.strip().splitlines()]
    starts = [i for i, line in enumerate(lines) if " files: " in line or line.startswith("Error")]
    return " ".join(lines[starts[-1] if starts else -1 :]) if lines else ""


def measure_ingest(
    report: Report, label: str, corpus: Path, db: Path, jobs: int | None, docs: int, nbytes: int
) -> int:
    cmd = [str(POWDB), "ingest", str(corpus), "--db", str(db)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    log(f"$ {shlex.join(cmd)}")
    run = run_sampled(cmd)
    summary = last_message(run.stderr)
    if run.returncode != 0:
        report.note(f"{label}: exit code {run.returncode}: {summary}")
    claims = count_claims(db) if db.exists() else 0
    mb = nbytes / 1e6
    report.add(f"{label}: wall time ({docs:,} docs, {mb:.1f} MB)", run.wall, "s")
    report.add(f"{label}: documents/s", docs / run.wall, "docs/s")
    report.add(f"{label}: throughput", mb / run.wall, "MB/s", target=">= 5", ok=mb / run.wall >= 5)
    peak = run.peak_tree_rss / 1e6
    report.add(
        f"{label}: peak RSS, process tree (sampled)", peak, "MB", target="< 500", ok=peak < 500
    )
    report.add(
        f"{label}: peak RSS, largest process so far (getrusage)",
        children_maxrss_bytes() / 1e6,
        "MB",
    )
    report.add(f"{label}: claims stored", claims, "claims")
    report.add(f"{label}: claims stored/s", claims / run.wall, "claims/s")
    report.note(f"{label}: {shlex.join(cmd)} -> {summary}")
    return claims


def read_sample(corpus: Path, docs: int, size: int) -> list[str]:
    step = max(1, docs // max(1, size))
    paths = corpus_files(corpus, docs)[::step][:size]
    return [p.read_text(encoding="utf-8") for p in paths]


def measure_extractors(report: Report, sample: list[str], budget: float) -> list[tuple]:
    from powdb.extract import extract_claims

    nbytes = sum(len(t.encode("utf-8")) for t in sample)
    warm_up = "By May 1945 roughly 23,500 American soldiers were held, 12% of them sick."
    extract_claims(warm_up)  # first-call costs (regex compilation) are not throughput
    start = time.perf_counter()
    extracted = [extract_claims(t) for t in sample]
    wall = time.perf_counter() - start
    count = sum(len(c) for c in extracted)
    report.add(
        f"powdb extract_claims alone ({len(sample)} docs, 1 core)", nbytes / 1e6 / wall, "MB/s"
    )
    report.add("powdb extract_claims: claims per document", count / len(sample), "claims")

    try:
        with warnings.catch_warnings():
            # Without its optional classifier extra quantulum3 warns on import; it still parses.
            warnings.simplefilter("ignore")
            from quantulum3 import parser as q_parser
    except ImportError:
        report.add("quantulum3 parse (not installed)", None, "kB/s")
    else:
        q_parser.parse(warm_up)  # loads its unit tables on first use
        done_bytes, done_docs, found = 0, 0, 0
        start = time.perf_counter()
        for text in sample:
            found += len(q_parser.parse(text))
            done_bytes += len(text.encode("utf-8"))
            done_docs += 1
            if time.perf_counter() - start > budget:
                break
        wall = time.perf_counter() - start
        report.add(f"quantulum3 parse ({done_docs} docs, 1 core)", done_bytes / 1e3 / wall, "kB/s")
        report.add("quantulum3: quantities per document", found / done_docs, "quantities")

    rows = []
    for claims in extracted:
        for c in claims:
            rows.append(
                (
                    1,
                    c.value,
                    c.low,
                    c.high,
                    c.hedge,
                    c.unit,
                    c.counted,
                    c.surface,
                    c.quote,
                    c.start,
                    c.end,
                    1,
                    c.rule,
                )
            )
    return rows


def measure_floor(
    report: Report, corpus: Path, docs: int, rows: list[tuple], n_rows: int, workdir: Path
) -> None:
    digits = re.compile(r"\d+")
    nbytes, matches = 0, 0
    start = time.perf_counter()
    for path in corpus_files(corpus, docs):
        text = path.read_text(encoding="utf-8")
        nbytes += len(text.encode("utf-8"))
        matches += sum(1 for _ in digits.finditer(text))
    wall = time.perf_counter() - start
    report.add(
        f"floor: read + re.finditer(r'\\d+') over {nbytes / 1e6:.1f} MB",
        nbytes / 1e6 / wall,
        "MB/s",
    )

    if not rows or n_rows <= 0:
        return
    table = [rows[i % len(rows)] for i in range(n_rows)]
    db = workdir / "floor.db"
    db.unlink(missing_ok=True)
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE claims (id INTEGER PRIMARY KEY, source_id INT, value REAL, low REAL, "
        "high REAL, hedge TEXT, unit TEXT, counted TEXT, surface TEXT, quote TEXT, start INT, "
        '"end" INT, line INT, rule TEXT)'
    )
    start = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO claims (source_id, value, low, high, hedge, unit, counted, surface, quote, "
        'start, "end", line, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
        table,
    )
    connection.execute("COMMIT")
    wall = time.perf_counter() - start
    connection.close()
    report.add(
        f"floor: raw sqlite3 executemany, {n_rows:,} rows, no index", n_rows / wall, "rows/s"
    )
    db.unlink(missing_ok=True)


def copy_claims(small: Path, big: Path, target: int) -> int:
    """Grow a copy of ``small`` to ``target`` claims by copying claim rows in SQL."""
    with sqlite3.connect(small) as src, sqlite3.connect(big) as dst:
        src.backup(dst)
    connection = sqlite3.connect(big, isolation_level=None)
    columns = [r[1] for r in connection.execute("PRAGMA table_info(claims)") if r[1] != "id"]
    names = ", ".join(f'"{c}"' for c in columns)
    count = count_claims(big)
    while 0 < count < target:
        connection.execute("BEGIN")
        # The insert trigger would index each copy one by one (migration 0007); the index is
        # rebuilt once at the end instead, as powdb's own ingest defers it.
        connection.execute("INSERT INTO settings VALUES ('search_index_deferred', '1')")
        connection.execute(
            f"INSERT INTO claims ({names}) SELECT {names} FROM claims ORDER BY id LIMIT ?",
            (target - count,),
        )
        connection.execute("DELETE FROM settings WHERE key = 'search_index_deferred'")
        connection.execute("COMMIT")
        count = count_claims(big)
    connection.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    connection.close()
    return count


def limit_memory(gigabytes: float) -> Callable[[], None]:
    """A preexec_fn capping a child's address space, so a runaway query fails with MemoryError
    instead of waking the kernel's OOM killer on a shared machine."""
    limit = int(gigabytes * 1024**3)

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def measure_queries(
    report: Report, db: Path, runs: int, workdir: Path, mem_limit_gb: float
) -> None:
    claims_help = " ".join(help_text("claims").split())  # the help is wrapped to the terminal
    have_conflicting = "--conflicting" in claims_help
    # A table on a terminal shows the first rows only (and says how many there are).
    have_table_limit = "in a table" in claims_help
    json_ = ["--format", "json"]
    table = ["--format", "table"]
    commands: list[tuple[str, list[str] | None]] = [
        ("claims --conflicting", ["--conflicting", *json_] if have_conflicting else None),
        (
            "claims --conflicting --limit 50",
            ["--conflicting", "--limit", "50", *json_] if have_conflicting else None,
        ),
        (
            "claims --conflicting --format table (first 10 shown)",
            ["--conflicting", *table] if have_conflicting and have_table_limit else None,
        ),
        (f"claims --search {COMMON_TERM}", ["--search", COMMON_TERM, *json_]),
        (
            f"claims --search {COMMON_TERM} --limit 50",
            ["--search", COMMON_TERM, "--limit", "50", *json_],
        ),
        (
            f"claims --search {COMMON_TERM} --format table (first 50 shown)",
            ["--search", COMMON_TERM, *table] if have_table_limit else None,
        ),
        (f"claims --search {RARE_TERM} (rare)", ["--search", RARE_TERM, *json_]),
    ]
    out = workdir / "query-output"
    startup, _ = median_wall(
        lambda: subprocess.run([str(POWDB), "--version"], capture_output=True), runs
    )
    report.add(f"CLI start-up alone: powdb --version (median of {runs})", startup, "s")
    failed: set[str] = set()
    for label, extra in commands:
        if extra is None:
            report.add(f"{label}: not available in this powdb", None, "s", target="< 0.5")
            continue
        cmd = [str(POWDB), "claims", *extra, "--db", str(db)]
        log(f"$ {shlex.join(cmd)}")

        def once(cmd: list[str] = cmd) -> int:
            with out.open("wb") as f:
                return subprocess.run(
                    cmd, stdout=f, stderr=subprocess.PIPE, preexec_fn=limit_memory(mem_limit_gb)
                ).returncode

        wall, code = median_wall(once, runs)
        size = out.stat().st_size
        report.add(
            f"{label} (CLI, median of {runs}, {size / 1e6:.1f} MB out)",
            wall,
            "s",
            target="< 0.5",
            ok=wall < 0.5 and code == 0,
        )
        if code != 0:
            report.note(
                f"{shlex.join(cmd)} exited with {code} (memory capped at {mem_limit_gb:g} GB)"
            )
            failed.add(extra[0])

    try:
        from powdb import conflicts, query
        from powdb.db import open_database
    except ImportError as exc:
        report.note(f"in-process timings skipped: {exc}")
        return
    engine = open_database(str(db))
    ClaimFilter = query.ClaimFilter  # noqa: N806
    calls: list[tuple[str, Callable[[], Sized] | None]] = [
        (
            "list_conflicts(engine)",
            (lambda: conflicts.list_conflicts(engine)) if "--conflicting" not in failed else None,
        ),
        (
            "list_conflicts(engine, limit=50)",
            (lambda: conflicts.list_conflicts(engine, limit=50))
            if "--conflicting" not in failed
            else None,
        ),
        (
            f"list_claims(search={COMMON_TERM!r})",
            lambda: query.list_claims(engine, ClaimFilter(search=COMMON_TERM)),
        ),
        (
            f"list_claims(search={COMMON_TERM!r}, limit=50)",
            lambda: query.list_claims(engine, ClaimFilter(search=COMMON_TERM, limit=50)),
        ),
        (
            f"list_claims(search={RARE_TERM!r})",
            lambda: query.list_claims(engine, ClaimFilter(search=RARE_TERM)),
        ),
    ]
    for label, call in calls:
        if call is None:
            report.add(f"{label}: not available or failed", None, "s", target="< 0.5")
            continue
        wall, rows = median_wall(call, runs)
        n = len(rows)  # type: ignore[arg-type]
        report.add(f"{label} in-process, {n:,} rows", wall, "s", target="< 0.5", ok=wall < 0.5)
    engine.dispose()


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to ingest")
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the big DB")
    parser.add_argument("--jobs", type=int, default=2, help="powdb ingest --jobs, if supported")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument(
        "--claims-per-kb",
        type=float,
        default=CLAIMS_PER_KB,
        help=f"corpus density: claims per 1,000 bytes (default {CLAIMS_PER_KB}, like real "
        "prose; 11 is the old, figure-packed corpus)",
    )
    parser.add_argument("--sample", type=int, default=200, help="documents for extractor timing")
    parser.add_argument(
        "--quantulum-budget",
        type=float,
        default=60.0,
        help="stop quantulum3 after this many seconds (default 60)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per query (median)")
    parser.add_argument(
        "--query-mem-gb",
        type=float,
        default=6.0,
        help="address-space cap for each timed query command (default 6 GB); a query that "
        "fails in the CLI is not repeated in-process",
    )
    parser.add_argument(
        "--big",
        choices=("ingest", "copy", "none"),
        default="ingest",
        help="build the big DB by ingesting a bigger corpus (default), by copying claim rows "
        "in SQL (fast, but only the claims table grows), or not at all",
    )
    parser.add_argument("--workdir", type=Path, help="where to work (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args(argv)
    if not 0 <= args.claims_per_kb <= MAX_CLAIMS_PER_KB:
        parser.error(f"--claims-per-kb must be between 0 and {MAX_CLAIMS_PER_KB}")

    report = Report()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"machine: {machine_info()}")
    if not POWDB.exists():
        print(f"error: no powdb console script at {POWDB}", file=sys.stderr)
        return 1
    version = subprocess.run([str(POWDB), "--version"], capture_output=True, text=True)
    print(f"powdb:   {version.stdout.strip()} ({POWDB})")
    print(f"corpus:  make_corpus seed {args.seed}, {args.claims_per_kb:g} claims per kB requested")

    made_workdir = args.workdir is None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="powdb-scale-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"workdir: {workdir}{' (kept)' if args.keep or not made_workdir else ''}")
    print(flush=True)
    corpus = workdir / "corpus"
    try:
        jobs: int | None = args.jobs
        if "--jobs" not in help_text("ingest"):
            report.note(
                f"`powdb ingest` has no --jobs option yet: ingested without it "
                f"(--jobs {args.jobs} ignored)"
            )
            jobs = None

        log(f"writing {args.docs:,} documents to {corpus}")
        start = time.perf_counter()
        nbytes = write_corpus(corpus, args.docs, args.seed, args.claims_per_kb)
        wall = time.perf_counter() - start
        report.add(f"corpus generation ({args.docs:,} docs)", nbytes / 1e6 / wall, "MB/s")

        small_db = workdir / "bench.db"
        for stale in workdir.glob("*.db*"):
            stale.unlink()
        claims = measure_ingest(report, "ingest", corpus, small_db, jobs, args.docs, nbytes)

        sample = read_sample(corpus, args.docs, args.sample)
        log(f"timing extractors on {len(sample)} documents")
        rows = measure_extractors(report, sample, args.quantulum_budget)
        log("timing the floor")
        measure_floor(report, corpus, args.docs, rows, claims, workdir)

        big_db = workdir / "big.db"
        if args.big == "none" or args.claims <= 0:
            pass
        elif claims >= args.claims:
            big_db = small_db
            report.note(f"the ingested database already has {claims:,} claims: queried as is")
        elif claims == 0:
            report.note("no claims were stored, so there is no big DB to query")
        elif args.big == "copy":
            log(f"copying claims up to {args.claims:,}")
            total = copy_claims(small_db, big_db, args.claims)
            report.note(
                f"big DB: {total:,} claims made by copying claim rows of {small_db.name} "
                "in SQL (INSERT ... SELECT): every column is copied (source, offsets, "
                "surface, subject), so sources and subjects were NOT grown (each has more "
                "claims); the search index is rebuilt after copying"
            )
        else:
            per_doc = claims / args.docs
            big_docs = max(args.docs + 1, math.ceil(args.claims * 1.02 / per_doc))
            log(f"writing documents {args.docs:,}..{big_docs - 1:,} for the big corpus")
            big_bytes = nbytes + write_corpus(
                corpus, big_docs, args.seed, args.claims_per_kb, start=args.docs
            )
            total = measure_ingest(report, "big ingest", corpus, big_db, jobs, big_docs, big_bytes)
            report.note(f"big DB: {big_docs:,} documents ingested by powdb ({total:,} claims)")
        if args.big != "none" and claims > 0 and big_db.exists():
            report.add("big DB: claims", count_claims(big_db), "claims")
            report.add("big DB: file size", big_db.stat().st_size / 1e6, "MB")
            measure_queries(report, big_db, args.runs, workdir, args.query_mem_gb)
    finally:
        if made_workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        report.print()  # what was measured before a failure is still worth reading
    return 0


if __name__ == "__main__":
    sys.exit(main())
