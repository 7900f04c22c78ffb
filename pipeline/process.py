"""The procedure one scan goes through. Adapters come in as arguments; no framework here.

`take_in` is one inbox item's whole way: stage it, `process_scan` it, let the inbox settle it.
`process_scan` touches no file of the inbox: known? -> read and OCR (a batch scan is split into
documents) -> for each document: match -> store its text and archival copy (each verified)
-> catalogue (one transaction) -> the outcome. The file handed in is stored once, as the
original of every document in it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from pipeline import metadata
from pipeline.claims import ClaimedElsewhere, held, owner_id
from pipeline.document_code import archival_file_name, document_code, type_abbreviation
from pipeline.errors import BadInputError, ObjectExists
from pipeline.hashing import sha256_file
from pipeline.intake import DEFAULT_BLOCKING, LABELS
from pipeline.keys import archive_keys
from pipeline.matching import Match, MatchPolicy, match_document
from pipeline.models import (
    DocumentReading,
    DocumentRecord,
    Filing,
    InboxItem,
    Outcome,
    Reading,
    Recording,
    ScanFile,
    ScanResult,
)
from pipeline.pages import mean_confidence, page_text_document
from pipeline.ports import Catalogue, Inbox, ObjectStore, OcrEngine, PdfSigner
from pipeline.repair import intact_record, restore
from pipeline.timezone import VIETNAM

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
    #: when a match by content is taken
    policy: MatchPolicy = field(default_factory=MatchPolicy)
    #: intake findings that keep a document from counting (pipeline/intake.py)
    blocking: tuple[str, ...] = DEFAULT_BLOCKING
    #: where archival copies are written before they are uploaded (None: the system's temp)
    work_dir: Path | None = None
    #: signs each archival copy for the digitizing unit before it is stored (None: unsigned)
    signer: PdfSigner | None = None
    #: puts a document's metadata record into its archival copy's XMP (before signing)
    embed_metadata: Callable[[Path, dict[str, str]], None] | None = None
    #: the digitizing agency's code (MCQ of the document codes) and the unit's name
    agency_code: str = "MCQ"
    digitizing_unit: str = ""


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
    damaged = [d for d in adapters.catalogue.documents_from(scan.sha256)
               if d.fixity == "failed"]
    count = 0
    for doc in damaged:  # each document of the file (a batch holds several)
        with adapters.gate():
            restored = restore(doc, scan.path, adapters.store, adapters.ocr,
                               partial(finish_copy, adapters=adapters))
            whole = adapters.catalogue.record_repair(doc.sha256, restored,
                                                     "the scan handed in again", run_id=run_id)
        count += len(restored)
        log.warning("%s%s: %d damaged object(s) restored from the scan handed in again%s",
                    scan.file_name, f" p{doc.page_range}" if doc.page_range else "",
                    len(restored), "" if whole else " (some still missing)")
    return f"; {count} damaged object(s) restored from it" if damaged else ""


def _archive(scan: ScanFile, manifest: dict[str, str], adapters: Adapters,
             run_id: str | None) -> ScanResult:
    catalogue = adapters.catalogue
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
    with tempfile.TemporaryDirectory(prefix="sohoa-", dir=adapters.work_dir) as work:
        try:
            if suffix not in MEDIA_TYPES:
                raise BadInputError(
                    scan.file_name, f"loại tệp không hỗ trợ (unsupported file type "
                    f"{suffix or '(none)'}: use PDF, TIFF, JPEG or PNG)"
                )
            reading = adapters.ocr.digitize(scan.path, scan.file_name, Path(work))
            if not reading.documents:
                raise BadInputError(scan.file_name, "không có trang nào (no pages)")
        except BadInputError as exc:
            catalogue.record_quarantine(scan, exc.reason, exc.stage, "", run_id)
            log.warning("%s: quarantined: %s", scan.file_name, exc.reason)
            return ScanResult(scan.file_name, scan.sha256, Outcome.QUARANTINED,
                              message=exc.reason)
        return _file(scan, reading, manifest, adapters, run_id)


def document_key(scan: ScanFile, doc: DocumentReading, reading: Reading) -> str:
    """A document's id: the file's SHA-256 when the file is the document; for a part of a
    batch, the SHA-256 of the file's hash and the part's pages."""
    if not reading.batch:
        return scan.sha256
    return hashlib.sha256(f"{scan.sha256}:{doc.page_range}".encode()).hexdigest()


def hold_reason(doc: DocumentReading, blocking: tuple[str, ...]) -> str:
    """Why a document waits for a person before it counts ("" when it counts now)."""
    why = []
    blank = [p.page_no for p in doc.pages if p.blank]
    if blank:
        why.append(f"no text read on page(s) {', '.join(map(str, blank))}")
    if not doc.sure:
        why.append(f"document boundary unsure: {doc.doubt}")
    if doc.numbering and "page_numbering" in blocking:
        why.append(f"{LABELS['page_numbering']}: {doc.numbering}")
    blocked = sorted({f.code for p in doc.pages for f in p.findings if f.code in blocking})
    if blocked:
        why.append("; ".join(LABELS[c] for c in blocked))
    return "; ".join(why)


def findings_of(doc: DocumentReading) -> tuple[str, ...]:
    out = [f"p{p.page_no} {f.code}: {f.detail}" for p in doc.pages for f in p.findings]
    if doc.numbering:
        out.append(f"page_numbering: {doc.numbering}")
    return tuple(out)


def _file(scan: ScanFile, reading: Reading, manifest: dict[str, str], adapters: Adapters,
          run_id: str | None) -> ScanResult:
    """Store the file once, then match, store and catalogue each of its documents."""
    store, catalogue = adapters.store, adapters.catalogue
    suffix = Path(scan.file_name).suffix.lower()
    matches, entries = [], []
    for doc in reading.documents:
        text = page_text_document(doc.pages)
        m = match_document(catalogue, doc.fields, text, code=doc.code, policy=adapters.policy,
                           file_name="" if reading.batch else scan.file_name,
                           manifest=manifest)
        matches.append(m)
        entries.append(catalogue.entry(m.result_id) if m.result_id else None)
    if reading.batch:
        original_key = f"batches/{scan.sha256[:16]}{suffix}"
    else:
        original_key = archive_keys(entries[0] if entries else None, scan.sha256,
                                    scan.file_name)[0]
    with adapters.gate():
        _put_new(store, original_key, scan.path, scan.sha256, MEDIA_TYPES[suffix])
        recordings = [_stored(scan, reading, doc, match, entry, original_key, adapters)
                      for doc, match, entry in zip(reading.documents, matches, entries,
                                                   strict=True)]
        # all documents of the file in one transaction: whole, or not at all
        recorded = catalogue.record_documents(scan, recordings, media_type=MEDIA_TYPES[suffix],
                                              bucket=store.bucket, run_id=run_id)
    if not recorded:  # an identical copy in the same batch got there first
        return ScanResult(scan.file_name, scan.sha256, Outcome.DUPLICATE,
                          message="already archived", previous=Outcome.ARCHIVED)
    for r, doc in zip(recordings, reading.documents, strict=True):
        _log_document(scan, reading, doc, r)
    results = [r.result for r in recordings]
    if len(results) == 1:
        return results[0]
    matched = [r for r in results if r.outcome == Outcome.ARCHIVED]
    outcome = Outcome.ARCHIVED if len(matched) == len(results) else Outcome.UNMATCHED
    parts = "; ".join(f"{r.message}" for r in results)
    log.info("%s: batch of %d document(s), %d matched", scan.file_name, len(results),
             len(matched))
    return ScanResult(scan.file_name, scan.sha256, outcome,
                      result_id=matched[0].result_id if matched else None,
                      pages=len(reading.pages), confidence=mean_confidence(reading.pages),
                      message=f"{len(results)} documents: {parts}",
                      keys=(original_key, *(k for r in results for k in r.keys[1:])),
                      documents=len(results), matched=len(matched))


def _put_new(store: ObjectStore, key: str, data: bytes | Path, sha256: str,
             media: str) -> None:
    """Store an object of a file the catalogue does not know yet (its claim is held). The
    store refuses to overwrite; what already sits at one of its keys can only be what an
    interrupted earlier attempt at the same file stored and never catalogued (an archival
    copy signed at another second, say): that is replaced, and stays as an earlier version."""
    try:
        store.put_verified(key, data, sha256, media)
    except ObjectExists:
        log.warning("%s: left by an interrupted earlier run and never catalogued; replaced "
                    "(the earlier bytes stay as an older version)", key)
        store.put_verified(key, data, sha256, media, replace=True)


def _stored(scan: ScanFile, reading: Reading, doc: DocumentReading, match: Match,
            entry, original_key: str, adapters: Adapters) -> Recording:
    """Store one document's text and archival copy; what the catalogue is to record of it."""
    store = adapters.store
    key = document_key(scan, doc, reading)
    _, text_key, archival_key = archive_keys(entry, key, scan.file_name)
    text = page_text_document(doc.pages).encode("utf-8")
    hashes = {text_key: hashlib.sha256(text).hexdigest()}
    _put_new(store, text_key, text, hashes[text_key], "text/plain; charset=utf-8")
    keys = (original_key, text_key)
    record = _metadata(scan, reading, doc, entry, adapters)
    if doc.archival_pdf is not None:
        if adapters.embed_metadata is not None:
            adapters.embed_metadata(doc.archival_pdf, metadata.xmp_values(record))
        pdf = adapters.signer.sign(doc.archival_pdf) if adapters.signer else doc.archival_pdf
        hashes[archival_key] = sha256_file(pdf)
        _put_new(store, archival_key, pdf, hashes[archival_key], "application/pdf")
        keys += (archival_key,)
    else:
        archival_key = None
    metadata_key = text_key.removesuffix(".txt") + ".metadata.json"
    for meta_key, data, media in ((metadata_key, metadata.to_json(record), "application/json"),
                                  (metadata_key.removesuffix(".json") + ".xml",
                                   metadata.to_xml(record), "application/xml")):
        hashes[meta_key] = hashlib.sha256(data).hexdigest()
        _put_new(store, meta_key, data, hashes[meta_key], media)
    outcome = Outcome.ARCHIVED if entry else Outcome.UNMATCHED
    where = f" p{doc.page_range}" if reading.batch else ""
    result = ScanResult(
        scan.file_name, scan.sha256, outcome, result_id=match.result_id, pages=len(doc.pages),
        confidence=mean_confidence(doc.pages),
        message=f"{where.strip()} {match.result_id or 'unmatched'}: {match.how}".strip()
        if reading.batch else match.how, keys=keys)
    filing = Filing(key, doc.page_range if reading.batch else "", doc.blank_pages,
                    match.evidence, hold_reason(doc, adapters.blocking), findings_of(doc))
    return Recording(result, doc.pages, original_key, text_key, archival_key, doc.fields,
                     hashes, filing, record.DocCode.rsplit("_V", 1)[0],
                     archival_file_name(record.DocCode, metadata.issued_date(record),
                                        record.TypeName), metadata_key)


