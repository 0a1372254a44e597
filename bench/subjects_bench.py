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

from powdb import ingest_paths, list_claims, list_conflicts, list_sources, open_database

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


def run_set(shared: Path, name: str, workdir: Path, verbose: bool, in_process: bool) -> None:
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
    if in_process:
        exported = list_claims(engine)
        texts = {c["source_path"]: Path(c["source_path"]).read_text() for c in exported}
        titles = {s["path"]: s["title"] for s in list_sources(engine)}
        confident, possible_groups = resolve_in_process(exported, texts, titles)
        claims.write_text(json.dumps(exported))
        D = DISAGREEMENTS.get(name, 5)
        for tier, groups, top in (("confident", confident, None), ("review", confident + possible_groups, len(confident) + 5 * D)):
            path = workdir / f"{name}-{tier}.json"
            path.write_text(json.dumps(groups))
            print(f"  {tier:9} ({min(top or len(groups), len(groups))} of {len(groups)} groups): ", end="")
            print(score(scorer, claims, path, set_dir, top, verbose))
        engine.dispose()
        return
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
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the databases and JSON here")
    args = parser.parse_args()
    shared = args.shared.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in args.sets:
            run_set(shared, name, workdir, args.verbose, args.in_process)



# --- the resolver run in-process on exported claims (until it is wired into the database) ---

import bisect
import math
import re

from powdb.compare.events import EventIndex, lead_names, signature_of
from powdb.compare.frames import ClaimContext, ClaimText, frames_of_document, group_block, relate

_LABEL_RE = re.compile(r"^\s*(?:(?:[-*+]|\d+\.)\s+)?(?:\*\*([^*]+?):?\*\*:?|([^:|]{1,40}):)")


def rough_context(lines: list[str], starts: list[int], offset: int) -> ClaimContext:
    """A stand-in for the Markdown structure: headings, list labels, table columns."""
    i = bisect.bisect_right(starts, offset) - 1
    line = lines[i]
    headings: dict[int, str] = {}
    for j in range(i + 1):
        m = re.match(r"^(#{1,6})\s+(.*)", lines[j])
        if m:
            level = len(m.group(1))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = re.sub(r"^\d+\.\s*", "", m.group(2).strip("# "))
    label = None
    m = _LABEL_RE.match(line)
    if m:
        label = (m.group(1) or m.group(2) or "").strip()
    column = row = None
    if line.lstrip().startswith("|"):
        k = i
        while k > 0 and lines[k - 1].lstrip().startswith("|"):
            k -= 1
        header = [c.strip() for c in lines[k].strip().strip("|").split("|")]
        cells = line.strip().strip("|").split("|")
        pos = offset - starts[i] - (len(line) - len(line.lstrip())) - 1
        acc, col = 0, 0
        for n, cell in enumerate(cells):
            if acc + len(cell) >= pos:
                col = n
                break
            acc += len(cell) + 1
        column = header[col] if col < len(header) else None
        row = cells[0].strip()
        if col == 0:
            row = None
    list_start = None
    if re.match(r"^\s*(?:[-*+]|\d+\.)\s+", line):
        k = i
        while k > 0 and re.match(r"^\s*(?:[-*+]|\d+\.)\s+", lines[k - 1]):
            k -= 1
        list_start = starts[k]
    return ClaimContext(tuple(headings[k] for k in sorted(headings)), label, column, row, list_start)


def resolve_in_process(claims: list[dict], texts: dict[str, str], titles: dict[str, str | None]):
    """Subjects, confident conflicts and possible groups, computed from exported claims."""
    index = EventIndex()
    by_source: dict[str, list[dict]] = {}
    for c in claims:
        by_source.setdefault(c["source_path"], []).append(c)
    frames = {}
    for path in sorted(by_source):
        text = texts[path]
        signature = signature_of(titles.get(path), path, text)
        event = index.assign(signature)
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        cs = sorted(by_source[path], key=lambda c: c["start"])
        ctexts = [
            ClaimText(c["value"], c["low"], c["high"], c["unit"], c["counted"], c["start"],
                      c["end"], c["quote"], c["start"] - c["quote"].find(c["surface"]) if False else _quote_start(text, c))
            for c in cs
        ]
        contexts = [rough_context(lines, starts, c["start"]) for c in cs]
        for c, f in zip(cs, [f.in_event(event) for f in frames_of_document(text, signature.nouns, ctexts, contexts, signature.year, lead_names(signature, text))]):
            frames[c["id"]] = f
    blocks: dict[str, list[int]] = {}
    for cid, f in frames.items():
        if f.block is not None:
            blocks.setdefault(f.block, []).append(cid)
    subject_of: dict[int, int] = {}
    groups_by_block: dict[str, list[list[int]]] = {}
    next_id = 1
    for block, ids in blocks.items():
        for g in group_block([frames[i] for i in ids]):
            members = [ids[k] for k in g.members]
            for cid in members:
                subject_of[cid] = next_id
            next_id += 1
            groups_by_block.setdefault(block, []).append(members)
    for c in claims:
        c["subject_id"] = subject_of.get(c["id"])
        c["frame"] = frames[c["id"]].to_json() if c["id"] in frames else None
    by_id = {c["id"]: c for c in claims}

    def clash(ids):
        lows = [by_id[i]["fig_low"] for i in ids]
        highs = [by_id[i]["fig_high"] if by_id[i]["fig_high"] is not None else math.inf for i in ids]
        return max(lows) > min(highs)

    confident = []
    for block, groups in groups_by_block.items():
        for members in groups:
            if len(members) > 1 and clash(members):
                confident.append({"tier": "confident", "block": block, "claims": [by_id[i] for i in members]})
    possible = []
    for block, groups in groups_by_block.items():
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                a, b = groups[x], groups[y]
                if not clash(a + b):
                    continue
                rel = relate(frames[a[0]], frames[b[0]])
                possible.append({"tier": "possible", "score": rel.score, "reason": rel.reason,
                                 "claims": [by_id[i] for i in a + b]})
    possible.sort(key=lambda g: -g["score"])
    return confident, possible


def _quote_start(text: str, c: dict) -> int:
    # Claims export their quote, not where it starts: find it at the claim.
    lo = max(0, c["start"] - len(c["quote"]))
    at = text.find(c["quote"], lo)
    return at if at != -1 and at <= c["start"] else c["start"]


if __name__ == "__main__":
    main()
