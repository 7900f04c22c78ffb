"""The `sohoa` command."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_ROOT / "sample_scans"


def _prefect_env(state: Path) -> None:
    """Prefect keeps its database under the state folder unless told otherwise; its local API
    may need more than the default 20 s to start on a loaded 2-core machine."""
    os.environ.setdefault("PREFECT_HOME", str(state / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_samples(args, settings) -> int:
    from sohoa.samples.build import build_samples

    written = build_samples(Path(args.out))
    print(f"wrote {len(written)} scans to {Path(args.out) / 'inbox'} "
          f"and {Path(args.out) / 'register.csv'}")
    return 0


def import_register(path: Path, settings) -> int:
    from flows.wiring import catalogue
    from pipeline.register import parse_register_csv, parse_register_rows
    from storage.spreadsheet import xlsx_rows

    try:
        with path.open("rb") as f:
            excel = f.read(4) == b"PK\x03\x04"  # .xlsx is a zip archive
        if excel:
            parsed = parse_register_rows(xlsx_rows(path))
        else:
            parsed = parse_register_csv(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"error: {path} does not exist", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"error: {path} is not UTF-8 text ({exc.reason} at byte {exc.start})",
              file=sys.stderr)
        return 2
    for err in parsed.errors:
        print(f"{path}: {err}", file=sys.stderr)
    added, updated = catalogue(settings.catalogue_url).upsert_entries(parsed.entries)
    print(f"{path.name}: {len(parsed.entries)} row(s) read, {added} added, {updated} updated, "
          f"{len(parsed.errors)} rejected")
    return 1 if parsed.errors and not parsed.entries else 0


def cmd_units(args, settings) -> int:
    return import_units(Path(args.file), settings)


def import_units(path: Path, settings) -> int:
    from flows.wiring import catalogue
    from pipeline.units import parse_units_csv

    if not path.is_file():
        print(f"error: {path} does not exist", file=sys.stderr)
        return 2
    units, errors = parse_units_csv(path.read_text(encoding="utf-8"))
    for err in errors:
        print(f"{path}: {err}", file=sys.stderr)
    added, updated = catalogue(settings.catalogue_url).upsert_units(units)
    print(f"{path.name}: {len(units)} unit(s) read, {added} added, {updated} updated, "
          f"{len(errors)} problem(s)")
    return 1 if errors and not units else 0


def cmd_register(args, settings) -> int:
    return import_register(Path(args.file), settings)


def print_report(settings, as_of: date | None, fmt: str = "text", output: Path | None = None,
                 only_missing: bool = False, by: str = "issuing",
                 unit: str | None = None) -> None:
    from flows.reporting import make_report
    from pipeline.report import render_json, render_text
    from pipeline.report_formats import render_csv, render_html, render_missing_csv

    report = make_report(settings, as_of, by, drilldown=fmt != "text" or only_missing,
                         unit=unit)
    if fmt == "xlsx":
        from storage.spreadsheet import write_report_xlsx

        out = output or Path(f"bao-cao-so-hoa-{report.as_of.isoformat()}.xlsx")
        write_report_xlsx(report, out)
        print(f"report written to {out}")
        return
    if only_missing:
        text = render_missing_csv(report)
    else:
        text = {"json": render_json, "csv": render_csv, "html": render_html}.get(
            fmt, render_text)(report)
    if output:
        output.write_text(text, encoding="utf-8")
        print(f"report written to {output}")
    else:
        sys.stdout.write(text)


def run_flow(settings, inbox: str | None, keep_inbox: bool | None, as_of: date | None,
             unit: str | None = None, dry_run: bool = False) -> int:
    from flows.nightly import nightly_digitization

    summary = nightly_digitization(inbox=inbox, keep_inbox=keep_inbox, as_of=as_of, unit=unit,
                                   dry_run=dry_run)
    if dry_run:
        for row in summary["files"]:
            print(f"{row['file']}: would {row['would']}")
        print(f"dry run: {len(summary['files'])} file(s), nothing read, stored or moved")
        return 0
    groups = summary["summary"]
    print("\nRun: " + ", ".join(f"{k} {v}" for k, v in groups.items()) + "\n")
    print_report(settings, as_of, unit=unit)
    return 1 if groups.get("failed") else 0


def cmd_run(args, settings) -> int:
    inbox = args.inbox
    if inbox and not inbox.startswith("s3://"):
        inbox = str(Path(inbox).resolve())
    return run_flow(settings, inbox, True if args.keep_inbox else None, args.as_of,
                    args.unit, args.dry_run)


def _export_settings(settings) -> None:
    """Flow runs start as subprocesses (of `serve` or of a worker), maybe in another folder:
    give them the absolute state folder."""
    os.environ["SOHOA_STATE_DIR"] = str(settings.state)


def cmd_serve(args, settings) -> int:
    """A Prefect server with its UI on 127.0.0.1, and the deployments served from here."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from sohoa.server import PrefectServer

    _export_settings(settings)
    # `kill`, systemd or a container stop send SIGTERM: stop the server and SeaweedFS as
    # Ctrl-C does, instead of leaving them running without us.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    server = None
    api = os.environ.get("PREFECT_API_URL") if args.no_server else None
    if args.no_server and not api:
        print("--no-server needs PREFECT_API_URL (the server to serve to)", file=sys.stderr)
        return 2
    if not api:
        db = settings.prefect_database_url
        server = PrefectServer(settings.state / "prefect", args.port or settings.prefect_port,
                               database_url=db.get_secret_value() if db else None)
        print(f"starting the Prefect server (log: {server.log_file}) ...", flush=True)
        api = server.start()
        os.environ["PREFECT_API_URL"] = api
    try:
        with temporary_settings({PREFECT_API_URL: api}), _embedded_store(settings):
            from prefect import serve

            from flows.deployments import runner_deployments
            from flows.nightly import ensure_storage_limit

            ensure_storage_limit(settings.storage_concurrency)
            if server:
                print(f"Prefect UI: {server.ui_url}  (API {api})", flush=True)
            serve(*runner_deployments(), limit=args.limit)
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        if server:
            server.stop()
    return 0


