"""The signer's printed name, read again where the seal garbled it. Pure functions, but for the
readers passed in.

The name is printed under the signing title (``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH``; on a
one-stop desk's slip the official's role, ``NGƯỜI HƯỚNG DẪN``, ``CÔNG CHỨC TƯ PHÁP - HỘ TỊCH``;
where a ring garbles its words, the title is known by its place: the capitals at the page's
lower right, under the body) and the seal is stamped over it, so it is the line most often
misread: a ring line through a letter, the seal's own lettering beside it, a ring crossing the
line where the line reader then stops ("Bạch Công" for "Bạch Công Toản"). When no line below
the title reads as a known name, or the name's print runs on past its line, the region under
the title is read again from several cleanings of the page (seal removed, seal kept,
thresholded on that region alone, a 1-bit seal's black star taken out), its lines found on the
region alone and read to their end, and the reading that is most plausibly a Vietnamese name
wins: two to five capitalised words, each a syllable Vietnamese can write, preferably starting
with a family name; each of its words then goes to the vote of every reading of the line, by
the readers' confidence. Tesseract's marks are taken where it reads the same letters, but a
tone mark the line reader saw on a name is not dropped. Last, the spellings the line's readings
give word by word are weighed by the line reader's own probability of each along the line
(`likelier`): where the seal's lettering misleads most readings alike, a vote cannot tell them
apart, the pixels can. Readings are judged by their form only, never against a list of expected
names.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ocr.geometry import inside
from ocr.lexicon import HATS, in_use, tone_and_letters
from ocr.merge import Line, hook_for_acute
from ocr.names import (
    COMMONEST_FAMILY,
    COMMONEST_MIDDLE,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HIGHLAND_FAMILIES,
    MIDDLE_NAMES,
    RARER_MIDDLE,
    Y_FAMILIES,
)
from ocr.vietnamese import base_form, is_syllable
from pipeline.header import OFFICIAL_ROLE, extract_signer, near_title, squeezed
from pipeline.letters import SAME_SHAPE, edit_distance

#: every listed middle name, common or rarer
ANY_MIDDLE = MIDDLE_NAMES | RARER_MIDDLE

#: Signing titles, on base letters: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "NGƯỜI KÝ TRÍCH LỤC",
#: a one-stop receipt's "NGƯỜI TIẾP NHẬN HỒ SƠ"…
#: (a seal's ring over a letter of them leaves "IM.", "HU TỊCH", "ÉY BAN NHÂN DÂN", and a
#: stroke through "NGƯỜI KÝ" leaves "NGƯỜLKÝ TRÍCH LỤC", "NGUỜFRYIRÍCH LỤC"; a space may be lost:
#: "NGƯỜITIẾP NHẬN HỒ SƠ")
_TITLE = re.compile(r"^(TM|KT|TL|TUQ|Q|T/M|[I1l|]M)\s*\.|C?HU TICH|TRUONG|GIAM DOC"
                    r"|CHANH VAN PHONG|^NGU?O?I ?(?:K|TIEP NHAN)|^\W*\w?Y BAN NHAN DAN$"
                    r"|^NGU.*RICH LUC$")
#: the signing titles whole, a title read a letter or two off any of them being one too
#: ("NGƯỜI TẾP NHIÂN HỒ SƠ": `pipeline.header.near_title`)
SIGNING_TITLES = tuple(squeezed(t) for t in (
    "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "NGƯỜI KÝ TRÍCH LỤC",
    "NGƯỜI TIẾP NHẬN HỒ SƠ", "NGƯỜI HƯỚNG DẪN", "CHÁNH VĂN PHÒNG", "GIÁM ĐỐC"))


def signing_title(text: str) -> bool:
    """Whether a line in capitals reads as a signing title (`_TITLE`, an official's role:
    `pipeline.header.OFFICIAL_ROLE`, `SIGNING_TITLES`)."""
    base = re.sub(r"^[\W_]+", "", base_form(text).upper()).strip()
    return _capitals(text) and (
        bool(_TITLE.search(base)) or bool(OFFICIAL_ROLE.match(base))
        or any(near_title(t, squeezed(text)) for t in SIGNING_TITLES))


def name_score(text: str) -> float | None:
    """How plausibly ``text`` is a printed Vietnamese name: None when it is not two to five
    capitalised words, or each a letter alone; else the share of words that are Vietnamese
    syllables (a listed highland family name last counts as one, `given_first`), plus 0.25
    when the first is a listed family name (any of them: a commoner one is no likelier to be
    what the pixels show; or the name is written given name first) and 0.25 when every middle
    word is a listed middle name, a rarer one too (`ANY_MIDDLE`: "Bé", "Phụng", "Nữ"; where
    readings differ between a common and a rarer one, "Văn" or "Yến", the readings' votes
    decide, then the commoner: `best_name`), or a given name standing as the second of two
    (`_middles`: "Vũ Thị Hoa Lê" is as much a name as "Vũ Thị Hòa Lê")."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return None
    if not all(_capitalised(w) for w in words) or all(len(_given(w)) == 1 for w in words):
        return None  # letters alone are no name: the seal's lettering ("Ủ Y" of "ỦY BAN")
    highland = given_first(words)
    valid = sum(is_syllable(_given(w)) or (highland and w == words[-1])
                for w in words) / len(words)
    middle = len(words) > 2 and _middles(words[1:-1], ANY_MIDDLE)
    family = words[0] in FAMILY_NAMES or highland
    return valid + (0.25 if family else 0.0) + (0.25 if middle else 0.0)


def _capitalised(word: str) -> bool:
    """A word of a name as printed: a capital and small letters, or a capital alone ("Y"),
    or a woman's "H'" before a capitalised given name ("H'Hen")."""
    word = _given(word)
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _given(word: str) -> str:
    """A given name without the "H'" that opens Ê Đê women's names ("H'Hen" -> "Hen")."""
    return word[2:] if word[:2] in ("H'", "H’") and len(word) > 2 else word


