"""Archival copy: PDF/A-2b with the original pixels and an invisible, searchable text layer.

- Image inputs (TIFF, JPEG, PNG): one page per image at its own resolution. A JPEG's bytes are
  embedded as they are (no re-encoding); other images are stored losslessly (Flate), 1-bit
  pages stay 1-bit, grey stays grey, colour stays colour, and 16-bit samples stay 16-bit
  (BitsPerComponent 16). What cannot go into a PDF/A as it is, is converted and the
  conversion logged: transparency laid on white, CMYK to RGB (through the file's ICC profile
  when it has one), 16-bit samples with an alpha channel to 8 bits.
- PDF inputs: the scanner's pages are kept object for object; only the text layer is added.
- A page stored sideways or upside down gets a /Rotate so it displays upright; its pixels are
  not turned.
- Text: each OCR line is drawn in render mode 3 (invisible) with Tesseract's glyph-less font,
  placed on the line's box and stretched to its width, through the same turn and deskew the
  OCR used, so selecting a word in a viewer selects the word under it.
- PDF/A-2b: XMP metadata (pdfaid part 2, conformance B), an sRGB output intent, embedded font.
- Deterministic: the same scan gives the same bytes. The dates (XMP CreateDate, ModifyDate,
  MetadataDate; Info /CreationDate, /ModDate) are the scan file's modification time in UTC,
  not the clock, and the trailer /ID is derived from the content.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import math
import re
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pikepdf
from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError
from PIL import Image, ImageCms, ImageOps, ImageSequence

from ocr.geometry import apply
from ocr.page import PageOcr
from ocr.raster import eight_bit, grey16, kind_of, reduced16
from ocr.xmp import packet, pdf_date
from pipeline.errors import BadInputError, DependencyError

log = logging.getLogger("sohoa.ocr")

PRODUCER = "sohoa"


@lru_cache(maxsize=1)
def glyphless_font() -> bytes:
    """Tesseract's glyph-less TrueType font (pdf.ttf, shipped with tesseract-ocr)."""
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                         check=False).stdout
    m = re.search(r'"([^"]+)"', out)
    candidates = [Path(m.group(1)) / "pdf.ttf"] if m else []
    candidates += list(Path("/usr/share/tesseract-ocr").glob("*/tessdata/pdf.ttf"))
    for c in candidates:
        if c.is_file():
            return c.read_bytes()
    raise DependencyError("Tesseract's pdf.ttf not found: run scripts/bootstrap.sh "
                          "(Debian package tesseract-ocr)")


