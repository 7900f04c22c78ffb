"""The digitization report as the flows make it: counted in the database, stored in the
object store with its checksum, published as Prefect artifacts."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime

from prefect.artifacts import create_table_artifact

from flows import wiring
from pipeline.report import FixityFailure, Report, render_json, report_from_counts
from pipeline.report_formats import SUMMARY_COLUMNS, render_html, summary_rows
from pipeline.units import scope
from sohoa.settings import Settings


def make_report(settings: Settings, as_of: date | None = None, by: str = "issuing",
                drilldown: bool = True, unit: str | None = None) -> Report:
    """Counted in the database. ``by="current"``: results under the unit holding them on the
    as-of date; ``drilldown=False`` leaves out the per-field and per-procedure counts and the
    list of missing results (the terminal table does not show them); ``unit``: only the
    results that unit answers for (its own, those of units under it and of units it took
    over)."""
    cat = wiring.catalogue(settings.catalogue_url)
    as_of = as_of or date.today()
    units = cat.units() if by == "current" or unit else {}
    only = scope(unit, units) if unit else None
    unit_counts, excluded = cat.rate_counts(as_of, "unit", only)
    report = report_from_counts(
        as_of, unit_counts, excluded, settings.targets_for(as_of.year),
        field_counts=cat.rate_counts(as_of, "field", only)[0] if drilldown else (),
        procedure_counts=cat.rate_counts(as_of, "procedure", only)[0] if drilldown else (),
        missing_entries=cat.missing_entries(as_of, only) if drilldown else (),
        unmatched=cat.unmatched(), quarantined=cat.quarantined(),
        fixity_failed=[FixityFailure(*f) for f in cat.fixity_failures()],
        units=units if by == "current" else None)
    return replace(report, scope=unit or "")


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


def publish_rates(report: Report) -> None:
    create_table_artifact(
        [dict(zip(SUMMARY_COLUMNS, r, strict=True)) for r in summary_rows(report)],
        key="digitization-rates",
        description=f"Rates per level and unit, {report.as_of}"
                    + (f", unit {report.scope}" if report.scope else ""))
