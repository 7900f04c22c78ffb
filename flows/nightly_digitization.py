"""The nightly digitization flow: a short recipe of named steps, wired to the adapters of the
composition root. The logic is in pipeline/ (take_in, process_scan) and app/ (reports)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import deployment, flow_run
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from app import bootstrap
from app.matching import rematch
from app.reports import make_report, store_report
from flows.artifacts import publish_dry_run, publish_rates, publish_run
from flows.limits import ensure_storage_limit, storage_gate
from flows.progress import RunProgress
from pipeline.claims import stale_here
from pipeline.errors import SohoaError, StorageError
from pipeline.matching import Manifest, read_manifest
from pipeline.models import InboxItem, Outcome, ScanResult
from pipeline.ports import Inbox
from pipeline.process import take_in
from pipeline.render.text import render_text
from pipeline.run_summary import file_line, outcome_counts, summary_groups, summary_line


def _retry_only_transient(task, task_run, state) -> bool:
    """Retry what may pass (the store or the database not answering, an OCR timeout or a
    worker process that died); a bad file or a bug would fail the same way again."""
    try:
        state.result()
    except SohoaError as exc:  # the adapters translate their libraries' errors into these
        return exc.retryable
    except (ConnectionError, TimeoutError):
        return True
    except Exception:
        return False
    return False


@task(name="process-scan", task_run_name="{item.file_name}", retries=3,
      retry_delay_seconds=exponential_backoff(backoff_factor=3), retry_jitter_factor=0.5,
      retry_condition_fn=_retry_only_transient, cache_policy=NO_CACHE)
def process_item(where: str, keep: bool, item: InboxItem, manifest: dict[str, str],
                 pooled: bool) -> ScanResult:
    """One scan from the inbox (a folder or an S3 prefix): only its reference and the small
    ScanResult pass through Prefect; pages stay inside the task."""
    app = bootstrap.current()
    result = take_in(item, app.inbox(where, keep), app.scan_file, manifest,
                     app.adapters(pooled, storage_gate), run_id=flow_run.get_id(),
                     today=app.settings.today())
    get_run_logger().info("%s", file_line(result))
    return result


def discover(inbox: Inbox) -> tuple[list[InboxItem], Manifest]:
    """The scans waiting and the manifest (an unreadable one is a warning, not the end)."""
    manifest = read_manifest(inbox.manifest_bytes())
    for warning in manifest.warnings:
        get_run_logger().warning("%s", warning)
    return inbox.items(), manifest


def prepare(app) -> None:
    """Before anything is written: the catalogue is whole, claims left by killed runs go."""
    app.catalogue.health_check()
    dropped = app.catalogue.drop_stale_claims(stale_here)
    if dropped:
        get_run_logger().info("%d claim(s) left by runs that ended removed", dropped)


def match_again(app, manifest: dict[str, str]) -> int:
    """Documents left unmatched by earlier runs matched against the register as it is now
    (it may have been imported, or a manifest row added, since): they count at once."""
    done = rematch(app, manifest, run_id=flow_run.get_id())
    if done:
        get_run_logger().info("%d document(s) unmatched before matched now: %s", len(done),
                              ", ".join(f"{r.file_name} -> {r.result_id}" for r in done))
    return len(done)


def report_and_store(app, store, as_of, unit):
    """The report, counted in the catalogue; stored unless the store does not answer (the
    figures do not depend on it: the run's summary and the report still come out). A large
    register's rate summary is made again first: the day's reports read it."""
    try:
        summed = app.catalogue.rebuild_rate_summary()
        if summed:
            get_run_logger().info("rate summary made again over %d results", summed)
    except SohoaError as exc:  # reports then count every result: slower, the same figures
        get_run_logger().warning("rate summary not made again: %s", exc)
    report = make_report(app, as_of, unit=unit)
    try:
        keys = store_report(store, report)
    except StorageError as exc:
        get_run_logger().warning("report not stored: %s", exc)
        keys = []
    return report, keys


def would_do(inbox: Inbox, items: list[InboxItem]) -> dict:
    """What a run would do with each file, without reading or moving anything."""
    cat, rows = bootstrap.current().catalogue, []
    for item in items:
        sha = inbox.sha256_of(item)
        seen = cat.outcome_of(sha) if sha else None
        rows.append({"file": item.file_name,
                     "would": f"skip (already {seen})" if seen else "digitize"})
    publish_dry_run(rows, inbox.location)
    for r in rows:
        get_run_logger().info("dry run: %s would %s", r["file"], r["would"])
    return {"dry_run": True, "files": rows}


def process_each(where: str, keep: bool, items: list[InboxItem], manifest: dict[str, str],
                 pooled: bool) -> list[ScanResult]:
    """Every item as its own task; a task that failed is a FAILED result, never the run's
    failure. Progress is published as files complete."""
    logger = get_run_logger()
    progress = RunProgress(len(items))
    futures = {process_item.submit(where, keep, item, manifest, pooled): item
               for item in items}
    results = []
    for fut in as_completed(list(futures)):
        out = fut.result(raise_on_failure=False)
        if not isinstance(out, ScanResult):
            name = futures[fut].file_name
            logger.error("%s: failed, left in the inbox for the next run: %s", name, out)
            out = ScanResult(name, "", Outcome.FAILED, message=str(out))
        results.append(out)
        progress.advance(out)
    return sorted(results, key=lambda r: r.file_name)


def default_task_runner():
    """Threads drive the files (storage and database waits overlap); the CPU work goes to the
    OCR processes (ocr/pool.py). With SOHOA_DASK_ADDRESS the tasks run on that Dask cluster."""
    settings = bootstrap.current().settings
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    return ThreadPoolTaskRunner(max_workers=settings.ocr_processes + 2)


@flow(name="nightly-digitization", task_runner=default_task_runner())
def nightly_digitization(
    inbox: str | None = None, unit: str | None = None, as_of: date | None = None,
    dry_run: bool = False, keep_inbox: bool | None = None,
) -> dict:
    """Digitize every scan in the inbox (a folder, or s3://bucket/prefix), then report rates
    per level against targets (for one unit and those it answers for, with `unit`).
    `dry_run`: list what would be done; nothing is read, stored or moved."""
    logger = get_run_logger()
    app = bootstrap.current()
    settings = app.settings
    app.check_ocr()  # Tesseract and its data, before any file is touched
    where = app.inbox_location(inbox)
    if deployment.get_id():  # parameters from the API: only the inbox roots
        app.check_inbox_allowed(where)
    keep = settings.keep_inbox if keep_inbox is None else keep_inbox
    pooled = not settings.dask_address
    _ = app.catalogue  # tables made once, before the tasks start
    ensure_storage_limit(settings.storage_concurrency)
    with app.object_store() as store:
        source = app.inbox(where, keep)
        items, manifest = discover(source)
        logger.info("%d file(s) in %s", len(items), source.location)
        if dry_run:
            return would_do(source, items)
        prepare(app)
        results = process_each(where, keep, items, manifest.rows, pooled)
        rematched = match_again(app, manifest.rows)
        report, keys = report_and_store(app, store, as_of, unit)
    if keys:
        logger.info("report stored as %s", ", ".join(keys))
    groups = summary_groups(results)
    publish_rates(report)
    publish_run(results, groups, render_text(report))
    message = summary_line(groups)
    logger.info("done: %s", message)
    summary = {"counts": outcome_counts(results), "summary": groups,
               "results": [asdict(r) for r in results], "as_of": report.as_of.isoformat(),
               "report_keys": keys, "warnings": list(manifest.warnings),
               "rematched": rematched}
    return Completed(message=message, data=summary)
