"""The nightly digitization flow. It only wires tasks together; the logic is in pipeline/."""

from __future__ import annotations

import shutil
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from datetime import date
from pathlib import Path, PurePosixPath

import sqlalchemy.exc
import urllib3
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectNotFound
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows import wiring
from flows.progress import RunProgress
from flows.reporting import make_report, publish_rates, store_report
from flows.wiring import object_store
from pipeline.errors import SohoaError
from pipeline.inbox import discover, load_manifest_text, scan_file, sha256_file
from pipeline.matching import parse_manifest
from pipeline.models import Outcome, ScanResult
from pipeline.process import Places, process_scan
from pipeline.report import Report, render_text
from sohoa.settings import Settings, load_settings
from storage.inbox_s3 import S3Inbox

STORAGE_LIMIT = "sohoa-storage"


# the network, the store or the database not answering; an OCR worker process that died
TRANSIENT = (ConnectionError, TimeoutError, urllib3.exceptions.HTTPError, BrokenProcessPool,
             sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)


def _retry_only_transient(task, task_run, state) -> bool:
    """Retry what may pass (the store or the database not answering, an OCR timeout); a bad
    file or a bug would fail the same way again."""
    try:
        state.result()
    except SohoaError as exc:
        return exc.retryable
    except sqlalchemy.exc.DBAPIError as exc:
        return exc.connection_invalidated or isinstance(exc, TRANSIENT)
    except TRANSIENT:
        return True
    except Exception:
        return False
    return False


def storage_gate():
    """At most `storage_concurrency` files write to the store and the catalogue at once, over
    every run and worker (a Prefect global concurrency limit; not enforced if absent)."""
    return concurrency(STORAGE_LIMIT, occupy=1, strict=False)