@lru_cache(maxsize=1)
def _srgb_profile() -> bytes:
    """LittleCMS's sRGB profile, its creation date (header bytes 24-35) fixed so that the
    output intent, and so the archival copy, does not change with the clock. Its profile ID
    (bytes 84-99, a digest that covers the date) is zero: "not computed"."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    icc[84:100] = bytes(16)
    return bytes(icc)


def _font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """Type0 font, Identity-H: each character is its Unicode code point (2 bytes), every glyph
    half an em wide; ToUnicode maps codes back to the same code points."""
    to_unicode = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                  b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                  b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
                  b"endcmap CMapName currentdict /CMap defineresource pop end end\n")
    cid_to_gid = pdf.make_stream(b"\x00\x01" * 65536)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name.GlyphLessFont, Flags=5,
        FontBBox=[0, 0, 500, 1000], ItalicAngle=0, Ascent=1000, Descent=0, CapHeight=1000,
        StemV=80, FontFile2=pdf.make_stream(glyphless_font()))
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name.GlyphLessFont,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=500, CIDToGIDMap=cid_to_gid)
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name.GlyphLessFont,
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid_font)],
        ToUnicode=pdf.make_stream(to_unicode)))


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" if ord(c) < 0x10000 else "FFFD" for c in text)


def text_layer(ocr: PageOcr, page_w_pt: float, page_h_pt: float,
               origin: tuple[float, float] = (0.0, 0.0), font: str = "/F1") -> bytes:
    """Content stream drawing the page's lines invisibly over a page of the given size.

    Each line gets its own text matrix: its baseline's two ends and a point one text height
    above are taken back to the stored page (undoing deskew, turn and perspective) and then to
    PDF points, so the line lies over its pixels whatever was done to read it. The baseline is
    then laid straight (to the nearest quarter turn, about its middle): on a page scanned a few
    degrees askew, text extractors (pdftotext, search) read each line whole instead of cutting
    it into pieces at every change of baseline."""
    w, h = ocr.size
    to_pdf = np.array([[page_w_pt / w, 0, origin[0]], [0, -page_h_pt / h, origin[1] + page_h_pt],
                       [0, 0, 1.0]])
    m = to_pdf @ ocr.to_stored
    ops = ["BT 3 Tr"]
    for ln in ocr.lines:
        x0, y0, x1, y1 = ln.box
        size = max(1.0, (y1 - y0) * 0.8)
        base = y1 - (y1 - y0) * 0.2
        (ax, ay), (bx, by), (cx, cy) = (apply(m, x0, base), apply(m, x1, base),
                                         apply(m, x0, base - size))
        length, height = math.hypot(bx - ax, by - ay), math.hypot(cx - ax, cy - ay)
        turn = round(math.atan2(by - ay, bx - ax) / (math.pi / 2)) * (math.pi / 2)
        ux, uy = math.cos(turn), math.sin(turn)
        sx, sy = (ax + bx - ux * length) / 2, (ay + by - uy * length) / 2
        em = 0.5 * max(1, len(ln.text))  # string width in ems: every glyph is half an em
        ops.append(f"{font} 1 Tf {ux * length / em:.4f} {uy * length / em:.4f} "
                   f"{-uy * height:.4f} {ux * height:.4f} {sx:.4f} {sy:.4f} Tm "
                   f"<{_hex(ln.text)}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


@dataclass(frozen=True)
class _Img:
    data: bytes
    filter: str | None
    colorspace: str
    bpc: int
    width: int
    height: int
    dpi: float


def _decoded16(raw: bytes) -> list[np.ndarray | None]:
    """Each frame's 16-bit RGB samples (H x W x 3, uint16) as OpenCV decodes them; None for a
    frame OpenCV does not give as that (an alpha channel, 8 bits)."""
    import cv2

    ok, frames = cv2.imdecodemulti(np.frombuffer(raw, np.uint8), cv2.IMREAD_UNCHANGED)
    if not ok:
        return []
    return [np.ascontiguousarray(a[..., ::-1])  # BGR -> RGB
            if a.dtype == np.uint16 and a.ndim == 3 and a.shape[2] == 3 else None
            for a in frames]


def _frames(path: Path, name: str = "", only: set[int] | None = None) -> Iterator[_Img]:
    """The file's frames one at a time, ready to embed (the file is read frame by frame: a
    long TIFF is never held whole); ``only``: just these frames (1-based), the others not
    decoded."""
    with path.open("rb") as f:
        head = f.read(32)
    name = name or path.name
    deep_frames: list[np.ndarray | None] | None = None  # decoded once, when first needed
    with Image.open(path) as img:
        single_jpeg = img.format == "JPEG" and not img.getexif().get(0x0112, 1) > 1
        if single_jpeg and img.mode in ("L", "RGB"):
            dpi = float(img.info.get("dpi", (0, 0))[0] or 0)
            yield _Img(path.read_bytes(), "/DCTDecode",
                       "/DeviceGray" if img.mode == "L" else "/DeviceRGB", 8, img.width,
                       img.height, dpi)
            return
        for i, frame in enumerate(ImageSequence.Iterator(img)):
            if only is not None and i + 1 not in only:
                continue
            frame.load()
            f = frame if img.format != "JPEG" else ImageOps.exif_transpose(frame)
            dpi = float((f.info.get("dpi") or (0, 0))[0] or 0)
            where = f"{name} p{i + 1}: archival copy"
            a16 = grey16(f, name)
            deep = None
            if a16 is None and f.mode == "RGB" and reduced16(f, head):
                # 16-bit colour Pillow cannot give: OpenCV decodes the whole file (rare)
                deep_frames = _decoded16(path.read_bytes()) if deep_frames is None \
                    else deep_frames
                deep = deep_frames[i] if i < len(deep_frames) else None
                if deep is not None and deep.shape[:2] != (f.height, f.width):
                    deep = None
            if a16 is not None:  # 16-bit grey: the samples as they are, big-endian
                data, cs, bpc = a16.astype(">u2").tobytes(), "/DeviceGray", 16
                log.info("%s keeps the 16-bit grey samples", where)
            elif deep is not None:
                data, cs, bpc = deep.astype(">u2").tobytes(), "/DeviceRGB", 16
                log.info("%s keeps the 16-bit colour samples", where)
            elif f.mode == "1":
                # Pillow's 1-bit: True is white; so is a 1 bit in PDF's DeviceGray.
                data = np.packbits(np.asarray(f, dtype=bool), axis=1).tobytes()
                cs, bpc = "/DeviceGray", 1
            else:
                eight, note = eight_bit(f, name)
                if reduced16(f, head):  # that OpenCV could not decode: Pillow's high bytes
                    note = ", ".join(x for x in ("16-bit samples stored as 8 bits", note) if x)
                if note:
                    log.info("%s (mode %s): %s", where, f.mode, note)
                if eight.mode == "L":
                    data, cs, bpc = eight.tobytes(), "/DeviceGray", 8
                else:
                    data, cs, bpc = eight.convert("RGB").tobytes(), "/DeviceRGB", 8
            yield _Img(zlib.compress(data, 6), "/FlateDecode", cs, bpc, f.width, f.height, dpi)


#: image pages are made into PDF this many at a time, each chunk saved to a file of its own
CHUNK = 16


def _image_pdf(path: Path, name: str, pages: list[PageOcr],
               work: Path | None = None) -> pikepdf.Pdf:
    """The image file as a PDF with its text layer. With ``work``, pages are made CHUNK at a
    time and each chunk saved there: the result reads their images from those files as it is
    written, so memory holds one chunk whatever the file's length."""
    frames = zip(_frames(path, name), pages, strict=True)
    if work is None or len(pages) <= CHUNK:
        return _image_pages(frames)
    parts = []
    for i in range(0, len(pages), CHUNK):
        chunk = list(itertools.islice(frames, CHUNK))
        with _image_pages(chunk) as part:
            part.save(work / f"chunk-{i // CHUNK:05d}.pdf")
        parts.append(pikepdf.open(work / f"chunk-{i // CHUNK:05d}.pdf"))
    whole = pikepdf.new()
    for part in parts:
        whole.pages.extend(part.pages)
    whole._sohoa_chunks = parts  # the pieces stay open until the whole is saved and closed
    return whole


