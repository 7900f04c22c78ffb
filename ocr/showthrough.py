"""Text of the back of the sheet showing through: which lines of a page are lighter print.

Mirrored reading finds the show-through lines that read as words once flipped; the rest of
that print (figures, single syllables, broken lines) reads as well one way as the other. The
back's print is seen through the paper, so it is lighter than the page's own. When several
lines are found mirrored and the page's own text is clearly darker, the lines whose ink is
closer in depth to the show-through than to the page's text go with it. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

import numpy as np

from ocr.geometry import inside
from ocr.layout import Box, on_row, set_under
from ocr.lexicon import in_words
from ocr.merge import Line
from ocr.signer import name_score
from ocr.vietnamese import (
    SLASHED_DATE,
    base_form,
    is_syllable,
    non_words,
    own_text,
    syllables,
    syllables_read,
    word_share,
)

MIN_MIRRORED = 3     # lines read mirrored for the depth of the rest to be judged freely
APART = 2.0          # the page's own print at least this many times as deep as the back's
#: with fewer lines read mirrored, every own line at least this many times as deep as every
#: line that goes: the back's print a population of its own
SEPARATE = 1.5


def ink_depth(gray: np.ndarray, box: Box) -> float:
    """How much darker a line's darkest ink is than its paper (grey levels)."""
    x0, y0, x1, y1 = box
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return 0.0
    return float(np.percentile(crop, 75) - np.percentile(crop, 3))


#: the print on one side of a line's cut this many times as deep as on the other
DEPTH_STEP = 1.3
#: each side this many line heights wide at least
SIDE_LINE_HEIGHTS = 1.5


def beside_cut(line: np.ndarray, flat: np.ndarray) -> int | None:
    """Where in a line's crop (``line``, the crop as read; ``flat``, the same crop of the
    flattened grey page) its own print may end and the back's begin, or the back's end and its
    own begin: the page's own short line ("- Đảng ủy, HĐND xã;") with the back's print running
    on beside it on its row is read as one line, the two often a letter's width apart. The
    column where the depth of each column's darkest ink steps most (the back's print is seen
    through the paper, lighter), by `DEPTH_STEP` at least, each side `SIDE_LINE_HEIGHTS` wide;
    None when there is none. The sides read mirrored decide. (Not on a 1-bit page, whose
    threshold left all ink equally black: cut at its widest blank, the illegible held-010_p1
    lost 25 characters more.)"""
    h, w = line.shape[:2]
    side = SIDE_LINE_HEIGHTS * h
    if not line.size or w < 2 * side:
        return None
    darkest = float(np.percentile(line, 1))
    full = np.flatnonzero((line < max(128, (darkest + 255) / 2)).any(axis=0))
    inked = full[(full >= side) & (full <= w - side)]
    if len(inked) < 2:
        return None
    depth = 255.0 - flat[:, full].min(axis=0)
    n = len(depth)
    sums = np.cumsum(depth)
    ks = np.searchsorted(full, inked)  # each candidate column's place among the inked ones
    ks = ks[(ks > 0) & (ks < n)]
    if not len(ks):
        return None
    left, right = sums[ks - 1] / ks, (sums[-1] - sums[ks - 1]) / (n - ks)
    ratio = np.maximum(left, right) / np.maximum(np.minimum(left, right), 1.0)
    # the step's size weighed by how many columns stand on each side of it
    score = np.where(ratio >= DEPTH_STEP, np.abs(left - right) * np.sqrt(ks * (n - ks) / n), 0.0)
    best = int(np.argmax(score))
    return int(full[ks[best]]) if score[best] > 0 else None


def reads_mirrored(as_read: str, flipped: str) -> bool:
    """A line that is the back's print: read mirrored, it is words, clearly more so than as
    read. A line read as words half or more (the back's capitals, most of which read alike
    either way round: "VẢOVAHH ZAB ỲU .MT") only when mirrored it reads as the page's own
    words would (`own_text`): a garbled line of the page's own, mirrored, reads as figures
    as well as the back's does ("GEN BAN NHANDANNAIIENLANG" -> "07/1/111////0//1/72")."""
    return word_share(flipped) >= 0.6 and word_share(flipped) > word_share(as_read) + 0.3 \
        and (word_share(as_read) < 0.5 or own_text(flipped))


