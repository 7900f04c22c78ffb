"""Lines of running text as a poor scan leaves them, with their exact text: what the faded-print
reader is trained on.

Each line is text made here from word lists, not from any document text of the corpus or of
`sohoa.samples`: Vietnamese words drawn by how often the language uses them (wordfreq) and
from Hồ Ngọc Đức's dictionary (as underthesea ships it), with the figures, dates, codes and
punctuation administrative pages carry; sentence case mostly, some lines in capitals, some
words capitalised as names are. It is set in one of the corpus's faces
(`benchmarks.corpus.fonts`) at 11–15 pt, 200 or 300 dpi, between the lines above and below
it, then taken through a capture like the corpus's (`benchmarks.corpus.capture`: paper, ink
faded in patches, uneven light, blur, noise, speckle, JPEG, a threshold to 1-bit for most),
with patches faded far more often and deeper than in the corpus, and then prepared as the
engine prepares a page for its faint-print reading (`ocr.clean.smooth_bilevel` for a 1-bit
scan, the background divided out, nothing whitened). The crop is the line's box as a detector
cuts it, jittered, now and then only the run of words it found on a faded line, and now and
then a crop with no line in it at all (read as nothing).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks.corpus.capture import jpeg_trip, noise, paper, salt_pepper
from benchmarks.corpus.fonts import survey
from ocr.clean import background_reach, smooth_bilevel

#: an A4 page's pixels at 300 dpi (the background is judged over a page's reach)
_A4_300 = (3508, 2480)
_UNITS = ("UBND", "HĐND", "QĐ", "NĐ-CP", "TT-BTC", "KH", "TB", "CV", "BC", "TTr", "QĐ-UBND",
          "NQ-HĐND", "TT-BTNMT", "VP", "STP", "CT-TTg")


@dataclass(frozen=True)
class TextLine:
    image: np.ndarray  # grey, uint8: the line as the faint-print reading cuts it
    text: str          # the text as printed


@cache
def _faces() -> tuple[str, ...]:
    families, _ = survey("corpus")
    return tuple(f.path(s) for f in families for s in f.files)


@cache
def _words() -> tuple[tuple[str, ...], tuple[float, ...], tuple[str, ...]]:
    """(common words, their weights, dictionary words of two syllables or more)."""
    import wordfreq
    from underthesea.corpus import viet_dict_74K

    from ocr.vietnamese import is_syllable

    common = [w for w in wordfreq.top_n_list("vi", 12000)
              if all(is_syllable(s) for s in w.split())]
    weights = [wordfreq.word_frequency(w, "vi") ** 0.5 for w in common]
    entries = sorted({unicodedata.normalize("NFC", e.strip()) for e in viet_dict_74K.words})
    compound = [e for e in entries if " " in e and e == e.lower()
                and all(is_syllable(s) for s in e.split())]
    return tuple(common), tuple(weights), tuple(compound)


def _figure(rnd: random.Random) -> str:
    kind = rnd.random()
    if kind < 0.25:
        return str(rnd.randint(1, 31) if rnd.random() < 0.6 else rnd.randint(1, 9999))
    if kind < 0.4:
        return f"{rnd.randint(1, 9999)}/{rnd.randint(2000, 2026)}/{rnd.choice(_UNITS)}"
    if kind < 0.55:
        return f"{rnd.randint(1, 999)}/{rnd.choice(_UNITS)}"
    if kind < 0.7:
        return f"{rnd.randint(1, 99)}.{rnd.randint(0, 999):03d}.000"
    if kind < 0.85:
        return f"{rnd.randint(1, 31):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1990, 2026)}"
    if rnd.random() < 0.3:
        return f"{rnd.randint(1, 99)}%"
    return f"{rnd.randint(1, 99)},{rnd.randint(0, 99)}"


def text(rnd: random.Random) -> str:
    """A line's text: words, figures and punctuation as administrative print runs."""
    common, weights, compound = _words()
    n = rnd.choice((1, 2, 3)) if rnd.random() < 0.12 else rnd.randint(4, 20)
    words: list[str] = []
    while len(words) < n:
        r = rnd.random()
        if r < 0.55:
            words.append(rnd.choices(common, weights)[0])
        elif r < 0.8:
            words.append(rnd.choice(compound))
        elif r < 0.9:
            words.append(rnd.choice(common))
        elif r < 0.95:
            words += ["ngày", str(rnd.randint(1, 31)), "tháng", str(rnd.randint(1, 12)), "năm",
                      str(rnd.randint(1990, 2026))]
        else:
            words.append(_figure(rnd))
        if rnd.random() < 0.12:
            words[-1] += rnd.choice((",", ",", ".", ";", ":"))
    words = words[:max(n, 1)]
    if rnd.random() < 0.15:
        for k in rnd.sample(range(len(words)), min(len(words), rnd.randint(1, 3))):
            words[k] = words[k][:1].upper() + words[k][1:]
    line = " ".join(words)
    style = rnd.random()
    if style < 0.15:
        line = line.upper()
    elif style < 0.75:
        line = line[:1].upper() + line[1:]
    if rnd.random() < 0.1:
        line = "- " + line
    elif rnd.random() < 0.05:
        line = f"({line})"
    return line.rstrip(" -") or "năm"


