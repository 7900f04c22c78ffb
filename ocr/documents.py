"""From the pages read off one file to the documents it holds: a batch scan is cut into
documents (pipeline/batches.py), each gets its header fields and its own PDF/A archival copy,
written to a work folder (never held whole in memory)."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pikepdf

from ocr.archival import archival_pdf, save_pages, save_pdfa, scan_time
from ocr.page import PageOcr
from pipeline.batches import PageSigns, Part, numbering_gaps, split_batch
from pipeline.errors import BadInputError
from pipeline.header import extract_header, extract_signer
from pipeline.models import DocumentReading, Reading

log = logging.getLogger("sohoa.ocr")


def document_fields(pages: list[PageOcr]) -> dict[str, object]:
    """Header fields off the first page, the signer off the last page that has one, and the
    codes read on its pages."""
    first = pages[0]
    out = extract_header([ln.text for ln in first.lines], [ln.conf for ln in first.lines]).as_dict()
    for page in reversed(pages):
        signer = extract_signer([ln.text for ln in page.lines], [ln.conf for ln in page.lines])
        if signer:
            out["signer"] = {"value": signer.value,
                             "certainty": round(signer.certainty, 3)}
            break
    codes = [c for p in pages for c in p.codes]
    if codes:
        out["codes"] = list(dict.fromkeys(codes))
    return out


def _signs(pages: list[PageOcr]) -> list[PageSigns]:
    return [p.signs or PageSigns(p.number, blank=p.blank) for p in pages]


def _archival_copy(pdf: pikepdf.Pdf, part: Part, batch: bool, name: str, when: datetime,
                   work: Path) -> Path | None:
    """The PDF/A copy of one document (the whole file, or its pages of a batch) written into
    ``work``; None (logged) when it cannot be made: the document is archived without one."""
    stem = Path(name).stem
    try:
        if batch:
            return save_pages(pdf, [n - 1 for n in part.pages], f"{stem} {part.label}", when,
                              work / f"{stem}_{part.label}.pdfa.pdf")
        out = work / f"{stem}.pdfa.pdf"
        save_pdfa(pdf, stem, when, out)
        return out
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        log.warning("%s %s: no archival PDF: %s", name, part.label, exc)
        return None


def assemble(path: Path, name: str, pages: list[PageOcr], work: Path | None) -> Reading:
    """The file's documents. A file showing no sign of being a batch is one document of all its
    pages (its archival copy: the whole file); a batch gives one document per part, each with
    its own archival copy of its own pages."""
    if not pages:
        return Reading([], [])
    signs = _signs(pages)
    parts = split_batch(signs)
    separators = tuple(s.page_no for s in signs if s.separator or s.cover)
    batch = len(parts) > 1 or bool(separators)
    if not batch:  # one document, every page of it (blank ones flagged, as handed in)
        whole = parts[0] if parts else Part(tuple(p.number for p in pages))
        parts = [Part(tuple(p.number for p in pages), (), whole.code)]
    else:
        log.info("%s: a batch of %d document(s): %s%s", name, len(parts),
                 ", ".join(p.label for p in parts),
                 f"; separator/cover sheet(s) on page(s) {', '.join(map(str, separators))}"
                 if separators else "")
    pdf = None
    if work is not None:
        try:
            pdf = archival_pdf(path, name, pages, work)
        except BadInputError as exc:  # the scan itself was read: archive it without one
            log.warning("%s: no archival PDF: %s", name, exc.reason)
    when = scan_time(path)
    documents = []
    try:
        for part in parts:
            own = [pages[n - 1] for n in part.pages]
            out = _archival_copy(pdf, part, batch, name, when, work) if pdf is not None \
                else None
            if not part.sure:
                log.warning("%s %s: document boundary unsure (%s): left to a person", name,
                            part.label, part.doubt)
            fields = document_fields(own)
            if part.code and part.code not in fields.get("codes", []):  # from its cover sheet
                fields["codes"] = [part.code, *fields.get("codes", [])]
            documents.append(DocumentReading(
                [p.as_page_text() for p in own], fields, out, part.blank,
                part.code, part.sure, part.doubt, numbering_gaps(part, signs)))
    finally:
        if pdf is not None:
            pdf.close()
    return Reading([p.as_page_text() for p in pages], documents, separators)
