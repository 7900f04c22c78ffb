"""The workspace's use cases: who is logged in, what they may see, and what they do (correct,
confirm, match, retry), each checked against the user's role and units and audited with the
user as actor. The web pages and the API call these and nothing below them."""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePath

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.bootstrap import App
from app.matching import attach, detach
from app.reports import make_report
from pipeline import metadata
from pipeline.accounts import Role, User, check_name, check_password, may_change, may_read
from pipeline.document_code import with_version
from pipeline.errors import NotAllowed, NotFound, UsageError
from pipeline.matching import MatchPolicy, match_document
from pipeline.models import DocumentRecord, PageInfo, RegisterEntry, Version
from pipeline.repair import intact_record
from pipeline.report import Report
from pipeline.search import FIELDS, Piece, snippet, terms
from pipeline.units import scope

_HASHER = PasswordHasher()
#: a hash to verify against when the user does not exist (the answer takes as long)
_DUMMY = _HASHER.hash("not a password of anyone")


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ReviewQueue:
    flagged: list[DocumentRecord]
    unmatched: list[DocumentRecord]
    held: list[DocumentRecord]
    quarantined: list[dict[str, str]]
    findings: list[DocumentRecord]

    @property
    def size(self) -> int:
        return (len(self.flagged) + len(self.unmatched) + len(self.held)
                + len(self.quarantined))


@dataclass(frozen=True)
class DocumentView:
    doc: DocumentRecord
    entry: RegisterEntry | None
    pages: list[PageInfo]
    versions: list[Version]
    events: list
    text: str
    may_change: bool
    candidates: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    doc: DocumentRecord
    entry: RegisterEntry | None
    pieces: list[Piece]


