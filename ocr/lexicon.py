"""Vietnamese words, to choose between readings of a line that differ only in marks. Pure, but
for the two word lists read once.

The readers slip on marks in known ways: a hook above (hỏi) read as an acute ("thấm quyền"
for "thẩm quyền", "tố chức" for "tổ chức"), a grave or a hat lost ("thẩm quyên", "xay dựng"),
a hook seen where there is none ("tỉnh thần"), or on an i a grave ("xác mình"). Two or more
syllables in a row that are no word of Hồ Ngọc Đức's dictionary (74,000 words, as underthesea
ships it) as read, but are exactly one word of it after such slips (of the words with their
letters, the only one the slips lead to: "hạ tâng" -> "hạ tầng"), take that word's marks,
except when:

- the line, cut into dictionary words, is no better covered by words after the change than
  before ("chuyển mục đích" does not become "chuyên mục đích": "mục đích" is a word as read;
  "tỉnh thần thái độ" becomes "tinh thần thái độ", two words for one);
- a syllable as read is over ``MORE_COMMON`` times as common in Vietnamese as the one it would
  become (wordfreq's frequencies): "có" is far likelier than "cỏ", whatever follows.

Letters are never changed, added or removed: only a tone mark, or a hat (â ê ô ă ơ ư) that was
missed. Proper names (capitalised words after the first) are left alone. One letter is the
exception, in words that are no Vietnamese syllable as read: a y read as v or x (`restore_y`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ocr.vietnamese import (
    TONES,
    base_form,
    cased_like,
    is_syllable,
    replace_spans,
    split_tone,
    syllables,
)

#: A syllable as read that is this many times as common as its replacement stays as read.
MORE_COMMON = 10.0
#: The slips a reading may be corrected for: (tone read, tone printed).
SLIPS = frozenset({("sắc", "hỏi"), ("", "huyền"), ("hỏi", "")})
#: A hat the reader missed: the letter read -> the letter printed.
HATS = {"ô": "o", "â": "a", "ê": "e", "ă": "a", "ơ": "o", "ư": "u"}
#: No dictionary word has more syllables.
_LONGEST = 12


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, list[tuple[str, ...]]], frozenset[str]]:
    """(base letters -> the words of two syllables or more that have them, every word)."""
    from underthesea.corpus import viet_dict_74K

    forms = []
    for entry in viet_dict_74K.words:
        word = unicodedata.normalize("NFC", entry.strip())
        form = tuple(word.split())
        if len(form) >= 2 and word == word.lower() and list(form) == syllables(word):
            forms.append(form)
    by_base: dict[str, list[tuple[str, ...]]] = {}
    for form in dict.fromkeys(forms):  # the dictionary lists some words twice
        by_base.setdefault(base_form(" ".join(form)), []).append(form)
    return by_base, frozenset(" ".join(f) for f in forms)


@lru_cache(maxsize=4096)
def _frequency(syllable: str) -> float:
    from wordfreq import word_frequency

    return word_frequency(syllable, "vi")


def in_use(syllable: str) -> bool:
    """Whether Vietnamese writes the syllable at all (wordfreq has it): "lai" yes, "puỳnh"
    (a misread "Huỳnh") no."""
    return _frequency(syllable.lower()) > 0


def tone_and_letters(syllable: str) -> tuple[str, str]:
    """A syllable's tone ("" without one; else "sắc", "huyền" …) and its letters, small, with
    their hats and horns but no tone mark ("Quyền" -> ("huyền", "quyên"))."""
    parts = [split_tone(c) for c in unicodedata.normalize("NFC", syllable.lower())]
    tones = [TONES[t] for _, t in parts if t]
    return (tones[0] if tones else ""), "".join(p for p, _ in parts)


def slip(read: str, printed: str) -> bool:
    """Whether ``printed`` can have been read as ``read`` by one of the known slips (or is it)."""
    if read.lower() == printed:
        return True
    (t1, l1), (t2, l2) = tone_and_letters(read), tone_and_letters(printed)
    if l1 == l2:
        # on an i, the dot of bold print is also read as a grave ("xác mình thông tìn")
        return (t1, t2) in SLIPS or ((t1, t2) == ("huyền", "") and
                                     "ì" in unicodedata.normalize("NFC", read.lower()))
    return t1 == t2 and len(l1) == len(l2) and \
        all(a == b or HATS.get(b) == a for a, b in zip(l1, l2, strict=True))


def _likely(read: str, printed: str) -> bool:
    return read.lower() == printed or \
        _frequency(read.lower()) <= MORE_COMMON * max(_frequency(printed), 1e-7)


def covered(syllables: list[str], words: frozenset[str]) -> int:
    """How many of the syllables the best cut of them into dictionary words of two syllables
    or more covers."""
    best = [0] * (len(syllables) + 1)
    for i in range(1, len(syllables) + 1):
        best[i] = best[i - 1]
        for n in range(2, min(i, _LONGEST) + 1):
            if " ".join(syllables[i - n:i]) in words:
                best[i] = max(best[i], best[i - n] + n)
    return best[-1]


def restore_words(text: str) -> str:
    """The line with the marks of dictionary words put back where the readers slipped."""
    by_base, words = _dictionary()

    def misread(read: list[str], bases: list[str], new: list[str], i: int,
                j: int) -> list[str] | None:
        span = read[i:j]
        caps = all(w.isupper() and len(w) > 1 for w in span)
        if not caps and any(w[:1].isupper() for w in span[1:]):
            return None  # a proper name
        if " ".join(span).lower() in words:
            return None
        # of the words with these letters, the one the readers' slips lead to (of several
        # that they can lead to, none: the marks cannot be told)
        reached = [w for w in by_base.get(" ".join(bases[i:j]), ())
                   if all(slip(r, p) and _likely(r, p) for r, p in zip(span, w, strict=True))]
        if len(reached) != 1:
            return None
        word = reached[0]
        now = [w.lower() for w in new]
        if covered([*now[:i], *word, *now[j:]], words) <= covered(now, words):
            return None
        return [cased_like(p, w) for p, w in zip(word, span, strict=True)]

    return replace_spans(text, _LONGEST, misread, spaced_only=True)


#: letters a reader takes a "y" for where its tail is faint or thin (a high-contrast serif, a
#: blurred photo): "ngàv", "xâv", "quvết", "Ux"
Y_LOOKALIKES = "vx"
_WORD = re.compile(r"[^\W\d_]+")


def _with_y(word: str) -> str:
    """``word``, or the one syllable in use it is with one of its v or x read for a y, when
    Vietnamese cannot write it as read (no syllable ends in v or x, none has "uv" before a
    vowel). Short capitals (NV, XV: abbreviations, numerals) stay as read."""
    if len(word) < 3 or (word.isupper() and len(word) <= 3) or is_syllable(word):
        return word
    low = word.lower()
    found = {w for i, c in enumerate(low) if c in Y_LOOKALIKES
             and is_syllable(w := low[:i] + "y" + low[i + 1:]) and in_use(w)}
    if len(found) != 1:
        return word
    return "".join(a.upper() if b.isupper() else a for a, b in zip(found.pop(), word,
                                                                  strict=True))


def restore_y(text: str) -> str:
    """The line with each word read with a v or x for its y written with the y (`_with_y`)."""
    return _WORD.sub(lambda m: _with_y(m.group(0)), text)
