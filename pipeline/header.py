"""Identity of a document read off its text: number and symbol, date, issuing body, type,
subject (trích yếu), signer. Pure functions over the page's lines in reading order.

The layout is the one Decree 30/2020/NĐ-CP prescribes: left header block (governing body,
issuing body, ``Số: …``), right header block (national title, motto, ``<place>, ngày … tháng …
năm …``), then the type in capitals, the subject, the body, and at the foot ``Nơi nhận`` before
the signature block whose last line is the signer's printed name.

Real scans stray from it, and each field is found by its own cues rather than by its place
after another one:

- stamps (``BẢN SAO``, ``SAO Y BẢN CHÍNH``, a receipt stamp ``ĐẾN Số: … Ngày: … Chuyển: …`` or
  ``CÔNG VĂN ĐẾN``, ``KHẨN``, ``MẬT`` …) can sit anywhere in the header: they are recognised and
  never taken as the issuing body, the type or the subject, and a receipt stamp's ``Số:`` is not
  the document's number;
- a line that runs across both header columns (``ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …``,
  ``Số: 12/QĐ-UBND Tân Lập, ngày …``) is cut into its two halves;
- the type is the title in capitals (``QUYẾT ĐỊNH``, ``GIẤY CHỨNG NHẬN`` / ``ĐĂNG KÝ HỘ KINH
  DOANH`` …) wherever it is, so an unread date line does not lose it;
- the subject starts with ``V/v`` or ``Về việc``, or is the line(s) under a title that takes
  one, up to the preamble (``CHỦ TỊCH ỦY BAN NHÂN DÂN …``, ``Căn cứ …``);
- the issuing body is the left block's last line(s) above ``Số:`` (above the date line, less
  sure, when no number line was read);
- a number or date that is not read cleanly is given as read with a low certainty (a number),
  or not at all (a date: its ISO form would be a guess); a blank one is absent. A number whose
  ``Số:`` was lost (or misread: ``Sế 14/GP-KTHT``) is taken only in its full form
  (``435/QĐ-UBND``) and less sure; one whose slash was lost (``203GXN-UBND``) or read as a
  space (``132 QĐ-XPHC``, ``132 QD XPHC`` with the hyphen and Đ's stroke lost too) gets it
  back, unsure; a dossier code read with spaces
  (``000. 18.3 1.H12-250617-0042``) is joined; a figure 1 read as ``l`` beside another figure
  of a date (``2l``) is read as 1, less sure;
- the national title read without its first letter (``ONG HÒA XÃ HỘI …``) is still no body's
  name; a speck read as a letter or two between the title and the subject is passed over,
  and so is the back's print read there as signs and figures (``0H19/97``); a lone letter or
  a bracket left by a speck at a subject's ends (``i Nộp tiền sử dụng đất)``) is dropped;
  words with no capital letter before a body's name (``nuq ĐỘI THUẾ …``) are no part of it; a
  subject's ``Về việc`` misread (``Vo việc``) is written as printed;
- "ỦY BAN NHÂN DÂN" read with its first word misread ("EVBIN NHÂN DÂN") or the back's print
  run into it ("CTNDYBANNHANDAN", `council_line`) is the council's line; a dossier code read
  with its hyphens lost and its H as strokes ("000.18.31.1112 250G17 0042") is put back,
  unsure, when one reading only leaves a valid date; a day, or a month 1 or 2, read with one
  figure makes the date less sure (Decree 30 prints "ngày 07", "tháng 02");
- the lines read between "ỦY BAN NHÂN DÂN" and its unit's line (the back's title showing
  through, a stamp's letters) are no part of the issuing body; the unit's level word read a
  letter off there ("NÃ TÂY TRÀ", "XĨ MƯỜNG KHƯƠNG") is the level word;
- a type read with its marks or a few letters off a known title, on one line or over two
  ("GIY TIẾP NHẬN HỒ SƠ VÀ HỆN" / "TRĂ KĨT QU Ả", "GIẤY XÁC NHẶN"), is that title.

Everything is matched on base letters (marks removed, same length: ``pipeline.letters``), so a
misread tone mark does not hide a cue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from pipeline.document_code import TYPE_ABBREVIATIONS
from pipeline.dossier import DOSSIER_CODE
from pipeline.letters import SAME_SHAPE, base_form, edit_distance
from pipeline.units import LEVEL_WORDS

#: Types whose title is followed by a subject line (trích yếu).
SUBJECT_TYPES = ("QUYẾT ĐỊNH", "THÔNG BÁO", "KẾ HOẠCH", "CÔNG VĂN", "TỜ TRÌNH", "BÁO CÁO",
                 "CHỈ THỊ", "NGHỊ QUYẾT", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "QUY ĐỊNH")
#: How the titles of administrative documents and procedure results begin.
TITLE_WORDS = (
    *SUBJECT_TYPES, "NGHỊ ĐỊNH", "THÔNG TƯ", "QUY CHẾ", "QUY TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN",
    "DỰ ÁN", "BIÊN BẢN", "HỢP ĐỒNG", "GIẤY", "TRÍCH LỤC", "CHỨNG NHẬN", "CHỨNG CHỈ",
    "DANH SÁCH", "DANH MỤC", "PHIẾU", "ĐƠN", "BẢN CAM KẾT", "BẢN GHI NHỚ", "BẢN THỎA THUẬN",
    "BẢN THOẢ THUẬN", "CÔNG ĐIỆN", "BẰNG", "LỆNH", "TỜ KHAI", "KẾT LUẬN", "ĐIỀU LỆ",
    "SỔ ĐĂNG KÝ", "THẺ",
)

#: the titles of one-stop results, beside the document types of Decree 30
RESULT_TITLES = ("GIẤY MỜI", "GIẤY PHÉP", "GIẤY XÁC NHẬN", "GIẤY CHỨNG NHẬN", "GIẤY ỦY QUYỀN",
                 "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
#: how many letters a title in capitals may be read off, by its length in letters ("K HOACH",
#: "THÔNG BIO", "QUYÊT ĐỊNII"); a title of twenty letters or more may be a fifth of its letters
#: off ("GIY TIẾP NHẬN HỒ SƠ VÀ HỆN TRĂ KĨT QU Ả": nothing else on a page comes near so long a
#: one)
TITLE_EDITS = ((6, 0), (9, 1), (20, 2))
LONG_EDITS = 5


def title_edits(letters: int) -> int:
    """How many letters a title of ``letters`` letters may be read off (`TITLE_EDITS`)."""
    return next((e for n, e in TITLE_EDITS if letters < n), letters // LONG_EDITS)


def near_title(title: str, read: str) -> bool:
    """Whether ``read`` is the title ``title`` read a few letters off (both squeezed base
    letters, `title_edits`): not the title and more ("ỦY BAN NHÂN DÂN XÃ"), nor with a word
    of three letters or more missing or added ("… HỒ SƠ VÀ TRẢ KẾT QUẢ" is a title of its own,
    not "… VÀ HẸN TRẢ …" with a word lost)."""
    return title not in read and abs(len(title) - len(read)) <= 2 and \
        edit_distance(title, read) <= title_edits(len(read))


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")
#: an Ê Đê woman's given name, after the "H'" that opens it ("H'Hen")
_HER = re.compile(r"H['’][A-ZĐÀ-Ỹ][a-zđà-ỹ]+")
_SIGN_TITLES = ("TM.", "KT.", "Q.", "TL.", "TUQ.", "CHỦ TỊCH", "TRƯỞNG", "PHÓ", "GIÁM ĐỐC")
#: A signing title that names the role an official signs under, on base letters: a one-stop
#: desk's slips (Circular 01/2018/TT-VPCP: "NGƯỜI TIẾP NHẬN HỒ SƠ", "NGƯỜI HƯỚNG DẪN"), a
#: civil-status extract's "NGƯỜI KÝ TRÍCH LỤC", a commune's "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH",
#: "CÁN BỘ …", "VIÊN CHỨC …", "ĐẠI DIỆN …", "THỦ TRƯỞNG …"; never the applicant's side of a
#: slip ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI ĐỀ NGHỊ", "NGƯỜI NHẬN KẾT QUẢ"). "NGƯỜI" may be read short
#: of a letter or run into the next word ("NGƯỜIKÝ", "NGUỜI").
OFFICIAL_ROLE = re.compile(
    r"^NGU?O?I ?(?:KY|TIEP NHAN|HUONG DAN|LAP|TRA KET QUA|KIEM TRA|DUYET|THAM DINH|XAC NHAN"
    r"|THU LY|GIAI QUYET|PHU TRACH)\b|^(?:CONG CHUC|CAN BO|VIEN CHUC|DAI DIEN|THU TRUONG)\b")


def _b(text: str) -> str:
    return base_form(text).upper()


_TITLE_START = re.compile("^(?:{})\\b".format("|".join(
    re.escape(_b(t)) for t in sorted(TITLE_WORDS, key=len, reverse=True))))
_NOT_TITLE = re.compile(r"^(?:DON VI|BANG CHU)\b")  # "ĐƠN VỊ …", "BẰNG CHỮ" are not titles
_COUNCIL = re.compile(r"^UY BAN NHAN DAN$|^HOI DONG NHAN DAN$|^UY BAN MAT TRAN\b")


def names_a_body(text: str) -> bool:
    """Whether a text opens as a body's name does ("PHÒNG KINH TẾ …", "UBND HUYỆN …")."""
    return bool(_BODY_NAME.match(_b(text)))


