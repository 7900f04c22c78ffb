"""Measurements of a page image for the intake checks (pipeline/intake.py). Pure functions
on arrays."""

from __future__ import annotations

import cv2
import numpy as np

#: edges measured on pixels whose 11x11 neighbourhood spans at least this much grey (print
#: against paper), at 300 dpi
_EDGE_CONTRAST = 80
_MIN_EDGES = 200  # on the whole page (half of them on the bands measured)


def is_grey(rgb: np.ndarray) -> bool:
    """Whether a page was scanned without colour: its three channels (nearly) equal
    everywhere (JPEG's chroma noise allowed for)."""
    small = rgb[::4, ::4].astype(np.int16)
    spread = np.abs(small[..., 0] - small[..., 1]) + np.abs(small[..., 1] - small[..., 2])
    return float(np.percentile(spread, 99.9)) <= 12


#: the page is measured on every other band of this many rows (at 300 dpi), each read with
#: a margin so that its filters see what they would on the whole page: half the pixels, and a
#: median over thousands of edges all the same
_BAND, _MARGIN = 128, 12


def _edge_spreads(g: np.ndarray, rows: tuple[int, int]) -> np.ndarray:
    """At the steepest points of contrasted edges on ``rows`` (from, to) of a grey image at
    300 dpi: the sigma of the blur that would spread a sharp edge so."""
    g = cv2.medianBlur(g, 3)  # scanner noise is not an edge
    mag = cv2.magnitude(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3),
                        cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)) / 8  # Sobel's gain is 8
    box = np.ones((11, 11), np.uint8)
    # (on the 8-bit grey: the same values as on floats, at a fraction of the cost)
    contrast = cv2.subtract(cv2.dilate(g, box), cv2.erode(g, box)).astype(np.float32)
    steepest = mag >= cv2.dilate(mag, np.ones((3, 3), np.uint8)) - 1e-3
    edges = steepest & (contrast >= _EDGE_CONTRAST) & (mag > 10)
    edges[:rows[0]] = False
    edges[rows[1]:] = False
    return contrast[edges] / (np.sqrt(2 * np.pi) * mag[edges])


def blur_sigma(gray: np.ndarray, dpi: int) -> float | None:
    """How far the print's edges are spread, as the sigma (pixels at 300 dpi) of a Gaussian
    blur that would spread a sharp edge so: a step of contrast C blurred by sigma has a
    steepest slope of C / (sigma * sqrt(2 pi)). The median over the steepest points of
    contrasted edges, on every other band of the page (`_BAND`); None on a page with too few
    edges to tell."""
    scale = 300 / max(dpi, 1)
    h = gray.shape[0]
    band, margin = max(1, round(_BAND / scale)), max(_MARGIN, round(_MARGIN / scale))
    spreads = []
    for y in range(0, h, 2 * band):
        top, bottom = max(0, y - margin), min(h, y + band + margin)
        part = gray[top:bottom]
        if abs(scale - 1) >= 0.05:
            part = cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        # (the margins are other bands')
        spreads.append(_edge_spreads(part, (round((y - top) * scale),
                                            round((min(h, y + band) - top) * scale))))
    found = np.concatenate(spreads)
    if found.size < _MIN_EDGES // 2:
        return None
    return float(np.median(found))
