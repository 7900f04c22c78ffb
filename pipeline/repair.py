"""Putting back what a fixity check found missing or altered, from a good source: the
original scan (kept in processed/, handed in again, or a folder a person names). The text and
the archival copy are made again from it by the engine. Adapters passed in; no framework."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline import metadata
from pipeline.errors import StorageError
from pipeline.hashing import sha256_file
from pipeline.models import DocumentRecord
from pipeline.pages import page_text_document
from pipeline.ports import ObjectStore, OcrEngine

log = logging.getLogger("sohoa.repair")


def find_original(doc: DocumentRecord, folders: list[Path]) -> Path | None:
    """A file with the document's exact bytes in one of the folders (searched by size first,
    then hash)."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for p in folder.rglob("*"):
            try:
                same_size = p.is_file() and p.stat().st_size == doc.size_bytes
                if same_size and sha256_file(p) == doc.source:
                    return p
            except OSError:
                continue
    return None


def restore(doc: DocumentRecord, source: Path, store: ObjectStore, ocr: OcrEngine,
            finish: Callable[[Path, DocumentRecord], Path] | None = None) -> dict[str, str]:
    """Put back every problem object of `doc` from `source` (which must hold its exact bytes);
    key -> SHA-256 of what is stored now (each upload read back and checked). ``finish``: what
    is done to an archival copy made again before it is stored (its metadata record put in,
    signed), as at ingest."""
    if sha256_file(source) != doc.source:
        raise ValueError(f"{source} is not the original of {doc.file_name}")
    problems = set(doc.fixity_problems) or {doc.original_key}
    restored: dict[str, str] = {}
    if doc.original_key in problems:
        store.put_verified(doc.original_key, source, doc.source, doc.media_type, replace=True)
        restored[doc.original_key] = doc.source
    records = {k for k in problems if doc.metadata_key and k.startswith(
        doc.metadata_key.removesuffix(".json") + ".")}
    if records:
        restored |= _records_again(doc, store, records)
    derived = problems - {doc.original_key} - records
    if derived:
        with tempfile.TemporaryDirectory(prefix="sohoa-repair-") as work:
            reading = ocr.digitize(source, doc.file_name, Path(work))
            # the document's own part of the file (a batch holds several)
            made = next((d for d in reading.documents
                         if not doc.page_range or d.page_range == doc.page_range), None)
            if made is None:
                raise ValueError(f"{source}: pages {doc.page_range} are no longer read as one "
                                 "document")
            text = page_text_document(made.pages).encode("utf-8")
            pdf = made.archival_pdf
            if pdf is not None and doc.archival_key in derived and finish is not None:
                pdf = finish(pdf, doc)
            for key, data, media in ((doc.text_key, text, "text/plain; charset=utf-8"),
                                     (doc.archival_key, pdf, "application/pdf")):
                if key in derived and data is not None:
                    sha = (sha256_file(data) if isinstance(data, Path)
                           else hashlib.sha256(data).hexdigest())
                    store.put_verified(key, data, sha, media, replace=True)
                    restored[key] = sha
    log.info("%s: %d object(s) put back from %s", doc.file_name, len(restored), source)
    return restored


def intact_record(doc: DocumentRecord, store: ObjectStore) -> metadata.DocumentMetadata | None:
    """The document's metadata record as stored (JSON), if its bytes are the ones catalogued;
    None when it is missing or altered."""
    expected = doc.objects.get(doc.metadata_key)
    try:
        data = store.read(doc.metadata_key)
    except StorageError:
        return None
    if hashlib.sha256(data).hexdigest() != expected:
        return None
    return metadata.from_json(data)


def _records_again(doc: DocumentRecord, store: ObjectStore, keys: set[str]) -> dict[str, str]:
    """A damaged metadata record (its XML) written again from the intact JSON: the same
    bytes as at ingest. Nothing when the JSON itself is damaged (the other copy or a locked
    version has it)."""
    record = intact_record(doc, store) if doc.metadata_key not in keys else None
    if record is None:
        log.warning("%s: its metadata record cannot be made again here (the JSON is damaged "
                    "too)", doc.file_name)
        return {}
    out = {}
    for key in keys:
        data = metadata.to_xml(record)
        sha = hashlib.sha256(data).hexdigest()
        if sha == doc.objects.get(key):
            store.put_verified(key, data, sha, "application/xml", replace=True)
            out[key] = sha
    return out
