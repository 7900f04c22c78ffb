"""Matching again, and a person's corrections of matches: the use cases behind `sohoa match`,
`sohoa attach`, `sohoa detach` and the nightly flow's re-matching step."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.bootstrap import App
from pipeline.batches import PageSigns
from pipeline.errors import StorageError, UsageError
from pipeline.matching import MatchPolicy, match_document
from pipeline.models import DocumentRecord

log = logging.getLogger("sohoa.match")


@dataclass(frozen=True)
class Rematched:
    document: str        # the document's id
    file_name: str
    page_range: str
    result_id: str
    how: str


def _code(doc: DocumentRecord) -> str:
    """A dossier code read on the document or on its cover sheet."""
    codes = doc.fields.get("codes") or []
    found = PageSigns(0, codes=tuple(str(c) for c in codes)).dossier_codes
    return found[0] if found else ""


def _text(app: App, doc: DocumentRecord) -> str:
    try:
        return app.store().read(doc.text_key).decode("utf-8", "replace")
    except StorageError as exc:  # the text helps (the holder's name); the fields decide
        log.warning("%s: text not read (%s): matched on its header fields only",
                    doc.file_name, exc)
        return ""


def rematch(app: App, manifest: dict[str, str] | None = None,
            run_id: str | None = None) -> list[Rematched]:
    """Every unmatched document matched again against the register as it is now (after an
    import, or a manifest row added); those that match count at once. Read the store: it
    must be up (App.object_store)."""
    s = app.settings
    policy = MatchPolicy(s.match_threshold, s.match_margin)
    done = []
    for doc in app.catalogue.unmatched_documents():
        m = match_document(app.catalogue, doc.fields, _text(app, doc),
                           file_name="" if doc.page_range else doc.file_name,
                           manifest=manifest, code=_code(doc), policy=policy)
        if m.result_id is None:
            continue
        app.catalogue.set_match(doc.sha256, m.result_id, m.how, m.evidence, run_id=run_id)
        where = f" p{doc.page_range}" if doc.page_range else ""
        log.info("%s%s: matched again as %s (%s)", doc.file_name, where, m.result_id, m.how)
        done.append(Rematched(doc.sha256, doc.file_name, doc.page_range, m.result_id, m.how))
    return done


def attach(app: App, ref: str, result_id: str, actor: str, note: str = "") -> str:
    """A person matches a document to a result (audited with the actor). Returns its id."""
    try:
        return app.catalogue.set_match(ref, result_id, note or f"attached by {actor}",
                                       {"how": "person", "actor": actor}, actor=actor)
    except LookupError as exc:
        raise UsageError(str(exc), hint="see `sohoa review list` for document ids") from None


def detach(app: App, ref: str, actor: str, note: str = "") -> str:
    """A person undoes a wrong match: the document is unmatched and no longer counts."""
    try:
        return app.catalogue.set_match(ref, None, note or f"detached by {actor}",
                                       {"how": "person", "actor": actor}, actor=actor)
    except LookupError as exc:
        raise UsageError(str(exc), hint="see `sohoa review list` for document ids") from None
