"""`sohoa run` (the nightly flow, in the terminal) and `sohoa demo`."""

from __future__ import annotations

import sys

from app.imports import import_register, import_units
from pipeline.errors import ExitCode
from pipeline.render.cells import terminal_safe
from pipeline.run_summary import summary_line
from sohoa.cli.commands.imports import _print
from sohoa.cli.commands.report import print_report
from storage.inbox_s3 import is_s3_url


def run_flow(app, inbox: str | None, keep_inbox: bool | None, as_of, unit: str | None = None,
             dry_run: bool = False) -> int:
    where = app.inbox_location(inbox)  # a malformed s3:// address fails here
    if not is_s3_url(where):
        app.inbox(where).check()  # a missing folder fails here, before Prefect or the store
    elif not dry_run:
        with app.object_store():  # a missing bucket fails here, before Prefect
            app.inbox(where).check()
    from flows.nightly_digitization import nightly_digitization

    summary = nightly_digitization(inbox=where, keep_inbox=keep_inbox, as_of=as_of, unit=unit,
                                   dry_run=dry_run)
    if dry_run:
        for row in summary["files"]:
            print(f"{row['file']}: would {row['would']}")
        print(f"dry run: {len(summary['files'])} file(s), nothing read, stored or moved")
        return ExitCode.OK
    for warning in summary.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
    groups = summary["summary"]
    print("\nRun: " + summary_line(groups))
    for r in summary["results"]:
        if r["outcome"] in ("quarantined", "failed"):
            print(f"  {r['outcome']}: {terminal_safe(r['file_name'])}: "
                  f"{terminal_safe(r['message'])}")
    print()
    print_report(app, as_of, unit=unit)
    return ExitCode.FILES_FAILED if groups.get("failed") else ExitCode.OK


def run(args, app) -> int:
    return run_flow(app, args.inbox, True if args.keep_inbox else None, args.as_of,
                    args.unit, args.dry_run)


def demo(args, app) -> int:
    """The main job on the embedded defaults: sample register + sample scans -> report.
    The sample inbox is left as it is (files are copied, never moved, out of it)."""
    samples = args.samples
    rc = (_print(import_register(app, samples / "register.csv"), "row(s)", "rejected")
          or _print(import_units(app, samples / "units.csv"), "unit(s)", "problem(s)"))
    if rc:
        return rc
    rc = run_flow(app, str(samples / "inbox"), True, args.as_of)
    print()
    print_report(app, args.as_of, by="current")
    from sohoa.cli.commands.checks import print_protection
    from sohoa.cli.commands.web import first_admin

    print()
    print("Kho lưu trữ (the archive):")
    print_protection(app)
    coded = [d for d in app.catalogue.documents() if d.doc_code]
    if coded:
        print(f"{len(coded)} document(s) coded, signed, with metadata records; e.g. "
              f"{coded[0].doc_code}_V1 ({coded[0].archival_name})")

    print()
    first_admin(args, app)
    from app.workspace import Workspace
    from pipeline.accounts import Role, User

    queue = Workspace(app).review_queue(User("admin", Role.ADMIN)).size
    print(f"{queue} item(s) wait in the review queue: `sohoa web` opens the workspace on "
          f"http://127.0.0.1:{app.settings.web_port}/")
    return rc
