"""A desk day: what a commune one-stop desk's sheet-feed scanner produces in a day, with the
register of results and the exact truth, for measuring batch splitting and matching by content.

`python -m benchmarks.desk_day --out DIR [--seed N] [--pages N] [--decoys N]` writes into DIR:

- `scan_0001.pdf`, `scan_0002.pdf`, … (about one in four a grey multi-page TIFF,
  `scan_000N.tif`, deflate): batches of 5–60 pages, each several documents with no meaningful
  file name. A batch has one separation style, dealt in rotation: `cover` (a QR cover sheet
  holding the result id before every document), `separator` (a "TÁCH" sheet between
  documents) or `layout` (nothing: a first page carries the national motto, a continuation
  page its page number at the top). About one batch in three was scanned duplex: some pages
  are followed by the blank back of their sheet.
- `register.csv` (UTF-8 with BOM): a row per document in the batches and `--decoys` rows per
  document that are in no batch and look like it (same unit and date with a neighbouring
  number, the same number another year, the same number and date at another unit, others).
- `truth.json`: per batch its pages, style, the separator/cover and blank pages, and per
  document its result id, pages, number, date and kind.
- `README.md`: what this is and how it was made.

The documents are the texts of the OCR corpus (benchmarks/corpus, both splits), each use with
a new number and date, set and captured by the corpus's own code (choose_style, render, scan)
as a desk's scanner would: flatbed or ADF, colour or grey, 300 dpi (some 200), mostly clean or
mild, some moderate; no phone photos. Every choice comes from `random.Random` seeded with the
seed and what is being chosen, so a seed gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import io
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

from benchmarks.corpus.build import Deck, choose_style
from benchmarks.corpus.capture import Capture, scan
from benchmarks.corpus.fonts import survey
from benchmarks.corpus.layout import render
from benchmarks.corpus.model import Doc
from benchmarks.corpus.texts import DOCS
from sohoa.samples.sheets import blank_sheet, cover_sheet, separator_sheet

DEFAULT_SEED = 2026
COLUMNS = ("result_id", "procedure_code", "procedure_name", "field", "unit_code", "unit_name",
           "level", "issued_date", "valid_until", "revoked", "replaced_by", "document_number",
           "signer", "holder")
STYLES = ("cover", "separator", "layout")
SEVERITIES = ("clean", "clean", "clean", "mild", "mild", "mild", "moderate")
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 12, 31)
MAX_PAGES = 60
PDF_DATE = time.gmtime(1767225600)  # 2026-01-01, fixed: a seed gives the same bytes

#: per text: procedure code, procedure name, field, holder ("" where the text is no procedure's
#: result or names no holder). Codes and names are illustrative.
PROFILE: dict[str, tuple[str, str, str, str]] = {
    "qd-hoa-giai-vien": ("2.000930", "Công nhận hòa giải viên", "Hòa giải ở cơ sở", ""),
    "qd-tro-cap-cao-tuoi": ("1.001776", "Thực hiện trợ cấp xã hội hằng tháng",
                            "Bảo trợ xã hội", "Trương Thị Gấm"),
    "qd-xu-phat-xay-dung": ("", "Xử phạt vi phạm hành chính", "Hoạt động xây dựng",
                            "Lưu Quang Vinh"),
    "qd-chuyen-muc-dich": ("1.003010", "Chuyển mục đích sử dụng đất", "Đất đai",
                           "Y Krông Niê"),
    "qd-khen-thuong": ("2.000346", "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
                       "Thi đua, khen thưởng", ""),
    "qd-ho-tro-mai-tang": ("1.001758", "Hỗ trợ chi phí mai táng", "Bảo trợ xã hội",
                           "Lê Bá Cường"),
    "qd-ho-can-ngheo": ("1.000489", "Công nhận hộ cận nghèo phát sinh trong năm", "Giảm nghèo",
                        ""),
    "qd-gia-han-gpxd": ("1.004241", "Gia hạn giấy phép xây dựng", "Hoạt động xây dựng",
                        "Đào Thị Ngát"),
    "tb-lich-tiep-cong-dan": ("", "Lịch tiếp công dân", "Tiếp công dân", ""),
    "tb-tham-dinh-ruou": ("2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu",
                          "Lưu thông hàng hóa trong nước", "Tạp hóa Kim Ngân"),
    "tb-tuyen-dung": ("", "Tuyển dụng công chức cấp xã", "Công chức, viên chức", ""),
    "tb-nop-tien-sdd": ("", "Thông báo nộp tiền sử dụng đất", "Quản lý thuế", "Quách Thị Lựu"),
    "cv-tra-loi-kien-nghi": ("", "Trả lời kiến nghị của công dân", "Giao thông",
                             "Ninh Văn Dưỡng"),
    "cv-chap-thuan-le-hoi": ("1.001029", "Thông báo tổ chức lễ hội", "Văn hóa",
                             "Ban Quý tế đình Bình Thủy"),
    "cv-xac-minh-ho-tich": ("", "Xác minh thông tin hộ tịch", "Hộ tịch", ""),
    "gm-hop-dan-quy-hoach": ("", "Lấy ý kiến nhân dân về quy hoạch", "Quy hoạch xây dựng", ""),
    "gm-tap-huan-chuyen-doi-so": ("", "Tập huấn dịch vụ công trực tuyến", "Chuyển đổi số", ""),
    "kh-phong-chong-thien-tai": ("", "Kế hoạch phòng, chống thiên tai",
                                 "Phòng, chống thiên tai", ""),
    "kh-ve-sinh-moi-truong": ("", "Kế hoạch vệ sinh môi trường", "Môi trường", ""),
    "gcn-ho-kinh-doanh": ("2.000575", "Đăng ký thành lập hộ kinh doanh",
                          "Thành lập và hoạt động của hộ kinh doanh", "Nguyễn Thị Thanh Nga"),
    "gxn-tinh-trang-hon-nhan": ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch",
                                "Thiều Quang Minh"),
    "tl-khai-tu": ("1.000656", "Đăng ký khai tử", "Hộ tịch", "Hồ Văn Lực"),
    "tl-thay-doi-ho-tich": ("1.004859", "Đăng ký thay đổi, cải chính thông tin hộ tịch",
                            "Hộ tịch", "Đặng Thị Mỹ Lệ"),
    "gp-ban-le-ruou": ("2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu",
                       "Lưu thông hàng hóa trong nước", "Quán Sáu Hường"),
    "gxn-hoan-canh-kho-khan": ("", "Xác nhận hoàn cảnh gia đình", "Giáo dục và đào tạo",
                               "Lê Thị Huyền Trân"),
    "bb-ban-giao-moc-gioi": ("", "Bàn giao mốc giới thửa đất", "Đất đai", "Quách Thị Phượng"),
    "bb-kiem-tra-cong-trinh": ("", "Kiểm tra trật tự xây dựng", "Hoạt động xây dựng",
                               "Mạc Đăng Khoa"),
    "bn-tiep-nhan-ho-so": ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "Tăng Minh Nhựt"),
    "pk-bo-sung-ho-so": ("2.000815", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản",
                         "Chứng thực", "Võ Thành Lũy"),
    "tt-du-toan-nha-van-hoa": ("", "Phê duyệt dự toán sửa chữa nhà văn hóa",
                               "Tài chính - ngân sách", ""),
}
#: more holders for decoy rows
NAMES = ("Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Văn Tám", "Phạm Thị Hồng Nhung",
         "Hoàng Minh Tuấn", "Vũ Thị Lan", "Đỗ Quang Huy", "Bùi Thị Thu Hà", "Ngô Văn Lợi",
         "Đặng Thị Thúy")
DOSSIER = re.compile(r"(\d{3}\.\d{2}\.\d{2}\.H\d{2})-(\d{6})-(\d{4,6})")


# ---------------------------------------------------------------------- units and numbers
@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str      # commune | district | province


def level_of(agency: tuple[str, ...]) -> str:
    """commune for a body named XÃ/PHƯỜNG/THỊ TRẤN …, province for one under a province at top
    level, else district ("ĐỘI THUẾ LIÊN XÃ" serves several communes: not commune)."""
    if re.match(r"(XÃ|PHƯỜNG|THỊ TRẤN)\b", agency[-1]):
        return "commune"
    top = " ".join(agency)
    if re.search(r"\b(TỈNH|THÀNH PHỐ)\b", top) and "HUYỆN" not in top:
        return "province"
    return "district"


def make_units() -> dict[tuple[str, ...], Unit]:
    """A stable code per issuing body (the whole agency block: two bodies may share a last
    line), in the one-stop code shape 000.XX.YY.HZZ."""
    bodies = sorted({d.agency for d in DOCS})
    lasts = Counter(a[-1] for a in bodies)
    units, used = {}, set()
    for agency in bodies:
        level = level_of(agency)
        h = int(hashlib.sha256("|".join(agency).encode()).hexdigest(), 16)
        while True:
            prov, dist, com = 10 + h % 80, 10 + (h >> 8) % 80, 20 + (h >> 16) % 70
            code = {"commune": f"000.{com:02d}.{dist:02d}.H{prov:02d}",
                    "district": f"000.00.{dist:02d}.H{prov:02d}",
                    "province": f"000.00.00.H{prov:02d}"}[level]
            if code not in used:
                break
            h += 1
        used.add(code)
        name = agency[-1] if lasts[agency[-1]] == 1 else f"{agency[-1]} - {agency[0]}"
        units[agency] = Unit(code, name, level)
    return units


def numbering(doc: Doc) -> tuple[Callable[[int, date, Unit], str], int, int] | None:
    """How a new number is written for this text (n, date, unit -> "47/QĐ-UBND") and the
    range of n; None for a text without a number (a record, biên bản)."""
    head, sep, tail = doc.number.partition("/")
    if sep and head.isdigit():
        return (lambda n, d, u: f"{n:02d}/{tail}"), 1, 999
    if DOSSIER.fullmatch(doc.number):
        return (lambda n, d, u: f"{u.code}-{d:%y%m%d}-{n:04d}"), 1, 2999
    m = re.fullmatch(r"(\d{2}[A-Z]\d)(\d{6})", doc.number)
    if m:
        return (lambda n, d, u: f"{m[1]}{n:06d}"), 1000, 99999
    if not doc.number:
        return None
    raise ValueError(f"{doc.key}: no rule for a new number like {doc.number!r}")


def working_day(rnd: random.Random, lo: date = FIRST_DAY, hi: date = LAST_DAY) -> date:
    while True:
        d = lo + timedelta(days=rnd.randint(0, (hi - lo).days))
        if d.weekday() < 5:
            return d


def result_id(unit: Unit, issued: date, rnd: random.Random, ids: set[str]) -> str:
    """A dossier code {unit}-{yyMMdd received}-{NNNN..NNNNNN}, unused so far."""
    while True:
        received = issued - timedelta(days=rnd.randint(0, 14))
        digits = rnd.choices((4, 5, 6), (80, 15, 5))[0]
        n = rnd.randint(1 if digits == 4 else 10 ** (digits - 1), 10 ** digits - 1)
        rid = f"{unit.code}-{received:%y%m%d}-{n:0{digits}d}"
        if rid not in ids:
            ids.add(rid)
            return rid


@dataclass
class Entry:
    """One register row: a document made for a batch, or a decoy (`decoy` says how)."""

    doc: Doc
    unit: Unit
    n: int | None
    number: str
    issued: date
    signer: str
    holder: str
    result_id: str = ""
    decoy: str = ""

    @property
    def key(self) -> tuple[str, str, date]:
        return self.unit.code, self.number, self.issued

    def row(self) -> dict[str, str]:
        code, name, fld, _ = PROFILE.get(self.doc.key, ("", self.doc.kind, "", ""))
        valid = ""
        if self.doc.kind == "giay_phep":
            valid = (self.issued.replace(year=self.issued.year + 5, day=min(self.issued.day, 28))
                     - timedelta(days=1)).isoformat()
        return {"result_id": self.result_id, "procedure_code": code, "procedure_name": name,
                "field": fld, "unit_code": self.unit.code, "unit_name": self.unit.name,
                "level": self.unit.level, "issued_date": self.issued.isoformat(),
                "valid_until": valid, "revoked": "", "replaced_by": "",
                "document_number": self.number, "signer": self.signer, "holder": self.holder}


class Registry:
    """Every row made so far: no two share a result id, or unit, number and date."""

    def __init__(self):
        self.units = make_units()
        self.ids: set[str] = set()
        self.keys: set[tuple[str, str, date]] = set()

    def entry(self, doc: Doc, unit: Unit, n: int | None, issued: date, signer: str,
              holder: str, rnd: random.Random, decoy: str = "") -> Entry | None:
        rule = numbering(doc)
        number = rule[0](n, issued, unit) if rule and n is not None else ""
        e = Entry(doc, unit, n, number, issued, signer, holder, decoy=decoy)
        if e.key in self.keys:
            return None
        self.keys.add(e.key)
        e.result_id = result_id(unit, issued, rnd, self.ids)
        return e

    def new_document(self, doc: Doc, rnd: random.Random) -> Entry:
        rule = numbering(doc)
        while True:
            n = rnd.randint(rule[1], rule[2]) if rule else None
            e = self.entry(doc, self.units[doc.agency], n, working_day(rnd), doc.signer,
                           PROFILE.get(doc.key, ("", "", "", ""))[3], rnd)
            if e:
                return e


# ---------------------------------------------------------------------- decoys
DECOYS = ("neighbour", "other_year", "other_unit", "random")


def decoy(kind: str, real: Entry, reg: Registry, rnd: random.Random) -> Entry | None:
    """A row in no batch that resembles `real` (None when the draw clashes: draw again)."""
    doc, unit, n, issued = real.doc, real.unit, real.n, real.issued
    holder = rnd.choice(NAMES) if real.holder and rnd.random() < 0.7 else ""
    signer = real.signer
    rule = numbering(doc)
    if kind == "neighbour":
        if n is None:       # no number: the same kind of record a few days apart
            issued = working_day(rnd, issued - timedelta(days=5), issued + timedelta(days=5))
        else:
            n = max(rule[1], n + rnd.choice((-3, -2, -1, 1, 2, 3)))
    elif kind == "other_year":
        year = rnd.choice([y for y in range(2023, 2027) if y != issued.year])
        issued = issued.replace(year=year, day=min(issued.day, 28))
    elif kind == "other_unit":
        same = [u for u in reg.units.values() if u != unit and u.level == unit.level]
        unit = rnd.choice(same or [u for u in reg.units.values() if u != unit])
        signer = next(d.signer for a, u in reg.units.items() if u == unit
                      for d in DOCS if d.agency == a)
    else:
        doc = rnd.choice(DOCS)
        unit, signer, rule = reg.units[doc.agency], doc.signer, numbering(doc)
        issued = working_day(rnd)
        n = rnd.randint(rule[1], rule[2]) if rule else None
        holder = PROFILE.get(doc.key, ("", "", "", ""))[3] if rnd.random() < 0.3 else holder
    return reg.entry(doc, unit, n, issued, signer, holder, rnd, decoy=kind)


def decoys(made: list[Entry], per: int, reg: Registry, seed: int) -> list[Entry]:
    out = []
    for i, real in enumerate(made):
        rnd = random.Random(f"{seed}/decoys/{i}")
        for j in range(per):
            kind = DECOYS[j % len(DECOYS)]
            for attempt in range(40):
                e = decoy(kind if attempt < 20 else "random", real, reg, rnd)
                if e:
                    out.append(e)
                    break
    return out


# ---------------------------------------------------------------------- batches
@dataclass
class Plan:
    """How one batch is scanned: the same settings for all its sheets."""

    file: str
    style: str
    kind: str       # adf | flatbed
    mode: str       # rgb | gray
    dpi: int
    duplex: bool
    size: int       # pages wanted (documents are not cut)


def capture(img: Image.Image, plan: Plan, sev: str, rnd: random.Random, rotation: int = 0,
            faded: bool = False) -> np.ndarray | bytes:
    """A sheet through the batch's scanner: the image (TIFF batch) or a one-page PDF of it
    (PDF batch: kept encoded, so that a long colour batch does not fill the memory)."""
    cap = Capture(plan.kind, plan.mode, plan.dpi, sev, rotation_cw=rotation, faded=faded)
    frame = scan(np.asarray(img), None, cap, rnd).image
    if plan.file.endswith(".tif"):
        return frame
    buf = io.BytesIO()
    Image.fromarray(frame).save(buf, "PDF", resolution=plan.dpi, quality=85,
                                creationDate=PDF_DATE, modDate=PDF_DATE)
    return buf.getvalue()


class Day:
    """The generator: documents dealt from the texts, batches dealt from their decks."""

    def __init__(self, out: Path, seed: int, log=print):
        self.out, self.seed, self.log = out, seed, log
        self.families, _ = survey()
        if not self.families:
            raise SystemExit("no installed font covers Vietnamese: SOHOA_BENCH=1 "
                             "scripts/bootstrap.sh")
        self.reg = Registry()
        self.texts = Deck(DOCS, random.Random(f"{seed}/texts"))
        self.fonts = Deck(self.families, random.Random(f"{seed}/fonts"))
        self.sevs = Deck(SEVERITIES, random.Random(f"{seed}/severity"))
        self.formats = Deck(("tif", "pdf", "pdf", "pdf"), random.Random(f"{seed}/formats"))
        self.duplex = Deck((True, False, False), random.Random(f"{seed}/duplex"))
        self.separator = separator_sheet()
        self.made: list[Entry] = []
        self.pending = None     # a document rendered but not fitting the last batch

    def document(self) -> tuple[Entry, list[Image.Image]]:
        if self.pending:
            made, self.pending = self.pending, None
            return made
        i = len(self.made)
        rnd = random.Random(f"{self.seed}/doc/{i}")
        text = self.texts.deal()
        e = self.reg.new_document(text, rnd)
        doc = dated(dataclasses.replace(text, number=e.number, date=e.issued.timetuple()[:3]))
        pages = render(doc, choose_style(doc, self.fonts.deal(), rnd), rnd)
        self.made.append(e)
        return e, [p.image for p in pages]

    def plan(self, b: int) -> Plan:
        rnd = random.Random(f"{self.seed}/batch/{b}")
        style = STYLES[b % len(STYLES)]
        fmt = self.formats.deal()
        mode = "gray" if fmt == "tif" or rnd.random() < 0.55 else "rgb"
        kind = "adf" if rnd.random() < 0.7 else "flatbed"
        dpi = 200 if rnd.random() < 0.2 else 300
        return Plan(f"scan_{b + 1:04d}.{fmt}", style, kind, mode, dpi,
                    duplex=self.duplex.deal(), size=rnd.randint(5, 48))

    def batch(self, b: int, wanted: int) -> dict:
        plan = self.plan(b)
        plan.size = max(5, min(plan.size, wanted))
        rnd = random.Random(f"{self.seed}/batch/{b}/sheets")
        blank_p = rnd.uniform(0.1, 0.35)
        frames: list[np.ndarray | bytes] = []
        truth = {"file": plan.file, "pages": 0, "style": plan.style, "separators": [],
                 "blank": [], "documents": [], "rotated": [], "capture": "",
                 "dpi": plan.dpi, "color_mode": plan.mode, "duplex": plan.duplex}

        def add(frame: np.ndarray | bytes) -> int:
            """Append a sheet (and, duplex, maybe its blank back); its page number."""
            frames.append(frame)
            page = len(frames)
            if plan.duplex and rnd.random() < blank_p:
                frames.append(capture(blank_sheet(seed=rnd.getrandbits(32)), plan,
                                      "clean", rnd))
                truth["blank"].append(len(frames))
            return page

        while len(frames) < plan.size:
            e, pages = self.document()
            extra = 1 if plan.style == "cover" or (plan.style == "separator" and frames) else 0
            if frames and len(frames) + (extra + len(pages)) * (2 if plan.duplex else 1) > \
                    MAX_PAGES:
                self.pending = (e, pages)
                break
            sheet_sev = rnd.choice(("clean", "clean", "mild"))
            if plan.style == "cover":
                truth["separators"].append(add(capture(cover_sheet(e.result_id), plan,
                                                       sheet_sev, rnd)))
            elif plan.style == "separator" and truth["documents"]:
                truth["separators"].append(add(capture(self.separator, plan, sheet_sev, rnd)))
            drnd = random.Random(f"{self.seed}/capture/{e.result_id}")
            sev = self.sevs.deal()
            faded = drnd.random() < {"clean": 0, "mild": 0.05, "moderate": 0.3}[sev]
            turned = drnd.randrange(len(pages)) if sev != "clean" and drnd.random() < 0.05 \
                else None
            own = []
            for k, img in enumerate(pages):
                rot = 180 if k == turned else 0
                own.append(add(capture(img, plan, sev, random.Random(
                    f"{self.seed}/capture/{e.result_id}/{k}"), rot, faded)))
                if rot:
                    truth["rotated"].append(own[-1])
            truth["documents"].append({
                "result_id": e.result_id, "first": own[0], "last": own[-1], "pages": own,
                "number": e.number, "date": e.issued.isoformat(), "kind": e.doc.kind,
                "text_key": e.doc.key, "unit_code": e.unit.code, "severity": sev})
        if plan.duplex and not truth["blank"]:  # a duplex batch shows at least one back
            at = rnd.randint(1, len(frames))
            frames.insert(at, capture(blank_sheet(seed=rnd.getrandbits(32)), plan, "clean",
                                      rnd))
            truth["blank"].append(at + 1)
            shift = lambda p: p + 1 if p > at else p  # noqa: E731
            truth["separators"] = [shift(p) for p in truth["separators"]]
            truth["rotated"] = [shift(p) for p in truth["rotated"]]
            for d in truth["documents"]:
                d["pages"] = [shift(p) for p in d["pages"]]
                d["first"], d["last"] = d["pages"][0], d["pages"][-1]
        truth["pages"] = len(frames)
        truth["capture"] = Capture(plan.kind, plan.mode, plan.dpi, "clean").label
        save(self.out / plan.file, frames, plan.dpi)
        return truth


def save(path: Path, frames: list, dpi: int) -> None:
    """A grey deflate TIFF of the images, or a PDF of the one-page PDFs that Pillow wrote (one
    JPEG image per page, copied as they are), all pages at `dpi`."""
    if path.suffix == ".tif":
        ims = [Image.fromarray(f) for f in frames]
        ims[0].save(path, "TIFF", compression="tiff_deflate", dpi=(dpi, dpi), save_all=True,
                    append_images=ims[1:])
        return
    out, parts = pikepdf.new(), [pikepdf.open(io.BytesIO(b)) for b in frames]
    for part in parts:
        out.pages.extend(part.pages)
    out.docinfo["/CreationDate"] = out.docinfo["/ModDate"] = "D:20260101000000Z"
    out.save(path, deterministic_id=True)


# ---------------------------------------------------------------------- the day
_SPELLED_DATE = re.compile(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}")


def dated(doc: Doc) -> Doc:
    """A record (biên bản) has no date line: its date is the one its first sentence gives
    ("Hôm nay, vào lúc … ngày 11 tháng 10 năm 2023, …"), set to the document's new date so that
    the page and the register agree."""
    if doc.kind != "bien_ban":
        return doc
    y, m, d = doc.date
    body = list(doc.body)
    for i, block in enumerate(body):
        if isinstance(block, str) and _SPELLED_DATE.search(block):
            body[i] = _SPELLED_DATE.sub(f"ngày {d:02d} tháng {m:02d} năm {y}", block, count=1)
            break
    return dataclasses.replace(doc, body=tuple(body))


def generator_id() -> str:
    h = hashlib.sha256()
    for p in (Path(__file__), Path(__file__).parent / "corpus",
              Path(__file__).parents[1] / "sohoa/samples/sheets.py"):
        for f in sorted(p.glob("*.py")) if p.is_dir() else [p]:
            h.update(f.read_bytes())
    return f"benchmarks/desk_day.py {h.hexdigest()[:12]}"


def build(out: Path, seed: int, pages: int, per_decoy: int, log=print) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("scan_*.pdf"), *out.glob("scan_*.tif")]:
        old.unlink()
    day = Day(out, seed, log)
    batches, total, t0 = [], 0, time.perf_counter()
    while total < pages:
        t = time.perf_counter()
        tr = day.batch(len(batches), pages - total)
        batches.append(tr)
        total += tr["pages"]
        log(f"{tr['file']:<15} {tr['pages']:>2} p  {tr['style']:<9} "
            f"{len(tr['documents']):>2} docs  {len(tr['separators']):>2} sep  "
            f"{len(tr['blank']):>2} blank  {tr['capture']:<14} {tr['dpi']} dpi  "
            f"{time.perf_counter() - t:5.1f} s")
    if day.pending:      # rendered for a batch it did not fit: not in any batch, not a row
        day.made.remove(day.pending[0])
    fakes = decoys(day.made, per_decoy, day.reg, seed)
    rows = [e.row() for e in day.made + fakes]
    random.Random(f"{seed}/register").shuffle(rows)
    with open(out / "register.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    truth = {"seed": seed, "pages": total, "generator": generator_id(),
             "documents": len(day.made), "register_rows": len(rows),
             "decoys": dict(Counter(e.decoy for e in fakes)), "batches": batches}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    (out / "README.md").write_text(readme(truth, pages, per_decoy), encoding="utf-8")
    log(f"total: {len(batches)} batches, {total} pages, {len(day.made)} documents, "
        f"{len(rows)} register rows ({len(fakes)} decoys) in {time.perf_counter() - t0:.0f} s "
        f"-> {out}")
    return truth


def readme(truth: dict, pages: int, per_decoy: int) -> str:
    b = truth["batches"]
    styles = Counter(x["style"] for x in b)
    return f"""# Desk day (seed {truth['seed']})

