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

Letters are never changed, added or removed: only a tone mark, or a hat (â ê ô ă ơ ư) or đ's
stroke that was missed ("thực dịa" -> "thực địa", "giai doạn" -> "giai đoạn"). Proper names
(capitalised words after the first) are left alone. One letter is the exception, in words that
are no Vietnamese syllable as read: a y read as v or x (`restore_y`).
"""

from __future__ import annotations

import importlib.util
import math
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise, product
from pathlib import Path

from ocr.vietnamese import (
    TONES,
    base_form,
    cased_like,
    is_syllable,
    own_text,
    place_tone,
    read_from_speckle,
    rejoined,
    replace_spans,
    split_tone,
    syllables,
    word_share,
)

#: A syllable as read that is this many times as common as its replacement stays as read.
MORE_COMMON = 10.0
#: The slips a reading may be corrected for: (tone read, tone printed).
SLIPS = frozenset({("sắc", "hỏi"), ("", "huyền"), ("hỏi", "")})
#: A hat (or đ's stroke) the reader missed: the letter printed -> the letter read.
HATS = {"ô": "o", "â": "a", "ê": "e", "ă": "a", "ơ": "o", "ư": "u", "đ": "d"}
#: No dictionary word has more syllables.
_LONGEST = 12
#: where the readers read a syllable differently, a reading Vietnamese writes this many times
#: as often as the syllable as merged is taken (`wordfreq`)
COMMONER = 50.0
#: the longest run of syllables whose readings are chosen between (every combination of the
#: readers' marks is looked up)
CHOICE_LONGEST = 4


def _viet74k() -> list[str]:
    """The entries of Hồ Ngọc Đức's dictionary (underthesea's ``viet_dict_74K``), read from
    the file underthesea ships without loading underthesea (a third of a CPU-second that
    every process reading pages would pay for nothing)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("underthesea is not installed: run scripts/bootstrap.sh")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    return path.read_text(encoding="utf-8").strip().split("\n")


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, list[tuple[str, ...]]], frozenset[str]]:
    """(base letters -> the words of two syllables or more that have them, every word)."""
    forms = []
    for entry in _viet74k():
        word = unicodedata.normalize("NFC", entry.strip())
        form = tuple(word.split())
        if len(form) >= 2 and word == word.lower() and list(form) == syllables(word):
            forms.append(form)
    by_base: dict[str, list[tuple[str, ...]]] = {}
    for form in dict.fromkeys(forms):  # the dictionary lists some words twice
        by_base.setdefault(base_form(" ".join(form)), []).append(form)
    return by_base, frozenset(" ".join(f) for f in forms)


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Every word of a Vietnamese personal name the project knows (`ocr.names`), small."""
    from ocr.names import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, RARER_MIDDLE

    return frozenset(w.lower() for w in FAMILY_NAMES | GIVEN_NAMES | MIDDLE_NAMES | RARER_MIDDLE)


@lru_cache(maxsize=1)
def _family_and_middle() -> tuple[frozenset[str], frozenset[str]]:
    """The family names and the middle names the project knows (`ocr.names`), small."""
    from ocr.names import FAMILY_NAMES, MIDDLE_NAMES, RARER_MIDDLE

    return (frozenset(w.lower() for w in FAMILY_NAMES),
            frozenset(w.lower() for w in MIDDLE_NAMES | RARER_MIDDLE))


@lru_cache(maxsize=1)
def _families_by_base() -> dict[str, frozenset[str]]:
    """Base letters -> the family names (small) that have them."""
    out: dict[str, set[str]] = {}
    for name in _family_and_middle()[0]:
        out.setdefault(base_form(name), set()).add(name)
    return {base: frozenset(names) for base, names in out.items()}


@lru_cache(maxsize=4096)
def _frequency(syllable: str) -> float:
    from wordfreq import word_frequency

    return word_frequency(syllable, "vi")


@lru_cache(maxsize=1 << 16)  # asked of each word of a line many times over
def in_use(syllable: str) -> bool:
    """Whether Vietnamese writes the syllable at all (wordfreq has it): "lai" yes, "puỳnh"
    (a misread "Huỳnh") no."""
    return _frequency(syllable.lower()) > 0


def one_word(first: str, second: str) -> bool:
    """Whether two syllables make one word of the dictionary ("khắc phục", "địa chỉ")."""
    return f"{first} {second}".lower() in _dictionary()[1]


def not_rarer(word: str, than: str) -> bool:
    """Whether Vietnamese writes ``word`` at least as often as ``than`` (small letters,
    punctuation around them ignored): "phải" for "phổi", not "thúng" for "tháng"."""
    def freq(w: str) -> float:
        return _frequency(w.strip(".,;:!?()\"'“”").lower())
    return freq(word) >= freq(than)


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


def in_words(text: str) -> int:
    """How many of a line's syllables lie in dictionary words of two syllables or more
    (`covered`): "chuyển biến ngày càng tích cực" 6, "chuyên biển ngày càng tích cực" 4.
    The dictionary writes an open oa, oe, uy's tone on its second vowel ("cộng hoà", "uỷ
    ban"), documents on the first ("cộng hòa", "ủy ban"): both are looked up alike."""
    return covered([_dictionary_style(w.lower()) for w in _LETTERS.findall(text)],
                   _dictionary()[1])


