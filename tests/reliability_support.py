"""Helpers for the reliability tests: documents made by code, powdb in a subprocess, and views of
a database (a full dump, whole-document checks) that do not go through powdb itself."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from powdb.extract import extract_claims

POWDB = str(Path(sys.executable).with_name("powdb"))
#: Longest any single powdb subprocess may take in these tests; a hang fails instead of blocking.
TIMEOUT = 120

_SUBJECTS = ("prisoners of war", "soldiers", "civilian internees", "Cossacks", "officers")
_FILLER = (
    "The ledgers of the camp administration survived the war.",
    "Later historians disagreed about how the lists had been compiled.",
    "The winter was long and the trains ran when they could.",
    "Several witnesses described the scene at the station in the same words.",
)


def paragraph(rng: random.Random) -> str:
    figure = f"{rng.choice(('about', 'roughly', 'more than', ''))} {rng.randint(12, 95_000):,}"
    claim = f"That spring {figure.strip()} {rng.choice(_SUBJECTS)} were held near the river."
    return " ".join([rng.choice(_FILLER), claim, rng.choice(_FILLER)])


def write_documents(folder: Path, count: int, paragraphs: int = 12, first: int = 0) -> list[Path]:
    """``count`` distinct small documents with figures, named doc0000.txt, doc0001.txt..."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        rng = random.Random(number)
        body = "\n\n".join(paragraph(rng) for _ in range(paragraphs))
        path = folder / f"doc{number:04d}.txt"
        path.write_text(f"Report {number}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def run_powdb(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """``powdb ARGS`` in a subprocess, as a user runs it."""
    return subprocess.run(
        [POWDB, *args], capture_output=True, text=True, timeout=timeout, env=_env()
    )


def start_powdb(*args: str) -> subprocess.Popen[str]:
    """``powdb ARGS`` started in its own process group (so Ctrl-C can reach all of it), with
    SIGINT handled even when the test runner was started with it ignored."""
    return subprocess.Popen(
        [POWDB, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail if the block runs longer than ``seconds``: a command run in-process that hangs
    (on a FIFO, say) fails its test instead of blocking the suite. SIGALRM interrupts even a
    blocking system call; the test runner may swallow the exception, so it is raised again
    here."""
    expired: list[bool] = []

    def expire(signum: int, frame: object) -> None:
        expired.append(True)
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise AssertionError(f"still running after {seconds} s")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "POWDB_DATABASE_URL"}
    env["COLUMNS"] = "200"
    return env


def count_sources(url: str) -> int:
    """Sources stored so far, read without powdb (0 while the schema does not exist yet)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT count(*) FROM sources")).scalar_one())
    except sa.exc.DBAPIError:
        return 0
    finally:
        engine.dispose()


def wait_for_sources(process: subprocess.Popen[str], url: str, at_least: int) -> int:
    """Poll until ``at_least`` sources are stored; fails if the process ends first."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        stored = count_sources(url)
        if stored >= at_least:
            return stored
        assert process.poll() is None, f"powdb ended before {at_least} sources were stored"
        time.sleep(0.01)
    raise AssertionError(f"fewer than {at_least} sources after {TIMEOUT} s")


def dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: equal dumps mean nothing changed."""
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        tables = {}
        with engine.connect() as connection:
            for name, table in sorted(metadata.tables.items()):
                rows = [tuple(row) for row in connection.execute(sa.select(table))]
                tables[name] = sorted(rows, key=repr)
        return tables
    finally:
        engine.dispose()


def sources_and_claims(url: str) -> dict[int, tuple[str, str, list[tuple[int, int, str]]]]:
    """``{source id: (sha256, text, sorted automatic claim spans)}`` read straight from SQL."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            sources = {
                source_id: (sha, text, [])
                for source_id, sha, text in connection.execute(
                    sa.text("SELECT id, sha256, text FROM sources")
                )
            }
            for source_id, start, end, surface in connection.execute(
                sa.text(
                    "SELECT source_id, start, \"end\", surface FROM claims WHERE origin = 'auto'"
                )
            ):
                sources[source_id][2].append((start, end, surface))
    finally:
        engine.dispose()
    for _, _, spans in sources.values():
        spans.sort()
    return sources


def assert_whole_documents(url: str) -> int:
    """Every stored source holds exactly the claims extraction gives for its text, and no
    content is stored twice. Returns the number of sources."""
    sources = sources_and_claims(url)
    for source_id, (_, text, spans) in sources.items():
        expected = sorted((c.start, c.end, c.surface) for c in extract_claims(text))
        assert spans == expected, f"source {source_id} is not whole"
        assert all(text[start:end] == surface for start, end, surface in spans)
    duplicates = [sha for sha, n in Counter(s[0] for s in sources.values()).items() if n > 1]
    assert duplicates == []
    return len(sources)


def one_error_line(stderr: str) -> str:
    """The single ``Error: ...`` line of a failed command; no traceback around it."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, stderr
    return errors[0]
