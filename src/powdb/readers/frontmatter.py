"""YAML front matter: found, parsed with PyYAML's safe loader, and sorted into prose and metadata.

A front matter block is the YAML between a first line ``---`` and the next line ``---`` or
``...``, as Jekyll, Hugo, Pandoc and most static-site tools write it. It stays in the stored
text (offsets index the file as written); the analysis view keeps the values that are prose —
a summary, a description, a casualty line: strings of several words — and blanks the rest:
keys, dates, ids, addresses, coordinates, numbers, and the fields that describe the source
(title, name, author, date, url...), which go to the source record instead.

YAML dates parse as :class:`datetime.date`; :func:`powdb.readers.document.normalize_date` reads
them like strings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's parser is several times faster; PyYAML without it behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: The block must close within this many characters of the start.
MAX_FRONT_MATTER_CHARS = 65536
_CLOSING_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_DATE_LIKE_RE = re.compile(r"^[0-9]{1,4}(?:[-/.][0-9]{1,2}){0,2}(?:[T ][0-9:.+-Z]*)?$")

#: Front matter keys whose value describes the source (they go to the source record).
SOURCE_FIELDS = {
    "title": "title",
    "name": "title",
    "author": "authors",
    "authors": "authors",
    "creator": "authors",
    "by": "authors",
    "date": "issued",
    "issued": "issued",
    "published": "issued",
    "year": "issued",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "source url": "url",
    "kind": "kind",
    "type": "kind",
    "container": "container",
    "container-title": "container",
    "site": "container",
    "sitename": "container",
    "website": "container",
    "journal": "container",
    "newspaper": "container",
    "publication": "container",
    "periodical": "container",
    "note": "note",
    "notes": "note",
}
# Keys whose values are metadata whatever they look like: identifiers, dates, places on a map,
# pictures and addresses, classifications.
_METADATA_KEY_RE = re.compile(
    r"(?:^|[^a-z])(?:id|slug|uuid|key|date|dates|time|updated|created|modified|birth|death|born|"
    r"died|image|images|img|photo|thumbnail|cover|icon|logo|url|urls|link|links|href|permalink|"
    r"canonical|coordinates|coords|lat|latitude|lon|lng|longitude|geo|tags|tag|category|"
    r"categories|layout|template|draft|lang|language|locale|weight|order|aliases)(?:$|[^a-z])"
)


@functools.lru_cache(maxsize=1024)
def normalize_key(key: object) -> str:
    """A key compared case- and separator-insensitively: "Source_URL" -> "source url"."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(key))
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class FrontMatter:
    """A parsed front matter block at the start of a text.

    ``end`` is the offset just after the closing line (and its line break): the body starts
    there. ``data`` is what PyYAML's safe loader made of the block (a mapping). ``prose`` are
    the ``(start, end)`` offsets, in the whole text, of the values that are prose; ``fields``
    maps each value's offsets to its key path ("casualties", "socialLinks.wikipedia").
    """

    end: int
    data: Mapping[str, Any]
    prose: tuple[tuple[int, int], ...] = ()
    fields: tuple[tuple[int, int, str], ...] = field(default=())


def find_front_matter(text: str) -> FrontMatter | None:
    """The front matter block at the start of ``text``, or None if there is none.

    None too when the block is not a YAML mapping (a thematic break followed by prose, an
    unclosed block, YAML that does not parse): then the lines are ordinary text.
    """
    if not text.startswith("---"):
        return None
    first_break = text.find("\n")
    if first_break < 0 or text[3:first_break].strip():
        return None
    body_start = first_break + 1
    closing = _CLOSING_RE.search(text, body_start, min(len(text), MAX_FRONT_MATTER_CHARS))
    if closing is None:
        return None
    end = closing.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    parsed = _parse(text[body_start : closing.start()])
    if parsed is None:
        return None
    data, prose, fields = parsed
    return FrontMatter(
        end,
        data,
        tuple((body_start + a, body_start + b) for a, b in prose),
        tuple((body_start + a, body_start + b, key) for a, b, key in fields),
    )


@functools.lru_cache(maxsize=16)  # reading a file and analysing its text parse it once
def _parse(
    source: str,
) -> tuple[dict[str, Any], list[tuple[int, int]], list[tuple[int, int, str]]] | None:
    """The YAML mapping in ``source``, its prose values' and all values' offsets in it."""
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(data, dict) or not data or not isinstance(node, yaml.MappingNode):
        return None
    prose: list[tuple[int, int]] = []
    fields: list[tuple[int, int, str]] = []
    for keys, value_node in _values(node, ()):
        start, stop = value_node.start_mark.index, value_node.end_mark.index
        fields.append((start, stop, ".".join(keys)))
        if _is_prose(keys, value_node):
            if value_node.style in ("'", '"'):
                start, stop = start + 1, stop - 1
            prose.append((start, stop))
    return data, prose, fields


def _values(
    node: yaml.Node, keys: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], yaml.ScalarNode]]:
    """Every scalar value under ``node`` with the keys that lead to it."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            yield from _values(value_node, (*keys, key))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _values(item, keys)
    elif isinstance(node, yaml.ScalarNode) and keys:
        yield keys, node


@functools.lru_cache(maxsize=1024)
def _is_metadata_key(key: str) -> bool:
    normalized = normalize_key(key)
    return normalized in SOURCE_FIELDS or _METADATA_KEY_RE.search(normalized) is not None


def _is_prose(keys: tuple[str, ...], node: yaml.ScalarNode) -> bool:
    """A value is prose when it is a string of several words under a key that is not metadata."""
    if node.tag != "tag:yaml.org,2002:str" and node.style is None:
        return False  # a number, a date, true/false, null
    if any(_is_metadata_key(k) for k in keys):
        return False
    value = str(node.value).strip()
    if _DATE_LIKE_RE.match(value) or "://" in value or value.startswith(("www.", "/", "#")):
        return False
    words = value.split()
    return len(words) >= 2 and any(_WORD_RE.search(w) for w in words)