def _embedded_store(settings):
    """Keep the embedded SeaweedFS up while serving, unless an S3 endpoint is configured."""
    from contextlib import nullcontext

    from storage.seaweed import embedded_store

    return (nullcontext() if settings.s3_endpoint
            else embedded_store(settings.seaweed_dir, settings.s3_bucket))


def cmd_deploy(args, settings) -> int:
    from flows.deployments import deploy_to_pool
    from flows.nightly import ensure_storage_limit

    if not os.environ.get("PREFECT_API_URL"):
        print("set PREFECT_API_URL to the Prefect server the workers use", file=sys.stderr)
        return 2
    ensure_storage_limit(settings.storage_concurrency)
    for name in deploy_to_pool(args.pool, args.source):
        print(f"deployed {name} to work pool {args.pool}")
    print(f"start workers with: prefect worker start --pool {args.pool}")
    return 0


def cmd_report(args, settings) -> int:
    print_report(settings, args.as_of, args.format, Path(args.output) if args.output else None,
                 args.missing, args.by, args.unit)
    return 0


def cmd_demo(args, settings) -> int:
    """The main job on the embedded defaults: sample register + sample scans -> report.
    The sample inbox is left as it is (files are copied, never moved, out of it)."""
    rc = import_register(SAMPLES / "register.csv", settings) or import_units(
        SAMPLES / "units.csv", settings)
    if rc:
        return rc
    rc = run_flow(settings, str(SAMPLES / "inbox"), True, args.as_of)
    print()
    print_report(settings, args.as_of, by="current")
    return rc


def cmd_check(args, settings) -> int:
    from flows.wiring import engine
    from storage.seaweed import weed_binary

    print(f"tesseract {engine(settings).check()} with {settings.ocr_lang}")
    print(f"weed at {weed_binary()}")
    print(f"state folder {settings.state}")
    return 0


def cmd_ocr(args, settings) -> int:
    from flows.wiring import engine
    from ocr.files import expand, ocr_file

    eng = engine(settings)
    eng.check()
    out_dir = Path(args.output_dir)
    results = []
    for path in expand(Path(p) for p in args.paths):
        if not path.exists():
            print(f"{path}: no such file", file=sys.stderr)
            results.append(None)
            continue
        r = ocr_file(path, out_dir, eng, pdf=args.pdf)
        results.append(r)
        if r.error:
            print(f"{path.name}: not read: {r.error}", file=sys.stderr)
        else:
            flag = f", {r.review} flagged for review" if r.review else ""
            print(f"{path.name}: {r.pages} page(s){flag}")
    bad = sum(1 for r in results if r is None or r.error)
    print(f"{len(results) - bad} file(s) read into {out_dir}, {bad} not read")
    return 1 if bad else 0


def cmd_audit(args, settings) -> int:
    from flows.audit import fixity_audit

    out = fixity_audit()
    totals, problems = out["summary"], out["problems"]
    print(f"Fixity audit: {totals['documents']} scan(s), {totals['objects']} object(s) re-read; "
          f"{totals['missing']} missing, {totals['altered']} altered")
    for p in problems:
        print(f"  {p['status'].upper()}: {p['result_id']} ({p['file']}) {p['key']}")
    if problems:
        print("These results do not count as digitized until the objects are restored and an "
              "audit finds them intact.")
    return 1 if problems else 0


