"""`sohoa register import` and `sohoa units import`."""

from __future__ import annotations

import sys

from app.imports import ImportSummary, import_official_units, import_register, import_units
from pipeline.errors import ExitCode, UsageError


def _print(summary: ImportSummary, what: str, bad: str) -> int:
    for err in summary.problems:
        print(f"{summary.file}: {err}", file=sys.stderr)
    print(f"{summary.file.name}: {summary.read} {what} read, {summary.added} added, "
          f"{summary.updated} updated, {len(summary.problems)} {bad}")
    return ExitCode.BAD_INPUT if summary.nothing_usable else ExitCode.OK


def register_import(args, app) -> int:
    return _print(import_register(app, args.file), "row(s)", "rejected")


def units_import(args, app) -> int:
    if args.official == (args.file is not None):
        raise UsageError("name a units CSV file, or --official (not both)",
                         hint="sohoa units import units.csv | sohoa units import --official "
                              "--province 01")
    if not args.official and (args.province or args.agency_map):
        raise UsageError("--province and --agency-map go with --official")
    if args.official:
        return _print(import_official_units(app, args.province, args.agency_map), "unit(s)",
                      "problem(s)")
    return _print(import_units(app, args.file), "unit(s)", "problem(s)")