def is_council(line: str) -> bool:
    """Whether a line is a council's ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "ỦY BAN MẶT
    TRẬN …"): the line a unit's ("XÃ TÂN LẬP") is set under."""
    return bool(_COUNCIL.match(_b(line).strip(" .,:;")))

#: "ỦY BAN NHÂN DÂN" with its first word misread ("EVBIN NHÂN DÂN", "NBIN NHÂN DÂN"): the
#: letters of "NHÂN DÂN" after "B", a letter, "N" and one or two letters before it (squeezed
#: base letters; "TÒA ÁN NHÂN DÂN", a court, has no B, "HỘI ĐỒNG NHÂN DÂN" more letters, a
#: hamlet's "BAN NHÂN DÂN" none before it)
_COUNCIL_READ = re.compile(r"[A-Z]{1,2}B[A-Z]NNHANDAN$")
#: the council's line as squeezed base letters: a line starting with its first two words and
#: at most two letters off it is the council's ("ỦY BẢNNH.SDAN")
_COUNCIL_LETTERS = "UYBANNHANDAN"
#: words in capitals before the council on its line make another line of it ("CHỦ TỊCH ỦY
#: BAN NHÂN DÂN …", "TM. ỦY BAN NHÂN DÂN")
_CAPITAL_WORD = re.compile(r"(?<![^\W\d_])[A-ZĐÀ-Ỹ]{2,}(?![^\W\d_])")


def council_line(text: str) -> str | None:
    """"ỦY BAN NHÂN DÂN" when a line is it read with its first word misread (`_COUNCIL_READ`),
    or its last two a letter or two off ("ỦY BẢNNH.SDAN"), or with the back's print showing
    through beside it read run into it ("CTNDYBANNHANDAN", "Dudo docHUYBAN NHAN DÂN"); None
    when the line reads it as printed, when the letters of it are not in capitals, or when
    words in capitals stand before it."""
    base = _b(text)
    if re.search(r"(?:^|\W)UY BAN NHAN DAN(?:\W|$)", base):
        return None
    at = [i for i, c in enumerate(base) if "A" <= c <= "Z"]
    letters = "".join(base[i] for i in at)
    m = _COUNCIL_READ.search(letters)
    if m is None:
        # its first words read, the last two a letter or two off ("ỦY BẢNNH.SDAN"), nothing more
        near = letters.startswith("UYBAN") and len(letters) <= len(_COUNCIL_LETTERS) and \
            edit_distance(letters, _COUNCIL_LETTERS) <= 2 and \
            sum(c.islower() for c in text) <= 1
        return "ỦY BAN NHÂN DÂN" if near else None
    start = at[m.start()]
    read, before = text[start:], text[:start]
    if sum(c.islower() for c in read) > 1:
        return None
    if before[-1:].isalpha():  # the back's letters run into it: its first word is no word
        run_in = re.search(r"[^\W\d_]*$", before).group()
        if _b(run_in).startswith(("TM", "KT")):  # "TMLỂV BIN NHÂN ĐẦN": a signing title
            return None
        before = before[: len(before) - len(run_in)]
    return None if _CAPITAL_WORD.search(before) else "ỦY BAN NHÂN DÂN"


# The national title and motto, also when OCR joined them to a line of the left column.
# the national title (its first letter may be lost: "ONG HÒA XÃ HỘI …") and the motto
_MOTTO = re.compile(r"\b(?:CONG HOA|\w?ONG HOA XA HOI)\b.*?(?:VIET NAM|$)"
                    r"|\bDOC LAP\b.*?(?:HANH PHUC|$)")
#: the national title or motto with its first word or two cut off (the scan's edge, a fold):
#: "A XÃ HỘI CHỦ NGHĨA VIỆT NAM", "lập - Tự do - Hạnh phúc"; the whole line is it
_MOTTO_CUT = re.compile(r"^\W*\w{0,4}\W*(?:XA HOI CHU NGHIA\W*VIET NAM|LAP\W+TU DO\W+HANH PHUC)"
                        r"\W*$")
# Stamps: the whole line (base letters, capitals) is one of these.
_STAMP = re.compile(
    r"^[\W_]*(?:BAN SAO|SAO Y BAN CHINH|SAO Y BAN SAO|SAO Y|SAO LUC|TRICH SAO|BAN CHINH|"
    r"CONG VAN DEN|VAN BAN DEN|DEN|KHAN|THUONG KHAN|HOA TOC|HOA TOC HEN GIO|MAT|TOI MAT|"
    r"TUYET MAT|DU THAO)[\W_]*$")
# A stamp run into another line: "(BẢN SAO) QUYẾT ĐỊNH", "UBND HUYỆN X BẢN SAO".
_STAMP_EDGE = re.compile(r"^\W*\(?(?:BAN SAO|SAO Y BAN CHINH)\)?(?:\s+|\W*$)|"
                         r"\s\W*\(?(?:BAN SAO|SAO Y BAN CHINH)\)?\W*$")
