"""Describing sources as citations: CSL-JSON, BibTeX and a short human-readable form.

Pure functions over a plain mapping of source fields, so they work the same on a database row,
a JSON record or a dict typed by hand:

    id, title, authors (list of names as written), issued (ISO date or partial), container,
    url, kind (one of ``powdb.readers.KINDS``), accessed (ISO date of ingest), note, path,
    citation_key (the stored BibTeX key), about (what an untitled source is about)

Missing or empty fields are left out of the output. ``accessed`` is given only for a source
read from the web (an http or https URL): a local PDF or a book was not "accessed" on the day
it was ingested. A source without a title is described in square brackets, as style guides
describe an untitled work ("[Untitled web page on Lienz, Cossacks]"), never left empty.

BibTeX is written in one dialect, biblatex's (``date``, ``journaltitle``, ``urldate``,
``@online``, ``@report``, ``@review``), which Zotero, JabRef and biber read.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import PurePath
from typing import Any

CSL_TYPE_FOR_KIND = {
    "article": "article-journal",
    "book review": "review-book",
    "web page": "webpage",
    "forum post": "post",
    "newspaper article": "article-newspaper",
    "book": "book",
    "report": "report",
    "document": "document",
}

# biblatex entry type and the field the container goes in, per kind.
_BIBTEX_FOR_KIND = {
    "article": ("article", "journaltitle"),
    "book review": ("review", "journaltitle"),
    "newspaper article": ("article", "journaltitle"),
    "web page": ("online", "organization"),
    "forum post": ("online", "organization"),
    "book": ("book", "publisher"),
    "report": ("report", "institution"),
    "document": ("misc", "howpublished"),
}

_ORGANIZATION_WORDS = frozenset(
    [
        "agency",
        "archive",
        "archives",
        "association",
        "bureau",
        "board",
        "center",
        "centre",
        "commission",
        "committee",
        "company",
        "corporation",
        "council",
        "department",
        "foundation",
        "government",
        "inc",
        "institute",
        "institution",
        "library",
        "ltd",
        "ministry",
        "museum",
        "news",
        "office",
        "organisation",
        "organization",
        "party",
        "press",
        "service",
        "society",
        "staff",
        "university",
    ]
)
_PARTICLES = frozenset(
    [
        "da",
        "de",
        "del",
        "della",
        "der",
        "di",
        "du",
        "dos",
        "la",
        "le",
        "van",
        "von",
        "ten",
        "ter",
        "zu",
    ]
)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def load_csl_schema() -> dict[str, Any]:
    """The CSL-JSON data schema (csl-data.json) shipped with powdb."""
    text = resources.files("powdb").joinpath("schemas", "csl-data.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- names and dates -------------------------------------------------------------------------


def split_name(name: str) -> dict[str, str]:
    """A CSL name: ``{"family", "given"}`` for a person, ``{"literal"}`` for anything else.

    "Fisk, Robert" and "Robert Fisk" give the same result; lower-case particles stay with the
    family name ("Ludwig van Beethoven" -> family "van Beethoven"). Single words, organisations
    and names in braces are kept whole.
    """
    name = " ".join(name.split())
    if name.startswith("{") and name.endswith("}"):
        return {"literal": name[1:-1].strip()}
    if "," in name:
        family, _, given = name.partition(",")
        family, given = family.strip(), given.strip()
        if family and given:
            return {"family": family, "given": given}
        return {"literal": family or given}
    words = name.split(" ")
    lowered = {w.strip(".&").lower() for w in words}
    if len(words) < 2 or lowered & _ORGANIZATION_WORDS:
        return {"literal": name}
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in _PARTICLES:
        family_start -= 1
    return {"family": " ".join(words[family_start:]), "given": " ".join(words[:family_start])}


def _date_parts(value: str) -> list[int] | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    return [int(part) for part in match.groups() if part is not None]


def _csl_date(value: str) -> dict[str, Any]:
    parts = _date_parts(value)
    if parts is None:
        return {"literal": value}
    return {"date-parts": [parts]}


def _text(source: Mapping[str, Any], key: str) -> str | None:
    value = source.get(key)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _authors(source: Mapping[str, Any]) -> list[str]:
    value = source.get("authors")
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(";")
    return [" ".join(str(a).split()) for a in value if str(a).strip()]


def _kind(source: Mapping[str, Any]) -> str:
    kind = _text(source, "kind")
    return kind if kind in CSL_TYPE_FOR_KIND else "document"


_WEB_URL = re.compile(r"https?://", re.IGNORECASE)


def is_web(source: Mapping[str, Any]) -> bool:
    """True for a source read from the web: its URL is http or https."""
    return bool(_WEB_URL.match(_text(source, "url") or ""))


def web_accessed(source: Mapping[str, Any]) -> str | None:
    """The day a web source was accessed (ingested); None for anything else."""
    return _text(source, "accessed") if is_web(source) else None


def described_title(source: Mapping[str, Any]) -> str:
    """What to call a source that has no title: its kind and what it is about (the names it
    repeats), in square brackets as for an untitled work: "[Untitled document on Siberia,
    NKVD, Stalin]"; without those names, its file's name: "[Untitled document, scan-0042.pdf]"."""
    kind = _kind(source)
    about = _text(source, "about")
    if about:
        return f"[Untitled {kind} on {about}]"
    path = _text(source, "path")
    name = PurePath(path).name if path else None
    if name:
        return f"[Untitled {kind}, {name}]"
    if source.get("id") is not None:
        return f"[Untitled {kind}, source {source.get('id')}]"
    return f"[Untitled {kind}]"


