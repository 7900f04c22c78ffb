"""Marks in the left margin read into the text: the back's print showing through beside the
column, or the speckle of a scan's dark edge, read as letters and joined to the line beside
them ("gị79hệ 3. Các hộ liền kề:"). Pure.

The column's left edge is where the leftmost `EDGE_LINES` lines that read as the page's own words
(`own_text`) and open with a word (a word-like token or a list marker) start, within a tenth of
an inch of each other: the body's lines, list items and the left header block start there or to
its right. A line that starts more than `MARGIN` inch to the left of it loses the tokens it opens
with that are no syllable and no list marker and start, by their share of the line's width, in
the margin (figures too: no number stands in the margin beside the column), when what is left
starts at the column's edge, within `MARGIN` inch of it, and reads as the page's own words. Lines
of their own in the margin stay: a table wider than the column puts its first column there
("TT"); so does a short line at the margin where indented lines set the edge ("2025.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ocr.merge import Line, part_of
from ocr.vietnamese import is_syllable, own_text, word_like

#: inches left of the column's edge where marks are the margin's, not the column's
MARGIN = 0.25
#: lines opening with a word that start within this many inches of each other make an edge
EDGE_SPREAD = 0.1
#: and there are at least this many of them
EDGE_LINES = 3
#: a token that opens a list item or a sentence, kept wherever it lies
_MARKER = re.compile(r"^(?:[-+•*–]|\(?[0-9a-zA-Zđ]{1,3}[.)]|[IVX]+\.)$")
_TOKEN = re.compile(r"\S+")
#: punctuation a token is read with, stripped before it is judged a word
_PUNCTUATION = ".,;:()\"'-"


def _opens_with_word(text: str) -> bool:
    first = next(iter(text.split()), "")
    return bool(_MARKER.match(first)) or word_like(first.strip(_PUNCTUATION))


def column_edge(lines: Sequence[Line], dpi: float) -> int | None:
    """The left edge of the page's text column (see the module's doc), or None when no
    `EDGE_LINES` lines opening with a word start together."""
    starts = sorted(ln.box[0] for ln in lines if own_text(ln.text) and _opens_with_word(ln.text))
    spread = EDGE_SPREAD * dpi
    for i, x in enumerate(starts):
        if i + EDGE_LINES - 1 < len(starts) and starts[i + EDGE_LINES - 1] - x <= spread:
            return x
    return None


def _trimmed(line: Line, edge: float, margin: float) -> Line:
    """The line without the tokens it opens with that are no syllable and no list marker and
    start in the margin (``margin`` pixels left of ``edge``), when what is left starts at the
    column's edge (within ``margin`` of it) and reads as words: a line of the column read
    with marks beside it."""
    x0, _, x1, _ = line.box
    per_char = (x1 - x0) / max(1, len(line.text))
    cut = 0
    for m in _TOKEN.finditer(line.text):
        token = m.group()
        if (is_syllable(token.strip(_PUNCTUATION)) or _MARKER.match(token)
                or x0 + m.start() * per_char >= edge - margin):
            break
        cut = m.end()
    rest = line.text[cut:].lstrip()
    first = len(line.text) - len(rest)
    if not cut or not edge - margin <= x0 + first * per_char <= edge + margin \
            or not own_text(rest):
        return line
    return part_of(line, first, len(line.text))


def margin_marks_out(lines: Sequence[Line], dpi: float) -> tuple[list[Line], list[str]]:
    """The lines without what was read of the marks in the left margin, and what was taken
    out (for the log)."""
    edge = column_edge(lines, dpi)
    if edge is None:
        return list(lines), []
    margin = MARGIN * dpi
    kept, out = [], []
    for ln in lines:
        if ln.box[0] < edge - margin:
            trimmed = _trimmed(ln, edge, margin)  # never to nothing: what is left reads as words
            if trimmed.text != ln.text:
                out.append(ln.text[:len(ln.text) - len(trimmed.text)].strip())
            ln = trimmed
        kept.append(ln)
    return kept, out
