"""Submitted reports: what was frozen, and what changed in the catalogue since."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from pipeline.submission import Submission
from storage.catalogue.database import Database
from storage.catalogue.schema import (
    AuditEventRow,
    DocumentRow,
    RegisterHistoryRow,
    RegisterRow,
    SubmittedReportRow,
    as_utc,
)


def _submission(r: SubmittedReportRow) -> Submission:
    return Submission(r.id, r.as_of, r.grouping, r.unit or "", as_utc(r.submitted_at),
                      r.actor or "", r.figures_sha256, r.manifest_key, r.manifest_sha256)


class SubmissionTables(Database):
    def record_submission(self, sub: Submission) -> None:
        """The submission and its audit event (with the person who submitted it)."""
        with self.session() as s:
            s.add(SubmittedReportRow(
                id=sub.id, as_of=sub.as_of, grouping=sub.grouping, unit=sub.unit,
                submitted_at=sub.submitted_at, actor=sub.actor,
                figures_sha256=sub.figures_sha256, manifest_key=sub.manifest_key,
                manifest_sha256=sub.manifest_sha256))
            s.add(AuditEventRow(sha256=sub.figures_sha256, stage="report", outcome="submitted",
                                detail=f"{sub.id}: as of {sub.as_of.isoformat()}"
                                       + (f", unit {sub.unit}" if sub.unit else ""),
                                actor=sub.actor))

    def submission(self, id: str) -> Submission | None:
        with self.session() as s:
            row = s.get(SubmittedReportRow, id)
            return _submission(row) if row else None

    def submissions(self) -> list[Submission]:
        with self.session() as s:
            return [_submission(r) for r in s.scalars(
                select(SubmittedReportRow).order_by(SubmittedReportRow.submitted_at))]

    def record_reproduction(self, id: str, figures_sha256: str, same: bool,
                            actor: str) -> None:
        with self.session() as s:
            s.add(AuditEventRow(sha256=figures_sha256, stage="report",
                                outcome="reproduced" if same else "differs", detail=id,
                                actor=actor))

    def inputs_known(self) -> dict[str, object]:
        """The catalogue's high-water marks now: register rows and the last change to one,
        scans counting and the last to start counting, the last audit event, register
        imports' kept versions. A submitted report's manifest keeps them."""
        with self.session() as s:
            rows, last_change = s.execute(select(func.count(), func.max(
                RegisterRow.updated_at))).one()
            counting, last_counting = s.execute(select(
                func.count(), func.max(DocumentRow.counts_from)).where(
                DocumentRow.counts_from.is_not(None))).one()
            last_event = s.scalar(select(func.max(AuditEventRow.id)))
            versions = s.scalar(select(func.count()).select_from(RegisterHistoryRow))
        return {"register_rows": rows,
                "register_last_change": as_utc(last_change).isoformat() if last_change else None,
                "register_earlier_versions": versions,
                "documents_counting": counting,
                "documents_last_counting": (as_utc(last_counting).isoformat()
                                            if last_counting else None),
                "last_audit_event": last_event}

    def register_changed_since(self, at: datetime, limit: int = 20) -> tuple[int, list[str]]:
        """Register rows known at ``at`` that a later import changed (the version that held
        then is kept): (how many, the first ``limit`` result ids)."""
        h = RegisterHistoryRow
        where = (h.valid_from <= at, h.valid_to > at)
        with self.session() as s:
            n = s.scalar(select(func.count(func.distinct(h.result_id))).where(*where))
            ids = list(s.scalars(select(h.result_id).where(*where).distinct()
                                 .order_by(h.result_id).limit(limit)))
        return n or 0, ids
