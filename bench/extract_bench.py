"""Score the numeric-claim extractor against gold annotations, side by side with quantulum3.

Usage::

    .venv/bin/python bench/extract_bench.py            # seeds and dev set
    .venv/bin/python bench/extract_bench.py --set seeds --verbose
    .venv/bin/python bench/extract_bench.py --gold G.jsonl --nonclaims N.jsonl --docs DIR
    .venv/bin/python bench/extract_bench.py --corpus /tmp/corp   # after make_corpus.py

A predicted claim matches a gold claim when their spans overlap and the figure agrees (the
value, or both ends of a range, within 0.1%). Matching is one-to-one. Gold claims marked
``borderline`` are scored apart: finding them is reported, and a prediction that matches one
is neither a true nor a false positive. Hedge accuracy is over matched claims (no hedge must
match no hedge). A non-claim hit is a false positive whose span overlaps a listed non-claim.

Prints numbers only; it asserts nothing (speed depends on the machine).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from powdb.extract import EXTRACTOR_VERSION, extract_claims  # noqa: E402

SETS = {
    "seeds": (ROOT / "bench/gold/seeds_gold.jsonl", ROOT / "bench/gold/seeds_nonclaims.jsonl",
              ROOT / "seeds"),
    "devset": (ROOT / "bench/gold/devset_gold.jsonl", ROOT / "bench/gold/devset_nonclaims.jsonl",
               ROOT / "bench/devset"),
}  # fmt: skip


@dataclass(frozen=True)
class Pred:
    """A prediction reduced to what scoring needs."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    surface: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    hedge_ok: int = 0
    borderline_found: int = 0
    borderline_total: int = 0
    nonclaim_hits: int = 0
    seconds: float = 0.0
    chars: int = 0

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        hedge = self.hedge_ok / self.tp if self.tp else 0.0
        speed = self.chars / 1000 / self.seconds if self.seconds else 0.0
        return (
            f"  {name:<11} P={p:.3f} R={r:.3f} F1={f1:.3f} hedge_acc={hedge:.3f} "
            f"(tp={self.tp} fp={self.fp} fn={self.fn}) borderline={self.borderline_found}/"
            f"{self.borderline_total} nonclaim_hits={self.nonclaim_hits} speed={speed:,.0f} kB/s"
        )


def load_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _close(a: object, b: float | None) -> bool:
    if a is None or b is None or not isinstance(a, int | float):
        return False
    return abs(float(a) - b) <= 1e-3 * max(1.0, abs(float(a)))


def figure_agrees(gold: dict[str, object], pred: Pred) -> bool:
    if gold.get("value") is not None:
        return _close(gold["value"], pred.value)
    return _close(gold.get("low"), pred.low) and _close(gold.get("high"), pred.high)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_doc(
    preds: list[Pred],
    gold: list[dict[str, object]],
    nonclaims: list[dict[str, object]],
    score: Score,
    report: list[str],
) -> None:
    used: set[int] = set()

    def match(g: dict[str, object]) -> Pred | None:
        for i, p in enumerate(preds):
            if (
                i not in used
                and overlaps(p.start, p.end, int(g["start"]), int(g["end"]))
                and (  # type: ignore[call-overload]
                    figure_agrees(g, p)
                )
            ):
                used.add(i)
                return p
        return None

    for g in (g for g in gold if not g.get("borderline")):
        p = match(g)
        if p is None:
            score.fn += 1
            report.append(f"    FN {g['file']}:{g['start']} {g['surface']!r} {g.get('value')}")
            continue
        score.tp += 1
        if p.hedge == g.get("hedge"):
            score.hedge_ok += 1
        else:
            report.append(f"    HEDGE {p.surface!r}: got {p.hedge!r}, gold {g.get('hedge')!r}")
    for g in (g for g in gold if g.get("borderline")):
        score.borderline_total += 1
        if match(g) is not None:
            score.borderline_found += 1
    for i, p in enumerate(preds):
        if i in used:
            continue
        score.fp += 1
        hit = [n for n in nonclaims if overlaps(p.start, p.end, int(n["start"]), int(n["end"]))]  # type: ignore[call-overload]
        if hit:
            score.nonclaim_hits += 1
            report.append(f"    NONCLAIM HIT {p.surface!r} ({hit[0]['why']})")
        else:
            report.append(f"    FP {p.start} {p.surface!r} {p.value or (p.low, p.high)}")


