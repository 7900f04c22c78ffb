"""Reading order of the Vietnamese administrative layout. Pure functions.

Decree 30 pages open with two header blocks side by side: the issuing body and ``Số: …`` on
the left, the national title, motto and ``<place>, ngày … tháng … năm …`` on the right. A line
detector sees a left and a right line on the same baseline as one line; a generic reading order
interleaves the blocks. Here such lines are cut at their wide blank gap, and the header zone is
read left block first, then right block. The foot is read the same way: ``Nơi nhận`` (or a
left signature column) before the signature block on the right.
"""

from __future__ import annotations

import numpy as np

Box = tuple[int, int, int, int]

#: A blank run wider than this many line heights separates two columns.
GAP_LINE_HEIGHTS = 1.4


def split_at_gaps(gray: np.ndarray, box: Box, ink_below: int = 128) -> list[Box]:
    """Cut a line box where its ink has a blank run wider than GAP_LINE_HEIGHTS line heights.

    Ink is what is darker than ``ink_below`` or, in faded print, than halfway between the
    line's darkest ink and white: faded words must not count as blank, or they are cut away."""
    x0, y0, x1, y1 = box
    h = max(1, y1 - y0)
    crop = gray[y0:y1, x0:x1]
    if not crop.size:
        return [box]
    darkest = float(np.percentile(crop, 1))
    cols = (crop < max(ink_below, (darkest + 255) / 2)).any(axis=0)
    if not cols.any():
        return [box]
    inked = np.flatnonzero(cols)
    gaps = np.flatnonzero(np.diff(inked) > GAP_LINE_HEIGHTS * h)
    if not len(gaps):
        return [box]
    pad = max(2, h // 4)
    parts, start = [], inked[0]
    for g in gaps:
        parts.append((start, inked[g]))
        start = inked[g + 1]
    parts.append((start, inked[-1]))
    return [(max(x0, x0 + a - pad), y0, min(x1, x0 + b + 1 + pad), y1) for a, b in parts]


def order_header(boxes: list[Box], order: list[int]) -> list[int]:
    """Reading order with the header zone read left block, then right block.

    ``order`` is a generic top-to-bottom order of ``boxes``. The header zone is the run of
    lines, from the top, that stay on one side of the middle of the text area; it ends at the
    first line that crosses the middle (the document type, centred) or spans most of the width.
    """
    if not boxes:
        return order
    mid = _middle(boxes)
    zone = header_zone(boxes, order)
    if not zone:
        return order  # no two-column header
    in_zone = set(zone)
    head = ([i for i in zone if boxes[i][2] <= mid] + [i for i in zone if boxes[i][0] >= mid])
    return head + [i for i in order if i not in in_zone]


def _middle(boxes: list[Box]) -> float:
    return (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2


def header_zone(boxes: list[Box], order: list[int]) -> list[int]:
    """The lines of a two-column header (see order_header); [] when there is none."""
    mid = _middle(boxes)
    zone = []
    for i in sorted(order, key=lambda i: (boxes[i][1] + boxes[i][3]) / 2):
        x0, _, x1, _ = boxes[i]
        if x0 < mid < x1:
            break
        zone.append(i)
    if not zone or all(boxes[i][0] >= mid for i in zone) or all(boxes[i][2] <= mid for i in zone):
        return []
    return zone


def order_foot(boxes: list[Box], order: list[int]) -> list[int]:
    """Reading order with the foot zone read left column, then right column.

    The foot zone is the run of lines, from the bottom, that stay on one side of the middle of
    the text area (``Nơi nhận`` and its list on the left, the signing title, the name on the
    right); it ends at the first line, going up, that crosses the middle (the body's last full
    line). Lines in it keep their generic order within each side."""
    if not boxes:
        return order
    mid = _middle(boxes)
    header = set(header_zone(boxes, order))
    zone: list[int] = []
    for i in sorted(order, key=lambda i: -(boxes[i][1] + boxes[i][3]) / 2):
        x0, _, x1, _ = boxes[i]
        if x0 < mid < x1 or i in header:  # the body, or up into the header
            break
        zone.append(i)
    lefts = [i for i in order if i in set(zone) and boxes[i][2] <= mid]
    rights = [i for i in order if i in set(zone) and boxes[i][0] >= mid]
    if not lefts or not rights:
        return order  # one column at the foot: nothing to reorder
    in_zone = set(zone)
    return [i for i in order if i not in in_zone] + lefts + rights
