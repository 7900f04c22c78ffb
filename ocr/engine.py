"""The OCR engine the pipeline uses: pages -> upright -> cleaned -> Tesseract -> NFC text."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2

from ocr.clean import prepare_for_ocr, rotate_quarter, to_gray
from ocr.raster import iter_pages
from ocr.tesseract import check_tesseract, detect_rotation, recognise
from ocr.text import normalize_text
from pipeline.models import PageText

log = logging.getLogger("sohoa.ocr")

OSD_MIN_CONFIDENCE = 1.5
OSD_DPI = 150


@dataclass
class TesseractEngine:
    lang: str = "vie"
    pdf_dpi: int = 300
    timeout: float = 180.0

    def check(self) -> str:
        return check_tesseract(self.lang)

    def upright(self, rgb, dpi: int, name: str, page_no: int):
        """Orientation from Tesseract OSD on a reduced copy; only acted on when confident."""
        gray = to_gray(rgb)
        scale = min(1.0, OSD_DPI / dpi)
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        turn, conf = detect_rotation(small, round(dpi * scale), self.timeout)
        if turn and conf >= OSD_MIN_CONFIDENCE:
            log.info("%s p%d: turned %d° clockwise (OSD confidence %.1f)",
                     name, page_no, turn, conf)
            return rotate_quarter(rgb, turn), turn
        return rgb, 0

    def read(self, path: Path, name: str) -> list[PageText]:
        pages = []
        for page in iter_pages(path, name, self.pdf_dpi):
            rgb, turn = self.upright(page.rgb, page.dpi, name, page.number)
            clean, angle = prepare_for_ocr(rgb)
            if angle:
                log.info("%s p%d: deskewed by %.2f°", name, page.number, angle)
            text, conf = recognise(clean, page.dpi, self.lang, self.timeout)
            pages.append(PageText(page.number, normalize_text(text), conf, turn, angle))
        return pages
