"""Matching a document to its register entry by what is printed on it. Pure.

The header fields OCR read (number, date, issuing body, signer) and the page text are held
against the register's own columns (số ký hiệu, ngày cấp, đơn vị, người ký, chủ hồ sơ). Each
candidate gets a score in 0..1 made of named pieces of evidence; the best is taken only when it
is above the threshold and clearly ahead of the next one. Otherwise the document stays unmatched
with its best candidates listed, for a person to choose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pipeline.dossier import DOSSIER_CODE
from pipeline.letters import base_form, edit_distance
from pipeline.models import RegisterEntry
from pipeline.units import LEVEL_WORDS

#: what each piece of evidence is worth (all of them together: 1.0)
WEIGHTS = {"number": 0.45, "date": 0.25, "unit": 0.12, "signer": 0.1, "holder": 0.08}
#: a number read unsure (handwritten, or not a clean digits/SYMBOL) agreeing counts this much
NEAR = 0.6
#: a reading at or above this certainty is believed when it disagrees with the register
SURE = 0.8

DEFAULT_THRESHOLD = 0.6
DEFAULT_MARGIN = 0.15
#: candidates kept with an unmatched document, for a person to choose from
SHOWN = 5


@dataclass(frozen=True)
class Candidate:
    result_id: str
    score: float                # the share of what the register row offers that agrees, ≤ 1
    evidence: tuple[str, ...]   # what agreed, e.g. "số ký hiệu 47/QĐ-UBND", "ngày 2025-03-14"
    #: its number or its holder's name is on the page: the rest (a date, a unit, a signer)
    #: many results share
    identified: bool = False
    #: the register row has a number or a holder that could have identified it
    identifiable: bool = True
    #: points per kind of evidence, in WEIGHTS' order (number, date, unit, signer, holder)
    parts: tuple[float, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"result_id": self.result_id, "score": self.score, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class ContentMatch:
    result_id: str | None          # taken, or None: a person chooses among the candidates
    candidates: tuple[Candidate, ...]
    reason: str                    # one line: why taken, or why not


def number_key(number: str) -> str:
    """A document number as compared: base letters, upper case, no spaces, O between digits
    read as 0, no leading zeros ("047 / QĐ-UBND" and "47/QD-UBND" are the same number)."""
    if not number:  # most register rows give none: millions of them at a first import
        return ""
    key = base_form(unicodedata.normalize("NFC", number)).upper()
    key = _SPACES.sub("", key).replace("–", "-").replace("—", "-")
    key = _STROKES.sub("/", key)  # "22//GP-KTHT": a stroke read twice
    key = _LEADING_MARK.sub("", key)  # "_360/GM-UBND", ",47/…": a mark before the number
    key = _LETTER_O.sub("0", key)
    return _LEADING_ZEROS.sub("", key)


_SPACES = re.compile(r"\s+")
_STROKES = re.compile(r"/{2,}")
_LEADING_MARK = re.compile(r"^[\W_]+")
_LETTER_O = re.compile(r"(?<=\d)O|O(?=\d)")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")


def number_digits(number: str) -> str:
    """The serial number of a document number ("047/QĐ-UBND" -> "47"; read "9.36/…" or
    "SL4/…": "936", "514"): "" when it has none."""
    key = number_key(number)
    parts = _serial_and_symbol(key)
    m = re.match(r"\d+", _as_digits(parts[0]).lstrip("0") if parts else key)
    return m.group(0) if m else ""


def _name(text: str) -> str:
    """A person's name as compared: base letters, upper case, single spaces."""
    return " ".join(re.findall(r"\w+", base_form(text).upper()))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", base_form(text).upper()))


#: words in a body's name that say nothing about which body it is
_GENERIC = {"UY", "BAN", "NHAN", "DAN", "UBND", "HOI", "DONG", "XA", "PHUONG", "HUYEN", "TINH",
            "THANH", "PHO", "THI", "TRAN", "QUAN", "SO", "PHONG", "CONG", "HOA", "VIET", "NAM"}


#: words that make a body's name the name of a unit (and not, say, a title read as one)
_PLACES = {"XA", "PHUONG", "HUYEN", "TINH", "QUAN", "TRAN", "THANH", "UBND"}


_LEVEL_WORDS = re.compile(r"^(?:(?:UY BAN NHAN DAN|UBND|HOI DONG NHAN DAN)\s+)?"
                          rf"(?:{LEVEL_WORDS}|TP)\s+")


