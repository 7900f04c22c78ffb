"""Vietnamese letters: base forms, tone-mark placement, stray glyphs. Pure functions.

A Vietnamese syllable carries at most one tone mark (sắc ´, huyền `, hỏi ̉, ngã ~, nặng ̣) on
one of its vowels, and vowel quality marks (â ê ô ơ ư ă, đ) that belong to a letter. OCR engines
confuse the two kinds and put tones on the wrong vowel; these helpers take a word apart into
base letters, qualities and one tone, and put it back together the conventional way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import pairwise

from pipeline.letters import base_char, base_form

__all__ = ["LETTERS", "base_char", "base_form", "fix_glyphs", "place_tone", "tidy_line"]

TONES = {"\u0301": "sắc", "\u0300": "huyền", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
VOWELS = set("aăâeêioôơuưy")
_LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
#: Every letter a Vietnamese word may contain (NFC), upper and lower case.
_ALL = {unicodedata.normalize("NFC", b + t) for b in _LOWER for t in ("", *TONES)
        if b in VOWELS or t == ""} | set("fjwz")
LETTERS = frozenset(_ALL | {c.upper() for c in _ALL})

_LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ı": "i"}


@lru_cache(maxsize=4096)  # a character: each worked out once
def split_tone(ch: str) -> tuple[str, str]:
    """'ộ' -> ('ô', U+0323): the letter with its quality marks, and its tone mark ('' if none)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(m for m in decomposed if m in TONES)
    rest = "".join(m for m in decomposed if m not in TONES)
    return unicodedata.normalize("NFC", rest), tone


def _tone_index(letters: list[str]) -> int | None:
    """Index of the vowel that conventionally carries the tone, in the style of official
    documents (hòa, thủy, khỏe; hoàng, người, quý, già), or None if this is not one syllable."""
    low = [c.lower() for c in letters]
    i = 0
    while i < len(low) and low[i] not in VOWELS:
        i += 1
    # In qu- and gi- (before another vowel) the u / i belongs to the initial consonant.
    if i < len(low) and i > 0 and (
        (low[i - 1] == "q" and low[i] == "u")
        or (low[i - 1] == "g" and low[i] == "i" and i + 1 < len(low) and low[i + 1] in VOWELS)
    ):
        i += 1
    j = i
    while j < len(low) and low[j] in VOWELS:
        j += 1
    if i == j or any(c in VOWELS for c in low[j:]):
        return None
    marked = [k for k in range(i, j) if low[k] in "ăâêôơư"]
    if marked:
        return marked[-1]  # ươ, iê, uô …: the last vowel with a quality mark
    if j - i == 3:
        return i + 1  # ngoại, khuỷu
    if j - i == 2 and j < len(low):
        return j - 1  # a final consonant follows: hoàng, thuận
    return i  # one vowel, or two with no final consonant: hòa, thủy, mái, múa


def _older_style(letters: list[str], tone_at: int) -> bool:
    """Whether a tone on ``letters[tone_at]`` is the older style's place in an open syllable
    ending in oa, oe or uy ("hoá" for "hóa", "thuỷ" for "thủy"; not "quý", where the u is
    the initial's)."""
    low = "".join(letters).lower()
    k = tone_at
    return 0 < k == len(low) - 1 and low[k - 1:k + 1] in ("oa", "oe", "uy") and \
        low[max(0, k - 2):k] != "qu"


def place_tone(word: str) -> str:
    """Move a word's single tone mark onto the vowel that should carry it.

    Words with no tone, several tones (not one syllable) or non-Vietnamese letters are
    returned unchanged, and so is the older style many documents still print, the tone on
    the second vowel of an open oa, oe, uy ("hoá", "khoẻ", "Uỷ"): it is what was printed."""
    word = unicodedata.normalize("NFC", word)
    if not word or any(c not in LETTERS for c in word):
        return word
    parts = [split_tone(c) for c in word]
    tones = [(i, t) for i, (_, t) in enumerate(parts) if t]
    if len(tones) != 1:
        return word
    letters = [p for p, _ in parts]
    target = _tone_index(letters)
    if target is None or target == tones[0][0] or _older_style(letters, tones[0][0]):
        return word
    letters[target] = unicodedata.normalize("NFC", letters[target] + tones[0][1])
    return "".join(letters)


