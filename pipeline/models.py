"""Record types that pass between the stages. Plain frozen dataclasses: no framework here."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.intake import Finding


class Level(enum.StrEnum):
    """Administrative level of the unit that issued a result."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def label_vi(self) -> str:
        return {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}[self.value]

    @property
    def slug(self) -> str:
        """ASCII path segment used in object keys."""
        return {"province": "tinh", "district": "huyen", "commune": "xa"}[self.value]


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the register of procedure results (sổ theo dõi kết quả giải quyết TTHC)."""

    result_id: str
    procedure_code: str
    procedure_name: str
    field: str
    unit_code: str
    unit_name: str
    level: Level
    issued_date: date
    valid_until: date | None = None
    revoked: bool = False
    replaced_by: str = ""  # result id of the result that replaced this one, if any
    #: optional columns that let a scan be matched by what is printed on it
    document_number: str = ""  # số ký hiệu, e.g. "123/QĐ-UBND"
    signer: str = ""           # người ký
    holder: str = ""           # chủ hồ sơ: the person or organisation the result is for
    #: the day it was revoked (from the register, else the day an import first said so):
    #: it counts as revoked from that day on only
    revoked_on: date | None = None


@dataclass(frozen=True)
class ScanFile:
    """A file found in the inbox: where it is, what it is called (NFC) and its content hash."""

    path: Path
    file_name: str
    sha256: str
    size: int


class Outcome(enum.StrEnum):
    ARCHIVED = "archived"        # stored, catalogued, matched to a register entry
    UNMATCHED = "unmatched"      # stored and catalogued, but no register entry found: not counted
    DUPLICATE = "duplicate"      # same content already archived or quarantined: nothing stored
    QUARANTINED = "quarantined"  # bad input: moved aside with a reason
    FAILED = "failed"            # something outside the file went wrong: left in the inbox, retry
    BUSY = "busy"                # another run is processing it now: left to that run

    @property
    def group(self) -> str:
        """How a run's summary counts it: done, skipped, quarantined or failed."""
        return {"archived": "done", "unmatched": "done", "duplicate": "skipped",
                "busy": "skipped"}.get(self.value, self.value)


@dataclass(frozen=True)
class PageText:
    page_no: int          # 1-based
    text: str             # NFC, one line per printed line
    confidence: float     # Tesseract mean word confidence, 0..100
    rotated_deg: int = 0  # clockwise turn applied to make the page upright
    skew_deg: float = 0.0  # deskew angle applied
    quality: float = 1.0  # agreement of the two OCR engines on the page's words, 0..1
    needs_review: bool = False  # quality under the configured threshold, or no readable name
    blank: bool = False   # nothing read on the page: flagged, not counted until confirmed
    findings: tuple[Finding, ...] = ()  # intake checks it failed (pipeline/intake.py)
    codes: tuple[str, ...] = ()         # QR codes and barcodes read on it


@dataclass(frozen=True)
class DocumentReading:
    """One document of a file: the whole file, or one part of a batch scan."""

    pages: list[PageText]                # its own pages (page_no: the page in the file)
    fields: dict[str, object] = field(default_factory=dict)  # header fields read by OCR
    archival_pdf: Path | None = None     # its PDF/A copy, written to the caller's work folder
    blank_pages: tuple[int, ...] = ()    # blank pages of the file kept out of it
    code: str = ""                       # dossier code from a cover sheet or a QR on its page
    sure: bool = True                    # its boundaries in the batch are vouched for
    doubt: str = ""                      # why not
    numbering: str = ""                  # printed page numbers that do not match the images

    @property
    def page_range(self) -> str:
        """"3-7" (its first and last page in the file)."""
        a, b = self.pages[0].page_no, self.pages[-1].page_no
        return str(a) if a == b else f"{a}-{b}"


@dataclass(frozen=True)
class Reading:
    """What OCR made of one file: all its pages, and the documents it holds (one, unless the
    file is a batch of several)."""

    pages: list[PageText]
    documents: list[DocumentReading] = field(default_factory=list)
    separator_pages: tuple[int, ...] = ()  # cover and separator sheets

    @property
    def batch(self) -> bool:
        return len(self.documents) > 1 or bool(self.separator_pages)


class Disposition(enum.StrEnum):
    """Where the inbox puts a scan once its outcome is known (see ports.Inbox.settle)."""

    PROCESSED = "processed"      # archived (matched or not), or seen before as such
    QUARANTINED = "quarantined"  # unusable, or seen before as such
    LEFT = "left"                # failed or busy: stays in the inbox for the next run


