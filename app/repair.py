"""Repairing what the last fixity check found missing or altered, from the originals kept in
processed/ (or folders a person names)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.bootstrap import App
from pipeline.repair import find_original, restore


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
        restored = restore(doc, source, app.store(), app.engine())
        whole = app.catalogue.record_repair(doc.sha256, restored, str(source), actor=actor)
        out.append(Repair(doc.file_name, doc.result_id, tuple(restored), str(source), whole))
    return out
