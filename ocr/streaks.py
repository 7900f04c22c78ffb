"""A sheet feeder's streaks taken out of a scan. Pure functions: array in, array out.

Dust or a scratch on an automatic document feeder's glass draws a thin line down the whole
length of every sheet it scans: darker (or lighter) than the paper by about the same amount
from top to bottom, a few pixels wide, straight along the feed. On a 1-bit scan a dark streak
is a black line through every word it crosses, and the line finder reads it as a letter or
splits the words it crosses.

A streak is told from print by its length: a column (or, on a page the scanner software has
turned a quarter, a row) of a few pixels that differs from the paper on both sides of it in
at least half the bands of the page, the top or bottom margin among them, where a table's rule
or a frame stops short of the margins and a letter's stroke is a few bands at most. Its
difference from its neighbours, measured band by band, is taken off where it is, which gives
back the print under a grey or colour streak; where the streak hid the print (black on a 1-bit
scan) each half of it takes the pixels beside it, so that the strokes it crossed join up.

The archived original is never touched; this image only feeds the readers.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ocr.clean import is_bilevel, to_gray

#: bands the page is cut into along the streak's length; a streak differs from the paper
#: beside it in at least ALONG of them (dirt on the glass comes and goes as the sheet moves),
#: the first or the last among them (the margins, where no table's rule or frame reaches)
BANDS = 16
ALONG = 0.5
#: the least difference from the paper beside it, in grey levels (per band: a median over
#: a sixteenth of the page, where sensor noise has long averaged out)
MIN_DELTA = 15
#: ... and by at least this many times what the columns beside it stray from one another
#: (a 1-bit scan's dither and noise make neighbouring columns differ widely)
SPREAD = 4
#: every STEP-th row of a band goes into its medians
STEP = 2
#: the outermost share of the page on each side, where no streak is looked for
EDGE = 0.02
#: the widest streak, as a share of the resolution (1/25 inch: 12 pixels at 300 dpi)
MAX_WIDTH_INCH = 1 / 25


def _band_medians(gray: np.ndarray, bands: int) -> tuple[np.ndarray, np.ndarray]:
    """Per band of rows, each column's median (over every ``STEP``-th row of the band: enough
    rows for a median, half the work); and each band's middle row."""
    h = gray.shape[0]
    edges = np.linspace(0, h, bands + 1).astype(int)
    med = np.stack([np.median(gray[a:b:STEP], axis=0) for a, b in itertools.pairwise(edges)])
    return med, (edges[:-1] + edges[1:]) / 2


def _beside(med: np.ndarray, gap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The paper on the left and on the right of each column: the median of the columns from
    ``gap`` to ``3 * gap`` away on that side (a streak up to ``gap`` wide is not among them);
    and how far those columns' medians stray from it (their median absolute deviation)."""
    n = med.shape[1]
    pad = np.pad(med, ((0, 0), (3 * gap, 3 * gap)), mode="edge")
    # each column's 2 * gap + 1 columns on either side, as views (no copy): the window
    # starting at x is columns x - 3 * gap .. x - gap of the page, at x + 4 * gap its right
    win = sliding_window_view(pad, 2 * gap + 1, axis=1)
    left, right = win[:, :n], win[:, 4 * gap:4 * gap + n]

    def middle(a: np.ndarray) -> np.ndarray:  # the median of an odd number: the middle one
        return np.partition(a, gap, axis=-1)[..., gap]

    lm, rm = middle(left), middle(right)
    stray = np.maximum(middle(np.abs(left - lm[..., None])), middle(np.abs(right - rm[..., None])))
    return lm, rm, stray


def streak_columns(gray: np.ndarray, dpi: float) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """The vertical streaks of a grey page: for each, its first and past-last column, and its
    difference from the paper beside it at the middle row of each band (with those rows).

    A streak differs from the paper on both sides of it, by more than the columns there
    differ from one another, and lies off the page's outermost edges (a lid's or a frame's
    shadow, not the feeder)."""
    h, w = gray.shape
    bands = max(4, min(BANDS, h // 40))
    widest = max(2, round(dpi * MAX_WIDTH_INCH))
    if h < bands * STEP or w < 8 * widest:  # too small a picture to hold a page's streak
        return []
    med, rows = _band_medians(gray, bands)
    left, right, stray = _beside(med, widest + 1)
    dl, dr = med - left, med - right
    delta = (dl + dr) / 2
    least = np.maximum(MIN_DELTA, SPREAD * stray)
    edge = max(1, round(EDGE * w))
    found = []
    for side in ((dl <= -least) & (dr <= -least), (dl >= least) & (dr >= least)):
        mask = (side.sum(axis=0) >= ALONG * bands) & (side[0] | side[-1])
        mask[:edge] = mask[w - edge:] = False
        x = 0
        while x < w:
            if not mask[x]:
                x += 1
                continue
            end = x
            while end < w and mask[end]:
                end += 1
            if end - x <= widest:
                found.append((x, end, delta[:, x:end], rows))
            x = end
    return sorted(found, key=lambda s: s[0])


def _take_out(img: np.ndarray, gray: np.ndarray, found: list) -> np.ndarray:
    """``img`` (grey or RGB, streaks down it) with the ``found`` streaks taken out (none lies
    at the picture's edge: `streak_columns` does not look there)."""
    bilevel = is_bilevel(gray)
    out = img.astype(np.int16)
    y = np.arange(gray.shape[0])
    for x0, x1, delta, rows in found:
        if bilevel:  # its black hid everything: each half takes the pixel beside it
            half = (x0 + x1) // 2
            out[:, x0:half] = out[:, x0 - 1:x0]
            out[:, half:x1] = out[:, x1:x1 + 1]
            continue
        # strokes the streak crossed, where it left no print to give back: no lighter than
        # the lighter of their two ends
        ends = np.maximum(out[:, x0 - 1], out[:, x1])[:, None]
        hidden = out[:, x0:x1] == 0
        for k, x in enumerate(range(x0, x1)):  # the difference taken off where the streak is
            there = np.where(np.abs(delta[:, k]) >= MIN_DELTA, delta[:, k], 0.0)
            offset = np.interp(y, rows, there).round().astype(np.int16)
            out[:, x] -= offset if out.ndim == 2 else offset[:, None]
        np.clip(out, 0, 255, out=out)
        out[:, x0:x1] = np.where(hidden, np.minimum(out[:, x0:x1], ends), out[:, x0:x1])
    return out.astype(np.uint8)


def remove_streaks(img: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """The scan (grey or RGB) with a feeder's streaks taken out, and how many there were:
    down the page, and across it (a page the scanner's software turned a quarter)."""
    gray = to_gray(img)
    down = streak_columns(gray, dpi)
    across = streak_columns(gray.T, dpi)
    if down:
        img = _take_out(img, gray, down)
    if across:
        turned = np.ascontiguousarray(np.swapaxes(img, 0, 1))
        img = np.ascontiguousarray(np.swapaxes(_take_out(turned, to_gray(turned), across), 0, 1))
    return img, len(down) + len(across)
