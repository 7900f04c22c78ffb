"""Reading the pages of a scan one at a time, as RGB arrays with their resolution.

The file type is taken from the content (magic bytes), not the name; anything unreadable
becomes a BadInputError naming the file and the reason.

Intake limits (`OcrOptions.max_file_mb`, `max_pages`, `max_megapixels`, `max_page_mm`) are
checked before any pixel is decoded or any PDF page rendered: the file's size, its page count
(pdfinfo for a PDF, the frames of a TIFF), each image page's size off its header, each PDF
page's MediaBox in mm and in pixels at the render resolution. A file past one is refused with
a one-line reason in Vietnamese with the English beside it.

Pages are read as 8-bit RGB: 16-bit grey is scaled by its value range (÷257), not clipped;
transparency is laid on white paper; CMYK goes through its ICC profile when it has one. A
mode that cannot be read faithfully (float, LAB, HSV, 32-bit integers past 16 bits) is
refused by name.
"""

from __future__ import annotations

import io
import logging
import math
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import (
    Image,
    ImageCms,
    ImageOps,
    ImageSequence,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    UnidentifiedImageError,
)

from ocr.options import OcrOptions
from pipeline.errors import BadInputError, DependencyError

log = logging.getLogger("sohoa.ocr")

A4_LONG_INCHES = 11.69
PDFINFO_TIMEOUT = 120  # seconds pdfinfo may take to list a PDF's pages
_NO_POPPLER = ("pdfinfo/pdftoppm not found: run scripts/bootstrap.sh "
               "(Debian package poppler-utils)")
MM_PER_INCH = 25.4
MB = 1_000_000  # max_file_mb counts decimal megabytes
Image.MAX_IMAGE_PIXELS = 200_000_000  # a 600 dpi A3 page is ~70 MP; refuse only absurd sizes

#: Pillow's modes for 16-bit grey samples (and "I", 32-bit, when its values fit in 16 bits)
SIXTEEN_BIT_GREY = ("I;16", "I;16L", "I;16B", "I;16N")
#: modes with an alpha channel, or premultiplied alpha: laid on white paper
ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")
#: modes no page is read from: refused by name rather than guessed at
UNSUPPORTED_MODES = {"F": "32-bit float", "LAB": "CIE L*a*b*", "HSV": "HSV"}

#: header readers used before decoding: constructing the format's class reads the header only
#: and skips Pillow's own decompression-bomb check, so the size can be judged here first
_HEADER_READERS = {"png": PngImagePlugin.PngImageFile, "tiff": TiffImagePlugin.TiffImageFile,
                   "jpeg": JpegImagePlugin.JpegImageFile}
_MEDIA_BOX = re.compile(r"Page\s+(\d+) MediaBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)")


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
        raise BadInputError(name, "tệp rỗng (the file is empty, 0 bytes)")
    kind = sniff(head)
    if kind is None:
        raise BadInputError(
            name, "nội dung không phải PDF, TIFF, JPEG hay PNG (content is not a PDF, TIFF, JPEG "
            "or PNG: the file is damaged or mislabelled)"
        )
    return kind


# --- intake limits -------------------------------------------------------------------------

def _num(x: float) -> str:
    """A measure for a reason: 3600, 387.5, 3.94 (trailing zeros dropped)."""
    digits = 0 if x >= 1000 else 1 if x >= 10 else 2
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _page(page: int, pages: int) -> str:
    """The page's number, after a space, in a file of several pages; nothing in a file of
    one."""
    return "" if pages == 1 else f" {page}"


def too_many_pages(count: int, limit: int) -> str:
    return f"quá nhiều trang (too many pages): {count} trang (pages), giới hạn (limit) {limit}"


def page_too_large_px(w: int, h: int, limit_mp: float, page: int = 1, pages: int = 1,
                      dpi: int | None = None, whose: str = "") -> str:
    n = _page(page, pages)
    at = f" ở {dpi} dpi (at {dpi} dpi)" if dpi else ""
    limit = (f"giới hạn của {whose} ({whose}'s limit) {limit_mp:g} MP" if whose
             else f"giới hạn (limit) {limit_mp:g} MP")
    return (f"trang{n} quá lớn (page{n} too large): {w}×{h} px{at} = "
            f"{_num(w * h / 1e6)} MP, {limit}")


