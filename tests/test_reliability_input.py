"""Bad input never loses data: each case is a one-line error or a correct result, and a command
that fails leaves the stored data exactly as it was (a dump of every table before and after)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from powdb.db import open_database
from powdb.files import find_files
from powdb.ingest import ingest_files
from powdb.store import LARGE_DOCUMENT_CHARS
from reliability_support import (
    assert_whole_documents,
    deadline,
    dump,
    one_error_line,
    paragraph,
    sources_and_claims,
    write_documents,
)

FILLER_SENTENCES = (
    "The ledgers of the camp administration were kept in a fine hand and survived the war.",
    "Later historians disagreed about how the lists had been compiled, and by whom.",
    "The winter was long, the roads were poor and the trains ran when they could.",
)
GOOD = "The commission counted 4,200 prisoners of war at the camp in the spring.\n"


def make_bad_entry(kind: str, folder: Path) -> Path:
    """One thing that is not a readable document, made in ``folder``."""
    folder.mkdir(exist_ok=True)
    path = folder / f"{kind}.txt"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank":
        path.write_text("  \n\n\t \n")
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(4000))
    elif kind == "random-bytes":
        path.write_bytes(random.Random(2).randbytes(5000))
    elif kind == "dangling-link":
        path.symlink_to(folder / "nowhere.txt")
    elif kind == "link-loop":
        path.symlink_to(path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        raise AssertionError(kind)
    return path


BAD_KINDS = ["empty", "blank", "binary", "random-bytes", "dangling-link", "link-loop", "fifo"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_a_bad_file_is_one_error_line_and_changes_nothing(
    kind: str, tmp_path: Path, cli, db_url: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    assert cli("ingest", str(tmp_path / "good.txt"), "--db", db_url).exit_code == 0
    before = dump(db_url)
    bad = make_bad_entry(kind, tmp_path / "bad")
    # A FIFO must be refused, not opened and waited on: a hang fails the test.
    with deadline(60):
        result = cli("ingest", str(bad), "--db", db_url)
    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr).startswith("Error: ")
    assert one_error_line(result.stderr).startswith(f"Error: {bad}: ")
    assert dump(db_url) == before


def test_a_folder_of_good_and_bad_entries_stores_the_good_and_names_each_bad(
    tmp_path: Path, cli, db_url: str
) -> None:
    folder = tmp_path / "corpus"
    bad = [make_bad_entry(kind, folder) for kind in BAD_KINDS]
    (folder / "good.txt").write_text(GOOD)
    (folder / "x.txt").mkdir()  # a folder with a document's name is walked, not read
    (folder / "x.txt" / "inner.txt").write_text("Some 310 officers were released in 1946.\n")
    (folder / "loop").symlink_to(folder)  # a directory loop is walked once
    (folder / "up").symlink_to(tmp_path)

    with deadline(60):
        result = cli("ingest", str(folder), "--db", db_url)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error"))
    assert len(errors) == len(bad)
    for path, line in zip(sorted(map(str, bad)), errors, strict=True):
        assert line.startswith(f"Error: {path}: "), line
    assert "2 added" in result.stderr and f"{len(bad)} failed" in result.stderr
    assert assert_whole_documents(db_url) == 2
    before = dump(db_url)
    with deadline(60):
        again = cli("ingest", str(folder), "--db", db_url)
    assert again.exit_code == 1 and "0 added" in again.stderr and "2 unchanged" in again.stderr
    assert dump(db_url) == before


def test_invalid_utf8_is_read_with_exact_offsets(tmp_path: Path, cli, db_url: str) -> None:
    raw = "Le caf\xe9 de la gare: about 2,300 soldiers waited; the r\xe9gime said 2,000.\n"
    (tmp_path / "latin1.txt").write_bytes(raw.encode("cp1252"))  # \xe9 alone is not UTF-8
    result = cli("ingest", "latin1.txt", "--db", db_url)
    assert result.exit_code == 0, result.output
    ((_, text, spans),) = sources_and_claims(db_url).values()
    assert "café" in text
    assert "2,000" in {surface for _, _, surface in spans}
    assert all(text[start:end] == surface for start, end, surface in spans)
    assert assert_whole_documents(db_url) == 1


def test_a_file_that_vanishes_after_listing_is_reported_and_the_rest_stored(
    tmp_path: Path, db_url: str
) -> None:
    write_documents(tmp_path / "docs", 6)
    files = find_files([str(tmp_path / "docs")]).files
    engine = open_database(db_url)
    vanished = files[3][1]
    assert vanished is not None

    def delete_the_next_one(result: object) -> None:
        if vanished.exists():
            vanished.unlink()

    summary = ingest_files(engine, files, on_result=delete_the_next_one)
    engine.dispose()
    assert [r.status for r in summary.results] == ["added"] * 3 + ["failed"] + ["added"] * 2
    assert summary.results[3].error == f"{vanished}: no such file"
    assert assert_whole_documents(db_url) == 5


def test_a_large_generated_file_is_stored_whole(tmp_path: Path, cli) -> None:
    """One document a megabyte over the size that is extracted window by window while it is
    stored, a figure every 2 KB or so; bench/memory_bench.py measures memory on 100 MB.
    SQLite only: the point is the size of one document, not the backend."""
    db_url = "sqlite:///" + str(tmp_path / "large.db")
    rng = random.Random(7)
    filler = " ".join(FILLER_SENTENCES) + "\n\n"
    sections = []
    for number in range((LARGE_DOCUMENT_CHARS + 1024 * 1024) // (len(filler) * 5 + 120)):
        sections.append(f"Section {number}. {paragraph(rng)}\n\n" + filler * 5)
    text = "".join(sections) + "The end: 77 men.\n"
    (tmp_path / "large.txt").write_text(text, encoding="utf-8")

    result = cli("ingest", "large.txt", "--db", db_url)

    assert result.exit_code == 0, result.output
    ((_, stored, spans),) = sources_and_claims(db_url).values()
    assert stored == text
    assert len(spans) >= len(sections)
    assert all(stored[start:end] == surface for start, end, surface in spans)
    assert spans[-1][0] == len(text) - len("77 men.\n")
    assert len(text) > LARGE_DOCUMENT_CHARS
    assert cli("db", "check", "--db", db_url).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "good.txt", "--jobs", "0"],
        ["ingest", "good.txt", "--jobs", "65"],
        ["ingest", "good.txt", "--jobs", "two"],
        ["claims", "--min", "abc"],
        ["claims", "--max", "1e"],
        ["claims", "--limit", "0"],
        ["claims", "--limit", "-5"],
        ["claims", "--source", "x"],
        ["claims", "--format", "xml"],
        ["sources", "edit", "0", "--title", "T"],
        ["sources", "edit", "one", "--title", "T"],
        ["ingest", "good.txt", "--no-such-option"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_malformed_or_out_of_range_option_is_a_usage_error(
    args: list[str], tmp_path: Path, cli, db_url: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    assert cli("ingest", "good.txt", "--db", db_url).exit_code == 0
    before = dump(db_url)
    result = cli(*args, "--db", db_url)
    assert result.exit_code == 2, result.output
    assert one_error_line(result.stderr).startswith("Error: ")
    assert result.stdout == ""
    assert dump(db_url) == before


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "good.txt", "--date", "1945-13-40"],
        ["sources", "edit", "99", "--title", "T"],
        ["claims", "--source", "99", "--db", "data"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_value_that_parses_but_is_wrong_is_one_error_line(
    args: list[str], tmp_path: Path, cli, db_url: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "data").mkdir()
    assert cli("ingest", "good.txt", "--db", db_url).exit_code == 0
    before = dump(db_url)
    result = cli(*args, *([] if "--db" in args else ["--db", db_url]))
    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr).startswith("Error: ")
    assert dump(db_url) == before


def test_sql_looking_search_text_is_only_text(tmp_path: Path, cli, db_url: str) -> None:
    attack = "'; DROP TABLE claims; --"
    (tmp_path / "a.txt").write_text(
        f"The clerk wrote {attack} beside roughly 300 names on the list.\n"
        "Another 40 prisoners of war were moved in 1946.\n"
    )
    assert cli("ingest", "a.txt", "--db", db_url).exit_code == 0
    before = dump(db_url)
    found = cli.json("claims", "--db", db_url, "--search", attack)
    assert all(attack in claim["quote"] for claim in found)
    for text in (attack, "%", "_", "\\", '" OR 1=1 --', "' OR '1'='1"):
        result = cli("claims", "--db", db_url, "--search", text, "--format", "json")
        assert result.exit_code == 0, result.output
    assert cli.json("claims", "--db", db_url, "--search", "%") == []
    assert dump(db_url) == before
    assert len(cli.json("claims", "--db", db_url)) == 2


UNICODE_DIGITS = (
    "Le rapport: ٣٠٠ جندي عادوا إلى الوطن. "
    "Full-width: ３００ soldiers came home in １９４６. "
    "Devanagari: ३०० men. "
    "Plain: about 4,500 prisoners of war were released.\n"
)
RIGHT_TO_LEFT = (
    "בשנת 1945 שוחררו כ-300 שבויי מלחמה מהמחנה, ו-1,200 נוספים הועברו דרומה.\n"
    "وفي عام 1946 عاد نحو 4,000 أسير حرب إلى بلادهم، وبقي 250 في المعسكر.\n"
    "An English line: about 75 officers stayed behind.\n"
)


@pytest.mark.parametrize("text", [UNICODE_DIGITS, RIGHT_TO_LEFT], ids=["digits", "rtl"])
def test_unicode_digits_and_right_to_left_text_keep_offsets_exact(
    text: str, tmp_path: Path, cli, db_url: str
) -> None:
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    result = cli("ingest", "doc.txt", "--db", db_url)
    assert result.exit_code == 0, result.output
    ((_, stored, spans),) = sources_and_claims(db_url).values()
    assert stored == text
    assert all(stored[start:end] == surface for start, end, surface in spans)
    surfaces = [surface for _, _, surface in spans]
    assert any("4,5" in s or "4,000" in s or "75" in s for s in surfaces), surfaces
    for claim in cli.json("claims", "--db", db_url):
        assert claim["surface"] in claim["quote"]
        assert stored[claim["start"] : claim["end"]] == claim["surface"]
    assert cli("db", "check", "--db", db_url).exit_code == 0
    assert assert_whole_documents(db_url) == 1