def _image_pages(frames) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    font = _font(pdf)
    for frame, ocr in frames:
        dpi = frame.dpi if frame.dpi >= 72 else ocr.dpi
        wpt, hpt = frame.width * 72 / dpi, frame.height * 72 / dpi
        image = pikepdf.Stream(pdf, frame.data)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height = frame.width, frame.height
        image.ColorSpace = pikepdf.Name(frame.colorspace)
        image.BitsPerComponent = frame.bpc
        if frame.filter:
            image.Filter = pikepdf.Name(frame.filter)
        draw = f"q {wpt:.4f} 0 0 {hpt:.4f} 0 0 cm /Im0 Do Q\n".encode()
        content = draw + text_layer(ocr, wpt, hpt)
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, wpt, hpt],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image),
                                         Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content))
        if ocr.geometry.turn_cw:
            page.Rotate = ocr.geometry.turn_cw
        pdf.pages.append(pikepdf.Page(page))
    return pdf


def _overlay_pdf(path: Path, pages: list[PageOcr]) -> pikepdf.Pdf:
    pdf = pikepdf.open(path)
    harden(pdf, path, list(range(1, len(pdf.pages) + 1)), pages)
    _overlay(pdf, pages)
    return pdf


#: what a PDF/A-2 file may not hold at its root: actions run on opening, JavaScript and
#: embedded files (in the name tree), portfolios, XFA forms
_ROOT_FORBIDDEN = ("/OpenAction", "/AA", "/Names", "/Collection", "/AcroForm", "/Perms")


