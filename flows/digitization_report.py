"""The report flow: the digitization report for an as-of date, stored and published."""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect import flow, get_run_logger

from app import bootstrap
from app.reports import make_report, store_report
from flows.artifacts import publish_rates, publish_report_text
from pipeline.render.text import render_text


@flow(name="digitization-report")
def digitization_report(as_of: date | None = None, unit: str | None = None,
                        by: Literal["issuing", "current"] = "issuing",
                        dry_run: bool = False) -> dict:
    """Rates per level and unit against targets as of a date (default today), grouped by the
    issuing unit or the unit holding the results now; `unit`: only what that unit answers
    for. Stored in the object store (JSON and HTML, with checksums) unless `dry_run`."""
    logger = get_run_logger()
    app = bootstrap.current()
    report = make_report(app, as_of, by, unit=unit)
    keys: list[str] = []
    if not dry_run:
        with app.object_store() as store:
            keys = store_report(store, report)
        logger.info("report stored as %s", ", ".join(keys))
    publish_rates(report)
    text = render_text(report)
    publish_report_text(text, report.as_of)
    logger.info("\n%s", text)
    return {"as_of": report.as_of.isoformat(), "report_keys": keys, "text": text}
