"""The catalogue's tables (SQLAlchemy 2), its engine, and the upgrade of older catalogues."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pipeline.models import Level, RegisterEntry


def as_utc(t: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class RegisterColumns:
    """A register row's values: the current row (register_entries) and each earlier version
    of it (register_history) hold the same."""

    procedure_code: Mapped[str] = mapped_column(String(40), default="")
    procedure_name: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(200), default="")
    unit_code: Mapped[str] = mapped_column(String(40))
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(16))
    issued_date: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the day it was revoked (the register's, else the import's that first said so)
    revoked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    replaced_by: Mapped[str] = mapped_column(Text, default="")
    #: optional: số ký hiệu, người ký, chủ hồ sơ (matching a scan by what is printed on it)
    document_number: Mapped[str] = mapped_column(String(120), default="")
    signer: Mapped[str] = mapped_column(String(200), default="")
    holder: Mapped[str] = mapped_column(String(300), default="")
    #: the number as compared (pipeline.content_match.number_key): looked up by index
    number_key: Mapped[str] = mapped_column(String(120), default="")


class RegisterRow(RegisterColumns, Base):
    __tablename__ = "register_entries"
    result_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    #: since when this version of the row holds (its import); the one before is in history
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    # Everything the rate report reads, in its GROUP BY order: the report scans this index,
    # not the wide rows (a million rows: 4.2 s -> 2.2 s on SQLite)
    __table_args__ = (Index("ix_register_rates", "level", "unit_code", "issued_date",
                            "valid_until", "revoked", "revoked_on", "replaced_by",
                            "result_id"),
                      # a unit's rows, and the name of its latest: read from the index alone
                      Index("ix_register_unit_names", "unit_code", "issued_date", "unit_name"),
                      Index("ix_register_entries_issued_date", "issued_date"),
                      Index("ix_register_entries_number_key", "number_key"))

    def to_entry(self) -> RegisterEntry:
        return RegisterEntry(
            self.result_id, self.procedure_code, self.procedure_name, self.field,
            self.unit_code, self.unit_name, Level(self.level), self.issued_date,
            self.valid_until, self.revoked, self.replaced_by or "",
            self.document_number or "", self.signer or "", self.holder or "",
            self.revoked_on,
        )


class RegisterHistoryRow(RegisterColumns, Base):
    """An earlier version of a register row, kept when an import changed it: the register as
    it was known at any moment can be read again (a submitted report reproduced)."""

    __tablename__ = "register_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[str] = mapped_column(String(120), index=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class RateChanges:
    """How many results of a unit entered (+) or left (-) a state (pipeline/timeline.py)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))
    delta: Mapped[int] = mapped_column(Integer)


class RateDayRow(RateChanges, Base):
    """The rate summary, per day: a report for a day sums these up instead of reading every
    result. Made again by `rebuild_rate_summary` (storage/catalogue/rollup.py)."""

    __tablename__ = "rate_days"
    day: Mapped[date] = mapped_column(Date, index=True)


class RateMonthRow(RateChanges, Base):
    """The same changes added up per month (the first day of the month)."""

    __tablename__ = "rate_months"
    month: Mapped[date] = mapped_column(Date, index=True)


class RateYearRow(Base):
    """The rate summary's opening totals: how many results of a unit were in each state when
    a year began (every change before its first day added up), for each year from the first
    change on. A report adds the months and days since."""

    __tablename__ = "rate_years"
    __table_args__ = (Index("ix_rate_years", "year_start", "level", "unit_code", "state",
                            "total"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year_start: Mapped[date] = mapped_column(Date)
    level: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))
    total: Mapped[int] = mapped_column(Integer)


class RateUnitNameRow(Base):
    """Each unit's name in the register (the spelling of its most recently issued result),
    taken when the summary was made: shown when the units table does not name the unit."""

    __tablename__ = "rate_unit_names"
    unit_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class RateDirtyRow(Base):
    """A result whose documents changed since the rate summary was made (written by the
    documents' triggers): its unit is counted again before the summary is read."""

    __tablename__ = "rate_summary_dirty"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[str] = mapped_column(String(120))


