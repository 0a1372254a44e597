"""Extraction speed on the shared corpus of real Markdown articles, step by step.

Usage::

    .venv/bin/python bench/corpus_bench.py [--shared PATH] [--runs 3]

Reads every file of ``SHARED/corpus/texts/`` (2,000 Markdown articles, 14.2 MB) in process, one
core, and times, per file, what ``powdb.ingest.prepare`` does before storing: reading
(``read_document``: decoding, front matter), the analysis view (``analysis_view``: Markdown
parsed, markup blanked, paragraphs unwrapped) and ``extract_claims`` on it. Prints MB/s for each
step and for the three together (best of ``--runs``), and the number of claims. On a powdb
without the analysis view (before it was added) the view step is skipped and ``extract_claims``
runs on the text, so the same command measures the cost before and after.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from powdb.extract import extract_claims  # noqa: E402
from powdb.readers import read_document  # noqa: E402

try:
    from powdb.readers.structure import analysis_view
except ImportError:  # an older powdb: no view
    analysis_view = None  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    candidates = (
        [args.shared] if args.shared else [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    )
    folder = next(
        (c / "corpus" / "texts" for c in candidates if (c / "corpus" / "texts").is_dir()), None
    )
    if folder is None:
        parser.error("no shared corpus found; give --shared PATH")
    paths = sorted(folder.iterdir())
    size = sum(p.stat().st_size for p in paths) / 1e6
    best = {"read": float("inf"), "view": float("inf"), "extract": float("inf")}
    claims = 0
    for _run in range(args.runs):
        spent = dict.fromkeys(best, 0.0)
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
    total = sum(best.values())
    print(
        f"corpus: {folder} ({len(paths)} files, {size:.1f} MB); "
        f"best of {args.runs} runs, CPU time of one core"
    )
    for step, seconds in best.items():
        rate = f"{size / seconds:.1f} MB/s" if seconds > 1e-6 else "skipped"
        print(f"  {step:<8} {seconds:6.2f} s  {rate}")
    print(f"  {'all':<8} {total:6.2f} s  {size / total:.1f} MB/s  ({total / size:.3f} s per MB)")
    print(f"  claims   {claims}")


if __name__ == "__main__":
    main()
