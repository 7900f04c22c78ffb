"""The faded-print reader: trueocr's line reader fine-tuned on lines of running text as a poor
scan leaves them (`ocr/models/faded`, trained by `benchmarks.fadedreader`)."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from ocr.linereader import FADED_MODEL, LineReader

STOCK = Path(__import__("trueocr").__file__).parent / "models"


def test_the_faded_reader_ships_with_the_project_and_names_its_base_and_licence():
    meta = json.loads((FADED_MODEL / "meta.json").read_text(encoding="utf-8"))
    stock = json.loads((STOCK / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "sohoa-faded-r01" and meta["base"] == stock["name"]
    assert meta["charset"] == stock["charset"]  # the same letters, so the same decoding
    assert "Apache License" in (FADED_MODEL / "LICENSE").read_text(encoding="utf-8")


def test_drawn_lines_are_text_the_reader_can_spell():
    from benchmarks.fadedreader.lines import draw

    chars = set(json.loads((STOCK / "meta.json").read_text(encoding="utf-8"))["charset"])
    rnd = random.Random(5)
    lines = [draw(rnd) for _ in range(30)]
    for line in lines:
        assert line.image.dtype == np.uint8 and min(line.image.shape) > 8
        assert line.text == unicodedata.normalize("NFC", line.text)
        assert set(line.text) - {" "} <= chars
    assert any(" " in line.text and any(c in "ăâđêôơư" for c in line.text.lower())
               for line in lines)


def test_faded_lines_it_never_saw_are_read_better_than_by_the_stock_reader():
    from benchmarks.fadedreader.lines import draw

    rnd = random.Random(424242)  # a seed training never draws from (chunks of 1000 * seed + k)
    lines = [draw(rnd) for _ in range(24)]
    reader = LineReader()
    crops = [ln.image for ln in lines]

    def edits(read):
        return sum(Levenshtein.distance(t, ln.text) for (t, _), ln in zip(read, lines,
                                                                          strict=True))

    stock, faded = edits(reader.recognise(crops)), edits(reader.recognise(crops, faded=True))
    total = sum(len(ln.text) for ln in lines)
    assert faded < 0.7 * stock and faded < 0.05 * total, (stock, faded, total)
