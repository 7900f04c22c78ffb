"""Rendering a sample document to page images with Pillow (Liberation Serif, like Times New
Roman), a red seal multiplied over the signature, and scanner/phone degradations."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from sohoa.samples.documents import (
    CONTINUATION,
    PREAMBLE,
    PROCEDURES,
    UNITS,
    SampleDoc,
)

FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
A4_MM = (210, 297)


def font_path(style: str = "Regular") -> str:
    for d in FONT_DIRS:
        p = Path(d) / f"LiberationSerif-{style}.ttf"
        if p.exists():
            return str(p)
    raise FileNotFoundError(
        "Liberation Serif not found: run scripts/bootstrap.sh (Debian package fonts-liberation2)"
    )


@dataclass
class Pen:
    dpi: int

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)

    def font(self, pt: float, style: str = "Regular") -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(font_path(style), round(pt / 72 * self.dpi))


def _centered(draw, cx: int, y: int, text: str, font) -> int:
    w = draw.textlength(text, font=font)
    draw.text((cx - w / 2, y), text, font=font, fill=0)
    return y + round(font.size * 1.3)


def _wrap(draw, text: str, font, width: int, indent: int) -> list[tuple[int, str]]:
    lines, line, first = [], "", True
    for word in text.split():
        trial = f"{line} {word}".strip()
        avail = width - (indent if first else 0)
        if draw.textlength(trial, font=font) <= avail or not line:
            line = trial
        else:
            lines.append((indent if first else 0, line))
            line, first = word, False
    if line:
        lines.append((indent if first else 0, line))
    return lines


def page_texts(doc: SampleDoc) -> list[list[str]]:
    """The body paragraphs of each page (the header sits on page 1, signature on the last)."""
    proc = PROCEDURES[doc.procedure]
    paras = [*PREAMBLE, "QUYẾT ĐỊNH:" if proc.symbol.startswith("QĐ") else "",
             *(a.format(person=doc.person) for a in proc.articles), *doc.extra_body]
    paras = [p for p in paras if p]
    if doc.pages == 1:
        return [paras]
    rest = [*CONTINUATION] * (doc.pages - 1)
    return [paras[:3], *([[*paras[3:], *rest]] if doc.pages == 2 else [paras[3:], rest])]


def _seal(pen: Pen, unit_name: str) -> Image.Image:
    """Red round seal on white, to be multiplied over the page."""
    r = pen.px(19)
    size = 2 * r + 8
    img = Image.new("RGB", (size, size), "white")
    d = ImageDraw.Draw(img)
    red = (205, 30, 40)
    c = size // 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=red, width=max(3, pen.px(0.9)))
    d.ellipse((c - r * 0.68, c - r * 0.68, c + r * 0.68, c + r * 0.68), outline=red,
              width=max(2, pen.px(0.4)))
    ring = f"ỦY BAN NHÂN DÂN {unit_name.upper()} ★ "
    f = pen.font(7, "Bold")
    for i, ch in enumerate(ring):
        a = math.radians(-90 + 360 * i / len(ring))
        glyph = Image.new("L", (f.size * 2, f.size * 2), 0)
        ImageDraw.Draw(glyph).text((f.size // 2, f.size // 2), ch, font=f, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        x = c + r * 0.84 * math.cos(a) - glyph.width / 2
        y = c + r * 0.84 * math.sin(a) - glyph.height / 2
        img.paste(Image.new("RGB", glyph.size, red), (round(x), round(y)), glyph)
    star = [(c + r * 0.3 * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
             c + r * 0.3 * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4))
            for k in range(10)]
    d.polygon(star, fill=red)
    return img


def render_pages(doc: SampleDoc, dpi: int = 200) -> list[Image.Image]:
    """Clean, upright RGB pages of one document."""
    pen = Pen(dpi)
    unit = UNITS[doc.unit]
    proc = PROCEDURES[doc.procedure]
    W, H = pen.px(A4_MM[0]), pen.px(A4_MM[1])
    left, right, top = pen.px(30), W - pen.px(18), pen.px(18)
    body_f, bold_f = pen.font(13), pen.font(13, "Bold")
    italic_f, small_bold = pen.font(13, "Italic"), pen.font(12, "Bold")
    title_f = pen.font(14, "Bold")
    pages = []
    bodies = page_texts(doc)
    for n, paras in enumerate(bodies, start=1):
        img = Image.new("RGB", (W, H), "white")
        d = ImageDraw.Draw(img)
        y = top
        if n == 1:
            lcx = left + pen.px(26)
            rcx = right - pen.px(50)
            yl = _centered(d, lcx, y, "ỦY BAN NHÂN DÂN", body_f)
            yl = _centered(d, lcx, yl, unit.upper, bold_f)
            d.line((lcx - pen.px(12), yl, lcx + pen.px(12), yl), fill=0, width=2)
            yl = _centered(d, lcx, yl + pen.px(2), f"Số: {doc.number}/{proc.symbol}", body_f)
            yr = _centered(d, rcx, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", small_bold)
            yr = _centered(d, rcx, yr, "Độc lập - Tự do - Hạnh phúc", bold_f)
            d.line((rcx - pen.px(27), yr, rcx + pen.px(27), yr), fill=0, width=2)
            place = (f"{unit.short}, ngày {doc.issued.day:02d} tháng {doc.issued.month:02d} "
                     f"năm {doc.issued.year}")
            yr = _centered(d, rcx, yr + pen.px(2), place, italic_f)
            y = max(yl, yr) + pen.px(8)
            cx = (left + right) // 2
            y = _centered(d, cx, y, proc.doc_type, title_f)
            y = _centered(d, cx, y, proc.subject, bold_f)
            y = _centered(d, cx, y + pen.px(3), f"ỦY BAN NHÂN DÂN {unit.upper}", bold_f)
            y += pen.px(4)
        else:
            y = _centered(d, W // 2, y, str(n), body_f) + pen.px(4)
        for para in paras:
            for indent, line in _wrap(d, para, body_f, right - left, pen.px(10)):
                d.text((left + indent, y), line, font=body_f, fill=0)
                y += round(body_f.size * 1.35)
            y += pen.px(1.5)
        if n == len(bodies):
            y += pen.px(6)
            d.text((left, y), "Nơi nhận:", font=pen.font(12, "BoldItalic"), fill=0)
            yy = y + round(body_f.size * 1.3)
            for item in ("- Như Điều 3;", f"- Mã hồ sơ: {doc.result_id};", "- Lưu: VT."):
                d.text((left, yy), item, font=pen.font(11), fill=0)
                yy += round(body_f.size * 1.2)
            scx = right - pen.px(45)
            ys = y
            for title in doc.sign:
                ys = _centered(d, scx, ys, title, bold_f)
            rnd = random.Random(doc.result_id)
            pts = [(scx - pen.px(18) + k * pen.px(3), ys + pen.px(10) + rnd.randint(-25, 25))
                   for k in range(13)]
            d.line(pts, fill=(20, 30, 110), width=3)
            name_y = ys + pen.px(26)
            _centered(d, scx, name_y, doc.signer, bold_f)
            seal = _seal(pen, unit.name)
            sx = scx - seal.width // 2 - pen.px(14)
            sy = name_y - seal.height // 2 - pen.px(2 + doc.seal_above_mm)
            region = img.crop((sx, sy, sx + seal.width, sy + seal.height))
            img.paste(ImageChops.multiply(region, seal), (sx, sy))
        pages.append(img)
    return pages


def degrade(img: Image.Image, variant: str, seed: str) -> Image.Image:
    """Make a clean page look scanned or photographed."""
    rnd = random.Random(seed)
    if variant == "skew":
        return img.rotate(2.0, resample=Image.BICUBIC, expand=False, fillcolor=(245, 245, 245))
    if variant == "upside_down":
        return img.rotate(180)
    if variant == "sideways":
        return img.rotate(90, expand=True)  # counter-clockwise: a sheet fed sideways
    if variant == "photo":
        w, h = img.size
        # warm paper, light falling off towards one corner, slight tilt, a little blur
        grad = Image.linear_gradient("L").resize((w, h)).rotate(30, expand=False, fillcolor=128)
        shade = Image.merge("RGB", [grad.point(lambda v, k=k: 255 - v * k // 255)
                                    for k in (70, 80, 100)])
        paper = Image.new("RGB", (w, h), (250, 244, 228))
        out = ImageChops.multiply(ImageChops.multiply(img, paper), shade)
        out = out.rotate(-1.2 + rnd.random() * 0.4, resample=Image.BICUBIC,
                         fillcolor=(90, 80, 70))
        return out.filter(ImageFilter.GaussianBlur(0.6))
    if variant == "table_photo":
        return photo_on_table(img, rnd)
    return img


def photo_on_table(img: Image.Image, rnd: random.Random) -> Image.Image:
    """The sheet photographed from above at an angle, lying on a dark wooden desk."""
    import cv2
    import numpy as np

    w, h = img.size
    cw, ch = int(w * 1.35), int(h * 1.25)
    j = lambda k: k * (0.6 + 0.4 * rnd.random())  # noqa: E731 - jitter
    corners = np.float32([[cw * 0.14 + j(40), ch * 0.10 + j(30)],
                          [cw * 0.86 - j(40), ch * 0.12 + j(30)],
                          [cw * 0.92 - j(20), ch * 0.93 - j(20)],
                          [cw * 0.08 + j(20), ch * 0.91 - j(20)]])
    src = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    m = cv2.getPerspectiveTransform(src, corners)
    out = cv2.warpPerspective(np.asarray(img.convert("RGB")), m, (cw, ch),
                              flags=cv2.INTER_LINEAR, borderValue=(74, 52, 38))
    return Image.fromarray(out).filter(ImageFilter.GaussianBlur(0.5))
