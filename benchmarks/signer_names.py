"""The signer's name under the seal, on pages the project's own generator makes: does the
signer pass generalise beyond the dev corpus?

    .venv/bin/python benchmarks/signer_names.py [--pages 30] [--workers 2] [--seed 7]
                                                [--highland] [--kinds 1-bit,colour]
                                                [--titles] [--rarer]

Each page gets a random name (two to four words, family names also outside the common ones,
every Vietnamese tone mark), a scan kind (colour PNG, 1-bit CCITT TIFF, colour JPEG scanned
skewed), 200 or 300 dpi, and the seal stamped at a random height over the name (0 to 14 mm:
from across the seal's centre to the inner ring and the seal's own lettering). The page is read
by ``ocr.engine.Engine``; the signer field of ``document_fields`` is compared with the printed
name. The baseline is the same reading before the signer pass (lines as the three readers
merged them), measured in the same run on the same pages. Also printed: how many of the pages
whose name is wrong or missing the quality gate flags for review.

With ``--highland``, every fourth name is written as the Ê Đê write theirs, given name first
("Y Thanh Hmok", "H'Hen Niê"; families from ``HIGHLAND``, which `ocr.names` lists too: this
checks the form is read, not that an unlisted family would be).

With ``--titles``, each page is signed under a title drawn from ``TITLES`` (the authority and
position of Decree 30/2020, and the roles a one-stop desk's slips print: "NGƯỜI HƯỚNG DẪN",
"CÔNG CHỨC TƯ PHÁP - HỘ TỊCH"…) instead of "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; the names, kinds
and seal heights stay those of the seed.

With ``--rarer``, every third name (the kinds going in turn: each 1-bit page's) carries a rarer
middle name (``RARER``: "Bé", "Út", "Nữ", as the South and Centre write them: "Huỳnh Văn Bé
Tư"), after a common one or alone.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

FAMILY = ("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Đinh Trương Lương Kiều "
          "Ông Khổng Doãn Âu Lạc Thân Ninh Quản Ứng Giáp").split()
MIDDLE = ("Văn Thị Hữu Đức Minh Quốc Thanh Ngọc Xuân Công Đình Quang Thu Bích Kim Gia Hoài "
          "Mỹ Trọng Bảo Như Diệu").split()
GIVEN = ("Hùng Dũng Lan Hương Tuấn Nghĩa Thủy Phượng Khánh Sơn Hải Yến Trọng Tường Ước Ngữ "
         "Đạt Lộc Quyết Toàn Nhung Hiếu Vĩnh Giang Oanh Thắm Khải Nguyệt Dịu Trinh Ẩn Tỵ Lũy "
         "Huyền Kỳ Luận Chiến Cường Hạnh").split()
#: rarer middle names, and given names that follow them in the South ("Bé Tư", "Út Hai")
RARER = "Bé Út Nữ Mộng Tố Thúc Khả Cát Hào Phụng Nhựt Tiểu Ái Nương Đắc Kiến Mậu".split()
RARER_GIVEN = "Tư Hai Ba Năm Sáu Bảy Tám Chín Mười Em".split()
HIGHLAND = "Niê Mlô Êban Ayun Byă Hmok Knul Ktla Adrơng Kpă".split()
#: signing titles as the issuing official's block prints them: Decree 30/2020's authority to sign
#: and position; the one-stop desk's forms (Circular 01/2018/TT-VPCP) and civil-status slips,
#: signed by role
TITLES = (
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
    ("TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG TƯ PHÁP"),
    ("Q. CHỦ TỊCH",),
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("THỦ TRƯỞNG CƠ QUAN",),
    ("NGƯỜI TIẾP NHẬN HỒ SƠ",),
    ("NGƯỜI HƯỚNG DẪN",),
    ("NGƯỜI LẬP PHIẾU",),
    ("NGƯỜI TRẢ KẾT QUẢ",),
    ("NGƯỜI KIỂM TRA",),
    ("NGƯỜI KÝ TRÍCH LỤC",),
    ("CÁN BỘ TIẾP NHẬN",),
    ("VIÊN CHỨC TIẾP NHẬN",),
    ("CÔNG CHỨC TƯ PHÁP - HỘ TỊCH",),
    ("CÔNG CHỨC ĐỊA CHÍNH - XÂY DỰNG",),
    ("ĐẠI DIỆN BỘ PHẬN MỘT CỬA",),
)
#: scan kind -> (generator variant, file suffix)
KINDS = {"colour": ("clean", ".png"), "1-bit": ("bilevel", ".tif"), "skewed JPEG": ("skew", ".jpg")}


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    dpi: int
    seal_above_mm: float
    sign: tuple[str, ...] = TITLES[0]


def make_cases(n: int, seed: int, highland: bool = False,
               titles: bool = False, rarer: bool = False) -> list[Case]:
    rnd = random.Random(seed)
    other = random.Random(seed + 1)  # the Kinh names stay those of the seed without it
    deck = random.Random(f"{seed}/titles")  # and so do they, and the rest, with titles
    rare = random.Random(f"{seed}/rarer")  # … and with rarer middle names
    out = []
    for i in range(n):
        words = [rnd.choice(FAMILY)]
        words += [rnd.choice(MIDDLE) for _ in range(rnd.choice((0, 1, 1, 1, 2)))]
        words.append(rnd.choice(GIVEN))
        if rarer and i % 3 == 1:
            middle = [rare.choice(MIDDLE)] if rare.random() < 0.5 else []
            given = rare.choice(RARER_GIVEN) if rare.random() < 0.3 else words[-1]
            words = [words[0], *middle, rare.choice(RARER), given]
        if highland and i % 4 == 3:
            given = other.choice(GIVEN)
            words = ["Y", given] if other.random() < 0.5 else [f"H'{given}"]
            words.append(other.choice(HIGHLAND))
        kind = list(KINDS)[i % len(KINDS)]
        sign = deck.choice(TITLES) if titles else TITLES[0]
        out.append(Case(" ".join(words), kind, (200, 300)[(i // len(KINDS)) % 2],
                        float(rnd.choice((0, 4, 8, 10, 12, 14))), sign))
    return out


def read_case(args: tuple[int, Case, str]) -> tuple[Case, str | None, str | None, bool]:
    """(case, signer before the pass, signer after it, whether the page is flagged for
    review)."""
    i, case, folder = args
    from ocr.documents import document_fields
    from ocr.engine import Engine
    from ocr.options import OcrOptions
    from sohoa.samples.build import write_scan
    from sohoa.samples.documents import SampleDoc

    variant, suffix = KINDS[case.kind]
    doc = SampleDoc(result_id=f"000.00.00.X02-250210-{i:04d}", unit="X02",
                    procedure="ct", number=15, issued=date(2025, 2, 10), person="Võ Văn Lực",
                    signer=case.name, variant=variant, seal_above_mm=case.seal_above_mm,
                    sign=case.sign)
    path = Path(folder) / f"signer-{i:04d}{suffix}"
    write_scan(doc, path, dpi=case.dpi)
    before: list = []

    class Recording(Engine):
        def _signer(self, lines, *rest):
            before.append(lines)
            return super()._signer(lines, *rest)

    pages = [ocr for _, ocr in Recording(OcrOptions(pdf_dpi=case.dpi)).read_pages(path, path.name)]
    after = document_fields(pages).get("signer")
    plain = document_fields([_with_lines(pages[-1], before[-1])]).get("signer")
    return case, plain and plain["value"], after and after["value"], pages[-1].needs_review


def _with_lines(page, lines):
    from dataclasses import replace
    return replace(page, lines=lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--highland", action="store_true",
                    help="every fourth name given name first, as the Ê Đê write theirs")
    ap.add_argument("--titles", action="store_true",
                    help="each page signed under a title drawn from TITLES, not CHỦ TỊCH alone")
    ap.add_argument("--rarer", action="store_true",
                    help="every third name with a rarer middle name ('Huỳnh Văn Bé Tư')")
    ap.add_argument("--kinds", default=",".join(KINDS),
                    help=f"scan kinds to read, comma-separated (of: {', '.join(KINDS)})")
    args = ap.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := set(kinds) - set(KINDS):
        ap.error(f"no such scan kind: {', '.join(sorted(unknown))}")
    # each page keeps its number in the seed's run (its file and dossier code), whichever kinds
    cases = [(i, c) for i, c in enumerate(make_cases(args.pages, args.seed, args.highland,
                                                           args.titles, args.rarer))
             if c.kind in kinds]
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, ProcessPoolExecutor(args.workers) as ex:
        results = list(ex.map(read_case, [(i, c, folder) for i, c in cases]))
    wall = time.perf_counter() - t
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    misses = flagged = 0
    for case, plain, after, review in results:
        hit = (plain == case.name, after == case.name)
        for g in ("all", case.kind, f"{case.dpi} dpi",
                  f"seal {'near' if case.seal_above_mm < 9 else 'high'}",
                  "under CHỦ TỊCH" if case.sign[-1].endswith("CHỦ TỊCH") else "other title",
                  "rarer middle" if any(w in RARER for w in case.name.split()[1:-1])
                  else "listed middles"):
            groups[g].append(hit)
        mark = "ok  " if hit[1] else "MISS"
        misses += not hit[1]
        flagged += review and not hit[1]
        print(f"{mark} {case.kind:9} {case.dpi} dpi seal +{case.seal_above_mm:4.1f} mm  "
              f"{case.name:24} before: {plain or '-':24} after: {after or '-':24}"
              f"{' flagged for review' if review else ''}"
              + (f"  [{' / '.join(case.sign)}]" if args.titles else ""))
    print(f"\n{'pages':24} {'before the pass':>16} {'sohoa':>10}")
    for g, hits in groups.items():
        n = len(hits)
        b, a = sum(h[0] for h in hits), sum(h[1] for h in hits)
        print(f"{g + f' ({n})':24} {b:>6}/{n} {100 * b / n:5.0f}% {a:>4}/{n} {100 * a / n:4.0f}%")
    print(f"\nwrong or missing names flagged for review: {flagged} of {misses}")
    print(f"{len(results)} pages in {wall:.0f} s with {args.workers} worker(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