def given_first(words: Sequence[str]) -> bool:
    """Whether a name is written given name first, as the Ê Đê and their neighbours write it:
    a man's "Y" or a woman's "H'…" first, a listed highland family name last."""
    return len(words) >= 2 and words[-1] in HIGHLAND_FAMILIES and (
        (words[0] == "Y" and len(words) > 2) or _given(words[0]) != words[0])


def known_name(text: str) -> bool:
    """A name-like reading whose family name and middle names are all listed ones and whose
    given name is a syllable: nothing in it suggests a misread ("Đinh Vày Dũng" does, and so
    does "Đậu Xuân H", its given name cut short; "Đinh Văn Dũng" does not)."""
    words = text.split()
    if (name_score(text) or 0) < 1:
        return False
    if given_first(words):  # "Y Thanh Hmok": its given name a syllable
        return all(is_syllable(_given(w)) for w in words[1 if words[0] == "Y" else 0:-1])
    return words[0] in FAMILY_NAMES and _middles(words[1:-1], ANY_MIDDLE) and \
        len(words[-1]) > 1 and is_syllable(words[-1])


def _middles(words: Sequence[str], names: frozenset[str]) -> bool:
    """Whether a name's middle names as read are all in ``names``, or given names standing as
    the second of two (`_given_as_middle`: "Vũ Thị Hoa Lê")."""
    return all(w in names or (k > 0 and _given_as_middle(w)) for k, w in enumerate(words))


def settled_name(text: str) -> bool:
    """A name as read that needs no second reading: a known name (`known_name`) whose given
    name is a syllable in use; "Huỳnh Thị Ngọc Bíc" is not (a letter lost where a ring crosses
    the line: read again, it is "Bích"). A rare given name no list holds ("Pó") is read again
    too, and its reading as it stands competes with the others; so is a word in use that is no
    given name but for its marks ("Dùng": Dũng and Dung are names), and a name with a rarer
    middle name (`RARER_MIDDLE`: "Yến" may be "Văn" misread)."""
    if not known_name(text):
        return False
    words = text.split()
    given = given_name(words)
    common = given_first(words) or _middles(words[1:-1], MIDDLE_NAMES)  # "Yến": "Văn"?
    return common and in_use(given) and not _marks_off(given)


def given_name(words: Sequence[str]) -> str:
    """The given name of a name's words: the last, or the one before the family name of a
    name written given name first ("Y Thanh Hmok": "Thanh"), without a woman's "H'"."""
    return _given(words[-2] if given_first(words) else words[-1])


#: the letters, marks aside, of each listed given name
_GIVEN_LETTERS = frozenset(base_form(n).lower() for n in GIVEN_NAMES)


def _marks_off(word: str) -> bool:
    """Whether a word is no listed given name but one of them has its letters, marks aside."""
    return word not in GIVEN_NAMES and base_form(word).lower() in _GIVEN_LETTERS


def _hats_fit(read: str, name: str) -> bool:
    """Whether every hat or horn of a reading is the name's (tone marks aside): a reader misses
    a hat ("Ngo" for "Ngô") far more often than it sees one that is not printed. The two hats
    of an a are one ("Vẫn" may be Văn), and D and Đ are one (Đ's stroke is read or missed by
    the rule in `_as_known`)."""
    a, b = (tone_and_letters(w)[1].replace("â", "ă").replace("đ", "d") for w in (read, name))
    return len(a) == len(b) and all(x == y or HATS.get(y) == x for x, y in zip(a, b,
                                                                               strict=True))


def _as_known(word: str, known: frozenset[str], commonest: tuple[str, ...] = (),
              near: bool = True) -> str:
    """``word``, or the known name it was misread from when it is not known itself: the one
    with the same letters (of several, the one with Đ's stroke when it was read with one, else
    the one in ``commonest``); with none, the one that is one letter away (a letter misread,
    dropped or added: "Puỳnh" -> "Huỳnh", "lgọc" -> "Ngọc"), else the one a letter away with
    marks aside ("Ngợt" -> "Ngọc"), when ``near`` allows it."""
    if word in known:
        return word
    letters = base_form(word).lower()
    same = [k for k in known if base_form(k).lower() == letters]
    if len(same) > 1 and word[:1] in "Đđ":  # "Đoan": Đoàn, not Doãn
        same = [k for k in same if k[:1] in "Đđ"] or same
    if len(same) > 1:  # a hat or horn read is printed ("Vữ": Vừ, not Vũ); one missed may be
        same = [k for k in same if _hats_fit(word, k)] or same
    first = [k for k in commonest if k in same]
    if same:
        return same[0] if len(same) == 1 else first[0] if first else word
    if not near or len(word) < 2:  # a letter alone is a word cut short, not misread
        return word
    # a letter away as read, marks and all ("Vàg" -> Vàng, not Văn); else marks aside
    close = [k for k in known if edit_distance(k.lower(), word.lower()) == 1]
    if len(close) != 1:
        close = [k for k in known if edit_distance(base_form(k).lower(), letters) == 1]
    return close[0] if len(close) == 1 else word


#: what a name line may carry that is not the name: a ring's stroke or a speck read as a
#: sign or a small letter at either end ("o Phùng Thế Tài", "+ Huỳnh Thị Ngọc Bích")
_STRAY = re.compile(r"^(?:[\W\d_]+|[^\W\d_])$")


#: a full stop or hyphen between two letters, where a space was
_JOINED = re.compile(r"(?<=[^\W\d_])[.-](?=[^\W\d_])")


def run_apart(text: str) -> str:
    """A name whose words were read run together, parted where a capital follows a small
    letter, or a capital alone stands before a capitalised word, or a full stop or hyphen joins
    two words ("ĐạuXuâmHòa" -> "Đạu Xuâm Hòa", "Ksor YPhương" -> "Ksor Y Phương",
    "Nguyễn.Khắc" -> "Nguyễn Khắc", "Quan-Thị" -> "Quan Thị"): bold print under a seal is
    often read without its spaces. Each word of a name is capitalised, so no name is parted
    inside a word; words in capitals stay whole."""
    text = _JOINED.sub(" ", text)

    def starts_word(i: int) -> bool:
        ch, before, after = text[i], text[i - 1], text[i + 1:i + 2]
        return ch.isupper() and (before.islower() or (
            before.isupper() and after.islower() and (i < 2 or not text[i - 2].isalpha())))

    return "".join(" " + ch if i and starts_word(i) else ch for i, ch in enumerate(text))


