"""Identity of a document read off its text: number and symbol, date, issuing body, type,
subject (trích yếu), signer. Pure functions over the page's lines in reading order.

The layout is the one Decree 30/2020/NĐ-CP prescribes: left header block (governing body,
issuing body, ``Số: …``), right header block (national title, motto, ``<place>, ngày … tháng …
năm …``), then the type in capitals, the subject, the body, and at the foot ``Nơi nhận`` before
the signature block whose last line is the signer's printed name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pipeline.letters import base_form

# Matched on the base letters (marks removed, same length), so a misread mark does not hide them.
_NUMBER = re.compile(r"^\s*S[o0]\s*[:;.]?\s*(\S*\d\S*)$|^\s*S[o0]\s*[:;.]\s*(\S*\d\S*)",
                     re.IGNORECASE)
_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", re.IGNORECASE)
_MOTTO = ("CỘNG HÒA", "ĐỘC LẬP", "CỘNG HOÀ")
_COUNCILS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
_SUBJECT_START = re.compile(r"^(Về việc|V/v)\b", re.IGNORECASE)
#: Types whose title is followed by a subject line (trích yếu).
SUBJECT_TYPES = ("QUYẾT ĐỊNH", "THÔNG BÁO", "KẾ HOẠCH", "CÔNG VĂN", "TỜ TRÌNH", "BÁO CÁO",
                 "CHỈ THỊ", "NGHỊ QUYẾT", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "QUY ĐỊNH")
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")
_SIGN_TITLES = ("TM.", "KT.", "Q.", "TL.", "TUQ.", "CHỦ TỊCH", "TRƯỞNG", "PHÓ", "GIÁM ĐỐC")


@dataclass(frozen=True)
class Field:
    value: str
    certainty: float  # 0..1: how sure the reading is (not Tesseract's 0..100 confidence)


@dataclass(frozen=True)
class HeaderFields:
    number: Field | None = None        # "435/QĐ-UBND"
    date: Field | None = None          # ISO date, "2023-01-31"
    place: Field | None = None         # "Châu Thành"
    issuing_body: Field | None = None  # "PHÒNG TÀI CHÍNH - KẾ HOẠCH"
    parent_body: Field | None = None   # "UBND HUYỆN CHÂU THÀNH"
    doc_type: Field | None = None      # "QUYẾT ĐỊNH", "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"
    subject: Field | None = None       # "Về việc …"
    signer: Field | None = None        # "Hoàng Thanh Lệ"

    def as_dict(self) -> dict[str, dict[str, object] | None]:
        return {k: (None if v is None else {"value": v.value, "certainty": round(v.certainty, 3)})
                for k, v in self.__dict__.items()}


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()


def looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)


def extract_signer(lines: list[str], confs: list[float] | None = None) -> Field | None:
    """The signer's printed name: the last name-like line after the signing title."""
    confs = confs or [1.0] * len(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        text = _clean(lines[i])
        if looks_like_name(text):
            above = " ".join(lines[max(0, i - 3):i]).upper()
            sure = 1.0 if any(t in above for t in _SIGN_TITLES) else 0.6
            return Field(text, sure * confs[i])
    return None


def extract_header(lines: list[str], confs: list[float] | None = None) -> HeaderFields:
    """Header fields of a document's first page (lines in reading order)."""
    lines = [_clean(x) for x in lines]
    confs = confs or [1.0] * len(lines)
    found: dict[str, Field] = {}
    bases = [base_form(x) for x in lines]
    num_at = next((i for i, x in enumerate(bases[:12]) if _NUMBER.match(x)), None)
    if num_at is not None:
        m = _NUMBER.match(bases[num_at])
        g = 1 if m.group(1) else 2
        found["number"] = Field(lines[num_at][m.start(g):m.end(g)].rstrip(".,;"),
                                confs[num_at])
        left = [(x, c) for x, c in zip(lines[:num_at], confs[:num_at], strict=True)
                if x and not any(x.upper().startswith(m) for m in _MOTTO)]
        if len(left) >= 2 and left[-2][0].upper() in _COUNCILS:
            # "ỦY BAN NHÂN DÂN" / "XÃ TÂN LẬP" is one name set on two lines.
            left[-2:] = [(f"{left[-2][0]} {left[-1][0]}", min(left[-2][1], left[-1][1]))]
        if left:
            found["issuing_body"] = Field(left[-1][0], left[-1][1])
        if len(left) >= 2:
            found["parent_body"] = Field(left[-2][0], left[-2][1])
    date_at = next((i for i, x in enumerate(bases[:14]) if _DATE.search(x)), None)
    if date_at is not None:
        m = _DATE.search(bases[date_at])
        try:
            found["date"] = Field(date(int(m.group(3)), int(m.group(2)),
                                       int(m.group(1))).isoformat(), confs[date_at])
        except ValueError:
            pass
        place = lines[date_at][: m.start()].rstrip(" ,")
        if place:
            found["place"] = Field(place, confs[date_at])
        found.update(_title(lines, confs, date_at + 1))
    return HeaderFields(**found)


def _title(lines: list[str], confs: list[float], start: int) -> dict[str, Field]:
    """Document type (capital lines after the date line) and the subject below it."""
    i = start
    type_lines, type_conf = [], 1.0
    while i < len(lines) and _is_caps(lines[i]) and len(type_lines) < 3:
        type_lines.append(lines[i])
        type_conf = min(type_conf, confs[i])
        i += 1
    # "(BẢN SAO)" marks a copy; it is not part of the type.
    while i < len(lines) and re.fullmatch(r"\(.*\)", lines[i]):
        i += 1
    out: dict[str, Field] = {}
    if not type_lines:
        return out
    doc_type = " ".join(t for t in type_lines if not re.fullmatch(r"\(.*\)", t))
    out["doc_type"] = Field(doc_type, type_conf)
    if i < len(lines) and (_SUBJECT_START.match(lines[i]) or doc_type in SUBJECT_TYPES):
        subject, conf = [lines[i]], confs[i]
        longest = max((len(x) for x in lines), default=0)
        j = i + 1
        # The subject may wrap onto short centred lines; body lines run the full width.
        while (j < len(lines) and not _is_caps(lines[j]) and len(lines[j]) < 0.5 * longest
               and len(subject) < 4):
            subject.append(lines[j])
            conf = min(conf, confs[j])
            j += 1
        out["subject"] = Field(" ".join(subject), conf)
    return out