def title_of(source: Mapping[str, Any]) -> str:
    """The source's title, or for an untitled one :func:`described_title`."""
    return _text(source, "title") or described_title(source)


# --- CSL-JSON --------------------------------------------------------------------------------


def to_csl_json(source: Mapping[str, Any], key: str | None = None) -> dict[str, Any]:
    """One CSL-JSON item (valid against csl-data.json when wrapped in a list). With ``key``
    (its citation key) the item's id is the key, as pandoc's ``[@key]`` and Zotero read it."""
    source_id = source.get("id")
    item: dict[str, Any] = {
        "id": key or (source_id if isinstance(source_id, (int, str)) else str(source_id)),
        "type": CSL_TYPE_FOR_KIND[_kind(source)],
    }
    if key:
        item["citation-key"] = key
    item["title"] = title_of(source)
    authors = _authors(source)
    if authors:
        item["author"] = [split_name(a) for a in authors]
    issued = _text(source, "issued")
    if issued:
        item["issued"] = _csl_date(issued)
    accessed = web_accessed(source)
    if accessed:
        item["accessed"] = _csl_date(accessed)
    for key, csl_key in (("container", "container-title"), ("url", "URL"), ("note", "note")):
        value = _text(source, key)
        if value:
            item[csl_key] = value
    return item


# --- BibTeX ----------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "and",
        "to",
        "for",
        "at",
        "by",
        "with",
        "from",
        "le",
        "la",
        "les",
        "der",
        "die",
        "das",
    ]
)


def escape_bibtex(value: str) -> str:
    """Escape LaTeX special characters so ``value`` is safe inside a braced BibTeX field."""
    return _LATEX_SPECIAL_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], value)


def _bibtex_url(url: str) -> str:
    # url fields are read verbatim by biblatex; only braces and backslashes could break the
    # entry, and they are never needed unencoded in a URL.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def base_key(source: Mapping[str, Any]) -> str:
    """A source's citation key as its metadata suggests it: author + year + first title word
    ("doe2003siege"), or "source<id>" when it has none of them."""
    authors = _authors(source)
    who = ""
    if authors:
        name = split_name(authors[0])
        who = _ascii_word((name.get("family") or name.get("literal") or "").split(" ")[-1])
    issued = _text(source, "issued") or ""
    year = issued[:4] if issued[:4].isdigit() else ""
    title_words = [_ascii_word(w) for w in (_text(source, "title") or "").split()]
    word = next((w for w in title_words if w and w not in _STOP_WORDS), "")
    key = f"{who}{year}{word}"
    return key or f"source{_ascii_word(str(source.get('id') or ''))}"


def new_key(source: Mapping[str, Any], taken: set[str]) -> str:
    """A key for ``source`` that is not in ``taken``: its :func:`base_key`, or when another
    source has that, the base and the source's id ("doe2003siege-12")."""
    base = base_key(source)
    if base not in taken:
        return base
    key = f"{base}-{_ascii_word(str(source.get('id') or '')) or 'x'}"
    candidate, n = key, 1
    while candidate in taken:  # ids missing or equal: fall back to a counter
        n += 1
        candidate = f"{key}-{n}"
    return candidate


