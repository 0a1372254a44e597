"""Write the dev-set documents and their gold files from marked-up passages.

Markup, so offsets are computed rather than counted by hand:

* ``{{surface|v=23500;h=roughly;c=American soldiers}}`` a claim (``v`` value, or ``lo``/``hi``
  for a range; ``h`` hedge; ``c`` counted; ``u`` unit; ``b=1`` borderline);
* ``<<surface|why>>`` a listed non-claim.

Run: ``.venv/bin/python bench/make_devset.py`` (rewrites bench/devset/*.txt and
bench/gold/devset_gold.jsonl, bench/gold/devset_nonclaims.jsonl).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "devset_passages.txt"
DOC_DIR = HERE / "devset"
GOLD = HERE / "gold" / "devset_gold.jsonl"
NONCLAIMS = HERE / "gold" / "devset_nonclaims.jsonl"
MARK_RE = re.compile(
    r"\{\{(?P<cs>[^|{}]+)\|(?P<attrs>[^{}]*)\}\}|<<(?P<ns>[^|<>]+)\|(?P<why>[^<>]*)>>"
)


def _number(raw: str) -> float | int:
    value = float(raw)
    return int(value) if value.is_integer() else value


def render(name: str, marked: str) -> tuple[str, list[dict[str, object]], list[dict[str, object]]]:
    """Strip the markup from one passage; return its text, claims and non-claims."""
    out: list[str] = []
    claims: list[dict[str, object]] = []
    nonclaims: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in MARK_RE.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        surface = m.group("cs") or m.group("ns")
        start, end = length, length + len(surface)
        out.append(surface)
        length = end
        pos = m.end()
        if m.group("cs") is not None:
            attrs = dict(kv.split("=", 1) for kv in m.group("attrs").split(";") if kv)
            claim: dict[str, object] = {
                "file": name,
                "value": _number(attrs["v"]) if "v" in attrs else None,
                "low": _number(attrs["lo"]) if "lo" in attrs else None,
                "high": _number(attrs["hi"]) if "hi" in attrs else None,
                "hedge": attrs.get("h"),
                "counted": attrs.get("c"),
                "unit": attrs.get("u"),
                "surface": surface,
                "start": start,
                "end": end,
            }
            if attrs.get("b") == "1":
                claim["borderline"] = True
            claims.append(claim)
        else:
            nonclaims.append(
                {
                    "file": name,
                    "surface": surface,
                    "why": m.group("why"),
                    "start": start,
                    "end": end,
                }
            )
    out.append(marked[pos:])
    text = "".join(out)
    for item in claims + nonclaims:
        assert text[item["start"] : item["end"]] == item["surface"], item  # type: ignore[misc]
    for claim in claims:
        start = int(claim["start"])  # type: ignore[call-overload]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        claim["quote"] = text[line_start : line_end if line_end != -1 else len(text)]
    return text, claims, nonclaims


def main() -> None:
    passages = re.split(r"^=== (\S+)\n", SOURCE.read_text(encoding="utf-8"), flags=re.M)
    DOC_DIR.mkdir(exist_ok=True)
    all_claims: list[dict[str, object]] = []
    all_nonclaims: list[dict[str, object]] = []
    for name, marked in zip(passages[1::2], passages[2::2], strict=True):
        text, claims, nonclaims = render(name, marked)
        (DOC_DIR / name).write_text(text, encoding="utf-8")
        all_claims += claims
        all_nonclaims += nonclaims
    GOLD.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in all_claims))
    NONCLAIMS.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in all_nonclaims))
    print(
        f"{len(passages) // 2} documents, {len(all_claims)} claims, {len(all_nonclaims)} non-claims"
    )


if __name__ == "__main__":
    main()
