"""`sohoa fixity` (re-hash every stored object) and `sohoa audit-log` (the audit events)."""

from __future__ import annotations

import csv
import getpass
import sys
from zoneinfo import ZoneInfo

from pipeline.errors import ExitCode
from pipeline.render.cells import spreadsheet_safe, terminal_safe


def fixity(args, app) -> int:
    from flows.fixity_check import fixity_check

    out = fixity_check(unit=args.unit)
    totals, problems = out["summary"], out["problems"]
    print(f"Fixity check: {totals['documents']} scan(s), {totals['objects']} object(s) re-read; "
          f"{totals['missing']} missing, {totals['altered']} altered"
          + (f", {totals['restored']} put back from an intact copy" if totals["restored"]
             else ""))
    for p in problems:
        copy = "" if p["copy"] == "primary" else f" ({p['copy']} copy)"
        if p["restored_from"]:
            print(f"  RESTORED: {p['result_id']} ({p['file']}) {p['key']}{copy}: was "
                  f"{p['found']}, put back from {p['restored_from']}")
        else:
            print(f"  {p['status'].upper()}: {p['result_id']} ({p['file']}) {p['key']}{copy}")
    problems = [p for p in problems if not p["restored_from"]]
    if problems and args.repair:
        return repair(args, app)
    if problems:
        print("These results do not count as digitized until the objects are restored "
              "(sohoa fixity --repair) and a fixity check finds them intact.")
    return ExitCode.FIXITY_FAILED if problems else ExitCode.OK


def repair(args, app) -> int:
    from app.repair import repair_failed

    actor = args.by or getpass.getuser()
    with app.object_store():
        done = repair_failed(app, args.source or [], actor)
    for r in done:
        who = f"{r.result_id or '(unmatched)'} ({terminal_safe(r.file_name)})"
        if not r.source:
            print(f"  NOT REPAIRED: {who}: no copy of the original found "
                  "(hand it in again, or name a folder with --from)")
        else:
            print(f"  REPAIRED: {who}: {', '.join(r.restored)} from {r.source}"
                  + ("" if r.whole else " (not whole yet)"))
    left = [r for r in done if not r.whole]
    return ExitCode.FIXITY_FAILED if left else ExitCode.OK


def audit_log(args, app) -> int:
    """Every audit event as CSV: its time in the desk's time zone with the offset
    (2025-06-30T08:15:02+07:00), the result its document is matched to now."""
    zone = ZoneInfo(app.settings.time_zone)
    w = csv.writer(sys.stdout)
    w.writerow(["at", "sha256", "result_id", "stage", "outcome", "detail", "flow_run_id",
                "actor"])
    for e in app.catalogue.audit_events():
        w.writerow([spreadsheet_safe(c) for c in (
            e.at.astimezone(zone).isoformat(timespec="seconds"), e.sha256, e.result_id,
            e.stage, e.outcome, e.detail, e.flow_run_id or "", e.actor)])
    sys.stdout.flush()
    return ExitCode.OK
