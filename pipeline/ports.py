"""What the per-scan procedure needs from the outside world. Adapters live in ocr/ and storage/
and are built in one place, the composition root (app/bootstrap.py)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Protocol

from pipeline.claims import Claims
from pipeline.models import (
    Filing,
    InboxItem,
    PageText,
    Reading,
    Recording,
    RegisterEntry,
    ScanFile,
    ScanResult,
)


class OcrEngine(Protocol):
    def digitize(self, path: Path, name: str, work: Path | None = None) -> Reading:
        """All pages of a file, upright and recognised, and the documents they hold (a batch
        scan is split), each with its header fields and its archival PDF/A copy written into
        ``work``. Raises BadInputError or OcrError."""


class ObjectStore(Protocol):
    bucket: str

    def put_verified(self, key: str, data: bytes | Path, sha256: str,
                     content_type: str, *, replace: bool = False) -> None:
        """Store (bytes, or a file uploaded from disk in parts) and read back; raise
        StorageError unless the stored bytes hash to sha256. An object already holding other
        bytes is not overwritten (ObjectExists) unless ``replace`` (a repair)."""

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key`` (StorageError if they cannot be had)."""


class PdfSigner(Protocol):
    """Signs an archival PDF for the digitizing unit (storage/signing.py)."""

    def sign(self, path: Path) -> Path: ...


class Inbox(Protocol):
    """Where scans wait: a folder (storage/inbox_folder.py) or an S3 prefix
    (storage/inbox_s3.py). Both settle a scan the same way once its outcome is known."""

    @property
    def location(self) -> str: ...

    def check(self) -> None:
        """Raise InboxError if the inbox does not exist."""

    def items(self) -> list[InboxItem]:
        """The scans waiting now, by name."""

    def manifest_bytes(self) -> bytes:
        """The sidecar manifest.csv as saved (b"" when there is none): read_manifest decodes
        it, whatever its encoding."""

    def sha256_of(self, item: InboxItem) -> str | None:
        """The content hash if it can be had without staging the item (for a dry run)."""

    def stage(self, item: InboxItem) -> AbstractContextManager[Path | None]:
        """A local file with the item's bytes for the length of the block; None if another
        run has taken the item meanwhile."""

    def settle(self, item: InboxItem, scan: ScanFile, result: ScanResult,
               today: date) -> str | None:
        """Put the item where its outcome says (processed, quarantine with the reason, or
        left for the next run); where it is now, if it moved."""


class Catalogue(Claims, Protocol):
    def reserve_number(self, agency: str, abbreviation: str) -> int:
        """The next sequence number of the agency's documents of that type (document codes),
        taken for good."""

    def outcome_of(self, sha256: str) -> str | None:
        """'archived', 'unmatched' or 'quarantined' if this content was seen before."""

    def known_result_ids(self, candidates: Iterable[str]) -> set[str]: ...

    def entry(self, result_id: str) -> RegisterEntry | None: ...

    def candidates_for(self, number: str, issued: date | None) -> list[RegisterEntry]:
        """Register entries a document with this number and date may be."""

    def record_scan(
        self, scan: ScanFile, result: ScanResult, pages: list[PageText], *,
        media_type: str, original_key: str, text_key: str, bucket: str, run_id: str | None,
        archival_key: str | None = None, fields: dict[str, object] | None = None,
        object_sha256: dict[str, str] | None = None, filing: Filing | None = None,
    ) -> bool:
        """One transaction: the document, its pages and its audit events. False if the same
        document was recorded meanwhile. ``filing``: its id (the file's SHA-256 by default),
        its pages in the file, how it was matched, why it is held."""

    def record_documents(self, scan: ScanFile, recordings: list[Recording], *,
                         media_type: str, bucket: str, run_id: str | None) -> bool:
        """Every document of a scan, their pages and audit events, in one transaction. False
        if the same file was recorded meanwhile."""

    def record_quarantine(
        self, scan: ScanFile, reason: str, stage: str, path: str, run_id: str | None
    ) -> None: ...

    def quarantine_reason(self, sha256: str) -> str | None: ...

    def place_quarantined(self, sha256: str, path: str) -> None:
        """Where the inbox put a quarantined file."""
