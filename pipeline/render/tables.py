"""The report's tables, once: columns (Vietnamese label, English key, kind of value) and typed
rows, shared by CSV, XLSX, HTML and the Prefect artifact; and the report as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TextIO

from pipeline.models import RegisterEntry
from pipeline.render.cells import spreadsheet_safe
from pipeline.render.text import verdict
from pipeline.report import Report

#: a cell's value: text, a count, a rate or target (a fraction, None when there is none), a date
Value = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    key: str        # English, for machines (JSON, the CSV header's brackets)
    label: str      # Vietnamese, for people
    kind: str = "text"  # text | count | rate | date
    width: int = 14     # characters, in a spreadsheet

    @property
    def heading(self) -> str:
        """"Tỷ lệ (rate)"."""
        return f"{self.label} ({self.key})"


SUMMARY = (Column("scope", "Dòng", width=9), Column("level", "Cấp", width=16),
           Column("code", "Mã đơn vị", width=18), Column("name", "Đơn vị", width=34),
           Column("valid", "Còn hiệu lực", "count", 13),
           Column("digitized", "Đã số hóa", "count", 12), Column("rate", "Tỷ lệ", "rate", 10),
           Column("target", "Chỉ tiêu", "rate", 10), Column("result", "Kết quả", width=10))
GROUPS = (Column("level", "Cấp", width=16), Column("key", "Mã", width=18),
          Column("name", "Tên", width=40), Column("valid", "Còn hiệu lực", "count", 13),
          Column("digitized", "Đã số hóa", "count", 12), Column("rate", "Tỷ lệ", "rate", 10))
MISSING = (Column("result_id", "Mã hồ sơ", width=30), Column("level", "Cấp", width=16),
           Column("unit_code", "Mã đơn vị", width=18), Column("unit_name", "Đơn vị", width=30),
           Column("field", "Lĩnh vực", width=20), Column("procedure_code", "Mã TTHC", width=14),
           Column("procedure_name", "Thủ tục", width=40),
           Column("issued_date", "Ngày cấp", "date", 12),
           Column("valid_until", "Hiệu lực đến", "date", 12))
NOT_COUNTED = (Column("what", "Không tính vì", width=48), Column("count", "Số lượng", "count", 10),
               Column("file", "Tệp / mã hồ sơ", width=44), Column("detail", "Chi tiết", width=60))


FLOW = (Column("scope", "Dòng", width=9), Column("level", "Cấp", width=16),
        Column("code", "Mã đơn vị", width=18), Column("name", "Đơn vị", width=34),
        Column("issued", "Cấp trong kỳ", "count", 12),
        Column("in_time", "Số hóa đúng hạn", "count", 14),
        Column("later", "Số hóa muộn", "count", 12), Column("rate", "Tỷ lệ", "rate", 10))


def _rate(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def summary_rows(report: Report) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for lv in report.levels:
        t, target = lv.tally, _rate(lv.target)
        rows.append(["Cấp", lv.level.label_vi, "", lv.level.label_vi, t.valid, t.digitized,
                     _rate(t.rate), target, verdict(lv.met)])
        rows += [["Đơn vị", lv.level.label_vi, u.unit_code, u.unit_name, u.tally.valid,
                  u.tally.digitized, _rate(u.tally.rate), target, ""] for u in lv.units]
    return rows


def group_rows(report: Report, by: str) -> list[list[Value]]:
    """Per field (``by="field"``) or per procedure."""
    data = report.by_field if by == "field" else report.by_procedure
    return [[g.level.label_vi, g.key, g.name, g.tally.valid, g.tally.digitized,
             _rate(g.tally.rate)] for g in data]


def missing_row(e: RegisterEntry) -> list[Value]:
    return [e.result_id, e.level.label_vi, e.unit_code, e.unit_name, e.field,
            e.procedure_code, e.procedure_name, e.issued_date, e.valid_until]


def missing_rows(report: Report) -> list[list[Value]]:
    return [missing_row(e) for e in report.missing]


def missing_note(report: Report) -> str:
    """What a report listing only the first results missing a scan says of the rest."""
    if not report.missing_cut:
        return ""
    return (f"Chỉ liệt kê {len(report.missing):,} trên {report.missing_count:,} kết quả "
            f"(the first {len(report.missing):,} of {report.missing_count:,} listed); danh "
            "sách đầy đủ (the full list): sohoa report --missing").replace(",", ".")


def flow_rows(report: Report) -> list[list[Value]]:
    """Per level, then its units: issued in the period, digitized in time, later, rate."""
    if report.flow is None:
        return []
    rows: list[list[Value]] = []
    for lv in report.flow.levels:
        rows.append(["Cấp", lv.level.label_vi, "", lv.level.label_vi, lv.issued, lv.in_time,
                     lv.later, _rate(lv.rate)])
        rows += [["Đơn vị", u.level.label_vi, u.unit_code, u.unit_name, u.issued, u.in_time,
                  u.later, _rate(u.rate)] for u in report.flow.units if u.level == lv.level]
    return rows


def flow_title(report: Report) -> str:
    f = report.flow
    return (f"Dòng (flow, Quyết định 766/QĐ-TTg): kết quả cấp từ {f.start:%d/%m/%Y} đến "
            f"{f.end:%d/%m/%Y}, số hóa trong {f.days} ngày kể từ ngày cấp (results issued in "
            f"the period, digitized within {f.days} days of issue)") if f else ""


def not_counted_rows(report: Report) -> list[list[Value]]:
    """What the rate leaves out, and why: the register rows no longer (or not yet) valid, by
    count; then each scan or file that is stored but not counted, with its reason."""
    ex = report.exclusions
    rows: list[list[Value]] = [
        ["Đã thu hồi (revoked)", ex.revoked, "", ""],
        ["Hết hiệu lực (expired)", ex.expired, "", ""],
        ["Chưa ban hành (issued after the as-of date)", ex.not_yet_issued, "", ""],
        ["Đã được thay thế (replaced by another result)", ex.replaced, "", ""],
        ["Bản quét chưa khớp sổ (unmatched scans)", len(report.unmatched), "", ""],
        ["Tệp bị cách ly (quarantined files)", len(report.quarantined), "", ""],
        ["Chờ người xem (held until a person looks)", len(report.held), "", ""],
        ["Không đạt kiểm tra toàn vẹn (failed fixity check)", len(report.fixity_failed), "",
         ""]]
    rows += [["Bản quét chưa khớp sổ (unmatched scan)", None, u.file_name, u.key]
             for u in report.unmatched]
    rows += [["Tệp bị cách ly (quarantined file)", None, q.file_name, q.reason]
             for q in report.quarantined]
    rows += [["Chờ người xem (held)", None, h.result_id or h.file_name,
              f"{h.file_name}{' p' + h.page_range if h.page_range else ''}: {h.reason}"]
             for h in report.held]
    rows += [["Không đạt kiểm tra toàn vẹn (failed fixity)", None, f.result_id or f.file_name,
              f.key] for f in report.fixity_failed]
    return rows


def text_of(value: Value, kind: str) -> str:
    """A cell as text for a file machines read (CSV): counts as digits, rates as fractions
    with four decimals (0.5500), dates as YYYY-MM-DD, nothing as empty."""
    if value is None:
        return ""
    if kind == "rate":
        return f"{float(value):.4f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def shown(value: Value, kind: str) -> str:
    """A cell as people read it (the Prefect artifact, HTML): rates as percentages (70.0%),
    dates as DD/MM/YYYY, nothing as —."""
    if value is None:
        return "—" if kind in ("rate", "date") else ""
    if kind == "rate":
        return f"{float(value) * 100:.1f}%"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _csv(columns: tuple[Column, ...], rows: Iterable[list[Value]]) -> str:
    buf = io.StringIO()
    write_csv(buf, columns, rows)
    return buf.getvalue()


def write_csv(out: TextIO, columns: tuple[Column, ...], rows: Iterable[list[Value]]) -> int:
    """With a byte-order mark: Excel on Windows then reads it as UTF-8 (Vietnamese intact).
    Rows are written as they come (a province's missing results are not held); how many."""
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\n")
    w.writerow([c.heading for c in columns])
    n = 0
    for r in rows:
        w.writerow([spreadsheet_safe(text_of(v, c.kind)) for v, c in zip(r, columns, strict=True)])
        n += 1
    return n


def render_csv(report: Report) -> str:
    """Levels and units, one row each, rates as fractions (0.5500); the as-of date is in the
    name of the file the caller writes."""
    return _csv(SUMMARY, summary_rows(report))


def render_missing_csv(report: Report) -> str:
    """Valid results still missing a scan, one row each."""
    return _csv(MISSING, missing_rows(report))


def artifact_rows(report: Report) -> list[dict[str, str]]:
    """The summary as the Prefect UI shows a table: Vietnamese headings, percentages."""
    return [{c.heading: shown(v, c.kind) for v, c in zip(r, SUMMARY, strict=True)}
            for r in summary_rows(report)]
