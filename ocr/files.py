"""OCR of files to a folder: page texts, the archival PDF and the document's fields.

For every input ``X.ext``: ``DIR/X_p<N>.txt`` per page (UTF-8, NFC, one line per printed
line), ``DIR/X.json`` (pages with their quality and review flag, header fields with a
confidence each; for a batch scan, the documents found in it with their pages and fields)
and, when asked, ``DIR/X.pdf`` (the PDF/A-2b archival copy).
A bad file is reported by name with the reason and the next file is read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ocr.documents import assemble, document_fields
from ocr.engine import Engine
from ocr.pool import PooledEngine
from pipeline.errors import BadInputError

log = logging.getLogger("sohoa.ocr")


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    pages: int = 0
    review: int = 0            # pages flagged for review (blank ones too)
    error: str | None = None   # why the file could not be read
    blank: int = 0             # pages on which no text was read


#: In a folder, files with these endings are notes beside the scans, not scans.
NOT_SCANS = {".csv", ".txt", ".json", ".md", ".xlsx"}


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the scans inside given folders (sorted; hidden files and
    notes such as manifest.csv skipped)."""
    for p in paths:
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() not in NOT_SCANS
                and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            yield p


def ocr_file(path: Path, out_dir: Path, engine: Engine | PooledEngine,
             pdf: bool = False) -> FileOutcome:
    try:
        pages = engine.read_all(path, path.name)
    except BadInputError as exc:
        log.error("%s", exc)
        return FileOutcome(path, error=exc.reason)
    if not pages:
        return FileOutcome(path, error="no pages")
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in pages:
        (out_dir / f"{path.stem}_p{p.number}.txt").write_text(p.text + "\n", encoding="utf-8")
    summary = {
        "file": path.name,
        "pages": [{"page": p.number, "quality": round(p.quality, 4),
                   "needs_review": p.needs_review, "blank": p.blank,
                   "turned_cw": p.geometry.turn_cw,
                   "deskew_deg": round(p.geometry.skew_deg, 2), "lines": len(p.lines)}
                  for p in pages],
        "fields": document_fields(pages),
    }
    reading = assemble(path, path.name, pages, None)
    if reading.batch:  # a batch scan: the documents in it, each with its own fields
        summary["documents"] = [
            {"pages": [p.page_no for p in d.pages], "blank_pages": list(d.blank_pages),
             "code": d.code, "sure": d.sure, "doubt": d.doubt, "fields": d.fields}
            for d in reading.documents]
        summary["separator_pages"] = list(reading.separator_pages)
    (out_dir / f"{path.stem}.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if pdf:
        from ocr.archival import write_archival_pdf
        try:
            write_archival_pdf(path, pages, out_dir / f"{path.stem}.pdf")
        except BadInputError as exc:
            log.error("%s", exc)
            return FileOutcome(path, len(pages), error=exc.reason)
    review = sum(p.needs_review or p.blank for p in pages)
    blank = sum(p.blank for p in pages)
    if review:
        why = "engines disagree or no signer's name read" + (
            f"; {blank} with no text read" if blank else "")
        log.warning("%s: %d of %d page(s) flagged for review (%s)", path.name, review,
                    len(pages), why)
    return FileOutcome(path, len(pages), review, blank=blank)


def ocr_files(paths: Iterable[Path], out_dir: Path, engine: Engine | PooledEngine,
              pdf: bool = False, files_at_once: int = 1) -> Iterator[FileOutcome]:
    """`ocr_file` for each file, ``files_at_once`` of them in flight (with a PooledEngine: the
    pages of several files keep every worker busy), outcomes in the files' order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max(1, files_at_once)) as threads:
        yield from threads.map(lambda p: ocr_file(p, out_dir, engine, pdf), paths)
