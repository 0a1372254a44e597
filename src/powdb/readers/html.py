"""HTML pages: the main text only (no menus, footers or banners), with page metadata."""

from __future__ import annotations

import functools
import re
from configparser import ConfigParser
from typing import Any

from powdb.errors import InputError
from powdb.readers.document import (
    Document,
    clean_field,
    normalize_date,
    normalize_text,
    split_authors,
)

_JSON_LD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"')
# schema.org types that say more than "a web page"; the first one found on the page wins.
_KIND_FOR_SCHEMA_TYPE = {
    "NewsArticle": "newspaper article",
    "ReportageNewsArticle": "newspaper article",
    "AnalysisNewsArticle": "newspaper article",
    "OpinionNewsArticle": "newspaper article",
    "ScholarlyArticle": "article",
    "DiscussionForumPosting": "forum post",
    "SocialMediaPosting": "forum post",
    "Report": "report",
    "Book": "book",
}


@functools.cache
def _config() -> ConfigParser:
    from trafilatura.settings import use_config

    config = use_config()
    # trafilatura's timeout uses SIGALRM, which only works in the main thread; a library must
    # not depend on that.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def read_html(data: bytes, label: str) -> Document:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    # trafilatura (with lxml, courlan, htmldate...) takes ~0.3 s to import: only when needed.
    import trafilatura

    try:
        result: Any = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_config(),
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken input
        raise InputError(f"{label}: could not parse the HTML page ({_one_line(exc)})") from None
    text = normalize_text(result.text or "") if result is not None else ""
    if not text.strip():
        raise InputError(f"{label}: no main text found in the HTML page")
    return Document(
        text=text,
        kind=_kind_of(data),
        media_type="text/html",
        title=clean_field(result.title),
        authors=split_authors(result.author),
        issued=normalize_date(result.date),
        container=clean_field(result.sitename),
        url=clean_field(result.url),
        note=None,
        encoding=None,
    )


def _kind_of(data: bytes) -> str:
    head = data[: 2 * 1024 * 1024].decode("utf-8", "replace")
    if "application/ld+json" in head:
        for found in _JSON_LD_TYPE.finditer(head):
            kind = _KIND_FOR_SCHEMA_TYPE.get(found.group(1))
            if kind:
                return kind
            if found.group(1) in ("Review", "CriticReview") and '"Book"' in head:
                return "book review"
    return "web page"


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