def _fade(img: np.ndarray, mean: float, rng: np.random.Generator, cell_px: int) -> np.ndarray:
    """Ink weaker in patches about ``cell_px`` across, around ``mean`` (0..1)."""
    h, w = img.shape
    small = rng.random((max(2, h // cell_px + 1), max(2, w // cell_px + 1)), dtype=np.float32)
    f = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    f = (f - f.min()) / max(1e-6, float(f.max() - f.min()))
    strength = np.clip(mean + (f - 0.5) * 0.7, 0.12, 1.0)
    return np.clip(255 - (255 - img.astype(np.float32)) * strength, 0, 255).astype(np.uint8)


def _flattened(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The background divided out over a whole page's reach (`ocr.clean.flatten_background`
    judges it over a sixtieth of the page's shorter side, not of this strip's)."""
    k = background_reach(tuple(round(v * dpi / 300) for v in _A4_300))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return cv2.divide(gray, cv2.medianBlur(background, 21), scale=255)


#: a line is drawn again when a word of it keeps less than this share of its ink black (1-bit)
#: or of the contrast black print has (grey): text gone from the pixels is not to be read
MIN_KEPT = 0.1
#: the share of crops with no line in them
BLANK = 0.04


def draw(rnd: random.Random) -> TextLine:
    """One line of running text between two others, captured and prepared, with its text;
    drawn again (other text, other capture) while a word of it is gone from the pixels."""
    while True:
        line = _attempt(rnd)
        if line is not None:
            return line


def _kept(img: np.ndarray, ink: np.ndarray, spans: list[tuple[int, int]], bilevel: bool
          ) -> float:
    """The least share of its ink any word keeps: black pixels (1-bit), or depth below the
    paper (grey)."""
    least = 1.0
    paper_level = float(np.percentile(img, 90))
    for a, b in spans:
        on = ink[:, a:b] > 127
        if not on.any():
            continue
        seen = img[:, a:b][on]
        share = (float(np.mean(seen == 0)) if bilevel
                 else float(np.clip(paper_level - seen.astype(np.float32), 0, 255).mean()) / 255)
        least = min(least, share)
    return least


def _attempt(rnd: random.Random) -> TextLine | None:
    rows = [text(rnd) for _ in range(3)]
    dpi = rnd.choice((200, 300, 300))
    pt = rnd.uniform(11, 15)
    face = rnd.choice(_faces())
    font = ImageFont.truetype(face, round(pt / 72 * dpi))
    size = font.size
    lead = round(size * rnd.uniform(1.2, 1.6))
    margin = round(size * 1.5)
    widths = [font.getlength(r) for r in rows]
    W = int(max(widths)) + 2 * margin
    H = 2 * margin + 3 * lead
    page = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(page)
    x0 = margin + (rnd.randint(0, max(0, int(max(widths) - widths[1]))) if rnd.random() < 0.3
                   else 0)
    ys = [margin + k * lead for k in range(3)]
    # now and then no line where a detector found one (speckle, a stain, the lines above and
    # below): the reader is to read nothing there
    blank = rnd.random() < BLANK
    for k, row in enumerate(rows):
        if k == 1 and blank:
            continue
        d.text((x0 if k == 1 else margin, ys[k]), row, font=font, fill=rnd.randint(0, 45))
    target = "" if blank else rows[1]
    bx0, by0, bx1, by1 = font.getbbox(rows[1])
    box = [x0 + bx0, ys[1] + min(0, by0), x0 + bx1, ys[1] + by1]
    # a faded line is often found in pieces: now and then only a run of its words
    words = target.split(" ") if target else []
    if len(words) > 3 and rnd.random() < 0.25:
        i = rnd.randint(0, len(words) - 2)
        j = rnd.randint(i + 1, len(words))
        left = font.getlength(" ".join(words[:i]) + (" " if i else ""))
        box[0] = x0 + round(left)
        box[2] = x0 + round(font.getlength(" ".join(words[:j])))
        target = " ".join(words[i:j])
        words = words[i:j]
    ink_img = Image.new("L", (W, H), 0)
    ImageDraw.Draw(ink_img).text((x0, ys[1]), target and rows[1], font=font, fill=255)
    ink = np.asarray(ink_img)
    spans, at = [], box[0]
    for k, word in enumerate(words):
        a = at if k == 0 else at + round(font.getlength(" "))
        b = a + round(font.getlength(word))
        spans.append((a, b))
        at = b

    rng = np.random.default_rng(rnd.getrandbits(64))
    img = np.asarray(page)
    if rnd.random() < 0.6:
        rgb = paper(np.repeat(img[..., None], 3, axis=2), rnd.choice(("grey", "yellowed")), rng)
        img = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    # half the lines as a harsh 1-bit capture leaves them: deeply faded, blurred, noisy
    harsh = rnd.random() < 0.5
    if harsh or rnd.random() < 0.6:  # faded ink
        mean = rnd.uniform(0.35, 0.65) if harsh else rnd.uniform(0.5, 0.95)
        img = _fade(img, mean, rng, round(size * rnd.uniform(1.5, 8)))
    if rnd.random() < 0.5:  # uneven light across the line
        ramp = np.linspace(0, 1, W, dtype=np.float32)
        if rnd.random() < 0.5:
            ramp = ramp[::-1]
        dark = rnd.uniform(0.05, 0.4) * ramp[None, :] ** rnd.uniform(1, 3)
        img = np.clip(img.astype(np.float32) * (1 - dark), 0, 255).astype(np.uint8)
    blur = rnd.uniform(1.0, 2.0) if harsh else rnd.uniform(0, 1.6)
    if blur >= 0.3:
        img = cv2.GaussianBlur(img, (0, 0), blur * dpi / 300)
    img = noise(img[..., None], rnd.uniform(7, 14) if harsh else rnd.uniform(0, 10), rng)[..., 0]
    if rnd.random() < 0.4:
        img = salt_pepper(img, rnd.uniform(0.0005, 0.005), rng)
    if rnd.random() < 0.4:
        img = cv2.cvtColor(jpeg_trip(np.repeat(img[..., None], 3, axis=2), rnd.randint(25, 85)),
                           cv2.COLOR_RGB2GRAY)
    scale = 1.0
    bilevel = harsh or rnd.random() < 0.4
    if bilevel:
        img = np.where(img > rnd.randint(145, 185), 255, 0).astype(np.uint8)
    if _kept(img, ink, spans, bilevel) < MIN_KEPT:
        return None
    if bilevel:  # smoothed to grey as the engine does
        img, scale = smooth_bilevel(img, dpi)
    img = _flattened(img, round(dpi * scale))
    # the box a detector finds: ends and height off by a little
    box = [round(v * scale) for v in box]
    line_h = box[3] - box[1]
    j = max(1, line_h // 5)
    h, w = img.shape
    cx0 = max(0, box[0] + rnd.randint(-2 * j, j))
    cx1 = min(w, max(cx0 + 4, box[2] + rnd.randint(-j, 2 * j)))
    cy0 = max(0, box[1] + rnd.randint(-j, j // 2))
    cy1 = min(h, max(cy0 + 4, box[3] + rnd.randint(-j // 2, j)))
    return TextLine(img[cy0:cy1, cx0:cx1].copy(), target)
