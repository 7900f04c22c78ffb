"""Benchmark: a desk's day of unnamed batch scans through the real pipeline.

    make bench-intake      (or: .venv/bin/python -m benchmarks.intake [--desk DIR] [--seed N]
                            [--pages N] [--throughput-pages N] [--skip-ocrmypdf])

1. A desk day is generated (benchmarks/desk_day.py: batch files of 5-60 pages, no meaningful
   names, cover and separator sheets or none, blank backs; a register with 10x as many rows).
2. Every batch goes through `take_in` (real OCR in 2 worker processes, the SQLite catalogue,
   an embedded SeaweedFS), as the nightly flow does it. Documents found are compared with the
   truth: split precision/recall (a document is right when its pages are exactly the truth's),
   match precision/recall, how many went to a person, and how many were counted wrongly.
3. Throughput: one PDF of the day's pages (--throughput-pages, default 300) read by the pooled
   engine at 1 and at 2 worker processes, and by OCRmyPDF --jobs 2 (--deskew --clean
   --rotate-pages -l vie) in the same run: pages/minute and peak memory (the process tree's
   resident set, sampled every 0.2 s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class PeakMemory:
    """Peak resident memory of this process and its children, sampled in a thread."""

    def __init__(self, pid: int | None = None, every: float = 0.2):
        self.proc = psutil.Process(pid or os.getpid())
        self.every, self.peak = every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(self.every)

    def __enter__(self) -> PeakMemory:
        self.base = self._rss()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Tally:
    truth: int = 0
    found: int = 0
    split_right: int = 0
    matched: int = 0
    matched_right: int = 0
    counted: int = 0
    counted_wrong: int = 0
    review: int = 0

    def line(self) -> str:
        sp = self.split_right / self.found if self.found else 0
        sr = self.split_right / self.truth if self.truth else 0
        mp = self.matched_right / self.matched if self.matched else 0
        mr = self.matched_right / self.truth if self.truth else 0
        return (f"documents: truth {self.truth}, found {self.found}\n"
                f"split:  precision {sp:.1%} ({self.split_right}/{self.found}), "
                f"recall {sr:.1%} ({self.split_right}/{self.truth})\n"
                f"match:  precision {mp:.1%} ({self.matched_right}/{self.matched}), "
                f"recall {mr:.1%} ({self.matched_right}/{self.truth})\n"
                f"to a person (unmatched or held): {self.review}; counted {self.counted}, "
                f"of which wrongly {self.counted_wrong}")


def _pages(record) -> tuple[int, ...]:
    """A stored document's pages in its file."""
    if not record.page_range:
        return ()
    a, _, b = record.page_range.partition("-")
    return tuple(range(int(a), int(b or a) + 1))


def score_day(truth: dict, documents) -> tuple[Tally, list[str]]:
    """Documents stored vs the truth. A document spanning a blank back counts by its own pages
    (blank pages are kept out of a document but inside its page range)."""
    t, wrong = Tally(), []
    by_file: dict[str, list] = {}
    for d in documents:
        by_file.setdefault(d.file_name, []).append(d)
    for batch in truth["batches"]:
        blank = set(batch["blank"])
        want = {tuple(doc["pages"]): doc["result_id"] for doc in batch["documents"]}
        t.truth += len(want)
        for d in by_file.get(batch["file"], []):
            pages = tuple(p for p in _pages(d) if p not in blank) if d.page_range else \
                tuple(p for p in range(1, batch["pages"] + 1)
                      if p not in blank and p not in batch["separators"])
            t.found += 1
            right_split = pages in want
            t.split_right += right_split
            if d.result_id:
                t.matched += 1
                ok = right_split and want[pages] == d.result_id
                t.matched_right += ok
                if not ok:
                    wrong.append(f"{batch['file']} p{d.page_range}: matched {d.result_id}, "
                                 f"truth {want.get(pages, '(not a document)')}")
            counted = d.result_id is not None and not d.held
            t.counted += counted
            if counted and not (right_split and want[pages] == d.result_id):
                t.counted_wrong += 1
            if not counted:
                t.review += 1
                if right_split and not d.result_id:
                    doc = next(x for x in batch["documents"] if tuple(x["pages"]) == pages)
                    read = {k: (d.fields.get(k) or {}).get("value") for k in
                            ("number", "date", "issuing_body", "signer")}
                    best = (d.match.get("candidates") or [{}])[0]
                    wrong.append(f"{batch['file']} p{d.page_range}: unmatched "
                                 f"({d.match_note[:100]}); truth {doc['number']} {doc['date']}; "
                                 f"read {read}; best {best.get('result_id')} "
                                 f"{best.get('evidence')}")
            if not right_split:
                wrong.append(f"{batch['file']} p{d.page_range}: split wrong "
                             f"(pages {pages}; truth {sorted(want)})")
    return t, wrong