What a commune one-stop desk's sheet-feed scanner produces in a day: {len(b)} batch files
(`scan_NNNN.pdf`, some `scan_NNNN.tif`), {truth['pages']} pages, {truth['documents']}
documents, with no meaningful file names; the register of results; the exact truth. For
measuring batch splitting and matching scans to the register by content.

Made by `python -m benchmarks.desk_day --out DIR --seed {truth['seed']} --pages {pages}
--decoys {per_decoy}` ({truth['generator']}); the same seed gives the same files.

- Batches: {styles['cover']} with a QR cover sheet (the result id) before every document,
  {styles['separator']} with a "TÁCH" separator sheet between documents, {styles['layout']}
  with nothing between documents (a first page carries the national motto, a continuation
  page its page number at the top). Batches marked `duplex` have blank backs after some pages.
- Documents: the texts of benchmarks/corpus (both splits), each use with a new number and a
  date in 2024–2026 (dates written inside the body text keep the original's), set and scanned
  by the corpus's code: flatbed or ADF, colour or grey, 300 or 200 dpi, clean to moderate; a
  few sheets upside down (`rotated`).
- `register.csv` (UTF-8 with BOM, the register's columns): one row per document and
  {per_decoy} decoy rows per document, in no batch: {truth['decoys']} (neighbour: same unit
  and date, number ±1..3; other_year: same unit and number, another year; other_unit: same
  number and date at another unit; random: any text, unit and date). Rows shuffled.
- `truth.json`: per batch `file`, `pages`, `style` (cover | separator | layout),
  `separators` (pages of cover/separator sheets), `blank`, `rotated`, `capture`, `dpi`,
  `color_mode`, `duplex` and `documents`: `result_id`, `first`, `last`, `pages` (the
  document's own pages, blank backs excluded), `number`, `date`, `kind`, `text_key`,
  `unit_code`, `severity`. Page numbers are 1-based within the file.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.desk_day",
                                 description="Write a desk day: batches, register, truth.")
    ap.add_argument("--out", required=True, help="folder to write into")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--pages", type=int, default=300, help="pages in all batches, at least")
    ap.add_argument("--decoys", type=int, default=10,
                    help="decoy register rows per document (default 10)")
    args = ap.parse_args(argv)
    build(Path(args.out), args.seed, args.pages, args.decoys)
    return 0


if __name__ == "__main__":
    sys.exit(main())