def ours(text: str) -> list[Pred]:
    return [
        Pred(c.start, c.end, c.value, c.low, c.high, c.hedge, c.surface)
        for c in extract_claims(text)
    ]


def quantulum(text: str) -> list[Pred]:
    from quantulum3 import parser

    out: list[Pred] = []
    for q in parser.parse(text):
        start, end = q.span
        out.append(Pred(start, end, float(q.value), None, None, None, q.surface))
    return out


def run_set(
    name: str,
    gold_path: Path,
    nonclaims_path: Path,
    docs: Path,
    extractors: Iterable[tuple[str, Callable[[str], list[Pred]]]],
    verbose: bool,
) -> None:
    gold = load_jsonl(gold_path)
    nonclaims = load_jsonl(nonclaims_path)
    files = sorted({str(g["file"]) for g in gold} | {str(n["file"]) for n in nonclaims})
    texts = {f: (docs / f).read_text(encoding="utf-8") for f in files}
    scored = sum(1 for g in gold if not g.get("borderline"))
    print(
        f"{name}: {len(files)} documents, {scored} claims (+{len(gold) - scored} borderline), "
        f"{len(nonclaims)} non-claims, {sum(map(len, texts.values())):,} characters"
    )
    for label, fn in extractors:
        score, report = Score(), []
        for f in files:
            t0 = time.perf_counter()
            preds = fn(texts[f])
            score.seconds += time.perf_counter() - t0
            score.chars += len(texts[f].encode("utf-8"))
            score_doc(
                preds,
                [g for g in gold if g["file"] == f],
                [n for n in nonclaims if n["file"] == f],
                score,
                report,
            )
        print(score.line(label))
        if verbose:
            print("\n".join(report))


def throughput(texts: list[str], fn: Callable[[str], object], min_seconds: float) -> float:
    """MB/s of ``fn`` over ``texts`` joined into one large document."""
    blob = "\n".join(texts)
    big = blob * max(1, 2_000_000 // max(1, len(blob)))
    size = len(big.encode("utf-8"))
    runs, start = 0, time.perf_counter()
    while True:
        fn(big)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return size * runs / elapsed / 1e6


def corpus_speed(root: Path, runs: int = 3) -> None:
    """MB/s of extract_claims over every *.txt under ``root``, one document at a time (best of
    ``runs``; CPU time beside wall time, since a busy machine slows the wall clock)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    wall = cpu = float("inf")
    claims = 0
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        claims = sum(len(extract_claims(t)) for t in texts)
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    print(
        f"corpus {root}: {len(texts)} documents, {size / 1e6:.2f} MB, "
        f"{claims * 1000 / max(1, size):.1f} claims/kB: {size / 1e6 / wall:.2f} MB/s wall, "
        f"{size / 1e6 / cpu:.2f} MB/s CPU"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), action="append")
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--nonclaims", type=Path)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--verbose", "-v", action="store_true", help="list FN, FP, hedge misses")
    ap.add_argument("--no-quantulum", action="store_true")
    ap.add_argument("--corpus", type=Path, help="only time extraction over DIR/**/*.txt")
    args = ap.parse_args()
    if args.corpus:
        print(f"powdb extractor {EXTRACTOR_VERSION}")
        corpus_speed(args.corpus)
        return
    warnings.filterwarnings("ignore")
    extractors: list[tuple[str, Callable[[str], list[Pred]]]] = [("powdb", ours)]
    if not args.no_quantulum:
        extractors.append(("quantulum3", quantulum))
        quantulum("warm up 5 miles")  # load its unit tables outside the timings
    print(f"powdb extractor {EXTRACTOR_VERSION}")
    if args.gold:
        run_set(args.gold.stem, args.gold, args.nonclaims, args.docs, extractors, args.verbose)
        return
    for name in args.set or ["seeds", "devset"]:
        gold_path, nonclaims_path, docs = SETS[name]
        run_set(name, gold_path, nonclaims_path, docs, extractors, args.verbose)
        texts = [p.read_text(encoding="utf-8") for p in sorted(docs.glob("*.txt"))]
        mbs = throughput(texts, extract_claims, 2.0)
        per_kb = sum(len(extract_claims(t)) for t in texts) * 1000 / sum(map(len, texts))
        print(
            f"  powdb throughput, {name} documents repeated to ~2 MB ({per_kb:.1f} claims/kB): "
            f"{mbs:.1f} MB/s"
        )


if __name__ == "__main__":
    main()
