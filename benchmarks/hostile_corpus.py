"""A hostile-input corpus of the project's own: what a real desk (and a hostile user) hands in.

Each kind writes one or more files into an inbox and says what must become of each: archived
(matched and counted), unmatched (stored, not counted), duplicate (nothing stored twice), held
(stored, not counted until a person confirms), quarantined (set aside with its reason) or
ignored (left where it is). Readable pages come from the project's sample generator; the rest
are made byte by byte here. Nothing is downloaded.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

from sohoa.samples.build import write_scan
from sohoa.samples.documents import SampleDoc, dossier
from sohoa.samples.windows import cp1258_bytes

DPI = 150


@dataclass(frozen=True)
class Expect:
    file_name: str   # as written in the inbox (str; may hold surrogate escapes)
    outcome: str     # archived | unmatched | duplicate | held | quarantined | ignored


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path, int], list[Expect]]


def _doc(seq: int, **kw) -> SampleDoc:
    issued = date(2024, 5, 1 + seq % 27)
    base = dict(result_id=dossier("X01", issued, 7000 + seq), unit="X01", procedure="ks",
                number=700 + seq, issued=issued, person="Lê Thị Hồng Nhung",
                signer="Phạm Quang Huy")
    return SampleDoc(**{**base, **kw})


REGISTERED: list[SampleDoc] = []  # the register rows the corpus needs (filled as kinds run)


def _page(seq: int, **kw) -> SampleDoc:
    d = _doc(seq, **kw)
    REGISTERED.append(d)
    return d


def _render(d: SampleDoc) -> Image.Image:
    from sohoa.samples.render import degrade, render_pages

    return degrade(render_pages(d, DPI)[0], d.variant, d.result_id)


def good(fmt: str, variant: str = "clean", pages: int = 1):
    def make(inbox: Path, seq: int) -> list[Expect]:
        d = _page(seq, variant=variant, pages=pages)
        name = f"{d.result_id}.{fmt}"
        write_scan(d, inbox / name, DPI)
        return [Expect(name, "archived")]
    return make


def named(file_name: Callable[[str], str], outcome: str = "archived"):
    def make(inbox: Path, seq: int) -> list[Expect]:
        d = _page(seq)
        name = file_name(d.result_id)
        tmp = inbox / f".tmp-{seq}.png"
        write_scan(d, tmp, DPI)
        tmp.rename(inbox / name)
        return [Expect(name, outcome)]
    return make


def saved_as(fmt: str, mode: str, outcome: str = "archived", **save):
    """A readable page in an unusual pixel format."""
    def make(inbox: Path, seq: int) -> list[Expect]:
        d = _page(seq)
        img = _render(d)
        if mode == "I;16":
            arr = np.asarray(img.convert("L"), dtype=np.uint16) * 257
            img = Image.frombytes("I;16", img.size, arr.astype("<u2").tobytes())
        elif mode == "RGB16":
            arr = (np.asarray(img.convert("RGB"), dtype=np.uint16) * 257)
            name = f"{d.result_id}.png"
            _write_png16_rgb(inbox / name, arr)
            return [Expect(name, outcome)]
        else:
            img = img.convert(mode)
        name = f"{d.result_id}.{fmt}"
        img.save(inbox / name, **save)
        return [Expect(name, outcome)]
    return make


def _write_png16_rgb(path: Path, arr: np.ndarray) -> None:
    """A 16-bit-per-channel RGB PNG (Pillow cannot write one)."""
    h, w, _ = arr.shape
    raw = b"".join(b"\x00" + arr[y].astype(">u2").tobytes() for y in range(h))
    path.write_bytes(_png(w, h, 16, 2, zlib.compress(raw, 6)))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png(w: int, h: int, depth: int, color: int, idat: bytes) -> bytes:
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color,
                                                             0, 0, 0))
            + _chunk(b"IDAT", idat) + _chunk(b"IEND", b""))


def raw(name: str, data: bytes | Callable[[], bytes], outcome: str = "quarantined"):
    def make(inbox: Path, seq: int) -> list[Expect]:
        (inbox / name).write_bytes(data() if callable(data) else data)
        return [Expect(name, outcome)]
    return make


def truncated(fmt: str):
    def make(inbox: Path, seq: int) -> list[Expect]:
        d = _doc(seq)
        tmp = inbox / f".tmp-{seq}.{fmt}"
        write_scan(d, tmp, DPI)
        data = tmp.read_bytes()
        tmp.unlink()
        name = f"cat-ngang-{seq}.{fmt}"
        (inbox / name).write_bytes(data[: max(64, len(data) // 3)])
        return [Expect(name, "quarantined")]
    return make


def png_bomb() -> bytes:
    """A PNG that declares 60000 x 60000 pixels in a few hundred bytes."""
    row = b"\x00" + b"\xff" * 60000
    comp = zlib.compressobj(9)
    idat = comp.compress(row * 16) + comp.flush()
    return _png(60000, 60000, 8, 0, idat)


def tiff_giant() -> bytes:
    """A little-endian TIFF header declaring 100000 x 100000 pixels."""
    entries = [(256, 4, 1, 100000), (257, 4, 1, 100000), (258, 3, 1, 8), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, 100000),
               (279, 4, 1, 10)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", tag, typ, n, val) for tag, typ, n, val in entries) + b"\0\0\0\0"
    return b"II*\x00" + struct.pack("<I", 8 + 10) + b"\0" * 10 + ifd


def pdf_bytes(build: Callable[[pikepdf.Pdf], None]) -> Callable[[], bytes]:
    def make() -> bytes:
        pdf = pikepdf.new()
        build(pdf)
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()
    return make


def huge_page(pdf: pikepdf.Pdf) -> None:
    pdf.add_blank_page(page_size=(5000 / 25.4 * 72, 5000 / 25.4 * 72))  # 5 m square


def many_pages(pdf: pikepdf.Pdf) -> None:
    for _ in range(40):
        pdf.add_blank_page(page_size=(595, 842))


def no_pages(pdf: pikepdf.Pdf) -> None:
    pass


def encrypted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buf = io.BytesIO()
    pdf.save(buf, encryption=pikepdf.Encryption(owner="chu", user="mat-khau", R=6))
    return buf.getvalue()


def blank(noise: bool):
    def make(inbox: Path, seq: int) -> list[Expect]:
        d = _page(seq)
        img = np.full((1754, 1240), 255, np.uint8)
        if noise:
            rnd = np.random.default_rng(seq)
            ys, xs = rnd.integers(0, 1754, 12), rnd.integers(0, 1240, 12)
            img[ys, xs] = 0
        name = f"{d.result_id}.png"
        Image.fromarray(img).save(inbox / name, dpi=(150, 150))
        return [Expect(name, "held")]
    return make


def duplicate_pair(inbox: Path, seq: int) -> list[Expect]:
    d = _page(seq)
    name = f"{d.result_id}.png"
    write_scan(d, inbox / name, DPI)
    (inbox / "ban-sao-cua-ho-so.png").write_bytes((inbox / name).read_bytes())
    return [Expect(name, "archived"), Expect("ban-sao-cua-ho-so.png", "duplicate")]


def identical_bad_pair(inbox: Path, seq: int) -> list[Expect]:
    for n in ("hong-a.pdf", "hong-b.pdf"):
        (inbox / n).write_bytes(b"%PDF-1.7\n% cut short by a failed copy\n")
    return [Expect("hong-a.pdf", "quarantined"), Expect("hong-b.pdf", "quarantined")]


def clerks_reason_file(inbox: Path, seq: int) -> list[Expect]:
    (inbox / "don.pdf").write_bytes(b"not a pdf at all")
    (inbox / "don.pdf.reason.txt").write_text("ghi chú riêng của cán bộ", encoding="utf-8")
    return [Expect("don.pdf", "quarantined"), Expect("don.pdf.reason.txt", "quarantined")]


def manifest_cp1258(inbox: Path, seq: int) -> list[Expect]:
    """A phone photo matched through a manifest saved by Excel on Vietnamese Windows (CP1258,
    semicolons, Vietnamese headers), with a path-traversal row beside it."""
    d = _page(seq, variant="photo")
    name = "IMG_20250318_093122.jpg"
    write_scan(d, inbox / name, DPI)
    text = (f"Tên tệp;Mã hồ sơ\n{name};{d.result_id}\n../../etc/passwd;{d.result_id}\n")
    (inbox / "manifest.csv").write_bytes(cp1258_bytes(text))
    return [Expect(name, "archived")]


def cp1258_name(inbox: Path, seq: int) -> list[Expect]:
    d = _page(seq)
    name = os.fsdecode(cp1258_bytes(f"Quyết định {d.result_id}.png"))
    tmp = inbox / f".tmp-{seq}.png"
    write_scan(d, tmp, DPI)
    tmp.rename(inbox / name)
    return [Expect(name, "archived")]


def big_file(inbox: Path, seq: int) -> list[Expect]:
    """Over the run's size limit (SOHOA_INTAKE_MAX_FILE_MB=5): a 6 MB PNG of noise."""
    rnd = np.random.default_rng(seq)
    img = Image.fromarray(rnd.integers(0, 255, (1800, 1800, 3), dtype=np.uint8))
    img.save(inbox / "qua-lon.png", compress_level=0)
    return [Expect("qua-lon.png", "quarantined")]


