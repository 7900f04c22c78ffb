"""Thin adapter around the Tesseract binary (through pytesseract).

Failures become typed errors; the binary and its language data are checked before any page.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract
from PIL import Image

from pipeline.errors import DependencyError, OcrError

# Debian's Tesseract uses OpenMP; several threads per page only fight each other under load.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


#: the language data figures are read with alone (`read_digits`): on figures filled in by hand,
#: Tesseract's English model reads more of them right than its Vietnamese one
DIGITS_LANG = "eng"


def check_tesseract(lang: str = "vie") -> str:
    """Return Tesseract's version, or raise DependencyError saying how to install what lacks."""
    if shutil.which("tesseract") is None:
        raise DependencyError(
            "tesseract is not installed: run scripts/bootstrap.sh "
            "(it installs Debian's tesseract-ocr, tesseract-ocr-vie, tesseract-ocr-osd, "
            "tesseract-ocr-eng)"
        )
    have = set(pytesseract.get_languages(config=""))
    missing = [x for x in (*lang.split("+"), "osd", DIGITS_LANG) if x not in have]
    if missing:
        raise DependencyError(
            f"Tesseract lacks language data {', '.join(dict.fromkeys(missing))}: run "
            f"scripts/bootstrap.sh "
            f"(Debian packages tesseract-ocr-{' tesseract-ocr-'.join(dict.fromkeys(missing))})"
        )
    return str(pytesseract.get_tesseract_version())


def _uncompressed(img: np.ndarray) -> Image.Image:
    """The image as pytesseract hands it to the binary, but written as PGM/PPM rather than
    PNG: the same pixels, without PNG's compression (about a tenth of a CPU-second a page)."""
    out = Image.fromarray(img)
    out.format = "PPM"
    return out


def _call(fn, img, *args, **kwargs):
    try:
        return fn(_uncompressed(img) if isinstance(img, np.ndarray) else img, *args, **kwargs)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrError(f"Tesseract timed out: {exc}") from exc
    except pytesseract.TesseractError as exc:
        raise OcrError(f"Tesseract failed: {exc.message or exc}") from exc


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def parse_osd(osd: str) -> tuple[int, float]:
    rot, conf = _ROTATE.search(osd), _CONF.search(osd)
    return (int(rot.group(1)) if rot else 0), (float(conf.group(1)) if conf else 0.0)


def detect_rotation(gray: np.ndarray, dpi: int, timeout: float) -> tuple[int, float]:
    """Clockwise turn (0/90/180/270) that makes the page upright, and OSD's confidence.

    A page with too little text for OSD counts as upright (confidence 0)."""
    try:
        osd = pytesseract.image_to_osd(gray, config=f"--psm 0 --dpi {dpi}", timeout=timeout)
    except pytesseract.TesseractError:
        return 0, 0.0
    except RuntimeError as exc:
        raise OcrError(f"Tesseract orientation detection timed out: {exc}") from exc
    return parse_osd(osd)


@dataclass(frozen=True)
class Word:
    text: str
    conf: float                       # Tesseract's word confidence, 0..100
    box: tuple[int, int, int, int]    # x0, y0, x1, y1 in the image's pixels
    line: tuple[int, int, int]        # Tesseract's (block, paragraph, line)


def _words(data: dict) -> list[tuple[int, Word]]:
    """The words of Tesseract's ``image_to_data`` output (each with the page it is on, from
    1), less empty ones and the boxes of blocks and lines (confidence -1)."""
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        words.append((int(data["page_num"][i]), Word(
            text, conf, (x, y, x + w, y + h),
            (data["block_num"][i], data["par_num"][i], data["line_num"][i]))))
    return words


def recognise_words(img: np.ndarray, dpi: int, lang: str, timeout: float,
                    psm: int = 3) -> list[Word]:
    """Every word Tesseract reads, with its confidence and box, in Tesseract's order (``psm``
    3: a page laid out automatically; 7: one text line)."""
    data = _call(
        pytesseract.image_to_data, img, lang=lang, config=f"--psm {psm} --dpi {dpi}",
        output_type=pytesseract.Output.DICT, timeout=timeout,
    )
    return [w for _, w in _words(data)]


