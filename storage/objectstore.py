"""S3 object store adapter (minio client). Every put is read back and its SHA-256 checked."""

from __future__ import annotations

import hashlib
import io
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error

from pipeline.errors import ObjectExists, StorageError
from pipeline.hashing import sha256_file

SHA_META = "sha256"
#: files are uploaded in parts of this size (S3 multipart): memory stays flat
PART_SIZE = 16 * 1024 * 1024


@dataclass(frozen=True)
class S3Config:
    endpoint: str  # host:port
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)
    bucket: str = "sohoa"
    secure: bool = False
    region: str = "us-east-1"


@dataclass(frozen=True)
class Protection:
    """How the archive bucket guards what it holds: every object kept in versions (an
    overwrite or a delete leaves the earlier bytes), and with object lock every version kept
    ``days`` days in ``mode`` (COMPLIANCE: no one can delete it, not even the store's admin;
    GOVERNANCE: only with the bypass permission). Object lock can only be set when a bucket is
    made."""

    lock_mode: str | None = "COMPLIANCE"   # None: versions only
    lock_days: int = 3650


@dataclass(frozen=True)
class ObjectVersion:
    version_id: str
    latest: bool
    deleted: bool            # a delete marker


#: set while a write must only create: the store refuses it when the key is taken
_create_only: ContextVar[bool] = ContextVar("sohoa_create_only", default=False)


class _Client(Minio):
    """The minio client, whose object writes carry ``If-None-Match: *`` while `_create_only`
    is set: the single PUT of a small object, the CompleteMultipartUpload of a large one (S3
    conditional writes; SeaweedFS and MinIO refuse them with PreconditionFailed when the key
    already holds an object). Parts, copies and every other request go as they are."""

    def _execute(self, method, bucket_name=None, object_name=None, body=None, headers=None,
                 query_params=None, **kwargs):
        query = query_params or {}
        if _create_only.get() and ((method == "PUT" and not query) or
                                   (method == "POST" and "uploadId" in query)):
            headers = {**(headers or {}), "If-None-Match": "*"}
        return super()._execute(method, bucket_name, object_name, body, headers,
                                query_params, **kwargs)


@contextmanager
def _creating(create_only: bool):
    token = _create_only.set(create_only)
    try:
        yield
    finally:
        _create_only.reset(token)


def _no_such_object(exc: Exception) -> bool:
    return isinstance(exc, S3Error) and exc.code in ("NoSuchKey", "NoSuchObject",
                                                     "ResourceNotFound")


def _http() -> urllib3.PoolManager:
    retry = urllib3.Retry(total=3, backoff_factor=0.3, status_forcelist=(500, 502, 503, 504))
    return urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=60), retries=retry,
                               maxsize=8)


