"""The report as one self-contained HTML page: levels, a bar chart of the rate per unit against
its level's target, tables per unit, field, procedure and the results still missing a scan."""

from __future__ import annotations

import re
from html import escape

from pipeline.intake import LABELS
from pipeline.render.cells import strip_control
from pipeline.render.tables import (
    FLOW,
    MISSING,
    NOT_COUNTED,
    flow_rows,
    flow_title,
    missing_note,
    missing_rows,
    not_counted_rows,
    shown,
)
from pipeline.render.text import pct, verdict
from pipeline.report import Report


def _esc(value: object) -> str:
    """HTML-escaped, control characters removed."""
    return escape(strip_control(str(value)))


_NUMBER = re.compile(r"[\d.,%—]+")


def _chart(report: Report) -> str:
    """Bars of the rate per unit, a dashed mark at its level's target: drawn by the page's own
    layout (no image), so that it reflows on a phone (the name above its bar) and prints."""
    units = [(lv, u) for lv in report.levels for u in lv.units]
    if not units:
        return "<p>Không có kết quả còn hiệu lực (no valid results).</p>"
    rows = []
    for lv, u in units:
        rate = float(u.tally.rate) if u.tally.rate is not None else 0.0
        met = lv.target is None or (u.tally.rate is not None and u.tally.rate >= lv.target)
        target = ("" if lv.target is None else
                  f'<span class="target" style="left: {float(lv.target) * 100:.1f}%" '
                  f'title="chỉ tiêu (target) {float(lv.target) * 100:g}%"></span>')
        rows.append(
            f'<div class="unit"><span class="name">{_esc(u.unit_name or u.unit_code)}</span>'
            f'<span class="track"><span class="bar {"met" if met else "short"}" '
            f'style="width: {rate * 100:.1f}%" title="{_esc(u.unit_code)}: '
            f'{pct(u.tally.rate)}"></span>{target}</span>'
            f'<span class="figure">{pct(u.tally.rate)} ({u.tally.digitized}/'
            f'{u.tally.valid})</span></div>')
    return (f'<div class="chart" role="img" aria-label="Tỷ lệ số hóa theo đơn vị so với chỉ '
            f'tiêu">{"".join(rows)}<p class="legend"><span class="mark"></span> chỉ tiêu '
            f'(target) · <span class="swatch met"></span> đạt · <span class="swatch short">'
            f'</span> chưa đạt</p></div>')


def _table(header: list[str], rows: list[list[str]], cls: str) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    numeric = ' class="n"'
    body = "".join("<tr>" + "".join(
        f"<td{numeric if _NUMBER.fullmatch(c) else ''}>{_esc(c)}</td>" for c in r)
        + "</tr>" for r in rows)
    # a wide table scrolls inside its box on a narrow screen; the page itself never does
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>')


def _flow(report: Report) -> str:
    if report.flow is None:
        return ""
    return (f"<h2>{_esc(flow_title(report))}</h2>\n" + _table(
        [c.label for c in FLOW], [[shown(v, c.kind) for v, c in zip(r, FLOW, strict=True)]
                                  for r in flow_rows(report)], "flow"))


def render_html(report: Report) -> str:
    """One self-contained page: no scripts, no external files."""
    levels = [[lv.level.label_vi, str(lv.tally.valid), str(lv.tally.digitized),
               pct(lv.tally.rate), "—" if lv.target is None else f"{float(lv.target) * 100:g}%",
               verdict(lv.met)] for lv in report.levels]
    units = [[lv.level.label_vi, u.unit_code, u.unit_name, str(u.tally.valid),
              str(u.tally.digitized), pct(u.tally.rate)] for lv in report.levels
             for u in lv.units]
    fields = [[g.level.label_vi, g.name, str(g.tally.valid), str(g.tally.digitized),
               pct(g.tally.rate)] for g in report.by_field]
    procs = [[g.level.label_vi, g.key, g.name, str(g.tally.valid), str(g.tally.digitized),
              pct(g.tally.rate)] for g in report.by_procedure]
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo số hóa — {report.as_of:%d/%m/%Y}</title>
<style>
body {{ font-family: "Liberation Serif", "Times New Roman", serif; margin: 1em auto;
       padding: 0 1em; max-width: 60em; }}
