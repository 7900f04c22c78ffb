"""The desk's cover, separator and blank sheets: their QR codes read back exactly."""

from __future__ import annotations

import unicodedata

import numpy as np
import zxingcpp

from sohoa.samples.sheets import SEPARATOR_TEXT, blank_sheet, cover_sheet, separator_sheet


def read(image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(np.asarray(image.convert("L")))]


def test_cover_sheet_holds_the_dossier_code():
    code = "000.00.06.H56-260125-0123"
    page = cover_sheet(code, dpi=200)
    assert page.mode == "RGB" and page.size == (1654, 2339)  # A4 at 200 dpi
    assert read(page) == [code]


def test_separator_sheet_holds_tach_in_nfc():
    assert SEPARATOR_TEXT == unicodedata.normalize("NFC", "TÁCH") and len(SEPARATOR_TEXT) == 4
    texts = read(separator_sheet(dpi=200))
    assert texts == [SEPARATOR_TEXT]
    assert unicodedata.normalize("NFC", texts[0]) == texts[0]


def test_blank_sheet_is_blank_paper():
    page = blank_sheet(dpi=100, seed=7)
    assert read(page) == []
    a = np.asarray(page.convert("L"))
    assert 230 < a.mean() < 255 and (a < 200).mean() < 0.001
    assert np.array_equal(a, np.asarray(blank_sheet(dpi=100, seed=7).convert("L")))
