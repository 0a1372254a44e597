"""Report benchmark: how long ``powdb report`` takes on 10,000 sources, how big it is, and
whether a browser opens it quickly.

Run: ``.venv/bin/python bench/report_bench.py [--docs 10000] [--jobs 2] [--workdir DIR]
[--keep] [--db FILE] [--browser]``. It writes a synthetic corpus with ``make_corpus.generate``,
ingests it with ``powdb ingest --jobs 2`` (skipped with ``--db`` of an existing database),
then runs ``powdb report -o report.html`` in a subprocess (process start included) and prints
the wall time, the files written and their sizes. With ``--browser`` it also opens the main
page and the largest source page in headless Chromium and prints their load times.
The goal in the issue: under 30 s for 10,000 sources. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POWDB = Path(sys.executable).with_name("powdb")
sys.path.insert(0, str(HERE))

from make_corpus import write_corpus  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    log(done.stderr.strip()[-500:])
    return elapsed


def browser_load_seconds(pages: list[Path]) -> list[tuple[Path, float]]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ):  # fmt: skip
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="report-bench-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    results = []
    try:
        for page in pages:
            driver.get(page.as_uri())  # returns once the load event has fired
            load_ms = driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                "return t.loadEventEnd - t.startTime;"
            )
            results.append((page, load_ms / 1000))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the corpus")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--jobs", type=int, default=2, help="powdb ingest --jobs")
    parser.add_argument("--db", type=Path, help="report on this database instead of ingesting")
    parser.add_argument("--workdir", type=Path, help="where to work (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument("--browser", action="store_true", help="time page loads in Chromium")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="report-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        db = args.db
        if db is None:
            db = workdir / "report-bench.db"
            corpus = workdir / "corpus"
            log(f"writing {args.docs:,} documents to {corpus}")
            size = write_corpus(corpus, args.docs, args.seed)
            log(f"ingesting {size / 1e6:.1f} MB with --jobs {args.jobs}")
            ingest = timed(
                [str(POWDB), "ingest", str(corpus), "--db", str(db), "--jobs", str(args.jobs)]
            )
            print(f"ingest: {args.docs:,} documents in {ingest:.1f} s")
        out = workdir / "report.html"
        log(f"writing the report of {db}")
        seconds = timed([str(POWDB), "report", "-o", str(out), "--db", str(db)])
        files_dir = out.with_name(out.stem + "_files")
        pages = sorted(files_dir.iterdir()) if files_dir.is_dir() else []
        total = out.stat().st_size + sum(p.stat().st_size for p in pages)
        largest = max(pages, key=lambda p: p.stat().st_size) if pages else out
        print(f"report: {seconds:.1f} s (goal: < 30 s for 10,000 sources)")
        print(f"main page: {out.stat().st_size / 1e6:.1f} MB")
        print(f"pages in {files_dir.name}/: {len(pages):,}, largest {largest.name} "
              f"{largest.stat().st_size / 1e3:.0f} KB")  # fmt: skip
        print(f"total written: {total / 1e6:.1f} MB")
        if args.browser:
            for page, load in browser_load_seconds([out, largest]):
                print(f"chromium load: {page.name} in {load:.2f} s")
    finally:
        if args.keep or args.workdir:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
