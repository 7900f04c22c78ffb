"""OCR in worker processes, so that cleaning and recognition use every core.

Tesseract already runs as a subprocess, but OpenCV steps, the line reader's pre- and
post-processing and the merge are Python holding the GIL: in threads, one core does them for
all. `PooledEngine` has the same `digitize` as `Engine` and sends each *page* of a file to a
process of a `ProcessPoolExecutor` (spawned, one engine and one set of models per process):
a 300-page batch is read on every core, not one. Only the path and the page number go out, and
the page's reading (text, line boxes, signs) comes back; the page image never crosses. The
documents are then cut here; a batch's archival copies are made in the workers too, several at
once, each from the scan file into the work folder (made here, after the reading, they were a
serial tail: 2 workers read a 300-page batch only 1.74x as fast as 1). What the engine logged in
the worker is logged again here, so that it reaches the run's log.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ocr.archival import part_copy
from ocr.documents import CopyJob, assemble
from ocr.options import OcrOptions
from ocr.page import PageOcr
from ocr.raster import check_intake
from pipeline.errors import BadInputError, OcrError, SohoaError
from pipeline.models import Reading

log = logging.getLogger("sohoa.ocr")

_engine = None  # the worker process's Engine


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """A worker whose parent is gone (killed with SIGKILL: it could not shut the pool down)
    ends itself, instead of holding its models (~300 MB) forever. ``parent`` comes from the
    parent itself: it may have died before this worker got this far."""

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(70)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _start_worker(options: OcrOptions, parent: int) -> None:
    global _engine
    _exit_with_parent(parent)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from ocr.engine import Engine

    _engine = Engine(options)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.name, record.getMessage()))


def _read_one(path: str, name: str, number: int,
              kind: str) -> tuple[PageOcr | None, SohoaError | None, list[tuple[int, str, str]]]:
    """In the worker: read one page; errors come back as values (they pickle as such)."""
    collect = _Collect()
    root = logging.getLogger("sohoa")
    root.addHandler(collect)
    root.setLevel(logging.INFO)
    try:
        return _engine.read_one(Path(path), name, number, kind), None, collect.records
    except SohoaError as exc:
        return None, exc, collect.records
    finally:
        root.removeHandler(collect)


def _copy_one(path: str, name: str, numbers: list[int], pages: list[PageOcr], title: str,
              when: datetime, out: str) -> tuple[Path | None, str]:
    """In the worker: one document's archival copy (a batch's part); an error as its reason."""
    try:
        return part_copy(Path(path), name, numbers, pages, title, when, Path(out)), ""
    except BadInputError as exc:
        return None, exc.reason


@dataclass
class PooledEngine:
    options: OcrOptions = field(default_factory=OcrOptions)
    processes: int = 2
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self) -> str:
        from ocr.tesseract import check_tesseract

        return check_tesseract(self.options.lang)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.options, os.getpid()))
            return self._pool

    def read_all(self, path: Path, name: str) -> list[PageOcr]:
        """Every page of a file, each read in whichever worker is free, in page order."""
        kind, count = check_intake(path, name, self.options, self.options.pdf_dpi)
        pool = self._executor()
        try:
            futures = [pool.submit(_read_one, str(path), name, n, kind)
                       for n in range(1, count + 1)]
            pages, failure = [], None
            for fut in futures:  # in page order; every result's log replayed
                page, error, records = fut.result()
                for level, logger, message in records:
                    logging.getLogger(logger).log(level, message)
                failure = failure or error
                pages.append(page)
        except BrokenProcessPool as exc:
            with self._lock:  # a worker died (e.g. out of memory): start afresh next time
                self._pool = None
            raise OcrError(f"{name}: an OCR worker process died while reading it "
                           "(out of memory?)") from exc
        if failure is not None:
            raise failure
        return pages

    def digitize(self, path: Path, name: str, work: Path | None = None) -> Reading:
        return assemble(path, name, self.read_all(path, name), work, self.copy_parts)

    def copy_parts(self, path: Path, name: str, jobs: list[CopyJob],
                   when: datetime) -> list[Path | None]:
        """A batch's archival copies made in the worker processes, several at once."""
        pool = self._executor()
        try:
            futures = [pool.submit(_copy_one, str(path), name, numbers, own, title, when,
                                   str(out)) for numbers, own, title, out in jobs]
            done = [f.result() for f in futures]
        except BrokenProcessPool as exc:
            with self._lock:
                self._pool = None
            raise OcrError(f"{name}: an OCR worker process died while making its archival "
                           "copies (out of memory?)") from exc
        for (_, _, title, _), (_, why) in zip(jobs, done, strict=True):
            if why:
                log.warning("%s: no archival PDF for %s: %s", name, title, why)
        return [out for out, _ in done]

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