class S3Store:
    def __init__(self, cfg: S3Config):
        self.cfg = cfg
        self.bucket = cfg.bucket
        self.client = _Client(cfg.endpoint, access_key=cfg.access_key, secret_key=cfg.secret_key,
                              secure=cfg.secure, region=cfg.region, http_client=_http())

    def _fail(self, what: str, key: str, exc: Exception) -> StorageError:
        where = f"object store {self.cfg.endpoint}"
        if isinstance(exc, urllib3.exceptions.HTTPError):  # not answering: say so, briefly
            reason = getattr(exc, "reason", None) or exc
            errno = re.search(r"\[Errno -?\d+\] ([^\]\"')]+)", str(reason))
            short = errno.group(1).strip() if errno else type(reason).__name__
            return StorageError(f"{where} did not answer ({short}): {what} {self.bucket}/{key}",
                                hint="check that the store runs; the file stays in the inbox "
                                     "for the next run")
        return StorageError(f"{where}: {what} {self.bucket}/{key}: {exc}")

    def bucket_exists(self) -> bool:
        try:
            return self.client.bucket_exists(self.bucket)
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot reach bucket", "", exc) from exc

    def with_bucket(self, bucket: str) -> S3Store:
        """The same server and credentials, another bucket."""
        return S3Store(S3Config(self.cfg.endpoint, self.cfg.access_key, self.cfg.secret_key,
                                bucket, self.cfg.secure, self.cfg.region))

    def ensure_bucket(self, protection: Protection | None = None) -> bool:
        """Make the bucket if it is missing: with ``protection``, versioned and (if a lock
        mode is given) under object lock with that default retention. A bucket already there
        is left as it is (see `protection_state`). True if it was made now."""
        from minio.commonconfig import ENABLED
        from minio.objectlockconfig import DAYS, ObjectLockConfig
        from minio.versioningconfig import VersioningConfig

        try:
            if self.client.bucket_exists(self.bucket):
                return False
            lock = protection is not None and protection.lock_mode is not None
            self.client.make_bucket(self.bucket, object_lock=lock)
            if lock:
                self.client.set_object_lock_config(self.bucket, ObjectLockConfig(
                    protection.lock_mode, protection.lock_days, DAYS))
            elif protection is not None:
                self.client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
            return True
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot create bucket", "", exc) from exc

    def protection_state(self) -> tuple[bool, str | None, str | None]:
        """(versioning on, object lock mode or None, default retention ("3650 days") or
        None), as the store says now."""
        try:
            versioned = self.client.get_bucket_versioning(self.bucket).status == "Enabled"
            try:
                lock = self.client.get_object_lock_config(self.bucket)
            except S3Error:  # no object lock configuration
                return versioned, None, None
            return versioned, lock.mode, (f"{lock.duration} {lock.duration_unit.lower()}"
                                          if lock.duration else None)
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot read the protection of", "", exc) from exc

    #: the one object `refuses_overwrite` writes (a few bytes, kept)
    PROBE_KEY = "sohoa-probe/khong-ghi-de.txt"

    def refuses_overwrite(self) -> bool:
        """Does the store refuse sohoa's write over an object holding other bytes? Tried on
        one small object of its own (made once): a store that ignores conditional writes
        takes the second write as a new version."""
        first = b"sohoa: ban ghi de thu (overwrite probe)\n"
        self.put_verified(self.PROBE_KEY, first, hashlib.sha256(first).hexdigest(),
                          "text/plain")
        other = first + b"?"
        try:
            self.put_verified(self.PROBE_KEY, other, hashlib.sha256(other).hexdigest(),
                              "text/plain")
        except ObjectExists:
            return True
        self.put_verified(self.PROBE_KEY, first, hashlib.sha256(first).hexdigest(),
                          "text/plain", replace=True)
        return False

    def versions(self, key: str) -> list[ObjectVersion]:
        """Every version kept under ``key``, newest first (one, unversioned, in a bucket
        without versioning)."""
        try:
            return [ObjectVersion(o.version_id or "", str(o.is_latest).lower() == "true",
                                  bool(o.is_delete_marker))
                    for o in self.client.list_objects(self.bucket, prefix=key,
                                                      include_version=True)
                    if o.object_name == key]
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot list the versions of", key, exc) from exc

    def intact_version(self, key: str, sha256: str) -> str | None:
        """The id of an earlier version of ``key`` that still holds exactly ``sha256``
        (newest first), or None."""
        for v in self.versions(key):
            if v.version_id and not v.latest and not v.deleted and \
                    self.sha256_of(key, v.version_id) == sha256:
                return v.version_id
        return None

    def restore_version(self, key: str, version_id: str, sha256: str) -> None:
        """Make that earlier version the current one again (a server-side copy: a new
        version with its bytes), then read it back."""
        from minio.commonconfig import CopySource

        try:
            self.client.copy_object(self.bucket, key,
                                    CopySource(self.bucket, key, version_id=version_id))
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail(f"cannot restore version {version_id} of", key, exc) from exc
        if not self.verify(key, sha256):
            raise StorageError(f"{self.bucket}/{key}: restored bytes do not match {sha256}")

    def content_type(self, key: str) -> str:
        try:
            return self.client.stat_object(self.bucket, key).content_type or \
                "application/octet-stream"
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot stat", key, exc) from exc

    def stored_sha256(self, key: str) -> str | None:
        """The SHA-256 recorded in the object's metadata, or None if there is no such object."""
        try:
            stat = self.client.stat_object(self.bucket, key)
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            if _no_such_object(exc):
                return None
            raise self._fail("cannot stat", key, exc) from exc
        meta = {k.lower(): v for k, v in (stat.metadata or {}).items()}
        return meta.get(f"x-amz-meta-{SHA_META}")

    def read(self, key: str) -> bytes:
        try:
            resp = self.client.get_object(self.bucket, key)
            try:
                return resp.read()
            finally:
                resp.close()
                resp.release_conn()
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot read", key, exc) from exc

    def put_verified(self, key: str, data: bytes | Path, sha256: str,
                     content_type: str, *, replace: bool = False) -> None:
        """Store `data` (bytes, or a file: uploaded from disk in parts, never read whole into
        memory) under `key` with its SHA-256 as metadata, then read it back and compare.

        Idempotent: an object already holding these bytes is left as it is. An object holding
        other bytes is never overwritten (the write is conditional, and the store refuses it:
        ObjectExists) unless ``replace`` is given, as a repair does; in a versioned bucket the
        replaced bytes stay as an earlier version."""
        given = sha256_file(data) if isinstance(data, Path) else hashlib.sha256(data).hexdigest()
        if given != sha256:
            raise StorageError(f"{key}: data does not match the given sha256 before upload")
        if self.stored_sha256(key) == sha256 and self.verify(key, sha256):
            return
        try:
            with _creating(not replace):
                if isinstance(data, Path):
                    self.client.fput_object(self.bucket, key, str(data),
                                            content_type=content_type,
                                            metadata={SHA_META: sha256}, part_size=PART_SIZE)
                else:
                    self.client.put_object(self.bucket, key, io.BytesIO(data), len(data),
                                           content_type=content_type,
                                           metadata={SHA_META: sha256})
        except S3Error as exc:
            if exc.code == "PreconditionFailed":
                if self.verify(key, sha256):  # the same bytes, written meanwhile
                    return
                raise ObjectExists(f"{self.bucket}/{key} already holds other bytes: the "
                                   "archive does not overwrite (the store refused)") from exc
            raise self._fail("cannot store", key, exc) from exc
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot store", key, exc) from exc
        if not self.verify(key, sha256):
            raise StorageError(f"{self.bucket}/{key}: stored bytes do not match sha256 {sha256}")

    def sha256_of(self, key: str, version_id: str | None = None) -> str | None:
        """SHA-256 of the bytes the store holds under ``key`` now (or in that version),
        streamed; None if there is no such object."""
        try:
            resp = self.client.get_object(self.bucket, key, version_id=version_id)
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            if _no_such_object(exc):
                return None
            raise self._fail("cannot read", key, exc) from exc
        try:
            digest = hashlib.sha256()
            for chunk in resp.stream(1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot read", key, exc) from exc
        finally:
            resp.close()
            resp.release_conn()

    def verify(self, key: str, sha256: str) -> bool:
        """Do the bytes stored under ``key`` hash to ``sha256``? (Read back, streamed.)"""
        return self.sha256_of(key) == sha256

    def download(self, key: str, path) -> None:
        """The object into a file whose modification time is the object's (so that what is
        made from the file, e.g. the archival PDF's dates, is the same on every run).
        FileNotFoundError when there is no such object (any more)."""
        try:
            info = self.client.fget_object(self.bucket, key, str(path))
            if info is not None and info.last_modified is not None:
                stamp = info.last_modified.timestamp()
                os.utime(path, (stamp, stamp))
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            if _no_such_object(exc):
                raise FileNotFoundError(f"{self.bucket}/{key}") from exc
            raise self._fail("cannot download", key, exc) from exc

    def move(self, key: str, to_key: str) -> None:
        """Server-side copy, checked, then the source removed."""
        from minio.commonconfig import CopySource

        try:
            self.client.copy_object(self.bucket, to_key, CopySource(self.bucket, key))
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            if _no_such_object(exc):  # moved by someone else meanwhile
                raise FileNotFoundError(f"{self.bucket}/{key}") from exc
            raise self._fail(f"cannot move to {to_key}:", key, exc) from exc
        try:
            self.client.stat_object(self.bucket, to_key)
            self.client.remove_object(self.bucket, key)
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail(f"cannot move to {to_key}:", key, exc) from exc

    def keys(self, prefix: str = "") -> list[str]:
        try:
            return sorted(o.object_name for o in
                          self.client.list_objects(self.bucket, prefix=prefix, recursive=True))
        except (MinioException, urllib3.exceptions.HTTPError) as exc:
            raise self._fail("cannot list", prefix, exc) from exc
