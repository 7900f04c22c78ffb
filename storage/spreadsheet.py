"""Reading .xlsx registers as exported by one-stop systems (openpyxl, read-only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from pipeline.errors import BadInputError


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for every row of the first (or named) sheet; dates become
    YYYY-MM-DD. Leading empty rows (titles above the table are common) are skipped up to the
    first row that has at least three filled cells, which is taken as the header."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise BadInputError(path.name, f"not a readable .xlsx workbook ({exc})") from exc
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        header_seen = False
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in row]
            if not header_seen:
                if sum(1 for c in cells if c.strip()) < 3:
                    continue
                header_seen = True
            yield n, cells
    finally:
        book.close()


def write_report_xlsx(report, path: Path) -> Path:
    """The report as a workbook: summary, per field, per procedure, missing results."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from pipeline.report_formats import (
        MISSING_COLUMNS,
        SUMMARY_COLUMNS,
        missing_rows,
        summary_rows,
    )

    def sheet(ws, title, header, rows):
        ws.title = title
        ws.append([f"Tính đến ngày {report.as_of:%d/%m/%Y}"])
        ws.append(header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append([int(c) if c.isdigit() else c for c in r])

    wb = Workbook()
    sheet(wb.active, "Tổng hợp", SUMMARY_COLUMNS, summary_rows(report))
    groups = ["level", "key", "name", "valid", "digitized", "rate"]
    for title, data in (("Lĩnh vực", report.by_field), ("Thủ tục", report.by_procedure)):
        sheet(wb.create_sheet(), title, groups,
              [[g.level.value, g.key, g.name, str(g.tally.valid), str(g.tally.digitized),
                "" if g.tally.rate is None else f"{float(g.tally.rate):.4f}"] for g in data])
    sheet(wb.create_sheet(), "Còn thiếu", MISSING_COLUMNS, missing_rows(report))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
