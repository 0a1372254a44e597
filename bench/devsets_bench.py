"""Claim accuracy on the shared development sets, with each text in four forms.

Usage::

    .venv/bin/python bench/devsets_bench.py                    # ../shared next to the repo
    .venv/bin/python bench/devsets_bench.py --shared /path/to/shared --sets dev --forms txt,md
    SCORE_VERBOSE=1 .venv/bin/python bench/devsets_bench.py --forms wrapped   # misses and FPs

For each set (``dev``, ``dev2``: ``SHARED/SET/texts/*.txt`` with ``gold.jsonl`` and
``nonclaims.jsonl``) and each form, the texts are written to a temporary folder, ingested with
the real ``powdb.ingest.ingest_paths`` into a temporary SQLite database, the claims are exported
as ``powdb claims --format json`` exports them (``list_claims`` rendered as JSON), and the sets'
own scorer (``SHARED/dev/score.py``) scores them. The forms:

* ``txt``: the texts as given (Markdown with YAML front matter, saved as ``.txt``);
* ``md``: the same bytes renamed ``.md`` (claims are renamed back for the scorer);
* ``wrapped``: hard-wrapped at 72 columns by turning spaces into line breaks, so every gold
  offset still holds. Like ``pandoc --columns=72`` (the usual way to hard-wrap Markdown), table
  rows are left whole: a pipe table cannot be wrapped;
* ``pdf``: a PDF of the same text (fpdf2, DejaVu Sans where the machine has it, one source line
  after another, long lines wrapped at the page width, about 60 lines a page). The PDF's text
  layer is not the file's text (line breaks at other places, a blank line between pages, glyphs
  the font lacks left out), so claim offsets are mapped back onto the original text by aligning
  the two texts character by character before scoring;
* ``ocr`` (not run unless asked for: it takes minutes): a scan of the same text. Each text is
  drawn by Pillow on A4 pages at 200 dpi (DejaVu Sans 10 pt where the machine has it, else
  Pillow's own font; long lines wrapped at the page width, about 50 lines and 300-450 words a
  page), saved as a PDF of page images with no text layer, and ingested: powdb reads it by OCR
  (Tesseract). Claims are mapped back onto the original text as for ``pdf``; a line on stderr
  gives the pages and words per page.

Nothing from the shared folder is copied into the project; the texts are read at run time.
Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from powdb.db import open_database  # noqa: E402
from powdb.ingest import ingest_paths  # noqa: E402
from powdb.output import Format, render  # noqa: E402
from powdb.query import ClaimFilter, list_claims  # noqa: E402

FORMS = ("txt", "md", "wrapped", "pdf", "ocr")
DEFAULT_FORMS = ("txt", "md", "wrapped", "pdf")
SCAN_DPI = 200
WRAP_COLUMNS = 72
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)


def hard_wrap(text: str, columns: int = WRAP_COLUMNS) -> str:
    """Turn spaces into line breaks so no line is longer than ``columns`` where a space allows.

    Same length as ``text`` and the same characters but for spaces become line breaks, so
    offsets into ``text`` hold in the result. Table rows (lines starting with ``|``) are kept.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= columns or line.lstrip().startswith("|"):
            out.append(line)
            continue
        chars = list(line)
        line_start = 0
        last_space = -1
        for i, ch in enumerate(chars):
            if ch == " ":
                if i - line_start > columns and last_space > line_start:
                    chars[last_space] = "\n"
                    line_start = last_space + 1
                last_space = i
        if len(chars) - line_start > columns and last_space > line_start:
            chars[last_space] = "\n"
        out.append("".join(chars))
    return "\n".join(out)


def _font() -> str | None:
    for candidate in _FONT_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return None


