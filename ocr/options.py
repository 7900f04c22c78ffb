"""How the OCR engine reads: one options object, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrOptions:
    lang: str = "vie"            # Tesseract language data
    pdf_dpi: int = 300           # PDF pages are rendered at this resolution
    timeout: float = 180.0       # seconds one Tesseract call may take
    review_below: float = 0.85   # pages whose engines agree less (quality) are flagged