# A receipt stamp ("ĐẾN Số: 123 Ngày: 12/3/2024 Chuyển: …", "CÔNG VĂN ĐẾN") and its own fields.
_RECEIPT = re.compile(r"^[\W_]*(?:(?:CONG VAN|VAN BAN)\s+)?DEN\b\s*(?:$|[:.]|SO\b|NGAY\b|\d)"
                      r"|\bCHUYEN\s*:|\bNGAY\s*:|\bLUU HO SO\b|\bSO DEN\b"
                      # a copy's certification stamp: "SAO Y BẢN CHÍNH Số: 12 Quyển số: 01"
                      r"|^[\W_]*(?:SAO Y BAN CHINH|SAO Y|BAN SAO|SAO LUC)\W*(?:SO|NGAY|QUYEN)\b"
                      r"|\bQUYEN SO\b|\bSO CHUNG THUC\b")
_RECEIPT_FIELD = re.compile(r"^[\W_]*(?:NGAY\W*(?:[\d.…\s]+[/.-]|$)|CHUYEN|LUU\b|GIO\b|"
                            r"SO\W*[\d\s.…]*$)")
#: "Số:" as read: "So:", "S0.", "$o", or "S:" with its vowel lost (then the colon is needed)
_NUMBER = re.compile(r"^[\W_]{0,3}[S5$]\s?(?:[O0]\s*(?P<colon>[:;.,]?)|(?P<bare>:))\s*")
_DAY = r"N[GQ][AOU]?[YV]"  # "ngày", its à read as ò or ù, or lost ("ngy")
_MONTH = r"T[HB]AN[GQ]"
_YEAR = r"N[AOU](?:M|RN|N)"  # "năm", its ă read as o or ũ
_DATE = re.compile(rf"\b(?P<kw>{_DAY})(?P<d>.{{0,10}}?){_MONTH}(?P<m>.{{0,10}}?)"
                   rf"{_YEAR}(?P<y>.{{0,14}})")
#: a date line above the signature: "Đông Sơn, ngày 15 tháng 10 năm 2026", a place and a comma
_FOOT_DATE = re.compile(r"^[A-ZĐÀ-Ỹ][^,:;()\d]{1,40},\s*\S")
_SUBJECT_START = re.compile(r"^[\W_]{0,2}(?:V\s?[/|\\LI1]\s?[VY]\b|V\.\s?V\b|VE VIEC\b)")
# "Về" of a subject's "Về việc" misread as another word of V and a letter or two
_ABOUT = re.compile(r"^V[^\W\d_]{0,2}(?=\s+việc\b)")
# Lines that only the body starts with.
_BODY_START = re.compile(r"^[\W_]{0,2}(?:CAN CU|XET DE NGHI|THEO DE NGHI|DIEU \d|NOI NHAN)\b")
# Lines that open the body: the signing authority of a decision, the legal grounds, the address.
_PREAMBLE = re.compile(
    r"^[\W_]{0,2}(?:(?:PHO )?CHU TICH|(?:PHO )?TRUONG (?:PHONG|BAN)|(?:PHO )?GIAM DOC|BO TRUONG|"
    r"THU TRUONG|CHANH VAN PHONG|(?:CHI )?CUC TRUONG|UY BAN NHAN DAN|"
    r"HOI DONG NHAN DAN|CAN CU|XET DE NGHI|THEO DE NGHI|KINH GUI|DIEU \d|NOI NHAN)\b")
# Left-column names of bodies (a title line never starts so).
_BODY_NAME = re.compile(r"^(?:UBND|UY BAN|HOI DONG|SO|PHONG|BAN|CHI CUC|CUC|BO|TRUNG TAM|"
                        r"VAN PHONG|CONG AN|TRUONG|BENH VIEN|TONG CUC|HUYEN|XA|TINH|THANH PHO|"
                        r"THI XA|THI TRAN|QUAN|PHUONG|TP\.?)\b")
# The unit a council belongs to, on the line under "ỦY BAN NHÂN DÂN".
_UNIT_NAME = re.compile(rf"^(?:{LEVEL_WORDS}|DAC KHU)\s\w")

#: certainty of a number read off a line that is not a clean ``digits/SYMBOL``
UNSURE = 0.3


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


def _mostly_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


#: a unit's level word run into its name, the space between them not read: "XÃNAM PHONG"
#: (no Vietnamese syllable goes on after these)
_RUN_ON_LEVEL = re.compile(r"\b(?:XÃ|PHƯỜNG|HUYỆN|TỈNH|QUẬN)(?=[A-ZĐÀ-Ỹ]{2})")


def _from_capitals(text: str) -> str:
    """A body's name less the words before it that hold no capital letter ("nuq ĐỘI THUẾ LIÊN
    XÃ SỐ 3": a speck, or the back's print showing through, read beside the name), a level
    word run into the unit's name parted from it."""
    text = _RUN_ON_LEVEL.sub(lambda m: m.group() + " ", text)  # lines are NFC (`_clean`)
    words = text.split()
    i = 0
    while (i < len(words) - 1 and not any(c.isupper() for c in words[i])
           and any(c.isalpha() for c in words[i])):
        i += 1
    return " ".join(words[i:])


def _letters(line: str) -> int:
    return sum(c.isalpha() for c in line)


def _clean(line: str) -> str:
    """The line in NFC, its spaces single; a rule read as "_" between two words is a space
    ("ỦY BAN NHÂN DÂN_CỘNG HÒA …": the two header blocks read as one line)."""
    line = re.sub(r"(?<=[^\W\d_])_+(?=[^\W\d_])", " ", unicodedata.normalize("NFC", line))
    return re.sub(r"\s+", " ", line).strip()


def looks_like_name(line: str) -> bool:
    """Two to five capitalised words; a middle one may be a capital alone, as the "Y" of
    Ê Đê and Gia Rai men's names ("Ksor Y Phương"), and so may the first of three or more,
    as in the Ê Đê's given-name-first order ("Y Thanh Hmok"), where a woman's name opens with
    "H'" ("H'Hen Niê")."""
    words = line.split()
    if not 2 <= len(words) <= 5:
        return False
    first = (words[0] == "Y" and len(words) > 2) or bool(_HER.fullmatch(words[0]))
    return (first or bool(_NAME_WORD.match(words[0]))) \
        and bool(_NAME_WORD.match(words[-1])) \
        and all(_NAME_WORD.match(w) or re.fullmatch(r"[A-ZĐ]", w) for w in words[1:-1])


