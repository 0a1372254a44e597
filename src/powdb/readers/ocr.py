"""Scanned documents and images read by OCR: Tesseract through pytesseract, page by page.

pytesseract runs the ``tesseract`` program on one image at a time and returns its text: a thin,
long-kept wrapper with nothing to compile, so powdb needs only Tesseract itself from the
system. (OCRmyPDF writes a new PDF with a text layer, which powdb would then have to read
again; it also wants Ghostscript and more. tesserocr binds Tesseract's C++ API and has to be
built against its headers.) Pages of a scanned PDF are rendered to images by pypdfium2 (PDFium,
the engine of Chromium's PDF viewer, shipped inside the wheel); images are opened by Pillow,
every frame of a TIFF being a page.

Pages keep their numbers: ``Document.page_starts`` says where each begins, pages being
separated as in a PDF's text (``\\n\\f\\n``), and ``Document.ocr`` says how the text was read.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from powdb.errors import InputError

if TYPE_CHECKING:
    from PIL.Image import Image

#: Called after each page is read: (what is being read, pages done, pages in all).
PageCallback = Callable[[str, int, int], None]

#: Resolution scanned PDF pages are rendered at for Tesseract (its documentation asks for
#: at least 300 dpi for body text).
RENDER_DPI = 300
LANGUAGE = "eng"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-eng"
PAGE_SEPARATOR = "\n\f\n"

#: Media types of the images powdb reads by OCR, by what their first bytes say they are.
IMAGE_TYPES = {
    "a PNG image": "image/png",
    "a JPEG image": "image/jpeg",
    "a TIFF image": "image/tiff",
}


def tesseract_version(label: str) -> str:
    """Tesseract's version ("5.3.0"); a one-line InputError saying what to install if it is
    not there."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version()).split()[0]
    except (pytesseract.TesseractNotFoundError, OSError):
        raise InputError(
            f"{label}: needs OCR, and Tesseract is not installed; install it "
            f"({INSTALL_HINT}) and ingest it again"
        ) from None


def ocr_note(version: str, dpi: int | None, pages: int, of_pages: int) -> str:
    """What ``Document.ocr`` says: "Tesseract 5.3.0 (eng), 300 dpi, 2 of 2 pages"."""
    resolution = f", {dpi} dpi" if dpi else ""
    return f"Tesseract {version} ({LANGUAGE}){resolution}, {pages} of {of_pages} pages"


def recognise(image: Image, label: str) -> str:
    """The text Tesseract reads in one page image (white space as it gives it)."""
    import pytesseract

    try:
        text = pytesseract.image_to_string(image, lang=LANGUAGE)
    except pytesseract.TesseractNotFoundError:
        raise InputError(
            f"{label}: needs OCR, and Tesseract is not installed; install it ({INSTALL_HINT})"
        ) from None
    except pytesseract.TesseractError as exc:
        message = " ".join(str(exc.message or exc).split())[:200]
        if "language" in message.lower() or "traineddata" in message.lower():
            raise InputError(
                f"{label}: Tesseract has no English data; install it ({INSTALL_HINT})"
            ) from None
        raise InputError(f"{label}: OCR failed ({message})") from None
    return str(text)


def read_image(
    data: bytes, label: str, what: str, on_page: PageCallback | None = None
) -> tuple[list[str], str]:
    """The OCR text of every page (frame) of an image, and the note for ``Document.ocr``.

    ``what`` is what the first bytes say the file is ("a PNG image").
    """
    from PIL import Image, ImageSequence, UnidentifiedImageError

    version = tesseract_version(label)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise InputError(
            f"{label}: looks like {what}, but it cannot be read ({_one_line(exc)})"
        ) from None
    pages = []
    for number, frame in enumerate(frames, 1):
        pages.append(recognise(_grey(frame), label))
        if on_page is not None:
            on_page(label, number, len(frames))
    return pages, ocr_note(version, None, len(frames), len(frames))


def render_pdf_pages(data: bytes, numbers: list[int], dpi: int = RENDER_DPI) -> Iterator[Image]:
    """Page images (``numbers`` counting from 0) of a PDF, rendered by pypdfium2."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for number in numbers:
            page = document[number]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                yield bitmap.to_pil()
            finally:
                page.close()
    finally:
        document.close()


def ocr_pdf_pages(
    data: bytes, label: str, numbers: list[int], on_page: PageCallback | None = None
) -> tuple[dict[int, str], str]:
    """OCR text of the given pages of a PDF (by number from 0) and the note's first part."""
    version = tesseract_version(label)
    texts: dict[int, str] = {}
    try:
        for done, (number, image) in enumerate(
            zip(numbers, render_pdf_pages(data, numbers), strict=True), 1
        ):
            texts[number] = recognise(image, label)
            if on_page is not None:
                on_page(label, done, len(numbers))
    except InputError:
        raise
    except Exception as exc:  # pdfium raises its own errors on damaged pages
        raise InputError(
            f"{label}: cannot render the PDF's pages for OCR ({_one_line(exc)})"
        ) from None
    return texts, version


def _grey(image: Image) -> Image:
    # Tesseract reads grey images best; palette, alpha and CMYK images are converted first.
    return image if image.mode in ("L", "1") else image.convert("L")


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
