"""A page's number, printed alone at the top centre of every page after the first (Decree
30/2020, Appendix I: "Số trang ... đặt canh giữa theo chiều ngang trong phần lề trên"): the
line reader's detector often misses a lone figure that small; Tesseract, laying the page out
itself, reads it. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from ocr.merge import Line, TWord

#: Tesseract's confidence in the figure at least
NUMBER_CONF = 80.0
#: its centre this share of the page's width from the page's centre at most
CENTRE_SHARE = 0.1
#: its height this many times the median line's at least and at most
HEIGHT_RANGE = (0.5, 1.5)


def page_number(lines: Sequence[Line], words: Sequence[TWord], width: int) -> Line | None:
    """The page number Tesseract read (``words``, its own layout of the page) that no line
    holds: one to three figures, sure, alone on their row above every line of the page, at
    its horizontal centre (``width``: the page's), as tall as a line of print; None if
    there is none."""
    if not lines:
        return None
    top = min(ln.box[1] for ln in lines)
    height = median(ln.box[3] - ln.box[1] for ln in lines)
    above = [w for w in words if w.box[3] <= top]
    for w in above:
        x0, y0, x1, y1 = w.box
        others = [o for o in above if o is not w and o.box[1] < y1 and o.box[3] > y0]
        if (w.text.isdigit() and len(w.text) <= 3 and w.conf >= NUMBER_CONF and not others
                and abs((x0 + x1) / 2 - width / 2) <= CENTRE_SHARE * width
                and HEIGHT_RANGE[0] * height <= y1 - y0 <= HEIGHT_RANGE[1] * height):
            return Line(w.text, w.conf / 100, w.box)
    return None