_LETTERS = re.compile(r"[^\W\d_]+")
#: an open oa, oe or uy with its tone on the first vowel, decomposed (its initial, the vowel
#: and its tone, the second vowel)
_FIRST_VOWEL_TONE = re.compile("^([^\\W\\d_]*?)(o[\u0300\u0301\u0303\u0309\u0323](?=[ae]$)"
                               "|u[\u0300\u0301\u0303\u0309\u0323](?=y$))(.)$")


def _dictionary_style(syllable: str) -> str:
    """A syllable with an open oa, oe or uy's tone moved onto its second vowel, as the
    dictionary writes it ("hòa" -> "hoà", "thủy" -> "thuỷ"; "quý", "hoàng" as they are)."""
    parts = _FIRST_VOWEL_TONE.match(unicodedata.normalize("NFD", syllable))
    if parts is None or parts.group(1).endswith("q"):
        return syllable
    head, toned, last = parts.groups()
    return unicodedata.normalize("NFC", head + toned[0] + last + toned[1])


def reads_as_words(text: str) -> bool:
    """Whether a line reads as Vietnamese words as it is: every word a syllable, and all of
    them but one at most in dictionary words of two syllables or more ("CHỦ CÔNG TRÌNH")."""
    read = [w.lower() for w in text.split()]
    return all(is_syllable(w) for w in read) and \
        covered(read, _dictionary()[1]) >= len(read) - 1


def _in_capitals(span: list[str]) -> bool:
    """A run of syllables set in capitals: in a line of small letters, a name's ("chủ hộ kinh
    doanh: NGUYỄN THỊ THANH NGA", "CƠ SỞ MAY MẶC THANH NGA")."""
    return all(w.isupper() and len(w) > 1 for w in span)


def _capitalised_name(span: list[str]) -> bool:
    """A proper name: a run of syllables, not in capitals, with a capitalised word after its
    first."""
    return not _in_capitals(span) and any(w[:1].isupper() for w in span[1:])


def restore_words(text: str) -> str:
    """The line with the marks of dictionary words put back where the readers slipped."""
    by_base, words = _dictionary()
    named = any(w.islower() for w in syllables(text))

    def misread(read: list[str], bases: list[str], new: list[str], i: int,
                j: int) -> list[str] | None:
        span = read[i:j]
        caps = _in_capitals(span)
        if _capitalised_name(span):
            return None
        if " ".join(span).lower() in words:
            return None
        # of the words with these letters, the one the readers' slips lead to (of several
        # that they can lead to, none: the marks cannot be told)
        reached = [w for w in by_base.get(" ".join(bases[i:j]), ())
                   if all(slip(r, p) and _likely(r, p) for r, p in zip(span, w, strict=True))]
        if len(reached) != 1:
            return None
        word = reached[0]
        if caps and named and any(r.lower() != p and r.lower() in _name_words()
                                  for r, p in zip(span, word, strict=True)):
            return None  # a name's word as read ("NGUYỄN THỊ THANH NGA", not "THỊ THÀNH")
        now = [w.lower() for w in new]
        if covered([*now[:i], *word, *now[j:]], words) <= covered(now, words):
            return None
        return [cased_like(p, w) for p, w in zip(word, span, strict=True)]

    return replace_spans(text, _LONGEST, misread, spaced_only=True)


