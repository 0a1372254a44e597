"""Small test documents made by code: HTML pages, PDFs, text in various encodings, binaries."""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
import zlib
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image, ImageDraw, ImageFont

ARTICLE_PARAGRAPHS = (
    "The siege lasted eleven weeks. By the end of it, roughly 12,000 soldiers had died in the "
    "trenches around the town, according to the garrison's own ledgers.",
    "A later inquiry put the figure at more than 15,000, counting those who died of typhus in "
    "the field hospitals during the following winter.",
    "Historians have argued about the difference ever since, and the archive that holds the "
    "ledgers was closed to researchers until 1992.",
)


def news_page_html(
    *,
    title: str = "The Siege in Numbers",
    author: str = "Jane Doe",
    date: str = "2003-03-20",
    url: str = "https://example.org/news/siege-in-numbers",
    site: str = "The Example Gazette",
) -> str:
    """A news page with a nav menu, a cookie banner and a footer around the article."""
    paragraphs = "\n".join(f"      <p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {site}</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="{site}">
  <meta property="og:type" content="article">
  <meta name="author" content="{author}">
  <meta property="article:published_time" content="{date}T08:00:00Z">
  <link rel="canonical" href="{url}">
  <script type="application/ld+json">
  {{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{title}",
    "datePublished": "{date}", "author": {{"@type": "Person", "name": "{author}"}}}}
  </script>
</head>
<body>
  <div id="cookie-banner" class="cookie-consent">
    <p>We use cookies to improve your experience. Accept all cookies or manage preferences.</p>
    <button>Accept cookies</button>
  </div>
  <header>
    <nav class="menu">
      <ul>
        <li><a href="/">Homepage</a></li>
        <li><a href="/sport">Sportsdesk</a></li>
        <li><a href="/weather">Weatherwatch</a></li>
        <li><a href="/subscribe">Subscribe today</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">By {author}</p>
{paragraphs}
    </article>
  </main>
  <footer>
    <p>Copyright Examplecorp Holdings. Footerlink privacy policy and terms of service.</p>
  </footer>
</body>
</html>
"""


def two_page_pdf(*, title: str = "Casualty Returns", author: str = "War Office") -> bytes:
    """A two-page PDF with a text layer and title/author metadata."""
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Page one. The garrison reported 12,000 dead.")
    pdf.add_page()
    pdf.multi_cell(0, 8, "Page two. The inquiry counted 15,000 dead.")
    return bytes(pdf.output())


def blank_drawing_pdf() -> bytes:
    """A one-page PDF with a drawn rectangle and no text at all (a scan would look like this)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A real, valid PNG image (grey square)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def zip_bytes() -> bytes:
    """A ZIP archive holding one text file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "12,000 soldiers\n")
    return buffer.getvalue()


CURLY_TEXT = "The clerk wrote \u201cabout 12,000 dead\u201d \u2014 the colonel\u2019s figure.\n"
FRONT_MATTER_MD = """---
title: "Letters from the Front"
authors:
  - Mary Smith
  - John Brown
date: 1916-07
kind: book
container: Regimental Press
url: https://example.org/letters
note: transcribed by hand
---

# Letters

We lost 300 men on the first day.
"""


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` (str is encoded with ``encoding``, no newline translation)."""
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def encrypted_pdf(user_password: str = "secret", *, aes: bool = False) -> bytes:
    """An encrypted PDF (RC4, or AES-256 as publishers use); ``""`` opens without a password."""
    pdf = FPDF()
    method = EncryptionMethod.AES_256 if aes else EncryptionMethod.RC4
    pdf.set_encryption(
        owner_password="owner", user_password=user_password, encryption_method=method
    )
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 8, "Hidden figure: 12,000 dead.")
    return bytes(pdf.output())


TOWNS = [
    "Lienz",
    "Judenburg",
    "Spittal",
    "Graz",
    "Linz",
    "Salzburg",
    "Villach",
    "Klagenfurt",
    "Innsbruck",
    "Wolfsberg",
    "Leoben",
    "Bregenz",
]


def handover_report(folder: Path, name: str, figures: list[int]) -> Path:
    """A report giving, town by town, how many Cossacks were handed over there in May 1945."""
    sentences = [
        f"In May 1945 about {figure:,} Cossacks were handed over at {town}."
        for figure, town in zip(figures, itertools.cycle(TOWNS))
    ]
    path = folder / name
    path.write_text(f"Report {name}\n\n" + "\n".join(sentences) + "\n", encoding="utf-8")
    return path


def paginated_pdf(
    bodies: list[str], *, header: str | None = None, footer: str | None = None
) -> bytes:
    """A PDF with one body per page and a header and footer on every page, as a printer or a
    browser puts them; ``{page}`` and ``{pages}`` in them become the page number and count."""
    pdf = FPDF()
    pdf.set_auto_page_break(auto=False)
    pdf.set_font("Helvetica", size=11)
    for number, body in enumerate(bodies, 1):
        pdf.add_page()
        if header is not None:
            pdf.cell(0, 6, header.format(page=number, pages=len(bodies)))
            pdf.ln(12)
        pdf.multi_cell(0, 6, body)
        if footer is not None:
            pdf.set_y(-20)
            pdf.cell(0, 6, footer.format(page=number, pages=len(bodies)))
    return bytes(pdf.output())


def page_image(lines: list[str], *, width: int = 1400, size: int = 36) -> Image.Image:
    """A page of typescript as a scanner sees it: black text on white, drawn by Pillow."""
    font = ImageFont.load_default(size=size)
    image = Image.new("L", (width, 80 + len(lines) * size * 2), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((60, 50 + number * size * 2), line, font=font, fill=0)
    return image


def image_bytes(pages: list[list[str]], format: str = "PNG") -> bytes:
    """An image of each page (TIFF: one frame a page) in ``format``."""
    images = [page_image(lines) for lines in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, format=format, save_all=len(images) > 1, append_images=images[1:])
    return buffer.getvalue()


def scanned_pdf(pages: list[list[str]], dpi: int = 150) -> bytes:
    """A scanned document: each page an image of text drawn by Pillow, saved as a PDF with no
    text layer."""
    images = [page_image(lines) for lines in pages]
    buffer = io.BytesIO()
    images[0].save(
        buffer, format="PDF", resolution=dpi, save_all=len(images) > 1, append_images=images[1:]
    )
    return buffer.getvalue()
