"""Sheets a one-stop desk feeds through its scanner besides the documents themselves: a cover
sheet with the dossier's QR code, a separator sheet ("TÁCH") between documents, and the blank
back of a one-sided sheet scanned duplex. A4 pages, RGB, at any resolution."""

from __future__ import annotations

import random

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from sohoa.samples.render import font_path

SEPARATOR_TEXT = "TÁCH"  # NFC: "A WITH ACUTE" is one code point
A4_MM = (210, 297)


def _px(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


def _page(dpi: int) -> Image.Image:
    return Image.new("RGB", (_px(A4_MM[0], dpi), _px(A4_MM[1], dpi)), "white")


def _font(pt: float, dpi: int, style: str = "Bold") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(style), round(pt / 72 * dpi))


def qr_image(text: str, width_px: int) -> Image.Image:
    """A QR code holding `text` (quiet zone included), in whole pixels per module, about
    `width_px` wide."""
    one = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
                     .to_image(scale=1))
    scale = max(1, round(width_px / one.shape[1]))
    return Image.fromarray(one).resize((one.shape[1] * scale,) * 2, Image.NEAREST)


def _qr_sheet(code: str, lines: list[tuple[str, float]], dpi: int) -> Image.Image:
    """A page with a QR code of `code` about 35 mm wide, centred in the upper third, and
    `lines` (text, size in pt) centred under it."""
    page = _page(dpi)
    qr = qr_image(code, _px(35, dpi))
    x, y = (page.width - qr.width) // 2, page.height // 6 - qr.height // 2
    page.paste(qr.convert("RGB"), (x, y))
    draw, y = ImageDraw.Draw(page), y + qr.height + _px(8, dpi)
    for text, pt in lines:
        font = _font(pt, dpi)
        draw.text(((page.width - draw.textlength(text, font=font)) / 2, y), text, font=font,
                  fill=(0, 0, 0))
        y += round(font.size * 1.5)
    return page


def cover_sheet(code: str, dpi: int = 300) -> Image.Image:
    """The cover sheet of a dossier: a QR code holding exactly `code` (e.g.
    "000.00.06.H56-260125-0123") and, printed under it, the title and the code."""
    return _qr_sheet(code, [("PHIẾU BÌA HỒ SƠ", 20), (f"Mã hồ sơ: {code}", 14)], dpi)


def separator_sheet(dpi: int = 300) -> Image.Image:
    """A separator sheet: a QR code holding exactly "TÁCH" and the word printed large."""
    return _qr_sheet(SEPARATOR_TEXT, [(SEPARATOR_TEXT, 60)], dpi)


def blank_sheet(dpi: int = 300, seed: int = 0) -> Image.Image:
    """Blank paper, as the back of a one-sided sheet scanned duplex: slightly off-white,
    faint noise and a few tiny specks."""
    rnd = random.Random(seed)
    rng = np.random.default_rng(seed)
    w, h = _px(A4_MM[0], dpi), _px(A4_MM[1], dpi)
    tint = np.array([rnd.randint(243, 250), rnd.randint(242, 249), rnd.randint(236, 246)],
                    np.float32)
    img = tint + rng.standard_normal((h, w), dtype=np.float32)[..., None] * 1.2
    page = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(page)
    for _ in range(rnd.randint(2, 5)):
        cx, cy, r = rnd.randrange(w), rnd.randrange(h), rnd.uniform(0.5, 2.0) * dpi / 300
        grey = rnd.randint(60, 150)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(grey, grey, grey))
    return page
