"""Stored scans with their pages, and quarantined files: one transaction each."""

from __future__ import annotations

import json

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from pipeline.models import Filing, Outcome, PageText, Recording, ScanFile, ScanResult
from storage.catalogue.database import Database
from storage.catalogue.indexing import index_row
from storage.catalogue.schema import (
    AuditEventRow,
    CodeCounterRow,
    DocumentRow,
    PageRow,
    QuarantineRow,
    RegisterRow,
)


def counting(row: DocumentRow, count_flagged: bool) -> bool:
    """Whether a document may count for its result from now: matched and not held. Whether
    its flagged pages keep it out (count_flagged) and its fixity are checked when counting,
    so that switching count_flagged changes no date."""
    return row.status == Outcome.ARCHIVED.value and not row.held


class DocumentTables(Database):
    def outcome_of(self, sha256: str) -> str | None:
        """What became of a file with this content: archived (every document in it matched),
        unmatched, quarantined, or None if it was never seen."""
        with self.session() as s:
            statuses = set(s.scalars(select(DocumentRow.status).where(
                (DocumentRow.sha256 == sha256) | (DocumentRow.source_sha256 == sha256))))
            if statuses:
                return (Outcome.UNMATCHED.value if Outcome.UNMATCHED.value in statuses
                        else statuses.pop())
            if s.scalar(select(QuarantineRow.id).where(QuarantineRow.sha256 == sha256)):
                return Outcome.QUARANTINED.value
        return None

    def record_scan(
        self, scan: ScanFile, result: ScanResult, pages: list[PageText], *,
        media_type: str, original_key: str, text_key: str, bucket: str, run_id: str | None,
        archival_key: str | None = None, fields: dict[str, object] | None = None,
        object_sha256: dict[str, str] | None = None, filing: Filing | None = None,
    ) -> bool:
        """False when the same document was recorded meanwhile (two copies in one batch)."""
        filing = filing or Filing(scan.sha256, hold_reason=(
            "no text read on a page" if any(p.blank for p in pages) else ""))
        return self.record_documents(scan, [Recording(
            result, pages, original_key, text_key, archival_key, fields or {},
            object_sha256 or {}, filing)], media_type=media_type, bucket=bucket, run_id=run_id)

    def reserve_number(self, agency: str, abbreviation: str) -> int:
        """The next sequence number of that agency and document type, taken for good (a
        document that then fails leaves a gap, never a number given twice): one UPDATE …
        RETURNING, atomic on SQLite (which takes its write lock for it) and PostgreSQL."""
        bump = (update(CodeCounterRow)
                .where(CodeCounterRow.agency == agency,
                       CodeCounterRow.abbreviation == abbreviation)
                .values(last=CodeCounterRow.last + 1).returning(CodeCounterRow.last))
        for attempt in range(5):
            try:
                with self.session(races=True) as s:
                    taken = s.execute(bump).scalar()
                    if taken is not None:
                        return taken
                    s.add(CodeCounterRow(agency=agency, abbreviation=abbreviation, last=1))
                    return 1
            except IntegrityError as exc:  # another run made the counter meanwhile
                if attempt == 4:
                    raise self.error(exc) from exc
        raise AssertionError("unreachable")

    def record_documents(self, scan: ScanFile, recordings: list[Recording], *,
                         media_type: str, bucket: str, run_id: str | None) -> bool:
        """Every document of a scan in one transaction: a batch is catalogued whole or not at
        all (a run that fails half-way leaves nothing that would pass for the whole file).
        False when the same file was recorded meanwhile (two copies in one batch)."""
        try:
            with self.session(races=True) as s:
                for r in recordings:
                    self._add_document(s, scan, r, media_type, bucket, run_id)
        except IntegrityError as exc:
            if self.outcome_of(scan.sha256) is None:
                raise self.error(exc) from exc
            return False
        return True

    def _add_document(self, s, scan: ScanFile, r: Recording, media_type: str, bucket: str,
                      run_id: str | None) -> None:
        result, pages, filing = r.result, r.pages, r.filing
        keys = {"original_key": r.original_key, "text_key": r.text_key,
                "archival_key": r.archival_key}
        objects = {r.original_key: scan.sha256, **r.object_sha256}
        fields = r.fields
        key = filing.key
        where = f" (pages {filing.page_range} of {scan.file_name})" if filing.page_range else ""
        doc = DocumentRow(
            sha256=key, status=result.outcome.value, result_id=result.result_id,
            match_note=result.message, file_name=scan.file_name, media_type=media_type,
            size_bytes=scan.size, pages=len(pages), ocr_confidence=result.confidence,
            bucket=bucket, **keys, flow_run_id=run_id,
            fields_json=json.dumps(fields, ensure_ascii=False),
            review_pages=sum(p.needs_review for p in pages),
            objects_json=json.dumps(objects), held=bool(filing.hold_reason),
            hold_reason=filing.hold_reason, source_sha256=scan.sha256,
            page_range=filing.page_range, blank_pages=json.dumps(list(filing.blank_pages)),
            match_json=json.dumps(filing.match, ensure_ascii=False),
            findings_json=json.dumps(list(filing.findings), ensure_ascii=False),
            doc_code=r.doc_code, archival_name=r.archival_name, metadata_key=r.metadata_key,
        )
        doc.counts_from = self.clock() if counting(doc, self.count_flagged) else None
        s.add(doc)
        s.flush()
        index_row(s, doc, "\n\n".join(p.text for p in pages))
        s.add_all(PageRow(document_id=doc.id, page_no=p.page_no, confidence=p.confidence,
                          chars=len(p.text), rotated_deg=p.rotated_deg, skew_deg=p.skew_deg,
                          quality=p.quality, needs_review=p.needs_review, blank=p.blank,
                          findings=json.dumps([{"code": f.code, "detail": f.detail}
                                               for f in p.findings], ensure_ascii=False))
                  for p in pages)
        s.add_all([
            AuditEventRow(sha256=key, stage="ocr", outcome="ok",
                          detail=f"{len(pages)} page(s){where}, confidence "
                                 f"{result.confidence}", flow_run_id=run_id),
            AuditEventRow(sha256=key, stage="store", outcome="verified",
                          detail="; ".join(f"{bucket}/{k}" for k in keys.values() if k),
                          flow_run_id=run_id),
            AuditEventRow(sha256=key, stage="catalogue",
                          outcome=result.outcome.value,
                          detail=result.result_id or result.message, flow_run_id=run_id),
            *([AuditEventRow(sha256=key, stage="intake", outcome="held",
                             detail=filing.hold_reason, flow_run_id=run_id)]
              if filing.hold_reason else []),
        ])

    def record_quarantine(
        self, scan: ScanFile, reason: str, stage: str, path: str, run_id: str | None
    ) -> None:
        """``path``: where the file was put aside; "" when the inbox moves it afterwards (it
        then says where with `place_quarantined`)."""
        try:
            with self.session(races=True) as s:
                s.add(QuarantineRow(sha256=scan.sha256, file_name=scan.file_name,
                                    reason=reason, stage=stage, path=path, flow_run_id=run_id))
                s.add(AuditEventRow(sha256=scan.sha256, stage=stage, outcome="quarantined",
                                    detail=reason, flow_run_id=run_id))
        except IntegrityError as exc:  # the same content, quarantined meanwhile: once is enough
            if self.quarantine_reason(scan.sha256) is None:
                raise self.error(exc) from exc

    def quarantine_reason(self, sha256: str) -> str | None:
        with self.session() as s:
            return s.scalar(select(QuarantineRow.reason).where(QuarantineRow.sha256 == sha256))

    def confirm(self, ref: str, actor: str, note: str = "") -> list[str]:
        """A person confirms held documents, or documents with pages flagged for review (the
        pages looked at: the scan is right), by result id or SHA-256 (or its first 12+
        characters): they count from now on. Returns the SHA-256 of each document confirmed;
        one audit event each, with the actor."""
        with self.session() as s:
            q = select(DocumentRow).where(DocumentRow.held.is_(True)
                                          | (DocumentRow.review_pages > 0))
            q = q.where((DocumentRow.result_id == ref) | (DocumentRow.sha256 == ref)
                        | ((func.length(ref) >= 12) & DocumentRow.sha256.startswith(ref)))
            docs = list(s.scalars(q))
            for d in docs:
                what = "; ".join(x for x in (
                    "held: " + (d.hold_reason or "blank page(s)") if d.held else "",
                    f"{d.review_pages} flagged page(s)" if d.review_pages else "") if x)
                kept_out = d.held or (d.review_pages and not self.count_flagged)
                d.held, d.review_pages = False, 0
                if counting(d, self.count_flagged) and (kept_out or d.counts_from is None):
                    d.counts_from = self.clock()  # it counts from now on, not before
                s.add(AuditEventRow(sha256=d.sha256, stage="review", outcome="confirmed",
                                    detail=note or f"looked at ({what}): counted",
                                    actor=actor))
            return [d.sha256 for d in docs]

    def _one(self, s, ref: str) -> DocumentRow:
        """The document a person names: its id (SHA-256) or at least its first 12 characters,
        or the result id it is matched to (LookupError when none or several)."""
        q = select(DocumentRow).where(
            (DocumentRow.sha256 == ref) | (DocumentRow.result_id == ref)
            | ((func.length(ref) >= 12) & DocumentRow.sha256.startswith(ref)))
        rows = list(s.scalars(q.limit(3)))
        if len(rows) != 1:
            raise LookupError(f"{'no' if not rows else 'more than one'} document {ref}")
        return rows[0]

    def set_match(self, ref: str, result_id: str | None, note: str, evidence: dict,
                  actor: str = "", run_id: str | None = None) -> str:
        """Match a document to a result (or, with None, undo its match), with the note and
        evidence kept and an audit event naming ``actor`` ("" for the machine). Returns the
        document's id. LookupError: no such document, or no such result in the register."""
        with self.session() as s:
            row = self._one(s, ref)
            if result_id is not None and s.get(RegisterRow, result_id) is None:
                raise LookupError(f"no result {result_id} in the register")
            before = row.result_id
            row.result_id = result_id
            row.status = (Outcome.ARCHIVED if result_id else Outcome.UNMATCHED).value
            row.match_note = note
            row.match_json = json.dumps(evidence, ensure_ascii=False)
            if result_id != before:  # it counts for this result from now on
                row.counts_from = self.clock() if counting(row, self.count_flagged) else None
            what = ("matched" if not actor else "attached") if result_id else "detached"
            index_row(s, row)  # the register entry's holder, unit, procedure: searchable
            s.add(AuditEventRow(
                sha256=row.sha256, stage="match", outcome=what, actor=actor,
                flow_run_id=run_id,
                detail=f"{before or '(unmatched)'} -> {result_id or '(unmatched)'}: {note}"))
            return row.sha256

    def place_quarantined(self, sha256: str, path: str) -> None:
        """Where the inbox moved a quarantined file (after `record_quarantine`)."""
        with self.session() as s:
            s.execute(update(QuarantineRow).where(QuarantineRow.sha256 == sha256)
                      .values(path=path))
