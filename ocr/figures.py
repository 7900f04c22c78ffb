"""The figures of a document's number and date, read again on their own. Pure functions,
but for the readers passed in.

Offices often fill in the number ("Số: 132/QĐ-XPHC") and the day and month of the date
("ngày 07 tháng 11 năm 2023") by hand, in pen, on the printed page. Read as part of the
printed line, handwritten figures come out as letters or lose a figure ("JF", "32", "í"):
the line reader expects print. Read alone, on a crop that holds only them, they read as
figures. Their place is found from Tesseract's boxes of the printed text around them (the
colon of "Số:" and the slash after the figures, or the symbol's first capital where a
hairline slash was lost; the words "ngày", "tháng", "năm").

A group of figures is replaced only when its own reading is all figures and a possible value
(a day 1-31, a month 1-12, a number of one to six figures), and either the line reader is
confident of it or two readings agree on it: the line reader's of both crops, or the line
reader's and Tesseract's reading the crop as figures only. When the readings disagree ("25"
and "29" alone, "23" in the line), Tesseract's are asked too and the value most readings
agree on is taken ("23": in the line and both of Tesseract's). Otherwise the line stays as read:
the header field that cannot be made out of it is left unread (a number not read cleanly is
given with certainty 0.3), never guessed. Figures kept while a crop reads other ones, if
unsure ("2" in the line, "8" alone), or confidently reads no figures ("1" in the line, "+"
alone), leave the line at that certainty too: shown for checking.

Figures written by hand are given unsure however well they read (`by_hand`): a pen does not
keep to the print's line. Their glyphs standing off the line the print beside them sits on
(the year's figures, the symbol's capitals), scattered about it, or of another height, each
by a tenth of the print's height, tell them; a clerk checks them, and they never overrule the
register (`pipeline.content_match.SURE`).

The date lines are the place-and-date line of the header and, on a certificate or record that
dates itself above the signature, the last one below it (its header may carry a dated label
that is not its date: "Đăng ký lần đầu: ngày …"); a date inside a sentence ("Căn cứ Nghị định
số 105/2017/NĐ-CP ngày 14 tháng 9 năm 2017") is not one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

import cv2
import numpy as np

from ocr.layout import HEADER_LINES
from ocr.merge import Line
from pipeline.header import DAY_PADDED, MONTH_PADDED, UNSURE, is_date_line, unpadded
from pipeline.letters import base_form

#: The characters of line images, each with its horizontal extent on its image:
#: (character, x0, x1).
Chars = Callable[[list[np.ndarray]], list[list[tuple[str, int, int]]]]
#: Reads line images: for each, its text and a confidence 0..1.
Recognise = Callable[[list[np.ndarray]], list[tuple[str, float]]]
#: Reads images of figures as figures only: for each, the figures read ("" for none).
Digits = Callable[[list[np.ndarray]], list[str]]

#: a reading of figures alone is taken at this confidence of the line reader and above
MIN_CONF = 0.8
#: … and from this confidence up when a second reading agrees with it
AGREED_CONF = 0.5
#: figures whose glyphs stand off the printed glyphs' line, scatter about it or differ from
#: their height by this share of that height were written by hand (print sits on its line)
BY_HAND = 0.1

# on base letters (same length as the text): "Số: 132/QĐ-XPHC", "SÕ: JF/GP-KTHT", "SỐ: /H/GP-KTHT"
# (the figures end at the slash before the symbol, of two letters or more; a space before the
# slash is a figure not read there: "Số: 11 /XNTTHN", a handwritten 2 faded in a 1-bit scan)
_NUMBER = re.compile(r"^(?P<head>[\W_]{0,3}[S5$][O0]?\s?[:;]\s*)(?P<fig>\S{0,8}?)"
                     r"(?=\s?/[A-Z]{2})")
#: … read with its slash lost: "Số:38 UBND TP", "Số: 71 TTr UBND" (figures read as figures)
_NUMBER_APART = re.compile(r"^(?P<head>[\W_]{0,3}[S5$][O0]?\s?[:;]\s*)(?P<fig>\d{1,6})"
                           r"(?=\s+[A-Z]{2,6}(?:\s|-|$))")
_DATE = re.compile(r"(?P<kw>\bN[GQ][AO][YV]\s*)(?P<d>[^\s]{0,6}?)(?P<mid>\s*T[HB]AN[GQ]\s*)"
                   r"(?P<m>[^\s]{0,6}?)(?=\s*N[AOU](?:M|RN|N)\b)")
#: the year closes the place-and-date line; a sentence goes on after it ("ngày 15 tháng 01
#: năm 2025 của Ủy ban nhân dân xã; …", a sentence's line that opens with its date)
_YEAR_ENDS = re.compile(r"\bN[AOU](?:M|RN|N)\s*\S{0,6}[\W_]*$")
#: in a crop that holds figures only, what the line reader's letters and specks must be
_AS_FIGURES = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "o": "0", ".": None,
                             ",": None, ";": None, ":": None, "'": None, "`": None,
                             "-": None})


def _figures(text: str, conf: float, low: int, high: int, longest: int,
             alone: bool = True, least: float = MIN_CONF) -> str | None:
    """The figures of a reading, when it is nothing but figures, confident (``least``) and a
    value between ``low`` and ``high`` of at most ``longest`` figures; else None. Read ``alone``,
    the crop holds figures only: beside a figure read as one, a 1 read as I, l or |, a 0 as
    O, a speck as a comma, are taken for what they must be ("7I" is 71; "l" alone is no
    figure)."""
    digits = "".join(text.split())
    if alone and any(c.isdigit() for c in digits):  # a reading with no figure is no figures
        digits = digits.translate(_AS_FIGURES)
    digits = digits.strip(".,;:'`-/")
    if conf < least or not re.fullmatch(rf"\d{{1,{longest}}}", digits):
        return None
    return digits if low <= int(digits) <= high else None


def _better(was: str, alone: str | None, low: int, high: int, longest: int,
            count: int | None = None) -> str:
    """The figures to keep: those read alone (``alone``, already checked), unless the line's
    own reading is a possible value with more figures (a crop may cut a figure off: "2" for
    "12"), and Tesseract did not see just as many characters as read alone there (``count``:
    then the line's figure more is a stroke beside them, "957" for a "95" whose 5 runs into
    the slash); within the line, a handwritten figure passes for a stroke or a letter ("32"
    for "132", "201" for "203")."""
    if alone is None:
        return was
    if _figures(was, 1.0, low, high, longest, alone=False) is None:
        return alone
    return alone if len(alone) >= len(was) or len(alone) == count else was


def _ink(image: np.ndarray, line: Line) -> float:
    """The grey level a third of the way from a line's paper (its median) to its print (its
    darkest hundredth: a speck of noise darker than the print does not count): a pen lighter
    than the print is still ink."""
    x0, y0, x1, y1 = line.box
    part = image[y0:y1, x0:x1]
    paper = float(np.median(part))
    return paper - (paper - float(np.percentile(part, 1))) / 3


def _narrowest(line: Line) -> int:
    """The narrowest gap that can hold a figure: a third of the line's height."""
    return max(4, (line.box[3] - line.box[1]) // 3)


def _crops(image: np.ndarray, box: tuple[int, int, int, int], x0: int,
           x1: int) -> list[np.ndarray]:
    """The part of a line between x0 and x1 (line coordinates): as the line's box has it,
    and with a quarter of its height more above and below (figures written by hand may
    stand higher and taller than the print)."""
    bx0, y0, bx1, y1 = box
    out = []
    for pad in (0, (y1 - y0) // 4):
        out.append(image[max(0, y0 - pad):min(image.shape[0], y1 + pad),
                         max(bx0, bx0 + x0):min(bx1, bx0 + x1)])
    return out


def _inked(crop: np.ndarray, ink: float) -> bool:
    """Whether a crop holds writing: a stroke's worth of pixels darker than ``ink`` (a space
    left blank for a figure never filled in holds none)."""
    return int((crop < ink).sum()) >= crop.shape[0]


def _agreed(readings: list[tuple[str, float]], crops: list[np.ndarray], digits: Digits | None,
            low: int, high: int, longest: int, was: str = "") -> str | None:
    """A value none of the line reader's ``readings`` of the ``crops`` is confident of, but
    that two readings agree on: the line reader's of both crops, or the line reader's (of
    the crops, or of the line, ``was``, when it read a figure as a letter: "3O", not "1-")
    and Tesseract's reading the crops as figures only (asked only here); or that the line
    reader reads alone and reads in the line with a figure less (`_part`: "02" alone and "0"
    in the line for a pale "02" written by hand, Tesseract reading nothing there): a reader
    drops a figure written by hand far more often than it adds one, and the line's figures
    are no value as printed."""
    lettered = [(was, 1.0)] if re.search(r"\d", was) and re.search(r"[IlOo|]", was) else []
    weak = [f for text, conf in [*readings, *lettered]
            if (f := _figures(text, conf, low, high, longest, least=AGREED_CONF)) is not None]
    if not weak:
        return None
    if len(weak) > 1 and len(set(weak)) == 1:
        return weak[0]
    if digits is None:
        return None
    second = {f for text in digits(crops)
              if (f := _figures(text, 1.0, low, high, longest, alone=False)) is not None}
    both = [f for f in weak if f in second]
    if both:
        return max(both, key=len)
    part = _part(was, low, high, longest)
    backed = {f for f in weak if part and len(part) < len(f) and _within(part, f)}
    return backed.pop() if len(backed) == 1 and not second else None


def _part(was: str, low: int, high: int, longest: int) -> str:
    """The figures of the line's reading ``was`` when they are fewer than a value has and no
    value as printed: none at all ("0" of a month), or a day or month of one figure where
    Decree 30 prints two (`pipeline.header.unpadded`: "1-" of a month): part of the value, a
    figure not read; "" otherwise."""
    digits = re.sub(r"\D", "", was)
    if not digits or len(digits) >= longest:
        return ""
    value = _figures(was, 1.0, low, high, longest, alone=False)
    padded = {31: DAY_PADDED, 12: MONTH_PADDED}.get(high, 0) if low == 1 else 0
    return digits if value is None or unpadded(value, int(value), padded) else ""


def _voted(was: str, readings: list[tuple[str, float]], crops: list[np.ndarray],
           digits: Digits | None, low: int, high: int, longest: int) -> str | None:
    """When the readings of the figures disagree (the line reader's of the crops with each
    other, or with its reading of the line as many figures long: "25" and "29" alone, "23"
    in the line), the value most readings agree on, Tesseract's reading the crops as figures
    only (asked only here) counted too, and a reading with a figure less counted for the
    longer value; None when they do not disagree, or two values have as many readings."""
    alone = [f for text, conf in readings
             if (f := _figures(text, conf, low, high, longest, least=AGREED_CONF)) is not None]
    line = _figures(was, 1.0, low, high, longest, alone=False)
    if digits is None or not alone or (len(set(alone)) == 1 and (
            line is None or alone[0] == line or len(alone[0]) != len(line))):
        return None
    second = [f for text in digits(crops)
              if (f := _figures(text, 1.0, low, high, longest, alone=False)) is not None]
    read = alone + second + ([line] if line is not None else [])
    # a reading with a figure less is one more for the longer value ("13", and Tesseract's
    # "12", for "132": a reader drops a figure written by hand far more often than it adds
    # one); a value stands for election when the line reader is confident of it or it was
    # read twice ("158" read once, unsure, is a stroke taken for a figure)
    sure = {f for text, conf in readings
            if (f := _figures(text, conf, low, high, longest)) is not None}
    votes = sorted(((sum(_within(r, v) for r in read), v) for v in set(read)
                    if v in sure or read.count(v) > 1), reverse=True)
    if not votes:
        return None
    return votes[0][1] if len(votes) == 1 or votes[0][0] > votes[1][0] else None


def _within(read: str, value: str) -> bool:
    """Whether figures read are ``value``'s, or its with figures dropped ("12" of "132")."""
    it = iter(value)
    return len(read) <= len(value) and all(c in it for c in read)


def _read_alone(was: str, crops: list[np.ndarray], recognise: Recognise, low: int, high: int,
                longest: int, ink: float, digits: Digits | None = None,
                count: int | None = None) -> tuple[str, bool]:
    """The figures to keep, from the line's own reading ``was`` and the crops' readings: of
    those that are possible values, the one with the most figures, then the most confident;
    when the line reader is confident of none, one that two readings agree on (`_agreed`);
    when the readings disagree, the one most of them agree on (`_voted`).
    And whether they are in doubt: a crop read, if unsure, as other figures ("2" kept, "8"
    read alone; "2" for "22" is a figure cut off, no doubt), or read confidently as no
    figures ("1" kept, "+" read alone), or taken though no reading is confident of them, the
    line having read part of them (`_part`: "02" for "0"). ``ink``: the grey level writing is
    darker than (`_ink`); ``count``: how many characters Tesseract saw there."""
    crops = [c for c in crops if c.size and _inked(c, ink)]
    if not crops:
        return was, False
    readings = recognise(crops)
    read = [(len(f), conf, f) for text, conf in readings
            if (f := _figures(text, conf, low, high, longest)) is not None]
    alone = max(read)[2] if read else _agreed(readings, crops, digits, low, high, longest, was)
    alone = _voted(was, readings, crops, digits, low, high, longest) or alone
    kept = _better(was, alone, low, high, longest, count)
    # figures no reading is confident of, where the line read part of them: a clerk checks
    partly = not read and kept == alone and bool(_part(was, low, high, longest))
    return kept, partly or any(f not in kept if (f := _figures(text, conf, low, high, longest,
                                                               least=AGREED_CONF)) is not None
                               else conf >= MIN_CONF for text, conf in readings)


def _unsure(line: Line) -> Line:
    """A line whose figures are in doubt: given with certainty `UNSURE` at most."""
    return replace(line, conf=min(line.conf, UNSURE))


class _NumberAt(NamedTuple):
    """Where a number's figures lie on its line (line coordinates)."""

    x0: int
    x1: int
    symbol: int       # where the printed symbol after them starts ("/QĐ-UBND", or its capital)
    count: int | None  # how many characters Tesseract saw there (None: its slash took some in)


def _number_at(line: Line, spans: list[tuple[str, int, int]]) -> _NumberAt | None:
    """Where the number's figures lie on its line, from Tesseract's characters of it; None
    when they do not show it."""
    text = base_form(line.text).upper()
    apart = _NUMBER.match(text) is None
    if apart and _NUMBER_APART.match(text) is None:
        return None
    # the slash before the symbol's first capital: a handwritten 1 or 8 may read as a slash;
    # in a face whose slash is a hairline, lost, the symbol's first capital after the figures
    colon = next((i for i, (c, _, _) in enumerate(spans[:5]) if c in ":;"), None)
    if apart:  # the symbol's first capital (Tesseract may read an 8 as "Ø": no capital)
        slash = next((i for i, (c, _, _) in enumerate(spans) if colon is not None
                      and i > colon + 1 and re.fullmatch(r"[A-ZĐ]", c)), None)
    else:
        slash = next((i for i, (c, _, _) in enumerate(spans[:-1]) if c == "/" and colon
                      is not None and i > colon and spans[i + 1][0][:1].isupper()), None)
    if colon is None or slash is None:
        return None
    # a slash's box as wide as half the line is high took in figures Tesseract did not read
    # ("14/" or the 5 of "95/" as one "/"): the figures run to a slash's width before its end
    # (a crop reaching into the slash reads it at the figures' end: "88/")
    _, start, end = spans[slash]
    height = line.box[3] - line.box[1]
    swallowed = not apart and end - start > height // 2
    if swallowed:
        start = end - 2 * height // 5
    if start - spans[colon][2] < _narrowest(line):
        return None
    return _NumberAt(spans[colon][2] + 1, start - 1, start if apart else end + 1,
                     None if swallowed else slash - colon - 1)


def _number(line: Line, image: np.ndarray, spans: list[tuple[str, int, int]],
            recognise: Recognise, digits: Digits | None) -> Line:
    m = _NUMBER.match(base_form(line.text).upper()) or \
        _NUMBER_APART.match(base_form(line.text).upper())
    at = _number_at(line, spans)
    if m is None or at is None:
        return line
    crops = _crops(image, line.box, at.x0, at.x1)
    was = line.text[m.start("fig"):m.end("fig")]
    fig, doubt = _read_alone(was, crops, recognise, 0, 999_999, 6, _ink(image, line), digits,
                             at.count)
    line = _unsure(line) if doubt else line
    if fig == was:
        return line
    rest = line.text[m.end("fig"):]
    if rest[:1].isspace() and rest[1:2] == "/":  # the gap the figure not read there left
        rest = rest[1:]
    return replace(line, text=line.text[:m.end("head")] + fig + rest)


def _keyword_ends(chars: list[tuple[str, int, int]]) -> tuple[int, int, int, int] | None:
    """Where the day's and the month's figures lie on the line, from its characters: after
    "ngày" and before "tháng", after "tháng" and before "năm" (x0, x1 of each)."""
    m = _keywords(chars)
    if m is None:
        return None
    return (chars[m.start("d") - 1][2] + 1, chars[m.end("d")][1] - 1,
            chars[m.start("m") - 1][2] + 1, chars[m.end("m")][1] - 1)


def _keywords(chars: list[tuple[str, int, int]]) -> re.Match | None:
    """"ngày … tháng … năm" among a line's characters, one letter each (groups d, m: the
    day's and month's characters)."""
    letters = "".join(base_form(c[:1]).upper() or "?" for c, _, _ in chars)
    # (Tesseract's letters: "ngày" with its à read as ò or ù, "tháng" with its á read as ú)
    return re.search(r"[NH][GQ][AOU][YV](?P<d>.*?)T[HB][AU]N[GQ](?P<m>.*?)N[AOU](?:M|RN|N)",
                     letters)


def _glyphs(image: np.ndarray, line: Line, x0: int, x1: int) -> list[tuple[int, int]]:
    """(top, bottom) of each glyph between x0 and x1 of a line (line coordinates), looked for
    with a third of the line's height more above and below: inked pieces that overlap in x
    by more than half the narrower one are one glyph (a hairline the scan broke); what is
    lower than a third of the line's height (a mark, a speck, a hyphen) or taller than one
    and a half (a streak, a rule, a frame's side) is none."""
    bx0, y0, bx1, y1 = line.box
    height = y1 - y0
    top = max(0, y0 - height // 3)
    crop = image[top:min(image.shape[0], y1 + height // 3),
                 max(bx0, bx0 + x0):min(bx1, bx0 + x1)]
    if not crop.size:
        return []
    n, _, stats, _ = cv2.connectedComponentsWithStats((crop < _ink(image, line))
                                                      .astype(np.uint8), connectivity=8)
    pieces = sorted([x, y, x + w, y + h] for x, y, w, h, area in stats[1:n]
                    if area >= 4 and h >= height / 10)
    glyphs: list[list[int]] = []
    for piece in pieces:
        last = glyphs[-1] if glyphs else None
        if last and min(last[2], piece[2]) - max(last[0], piece[0]) > \
                min(last[2] - last[0], piece[2] - piece[0]) / 2:
            last[:] = [min(last[0], piece[0]), min(last[1], piece[1]),
                       max(last[2], piece[2]), max(last[3], piece[3])]
        else:
            glyphs.append(piece)
    return [(top + g[1], top + g[3]) for g in glyphs if height / 3 <= g[3] - g[1] <= 1.5 * height]


def by_hand(figures: list[tuple[int, int]], printed: list[tuple[int, int]],
            capitals: bool = False) -> bool:
    """Whether figures (their glyphs' top and bottom) were written by hand on a printed line
    (``printed``: its glyphs beside them, the year's figures, or the symbol's ``capitals``):
    their middle bottom stands off the print's line, their bottoms scatter about it, or their
    middle height differs from the print's (is above it, beside capitals: a face's figures
    may be shorter than its capitals), by `BY_HAND` of the print's height or more. Print sits
    on its line, its figures as high as its year's. Printed glyphs a quarter off their middle
    height (joined to specks, or pieces) and figures' glyphs lower than six tenths of it
    (pieces) are left out; with fewer than two printed glyphs left, nothing is told."""
    if not printed:
        return False
    high = float(np.median([b - t for t, b in printed]))
    # print is all of a height: glyphs a quarter off it are joined to specks, or pieces
    printed = [(t, b) for t, b in printed if abs(b - t - high) <= high / 4]
    if len(printed) < 2:
        return False  # too little print beside them to tell
    high = float(np.median([b - t for t, b in printed]))
    base = float(np.median([b for _, b in printed]))
    figures = [(t, b) for t, b in figures if b - t >= 0.6 * high]
    if not figures:
        return False
    bottoms = [b for _, b in figures]
    taller = float(np.median([b - t for t, b in figures])) - high
    return max(abs(float(np.median(bottoms)) - base), float(np.std(bottoms)),
               taller if capitals else abs(taller)) >= BY_HAND * high


#: Ink this many levels bluer (`ocr.clean.pen_blue`) than most ink of its line, and blue
#: itself (`PEN_BLUE_LEVEL` bluer than grey), is a blue pen's: figures filled in by hand,
#: however well they keep to the print's line (faded, blurred and through a JPEG, a
#: ballpoint's blue keeps 20-30 levels; print on a yellowed page is yellow, and its
#: lightest, greyest pixels are 20 levels bluer than the rest without being blue)
PEN_BLUE = 20
PEN_BLUE_LEVEL = 10
#: … where this many pixels of the line are (a figure's strokes: 70-2,300 on the colour
#: pages of two renderings where the pen's blue survived, none on their printed lines and 6
#: at most on `dev-wide`'s), ink being what is this many levels darker than the line's paper
#: (a pen's strokes are lighter than print)
PEN_PIXELS = 50
PEN_INK = 25


def in_pen(pen: np.ndarray | None, image: np.ndarray, line: Line) -> bool:
    """Whether a line holds writing in a blue pen: `PEN_PIXELS` of its ink pixels `PEN_BLUE`
    bluer than most of its ink (the print) and blue (`PEN_BLUE_LEVEL`), on a colour page
    (``pen``, `ocr.clean.pen_blue`; None: no colour to tell by). On the header's number or
    date line, that is its figures."""
    if pen is None:
        return False
    x0, y0, x1, y1 = line.box
    crop = image[y0:y1, x0:x1]
    blue = pen[y0:y1, x0:x1][crop < float(np.median(crop)) - PEN_INK]
    if blue.size < PEN_PIXELS:
        return False
    bluer = max(float(np.median(blue)) + PEN_BLUE, PEN_BLUE_LEVEL)
    return int((blue >= bluer).sum()) >= PEN_PIXELS


def _written_by_hand(line: Line, image: np.ndarray, spans: list[tuple[str, int, int]],
                     number: bool, pen: np.ndarray | None = None) -> bool:
    """Whether the figures of the header's number line (``number``) or date line were
    written by hand: in a blue pen (`in_pen`, on a colour page), or off the print's line
    (`by_hand`): the number's against its symbol, the day's and month's against the year."""
    if in_pen(pen, image, line):
        return True
    if number:
        at = _number_at(line, spans)
        if at is None:
            return False
        return by_hand(_glyphs(image, line, at.x0, at.x1),
                       _glyphs(image, line, at.symbol, spans[-1][2] + 1), capitals=True)
    m = _keywords(spans)
    if m is None or m.end() >= len(spans):
        return False
    x = [(spans[m.start(g) - 1][2] + 1, spans[m.end(g)][1] - 1) for g in ("d", "m")]
    return by_hand([g for x0, x1 in x for g in _glyphs(image, line, x0, x1)],
                   _glyphs(image, line, spans[m.end()][1], spans[-1][2] + 1))


def _date(line: Line, image: np.ndarray, spans: list[tuple[str, int, int]],
          recognise: Recognise, digits: Digits | None) -> Line:
    m = _DATE.search(base_form(line.text).upper())
    if m is None:
        return line
    ends = _keyword_ends(spans)
    if ends is None:
        return line
    if min(ends[1] - ends[0], ends[3] - ends[2]) < _narrowest(line):
        return line
    t = line.text
    was = t[m.start("d"):m.end("d")], t[m.start("m"):m.end("m")]
    ink = _ink(image, line)

    def seen(x0: int, x1: int) -> int:  # Tesseract's characters between x0 and x1
        return sum(x0 <= a and b <= x1 for _, a, b in spans)
    d, day_doubt = _read_alone(was[0], _crops(image, line.box, ends[0], ends[1]), recognise, 1,
                               31, 2, ink, digits, seen(ends[0], ends[1]))
    mo, month_doubt = _read_alone(was[1], _crops(image, line.box, ends[2], ends[3]), recognise,
                                  1, 12, 2, ink, digits, seen(ends[2], ends[3]))
    line = _unsure(line) if day_doubt or month_doubt else line
    if (d, mo) == was:
        return line
    return replace(line, text=t[:m.end("kw")].rstrip() + f" {d} " + t[m.start("mid"):m.end(
        "mid")].strip() + f" {mo} " + t[m.end("m"):].lstrip())


def _written(figures: str, high: int, padded: int) -> bool:
    """Whether figures read are a value from 1 to ``high`` as Decree 30/2020 writes it
    (`pipeline.header.unpadded`: "ngày 07", "tháng 02")."""
    value = _figures(figures, 1.0, 1, high, 2, alone=False)
    return value is not None and not unpadded(value, int(value), padded)


def _possible(line: Line) -> bool:
    """Whether the figures of a number or date line as read are possible values: a date's as
    written (`_written`: "ngày 1 tháng 6" is more likely "ngày 17" with a figure not read
    than a day printed without its 0)."""
    text = base_form(line.text).upper()
    if (m := _NUMBER.match(text) or _NUMBER_APART.match(text)) is not None:
        return _figures(m["fig"], 1.0, 0, 999_999, 6, alone=False) is not None
    m = _DATE.search(text)
    return m is not None and _written(m["d"], 31, DAY_PADDED) and \
        _written(m["m"], 12, MONTH_PADDED)


def _date_lines(lines: Sequence[Line]) -> list[int]:
    """The place-and-date lines: the header's (the year closing it), and the last one below
    it (a certificate or record dates itself above the signature, and may carry a dated
    label in its header that is not its date: "Đăng ký lần đầu: ngày …"); never a date
    inside a sentence."""
    dated = [i for i, ln in enumerate(lines) if _DATE.search(base_form(ln.text).upper())]
    head = next((i for i in dated if i < HEADER_LINES and is_date_line(lines[i].text)
                 and _YEAR_ENDS.search(base_form(lines[i].text).upper())), None)
    foot = next((i for i in reversed(dated) if (head is None or i > head)
                 and is_date_line(lines[i].text, at_foot=True)), None)
    return [i for i in (head, foot) if i is not None]


def reread_figures(lines: Sequence[Line], image: np.ndarray, chars: Chars,
                   recognise: Recognise,
                   settled: Callable[[Line], bool] = lambda line: False,
                   digits: Digits | None = None, pen: np.ndarray | None = None) -> list[Line]:
    """The lines with the figures of the header's number and date read again alone (see
    the module's doc): ``chars`` gives Tesseract's characters of line images, ``recognise``
    reads crops (the line reader), ``digits`` reads them as figures only (Tesseract), asked
    only when the line reader is unsure. A line both readers read alike (``settled``) with
    figures that are possible values (a date's as Decree 30 writes them: a day below 10 with
    its 0) is not read again (the crops' readings are made only on pages that need them).
    Either way, figures written by hand (`by_hand`, placed by Tesseract's characters; those
    of lines not read again are asked for in a call of their own; or in a blue pen, `in_pen`,
    where ``pen`` gives the page's blueness) leave their line unsure."""
    out = list(lines)
    number = next((i for i, ln in enumerate(out[:HEADER_LINES])
                   if _NUMBER.search(t := base_form(ln.text).upper())
                   or _NUMBER_APART.search(t)), None)
    found = [(i, reread, not (settled(out[i]) and _possible(out[i])))
             for i, reread in ((number, _number), *((d, _date) for d in _date_lines(out)))
             if i is not None]
    # Tesseract's characters of the lines read again, then of the others, in a call of their
    # own (a line stacked with another is not always read alike)
    spans = {}
    for again in (True, False):
        these = [i for i, _, a in found if a is again]
        if these:
            crops = [image[y0:y1, x0:x1] for x0, y0, x1, y1 in (out[i].box for i in these)]
            spans.update(zip(these, chars(crops), strict=True))
    for i, reread, again in found:
        line = out[i]
        if again:
            out[i] = reread(line, image, spans[i], recognise, digits)
        if _written_by_hand(line, image, spans[i], reread is _number, pen):
            out[i] = _unsure(out[i])
    return out
