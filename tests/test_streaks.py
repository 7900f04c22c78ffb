"""A sheet feeder's streaks (lines down the whole page from dust on its glass) are taken out
before the page is read: a 1-bit scan's black lines through the words, a grey scan's darker
bands; the page's own rules and its 1-bit dither stay as they are."""

from __future__ import annotations

import logging
from datetime import date

import numpy as np
import pytest
from PIL import Image

from ocr.engine import Engine
from ocr.options import OcrOptions
from ocr.streaks import remove_streaks
from sohoa.samples.documents import SampleDoc
from sohoa.samples.render import render_pages

DPI = 200
#: through "ỦY BAN NHÂN DÂN", the body's "Quyết định" and "Độc lập - Tự do"
STREAKS = ((438, 3), (716, 2), (1002, 3))


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    doc = SampleDoc(result_id="000.22.11.H01-250210-0009", unit="X02", procedure="ct",
                    number=15, issued=date(2025, 2, 10), person="Võ Văn Lực",
                    signer="Trương Công Định")
    return np.asarray(render_pages(doc, DPI)[0].convert("L")).copy()


def streaked(gray: np.ndarray, delta: int) -> np.ndarray:
    out = gray.astype(np.int16)
    for x, width in STREAKS:
        out[:, x:x + width] += delta
    return np.clip(out, 0, 255).astype(np.uint8)


def one_bit(gray: np.ndarray) -> np.ndarray:
    return np.where(gray < 140, 0, 255).astype(np.uint8)


def test_a_1bit_scans_black_lines_are_taken_out_and_the_strokes_they_crossed_join(page):
    clean = one_bit(page)
    scan = one_bit(streaked(page, -150))
    out, found = remove_streaks(scan, DPI)
    assert found == len(STREAKS)
    for x, width in STREAKS:
        column = out[:, x:x + width]
        was = (clean[:, x:x + width] == 0).mean()
        assert (column == 0).mean() < was + 0.02           # no longer a line down the page
        crossed = (clean[:, x - 1] == 0) & (clean[:, x + width] == 0)
        assert (column[crossed] == 0).all()                # strokes across it are whole again


def test_a_grey_scans_darker_bands_are_lifted_to_give_back_the_print_under_them(page):
    out, found = remove_streaks(streaked(page, -80), DPI)
    assert found == len(STREAKS)
    kept = page >= 80                  # print the streak did not darken to black is given back
    assert np.abs(out.astype(int) - page.astype(int))[kept].max() <= 3
    assert (out[~kept] <= 80).all()    # print it did stays print


def test_rules_of_the_page_and_a_clean_page_are_left_alone(page):
    ruled = page.copy()
    h = ruled.shape[0]
    ruled[int(0.3 * h):int(0.7 * h), 1400:1402] = 0        # a table's rule, short of the margins
    for scan in (ruled, one_bit(ruled)):
        out, found = remove_streaks(scan, DPI)
        assert found == 0 and (out == scan).all()
    noisy = np.where(np.random.default_rng(7).random(page.shape) < 0.3, 0, 255)
    dithered = np.minimum(one_bit(page), noisy.astype(np.uint8))   # a 1-bit scan of grey paper
    assert remove_streaks(dithered, DPI)[1] == 0
    for tiny in ((1, 1), (3, 500), (500, 3)):                       # a thumbnail, a sliver
        assert remove_streaks(np.full(tiny, 200, np.uint8), DPI)[1] == 0


def test_a_1bit_feeder_scan_with_streaks_is_read_with_them_taken_out(page, tmp_path, caplog):
    path = tmp_path / "streaked.png"
    Image.fromarray(one_bit(streaked(page, -150))).convert("1").save(path, dpi=(DPI, DPI))
    caplog.set_level(logging.INFO, logger="sohoa.ocr")
    (read,) = Engine(OcrOptions(pdf_dpi=DPI)).read(path, path.name)
    assert f"{len(STREAKS)} feeder streak(s) taken out" in caplog.text
    for words in ("ỦY BAN NHÂN DÂN", "Độc lập - Tự do - Hạnh phúc", "QUYẾT ĐỊNH",
                  "Võ Văn Lực"):
        assert words in read.text, read.text
