"""The digitization report as the commands and flows make it: counted in the database, stored
in the object store with its checksum."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime

from app.bootstrap import App
from pipeline.intake import LABELS
from pipeline.ports import ObjectStore
from pipeline.render import RENDERERS
from pipeline.report import FixityFailure, HeldDocument, Report, report_from_counts
from pipeline.units import scope

#: what each run and report flow stores beside the figures
STORED_FORMATS = ("json", "html")


def make_report(app: App, as_of: date | None = None, by: str = "issuing",
                drilldown: bool = True, unit: str | None = None) -> Report:
    """Counted in the database. ``by="current"``: results under the unit holding them on the
    as-of date; ``drilldown=False`` leaves out the per-field and per-procedure counts and the
    list of missing results; ``unit``: only the results that unit answers for (its own, those
    of units under it and of units it took over)."""
    cat = app.catalogue
    as_of = as_of or app.settings.today()  # the desk's date, not the server's UTC one
    units = cat.units() if by == "current" or unit else {}
    only = scope(unit, units) if unit else None
    unit_counts, excluded = cat.rate_counts(as_of, "unit", only)
    report = report_from_counts(
        as_of, unit_counts, excluded, app.settings.targets_for(as_of.year),
        field_counts=cat.rate_counts(as_of, "field", only)[0] if drilldown else (),
        procedure_counts=cat.rate_counts(as_of, "procedure", only)[0] if drilldown else (),
        missing_entries=cat.missing_entries(as_of, only) if drilldown else (),
        unmatched=cat.unmatched(), quarantined=cat.quarantined(),
        fixity_failed=[FixityFailure(*f) for f in cat.fixity_failures()],
        units=units if by == "current" else None)
    held = [HeldDocument(d.result_id, d.file_name, d.page_range, d.hold_reason)
            for d in cat.held_documents()]
    if not app.settings.count_flagged:  # matched, but not counted until a person looks
        held += [HeldDocument(d.result_id, d.file_name, d.page_range,
                              f"{d.review_pages} trang cần kiểm tra (page(s) flagged for "
                              "review)")
                 for d in cat.flagged_documents() if not d.held and d.result_id]
    held = tuple(held)
    return replace(report, scope=unit or "", held=held,
                   findings=finding_counts(cat.documents_with_findings()))


def finding_counts(documents) -> tuple[tuple[str, int], ...]:
    """Pages per intake finding code, over the stored documents, in the checks' order."""
    counts = Counter(f.split(":")[0].split()[-1] for d in documents for f in d.findings)
    return tuple((code, counts[code]) for code in LABELS if counts[code])


def store_report(store: ObjectStore, report: Report) -> list[str]:
    """The report as JSON and HTML under reports/<as-of>/, each with its SHA-256 (metadata,
    checked on read-back)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    keys = []
    for fmt in STORED_FORMATS:
        r = RENDERERS[fmt]
        body = r.render(report)
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        key = f"reports/{report.as_of.isoformat()}/bao-cao-so-hoa-{stamp}.{r.suffix}"
        store.put_verified(key, data, hashlib.sha256(data).hexdigest(), r.media_type)
        keys.append(key)
    return keys
