"""The intake checks the national rules ask for, on pages made to fail each one (real OCR on
pages from the project's own generator)."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest

from ocr.engine import Engine
from ocr.options import OcrOptions
from ocr.raster import Page
from pipeline.batches import numbering_gaps, split_batch
from pipeline.intake import PageMeasures, page_findings
from pipeline.models import DocumentReading, PageText
from pipeline.process import hold_reason
from sohoa.samples.documents import SampleDoc
from sohoa.samples.render import render_pages

ENGINE = Engine(OcrOptions())
DOC = SampleDoc("000.21.11.H01-250704-0031", "X01", "ks", 31, date(2025, 7, 4),
                "Đặng Thu Trang", "Nguyễn Thị Hương")


@pytest.fixture(scope="module")
def page300() -> np.ndarray:
    return np.asarray(render_pages(DOC, 300)[0].convert("RGB"))


def codes(rgb: np.ndarray, dpi: int = 300) -> set[str]:
    return {f.code for f in ENGINE.read_page(Page(1, rgb, dpi), "t.png").findings}


def test_a_clean_colour_scan_at_300_dpi_passes_every_check(page300):
    assert codes(page300) == set()


def test_a_page_below_200_dpi_is_found(page300):
    small = cv2.resize(page300, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    assert "low_resolution" in codes(small, 150)


def test_a_sealed_page_scanned_in_grey_is_found(page300):
    grey = cv2.cvtColor(cv2.cvtColor(page300, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    assert "no_colour" in codes(grey)


def test_a_blurred_page_is_found(page300):
    assert "blurred" in codes(cv2.GaussianBlur(page300, (0, 0), 3.5))


def test_a_page_scanned_askew_and_one_with_a_dark_border_are_found(page300):
    h, w = page300.shape[:2]
    turned = cv2.warpAffine(page300, cv2.getRotationMatrix2D((w / 2, h / 2), 5, 1.0), (w, h),
                            borderValue=(255, 255, 255))
    assert "skewed" in codes(turned)
    framed = page300.copy()
    framed[:, : w // 25] = 20  # the lid's shadow along the left edge
    assert "dark_border" in codes(framed)


def test_a_missing_page_shows_in_the_page_numbers_and_keeps_the_document_from_counting():
    pages = [np.asarray(p.convert("RGB")) for p in
             render_pages(SampleDoc(**{**DOC.__dict__, "pages": 3}), 200)]
    read = [ENGINE.read_page(Page(n, pages[i], 200), "t.tif")
            for n, i in ((1, 0), (2, 2))]  # page 2 of the document was not scanned
    signs = [r.signs for r in read]
    (part,) = split_batch(signs)
    gap = numbering_gaps(part, signs)
    assert "page 2 is numbered 3" in gap
    doc = DocumentReading([PageText(r.number, r.text, 90.0) for r in read], numbering=gap)
    assert "page numbers do not match" in hold_reason(doc, ("page_numbering",))
    assert hold_reason(doc, ()) == ""  # configured to warn only


def test_which_findings_block_counting_is_configuration():
    found = page_findings(PageMeasures(150, True, True, 2.5, 4.0, 0.05))
    assert [f.code for f in found] == ["low_resolution", "no_colour", "blurred", "skewed",
                                       "dark_border"]
    doc = DocumentReading([PageText(1, "x", 90.0, findings=found)])
    assert "200 dpi" in hold_reason(doc, ("low_resolution",))
    assert "nghiêng" not in hold_reason(doc, ("low_resolution",))
    assert hold_reason(doc, ()) == ""