def exif_rotated(inbox: Path, seq: int) -> list[Expect]:
    d = _page(seq)
    img = _render(d).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 8  # turn 90° to view
    name = f"{d.result_id}.jpg"
    img.save(inbox / name, quality=85, exif=exif)
    return [Expect(name, "archived")]


def palette_alpha(inbox: Path, seq: int) -> list[Expect]:
    d = _page(seq)
    img = _render(d).convert("RGBA")
    name = f"{d.result_id}.png"
    img.convert("P", palette=Image.ADAPTIVE).save(inbox / name, transparency=0)
    return [Expect(name, "archived")]


def unmatched(inbox: Path, seq: int) -> list[Expect]:
    d = _doc(seq)  # not in the register
    write_scan(d, inbox / "anh-chup-khong-ten.png", DPI)
    return [Expect("anh-chup-khong-ten.png", "unmatched")]


def hidden(inbox: Path, seq: int) -> list[Expect]:
    (inbox / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    return [Expect(".DS_Store", "ignored")]


def kinds() -> list[Kind]:
    gif = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(gif, "GIF")
    return [
        Kind("png, named by dossier code", good("png")),
        Kind("jpeg", good("jpg")),
        Kind("pdf, two pages", good("pdf", pages=2)),
        Kind("tiff, 1-bit G4", good("tif", "bilevel")),
        Kind("tiff, grey, two pages", good("tif", pages=2)),
        Kind("page upside down", good("png", "upside_down")),
        Kind("page sideways", good("jpg", "sideways")),
        Kind("skewed page", good("png", "skew")),
        Kind("phone photo on a table", good("jpg", "table_photo")),
        Kind("name decomposed (NFD)", named(lambda rid: __import__("unicodedata").normalize(
            "NFD", f"Quyết định {rid}.png"))),
        Kind("name with spaces and emoji", named(lambda rid: f"hồ sơ 📄 {rid} (1).png")),
        Kind("name of 248 bytes", named(lambda rid: rid + "-" + "đ" * 109 + ".png")),
        Kind("upper-case extension", named(lambda rid: f"{rid}.PNG")),
        Kind("png content named .jpg", named(lambda rid: f"{rid}.jpg")),
        Kind("name in CP1258 bytes", cp1258_name),
        Kind("16-bit grey TIFF", saved_as("tif", "I;16", compression="tiff_deflate")),
        Kind("16-bit RGB PNG", saved_as("png", "RGB16")),
        Kind("CMYK JPEG", saved_as("jpg", "CMYK", quality=90)),
        Kind("palette PNG with transparency", palette_alpha),
        Kind("grey+alpha PNG", saved_as("png", "LA")),
        Kind("JPEG with EXIF orientation", exif_rotated),
        Kind("same content twice", duplicate_pair),
        Kind("scan not in the register", unmatched),
        Kind("manifest in CP1258 with ; and a ../ row", manifest_cp1258),
        Kind("blank white page", blank(noise=False)),
        Kind("near-blank page (specks)", blank(noise=True)),
        Kind("empty file", raw("trong.png", b"")),
        Kind("truncated PNG", truncated("png")),
        Kind("truncated JPEG", truncated("jpg")),
        Kind("truncated PDF", truncated("pdf")),
        Kind("truncated TIFF", truncated("tif")),
        Kind("password-protected PDF", raw("mat-khau.pdf", encrypted_pdf)),
        Kind("PDF with no page", raw("khong-trang.pdf", pdf_bytes(no_pages))),
        Kind("PDF page 5 m wide", raw("trang-5m.pdf", pdf_bytes(huge_page))),
        Kind("PDF over the page limit", raw("40-trang.pdf", pdf_bytes(many_pages))),
        Kind("PNG bomb 60000x60000", raw("bom.png", png_bomb)),
        Kind("TIFF declaring 100000x100000", raw("khong-lo.tif", tiff_giant)),
        Kind("file over the size limit", big_file),
        Kind("random bytes named .pdf", raw("ngau-nhien.pdf", lambda: os.urandom(4096))),
        Kind("text named .png", raw("van-ban.png", "Xin chào, đây là văn bản".encode())),
        Kind("Word file", raw("ghi-chu.docx", b"PK\x03\x04\x14\x00 word/document.xml")),
        Kind("GIF", raw("anh.gif", gif.getvalue())),
        Kind("HEIC named as such", raw("IMG_0001.heic", b"\0\0\0\x18ftypheic\0\0\0\0")),
        Kind("no extension", raw("khong-duoi", b"%PDF-1.4 nothing")),
        Kind("SVG named .png", raw("hinh.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>")),
        Kind("two identical bad files", identical_bad_pair),
        Kind("clerk's X.reason.txt next to a bad X", clerks_reason_file),
        Kind("hidden file", hidden),
    ]


def build(inbox: Path) -> tuple[list[tuple[str, Expect]], list[SampleDoc]]:
    """Write every kind into `inbox`; (kind, expectation) per file, and the register rows."""
    REGISTERED.clear()
    inbox.mkdir(parents=True, exist_ok=True)
    out = []
    for seq, kind in enumerate(kinds(), start=1):
        for e in kind.make(inbox, seq):
            out.append((kind.name, e))
    return out, [replace(d) for d in REGISTERED]
