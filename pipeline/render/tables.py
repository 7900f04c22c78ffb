"""The report's tables as rows (shared by CSV, XLSX and the Prefect artifact) and as CSV."""

from __future__ import annotations

import csv
import io

from pipeline.render.cells import spreadsheet_safe
from pipeline.render.text import verdict
from pipeline.report import Report

SUMMARY_COLUMNS = ["scope", "level", "code", "name", "valid", "digitized", "rate", "target",
                   "result"]


def summary_rows(report: Report) -> list[list[str]]:
    rows = []
    for lv in report.levels:
        t = lv.tally
        target = "" if lv.target is None else f"{float(lv.target):g}"
        rate = "" if t.rate is None else f"{float(t.rate):.4f}"
        rows.append(["level", lv.level.value, "", lv.level.label_vi, str(t.valid),
                     str(t.digitized), rate, target, verdict(lv.met)])
        for u in lv.units:
            r = "" if u.tally.rate is None else f"{float(u.tally.rate):.4f}"
            rows.append(["unit", lv.level.value, u.unit_code, u.unit_name, str(u.tally.valid),
                         str(u.tally.digitized), r, target, ""])
    return rows


MISSING_COLUMNS = ["result_id", "level", "unit_code", "unit_name", "field", "procedure_code",
                   "procedure_name", "issued_date", "valid_until"]


def missing_rows(report: Report) -> list[list[str]]:
    return [[e.result_id, e.level.value, e.unit_code, e.unit_name, e.field, e.procedure_code,
             e.procedure_name, e.issued_date.isoformat(),
             e.valid_until.isoformat() if e.valid_until else ""] for e in report.missing]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([spreadsheet_safe(c) for c in r] for r in rows)
    return buf.getvalue()


def render_csv(report: Report) -> str:
    """Levels and units, one row each, rates as fractions (0.55), as-of date in the name of
    the file the caller writes."""
    return _csv(SUMMARY_COLUMNS, summary_rows(report))


def render_missing_csv(report: Report) -> str:
    """Valid results still missing a scan, one row each."""
    return _csv(MISSING_COLUMNS, missing_rows(report))
