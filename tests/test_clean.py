"""Cleaning steps on generated pages whose truth is known."""

from datetime import date

import numpy as np
import pytest
from PIL import Image

from ocr.clean import (
    clean_for_lines,
    clean_for_tesseract,
    remove_dark_border,
    rotate_quarter,
    rotate_small,
    suppress_red,
    to_gray,
    whiten_background,
)
from ocr.linereader import LineReader
from sohoa.samples.documents import SampleDoc
from sohoa.samples.render import render_pages


@pytest.fixture(scope="module")
def page() -> Image.Image:
    doc = SampleDoc("000.21.11.H01-240819-0003", "X01", "ks", 52, date(2024, 8, 19),
                    "Đặng Ngọc Bảo Trâm", "Nguyễn Thị Hương")
    return render_pages(doc, dpi=150)[0]


READER = LineReader()


@pytest.mark.parametrize("angle", [-3.5, -1.2, 0.8, 2.0, 4.6])
def test_page_rotated_by_a_known_angle_comes_back_within_two_tenths(page, angle):
    tilted = page.rotate(angle, resample=Image.BICUBIC, fillcolor="white")
    geo = READER.geometry(np.asarray(tilted.convert("L")))
    assert geo.turn_cw == 0
    assert abs(geo.skew_deg + angle) <= 0.2, (angle, geo.skew_deg)
    straight = to_gray(rotate_small(np.asarray(tilted), geo.skew_deg))
    assert abs(READER.geometry(straight).skew_deg) <= 0.2


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_page_stored_turned_is_turned_upright(page, turn):
    stored = rotate_quarter(np.asarray(page.convert("L")), (360 - turn) % 360)
    assert READER.geometry(stored).turn_cw == turn


def test_straight_page_is_left_alone(page):
    geo = READER.geometry(np.asarray(page.convert("L")))
    assert (geo.turn_cw, geo.skew_deg) == (0, 0.0)


def test_quarter_turns_are_lossless_and_invert(page):
    img = np.asarray(page)
    sideways = rotate_quarter(img, 90)
    assert sideways.shape == (img.shape[1], img.shape[0], 3)
    assert np.array_equal(rotate_quarter(sideways, 270), img)
    assert np.array_equal(rotate_quarter(rotate_quarter(img, 180), 180), img)


def _is_red(rgb):
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    return (r > 150) & (g < 110) & (b < 110)


def test_red_seal_removed_while_black_text_under_it_stays(page):
    img = np.asarray(page)
    red_before = _is_red(img)
    assert red_before.sum() > 2000  # the generator drew a seal
    ys, xs = np.nonzero(red_before)
    box = (slice(ys.min(), ys.max()), slice(xs.min(), xs.max()))
    dark_before = (img[box].max(axis=2) < 80).sum()
    assert dark_before > 500  # signer's name and signature under the seal
    out = suppress_red(img)
    assert _is_red(out).sum() == 0
    assert (out[box].max(axis=2) < 80).sum() >= dark_before * 0.95


def test_cleaned_pages_keep_size_and_tesseract_gets_pure_black_and_white(page):
    gray = to_gray(suppress_red(np.asarray(page)))
    bw = clean_for_tesseract(gray)
    assert bw.shape == gray.shape and set(np.unique(bw)) <= {0, 255}
    grey = clean_for_lines(gray)
    assert grey.shape == gray.shape
    assert (bw == 0).sum() > 10_000  # the text is still there


def test_show_through_is_whitened_and_print_keeps_its_shading():
    page = np.full((200, 400), 235, np.uint8)
    page[20:60, 20:380] = 200   # faint mirrored text from the back of the sheet
    page[100:140, 20:380] = 30  # print
    page[100:140, 200] = 90     # an anti-aliased edge
    out = whiten_background(page)
    assert (out[20:60, 20:380] == 255).all()
    assert out[120, 50] == 30 and out[120, 200] == 90


def test_dark_scanner_border_is_removed_and_text_is_not(page):
    gray = to_gray(suppress_red(np.asarray(page))).copy()
    h = gray.shape[0]
    gray[:, :25] = 20           # a dark band down the left edge
    gray[h - 30:, :] = 35       # and along the bottom
    out, whitened = remove_dark_border(gray)
    assert (out[:, :25] == 255).all() and (out[h - 30:, :] == 255).all()
    assert whitened >= 25 * h
    assert np.array_equal(out[:h - 30, 25:], gray[:h - 30, 25:])  # the page itself untouched
    _, none = remove_dark_border(to_gray(np.asarray(page)))
    assert none == 0
