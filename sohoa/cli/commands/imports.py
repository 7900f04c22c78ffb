"""`sohoa register import` and `sohoa units import`."""

from __future__ import annotations

import sys

from app.imports import ImportSummary, import_register, import_units
from pipeline.errors import ExitCode


def _print(summary: ImportSummary, what: str, bad: str) -> int:
    for err in summary.problems:
        print(f"{summary.file}: {err}", file=sys.stderr)
    print(f"{summary.file.name}: {summary.read} {what} read, {summary.added} added, "
          f"{summary.updated} updated, {len(summary.problems)} {bad}")
    return ExitCode.BAD_INPUT if summary.nothing_usable else ExitCode.OK


def register_import(args, app) -> int:
    return _print(import_register(app, args.file), "row(s)", "rejected")


def units_import(args, app) -> int:
    return _print(import_units(app, args.file), "unit(s)", "problem(s)")
