"""Reading order of the Vietnamese administrative layout. Pure functions.

Decree 30 pages open with two header blocks side by side: the issuing body and ``Số: …`` on
the left, the national title, motto and ``<place>, ngày … tháng … năm …`` on the right. A line
detector sees a left and a right line on the same baseline as one line; a generic reading order
interleaves the blocks. Here such lines are cut at their wide blank gap (a row read into the
motto whose gap the back's print or a scan's grain filled, on its ink smoothed), and the header
zone is read left block first, then right block. The foot is read the same way: ``Nơi nhận`` (or a
left signature column) before the signature block on the right.
"""

from __future__ import annotations

import re
from itertools import groupby

import cv2
import numpy as np

from pipeline.letters import base_form

Box = tuple[int, int, int, int]

#: A blank run wider than this many line heights separates two columns.
GAP_LINE_HEIGHTS = 1.4
#: In a row known to hold two columns, a part whose ink is narrower than this many line
#: heights, with blank wider than GAP_LINE_HEIGHTS on either side, is a speck ("1", "-", "."
#: are wider at any size the line reader reads).
SPECK_LINE_HEIGHTS = 0.125
#: A body line runs from the text area's left edge to its right, give or take this share of
#: its width (an indented first line, a ragged right edge).
FULL_LINE_SLACK = 0.15
#: In a row known to hold two columns (`right_column_at`), its widest blank is the gutter
#: between them if at least this many line heights wide and `GUTTER_OVER_SPACES` times as
#: wide as any other (a word space is 0.3–0.5 line heights; the header's columns may stand
#: closer than `GAP_LINE_HEIGHTS`).
GUTTER_LINE_HEIGHTS = 0.8
GUTTER_OVER_SPACES = 1.8
#: The header (both blocks: the number, the place and date, a subject under the number) lies
#: within this many lines from the top of the reading order.
HEADER_LINES = 14


