"""A folder inbox (local, or a network mount): scans are files, settled by moving them.

Nothing handed in is ever deleted: a file leaves the inbox only by being moved (or copied, when
the inbox is kept as it is) into the processed or quarantine folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from pipeline.errors import InboxError
from pipeline.hashing import sha256_file
from pipeline.matching import MANIFEST_NAME
from pipeline.models import Disposition, InboxItem, ScanFile, ScanResult
from pipeline.text_files import decode_text

log = logging.getLogger("sohoa.inbox")
REASON_SUFFIX = ".reason.txt"


def display_name(name: str) -> str:
    """A file name as text: NFC; a name whose bytes are not UTF-8 (saved by an old Windows
    tool in CP1258) decoded as such, so that logs, the catalogue and reports can hold it."""
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text, _ = decode_text(raw)
    return unicodedata.normalize("NFC", text)


def scan_file(path: Path) -> ScanFile:
    return ScanFile(path=path, file_name=display_name(path.name), sha256=sha256_file(path),
                    size=path.stat().st_size)


def _free_name(folder: Path, scan: ScanFile) -> Path:
    """The file keeps its own name (its bytes as handed in); one already there with other
    content makes it <stem>.<sha256[:8]><suffix>. A file handed in as X.reason.txt always
    takes the second form, so that it is never taken for (nor takes the place of) the reason
    the run writes beside a quarantined X, whichever of the two is settled first."""
    own = scan.path.name
    target = folder / own
    clash = target.exists() and sha256_file(target) != scan.sha256
    return folder / aside_name(own, scan.sha256, clash)


def aside_name(own: str, sha256: str, clash: bool) -> str:
    """The name a file set aside takes: its own, or <stem>.<sha256[:8]><suffix> when another
    file with other content has it or when it ends in .reason.txt (the run's own notes)."""
    if not clash and not own.lower().endswith(REASON_SUFFIX):
        return own
    p = PurePosixPath(own)
    return f"{p.stem}.{sha256[:8]}{p.suffix}"


def set_aside(scan: ScanFile, folder: Path, keep_inbox: bool) -> Path:
    """Move (or copy, with keep_inbox) the file into `folder`; return where it is now."""
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, scan)
    if target.exists() and sha256_file(target) == scan.sha256:  # the same bytes are there
        if not keep_inbox:
            scan.path.unlink()
        return target
    if keep_inbox:
        shutil.copy2(scan.path, target)
    else:
        shutil.move(scan.path, target)
    return target


def _reason_path(target: Path, sha256: str, note: str) -> Path | None:
    """<name>.reason.txt beside the quarantined file, never over a file already there (a
    clerk's own X.reason.txt, another copy's reason); a name too long for the file system
    becomes <sha256[:16]>.reason.txt. None when the same note is there already."""
    names = [f"{target.name}.reason.txt", f"{target.name}.{sha256[:8]}.reason.txt",
             f"{sha256[:16]}.reason.txt", *(f"{sha256[:16]}.{n}.reason.txt"
                                            for n in range(2, 1000))]
    for name in names:
        path = target.parent / name
        if len(os.fsencode(name)) > 255:
            continue
        if not path.exists():
            return path
        try:
            if path.read_text(encoding="utf-8") == note:
                return None
        except (OSError, UnicodeDecodeError):
            continue
    return None


def quarantine(scan: ScanFile, reason: str, folder: Path, keep_inbox: bool) -> Path:
    """Set the file aside in quarantine with its reason in a file beside it (the reason is in
    the catalogue too: a reason file that cannot be written is logged, not fatal)."""
    target = set_aside(scan, folder, keep_inbox)
    note = f"{scan.file_name}\nsha256 {scan.sha256}\n{reason}\n"
    path = _reason_path(target, scan.sha256, note)
    if path is None:
        return target
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(note)
    except OSError as exc:
        log.warning("%s: quarantined as %s, but its reason file could not be written (%s); "
                    "the reason is in the catalogue", scan.file_name, target, exc.strerror)
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
            found.append(InboxItem(str(p), display_name(p.name)))
        return found

    def manifest_bytes(self) -> bytes:
        p = self.folder / MANIFEST_NAME
        return p.read_bytes() if p.is_file() else b""

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
        if where == Disposition.QUARANTINED:  # every copy with its reason
            return str(quarantine(scan, result.message, self.quarantine_dir, self.keep))
        if self.keep:
            return None
        return str(set_aside(scan, self.processed_dir / today.isoformat(), keep_inbox=False))