class RateSummaryState(Base):
    """One row: how many times what the summary is made from has changed (a trigger on
    documents, the register import), and the count it was made at."""

    __tablename__ = "rate_summary_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    built_at_change: Mapped[int] = mapped_column(Integer, default=-1)
    built_for: Mapped[str] = mapped_column(String(200), default="")
    built_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class UnitRow(Base):
    __tablename__ = "admin_units"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent: Mapped[str] = mapped_column(String(40), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: the unit(s) that took over its results; "a;b" for a unit split between several
    successor: Mapped[str] = mapped_column(Text, default="")
    #: this code is another code of that unit (a one-stop agency code, say)
    alias_of: Mapped[str] = mapped_column(String(40), default="")


class DocumentRow(Base):
    __tablename__ = "documents"
    # "has this result a counted scan?" is asked once per register row: one index answers it
    __table_args__ = (Index("ix_documents_counts", "result_id", "status", "fixity", "held",
                            "review_pages", "counts_from"),
                      # what every report lists (held, flagged, with findings) is a few rows
                      # among millions of documents: found by index, not by a scan. Partial
                      # indexes of those few rows only: the counting query (held false, no
                      # page flagged) cannot take them for its own
                      *(Index(f"ix_documents_{name}", "file_name", sqlite_where=text(lite),
                              postgresql_where=text(pg))
                        for name, lite, pg in (
                            ("held", "held = 1", "held"),  # as `held == True` is written
                            ("flagged", "review_pages > 0", "review_pages > 0"),
                            ("findings", "findings_json != '[]'", "findings_json != '[]'"))))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # archived | unmatched
    result_id: Mapped[str | None] = mapped_column(String(120), index=True, nullable=True)
    match_note: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(Text)
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
    #: "ok" until a fixity check finds an object missing or altered ("failed"); a failed
    #: document does not count as digitized until a check finds it whole again
    fixity: Mapped[str] = mapped_column(String(16), default="ok", index=True)
    fixity_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                               nullable=True)
    #: the keys the last fixity check found missing or altered (JSON list)
    fixity_problems: Mapped[str] = mapped_column(Text, default="[]")
    #: a page on which nothing was read: the document does not count until a person confirms
    #: it (`sohoa review confirm`)
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    #: why it is held: blank pages, an unsure boundary in a batch, a blocking intake finding
    hold_reason: Mapped[str] = mapped_column(Text, default="")
    #: the file it came from (its SHA-256) and its pages there: a batch scan holds several
    #: documents, each its own row; for a file that is one document, source = sha256
    source_sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    page_range: Mapped[str] = mapped_column(String(40), default="")
    blank_pages: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, pages in the file
    #: how it was matched: the evidence and the candidates a person may choose from (JSON)
    match_json: Mapped[str] = mapped_column(Text, default="{}")
    #: intake findings of its pages (JSON list of "p<N> <code>: <detail>")
    findings_json: Mapped[str] = mapped_column(Text, default="[]")
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    #: the version shown, searched and matched (document_versions); 1: the scan as read
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: an unmatched document a person set aside (its result is in no register here, say):
    #: out of the review queue, still stored, listed and matched again by every run
    set_aside_by: Mapped[str] = mapped_column(String(200), default="")
    #: its code (MCQ_LV_STT, the version added when shown: pipeline/document_code.py) and
    #: the archival copy's file name per the guidance (CODE_YYYYMMDD_DESC.pdf)
    doc_code: Mapped[str] = mapped_column(String(120), default="", index=True)
    archival_name: Mapped[str] = mapped_column(Text, default="")
    #: its metadata record (JSON, as stored beside the archival copy)
    metadata_key: Mapped[str] = mapped_column(Text, default="")
    #: since when it counts for its result (matched, not held, looked at): a report for an
    #: earlier day does not count it (None: it does not count)
    counts_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                         nullable=True)


