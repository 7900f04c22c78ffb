"""The procedure one scan goes through. Adapters come in as arguments; no framework here.

`take_in` is one inbox item's whole way: stage it, `process_scan` it, let the inbox settle it.
`process_scan` touches no file: known? -> read and OCR -> match -> store original, text and
archival copy (each verified) -> catalogue (one transaction) -> the outcome.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.claims import ClaimedElsewhere, held, owner_id
from pipeline.errors import BadInputError
from pipeline.keys import archive_keys
from pipeline.matching import match_result_id
from pipeline.models import InboxItem, Outcome, ScanFile, ScanResult
from pipeline.pages import mean_confidence, page_text_document
from pipeline.ports import Catalogue, Inbox, ObjectStore, OcrEngine
from pipeline.repair import restore

log = logging.getLogger("sohoa.process")

MEDIA_TYPES = {
    ".pdf": "application/pdf", ".tif": "image/tiff", ".tiff": "image/tiff",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
}


@dataclass(frozen=True)
class Adapters:
    """What process_scan works with, built by the composition root."""

    ocr: OcrEngine
    store: ObjectStore
    catalogue: Catalogue
    lease_seconds: float = 300.0
    #: around the writes to the store and the catalogue: a limited number of writers at once
    gate: Callable[[], AbstractContextManager] = field(default=nullcontext)


def take_in(item: InboxItem, inbox: Inbox, scan_of: Callable[[Path], ScanFile],
            manifest: dict[str, str], adapters: Adapters, run_id: str | None = None,
            today: date | None = None) -> ScanResult:
    """Stage the item, process it, settle it in the inbox by its outcome."""
    today = today or date.today()
    with inbox.stage(item) as path:
        if path is None:  # another run took it and set it aside meanwhile
            return ScanResult(item.file_name, "", Outcome.BUSY, message="taken by another run")
        scan = scan_of(path)
        result = process_scan(scan, manifest, adapters, run_id)
        where = inbox.settle(item, scan, result, today)
    if where and result.outcome == Outcome.QUARANTINED:
        adapters.catalogue.place_quarantined(scan.sha256, where)
    if where:
        log.info("%s: moved to %s", item.file_name, where)
    return result


def process_scan(scan: ScanFile, manifest: dict[str, str], adapters: Adapters,
                 run_id: str | None = None, owner: str | None = None) -> ScanResult:
    """Claim the scan (see claims.py), then archive it. A scan another live run holds is left
    to that run (Outcome.BUSY); one that a file of this same run holds (the same content
    handed in twice) is waited for, then found a duplicate."""
    run = owner_id(run_id)
    me = owner or f"{run}:{secrets.token_hex(4)}"  # each file its own claim, even in one run
    deadline = time.monotonic() + adapters.lease_seconds
    while True:
        try:
            with held(adapters.catalogue, scan.sha256, me, adapters.lease_seconds,
                      scan.file_name):
                return _archive(scan, manifest, adapters, run_id)
        except ClaimedElsewhere as exc:
            if exc.owner.startswith(f"{run}:") and time.monotonic() < deadline:
                time.sleep(0.5)  # a twin in this run: wait for it to finish
                continue
            log.info("%s: %s, left to it", scan.file_name, exc)
            return ScanResult(scan.file_name, scan.sha256, Outcome.BUSY, message=str(exc))


def _repaired(scan: ScanFile, adapters: Adapters, run_id: str | None) -> str:
    """The original handed in again for a document a fixity check found damaged: its objects
    are put back from it."""
    doc = adapters.catalogue.document(scan.sha256)
    if doc is None or doc.fixity != "failed":
        return ""
    with adapters.gate():
        restored = restore(doc, scan.path, adapters.store, adapters.ocr)
        whole = adapters.catalogue.record_repair(scan.sha256, restored,
                                                 "the scan handed in again", run_id=run_id)
    log.warning("%s: %d damaged object(s) restored from the scan handed in again%s",
                scan.file_name, len(restored), "" if whole else " (some still missing)")
    return f"; {len(restored)} damaged object(s) restored from it"


def _archive(scan: ScanFile, manifest: dict[str, str], adapters: Adapters,
             run_id: str | None) -> ScanResult:
    ocr, store, catalogue = adapters.ocr, adapters.store, adapters.catalogue
    seen = catalogue.outcome_of(scan.sha256)
    if seen is not None:
        log.info("%s: already %s (sha256 %s), nothing stored", scan.file_name, seen,
                 scan.sha256[:12])
        message = f"already {seen}"
        if seen == Outcome.QUARANTINED:  # the reason goes with every copy set aside
            message += f": {catalogue.quarantine_reason(scan.sha256)}"
        else:
            message += _repaired(scan, adapters, run_id)
        return ScanResult(scan.file_name, scan.sha256, Outcome.DUPLICATE,
                          message=message, previous=Outcome(seen))

    suffix = Path(scan.file_name).suffix.lower()
    try:
        if suffix not in MEDIA_TYPES:
            raise BadInputError(
                scan.file_name, f"loại tệp không hỗ trợ (unsupported file type "
                f"{suffix or '(none)'}: use PDF, TIFF, JPEG or PNG)"
            )
        reading = ocr.digitize(scan.path, scan.file_name)
        pages = reading.pages
    except BadInputError as exc:
        catalogue.record_quarantine(scan, exc.reason, exc.stage, "", run_id)
        log.warning("%s: quarantined: %s", scan.file_name, exc.reason)
        return ScanResult(scan.file_name, scan.sha256, Outcome.QUARANTINED, message=exc.reason)

    result_id, how = match_result_id(scan.file_name, manifest, catalogue.known_result_ids)
    entry = catalogue.entry(result_id) if result_id else None
    original_key, text_key, archival_key = archive_keys(entry, scan.sha256, scan.file_name)
    text = page_text_document(pages).encode("utf-8")

    with adapters.gate():
        store.put_verified(original_key, scan.path.read_bytes(), scan.sha256,
                           MEDIA_TYPES[suffix])
        store.put_verified(text_key, text, hashlib.sha256(text).hexdigest(),
                           "text/plain; charset=utf-8")
        keys = (original_key, text_key)
        hashes = {text_key: hashlib.sha256(text).hexdigest()}
        if reading.archival_pdf is not None:
            hashes[archival_key] = hashlib.sha256(reading.archival_pdf).hexdigest()
            store.put_verified(archival_key, reading.archival_pdf, hashes[archival_key],
                               "application/pdf")
            keys += (archival_key,)
        else:
            archival_key = None

        outcome = Outcome.ARCHIVED if entry else Outcome.UNMATCHED
        result = ScanResult(
            scan.file_name, scan.sha256, outcome, result_id=result_id, pages=len(pages),
            confidence=mean_confidence(pages), message=how, keys=keys,
        )
        recorded = catalogue.record_scan(
            scan, result, pages, media_type=MEDIA_TYPES[suffix], original_key=original_key,
            text_key=text_key, bucket=store.bucket, run_id=run_id, archival_key=archival_key,
            fields=reading.fields, object_sha256=hashes,
        )
    if not recorded:  # an identical copy in the same batch got there first
        return ScanResult(scan.file_name, scan.sha256, Outcome.DUPLICATE,
                          message="already archived", previous=Outcome.ARCHIVED)
    review = sum(p.needs_review for p in pages)
    log.info("%s: %s%s, %d page(s), mean confidence %s%s", scan.file_name, outcome,
             f" as {result_id}" if result_id else f" ({how})", len(pages), result.confidence,
             f", {review} page(s) flagged for review" if review else "")
    return result
