"""What the workspace keeps besides the scans: users and their sessions, document versions,
the search index, and the review of flagged pages."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import Integer, column, delete, func, select, text

from pipeline.accounts import Account, Role, User
from pipeline.models import AuditEvent, DocumentRecord, PageInfo, Version
from pipeline.search import fold
from storage.catalogue.database import Database
from storage.catalogue.indexing import index_row
from storage.catalogue.queries import _record
from storage.catalogue.schema import (
    AuditEventRow,
    DocumentRow,
    PageRow,
    QuarantineRow,
    SearchRow,
    SessionRow,
    UserRow,
    VersionRow,
    as_utc,
    utc_now,
)


def _account(r: UserRow) -> Account:
    return Account(User(r.name, Role(r.role), r.unit or ""), r.password_hash, bool(r.disabled),
                   r.token_sha256 is not None)


class WorkspaceTables(Database):
    # --- users --------------------------------------------------------------------------
    def add_user(self, user: User, password_hash: str) -> None:
        """ValueError when the name is taken."""
        with self.session() as s:
            if s.get(UserRow, user.name) is not None:
                raise ValueError(f"there is already a user {user.name}")
            s.add(UserRow(name=user.name, role=user.role.value, unit=user.unit,
                          password_hash=password_hash))

    def account(self, name: str) -> Account | None:
        with self.session() as s:
            r = s.get(UserRow, name)
            return _account(r) if r else None

    def accounts(self) -> list[Account]:
        with self.session() as s:
            return [_account(r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]

    def set_password_hash(self, name: str, password_hash: str) -> None:
        with self.session() as s:
            r = s.get(UserRow, name)
            if r is None:
                raise LookupError(f"no user {name}")
            r.password_hash = password_hash
            # a new password ends every session of the old one
            s.execute(delete(SessionRow).where(SessionRow.user_name == name))

    def set_disabled(self, name: str, disabled: bool) -> None:
        with self.session() as s:
            r = s.get(UserRow, name)
            if r is None:
                raise LookupError(f"no user {name}")
            r.disabled = disabled
            if disabled:
                s.execute(delete(SessionRow).where(SessionRow.user_name == name))

    def set_token(self, name: str, token_sha256: str | None) -> None:
        with self.session() as s:
            r = s.get(UserRow, name)
            if r is None:
                raise LookupError(f"no user {name}")
            r.token_sha256 = token_sha256

    def user_by_token(self, token_sha256: str) -> User | None:
        with self.session() as s:
            r = s.scalar(select(UserRow).where(UserRow.token_sha256 == token_sha256,
                                               UserRow.disabled.is_(False)))
            return _account(r).user if r else None

    # --- sessions -----------------------------------------------------------------------
    def open_session(self, token_sha256: str, name: str, csrf: str, expires: datetime) -> None:
        with self.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.expires_at < utc_now()))
            s.add(SessionRow(token_sha256=token_sha256, user_name=name, csrf=csrf,
                             expires_at=expires))

    def session_user(self, token_sha256: str) -> tuple[User, str] | None:
        """The user of a live session and its CSRF token."""
        with self.session() as s:
            row = s.get(SessionRow, token_sha256)
            if row is None or as_utc(row.expires_at) < utc_now():
                return None
            user = s.get(UserRow, row.user_name)
            if user is None or user.disabled:
                return None
            return _account(user).user, row.csrf

    def close_session(self, token_sha256: str) -> None:
        with self.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.token_sha256 == token_sha256))

    # --- audit and quarantine -----------------------------------------------------------
    def add_audit(self, subject: str, stage: str, outcome: str, detail: str,
                  actor: str = "") -> None:
        """An audit event about ``subject`` (a document's or file's SHA-256, or "user:NAME")."""
        with self.session() as s:
            s.add(AuditEventRow(sha256=subject[:64], stage=stage, outcome=outcome,
                                detail=detail, actor=actor))

    def quarantine_rows(self) -> list[QuarantineRow]:
        with self.session() as s:
            return list(s.scalars(select(QuarantineRow).order_by(QuarantineRow.id)))

    def acknowledge_quarantine(self, sha256: str, actor: str, note: str) -> bool:
        with self.session() as s:
            row = s.scalar(select(QuarantineRow).where(QuarantineRow.sha256 == sha256))
            if row is None:
                return False
            row.reviewed_by = actor
            s.add(AuditEventRow(sha256=sha256, stage="review", outcome="acknowledged",
                                detail=note or f"{row.file_name}: seen, dealt with outside",
                                actor=actor))
            return True

    def release_quarantine(self, sha256: str, actor: str, detail: str) -> None:
        """A quarantined file handed back to the inbox by a person: its record removed (the
        audit event stays)."""
        with self.session() as s:
            s.execute(delete(QuarantineRow).where(QuarantineRow.sha256 == sha256))
            s.add(AuditEventRow(sha256=sha256, stage="review", outcome="released",
                                detail=detail, actor=actor))

    # --- documents as the workspace shows them -----------------------------------------
    def document_by_id(self, sha256: str) -> DocumentRecord | None:
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            return _record(d) if d else None

    def documents_of_result(self, result_id: str) -> list[DocumentRecord]:
        with self.session() as s:
            return [_record(d) for d in s.scalars(select(DocumentRow).where(
                DocumentRow.result_id == result_id).order_by(DocumentRow.id))]

    def pages_of(self, sha256: str) -> list[PageInfo]:
        with self.session() as s:
            doc = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))
            rows = s.scalars(select(PageRow).where(PageRow.document_id == doc)
                             .order_by(PageRow.page_no)) if doc is not None else []
            return [PageInfo(p.page_no, p.confidence, bool(p.needs_review), bool(p.blank),
                             tuple(f"{f['code']}: {f['detail']}"
                                   for f in json.loads(p.findings or "[]"))) for p in rows]

    def events_of(self, sha256: str) -> list[AuditEvent]:
        with self.session() as s:
            return [AuditEvent(as_utc(e.at), e.sha256, e.stage, e.outcome, e.detail or "",
                               e.flow_run_id, e.actor or "")
                    for e in s.scalars(select(AuditEventRow).where(
                        AuditEventRow.sha256 == sha256).order_by(AuditEventRow.id))]

    def flagged_documents(self) -> list[DocumentRecord]:
        """Documents with pages flagged for review that no person has looked at yet."""
        with self.session() as s:
            return [_record(d) for d in s.scalars(select(DocumentRow).where(
                DocumentRow.review_pages > 0).order_by(DocumentRow.id))]

    def set_aside(self, sha256: str, actor: str, note: str) -> None:
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            if d is None:
                raise LookupError(f"no document {sha256}")
            d.set_aside_by = actor
            s.add(AuditEventRow(sha256=sha256, stage="review", outcome="set aside",
                                actor=actor, detail=note or "unmatched: not in this register"))

    # --- versions -----------------------------------------------------------------------
    def versions(self, sha256: str) -> list[Version]:
        """V1 (the scan as read) and every correction, oldest first."""
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            if d is None:
                return []
            rows = list(s.scalars(select(VersionRow).where(VersionRow.document_id == d.id)
                                  .order_by(VersionRow.number)))
            if rows:
                return [Version(v.number, v.text_key, v.text_sha256,
                                json.loads(v.fields_json or "{}"), v.actor or "", v.note or "",
                                as_utc(v.created_at)) for v in rows]
            objects = json.loads(d.objects_json or "{}")
            return [Version(1, d.text_key, objects.get(d.text_key, ""),
                            json.loads(d.fields_json or "{}"), "", "", as_utc(d.created_at))]

    def add_version(self, sha256: str, text_key: str, text_sha256: str,
                    fields: dict[str, object], body_text: str, actor: str, note: str,
                    records: dict[str, str] | None = None) -> int:
        """A person's correction as the document's next version (its text already stored at
        ``text_key``, its metadata ``records`` (key -> SHA-256) beside it): the fields shown,
        matched and searched become these; V1 is kept as it was. Returns the new version's
        number; one audit event with the actor."""
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            if d is None:
                raise LookupError(f"no document {sha256}")
            have = s.scalar(select(func.max(VersionRow.number))
                            .where(VersionRow.document_id == d.id))
            if have is None:  # the first correction: V1, the scan as read, kept beside it
                objects = json.loads(d.objects_json or "{}")
                s.add(VersionRow(document_id=d.id, number=1, text_key=d.text_key,
                                 text_sha256=objects.get(d.text_key, ""),
                                 fields_json=d.fields_json or "{}", created_at=d.created_at))
                have = 1
            number = have + 1
            s.add(VersionRow(document_id=d.id, number=number, text_key=text_key,
                             text_sha256=text_sha256,
                             fields_json=json.dumps(fields, ensure_ascii=False), actor=actor,
                             note=note))
            objects = json.loads(d.objects_json or "{}")
            objects[text_key] = text_sha256  # checked by every fixity audit from now on
            objects.update(records or {})
            d.objects_json = json.dumps(objects)
            d.fields_json = json.dumps(fields, ensure_ascii=False)
            d.version = number
            s.flush()
            index_row(s, d, body_text)
            s.add(AuditEventRow(sha256=sha256, stage="review", outcome=f"version {number}",
                                actor=actor, detail=note or "corrected"))
            return number

    def current_text_key(self, sha256: str) -> str | None:
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            if d is None:
                return None
            if (d.version or 1) > 1:
                return s.scalar(select(VersionRow.text_key).where(
                    VersionRow.document_id == d.id, VersionRow.number == d.version))
            return d.text_key

    # --- search -------------------------------------------------------------------------
    def reindex(self, sha256: str, body_text: str | None = None) -> None:
        """The document's search row brought up to date (after a match changed, say)."""
        with self.session() as s:
            d = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            if d is not None:
                index_row(s, d, body_text)

    def unindexed(self) -> list[DocumentRecord]:
        """Documents with no search row (catalogued by a version before search)."""
        with self.session() as s:
            have = select(SearchRow.document_id)
            return [_record(d) for d in s.scalars(select(DocumentRow).where(
                DocumentRow.id.not_in(have)).order_by(DocumentRow.id))]

    def search(self, words: list[str], filters: Mapping[str, str] | None = None,
               units: Collection[str] | None = None, limit: int = 50,
               offset: int = 0) -> tuple[int, list[tuple[DocumentRecord, str]]]:
        """Documents whose text has every word (folded, as a word or a word's start) and whose
        fields contain each filter's folded value (``date``: an ISO date or its start,
        "2025-03"), newest first: (how many in all, [(document, its text)] of this page).
        ``units``: only documents matched to results of these units."""
        q = select(DocumentRow, SearchRow.text).join(
            SearchRow, SearchRow.document_id == DocumentRow.id)
        if words and self.engine.dialect.name == "sqlite":
            match = " AND ".join(f'"{w}"*' for w in words)
            hits = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m").bindparams(
                m=match).columns(column("rowid", Integer))
            q = q.where(SearchRow.document_id.in_(hits))
        else:
            for w in words:  # the trigram index answers LIKE; the pattern keeps word starts
                q = q.where(SearchRow.body.like(f"%{w}%"))
                if self.engine.dialect.name == "postgresql":
                    q = q.where(SearchRow.body.op("~")(rf"(^|\W){w}"))
        for key, value in (filters or {}).items():
            value = value.strip()
            if not value:
                continue
            if key == "date":
                q = q.where(SearchRow.issued.startswith(value))
            elif key in {"number", "issuing_body", "signer", "holder", "procedure", "unit"}:
                for w in value.split():
                    q = q.where(getattr(SearchRow, key).like(f"%{fold(w)}%"))
        if units is not None:
            q = q.where(SearchRow.unit_code.in_(sorted(units)) | (SearchRow.unit_code == ""))
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
            rows = s.execute(q.order_by(DocumentRow.id.desc()).limit(limit).offset(offset))
            return total, [(_record(d), t) for d, t in rows]
