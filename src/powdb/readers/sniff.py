"""Recognising what a file is from its first bytes, whatever its name says."""

from __future__ import annotations

import re

#: How many leading bytes the sniffers look at.
SNIFF_BYTES = 8192

# (offset, signature, description). Order matters where signatures share a prefix.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"BM", ""),  # checked more strictly below: "BM" alone starts ordinary words
    (0, b"\x00\x00\x01\x00", "an icon (ICO) image"),
    (0, b"8BPS", "a Photoshop image"),
    (0, b"PK\x03\x04", "a ZIP archive"),
    (0, b"PK\x05\x06", "a ZIP archive"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"BZh", ""),  # checked more strictly below
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"(\xb5/\xfd", "a zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (257, b"ustar", "a tar archive"),
    (0, b"\x7fELF", "an executable (ELF)"),
    (0, b"MZ", ""),  # checked more strictly below
    (0, b"\xcf\xfa\xed\xfe", "an executable (Mach-O)"),
    (0, b"\xce\xfa\xed\xfe", "an executable (Mach-O)"),
    (0, b"\xca\xfe\xba\xbe", "an executable (Mach-O or Java class)"),
    (0, b"\x00asm", "a WebAssembly module"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (0, b"{\\rtf", "an RTF document (save it as plain text)"),
    (0, b"%!PS", "a PostScript file"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"OggS", "an Ogg audio/video file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (4, b"ftyp", "an MP4/QuickTime video or HEIC image"),
    (0, b"wOFF", "a web font"),
    (0, b"wOF2", "a web font"),
    (0, b"\x00\x01\x00\x00\x00", "a font file"),
)

_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)


def is_pdf(head: bytes) -> bool:
    """PDF files start with ``%PDF-``; some tools put a little junk before it."""
    return b"%PDF-" in head[:1024]


def looks_like_html(head: bytes) -> bool:
    """True for a document that starts like an HTML page (doctype or <html>)."""
    return _HTML_START.match(head[:SNIFF_BYTES]) is not None


def describe_binary(head: bytes) -> str | None:
    """What a non-text file looks like ("a PNG image", "a ZIP archive"), or None for text.

    Looks only at magic numbers; NUL bytes and undecodable content are judged later, by the
    text decoder.
    """
    if head[:4] == b"RIFF" and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "a bzip2 archive"
    if head[:2] == b"MZ" and b"\x00" in head[2:64]:
        return "an executable (Windows)"
    for offset, signature, description in _SIGNATURES:
        if description and head[offset : offset + len(signature)] == signature:
            if signature.startswith(b"PK"):
                return _describe_zip(head)
            return description
    return None


def _describe_zip(head: bytes) -> str:
    # Office and e-book formats are ZIP files whose first member names what they are.
    if head[30:38] == b"mimetype":
        if b"epub" in head[38:80]:
            return "an EPUB e-book (a ZIP archive)"
        if b"opendocument" in head[38:120]:
            return "an OpenDocument file (a ZIP archive)"
    if b"[Content_Types].xml" in head[:200] or b"word/" in head[:2000]:
        return "a Microsoft Office document (.docx/.xlsx/.pptx, a ZIP archive)"
    return "a ZIP archive"