def harden(pdf: pikepdf.Pdf, path: Path, numbers: list[int], pages: list[PageOcr]) -> list[str]:
    """An input PDF's pages made fit for PDF/A-2b (the original keeps its bytes in the
    archive): annotations and form fields flattened into the page (what they show stays, what
    they run goes), actions, JavaScript and embedded files removed, and a page that uses a
    font not embedded in the file replaced by its image as read (``numbers``: each page's
    number in ``path``; ``pages``: their readings). What was done, for the log."""
    done = []
    try:
        if "/AcroForm" in pdf.Root or any("/Annots" in p.obj for p in pdf.pages):
            if "/AcroForm" in pdf.Root:
                pdf.generate_appearance_streams()  # a field's value shown, then kept
            pdf.flatten_annotations(mode="all")
            done.append("annotations and form fields flattened")
    except pikepdf.PdfError as exc:
        log.info("%s: annotations not flattened (%s)", path.name, exc)
    for key in _ROOT_FORBIDDEN:
        if key in pdf.Root:
            del pdf.Root[key]
            done.append(f"{key[1:]} removed")
    for i, page in enumerate(pdf.pages):
        for key in ("/AA", "/Annots"):
            if key in page.obj:
                del page.obj[key]
                done.append(f"page {numbers[i]}: {key[1:]} removed")
        missing = unembedded_fonts(page)
        if missing:
            _rasterize(pdf, page, path, numbers[i], pages[i])
            done.append(f"page {numbers[i]}: font(s) {', '.join(sorted(missing))[:80]} not "
                        "embedded, the page kept as its image")
    if done:
        log.info("%s: archival copy: %s", path.name, "; ".join(done))
    return done