def page_too_large_mm(w_mm: float, h_mm: float, limit_mm: float, page: int = 1,
                      pages: int = 1) -> str:
    n = _page(page, pages)
    return (f"trang{n} quá lớn (page{n} too large): {w_mm:.0f}×{h_mm:.0f} mm, "
            f"giới hạn (limit) {limit_mm:g} mm")


def unsupported_mode(mode: str, detail: str = "") -> str:
    what = f"{mode} ({detail})" if detail else mode
    return f"kiểu ảnh không hỗ trợ (unsupported image mode): {what}"


def _check_file_size(path: Path, name: str, limits: OcrOptions) -> None:
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise BadInputError(name, f"tệp quá lớn (file too large): {_num(size / MB)} MB, "
                                  f"giới hạn (limit) {limits.max_file_mb:g} MB")


def _check_pixels(name: str, w: int, h: int, limits: OcrOptions, page: int, pages: int,
                  dpi: int | None = None) -> None:
    if w * h > limits.max_megapixels * 1e6:
        raise BadInputError(name, page_too_large_px(w, h, limits.max_megapixels, page, pages,
                                                    dpi))
    # Pillow's own limit (it warns past it, and refuses past twice it) stands too: a page
    # past it is refused here, in the same words, rather than by a warning or a crash
    pil = Image.MAX_IMAGE_PIXELS
    if pil is not None and w * h > pil:
        raise BadInputError(name, page_too_large_px(w, h, pil / 1e6, page, pages, dpi,
                                                    whose="Pillow"))


def _image_header(path: Path, name: str, kind: str,
                  max_pages: int) -> tuple[list[tuple[int, int, str]], int]:
    """Width, height and mode of each frame (up to one past ``max_pages``) and how many frames
    there are, off the headers only."""
    frames: list[tuple[int, int, str]] = []
    try:
        with _HEADER_READERS[kind](str(path)) as img:
            while True:
                frames.append((img.width, img.height, img.mode))
                if len(frames) > max_pages:
                    return frames, int(getattr(img, "n_frames", len(frames)))
                try:
                    img.seek(len(frames))
                except EOFError:
                    return frames, len(frames)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, IndexError, TypeError,
            KeyError) as exc:
        raise BadInputError(name, f"không đọc được ảnh (the image cannot be read: {exc})") from exc


def _check_image(path: Path, name: str, kind: str, limits: OcrOptions) -> int:
    """The image's frame count, once its count and every frame's size are within the limits
    and no frame is in a mode refused outright."""
    frames, count = _image_header(path, name, kind, limits.max_pages)
    if count > limits.max_pages:
        raise BadInputError(name, too_many_pages(count, limits.max_pages))
    for n, (w, h, mode) in enumerate(frames, start=1):
        _check_pixels(name, w, h, limits, n, count)
        if mode in UNSUPPORTED_MODES:
            raise BadInputError(name, unsupported_mode(mode, UNSUPPORTED_MODES[mode]))
    return count


def _page_count(path: Path, name: str) -> int:
    from pdf2image import pdfinfo_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    try:
        return int(pdfinfo_from_path(str(path))["Pages"])
    except PDFInfoNotInstalledError as exc:
        raise DependencyError(_NO_POPPLER) from exc
    except (PDFPageCountError, PDFSyntaxError, KeyError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise BadInputError(name, f"không đọc được PDF (not a readable PDF: {detail})") from exc


def _media_boxes(path: Path, name: str, count: int) -> Iterator[tuple[int, float, float]]:
    """Each page's number and MediaBox width and height in points, as poppler reads them.
    pdftoppm renders the MediaBox; pdfinfo's "Page size" is the CropBox, hence ``-box``."""
    try:
        out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", str(count), str(path)],
                             capture_output=True, text=True, errors="replace",
                             timeout=PDFINFO_TIMEOUT, check=False).stdout
    except FileNotFoundError as exc:
        raise DependencyError(_NO_POPPLER) from exc
    except subprocess.TimeoutExpired as exc:
        raise BadInputError(name, f"not a readable PDF (pdfinfo took over "
                                  f"{PDFINFO_TIMEOUT} s)") from exc
    for m in _MEDIA_BOX.finditer(out):
        try:
            x0, y0, x1, y1 = (float(v) for v in m.groups()[1:])
        except ValueError:
            continue
        yield int(m.group(1)), abs(x1 - x0), abs(y1 - y0)


