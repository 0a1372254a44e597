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
``--corpus 500,1000,2000`` instead times subject resolution against the whole ingest on the
first N articles of ``SHARED/corpus/texts`` (one process, so the two can be told apart).
``--sweep NAME=V1,V2,...`` runs everything once per value of one of the rules' thresholds
(:data:`THRESHOLDS`), to choose it on one set and check it on the other.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from powdb import ingest_paths, list_claims, list_conflicts, open_database

DISAGREEMENTS = {"dev": 13, "dev2": 5}
#: The thresholds --sweep may set: name -> (module, attribute).
THRESHOLDS = {
    "shared_name_weight": ("powdb.compare.events", "SHARED_NAME_WEIGHT"),
    "across_events_penalty": ("powdb.compare.frames", "ACROSS_EVENTS_PENALTY"),
    "mention_share": ("powdb.compare.events", "MENTION_SHARE"),
    "min_possible_score": ("powdb.conflicts", "MIN_POSSIBLE_SCORE"),
}


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


def time_corpus(shared: Path, sizes: list[int], workdir: Path) -> None:
    """Ingest time and the part of it spent on subjects, at each corpus size."""
    import powdb.ingest as ingest_module
    import powdb.store as store_module
    import powdb.subjects as subjects_module

    spent = {"subjects": 0.0}

    def timed(function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent["subjects"] += time.perf_counter() - started

        return wrapper

    # Frames and events of each document, and grouping the blocks it touched.
    ingest_module.document_figures = timed(store_module.document_figures)
    ingest_module.event_signature = timed(store_module.event_signature)
    subjects_module.SubjectAssigner.event_for = timed(subjects_module.SubjectAssigner.event_for)
    subjects_module.SubjectAssigner.flush = timed(subjects_module.SubjectAssigner.flush)
    files = sorted((shared / "corpus" / "texts").rglob("*.md")) or sorted(
        p for p in (shared / "corpus" / "texts").rglob("*") if p.is_file()
    )
    print("articles   MB  ingest s  subjects s  share  claims  subjects")
    for size in sizes:
        spent["subjects"] = 0.0
        engine = open_database(str(workdir / f"corpus-{size}.db"))
        chosen = [str(p) for p in files[:size]]
        megabytes = sum(Path(p).stat().st_size for p in chosen) / 1e6
        started = time.perf_counter()
        summary = ingest_paths(engine, chosen)
        total = time.perf_counter() - started
        with engine.connect() as connection:
            subjects = connection.exec_driver_sql("SELECT count(*) FROM subjects").scalar()
        print(
            f"{size:8} {megabytes:5.1f} {total:9.1f} {spent['subjects']:11.1f} "
            f"{spent['subjects'] / total:6.0%} {summary.claims:7} {subjects:9}"
        )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--sets", nargs="+", default=["dev", "dev2"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the databases and JSON here")
    parser.add_argument("--sweep", help="NAME=V1,V2,...: run once per value of a threshold")
    parser.add_argument("--corpus", help="N1,N2,...: time subjects against ingest instead")
    args = parser.parse_args()
    shared = args.shared.resolve()
    if not (shared / "dev" / "pairs_score.py").is_file():
        parser.error(f"no development sets at {shared}: give --shared PATH (the shared folder)")
    if args.corpus:
        with tempfile.TemporaryDirectory() as tmp:
            time_corpus(shared, [int(n) for n in args.corpus.split(",")], Path(tmp))
        return
    runs: list[tuple[str, float] | None] = [None]
    if args.sweep:
        name, _, values = args.sweep.partition("=")
        runs = [(name, float(v)) for v in values.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for run in runs:
            if run is not None:
                module, attribute = THRESHOLDS[run[0]]
                setattr(importlib.import_module(module), attribute, run[1])
                print(f"--- {run[0]} = {run[1]:g}")
            workdir = args.keep or Path(tempfile.mkdtemp(dir=tmp))
            workdir.mkdir(parents=True, exist_ok=True)
            for name in args.sets:
                run_set(shared, name, workdir, args.verbose)


if __name__ == "__main__":
    main()
