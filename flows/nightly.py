"""The nightly digitization flow. It only wires tasks together; the logic is in pipeline/."""

from __future__ import annotations

import os
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import wiring
from pipeline.errors import SohoaError
from pipeline.inbox import discover, load_manifest_text, scan_file
from pipeline.matching import parse_manifest
from pipeline.models import Outcome, ScanResult
from pipeline.process import Places, process_scan
from pipeline.report import FixityFailure, Report, build_report, render_text
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


def make_report(settings: Settings, as_of: date | None = None) -> Report:
    cat = wiring.catalogue(settings.catalogue_url)
    return build_report(cat.entries(), cat.digitized_result_ids(), as_of or date.today(),
                        settings.targets, cat.unmatched(), cat.quarantined(),
                        [FixityFailure(*f) for f in cat.fixity_failures()])


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
    with object_store(settings):
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
    counts = summarise(results)
    create_markdown_artifact(_markdown(results, report), key="digitization-run",
                             description="Files processed and the digitization report")
    logger.info("done: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return {"counts": counts, "results": [asdict(r) for r in results],
            "as_of": report.as_of.isoformat()}