def split_at_gaps(gray: np.ndarray, box: Box, ink_below: int = 128,
                  smooth: bool = False) -> list[Box]:
    """Cut a line box where its ink has a blank run wider than GAP_LINE_HEIGHTS line heights.

    Ink is what is darker than ``ink_below`` or, in faded print, than halfway between the
    line's darkest ink and white: faded words must not count as blank, or they are cut away.
    ``smooth``: each pixel taken as the median of its 3 × 3 neighbours, and parts narrower
    than `SPECK_LINE_HEIGHTS` left out, for a row known to hold two columns (`right_column_at`):
    a noisy scan's grain and the back's print showing through between them are specks and
    light strokes once smoothed, not ink that joins them; a faded word in a body line can be
    as light. Such a row is also cut at its one blank far wider than its word spaces
    (`GUTTER_LINE_HEIGHTS`), however narrow."""
    x0, y0, x1, y1 = box
    h = max(1, y1 - y0)
    crop = gray[y0:y1, x0:x1]
    if not crop.size or (smooth and min(crop.shape) < 3):
        return [box]
    if smooth:
        crop = cv2.medianBlur(np.ascontiguousarray(crop), 3)
    darkest = float(np.percentile(crop, 1))
    cols = (crop < max(ink_below, (darkest + 255) / 2)).any(axis=0)
    if not cols.any():
        return [box]
    inked = np.flatnonzero(cols)
    gaps = np.flatnonzero(np.diff(inked) > GAP_LINE_HEIGHTS * h)
    if not len(gaps) and smooth:
        # a row known to hold two columns: its one blank far wider than the word spaces
        widths = np.sort(np.diff(inked))[::-1]
        if len(widths) and widths[0] >= GUTTER_LINE_HEIGHTS * h and \
                (len(widths) < 2 or widths[0] >= GUTTER_OVER_SPACES * widths[1]):
            gaps = np.flatnonzero(np.diff(inked) == widths[0])[:1]
    if not len(gaps):
        return [box]
    pad = max(2, h // 4)
    parts, start = [], inked[0]
    for g in gaps:
        parts.append((start, inked[g]))
        start = inked[g + 1]
    parts.append((start, inked[-1]))
    if smooth:  # a speck standing alone (a grain, a dot of the back's print) is no part
        parts = [(a, b) for a, b in parts if b - a + 1 >= SPECK_LINE_HEIGHTS * h] or parts
    return [(int(max(x0, x0 + a - pad)), y0, int(min(x1, x0 + b + 1 + pad)), y1)
            for a, b in parts]


#: words, then the national title (in capitals) or the motto, however their marks and spaces
#: were read
_MOTTO_START = re.compile(r"[A-Za-z]{2}.*?(CONG\W*HOA\W*XA\W*HOI|Doc\W*lap\W*Tu\W*do)")


#: the number ("Số: 2846/QĐ-UBND"), then a place and date ("Đức Tân, ngày 19 …"; its comma
#: read as a full stop: "Tam Nông.ngày 05")
_NUMBER_THEN_DATE = re.compile(r"^\W*So\W*\S*\d\S*(?=\s+[A-Z][a-z]*(?:\W*\s*[A-Za-z]+){0,4}\s*[,.]"
                               r"\s*ngay\s*\d)")


#: A word Tesseract read surely that no line holds joins the line beside it on its row (and
#: lines on that row through it) when it stands within this many line heights of it: where
#: print fades by patches the line detector finds only the darker parts of a line (word
#: spaces are 0.3–0.6 line heights in a justified line, Tesseract's boxes hugging the ink).
PIECE_GAP_LINE_HEIGHTS = 0.8


def on_row(a: Box, b: Box) -> bool:
    """Two boxes on one baseline: overlapping by half the lower one's height."""
    return min(a[3], b[3]) - max(a[1], b[1]) >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def pieces_joined(lines: list[Box], words: list[Box]) -> list[tuple[list[int], Box]]:
    """Rows of print the line reader found in pieces or cut short, by the words read surely
    on them (``words``) that no line holds (a word is held by a line on its row that spans
    its middle): such a word is joined to the word or line beside it on its row within
    `PIECE_GAP_LINE_HEIGHTS` line heights, a held word to its line, and so on along the row.
    For each group with a line and a word no line holds, spanning a line height or more
    that its lines do not: its lines (indexes, in order) and the box spanning the group.
    Words with no line on their row are left out: a line is not made of words alone."""
    def height(box: Box) -> int:
        return max(1, box[3] - box[1])

    boxes = list(lines)
    holder: dict[int, int | None] = {}  # word's index in boxes -> the line holding it
    reach: dict[int, float] = {}        # word's index in boxes -> how far it joins
    for w in words:
        row = [i for i, ln in enumerate(lines) if on_row(w, ln)]
        tallest = max((height(lines[i]) for i in row), default=0)
        if not row or height(w) > 1.5 * tallest:
            continue
        holder[len(boxes)] = next((i for i in row
                                   if lines[i][0] <= (w[0] + w[2]) / 2 <= lines[i][2]), None)
        reach[len(boxes)] = PIECE_GAP_LINE_HEIGHTS * tallest
        boxes.append(w)
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k, line in holder.items():
        if line is not None:
            parent[root(k)] = root(line)
    for k, line in holder.items():
        if line is not None:
            continue
        w = boxes[k]
        for j, other in enumerate(boxes):
            if j == k or not on_row(w, other):
                continue
            if max(w[0], other[0]) - min(w[2], other[2]) <= reach[k]:
                parent[root(j)] = root(k)
    groups: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        held = [i for i in members if i < len(lines)]
        if not held or all(holder.get(i) is not None for i in members if i >= len(lines)):
            continue
        spans = [boxes[i] for i in members]
        box = (min(b[0] for b in spans), min(b[1] for b in spans),
               max(b[2] for b in spans), max(b[3] for b in spans))
        # the words add print the lines do not hold: a word's width at least, not the end of
        # a word whose middle lies just past a line's end
        covered, end = 0, box[0]
        for x0, _, x1, _ in sorted(lines[i] for i in held):
            covered += max(0, x1 - max(x0, end))
            end = max(end, x1)
        if box[2] - box[0] - covered >= max(height(lines[i]) for i in held):
            out.append((held, box))
    return sorted(out)


def right_column_at(text: str) -> int | None:
    """Where in a line read the header's right column begins, if the line holds both columns
    of a header row: words, then the national title or the motto ("ỦY BAN NHÂN DÂN CỘNG HÒA
    XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ EA TIÊU Độc lập - Tự do - Hạnh phúc"; the country's name
    in a sentence, "Hiến pháp nước Cộng hòa xã hội …", is not in capitals), or the number, then
    the place and date ("Số: 2846/QĐ-UBND Đức Tân, ngày 19 tháng 12 năm 2017"); None for any
    other line."""
    plain = base_form(text)
    if (m := _MOTTO_START.search(plain)) is not None:
        return m.start(1)
    if (m := _NUMBER_THEN_DATE.match(plain)) is not None:
        # the place's first word run into the number ("3447/GCN-TCKHChâu Thành, ngày …")
        if (glued := re.search(r"(?<=[A-Z0-9])[A-Z][a-z]+$", m.group(0))) is not None:
            return glued.start()
        return m.end() + len(plain[m.end():]) - len(plain[m.end():].lstrip())
    return None


def order_header(boxes: list[Box], order: list[int]) -> list[int]:
    """Reading order with the header zone read left block, then right block.

    ``order`` is a generic top-to-bottom order of ``boxes``. The header zone is the run of
    lines, from the top, that stay on one side of the middle of the text area; it ends at the
    first line that crosses the middle (the document type, centred) or spans most of the width,
    unless a line of the other column sits beside it (a national title or date line wider than
    its column). Each line goes to the side its centre is on.
    """
    if not boxes:
        return order
    mid = _middle(boxes)
    zone = header_zone(boxes, order)
    if not zone:
        return order  # no two-column header
    in_zone = set(zone)
    head = ([i for i in zone if _centre(boxes[i]) < mid]
            + [i for i in zone if _centre(boxes[i]) >= mid])
    return head + [i for i in order if i not in in_zone]


def set_under(upper: Box, box: Box, reach: float = 1.0) -> bool:
    """Whether ``box`` is a line set right under ``upper``: its top from ``upper``'s middle
    to ``reach`` line heights below it, its centre within ``upper``'s width."""
    x0, y0, x1, y1 = upper
    return y1 - (y1 - y0) / 2 <= box[1] <= y1 + reach * (y1 - y0) and \
        x0 <= (box[0] + box[2]) / 2 <= x1


def _centre(box: Box) -> float:
    return (box[0] + box[2]) / 2


def _beside(i: int, boxes: list[Box], mid: float) -> bool:
    """Whether a line across the middle has a line of the other column beside it: the
    national title, wider than its column, reaches past the middle beside the issuing body."""
    x0, y0, x1, y1 = boxes[i]
    right = _centre(boxes[i]) >= mid
    for j, (a0, b0, a1, b1) in enumerate(boxes):
        if j != i and min(y1, b1) - max(y0, b0) > 0.5 * min(y1 - y0, b1 - b0) and \
                (a1 <= mid if right else a0 >= mid) and (a1 <= x0 if right else a0 >= x1):
            return True
    return False


def _middle(boxes: list[Box]) -> float:
    return (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2


def title_line(boxes: list[Box], order: list[int]) -> int | None:
    """The first line, from the top of the page, that crosses the middle of the text area
    with no line beside it (where the header zone ends: the document type, or a one-column
    header's national title); None when no line does."""
    mid = _middle(boxes)
    for i in sorted(order, key=lambda i: (boxes[i][1] + boxes[i][3]) / 2):
        if boxes[i][0] < mid < boxes[i][2] and not _beside(i, boxes, mid):
            return i
    return None


def title_top(boxes: list[Box], order: list[int]) -> int | None:
    """The top of `title_line`; None when there is none."""
    return None if (i := title_line(boxes, order)) is None else boxes[i][1]


def header_zone(boxes: list[Box], order: list[int]) -> list[int]:
    """The lines of a two-column header (see order_header); [] when there is none."""
    mid = _middle(boxes)
    zone = []
    for i in sorted(order, key=lambda i: (boxes[i][1] + boxes[i][3]) / 2):
        x0, _, x1, _ = boxes[i]
        if x0 < mid < x1 and not _beside(i, boxes, mid):
            break
        zone.append(i)
    if not zone or all(_centre(boxes[i]) >= mid for i in zone) \
            or all(_centre(boxes[i]) < mid for i in zone):
        return []
    return zone


def order_foot(boxes: list[Box], order: list[int], texts: list[str] | None = None
               ) -> list[int]:
    """Reading order with the foot zone read left column, then right column.

    The foot zone is the run of lines, from the bottom, that stay on one side of the middle of
    the text area (``Nơi nhận`` and its list on the left, the signing title, the name on the
    right); it ends at the first line, going up, that crosses the middle (the body's last full
    line). Each side is read top to bottom (`_top_down`: a generic order may read
    ``Nơi nhận:``, level with the signing title, after the list under it; seed 9090
    held-026_p1), but for the right side's lines wholly above the left side's first (the place
    and date set over the signature block when the header has none): those are read first."""
    if not boxes:
        return order
    mid = _middle(boxes)
    zone = foot_zone(boxes, order, texts)
    lefts = _top_down(boxes, [i for i in order if i in set(zone) and _centre(boxes[i]) < mid])
    rights = _top_down(boxes, [i for i in order if i in set(zone) and _centre(boxes[i]) >= mid])
    if not lefts or not rights:
        return order  # one column at the foot: nothing to reorder
    in_zone = set(zone)
    top = min(boxes[i][1] for i in lefts)
    above = [i for i in rights if boxes[i][3] <= top]
    return [i for i in order if i not in in_zone] + above + lefts + \
        [i for i in rights if i not in above]


#: a line of the foot crosses the middle of the text area (it is the body's) when it reaches
#: this share of the text area's width past the middle on both sides: the signing title
#: ("TM. ỦY BAN NHÂN DÂN", the right column's longest line) may reach a little past it, the
#: more on a photographed sheet whose text area a seal's or the desk's marks widen
FOOT_CROSSING = 0.05


#: Two lines side by side on one row this many line heights apart or closer are pieces of one
#: line the line reader found parted where a word faded (7.5% of a legible page, seed 8484
#: held-003_p1: the body's last line read in two, its right half taken for the signing
#: block's); the foot's two columns, and the header's below it, stand further apart.
ROW_PIECES_LINE_HEIGHTS = 3.0


def _pieces(a: Box, b: Box) -> bool:
    """Two boxes on one row near enough to be pieces of one line (`ROW_PIECES_LINE_HEIGHTS`
    of the lower one's height: a signature's strokes read as a line, twice as tall as print
    beside them, reach no further for it; dev-wide dev-058_p1's ended the foot's columns)."""
    return on_row(a, b) and max(a[0] - b[2], b[0] - a[2]) <= ROW_PIECES_LINE_HEIGHTS * min(
        a[3] - a[1], b[3] - b[1])


def row_extent(boxes: list[Box], i: int, near: bool = True) -> tuple[int, int]:
    """How far line ``i`` runs along its row with the pieces of it beside it: lines on its
    row within `ROW_PIECES_LINE_HEIGHTS` of its height of it, or of such a piece (``near``;
    else every line on its row)."""
    x0, y0, x1, y1 = boxes[i]
    row = [b for j, b in enumerate(boxes) if j != i and _same_row(boxes[i], b)]
    grown = True
    while grown:
        grown = False
        for b in row:
            if (b[0] < x0 or b[2] > x1) and (not near or _pieces((x0, y0, x1, y1), b)):
                x0, x1, grown = min(x0, b[0]), max(x1, b[2]), True
    return x0, x1


#: Two lines on one row are the pieces of one body line, parted where its print faded however
#: wide the patch, when they stand on one baseline (tops and bottoms within this share of the
#: lower one's height) and run from the text area's left edge (`BODY_PIECE_EDGE_LEFT` of its
#: width) to near its right edge (`BODY_PIECE_EDGE_RIGHT`), in running text: the foot's
#: columns on one row begin with "Nơi nhận:" or are set in capitals (the signing titles; a
#: two-signer foot's stand on one baseline)
BODY_PIECE_BASELINE = 0.15
BODY_PIECE_EDGE_LEFT = 0.08
BODY_PIECE_EDGE_RIGHT = 0.06

#: "Nơi nhận", however its marks and spaces were read
_RECIPIENTS = re.compile(r"^\W*Noi\W*nhan", re.IGNORECASE)


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) * 2 >= len(letters)


def body_in_pieces(boxes: list[Box], texts: list[str], i: int) -> bool:
    """Whether line ``i`` and another on its row are the pieces of one body line, parted by
    a faded patch wider than `ROW_PIECES_LINE_HEIGHTS` (see `BODY_PIECE_BASELINE`)."""
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    width = right - left
    a = boxes[i]
    for j, b in enumerate(boxes):
        if j == i or not _same_row(a, b):
            continue
        first, last = (i, j) if a[0] < b[0] else (j, i)
        h = min(a[3] - a[1], b[3] - b[1])
        if abs(a[1] - b[1]) <= BODY_PIECE_BASELINE * h \
                and abs(a[3] - b[3]) <= BODY_PIECE_BASELINE * h \
                and boxes[first][0] <= left + BODY_PIECE_EDGE_LEFT * width \
                and boxes[last][2] >= right - BODY_PIECE_EDGE_RIGHT * width \
                and not _RECIPIENTS.match(base_form(texts[first])) \
                and not any(_in_capitals(texts[k]) for k in (first, last)):
            return True
    return False


def foot_zone(boxes: list[Box], order: list[int], texts: list[str] | None = None
              ) -> list[int]:
    """The lines of the foot zone (see order_foot), bottom first; [] when there are none.
    A line found in pieces crosses the middle as the pieces together do (`row_extent`); with
    the lines' ``texts``, a body line whose print faded in the middle ends it too
    (`body_in_pieces`: its pieces would otherwise be read as the foot's two columns, and
    every line under them with them)."""
    if not boxes:
        return []
    mid = _middle(boxes)
    reach = FOOT_CROSSING * (max(b[2] for b in boxes) - min(b[0] for b in boxes))
    header = set(header_zone(boxes, order))
    zone: list[int] = []
    for i in sorted(order, key=lambda i: -(boxes[i][1] + boxes[i][3]) / 2):
        x0, x1 = row_extent(boxes, i)
        if (x0 < mid - reach and x1 > mid + reach) or i in header \
                or (texts is not None and body_in_pieces(boxes, texts, i)):
            break  # the body (a line of it found in pieces, however far apart), the header
        zone.append(i)
    return zone


def page_order(boxes: list[Box], order: list[int], texts: list[str] | None = None
               ) -> list[int]:
    """A generic top-to-bottom ``order`` of a page's lines made its reading order: the header's
    and the foot's two columns each read left, then right; the body's lines whole, top to
    bottom (``texts``, the lines' as read: see `foot_zone`)."""
    return keep_rows_whole(boxes, order_foot(boxes, order_header(boxes, order), texts), texts)


#: Two boxes side by side may overlap by this share of the lower one's height: a table's
#: number read in a box that reaches into the cell beside it (seed 2611 held-025_p1: "2"
#: and its row's name, 9 pixels of a 53-pixel line, read after the row's amount)
SIDE_BY_SIDE_OVERLAP = 0.25


def _same_row(a: Box, b: Box) -> bool:
    """Two boxes side by side on one baseline: overlapping by half the lower one's height,
    apart horizontally (but for `SIDE_BY_SIDE_OVERLAP`)."""
    return on_row(a, b) and min(a[2], b[2]) - max(a[0], b[0]) < SIDE_BY_SIDE_OVERLAP * min(
        a[3] - a[1], b[3] - b[1])


def _top_down(boxes: list[Box], run: list[int]) -> list[int]:
    """Lines in the order read, each moved before the first line read before it that lies
    wholly below it."""
    column: list[int] = []
    for i in run:
        below = next((p for p, j in enumerate(column) if boxes[j][1] >= boxes[i][3]),
                     len(column))
        column.insert(below, i)
    return column


def keep_rows_whole(boxes: list[Box], order: list[int], texts: list[str] | None = None
                    ) -> list[int]:
    """Reading order with the body's lines top to bottom and the pieces of one body line read
    one after the other, left to right.

    The body is one column: from under the header zone where the lines between it and the
    first line that runs the width of the text area stand in one column (else from that
    line) to the last line that runs its width (or whose pieces together do, `row_extent`),
    outside the foot zone; where no line runs the width, from the first row under the title
    whose pieces together do to the last. There a wide blank
    inside a line is a faded or wiped patch, or a label and its value, not a gutter; a
    generic reading order would read all the left pieces, then all the right ones, as two
    columns (and short lines above the first full one, "Đăng ký lần đầu: …" and "Điện
    thoại: …", as a column before the lines beside them)."""
    if not boxes:
        return order
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    margin = FULL_LINE_SLACK * (right - left)
    full = [i for i in order if boxes[i][0] <= left + margin and boxes[i][2] >= right - margin]
    header = header_zone(boxes, order)
    zones = set(header) | set(foot_zone(boxes, order, texts))
    if not full:
        # print faded by patches parted every line (seed 8181 held-047_p1): the rows whose
        # pieces run across the text area, under the title (above it, a header's two columns
        # side by side do too)
        title = title_top(boxes, order)
        full = [i for i in order if i not in zones and title is not None
                and boxes[i][1] > title and (ext := row_extent(boxes, i, near=False))[0]
                <= left + margin and ext[1] >= right - margin]
    if not full:
        return order
    top = min(boxes[i][1] for i in full)
    # from under the header or, where none was found (a one-column header; a header whose
    # left block faded away), under the first line across the middle with none beside it
    under = max((boxes[i][3] for i in header), default=None)
    if under is None and (first := title_line(boxes, order)) is not None:
        under = boxes[first][3]
    if under is not None:
        above = [i for i in order if i not in zones
                 and under <= (boxes[i][1] + boxes[i][3]) / 2 < top]
        # one column there, not two side by side (the foot's, when the only line across
        # the page is a mark below it); a line found in pieces is one line
        if not any(_same_row(boxes[i], boxes[j]) and not _pieces(boxes[i], boxes[j])
                   for i in above for j in above):
            top = min(top, under)
    # the body ends at its last line across the text area, though found in pieces (parted
    # by a faded patch however wide, `body_in_pieces`)
    across = [i for i in order
              if ((ext := row_extent(boxes, i))[0] <= left + margin and ext[1] >= right - margin)
              or (texts is not None and body_in_pieces(boxes, texts, i))]
    bottom = max(boxes[i][3] for i in full + across)
    body = {i for i in order if i not in zones
            and top <= (boxes[i][1] + boxes[i][3]) / 2 <= bottom}
    # lines under the body read before some of its lines (the foot's first line, where the
    # body's last rows were found only in pieces) are read after them
    last = max((k for k, i in enumerate(order) if i in body), default=-1)
    late = [i for i in order[:last] if i not in body and (boxes[i][1] + boxes[i][3]) / 2 > bottom]
    if late:
        rest = [i for i in order if i not in set(late)]
        at = rest.index(order[last]) + 1
        order = rest[:at] + late + rest[at:]
    # one column, read top to bottom: a generic order may read a list's indented lines as a
    # column of their own, after the items they belong under. Within a run of body lines read
    # one after the other, a line goes before the first line read so far that lies wholly
    # below it; lines that overlap in height (a slant left by the deskew) keep their order
    order = [i for inside, run in groupby(order, key=lambda i: i in body)
             for i in (_top_down(boxes, list(run)) if inside else run)]
    done: set[int] = set()
    out: list[int] = []
    for i in order:
        if i in done:
            continue
        row = [i]
        if i in body:
            row += [j for j in order if j in body and j != i and j not in done
                    and _same_row(boxes[i], boxes[j])]
        for j in sorted(row, key=lambda j: boxes[j][0]):
            out.append(j)
            done.add(j)
    return out
