"""Combining two OCR readings of one page. Pure functions.

The line reader (trueocr) finds the lines, their reading order and reads damaged print well,
but confuses tone marks (ổ/ố, ồ/ô) and drops spaces after commas. Tesseract reads marks well
on print it can see, and loses whole regions it cannot. So the page is laid out by the line
reader's lines; Tesseract's words are placed into those lines by position; within a line the
two readings are aligned on their base letters (marks removed) and, where the letters agree,
Tesseract's marks and spacing are taken from a confident Tesseract word. Where they disagree
the line reader's text stands.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from statistics import median

import numpy as np

from ocr.layout import HEADER_LINES, Box, set_under
from ocr.lexicon import (
    choose_family_names,
    choose_words,
    not_rarer,
    offered_readings,
    one_word,
    part_run_together,
    restore_syllables,
    restore_words,
    restore_y,
)
from ocr.phrases import (
    restore_across,
    restore_clause_ends,
    restore_forms,
    restore_marks,
    restore_spacing,
    restore_title,
)
from ocr.vietnamese import (
    base_form,
    is_noise,
    is_syllable,
    own_text,
    split_tone,
    tidy_line,
    word_like,
)
from pipeline.header import council_line, is_council

#: A Tesseract word below this confidence does not correct the line reader's marks.
MIN_WORD_CONF = 60.0


@dataclass(frozen=True)
class Line:
    text: str
    conf: float                        # 0..1
    box: tuple[int, int, int, int]     # x0, y0, x1, y1


def part_of(line: Line, start: int, end: int) -> Line:
    """The line cut to its characters ``start:end``, its box cut to them by their share of
    its characters (a line reader's box has no word boxes)."""
    x0, y0, x1, y1 = line.box
    per_char = (x1 - x0) / max(1, len(line.text))
    return replace(line, text=line.text[start:end],
                   box=(round(x0 + start * per_char), y0, round(x0 + end * per_char), y1))


@dataclass(frozen=True)
class TWord:
    text: str
    conf: float                        # 0..100
    box: tuple[int, int, int, int]


def assign_words(lines: list[Line], words: list[TWord]) -> list[list[TWord]]:
    """For each line, the words whose box lies mostly inside it, left to right.

    A word goes to the line it overlaps most vertically (the first of equals), provided its
    horizontal centre is inside the line (with a margin of one line height) and it overlaps at
    least half its height.
    """
    out: list[list[TWord]] = [[] for _ in lines]
    if not lines or not words:
        return out
    lb = np.array([ln.box for ln in lines], dtype=np.float64)
    wb = np.array([w.box for w in words], dtype=np.float64)
    lh = lb[:, 3] - lb[:, 1]
    wx = ((wb[:, 0] + wb[:, 2]) / 2)[:, None]
    beside = (lb[:, 0] - lh <= wx) & (wx <= lb[:, 2] + lh)
    ov = np.where(beside, np.maximum(0.0, np.minimum(wb[:, 3:4], lb[:, 3]) -
                                     np.maximum(wb[:, 1:2], lb[:, 1])), 0.0)
    best = ov.argmax(axis=1)
    best_ov = ov[np.arange(len(words)), best]
    wh = np.maximum(1.0, wb[:, 3] - wb[:, 1])
    kept = (best_ov > 0) & (best_ov >= 0.5 * np.minimum(wh, lh[best]))
    for w, i, keep in zip(words, best.tolist(), kept.tolist(), strict=True):
        if keep:
            out[i].append(w)
    for ws in out:
        ws.sort(key=lambda w: w.box[0])
    return out


def _hook_for_acute(ours: str, theirs: str) -> bool:
    """The line reader's known slip: a hook above (hỏi) read as an acute (sắc) on the same
    letter (ổ -> ố, ể -> ế). Tesseract's hook is then taken whatever its confidence."""
    if ours.lower() == theirs.lower() or base_form(ours) != base_form(theirs):
        return False
    (q1, t1), (q2, t2) = split_tone(ours), split_tone(theirs)
    return q1 == q2 and t1 == "\u0301" and t2 == "\u0309"


def hook_for_acute(ours: str, theirs: str) -> bool:
    """Whether a word read ``ours`` is ``theirs`` but for the line reader's known slip on one
    of its letters: an acute where ``theirs`` has a hook above ("Chiếu" for "Chiểu")."""
    if len(ours) != len(theirs):
        return False
    apart = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    return len(apart) == 1 and _hook_for_acute(*apart[0])


#: What Tesseract may add at the end of a line that the line reader dropped: the closing
#: punctuation of a sentence or list item (the line reader often loses a final full stop).
_CLOSING = re.compile(r"^(?:\./\.|[.;:,!?)])$")


@dataclass(frozen=True)
class _Reading:
    chars: dict[int, tuple[str, float]]   # line index -> Tesseract's character, its confidence
    spaces: set[int]                      # indexes before which only Tesseract saw a space
    tail: tuple[str, float] | None        # closing punctuation only Tesseract saw, confidence
    #: line index -> letters (and the spaces among them) only Tesseract saw before it, with
    #: its least confidence over them
    letters: dict[int, tuple[str, float]] = field(default_factory=dict)
    #: line index -> the characters Tesseract read in place of the line reader's from there
    #: (as many, at most `_SWAPPED`), with its least confidence over them
    swaps: dict[int, tuple[str, float]] = field(default_factory=dict)
    #: line index -> one punctuation mark only Tesseract saw before it, after a letter or
    #: figure, with its confidence
    marks: dict[int, tuple[str, float]] = field(default_factory=dict)
    #: how sure Tesseract is of a last word that ends the line as the line reader's does, on
    #: a letter or figure, with no punctuation after it; None otherwise
    bare_end: float | None = None


#: The most characters in a row that Tesseract's readings may read otherwise (`_swaps_agreed`).
_SWAPPED = 2
#: Every Tesseract reading this sure of the same letters or punctuation in place of the line
#: reader's outweighs it even where the line reader's makes a word ("nhũn:" -> "nhận:",
#: "Nam Phong," -> "Nam Phong;").
SURE_SWAP_CONF = 90.0
#: Punctuation the line reader drops inside a line ("Lưu: VT ĐT3", "KT CHỦ TỊCH", "này Quá")
#: and every Tesseract reading sees, surely, in one place (`_marks_agreed`).
_MARKS = frozenset(",;:.")
#: Quotation marks the line reader reads as an apostrophe, or loses, and Tesseract reads
QUOTES = frozenset("“”")


def _in_code(text: str, at: int) -> bool:
    """Whether ``text[at]`` goes on a figure's groups or a code after its sign: "7.200.000",
    "1.245,6", "61/TB-UBND", "000.27.14.H45-240905-0118" (a token with figures and no small
    letter; a comma only after a figure grouped by full stops, as "2,3" may be a list; a
    letter after a full stop only in a code of several parts, as "1.MỤC ĐÍCH" is an item)."""
    if at < 2 or not (text[at - 2].isalnum() and text[at].isalnum()):
        return False
    start, end = at, at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end]
    if not any(c.isdigit() for c in token) or any(c.islower() for c in token):
        return False
    if text[at - 1] == ",":
        return bool(_GROUPED.search(text[start:at - 1])) and text[at].isdigit()
    if text[at - 1] == ".":
        return text[at].isdigit() or "." in text[start:at - 1]
    return text[at - 1] in "-/"


