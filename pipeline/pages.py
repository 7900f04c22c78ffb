"""What is made of a document's pages for storing. Pure."""

from __future__ import annotations

from pipeline.models import PageText


def page_text_document(pages: list[PageText]) -> str:
    """The stored text file: pages separated by form feeds, NFC, one line per printed line."""
    return "\f".join(p.text for p in pages) + "\n"


def mean_confidence(pages: list[PageText]) -> float | None:
    """Mean Tesseract word confidence of the pages, 0..100."""
    return round(sum(p.confidence for p in pages) / len(pages), 2) if pages else None
