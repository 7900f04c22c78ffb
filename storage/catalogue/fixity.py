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
                doc.fixity_problems = json.dumps(sorted({c.key for c in r.problems}))
                where = {c: f"{doc.bucket}/{c.key}" + ("" if c.copy == "primary"
                                                        else f" ({c.copy})") for c in r.checks}
                s.add_all(AuditEventRow(sha256=r.sha256, stage="verify", outcome=c.damage,
                                        detail=where[c], flow_run_id=run_id)
                          for c in r.checks)
                s.add_all(AuditEventRow(sha256=r.sha256, stage="repair", outcome="restored",
                                        detail=f"{where[c]} from {c.restored_from}",
                                        flow_run_id=run_id, actor="sohoa fixity")
                          for c in r.checks if c.restored_from)

    def fixity_failures(self) -> list[tuple[str | None, str, str]]:
        """(result id, file name, key) of each object the last fixity check of its document
        found missing or altered."""
        with self.session() as s:
            return [(d.result_id, d.file_name, key) for d in s.scalars(
                select(DocumentRow).where(DocumentRow.fixity == "failed")
                .order_by(DocumentRow.file_name))
                for key in (json.loads(d.fixity_problems or "[]") or [d.original_key])]

    def record_repair(self, sha256: str, restored: dict[str, str], how: str,
                      actor: str = "", run_id: str | None = None) -> bool:
        """Objects put back (key -> SHA-256 of what is stored now, each read back and checked
        by the store): an audit event each; a hash that differs from the one recorded (a text
        or archival copy made again by a newer engine) replaces it, and says so. The
        document counts again once no problem is left. True if it is whole."""
        with self.session() as s:
            doc = s.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256)).one()
            objects = json.loads(doc.objects_json or "{}") or {doc.original_key: doc.sha256}
            problems = set(json.loads(doc.fixity_problems or "[]"))
            for key, sha in restored.items():
                same = objects.get(key) == sha
                s.add(AuditEventRow(
                    sha256=sha256, stage="repair", outcome="restored" if same else "remade",
                    detail=f"{doc.bucket}/{key} from {how}" + (
                        "" if same else f" (sha256 {objects.get(key, '?')[:12]} -> {sha[:12]})"),
                    flow_run_id=run_id, actor=actor))
                objects[key] = sha
                problems.discard(key)
            doc.objects_json = json.dumps(objects)
            doc.fixity_problems = json.dumps(sorted(problems))
            if not problems:
                doc.fixity = "ok"
                doc.fixity_checked_at = utc_now()
            return not problems