def _check_pdf(path: Path, name: str, dpi: int, limits: OcrOptions) -> int:
    """The PDF's page count, once its count and every page's size (its MediaBox, which is
    what poppler renders) are within the limits."""
    count = _page_count(path, name)
    if count < 1:
        raise BadInputError(name, "PDF không có trang nào (the PDF has no pages)")
    if count > limits.max_pages:
        raise BadInputError(name, too_many_pages(count, limits.max_pages))
    for n, w_pt, h_pt in _media_boxes(path, name, count):
        w_mm, h_mm = w_pt / 72 * MM_PER_INCH, h_pt / 72 * MM_PER_INCH
        if max(w_mm, h_mm) > limits.max_page_mm:
            raise BadInputError(name, page_too_large_mm(w_mm, h_mm, limits.max_page_mm, n,
                                                        count))
        # as pdftoppm renders it: a part of a pixel is a pixel
        _check_pixels(name, math.ceil(w_pt / 72 * dpi - 1e-6), math.ceil(h_pt / 72 * dpi - 1e-6),
                      limits, n, count, dpi)
    return count


def check_intake(path: Path, name: str, limits: OcrOptions | None = None,
                 pdf_dpi: int = 300) -> tuple[str, int]:
    """The file's kind and page count, once it is within the intake limits (nothing decoded,
    nothing rendered); otherwise a BadInputError with the reason."""
    limits = limits or OcrOptions()
    kind = kind_of(path, name)
    _check_file_size(path, name, limits)
    if kind == "pdf":
        return kind, _check_pdf(path, name, pdf_dpi, limits)
    return kind, _check_image(path, name, kind, limits)


# --- modes ---------------------------------------------------------------------------------

