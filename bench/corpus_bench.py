"""Extraction speed on the shared corpus of real Markdown articles, step by step.

Usage::

    .venv/bin/python bench/corpus_bench.py [--shared PATH] [--runs 3]
    .venv/bin/python bench/corpus_bench.py --against /tmp/old/src [--rounds 5]
    .venv/bin/python bench/corpus_bench.py --against /tmp/old/src --instructions 300

Reads every file of ``SHARED/corpus/texts/`` (2,000 Markdown articles, 14.2 MB) in process, one
core, and times, per file, what ``powdb.ingest.prepare`` does before storing: reading
(``read_document``: decoding, front matter), the analysis view (``analysis_view``: Markdown
parsed, markup blanked, paragraphs unwrapped) and ``extract_claims`` on it. Prints MB/s for each
step and for the three together (best of ``--runs``), and the number of claims. On a powdb
without the analysis view (before it was added) the view step is skipped and ``extract_claims``
runs on the text, so the same command measures the cost before and after.

``--src DIR`` measures the powdb whose package is in ``DIR`` (an export of an older commit's
``src/``: ``git archive COMMIT src | tar -x -C /tmp/old``). ``--against DIR`` compares: it
measures this powdb and the one in ``DIR`` in turn, each in its own process, ``--rounds``
times, and prints the best and the median of each and the ratio of the bests. Taking turns
puts both under the same load; on a shared machine a single run can be a third slower.
``--instructions N`` counts instead the machine instructions each side executes to read,
view and extract the first N files (valgrind's callgrind, less the count for no file): a
figure no other load moves, though not a time (it ignores how fast each instruction runs).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("read", "view", "extract")


def find_corpus(shared: Path | None) -> Path | None:
    candidates = [shared] if shared else [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    return next(
        (c / "corpus" / "texts" for c in candidates if (c / "corpus" / "texts").is_dir()), None
    )


def measure(
    src: Path, folder: Path, runs: int, files: int | None = None
) -> tuple[dict[str, float], int]:
    """Best CPU seconds of each step over ``runs`` runs, and the claims found."""
    sys.path.insert(0, str(src))
    from powdb.extract import extract_claims
    from powdb.readers import read_document

    try:
        from powdb.readers.structure import analysis_view
    except ImportError:  # an older powdb: no view
        analysis_view = None  # type: ignore[assignment]

    paths = sorted(folder.iterdir())[:files]
    best = dict.fromkeys(STEPS, float("inf"))
    claims = 0
    for _run in range(runs):
        spent = dict.fromkeys(STEPS, 0.0)
        claims = 0
        for path in paths:
            t0 = time.process_time()
            document = read_document(path)
            t1 = time.process_time()
            view = analysis_view(document.text, document.media_type) if analysis_view else None
            t2 = time.process_time()
            found = (
                extract_claims(document.text, view=view)
                if view is not None
                else extract_claims(document.text)
            )
            t3 = time.process_time()
            claims += len(found)
            spent["read"] += t1 - t0
            spent["view"] += t2 - t1
            spent["extract"] += t3 - t2
        for step, seconds in spent.items():
            best[step] = min(best[step], seconds)
    return best, claims


def report(label: str, seconds: dict[str, float], size: float, claims: int) -> None:
    total = sum(seconds.values())
    print(label)
    for step in STEPS:
        rate = f"{size / seconds[step]:.1f} MB/s" if seconds[step] > 1e-6 else "skipped"
        print(f"  {step:<8} {seconds[step]:6.2f} s  {rate}")
    print(f"  {'all':<8} {total:6.2f} s  {size / total:.1f} MB/s  ({total / size:.3f} s per MB)")
    print(f"  claims   {claims}")


def _sides(args: argparse.Namespace) -> dict[str, Path]:
    """The two powdbs compared, by label: this one, and the one ``--against`` names."""
    return {"this powdb": ROOT / "src", f"against {args.against}": args.against}


def compare(args: argparse.Namespace, folder: Path, size: float) -> None:
    sides = _sides(args)
    results: dict[str, list[dict[str, float]]] = {label: [] for label in sides}
    claims: dict[str, int] = {}
    for _round in range(args.rounds):
        for label, src in sides.items():
            run = subprocess.run(
                [sys.executable, __file__, "--src", str(src), "--shared", str(folder.parents[1]),
                 "--runs", "1", "--json"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            found = json.loads(run.stdout)
            results[label].append(found["seconds"])
            claims[label] = found["claims"]
    print(
        f"corpus: {folder} ({size:.1f} MB); {args.rounds} rounds, the two in turn, "
        "CPU time of one core"
    )
    totals = {}
    for label, rounds in results.items():
        best = {step: min(r[step] for r in rounds) for step in STEPS}
        totals[label] = min(sum(r.values()) for r in rounds)
        median = statistics.median(sum(r.values()) for r in rounds)
        report(
            f"{label} (best of each step; all: median {median:.2f} s)", best, size, claims[label]
        )
    this, other = totals.values()
    print(f"best run, all steps: {this:.2f} s against {other:.2f} s: {this / other:.2f}x")


def instructions(args: argparse.Namespace, folder: Path) -> None:
    """Instructions each side executes for the first ``args.instructions`` files."""
    sides = _sides(args)
    counts = {}
    for label, src in sides.items():
        collected = []
        for files in (0, args.instructions):
            run = subprocess.run(
                ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                 sys.executable, __file__, "--src", str(src), "--shared", str(folder.parents[1]),
                 "--runs", "1", "--files", str(files), "--json"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            found = re.search(r"Collected : ([0-9]+)", run.stderr)
            assert found is not None, run.stderr[-500:]
            collected.append(int(found.group(1)))
        counts[label] = collected[1] - collected[0]
        print(f"{label}: {counts[label] / 1e6:,.0f} million instructions")
    this, other = counts.values()
    print(f"first {args.instructions} files, read + view + extract: {this / other:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the powdb to measure")
    parser.add_argument("--against", type=Path, help="another powdb's src/ to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--instructions", type=int, metavar="N", help="count instructions")
    parser.add_argument("--files", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = find_corpus(args.shared)
    if folder is None:
        parser.error("no shared corpus found; give --shared PATH")
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    if args.against is not None and args.instructions:
        instructions(args, folder)
        return
    if args.against is not None:
        compare(args, folder, size)
        return
    seconds, claims = measure(args.src, folder, args.runs, args.files)
    if args.json:
        print(json.dumps({"seconds": seconds, "claims": claims}))
        return
    report(
        f"corpus: {folder} ({len(list(folder.iterdir()))} files, {size:.1f} MB); "
        f"best of {args.runs} runs, CPU time of one core",
        seconds,
        size,
        claims,
    )


if __name__ == "__main__":
    main()