_GROUPED = re.compile(r"\d\.\d{3}$")


def _parts_words(text: str, at: int) -> bool:
    """Whether a space may go before ``text[at]``: after punctuation (not inside a figure or
    a code, `_in_code`), or where it parts a token that is no syllable into two that are
    ('bịcưỡng' -> 'bị cưỡng'; never 'Qua ng')."""
    if at <= 0 or at >= len(text) or text[at - 1].isspace() or text[at].isspace():
        return False
    if not (text[at - 1].isalpha() and text[at].isalpha()):
        return not _in_code(text, at)
    start, end = at, at
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    left, right = text[start:at], text[at:end]
    return not is_syllable(left + right) and word_like(left) and word_like(right)


def _aligned(line_text: str, words: list[TWord]) -> _Reading:
    """One Tesseract reading aligned on the line reader's text by base letters: for each
    character index of the line whose base letter Tesseract read too, Tesseract's character
    and word confidence; the indexes before which only Tesseract saw a space; and closing
    punctuation Tesseract read after the line's last letter."""
    if not words:
        return _Reading({}, set(), None)
    t_text = " ".join(w.text for w in words)
    t_conf: list[float] = []
    for k, w in enumerate(words):
        t_conf.extend([w.conf] * (len(w.text) + (1 if k < len(words) - 1 else 0)))
    a, b = base_form(line_text), base_form(t_text)
    chars: dict[int, tuple[str, float]] = {}
    spaces: set[int] = set()
    tail = None
    letters: dict[int, tuple[str, float]] = {}
    swaps: dict[int, tuple[str, float]] = {}
    marks: dict[int, tuple[str, float]] = {}
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                chars[i] = (t_text[j], t_conf[j])
        elif op == "insert" and not b[j1:j2].strip() and _parts_words(line_text, i1):
            spaces.add(i1)  # a space only Tesseract saw (after a comma, say)
        elif op == "insert" and i1 == len(a) and j2 == len(b) and _CLOSING.match(b[j1:j2]):
            tail = (t_text[j1:j2], t_conf[j1])
        elif op == "insert" and (b[j1:j2].replace(" ", "").isalpha()
                                 or b[j1:j2].strip() in QUOTES):
            letters[i1] = (t_text[j1:j2], min(t_conf[j1:j2]))
        elif op == "replace" and i2 - i1 == j2 - j1 <= _SWAPPED and b[j1:j2].strip():
            swaps[i1] = (t_text[j1:j2], min(t_conf[j1:j2]))
        elif op == "insert" and 0 < i1 < len(a) and a[i1 - 1].isalnum() and \
                b[j1:j2].strip() in _MARKS:
            marks[i1] = (b[j1:j2].strip(), min(t_conf[j1:j2]))
        elif op == "insert" and i1 == 0 < len(a) and b[j1:j2].strip() == "-":
            marks[0] = ("-", min(t_conf[j1:j2]))  # a list item's dash, a thin stroke lost
    last = words[-1]
    bare_end = last.conf if tail is None and last.text[-1:].isalnum() and \
        a.rstrip().endswith(base_form(last.text)) else None
    return _Reading(chars, spaces, tail, letters, swaps, marks, bare_end)


