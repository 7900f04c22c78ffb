"""The digitization report as the commands and flows make it: counted in the database, stored
in the object store with its checksum."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TextIO

from app.bootstrap import App
from pipeline.errors import NotFound, StorageError
from pipeline.flow import Flow, count_flow
from pipeline.intake import LABELS
from pipeline.ports import ObjectStore
from pipeline.render import RENDERERS
from pipeline.render.tables import MISSING, missing_row, write_csv
from pipeline.report import FixityFailure, HeldDocument, Report, report_from_counts
from pipeline.submission import Submission, differences, figures, figures_sha256
from pipeline.units import scope

#: what each run and report flow stores beside the figures
STORED_FORMATS = ("json", "html")


def make_report(app: App, as_of: date | None = None, by: str = "issuing",
                drilldown: bool = True, unit: str | None = None,
                known_at: datetime | None = None) -> Report:
    """Counted in the database. ``by="current"``: results under the unit holding them on the
    as-of date; ``drilldown=False`` leaves out the per-field and per-procedure counts and the
    list of missing results; ``unit``: only the results that unit answers for (its own, those
    of units under it and of units it took over); ``known_at``: with what the catalogue knew
    then (a submitted report reproduced)."""
    cat = app.catalogue
    as_of = as_of or app.settings.today()  # the desk's date, not the server's UTC one
    units = cat.units() if by == "current" or unit else {}
    only = scope(unit, units) if unit else None
    unit_counts, excluded = cat.rate_counts(as_of, "unit", only, known_at)
    shown = app.settings.report_missing_shown
    report = report_from_counts(
        as_of, unit_counts, excluded, app.settings.targets_for(as_of.year),
        field_counts=cat.rate_counts(as_of, "field", only, known_at)[0] if drilldown else (),
        procedure_counts=(cat.rate_counts(as_of, "procedure", only, known_at)[0]
                          if drilldown else ()),
        missing_entries=(cat.missing_entries(as_of, only, known_at, limit=shown)
                         if drilldown else ()),
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
    # every valid result without a counted scan is missing one: the levels' figures say how
    # many, whatever the list shows
    missing_total = sum(lv.tally.valid - lv.tally.digitized for lv in report.levels)
    return replace(report, scope=unit or "", held=held,
                   missing_total=missing_total if drilldown else None,
                   findings=finding_counts(cat.documents_with_findings()),
                   flow=make_flow(app, as_of.replace(day=1), as_of, as_of, only))


def write_missing(app: App, out: TextIO, as_of: date | None = None,
                  unit: str | None = None) -> int:
    """Every valid result still missing a scan as CSV, written as the database gives them
    (millions are not held); how many."""
    as_of = as_of or app.settings.today()
    only = scope(unit, app.catalogue.units()) if unit else None
    return write_csv(out, MISSING, (missing_row(e) for e in
                                    app.catalogue.each_missing(as_of, only)))


def make_flow(app: App, start: date, end: date, as_of: date | None = None,
              units=None) -> Flow:
    """The results issued from ``start`` to ``end`` and how many were digitized within
    ``flow_days`` of their issue (by the end of ``as_of``, default ``end``); ``units``: only
    theirs."""
    rows, names = app.catalogue.flow_rows(start, end, as_of or end, units)
    return count_flow(rows, names, start, end, app.settings.flow_days)


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


# --- submitted reports ----------------------------------------------------------------------
#: what a submission stores beside its manifest
SUBMITTED_FORMATS = ("json", "html", "xlsx")


@dataclass(frozen=True)
class Submitted:
    submission: Submission
    keys: list[str]
    signed: bool
    report: Report


@dataclass(frozen=True)
class Reproduction:
    submission: Submission
    same: bool
    figures_sha256: str          # recomputed now
    differences: list[str]
    stored: list[str]            # one line per stored file: intact or not
    signature: str               # the manifest's signature checked, or why there is none
    changed_rows: tuple[int, list[str]]


def submit_report(app: App, as_of: date | None, by: str = "issuing",
                  unit: str | None = None, actor: str = "") -> Submitted:
    """The report frozen: JSON, HTML and XLSX stored in the archive (never overwritten) under
    reports/submitted/<id>/, with a manifest (the as-of date, who submitted it and when, the
    catalogue's high-water marks, the figures and their SHA-256, each file's SHA-256) signed
    by the digitizing unit when signing is on; recorded in the catalogue with an audit
    event."""
    from storage.signing import sign_data

    now = app.catalogue.clock()  # full precision: what was known up to this instant
    report = make_report(app, as_of, by, unit=unit)
    data = figures(report)
    digest = figures_sha256(data)
    ident = f"BC-{now:%Y%m%d-%H%M%S}-{digest[:8]}"
    base = f"reports/submitted/{ident}/"
    files = {f"bao-cao-{report.as_of.isoformat()}.{RENDERERS[f].suffix}": RENDERERS[f]
             for f in SUBMITTED_FORMATS}
    manifest: dict = {
        "id": ident, "as_of": report.as_of.isoformat(), "grouping": report.grouping,
        "unit": unit or "", "submitted_at": now.isoformat(), "submitted_by": actor,
        "digitizing_unit": app.settings.signing_unit,
        "inputs": app.catalogue.inputs_known(), "figures_sha256": digest, "figures": data,
        "files": {}}
    keys = []
    with app.object_store() as store:
        for name, r in files.items():
            body = r.render(report)
            raw = body if isinstance(body, bytes) else body.encode("utf-8")
            sha = hashlib.sha256(raw).hexdigest()
            store.put_verified(base + name, raw, sha, r.media_type)
            manifest["files"][name] = sha
            keys.append(base + name)
        raw = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        manifest_sha = hashlib.sha256(raw).hexdigest()
        store.put_verified(base + "manifest.json", raw, manifest_sha, "application/json")
        keys.append(base + "manifest.json")
        signer = app.signer()
        if signer is not None:
            sig = sign_data(signer, raw)
            store.put_verified(base + "manifest.json.p7s", sig,
                               hashlib.sha256(sig).hexdigest(), "application/pkcs7-signature")
            keys.append(base + "manifest.json.p7s")
    sub = Submission(ident, report.as_of, report.grouping, unit or "", now, actor, digest,
                     base + "manifest.json", manifest_sha)
    app.catalogue.record_submission(sub)
    return Submitted(sub, keys, signer is not None, report)


def reproduce_report(app: App, ident: str, trusted: list | None = None,
                     actor: str = "") -> Reproduction:
    """A submitted report computed again from the catalogue with what was known when it was
    submitted (register rows first imported by then, scans counting by then), compared with
    its stored figures; its stored files and the manifest's signature checked."""
    from storage.signing import verify_data

    sub = app.catalogue.submission(ident)
    if sub is None:
        known = ", ".join(s.id for s in app.catalogue.submissions()[-5:]) or "none yet"
        raise NotFound(f"no submitted report {ident}", hint=f"submitted: {known}")
    stored, signature = [], "no signature (signing was off)"
    with app.object_store() as store:
        raw = store.read(sub.manifest_key)
        if hashlib.sha256(raw).hexdigest() != sub.manifest_sha256:
            raise StorageError(f"{sub.manifest_key} does not match its SHA-256 in the catalogue",
                               hint="run `sohoa fixity`: it puts it back from an intact copy")
        manifest = json.loads(raw)
        base = sub.manifest_key.removesuffix("manifest.json")
        for name, sha in manifest["files"].items():
            ok = store.sha256_of(base + name) == sha
            stored.append(f"{name}: {'intact' if ok else 'MISSING OR ALTERED'}")
        try:
            sig = store.read(sub.manifest_key + ".p7s")
        except StorageError:
            sig = None
    if sig is not None:
        signature = verify_data(raw, sig, trusted).line
    report = make_report(app, sub.as_of, sub.grouping, unit=sub.unit or None,
                         known_at=sub.submitted_at)
    now = figures(report)
    digest = figures_sha256(now)
    same = digest == sub.figures_sha256
    app.catalogue.record_reproduction(ident, digest, same, actor)
    return Reproduction(sub, same, digest, [] if same else differences(manifest["figures"], now),
                        stored, signature, app.catalogue.register_changed_since(sub.submitted_at))