def cmd_audit_log(args, settings) -> int:
    import csv

    from flows.wiring import catalogue

    w = csv.writer(sys.stdout)
    w.writerow(["at", "sha256", "stage", "outcome", "detail", "flow_run_id"])
    for e in catalogue(settings.catalogue_url).audit_events():
        w.writerow([e.at.isoformat(), e.sha256, e.stage, e.outcome, e.detail,
                    e.flow_run_id or ""])
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sohoa", description=__doc__)
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("samples", help="generate the sample scans and register")
    s.add_argument("--out", default=str(SAMPLES))
    s.set_defaults(fn=cmd_samples)

    r = sub.add_parser("register", help="the register of procedure results")
    rsub = r.add_subparsers(dest="action", required=True)
    ri = rsub.add_parser("import", help="load or update rows from a CSV or Excel (.xlsx) file")
    ri.add_argument("file")
    ri.set_defaults(fn=cmd_register)

    un = sub.add_parser("units", help="the administrative units and their successors")
    usub = un.add_subparsers(dest="action", required=True)
    ui = usub.add_parser("import", help="load or update units from a CSV file")
    ui.add_argument("file")
    ui.set_defaults(fn=cmd_units)

    run = sub.add_parser("run", help="run the nightly digitization flow on the inbox")
    run.add_argument("--inbox", help="folder of scans or s3://bucket/prefix (default: "
                                     "SOHOA_INBOX, SOHOA_S3_INBOX or <state>/inbox)")
    run.add_argument("--keep-inbox", action="store_true",
                     help="copy files out of the inbox instead of moving them")
    run.add_argument("--as-of", type=_date, help="report date (default today)")
    run.add_argument("--unit", help="report only what this unit code answers for")
    run.add_argument("--dry-run", action="store_true",
                     help="list what would be done; read, store and move nothing")
    run.set_defaults(fn=cmd_run)

    sv = sub.add_parser("serve", help="start the Prefect server and UI on 127.0.0.1 and serve "
                                      "the nightly, report and fixity-audit deployments")
    sv.add_argument("--port", type=int, help="UI and API port (default SOHOA_PREFECT_PORT, "
                                             "4200)")
    sv.add_argument("--no-server", action="store_true",
                    help="serve to the server at PREFECT_API_URL instead of starting one")
    sv.add_argument("--limit", type=int, help="flow runs at once from this process")
    sv.set_defaults(fn=cmd_serve)

    dp = sub.add_parser("deploy", help="register the deployments on a work pool, for workers "
                                       "on several machines (PREFECT_API_URL)")
    dp.add_argument("--pool", default="sohoa", help="work pool (created as a process pool)")
    dp.add_argument("--source", help="where workers get the code: this checkout (default) "
                                     "or a git URL")
    dp.set_defaults(fn=cmd_deploy)

    rep = sub.add_parser("report", help="print the digitization report")
    rep.add_argument("--as-of", type=_date, help="date results must be valid on (default today)")
    rep.add_argument("--format", choices=("text", "json", "csv", "html", "xlsx"), default="text",
                     help="text table, JSON, CSV, a self-contained HTML page, or an Excel file")
    rep.add_argument("--missing", action="store_true",
                     help="only the valid results still missing a scan (CSV)")
    rep.add_argument("--output", "-o", help="write to this file instead of the terminal")
    rep.add_argument("--by", choices=("issuing", "current"), default="issuing",
                     help="group under the unit that issued each result (historical levels) or "
                          "the unit holding it on the as-of date (after merges; needs units)")
    rep.add_argument("--unit", help="only the results this unit code answers for (its own, "
                                    "units under it, units it took over)")
    rep.set_defaults(fn=cmd_report)

    d = sub.add_parser("demo", help="import the sample register, digitize sample_scans/, report")
    d.add_argument("--as-of", type=_date)
    d.set_defaults(fn=cmd_demo)

    o = sub.add_parser("ocr", help="OCR files: page texts, fields and (--pdf) archival PDF/A")
    o.add_argument("paths", nargs="+", help="PDF, TIFF, JPEG or PNG files, or folders of them")
    o.add_argument("--output-dir", "-o", required=True)
    o.add_argument("--pdf", action="store_true", help="also write <stem>.pdf (PDF/A-2b)")
    o.set_defaults(fn=cmd_ocr)

    au = sub.add_parser("audit", help="fixity audit: re-read and re-hash every stored object")
    au.set_defaults(fn=cmd_audit)
    al = sub.add_parser("audit-log", help="export the audit event log (CSV on stdout)")
    al.set_defaults(fn=cmd_audit_log)

    c = sub.add_parser("check", help="check that Tesseract, its data and SeaweedFS are there")
    c.set_defaults(fn=cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per Prefect API call
    from pipeline.errors import SohoaError
    from sohoa.settings import load_settings

    settings = load_settings()
    _prefect_env(settings.state)
    try:
        return args.fn(args, settings)
    except SohoaError as exc:
        print(f"error ({exc.stage}): {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
