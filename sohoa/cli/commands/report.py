"""`sohoa report`: the report in any registered format, to the terminal or a file."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from app.reports import make_report, write_missing
from pipeline.errors import ExitCode, UsageError
from pipeline.render import RENDERERS


def writable(path: Path | None) -> Path | None:
    """A file the report can be written to: its folder must exist (checked before counting)."""
    if path is not None and not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist",
                         hint="create it, or choose another -o FILE")
    if path is not None and path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder", hint="name a file with -o")
    return path


def print_report(app, as_of: date | None, fmt: str = "text", output: Path | None = None,
                 by: str = "issuing", unit: str | None = None) -> None:
    if fmt == "missing":  # every one, as the database gives them: not held, not cut
        with (nullcontext(sys.stdout) if output is None
              else output.open("w", encoding="utf-8", newline="")) as out:
            n = write_missing(app, out, as_of, unit)
        if output is not None:
            print(f"{n} result(s) missing a scan written to {output}")
        return
    r = RENDERERS[fmt]
    report = make_report(app, as_of, by, drilldown=r.drilldown, unit=unit)
    body = r.render(report)
    if r.binary and output is None:
        output = Path(f"bao-cao-so-hoa-{report.as_of.isoformat()}.{r.suffix}")
    if output is None:
        sys.stdout.write(body)
        return
    if isinstance(body, bytes):
        output.write_bytes(body)
    else:
        output.write_text(body, encoding="utf-8")
    print(f"report written to {output}")


def report(args, app) -> int:
    if args.submit or args.reproduce or args.submitted:
        return frozen(args, app)
    output = writable(args.output)
    if app.catalogue.is_empty():
        raise UsageError("the register is empty: there is nothing to count yet",
                         hint="import it first: sohoa register import FILE")
    print_report(app, args.as_of, "missing" if args.missing else args.format, output,
                 args.by, args.unit)
    return ExitCode.OK


def frozen(args, app) -> int:
    """`--submit`, `--reproduce ID`, `--submitted`."""
    import getpass

    from app.reports import reproduce_report, submit_report
    from pipeline.render.text import pct
    from sohoa.cli.commands.verify import trusted_certificates

    actor = args.actor or getpass.getuser()
    zone = ZoneInfo(app.settings.time_zone)
    if args.submitted:
        for s in app.catalogue.submissions():
            print(f"{s.id}  tính đến {s.as_of:%d/%m/%Y}  "
                  f"{s.submitted_at.astimezone(zone):%d/%m/%Y %H:%M:%S %z}  {s.actor}"
                  + (f"  unit {s.unit}" if s.unit else ""))
        return ExitCode.OK
    if args.submit:
        if app.catalogue.is_empty():
            raise UsageError("the register is empty: there is nothing to report yet",
                             hint="import it first: sohoa register import FILE")
        done = submit_report(app, args.as_of, args.by, args.unit, actor)
        s = done.submission
        print(f"submitted {s.id}: as of {s.as_of:%d/%m/%Y}, by {s.actor} at "
              f"{s.submitted_at.astimezone(zone):%d/%m/%Y %H:%M:%S %z}; figures sha256 "
              f"{s.figures_sha256}")
        for lv in done.report.levels:
            print(f"  {lv.level.label_vi}: {lv.tally.digitized}/{lv.tally.valid} = "
                  f"{pct(lv.tally.rate)}")
        print(f"stored: {', '.join(done.keys)}"
              + ("" if done.signed else " (not signed: signing is off)"))
        print(f"reproduce it with: sohoa report --reproduce {s.id}")
        return ExitCode.OK
    r = reproduce_report(app, args.reproduce, trusted_certificates(args, app), actor)
    s = r.submission
    print(f"{s.id}: as of {s.as_of:%d/%m/%Y}, submitted by {s.actor} at "
          f"{s.submitted_at.astimezone(zone):%d/%m/%Y %H:%M:%S %z}")
    for line in r.stored:
        print(f"  {line}")
    print(f"  manifest signature: {r.signature}")
    changed, ids = r.changed_rows
    if r.same:
        print(f"MATCHES: the figures are reproduced exactly (sha256 {r.figures_sha256})")
    else:
        print(f"DIFFERS: figures sha256 {s.figures_sha256} when submitted, "
              f"{r.figures_sha256} now")
        for line in r.differences:
            print(f"  {line}")
    if changed:
        print(f"  {changed} register row(s) known then were changed by a later import"
              f"{': ' + ', '.join(ids) if ids else ''}")
    intact = all(line.endswith("intact") for line in r.stored)
    return ExitCode.OK if r.same and intact else ExitCode.FIXITY_FAILED