def as_capitals(text: str) -> str:
    """A reading with each word that starts with a small letter shaped as its capital
    (`pipeline.letters.SAME_SHAPE`, marks aside) capitalised; other words as read."""
    return " ".join(w[:1].upper() + w[1:] if base_form(w[:1]).lower() in SAME_SHAPE else w
                    for w in text.split())


def _name_words(text: str) -> list[str]:
    """The words of a name line without stray signs or single small letters at its ends,
    and without punctuation stuck to them ("Phùng," -> "Phùng"), words read run together
    parted (`run_apart`)."""
    words = [w.strip(",.;:") for w in run_apart(text).split()]
    words = [w for w in words if w]
    while words and _STRAY.match(words[0]) and not words[0].isupper():
        words.pop(0)
    while words and _STRAY.match(words[-1]) and not words[-1].isupper():
        words.pop()
    if len(words) >= 3 and _stray_before(words[0], words[1]):
        words.pop(0)
    return words


def _stray_before(word: str, family: str) -> bool:
    """Whether a word of a letter or two before a listed family name is a seal's star or ring
    read as letters ("Li Tôn Nữ Thu Thủy", "Tr Tôn Nữ Thu Thủy"): a Vietnamese name starts with
    its family name, and only a man's "Y" (Ê Đê) stands before one."""
    return len(word) <= 2 and word != "Y" and word not in FAMILY_NAMES and family in FAMILY_NAMES


def written(word: str) -> bool:
    """Whether Vietnamese writes a word as read: a syllable it can spell and uses ("Bio" and
    "B'o" are in use only as other languages' words or pieces of them)."""
    return is_syllable(word) and in_use(word)


def _given_as_middle(word: str) -> bool:
    """Whether a middle name as read is a given name standing as one, as given names do, the
    second of two most often ("Vũ Thị Hoa Lê" is not "Hòa"): a listed given name that is no
    listed middle name, not within a letter of Văn or Thị ("Thi", "Thy" are Thị misread)."""
    letters = base_form(word).lower()
    return word in GIVEN_NAMES and word not in MIDDLE_NAMES and all(
        edit_distance(letters, base_form(m).lower()) > 1 for m in COMMONEST_MIDDLE)


def _middle(word: str) -> str:
    """A middle name as read, mended (`_as_known`); a word Vietnamese writes but no middle
    name ("Thy", "Băn") is Văn or Thị when one of them is a letter away. A rarer middle name
    (`RARER_MIDDLE`) stands, and a reading with its letters takes its marks ("Nứ" -> "Nữ");
    so does a listed given name ("Hoa"), but within a letter of Văn or Thị."""
    rarer = _as_known(word, RARER_MIDDLE, near=False)
    if rarer in RARER_MIDDLE:
        return rarer
    if _given_as_middle(word):
        return word
    mended = _as_known(word, MIDDLE_NAMES, COMMONEST_MIDDLE, near=not written(word))
    if mended == word and word not in MIDDLE_NAMES:
        return _as_known(word, frozenset(COMMONEST_MIDDLE))
    return mended


def mend_name(text: str) -> str:
    """A name as read with a misread family or middle name mended: to the one listed name
    with its letters (marks misread), else, when Vietnamese does not write it as read at all
    ("Puỳnh", "lgọc"; a rare name such as "Tiết" is written, and stays), to the one a letter away;
    stray signs at its ends dropped. The given name, open-ended, stays as read, unless
    Vietnamese does not write it so and one listed given name has its letters. Text that is
    not name-like, before or after, comes back unchanged. A name written given name first
    (`given_first`: "Y Thanh Hmọk") has only its family name mended, to the highland family
    name with its letters."""
    words = _name_words(text)
    if not 2 <= len(words) <= 5:
        return text
    highland = [*words[:-1], _as_known(words[-1], HIGHLAND_FAMILIES, near=False)]
    if given_first(highland):  # "Y Thanh Hmok": its family name last, its given name as read
        return " ".join(highland)
    family = _as_known(words[0], FAMILY_NAMES, COMMONEST_FAMILY, near=not written(words[0]))
    middle = [_middle(w[:1].upper() + w[1:]) for w in words[1:-1]]
    if family in Y_FAMILIES:  # a lone letter there is their Y, misread ("Ksor X Phương")
        middle = ["Y" if len(w) == 1 else w for w in middle]
    # a given name Vietnamese does not write as read ("Phươc": c ends no syllable without an
    # acute or a dot below) is the one listed given name with its letters, if one is
    given = words[-1] if written(words[-1]) else _as_known(words[-1], GIVEN_NAMES, near=False)
    mended = " ".join([family, *middle, given])
    return mended if name_score(mended) is not None else text


def names_mended(text: str) -> bool:
    """Whether `mend_name` changes a family or middle name of a reading (or a given name
    Vietnamese does not write), not only signs at its ends, punctuation or spacing: the
    reading lost or misread a mark or a letter there."""
    words = _name_words(text)
    return 2 <= len(words) <= 5 and mend_name(text).split() != words


