"""The digitization report: built from rate figures, rendered as a terminal table or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from pipeline.models import Level, RegisterEntry
from pipeline.rates import (
    Exclusions,
    GroupRate,
    LevelRate,
    Tally,
    UnitCount,
    breakdown,
    compute_level_rates,
    missing,
    rates_from_unit_counts,
)
from pipeline.units import AdminUnit, current_unit


@dataclass(frozen=True)
class UnmatchedScan:
    file_name: str
    sha256: str
    key: str


@dataclass(frozen=True)
class QuarantinedFile:
    file_name: str
    reason: str
    path: str


@dataclass(frozen=True)
class FixityFailure:
    """A scan whose stored objects the last fixity audit found missing or altered."""

    result_id: str | None
    file_name: str
    key: str


@dataclass(frozen=True)
class Report:
    as_of: date
    levels: tuple[LevelRate, ...]
    exclusions: Exclusions
    unmatched: tuple[UnmatchedScan, ...]
    quarantined: tuple[QuarantinedFile, ...]
    fixity_failed: tuple[FixityFailure, ...] = ()
    by_field: tuple[GroupRate, ...] = ()
    by_procedure: tuple[GroupRate, ...] = ()
    missing: tuple[RegisterEntry, ...] = ()
    grouping: str = "issuing"  # "issuing": under the unit that issued; "current": holds now
    scope: str = ""            # a unit code: only results that unit answers for; "": all


def pct(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def verdict(met: bool | None) -> str:
    return {True: "Đạt", False: "Chưa đạt", None: "—"}[met]


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


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
        f"Không đạt kiểm tra toàn vẹn (failed fixity audit, not counted): "
        f"{len(report.fixity_failed)}",
        *(f"  - {f.result_id or '(unmatched)'}: {f.file_name}  [{f.key}]"
          for f in report.fixity_failed),
    ]
    return "\n".join(lines) + "\n"


def _tally(t: Tally) -> dict:
    return {"valid": t.valid, "digitized": t.digitized,
            "rate": None if t.rate is None else round(float(t.rate), 6)}


def _group(g: GroupRate) -> dict:
    return {"level": g.level.value, "key": g.key, "name": g.name, **_tally(g.tally)}


def to_dict(report: Report) -> dict:
    return {
        "as_of": report.as_of.isoformat(),
        "grouping": report.grouping,
        "scope": report.scope,
        "levels": [
            {
                "level": lv.level.value,
                **_tally(lv.tally),
                "target": None if lv.target is None else float(lv.target),
                "met": lv.met,
                "units": [{"unit_code": u.unit_code, "unit_name": u.unit_name, **_tally(u.tally)}
                          for u in lv.units],
            }
            for lv in report.levels
        ],
        "not_counted": {
            "revoked": report.exclusions.revoked,
            "expired": report.exclusions.expired,
            "not_yet_issued": report.exclusions.not_yet_issued,
            "replaced": report.exclusions.replaced,
        },
        "unmatched": [u.__dict__ for u in report.unmatched],
        "quarantined": [q.__dict__ for q in report.quarantined],
        "fixity_failed": [f.__dict__ for f in report.fixity_failed],
        "by_field": [_group(g) for g in report.by_field],
        "by_procedure": [_group(g) for g in report.by_procedure],
        "missing": [{"result_id": e.result_id, "level": e.level.value, "unit_code": e.unit_code,
                     "unit_name": e.unit_name, "field": e.field,
                     "procedure_code": e.procedure_code, "procedure_name": e.procedure_name,
                     "issued_date": e.issued_date.isoformat(),
                     "valid_until": e.valid_until.isoformat() if e.valid_until else None}
                    for e in report.missing],
    }


def render_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def holder(units: Mapping[str, AdminUnit], as_of: date):
    """(level, unit code, unit name) of an issuing unit -> those of the unit holding its
    results on ``as_of`` (itself when it still existed, or when it is not in the table)."""
    unit_map = dict(units)

    def hold(level: Level, code: str, name: str) -> tuple[Level, str, str]:
        now = current_unit(code, unit_map, as_of)
        return (level, code, name) if now is None else (now.level, now.code, now.name)

    return hold


def report_from_counts(
    as_of: date, unit_counts: Iterable[UnitCount], excluded: Exclusions,
    targets: Mapping[Level, float], *, field_counts: Iterable[UnitCount] = (),
    procedure_counts: Iterable[UnitCount] = (), missing_entries: Iterable[RegisterEntry] = (),
    unmatched: Iterable[UnmatchedScan] = (), quarantined: Iterable[QuarantinedFile] = (),
    fixity_failed: Iterable[FixityFailure] = (), units: Mapping[str, AdminUnit] | None = None,
) -> Report:
    """The report from counts a database made (GROUP BY), not from every register row: the
    same figures as build_report at any register size."""
    regroup = None if units is None else holder(units, as_of)

    def groups(counts: Iterable[UnitCount]) -> tuple[GroupRate, ...]:
        order = list(Level)
        return tuple(sorted((GroupRate(c.level, c.unit_code, c.unit_name,
                                       Tally(c.valid, c.digitized)) for c in counts),
                            key=lambda g: (order.index(g.level), g.key)))

    return Report(as_of, rates_from_unit_counts(unit_counts, targets, regroup), excluded,
                  tuple(unmatched), tuple(quarantined), tuple(fixity_failed),
                  groups(field_counts), groups(procedure_counts), tuple(missing_entries),
                  "issuing" if units is None else "current")


def build_report(
    entries: Iterable[RegisterEntry], digitized_ids: set[str], as_of: date,
    targets: Mapping[Level, float], unmatched: list[UnmatchedScan],
    quarantined: list[QuarantinedFile], fixity_failed: Iterable[FixityFailure] = (),
    units: Mapping[str, AdminUnit] | None = None,
) -> Report:
    """With ``units``, results count under the unit that holds them on the as-of date
    (following successors of ended units); without, under the unit that issued them."""
    entries = list(entries)
    regroup = None
    if units is not None:
        hold = holder(units, as_of)

        def regroup(e: RegisterEntry) -> tuple[Level, str, str]:
            return hold(e.level, e.unit_code, e.unit_name)
    levels, excluded = compute_level_rates(entries, digitized_ids, as_of, targets, regroup)
    return Report(as_of, levels, excluded, tuple(unmatched), tuple(quarantined),
                  tuple(fixity_failed), breakdown(entries, digitized_ids, as_of, "field"),
                  breakdown(entries, digitized_ids, as_of, "procedure"),
                  missing(entries, digitized_ids, as_of),
                  "issuing" if units is None else "current")