h1 {{ font-size: 1.4em; }} h2 {{ font-size: 1.15em; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; }}
th, td {{ border: 1px solid #999; padding: 3px 8px; }}
th {{ background: #eee; }} td.n {{ text-align: right; white-space: nowrap; }}
.chart {{ margin: 0.5em 0 1em; }}
.chart .unit {{ display: grid; grid-template-columns: minmax(8em, 16em) 1fr 8em; gap: 0.5em;
               align-items: center; margin: 4px 0; }}
.chart .track {{ position: relative; height: 18px; background: #f0f0f0; }}
.chart .bar {{ position: absolute; left: 0; top: 0; bottom: 0; }}
.met {{ background: #2e7d32; }} .short {{ background: #c62828; }}
.chart .target {{ position: absolute; top: -4px; bottom: -4px; border-left: 2px dashed #000; }}
.chart .figure {{ white-space: nowrap; }}
.legend .mark {{ display: inline-block; height: 1em; border-left: 2px dashed #000; }}
.legend .swatch {{ display: inline-block; width: 1em; height: 0.8em; }}
@media (max-width: 600px) {{
  .chart .unit {{ grid-template-columns: 1fr 7.5em; }}
  .chart .name {{ grid-column: 1 / -1; }}
}}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
@media print {{
  @page {{ size: A4; margin: 15mm 12mm; }}
  body {{ margin: 0; padding: 0; max-width: none; font-size: 10pt; }}
  .scroll {{ overflow: visible; }}
  table {{ font-size: 8.5pt; page-break-inside: auto; }} tr {{ page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  h2 {{ page-break-after: avoid; }}
}}
</style></head><body>
<h1>BÁO CÁO SỐ HÓA KẾT QUẢ GIẢI QUYẾT TTHC</h1>
<p>Tính đến ngày {report.as_of:%d/%m/%Y} (as of {report.as_of.isoformat()})</p>
<h2>Theo cấp (per level)</h2>
{_table(["Cấp", "Còn hiệu lực", "Đã số hóa", "Tỷ lệ", "Chỉ tiêu", "Kết quả"], levels, "levels")}
<h2>Tỷ lệ theo đơn vị so với chỉ tiêu (rate per unit against the target)</h2>
{_chart(report)}
{_table(["Cấp", "Mã đơn vị", "Đơn vị", "Còn hiệu lực", "Đã số hóa", "Tỷ lệ"], units, "units")}
<h2>Theo lĩnh vực (per field)</h2>
{_table(["Cấp", "Lĩnh vực", "Còn hiệu lực", "Đã số hóa", "Tỷ lệ"], fields, "fields")}
<h2>Theo thủ tục (per procedure)</h2>
{_table(["Cấp", "Mã TTHC", "Thủ tục", "Còn hiệu lực", "Đã số hóa", "Tỷ lệ"], procs,
        "procedures")}
<h2>Kết quả còn hiệu lực chưa số hóa (valid results still missing a scan):
{report.missing_count}</h2>
{f"<p>{escape(missing_note(report))}</p>" if report.missing_cut else ""}
{_table([c.label for c in MISSING],
        [[shown(v, c.kind) for v, c in zip(r, MISSING, strict=True)]
         for r in missing_rows(report)], "missing")}
<h2>Không tính (not counted)</h2>
{_table([c.label for c in NOT_COUNTED],
        [[shown(v, c.kind) for v, c in zip(r, NOT_COUNTED, strict=True)]
         for r in not_counted_rows(report)], "not-counted")}
{_flow(report)}
<h2>Kiểm tra đầu vào (intake findings, pages)</h2>
<ul>{"".join(f"<li>{escape(LABELS[c])}: {n}</li>" for c, n in report.findings)
     or "<li>—</li>"}</ul>
</body></html>
"""