def _inked(gray: np.ndarray, box: tuple[int, int, int, int], limit: int,
           before: bool = False) -> np.ndarray:
    """For each column past a line's right end up to ``limit`` (``before``: before its left
    end, back to ``limit``), nearest first: whether the line's middle half holds ink there."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    middle = gray[y0 + h // 4:y1 - h // 4]
    if before:
        return (middle[:, max(0, limit):x0] < 128).any(axis=0)[::-1]
    return (middle[:, x1:limit] < 128).any(axis=0)


def runs_on(gray: np.ndarray, box: tuple[int, int, int, int], limit: int,
            before: bool = False) -> bool:
    """Whether print goes on past a line's right end (``before``: its left end): within two
    line heights of it (up to ``limit``), more than half a line height of columns hold ink in
    the line's middle half. A seal's ring crossing the line there is a stroke or two wide, so
    it is not print; the line reader often stops at such a crossing and leaves the given name
    after it unread ("Bạch Công" for "Bạch Công Toản"), or the family name before it ("Kim
    Hoàng" for "Lâm Thị Kim Hoàng")."""
    h = box[3] - box[1]
    near = max(limit, box[0] - 2 * h) if before else min(limit, box[2] + 2 * h)
    return int(_inked(gray, box, near, before).sum()) > h / 2


def line_end(gray: np.ndarray, box: tuple[int, int, int, int], limit: int,
             before: bool = False) -> int:
    """Where the print of a line ends to the right of its box (``before``: where it starts
    to its left), when it runs on past it (`runs_on`): the last inked column of its middle
    half before a gap of a line height (more than a space between words), up to ``limit``;
    else the box's own end."""
    h = box[3] - box[1]
    edge = box[0] if before else box[2]
    if not runs_on(gray, box, limit, before):
        return edge
    end = gap = 0
    for i, ink in enumerate(_inked(gray, box, limit, before)):
        if ink:
            end, gap = i + 1, 0
        elif (gap := gap + 1) > h:
            break
    return edge - end if before else edge + end


def signer_doubt(lines: Sequence[str], sealed: bool) -> str | None:
    """Why a page's signer line needs a person's eyes (None when it does not): a signer line
    with a word that is no Vietnamese syllable, or whose given name is neither a listed given
    name nor a word Vietnamese writes ("Phạm Ường": a letter lost at a ring; a rare name such
    as "Pó" is flagged too, for a person to confirm), or a colourless seal (``sealed``) and
    no signer line at all."""
    signer = extract_signer(list(lines))
    if signer is not None and (name_score(signer.value) or 0) < 1:
        return f"the signer's name {signer.value!r} is not a Vietnamese name as read"
    if signer is not None:
        given = given_name(signer.value.split())
        if given not in GIVEN_NAMES and not written(given):
            return f"the signer's given name {given!r} is no name Vietnamese writes as read"
    if signer is None and sealed:
        return "a seal but no signer's name read"
    return None


def _capitals(text: str) -> bool:
    """Set in capitals (as signing titles are), a misread small letter or two allowed."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


#: lines a signing title may have below it, wherever it is on the page: the name, the
#: "Nơi nhận" list beside it
LAST_LINES = 8


@dataclass(frozen=True)
class Region:
    box: tuple[int, int, int, int]   # x0, y0, x1, y1: where the name is looked for
    #: the last title line's box: the name goes after it (an index would go stale once a
    #: line of the signature's strokes before it is dropped)
    title: tuple[int, int, int, int]
    #: the title was known by its place, not its words (`placed_title`): a page without a
    #: name under it is not flagged for that (it may be no signing block)
    placed: bool = False


def signature_region(lines: Sequence[Line], size: tuple[int, int]) -> Region | None:
    """The area under the signing title, where the printed name is: None without a title in
    the lower half of the page or, on a page whose text ends higher (a document's short last
    page), among its last lines (a "CHỦ TỊCH …" line at the top opens the decision and has
    its articles below it)."""
    w, h = size

    def low(ln: Line) -> bool:
        return ln.box[1] > 0.45 * h or _among_last(lines, ln)

    titles = [i for i, ln in enumerate(lines) if low(ln) and signing_title(ln.text)]
    placed = not titles
    titles = titles or placed_title(lines, size)
    if not titles:
        return None
    # the issuing official signs on the right; a title on the left beside it is another
    # party's ("ĐẠI DIỆN CHỦ ĐẦU TƯ" on a two-sided record)
    x0, x1 = lines[max(titles, key=lambda i: lines[i].box[2])].box[::2]
    titles = [i for i in titles if lines[i].box[2] > x0 and lines[i].box[0] < x1]
    last = max(titles, key=lambda i: lines[i].box[3])
    block = [lines[i] for i in titles if lines[last].box[1] - lines[i].box[1] < 4 *
             (lines[last].box[3] - lines[last].box[1])]
    lh = max(1, lines[last].box[3] - lines[last].box[1])
    x0 = max(0, min(b.box[0] for b in block) - 2 * lh)
    x1 = min(w, max(b.box[2] for b in block) + 2 * lh)
    y0 = lines[last].box[3]
    y1 = min(h, y0 + 10 * lh)
    return Region((x0, y0, x1, y1), lines[last].box, placed) if y1 - y0 > lh else None


def _among_last(lines: Sequence[Line], ln: Line) -> bool:
    """Whether at most `LAST_LINES` lines of the page start below ``ln``."""
    return sum(o.box[1] > ln.box[3] for o in lines) <= LAST_LINES


def placed_title(lines: Sequence[Line], size: tuple[int, int]) -> list[int]:
    """The signing title known by its place when its words are not (a seal's ring across it
    leaves "NGƯOL ẬP PHIẾU", "ĐẠI QIỆN BỘ PHẬN MỘT CỬA"): the first lines in capitals of the
    page's last lines, in its right half (Decree 30/2020 sets the signing block there, beside
    "Nơi nhận"), below the last line of the body (a line across the middle of the page), with
    the capitals lines that follow on close under it; [] when there is none."""
    w = size[0]
    body = [ln.box[3] for ln in lines if ln.box[0] < 0.4 * w and ln.box[2] > 0.6 * w]
    below = max(body, default=0)
    tail = [i for i, ln in enumerate(lines) if ln.box[1] >= below and _among_last(lines, ln)]
    caps = sorted((i for i in tail
                   if lines[i].box[0] > 0.3 * w and lines[i].box[0] + lines[i].box[2] > w
                   and _capitals(lines[i].text) and sum(c.isalpha() for c in lines[i].text) >= 6),
                  key=lambda i: lines[i].box[1])
    run = caps[:1]
    for i in caps[1:]:
        lh = lines[run[-1]].box[3] - lines[run[-1]].box[1]
        if lines[i].box[1] - lines[run[-1]].box[3] > 0.8 * lh:
            break
        run.append(i)
    return run


def region_threshold(gray: np.ndarray, region: tuple[int, int, int, int],
                     darkest: bool = False) -> np.ndarray:
    """The page with the region thresholded on its own pixels (Otsu): where faint seal ink is
    left, the region's own split between ink and paper is sharper than the page's. With
    ``darkest``, the ink is split again and only its darker part kept: print under a grey seal
    is darker than the seal's own lettering."""
    x0, y0, x1, y1 = region
    out = gray.copy()
    part = out[y0:y1, x0:x1]
    t, _ = cv2.threshold(part, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if darkest:
        ink = part[part <= t]
        if ink.size and int(ink.max()) > int(ink.min()):
            t, _ = cv2.threshold(ink.reshape(-1, 1), 0, 255,
                                 cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    part[part > t] = 255
    return out


def without_solids(gray: np.ndarray, region: tuple[int, int, int, int]) -> np.ndarray | None:
    """The page with the region's solid ink blobs whitened: the seal's star, which a 1-bit
    scan turns as black as the name it touches ("XỆ Vàng…"). A blob is solid where a disc
    three strokes wide fits inside its ink, which no letter allows; the stroke is the
    region's median ink thickness. None when the region has no such blob."""
    x0, y0, x1, y1 = region
    part = gray[y0:y1, x0:x1]
    ink = (part < 128).astype(np.uint8)
    if not ink.any():
        return None
    depth = cv2.distanceTransform(ink, cv2.DIST_L2, 3)
    stroke = 2 * float(np.median(depth[depth > 0]))
    k = max(3, round(3 * stroke) | 1)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, disc)
    if not solid.any():
        return None
    half = k // 2 | 1
    solid = cv2.dilate(solid, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (half, half)))
    out = gray.copy()
    out[y0:y1, x0:x1][solid > 0] = 255
    return out


