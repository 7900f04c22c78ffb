"""The report flow: the digitization report for an as-of date, stored and published."""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows import wiring
from flows.reporting import make_report, publish_rates, store_report
from pipeline.report import render_text
from sohoa.settings import load_settings


@flow(name="digitization-report")
def digitization_report(as_of: date | None = None, unit: str | None = None,
                        by: Literal["issuing", "current"] = "issuing",
                        dry_run: bool = False) -> dict:
    """Rates per level and unit against targets as of a date (default today), grouped by the
    issuing unit or the unit holding the results now; `unit`: only what that unit answers
    for. Stored in the object store (JSON and HTML, with checksums) unless `dry_run`."""
    logger = get_run_logger()
    settings = load_settings()
    report = make_report(settings, as_of, by, unit=unit)
    keys: list[str] = []
    if not dry_run:
        with wiring.object_store(settings) as cfg:
            keys = store_report(wiring.store(cfg), report)
        logger.info("report stored as %s", ", ".join(keys))
    publish_rates(report)
    text = render_text(report)
    create_markdown_artifact("```\n" + text + "```\n", key="digitization-report",
                             description=f"Digitization report as of {report.as_of}")
    logger.info("\n%s", text)
    return {"as_of": report.as_of.isoformat(), "report_keys": keys, "text": text}
