"""Building the adapters from settings (once per process) for the flow's tasks."""

from __future__ import annotations

import threading
from contextlib import contextmanager, nullcontext
from functools import cache

from ocr.engine import Engine
from ocr.pool import PooledEngine
from sohoa.settings import Settings
from storage.catalogue import SqlCatalogue
from storage.objectstore import S3Config, S3Store
from storage.seaweed import embedded_store, running_embedded


class NoObjectStore(RuntimeError):
    pass


def s3_config(settings: Settings) -> S3Config:
    """The configured S3 endpoint, else the embedded SeaweedFS this machine runs now."""
    if settings.s3_endpoint:
        if not (settings.s3_access_key and settings.s3_secret_key):
            raise NoObjectStore("SOHOA_S3_ENDPOINT is set but SOHOA_S3_ACCESS_KEY or "
                                "SOHOA_S3_SECRET_KEY is not")
        return S3Config(settings.s3_endpoint, settings.s3_access_key.get_secret_value(),
                        settings.s3_secret_key.get_secret_value(), settings.s3_bucket,
                        settings.s3_secure)
    cfg = running_embedded(settings.seaweed_dir, settings.s3_bucket)
    if cfg is None:
        raise NoObjectStore("no object store: set SOHOA_S3_ENDPOINT, or run through "
                            "`sohoa run`, which starts the embedded SeaweedFS")
    return cfg


_catalogue_lock = threading.Lock()


@cache
def _catalogue(url: str) -> SqlCatalogue:
    return SqlCatalogue(url)


def catalogue(url: str) -> SqlCatalogue:
    """One catalogue per database and process, even when the first calls come from several
    task threads at once."""
    with _catalogue_lock:
        return _catalogue(url)


catalogue.cache_clear = _catalogue.cache_clear


@cache
def store(cfg: S3Config) -> S3Store:
    s = S3Store(cfg)
    s.ensure_bucket()
    return s


def engine(settings: Settings, pooled: bool = False) -> Engine | PooledEngine:
    """The OCR engine in this process, or (pooled) one that sends each file to a process of
    this process's OCR pool, so that files are read on every core."""
    if pooled:
        return _pool(settings.ocr_lang, settings.ocr_pdf_dpi, settings.ocr_timeout_seconds,
                     settings.ocr_review_below, settings.ocr_processes)
    return Engine(settings.ocr_lang, settings.ocr_pdf_dpi, settings.ocr_timeout_seconds,
                  settings.ocr_review_below)


@cache
def _pool(lang: str, dpi: int, timeout: float, review_below: float,
          processes: int) -> PooledEngine:
    return PooledEngine(lang, dpi, timeout, review_below, processes)


@contextmanager
def object_store(settings: Settings):
    """The configured S3 store, or the embedded SeaweedFS for the length of the run."""
    ctx = (nullcontext() if settings.s3_endpoint
           else embedded_store(settings.seaweed_dir, settings.s3_bucket))
    with ctx:
        yield s3_config(settings)