@dataclass(frozen=True)
class Candidate:
    text: str
    conf: float
    box: tuple[int, int, int, int]
    variant: int
    score: float
    reader: int = 0                  # 0: the first reader, 1: the second (Tesseract)


Detect = Callable[[np.ndarray], list[tuple[int, int, int, int]]]
#: Reads line images: for each, its text and a confidence 0..1.
Recognise = Callable[[list[np.ndarray]], list[tuple[str, float]]]

_EDGE = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _tidy(text: str) -> str:
    """One reading of a line: single spaces, no stray marks or digits at either end, a
    name's words read run together parted."""
    return _EDGE.sub("", " ".join(run_apart(text).split()))


def candidates(variants: Sequence[np.ndarray], region: tuple[int, int, int, int],
               detect: Detect, recognise: Recognise,
               second: Recognise | None = None) -> list[Candidate]:
    """Every name-like reading of a text line found in the region of any variant image: read
    by ``recognise``, and by ``second`` too where the first reading has two to five words. A
    line whose reading starts with a capitalised word and whose print runs on past its box's
    end (cut where a ring or the seal's lettering crosses it, `line_end`), or before its
    start when it starts with no family name, is read to its ends too."""
    x0, y0, x1, y1 = region
    boxes, crops, which, seen = [], [], [], set()
    pad = (y1 - y0) // 10

    def add(b: tuple[int, int, int, int], k: int) -> None:
        crop = variants[k][b[1]:b[3], b[0]:b[2]]
        key = (b, hash(crop.tobytes()))
        if inside(b, region) and b[2] - b[0] > 2 * (b[3] - b[1]) > 0 and key not in seen:
            seen.add(key)
            boxes.append(b)
            crops.append(crop)
            which.append(k)

    for k, img in enumerate(variants):
        page = np.full_like(img, 255)  # the region alone, at the page's scale
        page[y0:y1, x0:x1] = img[y0:y1, x0:x1]
        # and on a small sheet: the detector scales a whole page down, and a name among a
        # seal's rings can then vanish into them; where both find it, the line's ends differ
        # a little, and so do the readings, which then vote
        sheet = cv2.copyMakeBorder(img[y0:y1, x0:x1], pad, pad, pad, pad,
                                   cv2.BORDER_CONSTANT, value=255)
        near = [(max(x0, bx0 - pad + x0), max(y0, by0 - pad + y0),
                 min(x1, bx1 - pad + x0), min(y1, by1 - pad + y0))
                for bx0, by0, bx1, by1 in detect(sheet)]
        for b in [*detect(page), *near]:
            add(b, k)
    first = recognise(crops) if crops else []
    cut = len(boxes)
    for b, k, (text, _) in zip(boxes[:cut], which[:cut], first, strict=True):
        words = mend_name(_tidy(text)).split()
        named = bool(words) and words[0][:1].isupper() and words[0][1:].islower()
        if named:
            # read on to the left only where the family name seems lost ("Thị Hòa Lê"): a
            # reading that has one would add to the vote a second reading of its own line
            lost = words[0] not in FAMILY_NAMES and not given_first(words)
            start = line_end(variants[k], b, x0, before=True) if lost else b[0]
            end = line_end(variants[k], b, x1)
            if (start, end) != (b[0], b[2]):
                add((start, b[1], end, b[3]), k)
    extended = set(range(cut, len(boxes)))
    if len(boxes) > cut:
        first += recognise(crops[cut:])
    readings = [[r] for r in first]
    if second is not None:
        wordy = [i for i, (text, _) in enumerate(first) if 2 <= len(_tidy(text).split()) <= 5]
        for i, r in zip(wordy, second([crops[i] for i in wordy]) if wordy else [], strict=True):
            readings[i].append(r)
    out = []
    for i, (b, k, reads) in enumerate(zip(boxes, which, readings, strict=True)):
        for n, (text, conf) in enumerate(reads):
            text = mend_name(_tidy(text))
            if name_score(text) is None:
                raised = mend_name(as_capitals(text))
                text = raised if raised.split()[:1] and raised.split()[0] in FAMILY_NAMES \
                    else text
            score = name_score(text)
            # a line read past its box's end takes in whatever follows it: only a reading
            # that is a name through and through counts ("Ksor Y Phương", not "Lý Văn Nhân
            # Văn Sãtrư" read off a sentence)
            if score is not None and (i not in extended or known_name(text)):
                out.append(Candidate(text, conf, b, k, score, n))
    return out