@dataclass(frozen=True)
class ScanResult:
    """What happened to one scan; small enough to pass around as a Prefect task result."""

    file_name: str
    sha256: str
    outcome: Outcome
    result_id: str | None = None
    pages: int = 0
    confidence: float | None = None  # mean Tesseract word confidence of its pages, 0..100
    message: str = ""
    keys: tuple[str, ...] = field(default_factory=tuple)
    previous: Outcome | None = None  # a duplicate: what became of the same content before
    documents: int = 1               # documents found in the file (a batch scan: several)
    matched: int | None = None       # of which matched (None: the outcome says)

    @property
    def matched_documents(self) -> int:
        if self.matched is not None:
            return self.matched
        return 1 if self.outcome == Outcome.ARCHIVED else 0

    @property
    def disposition(self) -> Disposition:
        outcome = self.previous if self.outcome == Outcome.DUPLICATE else self.outcome
        if outcome == Outcome.QUARANTINED:
            return Disposition.QUARANTINED
        if outcome in (Outcome.ARCHIVED, Outcome.UNMATCHED, Outcome.DUPLICATE):
            return Disposition.PROCESSED
        return Disposition.LEFT


@dataclass(frozen=True)
class InboxItem:
    """A scan waiting in an inbox: its reference there (a path, or an object key) and its
    file name (NFC)."""

    ref: str
    file_name: str


@dataclass(frozen=True)
class DocumentRecord:
    """A scan as the catalogue keeps it: what was stored, where, and how it was read."""

    sha256: str
    status: str                  # "archived" (matched to a result) or "unmatched"
    result_id: str | None
    file_name: str
    media_type: str
    size_bytes: int
    pages: int
    confidence: float | None     # mean Tesseract word confidence, 0..100
    review_pages: int            # pages flagged for review
    bucket: str
    original_key: str
    text_key: str
    archival_key: str | None
    fields: dict[str, object]    # header fields read by OCR
    objects: dict[str, str]      # key -> SHA-256 of every stored object
    fixity: str                  # "ok" or "failed"
    match_note: str = ""
    flow_run_id: str | None = None
    held: bool = False           # not counted until a person confirms it (hold_reason)
    fixity_problems: tuple[str, ...] = ()  # keys the last fixity check found missing/altered
    hold_reason: str = ""
    source_sha256: str = ""      # the file it came from (a batch holds several documents)
    page_range: str = ""         # its pages in that file, "3-7"; "" for the whole file
    match: dict[str, object] = field(default_factory=dict)  # evidence and candidates
    findings: tuple[str, ...] = ()  # intake findings of its pages
    version: int = 1             # the version shown and searched (1: the scan as read)
    set_aside_by: str = ""       # unmatched, set aside by this person (out of the queue)
    doc_code: str = ""           # "G06.01_QĐ_000021" (the version is added when shown)
    archival_name: str = ""      # the archival copy's file name per the guidance
    metadata_key: str = ""       # its metadata record (JSON; XML beside it)

    @property
    def source(self) -> str:
        """SHA-256 of the file handed in."""
        return self.source_sha256 or self.sha256


@dataclass(frozen=True)
class Recording:
    """One document of a scan, its objects stored, ready to be catalogued."""

    result: ScanResult
    pages: list[PageText]
    original_key: str
    text_key: str
    archival_key: str | None
    fields: dict[str, object]
    object_sha256: dict[str, str]   # key -> SHA-256 of each object stored for it
    filing: Filing
    doc_code: str = ""
    archival_name: str = ""
    metadata_key: str = ""


@dataclass(frozen=True)
class Filing:
    """How one document of a scan is catalogued besides its pages and stored objects."""

    key: str                     # the document's id: the file's SHA-256 if it is the whole file
    page_range: str = ""         # its pages in the file ("" for the whole file)
    blank_pages: tuple[int, ...] = ()
    match: dict[str, object] = field(default_factory=dict)  # evidence, candidates
    hold_reason: str = ""        # "" counts; else why a person must look first
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditEvent:
    """One thing that happened to a scan (who/what/when): ingest stages, fixity checks."""

    at: datetime                 # UTC
    sha256: str
    stage: str                   # ocr | store | catalogue | verify | read ...
    outcome: str
    detail: str = ""
    flow_run_id: str | None = None
    actor: str = ""              # the person who acted; "" for the machine's own stages
    result_id: str = ""          # the result its document is matched to now, if any


@dataclass(frozen=True)
class Version:
    """One version of a document: V1 the scan as read, V2… a person's corrections."""

    number: int
    text_key: str
    text_sha256: str
    fields: dict[str, object]
    actor: str                   # "" for V1 (the machine's reading)
    note: str
    at: datetime | None


@dataclass(frozen=True)
class PageInfo:
    """A page of a document as the review shows it."""

    page_no: int                 # in the document's file
    confidence: float
    needs_review: bool
    blank: bool
    findings: tuple[str, ...]    # "code: detail"
