"""Splitting a batch scan (a stack of results through the sheet feeder) into documents. Pure.

Signs are read off each page (`page_signs`), then the pages are cut into documents
(`split_batch`), in order of trust:
1. separator and cover sheets: a page whose QR code or barcode says "TÁCH", or holds a dossier
   code on a sheet that is not itself a document (no national motto). The sheet is not part of
   any document; a cover's code goes with the document after it;
2. the layout of administrative documents (Decree 30/2020/NĐ-CP): a document's first page
   carries the national motto (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh
   phúc); pages 2 and later carry their page number at the top centre;
3. blank pages (the back of a one-sided sheet): kept out of the document, listed with it.
A boundary no sign vouches for (a page with neither the motto nor the next page number) is a
guess: that document is marked unsure, and goes to a person instead of being counted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.dossier import DOSSIER_CODE
from pipeline.letters import base_form

SEPARATOR_CODES = {"TÁCH", "TACH"}

_MOTTO = (("CONG", "HOA", "XA", "HOI", "CHU", "NGHIA", "VIET", "NAM"),
          ("DOC", "LAP", "TU", "DO", "HANH", "PHUC"))
#: the motto is looked for in this top share of the page
MOTTO_ZONE = 0.3
#: a page number is looked for in this top share of the page, this near the centre line
NUMBER_ZONE = 0.12
NUMBER_CENTRE = 0.12
_PAGE_NUMBER = re.compile(r"^[-–.\s]*(?:trang\s*)?(\d{1,3})[-–.\s]*$", re.IGNORECASE)

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class PageSigns:
    """What tells where a document starts, read off one page of a batch."""

    page_no: int                         # 1-based, in the batch file
    motto: bool = False                  # the national motto near the top
    page_label: int | None = None        # the page number printed at the top centre
    codes: tuple[str, ...] = ()          # QR codes and barcodes read on the page (NFC)
    blank: bool = False

    @property
    def separator(self) -> bool:
        return any(c.strip().upper() in SEPARATOR_CODES for c in self.codes)

    @property
    def dossier_codes(self) -> tuple[str, ...]:
        return tuple(m.group(0) for c in self.codes for m in DOSSIER_CODE.finditer(c))

    @property
    def cover(self) -> bool:
        """A cover sheet: a dossier code on a sheet that is not a document's page."""
        return bool(self.dossier_codes) and not self.motto and self.page_label is None


@dataclass(frozen=True)
class Part:
    """One document found in a batch."""

    pages: tuple[int, ...]               # its own pages, in order (no blank, no separator)
    blank: tuple[int, ...] = ()          # blank pages between or after its pages
    code: str = ""                       # dossier code from its cover sheet or its own page
    sure: bool = True                    # every boundary vouched for by a sign
    doubt: str = ""                      # why not sure

    @property
    def first(self) -> int:
        return self.pages[0]

    @property
    def last(self) -> int:
        return self.pages[-1]

    @property
    def label(self) -> str:
        """"p3-7" (the page range in the batch)."""
        return f"p{self.first}" if self.first == self.last else f"p{self.first}-{self.last}"


def _fuzzy_words(line: str) -> set[str]:
    return set(re.findall(r"[A-Z]+", base_form(unicodedata.normalize("NFC", line)).upper()))


def is_motto(line: str) -> bool:
    """A line of the national motto, allowing for a word or two misread."""
    words = _fuzzy_words(line)
    return any(len(words & set(m)) >= len(m) - 2 for m in _MOTTO)


def page_label(text: str) -> int | None:
    """The page number a line is, if it is one ("2", "- 2 -", "Trang 2")."""
    m = _PAGE_NUMBER.match(text.strip())
    return int(m.group(1)) if m else None


def page_signs(page_no: int, lines: Sequence[tuple[str, Box]], size: tuple[int, int],
               codes: Sequence[str] = (), blank: bool = False) -> PageSigns:
    """The signs of one page from its lines (text and box in the upright page's pixels) and
    ``size`` (width, height of that page)."""
    w, h = size
    motto = any(box[1] < MOTTO_ZONE * h and is_motto(text) for text, box in lines)
    label = None
    for text, (x0, y0, x1, _y1) in lines:
        n = page_label(text)
        if n is not None and n >= 2 and y0 < NUMBER_ZONE * h and \
                abs((x0 + x1) / 2 - w / 2) < NUMBER_CENTRE * w:
            label = n
            break
    return PageSigns(page_no, motto, label,
                     tuple(unicodedata.normalize("NFC", c) for c in codes), blank)


@dataclass
class _Open:
    pages: list[int] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)
    code: str = ""
    doubts: list[str] = field(default_factory=list)

    def part(self) -> Part:
        return Part(tuple(self.pages), tuple(self.blank), self.code, not self.doubts,
                    "; ".join(self.doubts))


def split_batch(signs: Sequence[PageSigns]) -> list[Part]:
    """The documents of a batch, in page order. A file with one document gives one part."""
    parts: list[Part] = []
    cur = _Open()
    pending_blank: list[int] = []    # blank pages before any document page

    def close() -> None:
        nonlocal cur
        if cur.pages:
            parts.append(cur.part())
        cur = _Open()

    for s in signs:
        if s.separator or s.cover:
            close()
            cur.code = s.dossier_codes[0] if s.cover else ""
            continue
        if s.blank:
            (cur.blank if cur.pages else pending_blank).append(s.page_no)
            continue
        if cur.pages and s.motto and s.page_label is None:
            close()
        if not cur.pages:
            cur.pages.append(s.page_no)
            cur.blank.extend(pending_blank)
            pending_blank.clear()
            if not cur.code and s.dossier_codes:
                cur.code = s.dossier_codes[0]
            if not s.motto and parts:  # a start no sign shows (nor a separator before it)
                cur.doubts.append(f"page {s.page_no} starts a document but has no national "
                                  "motto")
            continue
        expected = len(cur.pages) + 1
        if s.page_label is None:
            cur.doubts.append(f"page {s.page_no}: no page number and no motto: taken as page "
                              f"{expected} of the document before it")
        elif s.page_label != expected:
            cur.doubts.append(f"page {s.page_no} is numbered {s.page_label}, page {expected} "
                              "was expected")
        cur.pages.append(s.page_no)
    close()
    if pending_blank and parts:  # only blank pages after the last document: kept with it
        last = parts[-1]
        parts[-1] = Part(last.pages, (*last.blank, *pending_blank), last.code, last.sure,
                         last.doubt)
    if len(parts) == 1 and not any(s.separator or s.cover for s in signs):
        # no sign of a batch at all: the file is one document, as handed in (its page
        # numbering is an intake check: `numbering_gaps`)
        only = parts[0]
        parts = [Part(only.pages, only.blank, only.code)]
    return parts


def numbering_gaps(part: Part, signs: Sequence[PageSigns]) -> str:
    """Where a document's printed page numbers say a page is missing or out of order ("" when
    they do not): the number of images must be the number of pages."""
    by_no = {s.page_no: s for s in signs}
    wrong = [f"page {i} is numbered {by_no[p].page_label}"
             for i, p in enumerate(part.pages, 1)
             if p in by_no and by_no[p].page_label is not None and by_no[p].page_label != i]
    return "; ".join(wrong)
