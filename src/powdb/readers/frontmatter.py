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

import copy
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
    there. ``source`` is the YAML between the delimiters. ``prose`` are the ``(start, end)``
    offsets, in the whole text, of the values that are prose; ``fields`` the offsets and key
    path ("casualties", "socialLinks.wikipedia") of every value; ``values`` the top-level
    values as strings (lists of strings for sequences), enough for the source record.
    :attr:`data` is what PyYAML's safe loader makes of the block (dates as ``datetime.date``),
    built on first use.
    """

    end: int
    source: str
    prose: tuple[tuple[int, int], ...] = ()
    fields: tuple[tuple[int, int, str], ...] = field(default=())
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        """The block as PyYAML's safe loader reads it (a fresh copy each time)."""
        return copy.deepcopy(_construct(self.source))


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
    source = text[body_start : closing.start()]
    parsed = _parse(source)
    if parsed is None:
        return None
    prose, fields, values = parsed
    return FrontMatter(
        end,
        source,
        tuple((body_start + a, body_start + b) for a, b in prose),
        tuple((body_start + a, body_start + b, key) for a, b, key in fields),
        values,
    )


@functools.lru_cache(maxsize=16)  # reading a file and analysing its text parse it once
def _parse(
    source: str,
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]], dict[str, Any]] | None:
    """Offsets of the prose values and of all values in ``source``, and its top-level values
    as strings; None unless ``source`` is a YAML mapping. Composes nodes only (their marks
    give the offsets); building Python objects is left to :func:`_construct`."""
    node = _compose(source)
    if not isinstance(node, yaml.MappingNode) or not node.value:
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
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        if isinstance(value_node, yaml.ScalarNode):
            null = value_node.tag == "tag:yaml.org,2002:null"
            values[str(key_node.value)] = None if null else value_node.value
        elif isinstance(value_node, yaml.SequenceNode):
            values[str(key_node.value)] = [
                item.value for item in value_node.value if isinstance(item, yaml.ScalarNode)
            ]
    return prose, fields, values


@functools.lru_cache(maxsize=16)
def _compose(source: str) -> yaml.Node | None:
    """The YAML's node tree (tags resolved), or None if it does not parse: composed once for
    the offsets (:func:`_parse`) and the values (:func:`_construct`)."""
    try:
        loader = _Loader(source)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


@functools.lru_cache(maxsize=16)
def _construct(source: str) -> dict[str, Any]:
    """What PyYAML's safe loader makes of ``source``, built from the nodes already composed
    rather than by parsing the block again."""
    node = _compose(source)
    if node is None:
        return {}
    try:
        data = yaml.constructor.SafeConstructor().construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


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
