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
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from pipeline.matching import MANIFEST_NAME
from pipeline.models import Outcome
from storage.objectstore import S3Config, S3Store

PROCESSED, QUARANTINE = "processed/", "quarantine/"


def parse_s3_url(url: str) -> tuple[str, str]:
    """s3://bucket/some/prefix -> ("bucket", "some/prefix/")."""
    if not url.startswith("s3://"):
        raise ValueError(f"{url!r} is not an s3://bucket/prefix address")
    bucket, _, prefix = url[5:].partition("/")
    if not bucket:
        raise ValueError(f"{url!r} names no bucket")
    return bucket, (prefix.strip("/") + "/") if prefix.strip("/") else ""


@dataclass
class S3Inbox:
    store: S3Store
    prefix: str = ""

    @classmethod
    def at(cls, url: str, cfg: S3Config) -> S3Inbox:
        bucket, prefix = parse_s3_url(url)
        store = S3Store(S3Config(cfg.endpoint, cfg.access_key, cfg.secret_key, bucket,
                                 cfg.secure, cfg.region))
        store.ensure_bucket()
        return cls(store, prefix)

    def _aside(self, key: str) -> bool:
        rest = key[len(self.prefix):]
        return rest.startswith((PROCESSED, QUARANTINE))

    def items(self) -> list[str]:
        """Keys of the scans waiting, by name; not the manifest, hidden files or files set
        aside already."""
        out = []
        for key in self.store.keys(self.prefix):
            name = PurePosixPath(key).name
            if self._aside(key) or name.startswith(".") or name == MANIFEST_NAME:
                continue
            out.append(key)
        return out

    def manifest_text(self) -> str:
        key = self.prefix + MANIFEST_NAME
        return self.store.read(key).decode("utf-8") if key in self.store.keys(key) else ""

    def staged_path(self, key: str, staging):
        """Where `key` is downloaded: one folder per key, keeping the file's own name."""
        folder = staging / hashlib.sha256(f"{self.store.bucket}/{key}".encode()).hexdigest()[:16]
        return folder / unicodedata.normalize("NFC", PurePosixPath(key).name)

    def fetch(self, key: str, staging):
        path = self.staged_path(key, staging)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.store.download(key, path)
        return path

    def set_aside(self, key: str, outcome: Outcome, reason: str, day: date) -> str | None:
        """Move the object out of the waiting area according to its outcome; the new key."""
        name = PurePosixPath(key).name
        if outcome == Outcome.DUPLICATE and "quarantined" in reason:
            outcome = Outcome.QUARANTINED
        if outcome in (Outcome.ARCHIVED, Outcome.UNMATCHED, Outcome.DUPLICATE):
            to = f"{self.prefix}{PROCESSED}{day.isoformat()}/{name}"
        elif outcome == Outcome.QUARANTINED:
            to = f"{self.prefix}{QUARANTINE}{name}"
            note = f"{name}\n{reason}\n".encode()
            self.store.put_verified(to + ".reason.txt", note, hashlib.sha256(note).hexdigest(),
                                    "text/plain; charset=utf-8")
        else:
            return None
        try:
            self.store.move(key, to)
        except FileNotFoundError:  # another run set it aside first
            return None
        return to
