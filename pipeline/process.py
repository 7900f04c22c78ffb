"""The procedure one scan goes through. Adapters come in as arguments; no framework here.

known? -> read and OCR -> match -> store original and text (verified) -> catalogue (one
transaction) -> only then move the file out of the inbox.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.claims import ClaimedElsewhere, held, owner_id
from pipeline.errors import BadInputError
from pipeline.inbox import processed_folder, quarantine, set_aside
from pipeline.keys import archive_keys
from pipeline.matching import match_result_id
from pipeline.models import Outcome, PageText, ScanFile, ScanResult
from pipeline.ports import Catalogue, ObjectStore, OcrEngine

log = logging.getLogger("sohoa.process")

MEDIA_TYPES = {
    ".pdf": "application/pdf", ".tif": "image/tiff", ".tiff": "image/tiff",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
}


@dataclass(frozen=True)
class Places:
    quarantine_dir: Path
    processed_dir: Path
    keep_inbox: bool = False


def _release(scan: ScanFile, places: Places, today: date) -> None:
    """Once the archive record is committed, the inbox copy moves to the processed folder
    (unless the inbox is kept as it is, or another run moved it already)."""
    if not places.keep_inbox and scan.path.exists():
        set_aside(scan, processed_folder(places.processed_dir, today), keep_inbox=False)


def page_text_document(pages: list[PageText]) -> str:
    """The stored text file: pages separated by form feeds, NFC, one line per printed line."""
    return "\f".join(p.text for p in pages) + "\n"


def mean_confidence(pages: list[PageText]) -> float | None:
    return round(sum(p.confidence for p in pages) / len(pages), 2) if pages else None


def process_scan(
    scan: ScanFile,
    manifest: dict[str, str],
    *,
    ocr: OcrEngine,
    store: ObjectStore,
    catalogue: Catalogue,
    places: Places,
    run_id: str | None = None,
    today: date | None = None,
    owner: str | None = None,
    lease_seconds: float = 300.0,
    gate: Callable[[], AbstractContextManager] = nullcontext,
) -> ScanResult:
    """Claim the scan (see claims.py), then archive it. A scan another live run holds is left
    to that run (Outcome.BUSY)."""
    try:
        with held(catalogue, scan.sha256, owner or owner_id(run_id), lease_seconds, scan.name):
            return _archive(scan, manifest, ocr, store, catalogue, places, run_id,
                            today or date.today(), gate)
    except ClaimedElsewhere as exc:
        log.info("%s: %s, left to it", scan.name, exc)
        return ScanResult(scan.name, scan.sha256, Outcome.BUSY, message=str(exc))


def _archive(scan: ScanFile, manifest: dict[str, str], ocr: OcrEngine, store: ObjectStore,
             catalogue: Catalogue, places: Places, run_id: str | None,
             today: date, gate: Callable[[], AbstractContextManager]) -> ScanResult:
    seen = catalogue.outcome_of(scan.sha256)
    if seen is not None:
        if seen == Outcome.QUARANTINED:
            if not places.keep_inbox and scan.path.exists():
                set_aside(scan, places.quarantine_dir, keep_inbox=False)
        else:
            _release(scan, places, today)
        log.info("%s: already %s (sha256 %s), nothing stored", scan.name, seen, scan.sha256[:12])
        return ScanResult(scan.name, scan.sha256, Outcome.DUPLICATE, message=f"already {seen}")

    suffix = Path(scan.name).suffix.lower()
    try:
        if suffix not in MEDIA_TYPES:
            raise BadInputError(
                scan.name, f"unsupported file type {suffix or '(none)'}: "
                f"use PDF, TIFF, JPEG or PNG"
            )
        reading = ocr.digitize(scan.path, scan.name)
        pages = reading.pages
    except BadInputError as exc:
        where = quarantine(scan, exc.reason, places.quarantine_dir, places.keep_inbox)
        catalogue.record_quarantine(scan, exc.reason, exc.stage, str(where), run_id)
        log.warning("%s: quarantined: %s", scan.name, exc.reason)
        return ScanResult(scan.name, scan.sha256, Outcome.QUARANTINED, message=exc.reason)

    result_id, how = match_result_id(scan.name, manifest, catalogue.known_result_ids)
    entry = catalogue.entry(result_id) if result_id else None
    original_key, text_key, archival_key = archive_keys(entry, scan.sha256, scan.name)
    text = page_text_document(pages).encode("utf-8")

    with gate():  # the store and the catalogue: a limited number of writers at once
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
            scan.name, scan.sha256, outcome, result_id=result_id, pages=len(pages),
            confidence=mean_confidence(pages), message=how, keys=keys,
        )
        recorded = catalogue.record_scan(
            scan, result, pages, media_type=MEDIA_TYPES[suffix], original_key=original_key,
            text_key=text_key, bucket=store.bucket, run_id=run_id, archival_key=archival_key,
            fields=reading.fields, object_sha256=hashes,
        )
    _release(scan, places, today)
    if not recorded:  # an identical copy in the same batch got there first
        return ScanResult(scan.name, scan.sha256, Outcome.DUPLICATE, message="already archived")
    review = sum(p.needs_review for p in pages)
    log.info("%s: %s%s, %d page(s), mean confidence %s%s", scan.name, outcome,
             f" as {result_id}" if result_id else f" ({how})", len(pages), result.confidence,
             f", {review} page(s) flagged for review" if review else "")
    return result
