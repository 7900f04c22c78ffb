"""What fixity checks look at (the hashes recorded at ingest) and what they found."""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import select

from pipeline.fixity import DocumentFixity, FixityTarget
from storage.catalogue.database import Database
from storage.catalogue.schema import AuditEventRow, DocumentRow, RegisterRow, utc_now


class FixityRecords(Database):
    def fixity_targets(self, units: Collection[str] | None = None) -> list[FixityTarget]:
        """Every stored scan with the hashes of its objects, as recorded at ingest (``units``:
        only scans of results those units issued)."""
        q = select(DocumentRow).order_by(DocumentRow.id)
        if units is not None:
            q = q.join(RegisterRow, RegisterRow.result_id == DocumentRow.result_id).where(
                RegisterRow.unit_code.in_(sorted(units)))
        with self.session() as s:
            return [FixityTarget(d.sha256, d.result_id, d.file_name,
                                 json.loads(d.objects_json or "{}") or {d.original_key: d.sha256})
                    for d in s.scalars(q)]

    def record_fixity(self, results: list[DocumentFixity], run_id: str | None = None) -> None:
        """Mark each document ok or failed and log one audit event per object checked."""
        now = utc_now()
        with self.session() as s:
            for r in results:
                doc = s.scalars(select(DocumentRow).where(DocumentRow.sha256 == r.sha256)).one()
                doc.fixity = "ok" if r.ok else "failed"
                doc.fixity_checked_at = now
                s.add_all(AuditEventRow(sha256=r.sha256, stage="verify", outcome=c.status,
                                        detail=f"{doc.bucket}/{c.key}", flow_run_id=run_id)
                          for c in r.checks)

    def fixity_failures(self) -> list[tuple[str | None, str, str]]:
        """(result id, file name, original key) of documents whose last fixity check failed."""
        with self.session() as s:
            return [(d.result_id, d.file_name, d.original_key) for d in s.scalars(
                select(DocumentRow).where(DocumentRow.fixity == "failed")
                .order_by(DocumentRow.file_name))]
