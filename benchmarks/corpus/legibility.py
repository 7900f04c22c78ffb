"""How much of a page's text a person can still read on its capture, measured word by word.

Each word of the clean page (its ink, moved through the same resizing, skew, perspective and
turns as the page) is looked up on the capture:
- on a 1-bit scan, the share of its ink pixels still black: a fixed threshold after faded
  ink erases strokes and whole words. Legible when at least `KEPT` of its ink is left and
  the paper around it stayed white enough to see it on (`GROUND_KEPT`): the same threshold
  turns a shadowed or darkly lit part of the sheet black, with a speckle of white, and
  black print there is lost in it;
- on a grey or colour image nothing is erased, only lightened: the word is legible when its
  ink is on average at least `CONTRAST` grey levels darker than the paper around it (faint
  grey text is read, by people and by the engine, well below a pixel-wise 16%).

A page is legible when every word on it is. The OCR benchmark holds legible pages to "no page
above 8%" and reports their CER beside the overall figure: text erased from the pixels cannot
be read, and the engine must not invent it."""

from __future__ import annotations

import cv2
import numpy as np

KEPT = 0.5         # 1-bit: share of a word's ink still black
#: 1-bit: share of the paper around a word (within `GROUND_REACH`, off its strokes) still
#: white. Set by looking at words of a page lit from one side (seed 7777, held-005_p1),
#: binned by it: under 0.3 hardly a word can be made out, from 0.3 most can; on the 14
#: other 1-bit pages of that rendering no word's paper is under 0.5
GROUND_KEPT = 0.3
GROUND_REACH = 0.5  # inches: the paper around a word (a square this wide about each pixel)
CONTRAST = 12      # grey or colour: mean grey levels of its ink below the paper around it
MIN_INK_PX = 60    # at 300 dpi: smaller marks (a dot, a comma) are not words


def words(ink: np.ndarray, dpi: int) -> tuple[int, np.ndarray]:
    """Connected words of the ink mask: letters joined across their gaps, not across the
    space between words."""
    k = dpi / 300
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(9 * k)), max(1, round(3 * k))))
    joined = cv2.dilate((ink > 127).astype(np.uint8), kernel)
    return cv2.connectedComponents(joined, connectivity=8)


def measure(image: np.ndarray, ink: np.ndarray, color_mode: str, dpi: int) -> dict:
    """{"words", "illegible_words", "ink_kept", "legible"} for one captured page; ink_kept is
    the share of the text's ink still black (1-bit) or its mean contrast over the paper
    (grey, colour: 1.0 for black on white)."""
    n, labels = words(ink, dpi)
    mask = ink > 127
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    total = np.bincount(labels[mask], minlength=n)
    if color_mode == "bilevel":
        seen = np.bincount(labels[mask & (gray < 128)], minlength=n).astype(np.float64)
        bar = KEPT
        dark_ground = ground_white(gray, ink, labels, n, dpi) < GROUND_KEPT
    else:
        paper = cv2.medianBlur(gray, round(41 * dpi / 300) | 1).astype(np.float64)
        depth = (paper - gray)[mask].clip(0, 255) / 255
        dark_ground = np.zeros(n, bool)  # grey print is only lightened, its paper with it
        seen = np.bincount(labels[mask], weights=depth, minlength=n)
        bar = CONTRAST / 255
    big = np.flatnonzero(total >= MIN_INK_PX * (dpi / 300) ** 2)
    big = big[big > 0]
    share = seen[big] / total[big]
    lost = int(((share < bar) | dark_ground[big]).sum())
    return {"words": int(big.size), "illegible_words": lost,
            "ink_kept": round(float(seen[big].sum() / max(1, total[big].sum())), 3),
            "legible": lost == 0}


def ground_white(gray: np.ndarray, ink: np.ndarray, labels: np.ndarray, n: int,
                 dpi: int) -> np.ndarray:
    """For each word of ``labels``, the share of the paper around it still white: the pixels
    within `GROUND_REACH` inches, off the text's strokes (and their blurred edges). A reach
    of paper, not the word's own gaps: a seal's star or a rule beside a word is ink, not
    paper turned black."""
    side = max(3, round(GROUND_REACH * dpi) | 1)
    paper = (cv2.dilate((ink > 0).astype(np.uint8), np.ones((5, 5), np.uint8)) == 0)
    white = cv2.blur((paper & (gray >= 128)).astype(np.float32), (side, side))
    around = cv2.blur(paper.astype(np.float32), (side, side))
    share = np.divide(white, around, out=np.ones_like(white), where=around > 0)
    mask = labels > 0
    total = np.bincount(labels[mask], minlength=n)
    return np.bincount(labels[mask], weights=share[mask], minlength=n) / np.maximum(1, total)
