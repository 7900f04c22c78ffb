"""The OCR corpus says which pages a person can read: words erased by a 1-bit threshold, or
lost on paper it turned black, make a page illegible (the benchmark does not hold it to "no
page above 8%"), faint grey print does not. Pages rendered by the corpus builder itself, ink
followed through its own scan."""

from __future__ import annotations

import random

import numpy as np
import pytest

from benchmarks.corpus import legibility
from benchmarks.corpus.capture import Capture, scan
from benchmarks.corpus.fonts import survey
from benchmarks.corpus.layout import Style, render
from benchmarks.corpus.texts import DOCS


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    families, _ = survey()
    doc = next(d for d in DOCS if d.split == "tuning")
    return np.asarray(render(doc, Style(families[0], header=doc.header),
                             random.Random("legibility"))[0].image)


def clean(page: np.ndarray, mode: str, dpi: int = 300):
    return scan(page, None, Capture("flatbed", mode, dpi, "clean"), random.Random(1))


def test_a_clean_1bit_scan_at_200_dpi_is_legible_word_for_word(page):
    res = clean(page, "bilevel", 200)
    seen = legibility.measure(res.image, res.ink, "bilevel", 200)
    assert seen["legible"] and seen["words"] > 100 and seen["ink_kept"] > 0.95


def test_words_erased_by_the_threshold_make_the_page_illegible(page):
    res = clean(page, "bilevel")
    img = res.image.copy()
    rows = np.flatnonzero((res.ink > 127).any(axis=1))
    band = slice(rows[len(rows) // 2], rows[len(rows) // 2] + 60)  # a line or two wiped white
    img[band] = 255
    seen = legibility.measure(img, res.ink, "bilevel", 300)
    assert not seen["legible"] and 1 <= seen["illegible_words"] < seen["words"] // 4


def test_print_on_paper_the_threshold_turned_black_is_illegible_and_a_light_speckle_is_not(page):
    # a sheet lit from one side, scanned 1-bit: where the light fell off the paper went black
    # with a speckle of white, and the black print on it is lost; a light speckle is not
    res = clean(page, "bilevel")
    rows = np.flatnonzero((res.ink > 127).any(axis=1))
    band = slice(rows[len(rows) // 2], rows[len(rows) // 2] + 400)  # a shadow across
    rng = np.random.default_rng(5)
    for white, readable in ((0.1, False), (0.8, True)):
        img = res.image.copy()
        speckle = rng.random(img[band].shape) < white
        img[band] = np.where(speckle & (img[band] >= 128), 255, 0)
        seen = legibility.measure(img, res.ink, "bilevel", 300)
        assert seen["legible"] is readable, (white, seen)
        if not readable:
            assert 1 <= seen["illegible_words"] < seen["words"] // 2
    # a seal's star beside a word, black in a 1-bit scan, is ink, not darkened paper
    img = res.image.copy()
    x, y = np.argwhere(res.ink > 127)[len(np.argwhere(res.ink > 127)) // 2][::-1]
    img[y - 60:y + 60, x + 40:x + 160] = 0
    assert legibility.measure(img, res.ink, "bilevel", 300)["legible"]


def test_faint_grey_print_stays_legible_and_print_too_faint_to_see_does_not(page):
    res = clean(page, "gray")
    rng = np.random.default_rng(7)
    for strength, readable in ((0.3, True), (0.04, False)):
        faded = 255 - (255 - res.image.astype(np.float32)) * strength
        noisy = np.clip(faded * 0.92 + rng.normal(0, 6, faded.shape), 0, 255).astype(np.uint8)
        seen = legibility.measure(noisy, res.ink, "gray", 300)
        assert seen["legible"] is readable, (strength, seen)


def test_the_unseen_faces_cover_vietnamese_and_are_none_the_corpus_uses():
    corpus = {f.name for f in survey()[0]}
    unseen = {f.name for f in survey("unseen")[0]}
    assert unseen and not unseen & corpus