def scale_16_to_8(a: np.ndarray) -> np.ndarray:
    """16-bit samples to 8 bits by value range: v / 257, rounded (65535 -> 255)."""
    return ((a.astype(np.uint32) + 128) // 257).astype(np.uint8)


def grey16(img: Image.Image, name: str) -> np.ndarray | None:
    """The 16-bit grey samples of an image (uint16), or None when it is not 16-bit grey.
    Mode "I" (32-bit) counts when its values fit in 16 bits; otherwise it is refused."""
    if img.mode not in (*SIXTEEN_BIT_GREY, "I"):
        return None
    a = np.asarray(img)
    if img.mode == "I" and a.size and (int(a.min()) < 0 or int(a.max()) > 65535):
        raise BadInputError(name, unsupported_mode(
            "I", f"32-bit integer, values {int(a.min())}..{int(a.max())}"))
    return a.astype(np.uint16)


def reduced16(frame: Image.Image, head: bytes) -> bool:
    """Whether a frame Pillow shows in 8 bits (RGB, RGBA, LA) holds 16-bit samples: Pillow
    keeps their high bytes, v // 256, within one level of v / 257. ``head``: the file's first
    bytes (a PNG's IHDR tells its bit depth; a TIFF frame's tags tell its own)."""
    if frame.mode not in ("RGB", "RGBA", "LA"):
        return False
    if head.startswith(b"\x89PNG"):
        return len(head) > 24 and head[24] == 16  # IHDR bit depth
    tags = getattr(frame, "tag_v2", None)
    return tags is not None and 16 in tuple(tags.get(258) or ())


def eight_bit(img: Image.Image, name: str) -> tuple[Image.Image, str]:
    """The image in a mode a page is read and stored in ("1", "L" or "RGB", 8 bits or fewer)
    and what was done to get it there ("" when nothing was lost or changed); a mode that
    cannot be converted faithfully is refused by name (BadInputError)."""
    mode = img.mode
    if mode in ("1", "L", "RGB"):
        return img, ""
    if mode in UNSUPPORTED_MODES:
        raise BadInputError(name, unsupported_mode(mode, UNSUPPORTED_MODES[mode]))
    a16 = grey16(img, name)
    if a16 is not None:
        return Image.fromarray(scale_16_to_8(a16)), "16-bit grey scaled to 8 bits (÷257)"
    if mode in ALPHA_MODES or (mode == "P" and "transparency" in img.info):
        paper = Image.new("RGBA", img.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(paper, img.convert("RGBA")).convert("RGB")
        grey = mode in ("LA", "La")
        return (flat.convert("L") if grey else flat), "transparency laid on white"
    if mode in ("P", "RGBX", "YCbCr"):
        return img.convert("RGB"), ""  # every colour kept exactly
    if mode == "CMYK":
        icc = img.info.get("icc_profile")
        if icc:
            try:
                srgb = ImageCms.createProfile("sRGB")
                own = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                return (ImageCms.profileToProfile(img, own, srgb, outputMode="RGB"),
                        "CMYK converted to RGB through its ICC profile")
            except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
                pass
        return img.convert("RGB"), "CMYK converted to RGB (no usable ICC profile)"
    raise BadInputError(name, unsupported_mode(mode))


# --- pages ---------------------------------------------------------------------------------

def _dpi_of(img: Image.Image) -> int:
    dpi = img.info.get("dpi")
    if dpi and float(dpi[0]) >= 72:
        return round(float(dpi[0]))
    # Phone photos carry no resolution: assume the long side spans an A4 page.
    return max(72, round(max(img.size) / A4_LONG_INCHES))


def _rgb(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))


def _image_pages(path: Path, name: str, only: int | None = None) -> Iterator[Page]:
    """Every frame of an image file as a page; ``only``: just that page (1-based)."""
    with path.open("rb") as f:
        head = f.read(32)
    try:
        with Image.open(path) as img:
            for i, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if only is not None and i != only:
                    if i > only:
                        break
                    continue
                frame.load()
                upright = ImageOps.exif_transpose(frame) if i == 1 else frame
                readable, note = eight_bit(upright, name)
                if reduced16(frame, head):
                    note = ", ".join(x for x in ("16-bit samples read as 8 bits", note) if x)
                if note:
                    log.info("%s p%d: read from mode %s: %s", name, i, frame.mode, note)
                yield Page(i, _rgb(readable), _dpi_of(frame))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadInputError(name, f"trang quá lớn (page too large): {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadInputError(name, f"the image cannot be read ({exc})") from exc


# what a scanner's page draws: its image, placed by a matrix, in a saved graphics state; and
# what an OCR program adds over it, text drawn invisibly (render mode 3)
_SCAN_OPERATORS = frozenset({"q", "Q", "cm", "Do", "gs"})
_TEXT_STATE = frozenset({"BT", "ET", "Tf", "Tm", "Td", "TD", "T*", "Tz", "TL", "Tc", "Tw", "Ts",
                         "Tr"})
_TEXT_SHOWN = frozenset({"Tj", "TJ", "'", '"'})
_SAME_PLACE = 0.01  # an image this close to the page's box in size and place covers it


def _only_a_scan(instructions) -> bool:
    """Whether a page's content stream draws nothing but images (and text no one sees)."""
    invisible = False
    for inst in instructions:
        op = str(inst.operator)
        if op == "Tr":
            invisible = len(inst.operands) == 1 and inst.operands[0] == 3
        elif op in _TEXT_SHOWN:
            if not invisible:
                return False
        elif op not in _SCAN_OPERATORS and op not in _TEXT_STATE:
            return False
    return True


def stored_bilevel(path: Path, number: int, most_dpi: int) -> tuple[Image.Image, int] | None:
    """Page ``number`` of a PDF as its 1-bit scan was stored, and its resolution, when the
    page is nothing but one 1-bit image drawn upright over the whole of it (as a scanner
    writes a black-and-white page, CCITT, JBIG2 or flate) at no more than ``most_dpi``:
    rendered, its black and white would be interpolated into grey (poppler smooths an image at
    any resolution, its own too), and the page read as the grey scan it is not. The page's
    /Rotate is applied. None for any other page, or any doubt: it is rendered. A JBIG2 image
    is decoded by jbig2dec (pikepdf calls it; scripts/bootstrap.sh installs it): without it,
    the page is rendered, with a warning."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            page = pdf.pages[number - 1]
            if "/Annots" in page.obj:
                return None
            if not _only_a_scan(pikepdf.parse_content_stream(page)):
                return None
            drawn = pikepdf.get_objects_with_ctm(page)
            images = page.get_images(recursive=False)
            if len(drawn) != 1 or drawn[0][0] not in images:
                return None
            image = pikepdf.PdfImage(images[drawn[0][0]])
            if image.bits_per_component != 1 or image.image_mask or image.indexed:
                return None
            m = drawn[0][1]
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            w, h = x1 - x0, y1 - y0
            if (m.b, m.c) != (0, 0) or not (m.a > 0 and m.d > 0) or not all(
                    abs(got - want) <= _SAME_PLACE * size for got, want, size in (
                        (m.a, w, w), (m.d, h, h), (m.e, x0, w), (m.f, y0, h))):
                return None
            dpi_x, dpi_y = image.width * 72 / m.a, image.height * 72 / m.d
            if abs(dpi_x - dpi_y) > _SAME_PLACE * dpi_x or not 72 <= dpi_x <= most_dpi + 0.5:
                return None
            scan = image.as_pil_image().convert("L")
            turn = int(page.obj.get("/Rotate", 0)) % 360
    except pikepdf.DependencyError as exc:  # JBIG2 without jbig2dec
        log.warning("%s p%d: %s; the page is rendered and read as grey: run "
                    "scripts/bootstrap.sh (Debian package jbig2dec)", path.name, number, exc)
        return None
    except Exception as exc:  # a page pikepdf cannot take apart is rendered, as before
        log.debug("%s p%d: not taken as stored (%s)", path.name, number, exc)
        return None
    if turn % 90:
        return None
    # /Rotate turns the page clockwise as shown; PIL's rotate turns counter-clockwise
    return (scan.rotate(-turn, expand=True) if turn else scan), round(dpi_x)


def _pdf_pages(path: Path, name: str, dpi: int, count: int,
               only: int | None = None) -> Iterator[Page]:
    from pdf2image import convert_from_path

    for n in range(1, count + 1) if only is None else (only,):
        stored = stored_bilevel(path, n, dpi)
        if stored is not None:
            log.info("%s p%d: a 1-bit scan, read as stored (%d dpi)", name, n, stored[1])
            yield Page(n, _rgb(stored[0]), stored[1])
            continue
        images = convert_from_path(str(path), dpi=dpi, first_page=n, last_page=n)
        if not images:
            raise BadInputError(name, f"không hiển thị được trang {n} (page {n} of the PDF cannot "
                                      "be rendered)")
        yield Page(n, _rgb(images[0]), dpi)


def iter_pages(path: Path, name: str, pdf_dpi: int = 300,
               limits: OcrOptions | None = None) -> Iterator[Page]:
    """Yield every page of a PDF, TIFF (multi-page too), JPEG or PNG file, once the whole
    file is within the intake limits (``limits``: the engine's options, else the defaults)."""
    kind, count = check_intake(path, name, limits, pdf_dpi)
    if kind == "pdf":
        yield from _pdf_pages(path, name, pdf_dpi, count)
    else:
        yield from _image_pages(path, name)


def one_page(path: Path, name: str, number: int, kind: str, pdf_dpi: int = 300) -> Page:
    """One page of a file already checked by `check_intake` (its ``kind``): only that page is
    decoded or rendered, so that the pages of one file can be read in several processes."""
    pages = (_pdf_pages(path, name, pdf_dpi, number, only=number) if kind == "pdf"
             else _image_pages(path, name, only=number))
    for page in pages:
        return page
    raise BadInputError(name, f"không đọc được trang {number} (page {number} cannot be read)")
