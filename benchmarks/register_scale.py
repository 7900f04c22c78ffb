"""Register at province scale: import and report time for N rows across ~3,000 units.

    .venv/bin/python benchmarks/register_scale.py [--rows 10000000] [--db sqlite,postgresql]

Generates a register CSV (seeded, so every run sees the same rows): ~3% of units are districts,
the rest communes; issue dates 2015-2025; 10% with an expiry date, 3% revoked, 1% replaced; 40%
of results have an archived scan. For each database it measures, in the same run:

  parse     reading and parsing the CSV, streamed, no database: the baseline for the import
            (in a process of its own: its peak memory is printed)
  import    the register imported as `sohoa register import` does it: streamed, a chunk at a
            time (a process of its own, peak memory printed); goal < 10 min for 10M rows
  reimport  the same file again (nothing changes: everything compared, nothing written)
  scan      every register row counted per unit (the least a report reads): the baseline for
            the report
  python    the report computed in Python over every row (up to 2M rows: it holds them all)
  direct    the same counted from every result (as when the rate summary is out of date)
  summary   the rate summary made again (storage/catalogue/rollup.py), as after an import
  report    the report as `sohoa report` makes it (app/reports.make_report: levels, units,
            the flow, what was not counted), from the summary; goal < 5 s for 10M rows
  drill     the same with the drill-downs (per field, per procedure, the first 10,000
            missing results), as `sohoa report --format json|html|xlsx` builds it

and prints seconds, peak memory and ratios to the baselines. PostgreSQL is Debian's cluster,
started by storage/postgres_local.py in a fresh database that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from app.reports import make_report  # noqa: E402
from pipeline.register import COLUMNS, RowError, csv_rows, iter_register  # noqa: E402
from pipeline.report import build_report  # noqa: E402
from storage.catalogue import DocumentRow, SqlCatalogue  # noqa: E402
from storage.catalogue.schema import RegisterRow  # noqa: E402

TARGETS = {"district": 0.60, "commune": 0.55}
#: the missing results a report lists (setting report_missing_shown's default)
SHOWN = 10_000


def generate(path: Path, rows: int, units: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    districts = max(1, units * 3 // 100)
    unit_list = [(f"000.00.{i:02d}.H{i:03d}", f"Huyện Số {i}", "district")
                 for i in range(districts)]
    unit_list += [(f"{10000 + i:05d}", f"Xã Số {i}", "commune") for i in range(units - districts)]
    procs = [(f"1.00{1000 + i}", f"Thủ tục {i}", f"Lĩnh vực {i % 25}") for i in range(300)]
    start = date(2015, 1, 1)
    ids = []
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for n in range(rows):
            code, name, level = unit_list[rnd.randrange(len(unit_list))]
            pcode, pname, field = procs[rnd.randrange(len(procs))]
            issued = start + timedelta(days=rnd.randrange(3900))
            rid = f"{code}-{issued:%y%m%d}-{n:07d}"
            until = (issued + timedelta(days=rnd.randrange(200, 3000))).isoformat() \
                if rnd.random() < 0.10 else ""
            revoked = "yes" if rnd.random() < 0.03 else "no"
            replaced = ids[rnd.randrange(len(ids))] if ids and rnd.random() < 0.01 else ""
            w.writerow([rid, pcode, pname, field, code, name, level, issued.isoformat(), until,
                        revoked, replaced])
            ids.append(rid)
    return ids


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _stream(csv_path: Path):
    """The register's entries as `sohoa register import` reads them: streamed."""
    with csv_path.open(encoding="utf-8-sig", newline="") as text:
        yield from (e for e in iter_register(csv_rows(text), normalized=True)
                    if not isinstance(e, RowError))


def _measured(fn, args, queue) -> None:
    out = fn(*args)
    queue.put((out, _peak_mb()))


