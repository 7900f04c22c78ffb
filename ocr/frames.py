"""Ruled frames on a page: tables and stamps. Pure functions.

A ruled table (a grid of lines) is read row by row, cells left to right, as a person reads it;
a line detector reads it column by column. A stamp pressed on the page ("BẢN SAO", the
received stamp "ĐẾN Số: … Ngày: …") is a single framed box: what is in it is not the
document's text and is kept out of the body and of the header fields.

Both are found the same way: one connected piece of ink whose box is large but which is thin
(most of its pixels lie on the box's edges or on rules across it).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.geometry import inside
from ocr.merge import Line

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Frame:
    box: Box
    rows: tuple[int, ...]      # y of the horizontal rules, top to bottom
    cols: tuple[int, ...]      # x of the vertical rules, left to right

    @property
    def is_table(self) -> bool:
        """A table has a heading row and at least one more: three horizontal rules or more
        (a stamp's box has two; a streak crossing it may add a vertical one)."""
        return len(self.rows) >= 3


def _rules(profile: np.ndarray, length: int, share: float = 0.6) -> tuple[int, ...]:
    """Positions where a rule runs along at least ``share`` of ``length`` (runs merged)."""
    at = np.flatnonzero(profile >= share * length)
    out: list[list[int]] = []
    for v in at:
        if out and v - out[-1][-1] <= 3:
            out[-1].append(int(v))
        else:
            out.append([int(v)])
    return tuple(round(sum(r) / len(r)) for r in out)


def find_frames(gray: np.ndarray, ink_below: int = 250) -> list[Frame]:
    """Ruled frames of an upright grey page: pieces of ink at least 6% of the page wide and
    1.5% high whose pixels fill under a fifth of their box and that have a rule along each
    of their four edges. A stamp may sit askew on a straight page: each piece is turned
    straight (its minimum-area rectangle) before its rules are looked for. Rules inside give a
    table's rows and columns."""
    h, w = gray.shape
    ink = (gray < ink_below).astype(np.uint8)
    # a stamp's frame printed unevenly or scanned in 1-bit breaks into dashes: close the gaps
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    # a sheet feeder's streaks run down most of the page: they are no rule of a frame, and
    # would join every frame they cross into one piece
    streaks = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(1, h // 2), 1), np.uint8))
    ink[streaks > 0] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    frames: list[Frame] = []
    loose: list[tuple[Box, tuple[int, ...]]] = []  # ruled pieces that make no frame alone
    for k in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[k])
        if bw < 0.06 * w or bh < 0.015 * h or area > 0.25 * bw * bh:
            continue
        piece = (labels[y:y + bh, x:x + bw] == k).astype(np.uint8)
        (cx, cy), _, angle = cv2.minAreaRect(cv2.findNonZero(piece))
        angle = (angle + 45) % 90 - 45   # OpenCV's convention varies between versions
        found = _grid(piece)
        if found is None and 0.05 < abs(angle) < 10:
            for a in (angle, -angle):
                turn = cv2.getRotationMatrix2D((cx, cy), a, 1.0)
                found = _grid(cv2.warpAffine(piece, turn, (bw, bh), flags=cv2.INTER_NEAREST))
                if found is not None:
                    break
        if found is None:
            band = max(3, max(bh, bw) // 250)
            rules = _rules(cv2.dilate(piece, np.ones((band, 1), np.uint8)).sum(axis=1), bw)
            if len(rules) >= 2:
                loose.append(((x, y, x + bw, y + bh), tuple(y + r for r in rules)))
            continue
        rows, cols = found
        if rows[-1] - rows[0] < 0.015 * h:
            continue  # a rule under a line of text doubled, not a frame
        frames.append(Frame((x + cols[0], y + rows[0], x + cols[-1] + 1, y + rows[-1] + 1),
                            tuple(y + r for r in rows), tuple(x + c for c in cols)))
    return _join_torn(frames, loose, max(4, h // 400))


def _join_torn(frames: list[Frame], loose: list[tuple[Box, tuple[int, ...]]],
               tol: int) -> list[Frame]:
    """The frames with each table widened over the ruled pieces torn from it: where light
    falls off across a photographed or faded table, its rules break in the middle and one
    side is a separate piece with no frame of its own. A piece belongs to a table when at
    least two of its horizontal rules are the table's (within ``tol`` pixels) and it lies
    within the table's height."""
    out = list(frames)
    for box, rules in loose:
        for i, f in enumerate(out):
            if not f.is_table or box[1] < f.box[1] - tol or box[3] > f.box[3] + tol:
                continue
            if sum(any(abs(r - fr) <= tol for fr in f.rows) for r in rules) >= 2:
                x0, y0, x1, y1 = f.box
                out[i] = Frame((min(x0, box[0]), y0, max(x1, box[2]), y1), f.rows, f.cols)
                break
    return out


def _grid(piece: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The rules of a straight piece of ink: horizontal rules across most of its width, then
    vertical rules down most of the height between the first and last of them; None unless
    there are two of each (a frame). Ink beyond the frame (a word touching it, a streak) is
    left out of it."""
    ys, xs = np.nonzero(piece)
    if not ys.size:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
    piece = piece[y0:y1 + 1, x0:x1 + 1]
    bh, bw = piece.shape
    band = max(3, max(bh, bw) // 250)  # a rule may drift by a few pixels over a long frame
    rows = _rules(cv2.dilate(piece, np.ones((band, 1), np.uint8)).sum(axis=1), bw)
    if len(rows) < 2 or rows[-1] - rows[0] < 0.015 * bw:
        return None
    inside = piece[rows[0]:rows[-1] + 1]
    cols = _rules(cv2.dilate(inside, np.ones((1, band), np.uint8)).sum(axis=0), len(inside))
    if len(cols) < 2 or cols[-1] - cols[0] < 0.6 * bw:
        return None
    return tuple(int(y0) + r for r in rows), tuple(int(x0) + c for c in cols)


def stamps(frames: list[Frame], page_width: int) -> list[Frame]:
    """The frames that are stamps: one framed box (no rules inside), under half the page wide."""
    return [f for f in frames if not f.is_table and f.box[2] - f.box[0] < 0.5 * page_width]


def drop_stamped(lines: list[Line], stamp_frames: list[Frame]) -> tuple[list[Line], int]:
    """The lines outside every stamp, and how many were inside one."""
    kept = [ln for ln in lines if not any(inside(ln.box, f.box) for f in stamp_frames)]
    return kept, len(lines) - len(kept)


def table_order(lines: list[Line], frames: list[Frame]) -> list[Line]:
    """The lines with each table's lines read row by row (between its horizontal rules), cells
    left to right; the table takes the place of its first line in the given order."""
    tables = [f for f in frames if f.is_table]
    if not tables:
        return lines
    out: list[Line] = []
    placed: set[int] = set()
    for ln in lines:
        table = next((t for t in tables if inside(ln.box, t.box)), None)
        if table is None:
            out.append(ln)
            continue
        key = id(table)
        if key in placed:
            continue
        placed.add(key)
        cells = [x for x in lines if inside(x.box, table.box)]

        def row_of(x: Line, t: Frame = table) -> int:
            cy = (x.box[1] + x.box[3]) / 2
            return sum(r < cy for r in t.rows)

        out += sorted(cells, key=lambda x: (row_of(x), x.box[0], x.box[1]))
    return out