def _place_name(unit_name: str) -> str:
    """A unit's own name, as compared in a text: "Xã Đồng Văn" -> "DONG VAN" (the words
    together, in order: "Văn" alone is in many people's names)."""
    name = " ".join(re.findall(r"\w+", base_form(unit_name).upper()))
    return _LEVEL_WORDS.sub("", name)


def date_in_text(day: date, text: str) -> float:
    """Whether ``day`` is written in the text: 1.0 as "ngày 5 tháng 3 năm 2025" (with or
    without leading zeros, marks read or not) or 05/03/2025; 0.5 as "ngày ?? tháng 3 năm 2025"
    with the day unreadable (one or two characters that are not a day's digits); else 0."""
    flat = " ".join(base_form(text).lower().split())
    d, m, y = day.day, day.month, day.year
    spelled = rf"ngay\s*0?{d}\s*thang\s*0?{m}\s*nam\s*{y}"
    numeric = rf"(?<!\d)0?{d}\s*[/.-]\s*0?{m}\s*[/.-]\s*{y}(?!\d)"
    if re.search(spelled, flat) or re.search(numeric, flat):
        return 1.0
    unread = rf"ngay\s*(\S{{1,2}})\s*thang\s*0?{m}\s*nam\s*{y}"
    return 0.5 if any(not g.isdigit() for g in re.findall(unread, flat)) else 0.0


_SPELLED = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def text_dates(text: str, limit: int = 3) -> list[date]:
    """Dates written out in a document's opening lines ("ngày 16 tháng 7 năm 2026"): a record
    (biên bản) has no date line, its first sentence gives its date."""
    head = base_form("\n".join(text.splitlines()[:12])).lower()
    found = []
    for d, m, y in _SPELLED.findall(head):
        try:
            found.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return list(dict.fromkeys(found))[:limit]


_DATE_LINE = re.compile(r",\s*ng[ao]y\s*\S{0,3}\s*th[ab]ng\s*\S{0,3}\s*n[ao]m\s*(\d{4})")
#: the place-and-date line above a signature, the whole line: "Lục Nam, ngày 11 tháng 02 năm
#: 2025" (not "…, thứ Sáu, ngày 11 tháng 4 năm 2025." inside a sentence)
_FOOT_DATE_LINE = re.compile(r"^\s*[A-Z][^,\d:;()]{1,40},\s*ng[ao]y\s*\S{0,3}\s*th[ab]ng"
                             r"\s*\S{0,3}\s*n[ao]m\s*(\d{4})\s*$")


def dated_year(text: str) -> int | None:
    """The year of the place-and-date line ("Đông Sơn, ngày l7 tháng 9 năm 2025") in a
    document's opening lines, else the last one below them (a certificate's, above its
    signature), its day or month maybe unreadable; None if there is none."""
    lines = text.splitlines()
    head = base_form("\n".join(lines[:12])).lower()
    m = _DATE_LINE.search(head)
    if m is None:  # a certificate or a record dates itself above the signature
        m = next((f for line in reversed(lines[12:])
                  if (f := _FOOT_DATE_LINE.match(base_form(line)))), None)
    return int(m.group(1)) if m else None


_NUMBER_IN_TEXT = re.compile(r"\bSo\s*[:.]?\s*([0-9A-Za-z][\w./-]*\d[\w./-]*)")


def text_numbers(text: str, limit: int = 5) -> list[str]:
    """Numbers printed after "Số" in the first lines of a document's text (a certificate
    prints its number under the title, where the header reader does not look)."""
    head = "\n".join(unicodedata.normalize("NFC", text).splitlines()[:25])
    flat = base_form(head)  # same length: positions carry over
    found = [head[m.start(1):m.end(1)].rstrip(".,;") for m in _NUMBER_IN_TEXT.finditer(flat)]
    # a receipt prints a dossier code as its number ("Mã hồ sơ: 000.55.67.H59-250925-2483")
    found += [m.group(0) for m in DOSSIER_CODE.finditer(head)]
    return list(dict.fromkeys(found))[:limit]


def _value(fields: Mapping[str, object], key: str) -> tuple[str, float]:
    f = fields.get(key)
    if isinstance(f, Mapping) and f.get("value"):
        return str(f["value"]), float(f.get("certainty") or 0.0)
    return "", 0.0


