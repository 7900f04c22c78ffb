"""The fixity audit flow: re-read every stored object, re-hash it, compare with the catalogue."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import wiring
from flows.wiring import object_store
from pipeline.fixity import DocumentFixity, check, summary
from pipeline.units import scope
from sohoa.settings import load_settings


@task(name="re-verify-objects", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def reverify(catalogue_url: str, unit: str | None = None) -> list[DocumentFixity]:
    settings = load_settings()
    cat = wiring.catalogue(catalogue_url)
    store = wiring.store(wiring.s3_config(settings))
    only = scope(unit, cat.units()) if unit else None
    return check(cat.fixity_targets(only), store.sha256_of)


def problem_rows(results: list[DocumentFixity]) -> list[dict[str, str]]:
    return [{"result_id": r.result_id or "(unmatched)", "file": r.source_name, "key": c.key,
             "status": c.status, "expected_sha256": c.expected, "found_sha256": c.found or ""}
            for r in results for c in r.problems]


@flow(name="fixity-audit")
def fixity_audit(unit: str | None = None, dry_run: bool = False) -> dict:
    """Re-read every stored object and compare its SHA-256 with the catalogue. A document with
    a missing or altered object stops counting as digitized until an audit finds it whole.
    `unit`: only the scans of results that unit answers for. `dry_run`: check and report, but
    record nothing (no status change, no audit events)."""
    logger = get_run_logger()
    settings = load_settings()
    with object_store(settings):
        results = reverify(settings.catalogue_url, unit)
    if not dry_run:
        wiring.catalogue(settings.catalogue_url).record_fixity(results, flow_run.get_id())
    totals, problems = summary(results), problem_rows(results)
    for p in problems:
        logger.error("%s (%s): %s is %s", p["result_id"], p["file"], p["key"], p["status"])
    create_table_artifact(problems or [{"status": "all objects intact"}], key="fixity-audit",
                          description="Objects missing or altered")
    create_markdown_artifact(
        "## Fixity audit" + (" (dry run: nothing recorded)" if dry_run else "") + "\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in totals.items()),
        key="fixity-audit-summary", description="Fixity audit totals")
    logger.info("audit: %s", ", ".join(f"{k} {v}" for k, v in totals.items()))
    return {"summary": totals, "problems": problems, "dry_run": dry_run}