_WORD = re.compile(r"\w+", re.UNICODE)
_NUMERIC_COMMA = re.compile(r"(?<=\D),(?=[^\W\d_])", re.UNICODE)


def fix_glyphs(text: str) -> str:
    """Replace ligatures and letters foreign to Vietnamese (ñ, ü, ç, å …) by what was printed."""
    out = []
    for ch in text:
        if ch in _LIGATURES:
            out.append(_LIGATURES[ch])
        elif ch.isalpha() and ch not in LETTERS and base_char(ch) in LETTERS:
            out.append(base_char(ch))
        else:
            out.append(ch)
    return "".join(out)


def fix_case(word: str) -> str:
    """A lower-case word with one stray capital inside ('kỶ', 'viỆc') is lower case; a
    capitalised word of three letters or more with one stray small letter ('NHậN') is upper."""
    upper = sum(c.isupper() for c in word)
    if len(word) > 1 and word[0].islower() and upper == 1:
        return word.lower()
    if len(word) >= 3 and word.isalpha() and upper == len(word) - 1 and not word[-1].islower():
        return word.upper()
    return word


def undouble(word: str) -> str:
    """A word with a marked letter read twice ("Diễễm", "ỦỦy", "đềề") written with it once,
    when that makes it a syllable: Vietnamese never writes a marked letter twice (only "oo",
    as in "xoong", is doubled)."""
    if len(word) < 3 or is_syllable(word):
        return word
    out = word[:1]
    for ch in word[1:]:
        low = ch.lower()
        if low != out[-1].lower() or base_char(low) == low or low == "đ":
            out += ch
    return out if out != word and is_syllable(out) else word


_DIGITS_WITH_O = re.compile(r"(?<!\w)(?=[0-9O]*[0-9])[0-9O]+(?!\w)")
_LONE_O = re.compile(r"(?<=\d )O(?!\w)|(?<!\w)O(?= \d)")
_SQUARE = re.compile(r"(?<=\d)( ?)(k?m)([23])(?!\w)")


def fix_digits(text: str) -> str:
    """Letter O read for the digit 0 among numbers ('O1' -> '01', '01 O' -> '01 0'), and the
    units m², m³, km² whose raised figure was read as a plain one after a number."""
    text = _DIGITS_WITH_O.sub(lambda m: m.group(0).replace("O", "0"), text)
    text = _LONE_O.sub("0", text)
    return _SQUARE.sub(lambda m: m.group(1) + m.group(2) + "²³"[int(m.group(3)) - 2], text)


def caps_line(text: str) -> str:
    """A line in capitals with one short word read capitalised only ("ỦY BAN NHÂN DÂN Xã
    NGHĨA HƯNG"): that word in capitals too. A short word's capital and small letter differ
    in size only, and a title or body name is set in capitals throughout. A document's
    number ("Số: 142/UBND-ĐCXD") is no line in capitals."""
    # a code's letters ("Số: I42/UBND-ĐCXD") are no words of a line in capitals
    words = [w for token in text.split() if "/" not in token
             for w in _WORD.findall(token) if not w.isdigit()]
    odd = [w for w in words if not w.isupper()]
    if len(odd) != 1 or len(words) < 4 or len(odd[0]) > 3 or \
            not (odd[0][:1].isupper() and odd[0][1:].islower()):
        return text
    return re.sub(rf"(?<!\w){re.escape(odd[0])}(?!\w)", odd[0].upper(), text)


def tidy_line(text: str) -> str:
    """NFC; foreign glyphs replaced; a marked letter read twice once (`undouble`); stray
    capitals inside words lowered, a short word in a line of capitals raised (`caps_line`);
    tone marks on the right vowel; a space after a comma that joins two words (1,5 is left
    alone); O among digits is 0; m2 after a number is m²."""
    text = fix_glyphs(unicodedata.normalize("NFC", text))
    text = caps_line(_WORD.sub(lambda m: place_tone(fix_case(undouble(m.group(0)))), text))
    return fix_digits(_NUMERIC_COMMA.sub(", ", text))


_ABBREVIATION_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")