class Workspace:
    """Built once per web process from the composition root's App."""

    def __init__(self, app: App):
        self.app = app
        self.cat = app.catalogue
        s = app.settings
        self.session_minutes = s.web_session_minutes

    # --- accounts -----------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str, unit: str = "",
                 actor: str = "") -> User:
        """A new user (``actor``: the admin who made it, "" for the command line)."""
        if why := check_name(name):
            raise UsageError(f"user {name!r}: {why}")
        if why := check_password(password):
            raise UsageError(why)
        try:
            user = User(name, Role(role), unit.strip())
        except ValueError:
            raise UsageError(f"unknown role {role!r}: clerk, auditor or admin") from None
        if user.unit and user.unit not in self.cat.units():
            raise UsageError(f"unit {user.unit} is not in the units table",
                             hint="import the units first (sohoa import-units)")
        try:
            self.cat.add_user(user, _HASHER.hash(password))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        self.cat.add_audit(f"user:{name}", "account", "created",
                           f"role {user.role.value}, unit {user.unit or '(all)'}", actor=actor)
        return user

    def set_password(self, name: str, password: str, actor: str = "") -> None:
        if why := check_password(password):
            raise UsageError(why)
        try:
            self.cat.set_password_hash(name, _HASHER.hash(password))
        except LookupError as exc:
            raise NotFound(str(exc)) from None
        self.cat.add_audit(f"user:{name}", "account", "password set", "", actor=actor)

    def login(self, name: str, password: str) -> User | None:
        """The user when the password is right and the account is active, else None (the
        same time either way)."""
        account = self.cat.account(name)
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None or account.disabled:
            return None
        if _HASHER.check_needs_rehash(account.password_hash):
            self.cat.set_password_hash(name, _HASHER.hash(password))
        return account.user

    def open_session(self, user: User) -> tuple[str, str]:
        """(cookie token, CSRF token) of a new session; only the token's hash is kept."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(minutes=self.session_minutes)
        self.cat.open_session(_sha(token), user.name, csrf, expires)
        self.cat.add_audit(f"user:{user.name}", "account", "logged in", "", actor=user.name)
        return token, csrf

    def session(self, token: str) -> tuple[User, str] | None:
        return self.cat.session_user(_sha(token)) if token else None

    def close_session(self, token: str, user: User) -> None:
        self.cat.close_session(_sha(token))
        self.cat.add_audit(f"user:{user.name}", "account", "logged out", "", actor=user.name)

    def new_token(self, name: str, actor: str = "") -> str:
        """A new API token for ``name`` (shown once; the one before stops working)."""
        token = "sohoa_" + secrets.token_urlsafe(32)
        try:
            self.cat.set_token(name, _sha(token))
        except LookupError as exc:
            raise NotFound(str(exc)) from None
        self.cat.add_audit(f"user:{name}", "account", "API token issued", "", actor=actor)
        return token

    def token_user(self, token: str) -> User | None:
        return self.cat.user_by_token(_sha(token)) if token else None

    # --- scope --------------------------------------------------------------------------
    def units_of(self, user: User) -> frozenset[str] | None:
        """The units a user answers for (None: every unit)."""
        return scope(user.unit, self.cat.units()) if user.unit else None

    def _unit(self, doc: DocumentRecord) -> str | None:
        entry = self.cat.entry(doc.result_id) if doc.result_id else None
        return entry.unit_code if entry else None

    def _doc(self, user: User, ref: str) -> DocumentRecord:
        doc = self.cat.document_by_id(ref)
        if doc is None or not may_read(user, self._unit(doc), self.units_of(user)):
            raise NotFound(f"no document {ref}")
        return doc

    def _changeable(self, user: User, ref: str) -> DocumentRecord:
        doc = self._doc(user, ref)
        if not may_change(user, self._unit(doc), self.units_of(user)):
            raise NotAllowed(f"{user.name} ({user.role.value}) may not change document {ref}")
        return doc

    def _visible(self, user: User, docs: list[DocumentRecord]) -> list[DocumentRecord]:
        units = self.units_of(user)
        return [d for d in docs if may_read(user, self._unit(d), units)]

    # --- the review queue ---------------------------------------------------------------
    def review_queue(self, user: User) -> ReviewQueue:
        quarantined = [] if user.unit else [
            {"sha256": q.sha256, "file_name": q.file_name, "reason": q.reason}
            for q in self.cat.quarantine_rows() if not q.reviewed_by]
        return ReviewQueue(
            flagged=self._visible(user, self.cat.flagged_documents()),
            unmatched=self._visible(user, [d for d in self.cat.unmatched_documents()
                                           if not d.set_aside_by]),
            held=self._visible(user, self.cat.held_documents()),
            quarantined=quarantined,
            findings=self._visible(user, self.cat.documents_with_findings()))

    def document(self, user: User, ref: str) -> DocumentView:
        doc = self._doc(user, ref)
        entry = self.cat.entry(doc.result_id) if doc.result_id else None
        return DocumentView(
            doc, entry, self.cat.pages_of(doc.sha256), self.cat.versions(doc.sha256),
            self.cat.events_of(doc.sha256), self.text(doc),
            may_change(user, entry.unit_code if entry else None, self.units_of(user)),
            list(doc.match.get("candidates") or []))

    def text(self, doc: DocumentRecord) -> str:
        key = self.cat.current_text_key(doc.sha256) or doc.text_key
        with self.app.object_store() as store:
            return store.read(key).decode("utf-8", "replace")

    def stored(self, user: User, ref: str, kind: str) -> tuple[bytes, str, str]:
        """(bytes, media type, file name) of a document's archival PDF ("archival") or the
        scan as handed in ("original"), read from the store."""
        doc = self._doc(user, ref)
        if kind == "archival" and doc.archival_key:
            key, media, name = (doc.archival_key, "application/pdf", doc.archival_name
                                or PurePath(doc.file_name).stem + ".pdfa.pdf")
        elif kind == "original":
            key, media, name = doc.original_key, doc.media_type, doc.file_name
        elif kind in ("metadata.json", "metadata.xml") and doc.metadata_key:
            key = doc.metadata_key.removesuffix(".json") + kind.removeprefix("metadata")
            media = "application/json" if kind.endswith("json") else "application/xml"
            name = f"{doc.doc_code}_V1.{kind}"
        else:
            raise NotFound(f"document {ref} has no {kind} copy")
        with self.app.object_store() as store:
            return store.read(key), media, name

    def page_image(self, user: User, ref: str, page_no: int, width: int = 1100) -> bytes:
        """A page of the scan as a PNG for the review (rendered from the stored original,
        kept under the work folder)."""
        doc = self._doc(user, ref)
        cache = self.app.settings.work_dir / "previews"
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        out = cache / f"{doc.source or doc.sha256}-p{page_no}-{width}.png"
        if out.exists():
            return out.read_bytes()
        from PIL import Image

        from ocr.raster import check_intake, one_page

        data, _, name = self.stored(user, ref, "original")
        with tempfile.TemporaryDirectory(dir=self.app.settings.work_dir) as tmp:
            path = Path(tmp) / ("scan" + (PurePath(name).suffix.lower() or ".bin"))
            path.write_bytes(data)
            kind, count = check_intake(path, name, self.app.ocr_options, 100)
            if not 1 <= page_no <= count:
                raise NotFound(f"{name} has no page {page_no}")
            page = one_page(path, name, page_no, kind, pdf_dpi=100)
        img = Image.fromarray(page.rgb)
        if img.width > width:
            img = img.resize((width, round(img.height * width / img.width)))
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=True)
        out.write_bytes(buf.getvalue())
        return buf.getvalue()

    # --- acting -------------------------------------------------------------------------
    def correct(self, user: User, ref: str, fields: Mapping[str, str], text: str | None,
                note: str = "") -> int:
        """A person's correction of the header fields and/or the text: a new version, its
        text stored and hashed like the first. Returns the version's number."""
        doc = self._changeable(user, ref)
        old = self.text(doc)
        # a browser's text area sends CRLF line ends: the same text is not a correction
        body = unicodedata.normalize("NFC", text if text is not None else old)
        body = body.replace("\r\n", "\n").replace("\r", "\n")
        unknown = sorted(set(fields) - set(CORRECTABLE))
        if unknown:
            raise UsageError(f"no field {', '.join(unknown)} (fields: {', '.join(CORRECTABLE)})")
        merged: dict[str, object] = dict(doc.fields)
        changed = []
        for key, value in fields.items():
            value = unicodedata.normalize("NFC", value or "").strip()
            if key == "date" and value:
                value = _iso_date(value)
            before = merged.get(key)
            before_value = before.get("value") if isinstance(before, Mapping) else None
            if (before_value or "") != value:
                merged[key] = {"value": value, "certainty": 1.0, "by": user.name} \
                    if value else None
                changed.append(key)
        if body.rstrip() != old.rstrip():
            changed.append("text")
        else:
            body = old
        if not changed:
            raise UsageError("nothing was changed")
        versions = self.cat.versions(doc.sha256)
        number = max(v.number for v in versions) + 1
        base = doc.text_key.removesuffix(".txt")
        key = f"{base}.v{number}.txt"
        data = body.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        note = note or f"corrected: {', '.join(changed)}"
        # the corrected fields may now say which result an unmatched document is
        match = self._match_again(user, merged, body) if doc.result_id is None else None
        result_id = match.result_id if match else doc.result_id
        entry = self.cat.entry(result_id) if result_id else None
        with self.app.object_store() as store:
            store.put_verified(key, data, sha, "text/plain; charset=utf-8")
            records = self._version_records(store, doc, merged, entry, number, user, note)
        number = self.cat.add_version(doc.sha256, key, sha, merged, body, user.name, note,
                                      records)
        if match is not None:
            self.cat.set_match(doc.sha256, match.result_id,
                               f"after {user.name}'s correction: {match.how}", match.evidence,
                               actor=user.name)
        return number

    def _match_again(self, user: User, fields: dict[str, object], text: str):
        """The result the corrected fields and text match, if this user may attach to it."""
        s = self.app.settings
        m = match_document(self.cat, fields, text,
                           policy=MatchPolicy(s.match_threshold, s.match_margin))
        if m.result_id is None:
            return None
        entry = self.cat.entry(m.result_id)
        if entry is not None and may_change(user, entry.unit_code, self.units_of(user)):
            return m
        return None

    @staticmethod
    def _version_records(store, doc: DocumentRecord, fields: dict[str, object],
                         entry: RegisterEntry | None, number: int, user: User,
                         note: str) -> dict[str, str]:
        """The correction's metadata record (JSON and XML) beside its text, as the guidance
        numbers versions: V1 the scan, V2… each correction (code ``…_V2``). Made from V1's
        record (what the scan was) and the corrected fields; key -> SHA-256 stored. Nothing
        when the document has no record, or V1's is damaged (the fixity check repairs it)."""
        first = intact_record(doc, store) if doc.metadata_key else None
        if first is None:
            return {}
        record = metadata.build(
            with_version(first.DocCode, number), fields, entry, pages=first.PageAmount,
            digitized_by=first.DigitizedBy,
            digitized_at=datetime.fromisoformat(first.DigitizedAt),
            original_file=first.OriginalFile, original_sha256=first.OriginalSha256,
            page_range=first.PageRange, version=number)
        said = metadata.xml_safe(unicodedata.normalize(
            "NFC", f"hiệu đính V{number} (correction) bởi {user.name}: {note}"))
        record = replace(record, Description="; ".join(filter(None, (record.Description,
                                                                     said))))
        base = doc.text_key.removesuffix(".txt") + f".v{number}.metadata"
        out = {}
        for key, data, media in ((f"{base}.json", metadata.to_json(record), "application/json"),
                                 (f"{base}.xml", metadata.to_xml(record), "application/xml")):
            out[key] = hashlib.sha256(data).hexdigest()
            store.put_verified(key, data, out[key], media)
        return out

    def confirm(self, user: User, ref: str, note: str = "") -> None:
        """The flagged pages looked at (and a held document confirmed): it counts."""
        doc = self._changeable(user, ref)
        if not self.cat.confirm(doc.sha256, user.name, note):
            raise UsageError(f"document {ref} has nothing to confirm")

    def set_aside(self, user: User, ref: str, note: str = "") -> None:
        """An unmatched document whose result is in no register here (another province's,
        say) leaves the queue; it stays stored, unmatched and uncounted, and every run still
        tries to match it (a register import may add its result)."""
        doc = self._changeable(user, ref)
        if doc.result_id:
            raise UsageError(f"document {ref} is matched: detach it first")
        self.cat.set_aside(doc.sha256, user.name, note)

    def attach(self, user: User, ref: str, result_id: str, note: str = "") -> None:
        self._changeable(user, ref)
        entry = self.cat.entry(result_id.strip())
        if entry is None:
            raise NotFound(f"no result {result_id} in the register")
        if not may_change(user, entry.unit_code, self.units_of(user)):
            raise NotAllowed(f"result {result_id} is not of {user.name}'s units")
        attach(self.app, ref, entry.result_id, user.name, note)

    def detach(self, user: User, ref: str, note: str = "") -> None:
        self._changeable(user, ref)
        detach(self.app, ref, user.name, note)

    def acknowledge_quarantined(self, user: User, sha256: str, note: str = "") -> None:
        """A person has seen why a file was quarantined and deals with it outside sohoa (asks
        the desk for a new scan, say): it leaves the queue; the file stays in quarantine."""
        if not user.may_act or user.unit:
            raise NotAllowed(f"{user.name} may not decide on quarantined files")
        if not self.cat.acknowledge_quarantine(sha256, user.name, note):
            raise NotFound(f"no quarantined file {sha256}")

    def retry_quarantined(self, user: User, sha256: str) -> str:
        """A quarantined file goes back to the inbox for the next run (its quarantine record
        is removed; the next run quarantines it again if it still cannot be read)."""
        if not user.may_act or user.unit:
            raise NotAllowed(f"{user.name} may not release quarantined files")
        row = next((q for q in self.cat.quarantine_rows() if q.sha256 == sha256), None)
        if row is None:
            raise NotFound(f"no quarantined file {sha256}")
        src = Path(row.path) if row.path else None
        if src is None or not src.is_file():
            raise UsageError(f"{row.file_name}: the quarantined copy is not at {row.path or '?'}")
        dest = _free_name(self.app.settings.inbox_dir, _file_name(row.file_name))
        shutil.move(src, dest)
        self.cat.release_quarantine(sha256, user.name, f"back to the inbox as {dest.name}")
        return dest.name

    def import_file(self, user: User, name: str, data: bytes, code: str = "") -> str:
        """A document handed in through the API: written to the inbox (named after its dossier
        code when one is given) for the next run. Returns the name it was given."""
        if not user.may_act:
            raise NotAllowed(f"{user.name} ({user.role.value}) may not import documents")
        if code:
            entry = self.cat.entry(code)
            if entry is None:
                raise NotFound(f"no result {code} in the register")
            if not may_change(user, entry.unit_code, self.units_of(user)):
                raise NotAllowed(f"result {code} is not of {user.name}'s units")
        safe = _file_name(name)
        if code:
            safe = f"{_file_name(code)}_{safe}"
        dest = _free_name(self.app.settings.inbox_dir, safe)
        tmp = dest.with_name(f".{dest.name}.part")
        tmp.write_bytes(data)
        tmp.rename(dest)
        self.cat.add_audit(hashlib.sha256(data).hexdigest(), "import", "received",
                           f"{dest.name} ({len(data)} bytes) into the inbox", actor=user.name)
        return dest.name

    def index_missing(self) -> int:
        """Documents catalogued before search existed get their search rows (their texts read
        from the store). Returns how many."""
        docs = self.cat.unindexed()
        for doc in docs:
            self.cat.reindex(doc.sha256, self.text(doc))
        return len(docs)

    # --- search and figures -------------------------------------------------------------
    def search(self, user: User, query: str, filters: Mapping[str, str] | None = None,
               page: int = 1, per_page: int = 20) -> tuple[int, list[Hit]]:
        words = terms(query)
        wanted = {k: v for k, v in (filters or {}).items() if k in FIELDS and v}
        if not words and not wanted:
            return 0, []
        total, rows = self.cat.search(words, wanted, self.units_of(user), per_page,
                                      (max(page, 1) - 1) * per_page)
        hits = [Hit(d, self.cat.entry(d.result_id) if d.result_id else None,
                    snippet(text, words)) for d, text in rows]
        return total, hits

    def report(self, user: User, as_of: date | None = None) -> Report:
        """The same figures as `sohoa report`, for the user's units."""
        return make_report(self.app, as_of, unit=user.unit or None)

    def result(self, user: User, result_id: str) -> tuple[RegisterEntry, list[DocumentRecord]]:
        entry = self.cat.entry(result_id)
        if entry is None or not may_read(user, entry.unit_code, self.units_of(user)):
            raise NotFound(f"no result {result_id}")
        return entry, self.cat.documents_of_result(result_id)