#: an amount as a page writes it, in groups of three ("1.200.000", "600 000")
_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:[. ]\d{3})+")


def written_figures(text: str) -> bool:
    """A line of figures only, each an amount in groups of three or a date, as the page
    writes them. The back's figures, seen mirrored, read their groups the other way round
    ("000.002.1", "2202/6/51"), so such a line is the page's own, however light (a table's
    faded column of amounts)."""
    tokens = re.findall(rf"{_AMOUNT.pattern}|\S+", text.strip().rstrip("."))
    return bool(tokens) and all(_AMOUNT.fullmatch(t) or SLASHED_DATE.fullmatch(t)
                                for t in tokens)


def lighter_lines(depths: list[float], mirrored: set[int], own: set[int],
                  lettered: set[int] | None = None) -> set[int]:
    """The lines (indexes) that are show-through by their depth: not the page's own text and
    closer to the mirrored lines' depth than to the own text's. None unless a line read
    mirrored and the own text is `APART` times deeper. With fewer than `MIN_MIRRORED` lines
    read mirrored (a short page; the back's print broken into fragments), all of them only
    when the page's own lines are all `SEPARATE` times deeper than every line that would go;
    otherwise only those no deeper than the deepest line read mirrored (the back's print
    itself) that hold letters (``lettered``; all lines when None): a phone photo's shadowed
    edge fades the page's own lines by degrees, and one letter read mirrored by chance ("Q")
    would take them; a table's faded column of figures is as light as the back's print."""
    if not mirrored or not own:
        return set()
    back = median(depths[i] for i in mirrored)
    front = median(depths[i] for i in own)
    if front < APART * back:
        return set()
    cut = (back + front) / 2
    light = {i for i, d in enumerate(depths) if i not in own and i not in mirrored and d < cut}
    if light and len(mirrored) < MIN_MIRRORED and \
            min(depths[i] for i in own) < SEPARATE * max(depths[i] for i in light):
        deepest = max(depths[i] for i in mirrored)
        return {i for i in light if depths[i] <= deepest and (lettered is None or i in lettered)}
    return light


def vanished(boxes: list[Box], texts: list[str], faded: list[Box],
             tables: Sequence[Box] = ()) -> set[int]:
    """The lines (indexes) gone from a reading of the page with the back's print faded out:
    no line of that reading lies on them, and they are neither the page's own words nor a
    name (an Ê Đê signer's "Y Thanh Hmok" is not all syllables), nor hold a word of the
    dictionary (`in_words`: "ếBTày bah nhân dân xã Sơn Hà xàt nhên", the page's own faded
    line; the back's read the right way round makes none). Fading thins the page's own
    print, which is still found as a line there however it reads; the back's print is
    whitened and leaves nothing to find. The back's capitals read as capitals without a
    mark (`bare_capitals`) pass for abbreviations and syllables, not for the page's own.
    Figures the page writes stay, though faded print's may be whitened too: an amount in
    groups of three or a date (`written_figures`), and a row's number in a table's frame
    (``tables``; 10707 held-050_p1: "1.200.000" and the rows "2", "4", "5" went)."""
    def figures(box: Box, text: str) -> bool:
        return written_figures(text) or (_ROW_NUMBER.fullmatch(text.strip()) is not None
                                         and any(inside(box, t) for t in tables))

    return {i for i, (box, text) in enumerate(zip(boxes, texts, strict=True))
            if (not own_text(text) or bare_capitals(text)) and (name_score(text) or 0) < 1
            and in_words(text) < 2 and not figures(box, text) and not fixed_line(text)
            and not any(_on(box, other) for other in faded)}


#: how Decree 30/2020 opens the header's number ("Số: 15/QĐ-UBND") and the foot's filing line
#: ("- Lưu: VT, TNMT."), marks set aside
_FIXED_LINE = re.compile(r"^[\W_]{0,3}(?:So\s?[:.;]\s*\d|Luu\b)", re.IGNORECASE)


