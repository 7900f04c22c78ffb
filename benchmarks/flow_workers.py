"""The nightly flow at 1 and at 2 OCR worker processes: pages per minute on this machine.

    .venv/bin/python benchmarks/flow_workers.py [--docs 16] [--workers 1,2]

Generates --docs scans with the project's sample generator (the sample set's kinds of pages:
clean, skewed, upside down, photographed, 1-bit, multi-page PDF, TIFF, JPEG, PNG), then runs
the whole nightly flow (OCR, archival PDF, store in SeaweedFS, catalogue, report) on a fresh
state folder for each worker count, in one process whose Prefect API is already up. The first
worker count is the baseline: the others are printed as ratios to it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_docs(n: int):
    from sohoa.samples.documents import dossier, sample_documents

    scanned = [d for d in sample_documents() if d.scan]
    docs = []
    for i in range(n):
        base = scanned[i % len(scanned)]
        number = 500 + i
        rid = dossier(base.unit, base.issued, number)
        suffix = Path(base.scan.format(id=base.result_id)).suffix or ".png"
        docs.append(replace(base, result_id=rid, number=number, scan=f"{rid}{suffix}"))
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=16)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    counts = [int(w) for w in args.workers.split(",")]

    work = Path(tempfile.mkdtemp(prefix="sohoa-bench-workers-"))
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ["SOHOA_WORKERS"] = str(max(counts))  # the flow's threads: enough for the most
    os.environ["SOHOA_INBOX_SETTLE_SECONDS"] = "0"

    from sohoa.samples.build import build_samples
    from storage.seaweed import EmbeddedSeaweed

    t = time.perf_counter()
    samples = work / "samples"
    docs = make_docs(args.docs)
    build_samples(samples, docs)
    files = [p for p in (samples / "inbox").iterdir() if p.name != "manifest.csv"]
    print(f"generated {len(files)} scan(s) in {time.perf_counter() - t:.1f} s", flush=True)

    seaweed = EmbeddedSeaweed(work / "seaweedfs")
    s3 = seaweed.start()
    os.environ.update(SOHOA_S3_ENDPOINT=s3.endpoint, SOHOA_S3_ACCESS_KEY=s3.access_key,
                      SOHOA_S3_SECRET_KEY=s3.secret_key)
    from prefect import flow

    from app import bootstrap
    from app.imports import import_register
    from app.settings import load_settings
    from flows.nightly_digitization import nightly_digitization

    @flow
    def warm_up() -> None:  # start the local Prefect API before anything is timed
        pass

    warm_up()
    rows = []
    try:
        for w in counts:
            state = work / f"state-{w}"
            os.environ.update(SOHOA_WORKERS=str(w), SOHOA_STATE_DIR=str(state),
                              SOHOA_S3_BUCKET=f"bench-{w}")
            app = bootstrap.install(bootstrap.App(load_settings()))  # a new one closes the last
            import_register(app, samples / "register.csv")
            inbox = work / f"inbox-{w}"
            shutil.copytree(samples / "inbox", inbox)
            t = time.perf_counter()
            out = nightly_digitization(inbox=str(inbox))
            secs = time.perf_counter() - t
            pages = sum(r["pages"] for r in out["results"])
            rows.append((w, pages, secs, out["summary"]))
            print(f"{w} worker(s): {pages} pages in {secs:.1f} s = "
                  f"{60 * pages / secs:.1f} pages/min ({out['summary']})", flush=True)
    finally:
        bootstrap.reset()
        seaweed.stop()
        shutil.rmtree(work, ignore_errors=True)

    base = rows[0]
    head = f"vs {base[0]}"
    print(f"\n{'workers':>8} {'pages':>6} {'seconds':>8} {'pages/min':>10} {head:>7}")
    for w, pages, secs, _ in rows:
        ratio = (pages / secs) / (base[1] / base[2])
        print(f"{w:>8} {pages:>6} {secs:>8.1f} {60 * pages / secs:>10.1f} {ratio:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
