"""How the OCR engine reads: one options object, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrOptions:
    lang: str = "vie"            # Tesseract language data
    pdf_dpi: int = 300           # PDF pages are rendered at this resolution
    timeout: float = 180.0       # seconds one Tesseract call may take
    review_below: float = 0.85   # pages whose engines agree less (quality) are flagged
    # intake limits: past them a file is unusable (BadInputError, quarantined with the reason)
    max_file_mb: float = 500.0       # size of one file
    max_pages: int = 1000            # pages of one file
    max_megapixels: float = 180.0    # pixels of one page as stored or rendered (A0 at 300 dpi: 139)
    max_page_mm: float = 1500.0      # longest side of a PDF page (A0: 1189 mm)
