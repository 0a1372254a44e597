"""Time on text that is one long line: 1, 2 and 4 MB, each twice the one before.

A 50 MB file without a line break once ran for more than 600 s: every claim searched its line
from the figure to the end (and quoted the whole "sentence" when it had no full stop), so the
time grew with the square of the line. This prints, for each size, the time of reading and
extraction (``powdb.ingest.prepare``: the file read, its claims extracted and their subjects
and intervals found, in this process, one core) and of ``powdb ingest`` (a subprocess, fresh
SQLite database), and each time divided by the time of the size before: about 2 when the
work is linear in the length, 4 when quadratic.

    .venv/bin/python bench/long_line_bench.py                     # prose, 1 2 4 MB
    .venv/bin/python bench/long_line_bench.py --kind list --sizes 0.25 0.5 1

``--kind prose``: the synthetic corpus of ``make_corpus`` at 11 claims/kB, its documents joined
with spaces into one line (sentences with full stops). ``--kind list``: figures separated by
commas with no full stop at all, as tables pasted as text and OCR output are; every claim's
quote is then a window of words (``powdb.extract.quotes``), and there are about 40 claims/kB,
so it is slower per megabyte. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402

POWDB = Path(sys.executable).with_name("powdb")
_COUNTED = (
    "prisoners of war", "soldiers", "civilian internees", "officers", "refugees", "airmen",
    "Cossacks", "men", "women and children", "displaced persons",
)  # fmt: skip
_PLACES = ("Lienz", "Spittal", "Judenburg", "Graz", "Wolfsberg", "Peggau", "Tambov", "Odessa")


def prose_line(size: int, seed: int = 1) -> str:
    """``size`` characters of the synthetic corpus (11 claims/kB) as one line (a 4 MB one is
    still extracted whole, as ``LARGE_DOCUMENT_CHARS`` allows)."""
    parts: list[str] = []
    total = 0
    for _name, text in generate(10**9, seed, claims_per_kb=11):
        part = " ".join(text.split())
        parts.append(part)
        total += len(part) + 1
        if total >= size:
            break
    return " ".join(parts)[: size - 1] + "\n"


def list_line(size: int, seed: int = 1) -> str:
    """``size`` characters of figures, place names and counted nouns separated by commas
    and semicolons, with no full stop: a table pasted as text."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        place = rng.choice(_PLACES)
        row = ", ".join(
            f"{rng.randint(12, 99_999):,} {rng.choice(_COUNTED)}" for _ in range(rng.randint(2, 5))
        )
        part = f"{place} {row};"
        parts.append(part)
        total += len(part) + 1
    return " ".join(parts)[: size - 1] + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4], help="MB")
    parser.add_argument("--kind", choices=["prose", "list"], default="prose")
    parser.add_argument("--no-ingest", action="store_true", help="extraction alone")
    args = parser.parse_args()

    from powdb.ingest import prepare

    make = prose_line if args.kind == "prose" else list_line
    print(f"{args.kind} text, one line; sizes {args.sizes} MB; python {sys.version.split()[0]}")
    header = ("size", "claims", "prepare s", "x prev", "ingest s", "x prev")
    print("{:>8} {:>8} {:>10} {:>7} {:>9} {:>7}".format(*header))
    previous: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory(prefix="powdb-long-line-") as workdir:
        for megabytes in args.sizes:
            path = Path(workdir) / f"line-{megabytes:g}mb.txt"
            path.write_text(make(int(megabytes * 1_000_000)), encoding="utf-8")
            started = time.perf_counter()
            prepared = prepare(path.name, path)
            extract_seconds = time.perf_counter() - started
            claims = prepared.claims or []
            ingest_seconds = float("nan")
            if not args.no_ingest:
                database = Path(workdir) / f"line-{megabytes:g}mb.db"
                started = time.perf_counter()
                run = subprocess.run(
                    [str(POWDB), "ingest", str(path), "--db", str(database)],
                    capture_output=True,
                    text=True,
                )
                ingest_seconds = time.perf_counter() - started
                if run.returncode != 0:
                    print(run.stderr, file=sys.stderr)
                    return 1
            ratios = (
                (extract_seconds / previous[0], ingest_seconds / previous[1])
                if previous
                else (float("nan"), float("nan"))
            )
            print(
                f"{megabytes:>6g}MB {len(claims):>8,} {extract_seconds:>10.2f} {ratios[0]:>7.2f} "
                f"{ingest_seconds:>9.2f} {ratios[1]:>7.2f}",
                flush=True,
            )
            previous = (extract_seconds, ingest_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
