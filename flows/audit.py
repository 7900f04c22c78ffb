"""The fixity audit flow: re-read every stored object, re-hash it, compare with the catalogue."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import wiring
from flows.nightly import object_store
from pipeline.fixity import DocumentFixity, check, summary
from sohoa.settings import load_settings


@task(name="re-verify-objects", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def reverify(catalogue_url: str) -> list[DocumentFixity]:
    settings = load_settings()
    cat = wiring.catalogue(catalogue_url)
    store = wiring.store(wiring.s3_config(settings))
    return check(cat.fixity_targets(), store.sha256_of)


def problem_rows(results: list[DocumentFixity]) -> list[dict[str, str]]:
    return [{"result_id": r.result_id or "(unmatched)", "file": r.source_name, "key": c.key,
             "status": c.status, "expected_sha256": c.expected, "found_sha256": c.found or ""}
            for r in results for c in r.problems]


@flow(name="fixity-audit")
def fixity_audit() -> dict:
    """Re-read every stored object and compare its SHA-256 with the catalogue. A document with
    a missing or altered object stops counting as digitized until an audit finds it whole."""
    logger = get_run_logger()
    settings = load_settings()
    with object_store(settings):
        results = reverify(settings.catalogue_url)
    wiring.catalogue(settings.catalogue_url).record_fixity(results, flow_run.get_id())
    totals, problems = summary(results), problem_rows(results)
    for p in problems:
        logger.error("%s (%s): %s is %s", p["result_id"], p["file"], p["key"], p["status"])
    create_table_artifact(problems or [{"status": "all objects intact"}], key="fixity-audit",
                          description="Objects missing or altered")
    create_markdown_artifact(
        "## Fixity audit\n\n" + "\n".join(f"- {k}: {v}" for k, v in totals.items()),
        key="fixity-audit-summary", description="Fixity audit totals")
    logger.info("audit: %s", ", ".join(f"{k} {v}" for k, v in totals.items()))
    return {"summary": totals, "problems": problems}
