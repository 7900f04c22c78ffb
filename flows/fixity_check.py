"""The fixity check flow: re-read every stored object, re-hash it, compare with the catalogue."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from app import bootstrap
from flows.artifacts import publish_fixity
from pipeline.fixity import DocumentFixity, check, problem_rows, summary
from pipeline.units import scope


@task(name="re-verify-objects", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def reverify(unit: str | None = None) -> list[DocumentFixity]:
    app = bootstrap.current()
    cat = app.catalogue
    only = scope(unit, cat.units()) if unit else None
    return check(cat.fixity_targets(only), {name: store.sha256_of
                                            for name, store in app.copies().items()})


@task(name="restore-from-intact-copies", cache_policy=NO_CACHE)
def restore_damaged(results: list[DocumentFixity]) -> list[DocumentFixity]:
    from app.repair import restore_from_copies

    return restore_from_copies(bootstrap.current(), results)


@flow(name="fixity-check")
def fixity_check(unit: str | None = None, dry_run: bool = False) -> dict:
    """Re-read every stored object in every copy of the archive and compare its SHA-256
    with the catalogue. An object damaged in one copy is put back from an intact one (the
    other copy, or an earlier version the store kept), and the event recorded. A document
    with an object left missing or altered stops counting as digitized until a check finds it
    whole. `unit`: only the scans of results that unit answers for. `dry_run`: check and
    report, but put nothing back and record nothing (no status change, no audit events)."""
    logger = get_run_logger()
    app = bootstrap.current()
    with app.object_store():
        results = reverify(unit)
        if not dry_run and any(r.problems for r in results):
            results = restore_damaged(results)
    if not dry_run:
        app.catalogue.record_fixity(results, flow_run.get_id())
    totals, problems = summary(results), problem_rows(results)
    for p in problems:
        where = f"{p['key']} ({p['copy']} copy)"
        if p["restored_from"]:
            logger.warning("%s (%s): %s was %s; put back from %s", p["result_id"], p["file"],
                           where, p["found"], p["restored_from"])
        else:
            logger.error("%s (%s): %s is %s", p["result_id"], p["file"], where, p["status"])
    publish_fixity(problems, totals, dry_run)
    logger.info("fixity check: %s", ", ".join(f"{k} {v}" for k, v in totals.items()))
    return {"summary": totals, "problems": problems, "dry_run": dry_run}
