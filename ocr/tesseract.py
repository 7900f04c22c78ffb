"""Thin adapter around Tesseract: Debian's libtesseract, called in-process through tesserocr.

Each thread keeps one Tesseract per language and page-segmentation mode, its language data
loaded once, instead of starting the binary for every call (about a tenth of a CPU-second a
call, four calls a page). The readings are those of the binary called as
``tesseract IMAGE - -l LANG --psm N --dpi DPI tsv``: the same library, the same settings.
Failures become typed errors; the library and its language data are checked before any page.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from pipeline.errors import DependencyError, OcrError

if TYPE_CHECKING:
    from tesserocr import PyTessBaseAPI

# Debian's Tesseract uses OpenMP; several threads per page only fight each other under load.
# (Read when the library loads: set before tesserocr is first imported.)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


#: the language data figures are read with alone (`read_digits`): on figures filled in by hand,
#: Tesseract's English model reads more of them right than its Vietnamese one
DIGITS_LANG = "eng"

_INSTALL = "run scripts/bootstrap.sh"


def _binary_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                         check=False, timeout=30)
    found = re.search(r"tesseract\s+v?(\d+\.\d+\.\d+)", out.stdout + out.stderr)
    return found.group(1) if found else ""


def check_tesseract(lang: str = "vie") -> str:
    """Return Tesseract's version, or raise DependencyError saying how to install what lacks:
    the Debian binary (its font makes the archival copies' text layer), tesserocr built
    against the same library, and the language data."""
    if shutil.which("tesseract") is None:
        raise DependencyError(
            "tesseract is not installed: run scripts/bootstrap.sh "
            "(it installs Debian's tesseract-ocr, tesseract-ocr-vie, tesseract-ocr-osd, "
            "tesseract-ocr-eng)"
        )
    try:
        import tesserocr
    except ImportError as exc:
        raise DependencyError(f"tesserocr cannot be loaded ({exc}): {_INSTALL} (it builds "
                              "tesserocr against Debian's libtesseract-dev)") from exc
    linked = re.search(r"(\d+\.\d+\.\d+)", tesserocr.tesseract_version())
    version, binary = (linked.group(1) if linked else "?"), _binary_version()
    if version != binary:
        raise DependencyError(
            f"tesserocr is built against Tesseract {version}, the system's Tesseract is "
            f"{binary or 'of a version its --version does not tell'}: {_INSTALL} (it builds "
            "tesserocr from source, --no-binary tesserocr, against the system's library)")
    _, have = tesserocr.get_languages()
    missing = [x for x in (*lang.split("+"), "osd", DIGITS_LANG) if x not in have]
    if missing:
        raise DependencyError(
            f"Tesseract lacks language data {', '.join(dict.fromkeys(missing))}: run "
            f"scripts/bootstrap.sh "
            f"(Debian packages tesseract-ocr-{' tesseract-ocr-'.join(dict.fromkeys(missing))})"
        )
    return version


_local = threading.local()

#: Leptonica's L_SEVERITY_NONE: no message at all
_LEPTONICA_SILENT = 6

#: how long past its own limit a call waits for Tesseract to give up by itself (it checks the
#: limit between words) before leaving it to end on its own
_GRACE = 1.0

#: the columns of Tesseract's TSV output, as ``image_to_data`` gives them
_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
            "width", "height", "conf", "text")


@functools.cache
def _quiet_leptonica() -> None:
    """Leptonica, loaded with Tesseract, writes its complaints on stderr ("Error in
    boxClipToRectangle: box outside rectangle" while Tesseract lays a page out): the binary's
    went to pytesseract, which dropped them; in-process they would run through the command's
    output and the run's logs. Silenced on the library this process loaded."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "/liblept" in line}
    except OSError:
        return
    for path in paths:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(path).setMsgSeverity(_LEPTONICA_SILENT)


def _api(lang: str, psm: int, whitelist: str = "") -> PyTessBaseAPI:
    """This thread's Tesseract for a language, a page-segmentation mode and a character
    whitelist (none: every character), loaded on first use."""
    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    key = (lang, psm, whitelist)
    if key not in apis:
        from tesserocr import OEM, PyTessBaseAPI

        try:
            api = PyTessBaseAPI(lang=lang, psm=psm, oem=OEM.DEFAULT)
        except RuntimeError as exc:
            raise OcrError(f"Tesseract could not load its {lang} language data: {exc}") from exc
        _quiet_leptonica()
        api.SetVariable("debug_file", "/dev/null")  # Tesseract's own notes, as the binary's
        # paragraphs are found again from the words read after reading (4% of a page's
        # reading): no reader here asks for paragraphs, and the words, their boxes and lines
        # stay as they are
        api.SetVariable("paragraph_text_based", "0")
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", whitelist)
        apis[key] = api
    return apis[key]


def _recognised(key: tuple[str, int, str], img: np.ndarray, dpi: int,
                timeout: float) -> PyTessBaseAPI:
    """``img`` (grey or RGB, 8 bits) read at ``dpi`` by this thread's Tesseract for ``key``
    (`_api`), within ``timeout`` seconds; the Tesseract that read it, its results kept.

    Tesseract stops recognising at the limit, but not laying a page out (a page of noise can
    keep it at that for minutes): the call waits for it on a thread of its own for the limit
    only, as the binary was killed at it, and a Tesseract still busy past it is left to end
    its page and be freed, another loaded for the next call."""
    if img.dtype != np.uint8 or img.ndim not in (2, 3) or 0 in img.shape[:2]:
        raise OcrError(f"Tesseract is given 8-bit grey or RGB images, not {img.dtype} "
                       f"of shape {img.shape}")
    api = _api(*key)
    img = np.ascontiguousarray(img if img.ndim == 2 else img[:, :, :3])
    depth = 1 if img.ndim == 2 else 3
    api.SetImageBytes(img.tobytes(), img.shape[1], img.shape[0], depth, depth * img.shape[1])
    api.SetVariable("user_defined_dpi", str(dpi))  # as the binary's --dpi
    api.SetSourceResolution(dpi)
    done: list[bool] = []

    def read() -> None:  # an error here is the call's error, not a traceback on stderr
        try:
            done.append(api.Recognize(timeout=max(1, int(timeout * 1000))))
        except Exception:  # told below: "could not read the image"
            done.append(False)

    reading = threading.Thread(target=read, name="tesseract", daemon=True)
    start = time.monotonic()
    reading.start()
    reading.join(timeout + _GRACE)
    if reading.is_alive():
        _local.apis.pop(key, None)
        raise OcrError(f"Tesseract timed out after {timeout:g} s")
    if not done or not done[0]:
        if time.monotonic() - start >= timeout:
            raise OcrError(f"Tesseract timed out after {timeout:g} s")
        raise OcrError("Tesseract could not read the image")
    return api


def _data(imgs: list[np.ndarray], dpi: int, lang: str, timeout: float, psm: int,
          whitelist: str = "") -> dict[str, list]:
    """Tesseract's words of the images, read one after the other as the pages of one call, by
    column as its TSV gives them (`_COLUMNS`; confidence in whole points, as the binary's TSV
    gives it to pytesseract), its rows for words alone. Walked word by word as Tesseract's
    TSV writer walks them (the same words, boxes and numbering), at an eighth of the cost of
    having it write the TSV (70 ms a page) and reading that."""
    from tesserocr import RIL

    out: dict[str, list] = {c: [] for c in _COLUMNS}
    for page, img in enumerate(imgs):
        words = _recognised((lang, psm, whitelist), img, dpi, timeout).GetIterator()
        block = par = line = word = 0
        while words is not None and not words.Empty(RIL.BLOCK):
            if not words.Empty(RIL.WORD):
                if words.IsAtBeginningOf(RIL.BLOCK):
                    block, par, line, word = block + 1, 0, 0, 0
                if words.IsAtBeginningOf(RIL.PARA):
                    par, line, word = par + 1, 0, 0
                if words.IsAtBeginningOf(RIL.TEXTLINE):
                    line, word = line + 1, 0
                word += 1
                x0, y0, x1, y1 = words.BoundingBox(RIL.WORD)
                row = (5, page + 1, block, par, line, word, x0, y0, x1 - x0, y1 - y0,
                       float(int(words.Confidence(RIL.WORD))), words.GetUTF8Text(RIL.WORD))
                for column, cell in zip(_COLUMNS, row, strict=True):
                    out[column].append(cell)
            if not words.Next(RIL.WORD):
                break
    return out


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
    return [w for _, w in _words(_data([img], dpi, lang, timeout, psm))]


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
    Each image is read alone, as a call of its own would read it, by the thread's one
    Tesseract for line images."""
    if not imgs:
        return []
    padded = []
    for img in imgs:
        pad = max(4, img.shape[0] // 4)
        img = cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        padded.append(prepare(img) if prepare else img)
    data = _data(padded, dpi, lang, timeout, psm=7)
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
    rows = _recognised((lang, 6, ""), stack, dpi, timeout).GetBoxText(0)
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
    data = _data([stack], dpi, lang, timeout, psm=6, whitelist="0123456789")
    out = [""] * len(imgs)
    for i, text in enumerate(data["text"]):
        k = _line_at(data["top"][i] + data["height"][i] / 2, tops, heights, gap)
        if (text or "").strip() and float(data["conf"][i]) >= 0 and k is not None:
            out[k] += text.strip()
    return out


def recognise_line_images(page: np.ndarray, boxes: list[tuple[int, int, int, int]], dpi: int,
                          lang: str, timeout: float) -> list[Word]:
    """Tesseract's words on given text lines of a page (or stretches of them), in one call:
    the boxes are cut out, stacked one under the other with white between them and read as
    one block (psm 6), and each word's box is mapped back onto the page. Tesseract then reads
    exactly the lines the line reader found, one by one, instead of laying the page out again
    by itself."""
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