def run_day(desk: Path, workers: int,
            keep: bool = False) -> tuple[Tally, list[str], float, int]:
    from app.bootstrap import App, install
    from app.imports import import_register
    from app.settings import load_settings
    from pipeline.models import InboxItem
    from pipeline.process import take_in

    state = Path(tempfile.mkdtemp(prefix="sohoa-bench-intake-"))
    inbox = state / "inbox"
    shutil.copytree(desk, inbox, ignore=shutil.ignore_patterns("*.csv", "*.json", "*.md"))
    app = install(App(load_settings(state_dir=state, workers=workers, keep_inbox=True,
                                    inbox_settle_seconds=0)))
    try:
        summary = import_register(app, desk / "register.csv")
        print(f"register: {summary.added} rows imported, {len(summary.problems)} problems")
        t0 = time.monotonic()
        with app.object_store():
            box = app.inbox(str(inbox), keep=True)
            adapters = app.adapters(pooled=True)
            from concurrent.futures import ThreadPoolExecutor

            def one(item: InboxItem):
                r = take_in(item, box, app.scan_file, {}, adapters)
                print(f"  {item.file_name}: {r.documents} document(s), "
                      f"{r.matched_documents} matched", flush=True)
                return r

            with ThreadPoolExecutor(2) as pool:
                list(pool.map(one, box.items()))
        wall = time.monotonic() - t0
        docs = app.catalogue.documents()
        tally, wrong = score_day(json.loads((desk / "truth.json").read_text("utf-8")), docs)
        pages = sum(1 for _ in inbox.iterdir())
        return tally, wrong, wall, pages
    finally:
        app.close()
        if keep:
            print(f"state kept in {state}")
        else:
            shutil.rmtree(state, ignore_errors=True)


def throughput_pdf(desk: Path, pages: int, out: Path) -> Path:
    """One PDF of the day's pages (PDF batches joined, repeated as needed)."""
    import pikepdf

    sources = sorted(desk.glob("*.pdf"))
    with pikepdf.new() as pdf:
        opened = [pikepdf.open(p) for p in sources]
        try:
            while len(pdf.pages) < pages:
                for src in opened:
                    for page in src.pages:
                        if len(pdf.pages) < pages:
                            pdf.pages.append(page)
            pdf.save(out)
        finally:
            for src in opened:
                src.close()
    return out


def time_pooled(pdf: Path, workers: int) -> tuple[float, int, int]:
    """(seconds, peak bytes, pages) for the pooled engine reading and assembling ``pdf``."""
    from ocr.options import OcrOptions
    from ocr.pool import PooledEngine

    engine = PooledEngine(OcrOptions(), processes=workers)
    work = Path(tempfile.mkdtemp(prefix="sohoa-bench-work-"))
    try:
        with PeakMemory() as mem:
            t0 = time.monotonic()
            reading = engine.digitize(pdf, pdf.name, work)
            wall = time.monotonic() - t0
        return wall, mem.peak, len(reading.pages)
    finally:
        engine.close()
        shutil.rmtree(work, ignore_errors=True)


def time_ocrmypdf(pdf: Path) -> tuple[float, int] | None:
    exe = shutil.which("ocrmypdf") or str(Path(sys.executable).parent / "ocrmypdf")
    if not Path(exe).exists():
        print("OCRmyPDF not installed: skipped")
        return None
    out = pdf.with_name("ocrmypdf-out.pdf")
    t0 = time.monotonic()
    proc = subprocess.Popen([exe, "--jobs", "2", "--deskew", "--clean", "--rotate-pages",
                             "-l", "vie", "--output-type", "pdf", "--force-ocr", str(pdf),
                             str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakMemory(proc.pid) as mem:
        _, err = proc.communicate()
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        print(f"OCRmyPDF failed ({proc.returncode}): {err.decode()[-400:]}")
        return None
    return wall, mem.peak


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--desk", type=Path, help="an existing desk day (else one is generated)")
    p.add_argument("--seed", type=int, default=2029)
    p.add_argument("--pages", type=int, default=300)
    p.add_argument("--throughput-pages", type=int, default=300)
    p.add_argument("--skip-day", action="store_true")
    p.add_argument("--skip-throughput", action="store_true")
    p.add_argument("--skip-ocrmypdf", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the day's state folder")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sohoa-desk-"))
    desk = args.desk
    if desk is None:
        desk = tmp / "desk"
        subprocess.run([sys.executable, "-m", "benchmarks.desk_day", "--out", str(desk),
                        "--seed", str(args.seed), "--pages", str(args.pages)], check=True,
                       cwd=ROOT)
    truth = json.loads((desk / "truth.json").read_text("utf-8"))
    print(f"desk day: {desk} (seed {truth['seed']}, {truth['pages']} pages, "
          f"{len(truth['batches'])} batch files, {truth['documents']} documents, "
          f"{truth['register_rows']} register rows)")
    if not args.skip_day:
        tally, wrong, wall, _ = run_day(desk, workers=2, keep=args.keep)
        print(f"\n== desk day through take_in (2 OCR processes): {wall:.0f} s, "
              f"{60 * truth['pages'] / wall:.1f} pages/minute")
        print(tally.line())
        for w in wrong:
            print(f"  {w}")
    if not args.skip_throughput:
        pdf = throughput_pdf(desk, args.throughput_pages, tmp / "batch.pdf")
        print(f"\n== throughput on one {args.throughput_pages}-page PDF "
              f"({pdf.stat().st_size / 1e6:.0f} MB)")
        rows = []
        for workers in (1, 2):
            wall, peak, n = time_pooled(pdf, workers)
            rows.append((f"sohoa, {workers} worker(s)", wall, peak, n))
            print(f"  sohoa {workers} worker(s): {wall:.0f} s, {60 * n / wall:.1f} pages/minute, "
                  f"peak memory {peak / 1e6:.0f} MB", flush=True)
        speedup = rows[0][1] / rows[1][1]
        print(f"  sohoa 2 workers vs 1: {speedup:.2f}x")
        if not args.skip_ocrmypdf:
            got = time_ocrmypdf(pdf)
            if got:
                wall, peak = got
                n = args.throughput_pages
                print(f"  OCRmyPDF --jobs 2: {wall:.0f} s, {60 * n / wall:.1f} pages/minute, "
                      f"peak memory {peak / 1e6:.0f} MB; sohoa 2 workers / OCRmyPDF: "
                      f"{wall / rows[1][1]:.2f}x the pages per minute")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