def finish_copy(pdf: Path, doc: DocumentRecord, adapters: Adapters) -> Path:
    """An archival copy made again (a repair): the document's stored metadata record put
    in, then signed, as at ingest."""
    record = intact_record(doc, adapters.store) if doc.metadata_key else None
    if adapters.embed_metadata is not None and record is not None:
        adapters.embed_metadata(pdf, metadata.xmp_values(record))
    return adapters.signer.sign(pdf) if adapters.signer else pdf


def _metadata(scan: ScanFile, reading: Reading, doc: DocumentReading, entry,
              adapters: Adapters) -> metadata.DocumentMetadata:
    """The document's code (a number taken from the catalogue for its agency and type) and
    metadata record."""
    abbreviation = type_abbreviation(metadata.field_value(doc.fields.get("doc_type")),
                                     entry.procedure_name if entry else "")
    number = adapters.catalogue.reserve_number(adapters.agency_code, abbreviation)
    return metadata.build(
        document_code(adapters.agency_code, abbreviation, number), doc.fields, entry,
        pages=len(doc.pages), digitized_by=adapters.digitizing_unit,
        digitized_at=datetime.now(VIETNAM), original_file=scan.file_name,
        original_sha256=scan.sha256, page_range=doc.page_range if reading.batch else "")


def _log_document(scan: ScanFile, reading: Reading, doc: DocumentReading,
                  r: Recording) -> None:
    result, hold = r.result, r.filing.hold_reason
    where = f" p{doc.page_range}" if reading.batch else ""
    review = sum(p.needs_review for p in doc.pages)
    log.info("%s%s: %s%s, %d page(s), mean confidence %s%s%s", scan.file_name, where,
             result.outcome, f" as {result.result_id}" if result.result_id else
             f" ({r.filing.match.get('how', 'unmatched')})", len(doc.pages), result.confidence,
             f", {review} page(s) flagged for review" if review else "",
             f"; not counted until a person looks: {hold}" if hold else "")