def _date(fields: Mapping[str, object]) -> tuple[date | None, float]:
    text, certainty = _value(fields, "date")
    try:
        return date.fromisoformat(text), certainty
    except ValueError:
        return None, 0.0


def _serial_and_symbol(key: str) -> tuple[str, str] | None:
    """"47/QD-UBND" -> ("47", "QD-UBND"); the symbol is what follows the last "/" before a
    letter ("12/2024/ND-CP" -> ("12/2024", "ND-CP"); a handwritten 1 read as "/": "8/2/TB-PKT"
    -> ("8/2", "TB-PKT")); with no "/" at all, a symbol with a dash after the digits ("6957TB-
    UBND": the "/" read as a digit). None for a number without a serial and a symbol (a
    dossier code printed as the number, say)."""
    m = _SERIAL_SYMBOL.match(key) or _NO_SLASH.match(key)
    return (m.group(1), m.group(2)) if m else None


_SERIAL_SYMBOL = re.compile(r"^(.*?\d.*?)/([A-Z][^/]*)$")
_NO_SLASH = re.compile(r"^(\d{2,5})([A-Z]{1,6}(?:-[A-Z][A-Z0-9]{0,5})+)$")


def number_agrees(read: str, registered: str) -> float:
    """How far a number read agrees with the register's: 1 the same; NEAR the same serial
    with the symbol a character or two off, or the same symbol with one character of the
    serial misread ("8I4", "54" for 534); 0 otherwise (a number without a symbol must agree
    exactly: one digit of a dossier code makes another dossier)."""
    a, b = number_key(read), number_key(registered)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    pa, pb = _serial_and_symbol(a), _serial_and_symbol(b)
    if pa is None or pb is None:
        return 0.0
    if pa[1] == pb[1] and re.sub(r"[.,'`]", "", pa[0]) == pb[0]:
        return 1.0  # a speck read as a point in the serial ("3.18" for 318)
    if pa[0] == pb[0] and edit_distance(pa[1], pb[1]) <= 2:
        return NEAR
    if pa[1] == pb[1] and pb[0].isdigit() and edit_distance(_as_digits(pa[0]), pb[0]) <= 1:
        return NEAR
    return 0.0


#: letters OCR reads for digits in a serial number
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "D": "0", "I": "1", "L": "1", "|": "1", "Z": "2",
                                   "S": "5", "G": "6", "B": "8"})


def near_keys(number: str) -> list[str]:
    """The keys of the numbers one digit away from ``number``'s serial, same symbol ("379/UBND"
    -> "319/UBND", "37/UBND", "3790/UBND", …): the register rows a handwritten serial misread
    may be, looked up by their key."""
    parts = _serial_and_symbol(number_key(number))
    if parts is None:
        return []
    serial, symbol = _as_digits(parts[0]).lstrip("0"), parts[1]
    if not serial.isdigit() or len(serial) > 6:
        return []
    digits = "0123456789"
    out = {serial[:i] + serial[i + 1:] for i in range(len(serial))}
    out |= {serial[:i] + d + serial[i + 1:] for i in range(len(serial)) for d in digits}
    out |= {serial[:i] + d + serial[i:] for i in range(len(serial) + 1) for d in digits}
    return sorted(f"{v.lstrip('0')}/{symbol}" for v in out if v.lstrip("0"))


def _as_digits(serial: str) -> str:
    """A serial number read with letters for digits, as the digits they look like ("SL4" ->
    "514"), stray marks in it dropped ("9.36" -> "936")."""
    return re.sub(r"[\W_]+", "", serial).translate(_DIGIT_LOOKALIKES)


@dataclass(frozen=True)
class Printed:
    """What the text of a document offers every candidate, worked out once per document."""

    text: str = ""
    numbers: frozenset[str] = frozenset()   # keys of the numbers after "Số" (`text_numbers`)
    year: int | None = None                 # the date line's year (`dated_year`)
    flat: str = ""                          # base letters, upper case, single spaces
    head: str = ""  # the opening lines: base letters, upper case, words between single spaces

    @classmethod
    def of(cls, text: str) -> Printed:
        if not text:
            return cls()
        return cls(text, frozenset(number_key(n) for n in text_numbers(text)),
                   dated_year(text), " ".join(base_form(text).upper().split()),
                   " ".join(re.findall(r"\w+", base_form("\n".join(text.splitlines()[:25]))
                                       .upper())))


