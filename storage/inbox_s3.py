"""An inbox bucket: scanners or one-stop systems upload to s3://bucket/prefix.

An object is complete once it is listed (S3 writes are atomic), so no settling time is needed.
Each object is downloaded to the state folder's staging area, processed like a file from a
folder inbox, then moved inside the inbox bucket: to ``processed/<date>/`` once archived (or
found already archived), to ``quarantine/`` with a ``.reason.txt`` beside it when unusable. A file
that failed or that another run holds stays where it is for the next run. Nothing is deleted
that was not first copied.
"""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from pipeline.errors import InboxError, UsageError
from pipeline.matching import MANIFEST_NAME
from pipeline.models import Disposition, InboxItem, Outcome, ScanFile, ScanResult
from storage.inbox_folder import aside_name
from storage.objectstore import S3Store

PROCESSED, QUARANTINE = "processed/", "quarantine/"


def is_s3_url(where: str) -> bool:
    return where.startswith("s3://")


def parse_s3_url(url: str) -> tuple[str, str]:
    """s3://bucket/some/prefix -> ("bucket", "some/prefix/")."""
    if not is_s3_url(url):
        raise UsageError(f"{url!r} is not an s3://bucket/prefix address")
    bucket, _, prefix = url[5:].partition("/")
    if not bucket:
        raise UsageError(f"{url!r} names no bucket", hint="write s3://bucket/prefix")
    return bucket, (prefix.strip("/") + "/") if prefix.strip("/") else ""


@dataclass
class S3Inbox:
    store: S3Store      # bound to the inbox bucket
    prefix: str
    staging_dir: Path

    @classmethod
    def at(cls, url: str, store: S3Store, staging_dir: Path) -> S3Inbox:
        bucket, prefix = parse_s3_url(url)
        return cls(store.with_bucket(bucket), prefix, staging_dir)

    @property
    def location(self) -> str:
        return f"s3://{self.store.bucket}/{self.prefix}"

    def check(self) -> None:
        if not self.store.bucket_exists():
            raise InboxError(f"the inbox bucket {self.store.bucket} does not exist on "
                             f"{self.store.cfg.endpoint}",
                             hint="create it, or name another with --inbox s3://bucket/prefix")

    def _aside(self, key: str) -> bool:
        rest = key[len(self.prefix):]
        return rest.startswith((PROCESSED, QUARANTINE))

    def items(self) -> list[InboxItem]:
        """The scans waiting, by key; not the manifest, hidden files or files set aside."""
        self.check()
        out = []
        for key in self.store.keys(self.prefix):
            name = PurePosixPath(key).name
            if self._aside(key) or name.startswith(".") or name == MANIFEST_NAME:
                continue
            out.append(InboxItem(key, unicodedata.normalize("NFC", name)))
        return out

    def manifest_bytes(self) -> bytes:
        key = self.prefix + MANIFEST_NAME
        return self.store.read(key) if key in self.store.keys(key) else b""

    def sha256_of(self, item: InboxItem) -> str | None:
        return None  # not known without downloading it: a dry run says "digitize"

    def _staged_path(self, key: str) -> Path:
        """One folder per key, keeping the file's own name."""
        folder = self.staging_dir / hashlib.sha256(
            f"{self.store.bucket}/{key}".encode()).hexdigest()[:16]
        return folder / unicodedata.normalize("NFC", PurePosixPath(key).name)

    @contextmanager
    def stage(self, item: InboxItem) -> Iterator[Path | None]:
        """Downloaded to the staging folder, removed afterwards; None if another run has set
        the object aside meanwhile."""
        path = self._staged_path(item.ref)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            try:
                self.store.download(item.ref, path)
            except FileNotFoundError:
                yield None
                return
            yield path
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)

    def _free_key(self, folder: str, name: str, scan: ScanFile) -> str:
        """folder/name, unless another object with other content has that key: then
        folder/<stem>.<sha256[:8]><suffix> (as for a handed-in X.reason.txt, never taken for
        the run's note). Nothing is overwritten."""
        to = folder + name
        clash = to in self.store.keys(to) and self.store.sha256_of(to) != scan.sha256
        return folder + aside_name(name, scan.sha256, clash)

    def settle(self, item: InboxItem, scan: ScanFile, result: ScanResult,
               today: date) -> str | None:
        """Move the object out of the waiting area according to its outcome; the new
        s3:// address, if it moved."""
        key, name = item.ref, PurePosixPath(item.ref).name
        where = result.disposition
        if where == Disposition.PROCESSED:
            to = self._free_key(f"{self.prefix}{PROCESSED}{today.isoformat()}/", name, scan)
        elif where == Disposition.QUARANTINED:
            to = self._free_key(f"{self.prefix}{QUARANTINE}", name, scan)
            if result.outcome in (Outcome.QUARANTINED, Outcome.DUPLICATE):
                note = f"{name}\nsha256 {scan.sha256}\n{result.message}\n".encode()
                self.store.put_verified(to + ".reason.txt", note,
                                        hashlib.sha256(note).hexdigest(),
                                        "text/plain; charset=utf-8", replace=True)
        else:
            return None
        try:
            self.store.move(key, to)
        except FileNotFoundError:  # another run set it aside first
            return None
        return f"s3://{self.store.bucket}/{to}"
