"""The report as JSON, for machines: everything the other formats show."""

from __future__ import annotations

import json

from pipeline.rates import GroupRate, Tally
from pipeline.report import Report


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
        # the file and why, not where it lies on the server (a report leaves the server)
        "quarantined": [{"file_name": q.file_name, "reason": q.reason}
                        for q in report.quarantined],
        "fixity_failed": [f.__dict__ for f in report.fixity_failed],
        "held": [h.__dict__ for h in report.held],
        "intake_findings": dict(report.findings),
        "flow": None if report.flow is None else {
            "from": report.flow.start.isoformat(), "to": report.flow.end.isoformat(),
            "within_days": report.flow.days,
            "levels": [{"level": f.level.value, "issued": f.issued, "in_time": f.in_time,
                        "later": f.later,
                        "rate": None if f.rate is None else round(float(f.rate), 6)}
                       for f in report.flow.levels],
            "units": [{"level": f.level.value, "unit_code": f.unit_code,
                       "unit_name": f.unit_name, "issued": f.issued, "in_time": f.in_time,
                       "later": f.later} for f in report.flow.units]},
        "by_field": [_group(g) for g in report.by_field],
        "by_procedure": [_group(g) for g in report.by_procedure],
        "missing": [{"result_id": e.result_id, "level": e.level.value, "unit_code": e.unit_code,
                     "unit_name": e.unit_name, "field": e.field,
                     "procedure_code": e.procedure_code, "procedure_name": e.procedure_name,
                     "issued_date": e.issued_date.isoformat(),
                     "valid_until": e.valid_until.isoformat() if e.valid_until else None}
                    for e in report.missing],
        "missing_total": report.missing_count,
    }


def render_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