def ensure_storage_limit(limit: int) -> None:
    """Create the global concurrency limit if the server has none by that name yet (an
    operator's change of an existing limit, in the UI, is kept)."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(STORAGE_LIMIT)
        except ObjectNotFound:
            client.upsert_global_concurrency_limit_by_name(STORAGE_LIMIT, limit)


def _process(scan, manifest, keep_inbox, pooled, settings) -> ScanResult:
    return process_scan(
        scan, manifest,
        ocr=wiring.engine(settings, pooled),
        store=wiring.store(wiring.s3_config(settings)),
        catalogue=wiring.catalogue(settings.catalogue_url),
        places=Places(settings.quarantine_dir, settings.processed_dir, keep_inbox),
        run_id=str(flow_run.id) if flow_run.id else None,
        lease_seconds=settings.claim_lease_seconds,
        gate=storage_gate,
    )


@task(name="process-scan", task_run_name="{name}", retries=3,
      retry_delay_seconds=exponential_backoff(backoff_factor=3), retry_jitter_factor=0.5,
      retry_condition_fn=_retry_only_transient, cache_policy=NO_CACHE)
def process_file(inbox: str, ref: str, name: str, manifest: dict[str, str], keep_inbox: bool,
                 pooled: bool) -> ScanResult:
    """One scan, from a folder (ref: its path) or an S3 inbox (ref: its key). Only references
    and the small ScanResult pass through Prefect; pages stay inside the task."""
    logger = get_run_logger()
    settings = load_settings()
    if is_s3(inbox):
        source = S3Inbox.at(inbox, wiring.s3_config(settings))
        try:
            path = source.fetch(ref, settings.staging_dir)
        except FileNotFoundError:  # another run took it and set it aside meanwhile
            return ScanResult(name, "", Outcome.BUSY, message="taken by another run")
        try:
            result = _process(scan_file(path), manifest, False, pooled, settings)
            moved = source.set_aside(ref, result.outcome, result.message, date.today())
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        if moved:
            logger.info("%s: moved to s3://%s/%s", name, source.store.bucket, moved)
    else:
        try:
            scan = scan_file(Path(ref))
        except FileNotFoundError:  # another run took it and set it aside meanwhile
            return ScanResult(name, "", Outcome.BUSY, message="taken by another run")
        result = _process(scan, manifest, keep_inbox, pooled, settings)
    logger.info("%s: %s%s%s", name, result.outcome.value,
                f" as {result.result_id}" if result.result_id else "",
                f" ({result.message})" if result.message and not result.result_id else "")
    return result


def summarise(results: list[ScanResult]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for r in results:
        counts[r.outcome.value] += 1
    return counts


def summary_groups(results: list[ScanResult]) -> dict[str, int]:
    """done (archived or unmatched), skipped (already done, or another run's), quarantined,
    failed."""
    groups = dict.fromkeys(("done", "skipped", "quarantined", "failed"), 0)
    for r in results:
        groups[r.outcome.group] += 1
    return groups


def _markdown(results: list[ScanResult], report: Report, groups: dict[str, int]) -> str:
    rows = "\n".join(f"| {r.name} | {r.outcome.value} | {r.result_id or ''} | {r.pages} | "
                     f"{'' if r.confidence is None else r.confidence} | {r.message} |"
                     for r in results)
    return ("## Summary\n\n" + "\n".join(f"- {k}: {v}" for k, v in groups.items())
            + "\n\n## Files\n\n| file | outcome | result id | pages | OCR conf. | note |\n"
            "|---|---|---|---|---|---|\n" + rows + "\n\n## Report\n\n```\n"
            + render_text(report) + "```\n")


def is_s3(inbox: str) -> bool:
    return inbox.startswith("s3://")


def inbox_items(inbox: str, settings: Settings) -> tuple[list[tuple[str, str]], str]:
    """(reference, name) of every scan waiting, and the manifest's text."""
    if is_s3(inbox):
        source = S3Inbox.at(inbox, wiring.s3_config(settings))
        return ([(k, PurePosixPath(k).name) for k in source.items()], source.manifest_text())
    folder = Path(inbox)
    files = discover(folder, settings.inbox_settle_seconds)
    return [(str(p), p.name) for p in files], load_manifest_text(folder)


def dry_run_rows(items: list[tuple[str, str]], inbox: str, settings: Settings) -> list[dict]:
    """What a run would do with each file, without reading or moving anything."""
    cat = wiring.catalogue(settings.catalogue_url)
    rows = []
    for ref, name in items:
        if is_s3(inbox):
            rows.append({"file": name, "would": "digitize"})
            continue
        seen = cat.outcome_of(sha256_file(Path(ref)))
        rows.append({"file": name, "would": f"skip (already {seen})" if seen else "digitize"})
    return rows


def default_task_runner():
    """Threads drive the files (storage and database waits overlap); the CPU work goes to the
    OCR processes (ocr/pool.py). With SOHOA_DASK_ADDRESS the tasks run on that Dask cluster."""
    settings = Settings()
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
    settings = load_settings()
    wiring.engine(settings).check()  # Tesseract and its data, before any file is touched
    where = inbox or settings.s3_inbox or str(settings.inbox_dir)
    where = where if is_s3(where) else str(Path(where).expanduser().resolve())
    keep = settings.keep_inbox if keep_inbox is None else keep_inbox
    pooled = not settings.dask_address
    wiring.catalogue(settings.catalogue_url)  # tables made once, before the tasks start
    ensure_storage_limit(settings.storage_concurrency)
    with object_store(settings) as cfg:
        items, manifest_text = inbox_items(where, settings)
        manifest = parse_manifest(manifest_text)
        logger.info("%d file(s) in %s", len(items), where)
        if dry_run:
            rows = dry_run_rows(items, where, settings)
            create_table_artifact(rows or [{"file": "(inbox empty)", "would": ""}],
                                  key="nightly-dry-run", description=f"Dry run on {where}")
            for r in rows:
                logger.info("dry run: %s would %s", r["file"], r["would"])
            return {"dry_run": True, "files": rows}
        progress = RunProgress(len(items))
        futures = {process_file.submit(where, ref, name, manifest, keep, pooled): name
                   for ref, name in items}
        results = []
        for fut in as_completed(list(futures)):
            out = fut.result(raise_on_failure=False)
            if not isinstance(out, ScanResult):
                name = futures[fut]
                logger.error("%s: failed, left in the inbox for the next run: %s", name, out)
                out = ScanResult(name, "", Outcome.FAILED, message=str(out))
            results.append(out)
            progress.advance(out)
        results.sort(key=lambda r: r.name)
        report = make_report(settings, as_of, unit=unit)
        keys = store_report(wiring.store(cfg), report)
    counts, groups = summarise(results), summary_groups(results)
    logger.info("report stored as %s", ", ".join(keys))
    publish_rates(report)
    create_table_artifact(
        [{"file": r.name, "outcome": r.outcome.value, "result_id": r.result_id or "",
          "pages": r.pages, "note": r.message} for r in results] or [{"file": "(none)"}],
        key="nightly-files", description="Every file of the run and what became of it")
    create_markdown_artifact(_markdown(results, report, groups), key="digitization-run",
                             description="Files processed and the digitization report")
    message = ", ".join(f"{k} {v}" for k, v in groups.items())
    logger.info("done: %s", message)
    summary = {"counts": counts, "summary": groups, "results": [asdict(r) for r in results],
               "as_of": report.as_of.isoformat(), "report_keys": keys}
    return Completed(message=message, data=summary)
