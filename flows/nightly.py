"""The nightly digitization flow. It only wires tasks together; the logic is in pipeline/."""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import wiring
from pipeline.errors import SohoaError
from pipeline.inbox import discover, load_manifest_text, scan_file
from pipeline.matching import parse_manifest
from pipeline.models import Outcome, ScanResult
from pipeline.process import Places, process_scan
from pipeline.report import (
    FixityFailure,
    Report,
    render_json,
    render_text,
    report_from_counts,
)
from pipeline.report_formats import SUMMARY_COLUMNS, render_html, summary_rows
from sohoa.settings import Settings, load_settings
from storage.seaweed import embedded_store


@contextmanager
def object_store(settings: Settings):
    """The configured S3 store, or the embedded SeaweedFS for the length of the run."""
    ctx = (nullcontext() if settings.s3_endpoint
           else embedded_store(settings.seaweed_dir, settings.s3_bucket))
    with ctx:
        yield wiring.s3_config(settings)


def _retry_only_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except SohoaError as exc:
        return exc.retryable
    except Exception:
        return True
    return False


@task(name="process-scan", task_run_name="process {path}", retries=2,
      retry_delay_seconds=[2, 10], retry_condition_fn=_retry_only_transient,
      cache_policy=NO_CACHE)
def process_file(path: str, manifest: dict[str, str], keep_inbox: bool) -> ScanResult:
    settings = load_settings()
    run_id = str(flow_run.id) if flow_run.id else None
    scan = scan_file(Path(path))
    return process_scan(
        scan, manifest,
        ocr=wiring.engine(settings),
        store=wiring.store(wiring.s3_config(settings)),
        catalogue=wiring.catalogue(settings.catalogue_url),
        places=Places(settings.quarantine_dir, settings.processed_dir, keep_inbox),
        run_id=run_id,
    )


def make_report(settings: Settings, as_of: date | None = None, by: str = "issuing",
                drilldown: bool = True) -> Report:
    """Counted in the database. ``by="current"``: results under the unit holding them on the
    as-of date; ``drilldown=False`` leaves out the per-field and per-procedure counts and the
    list of missing results (the terminal table does not show them)."""
    cat = wiring.catalogue(settings.catalogue_url)
    as_of = as_of or date.today()
    unit_counts, excluded = cat.rate_counts(as_of, "unit")
    return report_from_counts(
        as_of, unit_counts, excluded, settings.targets_for(as_of.year),
        field_counts=cat.rate_counts(as_of, "field")[0] if drilldown else (),
        procedure_counts=cat.rate_counts(as_of, "procedure")[0] if drilldown else (),
        missing_entries=cat.missing_entries(as_of) if drilldown else (),
        unmatched=cat.unmatched(), quarantined=cat.quarantined(),
        fixity_failed=[FixityFailure(*f) for f in cat.fixity_failures()],
        units=cat.units() if by == "current" else None)


def store_report(store, report: Report) -> list[str]:
    """The report as JSON and HTML under reports/<as-of>/, each with its SHA-256 (metadata,
    checked on read-back)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    keys = []
    for ext, body, media in (("json", render_json(report), "application/json"),
                             ("html", render_html(report), "text/html; charset=utf-8")):
        data = body.encode("utf-8")
        key = f"reports/{report.as_of.isoformat()}/bao-cao-so-hoa-{stamp}.{ext}"
        store.put_verified(key, data, hashlib.sha256(data).hexdigest(), media)
        keys.append(key)
    return keys


def summarise(results: list[ScanResult]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for r in results:
        counts[r.outcome.value] += 1
    return counts


def _markdown(results: list[ScanResult], report: Report) -> str:
    rows = "\n".join(f"| {r.name} | {r.outcome.value} | {r.result_id or ''} | {r.pages} | "
                     f"{'' if r.confidence is None else r.confidence} | {r.message} |"
                     for r in results)
    return ("## Files\n\n| file | outcome | result id | pages | OCR conf. | note |\n"
            "|---|---|---|---|---|---|\n" + rows + "\n\n## Report\n\n```\n"
            + render_text(report) + "```\n")


# Threads suffice here: Tesseract runs as a subprocess per page, so pages overlap on all cores.
@flow(name="nightly-digitization",
      task_runner=ThreadPoolTaskRunner(max_workers=max(1, os.cpu_count() or 1)))
def nightly_digitization(
    inbox: str | None = None, keep_inbox: bool | None = None, as_of: date | None = None,
) -> dict:
    """Digitize every scan in the inbox, then report rates per level against targets."""
    logger = get_run_logger()
    settings = load_settings()
    wiring.engine(settings).check()  # Tesseract and its data, before any file is touched
    folder = Path(inbox).resolve() if inbox else settings.inbox_dir
    keep = settings.keep_inbox if keep_inbox is None else keep_inbox
    files = discover(folder, settings.inbox_settle_seconds)
    manifest = parse_manifest(load_manifest_text(folder))
    logger.info("%d file(s) in %s", len(files), folder)
    with object_store(settings) as cfg:
        futures = [process_file.submit(str(p), manifest, keep) for p in files]
        results = []
        for path, fut in zip(files, futures, strict=True):
            out = fut.result(raise_on_failure=False)
            if isinstance(out, ScanResult):
                results.append(out)
            else:
                logger.error("%s: failed, left in the inbox for the next run: %s",
                             path.name, out)
                results.append(ScanResult(path.name, "", Outcome.FAILED, message=str(out)))
        report = make_report(settings, as_of)
        keys = store_report(wiring.store(cfg), report)
    counts = summarise(results)
    logger.info("report stored as %s", ", ".join(keys))
    create_table_artifact(
        [dict(zip(SUMMARY_COLUMNS, r, strict=True)) for r in summary_rows(report)],
        key="digitization-rates", description=f"Rates per level and unit, {report.as_of}")
    create_markdown_artifact(_markdown(results, report), key="digitization-run",
                             description="Files processed and the digitization report")
    logger.info("done: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return {"counts": counts, "results": [asdict(r) for r in results],
            "as_of": report.as_of.isoformat()}
