"""The place names of a header with the marks of the official unit they name. Pure, but for
the list of units read once (PyPI's ``vietnam-provinces``: the statistics office's provinces,
districts and communes before and after 1 July 2025; without it nothing is changed).

The issuing body's unit ("XÃ ĐỒNG VĂN", "UBND HUYỆN YÊN THẾ") is set in capitals, whose marks
are small and squeezed under the line above, and the same place usually opens the date line
("Đồng Văn, ngày …"). Where the two readings have the same letters but not the same marks, the
one that is an official unit's name is taken for both; where neither is, the one official name
with those letters. A unit name with no date line to compare with that is no official name
takes the marks of the one official name with its letters. When both readings are official
names (Đông Văn and Đồng Văn are both communes) or several names share the letters, the lines
stay as read. Letters are changed in one case only: the unit's reading is no official name but
a letter or two from the date line's, which is one ("XÃ CÁI NƯỨC" over "Cái Nước, ngày …"):
two readings of one name, the official one taken. The level word that opens the unit's line
("XÃ", "PHƯỜNG", "HUYỆN" …) gets its marks back, stray signs before it dropped. Of several
units above the date line (a parent body's "UBND HUYỆN KẾ SÁCH" over "ỦY BAN NHÂN DÂN XÃ PHONG
NÂM"), the one the date line names is compared with it.

In every line, a level word that opens an official unit's name ("tỉnh", "huyện", "xã",
"phường") read with other marks ("tính Thanh Hóa", "huyền Lục Nam") gets its own back when the
capitalised words after it name a unit of that level (`mark_level_words`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ocr.layout import HEADER_LINES
from ocr.lexicon import tone_and_letters
from ocr.merge import Line
from ocr.vietnamese import cased_like
from pipeline.header import is_council, squeezed
from pipeline.letters import base_form, edit_distance
from pipeline.units import LEVEL_WORDS

# on base letters in capitals (the same length as the text)
_UNIT = re.compile(rf"\b{LEVEL_WORDS}\s+(?P<name>[A-Z][A-Z ]*?)\s*$")
_PLACE = re.compile(r"^[\W_]{0,2}(?P<name>[A-Z][A-Z ]{1,40}?)\s*,\s*N[GQ][AO][YV]\b")
_LEVEL = re.compile(r"^(?:Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Thành phố|Tỉnh)\s+")


@lru_cache(maxsize=1)
def official_names() -> dict[str, frozenset[str]]:
    """Base letters (small) -> the official unit names (small, without "Xã", "Huyện" …)
    that have them; empty without ``vietnam-provinces``."""
    try:
        import vietnam_provinces as new
        from vietnam_provinces import legacy as old
    except ImportError:
        return {}
    names: dict[str, set[str]] = {}
    for kind in (new.Province, new.Ward, old.Province, old.District, old.Ward):
        for unit in kind.iter_all():
            name = _LEVEL.sub("", unit.name).lower()
            names.setdefault(base_form(name), set()).add(name)
    return {k: frozenset(v) for k, v in names.items()}


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """The words of the official unit names (small): "krông", "ea", "h'leo" … are no
    Vietnamese syllables, yet printed right."""
    return frozenset(w for names in official_names().values() for name in names
                     for w in name.split())


def _official(readings: Sequence[str]) -> str | None:
    """The one official name the readings (the same letters) stand for, or None."""
    same = official_names().get(base_form(readings[0]).lower(), frozenset())
    known = {r.lower() for r in readings} & same
    if known:
        return known.pop() if len(known) == 1 else None
    return next(iter(same)) if len(same) == 1 else None


#: the level words in capitals, as printed: a misread mark on one that opens the unit's line
#: ("XẪ") is put back (not "QUẬN": "CƠ QUAN …" names no district)
_LEVELS = {base_form(w): w for w in ("THỊ TRẤN", "THỊ XÃ", "XÃ", "PHƯỜNG", "HUYỆN",
                                      "THÀNH PHỐ", "TỈNH")}


def _level_marked(line: Line, name_at: int) -> Line:
    """The unit's line with the level word that opens it printed right, and stray signs
    before it dropped ("+:XẪ MƯỜNG KHƯƠNG" -> "XÃ MƯỜNG KHƯƠNG")."""
    head = line.text[:name_at].rstrip()
    m = re.match(r"[\W\d_]*", head)
    level = _LEVELS.get(base_form(head[m.end():]).upper())
    return line if level is None else replace(line, text=level + line.text[len(head):])


def _misread_unit(unit: str, place: str) -> bool:
    """Whether the unit's name as read (capitals) is no official name, but a letter or two
    from the date line's place, which is one: word for word, or with its words run together
    ("KỪANH" over "Kỳ Anh")."""
    names = official_names()
    u, p = base_form(unit).lower(), base_form(place).lower()
    near = (len(u.split()) == len(p.split()) and edit_distance(u, p) <= 2) or \
        (len(u.split()) < len(p.split()) and edit_distance(squeezed(u), squeezed(p)) <= 1)
    return u != p and u not in names and place.lower() in names.get(p, frozenset()) and near


def _unit_read_whole(lines: list[Line], place: tuple[int, int, int]) -> list[Line]:
    """The lines with the unit's line under its council, read as no unit at all, written as
    the level word and the date line's place when its letters are theirs a few off (a third
    of them at most): "XẴN ÂM PHONG" (the space read a letter late), "XI HẢM LING" over
    "Hải Lăng, ngày …". Only when the place is an official unit's name and one level word
    fits best."""
    i, a, b = place
    name = lines[i].text[a:b]
    if name.lower() not in official_names().get(base_form(name).lower(), frozenset()):
        return lines
    out = list(lines)
    for k in range(1, i):
        if not (is_council(out[k - 1].text) and out[k].text.isupper()):
            continue
        letters = squeezed(out[k].text)
        off = {level: edit_distance(letters, squeezed(f"{level} {name}"))
               for level in _LEVELS.values()}
        best = min(off.values())
        near = [level for level, d in off.items() if d == best]
        if best <= len(letters) // 3 and len(near) == 1:
            out[k] = replace(out[k], text=f"{near[0]} {name.upper()}")
        break
    return out


def _cased(name: str, model: str) -> str:
    return " ".join(cased_like(w, m) for w, m in zip(name.split(), model.split(), strict=True))


def mend_places(lines: Sequence[Line]) -> list[Line]:
    """The lines with the issuing body's unit name and the date line's place given the marks
    of the official unit they name (see the module's doc)."""
    out = list(lines)

    def units_of(lines: list[Line]) -> list[tuple[int, re.Match[str]]]:
        return [(i, m) for i, ln in enumerate(lines[:HEADER_LINES])
                if (m := _UNIT.search(base_form(ln.text).upper())) and ln.text.isupper()]
    units = units_of(out)
    place = next(((i, m.start("name"), m.end("name")) for i, ln in enumerate(out[:HEADER_LINES])
                  if (m := _PLACE.search(base_form(ln.text).upper()))), None)
    if place is not None:
        # of the units above the date line (a parent's "UBND HUYỆN KẾ SÁCH" over the issuing
        # body's "ỦY BAN NHÂN DÂN XÃ PHONG NÂM"), the one the date line names, else the first
        named = base_form(out[place[0]].text[place[1]:place[2]]).lower()

        def off(unit: tuple[int, re.Match[str]]) -> int:
            return edit_distance(unit[1].group("name").lower(), named)
        near = sorted((u for u in units if u[0] < place[0] and off(u) <= 2), key=off)
        if not near:  # none: the unit's line may be read as no unit at all
            out = _unit_read_whole(out, place)
            near = sorted((u for u in units_of(out) if u[0] < place[0] and off(u) <= 2),
                          key=off)
        units = near or [u for u in units if u[0] < place[0]] or units
    found: list[tuple[int, int, int]] = []  # line, start, end of each place name
    if units:
        i, m = units[0]
        ln, out[i] = out[i], _level_marked(out[i], m.start("name"))
        cut = len(ln.text) - len(out[i].text)  # stray signs dropped before it
        found.append((i, m.start("name") - cut, m.end("name") - cut))
    if place is not None:
        found.append(place)
    read = [out[i].text[a:b] for i, a, b in found]
    if len(read) == 2 and _misread_unit(*read):
        # "XÃ CÁI NƯỨC" over "Cái Nước, ngày …": the date line names the unit, and reads as
        # an official name; the unit's line, a letter off, names none
        i, a, b = found[0]
        out[i] = replace(out[i], text=out[i].text[:a] + read[1].upper() + out[i].text[b:])
        return out
    if not read or len({base_form(r).upper() for r in read}) > 1:
        read, found = read[:1], found[:1]  # two different places: the unit alone
    if not read or len(read[0].split()) > 4:
        return out
    name = _official(read)
    if name is None:
        return out
    for (i, a, b), was in zip(found, read, strict=True):
        text = out[i].text
        out[i] = replace(out[i], text=text[:a] + _cased(name, was) + text[b:])
    return out


#: the level words that open an official unit's name in running text ("xã Đông Sơn, huyện Lục
#: Nam, tỉnh Bắc Giang"), one syllable each; not "quận" ("cơ quan …")
_RUNNING_LEVELS = ("tỉnh", "huyện", "xã", "phường")
_NAME_END = ".,;:)"
#: level words whose letters are a family name's too ("XA VĂN TIẾN", a name in capitals)
_FAMILY_LETTERS = ("xã",)
#: a level word's base letters -> the level word
_LEVEL_BY_LETTERS = {base_form(level): level for level in _RUNNING_LEVELS}


def _name_key(name: str) -> tuple[tuple[str, str], ...]:
    """A name's words compared whatever the style of their tone's place ("Hoà", "Hòa")."""
    return tuple(tone_and_letters(word) for word in name.split())


@lru_cache(maxsize=1)
def units_by_level() -> dict[str, frozenset[tuple[tuple[str, str], ...]]]:
    """Level word ("tỉnh", "huyện", "xã", "phường") -> the names of the official units of that
    level, before and after 1 July 2025 (`_name_key`); empty without ``vietnam-provinces``."""
    try:
        import vietnam_provinces as new
        from vietnam_provinces import legacy as old
    except ImportError:
        return {}
    names: dict[str, set] = {level: set() for level in _RUNNING_LEVELS}
    for kind in (new.Province, new.Ward, old.Province, old.District, old.Ward):
        for unit in kind.iter_all():
            level, _, name = unit.name.partition(" ")
            if level.lower() in names and name:
                names[level.lower()].add(_name_key(name))
    return {level: frozenset(v) for level, v in names.items()}


def mark_level_words(text: str) -> str:
    """A line with the level word before an official unit's name given its marks back where a
    reader slipped on them ("xã Đông Sơn, tính Thanh Hóa" -> "…, tỉnh Thanh Hóa", "huyền Lục
    Nam" -> "huyện Lục Nam"): the word as read has the level word's letters but other marks,
    and the capitalised words after it (one to four) are the name of an official unit of that
    level. The word read is in small letters, or in capitals but for "XA" (a family name's
    letters too): "Ông Xa Văn Tiến" is a name, though Văn Tiến is a commune. Nothing else is
    changed."""
    units = units_by_level()
    if not units:
        return text
    tokens = list(re.finditer(r"\S+", text))
    out = text
    for i, m in enumerate(tokens):
        word = m.group()
        level = _LEVEL_BY_LETTERS.get(base_form(word).lower())
        if level is None or word.lower() == level or not (
                word.islower() or (word.isupper() and level not in _FAMILY_LETTERS)):
            continue  # a capitalised word is a name's ("Ông Xa Văn Tiến")
        for k in range(min(4, len(tokens) - i - 1), 0, -1):
            words = [t.group() for t in tokens[i + 1:i + 1 + k]]
            words[-1] = words[-1].rstrip(_NAME_END)
            if all(w[:1].isupper() and w.isalpha() for w in words) and \
                    _name_key(" ".join(words)) in units[level]:
                # the level word has the letters read, one for one: the tokens stay in place
                out = out[:m.start()] + cased_like(level, word) + out[m.end():]
                break
    return out


def mend_level_words(lines: Sequence[Line]) -> list[Line]:
    """`mark_level_words` on every line."""
    return [replace(ln, text=t) if (t := mark_level_words(ln.text)) != ln.text else ln
            for ln in lines]