@lru_cache(maxsize=1 << 16)  # a page asks of the same tokens again and again
def word_like(token: str) -> bool:
    """Whether a token can be part of printed Vietnamese administrative text: a syllable, a
    number, an upper-case abbreviation (UBND, QĐ, IV), a short code (M1) or a registration
    number (20H8004719)."""
    if is_syllable(token) or token.isdigit():
        return True
    letters = [c for c in token if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(token) < 2:
        return False
    if len(letters) < len(token):   # letters and digits: a short code (M1, 3A), or a
        # registration number, figures with a capital or two among them (20H8004719)
        return len(token) <= 4 or (len(letters) <= 2 and len(token) - len(letters) >= 5)
    # an abbreviation: short, and no marks but Đ's (UBND, HĐND, TNMT; not "AIHOM", "ỦHOIỘH")
    return len(token) <= 6 and all(c in _ABBREVIATION_LETTERS for c in token)


#: a date written with slashes ("12/3/2024")
SLASHED_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d")


def stroke_figures(text: str) -> bool:
    """Whether a line read is figures and slashes that no print gives: the back's print
    showing through, faded to broken upright strokes by the cleaning, reads as 1s, 7s, 0s
    and slashes ("772117/00701110027/080/00", "2/07/1/7/871"). Print joins figures by
    slashes two at a time ("1/2", "03/2024", "15/3") or as a date ("12/3/2024"); a line
    with no letter and a run of three or more figure groups joined by slashes that is no
    date is neither."""
    if any(c.isalpha() for c in text):
        return False
    for run in re.findall(r"[\d/]*/[\d/]*", text):
        groups = run.strip("/").split("/")
        if len(groups) >= 3 and not SLASHED_DATE.fullmatch(run.strip("/")):
            return True
    return False


def is_noise(text: str) -> bool:
    """Whether a line read is no text (a signature's strokes, a seal's ring, print showing
    through from the back read as letters: 'pil0a', 'Vyum sđ', 'JVOJHAD0UM/2V/0VANAAMUA4',
    or as figures: `stroke_figures`): none of its tokens is word-like or, of three tokens or
    more, under a third."""
    if stroke_figures(text):
        return True
    tokens = _WORD.findall(text)
    if not tokens:  # a speck or two read as punctuation; the closing "./." is text
        return len(text.strip()) <= 2
    words = sum(word_like(t) for t in tokens)
    return words == 0 or (len(tokens) >= 3 and words < len(tokens) / 3)


#: a line of three tokens or more read on a 1-bit page whose paper the scan turned black in
#: part is read from that black's speckle when fewer of its tokens than this share can be
#: words (`is_noise` asks under a third, of any page)
SPECKLE_WORDS = 0.6
#: ... or when it holds no letter and this many figures at least: more than any number a
#: document prints (a citizen's identity number has 12, a bank account at most 19)
SPECKLE_FIGURES = 20


def read_from_speckle(text: str) -> bool:
    """Whether a line read on a 1-bit page whose paper the scan turned black in part is the
    speckle about the black read as letters ("Thà hig % đpoay 8ũ viạn dha tmcô aít sờ 9ug"):
    three tokens or more, under `SPECKLE_WORDS` of them word-like; or read as figures
    ("05005205300503007342029043000012232"): no letter, `SPECKLE_FIGURES` figures or more.
    A line of the page's own with a few letters lost to the speckle keeps most of its
    words."""
    if not any(c.isalpha() for c in text) and sum(c.isdigit() for c in text) >= SPECKLE_FIGURES:
        return True
    return len(text.split()) >= 3 and word_share(text) < SPECKLE_WORDS


_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
#: Vowel groups of Vietnamese rhymes (glides and vowel finals included), tone marks removed.
_NUCLEI = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua "
           "uâ uê ui uô uơ uy ưa ưi ưu ươ yê iêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu "
           "yêu").split()
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?(?P<v>[aăâeêioôơuưy]{{1,3}})(?P<c>ch|ng|nh|[cmnpt])?$")


@lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Whether ``word`` can be one written Vietnamese syllable: an initial consonant, a vowel
    group Vietnamese writes, a final consonant, at most one tone mark, and only sắc or nặng
    before a final c, ch, p or t ("Đặng", "Quốc" yes; "Quốs", "Rhạm", "TFao" no)."""
    parts = [split_tone(c) for c in unicodedata.normalize("NFC", word.lower())]
    tones = [t for _, t in parts if t]
    if len(tones) > 1:
        return False
    m = _SYLLABLE.match("".join(p for p, _ in parts))
    if not m or m.group("v") not in _NUCLEI:
        return False
    return not (tones and m.group("c") in ("c", "ch", "p", "t")
                and TONES[tones[0]] not in ("sắc", "nặng"))


def words_read(lines: Iterable[str]) -> int:
    """How many tokens of a reading are word-like, less how many are not."""
    score = 0
    for line in lines:
        for token in _WORD.findall(line):
            score += 1 if word_like(token) else -1
    return score


def syllables_read(lines: Iterable[str]) -> int:
    """How many tokens of a reading are syllables, less how many cannot be words; figures
    and codes count neither way (the back's print showing through, read the right way round,
    is mostly figures: mirrored strokes read as 1, 0, / and capitals)."""
    score = 0
    for line in lines:
        for token in _WORD.findall(line):
            if not word_like(token):
                score -= 1
            elif is_syllable(token):
                score += 1
    return score


def non_words(lines: Iterable[str]) -> int:
    """How many tokens of a reading cannot be words (fragments, garbage)."""
    return sum(not word_like(token) for line in lines for token in _WORD.findall(line))


def word_share(text: str) -> float:
    """The share of a line's tokens that are word-like (1.0 for a line with no token)."""
    tokens = _WORD.findall(text)
    return sum(word_like(t) for t in tokens) / len(tokens) if tokens else 1.0


def own_text(text: str) -> bool:
    """A line that reads as the page's own words: word-like, with two syllables or more."""
    return word_share(text) >= 0.8 and sum(
        len(s) >= 2 and is_syllable(s) for s in syllables(text)) >= 2


_LETTER_RUN = re.compile(r"[^\W\d_]+", re.UNICODE)
#: (the text's syllables, their base letters in lower case, the syllables as replaced so far,
#: i, j) -> the syllables that replace syllables i..j-1, or None.
SpanMatch = Callable[[list[str], list[str], list[str], int, int], list[str] | None]


def syllables(text: str) -> list[str]:
    """The runs of letters of a text (NFC): its syllables, punctuation and digits left out."""
    return _LETTER_RUN.findall(unicodedata.normalize("NFC", text))


def between(text: str) -> list[str]:
    """What stands between each two syllables of a text (NFC): spaces, punctuation, digits."""
    text = unicodedata.normalize("NFC", text)
    runs = list(_LETTER_RUN.finditer(text))
    return [text[a.end():b.start()] for a, b in pairwise(runs)]


def one_per_letters(forms: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Base letters (syllables joined by a space) -> the one form that has them; letters that
    two forms share are left out (their marks cannot be told from the letters)."""
    seen: dict[str, set[tuple[str, ...]]] = {}
    for form in forms:
        seen.setdefault(base_form(" ".join(form)), set()).add(form)
    return {b: next(iter(f)) for b, f in seen.items() if len(f) == 1}


def cased_like(word: str, model: str) -> str:
    """``word`` in ``model``'s case: capitals, capitalised, or as it is."""
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def replace_spans(text: str, longest: int, match: SpanMatch, spaced_only: bool = False) -> str:
    """The text (NFC) with runs of two to ``longest`` syllables replaced where ``match`` gives
    their replacement, tried longest first from the left; what lies between syllables (spaces,
    punctuation, digits) stays as it is. With ``spaced_only``, only runs of syllables parted by
    single spaces (no punctuation) are offered."""
    text = unicodedata.normalize("NFC", text)
    runs = list(_LETTER_RUN.finditer(text))
    read = [m.group(0) for m in runs]
    bases = [base_form(w).lower() for w in read]
    new = list(read)
    spaced = [text[a.end():b.start()] == " " for a, b in pairwise(runs)]
    i = 0
    while i < len(runs):
        for n in range(min(longest, len(runs) - i), 1, -1):
            if spaced_only and not all(spaced[i:i + n - 1]):
                continue
            words = match(read, bases, new, i, i + n)
            if words is not None:
                new[i:i + n] = words
                i += n
                break
        else:
            i += 1
    return rejoined(text, runs, new)


def rejoined(text: str, runs: list[re.Match[str]], words: list[str]) -> str:
    """``text`` with each run of letters found in it (``runs``) replaced by its word in
    ``words``; what lies between them as it is."""
    pieces, last = [], 0
    for m, word in zip(runs, words, strict=True):
        pieces += [text[last:m.start()], word]
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)