def _word_at(text: str, start: int, end: int) -> list[str]:
    """The words of ``text`` that the span ``start..end`` touches."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].split()


def _seen_by_all(readings: list[_Reading], kind: str, i: int, min_conf: float) -> str | None:
    """What every Tesseract reading saw of ``kind`` ("swaps", "letters") at the line reader's
    index ``i``, alike and each at least ``min_conf`` sure; None where one did not."""
    seen = [getattr(r, kind).get(i) for r in readings]
    if any(s is None or s[1] < min_conf for s in seen) or len({s[0] for s in seen}) > 1:
        return None
    return seen[0][0]


def _makes_words(before: list[str], after: list[str]) -> bool:
    """Whether a change makes the words it touches all word-like, as they were not before."""
    return all(word_like(w.strip(".,;:")) for w in after) and \
        not all(word_like(w.strip(".,;:")) for w in before)


def _swaps_agreed(text: str, at: dict[int, int], readings: list[_Reading],
                  min_conf: float) -> str:
    """The merged line with the characters the line reader read otherwise than every Tesseract
    reading of the line, which agree, confidently, on the same characters in their place ("5ố:"
    -> "Số:"): only with two readings or more, and only where each word they go into becomes
    a syllable, a number or an abbreviation and was not all of them before; the line reader's
    letters that make words stand, however Tesseract reads them. An apostrophe or straight
    quote that both readings see as a curly quote (`QUOTES`) is one ("'một cửa'" -> "“một
    cửa”"). ``at``: the line reader's index -> its place in ``text``."""
    if len(readings) < 2:
        return text
    for i in sorted(readings[0].swaps, reverse=True):
        chars = _seen_by_all(readings, "swaps", i, min_conf)
        places = [at.get(i + k) for k in range(len(chars or ""))]
        if chars is None or None in places or \
                places != list(range(places[0], places[0] + len(chars))):
            continue
        k, n = places[0], len(chars)
        candidate = text[:k] + chars + text[k + n:]
        quote = n == 1 and text[k] in "'\"" and chars in QUOTES
        before, after = _word_at(text, k, k + n), _word_at(candidate, k, k + n)
        if quote or _makes_words(before, after) or (
                _seen_by_all(readings, "swaps", i, SURE_SWAP_CONF) is not None
                and _sure_swap(text[k:k + n], chars, before, after, text[k + n:])):
            text = candidate
    return text


def _punctuation(chars: str) -> bool:
    return all(not c.isalnum() and not c.isspace() for c in chars)


def _figure_before(words: list[str], ours: str) -> bool:
    """Whether the figure ``ours`` ends a number of two figures or more in ``words``."""
    return any(re.search(r"\d" + re.escape(ours) + r"\W*$", w) for w in words)


def _sure_swap(ours: str, theirs: str, before: list[str], after: list[str], rest: str) -> bool:
    """Whether characters every Tesseract reading read surely in place of the line reader's
    are taken over its word: letters for letters where the words stay words and become no
    rarer ("phổi" -> "phải", never "tháng" -> "thúng"), but in no name (a capitalised word:
    "Lò" stays); punctuation for punctuation ("," -> ";"), but no full stop before a small
    letter; a per cent sign for a number's last figure ("1006 các" -> "100% các")."""
    if ours.isalpha() and theirs.isalpha():
        if any(w[:1].isupper() and not w.isupper() for w in before):
            return False
        return all(word_like(w.strip(".,;:")) for w in after) and \
            all(not_rarer(a, b) for a, b in zip(after, before, strict=False))
    if _punctuation(ours) and _punctuation(theirs):
        return not (theirs.endswith(".") and rest.strip()[:1].islower())
    return theirs == "%" and ours.isdigit() and not rest[:1].isdigit() and \
        _figure_before(before, ours)


def _letters_agreed(text: str, at: dict[int, int], readings: list[_Reading],
                    min_conf: float) -> str:
    """The merged line with the letters the line reader dropped that every Tesseract reading
    of the line saw, confidently, in the same place ("CHỦ TỊCHY" -> "CHỦ TỊCH ỦY", "X" ->
    "XÃ": a display face's hairlines lost): only with two readings or more, and only where
    each word the letters go into becomes a syllable or an abbreviation and was not all of
    them before; a curly quote (`QUOTES`) both see goes in as it is, at the line's end too.
    ``at``: the line reader's index -> its place in ``text``."""
    if len(readings) < 2:
        return text
    for i in sorted(readings[0].letters, reverse=True):
        letters = _seen_by_all(readings, "letters", i, min_conf)
        quote = letters is not None and letters.strip() in QUOTES
        if letters is None or (i not in at and not quote):
            continue
        k = at.get(i, len(text))
        candidate = text[:k] + letters + text[k:]
        # a quotation mark goes in as it is: no word to check
        if quote or _makes_words(_word_at(text, k, k), _word_at(candidate, k, k + len(letters))):
            text = candidate
    return text


def _marks_agreed(text: str, at: dict[int, int], readings: list[_Reading]) -> str:
    """The merged line with the punctuation marks the line reader dropped after a word that
    every Tesseract reading of the line saw, surely (`SURE_SWAP_CONF`), in the same place
    ("- Lưu: VT ĐT3." -> "- Lưu: VT, ĐT3.", "KT CHỦ TỊCH" -> "KT. CHỦ TỊCH", "Thông báo này
    Quá thời hạn" -> "… này. Quá …"), and a list item's dash before its first word (a display
    face's thin stroke): only with two readings or more; no full stop before a small letter,
    no stop or colon between the two syllables of a word.
    ``at``: the line reader's index -> its place in ``text``."""
    if len(readings) < 2:
        return text
    for i in sorted(readings[0].marks, reverse=True):
        mark = _seen_by_all(readings, "marks", i, SURE_SWAP_CONF)
        if mark is None or i not in at:
            continue
        k = at[i]
        rest = text[k:]
        if k == 0:  # a list item's dash
            text = "- " + rest.lstrip() if rest[:1].isalpha() else text
            continue
        if mark in text[k - 1:k + 1] or (mark == "." and rest.strip()[:1].islower()):
            continue
        around = (text[:k].split() or [""])[-1], (rest.split() or [""])[0]
        if mark != "," and one_word(*around):
            continue  # no stop or colon inside a word ("khắc: phục"); "Ngày, tháng" may be
        text = text[:k] + mark + (" " if rest[:1].isalnum() else "") + rest
    return text


def merge_line(line_text: str, words: list[TWord], min_conf: float = MIN_WORD_CONF,
               more: list[list[TWord]] | None = None) -> str:
    """The line reader's text with marks and spaces corrected from aligned Tesseract words.

    Each letter is a vote weighted by confidence: the line reader's letter weighs
    ``min_conf``, each Tesseract reading's letter its word confidence (ties go to Tesseract).
    With one Tesseract reading this means a confident Tesseract letter wins; with further
    readings of the same line (``more``), two readers that agree outweigh a third. A hook
    (hỏi) Tesseract saw where the line reader saw an acute (sắc), its known slip, wins
    whatever Tesseract's confidence."""
    readings = [_aligned(line_text, ws) for ws in [words, *(more or [])] if ws]
    if not readings:
        return line_text
    out: list[str] = []
    at: dict[int, int] = {}
    for i, ours in enumerate(line_text):
        if any(i in r.spaces for r in readings):
            out.append(" ")
        at[i] = len(out)
        theirs = [r.chars[i] for r in readings if i in r.chars]
        if not theirs:
            out.append(ours)
            continue
        slip = any(_hook_for_acute(ours, t) for t, _ in theirs)
        weight: dict[str, float] = {}
        for t, conf in theirs:
            weight[t] = weight.get(t, 0.0) + conf
        weight[ours] = weight.get(ours, 0.0) + (0.0 if slip else min_conf) - 1e-6
        out.append(max(weight, key=weight.__getitem__))
    # closing punctuation the line reader dropped: taken from a confident Tesseract reading,
    # unless another reading is sure the line ends bare ("TM. ỦY BAN NHÂN DÂN.", "XÃ KỲ ANH.")
    tails = [r.tail for r in readings if r.tail and r.tail[1] >= min_conf]
    if tails and not any(r.bare_end is not None and r.bare_end >= SURE_SWAP_CONF
                         for r in readings):
        out.append(max(tails, key=lambda t: t[1])[0])
    text = _swaps_agreed("".join(out), at, readings, min_conf)
    text = _marks_agreed(text, at, readings)
    return _letters_agreed(text, at, readings, min_conf)


#: A line of one short token (`STROKES_LETTERS`) this many times as tall as the page's middle
#: line, which no Tesseract reading reads with `STROKES_CONF` or more, is a signature's
#: strokes read as letters ("NN", "VUN" between the signing title and the signer's name).
STROKES_TALL = 1.8
STROKES_LETTERS = 4
STROKES_CONF = 30.0


def signature_strokes(text: str, box: tuple[int, int, int, int], line_height: float,
                      readings: list[list[TWord]]) -> bool:
    """Whether a merged line is a signature's strokes read as letters (`STROKES_TALL`)."""
    tokens = text.split()
    return len(tokens) == 1 and len(tokens[0]) <= STROKES_LETTERS and line_height > 0 \
        and box[3] - box[1] >= STROKES_TALL * line_height \
        and all(w.conf < STROKES_CONF for ws in readings for w in ws)


#: A line read as none of the page's own words (`own_text`) that every Tesseract reading of
#: it reads otherwise, agreeing on under this share of its letters and figures, is the back's
#: print or a seal's ring read as signs ("/OH,1MO)", "0.12111122") ...
UNREAD_AGREED = 1 / 3
_FIGURE = re.compile(r"\d{1,3}[.)]?")


#: ... on a page where Tesseract confirms at least this share of the line reader's lines
#: (three in four): on a page it reads in part only (print faded past reading), its silence
#: tells nothing, and the line reader's lines there are the page's own, misread. Legible pages
#: with the back's print read as signs: 0.72-0.92 (renderings 7878, 8282, 8383, 8484);
#: illegible ones 0.55-0.71 (held-out held-010_p1, 8282 held-014_p2)
TESSERACT_READS = 0.75


def confirmed(text: str, readings: list[list[TWord]]) -> bool:
    """Whether a Tesseract reading of a line reads a third of its signs alike
    (`UNREAD_AGREED`), or the whole line alike, lookalike signs aside (`_LOOKALIKE`)."""
    signs = sum(c.isalnum() for c in text)
    for ws in readings:
        if ws and (_folded(text) == _folded(" ".join(w.text for w in ws)) or sum(
                text[i].isalnum() for i in _aligned(text, ws).chars) >= UNREAD_AGREED * signs):
            return True
    return False


def tesseract_reads(texts: list[str], readings: list[list[list[TWord]]]) -> bool:
    """Whether Tesseract confirms `TESSERACT_READS` of the page's lines that hold signs and
    that it read anything on."""
    signed = [(t, r) for t, r in zip(texts, readings, strict=True)
              if any(c.isalnum() for c in t) and any(r)]
    return bool(signed) and \
        sum(confirmed(t, r) for t, r in signed) >= TESSERACT_READS * len(signed)


def read_by_none(text: str, readings: list[list[TWord]]) -> bool:
    """Whether a merged line is signs that no Tesseract reading confirms (`confirmed`);
    never a line Tesseract read nothing on, nor one that reads as words, nor a table's
    figure ("1", "12.": Tesseract reads a lone 1 as an l or a bar)."""
    if not any(readings) or not any(c.isalnum() for c in text) or own_text(text) \
            or _FIGURE.fullmatch(text.strip()):
        return False
    return not confirmed(text, readings)


#: signs that look alike, one for all: a table's "01" read "Ồi" by one reader and "0I" by the
#: other is one reading
_LOOKALIKE = str.maketrans("01l|5", "oiiis")


def _folded(text: str) -> str:
    """Base letters in small letters, lookalike signs as one (`_LOOKALIKE`)."""
    return base_form(text).lower().translate(_LOOKALIKE)


def merge_lines(lines: list[Line], words: list[TWord], min_conf: float = MIN_WORD_CONF,
                more: list[list[TWord]] | None = None) -> list[Line]:
    """The page's lines in the line reader's order, each text corrected and tidied (from
    further Tesseract readings of the page too, ``more``; where the readers differ in marks,
    the reading that is a dictionary word or a family name is taken: `ocr.lexicon`); lines
    left empty, or holding no word at all (signature strokes read as letters), are dropped,
    but for the unit's line under the council's, and so are a tall short line no Tesseract
    reading reads (`signature_strokes`) and, on a page Tesseract reads (`tesseract_reads`), a
    line of signs none confirms (`read_by_none`)."""
    extra = [assign_words(lines, ws) for ws in (more or [])]
    height = median([ln.box[3] - ln.box[1] for ln in lines]) if lines else 0
    placed = assign_words(lines, words)
    by_line = [[ws, *(e[k] for e in extra)] for k, ws in enumerate(placed)]
    trusted = tesseract_reads([ln.text for ln in lines], by_line)
    out = []
    for k, (ln, ws) in enumerate(zip(lines, placed, strict=True)):
        text = tidy_line(merge_line(ln.text, ws, min_conf, [e[k] for e in extra]))
        # where the readers differ in marks, the reading that makes a word or a family name
        readings = [ln.text, *(" ".join(w.text for w in r) for r in [ws, *(e[k] for e in extra)]
                               if r)]
        offered = offered_readings(text, readings)
        text = choose_family_names(choose_words(text, offered), offered)
        text = restore_title(restore_y(text))
        if k < HEADER_LINES:  # the council's line with the back's print run into it
            text = council_line(text) or text
        text = part_run_together(restore_spacing(text))
        text = restore_forms(restore_syllables(restore_words(restore_marks(text)))).strip()
        # the unit's line under the council's, its words run together ("XJHẢILĂNG",
        # "XÃDMLỘC"), is no noise though no word of it reads: ocr.places reads it whole; nor
        # is the unit's line set right under its parent body's ("CHI CỤC THUẾ KHU VỰC XVI" /
        # "ĐOITHUELIÊN XÃSO3")
        unit = k < HEADER_LINES and bool(out) and text.isupper() and (
            is_council(out[-1].text)
            or (out[-1].text.isupper() and set_under(out[-1].box, ln.box)))
        unread = trusted and read_by_none(text, by_line[k])
        if text and (unit or not (is_noise(text) or unread)) and \
                not signature_strokes(text, ln.box, height, by_line[k]):
            out.append(Line(text, ln.conf, ln.box))
    # a fixed phrase wrapped onto the next line ("chuyển mục đích" / "sử dụng đất"); a list
    # item's semicolon read as a colon
    texts = restore_clause_ends(restore_across([ln.text for ln in out]))
    return [replace(ln, text=t) for ln, t in zip(out, texts, strict=True)]


def settled(lines: list[Line], words: list[TWord], min_conf: float = 45.0) -> list[bool]:
    """For each line, whether Tesseract's words on it read exactly the line reader's text,
    each with at least ``min_conf``: two readers agree letter for letter, so a third reading
    of that line could not outvote them and need not be made."""
    out = []
    for ln, ws in zip(lines, assign_words(lines, words), strict=True):
        same = " ".join(w.text for w in ws) == " ".join(ln.text.split())
        out.append(bool(ws) and same and min(w.conf for w in ws) >= min_conf)
    return out


#: An open line whose words to read again (`open_spans`) cover this share of its width or
#: more is read again whole
WHOLE_LINE = 2 / 3
#: words either side of a word to read again read with it, for Tesseract's context (with one
#: a side, `dev` read 6 letters worse than whole lines; with two, 1 of 82,184)
CONTEXT_WORDS = 2


def _runs(count: int, open_words: set[int], gaps: set[int]) -> list[tuple[int, int]]:
    """The runs of a line's words (first, last: indexes into its ``count`` words, left to
    right) to read again: each word of ``open_words`` and each gap of ``gaps`` (the gap
    before word ``j``; ``count``: after the last), with `CONTEXT_WORDS` either side for
    Tesseract's context; runs that touch are one."""
    marked = sorted([(max(0, j - CONTEXT_WORDS), min(count - 1, j + CONTEXT_WORDS))
                     for j in open_words] +
                    [(max(0, j - 1 - CONTEXT_WORDS), min(count - 1, j + CONTEXT_WORDS))
                     for j in gaps])
    runs: list[list[int]] = []
    for a, b in marked:
        if runs and a <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    return [(a, b) for a, b in runs]


def open_spans(lines: list[Line], words: list[TWord], agreed: list[bool],
               min_conf: float = 45.0) -> tuple[list[Box], list[TWord]]:
    """Where a third reading is wanted on the lines the first two readers do not agree on
    (not ``agreed``, `settled`): the boxes to read again, and the words Tesseract read surely
    and alike with the line reader elsewhere on those lines, which stand for the third
    reading there (a third reading seldom outvotes two readers that agree). A line's
    words to read again are those the two readings differ on or Tesseract is unsure of
    (under ``min_conf``), with `CONTEXT_WORDS` either side (`_runs`), each stretch cut from
    half way to the word standing beyond it on either side (the line's end where none does),
    so that no part of that word is read again; a line Tesseract read nothing on, or whose
    stretches to read again cover `WHOLE_LINE` of it, is read again whole."""
    boxes: list[Box] = []
    kept: list[TWord] = []
    for ln, ws, done in zip(lines, assign_words(lines, words), agreed, strict=True):
        if done:
            continue
        x0, y0, x1, y1 = ln.box
        ours = ln.text.split()
        open_words: set[int] = {j for j, w in enumerate(ws) if w.conf < min_conf}
        gaps: set[int] = set()
        ops = SequenceMatcher(None, ours, [w.text for w in ws], autojunk=False).get_opcodes()
        for op, _, _, j1, j2 in ops:
            if op != "equal":
                open_words.update(range(j1, j2))
                if j1 == j2:
                    gaps.add(j1)
        runs = _runs(len(ws), open_words, gaps)
        spans = []
        for a, b in runs:
            left = x0 if a == 0 else max(x0, (ws[a - 1].box[2] + ws[a].box[0]) // 2)
            right = x1 if b == len(ws) - 1 else min(x1, (ws[b].box[2] + ws[b + 1].box[0]) // 2)
            if right > left:
                spans.append((left, y0, right, y1))
        if not ws or sum(s[2] - s[0] for s in spans) >= WHOLE_LINE * (x1 - x0):
            boxes.append(ln.box)
            continue
        boxes.extend(spans)
        kept.extend(w for j, w in enumerate(ws) if not any(a <= j <= b for a, b in runs))
    return boxes, kept


def agreement(a: str, b: str) -> float:
    """How far two readings of a page agree: bag-of-words F1 on base letters, 0..1.

    Order does not matter (the engines may order header blocks differently); marks do not
    either, so the score measures whether both saw the same words on the page. Two empty
    readings agree fully."""
    wa = Counter(base_form(a).lower().split())
    wb = Counter(base_form(b).lower().split())
    if not wa and not wb:
        return 1.0
    common = sum((wa & wb).values())
    if not common:
        return 0.0
    p, r = common / sum(wb.values()), common / sum(wa.values())
    return 2 * p * r / (p + r)
