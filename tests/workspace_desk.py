"""A desk's catalogue as the workspace meets it, made without OCR (the tests of reading are
elsewhere): the sample units, a register, and three stored documents whose originals are pages
rendered by the project's generator and whose texts are those pages' lines.

- FLAGGED: matched to a commune result of Xã Đông Hòa, a page flagged for review (it does not
  count until a person looks), its title "QUYẾT ĐỊNH … thu hồi …", its number misread
  "4l/QĐ-UBND".
- WAITING: a phone photo named IMG_0412.png, matched to nothing, with its best candidate.
- OTHER: matched to a result of Xã Phú Mỹ (another district): outside the clerk's scope.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.bootstrap import App
from app.workspace import Workspace
from pipeline.keys import archive_keys
from pipeline.models import Filing, Level, Outcome, PageText, Recording, ScanFile, ScanResult
from pipeline.register import parse_register_csv
from pipeline.units import AdminUnit
from sohoa.samples.build import register_rows, scanned_pages
from sohoa.samples.documents import UNIT_TABLE, SampleDoc, dossier

AS_OF = date(2025, 6, 30)
PASSWORD = "mat-khau-thu-nghiem"

REVOKE = SampleDoc(dossier("X01", date(2025, 3, 12), 41), "X01", "ct", 41, date(2025, 3, 12),
                   "Lưu Văn Đạt", "Phạm Quang Huy")
PERMIT = SampleDoc(dossier("X01", date(2025, 4, 2), 42), "X01", "gpxd", 42, date(2025, 4, 2),
                   "Hồ Thị Thanh Tâm", "Phạm Quang Huy")
FAR = SampleDoc(dossier("X03", date(2025, 5, 6), 7), "X03", "ct", 7, date(2025, 5, 6),
                "Trịnh Quốc Bảo", "Đỗ Thị Thu Hà")

FLAGGED_TEXT = """ỦY BAN NHÂN DÂN
XÃ ĐÔNG HÒA
Số: 41/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đông Hòa, ngày 12 tháng 3 năm 2025
QUYẾT ĐỊNH
Về việc thu hồi giấy chứng nhận đã cấp cho ông Lưu Văn Đạt
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA
Điều 1. Thu hồi giấy chứng nhận đã cấp cho ông Lưu Văn Đạt.
Phạm Quang Huy"""


@dataclass
class Desk:
    app: App
    ws: Workspace
    flagged: str     # document ids
    waiting: str
    other: str


def _units() -> list[AdminUnit]:
    return [AdminUnit(code, name, Level(level), parent,
                      date.fromisoformat(vf) if vf else None,
                      date.fromisoformat(vt) if vt else None, succ)
            for code, name, level, parent, vf, vt, succ in UNIT_TABLE]


def _register(app: App, docs: list[SampleDoc]) -> None:
    import csv

    rows = register_rows(docs)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    app.catalogue.upsert_entries(parse_register_csv(out.getvalue()).entries)


def _record(app: App, store, doc: SampleDoc, name: str, text: str, *, matched: bool,
            flagged: bool = False, candidates: list | None = None, read_as: str = "") -> str:
    buf = io.BytesIO()
    scanned_pages(doc, dpi=100)[0].save(buf, "PNG")
    data = buf.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    entry = app.catalogue.entry(doc.result_id) if matched else None
    original, text_key, _ = archive_keys(entry, sha, name)
    store.put_verified(original, data, sha, "image/png")
    tdata = text.encode("utf-8")
    tsha = hashlib.sha256(tdata).hexdigest()
    store.put_verified(text_key, tdata, tsha, "text/plain; charset=utf-8")
    lines = text.splitlines()
    fields = {"number": {"value": read_as or lines[2].removeprefix("Số: "), "certainty": 0.95},
              "issuing_body": {"value": " ".join(lines[:2]), "certainty": 0.97},
              "signer": {"value": lines[-1], "certainty": 0.9}}
    result = ScanResult(name, sha, Outcome.ARCHIVED if matched else Outcome.UNMATCHED,
                        doc.result_id if matched else None, 1, 88.0,
                        "file name" if matched else "no register result id in the file name")
    app.catalogue.record_documents(
        ScanFile(Path(name), name, sha, len(data)),
        [Recording(result, [PageText(1, text, 88.0, quality=0.7 if flagged else 0.95,
                                     needs_review=flagged)],
                   original, text_key, None, fields, {text_key: tsha},
                   Filing(sha, match={"how": "unmatched", "candidates": candidates or []}))],
        media_type="image/png", bucket=store.bucket, run_id=None)
    return sha


def make_desk(app: App) -> Desk:
    # the desk's day is AS_OF: what is archived, matched or confirmed counts from its noon
    # (a past day's figures count only what had happened by its end)
    app.catalogue.clock = lambda: datetime(AS_OF.year, AS_OF.month, AS_OF.day, 5, tzinfo=UTC)
    app.catalogue.upsert_units(_units())
    _register(app, [REVOKE, PERMIT, FAR])
    ws = Workspace(app)
    with app.object_store() as store:
        flagged = _record(app, store, REVOKE, f"{REVOKE.result_id}.png", FLAGGED_TEXT,
                          matched=True, flagged=True, read_as="4l/QĐ-UBND")
        waiting = _record(app, store, PERMIT, "IMG_0412.png",
                          "GIẤY PHÉP XÂY DỰNG\nSố: 42/GPXD\nCấp cho bà Hồ Thị Thanh Tâm\n"
                          "Phạm Quang Huy", matched=False,
                          candidates=[{"result_id": PERMIT.result_id, "score": 0.55,
                                       "evidence": ["số ký hiệu 42/GPXD", "chủ hồ sơ Hồ Thị "
                                                                          "Thanh Tâm"]}])
        other = _record(app, store, FAR, f"{FAR.result_id}.png",
                        "ỦY BAN NHÂN DÂN\nXÃ PHÚ MỸ\nSố: 7/QĐ-UBND\nQUYẾT ĐỊNH\n"
                        "Về việc chứng thực hợp đồng của ông Trịnh Quốc Bảo\nĐỗ Thị Thu Hà",
                        matched=True)
    ws.add_user("an", "admin", PASSWORD)
    ws.add_user("binh", "clerk", PASSWORD, unit="000.00.11.H01")   # Huyện Ngọc Lâm and under
    ws.add_user("chi", "auditor", PASSWORD)
    return Desk(app, ws, flagged, waiting, other)