def score(entry: RegisterEntry, fields: Mapping[str, object],
          page: Printed = Printed()) -> Candidate:
    """One register entry held against what a document's pages say."""
    text = page.text
    got = dict.fromkeys(WEIGHTS, 0.0)  # points per kind of evidence
    evidence, identified = [], False
    number, number_sure = _value(fields, "number")
    agree = number_agrees(number, entry.document_number) if number and entry.document_number \
        else 0.0
    if agree:
        # a number read unsure (handwritten) that agrees is worth a little less
        got["number"] += WEIGHTS["number"] * agree * (1.0 if number_sure >= SURE else 0.8)
        evidence.append(f"số ký hiệu {entry.document_number}"
                        + ("" if agree == 1.0 else f" (read {number})"))
        identified = True
    elif entry.document_number and number_key(entry.document_number) in page.numbers:
        # not where the header has it, but printed after "Số" elsewhere on the page
        got["number"] += WEIGHTS["number"] * 0.9
        evidence.append(f"số ký hiệu {entry.document_number} (in the text)")
        identified = True
    read_date, _ = _date(fields)
    # the year of the place-and-date line itself: the date field may have been taken from a
    # date in the body when the header has none, and a wrong date must not decide
    year = page.year
    dated = False  # the result's own date is on the page
    if read_date is not None and read_date == entry.issued_date:
        got["date"] += WEIGHTS["date"]
        evidence.append(f"ngày {entry.issued_date.isoformat()}")
        dated = True
    elif read_date is None and text and date_in_text(entry.issued_date, text) == 1.0:
        # the date line was not read as one, but the date is written on the page (a record
        # gives it in its first sentence)
        got["date"] += WEIGHTS["date"] * 0.8
        evidence.append(f"ngày {entry.issued_date.isoformat()} (in the text)")
        dated = True
    elif year == entry.issued_date.year:
        # a day written by hand and not read, or misread: the year still tells this result
        # from the same number of another year
        got["date"] += WEIGHTS["date"] * 0.5
        evidence.append(f"năm {year}")
    elif year is not None:
        got["date"] -= WEIGHTS["date"] * 0.5  # dated another year
        evidence.append(f"not of {entry.issued_date.year}")
    body, body_sure = _value(fields, "issuing_body")
    body = " ".join(v for v in (body, _value(fields, "parent_body")[0]) if v)
    place = _place_name(entry.unit_name) if entry.unit_name else ""
    if len(re.sub(r"[^A-Z]", "", place)) < 3:
        place = ""  # "Phường 3": too short a name to look for
    if body and place:
        mine, read = set(place.split()), _words(body)
        if f" {place} " in " {} ".format(" ".join(re.findall(r"\w+", base_form(body).upper()))):
            got["unit"] += WEIGHTS["unit"]
            evidence.append(f"đơn vị {entry.unit_name}")
        elif not mine & read and body_sure >= SURE and read & _PLACES:
            got["unit"] -= WEIGHTS["unit"]  # the page names another unit
            evidence.append(f"not {entry.unit_name}")
    elif place and text:  # no body read: the unit named in the opening lines
        if f" {place} " in f" {page.head} ":
            got["unit"] += WEIGHTS["unit"] * 0.8
            evidence.append(f"đơn vị {entry.unit_name} (in the text)")
    signer, signer_sure = _value(fields, "signer")
    if signer and entry.signer:
        a, b = _name(signer), _name(entry.signer)
        if a == b:
            got["signer"] += WEIGHTS["signer"]
            evidence.append(f"người ký {entry.signer}")
        elif edit_distance(a, b) <= 2 or len(set(a.split()) & set(b.split())) >= 2:
            # a letter or two misread, or the name cut short
            got["signer"] += WEIGHTS["signer"] * 0.6
            evidence.append(f"người ký {entry.signer} (read {signer})")
        elif signer_sure >= SURE and not set(a.split()[1:]) & set(b.split()[1:]):
            got["signer"] -= WEIGHTS["signer"]  # another person signed it
            evidence.append(f"not signed by {entry.signer}")
    if entry.holder and text:
        if " ".join(base_form(entry.holder).upper().split()) in page.flat:
            got["holder"] += WEIGHTS["holder"]
            evidence.append(f"chủ hồ sơ {entry.holder}")
            # one person may hold several results of a unit: the holder tells which only
            # with the result's own date
            identified = identified or dated
    # a result that has no number by its nature (a record, biên bản) is not marked down for
    # it, on a page that has no number either
    numbered = bool(entry.document_number or number or page.numbers)
    offered = 1.0 if numbered else 1.0 - WEIGHTS["number"]
    return Candidate(entry.result_id, round(sum(got.values()) / offered, 3), tuple(evidence),
                     identified, bool(entry.document_number or entry.holder),
                     tuple(round(got[k], 4) for k in WEIGHTS))