#: What a citation key may be: letters, digits and ``_ - : .``, starting with a letter or digit
#: (what BibTeX, biber and Zotero all accept in a key), at most 100 characters.
KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.-]{0,99}")


def check_key(key: str) -> str:
    """``key`` if it can be a citation key; ValueError saying why not."""
    if not KEY_PATTERN.fullmatch(key):
        raise ValueError(
            f"{key!r} cannot be a citation key: use letters, digits and _ - : . "
            "(no spaces), starting with a letter or digit, at most 100 characters"
        )
    return key


def bibtex_keys(sources: Sequence[Mapping[str, Any]]) -> list[str]:
    """Citation keys for ``sources``, in order: each source's stored ``citation_key``, and for
    one without, a :func:`new_key` that no other source in ``sources`` has (powdb stores keys
    when it writes; a key made here is the one it will store, given all sources in id order)."""
    taken = {str(s["citation_key"]) for s in sources if s.get("citation_key")}
    keys: list[str] = []
    for source in sources:
        key = source.get("citation_key")
        if not key:
            key = new_key(source, taken)
            taken.add(key)
        keys.append(str(key))
    return keys


def _bibtex_name(name: str) -> str:
    parts = split_name(name)
    if "literal" in parts:
        return "{" + escape_bibtex(parts["literal"]) + "}"
    return f"{escape_bibtex(parts['family'])}, {escape_bibtex(parts['given'])}"


def to_bibtex_entry(source: Mapping[str, Any], key: str) -> str:
    """One biblatex entry for ``source`` under citation key ``key``."""
    kind = _kind(source)
    entry_type, container_field = _BIBTEX_FOR_KIND[kind]
    fields: list[tuple[str, str]] = []
    authors = _authors(source)
    if authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in authors)))
    fields.append(("title", escape_bibtex(title_of(source))))
    container = _text(source, "container")
    if container:
        fields.append((container_field, escape_bibtex(container)))
    issued = _text(source, "issued")
    if issued and _date_parts(issued):
        fields.append(("date", issued))
    elif issued:  # not a date biblatex reads: kept as written
        fields.append(("year", escape_bibtex(issued)))
    url = _text(source, "url")
    if url:
        fields.append(("url", _bibtex_url(url)))
    accessed = web_accessed(source)
    if accessed and _date_parts(accessed):
        fields.append(("urldate", accessed))
    if kind == "report":
        fields.append(("type", "Report"))  # biblatex requires a @report's type
    note = _text(source, "note")
    if note:
        fields.append(("note", escape_bibtex(note)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def to_bibtex(sources: Iterable[Mapping[str, Any]], keys: Sequence[str] | None = None) -> str:
    """A biblatex file with one entry per source, under ``keys`` (by default
    :func:`bibtex_keys`: each source's stored key, or the key powdb will store)."""
    items = list(sources)
    keys = bibtex_keys(items) if keys is None else keys
    return "\n".join(to_bibtex_entry(s, k) for s, k in zip(items, keys, strict=True))


# --- human-readable --------------------------------------------------------------------------


def _human_date(value: str) -> str:
    parts = _date_parts(value)
    if not parts:
        return value
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    if len(parts) == 3 and 1 <= parts[1] <= 12:
        return f"{parts[2]} {months[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2 and 1 <= parts[1] <= 12:
        return f"{months[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def format_citation(source: Mapping[str, Any], page: int | None = None) -> str:
    """A short one-line citation: Author(s), "Title", Container, Date, URL, p. N.

    An untitled source is described in square brackets with its file's name
    ("[Untitled document on Siberia, NKVD; 001.txt]"); ``page`` is the page of a claim.
    """
    pieces: list[str] = []
    authors = _authors(source)
    if len(authors) > 3:
        pieces.append(f"{authors[0]} et al.")
    elif authors:
        pieces.append(
            authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
        )
    title = _text(source, "title")
    if title:
        pieces.append(f"\u201c{title}\u201d")
    else:
        described = described_title(source)
        path = _text(source, "path")
        name = PurePath(path).name if path else None
        if name and name not in described:
            described = f"{described[:-1]}; {name}]"
        pieces.append(described)
    for value in (_text(source, "container"),):
        if value:
            pieces.append(value)
    issued = _text(source, "issued")
    if issued:
        pieces.append(_human_date(issued))
    url = _text(source, "url")
    if url:
        pieces.append(url)
    if page is not None:
        pieces.append(f"p. {page}")
    return ", ".join(pieces)