def unembedded_fonts(page: pikepdf.Page) -> set[str]:
    """The names of the fonts a page (and the forms it draws) uses without their glyphs in
    the file."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def walk(resources) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for _, font in (resources.get("/Font") or pikepdf.Dictionary()).items():
            if not isinstance(font, pikepdf.Dictionary) or font.objgen in seen:
                continue
            if font.objgen != (0, 0):
                seen.add(font.objgen)
            kind = font.get("/Subtype")
            if kind == "/Type3":
                walk(font.get("/Resources"))
                continue
            desc = font.get("/FontDescriptor")
            if kind == "/Type0" and font.get("/DescendantFonts"):
                desc = font.DescendantFonts[0].get("/FontDescriptor")
            if not isinstance(desc, pikepdf.Dictionary) or not any(
                    k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(str(font.get("/BaseFont", "?")).lstrip("/"))
        for _, xobj in (resources.get("/XObject") or pikepdf.Dictionary()).items():
            if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form" \
                    and xobj.objgen not in seen:
                seen.add(xobj.objgen)
                walk(xobj.get("/Resources"))

    walk(page.obj.get("/Resources"))
    return found


def _rasterize(pdf: pikepdf.Pdf, page: pikepdf.Page, path: Path, number: int,
               ocr: PageOcr) -> None:
    """The page replaced by its image as shown (rendered at the reading's resolution, the
    page's rotation applied), in place: its size in points unchanged."""
    from pdf2image import convert_from_path

    dpi = ocr.dpi or 300
    [img] = convert_from_path(str(path), dpi=dpi, first_page=number, last_page=number)
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=90, dpi=(dpi, dpi))
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    wpt, hpt = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
    image = pikepdf.Stream(pdf, buf.getvalue())
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = img.width, img.height
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    image.Filter = pikepdf.Name.DCTDecode
    for key in ("/Rotate", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Group"):
        if key in page.obj:
            del page.obj[key]
    page.obj.MediaBox = [0, 0, wpt, hpt]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(f"q {wpt:.4f} 0 0 {hpt:.4f} 0 0 cm /Im0 Do Q\n".encode())


def _overlay(pdf: pikepdf.Pdf, pages: list[PageOcr]) -> None:
    """Each page of ``pdf`` gets the text layer of its reading (in order)."""
    font = _font(pdf)
    for page, ocr in zip(pdf.pages, pages, strict=True):
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        rotate = int(page.obj.get("/Rotate", 0)) % 360
        wpt, hpt = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
        layer = text_layer(ocr, wpt, hpt, origin=(x0, y0), font="/SohoaOCR")
        if rotate:
            # The raster was of the displayed (rotated) page; undo the display rotation.
            layer = _unrotate(rotate, x0, y0, x1, y1) + layer + b" Q"
        page.contents_add(pdf.make_stream(b"\n" + layer + b"\n"), prepend=False)
        if "/Resources" not in page.obj:
            page.obj.Resources = pikepdf.Dictionary()
        if "/Font" not in page.obj.Resources:
            page.obj.Resources.Font = pikepdf.Dictionary()
        page.obj.Resources.Font.SohoaOCR = font
        if ocr.geometry.turn_cw:
            page.obj.Rotate = (rotate + ocr.geometry.turn_cw) % 360


def _unrotate(rotate: int, x0: float, y0: float, x1: float, y1: float) -> bytes:
    """Matrix taking the displayed page's space back to the page's own space."""
    w, h = x1 - x0, y1 - y0
    m = {90: (0, -1, 1, 0, x0, y0 + h), 180: (-1, 0, 0, -1, x0 + w, y0 + h),
         270: (0, 1, -1, 0, x0 + w, y0)}[rotate]
    return ("q " + " ".join(f"{v:.4f}" for v in m) + " cm\n").encode()


def scan_time(path: Path) -> datetime:
    """The scan file's modification time, UTC, to the second: the archival copy's dates."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), UTC)


def _make_pdfa(pdf: pikepdf.Pdf, title: str, when: datetime) -> None:
    icc = pdf.make_stream(_srgb_profile())
    icc.N = 3
    pdf.Root.OutputIntents = [pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier="sRGB IEC61966-2.1", Info="sRGB IEC61966-2.1",
        DestOutputProfile=icc)]
    _set_metadata(pdf, title, when, when)


def _set_metadata(pdf: pikepdf.Pdf, title: str, created: datetime, modified: datetime,
                  record: dict[str, str] | None = None) -> None:
    """The XMP packet (ocr/xmp.py) and the Info dictionary saying the same (PDF/A): the
    title, the producer, the dates; with ``record``, the document's metadata record. Whatever
    else an input PDF's Info held is dropped (its original keeps it)."""
    from pipeline.metadata import DESCRIPTIONS, NAMESPACE, PREFIX

    xmp = packet(title, created, modified, PRODUCER, record, namespace=NAMESPACE,
                 prefix=PREFIX, descriptions=DESCRIPTIONS,
                 schema_name="Tài liệu số hóa kết quả giải quyết TTHC")
    stream = pdf.make_stream(xmp)
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = stream
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
        Title=pikepdf.String(title), Producer=pikepdf.String(PRODUCER),
        Creator=pikepdf.String(PRODUCER), CreationDate=pikepdf.String(pdf_date(created)),
        ModDate=pikepdf.String(pdf_date(modified))))


