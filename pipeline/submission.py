"""A submitted report's figures, in one canonical form: what a reproduction must give again
exactly. Names are shown, not compared (a unit's spelling may be corrected later); lists of
what is waiting (unmatched scans, quarantined files) are the state of the day, not figures.
Pure."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.report import Report


@dataclass(frozen=True)
class Submission:
    """A submitted (frozen) report as the catalogue keeps it."""

    id: str
    as_of: date
    grouping: str            # issuing | current
    unit: str                # "" for all units
    submitted_at: datetime   # UTC
    actor: str               # who submitted it
    figures_sha256: str
    manifest_key: str        # in the archive
    manifest_sha256: str


def _tally(t) -> dict:
    return {"valid": t.valid, "digitized": t.digitized}


def figures(report: Report) -> dict:
    return {
        "as_of": report.as_of.isoformat(),
        "grouping": report.grouping,
        "scope": report.scope,
        "levels": {lv.level.value: {**_tally(lv.tally),
                                    "target": None if lv.target is None else str(lv.target),
                                    "units": {u.unit_code: _tally(u.tally) for u in lv.units}}
                   for lv in report.levels},
        "not_counted": {"revoked": report.exclusions.revoked,
                        "expired": report.exclusions.expired,
                        "not_yet_issued": report.exclusions.not_yet_issued,
                        "replaced": report.exclusions.replaced},
        "by_field": {f"{g.level.value}/{g.key}": _tally(g.tally) for g in report.by_field},
        "by_procedure": {f"{g.level.value}/{g.key}": _tally(g.tally)
                         for g in report.by_procedure},
        "missing": sorted(e.result_id for e in report.missing),
    }


def canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def figures_sha256(data: dict) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def differences(before: dict, after: dict, limit: int = 12) -> list[str]:
    """What changed between two sets of figures, one line each (at most ``limit``)."""
    out: list[str] = []

    def walk(path: str, a, b) -> None:
        if a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) | set(b)):
                walk(f"{path}/{k}" if path else k, a.get(k), b.get(k))
        elif isinstance(a, list) and isinstance(b, list):
            gone, new = sorted(set(a) - set(b)), sorted(set(b) - set(a))
            if gone:
                out.append(f"{path}: no longer {', '.join(gone[:5])}"
                           + (f" (+{len(gone) - 5})" if len(gone) > 5 else ""))
            if new:
                out.append(f"{path}: now also {', '.join(new[:5])}"
                           + (f" (+{len(new) - 5})" if len(new) > 5 else ""))
        else:
            out.append(f"{path}: {a} -> {b}")

    walk("", before, after)
    return out[:limit] + ([f"… and {len(out) - limit} more"] if len(out) > limit else [])