#: the header fields a person may correct
CORRECTABLE = ("number", "date", "place", "issuing_body", "parent_body", "doc_type", "subject",
               "signer")


def _iso_date(text: str) -> str:
    """A date as a person writes it (12/03/2025, 12-3-2025 or 2025-03-12) in ISO form."""
    try:
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(f"date {text!r}: write it as dd/mm/yyyy or yyyy-mm-dd") from None


def _file_name(name: str) -> str:
    """A name safe to create in the inbox: its last part only, no leading dots (".." or a
    hidden file), no separators."""
    last = PurePath(unicodedata.normalize("NFC", name or "").replace("\\", "/")).name
    return last.strip().lstrip(".").strip() or "scan"


def _free_name(folder: Path, name: str) -> Path:
    """``folder / name``, or "name (1).ext" ... when a file waits there under that name."""
    folder.mkdir(parents=True, exist_ok=True)
    dest, n = folder / name, 1
    while dest.exists():
        dest = folder / f"{PurePath(name).stem} ({n}){PurePath(name).suffix}"
        n += 1
    return dest


def fields_json(view: DocumentView) -> dict[str, object]:
    """A document as the API gives it."""
    d, e = view.doc, view.entry
    return {
        "id": d.sha256, "code": d.result_id, "status": d.status, "file_name": d.file_name,
        "page_range": d.page_range, "pages": d.pages, "version": d.version,
        "document_code": f"{d.doc_code}_V{d.version}" if d.doc_code else None,
        "archival_file_name": d.archival_name or None,
        "fields": {k: (v.get("value") if isinstance(v, Mapping) else v)
                   for k, v in d.fields.items() if k != "codes"},
        "review_pages": d.review_pages, "held": d.held, "fixity": d.fixity,
        "register": None if e is None else {
            "result_id": e.result_id, "procedure": e.procedure_name, "unit_code": e.unit_code,
            "unit_name": e.unit_name, "level": e.level.value,
            "issued_date": e.issued_date.isoformat(), "document_number": e.document_number,
            "signer": e.signer, "holder": e.holder},
        "versions": [{"number": v.number, "actor": v.actor, "note": v.note,
                      "text_sha256": v.text_sha256,
                      "at": v.at.isoformat() if v.at else None} for v in view.versions],
        "objects": d.objects,
    }


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
