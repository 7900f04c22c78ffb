"""Two independent copies of the archive: every object stored in the primary store and in a
replica (another S3 endpoint, or a second embedded SeaweedFS on another disk path), each read
back and checked by hash. Reads come from the primary; the fixity check covers both and puts a
damaged object back from the copy that is still intact (app/repair.py)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from pipeline.errors import StorageError
from storage.objectstore import S3Store

log = logging.getLogger("sohoa.storage")


class MirroredStore:
    """An ObjectStore writing to both copies; anything else is asked of the primary."""

    def __init__(self, primary: S3Store, replica: S3Store):
        self.primary = primary
        self.replica = replica
        self.bucket = primary.bucket

    @property
    def copies(self) -> dict[str, S3Store]:
        return {"primary": self.primary, "replica": self.replica}

    def put_verified(self, key: str, data: bytes | Path, sha256: str,
                     content_type: str, *, replace: bool = False) -> None:
        self.primary.put_verified(key, data, sha256, content_type, replace=replace)
        self.replica.put_verified(key, data, sha256, content_type, replace=replace)

    def read(self, key: str) -> bytes:
        try:
            return self.primary.read(key)
        except StorageError as exc:
            log.warning("%s; read from the replica", exc)
            return self.replica.read(key)

    def __getattr__(self, name: str):
        return getattr(self.primary, name)


def copies_of(store) -> dict[str, S3Store]:
    """The copies a store keeps: {"primary": ...} or {"primary": ..., "replica": ...}."""
    return store.copies if isinstance(store, MirroredStore) else {"primary": store}


def primary_of(store) -> S3Store:
    return store.primary if isinstance(store, MirroredStore) else store


def copy_between(source: S3Store, target: S3Store, key: str, sha256: str,
                 work: Path) -> None:
    """Put ``key`` into ``target`` from ``source`` (through a temporary file in ``work``,
    owner-only), checked against ``sha256`` on both sides."""
    work.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="copy-", dir=work) as tmp:
        path = Path(tmp) / "object"
        source.download(key, path)
        target.put_verified(key, path, sha256, source.content_type(key), replace=True)
