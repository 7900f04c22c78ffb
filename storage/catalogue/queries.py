"""The read side: rates counted in the database, what is missing, and the records to show."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from datetime import date, datetime

from sqlalchemy import and_, case, exists, func, select, union_all

from pipeline.models import AuditEvent, DocumentRecord, Level, Outcome, RegisterEntry
from pipeline.rates import Exclusions, UnitCount
from pipeline.report import QuarantinedFile, UnmatchedScan
from pipeline.timezone import end_of_day
from storage.catalogue.database import Database
from storage.catalogue.schema import (
    AuditEventRow,
    DocumentRow,
    QuarantineRow,
    RegisterHistoryRow,
    RegisterRow,
    UnitRow,
    as_utc,
)


class Queries(Database):
    def _status(self, as_of: date, known_at: datetime | None = None):
        """SQL for rates.status_on (kept equal by tests on both databases): (register alias,
        status expression, "has a counted scan" expression, FROM clause). ``known_at``: only
        what the catalogue knew then (a submitted report reproduced): register rows first
        imported by then, scans counting by then."""
        register = self._register(known_at)
        r, rep = register.alias("r"), register.alias("rep")
        d = DocumentRow.__table__.alias("d")
        has_scan = exists().where(d.c.result_id == r.c.result_id,
                                  *self._counts(d.c, as_of, known_at))
        # the replacement's issue date, looked up only for the few rows that name one (CASE
        # stops at the first true branch); a replacement not in the register counts as issued
        rep_issued = (select(rep.c.issued_date).where(rep.c.result_id == r.c.replaced_by)
                      .scalar_subquery())
        status = case(
            (r.c.issued_date > as_of, "not_yet_issued"),
            (and_(r.c.revoked.is_(True),
                  func.coalesce(r.c.revoked_on, r.c.issued_date) <= as_of), "revoked"),
            (and_(r.c.replaced_by != "", func.coalesce(rep_issued, as_of) <= as_of),
             "replaced"),
            (and_(r.c.valid_until.is_not(None), r.c.valid_until < as_of), "expired"),
            else_="valid").label("status")
        frm = r
        return r, status, has_scan, frm

    @staticmethod
    def _register(known_at: datetime | None):
        """The register now, or as it was known at ``known_at``: each row in the version that
        held then (the current one if it has not changed since, else the one kept in
        history); rows first imported later are not there."""
        table = RegisterRow.__table__
        if known_at is None:
            return table
        names = [c.name for c in table.columns if c.name != "updated_at"]
        history = RegisterHistoryRow.__table__
        return union_all(
            select(*(table.c[n] for n in names)).where(table.c.updated_at <= known_at),
            select(*(history.c[n] for n in names)).where(history.c.valid_from <= known_at,
                                                         history.c.valid_to > known_at),
        ).subquery("known")

    def _counts(self, c, as_of: date | None = None, known_at: datetime | None = None) -> list:
        """What makes a stored document count: matched, intact, not held, and (unless
        ``count_flagged``) no page flagged for review that no person has looked at; for an
        as-of day, counting since before that day ended where the desk is (a scan archived
        later does not change a past day's figures)."""
        out = [c.status == Outcome.ARCHIVED.value, c.fixity != "failed", c.held.is_(False)]
        if not self.count_flagged:
            out.append(c.review_pages == 0)
        if as_of is not None:
            out.append(c.counts_from < end_of_day(as_of, self.time_zone))
        if known_at is not None:
            out.append(c.counts_from <= known_at)
        return out

    def rate_counts(self, as_of: date, by: str = "unit", units: Collection[str] | None = None,
                    known_at: datetime | None = None):
        """Valid / digitized per level and unit (``by="unit"``), field or procedure, counted
        in the database, and the exclusions: (rows, Exclusions). ``units``: only results
        issued by these units; ``known_at``: as the catalogue knew it then."""
        if by == "unit" and known_at is None:
            summed = self.summary_counts(as_of, units)
            if summed is not None:  # the rate summary is up to date: a few rows per unit
                return summed
        r, status, has_scan, frm = self._status(as_of, known_at)
        digitized = func.sum(case((has_scan, 1), else_=0)).label("digitized")
        # a unit is its code alone; its name is shown, not counted by (below)
        keys = {"unit": (r.c.unit_code, r.c.unit_code), "field": (r.c.field, r.c.field),
                "procedure": (r.c.procedure_code, func.max(r.c.procedure_name))}[by]
        q = (select(r.c.level, *keys, status, func.count().label("n"), digitized)
             .select_from(frm).group_by(r.c.level, keys[0], status))
        if units is not None:
            q = q.where(r.c.unit_code.in_(sorted(units)))
        rows, excluded = [], {"revoked": 0, "expired": 0, "not_yet_issued": 0, "replaced": 0}
        with self.session() as s:
            found = list(s.execute(q))
            names = self._unit_names(s, {k for _, k, _, st, _, _ in found if st == "valid"}) \
                if by == "unit" else {}
            for level, key, name, st, n, d in found:
                if st == "valid":
                    rows.append(UnitCount(Level(level), key or "", names.get(key, name) or "",
                                          n, d))
                else:
                    excluded[st] += n
        return rows, Exclusions(**excluded)

    def _unit_names(self, s, codes: set[str]) -> dict[str, str]:
        """Each unit's name to show: the units table's, else the spelling of its most
        recently issued register row (three spellings of one commune are one unit)."""
        names = {u.code: u.name for u in s.scalars(select(UnitRow).where(
            UnitRow.code.in_(sorted(codes))))} if codes else {}
        rest = sorted(codes - set(names))
        for i in range(0, len(rest), 5_000):
            names.update(self._register_unit_names(s, rest[i:i + 5_000]))
        return names

    def _missing(self, as_of: date, units: Collection[str] | None,
                 known_at: datetime | None, level: Level):
        """SQL: one level's valid results with no counted scan, in unit, issue date, result
        id order: the order of the register's rates index, so that the first thousands
        come without sorting millions."""
        r, status, has_scan, frm = self._status(as_of, known_at)
        q = (select(r).select_from(frm)
             .where(r.c.level == level.value, status == "valid", ~has_scan)
             .order_by(r.c.unit_code, r.c.issued_date, r.c.result_id))
        if units is not None:
            q = q.where(r.c.unit_code.in_(sorted(units)))
        return q

    def missing_entries(self, as_of: date, units: Collection[str] | None = None,
                        known_at: datetime | None = None,
                        limit: int | None = None) -> list[RegisterEntry]:
        """Valid results with no counted scan, in level, unit, issue date, result id order;
        the first ``limit`` of them."""
        out: list[RegisterEntry] = []
        with self.session() as s:
            for level in Level:
                q = self._missing(as_of, units, known_at, level)
                if limit is not None:
                    if len(out) >= limit:
                        break
                    q = q.limit(limit - len(out))
                out += [_missing_entry(x) for x in s.execute(q)]
        return out

    def each_missing(self, as_of: date, units: Collection[str] | None = None,
                     known_at: datetime | None = None) -> Iterator[RegisterEntry]:
        """The same, all of them, read ten thousand at a time (millions are not held)."""
        with self.session() as s:
            for level in Level:
                q = self._missing(as_of, units, known_at, level)
                for x in s.execute(q.execution_options(yield_per=10_000)):
                    yield _missing_entry(x)

    def digitized_result_ids(self) -> set[str]:
        with self.session() as s:
            return set(s.scalars(select(DocumentRow.result_id).where(
                *self._counts(DocumentRow))))

    def is_empty(self) -> bool:
        """No register entry at all (nothing imported yet)."""
        with self.session() as s:
            return s.scalar(select(RegisterRow.result_id).limit(1)) is None

    def unmatched(self) -> list[UnmatchedScan]:
        with self.session() as s:
            rows = s.scalars(select(DocumentRow).where(
                DocumentRow.status == Outcome.UNMATCHED.value).order_by(DocumentRow.file_name))
            return [UnmatchedScan(r.file_name, r.sha256, r.original_key) for r in rows]

    def quarantined(self) -> list[QuarantinedFile]:
        with self.session() as s:
            rows = s.scalars(select(QuarantineRow).order_by(QuarantineRow.file_name))
            return [QuarantinedFile(r.file_name, r.reason, r.path) for r in rows]

    def audit_events(self) -> list[AuditEvent]:
        with self.session() as s:
            matched = (select(DocumentRow.result_id).where(DocumentRow.sha256 ==
                                                          AuditEventRow.sha256)
                       .limit(1).scalar_subquery())
            return [AuditEvent(as_utc(e.at), e.sha256, e.stage, e.outcome, e.detail or "",
                               e.flow_run_id, e.actor or "", result_id or "")
                    for e, result_id in s.execute(select(AuditEventRow, matched)
                                                  .order_by(AuditEventRow.id))]

    def held_documents(self) -> list[DocumentRecord]:
        """Documents that do not count until a person confirms them (blank pages)."""
        with self.session() as s:
            return [_record(d) for d in s.scalars(
                select(DocumentRow).where(DocumentRow.held == True)  # noqa: E712 (its index's)
                .order_by(DocumentRow.file_name))]

    def document(self, sha256: str) -> DocumentRecord | None:
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            return _record(d) if d else None

    def documents_with_findings(self) -> list[DocumentRecord]:
        """Documents with an intake finding on a page (the others are not read)."""
        with self.session() as s:
            return [_record(d) for d in s.scalars(select(DocumentRow).where(
                DocumentRow.findings_json != "[]").order_by(DocumentRow.file_name))]

    def unmatched_documents(self) -> list[DocumentRecord]:
        """Documents stored but matched to no result, oldest first."""
        with self.session() as s:
            return [_record(d) for d in s.scalars(select(DocumentRow).where(
                DocumentRow.status == Outcome.UNMATCHED.value).order_by(DocumentRow.id))]

    def documents_from(self, source_sha256: str) -> list[DocumentRecord]:
        """The documents of the file with this content (one, or a batch's parts)."""
        with self.session() as s:
            return [_record(d) for d in s.scalars(select(DocumentRow).where(
                (DocumentRow.sha256 == source_sha256)
                | (DocumentRow.source_sha256 == source_sha256)).order_by(DocumentRow.id))]

    def fixity_failed_documents(self) -> list[DocumentRecord]:
        with self.session() as s:
            return [_record(d) for d in s.scalars(
                select(DocumentRow).where(DocumentRow.fixity == "failed")
                .order_by(DocumentRow.file_name))]

    def documents(self) -> list[DocumentRecord]:
        with self.session() as s:
            return [_record(d) for d in
                    s.scalars(select(DocumentRow).order_by(DocumentRow.file_name))]


    def flow_rows(self, start: date, end: date, as_of: date,
                  units: Collection[str] | None = None):
        """(level, unit code, issued date, the desk's date its first counted scan began
        counting — by the end of ``as_of`` — or None) for every result issued from ``start``
        to ``end``; and the units' names."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.time_zone)
        d = DocumentRow.__table__.alias("d")
        first = (select(func.min(d.c.counts_from)).where(
            d.c.result_id == RegisterRow.result_id, *self._counts(d.c, as_of))
            .scalar_subquery())
        q = select(RegisterRow.level, RegisterRow.unit_code, RegisterRow.issued_date,
                   first).where(RegisterRow.issued_date >= start,
                                RegisterRow.issued_date <= end)
        if units is not None:
            q = q.where(RegisterRow.unit_code.in_(sorted(units)))
        with self.session() as s:
            rows = [(Level(level), unit, issued,
                     as_utc(counted).astimezone(zone).date() if counted else None)
                    for level, unit, issued, counted in s.execute(q)]
            names = self._unit_names(s, {r[1] for r in rows})
        return rows, names


def _missing_entry(x) -> RegisterEntry:
    return RegisterEntry(x.result_id, x.procedure_code, x.procedure_name, x.field, x.unit_code,
                         x.unit_name, Level(x.level), x.issued_date, x.valid_until, x.revoked,
                         x.replaced_by or "", revoked_on=x.revoked_on)


def _record(d: DocumentRow) -> DocumentRecord:
    return DocumentRecord(
        sha256=d.sha256, status=d.status, result_id=d.result_id, file_name=d.file_name,
        media_type=d.media_type, size_bytes=d.size_bytes, pages=d.pages,
        confidence=d.ocr_confidence, review_pages=d.review_pages or 0, bucket=d.bucket,
        original_key=d.original_key, text_key=d.text_key, archival_key=d.archival_key,
        fields=json.loads(d.fields_json or "{}"),
        # a catalogue from before objects_json knew the original's hash: the scan's own
        objects=json.loads(d.objects_json or "{}") or {d.original_key: d.sha256},
        fixity=d.fixity or "ok", match_note=d.match_note or "", flow_run_id=d.flow_run_id,
        held=bool(d.held), fixity_problems=tuple(json.loads(d.fixity_problems or "[]")),
        hold_reason=d.hold_reason or "", source_sha256=d.source_sha256 or "",
        page_range=d.page_range or "", match=json.loads(d.match_json or "{}"),
        findings=tuple(json.loads(d.findings_json or "[]")), version=d.version or 1,
        set_aside_by=d.set_aside_by or "", doc_code=d.doc_code or "",
        archival_name=d.archival_name or "", metadata_key=d.metadata_key or "")
