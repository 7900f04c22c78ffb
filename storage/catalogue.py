"""The SQL catalogue (SQLAlchemy 2): register entries, stored scans, pages, quarantine, audit.

SQLite by default, PostgreSQL by URL. One transaction per recorded scan.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    case,
    create_engine,
    delete,
    event,
    exists,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from pipeline.fixity import DocumentFixity, FixityTarget
from pipeline.models import Level, Outcome, PageText, RegisterEntry, ScanFile, ScanResult
from pipeline.rates import Exclusions, UnitCount
from pipeline.report import QuarantinedFile, UnmatchedScan
from pipeline.units import AdminUnit


def _aware(t: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class RegisterRow(Base):
    __tablename__ = "register_entries"
    result_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    procedure_code: Mapped[str] = mapped_column(String(40), default="")
    procedure_name: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(200), default="")
    unit_code: Mapped[str] = mapped_column(String(40), index=True)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(16))
    issued_date: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    replaced_by: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # Everything the rate report reads, in its GROUP BY order: the report scans this index,
    # not the wide rows (a million rows: 4.2 s -> 2.2 s on SQLite)
    __table_args__ = (Index("ix_register_report", "level", "unit_code", "unit_name",
                            "issued_date", "valid_until", "revoked", "replaced_by",
                            "result_id"),)

    def to_entry(self) -> RegisterEntry:
        return RegisterEntry(
            self.result_id, self.procedure_code, self.procedure_name, self.field,
            self.unit_code, self.unit_name, Level(self.level), self.issued_date,
            self.valid_until, self.revoked, self.replaced_by or "",
        )


class UnitRow(Base):
    __tablename__ = "admin_units"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent: Mapped[str] = mapped_column(String(40), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    successor: Mapped[str] = mapped_column(String(40), default="")


class DocumentRow(Base):
    __tablename__ = "documents"
    # "has this result a counted scan?" is asked once per register row: one index answers it
    __table_args__ = (Index("ix_documents_counted", "result_id", "status", "fixity"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # archived | unmatched
    result_id: Mapped[str | None] = mapped_column(String(120), index=True, nullable=True)
    match_note: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    ocr_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    bucket: Mapped[str] = mapped_column(String(63))
    original_key: Mapped[str] = mapped_column(Text)
    text_key: Mapped[str] = mapped_column(Text)
    archival_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    fields_json: Mapped[str] = mapped_column(Text, default="{}")  # header fields read by OCR
    review_pages: Mapped[int] = mapped_column(Integer, default=0)  # pages flagged for review
    #: SHA-256 of every object stored for this scan (key -> hash), the original's included
    objects_json: Mapped[str] = mapped_column(Text, default="{}")
    #: "ok" until a fixity audit finds an object missing or altered ("failed"); a failed
    #: document does not count as digitized until an audit finds it whole again
    fixity: Mapped[str] = mapped_column(String(16), default="ok", index=True)
    fixity_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                               nullable=True)
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PageRow(Base):
    __tablename__ = "pages"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    page_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    confidence: Mapped[float] = mapped_column(Float)
    chars: Mapped[int] = mapped_column(Integer)
    rotated_deg: Mapped[int] = mapped_column(Integer, default=0)
    skew_deg: Mapped[float] = mapped_column(Float, default=0.0)
    quality: Mapped[float | None] = mapped_column(Float, nullable=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)


class QuarantineRow(Base):
    __tablename__ = "quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_name: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(Text)
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ClaimRow(Base):
    """A scan some run is working on now (one row per content hash, removed when done): two
    runs or two workers never process the same file at once. The lease expires unless renewed."""
    __tablename__ = "claims"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    source_name: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # WAL lets readers run while a scan is recorded
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            # 64 MB of page cache (default 2 MB): a million-row register import inserts into
            # its indexes in random order and would otherwise re-read pages from disk
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

        return engine
    if url.startswith("postgresql+psycopg"):
        # the report sorts / hashes a million rows: in memory, not in temp files (default
        # work_mem 4 MB); JIT compiling the aggregate costs more than it saves at these sizes
        return create_engine(url, pool_pre_ping=True,
                             connect_args={"options": "-c work_mem=64MB -c jit=off"})
    return create_engine(url, pool_pre_ping=True)


def add_missing_columns(engine: Engine) -> list[str]:
    """Additive schema upgrade: columns this version added to existing tables are created
    (with their default) in a catalogue made by an older version. Returns what was added."""
    existing = inspect(engine)
    added = []
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if not existing.has_table(table.name):
                continue
            have = {c["name"] for c in existing.get_columns(table.name)}
            for col in table.columns:
                if col.name in have:
                    continue
                ddl = f"ALTER TABLE {table.name} ADD COLUMN {col.name} " \
                      f"{col.type.compile(dialect=engine.dialect)}"
                default = col.default.arg if col.default is not None else None
                if isinstance(default, bool):
                    ddl += f" DEFAULT {'TRUE' if default else 'FALSE'}"
                elif isinstance(default, int | float):
                    ddl += f" DEFAULT {default}"
                elif isinstance(default, str):
                    ddl += " DEFAULT '" + default.replace("'", "''") + "'"
                conn.execute(text(ddl))
                added.append(f"{table.name}.{col.name}")
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(engine, checkfirst=True)
    return added


class SqlCatalogue:
    def __init__(self, url: str):
        self.engine = make_engine(url)
        for attempt in range(3):
            try:
                Base.metadata.create_all(self.engine)
                add_missing_columns(self.engine)
                break
            except DBAPIError:
                # another process (a second worker) created the same table or column between
                # our check and our CREATE: look again
                if attempt == 2:
                    raise
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._session.begin() as s:
            yield s

    # --- register -------------------------------------------------------------------------
    #: result ids looked up per SELECT (SQLite's default limit is 32,766 bound parameters)
    LOOKUP = 10_000

    def upsert_entries(self, entries: Iterable[RegisterEntry],
                       chunk: int = 100_000) -> tuple[int, int]:
        """Insert new rows, update changed ones, in chunks of one transaction each (few
        commits: on SQLite each one checkpoints the WAL). Returns (added, updated)."""
        added = updated = 0
        batch: list[RegisterEntry] = []
        for e in entries:
            batch.append(e)
            if len(batch) >= chunk:
                a, u = self._upsert_chunk(batch)
                added, updated, batch = added + a, updated + u, []
        if batch:
            a, u = self._upsert_chunk(batch)
            added, updated = added + a, updated + u
        return added, updated

    _FIELDS = ("procedure_code", "procedure_name", "field", "unit_code", "unit_name", "level",
               "issued_date", "valid_until", "revoked", "replaced_by")

    def _upsert_chunk(self, batch: list[RegisterEntry]) -> tuple[int, int]:
        rows = {e.result_id: (e.procedure_code, e.procedure_name, e.field, e.unit_code,
                              e.unit_name, e.level.value, e.issued_date, e.valid_until,
                              e.revoked, e.replaced_by) for e in batch}
        cols = [getattr(RegisterRow, f) for f in self._FIELDS]
        ids = list(rows)
        with self.session() as s:
            existing = {}
            conn = s.connection()
            if conn.dialect.name == "postgresql":
                # one array parameter: five times faster than 10,000 bound parameters
                with conn.connection.driver_connection.cursor() as cur:
                    cur.execute(f"SELECT result_id, {', '.join(self._FIELDS)} FROM "
                                "register_entries WHERE result_id = ANY(%s)", (ids,))
                    existing.update((r[0], tuple(r[1:])) for r in cur)
            else:
                for i in range(0, len(ids), self.LOOKUP):  # bound parameters per statement
                    existing.update((r[0], tuple(r[1:])) for r in s.execute(
                        select(RegisterRow.result_id, *cols).where(
                            RegisterRow.result_id.in_(ids[i:i + self.LOOKUP]))))
            new = [(k, *v) for k, v in rows.items() if k not in existing]
            changed = [(k, v) for k, v in rows.items() if k in existing and v != existing[k]]
            now = _now()
            if new:
                self._insert_new(s, new, now)
            if changed:
                s.execute(update(RegisterRow), [
                    {"result_id": k, **dict(zip(self._FIELDS, v, strict=True)),
                     "updated_at": now} for k, v in changed])
        return len(new), len(changed)

    def _insert_new(self, s: Session, rows: list[tuple], now: datetime) -> None:
        """New register rows in bulk at the driver: COPY on PostgreSQL, one executemany on
        SQLite (values in the forms SQLAlchemy stores there: ISO dates, 0/1), else Core."""
        names = ("result_id", *self._FIELDS, "updated_at")
        conn = s.connection()
        dialect = conn.dialect.name
        if dialect == "postgresql":
            cursor = conn.connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY register_entries ({', '.join(names)}) "
                                     "FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["varchar", "varchar", "text", "varchar", "varchar", "varchar",
                                "varchar", "date", "date", "bool", "text", "timestamptz"])
                for r in rows:
                    copy.write_row((*r, now))
        elif dialect == "sqlite":
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            conn.exec_driver_sql(
                f"INSERT INTO register_entries ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [(*r[:7], r[7].isoformat(), r[8].isoformat() if r[8] else None, int(r[9]),
                  r[10], stamp) for r in rows])
        else:
            s.execute(RegisterRow.__table__.insert(),
                      [dict(zip(names, (*r, now), strict=True)) for r in rows])

    def upsert_units(self, units: Iterable[AdminUnit]) -> tuple[int, int]:
        """Insert new units, update changed ones. Returns (added, updated)."""
        added = updated = 0
        with self.session() as s:
            for u in units:
                values = dict(name=u.name, level=u.level.value, parent=u.parent,
                              valid_from=u.valid_from, valid_to=u.valid_to,
                              successor=u.successor)
                row = s.get(UnitRow, u.code)
                if row is None:
                    s.add(UnitRow(code=u.code, **values))
                    added += 1
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(row, k, v)
                    updated += 1
        return added, updated

    def units(self) -> dict[str, AdminUnit]:
        with self.session() as s:
            return {r.code: AdminUnit(r.code, r.name, Level(r.level), r.parent, r.valid_from,
                                      r.valid_to, r.successor)
                    for r in s.scalars(select(UnitRow))}

    def _status(self, as_of: date):
        """SQL for rates.status_on (kept equal by tests on both databases): (register alias,
        status expression, "has a counted scan" expression, FROM clause)."""
        r = RegisterRow.__table__.alias("r")
        rep = RegisterRow.__table__.alias("rep")
        d = DocumentRow.__table__.alias("d")
        has_scan = exists().where(d.c.result_id == r.c.result_id,
                                  d.c.status == Outcome.ARCHIVED.value, d.c.fixity != "failed")
        # the replacement's issue date, looked up only for the few rows that name one (CASE
        # stops at the first true branch); a replacement not in the register counts as issued
        rep_issued = (select(rep.c.issued_date).where(rep.c.result_id == r.c.replaced_by)
                      .scalar_subquery())
        status = case(
            (r.c.revoked.is_(True), "revoked"),
            (r.c.issued_date > as_of, "not_yet_issued"),
            (and_(r.c.replaced_by != "", func.coalesce(rep_issued, as_of) <= as_of),
             "replaced"),
            (and_(r.c.valid_until.is_not(None), r.c.valid_until < as_of), "expired"),
            else_="valid").label("status")
        frm = r
        return r, status, has_scan, frm

    def rate_counts(self, as_of: date, by: str = "unit", units: Collection[str] | None = None):
        """Valid / digitized per level and unit (``by="unit"``), field or procedure, counted
        in the database, and the exclusions: (rows, Exclusions). ``units``: only results
        issued by these units."""
        r, status, has_scan, frm = self._status(as_of)
        digitized = func.sum(case((has_scan, 1), else_=0)).label("digitized")
        keys = {"unit": (r.c.unit_code, r.c.unit_name), "field": (r.c.field, r.c.field),
                "procedure": (r.c.procedure_code, r.c.procedure_name)}[by]
        q = (select(r.c.level, *keys, status, func.count().label("n"), digitized)
             .select_from(frm).group_by(r.c.level, *keys, status))
        if units is not None:
            q = q.where(r.c.unit_code.in_(sorted(units)))
        rows, excluded = [], {"revoked": 0, "expired": 0, "not_yet_issued": 0, "replaced": 0}
        with self.session() as s:
            for level, key, name, st, n, d in s.execute(q):
                if st == "valid":
                    rows.append(UnitCount(Level(level), key or "", name or "", n, d))
                else:
                    excluded[st] += n
        return rows, Exclusions(**excluded)

    def missing_entries(self, as_of: date,
                        units: Collection[str] | None = None) -> list[RegisterEntry]:
        """Valid results with no counted scan, in level, unit, result id order."""
        r, status, has_scan, frm = self._status(as_of)
        q = select(r).select_from(frm).where(status == "valid", ~has_scan)
        if units is not None:
            q = q.where(r.c.unit_code.in_(sorted(units)))
        order = list(Level)
        with self.session() as s:
            out = [RegisterEntry(x.result_id, x.procedure_code, x.procedure_name, x.field,
                                 x.unit_code, x.unit_name, Level(x.level), x.issued_date,
                                 x.valid_until, x.revoked, x.replaced_by or "")
                   for x in s.execute(q)]
        return sorted(out, key=lambda e: (order.index(e.level), e.unit_code, e.result_id))

    def entries(self) -> list[RegisterEntry]:
        with self.session() as s:
            return [r.to_entry() for r in s.scalars(select(RegisterRow))]

    def entry(self, result_id: str) -> RegisterEntry | None:
        with self.session() as s:
            row = s.get(RegisterRow, result_id)
            return row.to_entry() if row else None

    def known_result_ids(self, candidates: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(candidates))
        if not ids:
            return set()
        with self.session() as s:
            return set(s.scalars(select(RegisterRow.result_id).where(
                RegisterRow.result_id.in_(ids))))

    # --- scans ----------------------------------------------------------------------------
    def outcome_of(self, sha256: str) -> str | None:
        with self.session() as s:
            status = s.scalar(select(DocumentRow.status).where(DocumentRow.sha256 == sha256))
            if status:
                return status
            if s.scalar(select(QuarantineRow.id).where(QuarantineRow.sha256 == sha256)):
                return Outcome.QUARANTINED.value
        return None

    def record_scan(
        self, scan: ScanFile, result: ScanResult, pages: list[PageText], *,
        media_type: str, original_key: str, text_key: str, bucket: str, run_id: str | None,
        archival_key: str | None = None, fields: dict[str, object] | None = None,
        object_sha256: dict[str, str] | None = None,
    ) -> bool:
        """False when the same content was recorded meanwhile (two copies in one batch)."""
        keys = {"original_key": original_key, "text_key": text_key, "archival_key": archival_key}
        objects = {original_key: scan.sha256, **(object_sha256 or {})}
        try:
            self._record_scan(scan, result, pages, media_type, keys, bucket, run_id,
                              fields or {}, objects)
        except IntegrityError:
            if self.outcome_of(scan.sha256) is None:
                raise
            return False
        return True

    def _record_scan(self, scan, result, pages, media_type, keys, bucket, run_id,
                     fields, objects) -> None:
        with self.session() as s:
            doc = DocumentRow(
                sha256=scan.sha256, status=result.outcome.value, result_id=result.result_id,
                match_note=result.message, source_name=scan.name, media_type=media_type,
                size_bytes=scan.size, pages=len(pages), ocr_confidence=result.confidence,
                bucket=bucket, **keys, flow_run_id=run_id,
                fields_json=json.dumps(fields, ensure_ascii=False),
                review_pages=sum(p.needs_review for p in pages),
                objects_json=json.dumps(objects),
            )
            s.add(doc)
            s.flush()
            s.add_all(PageRow(document_id=doc.id, page_no=p.page_no, confidence=p.confidence,
                              chars=len(p.text), rotated_deg=p.rotated_deg, skew_deg=p.skew_deg,
                              quality=p.quality, needs_review=p.needs_review)
                      for p in pages)
            s.add_all([
                AuditEvent(sha256=scan.sha256, stage="ocr", outcome="ok",
                           detail=f"{len(pages)} page(s), confidence {result.confidence}",
                           flow_run_id=run_id),
                AuditEvent(sha256=scan.sha256, stage="store", outcome="verified",
                           detail="; ".join(f"{bucket}/{k}" for k in keys.values() if k),
                           flow_run_id=run_id),
                AuditEvent(sha256=scan.sha256, stage="catalogue", outcome=result.outcome.value,
                           detail=result.result_id or result.message, flow_run_id=run_id),
            ])

    # --- claims (see pipeline/claims.py) ----------------------------------------------------
    def claim(self, sha256: str, owner: str, lease_seconds: float, source_name: str = "",
              stale=lambda owner: False) -> str | None:
        """Take the scan for `owner`. None when taken; else the owner that holds it. A claim
        whose lease ran out, or whose owner `stale(owner)` says is dead, is taken over."""
        now = _now()
        until = now + timedelta(seconds=lease_seconds)
        try:
            with self.session() as s:
                s.add(ClaimRow(sha256=sha256, owner=owner, source_name=source_name,
                               expires_at=until))
            return None
        except IntegrityError:
            pass
        with self.session() as s:
            row = s.get(ClaimRow, sha256)
            if row is None:  # released meanwhile
                return self.claim(sha256, owner, lease_seconds, source_name, stale)
            held_by, expires = row.owner, _aware(row.expires_at)
            if held_by != owner and expires > now and not stale(held_by):
                return held_by
            taken = s.execute(update(ClaimRow).where(
                ClaimRow.sha256 == sha256, ClaimRow.owner == held_by).values(
                owner=owner, expires_at=until)).rowcount
        return None if taken == 1 else self.claim(sha256, owner, lease_seconds, source_name,
                                                  stale)

    def renew_claim(self, sha256: str, owner: str, lease_seconds: float) -> bool:
        with self.session() as s:
            return s.execute(update(ClaimRow).where(
                ClaimRow.sha256 == sha256, ClaimRow.owner == owner).values(
                expires_at=_now() + timedelta(seconds=lease_seconds))).rowcount == 1

    def release_claim(self, sha256: str, owner: str) -> None:
        with self.session() as s:
            s.execute(delete(ClaimRow).where(ClaimRow.sha256 == sha256,
                                             ClaimRow.owner == owner))

    def claims(self) -> list[tuple[str, str, str, datetime]]:
        """(sha256, source name, owner, lease end) of scans being processed now."""
        with self.session() as s:
            return [(c.sha256, c.source_name, c.owner, _aware(c.expires_at))
                    for c in s.scalars(select(ClaimRow).order_by(ClaimRow.source_name))]

    def record_quarantine(
        self, scan: ScanFile, reason: str, stage: str, path: str, run_id: str | None
    ) -> None:
        with self.session() as s:
            s.add(QuarantineRow(sha256=scan.sha256, source_name=scan.name, reason=reason,
                                stage=stage, path=path, flow_run_id=run_id))
            s.add(AuditEvent(sha256=scan.sha256, stage=stage, outcome="quarantined",
                             detail=reason, flow_run_id=run_id))

    def digitized_result_ids(self) -> set[str]:
        with self.session() as s:
            return set(s.scalars(select(DocumentRow.result_id).where(
                DocumentRow.status == Outcome.ARCHIVED.value, DocumentRow.fixity != "failed")))

    def fixity_targets(self, units: Collection[str] | None = None) -> list[FixityTarget]:
        """Every stored scan with the hashes of its objects, as recorded at ingest (``units``:
        only scans of results those units issued)."""
        q = select(DocumentRow).order_by(DocumentRow.id)
        if units is not None:
            q = q.join(RegisterRow, RegisterRow.result_id == DocumentRow.result_id).where(
                RegisterRow.unit_code.in_(sorted(units)))
        with self.session() as s:
            return [FixityTarget(d.sha256, d.result_id, d.source_name,
                                 json.loads(d.objects_json or "{}") or {d.original_key: d.sha256})
                    for d in s.scalars(q)]

    def record_fixity(self, results: list[DocumentFixity], run_id: str | None = None) -> None:
        """Mark each document ok or failed and log one audit event per object checked."""
        now = _now()
        with self.session() as s:
            for r in results:
                doc = s.scalars(select(DocumentRow).where(DocumentRow.sha256 == r.sha256)).one()
                doc.fixity = "ok" if r.ok else "failed"
                doc.fixity_checked_at = now
                s.add_all(AuditEvent(sha256=r.sha256, stage="verify", outcome=c.status,
                                     detail=f"{doc.bucket}/{c.key}", flow_run_id=run_id)
                          for c in r.checks)

    def fixity_failures(self) -> list[tuple[str | None, str, str]]:
        """(result id, source name, original key) of documents whose last audit failed."""
        with self.session() as s:
            return [(d.result_id, d.source_name, d.original_key) for d in s.scalars(
                select(DocumentRow).where(DocumentRow.fixity == "failed")
                .order_by(DocumentRow.source_name))]

    def audit_events(self) -> list[AuditEvent]:
        with self.session() as s:
            return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))

    def documents(self) -> list[DocumentRow]:
        with self.session() as s:
            return list(s.scalars(select(DocumentRow).order_by(DocumentRow.source_name)))

    def unmatched(self) -> list[UnmatchedScan]:
        with self.session() as s:
            rows = s.scalars(select(DocumentRow).where(
                DocumentRow.status == Outcome.UNMATCHED.value).order_by(DocumentRow.source_name))
            return [UnmatchedScan(r.source_name, r.sha256, r.original_key) for r in rows]

    def quarantined(self) -> list[QuarantinedFile]:
        with self.session() as s:
            rows = s.scalars(select(QuarantineRow).order_by(QuarantineRow.source_name))
            return [QuarantinedFile(r.source_name, r.reason, r.path) for r in rows]

    def close(self) -> None:
        self.engine.dispose()
