"""`sohoa report`: the report in any registered format, to the terminal or a file."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from app.reports import make_report
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
    output = writable(args.output)
    if app.catalogue.is_empty():
        raise UsageError("the register is empty: there is nothing to count yet",
                         hint="import it first: sohoa register import FILE")
    print_report(app, args.as_of, "missing" if args.missing else args.format, output,
                 args.by, args.unit)
    return ExitCode.OK
