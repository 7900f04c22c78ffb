"""Signers' name lines drawn under seals and signatures, with their exact text: what the name
reader is trained on.

Each line is a Vietnamese personal name (family, middle and given names from `ocr.names`) set
in one of the corpus's faces (`benchmarks.corpus.fonts`, bold mostly, 12–15 pt at 200 or
300 dpi); a seal this module draws itself (one or two outer rings, an inner ring, lettering
set around the ring in another face, a star, lines of text or nothing in the middle) lies over
part of it, as a 1-bit scan shows it (black), as a grey scan does, or taken out by colour
(white, cutting the name's strokes); signature strokes cross above it; then blur, noise and,
for most lines, a threshold to 1-bit. The crop is the name's box with its ends and height
jittered as a line detector finds them. The seals here are neither those of `sohoa.samples`
(the signer benchmark) nor those of the OCR corpus, which measure the reader.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks.corpus.fonts import survey
from ocr.names import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, SURNAMES

_LETTERING = ("ỦY BAN NHÂN DÂN", "UBND", "XÃ", "PHƯỜNG", "THỊ TRẤN", "HUYỆN", "TỈNH",
              "THÀNH PHỐ", "SỞ TƯ PHÁP", "CÔNG AN", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
              "VĂN PHÒNG", "HỘI ĐỒNG NHÂN DÂN", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG")


@dataclass(frozen=True)
class NameLine:
    image: np.ndarray  # grey, uint8: the line as a detector would cut it
    text: str          # the name as printed


@cache
def _faces() -> tuple[tuple[str, ...], tuple[str, ...]]:
    families, _ = survey("corpus")
    bold = tuple(f.path(s) for f in families for s in ("Bold", "BoldItalic"))
    regular = tuple(f.path(s) for f in families for s in ("Regular",))
    return bold, regular


@cache
def _lists() -> tuple[tuple[str, ...], ...]:
    return (tuple(sorted(SURNAMES)), tuple(sorted(FAMILY_NAMES)), tuple(sorted(MIDDLE_NAMES)),
            tuple(sorted(GIVEN_NAMES)), tuple(sorted({w.upper() for w in GIVEN_NAMES})))


def name(rnd: random.Random) -> str:
    """A personal name: family, none to two middle names, a given name."""
    common, families, middles, given, _ = _lists()
    family = rnd.choice(common if rnd.random() < 0.75 else families)
    n_middle = rnd.choices((0, 1, 2), (0.12, 0.68, 0.20))[0]
    parts = [family, *(rnd.choice(middles) if rnd.random() < 0.6 else rnd.choice(given)
                       for _ in range(n_middle)), rnd.choice(given)]
    return " ".join(parts)


def _lettering(rnd: random.Random) -> str:
    *_, upper_given = _lists()
    words = [rnd.choice(_LETTERING)]
    words += [rnd.choice(upper_given) for _ in range(rnd.randint(1, 3))]
    if rnd.random() < 0.5:
        words.append(rnd.choice(("TỈNH", "T.", "H.", "TP.")) + " " + rnd.choice(upper_given))
    return " ".join(words) + " * "


def _arc_text(draw_on: Image.Image, text: str, font, cx: float, cy: float, r: float,
              ink: int, start: float) -> None:
    """``text`` set clockwise around a circle of radius ``r``, letters upright to it."""
    total = sum(font.getlength(c) for c in text)
    step = min(1.0, 2 * math.pi * r * 0.92 / max(total, 1))
    angle = start
    for c in text:
        adv = font.getlength(c) * step
        if c.strip():
            box = font.getbbox(c)
            size = (int(box[2] + 4), int(font.size * 1.6))
            glyph = Image.new("L", size, 0)
            ImageDraw.Draw(glyph).text((2, 0), c, font=font, fill=255)
            a = angle + adv / (2 * r)
            rot = glyph.rotate(-math.degrees(a), expand=True, resample=Image.BILINEAR)
            x = cx + r * math.sin(a) - rot.width / 2
            y = cy - r * math.cos(a) - rot.height / 2
            draw_on.paste(ink, (int(x), int(y)), rot)
        angle += adv / r


def _seal(rnd: random.Random, size: int) -> Image.Image:
    """A seal's ink as a mask (255 = ink) of ``size`` pixels across."""
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    c = size / 2
    w = max(2, round(size * rnd.uniform(0.008, 0.018)))
    r = c - w - 1
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=w)
    if rnd.random() < 0.5:  # a second, thin outer ring
        r2 = r - w - max(2, round(size * 0.012))
        d.ellipse((c - r2, c - r2, c + r2, c + r2), outline=255, width=max(1, w // 2))
        r = r2
    band = size * rnd.uniform(0.11, 0.15)
    inner = r - band
    d.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255,
              width=max(1, round(w * rnd.uniform(0.5, 1.0))))
    bold, regular = _faces()
    face = rnd.choice(bold + regular)
    font = ImageFont.truetype(face, max(8, round(band * rnd.uniform(0.5, 0.65))))
    _arc_text(mask, _lettering(rnd), font, c, c, inner + band * 0.22, 255,
              rnd.uniform(0, 2 * math.pi))
    middle = rnd.random()
    if middle < 0.45:  # a five-pointed star
        rs = inner * rnd.uniform(0.25, 0.4)
        pts = [(c + (rs if k % 2 == 0 else rs * 0.4) * math.sin(k * math.pi / 5),
                c - (rs if k % 2 == 0 else rs * 0.4) * math.cos(k * math.pi / 5))
               for k in range(10)]
        d.polygon(pts, fill=255)
    elif middle < 0.8:  # lines of text across the middle
        f2 = ImageFont.truetype(rnd.choice(bold), max(8, round(inner * rnd.uniform(0.16, 0.24))))
        *_, upper_given = _lists()
        for k, row in enumerate((rnd.choice(("UBND", "SỞ", "PHÒNG", "CÔNG AN")),
                                 rnd.choice(upper_given))):
            tw = f2.getlength(row)
            d.text((c - tw / 2, c - f2.size * (1.1 - 1.3 * k)), row, font=f2, fill=255)
    return mask


def _signature(rnd: random.Random, w: int, h: int, scale: float) -> Image.Image:
    """A few looping pen strokes (mask)."""
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    for _ in range(rnd.randint(1, 3)):
        x, y = rnd.uniform(0.1, 0.5) * w, rnd.uniform(0.2, 0.6) * h
        pts = []
        for t in range(rnd.randint(20, 60)):
            pts.append((x, y))
            x += rnd.uniform(0.2, 1.0) * scale * 0.6
            y += math.sin(t * rnd.uniform(0.4, 1.2)) * scale * rnd.uniform(0.3, 1.2)
        d.line(pts, fill=255, width=max(1, round(scale * rnd.uniform(0.05, 0.12))))
    return mask


def draw(rnd: random.Random) -> NameLine:
    """One name line under a seal, with its text."""
    text = name(rnd)
    dpi = rnd.choice((200, 300, 300))
    pt = rnd.uniform(12, 15)
    bold, regular = _faces()
    upright = [f for f in bold if "Italic" not in f]
    face = (rnd.choice(upright) if rnd.random() < 0.7 else rnd.choice(bold)
            if rnd.random() < 0.5 else rnd.choice(regular))
    font = ImageFont.truetype(face, round(pt / 72 * dpi))
    x0, y0, x1, y1 = font.getbbox(text)
    line_h = y1 - y0
    seal_px = round(dpi / 25.4 * rnd.uniform(30, 40))
    W = (x1 - x0) + 2 * seal_px
    H = 2 * seal_px
    page = Image.new("L", (W, H), 255)
    tx, ty = seal_px, seal_px + rnd.randint(-line_h, line_h) // 3
    ImageDraw.Draw(page).text((tx - x0, ty - y0), text, font=font, fill=rnd.randint(0, 40))
    box = [tx, ty, tx + x1 - x0, ty + line_h]
    if rnd.random() < 0.6:
        sig = _signature(rnd, W, ty, line_h * rnd.uniform(1.0, 2.0))
        page.paste(rnd.randint(0, 60), (0, 0), sig)
    if rnd.random() < 0.9:
        seal = _seal(rnd, seal_px)
        # the seal sits left of the signature, over the name's first words or above them
        cx = tx + rnd.uniform(-0.35, 0.5) * seal_px + rnd.uniform(0, 0.4) * (box[2] - box[0])
        cy = ty - rnd.uniform(-0.1, 0.55) * seal_px
        how = rnd.random()
        at = (int(cx - seal_px / 2), int(cy - seal_px / 2))
        if how < 0.15:  # taken out by colour: it cuts the strokes
            page.paste(255, at, seal.point(lambda v: 255 if v > 128 else 0))
        else:  # black (1-bit) or grey (a grey scan of a red seal)
            page.paste(rnd.randint(0, 30) if how < 0.7 else rnd.randint(90, 170), at, seal)
    img = np.asarray(page, np.float32)
    if rnd.random() < 0.7:
        img = cv2.GaussianBlur(img, (0, 0), rnd.uniform(0.3, 1.3))
    img += np.random.default_rng(rnd.getrandbits(32)).normal(0, rnd.uniform(0, 12), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rnd.random() < 0.7:  # a 1-bit scan
        level = rnd.randint(110, 190)
        img = np.where(img < level, 0, 255).astype(np.uint8)
    elif rnd.random() < 0.3:
        _, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rnd.randint(35, 80)])
        img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    # the box a detector finds: ends and height off by a little; and now and then a crop
    # that runs on past the name (a line read on to where a ring crossed it, the region's
    # edge), whose blank or stroked paper holds no letter
    j = max(1, line_h // 5)
    bx0 = max(0, box[0] + rnd.randint(-2 * j, j))
    bx1 = min(W, box[2] + rnd.randint(-j, 2 * j))
    if rnd.random() < 0.3:
        bx1 = min(W, box[2] + round(line_h * rnd.uniform(0.5, 5)))
    if rnd.random() < 0.15:
        bx0 = max(0, box[0] - round(line_h * rnd.uniform(0.5, 2)))
    by0 = max(0, box[1] + rnd.randint(-j, j // 2))
    by1 = min(H, box[3] + rnd.randint(-j // 2, j))
    return NameLine(img[by0:by1, bx0:bx1].copy(), text)