def extract_signer(lines: list[str], confs: list[float] | None = None) -> Field | None:
    """The signer's printed name: the last name-like line after the signing title."""
    confs = confs or [1.0] * len(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        text = _clean(lines[i])
        if looks_like_name(text):
            before = lines[max(0, i - 3):i]
            above = " ".join(before).upper()
            sure = 1.0 if any(t in above for t in _SIGN_TITLES) or any(
                OFFICIAL_ROLE.match(_b(t).strip()) for t in before) else 0.6
            return Field(text, sure * confs[i])
    return None


@dataclass
class _Seg:
    """A piece of a line: the whole line, or one column's half of a line OCR ran across both."""
    text: str
    conf: float
    kind: str = ""  # "stamp", "motto", "number", "date", "junk" or ""

    @property
    def up(self) -> str:
        return _b(self.text)


#: specks read run into "Số:" and its figures ("20w..Số: 57/QĐ-KTHT", a 1-bit scan's dirt):
#: a few signs, no space among them, the last no letter (not "Mã số:", nor "HỒSƠ:")
_SPECKS_BEFORE_NUMBER = re.compile(r"^\S{0,5}(?:[^\w\s]|[\d_])(?=S[O0]\s?[:;]\s*\d)")


def _segments(lines: list[str], confs: list[float]) -> list[_Seg]:
    out: list[_Seg] = []
    for text, conf in zip(lines, confs, strict=True):
        text = _unstamp(_clean(text))
        if (specks := _SPECKS_BEFORE_NUMBER.match(_b(text))) is not None:
            text = text[specks.end():]
        if not text:
            continue
        for part in _cut_motto(text):
            out.extend(_Seg(p, conf) for p in map(_trim, _cut_number(part)) if p)
    return out


def _trim(text: str) -> str:
    """Without the rules, bullets and specks OCR reads at a line's ends (``PHÒNG TƯ PHÁP ___``)."""
    text = re.sub(r"^[\s_=~*|•`'\"—]*(?:[-–]{2,}\s*)?|(?:\s*[-–]{2,})?[\s_=~*|•`'\"—]*$", "", text)
    return text.lstrip(".,:;").strip()


def _unstamp(text: str) -> str:
    """A line with a copy stamp run into it loses the stamp: ``(BẢN SAO) QUYẾT ĐỊNH``."""
    m = _STAMP_EDGE.search(_b(text))
    if m is None:
        return text
    rest = (text[: m.start()] + " " + text[m.end():]).strip()
    return rest if _letters(rest) >= 3 else text


def _cut_motto(text: str) -> list[str]:
    """``ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` -> the body's name, the title."""
    up = _b(text)
    cuts = {0, len(text)}
    for m in _MOTTO.finditer(up):
        # the national title and motto are capitalised, and what precedes them in the line is
        # the left column's capitals (not a sentence mentioning "nước Cộng hòa …")
        if text[m.start()].isupper() and (m.start() == 0 or _mostly_caps(text[: m.start()])):
            cuts |= {m.start(), m.end()}
    if len(cuts) == 2:
        return [text]
    bounds = sorted(cuts)
    parts = [text[a:b].strip(" -–|") for a, b in pairwise(bounds)]
    return [p for p in parts if p] or [text]


def _cut_number(text: str) -> list[str]:
    """``Số: 12/QĐ-UBND Tân Lập, ngày …`` -> the number, the date line."""
    m = _NUMBER.match(_b(text))
    d = _DATE.search(_b(text))
    if not m or not d or d.start() <= m.end():
        return [text]
    token_end = _token_end(text, m.end())
    spaced = _SPACED_SYMBOL.match(text[m.end():])
    if spaced and m.end() + spaced.end() < d.start():  # "Số: 132 QĐ XPHC Nam Phong, ngày …"
        token_end = max(token_end, m.end() + spaced.end())
    if token_end >= d.start():
        return [text]
    return [text[:token_end].strip(), text[token_end:].strip(" ,;")]


def _token_end(text: str, start: int) -> int:
    """End of the number token starting at ``start``: spaces count only around ``/`` and ``-``
    and before a digit after a digit or a digit's full stop, or before a capital and a digit
    after a digit's full stop (a dossier code "000. 18.3 1. H12-…").
    A word of a capital and small letters right after a digit starts the next column ("…-0042Cái
    Nước, ngày …": the space between them not read); a number's symbol is in capitals."""
    i = start
    while i < len(text):
        if i > start and text[i - 1].isdigit() and text[i].isupper() and \
                text[i + 1:i + 2].islower():
            break
        if text[i] == " ":
            before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
            dotted = before == "." and i >= 2 and text[i - 2].isdigit()
            # a dossier code's agency part after a full stop: "31. H12-250617-0042"
            agency = dotted and after.isupper() and text[i + 2:i + 3].isdigit()
            if before in "/-–" or after in "/-–" or agency or ((before.isdigit() or dotted)
                                                               and after.isdigit()):
                i += 1
                continue
            break
        i += 1
    return i


def _classify(segs: list[_Seg]) -> None:
    receipt_until = -1
    for i, s in enumerate(segs):
        up = s.up
        if _letters(s.text) < 2 and not re.search(r"\d", s.text):
            s.kind = "junk"
        elif _STAMP.match(up) or _RECEIPT.search(up):
            s.kind = "stamp"
            if _RECEIPT.search(up):
                receipt_until = i + 4
                for t in segs[max(0, i - 2):i]:  # the stamp's own fields read before its name
                    if t.kind in ("", "number") and _RECEIPT_FIELD.match(t.up):
                        t.kind = "stamp"
        elif i <= receipt_until and _RECEIPT_FIELD.match(up):
            s.kind = "stamp"
            receipt_until = i + 2
        elif (_MOTTO.match(up) and s.text[0].isupper()) or _MOTTO_CUT.match(up):
            s.kind = "motto"
        elif _NUMBER.match(_b(s.text)) and _number_token(s.text)[1]:
            s.kind = "number"
        elif _DATE.search(up):
            s.kind = "date"


#: signs read before a number's figures that no number starts with: a speck, or a figure 1
#: written by hand ("Số: -305/QĐ-UBND")
_SPECK_SIGNS = "-–_~'`\""


def _number_token(text: str) -> tuple[str, bool]:
    """The number as printed after ``Số:`` (spaces around ``/`` and ``-`` dropped) and whether
    the line is a number line at all (``Số:`` then a token with a digit or a blank to fill)."""
    m = _NUMBER.match(_b(text))
    colon = bool(m and (m.group("colon") or m.group("bare")))
    if not m or not (colon or m.end() < len(text)):
        return "", False
    raw = text[m.end():_token_end(text, m.end())]
    # a speck read before the figures ("Số: -305/QĐ-UBND"): a number starts with no dash
    token = re.sub(r"\s*([/\-–])\s*", r"\1", raw).rstrip(".,;:").lstrip(_SPECK_SIGNS)
    if re.search(r"\d", token):
        return token, True
    if colon and re.match(r"^[^/\s.…_]{1,6}/[A-ZĐ]", token):
        # "Số: JF/GP-KTHT": a number written by hand and not read as digits; reported as
        # read (unsure), and the line is the number line, not the issuing body
        return token, True
    # "Số: ....../QĐ-UBND", "Số:   /QĐ-UBND": a number line whose number is blank
    blank = colon and bool(re.match(r"^[.…_\s]*/", raw or "/"))
    return "", blank or (colon and not raw.strip(".…_ "))


#: the last part of a symbol standing apart after it, alone on the number's line: its hyphen
#: was not read ("27/TLKT BS")
_PART_APART = re.compile(r"\s+([A-ZĐ][A-ZĐ0-9]{1,5})\s*")
_CLEAN_NUMBER = re.compile(r"^\d{1,6}(?:/\d{4})?/(?:TTr|[A-ZĐ][A-ZĐ0-9]*)"
                           r"(?:[-.](?:TTr|[A-ZĐ0-9]+))*$")


#: "Số" misread, and a speck read before the number ("SJ: _142/UBND-ĐCXD")
_MISREAD_SO = re.compile(r"^[SŠ5$][^\s:;]{0,2}\s?[:;][\W_]*|^[SŠ5$][^\W\d_]{0,2}\s+(?=\d)")
_BARE_NUMBER = re.compile(r"^\d{1,6}(?:/\d{4})?/(?:TTr|[A-ZĐ]+)(?:-(?:TTr|[A-ZĐ0-9]+))+$")


#: a number and its symbol with a space where the slash was: "132 QĐ-XPHC"; in a face whose
#: slash and hyphen are hairlines, both lost: "132 QĐ XPHC"
_SPACED_SYMBOL = re.compile(
    r"(\d{1,6})\s+((?:TTr|[A-ZĐ]{1,6})(?:(?:\s*-\s*|\s+)(?:TTr|[A-ZĐ0-9]+))+)(?!\S)")
#: the kinds of document (Decree 30's abbreviations: "QĐ", "TB", "GXN", …)
KINDS = frozenset(TYPE_ABBREVIATIONS.values())
#: what a scan makes of a symbol's letters: Đ with its stroke lost, Q with its tail lost (O)
#: or read as a zero
_FOLD = str.maketrans({"Đ": "D", "Q": "O", "0": "O"})


def _kinds_by_fold() -> dict[str, str]:
    """Each kind by what it is read as so (`_FOLD`), where no other kind is read the same."""
    folds: dict[str, list[str]] = {}
    for kind in KINDS:
        folds.setdefault(kind.translate(_FOLD), []).append(kind)
    return {fold: kinds[0] for fold, kinds in folds.items() if len(kinds) == 1}


_KIND_BY_FOLD = _kinds_by_fold()
#: a run-together symbol is parted after the longest kind that starts it
_KINDS_LONGEST_FIRST = tuple(sorted(KINDS, key=len, reverse=True))


def _kind(read: str) -> str:
    """A symbol's kind of document as printed: as read if it is a kind, else the one kind it
    reads as with a stroke or a tail lost ("QD", "OĐ" -> "QĐ"; "CD" -> "CĐ"); as read when no
    kind or several do ("HD" is a kind: hướng dẫn)."""
    return read if read in KINDS else _KIND_BY_FOLD.get(read.translate(_FOLD), read)


#: the council, the issuer most numbers name after their kind ("12/QĐ-UBND"): no other
#: issuer's letters are one letter from its own (HĐND, TAND are two)
COUNCIL_ISSUER = "UBND"


def _issuer(read: str) -> str:
    """An issuer's letters after a number's kind as printed: the council's read a letter off
    ("URND", "UHND") are the council's; any other as read."""
    near = len(read) == len(COUNCIL_ISSUER) and sum(
        a != b for a, b in zip(read, COUNCIL_ISSUER, strict=True)) == 1
    return COUNCIL_ISSUER if near and read.isupper() else read


def _hyphen_moved(m: re.Match[str]) -> str:
    """A symbol whose hyphen was read a letter late, its kind no kind ("GML-BND"): parted
    after the kind that starts it when the council's letters follow, a letter off."""
    kind, issuer = m.groups()
    if _kind(kind) in KINDS:
        return m.group()
    letters = kind + issuer
    for known in _KINDS_LONGEST_FIRST:
        rest = letters[len(known):]
        if letters.startswith(known) and _issuer(rest) == COUNCIL_ISSUER:
            return f"{known}-{COUNCIL_ISSUER}"
    return m.group()


def _stroked(number: str) -> str:
    """A number with its kind of document as printed (`_kind`: ``12/QD-UBND``,
    ``12/OĐ-UBND`` -> ``12/QĐ-UBND``; `_hyphen_moved`: ``19/GML-BND`` -> ``19/GM-UBND``), and
    the council's letters after it read a letter off (`_issuer`: ``203/GXN-URND`` ->
    ``203/GXN-UBND``)."""
    number = re.sub(r"(?<=/)([A-ZĐ]{2,5})-([A-ZĐ]{3})$", _hyphen_moved, number)
    number = re.sub(r"(?<=/)([A-Za-zĐ0]+)(?=-|$)", lambda m: _kind(m.group(1)), number)
    return re.sub(r"(?<=-)([A-ZĐ0-9]{4})(?=-|$)", lambda m: _issuer(m.group(1)), number)


def _run_together(token: str) -> str | None:
    """A number whose slash and hyphen were both lost, its kind a known one followed by the
    issuer's letters: ``19GMUBND`` -> ``19/GM-UBND``; None for any other token."""
    m = re.fullmatch(r"(\d{1,6})([A-ZĐ][A-Za-zĐ]*[A-ZĐ])", token)
    if not m:
        return None
    digits, letters = m.groups()
    for kind in _KINDS_LONGEST_FIRST:
        rest = letters[len(kind):]
        if letters.startswith(kind) and len(rest) >= 2 and rest.isupper():
            return f"{digits}/{kind}-{rest}"
    return None


#: a dossier code's agency part, its last segment's H read as one or two strokes ("I12",
#: "1112"), and the rest of the code with its hyphens lost or read as spaces
_DOSSIER_READ = re.compile(r"(\d{3}\.\d{2}\.\d{2}\.)([HIl1|]{1,2}[0-9A-Za-z|-]{11,})")
#: letters a figure is misread as, inside a run of figures
_AS_FIGURE = str.maketrans("OoDGSZBlI|", "0006528111")


def _dossier_mended(token: str) -> str | None:
    """A dossier code (``000.18.31.H12-250617-0042``) read with its hyphens lost and its H as
    strokes or a figure misread as a letter (``000.18.31.1112250G170042``) put back: the one
    way of reading the strokes as H that leaves two figures, a date (yyMMdd) and four figures
    or more; None when there is no such way, or more than one."""
    m = _DOSSIER_READ.fullmatch(token)
    if m is None:
        return None
    rest, found = m.group(2).replace("-", ""), set()
    for strokes in (1, 2):
        if rest[:strokes].strip("HIl1|") or (strokes == 2 and "H" in rest[:2]):
            continue
        tail = rest[strokes:].translate(_AS_FIGURE)
        if not (tail.isdigit() and len(tail) >= 12):
            continue
        month, day = int(tail[4:6]), int(tail[6:8])
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.add(f"{m.group(1)}H{tail[:2]}-{tail[2:8]}-{tail[8:]}")
    code = found.pop() if len(found) == 1 else None
    return code if code != token else None


def _number_field(seg: _Seg) -> Field | None:
    """The number field of the number's line; unsure when a sign was read before its figures
    ("Số: -305/QĐ-UBND": a speck, or a figure 1 written by hand)."""
    field = _number_read(seg)
    head = _NUMBER.match(_b(seg.text))
    if field and head and seg.text[head.end():].lstrip()[:1] in set(_SPECK_SIGNS):
        return Field(field.value, min(field.certainty, UNSURE))
    return field


def _number_read(seg: _Seg) -> Field | None:
    token, _ = _number_token(seg.text)
    if not token:
        return None  # left blank: nothing to report
    token = token.replace("–", "-")
    # "4 35/QĐ-UBND", "000. 18.3 1.H12-…": OCR split the digits
    joined = re.sub(r"(?<=[\d.])\s+(?=\d|[A-Z]\d)", "", token)
    if DOSSIER_CODE.fullmatch(joined):
        return Field(_stroked(joined), seg.conf * (0.8 if joined != token else 1.0))
    if _CLEAN_NUMBER.match(joined):
        head = _NUMBER.match(_b(seg.text))
        apart = head and _PART_APART.fullmatch(seg.text[_token_end(seg.text, head.end()):])
        if apart:  # "27/TLKT BS": a hairline hyphen not read; put back, unsure
            return Field(_stroked(f"{joined}-{apart.group(1)}"), min(seg.conf, UNSURE))
        return Field(_stroked(joined), seg.conf * (0.8 if joined != token else 1.0))
    if (code := _dossier_mended(joined)) is not None:
        return Field(code, min(seg.conf, UNSURE))
    slashed = re.sub(r"^(\d{1,6})(?=[A-ZĐ]{2})", r"\1/", joined)
    if slashed != joined and _CLEAN_NUMBER.match(slashed) and "-" in slashed:
        # "203GXN-UBND": the slash between number and symbol was not read; put back, unsure
        return Field(_stroked(slashed), min(seg.conf, UNSURE))
    head = _NUMBER.match(_b(seg.text))
    spaced = head and _SPACED_SYMBOL.match(seg.text[head.end():])
    if spaced and spaced.group(1) == joined:
        # "132 QĐ-XPHC", "132 QD XPHC": a thin slash (and hyphen) not read at all; put back,
        # unsure
        symbol = "-".join(re.split(r"\s*-\s*|\s+", spaced.group(2)))
        return Field(_stroked(f"{joined}/{symbol}"), min(seg.conf, UNSURE))
    run = _run_together(joined)
    if run is None and head and (rest := re.match(r"\s*(\d{1,6})\s+([A-ZĐ]{4,})(?!\S)",
                                                   seg.text[head.end():])):
        run = _run_together("".join(rest.groups()))  # "19 GMUBND": the slash read as a space
    if run:  # "19GMUBND": put back, unsure
        return Field(run, min(seg.conf, UNSURE))
    # cut ("435/", "435/QĐ-", "435"), or letters among the digits ("43S/QĐ-UBND"): as read,
    # and flagged as unsure
    return Field(_stroked(re.sub(r"\s+", "", token)), min(seg.conf, UNSURE))


#: Decree 30/2020 prints a day below this, and a month below this, with a 0 before it
#: ("ngày 07", "tháng 02")
DAY_PADDED, MONTH_PADDED = 10, 3


def unpadded(figures: str, value: int, padded: int) -> bool:
    """Whether a day or month read as ``figures`` (its value ``value``) is one figure where
    Decree 30 prints two (below ``padded``: `DAY_PADDED`, `MONTH_PADDED`): "ngày 2" may be a
    handwritten 23 read short."""
    return value < padded and len(figures) == 1


def _date_field(seg: _Seg, text: str | None = None) -> tuple[Field | None, Field | None, bool]:
    """(date, place, whether this is a date line) off a ``<place>, ngày … tháng … năm …`` line."""
    text = text or seg.text
    up = _b(text)
    m = _DATE.search(up)
    if not m:
        return None, None, False
    place_text = text[: m.start()].strip(" ,.;:-–")
    words = place_text.split()
    if len(words) > 6 or re.search(r"\d[/.\-–]\d|\d{3,}", place_text):
        # a date inside a sentence ("… số 105/2017/NĐ-CP ngày …"), not the header's date line;
        # a figure or two is a ward's number ("Phường 1, ngày …") or a misread letter ("Yên
        # 1hẻ", "Hải 1 ăng")
        return None, None, False
    if sum(w[:1].islower() and base_form(w[:1]).lower() not in SAME_SHAPE for w in words) >= 2:
        # a place's name is written with capitals: "… chính quyền địa phương ngày 19 tháng 6
        # năm 2015" is a law's date in a clause, its opening lost (one word's capital may be
        # misread, and c, o, s, v, x… look the same either way: `SAME_SHAPE`)
        return None, None, False
    rest = re.sub(r"^[\d\s.]*", "", m.group("y")) + up[m.end():]
    if not place_text and len(re.findall(r"[^\W\d_]{2,}", rest)) >= 2:
        # "ngày 14 tháng 3 năm 2026 (nhằm ngày 24 …) tại": a sentence runs on from the date,
        # and no place stands before it (a body's line, the header's date line unread)
        return None, None, False
    place = Field(place_text, seg.conf) if place_text and _letters(place_text) >= 2 else None
    day, month = _digits(m.group("d")), _digits(m.group("m"))
    year = _digits(re.match(r"[\d\s.]*", m.group("y")).group(), year=True)
    if None in (day, month, year):
        return None, place, True  # blank, handwritten or garbled: no date rather than a guess
    (d, d_unsure), (mo, mo_unsure), (y, y_unsure) = day, month, year
    try:
        when = date(y, mo, d)
    except ValueError:
        return None, place, True
    if not 1945 <= y <= 2100:
        return None, place, True
    sure = seg.conf
    if d_unsure or mo_unsure or y_unsure:
        sure *= 0.8
    if unpadded(m.group("d").strip(" .,:;"), d, DAY_PADDED) or \
            unpadded(m.group("m").strip(" .,:;"), mo, MONTH_PADDED):
        sure *= 0.7  # one figure where two are printed may be one of two read
    if _b(text[m.start():m.start() + 4]) != "NGAY" or not re.search(r"\bTHANG\b.*\bNAM\b", up):
        sure *= 0.9  # "nqày", "tbáng", "nărn": the words were misread
    return Field(when.isoformat(), sure), place, True


def is_date_line(text: str, at_foot: bool = False) -> bool:
    """Whether a line as read is a document's place-and-date line ("Tân Lập, ngày … tháng … năm
    …", its figures read or not, a number run into it cut off first), not a date inside a
    sentence ("… số 105/2017/NĐ-CP ngày …", "11/QĐ-UBND ngày …"); ``at_foot``: one a
    certificate or record dates itself with above the signature, its place followed by a
    comma."""
    part = _cut_number(_clean(text))[-1].lstrip(" .,:;-'\"")
    if not part[:1].isalpha() or (at_foot and not _FOOT_DATE.match(part)):
        return False
    # the year is printed: "năm 2025", not a label's "Ngày, tháng, năm sinh:"
    m = _DATE.search(_b(part))
    return m is not None and re.match(r"\W*\d", m.group("y")) is not None and \
        _date_field(_Seg(part, 1.0))[2]


def _digits(text: str, year: bool = False) -> tuple[int, bool] | None:
    """A day, month or year written in digits, and whether it was read unsure (OCR split the
    digits, ``1 2``, or read a figure 1 as ``l``); None when it is blank or holds anything but
    digits."""
    text = text.strip(" .,:;")
    if re.fullmatch(r"[\d ]*\d[\d ]*[lLI|][\d ]*|[\d ]*[lLI|][\d ]*\d[\d ]*", text):
        # "2l", "l5": a figure 1 read as the letter beside a digit it was read with
        text, unsure = re.sub(r"[lLI|]", "1", text), True
    else:
        unsure = " " in text
    if not text or not re.fullmatch(r"[\d ]+", text):
        return None
    joined = text.replace(" ", "")
    if (year and len(joined) != 4) or (not year and not 1 <= len(joined) <= 2):
        return None
    return int(joined), unsure


def _title_at(segs: list[_Seg]) -> int | None:
    """Where the document's type is: the first title in capitals with a known beginning, else
    the first line in capitals below the header."""
    for i, s in enumerate(segs[:40]):
        if _title_line(s, loose=True) and _TITLE_START.match(s.up) and not _NOT_TITLE.match(s.up):
            below = next((t for t in segs[i + 1:] if t.kind not in ("stamp", "junk")), None)
            above = next((t for t in reversed(segs[:i]) if t.kind not in ("stamp", "junk")),
                         None)
            # not a line of the left column (the issuing body above the number), unless only
            # the motto is above it: a certificate prints its number under its title
            if below is None or below.kind != "number" or above is None or \
                    above.kind == "motto":
                return i
    body = next((i for i, s in enumerate(segs) if s.kind == "" and (
        _BODY_START.match(s.up) or s.up.startswith("KINH GUI"))), len(segs))
    anchors = [i for i, s in enumerate(segs[:min(20, body)])
               if s.kind in ("number", "date", "motto")]
    if not anchors:
        return None
    for i in range(max(anchors) + 1, min(len(segs), max(anchors) + 6)):
        s = segs[i]
        if s.kind in ("stamp", "junk"):
            continue
        if not _title_line(s) or _BODY_NAME.match(s.up) or _letters(s.text) < 4:
            return None
        return i
    return None


def _title_line(s: _Seg, loose: bool = False) -> bool:
    """A line that can be (part of) the title: in capitals (mostly, for a known title whose
    letters OCR may have lowered), not the preamble, a subject or a label."""
    caps = _mostly_caps(s.text) if loose else _is_caps(s.text)
    # a label ends with a colon ("THÀNH PHẦN:"); a known title with a speck read as one
    # ("GIẤY MỜI:") is still the title
    label = s.text.rstrip().endswith(":") and squeezed(s.text) not in _KNOWN_TITLES
    return (s.kind == "" and caps and not _PREAMBLE.match(s.up)
            and not _SUBJECT_START.match(s.up) and not label)


def extract_header(lines: list[str], confs: list[float] | None = None) -> HeaderFields:
    """Header fields of a document's first page (lines in reading order)."""
    confs = confs or [1.0] * len(lines)
    segs = _segments(lines, confs)
    _classify(segs)
    found: dict[str, Field] = {}
    title = _title_at(segs)
    end = min(title, 25) if title is not None else 20
    if title is not None:
        # under the title and its second and third lines ("GIẤY CHỨNG NHẬN" / "ĐĂNG KÝ HỘ
        # KINH DOANH")
        below = next((i for i in range(title + 1, min(len(segs), title + 5))
                      if segs[i].kind not in ("stamp", "junk") and not _title_line(segs[i])),
                     None)
        if below is not None and segs[below].kind == "number":
            end = below + 1  # a certificate's number, under its title
    head = segs[:end]

    numbers = [i for i, s in enumerate(head) if s.kind == "number"]
    # the document's own number has a symbol; a receipt stamp's is bare digits
    num_at = next((i for i in numbers if _CLEAN_NUMBER.match(_number_token(head[i].text)[0])),
                  numbers[0] if numbers else None)
    if num_at is not None and (number := _number_field(head[num_at])):
        found["number"] = number
    elif num_at is None:
        # "Số:" lost, the number and symbol alone on their line: the number, less sure
        # … or "Số" misread ("SJ: 319/TB-UBND", "Sô; 12/QĐ-UBND", "Sế 14/GP-KTHT")
        bare = next((i for i, s in enumerate(head[:12])
                     if s.kind == "" and _BARE_NUMBER.match(_MISREAD_SO.sub("", s.text))), None)
        if bare is not None:
            found["number"] = Field(_MISREAD_SO.sub("", head[bare].text), head[bare].conf * 0.6)
            head[bare].kind = "number"
            num_at = bare
    found.update(_date_and_place(head) or _date_at_foot(segs, len(head)))
    # a certificate's number under its title: the bodies are above the title, and a
    # certificate with no body's block over it ("GIẤY CHỨNG NHẬN" / "ĐĂNG KÝ HỘ KINH DOANH"
    # under the national title) names none
    found.update(_bodies(head if title is None or num_at is None or title > num_at
                         else head[:title], num_at))
    if title is not None:
        found.update(_type_and_subject(segs, title))
    if "subject" not in found and (subject := _subject_by_cue(segs, title)):
        found["subject"] = subject
    return HeaderFields(**found)


def _date_and_place(head: list[_Seg]) -> dict[str, Field]:
    for i, s in enumerate(head):
        text = s.text
        if s.kind != "date":
            # the line broken before its year: "…, ngày 2 tháng 3" / "năm 2024"
            if not (s.kind == "" and i + 1 < len(head)
                    and re.search(rf"{_DAY}\b.*\b{_MONTH}\b", s.up)):
                continue
            text = f"{s.text} {head[i + 1].text}"
        when, place, is_date = _date_field(s, text)
        if not is_date:
            continue
        s.kind = "date"
        return {k: v for k, v in (("date", when), ("place", place)) if v is not None}
    return {}


def _date_at_foot(segs: list[_Seg], start: int) -> dict[str, Field]:
    """A certificate or record dates itself above the signature ("Đông Sơn, ngày 15 tháng 10
    năm 2026"), not in its header: the last place-and-date line below ``start``, less sure."""
    for s in reversed(segs[start:]):
        # "Đông Sơn, ngày 15 tháng 10 năm 2026": a place, a comma, the date; not a date in a
        # sentence ("… trước ngày 10 tháng 3 năm 2026") nor a label ("Cấp lần đầu: ngày …")
        if s.kind != "date" or not _FOOT_DATE.match(s.text):
            continue
        when, place, is_date = _date_field(s)
        if is_date:
            return {k: Field(v.value, v.certainty * 0.9)
                    for k, v in (("date", when), ("place", place)) if v is not None}
    return {}


def _bodies(head: list[_Seg], num_at: int | None) -> dict[str, Field]:
    """Issuing and parent body: the left header block's last lines above the number."""
    if num_at is not None:
        block, sure = head[:num_at], 1.0
    else:
        # no number line: the left block is what precedes the date line, less the right block's
        # national title and motto (OCR may have read the two blocks' lines alternately)
        if not any(s.kind in ("motto", "date") for s in head):
            return {}
        end = next((i for i, s in enumerate(head) if s.kind == "date"), len(head))
        block, sure = head[:end], 0.7
    # a body's name has no punctuation inside or after it, nor signs before it:
    # ".ỦY BAN NHÂN, DÂN", "ỦY BAN NHÂN DÂN, XÃ NAM PHONG,", "ỦY BAN NHÂN DÂN:"
    # the council's line may come with the back's print beside it, in small letters too
    left = []
    for s in (s for s in block if s.kind == ""):
        if (council := council_line(s.text)) is not None:
            left.append((council, s.conf * sure))
        elif _letters(s.text) >= 3 and _mostly_caps(s.text):
            name = re.sub(r"\s*[,;.:]+(?=\s|$)", "", s.text).lstrip(" .,:;-+*'\"")
            left.append((_from_capitals(name), s.conf * sure))
    council = [i for i, (text, _) in enumerate(left) if _COUNCIL.match(_b(text))]
    if council and len(left) - 4 <= council[-1] < len(left) - 2 \
            and _UNIT_NAME.match(_b(left[-1][0])) \
            and not any(_BODY_NAME.match(_b(t)) for t, _ in left[council[-1] + 1:-1]):
        # "ỦY BAN NHÂN DÂN" / "RAN SẠC" / "XÃ TÂY TRÀ": what was read between the council and
        # its unit (the back's title showing through, a stamp's letters) is no body's name
        del left[council[-1] + 1:-1]
    if len(left) >= 2 and _COUNCIL.match(_b(left[-2][0])):
        left[-1] = (_level_mended(left[-1][0]), left[-1][1])
    if len(left) >= 2 and (_COUNCIL.match(_b(left[-2][0]))
                           or re.search(r"(?:[-–&,]|\bV[AÀ])$", left[-2][0])):
        # "ỦY BAN NHÂN DÂN" / "XÃ TÂN LẬP", "PHÒNG TÀI CHÍNH -" / "KẾ HOẠCH": one name set on
        # two lines
        left[-2:] = [(f"{left[-2][0]} {left[-1][0]}", min(left[-2][1], left[-1][1]))]
    elif left and _TITLE_START.match(_b(left[-1][0])) and not _NOT_TITLE.match(_b(left[-1][0])):
        # a title above the number ("GIẤY XÁC NHẬN …", "TRÍCH LỤC …": a certificate prints its
        # number under it) is not a body's name
        left.pop()
    out: dict[str, Field] = {}
    if left:
        out["issuing_body"] = Field(*left[-1])
    if len(left) >= 2:
        out["parent_body"] = Field(*left[-2])
    return out


#: the level words a unit's name under its council starts with
LEVELS = ("XÃ", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH")


def _level_mended(text: str) -> str:
    """A unit's name under its council ("ỦY BAN NHÂN DÂN" / "NÃ TÂY TRÀ") with its level word
    read a letter off ("NÃ", "XĨ") written as the level word: only a unit's name is printed
    there, and it starts with one."""
    words = text.split()
    if len(words) < 2 or _UNIT_NAME.match(_b(text)):
        return text
    first = _b(words[0])
    near = [w for w in LEVELS if len(_b(w)) == len(first)
            and sum(a != b for a, b in zip(_b(w), first, strict=True)) == 1]
    return " ".join([near[0], *words[1:]]) if len(near) == 1 else text


def _type_and_subject(segs: list[_Seg], at: int) -> dict[str, Field]:
    """The type (title in capitals, up to 3 lines) at ``at`` and the subject below it."""
    first = segs[at]
    known = bool(_TITLE_START.match(first.up))
    type_lines, type_conf = [first.text], first.conf
    i = at + 1
    # a complete title that takes a subject ("QUYẾT ĐỊNH") does not run on to the next line
    if not (known and first.up in {_b(t) for t in SUBJECT_TYPES}):
        while i < len(segs) and len(type_lines) < 3:
            s = segs[i]
            if s.kind in ("stamp", "junk") or re.fullmatch(r"\(.*\)", s.text):
                i += 1
                continue
            if not _title_line(s):
                break
            type_lines.append(s.text)
            type_conf = min(type_conf, s.conf)
            i += 1
    words = " ".join(type_lines).split()
    # a speck after a title in capitals read as small letters ("QUYẾT ĐỊNH m"); a year stays
    while len(words) > 1 and any(c.islower() for c in words[-1]) \
            and not any(c.isupper() for c in words[-1]):
        words.pop()
    doc_type = " ".join(words).rstrip(" .,;:")
    if (title := _near_title(doc_type)) is not None:
        doc_type, known = title, True
    out = {"doc_type": Field(doc_type, type_conf * (1.0 if known else 0.7))}
    # stamps, "(BẢN SAO)", and a speck or stroke read as a letter or two ("ru"), or the back's
    # print showing through read as signs and figures ("0H19/97") or as a small word or two
    # ("xuy ny": a subject opens with a capital)
    while i < len(segs) and (segs[i].kind in ("stamp", "junk")
                             or re.fullmatch(r"\(.*\)", segs[i].text)
                             or (segs[i].kind == "" and _letters(segs[i].text) < 3)
                             or (segs[i].kind == "" and segs[i].text[:1].islower()
                                 and _letters(segs[i].text) < 6
                                 and not _SUBJECT_START.match(segs[i].up))):
        i += 1
    if i >= len(segs):
        return out
    s = segs[i]
    cue = bool(_SUBJECT_START.match(s.up))
    if cue or (_b(doc_type) in {_b(t) for t in SUBJECT_TYPES} and s.kind == ""
               and not _PREAMBLE.match(s.up) and _letters(s.text) >= 3):
        out["subject"] = _subject_from(segs, i)
    return out


def squeezed(text: str) -> str:
    """Base letters in capitals with nothing between them: the key a phrase or title is looked
    up by whatever spaces or dashes it was read with."""
    return re.sub(r"[^A-Z]", "", _b(text))


#: the known titles of two words or more
TITLES = (*(t for t in TITLE_WORDS if " " in t), *RESULT_TITLES)
_KNOWN_TITLES = {squeezed(t): t for t in TITLES}


def _near_title(text: str) -> str | None:
    """The one known title of two words or more (`TITLE_WORDS`, `RESULT_TITLES`) that a type
    read over one or more lines is, read with marks or spaces misread ("GIẤY XÁC NHẶN") or a
    letter or more off (`title_edits`: "GIY TIẾP NHẬN HỒ SƠ VÀ HỆN" / "TRĂ KĨT QU Ả"); None
    when it is one as read, holds one whole and more ("GIẤY CHỨNG NHẬN ĐĂNG KÝ …"), or is
    near none or several."""
    if " ".join(text.split()) in TITLES:
        return None
    letters = squeezed(text)
    if letters in _KNOWN_TITLES:
        return _KNOWN_TITLES[letters]
    near = [t for k, t in _KNOWN_TITLES.items() if near_title(k, letters)]
    return near[0] if len(near) == 1 else None


def _subject_from(segs: list[_Seg], i: int) -> Field:
    """The subject starting at ``i``: it may wrap onto lines shorter than two thirds of the
    longest (a subject's block is narrower than the text; its lines reach three fifths of it);
    body lines run the full width, and the preamble or a line in capitals ends it."""
    # "Vo việc", "Vẽ việc": a subject opens with "Về việc" (none opens "Vì việc")
    subject, conf = [_ABOUT.sub("Về", segs[i].text)], segs[i].conf
    longest = max((len(s.text) for s in segs), default=0)
    j = i + 1
    while j < len(segs) and len(subject) < 4:
        s = segs[j]
        if s.kind == "junk" or _letters(s.text) < 2:  # or a receipt stamp's figures beside it
            j += 1
            continue
        if (s.kind != "" or _is_caps(s.text) or len(s.text) >= 2 / 3 * longest
                or _PREAMBLE.match(s.up) or _SUBJECT_START.match(s.up)):
            break
        subject.append(s.text)
        conf = min(conf, s.conf)
        j += 1
    # no full stop ends a subject or stands inside it, nor a comma ends it: one read there is a
    # speck ("… trong công. tác cải cách hành chính.", "… người cao tuổi,")
    text = re.sub(r"\.\s+(?=[a-zà-ỹđ])", " ", " ".join(subject)).rstrip(" .,;:")
    return Field(_unspecked(text), conf)


def _unspecked(text: str) -> str:
    """A subject without what a speck or the back's print left at its ends: a lone letter
    that is no word before its first ("i Nộp tiền …"), a bracket that closes none or opens
    none ("… sử dụng đất)")."""
    first, _, rest = text.partition(" ")
    if first in ("i", "I", "l", "j", "|", "!") and rest[:1].isupper():
        text = rest
    if text.endswith(")") and "(" not in text:
        text = text[:-1].rstrip(" .,;:")
    if text.startswith("(") and ")" not in text:
        text = text[1:].lstrip()
    return text


def _subject_by_cue(segs: list[_Seg], title: int | None) -> Field | None:
    """A subject starting ``V/v`` or ``Về việc`` in the header (a letter's, under its number),
    or, with no title read, anywhere before the body."""
    for i, s in enumerate(segs[: title if title is not None else 30]):
        if s.kind == "" and _BODY_START.match(s.up):
            return None
        if s.kind == "" and _SUBJECT_START.match(s.up):
            return _subject_from(segs, i)
    return None
