"""A folder inbox (local, or a network mount): scans are files, settled by moving them.

Nothing handed in is ever deleted: a file leaves the inbox only by being moved (or copied, when
the inbox is kept as it is) into the processed or quarantine folder.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import InboxError
from pipeline.matching import MANIFEST_NAME
from pipeline.models import Disposition, InboxItem, Outcome, ScanFile, ScanResult


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def scan_file(path: Path) -> ScanFile:
    return ScanFile(path=path, file_name=unicodedata.normalize("NFC", path.name),
                    sha256=sha256_file(path), size=path.stat().st_size)


def _free_name(folder: Path, scan: ScanFile) -> Path:
    target = folder / scan.file_name
    if target.exists():
        target = folder / (f"{Path(scan.file_name).stem}.{scan.sha256[:8]}"
                           f"{Path(scan.file_name).suffix}")
    return target


def set_aside(scan: ScanFile, folder: Path, keep_inbox: bool) -> Path:
    """Move (or copy, with keep_inbox) the file into `folder`; return where it is now."""
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, scan)
    if target.exists():  # same name and same content already there
        if not keep_inbox:
            scan.path.unlink()
        return target
    if keep_inbox:
        shutil.copy2(scan.path, target)
    else:
        shutil.move(scan.path, target)
    return target


def quarantine(scan: ScanFile, reason: str, folder: Path, keep_inbox: bool) -> Path:
    """Set the file aside in quarantine with a `<name>.reason.txt` beside it."""
    target = set_aside(scan, folder, keep_inbox)
    target.with_name(target.name + ".reason.txt").write_text(
        f"{scan.file_name}\nsha256 {scan.sha256}\n{reason}\n", encoding="utf-8")
    return target


@dataclass
class FolderInbox:
    folder: Path
    processed_dir: Path
    quarantine_dir: Path
    keep: bool = False             # copy out instead of moving: the inbox stays as it is
    settle_seconds: float = 0.0    # files changed more recently are left for the next run

    @property
    def location(self) -> str:
        return str(self.folder)

    def check(self) -> None:
        if not self.folder.is_dir():
            raise InboxError(f"the inbox folder {self.folder} does not exist",
                             hint="create it, or name another with --inbox FOLDER or SOHOA_INBOX")

    def items(self, now: float | None = None) -> list[InboxItem]:
        """Files to process, by name: not hidden files, not the manifest, not files modified
        within the last `settle_seconds` (probably still being copied in)."""
        self.check()
        now = time.time() if now is None else now
        found = []
        for p in sorted(self.folder.iterdir()):
            if not p.is_file() or p.name.startswith(".") or p.name == MANIFEST_NAME:
                continue
            if now - p.stat().st_mtime < self.settle_seconds:
                continue
            found.append(InboxItem(str(p), unicodedata.normalize("NFC", p.name)))
        return found

    def manifest_text(self) -> str:
        p = self.folder / MANIFEST_NAME
        return p.read_text(encoding="utf-8") if p.is_file() else ""

    def sha256_of(self, item: InboxItem) -> str | None:
        """For a dry run: the content hash, without staging anything."""
        return sha256_file(Path(item.ref))

    @contextmanager
    def stage(self, item: InboxItem) -> Iterator[Path | None]:
        """The file itself; None if another run has set it aside meanwhile."""
        path = Path(item.ref)
        yield path if path.is_file() else None

    def settle(self, item: InboxItem, scan: ScanFile, result: ScanResult,
               today: date) -> str | None:
        """Move (or copy) the file where its outcome puts it; where it is now, if it moved."""
        where = result.disposition
        if where == Disposition.LEFT or not scan.path.exists():
            return None  # left for the next run, or another run moved it already
        if where == Disposition.QUARANTINED and result.outcome == Outcome.QUARANTINED:
            return str(quarantine(scan, result.message, self.quarantine_dir, self.keep))
        if self.keep:
            return None
        folder = (self.quarantine_dir if where == Disposition.QUARANTINED
                  else self.processed_dir / today.isoformat())
        return str(set_aside(scan, folder, keep_inbox=False))
