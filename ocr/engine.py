"""The OCR engine the pipeline uses.

page -> orientation and skew (trueocr's models) -> the colour page turned and straightened
-> seal removed, background flattened, binarised for Tesseract -> two readings (trueocr's
lines, Tesseract's words) -> merged per line -> Vietnamese tidy-up -> NFC text, a quality
score (how far the engines agree) and the line boxes for the archival PDF's text layer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ocr.clean import (
    clean_for_lines,
    clean_for_tesseract,
    remove_dark_border,
    rotate_quarter,
    rotate_small,
    suppress_red,
    to_gray,
)
from ocr.linereader import Geometry, LineReader
from ocr.merge import Line, TWord, agreement, merge_lines
from ocr.raster import Page, iter_pages
from ocr.tesseract import check_tesseract, recognise_words
from ocr.text import normalize_text
from pipeline.models import PageText

log = logging.getLogger("sohoa.ocr")


@dataclass(frozen=True)
class PageOcr:
    """Everything read off one page."""

    number: int
    dpi: int
    size: tuple[int, int]          # width, height of the page as stored
    upright_size: tuple[int, int]  # width, height after the quarter turn
    geometry: Geometry
    text: str                      # NFC, one line per printed line, in reading order
    lines: list[Line]              # merged lines, boxes in the upright page's pixels
    confidence: float              # Tesseract's mean word confidence, 0..100
    quality: float                 # agreement of the two engines, 0..1
    needs_review: bool

    def as_page_text(self) -> PageText:
        return PageText(self.number, self.text, self.confidence, self.geometry.turn_cw,
                        self.geometry.skew_deg, round(self.quality, 4), self.needs_review)


@dataclass
class Engine:
    lang: str = "vie"
    pdf_dpi: int = 300
    timeout: float = 180.0
    review_below: float = 0.85
    reader: LineReader = field(default_factory=LineReader)

    def check(self) -> str:
        return check_tesseract(self.lang)

    def read_page(self, page: Page, name: str) -> PageOcr:
        where = f"{name} p{page.number}"
        geo = self.reader.geometry(to_gray(page.rgb))
        upright = rotate_quarter(page.rgb, geo.turn_cw)
        if geo.turn_cw:
            log.info("%s: turned %d° clockwise (orientation model)", where, geo.turn_cw)
        straight = rotate_small(upright, geo.skew_deg)
        if geo.skew_deg:
            log.info("%s: deskewed by %.2f°", where, geo.skew_deg)
        else:
            log.debug("%s: no skew to correct", where)
        gray, border = remove_dark_border(to_gray(suppress_red(straight)))
        if border:
            log.info("%s: dark scanner border removed (%d px)", where, border)
        lines = self.reader.read_lines(clean_for_lines(gray))
        words = [TWord(w.text, w.conf, w.box) for w in
                 recognise_words(clean_for_tesseract(gray), page.dpi, self.lang, self.timeout)]
        merged = merge_lines(lines, words)
        text = normalize_text("\n".join(ln.text for ln in merged))
        quality = agreement(" ".join(ln.text for ln in lines), " ".join(w.text for w in words))
        review = quality < self.review_below
        log.info("%s: %d lines, %d Tesseract words, engines agree %.0f%%%s", where, len(lines),
                 len(words), 100 * quality, " - flagged for review" if review else "")
        conf = round(sum(w.conf for w in words) / len(words), 2) if words else 0.0
        h, w = page.rgb.shape[:2]
        return PageOcr(page.number, page.dpi, (w, h), (upright.shape[1], upright.shape[0]), geo,
                       text, merged, conf, quality, review)

    def read_pages(self, path: Path, name: str) -> Iterator[tuple[Page, PageOcr]]:
        for page in iter_pages(path, name, self.pdf_dpi):
            yield page, self.read_page(page, name)

    def read(self, path: Path, name: str) -> list[PageText]:
        return [ocr.as_page_text() for _, ocr in self.read_pages(path, name)]