def fixed_line(text: str) -> bool:
    """A line that opens as the header's number or the foot's filing line do, however the rest
    of it reads ("Số: 1Ị2XN", "- Lưu VT."): the page's own. The back's print read the right
    way round does not open so."""
    return _FIXED_LINE.match(base_form(text)) is not None


#: a table row's number as printed in its first column ("3", "12.")
_ROW_NUMBER = re.compile(r"\d{1,3}\.?")


def bare_capitals(text: str) -> bool:
    """A line of three words or more in capitals with no mark on any letter, two or more of
    them no syllable ("VAG VA HY VA YU": the national motto of the sheet's first page seen
    through its second, mirrored). Print in capitals is Vietnamese, marked on most of its
    syllables ("CỘNG HÒA XÃ HỘI …"), or abbreviations among syllables ("UBND XÃ …")."""
    words = syllables(text)
    return len(words) >= 3 and all(w.isupper() and base_form(w) == w for w in words) \
        and sum(not is_syllable(w) for w in words) >= 2


def clearer_lines(first: list[Line], faded: list[Line],
                  garbled_only: bool = False) -> tuple[list[Line], int]:
    """The first reading's lines, each taken from the reading with the back's print faded out
    where that reading's lines on its row read more clearly (`_clarity`): the back's print
    run into a line of the page's own ("uuh 0i xan 1,Có quốc tịch …", the header's two
    columns read as one with the back's between them) is gone there, while fading thins the
    page's own strokes and may cost a mark elsewhere. The faded lines taken for a line are
    those more than half across it, on its row. ``garbled_only``: only lines read with a token
    that cannot be a word are replaced, and none is added (another reading of the page's own
    print, not of the back's taken away). Returns the lines and how many were replaced or
    added."""
    out: list[Line] = []
    replaced = 0
    for ln in first:
        over = [f for f in faded if _mostly_on(f.box, ln.box)]
        if over and (not garbled_only or non_words([ln.text])) \
                and _clarity([f.text for f in over]) > _clarity([ln.text]):
            out += sorted(over, key=lambda f: f.box[0])
            replaced += 1
        else:
            out.append(ln)
    if garbled_only:
        return out, replaced
    # and its lines on rows where the first reading has none that read as the page's own
    # words: the first reading lost them with the back's print run into them
    found = [f for f in faded if own_text(f.text) and not any(_on(f.box, g.box) for g in first)]
    return out + found, replaced + len(found)


def _clarity(texts: list[str]) -> int:
    """How clearly lines read: their syllables (`syllables_read`: less their tokens that
    cannot be words), those in dictionary words counted twice (a line the faded reading cut
    short, "… đa kĩ a" for "… đã khai trương", or read with a mark lost, "vẻ can bỏ" for "về
    cán bộ", has fewer: its stray syllables do not make up for it), less their tokens that
    cannot be words once more (the back's strokes read as a syllable or two, "ư tư", beside
    its garbage)."""
    return sum(in_words(t) for t in texts) + syllables_read(texts) - non_words(texts)


def _mostly_on(a: Box, b: Box) -> bool:
    """Box ``a`` on ``b``'s row and more than half of its width across ``b``'s."""
    return on_row(a, b) and min(a[2], b[2]) - max(a[0], b[0]) > (a[2] - a[0]) / 2


def _on(a: Box, b: Box) -> bool:
    """Two line boxes on the same place: overlapping across, and down by half the lower one's
    height."""
    return min(a[2], b[2]) > max(a[0], b[0]) and on_row(a, b)


def unit_lines(boxes: list[Box], texts: list[str], councils: set[int]) -> set[int]:
    """The lines (indexes) set in capitals right under a council's line ("ỦY BAN NHÂN DÂN"),
    centred under it: the unit's name ("XÃ ĐỒNG VĂN"). A display face's capitals read run
    together ("XÃDÕNGVN") are no words either way, and mirrored they can read as figures
    ("7I19/0017"), as the back's print does: the unit's line is the page's own for its place."""
    out = set()
    for i in councils:
        for j, box in enumerate(boxes):
            letters = [c for c in texts[j] if c.isalpha()]
            if j != i and letters and all(c.isupper() for c in letters) \
                    and set_under(boxes[i], box, reach=1.5):
                out.add(j)
    return out