class CodeCounterRow(Base):
    """The last sequence number given per digitizing agency and document type."""
    __tablename__ = "code_counters"
    agency: Mapped[str] = mapped_column(String(60), primary_key=True)
    abbreviation: Mapped[str] = mapped_column(String(20), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


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
    blank: Mapped[bool] = mapped_column(Boolean, default=False)
    #: intake checks the page failed (JSON list of {"code", "detail"})
    findings: Mapped[str] = mapped_column(Text, default="[]")


class QuarantineRow(Base):
    __tablename__ = "quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(Text)  # "" until the inbox has moved the file aside
    #: the person who has seen it and deals with it (it leaves the review queue); "" not yet
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class SubmittedReportRow(Base):
    """A report submitted (frozen): its figures' hash and where its files are stored; it is
    reproduced from the catalogue with what was known when it was submitted."""

    __tablename__ = "submitted_reports"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    grouping: Mapped[str] = mapped_column(String(16), default="issuing")
    unit: Mapped[str] = mapped_column(String(40), default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200), default="")
    figures_sha256: Mapped[str] = mapped_column(String(64))
    manifest_key: Mapped[str] = mapped_column(Text)
    manifest_sha256: Mapped[str] = mapped_column(String(64))


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: the person who acted ("" for the machine's own stages)
    actor: Mapped[str] = mapped_column(String(200), default="")


class ClaimRow(Base):
    """A scan some run is working on now (one row per content hash, removed when done): two
    runs or two workers never process the same file at once. The lease expires unless renewed."""
    __tablename__ = "claims"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A person who logs in to the workspace (pipeline/accounts.py says what each role may)."""
    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(40), default="")   # "" = every unit
    password_hash: Mapped[str] = mapped_column(Text)             # argon2id
    #: SHA-256 of the user's API token (the token itself is shown once, never stored)
    token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class SessionRow(Base):
    """A logged-in browser: the cookie holds a random token, the catalogue its SHA-256."""
    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class VersionRow(Base):
    """A document's versions: V1 the scan as read, V2… a person's corrections of its text or
    header fields. The original scan never changes; each version's text is stored and hashed
    like the first."""
    __tablename__ = "document_versions"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_key: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    fields_json: Mapped[str] = mapped_column(Text, default="{}")
    actor: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class SearchRow(Base):
    """What a search looks in, one row per document: its current text and fields, folded
    (pipeline/search.py: no marks, lower case) beside the text as written (for the snippet).
    SQLite adds an FTS5 index on ``body``; PostgreSQL trigram indexes (pg_trgm)."""
    __tablename__ = "search_index"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str] = mapped_column(Text, default="")
    issued: Mapped[str] = mapped_column(String(10), default="")   # ISO date, "" unknown
    issuing_body: Mapped[str] = mapped_column(Text, default="")
    signer: Mapped[str] = mapped_column(Text, default="")
    holder: Mapped[str] = mapped_column(Text, default="")
    procedure: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text, default="")
    unit_code: Mapped[str] = mapped_column(String(40), default="", index=True)


#: SQLite's full-text index over search_index.body, kept in step by triggers
FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(body, content='search_index', "
    "content_rowid='document_id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_ai AFTER INSERT ON search_index BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.document_id, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_ad AFTER DELETE ON search_index BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES('delete', old.document_id, "
    "old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_au AFTER UPDATE ON search_index BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES('delete', old.document_id, "
    "old.body); INSERT INTO search_fts(rowid, body) VALUES (new.document_id, new.body); END",
]
#: PostgreSQL: trigram indexes make ILIKE '%word%' on the folded text fast
TRGM_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_search_body_trgm ON search_index USING gin "
    "(body gin_trgm_ops)",
]


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # WAL lets readers run while a scan is recorded
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            # 256 MB of page cache at most (default 2 MB; pages are taken as they are needed): a
            # register import inserts into its indexes in random order and would otherwise
            # re-read pages (10M rows: ~1.5 GB of indexes)
            cur.execute("PRAGMA cache_size=-262144")
            # WAL: a commit is durable once the WAL is synced at checkpoints; a power cut
            # loses at most the last transactions, never corrupts (SQLite's documented mode)
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql+psycopg"):
        # the report sorts / hashes a million rows: in memory, not in temp files (default
        # work_mem 4 MB); JIT compiling the aggregate costs more than it saves at these sizes
        return create_engine(url, pool_pre_ping=True,
                             connect_args={"options": "-c work_mem=64MB -c jit=off"})
    return create_engine(url, pool_pre_ping=True)


#: columns an older version called otherwise: (table, old name) -> new name
RENAMED = {("documents", "source_name"): "file_name", ("quarantine", "source_name"): "file_name",
           ("claims", "source_name"): "file_name"}


def rename_old_columns(engine: Engine) -> list[str]:
    """Columns renamed since an older version get their new name (SQLite >= 3.25 and
    PostgreSQL both RENAME COLUMN in place, data kept). Returns what was renamed."""
    existing = inspect(engine)
    renamed = []
    with engine.begin() as conn:
        for (table, old), new in RENAMED.items():
            if not existing.has_table(table):
                continue
            have = {c["name"] for c in existing.get_columns(table)}
            if old in have and new not in have:
                conn.execute(text(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}"))
                renamed.append(f"{table}.{old} -> {new}")
    return renamed


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


#: indexes of older versions, replaced by wider ones (the rate report reads them alone)
DROPPED_INDEXES = ("ix_register_report", "ix_documents_counting",
                   "ix_register_entries_unit_code")


def migrate(engine: Engine) -> None:
    """Create what is missing, rename what was renamed, then add the new columns (renaming
    first: else the new column would be added empty beside the old one)."""
    Base.metadata.create_all(engine)
    rename_old_columns(engine)
    added = add_missing_columns(engine)
    with engine.begin() as conn:
        for name in DROPPED_INDEXES:
            conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        if conn.dialect.name == "postgresql" and conn.execute(text(
                "SELECT data_type FROM information_schema.columns WHERE table_name = "
                "'admin_units' AND column_name = 'successor'")).scalar() != "text":
            # several successors of a split unit (made once: it locks the table)
            conn.execute(text("ALTER TABLE admin_units ALTER COLUMN successor TYPE text"))
        if "documents.counts_from" in added:
            # a catalogue from before: what counts now has counted since it was catalogued
            conn.execute(text("UPDATE documents SET counts_from = created_at WHERE status = "
                              "'archived' AND held = :no"), {"no": False})
        if "register_entries.revoked_on" in added:
            # revoked with no day known: as before the upgrade, revoked all along (from its
            # issue), so that no earlier report changes
            conn.execute(text("UPDATE register_entries SET revoked_on = issued_date WHERE "
                              "revoked = :yes"), {"yes": True})
    search_indexes(engine)
    summary_triggers(engine)


#: the document columns whose change changes what counts
COUNTING = ("status", "result_id", "fixity", "held", "review_pages", "counts_from")


def summary_triggers(engine: Engine) -> None:
    """A change to what counts (a document stored, matched, confirmed, failing a fixity
    check...) notes its result(s) in rate_summary_dirty, whichever code made it: their units
    are counted again before the summary is read (storage/catalogue/rollup.py). Only once a
    summary has been made (a small register has none: nothing is noted)."""
    cols = ", ".join(COUNTING)
    made = "(SELECT built_at_change FROM rate_summary_state WHERE id = 1) >= 0"
    with engine.begin() as conn:
        if conn.execute(text("SELECT count(*) FROM rate_summary_state")).scalar() == 0:
            conn.execute(text("INSERT INTO rate_summary_state (id, changes, built_at_change, "
                              "built_for) VALUES (1, 0, -1, '')"))
        if engine.dialect.name == "sqlite":
            note = "INSERT INTO rate_summary_dirty (result_id) SELECT {0}.result_id WHERE " \
                   "{0}.result_id IS NOT NULL"
            for old in ("summary", "dirty"):  # earlier versions' triggers
                for event_ in ("ins", "del", "upd"):
                    conn.execute(text(f"DROP TRIGGER IF EXISTS tr_documents_{old}_{event_}"))
            for event_, when, body in (
                    ("ins", "AFTER INSERT", note.format("NEW")),
                    ("del", "AFTER DELETE", note.format("OLD")),
                    ("upd", f"AFTER UPDATE OF {cols}", f"{note.format('NEW')}; "
                     f"{note.format('OLD')} AND OLD.result_id IS NOT NEW.result_id")):
                conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS tr_documents_noted_{event_} "
                                  f"{when} ON documents WHEN {made} BEGIN {body}; END"))
        elif engine.dialect.name == "postgresql" and not conn.execute(text(
                "SELECT 1 FROM pg_trigger WHERE tgname = 'tr_documents_noted_upd'")).first():
            # made once: making a trigger locks the table against writes meanwhile. One
            # statement's rows at once (transition tables), each kind of change its own
            conn.execute(text("DROP TRIGGER IF EXISTS tr_documents_summary ON documents"))
            conn.execute(text("DROP FUNCTION IF EXISTS sohoa_summary_changed()"))
            changed = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in COUNTING)
            for event_, when, refs, select_ in (
                    ("ins", "INSERT", "NEW TABLE AS n", "SELECT result_id FROM n"),
                    ("del", "DELETE", "OLD TABLE AS o", "SELECT result_id FROM o"),
                    ("upd", "UPDATE", "OLD TABLE AS o NEW TABLE AS n",
                     f"SELECT n.result_id FROM o JOIN n ON o.id = n.id WHERE {changed} "
                     f"UNION SELECT o.result_id FROM o JOIN n ON o.id = n.id WHERE {changed}")):
                conn.execute(text(f"DROP TRIGGER IF EXISTS tr_documents_dirty_{event_} ON "
                                  "documents"))
                conn.execute(text(
                    f"CREATE OR REPLACE FUNCTION sohoa_summary_dirty_{event_}() RETURNS "
                    f"trigger AS $$ BEGIN IF {made} THEN INSERT INTO rate_summary_dirty "
                    f"(result_id) SELECT result_id FROM ({select_}) AS r WHERE result_id IS "
                    "NOT NULL; END IF; RETURN NULL; END $$ LANGUAGE plpgsql"))
                conn.execute(text(
                    f"CREATE OR REPLACE TRIGGER tr_documents_noted_{event_} AFTER {when} ON "
                    f"documents REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION "
                    f"sohoa_summary_dirty_{event_}()"))


def search_indexes(engine: Engine) -> None:
    """The full-text (SQLite FTS5) or trigram (PostgreSQL pg_trgm) index of search_index. A
    PostgreSQL without pg_trgm still searches, by scanning."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            for ddl in FTS_DDL:
                conn.execute(text(ddl))
    elif engine.dialect.name == "postgresql":
        for ddl in TRGM_DDL:
            try:
                with engine.begin() as conn:
                    conn.execute(text(ddl))
            except DBAPIError:  # no contrib package, or no right to create the extension
                return
