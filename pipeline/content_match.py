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

from pipeline.letters import base_form
from pipeline.models import RegisterEntry

#: what each piece of evidence is worth (the most a candidate can reach is 1.0)
WEIGHTS = {"number": 0.45, "date": 0.25, "unit": 0.12, "signer": 0.1, "holder": 0.08}
#: a number read unsure (handwritten, or not a clean digits/SYMBOL) agreeing counts this much
NEAR = 0.6
#: a reading at or above this certainty is believed when it disagrees with the register
SURE = 0.8

DEFAULT_THRESHOLD = 0.65
DEFAULT_MARGIN = 0.15
#: candidates kept with an unmatched document, for a person to choose from
SHOWN = 5


@dataclass(frozen=True)
class Candidate:
    result_id: str
    score: float
    evidence: tuple[str, ...]   # what agreed, e.g. "number 47/QĐ-UBND", "date 2025-03-14"

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
    key = base_form(unicodedata.normalize("NFC", number or "")).upper()
    key = re.sub(r"\s+", "", key).replace("–", "-").replace("—", "-")
    key = re.sub(r"(?<=\d)O|O(?=\d)", "0", key)
    return re.sub(r"^0+(?=\d)", "", key)


def number_digits(number: str) -> str:
    """The leading serial number of a document number ("047/QĐ-UBND" -> "47")."""
    m = re.match(r"\d+", number_key(number))
    return m.group(0) if m else ""


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (numbers are short)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", base_form(text).upper()))


#: words in a body's name that say nothing about which body it is
_GENERIC = {"UY", "BAN", "NHAN", "DAN", "UBND", "HOI", "DONG", "XA", "PHUONG", "HUYEN", "TINH",
            "THANH", "PHO", "THI", "TRAN", "QUAN", "SO", "PHONG", "CONG", "HOA", "VIET", "NAM"}


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


def number_agrees(read: str, registered: str) -> float:
    """How far a number read agrees with the register's: 1 the same, NEAR one character off
    with the same serial number, 0 otherwise."""
    a, b = number_key(read), number_key(registered)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if number_digits(a) == number_digits(b) and _distance(a, b) <= 2:
        return NEAR
    return 0.0


def score(entry: RegisterEntry, fields: Mapping[str, object], text: str = "") -> Candidate:
    """One register entry held against what a document's pages say."""
    points, evidence = 0.0, []
    number, number_sure = _value(fields, "number")
    if number and entry.document_number:
        agree = number_agrees(number, entry.document_number)
        if agree:
            # a number read unsure (handwritten) that agrees is worth a little less
            points += WEIGHTS["number"] * agree * (1.0 if number_sure >= SURE else 0.8)
            evidence.append(f"số ký hiệu {entry.document_number}"
                            + ("" if agree == 1.0 else f" (read {number})"))
    read_date, _ = _date(fields)
    if read_date is not None and read_date == entry.issued_date:
        points += WEIGHTS["date"]
        evidence.append(f"ngày {entry.issued_date.isoformat()}")
    body = " ".join(v for v in (_value(fields, "issuing_body")[0],
                                _value(fields, "parent_body")[0]) if v)
    if body and entry.unit_name:
        mine = _words(entry.unit_name) - _GENERIC
        if mine and mine <= _words(body):
            points += WEIGHTS["unit"]
            evidence.append(f"đơn vị {entry.unit_name}")
    signer, _ = _value(fields, "signer")
    if signer and entry.signer and _words(signer) == _words(entry.signer):
        points += WEIGHTS["signer"]
        evidence.append(f"người ký {entry.signer}")
    if entry.holder and text:
        if " ".join(base_form(entry.holder).upper().split()) in \
                " ".join(base_form(text).upper().split()):
            points += WEIGHTS["holder"]
            evidence.append(f"chủ hồ sơ {entry.holder}")
    return Candidate(entry.result_id, round(points, 3), tuple(evidence))


def rank(entries: Iterable[RegisterEntry], fields: Mapping[str, object],
         text: str = "") -> list[Candidate]:
    """Every entry's candidate, best first (ties by result id); those with no evidence left
    out."""
    out = [c for c in (score(e, fields, text) for e in entries) if c.score > 0]
    return sorted(out, key=lambda c: (-c.score, c.result_id))


def choose(candidates: list[Candidate], threshold: float = DEFAULT_THRESHOLD,
           margin: float = DEFAULT_MARGIN) -> ContentMatch:
    """The best candidate when it reaches ``threshold`` and leads the next by ``margin``."""
    shown = tuple(candidates[:SHOWN])
    if not candidates:
        return ContentMatch(None, (), "no register entry agrees with the header read")
    best = candidates[0]
    runner = candidates[1].score if len(candidates) > 1 else 0.0
    if best.score < threshold:
        return ContentMatch(None, shown, f"best candidate {best.result_id} scores "
                                         f"{best.score:.2f} < {threshold:.2f}: left to a person")
    if best.score - runner < margin:
        return ContentMatch(None, shown, f"{best.result_id} ({best.score:.2f}) and "
                                         f"{candidates[1].result_id} ({runner:.2f}) are too "
                                         "close: left to a person")
    return ContentMatch(best.result_id, shown,
                        f"content: {', '.join(best.evidence)} (score {best.score:.2f})")


def contradiction(entry: RegisterEntry, fields: Mapping[str, object],
                  other: str | None = None) -> str:
    """Why what is printed on a document says it is not ``entry`` ("" when nothing does): its
    number, read surely, is not the entry's, and either its date (read surely) is not the
    entry's either, or the page matches ``other``, another result, by its content."""
    number, number_sure = _value(fields, "number")
    read_date, date_sure = _date(fields)
    if not (number and entry.document_number) or number_sure < SURE or \
            number_agrees(number, entry.document_number):
        return ""
    wrong_date = read_date is not None and date_sure >= SURE and read_date != entry.issued_date
    if other and other != entry.result_id:
        return (f"the page reads {number}, the register has {entry.document_number} for "
                f"{entry.result_id}; its content matches {other}")
    if wrong_date:
        return (f"the page reads {number} of {read_date.isoformat()}, the register has "
                f"{entry.document_number} of {entry.issued_date.isoformat()} for "
                f"{entry.result_id}")
    return ""
