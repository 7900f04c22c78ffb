"""What the per-scan procedure needs from the outside world. Adapters live in ocr/ and storage/."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from pipeline.claims import Claims
from pipeline.models import PageText, Reading, RegisterEntry, ScanFile, ScanResult


class OcrEngine(Protocol):
    def digitize(self, path: Path, name: str) -> Reading:
        """All pages of a file, upright and recognised, its header fields and its archival
        PDF/A copy. Raises BadInputError or OcrError."""


class ObjectStore(Protocol):
    bucket: str

    def put_verified(self, key: str, data: bytes, sha256: str, content_type: str) -> None:
        """Store and read back; raise StorageError unless the stored bytes hash to sha256."""


class Catalogue(Claims, Protocol):
    def outcome_of(self, sha256: str) -> str | None:
        """'archived', 'unmatched' or 'quarantined' if this content was seen before."""

    def known_result_ids(self, candidates: Iterable[str]) -> set[str]: ...

    def entry(self, result_id: str) -> RegisterEntry | None: ...

    def record_scan(
        self, scan: ScanFile, result: ScanResult, pages: list[PageText], *,
        media_type: str, original_key: str, text_key: str, bucket: str, run_id: str | None,
        archival_key: str | None = None, fields: dict[str, object] | None = None,
        object_sha256: dict[str, str] | None = None,
    ) -> bool:
        """One transaction: the document, its pages and its audit events. False if the same
        content was recorded meanwhile."""

    def record_quarantine(
        self, scan: ScanFile, reason: str, stage: str, path: str, run_id: str | None
    ) -> None: ...
