"""Time subject assignment per claim, and pin its outputs so an optimization can prove itself.

Usage::

    .venv/bin/python bench/compare_bench.py                      # µs per claim
    .venv/bin/python bench/compare_bench.py --save /tmp/base.json
    .venv/bin/python bench/compare_bench.py --check /tmp/base.json
    .venv/bin/python bench/compare_bench.py --docs 300 --runs 3 --profile

The workload is fixed: ``extract_claims`` over the first ``--docs`` documents of
``make_corpus.generate(docs, seed)`` plus ``seeds/``, ``bench/conflict_corpus/`` and
``bench/devset/``. For every claim it records the subject key and label
(:func:`powdb.compare.subject_of`) and the figure interval (:func:`powdb.compare.interval_of`).
Subject assignment and the figure interval are timed apart (extraction is done once, before).
Every cache in ``powdb.compare`` is cleared before each run, so a run costs what ingest pays for
text it has never seen.

``--save`` writes the outputs as JSON; ``--check`` recomputes them and exits 1 on the first
difference. The file also holds a digest of the claims themselves, so a change in the corpus
or the extractor is reported as such and not as a change of subjects.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import generate  # noqa: E402

from powdb.compare import interval_of, subject_of  # noqa: E402
from powdb.extract import extract_claims  # noqa: E402
from powdb.extract.model import ExtractedClaim  # noqa: E402

FOLDERS = ("seeds", "bench/conflict_corpus", "bench/devset")

Workload = list[tuple[str, str, list[ExtractedClaim]]]


def build_workload(docs: int, seed: int) -> Workload:
    texts = list(generate(docs, seed))
    for folder in FOLDERS:
        texts += [
            (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / folder).glob("*.txt"))
        ]
    return [(name, text, extract_claims(text)) for name, text in texts]


def workload_digest(workload: Workload) -> str:
    digest = hashlib.sha256()
    for name, text, claims in workload:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        for claim in claims:
            digest.update(repr(claim).encode() + b"\0")
    return digest.hexdigest()


def clear_caches() -> None:
    """Clear every ``functools`` cache in the ``powdb.compare`` modules."""
    for name, module in list(sys.modules.items()):
        if name.startswith("powdb.compare"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def subjects(workload: Workload) -> list[tuple[str, str]]:
    return [
        (subject.key, subject.label)
        for _, text, claims in workload
        for subject in (subject_of(claim, text) for claim in claims)
    ]


def outputs(workload: Workload) -> list[list[object]]:
    clear_caches()
    found = iter(subjects(workload))
    rows: list[list[object]] = []
    for name, _, claims in workload:
        for claim in claims:
            key, label = next(found)
            low, high = interval_of(claim)
            rows.append([name, claim.start, claim.surface, key, label, low, high])
    return rows


def intervals(workload: Workload) -> list[tuple[float, float]]:
    return [interval_of(claim) for _, _, claims in workload for claim in claims]


def time_runs(
    workload: Workload, runs: int, task: Callable[[Workload], object] = subjects
) -> tuple[float, float]:
    """Best wall and CPU seconds of ``runs`` passes of ``task`` over the workload.

    CPU time is the steadier figure on a busy machine."""
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        clear_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        task(workload)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_wall, best_cpu


def check(rows: list[list[object]], digest: str, path: Path) -> int:
    saved = json.loads(path.read_text(encoding="utf-8"))
    if saved["workload"] != digest:
        print("workload differs from the saved one (corpus or extractor changed)", file=sys.stderr)
        return 1
    expected = saved["claims"]
    if len(expected) != len(rows):
        print(f"{len(rows)} claims, saved {len(expected)}", file=sys.stderr)
        return 1
    differing = [(old, new) for old, new in zip(expected, rows, strict=True) if old != new]
    for old, new in differing[:10]:
        print(f"saved: {old}\n  now: {new}", file=sys.stderr)
    print(f"check: {len(rows) - len(differing)}/{len(rows)} claims identical")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="make_corpus documents (300)")
    parser.add_argument("--seed", type=int, default=1, help="make_corpus seed (1)")
    parser.add_argument("--runs", type=int, default=3, help="timed passes; the best counts (3)")
    parser.add_argument("--save", type=Path, help="write the outputs to this JSON file")
    parser.add_argument("--check", type=Path, help="compare the outputs with this JSON file")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one pass")
    args = parser.parse_args(argv)

    print("extracting claims...", file=sys.stderr)
    workload = build_workload(args.docs, args.seed)
    claims = sum(len(claims) for _, _, claims in workload)
    size = sum(len(text.encode()) for _, text, _ in workload)
    wall, cpu = time_runs(workload, args.runs)
    print(f"{len(workload)} documents, {size / 1e6:.2f} MB, {claims} claims")
    print(
        f"subject assignment: {wall * 1e6 / claims:.1f} µs/claim wall, "
        f"{cpu * 1e6 / claims:.1f} µs/claim CPU (best of {args.runs})"
    )
    wall, cpu = time_runs(workload, args.runs, intervals)
    print(
        f"figure interval: {wall * 1e6 / claims:.1f} µs/claim wall, "
        f"{cpu * 1e6 / claims:.1f} µs/claim CPU (best of {args.runs})"
    )

    if args.profile:
        clear_caches()
        profiler = cProfile.Profile()
        profiler.runcall(subjects, workload)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)

    status = 0
    if args.save or args.check:
        rows = outputs(workload)
        digest = workload_digest(workload)
        if args.save:
            payload = {"workload": digest, "claims": rows}
            args.save.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            print(f"saved {len(rows)} claims to {args.save}")
        if args.check:
            status = check(rows, digest, args.check)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
