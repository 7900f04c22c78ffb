"""The report as an Excel workbook (openpyxl), as bytes."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from pipeline.render.cells import spreadsheet_safe
from pipeline.render.tables import MISSING_COLUMNS, SUMMARY_COLUMNS, missing_rows, summary_rows
from pipeline.report import Report


def render_xlsx(report: Report) -> bytes:
    """The report as a workbook: summary, per field, per procedure, missing results."""

    def sheet(ws, title, header, rows):
        ws.title = title
        ws.append([f"Tính đến ngày {report.as_of:%d/%m/%Y}"])
        ws.append(header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append([int(c) if c.isascii() and c.isdigit() else spreadsheet_safe(c)
                       for c in r])

    wb = Workbook()
    sheet(wb.active, "Tổng hợp", SUMMARY_COLUMNS, summary_rows(report))
    groups = ["level", "key", "name", "valid", "digitized", "rate"]
    for title, data in (("Lĩnh vực", report.by_field), ("Thủ tục", report.by_procedure)):
        sheet(wb.create_sheet(), title, groups,
              [[g.level.value, g.key, g.name, str(g.tally.valid), str(g.tally.digitized),
                "" if g.tally.rate is None else f"{float(g.tally.rate):.4f}"] for g in data])
    sheet(wb.create_sheet(), "Còn thiếu", MISSING_COLUMNS, missing_rows(report))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
