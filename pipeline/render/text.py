"""The report as the terminal table (Vietnamese labels, English beside them)."""

from __future__ import annotations

from fractions import Fraction

from pipeline.intake import LABELS
from pipeline.render.cells import terminal_safe
from pipeline.report import Report


def pct(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def verdict(met: bool | None) -> str:
    return {True: "Đạt", False: "Chưa đạt", None: "—"}[met]


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _flow(report: Report) -> list[str]:
    f = report.flow
    if f is None:
        return []
    return ["", f"Dòng (flow, QĐ 766): kết quả cấp từ {f.start:%d/%m/%Y} đến {f.end:%d/%m/%Y}, "
                f"số hóa trong {f.days} ngày (issued in the period, digitized within "
                f"{f.days} days)",
            *([f"  {lv.level.label_vi}: {lv.in_time}/{lv.issued} = {pct(lv.rate)} đúng hạn "
               f"(in time), {lv.later} muộn (later)" for lv in f.levels]
              or ["  không có kết quả cấp trong kỳ (none issued in the period)"])]


def render_text(report: Report) -> str:
    """Terminal table with Vietnamese labels (level rows, then the units below each)."""
    head = ["Cấp / đơn vị", "Còn hiệu lực", "Đã số hóa", "Tỷ lệ", "Chỉ tiêu", "Kết quả"]
    rows: list[list[str]] = []
    for lv in report.levels:
        t = lv.tally
        target = "—" if lv.target is None else f"{float(lv.target) * 100:g}%"
        rows.append([lv.level.label_vi, str(t.valid), str(t.digitized), pct(t.rate), target,
                     verdict(lv.met)])
        for u in lv.units:
            rows.append([f"  {u.unit_code} {u.unit_name}", str(u.tally.valid),
                         str(u.tally.digitized), pct(u.tally.rate), "", ""])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        f"BÁO CÁO SỐ HÓA KẾT QUẢ GIẢI QUYẾT TTHC — tính đến ngày {report.as_of:%d/%m/%Y}",
        f"(digitization of still-valid procedure results, as of {report.as_of.isoformat()})",
        "Theo đơn vị đang quản lý (by the unit holding the results now)"
        if report.grouping == "current" else
        "Theo đơn vị đã cấp (by the issuing unit, historical levels)",
        *([f"Phạm vi: đơn vị {report.scope} (only results this unit answers for)"]
          if report.scope else []),
        "",
        _row(head, widths),
        _row(["-" * w for w in widths], widths),
        *(_row(r, widths) for r in rows),
        "",
        "Không tính (not counted): "
        f"đã thu hồi {report.exclusions.revoked} (revoked), "
        f"hết hiệu lực {report.exclusions.expired} (expired), "
        f"chưa ban hành {report.exclusions.not_yet_issued} (issued after the as-of date), "
        f"đã được thay thế {report.exclusions.replaced} (replaced by another result)",
        f"Bản quét chưa khớp sổ (unmatched scans, not counted): {len(report.unmatched)}",
        *(f"  - {u.file_name}  [{u.key}]" for u in report.unmatched),
        f"Tệp bị cách ly (quarantined files): {len(report.quarantined)}",
        *(f"  - {q.file_name}: {q.reason}" for q in report.quarantined),
        f"Không đạt kiểm tra toàn vẹn (failed fixity check, not counted): "
        f"{len(report.fixity_failed)}",
        *(f"  - {f.result_id or '(unmatched)'}: {f.file_name}  [{f.key}]"
          for f in report.fixity_failed),
        f"Chờ người xem (held until a person looks, not counted): {len(report.held)}",
        *(f"  - {h.result_id or '(unmatched)'}: {h.file_name}"
          f"{f' p{h.page_range}' if h.page_range else ''}: {h.reason}" for h in report.held),
        "Kiểm tra đầu vào (intake findings, pages): "
        + (", ".join(f"{LABELS[c]} {n}" for c, n in report.findings) or "none"),
        *_flow(report),
    ]
    return "\n".join(terminal_safe(line) for line in lines) + "\n"
