"""The report as an Excel workbook (openpyxl), as bytes: numbers as numbers, rates and targets
as percentages, dates as dates, Vietnamese headings, widths set, the heading rows frozen."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.render.cells import spreadsheet_safe
from pipeline.render.tables import (
    FLOW,
    GROUPS,
    MISSING,
    NOT_COUNTED,
    SUMMARY,
    Column,
    Value,
    flow_rows,
    flow_title,
    group_rows,
    missing_note,
    missing_rows,
    not_counted_rows,
    summary_rows,
)
from pipeline.report import Report

FORMATS = {"rate": "0.0%", "date": "DD/MM/YYYY", "count": "#,##0"}
HEADING = PatternFill("solid", start_color="DDDDDD")


def _sheet(ws, title: str, report: Report, columns: tuple[Column, ...],
           rows: list[list[Value]], note: str = "") -> None:
    ws.title = title
    ws.append([f"Tính đến ngày {report.as_of:%d/%m/%Y}"
               + (f" — đơn vị {report.scope}" if report.scope else "")
               + (f" — {note}" if note else "")])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([c.label for c in columns])
    for cell in ws[2]:
        cell.font, cell.fill = Font(bold=True), HEADING
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([spreadsheet_safe(v) for v in r])
        for cell, col in zip(ws[ws.max_row], columns, strict=True):
            if col.kind in FORMATS and isinstance(cell.value, int | float | date):
                cell.number_format = FORMATS[col.kind]
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A3"  # the title and the headings stay in view
    if rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{ws.max_row}"


def render_xlsx(report: Report) -> bytes:
    """Summary, per field, per procedure, missing results, what was not counted and why."""
    wb = Workbook()
    _sheet(wb.active, "Tổng hợp", report, SUMMARY, summary_rows(report))
    _sheet(wb.create_sheet(), "Lĩnh vực", report, GROUPS, group_rows(report, "field"))
    _sheet(wb.create_sheet(), "Thủ tục", report, GROUPS, group_rows(report, "procedure"))
    _sheet(wb.create_sheet(), "Còn thiếu", report, MISSING, missing_rows(report),
           missing_note(report))
    _sheet(wb.create_sheet(), "Không tính", report, NOT_COUNTED, not_counted_rows(report))
    if report.flow is not None:
        _sheet(wb.create_sheet(), "Dòng (QĐ 766)", report, FLOW, flow_rows(report))
        wb["Dòng (QĐ 766)"]["A1"] = flow_title(report)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