def _peak_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ru_maxrss: on Linux that keeps
    the parent's peak across fork and exec, so a child spawned by a large parent reports the
    parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(fn, *args):
    """``fn(*args)`` in a fresh process (spawned: nothing of this one's memory in it): (its
    result, its peak resident memory in MB)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measured, args=(fn, args, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def _parse(csv_path: Path):
    return timed(lambda: sum(1 for _ in _stream(csv_path)))


def _import(url: str, csv_path: Path):
    cat = SqlCatalogue(url)
    (added, _), t_import = timed(lambda: cat.upsert_entries(_stream(csv_path)))
    (_, updated), t_again = timed(lambda: cat.upsert_entries(_stream(csv_path)))
    cat.engine.dispose()
    return added, updated, t_import, t_again


def _add_scans(cat: SqlCatalogue, scanned: list[str]) -> None:
    """An archived, counting document for each of these results (COPY on PostgreSQL:
    millions of rows)."""
    when = datetime(2026, 11, 1, tzinfo=UTC)
    # every column a row needs: COPY does not apply the model's defaults
    defaults = {c.name: (when if c.default.is_callable else c.default.arg)
                for c in DocumentRow.__table__.columns
                if c.default is not None and not c.primary_key}
    columns = tuple({**defaults, "sha256": 0, "status": 0, "result_id": 0, "file_name": 0,
                     "media_type": 0, "size_bytes": 0, "pages": 0, "bucket": 0,
                     "original_key": 0, "text_key": 0, "counts_from": 0})
    for start in range(0, len(scanned), 200_000):
        rows = [tuple({**defaults, "sha256": f"{i:064x}", "status": "archived", "result_id": rid,
                       "file_name": f"{rid}.pdf", "media_type": "application/pdf",
                       "size_bytes": 1, "pages": 1, "bucket": "b", "original_key": f"k{i}",
                       "text_key": f"t{i}", "counts_from": when}.values())
                for i, rid in enumerate(scanned[start:start + 200_000], start)]
        with cat.session() as s:
            conn = s.connection()
            if conn.dialect.name == "postgresql":
                with conn.connection.driver_connection.cursor() as cur, cur.copy(
                        f"COPY documents ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                s.execute(DocumentRow.__table__.insert(),
                          [dict(zip(columns, row, strict=True)) for row in rows])


def run(db: str, csv_path: Path, ids: list[str], tmp: Path, drill: bool,
        python: bool) -> dict[str, float]:
    from app.settings import Settings

    targets = Settings().targets_for(2026)  # the Python report's
    if db == "sqlite":
        url, drop = f"sqlite:///{tmp / 'scale.db'}", None
    else:
        from storage.postgres_local import drop_database, fresh_database
        url = fresh_database("sohoa_bench")
        drop = drop_database
    try:
        (rows, t_parse), mem_parse = _child(_parse, csv_path)
        (added, updated, t_import, t_again), mem_import = _child(_import, url, csv_path)
        cat = SqlCatalogue(url)
        scanned = ids[::5] + ids[1::5]  # 40% have an archived scan
        _add_scans(cat, scanned)
        as_of = date(2026, 11, 23)

        def scan():  # the least any report reads: every row once, counted per unit
            with cat.session() as s:
                return s.execute(select(RegisterRow.level, RegisterRow.unit_code, func.count())
                                 .group_by(RegisterRow.level, RegisterRow.unit_code)).all()

        settings = Settings()
        desk = SimpleNamespace(catalogue=cat, settings=settings)

        def sql_report(drill: bool):  # what `sohoa report` makes: text, or html|xlsx|json
            return make_report(desk, as_of, drilldown=drill)

        _, t_scan = timed(scan)
        direct, t_direct = timed(lambda: sql_report(False))  # summary out of date: the rows
        drilled, t_drill = timed(lambda: sql_report(True)) if drill else (None, None)
        summed, t_build = timed(lambda: cat.rebuild_rate_summary(force=True))
        report, t_report = timed(lambda: sql_report(False))  # from the summary
        assert summed == rows
        assert report.levels == direct.levels and report.exclusions == direct.exclusions
        t_python = None
        if python:
            slow, t_python = timed(lambda: build_report(cat.entries(),
                                                        cat.digitized_result_ids(), as_of,
                                                        targets, [], []))
            assert report.levels == slow.levels and report.exclusions == slow.exclusions
        cat.engine.dispose()
    finally:
        if drop:
            drop(url)
    commune = {lv.level.value: lv for lv in report.levels}["commune"]
    return {"rows": rows, "added": added, "updated_again": updated,
            "parse_s": t_parse, "parse_mb": mem_parse, "import_s": t_import,
            "import_mb": mem_import, "reimport_s": t_again, "scan_s": t_scan,
            "python_report_s": t_python, "direct_s": t_direct, "build_s": t_build,
            "report_s": t_report, "drill_s": t_drill,
            "missing": len(drilled.missing) if drilled else None,
            "commune_valid": commune.tally.valid, "commune_digitized": commune.tally.digitized}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--units", type=int, default=3000)
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--drill", choices=("yes", "no"), default="yes",
                    help="also the drill-downs (per field, per procedure, the first "
                         f"{SHOWN:,} missing results)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    small = args.rows <= 2_000_000
    drill = args.drill == "yes"
    out = {}
    with tempfile.TemporaryDirectory(dir=ROOT / ".sohoa" if (ROOT / ".sohoa").is_dir()
                                     else None) as tmp:
        tmp = Path(tmp)
        csv_path = tmp / "register.csv"
        ids, t_gen = timed(lambda: generate(csv_path, args.rows, args.units))
        print(f"generated {args.rows:,} rows across {args.units:,} units in {t_gen:.1f} s "
              f"({csv_path.stat().st_size / 1e6:.0f} MB CSV)")
        for db in args.db.split(","):
            r = run(db, csv_path, ids, tmp, drill, python=small)
            out[db] = r
            print(f"\n{db}: {r['rows']:,} rows; added {r['added']:,}, changed on re-import "
                  f"{r['updated_again']:,}")
            print(f"  parse (baseline) {r['parse_s']:7.1f} s   peak {r['parse_mb']:6.0f} MB")
            print(f"  import           {r['import_s']:7.1f} s   peak {r['import_mb']:6.0f} MB  "
                  f"(x{r['import_s'] / r['parse_s']:.1f} parse; goal < 10 min for 10M rows, "
                  f"streamed)")
            print(f"  re-import        {r['reimport_s']:7.1f} s")
            print(f"  import + summary {r['import_s'] + r['build_s']:7.1f} s   (what `sohoa "
                  "register import` takes into an empty register)")
            print(f"  scan (baseline)  {r['scan_s']:7.2f} s   (every row counted per unit)")
            if r["python_report_s"] is not None:
                print(f"  python           {r['python_report_s']:7.1f} s   (the report in "
                      "Python over every row)")
            print(f"  report, direct   {r['direct_s']:7.2f} s   (x{r['direct_s'] / r['scan_s']:.1f}"
                  " scan: counted from every result, as when the summary is out of date)")
            print(f"  summary made     {r['build_s']:7.1f} s   (after an import or a run)")
            print(f"  report           {r['report_s']:7.2f} s   (x{r['report_s'] / r['scan_s']:.2f}"
                  f" scan, from the summary; goal < 5 s for 10M rows); commune "
                  f"{r['commune_digitized']:,}/{r['commune_valid']:,} valid")
            if r["drill_s"] is not None:
                print(f"  drill            {r['drill_s']:7.1f} s   (per field, per procedure, "
                      f"the first {r['missing']:,} missing results: as `sohoa report --format "
                      "html|xlsx|json` and the nightly run count them)")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
