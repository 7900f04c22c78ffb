"""Everything read off one page: the record the engine hands to the archival PDF writer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ocr.linereader import Geometry
from ocr.merge import Line
from pipeline.batches import PageSigns
from pipeline.intake import Finding
from pipeline.models import PageText


@dataclass(frozen=True)
class PageOcr:
    """Everything read off one page."""

    number: int
    dpi: int
    size: tuple[int, int]          # width, height of the page as stored
    to_stored: np.ndarray          # 3x3: the read page's pixels -> the stored page's pixels
    geometry: Geometry
    flattened: bool                # a photographed sheet was warped flat
    text: str                      # NFC, one line per printed line, in reading order
    lines: list[Line]              # merged lines, boxes in the upright page's pixels
    confidence: float              # Tesseract's mean word confidence, 0..100
    quality: float                 # agreement of the two engines, 0..1
    needs_review: bool
    blank: bool = False            # no text read: flagged, not counted until a person confirms
    codes: tuple[str, ...] = ()    # QR codes and barcodes on the page
    findings: tuple[Finding, ...] = ()  # intake checks the page failed
    signs: PageSigns | None = None  # where a document starts or goes on (batch splitting)

    def as_page_text(self) -> PageText:
        return PageText(self.number, self.text, self.confidence, self.geometry.turn_cw,
                        self.geometry.skew_deg, round(self.quality, 4),
                        self.needs_review or self.blank, self.blank, self.findings, self.codes)