def best_name(found: Sequence[Candidate], min_conf: float = 0.5) -> Candidate | None:
    """The reading with every word a syllable, most plausible first (`name_score`); of
    those, the text most readings give (several variants agreeing win over a lone one), then
    one whose middle names are common ones ("Hùng" read twice does not outweigh "Phụng" read
    ten times, but wins a tie), then the most confident. Readings their reader is unsure of
    (below ``min_conf``) are not taken."""
    good = [c for c in found if c.score >= 1.0 and c.conf >= min_conf]
    if not good:
        return None
    votes: dict[str, int] = {}
    for c in good:
        votes[c.text] = votes.get(c.text, 0) + 1
    best = max(good, key=lambda c: (c.score, votes[c.text], _common(c.text), c.conf))
    return with_marks(voted(best, found), found)


def _common(text: str) -> bool:
    """Whether every middle word of a name is a common middle name (`MIDDLE_NAMES`)."""
    return all(w in MIDDLE_NAMES for w in text.split()[1:-1])


def _on_line(box: tuple[int, int, int, int], line: tuple[int, int, int, int]) -> bool:
    """Whether a reading's box lies on the same line as ``line``: it overlaps more than half
    of the line's height."""
    return min(box[3], line[3]) - max(box[1], line[1]) > 0.5 * (line[3] - line[1])


def _name_word(word: str, at: int) -> bool:
    """Whether a word read at place ``at`` of a name can be what is printed there: a
    capitalised syllable, or a listed family name first ("Ksor")."""
    return word[:1].isupper() and (is_syllable(_given(word)) or word in HIGHLAND_FAMILIES
                                   or (at == 0 and word in FAMILY_NAMES))


def voted(best: Candidate, found: Sequence[Candidate], min_conf: float = 0.3,
          sure: float = 0.5) -> Candidate:
    """The chosen reading with each word that readings of the same line (any reader, any
    cleaning, as many words long) give with other letters, marks aside, replaced by the form
    they give most, when their readers are surer of it (their confidences summed; Tesseract
    reads one crop of several cleanings alike, and less sure, so its slips do not outvote the
    line reader's): a ring through one word misleads one reading, not most of them
    ("Hàn Văn Quyền" from Tesseract, "Thân Văn Quvên" from the line reader of four cleanings:
    "Thân Văn Quyền"). Only words that can be printed there vote (`_name_word`); the chosen
    reading's own word stands on a tie, and the result must be as much a name as it was
    (a common middle name is not traded for a rarer one by the readers' confidence). A
    word that can be printed there is overturned only by readings at least ``sure``; one
    that cannot be ("Nuh") by any at least ``min_conf`` ("Huỳnh", read unsure)."""
    words = best.text.split()
    x0, _, x1, _ = best.box
    same = [(c.text.split(), c.conf) for c in found if c.conf >= min_conf
            and len(c.text.split()) == len(words) and _on_line(c.box, best.box)
            and 2 * (min(x1, c.box[2]) - max(x0, c.box[0])) > x1 - x0]
    out = []
    for i, word in enumerate(words):
        # a word that can be printed there is overturned only by readings their reader is
        # sure of; one that cannot be is taken from any reading that has one
        floor = sure if _name_word(word, i) else min_conf
        forms = [(ws[i], conf) for ws, conf in same if _name_word(ws[i], i) and conf >= floor]
        tally: dict[str, float] = {}  # letters, marks aside: the confidence they are read with
        for form, conf in forms:
            key = base_form(form).lower()
            tally[key] = tally.get(key, 0.0) + conf
        own = base_form(word).lower()
        top = max(tally, key=lambda k: (tally[k], k == own), default=own)
        if tally.get(top, 0.0) > tally.get(own, 0.0):
            word = Counter(f for f, _ in forms if base_form(f).lower() == top).most_common(1)[0][0]
        out.append(word)
    text = " ".join(out)
    score = name_score(text)
    if score is None or (score, _common(text)) < (best.score, _common(best.text)):
        return best  # less of a name, or a common middle name traded for a rarer one
    return replace(best, text=text, score=score)


def completed(best: Candidate, found: Sequence[Candidate]) -> Candidate:
    """The chosen reading, when it was cut short where a ring crosses the name (its last word
    a lone letter or no syllable: "Huỳnh Thị N"), with the words that a reading of the same
    line reaching further gives after the last word they share ("Hoyah Thị Ngọc Bích":
    "Huỳnh Thị Ngọc Bích"); as it is when no reading does."""
    words = best.text.split()
    if len(words) < 3 or (len(words[-1]) > 1 and is_syllable(words[-1])):
        return best
    kept = words[:-1]
    x0, y0, x1, y1 = best.box
    for c in sorted(found, key=lambda c: (-c.score, -c.conf)):
        overlap = min(y1, c.box[3]) - max(y0, c.box[1])
        if c.box[2] <= x1 + (y1 - y0) or 2 * overlap < y1 - y0:
            continue  # reaches no further, or another line
        other = c.text.split()
        at = next((i for i in range(1, len(other)) if other[i] == kept[-1]), None)
        tail = other[at + 1:] if at is not None else []
        if tail and all(w[:1].isupper() and is_syllable(w) for w in tail) and \
                (name_score(" ".join(kept + tail)) or 0) >= 1:
            return replace(best, text=" ".join(kept + tail), box=(x0, y0, c.box[2], y1),
                           variant=c.variant)
    return best


#: readings of the line, each sure at least this much, that must agree letter for letter on
#: the words before the chosen reading's start for `started` to take them
STARTED_BY = 2


