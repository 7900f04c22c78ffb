"""From the pages read off one file to the documents it holds: a batch scan is cut into
documents (pipeline/batches.py), each gets its header fields and its own PDF/A archival copy,
written to a work folder (never held whole in memory)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pikepdf

from ocr.archival import archival_pdf, part_copy, save_pdfa, scan_time
from ocr.page import PageOcr
from ocr.places import place_words
from ocr.vietnamese import base_form, is_syllable
from pipeline.batches import PageSigns, Part, numbering_gaps, split_batch
from pipeline.errors import BadInputError
from pipeline.header import extract_header, extract_signer, names_a_body
from pipeline.models import DocumentReading, Reading

log = logging.getLogger("sohoa.ocr")


#: a header field in words, read with a word no print gives, is this sure at most
GARBLED = 0.5
#: the header fields in words (the number, the date and the signer have checks of their own)
WORDED = ("place", "issuing_body", "parent_body", "doc_type", "subject")


#: an abbreviation as print gives it: two to five capitals without a mark ("UBND", "HĐND")
_ABBREVIATION = re.compile(r"[A-ZĐ]{2,5}")
#: abbreviations that name a body themselves, before its level and place ("HĐND TỈNH …")
BODY_ABBREVIATIONS = ("UBND", "HĐND", "MTTQ", "BCH", "BQL", "TAND", "VKSND", "BHXH", "HTX")


def garbled(text: str) -> str | None:
    """The first word of a field as read that print does not give: figures and letters run
    together ("202G"), or letters that are no Vietnamese syllable ("PHIONG", "viớc",
    "ĐOITHUELIÊN", a consonant alone: "B SUNG"). An abbreviation (two to five capitals
    without a mark: "UBND", "HĐND"), a word of an official unit's name ("KRÔNG", "EA"), a
    word with an apostrophe ("M'ĐRẮK") and "V/v" are print; but not an abbreviation before a
    body's name written out ("MP PHÒNG KINH TẾ …": a body is named one way or the other, the
    back's letters or a stamp's read into the line). None when every word is."""
    head, _, rest = text.partition(" ")
    if _ABBREVIATION.fullmatch(head) and not is_syllable(head) \
            and head not in BODY_ABBREVIATIONS and not names_a_body(head) and names_a_body(rest):
        return head
    for word in re.findall(r"[^\s,.;:()\"“”/–-]+", re.sub(r"\bV/v\b", "", text)):
        if word.isdigit() or (len(word) < 2 and is_syllable(word)):
            continue
        if not word.isalpha():
            if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
                return word
            continue
        if _ABBREVIATION.fullmatch(word) or is_syllable(word) or \
                (len(word) > 1 and word.lower() in place_words()):
            continue
        return word
    return None


def cut_short(text: str) -> bool:
    """Whether a field that opens with a capital (a body, a title, a subject) was read with its
    start lost: it opens in lower case ("o chức ngày Chủ nhật …" for "Tổ chức …")."""
    return next((c for c in text if c.isalpha()), "").islower()


def marks_disagree(body: str, place: str) -> bool:
    """Whether the issuing body's last words and the place on the date line are one name
    read with other marks ("XÃ VĨNH THANH" and "Vĩnh Thạnh", "PHONG NĂM" and "Phong Nẵm"): the
    same letters, so the same unit, yet one of the two (or both) is misread."""
    words = place.split()
    tail = " ".join(body.split()[-len(words):]).lower() if words else ""
    name = " ".join(words).lower()
    return bool(tail) and base_form(tail) == base_form(name) and tail != name


def _calibrated(fields: dict[str, object]) -> dict[str, object]:
    """The fields in words read with a garbled word (`garbled`) or with their start lost
    (`cut_short`; not the place, which a date line may write in lower case) given `GARBLED`
    sure at most, and so are the issuing body and the place when they name one unit with
    other marks (`marks_disagree`): a clerk checks them."""
    for key in WORDED:
        field = fields.get(key)
        if isinstance(field, dict) and (garbled(str(field["value"])) or (
                key != "place" and cut_short(str(field["value"])))):
            fields[key] = {**field, "certainty": min(field["certainty"], GARBLED)}
    body, place = fields.get("issuing_body"), fields.get("place")
    if isinstance(body, dict) and isinstance(place, dict) and \
            marks_disagree(str(body["value"]), str(place["value"])):
        for key, field in (("issuing_body", body), ("place", place)):
            fields[key] = {**field, "certainty": min(field["certainty"], GARBLED)}
    return fields


def document_fields(pages: list[PageOcr]) -> dict[str, object]:
    """Header fields off the first page (a field in words read with a garbled word unsure),
    the signer off the last page that has one, and the codes read on its pages."""
    first = pages[0]
    out = _calibrated(extract_header([ln.text for ln in first.lines],
                                     [ln.conf for ln in first.lines]).as_dict())
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


def _archival_copy(pdf: pikepdf.Pdf, part: Part, name: str, when: datetime,
                   work: Path) -> Path | None:
    """The PDF/A copy of a file that is one document, written into ``work``; None (logged)
    when it cannot be made: the document is archived without one."""
    stem = Path(name).stem
    try:
        out = work / f"{stem}.pdfa.pdf"
        save_pdfa(pdf, stem, when, out)
        return out
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        log.warning("%s %s: no archival PDF: %s", name, part.label, exc)
        return None


#: one document's archival copy to make: (its pages' numbers, their readings, title, file)
CopyJob = tuple[list[int], list[PageOcr], str, Path]
#: makes the copies of a batch's documents: (scan, name, jobs, time) -> a path or None each
CopyParts = Callable[[Path, str, list[CopyJob], datetime], list[Path | None]]


def copy_here(path: Path, name: str, jobs: list[CopyJob], when: datetime) -> list[Path | None]:
    """Each document's archival copy made in this process, one after the other; None (logged)
    for one that cannot be made: that document is archived without one."""
    out = []
    for numbers, own, title, dest in jobs:
        try:
            out.append(part_copy(path, name, numbers, own, title, when, dest))
        except BadInputError as exc:
            log.warning("%s: no archival PDF for %s: %s", name, title, exc.reason)
            out.append(None)
    return out


def assemble(path: Path, name: str, pages: list[PageOcr], work: Path | None,
             copy_parts: CopyParts = copy_here) -> Reading:
    """The file's documents. A file showing no sign of being a batch is one document of all its
    pages (its archival copy: the whole file); a batch gives one document per part, each with
    its own archival copy of its own pages, made by ``copy_parts`` (in worker processes, for
    the pooled engine)."""
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
    when = scan_time(path)
    copies: list[Path | None] = [None] * len(parts)
    if work is not None and batch:
        stem = Path(name).stem
        copies = copy_parts(path, name, [
            (list(part.pages), [pages[n - 1] for n in part.pages], f"{stem} {part.label}",
             work / f"{stem}_{part.label}.pdfa.pdf") for part in parts], when)
    elif work is not None:
        try:
            pdf = archival_pdf(path, name, pages, work)
        except BadInputError as exc:  # the scan itself was read: archive it without one
            log.warning("%s: no archival PDF: %s", name, exc.reason)
    documents = []
    try:
        for part, copy in zip(parts, copies, strict=True):
            own = [pages[n - 1] for n in part.pages]
            out = _archival_copy(pdf, part, name, when, work) if pdf is not None else copy
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
