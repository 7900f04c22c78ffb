"""Every format the report is rendered in, behind one registry. Pure: a Report in, text or
bytes out; whoever writes the file or the object decides where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.render.html import render_html
from pipeline.render.jsondoc import render_json
from pipeline.render.tables import render_csv, render_missing_csv
from pipeline.render.text import render_text
from pipeline.report import Report


@dataclass(frozen=True)
class Renderer:
    name: str
    suffix: str
    media_type: str
    render: Callable[[Report], str | bytes]
    #: shows the drill-downs (per field, per procedure, missing results): worth counting them
    drilldown: bool = True

    @property
    def binary(self) -> bool:
        return self.suffix == "xlsx"


def _xlsx(report: Report) -> bytes:
    from pipeline.render.xlsx import render_xlsx  # openpyxl, only when a workbook is asked for

    return render_xlsx(report)


RENDERERS: dict[str, Renderer] = {r.name: r for r in (
    Renderer("text", "txt", "text/plain; charset=utf-8", render_text, drilldown=False),
    Renderer("json", "json", "application/json", render_json),
    Renderer("csv", "csv", "text/csv; charset=utf-8", render_csv, drilldown=False),
    Renderer("html", "html", "text/html; charset=utf-8", render_html),
    Renderer("xlsx", "xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
    Renderer("missing", "csv", "text/csv; charset=utf-8", render_missing_csv),
)}