def rank(entries: Iterable[RegisterEntry], fields: Mapping[str, object],
         text: str = "") -> list[Candidate]:
    """Every entry's candidate, best first (ties by result id); those with nothing in their
    favour left out."""
    page = Printed.of(text)
    out = [c for c in (score(e, fields, page) for e in entries) if c.score > 0]
    return sorted(out, key=lambda c: (-c.score, c.result_id))


def choose(candidates: list[Candidate], threshold: float = DEFAULT_THRESHOLD,
           margin: float = DEFAULT_MARGIN) -> ContentMatch:
    """The best candidate when it reaches ``threshold`` and leads the next by ``margin``."""
    shown = tuple(candidates[:SHOWN])
    if not candidates:
        return ContentMatch(None, (), "no register entry agrees with the header read")
    best = candidates[0]
    # a rival is a candidate the page identifies too, or one it could not: a register row
    # whose number and holder are both absent from a page that identifies the best is not it
    rival = next((c for c in candidates[1:] if c.identified or not c.identifiable), None)
    runner = rival.score if rival else 0.0
    if best.score < threshold:
        return ContentMatch(None, shown, f"best candidate {best.result_id} scores "
                                         f"{best.score:.2f} < {threshold:.2f}: left to a person")
    if not best.identified:
        return ContentMatch(None, shown, f"{best.result_id} ({best.score:.2f}): neither its "
                                         "number nor its holder's name is on the page: left "
                                         "to a person")
    close = [c for c in candidates[1:] if (c.identified or not c.identifiable)
             and best.score - c.score < margin]
    if close and all(_ahead(best, c) for c in close):
        return ContentMatch(best.result_id, shown,
                            f"content: {', '.join(best.evidence)} (score {best.score:.2f}; "
                            f"ahead of {close[0].result_id} on its number or holder, behind "
                            "on nothing)")
    if best.score - runner < margin:
        return ContentMatch(None, shown, f"{best.result_id} ({best.score:.2f}) and "
                                         f"{rival.result_id} ({runner:.2f}) are too "
                                         "close: left to a person")
    return ContentMatch(best.result_id, shown,
                        f"content: {', '.join(best.evidence)} (score {best.score:.2f})")


def _ahead(best: Candidate, other: Candidate) -> bool:
    """``best`` agrees with the page at least as well as ``other`` on every kind of evidence,
    and better on what identifies a result: its number, or its holder's name."""
    if not best.parts or len(best.parts) != len(other.parts):
        return False
    number, holder = 0, len(WEIGHTS) - 1
    return all(a >= b for a, b in zip(best.parts, other.parts, strict=True)) and (
        best.parts[number] > other.parts[number] or best.parts[holder] > other.parts[holder])


def contradiction(entry: RegisterEntry, fields: Mapping[str, object],
                  other: str | None = None, strict: bool = True) -> str:
    """Why what is printed on a document says it is not ``entry`` ("" when nothing does): its
    number, read surely, is not the entry's, and either its date (read surely) is not the
    entry's either (only when ``strict``), or the page matches ``other``, another result, by
    its content."""
    number, number_sure = _value(fields, "number")
    read_date, date_sure = _date(fields)
    if not (number and entry.document_number) or number_sure < SURE or \
            number_agrees(number, entry.document_number) == 1.0:
        return ""
    wrong_date = read_date is not None and date_sure >= SURE and read_date != entry.issued_date
    if other and other != entry.result_id:
        return (f"the page reads {number}, the register has {entry.document_number} for "
                f"{entry.result_id}; its content matches {other}")
    if wrong_date and strict:
        return (f"the page reads {number} of {read_date.isoformat()}, the register has "
                f"{entry.document_number} of {entry.issued_date.isoformat()} for "
                f"{entry.result_id}")
    return ""