def embed_metadata(path: Path, record: dict[str, str]) -> None:
    """The document's metadata record put into an archival copy's XMP (before it is
    signed): the file is written again, its title and dates kept."""
    # written beside it under a short name, then moved over it: the copy's own name may be
    # near the file system's 255-byte limit already
    tmp = path.with_name(f".meta-{hashlib.sha256(path.name.encode()).hexdigest()[:16]}.pdf")
    with pikepdf.open(path) as pdf:
        info = pdf.trailer.get("/Info") or pikepdf.Dictionary()
        title = str(info.get("/Title", path.stem))
        created = _from_pdf_date(str(info.get("/CreationDate", "")))
        modified = _from_pdf_date(str(info.get("/ModDate", ""))) or created
        now = datetime.now(UTC).replace(microsecond=0)
        _set_metadata(pdf, title, created or now, modified or now, record)
        pdf.save(tmp, min_version="1.7", deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    tmp.replace(path)


def _from_pdf_date(text: str) -> datetime | None:
    try:
        return datetime.strptime(text[2:16], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


#: poppler failing on a page it must redraw (a PDF whose fonts are not embedded)
_RENDER_ERRORS = (PDFPageCountError, PDFSyntaxError, PDFPopplerTimeoutError)


def archival_pdf(path: Path, name: str, pages: list[PageOcr],
                 work: Path | None = None) -> pikepdf.Pdf:
    """The scan with its text layer, as an open PDF (not yet PDF/A: `save_pdfa`). ``work``: a
    folder for the pieces of a long image file (kept until the PDF is saved)."""
    kind = kind_of(path, name)
    try:
        return (_overlay_pdf(path, pages) if kind == "pdf"
                else _image_pdf(path, name, pages, work))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadInputError(name, f"trang quá lớn (page too large): {exc}") from exc
    except (pikepdf.PdfError, OSError, ValueError, *_RENDER_ERRORS) as exc:
        raise BadInputError(name, f"cannot make the archival PDF ({exc})") from exc


def save_pdfa(pdf: pikepdf.Pdf, title: str, when: datetime, out) -> None:
    """Save as PDF/A-2b to ``out`` (a path or a binary stream): the same bytes for the same
    pages, title and time."""
    _make_pdfa(pdf, title, when)
    pdf.save(out, min_version="1.7", deterministic_id=True,
             object_stream_mode=pikepdf.ObjectStreamMode.preserve)


_open: dict[str, object] = {}  # the scan PDF open in this process: (key, pikepdf.Pdf)


def _source(path: Path) -> pikepdf.Pdf:
    """The scan PDF, opened once per process for all its documents' copies: the last one
    stays open until another file is asked for."""
    st = path.stat()
    key = f"{path}:{st.st_size}:{st.st_mtime_ns}"
    if _open.get("key") != key:
        if "pdf" in _open:
            _open.pop("pdf").close()
        _open["pdf"], _open["key"] = pikepdf.open(path), key
    return _open["pdf"]


def part_copy(path: Path, name: str, numbers: list[int], pages: list[PageOcr], title: str,
              when: datetime, out: Path) -> Path:
    """The PDF/A-2b copy of some pages (1-based ``numbers``, their readings ``pages``) of a
    scan, made from the scan itself: one document of a batch. Several can be made at once, in
    other processes (ocr/pool.py)."""
    try:
        if kind_of(path, name) == "pdf":
            with pikepdf.new() as pdf:
                pdf.pages.extend(_source(path).pages[n - 1] for n in numbers)
                harden(pdf, path, numbers, pages)
                _overlay(pdf, pages)
                save_pdfa(pdf, title, when, out)
        else:
            frames = _frames(path, name, set(numbers))
            with _image_pages(zip(frames, pages, strict=True)) as pdf:
                save_pdfa(pdf, title, when, out)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadInputError(name, f"trang quá lớn (page too large): {exc}") from exc
    except (pikepdf.PdfError, OSError, ValueError, *_RENDER_ERRORS) as exc:
        raise BadInputError(name, f"cannot make the archival PDF ({exc})") from exc
    return out


def archival_pdf_bytes(path: Path, name: str, pages: list[PageOcr]) -> bytes:
    """The PDF/A-2b archival copy of ``path`` (its OCR'd ``pages``): the same bytes for the
    same file (content and modification time) and the same engine."""
    with archival_pdf(path, name, pages) as pdf:
        buf = io.BytesIO()
        save_pdfa(pdf, Path(name).stem, scan_time(path), buf)
    return buf.getvalue()


def write_archival_pdf(path: Path, pages: list[PageOcr], out: Path) -> Path:
    """Write the PDF/A-2b archival copy of ``path`` (its OCR'd ``pages``) to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(archival_pdf_bytes(path, path.name, pages))
    tmp.replace(out)
    return out