def recognise(img: np.ndarray, dpi: int, lang: str, timeout: float) -> tuple[str, float]:
    """Text (one line per printed line, in Tesseract's reading order) and mean word confidence."""
    words = recognise_words(img, dpi, lang, timeout)
    lines: dict[tuple[int, int, int], list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    text = "\n".join(" ".join(ws) for ws in lines.values())
    return text, (round(sum(w.conf for w in words) / len(words), 2) if words else 0.0)


def recognise_lines(imgs: list[np.ndarray], dpi: int, lang: str, timeout: float,
                    prepare: Callable[[np.ndarray], np.ndarray] | None = None,
                    ) -> list[tuple[str, float]]:
    """Each text line image read as a line (psm 7), given a white margin first as Tesseract
    wants (then ``prepare``d, e.g. binarised): its text and mean word confidence, 0..1.
    The images go to the binary in one call, as the pages of a list file, each read alone
    as a call of its own would read it: the binary and its language data load once (about
    a tenth of a CPU-second for every further line)."""
    if not imgs:
        return []
    with tempfile.TemporaryDirectory(prefix="sohoa-lines-") as tmp:
        names = []
        for i, img in enumerate(imgs):
            pad = max(4, img.shape[0] // 4)
            img = cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
            name = os.path.join(tmp, f"{i}.pgm")
            _uncompressed(prepare(img) if prepare else img).save(name, format="PPM")
            names.append(name)
        listing = os.path.join(tmp, "lines.txt")
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(names) + "\n")
        data = _call(pytesseract.image_to_data, listing, lang=lang,
                     config=f"--psm 7 --dpi {dpi}", output_type=pytesseract.Output.DICT,
                     timeout=timeout)
    by_page: list[list[Word]] = [[] for _ in imgs]
    for page, w in _words(data):
        by_page[page - 1].append(w)
    return [(" ".join(w.text for w in words),
             sum(w.conf for w in words) / len(words) / 100 if words else 0.0)
            for words in by_page]


def _stacked(crops: list[np.ndarray], gap: int) -> tuple[np.ndarray, list[int]]:
    """Line images one under the other on white, ``gap`` pixels apart and from the edges,
    and the top of each on the stack."""
    tops, y = [], gap
    for crop in crops:
        tops.append(y)
        y += crop.shape[0] + gap
    stack = np.full((y, max(c.shape[1] for c in crops) + 2 * gap), 255, np.uint8)
    for crop, top in zip(crops, tops, strict=True):
        stack[top:top + crop.shape[0], gap:gap + crop.shape[1]] = crop
    return stack, tops


def _line_at(middle: float, tops: list[int], heights: list[int], gap: int) -> int | None:
    """Which stacked line a box whose middle is at ``middle`` belongs to (None: a gap)."""
    return next((i for i, t in enumerate(tops) if t - gap / 2 <= middle < t + heights[i] +
                 gap / 2), None)


def _whitened_stack(imgs: list[np.ndarray]) -> tuple[np.ndarray, list[int], list[int], int]:
    """Line images stacked with white between them (`_stacked`), each one's paper made white
    first: the stack, each image's top and height on it, and the gap."""
    gap = max(8, max(img.shape[0] for img in imgs) // 2)
    stack, tops = _stacked([cv2.convertScaleAbs(img, alpha=255.0 / max(1.0, float(np.median(
        img)))) for img in imgs], gap)
    return stack, tops, [img.shape[0] for img in imgs], gap


def line_chars(imgs: list[np.ndarray], dpi: int, lang: str,
               timeout: float) -> list[list[tuple[str, int, int]]]:
    """Tesseract's characters of each text line image, each with its horizontal extent on
    its image: (character, x0, x1). The lines are stacked one under the other with white
    between them and read in one call (psm 6), each line's paper made white first."""
    if not imgs:
        return []
    stack, tops, heights, gap = _whitened_stack(imgs)
    rows = _call(pytesseract.image_to_boxes, stack, lang=lang, config=f"--psm 6 --dpi {dpi}",
                 timeout=timeout)
    out: list[list[tuple[str, int, int]]] = [[] for _ in imgs]
    for row in rows.splitlines():  # "char x0 y0 x1 y1 page", y counted from the bottom
        parts = row.rsplit(" ", 5)
        if len(parts) != 6 or not parts[0]:
            continue
        k = _line_at(stack.shape[0] - (int(parts[2]) + int(parts[4])) / 2, tops, heights, gap)
        if k is not None:
            out[k].append((parts[0], int(parts[1]) - gap, int(parts[3]) - gap))
    return out


def read_digits(imgs: list[np.ndarray], dpi: int, timeout: float,
                lang: str = DIGITS_LANG) -> list[str]:
    """Each image read as figures only (Tesseract told to know no other character): its
    figures, "" where none were read. The images are stacked one under the other with white
    between them, each one's paper made white first, and read in one call (psm 6)."""
    if not imgs:
        return []
    stack, tops, heights, gap = _whitened_stack(imgs)
    data = _call(pytesseract.image_to_data, stack, lang=lang, timeout=timeout,
                 config=f"--psm 6 --dpi {dpi} -c tessedit_char_whitelist=0123456789",
                 output_type=pytesseract.Output.DICT)
    out = [""] * len(imgs)
    for i, text in enumerate(data["text"]):
        k = _line_at(data["top"][i] + data["height"][i] / 2, tops, heights, gap)
        if (text or "").strip() and float(data["conf"][i]) >= 0 and k is not None:
            out[k] += text.strip()
    return out


def recognise_line_images(page: np.ndarray, boxes: list[tuple[int, int, int, int]], dpi: int,
                          lang: str, timeout: float) -> list[Word]:
    """Tesseract's words on given text lines of a page, in one call: the lines are cut out,
    stacked one under the other with white between them and read as one block (psm 6), and
    each word's box is mapped back onto the page. Tesseract then reads exactly the lines the
    line reader found, one by one, instead of laying the page out again by itself."""
    if not boxes:
        return []
    heights = [y1 - y0 for _, y0, _, y1 in boxes]
    gap = max(8, int(np.median(heights)))
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    stack, tops = _stacked([gray[y0:y1, x0:x1] for x0, y0, x1, y1 in boxes], gap)
    words = []
    for w in recognise_words(stack, dpi, lang, timeout, psm=6):
        k = _line_at((w.box[1] + w.box[3]) / 2, tops, heights, gap)
        if k is None:
            continue
        dx, dy = boxes[k][0] - gap, boxes[k][1] - tops[k]
        words.append(Word(w.text, w.conf, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx,
                                           w.box[3] + dy), (0, 0, k)))
    return words
