"""Setting a document on A4 pages at 300 dpi, and writing down exactly what was printed.

Layout as Decree 30/2020/NĐ-CP prescribes: a two-column header (agency, "Số: …" and, for a
letter, "V/v …" on the left; national title, motto and place/date on the right) or a
one-column one (the national title and motto centred over the title, the number under the
title, the place/date line above the signature); the type in bold capitals, the subject, the
body (justified paragraphs, bold headings, numbered and dashed lists, tables with ruled
lines), then "Nơi nhận:" on the left and the signature block on the right, with a
handwritten signature and a red round seal over the lower part of the signature and the
printed name. Extra marks a page may get: a "BẢN SAO" stamp in the top margin, a received
stamp ("ĐẾN Số: … Ngày: …", filled in by hand) under the left header block, and the
number and date of the document filled in by hand (script digits, jittered) in blank spaces
left in the print.

Ground truth (the conventions of ../shared/bench/dev/README.md): one line per printed line,
NFC; the left header block, then the right one, then the rest top down; "Nơi nhận" (or a
left signature column) before the right signature block; pages 2 and later start with their
page number. Table rows are one line each, cells left to right. Not in it: the seal's ring,
signatures, stamps (received, BẢN SAO) and what is written in them, ruled lines, show-through.
The number and date filled in by hand on the document itself are in it, as written.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from benchmarks.corpus.fonts import Family, script_font
from benchmarks.corpus.model import Center, Doc, Field, Heading, Item, Table

DPI = 300
A4 = (2480, 3508)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
COUNCILS = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


@lru_cache(maxsize=512)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@dataclass(frozen=True)
class Style:
    """How one rendering of a document looks (chosen per rendering, from the seed)."""

    family: Family
    body_pt: float = 13.0
    header: str = "two"                 # two | one
    justify: bool = True
    lead: float = 1.32                  # line pitch / font size
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top bottom left right
    ink: int = 10                       # grey level of the print
    handwritten: bool = False           # number and date filled in by hand
    stamp_copy: bool = False            # "BẢN SAO" stamp in the top margin
    stamp_received: bool = False        # "ĐẾN Số: … Ngày: …" under the left header block
    seal_rgb: tuple[int, int, int] = (210, 35, 45)
    seal_shift_mm: tuple[float, float] = (-14.0, 3.0)  # seal centre from the name's centre
    pen_rgb: tuple[int, int, int] = (25, 40, 140)      # signature and handwriting
    stamp_rgb: tuple[int, int, int] = (200, 40, 60)


@dataclass
class Page:
    image: Image.Image
    lines: list[str]
    seals: list[dict] = field(default_factory=list)
    stamps: list[dict] = field(default_factory=list)
    handwritten: list[str] = field(default_factory=list)


@dataclass
class Row:
    """A unit of the flow: its height, what it prints (ground truth) and how it draws."""

    height: int
    lines: list[str]
    draw: Callable[[Page, int], None]
    gap_before: int = 0
    kind: str = "body"                  # body | heading | footer | header | stamp
    keep_with_next: bool = False


def date_words(doc: Doc) -> tuple[str, str, str]:
    """Day, month, year as Decree 30 writes them (day two digits, months 1 and 2 with 0)."""
    y, m, d = doc.date
    return f"{d:02d}", (f"{m:02d}" if m < 3 else str(m)), str(y)


class Setter:
    """Lays one document out with one style; `pages()` returns the rendered pages."""

    def __init__(self, doc: Doc, style: Style, rnd: random.Random):
        self.doc, self.st, self.rnd = doc, style, rnd
        top, bottom, left, right = style.margins_mm
        self.W, self.H = A4
        self.top, self.bottom = px(top), self.H - px(bottom)
        self.left, self.right = px(left), self.W - px(right)
        self.width = self.right - self.left
        self.body_px = round(style.body_pt / 72 * DPI)
        self.pitch = round(self.body_px * style.lead)
        self.ink = (style.ink,) * 3

    # ------------------------------------------------------------------ fonts and text
    def font(self, pt: float, style: str = "Regular") -> ImageFont.FreeTypeFont:
        return _font(self.st.family.path(style), round(pt / 72 * DPI))

    def fit(self, text: str, pt: float, style: str, width: int, floor: float = 8.5):
        """The font at `pt`, or smaller until `text` fits in `width`."""
        while pt > floor and self.font(pt, style).getlength(text) > width:
            pt -= 0.5
        return self.font(pt, style)

    def text(self, page: Page, xy: tuple[float, float], s: str, font, fill=None) -> None:
        ImageDraw.Draw(page.image).text(xy, s, font=font, fill=fill or self.ink)

    def centred(self, page: Page, cx: float, y: int, s: str, font) -> None:
        self.text(page, (cx - font.getlength(s) / 2, y), s, font)

    @staticmethod
    def wrap(s: str, font, width: int, first_indent: int = 0, indent: int = 0) -> list[str]:
        lines, line = [], ""
        for word in s.split():
            trial = f"{line} {word}".strip()
            avail = width - (first_indent if not lines else indent)
            if not line or font.getlength(trial) <= avail:
                line = trial
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
        return lines

    # ------------------------------------------------------------------ handwriting
    def handwrite(self, page: Page, x: float, y: int, s: str, size: int) -> float:
        """Digits in a script face, each glyph turned, scaled and shifted a little, in pen
        ink; returns the x after the last glyph."""
        f = _font(script_font(), round(size * 1.25))
        rnd = self.rnd
        for ch in s:
            w = max(1, round(f.getlength(ch)))
            box = Image.new("L", (w + size, size * 2), 0)
            ImageDraw.Draw(box).text((size // 2, size // 4), ch, font=f, fill=255)
            if rnd.random() < 0.5:
                box = box.filter(ImageFilter.MaxFilter(3))
            box = box.rotate(rnd.uniform(-9, 9), resample=Image.BICUBIC)
            k = rnd.uniform(0.9, 1.15)
            box = box.resize((max(1, round(box.width * k)), max(1, round(box.height * k))))
            dy = round(rnd.uniform(-0.12, 0.08) * size - size * 0.3)
            ink = Image.new("RGB", box.size, self.st.pen_rgb)
            page.image.paste(ink, (round(x - size / 2 * k), y + dy), box)
            x += w * k * rnd.uniform(0.85, 1.02)
        page.handwritten.append(s)
        return x + size * 0.15

    def hw_width(self, s: str, size: int) -> float:
        f = _font(script_font(), round(size * 1.25))
        return sum(f.getlength(c) for c in s) * 0.97 + size * 0.15

    def draw_pieces(self, page: Page, x: float, y: int, pieces, font) -> None:
        """Printed text and handwritten fields on one line: pieces are (text, by_hand)."""
        for s, by_hand in pieces:
            if by_hand:
                x = self.handwrite(page, x + font.size * 0.15, y, s, font.size)
            else:
                self.text(page, (x, y), s, font)
                x += font.getlength(s)

    def pieces_width(self, pieces, font) -> float:
        return sum(self.hw_width(s, font.size) + font.size * 0.15 if h else font.getlength(s)
                   for s, h in pieces)

    # ------------------------------------------------------------------ header
    def number_pieces(self) -> list[tuple[str, bool]]:
        n = self.doc.number
        head, sep, tail = n.partition("/")
        if self.st.handwritten and sep and head.isdigit():
            return [("Số: ", False), (head, True), ("/" + tail, False)]
        return [(f"Số: {n}", False)]

    def date_pieces(self) -> list[tuple[str, bool]]:
        d, m, y = date_words(self.doc)
        place = self.doc.place
        if self.st.handwritten:
            return [(f"{place}, ngày ", False), (d, True), (" tháng ", False), (m, True),
                    (f" năm {y}", False)]
        return [(f"{place}, ngày {d} tháng {m} năm {y}", False)]

    @staticmethod
    def joined(pieces) -> str:
        return "".join(s for s, _ in pieces)

    def header_two(self) -> Row:
        st, doc = self.st, self.doc
        lw = px(78)
        lcx = self.left + lw / 2 - px(6)
        rcx = (self.left + lw + self.right) / 2 + px(3)
        rw = self.right - self.left - lw + px(6)
        pt = min(13.0, st.body_pt)
        left: list[tuple[str, ImageFont.FreeTypeFont, str]] = []  # (text, font, extra)
        agency = list(doc.agency)
        for i, a in enumerate(agency):
            bold = a.upper() in COUNCILS or i == len(agency) - 1
            f = self.fit(a, pt, "Bold" if bold else "Regular", lw)
            left.append((a, f, "rule" if i == len(agency) - 1 else ""))
        num_f = self.font(pt)
        vv = []
        if doc.kind == "cong_van" and doc.subject:
            vv = self.wrap(doc.subject, self.font(12), lw - px(4))
        right = [(MOTTO[0], self.fit(MOTTO[0], 12.5, "Bold", rw), ""),
                 (MOTTO[1], self.fit(MOTTO[1], 13.5, "Bold", rw), "rule")]
        date_p = self.date_pieces()
        date_f = self.font(min(14.0, st.body_pt + 0.5), "Italic")
        while self.pieces_width(date_p, date_f) > rw and date_f.size > 30:
            date_f = _font(st.family.path("Italic"), date_f.size - 2)
        num_p = self.number_pieces()
        step = lambda f: round(f.size * 1.28)  # noqa: E731
        lh = sum(step(f) for _, f, _ in left) + px(3) + step(num_f) + len(vv) * step(num_f)
        rh = sum(step(f) for _, f, _ in right) + px(3) + step(date_f)
        lines = [a for a, _, _ in left] + [self.joined(num_p)] + vv + [MOTTO[0], MOTTO[1],
                                                                      self.joined(date_p)]

        def draw(page: Page, y0: int) -> None:
            y = y0
            for a, f, extra in left:
                self.centred(page, lcx, y, a, f)
                y += step(f)
                if extra:
                    half = min(f.getlength(a), px(40)) * 0.35
                    ImageDraw.Draw(page.image).line((lcx - half, y + 2, lcx + half, y + 2),
                                                    fill=self.ink, width=3)
            y += px(3)
            self.draw_pieces(page, lcx - self.pieces_width(num_p, num_f) / 2, y, num_p, num_f)
            y += step(num_f)
            small = self.font(12)
            for v in vv:
                self.centred(page, lcx, y, v, small)
                y += step(num_f)
            y = y0
            for a, f, extra in right:
                self.centred(page, rcx, y, a, f)
                y += step(f)
                if extra:
                    half = f.getlength(a) / 2
                    ImageDraw.Draw(page.image).line((rcx - half, y + 2, rcx + half, y + 2),
                                                    fill=self.ink, width=3)
            y += px(3)
            self.draw_pieces(page, rcx - self.pieces_width(date_p, date_f) / 2, y, date_p,
                             date_f)
            page.left_block_bottom = y0 + lh  # type: ignore[attr-defined]

        return Row(max(lh, rh) + px(8), lines, draw, kind="header")

    def header_one(self) -> Row:
        cx = (self.left + self.right) / 2
        f0 = self.fit(MOTTO[0], 13, "Bold", self.width)
        f1 = self.font(14, "Bold")
        h = round(f0.size * 1.3) + round(f1.size * 1.3) + px(8)

        def draw(page: Page, y: int) -> None:
            self.centred(page, cx, y, MOTTO[0], f0)
            y += round(f0.size * 1.3)
            self.centred(page, cx, y, MOTTO[1], f1)
            y += round(f1.size * 1.3)
            half = f1.getlength(MOTTO[1]) / 2
            ImageDraw.Draw(page.image).line((cx - half, y + 2, cx + half, y + 2),
                                            fill=self.ink, width=3)

        return Row(h, list(MOTTO), draw, kind="header")

    def centred_rows(self, text: str, pt: float, style: str, width: int,
                     kind: str = "heading", gap: int = 0) -> list[Row]:
        f = self.font(pt, style)
        cx = (self.left + self.right) / 2
        lines = self.wrap(text, f, width)
        if len(lines) > 1:  # balance the lines, as a centred title is set
            lo, hi = width // len(lines), width
            while hi - lo > 4:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if len(self.wrap(text, f, mid)) <= len(lines) else (mid, hi)
            lines = self.wrap(text, f, hi)
        rows = []
        for i, line in enumerate(lines):
            rows.append(Row(round(f.size * 1.3), [line],
                            lambda page, y, s=line: self.centred(page, cx, y, s, f),
                            gap_before=gap if i == 0 else 0, kind=kind, keep_with_next=True))
        return rows

    def title_rows(self) -> list[Row]:
        doc, st = self.doc, self.st
        rows: list[Row] = []
        cx = (self.left + self.right) / 2
        for i, t in enumerate(doc.title):
            f = self.fit(t, min(15.0, st.body_pt + 1.5), "Bold", self.width)
            rows.append(Row(round(f.size * 1.3), [t],
                            lambda page, y, s=t, f=f: self.centred(page, cx, y, s, f),
                            gap_before=px(4) if i == 0 else 0, kind="heading",
                            keep_with_next=True))
        if doc.copy_note:
            rows += self.centred_rows("(BẢN SAO)", st.body_pt, "Bold", self.width)
        if st.header == "one" and doc.number:
            p = self.number_pieces()
            f = self.font(st.body_pt)
            cx = (self.left + self.right) / 2
            rows.append(Row(round(f.size * 1.35), [self.joined(p)],
                            lambda page, y: self.draw_pieces(
                                page, cx - self.pieces_width(p, f) / 2, y, p, f),
                            kind="heading", keep_with_next=True))
        if doc.subject and doc.kind != "cong_van":
            rows += self.centred_rows(doc.subject, st.body_pt, "Bold", round(self.width * 0.8))
            if doc.title:
                w = px(30)
                cx = (self.left + self.right) / 2
                rows.append(Row(px(3), [], lambda page, y: ImageDraw.Draw(page.image).line(
                    (cx - w, y + px(1), cx + w, y + px(1)), fill=self.ink, width=3),
                    kind="heading", keep_with_next=True))
        if doc.authority:
            rows += self.centred_rows(doc.authority, st.body_pt, "Bold", self.width,
                                      gap=px(3))
        if doc.kinh_gui:
            rows += self.kinh_gui_rows()
        if rows:
            rows[-1].keep_with_next = False
            rows.append(Row(px(3), [], lambda page, y: None, kind="heading"))
        return rows

    def kinh_gui_rows(self) -> list[Row]:
        f = self.font(self.st.body_pt)
        cx = (self.left + self.right) / 2
        rows = []
        if len(self.doc.kinh_gui) == 1:
            s = f"Kính gửi: {self.doc.kinh_gui[0]}"
            for i, line in enumerate(self.wrap(s, f, round(self.width * 0.85))):
                rows.append(Row(round(f.size * 1.35), [line],
                                lambda page, y, s=line: self.centred(page, cx, y, s, f),
                                gap_before=px(4) if i == 0 else 0, keep_with_next=True))
        return rows

    # ------------------------------------------------------------------ body
    def para_rows(self, text: str, first_indent: int, indent: int, justify: bool,
                  style: str = "Regular") -> list[Row]:
        f = self.font(self.st.body_pt, style)
        lines = self.wrap(text, f, self.width, first_indent, indent)
        rows = []
        for i, line in enumerate(lines):
            x0 = self.left + (first_indent if i == 0 else indent)
            avail = self.right - x0
            last = i == len(lines) - 1

            def draw(page: Page, y: int, line=line, x0=x0, avail=avail, last=last) -> None:
                words = line.split()
                if not justify or last or len(words) < 2:
                    self.text(page, (x0, y), line, f)
                    return
                widths = [f.getlength(w) for w in words]
                gap = (avail - sum(widths)) / (len(words) - 1)
                if gap > 3.2 * f.getlength(" "):
                    self.text(page, (x0, y), line, f)
                    return
                x = x0
                for w, ww in zip(words, widths, strict=True):
                    self.text(page, (x, y), w, f)
                    x += ww + gap

            rows.append(Row(self.pitch, [line], draw,
                            gap_before=px(1.6) if i == 0 else 0))
        return rows

    def table_row(self, t: Table) -> Row:
        pt = self.st.body_pt - 1
        align = t.align or "".join("r" if c.replace(".", "").isdigit() else "l"
                                   for c in t.rows[0])
        cols = [round(w * self.width) for w in t.widths]
        pad = px(1.5)
        while pt > 9:
            fr, fb = self.font(pt), self.font(pt, "Bold")
            ok = all(fb.getlength(h) <= c - 2 * pad for h, c in zip(t.head, cols, strict=True))
            ok = ok and all(fr.getlength(v) <= c - 2 * pad
                            for r in t.rows for v, c in zip(r, cols, strict=True))
            if ok:
                break
            pt -= 0.5
        fr, fb = self.font(pt), self.font(pt, "Bold")
        rh = round(fr.size * 1.75)
        n = len(t.rows) + 1
        lines = [" ".join(h for h in t.head if h)]
        lines += [" ".join(v for v in r if v) for r in t.rows]

        def draw(page: Page, y0: int) -> None:
            d = ImageDraw.Draw(page.image)
            xs = [self.left]
            for c in cols:
                xs.append(xs[-1] + c)
            for k in range(n + 1):
                d.line((xs[0], y0 + k * rh, xs[-1], y0 + k * rh), fill=self.ink, width=2)
            for x in xs:
                d.line((x, y0, x, y0 + n * rh), fill=self.ink, width=2)
            for k, row in enumerate([t.head, *t.rows]):
                f = fb if k == 0 else fr
                y = y0 + k * rh + round((rh - f.size * 1.15) / 2)
                for j, v in enumerate(row):
                    a = "c" if k == 0 else align[j]
                    w = f.getlength(v)
                    x = (xs[j] + pad if a == "l" else xs[j + 1] - pad - w if a == "r"
                         else (xs[j] + xs[j + 1] - w) / 2)
                    self.text(page, (x, y), v, f)

        return Row(n * rh + px(2), lines, draw, gap_before=px(2))

    def body_rows(self) -> list[Row]:
        rows: list[Row] = []
        ind = px(10)
        for b in self.doc.body:
            if isinstance(b, str):
                rows += self.para_rows(b, ind, 0, self.st.justify)
            elif isinstance(b, Center):
                rows += self.centred_rows(b.text, self.st.body_pt, "Bold" if b.bold else
                                          "Regular", self.width, kind="heading", gap=px(2))
            elif isinstance(b, Heading):
                for r in self.para_rows(b.text, 0, 0, False, "Bold"):
                    r.kind, r.keep_with_next = "heading", True
                    rows.append(r)
            elif isinstance(b, Field):
                rows += self.para_rows(b.text, px(b.indent_mm), px(b.indent_mm), False)
            elif isinstance(b, Item):
                marker = b.text.split(" ", 1)[0]
                hang = round(self.font(self.st.body_pt).getlength(marker + " "))
                rows += self.para_rows(b.text, ind, ind + hang, self.st.justify)
            elif isinstance(b, Table):
                rows.append(self.table_row(b))
        return rows

    # ------------------------------------------------------------------ footer
    def signature(self, page: Page, cx: float, y: int) -> None:
        """A handwritten signature: a few looping pen strokes around (cx, y)."""
        d = ImageDraw.Draw(page.image)
        rnd = self.rnd
        x = cx - px(rnd.uniform(14, 20))
        pts = []
        for k in range(rnd.randint(26, 40)):
            x += px(rnd.uniform(0.5, 1.4))
            pts.append((x + px(2.5) * math.sin(k * 0.9), y + px(rnd.uniform(-4, 4))
                        + px(3) * math.cos(k * 1.3)))
        d.line(pts, fill=self.st.pen_rgb, width=max(3, px(0.35)), joint="curve")
        d.line((cx - px(10), y + px(5), cx + px(16), y + px(3)), fill=self.st.pen_rgb,
               width=max(3, px(0.3)))

    def seal(self, page: Page, cx: float, cy: float, name: tuple | None = None) -> None:
        """A red round seal (ring of the unit's name, inner ring, star) multiplied over the
        page, so the print under it stays dark. ``name``: where the signer's name is printed
        (x, y, text, font), to count the letters of it the seal's ink covers."""
        rnd = self.rnd
        r = px(rnd.uniform(17, 20))
        size = 2 * r + 12
        img = Image.new("RGB", (size, size), "white")
        d = ImageDraw.Draw(img)
        red = self.st.seal_rgb
        c = size // 2
        d.ellipse((c - r, c - r, c + r, c + r), outline=red, width=px(0.9))
        ri = r * 0.66
        d.ellipse((c - ri, c - ri, c + ri, c + ri), outline=red, width=px(0.45))
        ring = unicodedata.normalize("NFC", self.doc.seal_text.upper())
        f = _font(self.st.family.path("Bold"), px(3.0))
        n = len(ring)
        per_char = math.degrees(f.size * 0.95 / (r * 0.83))
        span = min(330.0, n * per_char)
        for i, ch in enumerate(ring):
            a = math.radians(-90 - span / 2 + span * (i + 0.5) / n)
            g = Image.new("L", (f.size * 2, f.size * 2), 0)
            ImageDraw.Draw(g).text((f.size // 2, f.size // 3), ch, font=f, fill=255)
            g = g.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
            x = c + r * 0.83 * math.cos(a) - g.width / 2
            y = c + r * 0.83 * math.sin(a) - g.height / 2
            img.paste(Image.new("RGB", g.size, red), (round(x), round(y)), g)
        star = [(c + r * 0.32 * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
                 c + r * 0.32 * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4))
                for k in range(10)]
        d.polygon(star, fill=red)
        # uneven inking: some of the seal's ink missing in patches
        mask = Image.effect_noise((size // 8, size // 8), 60).resize((size, size),
                                                                      Image.BICUBIC)
        light = mask.point(lambda v: 255 if v > 150 + rnd.randint(0, 40) else 0)
        img = ImageChops.lighter(img, Image.merge("RGB", [light.point(lambda v: v // 3)] * 3))
        img = img.rotate(rnd.uniform(0, 360), resample=Image.BICUBIC, fillcolor="white")
        sx, sy = round(cx - size / 2), round(cy - size / 2)
        region = page.image.crop((sx, sy, sx + size, sy + size))
        page.image.paste(ImageChops.multiply(region, img), (sx, sy))
        seal = {"center_px": [round(cx), round(cy)], "radius_px": r, "rgb": list(red)}
        if name is not None:
            seal["name_letters_covered"] = _covered_letters(img, (sx, sy), *name)
        page.seals.append(seal)

    def footer_row(self) -> Row:
        doc, st = self.doc, self.st
        rf = self.font(12, "BoldItalic")
        itf = self.font(11)
        bf = self.font(min(13.5, st.body_pt), "Bold")
        step = round(bf.size * 1.3)
        scx = self.right - px(45)
        lcx = self.left + px(40)
        sign = list(doc.sign)
        sign_f = [self.fit(s, bf.size * 72 / DPI, "Bold", px(85)) for s in sign]
        gap = px(24)
        rh = sum(round(f.size * 1.3) for f in sign_f) + gap + step
        left_lines: list[str] = []
        if doc.recipients:
            left_lines = ["Nơi nhận:"] + [f"- {r}" for r in doc.recipients]
            lh = round(rf.size * 1.3) + len(doc.recipients) * round(itf.size * 1.25)
        elif doc.left_sign:
            left_lines = list(doc.left_sign)
            lh = (len(doc.left_sign) - 1) * step + gap + step
        else:
            lh = 0
        date_row = st.header == "one" and doc.kind != "bien_ban"
        date_p = self.date_pieces() if date_row else []
        date_f = self.font(min(14.0, st.body_pt + 0.5), "Italic")
        dh = round(date_f.size * 1.5) if date_row else 0
        lines = ([self.joined(date_p)] if date_row else []) + left_lines + sign + [doc.signer]

        def draw(page: Page, y0: int) -> None:
            y = y0
            if date_row:
                self.draw_pieces(page, scx - self.pieces_width(date_p, date_f) / 2, y, date_p,
                                 date_f)
                y += dh
            ly = y
            if doc.recipients:
                self.text(page, (self.left, ly), "Nơi nhận:", rf)
                ly += round(rf.size * 1.3)
                for r in doc.recipients:
                    self.text(page, (self.left, ly), f"- {r}", itf)
                    ly += round(itf.size * 1.25)
            elif doc.left_sign:
                for s in doc.left_sign[:-1]:
                    self.centred(page, lcx, ly, s, bf)
                    ly += step
                self.signature(page, lcx, ly + gap // 2)
                self.centred(page, lcx, ly + gap, doc.left_sign[-1], bf)
            for s, f in zip(sign, sign_f, strict=True):
                self.centred(page, scx, y, s, f)
                y += round(f.size * 1.3)
            self.signature(page, scx, y + gap // 2)
            name_y = y + gap
            self.centred(page, scx, name_y, doc.signer, bf)
            dx, dy = st.seal_shift_mm
            self.seal(page, scx + px(dx), name_y + bf.size * 0.5 - px(dy),
                      name=(scx - bf.getlength(doc.signer) / 2, name_y, doc.signer, bf))

        return Row(dh + max(lh, rh) + px(4), lines, draw, gap_before=px(6), kind="footer")

    # ------------------------------------------------------------------ stamps
    def stamp_copy(self, page: Page) -> None:
        """A rectangular "BẢN SAO" stamp in the top margin, a little askew."""
        f = _font(self.st.family.path("Bold"), px(6.5))
        w, h = round(f.getlength("BẢN SAO")) + px(10), px(13)
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        col = self.st.stamp_rgb
        d.rectangle((2, 2, w - 3, h - 3), outline=col, width=px(0.7))
        d.rectangle((px(1.2), px(1.2), w - px(1.2), h - px(1.2)), outline=col, width=px(0.25))
        d.text((px(5), (h - f.size * 1.15) / 2), "BẢN SAO", font=f, fill=col)
        img = img.rotate(self.rnd.uniform(-4, 4), expand=True, fillcolor="white",
                         resample=Image.BICUBIC)
        x = self.right - img.width - px(self.rnd.uniform(0, 25))
        y = max(px(3), self.top - img.height - px(2))
        region = page.image.crop((x, y, x + img.width, y + img.height))
        page.image.paste(ImageChops.multiply(region, img), (x, y))
        page.stamps.append({"kind": "ban_sao", "box_px": [x, y, x + img.width, y + img.height],
                            "rgb": list(col)})

    def stamp_received(self, page: Page, y0: int) -> int:
        """The received stamp ("ĐẾN", number and date written in), under the left header
        block; returns its height."""
        rnd = self.rnd
        w, h = px(56), px(27)
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        col = (120, 40, 140) if rnd.random() < 0.5 else self.st.stamp_rgb
        d.rectangle((2, 2, w - 3, h - 3), outline=col, width=px(0.6))
        small = _font(self.st.family.path("Bold"), px(2.6))
        big = _font(self.st.family.path("Bold"), px(5.5))
        mid = _font(self.st.family.path("Regular"), px(3.0))
        unit = rnd.choice(("VĂN PHÒNG HĐND VÀ UBND", "BỘ PHẬN MỘT CỬA", "VĂN THƯ CƠ QUAN"))
        d.text(((w - small.getlength(unit)) / 2, px(1.5)), unit, font=small, fill=col)
        d.text((px(3), px(8)), "ĐẾN", font=big, fill=col)
        d.text((px(20), px(7)), "Số:", font=mid, fill=col)
        d.text((px(20), px(13)), "Ngày:", font=mid, fill=col)
        d.text((px(3), px(20)), "Chuyển: .......................................", font=mid,
               fill=col)
        img = img.rotate(rnd.uniform(-3, 3), expand=True, fillcolor="white",
                         resample=Image.BICUBIC)
        x, y = self.left + px(rnd.uniform(0, 12)), y0
        region = page.image.crop((x, y, x + img.width, y + img.height))
        page.image.paste(ImageChops.multiply(region, img), (x, y))
        # the clerk's entries, by hand
        yy, mm, dd = self.doc.date
        later = dd + rnd.randint(1, 3)
        number = str(rnd.randint(12, 2400))
        when = f"{min(later, 28)}/{mm}/{yy}"
        size = px(3.6)
        saved = list(page.handwritten)
        self.handwrite(page, x + px(29), y + px(7), number, size)
        self.handwrite(page, x + px(31), y + px(13), when, size)
        page.handwritten[:] = saved  # the stamp's entries are not in the ground truth
        page.stamps.append({"kind": "den", "box_px": [x, y, x + img.width, y + img.height],
                            "rgb": list(col), "written": [number, when]})
        return img.height

    # ------------------------------------------------------------------ pages
    def page_number_row(self, n: int) -> Row:
        f = self.font(self.st.body_pt)
        cx = (self.left + self.right) / 2
        return Row(round(f.size * 1.3) + px(5), [str(n)],
                   lambda page, y: self.centred(page, cx, y, str(n), f), kind="header")

    def pages(self) -> list[Page]:
        st = self.st
        first = [self.header_two() if st.header == "two" else self.header_one()]
        if st.stamp_received and st.header == "two":
            first.append(Row(px(29), [], lambda page, y: None, kind="stamp"))
        flow = self.title_rows() + self.body_rows()
        footer = self.footer_row()
        out: list[list[Row]] = [list(first)]
        y = self.top + sum(r.height for r in first)
        for r in flow:
            need = r.gap_before + r.height
            if y + need > self.bottom:
                carry = []
                while out[-1] and out[-1][-1].keep_with_next:
                    carry.insert(0, out[-1].pop())
                out.append([self.page_number_row(len(out) + 1), *carry])
                y = self.top + sum(x.height + x.gap_before for x in out[-1])
            out[-1].append(r)
            y += need
        if y + footer.gap_before + footer.height > self.bottom:
            carry = []
            while len(carry) < 2 and out[-1][-1].kind == "body":
                carry.insert(0, out[-1].pop())
            while out[-1][-1].keep_with_next:
                carry.insert(0, out[-1].pop())
            out.append([self.page_number_row(len(out) + 1), *carry])
        out[-1].append(footer)
        pages = []
        for rows in out:
            page = Page(Image.new("RGB", A4, "white"), [])
            y = self.top
            for r in rows:
                y += r.gap_before
                if r.kind == "stamp":
                    self.stamp_received(page, y)
                else:
                    r.draw(page, y)
                page.lines += r.lines
                y += r.height
            pages.append(page)
        if st.stamp_copy:
            self.stamp_copy(pages[0])
        for p in pages:
            p.lines = [unicodedata.normalize("NFC", s) for s in p.lines if s.strip()]
        return pages


def render(doc: Doc, style: Style, rnd: random.Random) -> list[Page]:
    return Setter(doc, style, rnd).pages()


#: a letter of the name is covered when at least this share of its ink is under the seal's
COVERED = 0.5


def _covered_letters(seal: Image.Image, at: tuple[int, int], x: float, y: int, text: str,
                     font) -> int:
    """How many letters of the name printed at (x, y) have most of their ink under the seal's
    ink (seal image pasted at ``at``). A 1-bit scan makes the seal as black as the print: such
    a letter is lost to a reader, person or engine, whatever the print's contrast."""
    inked = np.asarray(seal.convert("L")) < 200
    sx, sy = at
    covered = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        glyph = Image.new("L", (font.size * 3, font.size * 3), 0)
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=255)
        ink = np.asarray(glyph) > 127
        gy, gx = np.nonzero(ink)
        if not gy.size:
            continue
        # the glyph's pixels on the page, then in the seal image
        px_ = np.round(gx - font.size + x + font.getlength(text[:i])).astype(int) - sx
        py_ = gy - font.size + y - sy
        inside = (px_ >= 0) & (py_ >= 0) & (px_ < inked.shape[1]) & (py_ < inked.shape[0])
        under = inked[py_[inside], px_[inside]].sum()
        covered += int(under >= COVERED * gy.size)
    return covered
