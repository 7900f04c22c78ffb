"""The report as one self-contained HTML page: levels, a bar chart of the rate per unit against
its level's target, tables per unit, field, procedure and the results still missing a scan."""

from __future__ import annotations

import re
from html import escape

from pipeline.intake import LABELS
from pipeline.render.cells import strip_control
from pipeline.render.tables import MISSING_COLUMNS, missing_rows
from pipeline.render.text import pct, verdict
from pipeline.report import Report


def _esc(value: object) -> str:
    """HTML-escaped, control characters removed."""
    return escape(strip_control(str(value)))


_NUMBER = re.compile(r"[\d.,%—]+")


def _chart(report: Report) -> str:
    """Horizontal bars: rate per unit, a dashed line at its level's target."""
    units = [(lv, u) for lv in report.levels for u in lv.units]
    if not units:
        return "<p>Không có kết quả còn hiệu lực (no valid results).</p>"
    bar_h, gap, label_w, plot_w = 22, 8, 260, 420
    height = len(units) * (bar_h + gap) + 30
    parts = [f'<svg class="chart" role="img" aria-label="Tỷ lệ số hóa theo đơn vị" '
             f'width="{label_w + plot_w + 120}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">']
    for i, (lv, u) in enumerate(units):
        y = i * (bar_h + gap)
        rate = float(u.tally.rate) if u.tally.rate is not None else 0.0
        met = lv.target is None or (u.tally.rate is not None and u.tally.rate >= lv.target)
        colour = "#2e7d32" if met else "#c62828"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
                     f'{_esc(u.unit_name or u.unit_code)}</text>')
        parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{rate * plot_w:.1f}" '
                     f'height="{bar_h}" fill="{colour}"><title>{_esc(u.unit_code)}: '
                     f'{pct(u.tally.rate)}</title></rect>')
        parts.append(f'<text x="{label_w + rate * plot_w + 4:.1f}" y="{y + 15}">'
                     f'{pct(u.tally.rate)} ({u.tally.digitized}/{u.tally.valid})</text>')
        if lv.target is not None:
            x = label_w + float(lv.target) * plot_w
            parts.append(f'<line class="target" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" '
                         f'y2="{y + bar_h + 3}" stroke="#000" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{label_w}" y="{height - 8}">0%</text>'
                 f'<text x="{label_w + plot_w}" y="{height - 8}" text-anchor="end">100%</text>'
                 f'<text x="{label_w + plot_w / 2}" y="{height - 8}" text-anchor="middle">'
                 f'- - - chỉ tiêu (target)</text></svg>')
    return "".join(parts)


def _table(header: list[str], rows: list[list[str]], cls: str) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    numeric = ' class="n"'
    body = "".join("<tr>" + "".join(
        f"<td{numeric if _NUMBER.fullmatch(c) else ''}>{_esc(c)}</td>" for c in r)
        + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


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
    ex = report.exclusions
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo số hóa — {report.as_of:%d/%m/%Y}</title>
<style>
body {{ font-family: "Liberation Serif", "Times New Roman", serif; margin: 2em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #999; padding: 3px 8px; }}
th {{ background: #eee; }} td.n {{ text-align: right; }}
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
{len(report.missing)}</h2>
{_table(MISSING_COLUMNS, missing_rows(report), "missing")}
<h2>Không tính (not counted)</h2>
<ul><li>Đã thu hồi (revoked): {ex.revoked}</li><li>Hết hiệu lực (expired): {ex.expired}</li>
<li>Chưa ban hành (issued after the as-of date): {ex.not_yet_issued}</li>
<li>Đã được thay thế (replaced by another result): {ex.replaced}</li>
<li>Bản quét chưa khớp sổ (unmatched scans): {len(report.unmatched)}</li>
<li>Tệp bị cách ly (quarantined files): {len(report.quarantined)}</li>
<li>Không đạt kiểm tra toàn vẹn (failed fixity check): {len(report.fixity_failed)}</li>
<li>Chờ người xem (held until a person looks): {len(report.held)}</li></ul>
<h2>Kiểm tra đầu vào (intake findings, pages)</h2>
<ul>{"".join(f"<li>{escape(LABELS[c])}: {n}</li>" for c, n in report.findings)
     or "<li>—</li>"}</ul>
</body></html>
"""
