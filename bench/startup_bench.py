"""Start-up time of powdb commands, and where it goes.

Usage::

    .venv/bin/python bench/startup_bench.py [--runs 15]

Ingests ``seeds/`` into a temporary database, then runs each command ``--runs`` times as a
whole process (the ``powdb`` console script beside ``sys.executable``; stdout to /dev/null) and
prints the median, lowest and highest wall time and the median and lowest CPU time (user +
system: less moved by other work on the machine than wall time), next to a bare
``python -c pass``. Then, for
``powdb claims --limit 10``, the import time by package from ``python -X importtime`` (self
time, so a package's figure is its own modules, not what they import), and the time of the
command once its modules are loaded; for ``powdb subjects`` and ``powdb claims --conflicting``,
their whole import time and the share of the extractor, compare and subjects modules in it.
The machine is shared: the lowest time says what the command costs, the spread how busy the
machine was.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POWDB = str(Path(sys.executable).with_name("powdb"))


def timed(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (user + system) of ``runs`` runs of ``command``."""
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(
            after.children_user
            - before.children_user
            + after.children_system
            - before.children_system
        )
    return walls, cpus


def import_times(args: list[str]) -> dict[str, float]:
    """Self import time (s) by top-level package (powdb and sqlalchemy by subpackage)."""
    code = "import sys; from powdb.cli import main; sys.argv = ['powdb', *sys.argv[1:]]; main()"
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    totals: collections.Counter[str] = collections.Counter()
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|")
        module = name.strip()
        parts = module.split(".")
        key = ".".join(parts[:2]) if parts[0] in ("powdb", "sqlalchemy") else parts[0]
        totals[key] += int(self_us) / 1e6
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "seeds.db")
        subprocess.run(
            [POWDB, "ingest", str(ROOT / "seeds"), "--db", db],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "powdb --version": [POWDB, "--version"],
            "powdb claims --limit 10 (json)": [POWDB, "claims", "--limit", "10", "--db", db],
            "powdb claims --limit 10 --format table": [
                POWDB,
                "claims",
                "--limit",
                "10",
                "--format",
                "table",
                "--db",
                db,
            ],
            "powdb sources --format json": [POWDB, "sources", "--format", "json", "--db", db],
            "powdb subjects (json)": [POWDB, "subjects", "--db", db],
            "powdb claims --conflicting (json)": [POWDB, "claims", "--conflicting", "--db", db],
        }
        print(
            f"{'command':<42} {'median':>7} {'lowest':>7} {'highest':>7} {'CPU med':>8} "
            f"{'CPU low':>8}  (s, {args.runs} runs)"
        )
        for name, command in commands.items():
            times, cpus = timed(command, args.runs)
            print(
                f"{name:<42} {statistics.median(times):7.3f} {min(times):7.3f} "
                f"{max(times):7.3f} {statistics.median(cpus):8.3f} {min(cpus):8.3f}"
            )
        claims = ["claims", "--limit", "10", "--db", db]
        totals = import_times(claims)
        print("\nimports of `powdb claims --limit 10`, self time by package (-X importtime):")
        for package, seconds in sorted(totals.items(), key=lambda item: -item[1])[:12]:
            print(f"  {package:<24} {seconds:6.3f} s")
        print(f"  {'all':<24} {sum(totals.values()):6.3f} s")
        code = (
            "import sys, time; from powdb.cli import main; import powdb.db, powdb.query, "
            "typer._adapters; sys.argv = ['powdb', *sys.argv[1:]]; t = time.perf_counter()\n"
            "try: main()\nexcept SystemExit: pass\n"
            "print(time.perf_counter() - t, file=sys.stderr)"
        )
        after = []
        for _ in range(5):
            run = subprocess.run(
                [sys.executable, "-c", code, *claims],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                check=True,
            )
            after.append(float(run.stderr.strip().splitlines()[-1]))
        print(
            f"  the command itself, modules loaded: median {statistics.median(after):.3f} s "
            "(Typer building every command's options, opening the database, the query)"
        )
        for listing in (["subjects"], ["claims", "--conflicting"]):
            totals = import_times([*listing, "--db", db])
            shown = ", ".join(
                f"{package} {totals.get(package, 0.0):.3f} s"
                for package in ("powdb.extract", "powdb.compare", "powdb.subjects")
            )
            print(
                f"imports of `powdb {' '.join(listing)}`: all {sum(totals.values()):.3f} s; "
                f"of it {shown}"
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