#: a word that names a place's kind ("xã Đông Phú", "THÔN VĨNH HÒA"): the capitalised words
#: after it are the place's name, neither words to look up nor a person's name
PLACE_WORDS = frozenset("xã phường huyện quận tỉnh thôn xóm ấp bản buôn làng khu phố tổ "
                        "trấn".split())


def offered_readings(text: str, readings: list[str]) -> list[set[str]]:
    """For each syllable of ``text`` (a merged line), the syllables (small letters) the
    readers read in its place: aligned on their base letters, marks set aside."""
    ours = syllables(text)
    out: list[set[str]] = [{s.lower()} for s in ours]
    bases = [base_form(s).lower() for s in ours]
    for reading in readings:
        theirs = syllables(reading)
        match = SequenceMatcher(None, bases, [base_form(s).lower() for s in theirs],
                                autojunk=False)
        for a, b, n in match.get_matching_blocks():
            for k in range(n):
                out[a + k].add(theirs[b + k].lower())
    return out


def choose_words(text: str, offered: list[set[str]]) -> str:
    """The line with a run of syllables that is no dictionary word as merged written as the
    readers read it where they differ in marks and exactly one of their readings is a word
    ("THỊ TUYỂN", Tesseract twice, "THI TUYỂN", the line reader: "thi tuyển"). ``offered``:
    for each syllable, what the readers read in its place (`offered_readings`). Only
    readings a reader made are chosen between: no mark is put that no reader saw. Names are
    left as merged (`restore_words`), and a syllable far commoner than what would replace it
    stays (`MORE_COMMON`). Then a syllable read differently takes a far commoner reading
    (`_commoner`)."""
    _, words = _dictionary()
    named = any(w.islower() for w in syllables(text))

    def chosen(read: list[str], bases: list[str], new: list[str], i: int,
               j: int) -> list[str] | None:
        span = read[i:j]
        if (_in_capitals(span) and named) or _capitalised_name(span) \
                or (span[0][:1].isupper()
                    and any(w.lower() in PLACE_WORDS for w in read[max(0, i - 2):i])):
            return None  # a proper name; a place's ("XÃ VĨNH HÒA HIỆP", not "VINH HOA")
        low = [w.lower() for w in span]
        if " ".join(low) in words:
            return None
        options = [sorted(o) for o in offered[i:j]]
        if math.prod(len(o) for o in options) == 1:
            return None
        found = [c for c in product(*options) if " ".join(c) in words
                 and all(_likely(r, p) for r, p in zip(low, c, strict=True))]
        if len(found) != 1:
            return None
        now = [w.lower() for w in new]
        if covered([*now[:i], *found[0], *now[j:]], words) <= covered(now, words):
            return None
        return [cased_like(p, w) for p, w in zip(found[0], span, strict=True)]

    return _commoner(replace_spans(text, CHOICE_LONGEST, chosen, spaced_only=True), offered)