def started(best: Candidate, found: Sequence[Candidate], sure: float = 0.5) -> Candidate:
    """The chosen reading, when it starts a letter's width or more right of where readings
    of the same line ending where it ends start, with the words those readings give before
    its own, when they are a listed family name and `STARTED_BY` of them, each read at least
    ``sure`` and reading its own words alike (`_same_words`), give them alike (a ring across
    the family name cut it off: "Đinh Thục" from readings "Phan Đnh Thục", "Phan Tình Thục"
    of "Phan Đình Thục"); as it is when they do not ("Đoàn Văn Thuyết" is not made "Đoàn
    Đoàn Văn Thuyết" by readings "Đoàn V Văn Thuyết")."""
    words = best.text.split()
    x0, y0, x1, y1 = best.box
    height = y1 - y0
    fronts: Counter[tuple[str, ...]] = Counter()
    starts: dict[tuple[str, ...], int] = {}
    for c in found:
        other = c.text.split()
        if c.conf < sure or not _on_line(c.box, best.box) or c.box[0] > x0 - height \
                or abs(c.box[2] - x1) > height or len(other) <= len(words) \
                or not _same_words(other[len(other) - len(words):], words):
            continue  # another line, no further left, not ending alike
        front = tuple(other[:len(other) - len(words)])
        if front[0] in FAMILY_NAMES and all(_name_word(w, 1) for w in front[1:]) \
                and base_form(front[-1]) != base_form(words[0]):  # not one word read twice
            fronts[front] += 1
            starts[front] = min(starts.get(front, x0), c.box[0])
    if not fronts:
        return best
    front, agreed = fronts.most_common(1)[0]
    text = " ".join([*front, *words])
    score = name_score(text)
    if agreed < STARTED_BY or score is None or score < 1.0:
        return best
    return replace(best, text=text, score=score, box=(starts[front], y0, x1, y1))


def _same_words(read: Sequence[str], words: Sequence[str]) -> bool:
    """Whether two readings of a name's words are the same words: the last alike, each other
    within a letter of it, marks aside ("Đnh" and "Tình" are readings of "Đinh"; "V" is
    not)."""
    return read[-1] == words[-1] and all(
        edit_distance(base_form(a).lower(), base_form(b).lower()) <= 1
        for a, b in zip(read, words, strict=True))


#: How well each text fits the pixels of the chosen reading's line: its log-probability under
#: the name reader, summed over the line's crops, each less that of the crop's own reading.
Support = Callable[[list[str]], list[float]]
#: how much better (in log-probability, summed over the line's crops) another spelling of the
#: name must fit the line to be taken
SUPPORT_MARGIN = 15.0
#: spellings weighed at most, of the word-by-word mixes of a line's readings
MOST_RIVALS = 64


def line_crops(best: Candidate,
               found: Sequence[Candidate]) -> list[tuple[tuple[int, int, int, int], int]]:
    """The (box, variant) of every reading of the chosen reading's line that spans its whole
    length (to half the line's height at either end), each once: a crop of part of the line
    fits a shorter spelling better ("Ông Minh Đạt" on a crop from "Minh" on)."""
    x0, y0, x1, y1 = best.box
    slack = (y1 - y0) / 2
    return list(dict.fromkeys((c.box, c.variant) for c in found
                              if c.variant >= 0 and _on_line(c.box, best.box)
                              and c.box[0] <= x0 + slack and c.box[2] >= x1 - slack))


def rivals(best: Candidate, found: Sequence[Candidate], min_conf: float = 0.3) -> list[str]:
    """Other spellings of the chosen name its line's readings give, word by word: each word
    taken from any reading of the line as many words long (any reader, any cleaning, read at
    least ``min_conf``), each mix at least as much a name as the chosen one (Đ's stroke
    counts as a letter: "Doãn" is a rival of "Đoàn"); one that differs in marks alone only
    where each word it changes becomes a listed name ("Lường" may become "Lương", "Ước"
    not "Uớc"); the first `MOST_RIVALS` of them."""
    words = best.text.split()
    slots: list[dict[str, None]] = [{w: None} for w in words]
    for c in found:
        other = c.text.split()
        if len(other) == len(words) and c.conf >= min_conf and _on_line(c.box, best.box):
            for slot, w in zip(slots, other, strict=True):
                slot.setdefault(w, None)
    floor = name_score(best.text) or 0.0

    def letters(text: str) -> tuple[str, list[bool]]:  # Đ's stroke is a letter, not a mark
        return base_form(text).lower(), _strokes(text)

    own = letters(best.text)
    out = []
    for mix in itertools.islice(itertools.product(*slots), 4 * MOST_RIVALS):
        text = " ".join(mix)
        if text == best.text or (name_score(text) or -1.0) < floor:
            continue
        if letters(text) == own and any(m != w and m not in _listed(i, len(words))
                                        for i, (w, m) in enumerate(zip(words, mix, strict=True))):
            continue  # marks alone move a name only onto a listed one
        out.append(text)
    return out[:MOST_RIVALS]


def likelier(best: Candidate, found: Sequence[Candidate], support: Support,
             margin: float = SUPPORT_MARGIN) -> Candidate:
    """The chosen name, or the spelling of it that the line's pixels support clearly better
    (by ``margin``) of those its readings give (`rivals`): the readings' votes cannot tell
    "Đoàn" (five readings) from "Doãn" (four), nor "Lường" from "Lương" where a ring crosses
    the mark; the name reader's probabilities of each spelling, along the whole line, can. Of
    several, the most name-like, then the best fit."""
    others = rivals(best, found)
    if not others:
        return best
    fits = support([best.text, *others])
    if not math.isfinite(fits[0]):  # the reading taken cannot be weighed: nothing to beat
        return best
    bar = fits[0] + margin
    taken = [(name_score(t) or 0.0, f, t) for t, f in zip(others, fits[1:], strict=True)
             if f > bar]
    if not taken:
        return best
    score, _, text = max(taken)
    return replace(best, text=text, score=score)


