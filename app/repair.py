"""Repairing what a fixity check found missing or altered: first from an intact copy of the
same object (the other copy of the archive, or an earlier version the store kept), during the
check itself; what is left, from the originals kept in processed/ (or folders a person names)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from app.bootstrap import App
from pipeline.errors import StorageError
from pipeline.fixity import DocumentFixity, intact_copies, restored
from pipeline.process import finish_copy
from pipeline.repair import find_original, restore
from storage.mirror import copy_between

log = logging.getLogger("sohoa.repair")


@dataclass(frozen=True)
class Repair:
    file_name: str
    result_id: str | None
    restored: tuple[str, ...]   # keys put back
    source: str                 # where from; "" when no original was found
    whole: bool


def repair_failed(app: App, folders: list[Path], actor: str) -> list[Repair]:
    """Every document whose last fixity check failed: its original looked up (by size and
    SHA-256) in `folders`, then in the processed folder; its objects put back and recorded
    (audit events naming `actor`). The store must be up (App.object_store)."""
    out = []
    search = [*folders, app.settings.processed_dir]
    for doc in app.catalogue.fixity_failed_documents():
        source = find_original(doc, search)
        if source is None:
            out.append(Repair(doc.file_name, doc.result_id, (), "", False))
            continue
        adapters = app.adapters()
        restored = restore(doc, source, adapters.store, adapters.ocr,
                           partial(finish_copy, adapters=adapters))
        whole = app.catalogue.record_repair(doc.sha256, restored, str(source), actor=actor)
        out.append(Repair(doc.file_name, doc.result_id, tuple(restored), str(source), whole))
    return out


def restore_from_copies(app: App, results: list[DocumentFixity]) -> list[DocumentFixity]:
    """Each object found missing or altered in one copy put back, byte for byte, from the
    other copy where it is intact, else from an earlier version its own store kept (an
    overwrite or a delete under versioning). Each put back is read back and checked; what
    could not be is left as found. The store must be up (App.object_store)."""
    copies = app.copies()
    out = []
    for r in results:
        for damaged in r.problems:
            target = copies[damaged.copy]
            source = ""
            for name in intact_copies(r, damaged):
                try:
                    copy_between(copies[name], target, damaged.key, damaged.expected,
                                 app.settings.work_dir)
                    source = f"the {name} copy"
                    break
                except StorageError as exc:
                    log.warning("%s: not put back from the %s copy: %s", damaged.key, name, exc)
            if not source:
                try:
                    version = target.intact_version(damaged.key, damaged.expected)
                    if version:
                        target.restore_version(damaged.key, version, damaged.expected)
                        source = f"version {version}"
                except StorageError as exc:
                    log.warning("%s: no earlier version put back: %s", damaged.key, exc)
            if source:
                log.info("%s (%s copy) put back from %s", damaged.key, damaged.copy, source)
                r = restored(r, damaged, source)
        out.append(r)
    return out
