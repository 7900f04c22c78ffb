"""Reading the pages of a scan one at a time, as RGB arrays with their resolution.

The file type is taken from the content (magic bytes), not the name; anything unreadable
becomes a BadInputError naming the file and the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.errors import BadInputError, DependencyError

A4_LONG_INCHES = 11.69
Image.MAX_IMAGE_PIXELS = 200_000_000  # a 600 dpi A3 page is ~70 MP; refuse only absurd sizes


@dataclass(frozen=True)
class Page:
    number: int         # 1-based
    rgb: np.ndarray     # H x W x 3, uint8
    dpi: int


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def kind_of(path: Path, name: str) -> str:
    with path.open("rb") as f:
        head = f.read(16)
    if not head:
        raise BadInputError(name, "the file is empty (0 bytes)")
    kind = sniff(head)
    if kind is None:
        raise BadInputError(
            name, "content is not a PDF, TIFF, JPEG or PNG (the file is damaged or mislabelled)"
        )
    return kind


def _dpi_of(img: Image.Image) -> int:
    dpi = img.info.get("dpi")
    if dpi and float(dpi[0]) >= 72:
        return round(float(dpi[0]))
    # Phone photos carry no resolution: assume the long side spans an A4 page.
    return max(72, round(max(img.size) / A4_LONG_INCHES))


def _rgb(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))


def _image_pages(path: Path, name: str) -> Iterator[Page]:
    try:
        with Image.open(path) as img:
            for i, frame in enumerate(ImageSequence.Iterator(img), start=1):
                frame.load()
                upright = ImageOps.exif_transpose(frame) if i == 1 else frame
                yield Page(i, _rgb(upright), _dpi_of(frame))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadInputError(name, f"the image cannot be read ({exc})") from exc


def _pdf_pages(path: Path, name: str, dpi: int) -> Iterator[Page]:
    from pdf2image import convert_from_path, pdfinfo_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    try:
        count = int(pdfinfo_from_path(str(path))["Pages"])
    except PDFInfoNotInstalledError as exc:
        raise DependencyError("pdfinfo/pdftoppm not found: run scripts/bootstrap.sh "
                              "(Debian package poppler-utils)") from exc
    except (PDFPageCountError, PDFSyntaxError, KeyError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise BadInputError(name, f"not a readable PDF ({detail})") from exc
    if count < 1:
        raise BadInputError(name, "the PDF has no pages")
    for n in range(1, count + 1):
        images = convert_from_path(str(path), dpi=dpi, first_page=n, last_page=n)
        if not images:
            raise BadInputError(name, f"page {n} of the PDF cannot be rendered")
        yield Page(n, _rgb(images[0]), dpi)


def iter_pages(path: Path, name: str, pdf_dpi: int = 300) -> Iterator[Page]:
    """Yield every page of a PDF, TIFF (multi-page too), JPEG or PNG file."""
    kind = kind_of(path, name)
    if kind == "pdf":
        yield from _pdf_pages(path, name, pdf_dpi)
    else:
        yield from _image_pages(path, name)
