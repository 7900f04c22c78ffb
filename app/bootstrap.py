"""The composition root: settings read once, every adapter built once, here, and handed in.

The CLI builds an `App` from the settings and installs it for its process; a flow run started
by `sohoa serve` or a Prefect worker (a process of its own) builds one from the environment on
first use. Flows, CLI commands and tests get the catalogue, the object store, the OCR engine
and the inbox from it and from nowhere else. Imports of heavy modules (OCR models, Prefect)
happen when an adapter is first asked for, so a command that fails a cheap check fails fast.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from pathlib import Path

from app.settings import Settings, load_settings
from ocr.options import OcrOptions
from pipeline.errors import ConfigError, StorageError, UsageError
from pipeline.matching import MatchPolicy
from pipeline.ports import Inbox
from pipeline.process import Adapters
from storage.catalogue import SqlCatalogue
from storage.inbox_folder import FolderInbox, scan_file
from storage.inbox_s3 import S3Inbox, is_s3_url, parse_s3_url
from storage.mirror import MirroredStore, copies_of, primary_of
from storage.objectstore import Protection, S3Config, S3Store
from storage.seaweed import EmbeddedSeaweed, embedded_store, running_embedded

log = logging.getLogger("sohoa.app")


def owner_only(state: Path) -> None:
    """Originals, texts and the catalogue are readable by the service's account only: the
    state folder is 0700 and what sohoa creates in it 0600 (umask 077, for this process and
    the helpers it starts)."""
    os.umask(0o077)
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if state.stat().st_mode & 0o077 and state.stat().st_uid == os.getuid():
            state.chmod(0o700)
    except OSError:
        pass


class App:
    #: a file on disk -> the ScanFile record (name in NFC, SHA-256, size)
    scan_file = staticmethod(scan_file)

    def __init__(self, settings: Settings):
        self.settings = settings
        self._prepared = False
        self._lock = threading.RLock()
        self._catalogue: SqlCatalogue | None = None
        self._engine = None
        self._pooled = None
        self._signer = None
        self._stores: dict[S3Config, S3Store] = {}
        self._store_blocks = 0                        # object_store blocks open now
        self._revived: list[EmbeddedSeaweed] = []     # embedded servers started again here

    def prepare_state(self) -> None:
        """The state folder made (owner-only) before anything is written into it; building an
        App touches no file, so that importing a flow module has no side effect."""
        if not self._prepared:
            owner_only(self.settings.state)
            self._prepared = True

    # --- the catalogue ------------------------------------------------------------------
    @property
    def catalogue(self) -> SqlCatalogue:
        """One per process, made (tables created or upgraded) on first use, even when the
        first calls come from several task threads at once."""
        with self._lock:
            if self._catalogue is None:
                self.prepare_state()
                self._catalogue = SqlCatalogue(self.settings.catalogue_url,
                                               count_flagged=self.settings.count_flagged,
                                               time_zone=self.settings.time_zone)
            return self._catalogue

    # --- OCR ----------------------------------------------------------------------------
    @property
    def ocr_options(self) -> OcrOptions:
        s = self.settings
        return OcrOptions(s.ocr_lang, s.ocr_pdf_dpi, s.ocr_timeout_seconds, s.ocr_review_below,
                          s.intake_max_file_mb, s.intake_max_pages, s.intake_max_megapixels,
                          s.intake_max_page_mm)

    def engine(self, pooled: bool = False):
        """The OCR engine in this process, or (pooled) one that sends each file to one of this
        process's OCR worker processes, so that files are read on every core."""
        with self._lock:
            if pooled:
                if self._pooled is None:
                    from ocr.pool import PooledEngine

                    self._pooled = PooledEngine(self.ocr_options, self.settings.ocr_processes)
                return self._pooled
            if self._engine is None:
                from ocr.engine import Engine

                self._engine = Engine(self.ocr_options)
            return self._engine

    def check_ocr(self) -> str:
        """Tesseract and its language data, before any file is touched (DependencyError)."""
        from ocr.tesseract import check_tesseract

        return check_tesseract(self.settings.ocr_lang)

    # --- the object store ---------------------------------------------------------------
    @property
    def protection(self) -> Protection:
        s = self.settings
        return Protection(None if s.s3_lock_mode == "off" else s.s3_lock_mode, s.s3_lock_days)

    def s3_config(self) -> S3Config:
        """The configured S3 endpoint, else the embedded SeaweedFS running now."""
        s = self.settings
        if s.s3_endpoint:
            if not (s.s3_access_key and s.s3_secret_key):
                raise ConfigError("SOHOA_S3_ENDPOINT is set but SOHOA_S3_ACCESS_KEY or "
                                  "SOHOA_S3_SECRET_KEY is not")
            return S3Config(s.s3_endpoint, s.s3_access_key.get_secret_value(),
                            s.s3_secret_key.get_secret_value(), s.s3_bucket, s.s3_secure)
        return self._embedded_config(s.seaweed_dir, s.s3_bucket)

    def replica_config(self) -> S3Config | None:
        """The second copy's store: another S3 endpoint, the second embedded SeaweedFS
        running now, or None when there is none."""
        s = self.settings
        if s.replica_kind == "s3":
            if not (s.replica_s3_endpoint and s.replica_s3_access_key
                    and s.replica_s3_secret_key):
                raise ConfigError("SOHOA_REPLICA is s3 but SOHOA_REPLICA_S3_ENDPOINT, "
                                  "_ACCESS_KEY or _SECRET_KEY is not set")
            return S3Config(s.replica_s3_endpoint, s.replica_s3_access_key.get_secret_value(),
                            s.replica_s3_secret_key.get_secret_value(), s.replica_s3_bucket,
                            s.replica_s3_secure)
        if s.replica_kind == "embedded":
            return self._embedded_config(s.replica_folder, s.s3_bucket)
        return None

    def _embedded_config(self, folder: Path, bucket: str) -> S3Config:
        cfg = running_embedded(folder, bucket)
        if cfg is None and self._store_blocks:
            cfg = self._revive(folder, bucket)
        if cfg is None:
            raise StorageError(f"the embedded object store (SeaweedFS in {folder}) is not "
                               "running", hint="run through `sohoa run` or `sohoa serve`, "
                                               "which start it, or set SOHOA_S3_ENDPOINT")
        return cfg

    def _bucket(self, cfg: S3Config) -> S3Store:
        """The bucket on that store, made (versioned, under object lock) if missing."""
        with self._lock:
            if cfg not in self._stores:
                store = S3Store(cfg)
                if store.ensure_bucket(self.protection):
                    log.info("made bucket %s on %s (versioned; object lock %s)", cfg.bucket,
                             cfg.endpoint, self.settings.s3_lock_mode)
                self._stores[cfg] = store
            return self._stores[cfg]

    def store(self):
        """The archive on the store(s) configured or running now: the archive bucket, and
        its second copy when there is one (a MirroredStore writing both)."""
        primary = self._bucket(self.s3_config())
        replica_cfg = self.replica_config()
        if replica_cfg is None:
            return primary
        if replica_cfg.endpoint == primary.cfg.endpoint and \
                replica_cfg.bucket == primary.cfg.bucket:
            raise ConfigError("the replica is the archive itself: give it another endpoint "
                              "or bucket (SOHOA_REPLICA_S3_*)")
        return MirroredStore(primary, self._bucket(replica_cfg))

    def _revive(self, folder: Path, bucket: str) -> S3Config | None:
        """The embedded server stopped while this process still needs it (it crashed, or
        was killed): started again, once per failure, so that the retries of the files that
        failed meanwhile reach a store. Its data survives a kill."""
        with self._lock:
            cfg = running_embedded(folder, bucket)
            if cfg is not None:
                return cfg
            server = EmbeddedSeaweed(folder, bucket)
            cfg = server.start()
            self._revived.append(server)
            log.warning("the embedded object store in %s had stopped: started again", folder)
            return cfg

    def _embedded_servers(self) -> AbstractContextManager:
        """The embedded SeaweedFS servers this configuration needs (the archive's, the
        replica's), each shared with the other processes of its folder."""
        s = self.settings
        stack = ExitStack()
        if not s.s3_endpoint:
            stack.enter_context(embedded_store(s.seaweed_dir, s.s3_bucket))
        if s.replica_kind == "embedded":
            stack.enter_context(embedded_store(s.replica_folder, s.s3_bucket))
        return stack

    @contextmanager
    def object_store(self) -> Iterator[S3Store]:
        """The store for the length of the block: the configured one, or the embedded
        SeaweedFS (started if no process of this state folder runs it yet; started again
        if it stops during the block), with its second copy."""
        self.prepare_state()
        with self._embedded_servers():
            with self._lock:
                self._store_blocks += 1
            try:
                yield self.store()
            finally:
                with self._lock:
                    self._store_blocks -= 1
                    revived = self._revived if not self._store_blocks else []
                    self._revived = [] if not self._store_blocks else self._revived
                for server in revived:
                    server.stop()

    def keeps_store_up(self) -> AbstractContextManager:
        """For long-running processes (`sohoa serve`): the embedded store(s), unless S3
        endpoints are configured."""
        self.prepare_state()
        return self._embedded_servers()

    # --- the inbox ----------------------------------------------------------------------
    def inbox_location(self, where: str | None = None) -> str:
        """The inbox asked for, else the configured one: an absolute folder or s3://..."""
        s = self.settings
        where = where or s.s3_inbox or str(s.inbox_dir)
        if is_s3_url(where):
            parse_s3_url(where)  # a malformed address fails here, before anything starts
            return where
        return str(Path(where).expanduser().resolve())

    def check_inbox_allowed(self, where: str) -> None:
        """A run started through the Prefect API takes scans only from the inbox roots: an
        API caller must not make the service archive (then read) or move files it names."""
        s = self.settings
        roots = s.inbox_roots or [str(s.inbox_dir), *([s.s3_inbox] if s.s3_inbox else [])]
        for root in roots:
            if is_s3_url(root) and is_s3_url(where):
                bucket, prefix = parse_s3_url(root)
                wb, wp = parse_s3_url(where)
                if wb == bucket and wp.startswith(prefix):
                    return
            elif not is_s3_url(root) and not is_s3_url(where):
                if Path(where).resolve().is_relative_to(Path(root).expanduser().resolve()):
                    return
        raise UsageError(f"the inbox {where} is not under the inbox roots "
                         f"({', '.join(roots)})", hint="set SOHOA_INBOX_ROOTS to allow it")

    def inbox(self, where: str | None = None, keep: bool | None = None) -> Inbox:
        """A folder inbox, or an S3 inbox on the store (which must be up: `object_store`)."""
        s = self.settings
        where = self.inbox_location(where)
        if is_s3_url(where):
            if parse_s3_url(where)[0] == s.s3_bucket:
                raise UsageError(f"the S3 inbox {where} is in the archive bucket",
                                 hint="use a bucket of its own: the archive keeps every "
                                      "object it is given and lets none be moved out")
            return S3Inbox.at(where, primary_of(self.store()), s.staging_dir)
        return FolderInbox(Path(where), s.processed_dir, s.quarantine_dir,
                           s.keep_inbox if keep is None else keep, s.inbox_settle_seconds)

    # --- signing ------------------------------------------------------------------------
    def signer(self):
        """The digitizing unit's signer (None when `signing` is off). Without a configured
        key, the unit's self-signed key is made into <state>/signing/ on first use."""
        s = self.settings
        if not s.signing:
            return None
        with self._lock:
            if self._signer is None:
                from storage.signing import (
                    PadesSigner,
                    make_unit_key,
                    pkcs11_signer,
                    pkcs12_signer,
                )

                if s.signing_pkcs11_module:
                    if not (s.signing_pkcs11_token and s.signing_pkcs11_key
                            and s.signing_pkcs11_pin_file):
                        raise ConfigError("SOHOA_SIGNING_PKCS11_MODULE is set but the token, "
                                          "key label or PIN file is not")
                    key = pkcs11_signer(s.signing_pkcs11_module, s.signing_pkcs11_token,
                                        s.signing_pkcs11_key, s.signing_pkcs11_pin_file)
                else:
                    p12, passphrase = s.signing_key
                    if s.signing_pkcs12 is None and not p12.exists():
                        self.prepare_state()
                        make_unit_key(p12.parent, s.signing_unit)
                        log.info("made a self-signed signing key for %s in %s",
                                 s.signing_unit, p12.parent)
                    key = pkcs12_signer(p12, passphrase)
                self._signer = PadesSigner(key, s.signing_unit, s.signing_seal_image,
                                           s.signing_level)
            return self._signer

    # --- what process_scan works with ---------------------------------------------------
    def adapters(self, pooled: bool = False,
                 gate: Callable[[], AbstractContextManager] = nullcontext) -> Adapters:
        s = self.settings
        self.prepare_state()
        s.work_dir.mkdir(mode=0o700, exist_ok=True)
        from ocr.archival import embed_metadata

        return Adapters(self.engine(pooled), self.store(), self.catalogue,
                        s.claim_lease_seconds, gate,
                        MatchPolicy(s.match_threshold, s.match_margin),
                        tuple(s.intake_blocking), s.work_dir, self.signer(), embed_metadata,
                        s.agency_code, s.signing_unit)

    def copies(self) -> dict[str, S3Store]:
        """Each copy of the archive by name: "primary", and "replica" when there is one."""
        return copies_of(self.store())

    def close(self) -> None:
        with self._lock:
            if self._pooled is not None:
                self._pooled.close()
                self._pooled = None
            if self._catalogue is not None:
                self._catalogue.close()
                self._catalogue = None


_current: App | None = None
_current_lock = threading.Lock()


def install(app: App) -> App:
    """Make `app` the one this process's flows and commands use (the one before is closed)."""
    global _current
    with _current_lock:
        previous, _current = _current, app
    if previous is not None and previous is not app:
        previous.close()
    return app


def current() -> App:
    """The App installed for this process, else one built from the environment (a flow run
    in a process of its own: `sohoa serve`, a Prefect worker)."""
    global _current
    with _current_lock:
        if _current is None:
            _current = App(load_settings())
        return _current


def reset() -> None:
    """Forget this process's App (tests: each gets its own state folder)."""
    global _current
    with _current_lock:
        app, _current = _current, None
    if app is not None:
        app.close()
