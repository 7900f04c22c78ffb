"""The command line: every command, its arguments and its help. Parsing only."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.timezone import parse_day
from sohoa.cli.commands import (
    backup,
    checks,
    export,
    fixity,
    imports,
    ocr,
    report,
    review,
    run,
    serve,
    verify,
    web,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = PROJECT_ROOT / "sample_scans"


def as_date(text: str) -> date:
    """YYYY-MM-DD or DD/MM/YYYY (as Vietnamese documents and registers write it)."""
    try:
        return parse_day(text)
    except UsageError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sohoa", description="Digitize, archive and count the paper results of "
        "administrative procedures (số hóa kết quả giải quyết TTHC).",
        epilog="Exit codes: 0 ok, 1 some files failed, 2 usage, 3 bad input file, "
               "4 missing dependency, 5 store or database unreachable, 6 fixity failed.")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("samples", help="generate the sample scans and register")
    s.add_argument("--out", default=str(SAMPLES))
    s.set_defaults(fn=checks.samples)

    r = sub.add_parser("register", help="the register of procedure results")
    rsub = r.add_subparsers(dest="action", required=True)
    ri = rsub.add_parser("import", help="load or update rows from a CSV or Excel (.xlsx) file")
    ri.add_argument("file", type=Path)
    ri.set_defaults(fn=imports.register_import)

    un = sub.add_parser("units", help="the administrative units and their successors")
    usub = un.add_subparsers(dest="action", required=True)
    ui = usub.add_parser("import", help="load or update units from a CSV file, or the "
                                        "official units (--official)")
    ui.add_argument("file", type=Path, nargs="?", help="a units CSV (not with --official)")
    ui.add_argument("--official", action="store_true",
                    help="the statistics office's units before and after 1 July 2025, with "
                         "successors (from vietnam-provinces)")
    ui.add_argument("--province", help="with --official: one province (its code after 1 July "
                                       "2025, e.g. 01, or an old one's, cu:tinh:30)")
    ui.add_argument("--agency-map", type=Path, metavar="CSV",
                    help="with --official: the register's agency codes -> official codes "
                         "(columns agency_code, official_code)")
    ui.set_defaults(fn=imports.units_import)

    rn = sub.add_parser("run", help="run the nightly digitization flow on the inbox")
    rn.add_argument("--inbox", help="folder of scans or s3://bucket/prefix (default: "
                                    "SOHOA_INBOX, SOHOA_S3_INBOX or <state>/inbox)")
    rn.add_argument("--keep-inbox", action="store_true",
                    help="copy files out of the inbox instead of moving them")
    rn.add_argument("--as-of", type=as_date, help="report date (default today)")
    rn.add_argument("--unit", help="report only what this unit code answers for")
    rn.add_argument("--dry-run", action="store_true",
                    help="list what would be done; read, store and move nothing")
    rn.set_defaults(fn=run.run, long_running=True)

    sv = sub.add_parser("serve", help="start the Prefect server and UI on 127.0.0.1 and serve "
                                      "the nightly, report and fixity-check deployments")
    sv.add_argument("--port", type=int, help="UI and API port (default SOHOA_PREFECT_PORT, "
                                             "4200)")
    sv.add_argument("--no-server", action="store_true",
                    help="serve to the server at PREFECT_API_URL instead of starting one")
    sv.add_argument("--limit", type=int, help="flow runs at once from this process")
    sv.set_defaults(fn=serve.serve, long_running=True)

    dp = sub.add_parser("deploy", help="register the deployments on a work pool, for workers "
                                       "on several machines (PREFECT_API_URL)")
    dp.add_argument("--pool", default="sohoa", help="work pool (created as a process pool)")
    dp.add_argument("--source", help="where workers get the code: this checkout (default) "
                                     "or a git URL")
    dp.set_defaults(fn=serve.deploy)

    rep = sub.add_parser("report", help="print the digitization report")
    rep.add_argument("--as-of", type=as_date,
                     help="date results must be valid on (default today)")
    rep.add_argument("--format", choices=("text", "json", "csv", "html", "xlsx"), default="text",
                     help="text table, JSON, CSV, a self-contained HTML page, or an Excel file")
    rep.add_argument("--missing", action="store_true",
                     help="only the valid results still missing a scan (CSV)")
    rep.add_argument("--output", "-o", type=Path,
                     help="write to this file instead of the terminal")
    rep.add_argument("--by", choices=("issuing", "current"), default="issuing",
                     help="group under the unit that issued each result (historical levels) or "
                          "the unit holding it on the as-of date (after merges; needs units)")
    rep.add_argument("--unit", help="only the results this unit code answers for (its own, "
                                    "units under it, units it took over)")
    frozen = rep.add_mutually_exclusive_group()
    frozen.add_argument("--submit", action="store_true",
                        help="freeze the report: JSON, HTML and XLSX stored in the archive "
                             "with a signed manifest; prints its id")
    frozen.add_argument("--reproduce", metavar="ID",
                        help="compute a submitted report again and say whether it matches")
    frozen.add_argument("--submitted", action="store_true", help="list the submitted reports")
    rep.add_argument("--actor", help="who submits or reproduces (default: your login name)")
    rep.add_argument("--trust", action="append", metavar="CERT",
                     help="a certificate to trust for the manifest's signature (repeatable)")
    rep.set_defaults(fn=report.report)

    d = sub.add_parser("demo", help="import the sample register, digitize sample_scans/, report")
    d.add_argument("--as-of", type=as_date)
    d.set_defaults(fn=run.demo, samples=SAMPLES, long_running=True)

    o = sub.add_parser("ocr", help="OCR files: page texts, fields and (--pdf) archival PDF/A")
    o.add_argument("paths", nargs="+", type=Path,
                   help="PDF, TIFF, JPEG or PNG files, or folders of them")
    o.add_argument("--output-dir", "-o", required=True, type=Path)
    o.add_argument("--pdf", action="store_true", help="also write <stem>.pdf (PDF/A-2b)")
    o.set_defaults(fn=ocr.ocr)

    fx = sub.add_parser("fixity", aliases=["audit"],
                        help="fixity check: re-read and re-hash every stored object")
    fx.add_argument("--unit", help="only the scans of results this unit answers for")
    fx.add_argument("--repair", action="store_true",
                    help="put back what is missing or altered from the originals (in "
                         "processed/ or --from FOLDER); the text and archival copy made again")
    fx.add_argument("--from", dest="source", type=Path, action="append",
                    help="a folder holding originals (repeatable)")
    fx.add_argument("--by", help="who repairs (audit events; default: your login name)")
    fx.set_defaults(fn=fixity.fixity, long_running=True)
    al = sub.add_parser("audit-log", help="export the audit events (who/what/when) as CSV")
    al.set_defaults(fn=fixity.audit_log)

    rv = sub.add_parser("review", help="what a person must look at (held and unmatched "
                                       "documents, quarantined files, intake findings), and "
                                       "confirming held documents")
    rvsub = rv.add_subparsers(dest="action", required=True)
    rl = rvsub.add_parser("list", help="held and unmatched documents (with their candidates), "
                                       "quarantined files, intake findings")
    rl.set_defaults(fn=review.review_list)
    rc = rvsub.add_parser("confirm", help="a person looked at it: count it (audited)")
    rc.add_argument("ref", help="result id, or SHA-256 (at least its first 12 characters)")
    rc.add_argument("--by", help="who confirms (default: your login name)")
    rc.add_argument("--note", help="what was checked")
    rc.set_defaults(fn=review.review_confirm)

    mt = sub.add_parser("match", help="match the unmatched documents again (after a register "
                                      "import or a manifest row added)")
    mt.add_argument("--manifest", type=Path, help="a manifest.csv (file name, result id)")
    mt.set_defaults(fn=review.match)
    at = sub.add_parser("attach", help="match a document to a result by hand (audited)")
    at.add_argument("document", help="document id (at least its first 12 characters)")
    at.add_argument("result_id", help="the register's result id (mã hồ sơ)")
    at.add_argument("--by", help="who decides (default: your login name)")
    at.add_argument("--note", help="why")
    at.set_defaults(fn=review.attach)
    de = sub.add_parser("detach", help="undo a wrong match: the document no longer counts "
                                       "(audited)")
    de.add_argument("document", help="document id (at least its first 12 characters), or the "
                                     "result id it is matched to")
    de.add_argument("--by", help="who decides (default: your login name)")
    de.add_argument("--note", help="why")
    de.set_defaults(fn=review.detach)

    vf = sub.add_parser("verify", help="check signed archival copies: intact, whole, who "
                                       "signed and when, PDF/A (one line each)")
    vf.add_argument("files", nargs="+")
    vf.add_argument("--trust", action="append",
                    help="a certificate (PEM, DER or .p12) to trust besides the unit's own")
    vf.set_defaults(fn=verify.verify)

    wb = sub.add_parser("web", help="start the workspace (review queue, search, dashboard, "
                                    "API) on 127.0.0.1")
    wb.add_argument("--port", type=int, help="port (default SOHOA_WEB_PORT, 8600)")
    wb.set_defaults(fn=web.web, long_running=True)

    us = sub.add_parser("user", help="workspace accounts: add, password, token, list")
    ussub = us.add_subparsers(dest="user_command", required=True)
    ua = ussub.add_parser("add", help="a new user")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=["clerk", "auditor", "admin"])
    ua.add_argument("--unit", help="unit code: the user sees that unit and those under it "
                                   "(default: all units)")
    for q in (ua, up := ussub.add_parser("password", help="set a user's password")):
        q.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input")
        q.add_argument("--generate", action="store_true",
                       help="make a random password and print it once")
    up.add_argument("name")
    ua.set_defaults(fn=web.user_add)
    up.set_defaults(fn=web.user_password)
    ut = ussub.add_parser("token", help="a new API token for a user (printed once)")
    ut.add_argument("name")
    ut.set_defaults(fn=web.user_token)
    ud = ussub.add_parser("disable", help="a user who leaves: no login, no API token")
    ud.add_argument("name")
    ud.add_argument("--enable", action="store_true", help="let the user in again")
    ud.set_defaults(fn=web.user_disable)
    ul = ussub.add_parser("list", help="the users")
    ul.set_defaults(fn=web.user_list)
    uf = ussub.add_parser("first-admin", help="the set-up's admin, password written into the "
                                              "state folder (once)")
    uf.set_defaults(fn=web.first_admin)

    bk = sub.add_parser("backup", help="a consistent copy of the catalogue (SQLite online "
                                       "backup, or pg_dump) into the state folder's backups/ "
                                       "and into the archive (both copies)")
    bk.add_argument("--out", type=Path, help="write it here instead")
    bk.add_argument("--local-only", action="store_true", help="do not store it in the archive")
    bk.set_defaults(fn=backup.backup)
    ex = sub.add_parser("export", help="a unit's hand-over package: originals, signed "
                                       "archival copies, texts, metadata records, METS + "
                                       "PREMIS, as a BagIt bag; --verify checks one")
    ex.add_argument("--unit", help="the unit (and the units it answers for)")
    ex.add_argument("--from", dest="start", type=as_date, help="results issued from this day")
    ex.add_argument("--to", dest="end", type=as_date, help="results issued up to this day")
    ex.add_argument("--out", type=Path, default=Path("."),
                    help="the folder the package's folder is made in (default: here)")
    ex.add_argument("--verify", type=Path, metavar="FOLDER",
                    help="check a package: the bag, METS against its files, signatures")
    ex.add_argument("--trust", action="append",
                    help="a certificate to trust besides the unit's own (repeatable)")
    ex.set_defaults(fn=export.export)
    rs = sub.add_parser("restore", help="load a catalogue backup into a fresh state folder "
                                        "or an empty database")
    rs.add_argument("file", type=Path, help="a file `sohoa backup` wrote")
    rs.set_defaults(fn=backup.restore)

    c = sub.add_parser("check", help="check that Tesseract, its data, SeaweedFS and the "
                                     "archive's copies are there")
    c.set_defaults(fn=checks.check)
    return p