def _commoner(text: str, offered: list[set[str]]) -> str:
    """The line with each syllable the readers read differently written as the reading that
    Vietnamese writes `COMMONER` times as often as the syllable as merged ("- Các thỏn":
    "thôn", "xây dựng 02 tấng": "tầng"), unless the syllable as merged makes a dictionary
    word with the one before or after it ("nhũng nhiễu", "hậu quả"), or is a name's or a
    place's. A reading without marks is not taken for one with ("NỘI" stays, not "NOI")."""
    runs = list(_WORD.finditer(text))
    words = [m.group(0) for m in runs]
    low = [w.lower() for w in words]
    named = any(w.islower() for w in words)

    def left_alone(k: int) -> bool:
        word = words[k]
        name = (k > 0 and word[:1].isupper() and not word.isupper()) or \
            (_in_capitals([word]) and named) or (k > 0 and low[k - 1] in PLACE_WORDS)
        return name or (k > 0 and one_word(low[k - 1], low[k])) or \
            (k + 1 < len(low) and one_word(low[k], low[k + 1]))

    out = list(words)
    for k, (word, options) in enumerate(zip(words, offered, strict=True)):
        if len(options) < 2 or left_alone(k):
            continue
        best = max(sorted(options), key=_frequency)
        # a reading with no marks where the syllable as merged has some is the readers'
        # commonest slip, and unmarked spellings are common in informal writing
        if base_form(best) == best != low[k] and base_form(low[k]) != low[k]:
            continue
        if _frequency(best) >= COMMONER * max(_frequency(low[k]), 1e-9):
            out[k] = cased_like(best, word)
    return rejoined(text, runs, out)


#: A syllable that makes no dictionary word with its neighbours, read with a mark the readers
#: slip to (`SLIPS`), takes the mark it slipped from where Vietnamese writes that syllable this
#: many times as often, though no reader saw it: "đế" -> "để", "lam" -> "làm", "trướng" ->
#: "trưởng" (each 45-50 times). Not a hook the readers lost: "thửa" and "cổng" (a plot, a
#: gate) are printed where "thưa" and "công" are far commoner
LONE_COMMONER = 20.0
#: the slips a lone syllable is mended for
LONE_SLIPS = SLIPS - {("hỏi", "")}


@lru_cache(maxsize=4096)
def _slipped_from(syllable: str) -> tuple[str, ...]:
    """The syllables with the same letters that the readers may have read as ``syllable``
    (`LONE_SLIPS`: each puts a mark the reading lacks or has another of), small letters."""
    tone, letters = tone_and_letters(syllable)
    vowel = next((i for i, c in enumerate(letters) if base_form(c) in "aeiouy"), None)
    if vowel is None:
        return ()
    marks = {name: mark for mark, name in TONES.items()}
    forms = (place_tone(unicodedata.normalize(
        "NFC", letters[:vowel + 1] + marks[printed] + letters[vowel + 1:]))
        for read, printed in LONE_SLIPS if read == tone)
    return tuple(f for f in forms if f != syllable and is_syllable(f))


def restore_syllables(text: str) -> str:
    """The line with a syllable that stands alone (no dictionary word with the one before or
    after it), in small letters, written with the mark the readers slip from where that
    syllable is `LONE_COMMONER` times as common as the one read ("tài liệu đế đối chiếu":
    "để"). Names (capitalised) and lines in capitals are left as read."""
    runs = list(_WORD.finditer(text))
    words = [m.group(0) for m in runs]
    out = list(words)
    for k, word in enumerate(words):
        if not word.islower() or not is_syllable(word) or \
                (k > 0 and one_word(words[k - 1], word)) or \
                (k + 1 < len(words) and one_word(word, words[k + 1])):
            continue
        found = [f for f in _slipped_from(word)
                 if _frequency(f) >= LONE_COMMONER * max(_frequency(word), 1e-9)]
        if len(found) == 1:
            out[k] = found[0]
    return rejoined(text, runs, out)


