"""Cleaning steps on generated pages whose truth is known."""

from datetime import date

import numpy as np
import pytest
from PIL import Image

from ocr.clean import deskew, estimate_skew, prepare_for_ocr, rotate_quarter, suppress_red
from sohoa.samples.documents import SampleDoc
from sohoa.samples.render import render_pages


@pytest.fixture(scope="module")
def page() -> Image.Image:
    doc = SampleDoc("000.21.11.H01-240819-0003", "X01", "ks", 52, date(2024, 8, 19),
                    "Đặng Ngọc Bảo Trâm", "Nguyễn Thị Hương")
    return render_pages(doc, dpi=150)[0]


@pytest.mark.parametrize("angle", [-3.5, -1.2, 0.8, 2.0, 4.6])
def test_skew_estimate_within_two_tenths_of_a_degree(page, angle):
    tilted = np.asarray(page.rotate(angle, resample=Image.BICUBIC, fillcolor="white"))
    found, gain = estimate_skew(np.asarray(Image.fromarray(tilted).convert("L")))
    assert abs(found + angle) <= 0.2, (angle, found)
    assert gain > 1.05


def test_straight_page_is_left_alone(page):
    img = np.asarray(page)
    out, angle = deskew(img)
    assert angle == 0.0 and out is img


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


def test_prepared_page_is_binary_and_upright_size(page):
    bw, angle = prepare_for_ocr(np.asarray(page))
    assert bw.ndim == 2 and set(np.unique(bw)) <= {0, 255}
    assert bw.shape == (page.height, page.width)
    assert angle == 0.0
