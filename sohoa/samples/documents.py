"""The text of the sample documents, written for sohoa (illustrative units, names and numbers).

Each document is a result of an administrative procedure laid out the way Decree 30/2020/NĐ-CP
prescribes: agency block and number on the left, national motto and place/date on the right,
document type, subject, body, "Nơi nhận" on the left and the signature block with a red seal on
the right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Unit:
    code: str
    name: str           # "Huyện Ngọc Lâm", "Xã Đông Hòa"
    level: str          # district | commune
    parent: str | None = None

    @property
    def short(self) -> str:
        return self.name.split(" ", 1)[1]

    @property
    def upper(self) -> str:
        return self.name.upper()


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    doc_type: str       # printed title
    symbol: str         # number symbol after "Số: NN/"
    subject: str
    articles: tuple[str, ...]


UNITS = {
    "H01": Unit("000.00.11.H01", "Huyện Ngọc Lâm", "district"),
    "H02": Unit("000.00.12.H02", "Huyện Đức Thành", "district"),
    "X01": Unit("000.21.11.H01", "Xã Đông Hòa", "commune", "H01"),
    "X02": Unit("000.22.11.H01", "Xã Tân Lập", "commune", "H01"),
    "X03": Unit("000.23.12.H02", "Xã Phú Mỹ", "commune", "H02"),
    "X04": Unit("000.24.12.H02", "Xã Hưng Đạo", "commune", "H02"),
}

#: The units table of the sample set, with the reorganisation of 1 July 2025: both districts
#: end; Đông Hòa and Tân Lập merge into the new commune Ngọc Lâm, Phú Mỹ and Hưng Đạo into Phú
#: Hưng; each former district's results pass to the new commune at its seat.
#: (code, name, level, parent, valid_from, valid_to, successor)
UNIT_TABLE = [
    ("000.00.11.H01", "Huyện Ngọc Lâm", "district", "", "2008-01-01", "2025-06-30",
     "000.31.11.X05"),
    ("000.00.12.H02", "Huyện Đức Thành", "district", "", "2008-01-01", "2025-06-30",
     "000.32.12.X06"),
    ("000.21.11.H01", "Xã Đông Hòa", "commune", "000.00.11.H01", "2008-01-01", "2025-06-30",
     "000.31.11.X05"),
    ("000.22.11.H01", "Xã Tân Lập", "commune", "000.00.11.H01", "2008-01-01", "2025-06-30",
     "000.31.11.X05"),
    ("000.23.12.H02", "Xã Phú Mỹ", "commune", "000.00.12.H02", "2008-01-01", "2025-06-30",
     "000.32.12.X06"),
    ("000.24.12.H02", "Xã Hưng Đạo", "commune", "000.00.12.H02", "2008-01-01", "2025-06-30",
     "000.32.12.X06"),
    ("000.31.11.X05", "Xã Ngọc Lâm", "commune", "", "2025-07-01", "", ""),
    ("000.32.12.X06", "Xã Phú Hưng", "commune", "", "2025-07-01", "", ""),
]

PROCEDURES = {
    "hkd": Procedure(
        "1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động hộ kinh doanh",
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", "GCN-TCKH",
        "Về việc cấp Giấy chứng nhận đăng ký hộ kinh doanh",
        (
            "Điều 1. Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho hộ ông {person}, "
            "địa chỉ kinh doanh tại thôn Bắc Sơn, ngành nghề kinh doanh: bán lẻ lương thực, "
            "thực phẩm và đồ uống; vốn kinh doanh: 150.000.000 đồng.",
            "Điều 2. Hộ kinh doanh có trách nhiệm thực hiện đúng các quy định của pháp luật "
            "về thuế, an toàn thực phẩm, phòng cháy chữa cháy và bảo vệ môi trường.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Trưởng phòng Tài chính - "
            "Kế hoạch và hộ kinh doanh có tên tại Điều 1 chịu trách nhiệm thi hành.",
        ),
    ),
    "gpxd": Procedure(
        "1.004227", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng",
        "GIẤY PHÉP XÂY DỰNG", "GPXD",
        "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
        (
            "Điều 1. Cấp phép cho bà {person} được xây dựng nhà ở riêng lẻ tại thửa đất số 215, "
            "tờ bản đồ số 08; diện tích xây dựng tầng một 96 m²; tổng diện tích sàn 192 m²; "
            "chiều cao công trình 8,5 m; số tầng: 02.",
            "Điều 2. Chủ đầu tư phải thông báo ngày khởi công cho Ủy ban nhân dân xã trước "
            "07 ngày và thực hiện đúng nội dung giấy phép, bảo đảm an toàn cho công trình "
            "lân cận.",
            "Điều 3. Giấy phép này có hiệu lực khởi công trong thời hạn 12 tháng kể từ ngày "
            "cấp; quá thời hạn trên thì phải đề nghị gia hạn giấy phép.",
        ),
    ),
    "ks": Procedure(
        "1.001193", "Đăng ký khai sinh", "Hộ tịch",
        "TRÍCH LỤC KHAI SINH", "TLKS-BS",
        "Về việc đăng ký khai sinh và cấp trích lục",
        (
            "Họ, chữ đệm, tên: {person}; giới tính: Nữ; dân tộc: Kinh; quốc tịch: Việt Nam.",
            "Ngày, tháng, năm sinh: ngày 12 tháng 8 năm 2023; nơi sinh: Trạm y tế xã; "
            "quê quán: tỉnh Nghệ An.",
            "Họ, chữ đệm, tên người mẹ: Lê Thị Hồng Nhung; họ, chữ đệm, tên người cha: "
            "Đặng Quốc Việt. Nơi cư trú: thôn Đồng Tâm.",
        ),
    ),
    "kh": Procedure(
        "1.000894", "Đăng ký kết hôn", "Hộ tịch",
        "GIẤY CHỨNG NHẬN KẾT HÔN", "GCNKH",
        "Về việc đăng ký kết hôn",
        (
            "Họ, chữ đệm, tên người chồng: {person}; ngày sinh: 03/02/1996; dân tộc: Kinh; "
            "quốc tịch: Việt Nam; nơi cư trú: thôn Phú Hữu.",
            "Họ, chữ đệm, tên người vợ: Trịnh Thu Hằng; ngày sinh: 21/11/1998; dân tộc: Kinh; "
            "quốc tịch: Việt Nam; nơi cư trú: thôn Phú Hữu.",
            "Hai bên tự nguyện kết hôn, đã được đăng ký vào Sổ đăng ký kết hôn của Ủy ban "
            "nhân dân xã theo đúng quy định của Luật Hộ tịch.",
        ),
    ),
    "ct": Procedure(
        "2.000815", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản", "Chứng thực",
        "QUYẾT ĐỊNH", "QĐ-UBND",
        "Về việc chứng thực hợp đồng tặng cho quyền sử dụng đất",
        (
            "Điều 1. Chứng thực hợp đồng tặng cho quyền sử dụng đất giữa ông {person} và "
            "con là Võ Minh Đức đối với thửa đất số 37, tờ bản đồ số 12, diện tích 320 m².",
            "Điều 2. Các bên tham gia giao kết hợp đồng đã đọc lại hợp đồng, đồng ý toàn bộ "
            "nội dung và ký tên trước mặt người thực hiện chứng thực.",
            "Điều 3. Công chức Tư pháp - Hộ tịch và các bên có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này.",
        ),
    ),
}

PREAMBLE = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện "
    "cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
    "Xét đề nghị của công chức tiếp nhận hồ sơ tại Bộ phận Một cửa,",
)


@dataclass(frozen=True)
class SampleDoc:
    """One sample result: its register row and how its scan is made."""

    result_id: str
    unit: str                     # key in UNITS
    procedure: str                # key in PROCEDURES
    number: int
    issued: date
    person: str
    signer: str
    valid_until: date | None = None
    revoked: bool = False
    revoked_on: date | None = None  # the day the register says it was revoked, if it does
    scan: str | None = None       # file name in the inbox; None = no scan (still on paper)
    pages: int = 1
    variant: str = "clean"  # clean | skew | upside_down | sideways | photo | table_photo | bilevel
    note: str = ""                # what this file exercises (written to the README)
    extra_body: tuple[str, ...] = field(default_factory=tuple)
    #: how far (mm) the seal's centre sits above the signer's name: 0 puts the name across the
    #: middle of the seal; about 14 lays it on the inner ring and the seal's own lettering
    seal_above_mm: float = 0.0
    #: the signing title's lines, printed above the signature (Decree 30/2020: the authority to
    #: sign, then the signer's position; a one-stop desk's slips name the role instead)
    sign: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    #: a batch scan (file name) this document is fed into with others, in list order
    batch: str = ""
    cover: bool = False           # a QR cover sheet with its dossier code goes before it
    blank_after: bool = False     # the blank back of its last sheet follows it


def dossier(unit_key: str, issued: date, seq: int) -> str:
    return f"{UNITS[unit_key].code}-{issued:%y%m%d}-{seq:04d}"


def _d(y: int, m: int, d: int) -> date:
    return date(y, m, d)


CONTINUATION = (
    "Hồ sơ kèm theo gồm: đơn đề nghị theo mẫu, bản sao giấy tờ tùy thân của người đề nghị, "
    "giấy tờ chứng minh quyền sử dụng đất và bản vẽ thiết kế do đơn vị tư vấn lập.",
    "Trong quá trình thực hiện, nếu có vướng mắc, tổ chức, cá nhân phản ánh về Bộ phận "
    "Một cửa để được hướng dẫn, giải quyết kịp thời theo quy định.",
)


def sample_documents() -> list[SampleDoc]:
    """The demo set. District: 4 valid, 3 scanned (75% ≥ 60%, met).
    Commune: 10 valid, 5 scanned (50% < 55%, not met)."""
    D = SampleDoc
    return [
        # --- district level ------------------------------------------------------------------
        D(dossier("H01", _d(2024, 3, 15), 12), "H01", "hkd", 125, _d(2024, 3, 15),
          "Nguyễn Văn Thắng", "Phạm Quang Huy", scan="{id}.pdf", pages=2,
          note="two-page PDF (JPEG pages), clean"),
        D(dossier("H01", _d(2024, 9, 4), 88), "H01", "gpxd", 342, _d(2024, 9, 4),
          "Trần Thị Ngọc Ánh", "Phạm Quang Huy", scan="{id}.tif", pages=2, variant="bilevel",
          valid_until=_d(2035, 9, 4), note="two-page 1-bit CCITT G4 TIFF"),
        D(dossier("H02", _d(2025, 1, 20), 7), "H02", "hkd", 18, _d(2025, 1, 20),
          "Lê Hoàng Đức", "Đỗ Thị Thu Hà", scan="{id}.jpg", variant="skew",
          note="JPEG scanned 2° askew"),
        D(dossier("H02", _d(2025, 5, 6), 31), "H02", "gpxd", 97, _d(2025, 5, 6),
          "Vũ Thị Mai", "Đỗ Thị Thu Hà", note="valid, still on paper (no scan)"),
        D(dossier("H02", _d(2023, 4, 11), 45), "H02", "gpxd", 61, _d(2023, 4, 11),
          "Hoàng Văn Nam", "Đỗ Thị Thu Hà", valid_until=_d(2024, 4, 11),
          scan="{id}.png", note="PNG of a permit that expired in 2024: stored, not counted"),
        D(dossier("H01", _d(2023, 10, 2), 90), "H01", "hkd", 401, _d(2023, 10, 2),
          "Bùi Thị Lan", "Phạm Quang Huy", revoked=True, note="revoked, no scan"),
        # one stack through the sheet feeder: three documents in one unnamed file
        D(dossier("H01", _d(2025, 3, 12), 104), "H01", "gpxd", 188, _d(2025, 3, 12),
          "Lưu Văn Đạt", "Phạm Quang Huy", batch="scan_0001.pdf", cover=True, pages=2,
          blank_after=True, note="batch scan_0001.pdf pages 1-4: QR cover sheet, a two-page "
          "permit, the blank back of its last sheet: matched by the cover's dossier code"),
        D(dossier("H02", _d(2025, 6, 2), 57), "H02", "hkd", 76, _d(2025, 6, 2),
          "Hồ Thị Thanh Tâm", "Đỗ Thị Thu Hà", batch="scan_0001.pdf",
          note="batch scan_0001.pdf page 5: found where its national motto starts a document, "
               "matched by its number, date and issuing body"),
        D(dossier("H01", _d(2025, 6, 2), 61), "H01", "hkd", 77, _d(2025, 6, 2),
          "Trịnh Quốc Bảo", "Phạm Quang Huy", batch="scan_0001.pdf",
          note="batch scan_0001.pdf page 6: the same date and the next number as the one "
               "before, another district: matched by content"),
        # --- commune level -------------------------------------------------------------------
        D(dossier("X01", _d(2024, 8, 19), 3), "X01", "ks", 52, _d(2024, 8, 19),
          "Đặng Ngọc Bảo Trâm", "Nguyễn Thị Hương", scan="{id}.png",
          note="PNG, clean"),
        D(dossier("X01", _d(2024, 11, 28), 14), "X01", "kh", 23, _d(2024, 11, 28),
          "Phan Đình Khôi", "Nguyễn Thị Hương", scan="{id}.jpg", variant="upside_down",
          note="JPEG fed upside down (180°)"),
        D(dossier("X02", _d(2025, 2, 10), 9), "X02", "ct", 15, _d(2025, 2, 10),
          "Võ Văn Lực", "Trương Công Định", scan="{id}.tif", variant="sideways",
          note="greyscale TIFF stored sideways (90°)"),
        D(dossier("X02", _d(2025, 3, 3), 21), "X02", "ks", 36, _d(2025, 3, 3),
          "Lý Gia Hân", "Trương Công Định", scan="IMG_20250318_093122.jpg", variant="photo",
          note="phone photo, generic name, matched through manifest.csv"),
        D(dossier("X03", _d(2024, 6, 14), 5), "X03", "kh", 11, _d(2024, 6, 14),
          "Ngô Thành Trung", "Hà Văn Sơn", scan="{id}.pdf",
          note="one-page PDF, clean"),
        D(dossier("X03", _d(2025, 7, 22), 17), "X03", "ct", 64, _d(2025, 7, 22),
          "Tạ Văn Quý", "Hà Văn Sơn", note="valid, no scan"),
        D(dossier("X04", _d(2024, 12, 5), 2), "X04", "ks", 71, _d(2024, 12, 5),
          "Mạc Thị Ánh Dương", "Lương Thị Yến", note="valid, no scan"),
        D(dossier("X04", _d(2025, 4, 18), 11), "X04", "kh", 29, _d(2025, 4, 18),
          "Kiều Minh Tuấn", "Lương Thị Yến", note="valid, no scan"),
        D(dossier("X04", _d(2025, 8, 1), 26), "X04", "ct", 88, _d(2025, 8, 1),
          "Quách Thị Nga", "Lương Thị Yến", note="valid, no scan"),
        D(dossier("X01", _d(2025, 9, 9), 40), "X01", "ct", 102, _d(2025, 9, 9),
          "Đinh Công Tráng", "Nguyễn Thị Hương", note="valid, no scan"),
        D(dossier("X03", _d(2023, 2, 8), 1), "X03", "ct", 9, _d(2023, 2, 8),
          "Tống Văn Hải", "Hà Văn Sơn", valid_until=_d(2025, 2, 8), scan="{id}.pdf",
          note="one-page PDF of a result that expired in 2025: stored, not counted"),
        D(dossier("X02", _d(2024, 1, 25), 6), "X02", "kh", 4, _d(2024, 1, 25),
          "Chu Văn Hòa", "Trương Công Định", revoked=True, scan="{id}.png",
          note="PNG of a revoked result: stored, not counted"),
    ]


# A scan of a real-looking document whose result is in no register row (e.g. a result issued
# by another province): stored and listed as unmatched, not counted.
UNMATCHED = SampleDoc(
    "(none)", "X04", "hkd", 230, _d(2025, 6, 30), "Lâm Văn Phúc", "Lương Thị Yến",
    scan="ban-quet-khong-ro-ho-so.png", note="no result id in name or manifest: unmatched",
)

# A scan that was cut short while copying: not a readable PDF, goes to quarantine.
CORRUPT_NAME = "000.23.12.H02-250902-0033.pdf"