def choose_family_names(text: str, offered: list[set[str]]) -> str:
    """The line with a person's family name written as a reader read it, where as merged it
    is no family name and exactly one reader's reading of it is ("NGUYÊN THỊ THANH NGA",
    Tesseract "NGUYỄN"); where no reader read one and the word opens the name, as the one
    family name with its letters, if there is one ("Nguyên", no family name, is "Nguyễn").
    A person's name: a capitalised word before a middle name ("Văn", "Thị", "Quang"), in
    capitals only among small letters (a line in capitals is a title), not after a place's
    kind (`PLACE_WORDS`). ``offered``: as for `choose_words`."""
    family, middle = _family_and_middle()
    text = unicodedata.normalize("NFC", text)
    named = any(w.islower() for w in syllables(text))
    runs = list(_WORD.finditer(text))
    out = [m.group(0) for m in runs]
    for k, (first, then) in enumerate(pairwise(runs)):
        word, after = first.group(0), then.group(0)
        caps = word.isupper() and after.isupper() and len(word) > 1
        if not word[:1].isupper() or not after[:1].isupper() or (caps and not named) \
                or text[first.end():then.start()] != " " or after.lower() not in middle \
                or word.lower() in family or (k and out[k - 1].lower() in PLACE_WORDS):
            continue
        # as a reader read it; else, when no reader read one and the word opens the name,
        # the one family name with its letters (no reader read "NGUYỄN" in "NGUYÊN THỊ THANH
        # NGA": Nguyên is no family's; in "Mạc Đăng Khoa" Đăng is a middle name)
        found = offered[k] & family
        if not found and _opens_name(text, runs, k):
            found = _families_by_base().get(base_form(word.lower()), frozenset())
        if len(found) == 1:
            out[k] = cased_like(next(iter(found)), word)
    return rejoined(text, runs, out)


#: words that stand before a person's name and are no part of it
HONORIFICS = frozenset("ông bà anh chị em cô chú bác cụ".split())


def _opens_name(text: str, runs: list[re.Match], k: int) -> bool:
    """Whether the ``k``-th word of a line opens a full name, of three words or more: after
    a sign, after a small word or after "Ông", "Bà" (`HONORIFICS`). Not the line's first word:
    a line may go on with a place's name ("thôn" / "Trường Thành, xã An Lão"); nor a word
    before two words only ("ap Phú Hòa, xã Tam Nông": "ấp" read without its marks)."""
    if k == 0 or k + 2 >= len(runs) or not runs[k + 2].group(0)[:1].isupper() or \
            text[runs[k + 1].end():runs[k + 2].start()] != " ":
        return False
    if text[runs[k - 1].end():runs[k].start()] != " ":
        return True
    before = runs[k - 1].group(0)
    return not before[:1].isupper() or before.lower() in HONORIFICS


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


#: a syllable a run-together token is parted into is in common use: at least this frequent in
#: Vietnamese (wordfreq), as "thuế", "liên", "hạ" are and a misread's fragments mostly are not
COMMON = 1e-6
#: tokens shorter than this are left whole: a misread syllable ("huan", "guan") may part into
#: two short ones, words read without their spaces are longer
RUN_TOGETHER = 5
#: letters in the longest Vietnamese syllable ("nghiêng")
_SYLLABLE_LETTERS = 7
_TOKEN = re.compile(r"(?<!\S)([(\"'“]?)([^\W\d_]+)([.,;:)\"'”!?]*)(?!\S)")


#: how common a syllable Vietnamese can write but wordfreq does not list is taken to be: a
#: place's name ("Dõng") may be such a syllable, and one of them may be among a parting's
RARE = 1e-9


def _common(piece: str) -> float:
    """How common ``piece`` is as a syllable of two letters or more: its frequency when it is
    `COMMON` or more, `RARE` for a syllable of three letters or more that starts with a
    consonant and that wordfreq does not list, 0 when it is none or too rare (a misread's
    fragment mostly is: "ngò", "thơi", "ưt")."""
    if len(piece) < 2 or not is_syllable(piece):
        return 0.0
    f = _frequency(piece.lower())
    unlisted = f == 0 and len(piece) >= 3 and base_form(piece[0]).lower() not in "aeiouy"
    return f if f >= COMMON else RARE if unlisted else 0.0


@lru_cache(maxsize=1)
def _syllable_letters() -> frozenset[str]:
    """The base letters (small, marks removed) of every syllable in use."""
    from wordfreq import iter_wordlist

    return frozenset(base_form(w).lower() for w in iter_wordlist("vi") if is_syllable(w))


_BASE_LETTERS = "abcdeghiklmnopqrstuvxy"


