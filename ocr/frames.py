"""Ruled frames on a page: tables and stamps. Pure functions.

A ruled table (a grid of lines) is read row by row, cells left to right, as a person reads it;
a line detector reads it column by column. A stamp pressed on the page ("BẢN SAO", the
received stamp "ĐẾN Số: … Ngày: …") is a single framed box: what is in it is not the
document's text and is kept out of the body and of the header fields.

Both are found the same way: one connected piece of ink whose box is large but which is thin
(most of its pixels lie on the box's edges or on rules across it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.geometry import inside
from ocr.layout import on_row
from ocr.merge import Line
from pipeline.letters import base_form

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


def _rules(profile: np.ndarray, length: int, share: float = 0.6,
           apart: int = 3) -> tuple[int, ...]:
    """Positions where a rule runs along at least ``share`` of ``length``; runs up to
    ``apart`` from each other are one rule."""
    at = np.flatnonzero(profile >= share * length)
    out: list[list[int]] = []
    for v in at:
        if out and v - out[-1][-1] <= apart:
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
    # (only columns with that much ink can hold such a run: the opening runs on those alone)
    tall = max(1, h // 2)
    cols = np.flatnonzero(ink.sum(axis=0) >= tall)
    if cols.size:
        x0, x1 = int(cols[0]), int(cols[-1]) + 1
        streaks = cv2.morphologyEx(np.ascontiguousarray(ink[:, x0:x1]), cv2.MORPH_OPEN,
                                   np.ones((tall, 1), np.uint8))
        ink[:, x0:x1][streaks > 0] = 0
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
        if found is not None and len(found[0]) >= 3:
            # a table: an outer column whose side rule faded away is still the table's
            band = max(3, max(bh, bw) // 250)
            rows, cols = ([y + r for r in found[0]], [x + c for c in found[1]])
            cols = [*_rule_ends(ink, rows, cols[0], -1, band), *cols[1:-1],
                    *_rule_ends(ink, rows, cols[-1], 1, band)]
            found = tuple(r - y for r in rows), tuple(c - x for c in cols)
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
    frames = _join_torn(frames, loose, max(4, h // 400))
    if not stamps(frames, w):
        frames += [f for f in _boxed(ink) if not any(inside(f.box, g.box) for g in frames)]
    return frames


def _boxed(ink: np.ndarray) -> list[Frame]:
    """Stamps whose frame other ink touches all round: the back's print showing through a
    faded page, or a rule run on from the frame, joins it into one piece with far more than
    the frame, whose rules then cross only part of its box. The page's long straight runs
    alone (no letter's stroke is a twentieth of the page long) are looked at, and each
    rectangular hole they enclose alone (not one cell of a table), at least 6% of the page
    wide and 1.5% high and under half its width, is a stamp's inside."""
    h, w = ink.shape
    run = max(15, w // 20)
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    rules = cv2.dilate(across | down, np.ones((3, 3), np.uint8))  # corners that nearly meet
    contours, hierarchy = cv2.findContours(rules, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    holes = Counter(int(parent) for *_, parent in hierarchy[0])  # outline -> its holes
    out = []
    for k, (_, _, _, parent) in enumerate(hierarchy[0]):
        if parent < 0 or holes[int(parent)] != 1:
            continue  # an outer outline; or one of a table's cells
        x, y, bw, bh = cv2.boundingRect(contours[k])
        if bw < 0.06 * w or bh < 0.015 * h or bw >= 0.5 * w \
                or cv2.contourArea(contours[k]) < 0.9 * bw * bh \
                or _runs_past_corners(across, down, (x, y, x + bw, y + bh), run // 2):
            continue
        out.append(Frame((x - 2, y - 2, x + bw + 2, y + bh + 2), (y - 2, y + bh + 1),
                         (x - 2, x + bw + 1)))
    return out


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
    there are two of each (a frame; a box of two horizontal rules may have lost one side,
    `_faded_side`). Ink beyond the frame (a word touching it, a streak) is left out of it."""
    ys, xs = np.nonzero(piece)
    if not ys.size:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
    piece = piece[y0:y1 + 1, x0:x1 + 1]
    bh, bw = piece.shape
    band = max(3, max(bh, bw) // 250)  # a rule may drift by a few pixels over a long frame
    # a rule askew (a stamp pressed at a slant, a photographed sheet) spreads over rows
    # where it barely fills the share, and may fall short of it on some of them: parts of
    # one rule closer than a row of text could be are one (10707 held-019_p1: a received
    # stamp's bottom edge found twice, 5 pixels apart, made it a table of two rows)
    apart = 3 * band
    rows = _rules(cv2.dilate(piece, np.ones((band, 1), np.uint8)).sum(axis=1), bw,
                  apart=apart)
    if len(rows) < 2 or rows[-1] - rows[0] < 0.015 * bw:
        return None
    inside = piece[rows[0]:rows[-1] + 1]
    cols = _rules(cv2.dilate(inside, np.ones((1, band), np.uint8)).sum(axis=0), len(inside),
                  apart=apart)
    if len(cols) == 1 and len(rows) == 2:  # a stamp's box, not a table
        cols = _faded_side(piece, rows, cols[0], band)
    if len(cols) < 2 or cols[-1] - cols[0] < 0.6 * bw:
        return None
    return tuple(int(y0) + r for r in rows), tuple(int(x0) + c for c in cols)


def _faded_side(piece: np.ndarray, edges: tuple[int, ...], col: int,
                band: int) -> tuple[int, ...]:
    """The vertical rules of a box found with one (``col``, at one end of the piece) whose
    other side faded or broke (a stamp pressed unevenly, a 1-bit scan's threshold, a sheet
    feeder's streak taken out across it): the far end of the piece when its top and bottom
    rules (``edges``) both reach it, as a frame's do; else ``col`` alone."""
    bw = piece.shape[1]
    near = max(band, bw // 30)  # where a corner is, the rules ending raggedly
    if col <= near:
        far, other = slice(bw - near, bw), bw - 1
    elif col >= bw - 1 - near:
        far, other = slice(0, near), 0
    else:
        return (col,)
    reach = [piece[max(0, r - band):r + band + 1, far].any() for r in edges]
    return tuple(sorted((col, other))) if all(reach) else (col,)


def _runs_past_corners(across: np.ndarray, down: np.ndarray, box: Box, reach: int) -> bool:
    """Whether a rule along an edge of the hole ``box`` runs on past one of its corners for
    ``reach`` pixels: the hole is one cell of a table whose other cells' rules are broken,
    not a stamp (a stamp's frame ends at its corners; the back's print or a rule may touch
    its sides, not carry its edges on)."""
    x0, y0, x1, y1 = box
    band = 8  # the rule lies just outside the hole

    def inked(strip: np.ndarray, axis: int) -> bool:
        return strip.size > 0 and strip.any(axis=axis).mean() > 0.6

    for y in (max(0, y0 - band), y1):
        if inked(across[y:y + band, max(0, x0 - band - reach):max(0, x0 - band)], 0) or \
                inked(across[y:y + band, x1 + band:x1 + band + reach], 0):
            return True
    for x in (max(0, x0 - band), x1):
        if inked(down[max(0, y0 - band - reach):max(0, y0 - band), x:x + band], 1) or \
                inked(down[y1 + band:y1 + band + reach, x:x + band], 1):
            return True
    return False


def _rule_ends(ink: np.ndarray, rows: list[int], col: int, step: int,
               band: int) -> tuple[int, ...]:
    """The outer vertical rule ``col`` of a table, and beyond it (``step`` -1: to the left,
    1: to the right) where most of its horizontal rules end when they run on past it (in any
    piece of ink: a faded rule breaks into dashes): a column whose side rule faded away is
    still the table's."""
    ends, width = [], ink.shape[1]
    gap = max(2 * band, round(0.03 * width))
    for r in rows:
        along = ink[max(0, r - band):r + band + 1].any(axis=0)
        x = last = col
        while 0 <= x + step < width and abs(x - last) < gap:
            x += step
            if along[x]:
                last = x
        ends.append(last)
    end = int(np.median(ends))
    return (col,) if abs(end - col) < 0.05 * width else tuple(sorted((col, end)))


#: what the copy stamp reads, marks and punctuation aside
_COPY_STAMP = re.compile(r"^\W*BAN\W*SAO\W*$")


def stamps(frames: list[Frame], page_width: int) -> list[Frame]:
    """The frames that are stamps: one framed box (no rules inside), under half the page wide."""
    return [f for f in frames if not f.is_table and f.box[2] - f.box[0] < 0.5 * page_width]


def drop_stamped(lines: list[Line], stamp_frames: list[Frame]) -> tuple[list[Line], int]:
    """The lines outside every stamp, and how many were inside one. A line reading only
    "BẢN SAO" above every other line of the page is the copy stamp in the top margin, its
    frame broken (faded, a 1-bit scan's threshold): kept out too; so are the pieces it was
    read in (up to three, "BẢN S" and "AO"), lying above every other line and reading it
    left to right."""
    kept = [ln for ln in lines if not any(inside(ln.box, f.box) for f in stamp_frames)]
    top = sorted(kept, key=lambda ln: ln.box[1])
    for n in range(1, min(3, len(top)) + 1):
        pieces, rest = top[:n], top[n:]
        if max(ln.box[3] for ln in pieces) > min((ln.box[1] for ln in rest), default=1 << 30):
            continue
        read = " ".join(ln.text for ln in sorted(pieces, key=lambda ln: ln.box[0]))
        if _COPY_STAMP.match(base_form(read).upper().replace(" ", "")):
            kept = [ln for ln in kept if all(ln is not p for p in pieces)]
            break
    return kept, len(lines) - len(kept)


def table_order(lines: list[Line], frames: list[Frame]) -> list[Line]:
    """The lines with each table's lines read row by row (between its horizontal rules), cells
    left to right; the table takes the place of its first line in the given order."""
    tables = [f for f in frames if f.is_table]
    if not tables:
        return lines
    framed = {i for i, ln in enumerate(lines) if any(inside(ln.box, t.box) for t in tables)}
    members = [_cells(lines, t, framed) for t in tables]
    out: list[Line] = []
    placed: set[int] = set()
    for i, ln in enumerate(lines):
        k = next((k for k, cells in enumerate(members) if i in cells), None)
        if k is None:
            out.append(ln)
        elif k not in placed:
            placed.add(k)
            out += _rows_in_order([lines[j] for j in sorted(members[k])], tables[k])
    return out


def _cells(lines: list[Line], table: Frame, framed: set[int]) -> set[int]:
    """The table's lines (indexes): those inside its frame, and those beside it on a row of
    a line inside it, between its first and last rules, inside no table's frame (``framed``):
    a column whose rules faded is left out of the frame, not out of the table."""
    x0, y0, x1, y1 = table.box
    inner = {i for i, ln in enumerate(lines) if inside(ln.box, table.box)}
    return inner | {i for i, ln in enumerate(lines) if i not in framed
                    and y0 < (ln.box[1] + ln.box[3]) / 2 < y1
                    and not x0 <= (ln.box[0] + ln.box[2]) / 2 <= x1
                    and any(on_row(ln.box, lines[j].box) for j in inner)}


def _rows_in_order(cells: list[Line], table: Frame) -> list[Line]:
    """A table's lines row by row, cells left to right. The lines between two rules are one
    row (a cell's wrapped lines stay together), unless the row is far taller than the table's
    usual one and its lines lie in bands of two cells or more each: then a rule between rows
    faded away, and each band is a row."""
    pitch = float(np.median(np.diff(table.rows)))
    out: list[Line] = []
    for top, bottom in zip((-1, *table.rows), (*table.rows, 1 << 30), strict=True):
        row = [x for x in cells if top < (x.box[1] + x.box[3]) / 2 <= bottom]
        inner = table.rows[0] <= top and bottom <= table.rows[-1]
        if not inner or bottom - top < 1.6 * pitch:
            out += sorted(row, key=lambda x: (x.box[0], x.box[1]))
            continue
        height = float(np.median([x.box[3] - x.box[1] for x in row])) if row else 0.0
        bands: list[list[Line]] = []
        for x in sorted(row, key=lambda x: x.box[1] + x.box[3]):
            cy = (x.box[1] + x.box[3]) / 2
            if bands and cy - (bands[-1][0].box[1] + bands[-1][0].box[3]) / 2 < 0.6 * height:
                bands[-1].append(x)
            else:
                bands.append([x])
        if len(bands) < 2 or any(len(band) < 2 for band in bands):
            bands = [row]
        out += [x for band in bands for x in sorted(band, key=lambda x: (x.box[0], x.box[1]))]
    return out
