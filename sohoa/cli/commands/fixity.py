"""`sohoa fixity` (re-hash every stored object) and `sohoa audit-log` (the audit events)."""

from __future__ import annotations

import csv
import sys

from pipeline.errors import ExitCode
from pipeline.render.cells import spreadsheet_safe


def fixity(args, app) -> int:
    from flows.fixity_check import fixity_check

    out = fixity_check(unit=args.unit)
    totals, problems = out["summary"], out["problems"]
    print(f"Fixity check: {totals['documents']} scan(s), {totals['objects']} object(s) re-read; "
          f"{totals['missing']} missing, {totals['altered']} altered")
    for p in problems:
        print(f"  {p['status'].upper()}: {p['result_id']} ({p['file']}) {p['key']}")
    if problems:
        print("These results do not count as digitized until the objects are restored and a "
              "fixity check finds them intact.")
    return ExitCode.FIXITY_FAILED if problems else ExitCode.OK


def audit_log(args, app) -> int:
    w = csv.writer(sys.stdout)
    w.writerow(["at", "sha256", "stage", "outcome", "detail", "flow_run_id", "actor"])
    for e in app.catalogue.audit_events():
        w.writerow([spreadsheet_safe(c) for c in (e.at.isoformat(), e.sha256, e.stage,
                                                  e.outcome, e.detail, e.flow_run_id or "",
                                                  e.actor)])
    sys.stdout.flush()
    return ExitCode.OK