def _near_syllable(token: str) -> bool:
    """Whether ``token``'s letters, marks aside, are a syllable in use or one letter away
    from one (added, dropped or changed): a syllable misread ("thoan", "tusến" for tuyến,
    "chuấn" for chuẩn), not words run together."""
    known, word = _syllable_letters(), base_form(token).lower()
    if word in known:
        return True
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return any(a + b[1:] in known for a, b in cuts if b) or any(
        a + c + b[k:] in known for a, b in cuts for c in _BASE_LETTERS for k in (0, 1)
        if k == 0 or b)


def _english(token: str) -> bool:
    """A word in common English use ("online", "website"), which partings would garble."""
    from wordfreq import word_frequency

    return word_frequency(token.lower(), "en") >= COMMON


def _parted(token: str) -> list[str] | None:
    """The fewest common syllables (`_common`) ``token`` is made of, of several such partings
    the one of commoner syllables; None when it cannot be so parted, or only with more than
    one unlisted syllable."""
    best: list[tuple[int, float, list[str]] | None] = [None] * (len(token) + 1)
    best[0] = (0, 0.0, [])
    for j in range(2, len(token) + 1):
        for i in range(max(0, j - _SYLLABLE_LETTERS), j - 1):
            if best[i] is None or not (f := _common(token[i:j])):
                continue
            n, cost, pieces = best[i]
            option = (n + 1, cost - math.log(f), [*pieces, token[i:j]])
            if best[j] is None or option[:2] < best[j][:2]:
                best[j] = option
    if best[-1] is None or sum(_common(p) == RARE for p in best[-1][2]) > 1:
        return None
    return best[-1][2]


def part_run_together(text: str) -> str:
    """The line with each word read without the spaces between it and the next
    ("ĐỘITHUẾLIÊNXÃSỐ 3", "khâuthườngtrú", "Chiphíkhác": a face set tight, bold capitals)
    parted into syllables (`_parted`). Only a token of letters alone (punctuation around it
    aside: no address, code or e-mail), in one case (capitals, small letters, or capitalised),
    of `RUN_TOGETHER` letters or more, neither a syllable misread (`_near_syllable`) nor an
    English word, is parted, and only into two syllables or more."""

    def part(m: re.Match[str]) -> str:
        before, token, after = m.groups()
        if len(token) < RUN_TOGETHER or not (token.isupper() or token.islower()
                                             or token[1:].islower()) \
                or _near_syllable(token) or _english(token):
            return m.group()
        pieces = _parted(token)
        return m.group() if pieces is None or len(pieces) < 2 else \
            before + " ".join(pieces) + after

    return _TOKEN.sub(part, text)


#: the page's own words kept from a line read from the speckle hold this many syllables of two
#: letters or more that Vietnamese writes (`in_use`) at least
OWN_BESIDE_SPECKLE = 3


def own_beside_speckle(text: str) -> tuple[int, int] | None:
    """Where, in a line read from the speckle (`read_from_speckle`), the page's own words are
    that the speckle beside them was read into: the longest run the line opens or ends with
    that reads as the page's own words (`own_text`) up to a word where the speckle begins,
    with `OWN_BESIDE_SPECKLE` syllables Vietnamese writes at least (speckle reads as short
    syllables too: "cẩn ồn 8", "gề vượ rc uát it"), the rest read from the speckle as well
    ("trú tại thôn Nghĩa Phúnn bm bôna rận gmnh tiym n gn gn gnng": its first four tokens).
    Its span (start, end) in ``text``; None when there is none."""
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    # n tokens kept, three at least; the rest three at least, as `read_from_speckle` asks
    for n in range(len(spans) - 3, 2, -1):
        for part, rest, inner in ((spans[:n], spans[n:], spans[n - 1]),
                                  (spans[-n:], spans[:-n], spans[-n])):
            start, end = part[0][0], part[-1][1]
            own = text[start:end]
            if word_share(text[inner[0]:inner[1]]) == 1.0 and own_text(own) \
                    and sum(len(s) >= 2 and in_use(s) for s in syllables(own)) \
                    >= OWN_BESIDE_SPECKLE \
                    and read_from_speckle(text[rest[0][0]:rest[-1][1]]):
                return start, end
    return None
