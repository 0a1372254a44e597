"""Subjects and conflicts on real articles: the development sets' hand-judged pairs.

    .venv/bin/python bench/subjects_bench.py [--shared ../shared] [--sets dev dev2]

For each set (``SHARED/dev``, ``SHARED/dev2``: real articles with gold claims and pair
judgments; read from there, never copied into the project) it ingests the texts with powdb into
a new temporary SQLite database, exports the claims and both tiers of conflicts as
``powdb claims --format json`` and ``powdb claims --conflicting [--possible] --format json``
would, and prints the last line of the sets' pair scorer (``SHARED/dev/pairs_score.py``):

* confident tier: every group ``claims --conflicting`` shows;
* review tier: the first 5 x (number of disagreements) groups of ``--conflicting --possible``.

``--verbose`` prints the scorer's per-pair lines (``SCORE_VERBOSE=1``) for reading misses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from powdb import ingest_paths, list_claims, list_conflicts, open_database

DISAGREEMENTS = {"dev": 13, "dev2": 5}


def score(
    scorer: Path, claims: Path, groups: Path, set_dir: Path, top: int | None, verbose: bool
) -> str:
    args = [sys.executable, str(scorer)]
    if top is not None:
        args += ["--top", str(top)]
    args += [str(claims), str(groups), str(set_dir / "gold.jsonl"), str(set_dir / "pairs.jsonl")]
    env = dict(os.environ, SCORE_VERBOSE="1") if verbose else None
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    return out if verbose else out.strip().splitlines()[-1]


def run_set(shared: Path, name: str, workdir: Path, verbose: bool) -> None:
    set_dir = shared / name
    db = workdir / f"{name}.db"
    engine = open_database(str(db))
    started = time.perf_counter()
    summary = ingest_paths(engine, [str(set_dir / "texts")])
    ingest_s = time.perf_counter() - started
    claims = workdir / f"{name}-claims.json"
    exported = list_claims(engine)
    with engine.connect() as connection:  # frames, for reading misses (--keep)
        frames = dict(connection.exec_driver_sql("SELECT id, frame FROM claims").all())
    for claim in exported:
        frame = frames.get(claim["id"])
        claim["frame"] = json.loads(frame) if isinstance(frame, str) else frame
    claims.write_text(json.dumps(exported))
    scorer = shared / "dev" / "pairs_score.py"
    print(f"{name}: {summary.claims} claims from {len(summary.results)} texts in {ingest_s:.1f} s")
    for tier, possible, top in (
        ("confident", False, None),
        ("review", True, 5 * DISAGREEMENTS.get(name, 5)),
    ):  # the review tier is read from the top: confident groups, then possible ones
        groups = list_conflicts(engine, **({"possible": True} if possible else {}))
        path = workdir / f"{name}-{tier}.json"
        path.write_text(json.dumps(groups))
        shown = len(groups) if top is None else min(top, len(groups))
        print(f"  {tier:9} ({shown} of {len(groups)} groups): ", end="")
        print(score(scorer, claims, path, set_dir, top, verbose))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--sets", nargs="+", default=["dev", "dev2"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the databases and JSON here")
    args = parser.parse_args()
    shared = args.shared.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in args.sets:
            run_set(shared, name, workdir, args.verbose)


if __name__ == "__main__":
    main()