def make_pdf(text: str, path: Path) -> None:
    """Print ``text`` line by line into a PDF, as an editor's "print to PDF" would."""
    import logging

    from fpdf import FPDF

    logging.getLogger("fpdf").setLevel(logging.ERROR)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = _font()
    if font:
        pdf.add_font("body", "", font)
        pdf.set_font("body", size=10)
    else:  # core font: Latin-1 only
        pdf.set_font("helvetica", size=10)
        text = text.encode("latin-1", "replace").decode("latin-1")
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(5)
            continue
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def make_scan(text: str, path: Path, dpi: int = SCAN_DPI) -> list[int]:
    """Draw ``text`` line by line on A4 page images at ``dpi`` and save them as a PDF with no
    text layer, as a scanner would; returns the number of words on each page."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = round(8.27 * dpi), round(11.69 * dpi)
    margin = round(0.8 * dpi)
    size = round(10 * dpi / 72)  # 10 pt
    font_path = _font()
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size=size)
    step = round(size * 1.45)
    lines: list[str] = []
    for source_line in text.split("\n"):
        words = source_line.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate) > width - 2 * margin:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    per_page = (height - 2 * margin) // step
    pages, words = [], []
    for first in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        chunk = lines[first : first + per_page]
        for number, line in enumerate(chunk):
            draw.text((margin, margin + number * step), line, font=font, fill=0)
        pages.append(page)
        words.append(sum(len(line.split()) for line in chunk))
    pages[0].save(path, format="PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return words


def align_fuzzy(read: str, source: str) -> list[int]:
    """For each offset of ``read`` (a text read back by OCR), the offset in ``source`` of the
    same character, found by matching the two texts' non-space characters with difflib (OCR
    drops, adds and changes characters, so the in-order matching of :func:`align` loses its
    place). A character with no match maps to the position after the last matched one."""
    import difflib

    read_at = [i for i, ch in enumerate(read) if not ch.isspace()]
    source_at = [j for j, ch in enumerate(source) if not ch.isspace()]
    matcher = difflib.SequenceMatcher(
        None, "".join(read[i] for i in read_at), "".join(source[j] for j in source_at), False
    )
    mapping = [-1] * (len(read) + 1)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[read_at[a + k]] = source_at[b + k]
    last = 0
    for i in range(len(read) + 1):
        if mapping[i] < 0:
            mapping[i] = last
        else:
            last = mapping[i] + 1 if i < len(read) and read[i].isspace() else mapping[i]
    mapping[len(read)] = last
    return mapping


def align(pdf_text: str, source: str) -> list[int]:
    """For each offset of ``pdf_text``, the offset in ``source`` of the same character.

    The two texts hold the same characters apart from white space (line breaks at other places,
    page separators) and glyphs the font lacks; non-space characters are matched in order,
    skipping a few on either side where they differ. A white-space character maps to the
    position after the last matched character.
    """
    mapping = [0] * (len(pdf_text) + 1)
    i = j = 0
    n, m = len(pdf_text), len(source)
    while i < n:
        ch = pdf_text[i]
        if ch.isspace():
            mapping[i] = j
            i += 1
            continue
        while j < m and source[j].isspace():
            j += 1
        if j < m and source[j] == ch:
            mapping[i] = j
            i += 1
            j += 1
            continue
        # Resynchronise: the nearest place where the next few characters agree.
        probe = pdf_text[i : i + 8].split()[0] if pdf_text[i : i + 8].split() else ch
        found = source.find(probe, j, j + 400)
        if found >= 0 and found - j < 400:
            j = found
            continue
        mapping[i] = j  # a character the source does not have here: skip it
        i += 1
    mapping[n] = j
    return mapping


#: Words on each scanned page drawn for the ``ocr`` form, for the line on stderr.
SCAN_WORDS: list[int] = []


def _write_form(texts: dict[str, str], form: str, folder: Path) -> dict[str, tuple[str, str]]:
    """Write every text in ``form``; returns {written name: (gold name, original text)}."""
    names: dict[str, tuple[str, str]] = {}
    for name, text in texts.items():
        stem = name[: -len(".txt")]
        if form == "txt":
            written, data = name, text
        elif form == "md":
            written, data = stem + ".md", text
        elif form == "wrapped":
            written, data = name, hard_wrap(text)
        elif form == "ocr":
            written = stem + ".pdf"
            SCAN_WORDS.extend(make_scan(text, folder / written))
            names[written] = (name, text)
            continue
        else:
            written = stem + ".pdf"
            make_pdf(text, folder / written)
            names[written] = (name, text)
            continue
        (folder / written).write_text(data, encoding="utf-8")
        names[written] = (name, text)
    return names


def run_form(
    set_dir: Path, score_py: Path, form: str, verbose: bool
) -> tuple[dict[str, str], float]:
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((set_dir / "texts").glob("*.txt"))
    }
    with tempfile.TemporaryDirectory(prefix=f"powdb-{set_dir.name}-{form}-") as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        names = _write_form(texts, form, folder)
        engine = open_database(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        summary = ingest_paths(engine, [str(folder)])
        seconds = time.perf_counter() - started
        for failed in summary.failed:
            print(f"  ingest failed: {failed.label}: {failed.error}", file=sys.stderr)
        if form == "ocr" and SCAN_WORDS:
            ordered = sorted(SCAN_WORDS)
            print(
                f"  {set_dir.name} ocr: {len(ordered)} pages at {SCAN_DPI} dpi, words per page "
                f"min {ordered[0]}, median {ordered[len(ordered) // 2]}, max {ordered[-1]}; "
                f"{sum(1 for w in ordered if w >= 300)} pages of 300 words or more",
                file=sys.stderr,
            )
            SCAN_WORDS.clear()
        rows = list_claims(engine, ClaimFilter())
        engine.dispose()
        claims_json = Path(tmp) / "claims.json"
        with claims_json.open("w", encoding="utf-8") as out:
            render(rows, Format.json, stream=out)
        claims = json.loads(claims_json.read_text(encoding="utf-8"))
        texts_stored = _stored_texts(Path(tmp) / "bench.db") if form in ("pdf", "ocr") else {}
        mappings: dict[str, list[int]] = {}
        misplaced = 0
        for claim in claims:
            written = os.path.basename(claim["source_path"])
            gold_name, original = names[written]
            claim["source_path"] = gold_name
            if form in ("pdf", "ocr"):
                if written not in mappings:
                    aligner = align_fuzzy if form == "ocr" else align
                    mappings[written] = aligner(texts_stored[written], original)
                mapping = mappings[written]
                start, end = claim["start"], claim["end"]
                claim["start"] = mapping[start]
                claim["end"] = mapping[max(start, end - 1)] + 1
                if "".join(original[claim["start"] : claim["end"]].split()) != "".join(
                    claim["surface"].split()
                ):
                    misplaced += 1
        if misplaced:
            print(
                f"  {set_dir.name} {form}: {misplaced} claims not mapped back exactly",
                file=sys.stderr,
            )
        claims_json.write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")
        env = dict(os.environ)
        if verbose:
            env["SCORE_VERBOSE"] = "1"
        result = subprocess.run(
            [
                sys.executable,
                str(score_py),
                str(claims_json),
                str(set_dir / "gold.jsonl"),
                str(set_dir / "nonclaims.jsonl"),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    if verbose:
        print(result.stdout)
    return _parse_score(result.stdout), seconds


def _stored_texts(db_path: Path) -> dict[str, str]:
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT path, text FROM sources").fetchall()
    return {os.path.basename(path): text for path, text in rows}


def _parse_score(output: str) -> dict[str, str]:
    figures: dict[str, str] = {}
    for line in output.splitlines():
        words = line.split()
        for key in ("precision", "recall", "hedge-accuracy", "F1", "tp", "fp", "fn"):
            if key in words:
                figures[key] = words[words.index(key) + 1]
    return figures


def _shared_folder(given: Path | None) -> Path | None:
    candidates = [given] if given else [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for candidate in candidates:
        if (candidate / "dev" / "score.py").is_file():
            return candidate.resolve()
    return None


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="the shared folder (default: ../shared beside the repository, or one level up)",
    )
    parser.add_argument("--sets", default="dev,dev2")
    parser.add_argument(
        "--forms",
        default=",".join(DEFAULT_FORMS),
        help=f"some of {', '.join(FORMS)} (default: all but ocr, which takes minutes)",
    )
    args = parser.parse_args(argv)
    shared = _shared_folder(args.shared)
    if shared is None:
        parser.error("no shared folder with dev/score.py found; give --shared PATH")
    score_py = shared / "dev" / "score.py"
    verbose = bool(os.environ.get("SCORE_VERBOSE"))
    print(f"shared: {shared}")
    print(f"{'set':<5} {'form':<8} {'P':>6} {'R':>6} {'F1':>6} {'hedges':>7} {'tp':>4} {'fp':>4} "
          f"{'fn':>4} {'ingest s':>9}")  # fmt: skip
    for set_name in args.sets.split(","):
        for form in args.forms.split(","):
            if form not in FORMS:
                parser.error(f"unknown form {form!r} (one of {', '.join(FORMS)})")
            figures, seconds = run_form(shared / set_name, score_py, form, verbose)
            print(
                f"{set_name:<5} {form:<8} {figures.get('precision', '?'):>6} "
                f"{figures.get('recall', '?'):>6} {figures.get('F1', '?'):>6} "
                f"{figures.get('hedge-accuracy', '?'):>7} {figures.get('tp', '?'):>4} "
                f"{figures.get('fp', '?'):>4} {figures.get('fn', '?'):>4} {seconds:>9.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
