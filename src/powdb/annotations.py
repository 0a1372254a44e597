"""Claims as W3C Web Annotations (JSON-LD), for annotation tools: ``claims --format annotation``.

One annotation per claim (https://www.w3.org/TR/annotation-model/), targeting the source's web
address, or its file as a ``file://`` URI, with two selectors that find the figure again:

- a ``TextQuoteSelector``: the figure's exact text and up to :data:`CONTEXT` characters before
  and after it, which Hypothesis-style and Recogito-style tools anchor by, in the page or PDF
  as they render it;
- a ``TextPositionSelector``: ``start`` and ``end``, Unicode code point offsets (Python ``str``
  indices, as the model asks) into the text powdb stored, so ``text[start:end] == exact``. For
  text and Markdown files that text is the file as written (decoded, NFC, LF line ends); for
  HTML, PDF and OCR it is the text powdb read from them.

A claim from a PDF page also gets a ``FragmentSelector`` ``page=N`` (RFC 3778).
The body describes the claim in words (figure, interval, what is counted, subject) and tags it
with its subject's label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from powdb import __version__
from powdb.models import Source, table
from powdb.output import figure

sources_t = table(Source)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Characters of text kept before and after the figure in a TextQuoteSelector (Hypothesis
#: keeps 32).
QUOTE_CONTEXT = 32
_WEB = re.compile(r"https?://", re.IGNORECASE)
# Source texts are read this many at a time.
_BATCH = 200


def target_iri(source: Mapping[str, Any]) -> str:
    """What an annotation of ``source`` targets: its web address, else its file's URI."""
    url = source.get("url") or ""
    if _WEB.match(url):
        return str(url)
    return Path(str(source["path"])).resolve().as_uri()


def claim_iri(source: Mapping[str, Any], claim_id: int) -> str:
    """The annotation's own IRI: the claim within its source (the document's SHA-256, so
    the same document's claims have the same IRIs in any copy of the database)."""
    return f"urn:x-powdb:{source['sha256']}:claim:{claim_id}"


def _interval(claim: Mapping[str, Any]) -> str:
    low, high = claim.get("fig_low"), claim.get("fig_high")
    if low is None:
        return ""
    if high is None:
        return f"at least {_number(low)}"
    return _number(low) if low == high else f"{_number(low)} to {_number(high)}"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


def description(claim: Mapping[str, Any]) -> str:
    """The claim in words: "roughly 23,500 American (21,150 to 25,850); subject: ..."."""
    text = figure(dict(claim))
    if claim.get("counted"):
        text += f" {claim['counted']}"
    interval = _interval(claim)
    if interval:
        text += f" (interval {interval})"
    if claim.get("subject"):
        text += f"; subject: {claim['subject']}"
    return text + f"; powdb claim {claim['id']}"


def to_annotation(claim: Mapping[str, Any], source: Mapping[str, Any], text: str) -> dict[str, Any]:
    """One W3C Web Annotation for ``claim`` (a claim in powdb's JSON shape) of ``source`` (a
    source row with ``url``, ``path``, ``sha256``, ``media_type``) whose stored text is
    ``text``."""
    start, end = int(claim["start"]), int(claim["end"])
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
            "suffix": text[end : end + QUOTE_CONTEXT],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]
    if claim.get("page") is not None and source.get("media_type") == "application/pdf":
        selectors.append(
            {
                "type": "FragmentSelector",
                "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
                "value": f"page={claim['page']}",
            }
        )
    body: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": description(claim),
        }
    ]
    if claim.get("subject"):
        body.append({"type": "TextualBody", "purpose": "tagging", "value": claim["subject"]})
    target: dict[str, Any] = {"source": target_iri(source), "selector": selectors}
    if source.get("media_type"):
        target["format"] = source["media_type"]
    return {
        "@context": CONTEXT,
        "id": claim_iri(source, int(claim["id"])),
        "type": "Annotation",
        "motivation": "describing",
        "generator": {"type": "Software", "name": f"powdb {__version__}"},
        "body": body,
        "target": target,
    }


def claim_annotations(
    engine: Engine, claims: Sequence[Mapping[str, Any]]
) -> Iterator[dict[str, Any]]:
    """An annotation per claim, in order; source texts are read a batch at a time.

    A manual claim whose quote is gone from its changed source (``anchored`` false) has no
    place in the text any more: it is left out.
    """
    for offset in range(0, len(claims), _BATCH):
        batch = claims[offset : offset + _BATCH]
        sources = _sources(engine, {int(c["source_id"]) for c in batch})
        for claim in batch:
            if claim.get("anchored") is False:
                continue
            source = sources[int(claim["source_id"])]
            yield to_annotation(claim, source, source["text"])


def _sources(engine: Engine, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    query = sa.select(
        sources_t.c.id,
        sources_t.c.url,
        sources_t.c.path,
        sources_t.c.sha256,
        sources_t.c.media_type,
        sources_t.c.text,
    ).where(sources_t.c.id.in_(sorted(set(ids))))
    with engine.connect() as connection:
        return {row["id"]: dict(row) for row in connection.execute(query).mappings()}