def with_marks(best: Candidate, found: Sequence[Candidate], min_conf: float = 0.6) -> Candidate:
    """The chosen reading with each word's marks taken from the second reader's (Tesseract's)
    confident readings of the same line that have the same letters there, the form most of
    them give (one reading of one cleaning may slip as well; of two forms it gives as often,
    a hook above where the chosen reading has an acute, the line reader's known slip, else
    the one the line reader gives too): Tesseract places
    marks better, the line reader reads damaged letters better (as on the whole page). But
    a tone mark the chosen reading has is not dropped: on a name, Tesseract loses small marks
    far more often than the line reader sees one that is not printed ("Sình" read "Sinh",
    "Hòa" read "Hoa"); nor is a D or Đ changed: a stroke is a letter, not a mark ("Dũng" is
    not read "Đũng"). As a reader misses a tone mark far more often than it sees one that is not
    printed, a word left with no tone mark takes the one that most confident readings of the
    line (either reader, any cleaning) see on its letters ("Nghia" read once, "Nghĩa" five
    times). A listed name is not made an unlisted one by any of this ("Quan" is not read
    "Quán", nor "Phương" "Phường")."""
    nb = best.box
    same_line = [c for c in found if c.conf >= min_conf and _on_line(c.box, nb)]
    seen: dict[str, list[str]] = {}
    second: dict[str, dict[str, tuple[int, float]]] = {}  # form: readings, their confidence
    for c in same_line:
        for w in c.text.split():
            if is_syllable(w):
                key = base_form(w).lower()
                seen.setdefault(key, []).append(w)
                if c.reader == 1:
                    forms = second.setdefault(key, {})
                    n, total = forms.get(w, (0, 0.0))
                    forms[w] = (n + 1, total + c.conf)
    words = []
    names = best.text.split()
    for i, w in enumerate(names):
        key = base_form(w).lower()
        forms = second.get(key, {})
        # of Tesseract's forms the commonest; of two as common, a hook where the line reader
        # read an acute (its known slip: "Chiếu" for "Chiểu"), else the one more readings give
        m = max(forms, key=lambda f: (forms[f][0], hook_for_acute(w, f), seen[key].count(f),
                                      forms[f][1]), default=w)
        if (toned(w) and not toned(m)) or _strokes(w) != _strokes(m):
            m = w
        if not toned(m):
            same = [f for f in seen.get(key, []) if _strokes(f) == _strokes(m)]
            toned_forms = [f for f in same if toned(f)]
            if 2 * len(toned_forms) > len(same):
                m = max(toned_forms, key=toned_forms.count)
        # a listed name is not traded for marks that make it none ("Quan" is not read
        # "Quán", "Phương" not "Phường")
        listed = _listed(i, len(names))
        if m not in listed:
            # a word read with an acute that makes it no listed name, where some reading of
            # the line sees the hook above that makes it one: the readers' known slip ("Chiếu"
            # for "Chiểu"; both readers slip so on a bold face, 10707 held-039_p2)
            m = next((f for f in seen.get(key, []) if f in listed and hook_for_acute(m, f)),
                     m)
        words.append(w if w in listed and m not in listed else m)
    text = " ".join(m if w[:1].isupper() == m[:1].isupper() else w[:1] + m[1:]
                    for w, m in zip(best.text.split(), words, strict=True))
    return replace(best, text=text)


def _listed(i: int, words: int) -> frozenset[str]:
    """The names listed for the ``i``-th word of a name ``words`` long: family, middle or
    given."""
    return FAMILY_NAMES if i == 0 else GIVEN_NAMES if i == words - 1 else ANY_MIDDLE


def _strokes(word: str) -> list[bool]:
    """Where a word has a D with its stroke (Đ, đ)."""
    return [c in "đĐ" for c in word]


def toned(word: str) -> bool:
    """Whether a word carries a tone mark (a hat or a breve is no tone)."""
    return bool(tone_and_letters(word)[0])


def tones_kept(merged: str, first: str) -> str:
    """A name line as merged with each word the line reader read with a tone mark, and the
    merge took without one (Tesseract's vote), put back as the line reader read it: the same
    slip `with_marks` keeps from names ("Vàng Văn Sinh" for "Vàng Văn Sình"). Words whose
    letters differ stay as merged."""
    ours, theirs = merged.split(), first.split()
    if len(ours) != len(theirs):
        return merged
    return " ".join(f if base_form(m) == base_form(f) and toned(f) and not toned(m) else m
                    for m, f in zip(ours, theirs, strict=True))


#: a line under the signing title this short (letters and signs, spaces aside) may be the
#: signature's strokes read as letters
SCRAWL_LENGTH = 6
_LETTERS = re.compile(r"[^\W\d_]+")


def scrawl(text: str) -> bool:
    """Whether a line read under the signing title is the signature's strokes read as signs
    ("RARV", "VVHN", "ou/00", "1"), or a 1-bit seal's lettering ("A5.AI"): short, not
    name-like, and no word of it one Vietnamese writes ("Văn Sa", a name misread, and
    "(đã ký)" are not); a word is letters alone from space to space, its edges' signs aside
    ("A5.AI" is none)."""
    if len("".join(text.split())) > SCRAWL_LENGTH or name_score(mend_name(text)) is not None:
        return False
    words = (_EDGE.sub("", w) for w in text.split())
    return not any(len(w) > 1 and _LETTERS.fullmatch(w) and written(w.lower()) for w in words)


def place_name(lines: list[Line], region: Region, name: Line) -> list[Line]:
    """The page's lines with the name put in: lines of the region it overlaps (misreadings of
    it) are dropped, and it goes after the region's lines above it."""
    nb = name.box
    nh = nb[3] - nb[1]

    def misread(ln: Line) -> bool:
        ov = min(ln.box[3], nb[3]) - max(ln.box[1], nb[1])
        return inside(ln.box, region.box) and ov > 0.5 * min(nh, ln.box[3] - ln.box[1]) \
            and min(ln.box[2], nb[2]) > max(ln.box[0], nb[0])

    kept = [ln for ln in lines if not misread(ln)]
    at = 0
    for i, ln in enumerate(kept):
        if ln.box == region.title or (inside(ln.box, region.box)
                                      and (ln.box[1] + ln.box[3]) / 2 < (nb[1] + nb[3]) / 2):
            at = i + 1
    return [*kept[:at], name, *kept[at:]]
