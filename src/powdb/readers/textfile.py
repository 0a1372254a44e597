"""Plain-text and Markdown files: encoding detection, normalization, front matter."""

from __future__ import annotations

import codecs
import unicodedata

from powdb.errors import UnsupportedFileError
from powdb.readers.document import (
    CONTROL_CHARACTERS,
    Document,
    clean_field,
    has_control_characters,
    normalize_date,
    normalize_kind,
    split_authors,
    without_control_characters,
)
from powdb.readers.frontmatter import SOURCE_FIELDS, find_front_matter, normalize_key
from powdb.readers.sniff import SNIFF_BYTES

#: How much of a file charset-normalizer looks at when the file is not UTF-8.
DETECTION_SAMPLE_BYTES = 256 * 1024
#: Above this share of control characters a "text" is taken for binary data.
MAX_CONTROL_RATIO = 0.02

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte encodings a Western archive is most likely to hold, tried before the detector's
# other guesses: short texts are ambiguous, and charset-normalizer then guesses exotic code
# pages (mac_iceland for curly quotes in cp1252).
_PREFERRED = ("cp1252",)
_CONTROLS = CONTROL_CHARACTERS


def decode_bytes(holder: list[bytes], label: str) -> tuple[str, str]:
    """Decode and normalize the bytes in ``holder`` to (text, encoding).

    ``holder`` is emptied so the bytes can be freed as soon as they are decoded, and every
    step rebinds the only reference to the text, so at most two copies are alive at a time.
    Raises UnsupportedFileError when the bytes are not text in any encoding we can tell.
    """
    data = holder.pop()
    text: str | None = None
    encoding = ""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(bom_encoding)
            except UnicodeDecodeError:
                raise _binary(label, f"invalid {bom_encoding.upper()} text") from None
            encoding = _bom_name(bom, bom_encoding)
            break
    # NUL bytes: UTF-16 without a BOM, or else stray bytes in a text (removed later, with a
    # warning) or binary data (refused by read_text for its share of control characters).
    bomless = _bomless_utf16(data[:SNIFF_BYTES]) if b"\x00" in data[:SNIFF_BYTES] else None
    if text is None and bomless is not None:
        try:
            text, encoding = data.decode(bomless), bomless
        except UnicodeDecodeError:
            raise _binary(label, "binary data") from None
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_guessing(data, label)
    del data
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        text = text.replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)  # returns ``text`` itself when already NFC
    return text, encoding


def _bomless_utf16(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for UTF-16 text saved without a BOM, judged by where the NUL
    bytes fall (the high byte of every Latin character), else None."""
    even, odd = head[0 : len(head) & ~1 : 2], head[1 : len(head) & ~1 : 2]
    if len(even) < 4:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.9 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.9 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _bom_name(bom: bytes, encoding: str) -> str:
    if encoding == "utf-8-sig":
        return "utf-8-sig"
    suffix = "le" if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE) else "be"
    return f"{encoding}-{suffix}"


def _decode_guessing(data: bytes, label: str) -> tuple[str, str]:
    # Only files that are not UTF-8 need the detector; don't make every command import it.
    import charset_normalizer

    sample = data[:DETECTION_SAMPLE_BYTES]
    if len(data) > len(sample):
        # Cut at a line break so a multi-byte character is not split at the end.
        cut = sample.rfind(b"\n")
        if cut > 0:
            sample = sample[: cut + 1]
    candidates: list[str] = list(_PREFERRED)
    matches = charset_normalizer.from_bytes(sample)
    best_chaos = min((m.percent_chaos for m in matches), default=0.0)
    for match in matches:
        if match.percent_chaos <= best_chaos + 1.0 and match.encoding not in candidates:
            candidates.append(match.encoding)
    candidates.append("latin-1")
    scored: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate(candidates):
        try:
            decoded = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        penalty = _implausibility(decoded)
        if penalty is not None:
            scored.append((penalty, rank, encoding))
    for _penalty, _rank, encoding in sorted(scored):
        try:
            return data.decode(
                encoding
            ), encoding  # the whole file must decode, not just the sample
        except UnicodeDecodeError:
            continue
    raise _binary(label, "binary data (no text encoding fits)")


def _implausibility(text: str) -> int | None:
    """How unlikely ``text`` is as a real decoding; None when it is not text at all.

    Penalises symbols wedged between letters ("zginê³o" is Polish read as cp1252) and texts whose
    letters are mostly accented Latin (Cyrillic read as a Latin code page).
    """
    window = text[:65536]
    if not window:
        return 0
    controls = _control_count(window)
    if controls > MAX_CONTROL_RATIO * len(window):
        return None
    penalty = controls * 10
    letters = accented = 0
    previous = ""
    for index, ch in enumerate(window):
        if ch.isalpha():
            letters += 1
            if "\u00c0" <= ch <= "\u024f":
                accented += 1
        elif ch > "\x7f" and unicodedata.category(ch)[0] in "SN" and previous.isalpha():
            following = window[index + 1 : index + 2]
            if following.isalpha():
                penalty += 3
        previous = ch
    if letters and accented > 0.4 * letters:
        penalty += 50
    return penalty


def _check_controls(text: str, label: str) -> None:
    """Refuse a text with too many control characters at its start: binary data."""
    window = text[:65536]
    if _control_count(window) > MAX_CONTROL_RATIO * len(window):
        raise _binary(label, "binary data")


def _control_count(window: str) -> int:
    return len(_CONTROLS.findall(window))


def _binary(label: str, what: str) -> UnsupportedFileError:
    return UnsupportedFileError(f"{label}: looks like {what}, not a text document")


# --- front matter ----------------------------------------------------------------------------


def read_text(holder: list[bytes], label: str, media_type: str) -> Document:
    """Decode and normalize a plain-text or Markdown file; front matter supplies metadata.

    The front matter block stays in ``Document.text``, so offsets index the file as written;
    what in it is prose and what metadata is decided by :mod:`powdb.readers.frontmatter`.
    """
    text, encoding = decode_bytes(holder, label)
    # One scan of a clean text finds no control character: no binary check, nothing to remove.
    controlled = has_control_characters(text)
    if controlled:
        _check_controls(text, label)
    meta: dict[str, object] = {}
    front = find_front_matter(text) if text.startswith("---") else None
    if front is not None:
        for key, value in front.values.items():
            field = SOURCE_FIELDS.get(normalize_key(key))
            # "title" wins over "name" (a person's page may have both, "name" being the person)
            if (
                field
                and value not in ("", [], None)
                and not isinstance(value, dict)
                and (field not in meta or normalize_key(key) == "title")
            ):
                meta[field] = value
    document = Document(
        text=text,
        kind=normalize_kind(_first(meta.get("kind"))),
        media_type=media_type,
        title=clean_field(_first(meta.get("title"))),
        authors=split_authors(meta.get("authors")),
        issued=normalize_date(_first(meta.get("issued"))),
        container=clean_field(_first(meta.get("container"))),
        url=clean_field(_first(meta.get("url"))),
        note=clean_field(_first(meta.get("note"))),
        encoding=encoding,
    )
    return without_control_characters(document, label) if controlled else document


def _first(value: object) -> str | None:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else None
    return None if value is None else str(value)
