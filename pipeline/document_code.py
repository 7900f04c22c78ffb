"""A digitized document's code and file name, as the 2025 national guidance on digitizing
results of administrative procedures asks: ``MCQ_LV_STT_PB`` (the digitizing agency's code,
the document type's abbreviation, a sequence per agency and type, the version: V1 the scan,
V2… corrections), e.g. ``G06.01_QĐ_000021_V1``, and the file name ``CODE_YYYYMMDD_DESC.pdf``.
Pure functions."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

#: document types (the title printed on the result, or the procedure's name) and their
#: abbreviations (Decree 30/2020/NĐ-CP Phụ lục III, and the usual ones of procedure
#: results); the longest name that starts the title wins
TYPE_ABBREVIATIONS: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ", "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr", "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA", "BÁO CÁO": "BC", "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr", "HỢP ĐỒNG": "HĐ",
    "CÔNG VĂN": "CV", "CÔNG ĐIỆN": "CĐ", "BẢN GHI NHỚ": "BGN", "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ", "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB",
    "GIẤY CHỨNG NHẬN": "GCN", "GIẤY PHÉP": "GP", "GIẤY XÁC NHẬN": "GXN",
    "GIẤY KHAI SINH": "GKS", "TRÍCH LỤC": "TL", "CHỨNG CHỈ": "CC", "GIẤY ĐĂNG KÝ": "GĐK",
    "BẢN SAO": "BS", "VĂN BẢN": "VB",
}
#: a result whose type is not read: "kết quả" (result)
UNKNOWN_TYPE = "KQ"


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).upper()


def type_abbreviation(*names: str) -> str:
    """The abbreviation of the first name (a title read on the page, then the procedure's
    name) that begins with a known document type: "GIẤY PHÉP XÂY DỰNG" -> "GP"."""
    by_length = sorted(TYPE_ABBREVIATIONS, key=len, reverse=True)
    for name in names:
        title = _upper(name or "")
        for known in by_length:
            if title.startswith(known):
                return TYPE_ABBREVIATIONS[known]
    for name in names:  # a procedure's name says what it gives further in: "Cấp giấy phép …"
        title = _upper(name or "")
        for known in by_length:
            if re.search(rf"(^|\s){re.escape(known)}(\s|$)", title):
                return TYPE_ABBREVIATIONS[known]
    return UNKNOWN_TYPE


def document_code(agency: str, abbreviation: str, number: int, version: int = 1) -> str:
    """"G06.01_QĐ_000021_V1"."""
    return f"{agency}_{abbreviation}_{number:06d}_V{version}"


def with_version(code: str, version: int) -> str:
    """The same document's code at another version."""
    return re.sub(r"_V\d+$", f"_V{version}", code)


def ascii_slug(text: str, limit: int = 60) -> str:
    """"Giấy phép xây dựng" -> "Giay-phep-xay-dung": for file names any system can hold."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[A-Za-z0-9]+", plain)
    return "-".join(words)[:limit].strip("-")


def archival_file_name(code: str, issued: date | None, description: str) -> str:
    """"G06.01_QĐ_000021_V1_20250312_Giay-phep-xay-dung.pdf" (the guidance's
    CODE_YYYYMMDD_DESC.pdf; the date is the document's, else left out)."""
    parts = [code, *([issued.strftime("%Y%m%d")] if issued else []),
             *([ascii_slug(description)] if ascii_slug(description) else [])]
    return "_".join(parts) + ".pdf"


def number_parts(number: str) -> tuple[str, str]:
    """"435/QĐ-UBND" -> ("435", "QĐ-UBND"): the number and the notation (số, ký hiệu)."""
    number = (number or "").strip()
    m = re.match(r"^\s*(\d+)\s*/\s*(.+)$", number)
    if m:
        return m.group(1), m.group(2).strip()
    return (number, "") if number.isdigit() else ("", number)
