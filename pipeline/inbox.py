"""The inbox folder: finding scans, hashing them, and moving them aside afterwards.

Nothing handed in is ever deleted: a file leaves the inbox only by being moved (or copied, when
the inbox is kept as it is) into the processed or quarantine folder.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import unicodedata
from datetime import date
from pathlib import Path

from pipeline.matching import MANIFEST_NAME
from pipeline.models import ScanFile

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}


def discover(inbox: Path, settle_seconds: float = 0.0, now: float | None = None) -> list[Path]:
    """Files to process, sorted by name. Skips hidden files, the sidecar manifest and files
    modified within the last `settle_seconds` (probably still being copied in)."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox folder {inbox} does not exist")
    now = time.time() if now is None else now
    found = []
    for p in sorted(inbox.iterdir()):
        if not p.is_file() or p.name.startswith(".") or p.name == MANIFEST_NAME:
            continue
        if now - p.stat().st_mtime < settle_seconds:
            continue
        found.append(p)
    return found


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def scan_file(path: Path) -> ScanFile:
    return ScanFile(
        path=path,
        name=unicodedata.normalize("NFC", path.name),
        sha256=sha256_file(path),
        size=path.stat().st_size,
    )


def load_manifest_text(inbox: Path) -> str:
    p = inbox / MANIFEST_NAME
    return p.read_text(encoding="utf-8") if p.is_file() else ""


def _free_name(folder: Path, scan: ScanFile) -> Path:
    target = folder / scan.name
    if target.exists():
        target = folder / f"{Path(scan.name).stem}.{scan.sha256[:8]}{Path(scan.name).suffix}"
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
        f"{scan.name}\nsha256 {scan.sha256}\n{reason}\n", encoding="utf-8"
    )
    return target


def processed_folder(root: Path, day: date) -> Path:
    return root / day.isoformat()
